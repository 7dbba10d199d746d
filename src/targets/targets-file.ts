// targets.yaml (SPEC §5): parsing, validation with file:line, and unknown-KPI detection.
import * as z from 'zod';
import { clip, ConfigError } from '../errors.js';
import { readYamlFile } from '../config/yaml-file.js';
import { configNumber } from '../util/number-literal.js';
import { didYouMean } from '../util/text.js';
import { monthsIn, parsePeriod, todayDay, type CalendarOptions, type Period } from '../periods/period.js';
import { monthNumber } from '../calendar/days.js';
import { PACES, type PaceMode } from './pace.js';

const num = z.unknown().transform((raw, ctx) => {
  const n = configNumber(raw);
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a number or percent (e.g. 1200000, 1_200_000, 40%), got ${describeValue(raw)}` });
    return z.NEVER;
  }
  return n;
});

/** A value in a message as the user wrote it: JSON.stringify says "null" for .nan and .inf. */
function describeValue(raw: unknown): string {
  if (typeof raw === 'number' && Number.isNaN(raw)) return '.nan (not a number)';
  if (raw === Infinity || raw === -Infinity) return `${raw < 0 ? '-' : ''}.inf (infinity: .inf, or a number too large to hold, like 1e400)`;
  if (typeof raw === 'string') return JSON.stringify(clip(raw));
  return clip(JSON.stringify(raw) ?? String(raw));
}

const targetFields = {
  target: num.optional(),
  min: num.optional(),
  max: num.optional(),
  better: z.enum(['higher', 'lower'], { error: 'better must be higher or lower' }).optional(),
  tolerance: num.optional(),
  warn: num.optional(),
  baseline: num.optional(),
  benchmark: num.optional(),
  relative: z.lazy(() => relativeSchema).optional(),
};

/**
 * A target relative to another figure (README "Relative targets"): `revenue[yoy] * 110%`, `revenue[prev] * 95%`,
 * `baseline * 105%`, `revenue[yoy] + 10%`, `revenue[yoy] + 50_000`. Resolved per period and group when the report
 * is made (report/build-report.ts), never here.
 */
export interface RelativeTarget {
  /** As written, for explain. */
  text: string;
  /** Which bound it gives: `target`, `min` or `max`. */
  bound: 'target' | 'min' | 'max';
  /** The KPI and the period it is read in, or the entry's baseline. */
  base: { kpi: string; offset: 'yoy' | 'prev' } | { baseline: true };
  /** base × factor + add. */
  factor: number;
  add: number;
  /** Written `+ 10%` or `- 5%` (a share of the base, not points): refused on percent KPIs, where it reads both ways. */
  percentStep?: true;
}

const RELATIVE = /^\s*(?:(baseline)|([\p{L}_][\p{L}\p{N}_]*)\s*\[\s*(yoy|prev)\s*\])\s*(?:([*+-])\s*(\S.*?))?\s*$/iu;
/** Whether a bound's text is meant as a relative target (then it is parsed as one, or is an error saying why). */
const looksRelative = (text: string): boolean => /^\s*(?:baseline\b|[\p{L}_][\p{L}\p{N}_]*\s*\[)/iu.test(text);

/** Parses a relative target, or says why it is not one. */
export function parseRelative(text: string, bound: RelativeTarget['bound']): RelativeTarget | string {
  const m = RELATIVE.exec(text);
  const example = `e.g. ${bound}: revenue[yoy] * 110%, revenue[prev] * 95% or baseline * 105%`;
  if (!m) return `${JSON.stringify(clip(text))} is not a relative target (a KPI with [yoy] or [prev], or baseline, times or plus a number; ${example})`;
  const base: RelativeTarget['base'] = m[1] ? { baseline: true } : { kpi: m[2], offset: m[3].toLowerCase() as 'yoy' | 'prev' };
  if (m[4] === undefined) return { text: text.trim(), bound, base, factor: 1, add: 0 };
  const n = configNumber(m[5].trim());
  if (n === undefined) return `${JSON.stringify(clip(text))}: ${JSON.stringify(clip(m[5].trim()))} is not a number or percent (${example})`;
  const percent = m[5].trim().endsWith('%');
  // `+ 10%` is ten percent more, `- 5%` five percent less; `+ 50000` is an amount added.
  if (m[4] === '*') return { text: text.trim(), bound, base, factor: n, add: 0 };
  const sign = m[4] === '+' ? 1 : -1;
  return percent ? { text: text.trim(), bound, base, factor: 1 + sign * n, add: 0, percentStep: true } : { text: text.trim(), bound, base, factor: 1, add: sign * n };
}

/** A target for one period or group: a bare number is its `target`; a relative bound is lifted out as `relative`. */
const bareNumber = (raw: unknown) => liftRelative(raw !== null && typeof raw === 'object' ? raw : { target: raw });

function liftRelative(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const o = raw as Record<string, unknown>;
  for (const bound of ['target', 'min', 'max'] as const) {
    const v = o[bound];
    if (typeof v === 'string' && looksRelative(v)) {
      const { [bound]: _lifted, ...rest } = o;
      return { ...rest, relative: parseRelative(v, bound) };
    }
  }
  return raw;
}

const relativeSchema = z.unknown().transform((raw, ctx) => {
  if (typeof raw === 'string') {
    ctx.addIssue({ code: 'custom', message: raw });
    return z.NEVER;
  }
  return raw as RelativeTarget;
});
const overrideSchema = z.preprocess(bareNumber, z.strictObject(targetFields));
/** A `periods:` entry may say what its amount is per (trial4 F19): `2026: { target: 2_500_000, per: month }`. */
const periodEntrySchema = z.preprocess(
  bareNumber,
  z.strictObject({ ...targetFields, per: z.enum(['month', 'quarter', 'year'], { error: 'per in a periods: entry must be month, quarter or year' }).optional() }),
);
const PER_MONTHS = { month: 1, quarter: 3, year: 12 } as const;
export interface TargetOverride {
  target?: number;
  min?: number;
  max?: number;
  better?: 'higher' | 'lower';
  tolerance?: number;
  warn?: number;
  baseline?: number;
  benchmark?: number;
  /** A bound relative to another figure (`revenue[yoy] * 110%`), resolved per period and group. */
  relative?: RelativeTarget;
}

const entrySchema = z.preprocess(
  bareNumber,
  z.strictObject({
    ...targetFields,
    per: z.enum(['day', 'workday', 'week', 'month', 'quarter', 'year'], { error: 'per must be day, workday, week, month, quarter or year' }).optional(),
    pace: z.enum(PACES, { error: `pace must be ${PACES.join(', ')}` }).optional(),
    weights: z.record(z.string(), num).optional(),
    periods: z.record(z.string(), periodEntrySchema).optional(),
    by: z.record(z.string(), z.record(z.string(), overrideSchema)).optional(),
  }),
);
export interface TargetEntry extends TargetOverride {
  per?: 'day' | 'workday' | 'week' | 'month' | 'quarter' | 'year';
  /** How a running period's to-date target and projection follow the plan (targets/pace.ts); default linear. */
  pace?: PaceMode;
  weights?: Record<string, number>;
  periods?: Record<string, TargetOverride>;
  by?: Record<string, Record<string, TargetOverride>>;
  /** `periods:` keys read as periods, for matching any period they contain. */
  periodOverrides: { key: string; period: Period; spec: TargetOverride; where?: string }[];
  /** `weights:` as twelve month weights (January first), when given. */
  monthWeights?: number[];
  /**
   * Targets per group, each an entry of its own (a spreadsheet's rows of departments): keyed by the group's fields
   * joined by `,`, then by their values joined by U+001F.
   */
  groupEntries?: Record<string, Record<string, TargetEntry>>;
  /** The file the targets came from when it is a spreadsheet (`budget-2026.xlsx (Budsjett)`), for explain. */
  origin?: string;
}


/** `1`, `01`, `jan`, `January`, `2026-01` → 0-based month index. */
function monthIndex(key: string): number | undefined {
  const k = key.trim().toLowerCase();
  const numeric = /^(?:\d{4}-)?(\d{1,2})$/.exec(k);
  if (numeric && +numeric[1] >= 1 && +numeric[1] <= 12) return +numeric[1] - 1;
  const month = monthNumber(k);
  return month === undefined ? undefined : month - 1;
}

export interface TargetsFile {
  path: string;
  entries: Map<string, TargetEntry>;
  /** `file:line` of a KPI's entry, for messages. */
  locate(id: string): string;
  /** `file:line` of a group's target (`by: { rep: { Bo: … } }`, a sheet's row of a department), for messages. */
  locateGroup?(kpi: string, field: string, value: string): string;
}

/**
 * Targets that cannot be meant: min above max, a negative tolerance, a `warn` on the other side of zero from its
 * target (a distance written as a threshold), and on a percent KPI a bound above 1.5 written without `%` (`min: 40`
 * is 4,000 %). Checked for the general target, each `periods:` override and each `by:` group; `raw` is the YAML
 * value as written, to see the `%`.
 */
function checkSanity(spec: TargetOverride, raw: unknown, where: (string | number)[], unit: string | undefined, fail: (p: (string | number)[], msg: string) => never): void {
  const written = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : { target: raw };
  const name = where.join('.');
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
    fail([...where, 'min'], `${name}: min ${String(written.min)} is above max ${String(written.max)}: no value can meet both; swap them`);
  }
  if (spec.tolerance !== undefined && spec.tolerance < 0) {
    fail([...where, 'tolerance'], `${name}: tolerance ${String(written.tolerance)} is negative; it is a share of the target on the bad side, e.g. tolerance: 5%`);
  }
  const bound = spec.target ?? spec.min ?? spec.max;
  if (spec.warn !== undefined && spec.warn < 0 && bound !== undefined && bound > 0) {
    fail([...where, 'warn'], `${name}: warn ${String(written.warn)} is below zero while the target is ${bound}; warn is a value (the last one before missed), not a distance from the target`);
  }
  if (unit === 'percent') {
    for (const key of ['target', 'min', 'max', 'warn', 'baseline', 'benchmark'] as const) {
      const v = spec[key];
      const text = written[key];
      if (v !== undefined && Math.abs(v) > 1.5 && !(typeof text === 'string' && text.trim().endsWith('%'))) {
        fail([...where, key], `${name}: ${key} ${String(text)} on a percent KPI means ${Math.round(v * 100).toLocaleString('en-US')} %; write ${String(text)}% (or ${v / 100})`);
      }
    }
  }
}

export function loadTargets(
  path: string,
  knownKpis: Iterable<string>,
  cal: CalendarOptions = { weekStarts: 'monday' },
  /** Each KPI's unit, for the sanity checks of percent targets. */
  units: ReadonlyMap<string, string> = new Map(),
): TargetsFile {
  const file = readYamlFile(path, 'targets file');
  const known = [...knownKpis];
  const entries = new Map<string, TargetEntry>();
  // The code and place of an error at a path of the file, for JSON errors.
  const at = (p: readonly (string | number)[], code: 'KPI_TARGETS' | 'KPI_KPI_UNKNOWN' = 'KPI_TARGETS') => ({ code, file: path, line: file.lineOf(p) });
  if (file.data === null || file.data === undefined) return { path, entries, locate: () => path };
  if (typeof file.data !== 'object' || Array.isArray(file.data)) {
    throw new ConfigError(`${path}:1: the targets file must map KPI ids to targets, e.g. "revenue: { target: 1_200_000 }"`, [], { code: 'KPI_TARGETS', file: path, line: 1 });
  }
  for (const [id, raw] of Object.entries(file.data as Record<string, unknown>)) {
    if (!known.includes(id)) {
      throw new ConfigError(`${file.locate([id])}: unknown KPI '${id}' in targets${didYouMean(id, known)}`, [], at([id], 'KPI_KPI_UNKNOWN'));
    }
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key '${issue.keys[0]}' (use target, min, max, better, tolerance, warn, baseline, benchmark, per, pace, weights, periods, by)`
          : issue.message;
      throw new ConfigError(`${file.locate([id, ...path])}: ${id}${path.length ? '.' + path.join('.') : ''}: ${message}`, [], at([id, ...path]));
    }
    const raw_ = parsed.data as Omit<TargetEntry, 'periodOverrides' | 'monthWeights'>;
    // A periods: entry's amount is the whole period's, unless its own per: says it is a rate (per: month in a year
    // entry: twelve times it). Beside a general `per:` target, an entry that reads closer to the plan as a rate
    // than as a total is refused, saying both spellings (trial4 F19: `2026: 2_500_000` beside 2_000_000 per month
    // meant 2.5M a month, not a year of 208,333 a month).
    const perEntry = (spec: TargetOverride & { per?: keyof typeof PER_MONTHS }, period: Period, p: string[]): TargetOverride => {
      const months = monthsIn(period);
      const { per, ...rest } = spec;
      if (per) {
        if (months === undefined) throw new ConfigError(`${file.locate([...p, 'per'])}: ${p.join('.')}.per: ${p[2]} is not whole months, so it has no number of ${per}s; give its total without per:`, [], at([...p, 'per']));
        const f = months / PER_MONTHS[per];
        const scaled = (v: number | undefined) => (v === undefined ? undefined : v * f);
        return { ...rest, ...(rest.target !== undefined ? { target: scaled(rest.target) } : {}), ...(rest.min !== undefined ? { min: scaled(rest.min) } : {}), ...(rest.max !== undefined ? { max: scaled(rest.max) } : {}) };
      }
      const general = raw_.relative ? undefined : (raw_.target ?? raw_.min ?? raw_.max);
      const amount = rest.relative ? undefined : (rest.target ?? rest.min ?? rest.max);
      const unitMonths = raw_.per && raw_.per in PER_MONTHS ? PER_MONTHS[raw_.per as keyof typeof PER_MONTHS] : undefined;
      if (general === undefined || amount === undefined || unitMonths === undefined || months === undefined || units.get(id) === 'percent') return rest;
      const k = months / unitMonths;
      const totalUnit = (Object.keys(PER_MONTHS) as (keyof typeof PER_MONTHS)[]).find((u) => PER_MONTHS[u] === months);
      if (!(k > 1) || !(general > 0) || !(amount > 0) || totalUnit === undefined) return rest;
      const plan = general * k;
      if (Math.abs(amount * k - plan) < Math.abs(amount - plan)) {
        const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
        const y = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US').replace(/,/g, '_') : String(v));
        throw new ConfigError(
          `${file.locate(p)}: ${p.join('.')}: ${y(amount)} is the total for all of ${p[2]} (${n(amount / k)} a ${raw_.per}), beside the general ${n(general)} per ${raw_.per}: a periods: entry is the whole period's target, not a rate. For ${n(amount)} a ${raw_.per} in ${p[2]} write ${p[2]}: { target: ${y(amount)}, per: ${raw_.per} } (${n(amount * k)} in all); if ${n(amount)} is the total of ${p[2]}, write ${p[2]}: { target: ${y(amount)}, per: ${totalUnit} }`,
          [],
          at(p),
        );
      }
      return rest;
    };
    const periodOverrides = Object.entries(raw_.periods ?? {}).map(([key, spec]) => {
      let period: Period;
      try {
        period = parsePeriod(key, todayDay(), cal);
      } catch (err) {
        if (err instanceof ConfigError) throw new ConfigError(`${file.locate([id, 'periods', key])}: ${id}.periods: ${err.message}`, [], at([id, 'periods', key]));
        throw err;
      }
      return { key, period, spec: perEntry(spec as TargetOverride & { per?: keyof typeof PER_MONTHS }, period, [id, 'periods', key]), where: file.locate([id, 'periods', key]) };
    });
    let monthWeights: number[] | undefined;
    if (raw_.weights) {
      monthWeights = new Array<number>(12).fill(0);
      for (const [key, w] of Object.entries(raw_.weights)) {
        const m = monthIndex(key);
        if (m === undefined) {
          throw new ConfigError(`${file.locate([id, 'weights', key])}: ${id}.weights: '${key}' is not a month (use 1–12, jan–dec or 2026-01)`, [], at([id, 'weights', key]));
        }
        if (w < 0) {
          throw new ConfigError(`${file.locate([id, 'weights', key])}: ${id}.weights: '${key}' is ${w}; a month's weight is its share of the target and cannot be negative`, [], at([id, 'weights', key]));
        }
        monthWeights[m] += w;
      }
      if (!(monthWeights.reduce((a, b) => a + b, 0) > 0)) throw new ConfigError(`${file.locate([id, 'weights'])}: ${id}.weights: the weights add up to 0; give at least one month a weight above 0`, [], at([id, 'weights']));
      if (raw_.per !== 'year' && raw_.per !== 'quarter') {
        throw new ConfigError(`${file.locate([id, 'weights'])}: ${id}.weights: month weights split a yearly or quarterly target; add per: year`, [], at([id, 'weights']));
      }
    }
    if (raw_.pace === 'weights' && !monthWeights) {
      throw new ConfigError(`${file.locate([id, 'pace'])}: ${id}.pace: weights paces by the month weights, and ${id} has none; add weights: { jan: 8, feb: 8, … } with per: year, or use pace: linear or workdays`, [], at([id, 'pace']));
    }
    const entry: TargetEntry = { ...raw_, periodOverrides, monthWeights };
    // The KPI a relative target reads must exist (the baseline: be given).
    const relatives: [(string | number)[], TargetOverride][] = [
      [[id], entry],
      ...Object.entries(raw_.periods ?? {}).map(([k, o]): [(string | number)[], TargetOverride] => [[id, 'periods', k], o]),
      ...Object.entries(raw_.by ?? {}).flatMap(([f, vs]) => Object.entries(vs).map(([v, o]): [(string | number)[], TargetOverride] => [[id, 'by', f, v], o])),
    ];
    for (const [p, o] of relatives) {
      const rel = o.relative;
      if (!rel) continue;
      if ('kpi' in rel.base && !known.includes(rel.base.kpi)) {
        throw new ConfigError(`${file.locate([...p, rel.bound])}: ${p.join('.')}.${rel.bound}: unknown KPI '${rel.base.kpi}' in ${JSON.stringify(rel.text)}${didYouMean(rel.base.kpi, known)}`, [], at([...p, rel.bound], 'KPI_KPI_UNKNOWN'));
      }
      if ('baseline' in rel.base && o.baseline === undefined && entry.baseline === undefined) {
        throw new ConfigError(`${file.locate([...p, rel.bound])}: ${p.join('.')}.${rel.bound}: ${JSON.stringify(rel.text)} reads the baseline, and ${id} has none; add baseline: (e.g. baseline: 38)`, [], at([...p, rel.bound]));
      }
      if (rel.percentStep && units.get(id) === 'percent') {
        const m = /([+-])\s*(\S+)%\s*$/.exec(rel.text);
        const pts = m ? Number(m[2].replace(',', '.')) / 100 : 0.05;
        throw new ConfigError(
          `${file.locate([...p, rel.bound])}: ${p.join('.')}.${rel.bound}: ${JSON.stringify(rel.text)} on a percent KPI reads two ways (a share more, or points more); write ${rel.text.replace(/\s*[+-]\s*\S+%\s*$/, '')} * ${m?.[1] === '-' ? 100 - Number(m[2]) : 100 + Number(m?.[2] ?? 5)}% for a share, or ${rel.text.replace(/\s*[+-]\s*\S+%\s*$/, '')} ${m?.[1] ?? '+'} ${pts} for points`,
          [],
          at([...p, rel.bound]),
        );
      }
      if (rel.bound === 'target' && (o.min !== undefined || o.max !== undefined)) {
        throw new ConfigError(`${file.locate([...p])}: ${p.join('.')}: give either target or min/max, not both`, [], at([...p]));
      }
    }
    if (entry.target !== undefined && (entry.min !== undefined || entry.max !== undefined)) {
      throw new ConfigError(`${file.locate([id])}: ${id}: give either target or min/max, not both`, [], at([id]));
    }
    const fail = (p: (string | number)[], msg: string): never => {
      throw new ConfigError(`${file.locate(p)}: ${msg}`, [], at(p));
    };
    const rawEntry = raw !== null && typeof raw === 'object' ? (raw as Record<string, Record<string, unknown>>) : {};
    const unit = units.get(id);
    checkSanity(entry, raw, [id], unit, fail);
    // An override or group inherits the bounds it does not set (min from the entry, max from the override, …).
    const inherit = (o: TargetOverride): TargetOverride => (o.target !== undefined || o.min !== undefined || o.max !== undefined ? o : { ...entry, ...o });
    for (const [key, spec] of Object.entries(raw_.periods ?? {})) checkSanity(inherit(spec), rawEntry.periods?.[key], [id, 'periods', key], unit, fail);
    for (const [field, values] of Object.entries(raw_.by ?? {})) {
      for (const [value, spec] of Object.entries(values)) {
        checkSanity(inherit(spec), (rawEntry.by?.[field] as Record<string, unknown> | undefined)?.[value], [id, 'by', field, value], unit, fail);
      }
    }
    entries.set(id, entry);
  }
  return { path, entries, locate: (id) => file.locate([id]), locateGroup: (id, field, value) => file.locate([id, 'by', field, value]) };
}
