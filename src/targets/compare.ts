// Resolves the target in force for a result and computes variance and status: every number a renderer shows.
import type { Better } from '../config/project.js';
import { clean } from '../engine/evaluate.js';
import { lengthInDays, monthsIn, type Period } from '../periods/period.js';
import type { TargetEntry, TargetOverride } from './targets-file.js';

/** `early`: the period has only just begun, too little has elapsed for a paced verdict. */
export type Status = 'met' | 'at_risk' | 'missed' | 'early' | 'no_target' | 'no_data';
export const STATUSES: readonly Status[] = ['met', 'at_risk', 'missed', 'early', 'no_target', 'no_data'];

export interface ResolvedTarget {
  target: number | null;
  /** The other bound when both min and max are given. */
  upper: number | null;
  better: Better;
  tolerance: number | null;
  warn: number | null;
  baseline: number | null;
  benchmark: number | null;
  /** How the target was found, for `kpi explain`. */
  how: string;
}

const PER_MONTHS = { month: 1, quarter: 3, year: 12 } as const;
const PER_DAYS = { day: 1, week: 7 } as const;

/**
 * The target for a KPI in a period and group. The most specific wins: a group target, then a period
 * override, then the general one; `per:` scales additive targets to the period's length.
 */
export function resolveTarget(
  entry: TargetEntry | undefined,
  kpiBetter: Better,
  additive: boolean,
  period: Period,
  group: Record<string, string>,
): ResolvedTarget | undefined {
  if (!entry) return undefined;
  let spec: TargetOverride = entry;
  let how = 'targets file';
  let scalable = entry.per !== undefined;
  const override = entry.periods?.[period.id] ?? (period.whole ? entry.periods?.[period.whole.id] : undefined);
  if (override) {
    spec = { ...stripBounds(entry), ...override };
    how = `period override '${period.id}'`;
    scalable = false;
  }
  if (Object.keys(group).length > 0) {
    // A group is measured only against a target set for it: the company target is not each rep's.
    const match = Object.entries(entry.by ?? {}).find(([field, values]) => group[field] !== undefined && values[group[field]] !== undefined);
    if (!match) return undefined;
    const [field, values] = match;
    spec = { ...stripBounds(spec), ...values[group[field]] };
    how = `group target ${field}=${group[field]}`;
    scalable = entry.per !== undefined;
  }
  const better: Better = spec.min !== undefined ? 'higher' : spec.max !== undefined ? 'lower' : (spec.better ?? kpiBetter);
  let target = spec.target ?? spec.min ?? spec.max ?? null;
  const upper = spec.min !== undefined && spec.max !== undefined ? spec.max : null;
  if (target !== null && scalable && additive && entry.per) {
    const factor = scaleFactor(entry.per, period);
    if (factor !== undefined && factor !== 1) {
      target = clean(target * factor);
      how += `, ${entry.per}ly target × ${clean(factor)}`;
    }
  }
  return {
    target,
    upper,
    better,
    tolerance: spec.tolerance ?? null,
    warn: spec.warn ?? null,
    baseline: spec.baseline ?? null,
    benchmark: spec.benchmark ?? null,
    how,
  };
}

function stripBounds(spec: TargetOverride): TargetOverride {
  const { target: _t, min: _min, max: _max, ...rest } = spec;
  return rest;
}

/** How many `per` units the period holds: months for month-aligned periods, else by days. */
function scaleFactor(per: NonNullable<TargetEntry['per']>, period: Period): number | undefined {
  if (!Number.isFinite(period.start)) return undefined;
  if (per === 'day' || per === 'week') return lengthInDays(period) / PER_DAYS[per];
  const months = monthsIn(period);
  if (months !== undefined) return months / PER_MONTHS[per];
  // Not month-aligned (weeks, ranges, to-date): the share of an average month's days.
  return lengthInDays(period) / (30.436875 * PER_MONTHS[per]);
}

export interface Comparison {
  target: number | null;
  variance: number | null;
  variance_pct: number | null;
  status: Status;
}

/** Status of SPEC §5: met on the good side; at_risk within warn/tolerance on the bad side; else missed. */
export function compareWithTarget(value: number | null, t: ResolvedTarget | undefined): Comparison {
  if (!t || t.target === null) return { target: null, variance: null, variance_pct: null, status: value === null ? 'no_data' : 'no_target' };
  if (value === null) return { target: t.target, variance: null, variance_pct: null, status: 'no_data' };
  // With both min and max, the violated bound is the one compared.
  let target = t.target;
  let better = t.better;
  if (t.upper !== null && value > t.upper) {
    target = t.upper;
    better = 'lower';
  }
  const variance = clean(value - target)!;
  const variance_pct = target === 0 ? null : clean(variance / Math.abs(target));
  const good = better === 'higher' ? value >= target : value <= target;
  let status: Status;
  if (good) status = 'met';
  else if (t.warn !== null) status = (better === 'higher' ? value >= t.warn : value <= t.warn) ? 'at_risk' : 'missed';
  else if (t.tolerance !== null) status = Math.abs(value - target) <= Math.abs(target) * t.tolerance + 1e-12 ? 'at_risk' : 'missed';
  else status = 'missed';
  return { target: t.upper !== null && value > t.upper ? t.upper : t.target, variance, variance_pct, status };
}
