// The Engine contract: a plan and its tables in, finished aggregate values out. Everything after the engine (the
// evaluator, targets, trend, explain, every renderer) reads AggregateResults only, never an accumulator, so a
// second engine (SQL) is a new implementation of `Engine`, not an edit in each of them.
import type { Val } from '../util/exact.js';
import type { Bounds, Plan } from '../plan/plan.js';
import type { CurrencyRows, DataQuality, WindowDoubts } from './run.js';

/** What one source's pass produced, per window (an index into the run's windows) and group. */
export interface SourceAggregates {
  /**
   * The finished value of aggregate `index` (of the source plan's aggregates) in window `w`, for one group (its key)
   * or the total (undefined): the double and its exact decimal when it has one; null when it has no data.
   */
  value(w: number, index: number, group?: string): Val | null;
  /** What aggregate `index` took in window `w` for the group or total (Accumulator.taken): 0 when nothing. */
  taken(w: number, index: number, group?: string): number;
  /**
   * A sum's or average's rows in window `w` (group or total) that matched its condition, with a value or not: less
   * `taken`, the rows it skipped for an empty value (report/doubts.ts). Undefined for other aggregates.
   */
  matched?(w: number, index: number, group?: string): number | undefined;
  /** Rows whose period field lies in window `w` (every row for a source without one): whether the window had rows. */
  rows(w: number): number;
  /** The groups with a row in window `w`: key and the --by values. */
  groups(w: number): Iterable<readonly [string, readonly string[]]>;
  /**
   * The members of driver field `dim` (Plan.drivers) with a row in window `w`: their group key (plan.ts driverKey)
   * and value. Absent on an engine that does not compute drivers (none today: the streaming and SQL engines both do).
   */
  driverMembers?(w: number, dim: number): Iterable<readonly [string, string]>;
  /**
   * With a currency column (SourcePlan.currency): the rows of window `w` per currency, the first of each located;
   * for a group (its key), how many. Undefined when the window (or group) counted none. `allRows`: for an aggregate
   * of a `period: none` KPI, which sees every row of the source whatever its date: the currencies of every row.
   */
  currencies(w: number, allRows?: boolean): ReadonlyMap<string, CurrencyRows> | undefined;
  groupCurrencies(w: number, group: string, allRows?: boolean): ReadonlyMap<string, number> | undefined;
  /** Every distinct day of the period field that rows carry, ascending: what the data covers. */
  days: readonly number[];
  /** What was read and what was not understood (counted and located). */
  quality: DataQuality;
  /** The cells not understood in the rows of window `w`, in total and per group (report/doubts.ts). */
  doubts(w: number): WindowDoubts | undefined;
  /** Per column mapped by hand to a number or date field (`columns:`, `period_field:`): its values read. */
  mappedRead?: Readonly<Record<string, number>>;
  /** Those of rows whose period cannot be read: they may be in any window. */
  unplacedDoubts: WindowDoubts;
  /**
   * The SQL engine that computed the source (undefined: the streaming engine read its files): its dialect, the
   * strategy, the wall time of its queries together (they run concurrently) and of each, for `kpi explain`.
   */
  engine?: { name: string; strategy: string; ms: number; queries: { purpose: string; ms: number }[] };
}

/** Per source (by name) of the plan. */
export type AggregateResults = ReadonlyMap<string, SourceAggregates>;

export interface EngineOptions {
  /** Stop at the first row with a value that cannot be read (--strict). */
  strict: boolean;
  /** Told how far each file has been read (for a progress line on a terminal). */
  onProgress?: (progress: { file: string; bytesRead: number; size: number }) => void;
  /** Issues kept in detail per source (all are counted); 100 by default. */
  maxIssues?: number;
}

/**
 * An engine runs a plan (data) over the tables of its sources — for the streaming engine the opened files, for a
 * SQL engine the relations — in the given windows (a KPI's period, its comparison, the windows `[prev]`/`[yoy]`
 * reach, a trend's buckets), and returns the finished values.
 */
export interface Engine<Table> {
  run(plan: Plan, windows: readonly Bounds[], tables: ReadonlyMap<string, Table>, options: EngineOptions): Promise<AggregateResults>;
}
