// One streaming pass per source: parse the planned columns of each row and step every aggregate of every window.
import { DataError } from '../errors.js';
import { dayOf, formatDay, utcOffsetMs } from '../calendar/days.js';
import type { BadCell, ByteRange, ColumnRequest, RowRequest, Table, ValueSettings } from '../sources/table.js';
import { withCellCurrency } from '../sources/table.js';
import { displayPath } from '../util/display-path.js';
import { describeIssue } from './describe-issue.js';
import { createAccumulator, type Accumulator } from './accumulators.js';
import { compileAggregate, type Bounds, type Row } from './compile-row.js';
import { aggregateLabel, driverKey, isDriverKey, type Amount, type RowCond, type RowValue, type SourcePlan } from '../plan/plan.js';
import { compileStepper, type Stepper } from './stepper.js';
import { countLine, emptyEvidence, signDoubt, type SignEvidence } from '../model/sign-evidence.js';
import { mark } from '../util/timing.js';
import type { SignConvention } from '../model/data-quality.js';
import { valueCheck, type IgnoredValue, type UnknownValue } from './value-check.js';
import { convertAmount, currencyCode, fxRatesOf } from './fx.js';
import type { SourceAggregates } from './engine.js';
import { inexact, type Val } from '../util/exact.js';
import { sharedRowsLine, sharedRowsTracker } from './shared-rows.js';

// What a source's data quality is (what the readers and the engine found) lives in the model's vocabulary, so the
// report model and every renderer name it without importing the engine.
export type { BadValues, CurrencyQuality, CurrencyRows, DataIssue, DataQuality, EmptyValues, RowWidths } from '../model/data-quality.js';
import type { BadValues, CurrencyQuality, CurrencyRows, DataIssue, DataQuality, RowWidths } from '../model/data-quality.js';

/** Cells of one column not understood in some rows: how many, and the first (file, line, value). */
export interface Doubt {
  count: number;
  file: string;
  line: number;
  value: string;
}

/**
 * The cells not understood in the rows of one window, in total and per group, keyed `b:<column>` (unreadable,
 * see bad_values) or `u:<column>` (unknown, see unknown_values): which results' figures they touch is decided from
 * these per period and group (report/doubts.ts), not from the whole source.
 */
export interface WindowDoubts {
  total: Map<string, Doubt>;
  groups: Map<string, Map<string, Doubt>>;
}

/** Accumulators of one window: the total, and one set per group when grouping. */
export interface WindowAccumulators {
  total: Accumulator[];
  groups: Map<string, { values: string[]; accs: Accumulator[]; currencies?: Map<string, number> }>;
  /** With a currency column (SourcePlan.currency): the window's rows per currency, the first of each located. */
  currencies?: Map<string, CurrencyRows>;
}

export interface SourceResult {
  /** Lines read (of the part, for a partial read). */
  lines?: number;
  windows: WindowAccumulators[];
  /** Rows whose period field lies in each window (all rows for a source without a period field). */
  rowsIn: number[];
  /**
   * Every distinct day of the period field that rows carry, ascending (empty without a period field): how far the
   * data reaches and where it has gaps, for the coverage of each result (src/report/coverage.ts).
   */
  days: number[];
  quality: DataQuality;
  /**
   * Per window, the cells not understood in its rows; one more entry at the end for rows in no window because their
   * period cannot be read (they may belong to any). Rows with an empty period field are in neither (no period
   * aggregate sees them).
   */
  doubts: WindowDoubts[];
  /** Ledger sources: the sum of the income lines' amounts over every row, after the sign convention. */
  income?: number;
  /** Ledger sources: how many income and cost lines of the whole source are written negative and positive. */
  signEvidence?: SignEvidence;
  /**
   * With a currency column and `period: none` aggregates (which see every row, whatever its date): the rows of every
   * group per currency, over the whole source (the total is `quality.currency`).
   */
  groupCurrenciesAll?: Map<string, Map<string, number>>;
  /**
   * Per column mapped explicitly (`columns:`, `period_field:`) to a number or date field: how many of its values
   * were read. With its bad values, whether the mapping held past the sample (report/mapping-held.ts).
   */
  mappedRead?: Record<string, number>;
}

export interface RunOptions {
  strict: boolean;
  /** Issues kept in detail per source; all are counted. */
  maxIssues?: number;
  /** Told how far each file has been read (for a progress line on a terminal). */
  onProgress?: (progress: { file: string; bytesRead: number; size: number }) => void;
  /**
   * Read only part of one file (parallel reads): its bytes `range`; `last` when the part ends the file (where a
   * trailing total row can be). Line numbers of a part not at the file's start are relative to the part.
   */
  part?: { file: number; range: ByteRange; last: boolean };
}

const NO_WINDOWS: readonly number[] = [];
/** Distinct unreadable values kept per column as examples. */
const MAX_EXAMPLES = 3;
const MAX_LOOKUP_DAYS = 400_000;

/**
 * Which windows contain a day. A table over the days the finite windows span makes this one array read per row,
 * so a 12-period trend costs little more than one period.
 */
export function windowLookup(windows: readonly Bounds[]): (day: number) => readonly number[] {
  const finite = windows.flatMap((b, w) => (Number.isFinite(b.start) && Number.isFinite(b.end) ? [w] : []));
  // Periods without bounds (`all`) contain every day.
  const unbounded = windows.flatMap((b, w) => (!finite.includes(w) && b.start === -Infinity && b.end === Infinity ? [w] : []));
  const contains = (day: number) => windows.flatMap((b, w) => (day >= b.start && day <= b.end ? [w] : []));
  if (finite.length === 0) return () => unbounded;
  const lo = Math.min(...finite.map((w) => windows[w].start));
  const hi = Math.max(...finite.map((w) => windows[w].end));
  if (hi - lo > MAX_LOOKUP_DAYS) return contains;
  const table: (readonly number[])[] = [];
  const cache = new Map<string, readonly number[]>();
  for (let day = lo; day <= hi; day++) {
    const ws = contains(day);
    const key = ws.join(',');
    if (!cache.has(key)) cache.set(key, ws);
    table.push(cache.get(key)!);
  }
  return (day) => (day < lo || day > hi ? unbounded : table[day - lo]);
}

/**
 * The group of rows whose grouping cell is empty: '' (a text value is never empty — an empty cell is no value), so a
 * real value "(blank)" is a group of its own. JSON carries it as ""; the renderers for people show it as BLANK_GROUP.
 */
export const EMPTY_GROUP = '';

/**
 * The slots of number and date fields the user mapped by hand (`columns:`, `period_field:`), whose values read
 * every engine counts (`mappedRead`), so that report/mapping-held.ts can tell a column with a few values kpi cannot
 * read (left out, said) from one that is mostly not of its type.
 */
export function watchedSlots(sp: Pick<SourcePlan, 'slots' | 'periodSlot'>, config: { columns?: Readonly<Record<string, string | null>>; period_field?: string }): number[] {
  const explicit = new Set(Object.entries(config.columns ?? {}).flatMap(([f, h]) => (h === null ? [] : [f])));
  return sp.slots.flatMap((s, i) => (s.type !== 'text' && (explicit.has(s.field.name) || (i === sp.periodSlot && config.period_field !== undefined)) ? [i] : []));
}

/**
 * The number slots an aggregate's value reads (a sum, average, minimum … of an amount; not a count, nor a date's
 * days()/hours()): an empty cell there is no value, counted per column (`empty_values`) by every engine. One entry
 * per column (the first slot reading it), with the aggregates reading it.
 */
export function amountSlots(sp: Pick<SourcePlan, 'slots' | 'aggregates' | 'periodSlot' | 'amounts'>): Amount[] {
  if (sp.amounts) return sp.amounts;
  const out: Amount[] = [];
  sp.aggregates.forEach((a) => {
    if (a.fn === 'count' || a.fn === 'count_distinct' || a.arg?.kind !== 'number') return;
    for (const slot of valueSlots(a.arg.value)) {
      const s = sp.slots[slot];
      if (s.type !== 'number' || slot === sp.periodSlot) continue;
      let entry = out.find((e) => e.column === s.field.header);
      if (!entry) out.push((entry = { slot, column: s.field.header, aggregates: [] }));
      const label = aggregateLabel(a);
      if (!entry.aggregates.includes(label)) entry.aggregates.push(label);
    }
  });
  return out;
}

/** The slots a row value reads (spans: their date slots). */
export function valueSlots(v: RowValue): number[] {
  switch (v.kind) {
    case 'number':
      return [];
    case 'slot':
      return [v.slot];
    case 'neg':
      return valueSlots(v.arg);
    case 'binary':
      return [...new Set([...valueSlots(v.left), ...valueSlots(v.right)])];
    case 'span':
      return [v.from, v.to];
  }
}

/**
 * A span of two date fields that aggregates read (days(created, resolved), hours(…), business_hours(…)), in their
 * value or condition: a row whose `to` is before its `from` is a bad value of the pair (trial F24: a ticket resolved
 * before it was created, a deal closed before it was created), left out of those aggregates and said, as an
 * unreadable value is. Every engine finds it alike: `column` is the pair's name in data quality and in a result's
 * doubts (`Created → Resolved`), `aggregates` those that read the span, ascending.
 */
export interface SpanPair {
  from: number;
  to: number;
  column: string;
  aggregates: number[];
}

/** The name of a span's bad values (negative, or one cell with a UTC offset and one without): `Created → Resolved`. */
export const spanColumn = (from: string, to: string): string => `${from} → ${to}`;

/** The spans of date fields a source's aggregates read, each pair once (sp.aggregates order). */
export function spanPairs(sp: Pick<SourcePlan, 'slots' | 'aggregates'>): SpanPair[] {
  const out: SpanPair[] = [];
  const add = (from: number, to: number, a: number) => {
    let p = out.find((e) => e.from === from && e.to === to);
    if (!p) out.push((p = { from, to, column: spanColumn(sp.slots[from].field.header, sp.slots[to].field.header), aggregates: [] }));
    if (!p.aggregates.includes(a)) p.aggregates.push(a);
  };
  const value = (v: RowValue, a: number): void => {
    if (v.kind === 'span') add(v.from, v.to, a);
    else if (v.kind === 'neg') value(v.arg, a);
    else if (v.kind === 'binary') (value(v.left, a), value(v.right, a));
  };
  const cond = (c: RowCond, a: number): void => {
    if (c.kind === 'and' || c.kind === 'or') (cond(c.left, a), cond(c.right, a));
    else if (c.kind === 'not') cond(c.arg, a);
    else if (c.kind === 'in_numbers') value(c.value, a);
    else if (c.kind === 'compare_numbers') (value(c.left, a), value(c.right, a));
  };
  sp.aggregates.forEach((agg, a) => {
    if (agg.arg?.kind === 'number') value(agg.arg.value, a);
    if (agg.where) cond(agg.where, a);
  });
  return out;
}

/**
 * What the streaming engine reads a source from: its opened files (a source schema is one) and the source's
 * settings. The plan says which columns to read as what; the files read them (sources/table.ts).
 */
export interface SourceTable {
  name: string;
  config: SourceSettings;
  files: Table[];
}

/** The settings of a source the engine reads by: how values are written, and which columns the user mapped. */
export interface SourceSettings extends ValueSettings {
  columns?: Readonly<Record<string, string | null>>;
  period_field?: string;
}

export async function runSource(sp: SourcePlan, table: SourceTable, windows: readonly Bounds[], options: RunOptions): Promise<SourceResult> {
  const schema = table;
  const { slots, aggregates, periodSlot, groupSlots, signs } = sp;
  /** Driver fields this source has: their index in the plan's drivers, and slot. */
  const drivers = (sp.driverSlots ?? []).flatMap((slot, dim) => (slot >= 0 ? [{ dim, slot }] : []));
  const negate = signs?.decision.negate ?? null;
  let income = 0;
  const evidence = emptyEvidence();
  // The categories of cost lines: the field's canonical values but income (a balance-sheet account, ignored, is neither).
  const costs = signs ? new Set([...(slots[signs.category].field.values?.values() ?? [])].map((v) => v.toLowerCase()).filter((v) => !signs.income.has(v))) : undefined;
  const maxIssues = options.maxIssues ?? 100;
  const quality: DataQuality = {
    source: schema.name,
    files: schema.files.map((f) => displayPath(f.path)),
    rows: 0,
    skipped: 0,
    no_period: 0,
    total_rows: [],
    dates: null,
    bad_values: [],
    empty_values: [],
    wide_rows: { count: 0, first: null },
    short_rows: { count: 0, first: null },
    issues: [],
    unknown_values: [],
    ignored_values: [],
  };
  const values = valueCheck(slots, options.strict);
  const cur = sp.currency;
  const fx = cur?.fx ? fxRatesOf(cur.fx) : undefined;
  /** Over every row: rows per currency, empty currency cells, amounts converted by `fx:`. */
  const currencyRows = new Map<string, CurrencyRows>();
  let emptyCurrency = 0;
  let converted = 0;
  /** The current row's currency (upper case; null when empty with no project currency), file and line. */
  let rowCurrency: string | null = null;
  let rowFile = '';
  let rowLine = 0;
  /** Rows per currency of every group over the whole source, for `period: none` aggregates (they see every row). */
  const groupCurrenciesAll = new Map<string, Map<string, number>>();
  const fresh = () => aggregates.map((a) => createAccumulator(a.fn, a.q));
  const results: WindowAccumulators[] = windows.map(() => ({ total: fresh(), groups: new Map() }));
  const rowsIn = windows.map(() => 0);
  const doubts: WindowDoubts[] = [...windows, null].map(() => ({ total: new Map(), groups: new Map() }));
  const anywhere = [windows.length];
  /** The cells not understood of the row being consumed (`b:`/`u:` and column), with their text. */
  let rowDoubts: { key: string; value: string }[] | undefined;
  /**
   * The period aggregates (`e:` and index) that would count the current row, which has no date: noted in no window's
   * doubts but those of every window (the row's other doubts stay with its windows, none, so a KPI's figure never
   * depends on which other KPIs are in the report).
   */
  let rowUndated: { key: string; value: string }[] | undefined;
  // The number columns aggregates take values of: their empty cells are counted (and noted `z:` in the windows).
  const amounts = amountSlots(sp);
  const empties = amounts.map(() => ({ count: 0, file: '', line: 0 }));
  // The slots of number and date fields the user mapped by hand: their values read are counted.
  const watched = watchedSlots(sp, schema.config);
  const mappedRead = slots.map(() => 0);
  const note = (into: Map<string, Doubt>, key: string, value: string) => {
    const d = into.get(key);
    if (d) d.count++;
    else into.set(key, { count: 1, file: rowFile, line: rowLine, value });
  };
  let firstDay = Infinity;
  let lastDay = -Infinity;
  const daysSeen = new Set<number>();
  // Exports are mostly sorted by date: only a change of day costs a set insertion.
  let previousDay = NaN;
  // Several files of one source: every column their headers share is read as text too, after the plan's slots, so
  // rows two files both hold are found (shared-rows.ts). A part of a file (parallel reads) is one file.
  const shared = schema.files.length > 1 && !options.part ? sharedRowsTracker() : undefined;
  const sharedHeaders = shared ? schema.files[0].headers.filter((h) => schema.files.every((f) => f.headers.includes(h))) : [];
  const width0 = slots.length + sharedHeaders.length;
  const row: Row = { num: new Float64Array(width0).fill(NaN), text: new Array(width0).fill(null) };
  const hasPeriod = periodSlot !== undefined;
  const everyWindow = windows.map((_, w) => w);
  const windowsOn = windowLookup(windows);
  // Sources without a period field (customers) let every aggregate see every row.
  const periodAggs = aggregates.flatMap((a, i) => (a.allRows && hasPeriod ? [] : [i]));
  const allRowsAggs = hasPeriod ? aggregates.flatMap((a, i) => (a.allRows ? [i] : [])) : [];

  // The plan is data: its bound arguments and conditions become closures here, on the engine's side.
  const compiled = aggregates.map(compileAggregate);
  const stepPeriod = compileStepper(compiled, periodAggs);
  const stepAllRows = compileStepper(compiled, allRowsAggs);
  // A value that cannot be read leaves its row out of the aggregates that read its slot, and only of those: the
  // figure of a KPI never depends on which other KPIs are in the report.
  const readersOf: number[][] = slots.map(() => []);
  aggregates.forEach((a, i) => a.reads.forEach((slot) => readersOf[slot].push(i)));
  // A ledger amount whose category cannot be read has no known sign: the amount's aggregates leave it out too.
  if (signs && negate !== null) readersOf[signs.category] = [...new Set([...readersOf[signs.category], ...readersOf[signs.amount]])];
  /** Steppers of every aggregate but some, compiled the first time a row needs them (bad rows are rare). */
  const partial = new Map<string, { period: Stepper; allRows: Stepper }>();
  const steppersWithout = (skip: ReadonlySet<number>) => {
    const key = [...skip].sort((a, b) => a - b).join(',');
    let steppers = partial.get(key);
    if (!steppers) {
      if (partial.size >= 64) partial.clear();
      steppers = { period: compileStepper(compiled, periodAggs.filter((a) => !skip.has(a))), allRows: compileStepper(compiled, allRowsAggs.filter((a) => !skip.has(a))) };
      partial.set(key, steppers);
    }
    return steppers;
  };
  /** Per column: the unreadable values, the first located, and the slots they were read for. */
  const badColumns = new Map<string, { count: number; first: BadValues['first']; examples: string[]; slots: Set<number>; aggregates?: Set<number> }>();
  /** The spans of two dates the aggregates read: a row whose span is negative is a bad value of the pair. */
  const spans = spanPairs(sp);
  /** Their date slots, each once; the instants of the current row's (row.inst) and the offsets they were written with. */
  const spanSlots = [...new Set(spans.flatMap((p) => [p.from, p.to]))];
  const offsets: (number | undefined)[] = spanSlots.map(() => undefined);
  const inst = spans.length ? new Float64Array(slots.length).fill(NaN) : undefined;
  if (inst) row.inst = inst;
  /**
   * Rows whose period field is empty but which a period aggregate would count (a won deal with no close date): the
   * row may belong to any period, so every figure of those aggregates is in doubt. Open deals with no close date
   * match no `status = "won"` condition and are not counted here.
   */
  let undated: { count: number; first: BadValues['first']; aggregates: Set<number> } | undefined;
  const periodHeader = periodSlot === undefined ? '' : slots[periodSlot].field.header;
  const ANY_DAY: Bounds = { start: -Infinity, end: Infinity };
  /** Notes the current row, which has no period, as undated in the period aggregates it would count in. */
  const noteUndated = (file: string, line: number, skip: ReadonlySet<number> | undefined): void => {
    let matched = false;
    for (const a of periodAggs) {
      if (skip?.has(a)) continue;
      const c = compiled[a];
      if (c.where && !c.where(row, ANY_DAY)) continue;
      // A count counts the row; any other aggregate only a value it can read.
      if (c.value && aggregates[a].fn !== 'count' && c.value(row) === null) continue;
      if (!matched) {
        matched = true;
        // A row check counts as bad (exit 3) is a bad row to --strict too, stopped at where it is.
        if (options.strict) {
          throw new DataError(`${file}:${line}: column '${periodHeader}' is empty, so the row is in no period, yet ${aggregateLabel(aggregates[a])} counts it (--strict stops at the first bad row; fill in the date in the export)`, [], {
            code: 'KPI_BAD_ROW',
            file,
            line,
            column: periodHeader,
          });
        }
        const reason = `its period field '${periodHeader}' is empty: the row counts in a period figure but is in no period`;
        if (!undated) undated = { count: 0, first: { file, line, value: '', reason }, aggregates: new Set() };
        undated.count++;
        if (quality.issues.length < maxIssues) quality.issues.push({ file, line, column: periodHeader, value: '', reason });
      }
      undated!.aggregates.add(a);
      (rowUndated ??= []).push({ key: `e:${a}`, value: '' });
    }
  };
  /** Steps the given aggregates of window `w` (its total and the row's group) with the current row. */
  const step = (w: number, stepper: Stepper, groupKey: string | undefined, groupValues: string[] | undefined) => {
    const target = results[w];
    let groupAccs: Accumulator[] | undefined;
    // A group exists in a window once one of its rows reaches an aggregate there.
    if (groupKey !== undefined) {
      let g = target.groups.get(groupKey);
      if (!g) target.groups.set(groupKey, (g = { values: groupValues!, accs: fresh() }));
      groupAccs = g.accs;
    }
    stepper(row, target.total, groupAccs, windows[w]);
  };

  /** Steps the aggregates of window `w` into the row's member of each driver field (as a total of its own). */
  const stepDrivers = (w: number, stepper: Stepper) => {
    const target = results[w];
    for (let i = 0; i < drivers.length; i++) {
      const value = row.text[drivers[i].slot] ?? EMPTY_GROUP;
      const key = driverKey(drivers[i].dim, value);
      let g = target.groups.get(key);
      if (!g) target.groups.set(key, (g = { values: [value], accs: fresh() }));
      stepper(row, g.accs, undefined, windows[w]);
    }
  };

  /** Notes a row's doubts in the windows `at` (their total, and the row's group there). */
  const noteDoubts = (list: readonly { key: string; value: string }[], at: readonly number[], groupKey: string | undefined) => {
    for (let k = 0; k < at.length; k++) {
      const d = doubts[at[k]];
      let inGroup: Map<string, Doubt> | undefined;
      if (groupKey !== undefined) {
        inGroup = d.groups.get(groupKey);
        if (!inGroup) d.groups.set(groupKey, (inGroup = new Map()));
      }
      for (const { key, value } of list) {
        note(d.total, key, value);
        if (inGroup) note(inGroup, key, value);
      }
    }
  };

  /**
   * Steps the row into the windows of `day` (none when null), into its group unless `grouped` is false; notes its
   * cells not understood in those windows (in every window when `periodBad`: its period is unknown).
   */
  const processRow = (day: number | null, stepPeriod: Stepper, stepAllRows: Stepper, grouped: boolean, periodBad: boolean) => {
    let groupKey: string | undefined;
    let groupValues: string[] | undefined;
    if (groupSlots && grouped) {
      groupValues = groupSlots.map((s) => row.text[s] ?? EMPTY_GROUP);
      // The key of the empty group is never '' (no key means the total): an empty value is keyed as U+0000.
      groupKey = groupValues.map((v) => v || '\u0000').join('\u001f');
    }
    const inWindows = !hasPeriod ? everyWindow : day === null ? NO_WINDOWS : windowsOn(day);
    for (let k = 0; k < inWindows.length; k++) rowsIn[inWindows[k]]++;
    if (rowDoubts) noteDoubts(rowDoubts, periodBad ? anywhere : inWindows, groupKey);
    if (rowUndated) noteDoubts(rowUndated, anywhere, groupKey);
    if (periodAggs.length > 0) for (let k = 0; k < inWindows.length; k++) step(inWindows[k], stepPeriod, groupKey, groupValues);
    // `period: none` aggregates see every row in every window; only their conditions use the bounds.
    if (allRowsAggs.length > 0) for (let w = 0; w < windows.length; w++) step(w, stepAllRows, groupKey, groupValues);
    if (drivers.length > 0) {
      if (periodAggs.length > 0) for (let k = 0; k < inWindows.length; k++) stepDrivers(inWindows[k], stepPeriod);
      if (allRowsAggs.length > 0) for (let w = 0; w < windows.length; w++) stepDrivers(w, stepAllRows);
    }
    if (cur && rowCurrency !== null) {
      for (let k = 0; k < inWindows.length; k++) countCurrency(results[inWindows[k]], groupKey);
      if (allRowsAggs.length > 0 && groupKey !== undefined) {
        let inGroup = groupCurrenciesAll.get(groupKey);
        if (!inGroup) groupCurrenciesAll.set(groupKey, (inGroup = new Map()));
        inGroup.set(rowCurrency, (inGroup.get(rowCurrency) ?? 0) + 1);
      }
    }
  };

  /** Counts the current row's currency in a window, and in its group there. */
  const countCurrency = (target: WindowAccumulators, groupKey: string | undefined) => {
    const code = rowCurrency!;
    const byCode = (target.currencies ??= new Map());
    const c = byCode.get(code);
    if (c) c.rows++;
    else byCode.set(code, { rows: 1, file: rowFile, line: rowLine });
    if (groupKey === undefined) return;
    const g = target.groups.get(groupKey);
    if (!g) return;
    const inGroup = (g.currencies ??= new Map());
    inGroup.set(code, (inGroup.get(code) ?? 0) + 1);
  };

  /**
   * Reads the row's currency (an empty cell is the project currency) and, with `fx:`, converts its amounts into the
   * project currency; an amount with no rate in force is a bad value of its column. Returns the row's bad cells.
   */
  const readCurrency = (file: string, line: number, bad: BadCell[] | undefined, written: (slot: number) => string): BadCell[] | undefined => {
    const c = cur!;
    const text = row.text[c.slot];
    let code: string | null;
    if (text === null) {
      emptyCurrency++;
      code = c.assumed ?? null;
    } else code = currencyCode(text);
    row.text[c.slot] = code;
    rowCurrency = code;
    rowFile = file;
    rowLine = line;
    if (code !== null) {
      const seen = currencyRows.get(code);
      if (seen) seen.rows++;
      else currencyRows.set(code, { rows: 1, file, line });
    }
    if (!fx || code === null || code === c.assumed) return bad;
    const ms = periodSlot === undefined ? NaN : row.num[periodSlot];
    const rate = fx.rate(code, ms === ms ? dayOf(ms) : null);
    for (const i of c.money) {
      const v = row.num[i];
      if (v !== v) continue;
      if (typeof rate === 'string') {
        (bad ??= []).push({ slot: i, file, line, column: slots[i].field.header, value: written(i), reason: `${rate} (fx: converts it to ${c.assumed})` });
        row.num[i] = NaN;
      } else {
        row.num[i] = convertAmount(v, rate);
        converted++;
      }
    }
    return bad;
  };

  let lines: number | undefined;
  // Each slot read as its type; the tables turn cells into values, and say which they could not read.
  const columns: ColumnRequest[] = slots.map((s) => ({ header: s.field.header, type: s.type, values: s.field.values, ignored: s.field.ignored, fieldType: s.field.type, duration: s.field.duration, scale: s.field.scale }));
  for (const header of sharedHeaders) columns.push({ header, type: 'text' });
  // A currency written in a number cell is judged against the project's, or the row's currency column (column-format.ts).
  const settings = withCellCurrency(schema.config, sp.projectCurrency, cur !== undefined);
  const request: RowRequest = { source: schema.name, settings, columns, period: periodSlot };
  for (const [fileIndex, file] of schema.files.entries()) {
    const part = options.part;
    if (part && part.file !== fileIndex) continue;
    const width = file.headers.length;
    /**
     * Whether a record of `fields` fields (not the header's width) is left out. A wider one is: a value past the
     * header means its cells moved (RFC 4180 and PostgreSQL's COPY reject such a row too), so none of them can be
     * trusted. A narrower one is counted and read, its missing cells empty.
     */
    const leftOutForWidth = (line: number, fields: number | undefined): boolean => {
      if (fields === undefined || fields === width) return false;
      const where = { file: file.label, line, fields, header: width };
      if (fields < width) {
        if (quality.short_rows.count++ === 0) quality.short_rows.first = where;
        return false;
      }
      // The line is not in the reason: a part read in parallel counts lines from its start (merging offsets `line`).
      const reason = wideRowReason(file.lineWord, fields, width);
      if (options.strict) {
        throw new DataError(`${file.label}:${line}: ${file.lineWord} ${line} has ${reason} (--strict stops at the first bad row)`, [], { code: 'KPI_CSV_WIDE_ROW', file: file.label, line });
      }
      quality.rows++;
      quality.skipped++;
      if (quality.wide_rows.count++ === 0) quality.wide_rows.first = where;
      if (quality.issues.length < maxIssues) quality.issues.push({ file: file.label, line, column: '', value: '', reason: `the row has ${reason}; it is left out of every figure` });
      return true;
    };
    /** Counts the row in `row` (read, with its unreadable values in `bad`) into every window it is in. */
    const consume = (line: number, bad: BadCell[] | undefined, fields: number | undefined, written: (slot: number) => string) => {
      if (fields !== width && leftOutForWidth(line, fields)) return;
      quality.rows++;
      if (cur) bad = readCurrency(file.label, line, bad, written);
      let periodStepper = stepPeriod;
      let allRowsStepper = stepAllRows;
      let grouped = true;
      let periodBad = false;
      let skip: Set<number> | undefined;
      rowDoubts = undefined;
      rowUndated = undefined;
      rowFile = file.label;
      rowLine = line;
      // A span of two dates that ends before it begins (resolved before created) is no duration: a bad value of the
      // pair, left out of the aggregates reading the span (only those), located with both cells.
      let negative: { pair: SpanPair; why: string }[] | undefined;
      if (inst) {
        // Each span's dates as instants: a cell written with a UTC offset (`…+02:00`, `…Z`) less its offset.
        for (let k = 0; k < spanSlots.length; k++) {
          const s = spanSlots[k];
          const v = row.num[s];
          offsets[k] = v === v ? utcOffsetMs(written(s)) : undefined;
          inst[s] = v - (offsets[k] ?? 0);
        }
      }
      for (let k = 0; k < spans.length; k++) {
        const p = spans[k];
        const from = inst![p.from], to = inst![p.to];
        if (from !== from || to !== to) continue;
        const fromOffset = offsets[spanSlots.indexOf(p.from)], toOffset = offsets[spanSlots.indexOf(p.to)];
        const [fromHeader, toHeader] = [slots[p.from].field.header, slots[p.to].field.header];
        if ((fromOffset === undefined) !== (toOffset === undefined)) {
          // One instant and one wall-clock time: the time between them depends on a zone kpi is not told.
          const [zoned, plain] = fromOffset === undefined ? [toHeader, fromHeader] : [fromHeader, toHeader];
          (negative ??= []).push({ pair: p, why: `'${toHeader}' ${written(p.to)} and '${fromHeader}' ${written(p.from)}: '${zoned}' is written with a UTC offset and '${plain}' without one, so the time between them is not known (write both with their offsets, or neither)` });
        } else if (to < from) {
          (negative ??= []).push({ pair: p, why: `'${toHeader}' ${written(p.to)} is before '${fromHeader}' ${written(p.from)}: a negative span` });
        }
      }
      if (bad || negative) {
        quality.skipped++;
        skip = new Set<number>();
      }
      if (negative) {
        for (const { pair: p, why } of negative) {
          const toHeader = slots[p.to].field.header;
          const value = written(p.to);
          const reason = `${why}, which ${aggregateLabel(aggregates[p.aggregates[0]])} leaves out`;
          if (options.strict) {
            throw new DataError(`${file.label}:${line}: column '${toHeader}': ${reason} (--strict stops at the first bad row; correct the dates in the export)`, [], { code: 'KPI_BAD_ROW', file: file.label, line, column: toHeader });
          }
          let c = badColumns.get(p.column);
          if (!c) badColumns.set(p.column, (c = { count: 0, first: { file: file.label, line, value, reason }, examples: [], slots: new Set(), aggregates: new Set() }));
          c.count++;
          if (c.examples.length < MAX_EXAMPLES && !c.examples.includes(value)) c.examples.push(value);
          for (const a of p.aggregates) (skip!.add(a), c.aggregates!.add(a));
          (rowDoubts ??= []).push({ key: `b:${p.column}`, value });
          if (quality.issues.length < maxIssues) quality.issues.push({ file: file.label, line, column: toHeader, value, reason });
        }
      }
      if (bad) {
        skip ??= new Set<number>();
        for (const cell of bad) {
          const i = cell.slot;
          const column = cell.column;
          const error = cell.reason;
          const issue: DataIssue = { file: cell.file, line: cell.line, column, value: cell.value, reason: error };
          if (options.strict) {
            throw new DataError(`${file.label}:${line}: column '${issue.column}': ${describeIssue(issue)} (--strict stops at the first bad row)`, [], { code: 'KPI_BAD_ROW', file: file.label, line, column: issue.column });
          }
          let c = badColumns.get(column);
          if (!c) badColumns.set(column, (c = { count: 0, first: { file: issue.file, line, value: issue.value, reason: error }, examples: [], slots: new Set() }));
          // A column read twice (as a number and as text), or a join key read for several looked-up fields, is one
          // bad value of the row.
          if (!bad.some((b) => b.slot < i && b.column === column)) {
            c.count++;
            if (c.examples.length < MAX_EXAMPLES && !c.examples.includes(issue.value)) c.examples.push(issue.value);
            (rowDoubts ??= []).push({ key: `b:${column}`, value: issue.value });
            if (quality.issues.length < maxIssues) quality.issues.push(issue);
          }
          c.slots.add(i);
          for (const a of readersOf[i]) skip.add(a);
          // A row whose period cannot be read is in no window; one whose --by value cannot be read is in no group.
          if (i === periodSlot) periodBad = true;
          if (groupSlots?.includes(i)) grouped = false;
        }
      }
      if (skip) {
        const partialSteppers = steppersWithout(skip);
        periodStepper = partialSteppers.period;
        allRowsStepper = partialSteppers.allRows;
      }
      const unknown = values?.check(row, file.label, line);
      if (unknown) for (const u of unknown) (rowDoubts ??= []).push({ key: `u:${u.column}`, value: u.value });
      if (signs) {
        const amount = row.num[signs.amount];
        const category = row.text[signs.category];
        if (amount === amount && category !== null) {
          const isIncome = signs.income.has(category.toLowerCase());
          if (isIncome || costs!.has(category.toLowerCase())) countLine(evidence, isIncome, amount);
          if (negate !== null && (negate === 'income') === isIncome) row.num[signs.amount] = -amount;
          if (isIncome) income += row.num[signs.amount];
        }
      }
      let day: number | null = null;
      if (hasPeriod) {
        const ms = row.num[periodSlot];
        if (ms !== ms) {
          if (!periodBad) {
            quality.no_period++;
              if (periodAggs.length > 0) noteUndated(file.label, line, skip);
          }
        }
        else {
          day = dayOf(ms);
          if (day < firstDay) firstDay = day;
          if (day > lastDay) lastDay = day;
          if (day !== previousDay) daysSeen.add((previousDay = day));
        }
      }
      for (let k = 0; k < watched.length; k++) if (row.num[watched[k]] === row.num[watched[k]]) mappedRead[watched[k]]++;
      for (let k = 0; k < amounts.length; k++) {
        const slot = amounts[k].slot;
        // NaN: empty, or a value that could not be read (a bad value, counted as such).
        if (row.num[slot] === row.num[slot] || (bad && bad.some((b) => b.slot === slot))) continue;
        const e = empties[k];
        if (e.count++ === 0) {
          e.file = file.label;
          e.line = line;
        }
        (rowDoubts ??= []).push({ key: `z:${amounts[k].column}`, value: '' });
      }
      if (shared) shared.row(fileIndex, line, day, row.text, slots.length);
      processRow(day, periodStepper, allRowsStepper, grouped, periodBad);
    };
    const progress = options.onProgress;
    const onProgress = progress && file.size ? (bytesRead: number) => progress({ file: file.label, bytesRead, size: file.size! }) : undefined;
    const read = await file.rows(request, row, consume, { onProgress, range: part?.range, last: part ? part.last : true });
    if (read.lines !== undefined) lines = read.lines;
    mark(`${schema.name}: ${file.label} read (${quality.rows} rows)`);
    if (read.totalRows) {
      for (const t of read.totalRows) {
        const row = { file: file.label, line: t.line, label: t.label, kind: t.kind };
        if (t.sure) quality.total_rows.push(row);
        else (quality.possible_total_rows ??= []).push(row);
      }
    } else if (read.totalRow !== undefined) quality.total_rows.push({ file: file.label, line: read.totalRow });
  }
  if (shared) {
    const pairs = shared.result(schema.files.map((f) => f.label));
    if (pairs.length) {
      quality.shared_rows = pairs;
      for (const p of pairs) (quality.warnings ??= []).push(sharedRowsLine(schema.name, p));
    }
  }
  if (Number.isFinite(firstDay)) quality.dates = { first: formatDay(firstDay), last: formatDay(lastDay) };
  for (const [column, c] of badColumns) {
    const left = new Set<number>(c.aggregates);
    for (const slot of c.slots) {
      readersOf[slot].forEach((a) => left.add(a));
      if (slot === periodSlot) periodAggs.forEach((a) => left.add(a));
    }
    quality.bad_values.push({
      column,
      count: c.count,
      first: c.first,
      examples: c.examples,
      aggregates: [...left].sort((a, b) => a - b).map((a) => aggregateLabel(aggregates[a])),
      kpis: [],
      groups: groupSlots !== undefined && [...c.slots].some((slot) => groupSlots.includes(slot)),
    });
  }
  amounts.forEach((a, k) => {
    const e = empties[k];
    if (e.count === 0) return;
    quality.empty_values.push({
      column: a.column,
      field: slots[a.slot].field.name,
      count: e.count,
      first: { file: e.file, line: e.line },
      aggregates: a.aggregates,
      kpis: [],
      read_as: 'no_value',
    });
  });
  if (undated) {
    quality.bad_values.push({
      column: periodHeader,
      count: undated.count,
      first: undated.first,
      examples: [],
      aggregates: [...undated.aggregates].sort((a, b) => a - b).map((a) => aggregateLabel(aggregates[a])),
      kpis: [],
      groups: false,
      empty_period: true,
    });
  }
  if (cur) {
    quality.currency = {
      column: slots[cur.slot].field.header,
      currencies: [...currencyRows].map(([currency, c]) => ({ currency, ...c })),
      empty: emptyCurrency,
      assumed: cur.assumed ?? null,
      fx: cur.fx?.label ?? null,
      converted,
    };
  }
  if (values) {
    quality.unknown_values = values.unknown();
    quality.ignored_values = values.ignored();
  }
  const read = watched.length ? Object.fromEntries(watched.map((i) => [slots[i].field.header, mappedRead[i]])) : undefined;
  return {
    windows: results,
    rowsIn,
    days: [...daysSeen].sort((a, b) => a - b),
    quality,
    doubts,
    lines,
    income: signs ? income : undefined,
    ...(signs ? { signEvidence: evidence } : {}),
    mappedRead: read,
    ...(cur && hasPeriod && allRowsAggs.length > 0 ? { groupCurrenciesAll } : {}),
  };
}

/** The streaming engine's result behind the Engine contract: values finished from the accumulators when asked. */
export function sourceAggregates(result: SourceResult): SourceAggregates {
  const { windows, rowsIn, days, quality, doubts } = result;
  return {
    value(w: number, index: number, group?: string): Val | null {
      const win = windows[w];
      if (!win) return null;
      const acc = group === undefined ? win.total[index] : win.groups.get(group)?.accs[index];
      const v = acc ? acc.finish() : null;
      if (v === null || !acc) return null;
      const d = acc.exact();
      return d ? { v, d } : inexact(v);
    },
    taken(w: number, index: number, group?: string): number {
      const win = windows[w];
      const acc = win && (group === undefined ? win.total[index] : win.groups.get(group)?.accs[index]);
      return acc ? acc.taken() : 0;
    },
    matched(w: number, index: number, group?: string): number | undefined {
      const win = windows[w];
      const acc = win && (group === undefined ? win.total[index] : win.groups.get(group)?.accs[index]);
      return acc && 'matched' in acc ? (acc as { matched: number }).matched : undefined;
    },
    rows: (w) => rowsIn[w],
    // `period: none` aggregates see every row of a dated source: the currencies of the whole source are theirs.
    currencies: (w, allRows) =>
      allRows && result.groupCurrenciesAll && quality.currency
        ? new Map(quality.currency.currencies.map((c) => [c.currency, { rows: c.rows, file: c.file, line: c.line }]))
        : windows[w]?.currencies,
    groupCurrencies: (w, group, allRows) => (allRows && result.groupCurrenciesAll ? result.groupCurrenciesAll.get(group) : windows[w]?.groups.get(group)?.currencies),
    *groups(w) {
      for (const [key, g] of windows[w].groups) if (!isDriverKey(key)) yield [key, g.values] as const;
    },
    *driverMembers(w, dim) {
      const prefix = driverKey(dim, '\u0000').slice(0, -1);
      for (const [key, g] of windows[w]?.groups ?? []) if (key.startsWith(prefix)) yield [key, g.values[0]] as const;
    },
    days,
    quality,
    // The last entry holds the rows whose period cannot be read (runSource).
    doubts: (w) => (w >= 0 && w < doubts.length - 1 ? doubts[w] : undefined),
    unplacedDoubts: doubts[doubts.length - 1],
    mappedRead: result.mappedRead,
  };
}

/**
 * States a ledger's sign convention in its data quality, and warns when the income lines still add up to less
 * than zero: a convention taken wrongly (or a sample that was not like the rest) would print a negative revenue.
 */
export function noteSigns(sp: SourcePlan, result: Pick<SourceResult, 'quality' | 'income' | 'signEvidence'>): void {
  if (!sp.signs) return;
  const { convention, detected, why, negate } = sp.signs.decision;
  const rawIncome = result.income === undefined ? undefined : negate === 'income' ? -result.income : result.income;
  const doubt = signDoubt(sp.name, sp.signs.decision, result.signEvidence, rawIncome);
  result.quality.sign = { convention, detected, why, ...(doubt ? { doubt } : {}) };
  // A doubt is said where it takes the figures away (each result's reason; validate's problem line), not twice.
  if (!doubt && result.income !== undefined && result.income < 0) {
    const other = convention === 'credit_negative' ? 'as_is' : 'credit_negative';
    (result.quality.warnings ??= []).push(
      `${sp.name}: the income lines add up to ${result.income.toFixed(2)} (below zero) read as sign: ${convention}; if income is written ${convention === 'credit_negative' ? 'positive' : 'negative'} in the export, set sign: ${other} under sources: ${sp.name}: in kpi.yaml`,
    );
  }
}


/**
 * What is wrong with a row wider than its header, with both counts and the usual cause, to follow "line 17 has":
 * `6 fields, the header has 5: …`; for a sheet (a table whose records are rows), the column of the value past the
 * header. Told by the table's lineWord, not its format's name: a new reader of sheets says it the same way.
 */
export function wideRowReason(lineWord: 'line' | 'row', fields: number, header: number): string {
  if (lineWord === 'row') {
    return `a value in column ${columnLetters(fields)}, past the header's ${header} columns: give that column a header, or clear the cell`;
  }
  return `${fields} fields, the header has ${header}: an unquoted decimal comma or delimiter in a value? Quote the value in the export (or set the right delimiter: in kpi.yaml)`;
}

/** Spreadsheet column letters: 1 → A, 28 → AB. */
function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}
