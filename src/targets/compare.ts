// Resolves the target in force for a result and computes variance and status: every number a renderer shows.
import type { Better } from '../model/vocabulary.js';
import { clean, printedValue, valDiv, valOf, valSub, type Val } from '../util/exact.js';
import { lengthInDays, monthsIn, periodContaining, targetMonthOf, type CalendarOptions, type Period } from '../periods/period.js';
import type { RelativeTarget, TargetEntry, TargetOverride } from './targets-file.js';
import { BusinessCalendar, type CalendarSpec } from '../calendar/business-time.js';
import { ConfigError } from '../errors.js';
import { composedTarget } from './nested-periods.js';

export { STATUSES, type Status } from '../model/vocabulary.js';
import type { Status } from '../model/vocabulary.js';

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
  /** A bound relative to another figure, for the report to resolve in its period and group (target is null till then). */
  relative?: RelativeTarget;
  /** Why a relative target has no value here (its base has none): the result's reason. */
  noTarget?: string;
  /**
   * The months the target was added up from when it is the sum of its months' own figures (a budget sheet's
   * months, `periods:` of single months): the plan's shape inside the period, which pacing follows (pace.ts).
   */
  months?: MonthPart[];
}

/** One month of a target made of months: the month, its whole target, and the days of it the period covers. */
export interface MonthPart {
  month: Period;
  /** The month's whole target. */
  target: number;
  /** The first and last day of the month inside the period (the whole month unless the period starts or ends in it). */
  from: number;
  to: number;
}

/**
 * The target for a KPI in a period and group. The most specific wins: a group's target (under `by:`), then the
 * smallest `periods:` override that contains the period, then the general target. Additive targets scale to the
 * period: a `per:` target by the months (or days) it covers, optionally weighted by month; an override for a
 * longer period by the share of it the period covers.
 */
export function resolveTarget(
  entry: TargetEntry | undefined,
  kpiBetter: Better,
  additive: boolean,
  period: Period,
  group: Record<string, string>,
  cal: TargetCalendar = {},
): ResolvedTarget | undefined {
  if (!entry) return undefined;
  let spec: TargetOverride = entry;
  let how = 'general target';
  /** Scales the chosen target to the period; undefined: use as is. */
  let scale: (() => { factor: number; why: string } | undefined) | undefined = entry.per ? () => perScale(entry, period, cal) : undefined;

  const override = Number.isFinite(period.start)
    ? entry.periodOverrides
        .filter((o) => o.period.start <= period.start && period.end <= o.period.end)
        .sort((a, b) => lengthInDays(a.period) - lengthInDays(b.period))[0]
    : entry.periodOverrides.find((o) => o.key === period.id);
  if (override) {
    spec = { ...stripBounds(entry), ...override.spec };
    how = entry.origin ? `${override.key} in ${entry.origin}` : `period override '${override.key}'`;
    scale = () => shareOf(period, override.period, override.key);
    // Narrower entries inside the override take their own share of it (nested-periods.ts): Q4 8M with December
    // 3M gives October 2.5M, not 8M/3.
    const composed = additive && Object.keys(group).length === 0 && Number.isFinite(period.start) && !(override.period.start === period.start && override.period.end === period.end)
      ? composedTarget(entry.periodOverrides, override.key, period)
      : undefined;
    if (composed && !spec.relative && !(spec.min !== undefined && spec.max !== undefined)) {
      const better: Better = spec.min !== undefined ? 'higher' : spec.max !== undefined ? 'lower' : (spec.better ?? kpiBetter);
      return {
        target: composed.target,
        upper: null,
        better,
        tolerance: spec.tolerance ?? null,
        warn: spec.warn ?? null,
        baseline: spec.baseline ?? null,
        benchmark: spec.benchmark ?? null,
        how: entry.origin ? composed.how.replace(`period override '${override.key}'`, `${override.key} in ${entry.origin}`) : composed.how,
        ...(composed.months ? { months: composed.months } : {}),
      };
    }
  }
  // Months with targets of their own make up a longer period's target month by month.
  if (!override && additive && entry.per && entry.periodOverrides.length > 0 && Number.isFinite(period.start) && Object.keys(group).length === 0) {
    const shares = monthShares(period);
    if (shares.length > 1 || shares[0].share < 1) {
      let sum = 0;
      const overridden: string[] = [];
      const months: MonthPart[] = [];
      for (const { start, share } of shares) {
        const month = periodContaining(start, 'month');
        const r = resolveTarget(entry, kpiBetter, additive, month, group, cal);
        if (r?.target === null || r === undefined) {
          const plain = resolveTargetPlain(entry, kpiBetter, additive, period, cal);
          // Months alone (a spreadsheet's, or only periods: in YAML): a month without one leaves the period without.
          if (plain && plain.target === null) return { ...plain, how: `no target for ${month.id}${entry.origin ? ` in ${entry.origin}` : ''}, so none for ${period.id}` };
          return plain;
        }
        if (r.how.startsWith('period override') || (entry.origin && r.how.startsWith(`${month.id} in`))) overridden.push(month.id);
        sum += r.target * share;
        months.push({ month, target: r.target, from: Math.max(month.start, period.start), to: Math.min(month.end, period.end) });
      }
      if (overridden.length > 0) {
        const plain = resolveTargetPlain(entry, kpiBetter, additive, period, cal)!;
        const from = entry.origin ? `from ${entry.origin}` : 'from period overrides';
        return { ...plain, target: clean(sum), how: `sum of the months' targets (${overridden.join(', ')} ${from})`, months };
      }
    }
  }
  if (Object.keys(group).length > 0) {
    // A spreadsheet's rows of departments (budget-sheet.ts): each group a target entry of its own, with its months.
    for (const [fields, values] of Object.entries(entry.groupEntries ?? {})) {
      const names = fields.split(',');
      if (names.length !== Object.keys(group).length || !names.every((n) => group[n] !== undefined)) continue;
      const sub = values[names.map((n) => group[n]).join('\u001f')];
      if (!sub) continue;
      const r = resolveTarget({ ...sub, origin: entry.origin }, kpiBetter, additive, period, {}, cal);
      return r && { ...r, how: `group ${names.map((n) => `${n}=${group[n]}`).join(', ')}: ${r.how}` };
    }
    // A group is measured only against a target set for it: the company target is not each rep's.
    const match = Object.entries(entry.by ?? {}).find(([field, values]) => group[field] !== undefined && values[group[field]] !== undefined);
    if (match) {
      const [field, values] = match;
      spec = { ...stripBounds(spec), ...values[group[field]] };
      how = `group target ${field}=${group[field]}`;
      scale = entry.per ? () => perScale(entry, period, cal) : undefined;
    } else if (spec.relative && !('baseline' in spec.relative.base)) {
      // A relative target is a rule, not an amount: each group is held to its own last year (or previous period).
      how = `${how}, for the group from its own figure`;
    } else return undefined;
  }
  const rel = spec.relative;
  const better: Better = spec.min !== undefined || rel?.bound === 'min' ? 'higher' : spec.max !== undefined || rel?.bound === 'max' ? 'lower' : (spec.better ?? kpiBetter);
  if (rel) {
    // Relative to a figure of its own period (last year's, the previous one's): never scaled by per: or weights.
    const upper = rel.bound === 'min' && spec.max !== undefined ? spec.max : null;
    return { target: null, upper, better, tolerance: spec.tolerance ?? null, warn: spec.warn ?? null, baseline: spec.baseline ?? null, benchmark: spec.benchmark ?? null, how, relative: rel };
  }
  let target = spec.target ?? spec.min ?? spec.max ?? null;
  const upper = spec.min !== undefined && spec.max !== undefined ? spec.max : null;
  if (target !== null && additive && scale) {
    const s = scale();
    if (s && s.factor !== 1) {
      target = clean(target * s.factor);
      how += `, ${s.why}`;
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

/** The general target scaled by `per:` alone, ignoring period overrides. */
function resolveTargetPlain(entry: TargetEntry, kpiBetter: Better, additive: boolean, period: Period, cal: TargetCalendar): ResolvedTarget | undefined {
  return resolveTarget({ ...entry, periodOverrides: [] }, kpiBetter, additive, period, {}, cal);
}

function stripBounds(spec: TargetOverride): TargetOverride {
  const { target: _t, min: _min, max: _max, relative: _r, ...rest } = spec;
  return rest;
}

const PER_MONTHS = { month: 1, quarter: 3, year: 12 } as const;
const PER_DAYS = { day: 1, week: 7 } as const;

/**
 * The months a period covers, each with the share of its days covered (a whole month is 1) and the month of
 * `weights:` (0 = January) it is weighed by. With a retail calendar (`retail` given) they are its fiscal months of
 * 4 or 5 weeks: FY2026-Q1 is three whole months, whatever its 91 days.
 */
export function monthShares(period: Period, retail?: Pick<CalendarOptions, 'retail'>): { month: number; start: number; share: number }[] {
  const out: { month: number; start: number; share: number }[] = [];
  const cal = retail?.retail ? { weekStarts: 'monday' as const, retail: retail.retail } : undefined;
  let day = period.start;
  while (day <= period.end) {
    const { month: m, weightIndex } = targetMonthOf(day, cal);
    const last = Math.min(m.end, period.end);
    out.push({ month: weightIndex, start: m.start, share: (last - day + 1) / lengthInDays(m) });
    day = m.end + 1;
  }
  return out;
}

/** How many `per` units the period holds: months (prorated by days, weighted if asked), or days for day/week. */
function perScale(entry: TargetEntry, period: Period, cal: TargetCalendar): { factor: number; why: string } | undefined {
  const per = entry.per!;
  if (!Number.isFinite(period.start)) return undefined;
  if (per === 'workday') {
    // Mon–Fri without holidays would be a wrong count for every Nordic May: a calendar or nothing.
    if (!cal.workdays) throw new ConfigError('a target per: workday needs the working days: add to kpi.yaml holidays: NO (Mon–Fri less the public holidays) or business_hours: { mon-fri: "08:00-16:00", holidays: NO }', [], 'KPI_TARGETS');
    const factor = new BusinessCalendar(cal.workdays).workdays(period.start, period.end + 1);
    return { factor, why: `target per working day × ${factor} working days` };
  }
  if (per === 'day' || per === 'week') {
    const factor = lengthInDays(period) / PER_DAYS[per];
    return { factor, why: `${per === 'day' ? 'daily' : 'weekly'} target × ${clean(factor)}` };
  }
  const shares = monthShares(period, cal);
  if (entry.monthWeights && (per === 'year' || per === 'quarter')) {
    const w = entry.monthWeights;
    // A quarterly target splits by the weights of its own three months; a yearly one by all twelve.
    const factor = shares.reduce((sum, { month, share }) => {
      // A quarter is the fiscal year's when one is set: from July, Q1 is July–September.
      const first = quarterStart(month, cal.fiscalYearStart);
      const pool = per === 'year' ? w : [first, (first + 1) % 12, (first + 2) % 12].map((m) => w[m]);
      const total = pool.reduce((a, b) => a + b, 0);
      return sum + (total > 0 ? (w[month] / total) * share : share / PER_MONTHS[per]);
    }, 0);
    return { factor, why: `${per}ly target × ${clean(factor)} by month weights` };
  }
  const months = shares.reduce((a, s) => a + s.share, 0);
  const factor = months / PER_MONTHS[per];
  return { factor, why: `${per === 'month' ? 'monthly' : per === 'quarter' ? 'quarterly' : 'yearly'} target × ${clean(factor)}` };
}

/** The first month (0-based) of the quarter holding `month`, quarters counted from the fiscal year's start. */
export function quarterStart(month: number, fiscalYearStart = 1): number {
  const from = fiscalYearStart - 1;
  return (from + Math.floor((((month - from) % 12) + 12) % 12 / 3) * 3) % 12;
}

/** The project's calendar as targets need it: working days for `per: workday`, the fiscal year for quarters. */
export interface TargetCalendar {
  workdays?: CalendarSpec;
  fiscalYearStart?: number;
  /** `fiscal_calendar:`: `per:` and `weights:` count its fiscal months (fiscalYearStart is then the month after its year end). */
  retail?: CalendarOptions['retail'];
}

/** The share of an override's period that the report period covers: months when both are month-aligned, else days. */
function shareOf(period: Period, of: Period, key: string): { factor: number; why: string } | undefined {
  if (period.start === of.start && period.end === of.end) return undefined;
  const a = monthsIn(period);
  const b = monthsIn(of);
  const factor = a !== undefined && b !== undefined ? a / b : lengthInDays(period) / lengthInDays(of);
  return { factor, why: `× ${clean(factor)} of ${key}` };
}

export interface Comparison {
  target: number | null;
  variance: number | null;
  variance_pct: number | null;
  status: Status;
}

/** Status of SPEC §5: met on the good side; at_risk within warn/tolerance on the bad side; else missed. */
export function compareWithTarget(value: number | null, t: ResolvedTarget | undefined, unrounded?: Val | null): Comparison {
  if (!t || t.target === null) return { target: null, variance: null, variance_pct: null, status: value === null ? 'no_data' : 'no_target' };
  if (value === null) return { target: t.target, variance: null, variance_pct: null, status: 'no_data' };
  // With both min and max, the violated bound is the one compared.
  let target = t.target;
  let better = t.better;
  if (t.upper !== null && value > t.upper) {
    target = t.upper;
    better = 'lower';
  }
  // value − target and its share of the target from the unrounded value (when given), each rounded once:
  // exact decimals stay exact, 1/14 − 0.2 is −0.1285714285714 (util/exact.ts).
  const delta = valSub(unrounded ?? valOf(value), valOf(target));
  const variance = printedValue(delta).value;
  const variance_pct = target === 0 ? null : printedValue(valDiv(delta, valOf(Math.abs(target)))!).value;
  const good = better === 'higher' ? value >= target : value <= target;
  const beyond = (a: number, b: number) => (better === 'higher' ? a >= b : a <= b);
  let status: Status;
  if (t.warn !== null && beyond(t.warn, target)) {
    // warn on the good side is an early warning: between warn and the target is at risk (churn max 2%, warn 1.5%).
    status = !good ? 'missed' : beyond(value, t.warn) && value !== t.warn ? 'met' : 'at_risk';
  } else if (good) status = 'met';
  else if (t.warn !== null) status = beyond(value, t.warn) ? 'at_risk' : 'missed';
  else if (t.tolerance !== null) status = Math.abs(value - target) <= Math.abs(target) * t.tolerance + 1e-12 ? 'at_risk' : 'missed';
  else status = 'missed';
  return { target: t.upper !== null && value > t.upper ? t.upper : t.target, variance, variance_pct, status };
}
