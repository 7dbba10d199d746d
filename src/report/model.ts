// The report model that every renderer reads: numbers are final here, renderers only lay them out.
import type { Better, Unit } from '../model/vocabulary.js';
import type { DataQuality } from '../model/data-quality.js';
import type { Status } from '../model/vocabulary.js';
import type { KpiDisplay } from '../locale/format.js';
import type { LocaleId } from '../locale/locales.js';

export interface PeriodRef {
  id: string;
  start: string | null;
  end: string | null;
}

/** One KPI for one group (or the total): SPEC §6 field names, in SPEC order. */
export interface ResultRow {
  kpi: string;
  label: string;
  unit: Unit;
  better: Better;
  group: Record<string, string>;
  value: number | null;
  previous: number | null;
  change: number | null;
  change_pct: number | null;
  target: number | null;
  variance: number | null;
  variance_pct: number | null;
  status: Status;
  baseline: number | null;
  benchmark: number | null;
  projected: number | null;
  /**
   * The rows, answers or deals the figure stands on in its period and group (report/noise.ts, README "n"): the
   * largest count any of its aggregates took. Null when it reads none (or cannot be computed).
   */
  n: number | null;
  /** The status and variance compare `projected`, not `value`: the period is still running. */
  pace: boolean;
  /** While the period runs (an additive KPI): the part of the target due by --as-of, by the pace's shape. */
  target_to_date?: number | null;
  /** The shape the to-date target and the projection follow (`pace:` of the target; targets/pace.ts). */
  pace_by?: 'linear' | 'weights' | 'workdays' | 'last_year' | 'months';
  /** With --by, an additive KPI's group value as a share of the total; null otherwise. */
  share: number | null;
  /**
   * Cells with values kpi does not know (no canonical value, not ignored) in the columns this result is read from
   * (data_quality lists them): the figure may be wrong, so every format marks it and `kpi check` fails on it.
   */
  unknown_values: number;
  /**
   * Values this figure left out because they cannot be read — unreadable cells in the columns it reads, in the rows
   * of its period and group, and rows wider than the header of its sources — with the first; null when none.
   * `kpi check` fails on them (exit 3) unless they are accepted (`allow_bad_values:`, `--allow-bad-values`).
   */
  bad_values: ResultBadValues | null;
  /**
   * Rows this figure may count wrongly, though every value in them was read: rows two files of a source share (an
   * overlapping re-export, counted twice) in its period, or rows that read like subtotals but do not add up (read
   * as data). The figure is marked ⚠ like bad values and `kpi check` fails on it (exit 3). Absent when none.
   */
  doubtful_rows?: { rows: number; reason: string };
  /** How much of the period the KPI's data covers; null when it reads no source. */
  coverage: Coverage | null;
  /**
   * Why the status is `incomplete` or `error` (one sentence naming the source, file or column), or why a total
   * has no data (`--by currency`: no total across currencies); else null.
   */
  reason: string | null;
  /**
   * Why `previous` (and the change from it) is withheld: the comparison period, or a window its figure reads, is not
   * covered by the data (`previous withheld (2025-01): sales: the data begins on 2025-01-17, …`); with
   * --allow-incomplete the figure is kept and this says so. Absent when the comparison is covered (README "Coverage").
   */
  previous_reason?: string;
  /**
   * The currency of a money figure when it is not the project's: a group of `--by currency` is in its own currency
   * (and a project without `currency:` takes the one its rows carry). Absent otherwise; renderers use currencyOf.
   */
  currency?: string;
  /**
   * With named target sets (`targets: { budget: …, forecast: … }`), each set's target, variance and status by name
   * in the order written; the flat fields above are the primary set's. Absent with one targets file.
   */
  targets?: Record<string, TargetSetResult>;
  /**
   * With drivers asked (`--drivers`, `drivers:`; README "Why it moved"): how the members of each driver field make up
   * the result's variance against its target and its change against the comparison period; [] when it is not
   * explained (met and not changed beyond `drivers.change`, or a KPI that does not split: see `drivers_note`).
   */
  drivers?: DriverSplit[];
  /**
   * With `significance:` (README "Is it real"): a proportion's (Wilson) or NPS's (adjusted Wald) interval at that
   * confidence, and whether the gap to the target is significant (the interval leaves the target out); absent
   * otherwise. A miss that is not significant has the status `at_risk`.
   */
  interval?: ResultInterval;
  /**
   * README "Notes and owners": the note of this KPI, period and group in the notes file (null when none), and the
   * KPI's owner (the note's, else kpi.yaml's `owners:`); both absent when there is no notes file and no owner.
   */
  note?: { note: string; owner: string | null; action: string | null } | null;
  owner?: string | null;
  significant?: boolean | null;
  /** Why a result that would be explained has no split (a median, a field its sources lack, an engine); else null. */
  drivers_note?: string | null;
}

/** One target set's comparison of a result (ResultRow.targets). */
export interface TargetSetResult {
  target: number | null;
  variance: number | null;
  variance_pct: number | null;
  status: Status;
}

export interface ResultInterval {
  low: number;
  high: number;
  confidence: number;
  method: 'wilson' | 'adjusted_wald_nps';
}

/**
 * One driver field's split of a result's variance (`against: "target"`) or change (`"previous"`): the members
 * ranked by the size of their contribution, those below the materiality or past the top N summed in `other`; the
 * contributions (with `other`) add up to `total` exactly, in units of 10^-`scale`.
 */
export interface DriverSplit {
  dimension: string;
  against: 'target' | 'previous';
  /**
   * `sum`: an amount or count, each member's own change; `target_share`: the variance, each member against the
   * target shared by its part of the previous period (of this period without one); `rate_mix`: a ratio's change,
   * each member's own-ratio effect and the mix effect (midpoint weights); `target_gap`: a ratio's variance, each
   * member's weight times its own ratio's gap to the target.
   */
  method: 'sum' | 'target_share' | 'rate_mix' | 'target_gap';
  /**
   * A variance split when the targets give the field's members targets of their own (`by: rep:`): `own_targets`,
   * each such member measured against its own target (its contribution is its group row's variance for a sum);
   * absent when the total's target is shared. Each member's `basis` says which it was.
   */
  basis?: 'own_targets';
  /** The variance or change explained (as the contributions add up to it). */
  total: number;
  /** Decimals the contributions are exact to (2: to the cent; 10 for a ratio). */
  scale: number;
  /** rate_mix: the sums of the rate and mix effects (rate + mix = total). */
  rate?: number;
  mix?: number;
  members: DriverMember[];
  /** The members not named, summed; null when every member is named. */
  other: { members: number; contribution: number; rate?: number; mix?: number } | null;
  /**
   * basis own_targets: the part of the variance no member holds — for a sum, the total's target less the members'
   * targets (`target`), as a contribution of 0 − that; for a ratio, the members' own targets weighed against the
   * total's. Absent when 0, or when the members without a target of their own share that rest.
   */
  unallocated?: { contribution: number; target?: number | null };
}

/**
 * Whose target a member's contribution to a variance is measured against (basis own_targets): `own_target` its
 * own; `rest_share` its share (by the previous period) of the total's target less the members' own; `no_target`
 * none (the rest was not positive, so it is its own line); `total_target` the total's target (a ratio).
 */
export type DriverBasis = 'own_target' | 'rest_share' | 'no_target' | 'total_target';

export interface DriverMember {
  /** The field's value ("" for rows where it is empty). */
  member: string;
  contribution: number;
  rate?: number;
  mix?: number;
  /** The member's own figure this period and in the comparison (the KPI over its rows); its share of the target. */
  value: number | null;
  previous: number | null;
  target?: number | null;
  basis?: DriverBasis;
}

/** The currency code a result's amounts are shown with: its own (`--by currency`), else the project's. */
export const currencyOf = (r: Pick<ResultRow, 'currency'>, context: Pick<ReportContext, 'currency'>): string | undefined => r.currency ?? context.currency;

/** The values a result's figure left out (ResultRow.bad_values). */
export interface ResultBadValues {
  count: number;
  /** Within what the sources allow (`allow_bad_values:`), or `--allow-bad-values`: `kpi check` judges the figure as usual. */
  accepted: boolean;
  /** The first such value: its source, file, line, column (empty for a row wider than the header) and text. */
  first: { source: string; file: string; line: number; column: string; value: string };
  /**
   * Of `count`, the rows with an empty period date that the figure would count (they may be in any period): not
   * values kpi could not read, and said as such. Absent when none.
   */
  no_period?: number;
  /**
   * Not unreadable values but rows with an empty amount that the figure combines with other amounts of the same rows
   * (revenue − cost: lines with a cost and no revenue; README "Empty amounts"): `count` such rows, `first` the first
   * empty cell (value ""). Absent otherwise. `empty: zero` under the source says such a cell is 0 and settles it.
   */
  empty?: true;
}

/**
 * The data a result was computed from, for its period: the source that covers the period least (a KPI reading
 * several sources names the weakest), the first and last day of its period field seen in the period, and its rows
 * there. `complete` is judged as README "Coverage" says; null when not judged (a source without a period field,
 * `--period all`, too few dates, or a period not begun); a running period (mtd, ytd) is judged to the day before
 * --as-of.
 */
export interface Coverage {
  source: string;
  first: string | null;
  last: string | null;
  rows: number;
  complete: boolean | null;
}

export interface Report {
  version: 1;
  period: PeriodRef;
  compare: PeriodRef | null;
  results: ResultRow[];
  summary: Record<Status, number>;
  data_quality: DataQuality[];
}

/** What renderers may need beyond the JSON contract. */
export interface ReportContext {
  currency?: string;
  /** How each result's target was resolved, keyed by `kpi|group-json`. */
  targetHow: Map<string, string>;
  /** With named target sets: how each set's target was resolved, by result key then set name. */
  targetSetHow?: Map<string, Record<string, string>>;
  /** `targets:` as named sets: their names in the order written and the primary one; absent with one targets file. */
  targetSets?: { names: string[]; primary: string };
  by: string[];
  /** The definitions of the KPIs reported, for renderers that list them (the xlsx Definitions sheet). */
  definitions: Map<string, { formula: string; description: string; reference?: string }>;
  /**
   * The last periods of the report's grain of each result, oldest first and ending with the report's own period,
   * computed in the report's pass (for sparklines: html, pptx, pdf). Keyed by resultKey; totals and the first
   * SERIES_GROUPS groups of each KPI in the report's order. Absent when the format did not ask for it, and empty
   * for a period without a grain (`all`).
   */
  series?: Map<string, SeriesPoint[]>;
  /** `report:` in kpi.yaml (title, company, sections, hide); undefined without one (render/sections.ts reads it). */
  layout?: ReportLayout;
  /**
   * The language and number format of the human-readable formats (`--locale`, `locale:`); none: today's en-US
   * output. Renderers call formatterFor(context) (src/locale) for numbers and words; json and csv ignore it.
   */
  locale?: LocaleId;
  /** How each KPI's figures are shown (`display:`, `decimals:`, `scale:`), by KPI id. */
  display?: ReadonlyMap<string, KpiDisplay>;
  /** The day the report was made for (--as-of, else today), YYYY-MM-DD: the meeting formats print it. */
  asOf?: string;
  /** The project's name (its folder), for a title when kpi.yaml gives none. */
  project?: string;
}

/** One point of a result's series: its figure in one period (the last point is the report's own result). */
export interface SeriesPoint {
  period: PeriodRef;
  value: number | null;
  /** The pace-based end-of-period value of a running period (mtd, qtd, ytd); null otherwise. */
  projected: number | null;
  target: number | null;
  status: Status;
}

/**
 * The report's layout from `report:` in kpi.yaml, checked against the KPIs known (report/layout.ts). A layout only
 * arranges results: the figures, the summary and the JSON results are the same with or without one.
 */
export interface ReportLayout {
  title?: string;
  company?: string;
  /** In the order written; each KPI id is in at most one section. Empty: no headings, registry order as without a layout. */
  sections: { name: string; kpis: string[] }[];
  /** The heading of the last section, which holds every result in no section (`other:`, default `Other`). */
  other: string;
  /** Statuses the human formats leave out (`hide: [no_target]`), said in a note with how many; json and csv keep all. */
  hide: Status[];
}

export const resultKey = (r: Pick<ResultRow, 'kpi' | 'group'>): string => `${r.kpi}|${JSON.stringify(r.group)}`;

// `kpi trend`: one KPI over the last N periods (app/build-trend.ts computes it, render/trend draws it).
export type TrendGrain = 'week' | 'month' | 'quarter' | 'half' | 'year';

export interface TrendPoint {
  period: PeriodRef;
  value: number | null;
  target: number | null;
  variance: number | null;
  variance_pct: number | null;
  status: Status;
  projected: number | null;
  pace: boolean;
  /** Why the point is an `error` (amounts in several currencies …); absent otherwise. */
  reason?: string;
}

export interface TrendSeries {
  group: Record<string, string>;
  points: TrendPoint[];
  /** The series' currency when it is not the project's (a group of `--by currency`); absent otherwise. */
  currency?: string;
}

export interface TrendReport {
  version: 1;
  kpi: string;
  label: string;
  unit: Unit;
  better: Better;
  grain: TrendGrain;
  /** `kpi trend --cumulative`: each point runs from the start of its (fiscal) year; its target is the target to date. */
  cumulative?: true;
  series: TrendSeries[];
  data_quality: DataQuality[];
}

// `kpi scorecard` (report/build-scorecard.ts computes it, render/scorecard/ lays it out): KPIs in rows, months in
// columns, then year to date, last year's year to date, the full-year target and what remains to it.

/** One cell of the scorecard: the result of its period as `kpi report --period <it> --compare none` gives it. */
export interface ScorecardCell {
  value: number | null;
  target: number | null;
  variance: number | null;
  variance_pct: number | null;
  status: Status;
  projected: number | null;
  pace: boolean;
  unknown_values: number;
  bad_values: ResultBadValues | null;
  reason: string | null;
}

export interface ScorecardRow {
  kpi: string;
  label: string;
  unit: Unit;
  better: Better;
  group: Record<string, string>;
  /** One per month column, in order. */
  months: ScorecardCell[];
  /**
   * The KPI computed over the year to date, not a sum of the months: a ratio or an average of the year to date is
   * its own figure (a win rate of all deals closed this year), as `kpi report --period <ytd>` gives it.
   */
  ytd: ScorecardCell;
  last_year_ytd: ScorecardCell;
  /** The target of the whole year (`kpi report --period 2026`'s target); null without one. */
  full_year_target: number | null;
  /** full_year_target − ytd.value: what is still to make (or, for a `max:` budget, still to spend); null when either is. */
  remaining: number | null;
  /** The row's currency when it is not the project's (a group of `--by currency`); absent otherwise. */
  currency?: string;
}

export interface ScorecardReport {
  version: 1;
  months: PeriodRef[];
  ytd: PeriodRef;
  last_year_ytd: PeriodRef;
  full_year: PeriodRef;
  rows: ScorecardRow[];
  /** The rows' year-to-date statuses counted (groups included), as a report's summary. */
  summary: Record<Status, number>;
  data_quality: DataQuality[];
}
