// The SQL compiler: one source plan (its slots and bound aggregates) and the run's windows in, one aggregate query
// out — every aggregate the report needs from the source, for every window and group, in one scan — plus a small
// query of the source's facts (rows, days, unknown values). kpi's semantics, construct by construct
// (docs/sql-engines.md of the study, README "Running on a database"):
//   - a text is trimmed as JavaScript trims, empty and null spellings (NULL, N/A, -) are no value, `values:` maps
//     its lower case to the canonical value; text compares case-insensitively;
//   - every condition is two-valued: a comparison with an empty value is false, so `not` and `or` behave as in kpi;
//   - numbers are computed as the doubles kpi computes, and sums are exact as kpi's exact sum is (micro-units);
//   - dates are wall-clock milliseconds with no time zone; windows and `period_start` compare by day;
//   - percentiles are interpolated by kpi from the values; distinct counts are exact (count DISTINCT).
// Two strategies: a FILTER per window for few windows and aggregates, the window as a group key for more (a
// trend's buckets, a report of many KPIs with its comparison), where a FILTER per window per aggregate would test
// each row once per window and aggregate (FILTER_BUDGET).
import { formatDay } from '../../calendar/days.js';
import { ConfigError, DataError, InternalError } from '../../errors.js';
import type { Bounds, CompareOp, PlannedAggregate, RowCond, RowValue, SourcePlan } from '../../plan/plan.js';
import type { Relation } from '../../sources/table.js';
import { spanPairs } from '../run.js';
import type { ColumnKind, Dialect } from './dialect.js';
import { HOURS_PER_UNIT, type Scale } from '../../model/vocabulary.js';

/**
 * The filter strategy's budget: the FILTERed columns of all windows (per window its row count, each aggregate's
 * parts, the unknown values per tally). A FILTER's condition is evaluated per column, so W windows of C columns test
 * every row W × C times, where the window as a group key places each row once: on DuckDB 29 KPIs over 2 windows
 * took 365 ms with FILTERs and 118 ms as groups; on 200,000 rows a 24-month trend of one sum (72 FILTERed columns)
 * 1,100 ms against 100 ms, and a month with its comparison of 4 KPIs (16) 40–100 ms against 28 ms. A single window
 * is always a FILTER (and a WHERE that skips the other rows).
 */
export const FILTER_BUDGET = 8;

/** The most days (summed over the windows) joined day by day; windows longer in all are joined on their range. */
const DAY_JOIN_LIMIT = 8000;

/** A day before and after every date kpi reads: the bound of a window without one (`--period all`). */
const FAR_PAST = -1_000_000_000;
const FAR_FUTURE = 1_000_000_000;

/** What one result column carries, for the engine that reads the rows (engine.ts). */
export type ColumnRole =
  | { role: 'group'; index: number; name: string }
  /** A driver field's column that is no --by field (its members' rows: SqlQuery.members). */
  | { role: 'key'; name: string }
  /** Non-zero on the total row. */
  | { role: 'total' }
  /**
   * With driver fields: GROUPING() of the key columns `names` (a bit per column, the first the highest, 1 where the
   * row's grouping set leaves it out): which of the --by groups, the total and the members a row is.
   */
  | { role: 'sets'; names: string[] }
  /** The window of a bucket row (the bucket strategy). */
  | { role: 'window' }
  /** Rows of the window (a window of the filter strategy, or the row's bucket when `w` is undefined). */
  | { role: 'seen'; w?: number }
  /** Rows of the group in any window: what an aggregate of a `period: none` KPI sees. */
  | { role: 'seen_all' }
  | { role: 'aggregate'; index: number; part: AggregatePart; w?: number }
  /** Rows with no date that the period aggregate `index` would count (run.ts, noteUndated). */
  | { role: 'undated'; index: number }
  | { role: 'undated_rows' }
  /** Rows with an unknown value in a column (report/doubts.ts), per window. */
  | { role: 'unknown'; column: string; w?: number }
  /** Rows with a value kpi cannot read in a column (report/doubts.ts, `b:`), per window. */
  | { role: 'bad'; column: string; w?: number };

/** The parts an aggregate's value is finished from, as its accumulator holds them (accumulators.ts). */
export type AggregatePart = 'seen' | 'matched' | 'n' | 'micro' | 'exact' | 'float' | 'count' | 'decimal' | 'best' | 'values' | 'distinct';

/** A mapped text column whose values are a closed set: values outside it are unknown (engine/value-check.ts). */
export interface Tally {
  slot: number;
  field: string;
  column: string;
  canonical: string[];
  ignored: string[];
}

/** One aggregate query and what each of its result columns is. */
export interface SqlQuery {
  strategy: 'filters' | 'buckets';
  sql: string;
  columns: ColumnRole[];
  /** The driver fields (their index in Plan.drivers) whose members a row grouped by the key column `name` is. */
  members?: readonly Member[];
}

/** A driver field's column of the levels, and the driver fields (Plan.drivers) read from it. */
export interface Member {
  name: string;
  dims: number[];
}

/** The keys of one query: the --by fields' columns and the driver fields' (README "Why it moved"). */
interface Grouping {
  groups: readonly string[];
  members: readonly Member[];
}

export interface CompiledSource {
  /** How the windows' aggregates are computed: a FILTER per window, or the window as a group key. */
  strategy: 'filters' | 'buckets';
  /** The windows' aggregates; then, when the plan has `period: none` aggregates, those over every row. */
  queries: SqlQuery[];
  /** Per period aggregate, the rows with no date it would count: in doubt in every period (empty: none to ask). */
  undated: SqlQuery[];
  /**
   * Rows per day of the period field (`day` NULL: no date), with a sign convention the income lines' sum, then (from
   * column `factsChecksAt`) per check of `factsChecks` the rows its cheap test lets through: the one scan of every
   * row a report needs besides its windows'.
   */
  facts: string;
  /** The checks (indices into `checks`) whose cheap test `facts` counts: their exact test runs only where it found rows. */
  factsChecks: number[];
  factsChecksAt: number;
  /** The column of the rows per day after which each of options.counted's non-empty values are counted. */
  factsCountsAt: number;
  /** Where they are counted apart instead (DuckDB): one row, a column per options.counted slot, in its order. */
  counts?: string;
  /** Per tally: its unknown (and ignored) values, lower-cased, with a spelling, the count and whether ignored. */
  unknown: { tally: Tally; sql: string }[];
  tallies: Tally[];
  /** Per check, two result columns of its query (`checkOf`): how many rows hold such a value, and one of them. */
  checks: Check[];
  /** The query of the checks not counted in `facts` (a DATE column's numbers on DuckDB: its zone maps skip them). */
  check?: string;
  checkAlways: number[];
  /** The query of these checks, in this order: two columns each. */
  checkOf(indices: readonly number[]): string;
  /**
   * The query asking, per --by or driver text column (`columns`, headers), how many of its distinct values kpi's
   * reading would change (a dialect's probesCleanText); a column with none is `clean` in the next compilation.
   */
  cleanProbe?: {
    sql: string;
    columns: string[];
    /**
     * Checks of text columns (indices into `checks`, on DuckDB) counted over the probed distinct values instead of a
     * second scan of every row: how many distinct values pass the check's cheap test, in column `at` of the answer.
     * Their exact test (`checkOf`) runs only for a column where some did.
     */
    checks: { index: number; at: number }[];
  };
  /**
   * With a currency column: per code (and --by group) the rows over every row, the empty cells read as the project
   * currency, and the rows of each window; and the rows with no currency at all (an empty cell, no project currency).
   */
  currency?: { sql: string; groups: number; emptyNoCode: string };
  /** With bad values (CompileOptions.bad): per bad column up to 3 of its values and their rows; rows with any. */
  bad?: { values: { column: string; what: Check['what']; scale?: number; range?: Scale; sql: string }[]; skipped: string };
}

/** A column's values kpi cannot read exactly (see compileSource): what the check query counts. */
export interface Check {
  /** The column; for a negative span, the pair's name (run.ts, spanColumn). */
  column: string;
  /** `span`: two dates whose span an aggregate reads, the later before the earlier (`value` the later's ms, `other` the earlier's). */
  what: 'number' | 'text' | 'span';
  other?: string;
  /** A span's: the aggregates reading it (the others keep its rows). */
  aggregates?: number[];
  /** A decimal column's scale: its values are shown with as many decimals (`1000000000000000.00`). */
  scale?: number;
  /** A score's scale (csat 1–5): the check finds the values off it, and says so. */
  range?: Scale;
  bad: string;
  value: string;
}

/** Excel's error values as an export writes them (sources/column-format.ts): a bad value, never a text. */
const SPREADSHEET_ERROR = '^#(N/A|DIV/0!|VALUE!|REF!|NAME\\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|BUSY!|CONNECT!|UNKNOWN!)$';

/** The cheap test of a spreadsheet error in a text (untrimmed): a '#' in it. The exact test is SPREADSHEET_ERROR's. */
const mayBeSpreadsheetError = (text: string): string => `(${text} LIKE '%#%')`;

export interface CompileOptions {
  /** The null spellings of the source (sources/column-format.ts, nullSpellings), lower-cased. */
  nulls: ReadonlySet<string>;
  /** The table's label in messages (`shop.duckdb#sales`). */
  label: string;
  /**
   * The columns whose values kpi cannot read (as `check` found them; `number\u0000Beløp`, `text\u0000Status`): each
   * aggregate leaves out the rows with such a value in a column it reads. Undefined: none.
   */
  bad?: ReadonlySet<string>;
  /**
   * Text columns (their headers) whose every value the probe (`cleanProbe`) found already as kpi reads it: no
   * space to trim, not empty, no null spelling. They are read as stored: kpi's reading would change none of them.
   */
  clean?: ReadonlySet<string>;
  /**
   * Number slots whose non-empty values are counted over every row in the rows per day (`factsCountsAt`): the
   * columns the user mapped by hand, whose values read are checked after the pass (report/mapping-held.ts).
   */
  counted?: readonly number[];
  /** KPIs reading each aggregate (plan.ts, kpisByAggregate), for messages. */
  kpisOf(aggregate: number): string[];
}

const OPS: Record<CompareOp, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function compileSource(sp: SourcePlan, windows: readonly Bounds[], relation: Relation, dialect: Dialect, options: CompileOptions): CompiledSource {
  const d = dialect;
  // The relation's column for a slot: the header, or (a file on DuckDB) its own column of the header as text.
  const columnOf = (s: SourcePlan['slots'][number]) => relation.columnOf?.(s.field.header, s.type) ?? s.field.header;
  const kinds: ColumnKind[] = sp.slots.map((s) => {
    const type = relation.types.get(columnOf(s));
    return type === undefined ? { kind: 'other', why: 'no such column' } : d.columnKind(type);
  });
  const readers = (slot: number) => {
    const ids = new Set(sp.aggregates.flatMap((a, i) => (a.reads.includes(slot) ? options.kpisOf(i) : [])));
    return ids.size ? ` (read by ${[...ids].join(', ')})` : '';
  };
  // Business hours and working days follow a calendar of holidays kpi computes; no dialect has it, and an
  // approximation (weekdays × hours) would be a wrong number: refused before any query, naming what needs it.
  const calendarKpis = [...new Set(sp.aggregates.flatMap((a, i) => (readsCalendar(a) ? options.kpisOf(i) : [])))];
  if (sp.aggregates.some(readsCalendar)) {
    throw new ConfigError(
      `source '${sp.name}' (${d.name}): ${calendarKpis.length > 0 ? `${calendarKpis.join(', ')} ${calendarKpis.length === 1 ? 'counts' : 'count'}` : 'an aggregate counts'} business hours or working days (business_hours: in kpi.yaml), which the ${d.name} engine does not compute (and will not approximate); kpi's own engine does: for a file, engine: streaming under sources: ${sp.name}: (or --engine streaming), for a database table, export it to CSV`,
      [],
      'KPI_ENGINE_UNSUPPORTED',
    );
  }
  // A currency column: each row's currency is counted per window and group (`currency`, below), as the streaming
  // engine counts it, and report/currency.ts refuses a money figure of several currencies. `fx:` rates would
  // convert each amount as it is read (engine/fx.ts): not compiled to SQL yet.
  const cur = sp.currency;
  if (cur?.fx) {
    const kpis = [...new Set(sp.aggregates.flatMap((_, i) => (cur.moneyAggregates[i] ? options.kpisOf(i) : [])))];
    throw new ConfigError(
      `source '${sp.name}' (${d.name}): ${kpis.length ? `${kpis.join(', ')} ${kpis.length === 1 ? 'reads' : 'read'} amounts` : 'its amounts are'} of the currency column '${sp.slots[cur.slot].field.header}' converted by fx: ${cur.fx.label}, which kpi does not do on ${d.name} yet; convert them in a view (JOIN your rates table), or export the table to CSV`,
      [],
      'KPI_ENGINE_UNSUPPORTED',
    );
  }

  // The names of the levels' columns. Nested (one subquery a level), each level names its own columns; flat (the
  // dialect's `flat`: every level a WITH alias over the table itself, so that a ClickHouse Distributed table
  // aggregates on its shards) every name is one alias of the whole query, where a bare name is also a column of
  // the table (an alias `day` over a column `day` would be cyclic): then they carry a prefix no column begins with.
  const flat = d.flat === true;
  let prefix = '';
  if (flat) {
    prefix = 'kpi_';
    const columns = [...relation.types.keys()];
    while (columns.some((c) => c.startsWith(prefix))) prefix = `_${prefix}`;
  }
  const nm = (name: string) => `${prefix}${name}`;
  const signed = sp.signs && sp.signs.decision.negate !== null ? sp.signs.amount : undefined;
  /** A number slot's level-1 names: a signed amount is read as s/sx and signed at level 3 as n/x. */
  const rawNumber = (i: number) => (i === signed ? { n: nm(`s${i}`), x: nm(`sx${i}`) } : { n: nm(`n${i}`), x: nm(`x${i}`) });

  // The text of a number or date column that is used as it is (no `values:`, no null spelling it could be):
  // its distinct count is the column's own, with no text made of each value.
  const noneOf = (i: number): string[] => {
    const f = sp.slots[i].field;
    // A number field's no-answer words (`offered`) are empty when it is read as text too (column-format.ts).
    const empty = f.type === 'number' && f.ignored?.size ? [...f.ignored] : [];
    // A number's or a date's text is never empty, and is a null spelling only if one is written like a number or
    // a date (null_values: ['0']).
    return [...options.nulls, ...empty].filter((v) => !plainText(kinds[i]) || PLAIN_TEXT.test(v));
  };
  const asIs = (i: number) => sp.slots[i].type === 'text' && plainText(kinds[i]) && !sp.slots[i].field.values?.size && noneOf(i).length === 0;
  const rawDistinct = new Set(sp.aggregates.flatMap((a) => (a.fn === 'count_distinct' && a.arg?.kind === 'text' && asIs(a.arg.slot) ? [a.arg.slot] : [])));
  const keep = (i: number) => (rawDistinct.has(i) ? [nm(`k${i}`)] : []);

  // A --by or driver text column read as it is stored, with no `values:` to map and not the currency: one whose
  // values may all be as kpi reads them already (cleanProbe), and then are taken so (options.clean).
  const probed = (i: number) =>
    d.probesCleanText === true && sp.slots[i].type === 'text' && !plainText(kinds[i]) && kinds[i].kind === 'text' && !sp.slots[i].field.values?.size && !(cur && i === cur.slot) && ((sp.groupSlots ?? []).includes(i) || (sp.driverSlots ?? []).includes(i));
  const isClean = (i: number) => probed(i) && options.clean?.has(columnOf(sp.slots[i])) === true;

  // Level 1: the columns read, as text (trimmed), doubles, exact decimals and wall-clock ms.
  const raw: string[] = [];
  /** Duration slots read from a number column: the hours of one of its unit. */
  const durations = new Map<number, number>();
  sp.slots.forEach((s, i) => {
    const col = d.ident(columnOf(s));
    const kind = kinds[i];
    if (s.type === 'text') {
      if (kind.kind === 'other' && relation.types.has(s.field.header)) throw typeError(sp.name, options.label, s.field.header, kind.why, readers(i));
      // A number's or a date's text has no spaces to trim (and trimming is most of a scan's time on DuckDB).
      raw.push(`${plainText(kind) || isClean(i) ? d.asText(col) : d.trim(d.asText(col))} AS ${nm(`r${i}`)}`);
      if (rawDistinct.has(i)) raw.push(`${col} AS ${nm(`k${i}`)}`);
    } else if (s.type === 'number') {
      if (s.field.duration) {
        // A number column of durations in a unit: hours are number × the unit's hours, the double kpi computes
        // (parse-duration.ts). Text durations (`2h 30m`) are not parsed in SQL.
        const unit = s.field.duration.unit;
        if (relation.hours?.has(columnOf(s))) {
          kinds[i] = { kind: 'float' };
          durations.set(i, 1);
          raw.push(`${d.asDouble(col)} AS ${rawNumber(i).n}`);
          return;
        }
        if ((kind.kind === 'decimal' || kind.kind === 'float') && unit !== undefined) {
          kinds[i] = { kind: 'float' };
          durations.set(i, HOURS_PER_UNIT[unit]);
          raw.push(`(${d.asDouble(col)} * ${d.double(HOURS_PER_UNIT[unit])}) AS ${rawNumber(i).n}`);
          return;
        }
        const why =
          kind.kind === 'decimal' || kind.kind === 'float'
            ? `a duration in a number column with no unit; say it with units: { ${s.field.name}: minutes } (or seconds, hours, days) under sources: ${sp.name}:`
            : `a duration in a ${relation.types.get(s.field.header) ?? 'text'} column, which kpi does not parse on ${d.name} (2h 30m, 01:30:00); store it as a number of hours or minutes in a view (with units:), or export the table to CSV`;
        throw new ConfigError(`source '${sp.name}' (${d.name}): ${s.field.name} ('${s.field.header}')${readers(i)} is ${why}`, [], 'KPI_ENGINE_UNSUPPORTED');
      }
      if (kind.kind !== 'decimal' && kind.kind !== 'float') {
        throw typeError(sp.name, options.label, s.field.header, kind.kind === 'other' ? kind.why : `it is ${relation.types.get(s.field.header)}, and ${s.field.name} is read as numbers: store it as DECIMAL, INTEGER or DOUBLE, or cast it in a view`, readers(i));
      }
      raw.push(`${d.asDouble(col)} AS ${rawNumber(i).n}`);
      if (kind.kind === 'decimal') raw.push(`${d.asDecimal(col)} AS ${rawNumber(i).x}`);
    } else {
      if (kind.kind !== 'date') {
        throw typeError(sp.name, options.label, s.field.header, kind.kind === 'other' ? kind.why : `it is ${relation.types.get(s.field.header)}, and ${s.field.name} is read as dates: store it as DATE or TIMESTAMP, or cast it in a view`, readers(i));
      }
      raw.push(`${d.epochMs(col)} AS ${nm(`m${i}`)}`);
    }
  });
  const table = relation.from ?? `${relation.schema === undefined ? '' : `${d.ident(relation.schema)}.`}${d.ident(relation.table)}`;

  // Level 2: text as kpi reads it — empty and null spellings are no value, `values:` mapped.
  const numberCols = (i: number) => {
    const { n, x } = rawNumber(i);
    return kinds[i].kind === 'decimal' ? [n, x] : [n];
  };
  /** Whether the (trimmed) text `r` of slot i is no value: empty, or a null spelling; undefined when none can be. */
  const noValue = (r: string, i: number): string | undefined => {
    const none = noneOf(i);
    const spelled = none.length ? `${d.lower(r)} IN (${none.map(d.text).join(', ')})` : undefined;
    return plainText(kinds[i]) ? spelled : `${r} = '' ${spelled ? `OR ${spelled}` : ''}`;
  };
  const level2Texts: string[] = [];
  const level2Cols = sp.slots.flatMap((s, i) => {
    if (s.type !== 'text') return s.type === 'number' ? numberCols(i) : [nm(`m${i}`)];
    const r = nm(`r${i}`);
    const isNone = noValue(r, i);
    const map = s.field.values && s.field.values.size ? `CASE ${d.lower(r)} ${[...s.field.values].map(([k, v]) => `WHEN ${d.text(k)} THEN ${d.text(v)}`).join(' ')} ELSE ${r} END` : r;
    // The currency column reads as its code, upper case, and an empty cell as the project currency (run.ts,
    // readCurrency): groups and conditions see the code; `ce` marks the empty cells for the data quality.
    if (cur && i === cur.slot) {
      // (A NULL cell is empty too: `r = ''` is NULL there, so it is tested first.)
      const empty = isNone === undefined ? `${r} IS NULL` : `${r} IS NULL OR ${isNone}`;
      const code = `CASE WHEN ${empty} THEN ${cur.assumed === undefined ? 'NULL' : d.text(cur.assumed)} ELSE ${d.upper(map)} END AS ${nm(`t${i}`)}`;
      const flag = `CASE WHEN ${empty} THEN 1 ELSE 0 END AS ${nm('ce')}`;
      level2Texts.push(code, flag);
      return [code, flag, ...keep(i)];
    }
    const def = `${isNone === undefined || isClean(i) ? map : `CASE WHEN ${isNone} THEN NULL ELSE ${map} END`} AS ${nm(`t${i}`)}`;
    level2Texts.push(def);
    return [def, ...keep(i)];
  });

  // Level 3: a ledger's sign convention applied to its amounts, and the day of the period field.
  const level3Cols = sp.slots.flatMap((s, i) => (s.type === 'text' ? [nm(`t${i}`), ...(cur && i === cur.slot ? [nm('ce')] : []), ...keep(i)] : s.type === 'date' ? [nm(`m${i}`)] : numberCols(i)));
  const level3Defs: string[] = [];
  let isIncome: string | undefined;
  if (sp.signs) {
    const { amount, category, income, decision } = sp.signs;
    const cat = nm(`t${category}`);
    isIncome = `(${cat} IS NOT NULL AND ${d.lower(cat)} IN (${[...income].map(d.text).join(', ') || "''"}))`;
    if (decision.negate !== null) {
      const flip = decision.negate === 'income' ? isIncome : `(${cat} IS NOT NULL AND NOT ${isIncome})`;
      const signedAs = (from: string, to: string) => `CASE WHEN ${flip} THEN -${from} ELSE ${from} END AS ${to}`;
      const { n, x } = rawNumber(amount);
      const defs = [signedAs(n, nm(`n${amount}`)), ...(kinds[amount].kind === 'decimal' ? [signedAs(x, nm(`x${amount}`))] : [])];
      level3Defs.push(...defs);
      const at = level3Cols.indexOf(n);
      level3Cols.splice(at, kinds[amount].kind === 'decimal' ? 2 : 1, ...defs);
    }
  }
  const day = nm('day');
  // A DATE period column (the usual case): its day straight from the column, and the windows' rows picked on the
  // column itself (rawWindows below), where the database skips what is in no window before reading anything else.
  const periodCol = sp.periodSlot === undefined ? undefined : d.ident(columnOf(sp.slots[sp.periodSlot]));
  const plainDate = periodCol !== undefined && PLAIN_DATE.test(relation.types.get(columnOf(sp.slots[sp.periodSlot!])) ?? '');
  if (sp.periodSlot !== undefined) {
    let def = `${d.dayOfMs(nm(`m${sp.periodSlot}`))} AS ${day}`;
    if (plainDate && d.dayOfDate) {
      if (flat) def = `${d.dayOfDate(periodCol!)} AS ${day}`;
      else {
        // Carried through the levels as a column of level 1.
        const pd = nm('pday');
        raw.push(`${d.dayOfDate(periodCol!)} AS ${pd}`);
        level2Cols.push(pd);
        def = `${pd} AS ${day}`;
      }
    }
    level3Cols.push(def);
    level3Defs.push(def);
  }
  let from: string;
  /** A query of the compiled source: flat, it carries every level's definitions (ClickHouse computes only those it reads). */
  let withLevels: (sql: string) => string;
  /** `from` with only the table's rows where `where` (over its own columns) holds: nested, inside the first level. */
  let fromWhere: (where: string) => string;
  if (flat) {
    const defs = [...raw, ...level2Texts, ...level3Defs];
    from = table;
    withLevels = (sql) => (defs.length ? `WITH ${defs.join(', ')} ${sql}` : sql);
    fromWhere = (where) => `${table} WHERE ${where}`;
  } else {
    const nested = (where?: string) => {
      const level1 = `SELECT ${raw.length ? raw.join(', ') : '1 AS one'} FROM ${table}${where ? ` WHERE ${where}` : ''}`;
      const level2 = `SELECT ${level2Cols.length ? level2Cols.join(', ') : '1 AS one'} FROM (${level1}) AS l1`;
      return `(SELECT ${level3Cols.length ? level3Cols.join(', ') : '1 AS one'} FROM (${level2}) AS l2) AS src`;
    };
    from = nested();
    withLevels = (sql) => sql;
    fromWhere = nested;
  }

  const hasPeriod = sp.periodSlot !== undefined;
  const tallies = talliesOf(sp);
  const groups = (sp.groupSlots ?? []).map((s) => nm(`t${s}`));
  const and = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : `(${a}) AND (${b})`);
  /**
   * The rows of these windows, on a DATE period column itself: exactly the rows whose day is in one of them (a
   * row with no date is in none). Overlapping or touching windows are one range. Undefined: not a DATE column.
   */
  const rawWindows = (bounds: readonly Bounds[]): string | undefined => {
    if (!plainDate || bounds.length === 0) return undefined;
    const ranges = [...bounds].map((b) => ({ lo: b.start, hi: b.end })).sort((a, b) => a.lo - b.lo);
    const merged: { lo: number; hi: number }[] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
      else merged.push({ ...r });
    }
    const one = (r: { lo: number; hi: number }) => {
      const lo = Number.isFinite(r.lo) ? `${periodCol} >= ${d.dateLiteral(formatDay(r.lo))}` : undefined;
      const hi = Number.isFinite(r.hi) ? `${periodCol} <= ${d.dateLiteral(formatDay(r.hi))}` : undefined;
      return lo && hi ? `(${lo} AND ${hi})` : (lo ?? hi ?? `${periodCol} IS NOT NULL`);
    };
    return merged.map(one).join(' OR ');
  };
  const inWindow = (b: Bounds): string | undefined => {
    if (!hasPeriod) return undefined;
    const lo = Number.isFinite(b.start) ? `${day} >= ${b.start}` : undefined;
    const hi = Number.isFinite(b.end) ? `${day} <= ${b.end}` : undefined;
    return lo || hi ? and(lo, hi) : `${day} IS NOT NULL`;
  };
  const boundSql = (b: Bounds) => ({ start: String(Number.isFinite(b.start) ? b.start : FAR_PAST), end: String(Number.isFinite(b.end) ? b.end : FAR_FUTURE) });
  const cond = new CondCompiler(d, kinds, nm);

  // Values the streaming engine would leave out as unreadable (a number beyond ±10^15 or with more significant
  // digits than a double holds as written, a spreadsheet error such as #N/A): counted over every row (`check`).
  // When some are there (options.bad names their columns), each aggregate leaves out the rows with such a value in
  // a column it reads, as the streaming engine does (run.ts, readersOf), with a `seen` of its own. The exact tests
  // (a double's text read back, a regular expression) cost far more than the scan: each runs only on the rows a
  // cheap test lets through (WHERE), which no ordinary row passes — a decimal of scale s below 10^(15−s) has at
  // most 15 significant digits, so a double holds it, and a spreadsheet error begins with '#'.
  const checks: Check[] = [];
  const maybe: string[] = [];
  /** The text columns' checks (index into `checks`), with the column each reads. */
  const textChecks = new Map<number, string>();
  const seenColumns = new Set<string>();
  sp.slots.forEach((s, i) => {
    const key = `${s.type}\u0000${s.field.header}`;
    if (seenColumns.has(key) || s.type === 'date') return;
    seenColumns.add(key);
    if (s.type === 'number') {
      const range = s.field.scale;
      if (range) {
        // A score off its field's scale (csat 1–5, a survey's 0–10) is a bad value, as the streaming engine reads it
        // (column-format.ts onScale). A number beyond ±10^15 is off every scale, and a decimal (at most six places)
        // on one has far fewer than 15 digits, so this test is the whole check of the column.
        const n = nm(`n${i}`);
        const col = d.ident(columnOf(s));
        const decimal = kinds[i].kind === 'decimal' ? (kinds[i] as { kind: 'decimal'; scale: number }) : undefined;
        maybe.push(`(${col} < ${range.min} OR ${col} > ${range.max})`);
        checks.push({ column: s.field.header, what: 'number', bad: `(${n} < ${range.min} OR ${n} > ${range.max})`, value: d.asText(decimal ? nm(`x${i}`) : n), range, ...(decimal ? { scale: decimal.scale } : {}) });
        return;
      }
      // A type of at most 15 digits holds only values a double holds, below 10^15.
      if (FEW_DIGITS.test(relation.types.get(columnOf(s)) ?? '') || Number(DECIMAL_DIGITS.exec(relation.types.get(columnOf(s)) ?? '')?.[1] ?? 99) <= 15) return;
      const [n, x] = [nm(`n${i}`), nm(`x${i}`)];
      const kind = kinds[i];
      const col = d.ident(columnOf(s));
      const f = durations.get(i);
      // (Hours kpi read itself are values it understood: none is bad.)
      if (relation.hours?.has(columnOf(s))) return;
      if (f !== undefined) {
        // A duration's number is read through its text (parse-duration.ts): beyond ±10^15, or so small JavaScript
        // writes it with an exponent (1e-7), it is no duration. The hours are compared, scaled by the unit.
        maybe.push(`(${col} >= 1e15 OR ${col} <= -1e15 OR (${col} <> 0 AND ${col} > -1e-6 AND ${col} < 1e-6))`);
        checks.push({ column: s.field.header, what: 'number', bad: `(abs(${n}) >= (1e15 * ${d.double(f)}) OR (${n} <> 0 AND abs(${n}) < (1e-6 * ${d.double(f)})))`, value: d.asText(n) });
        return;
      }
      // (0.99 ×: the double of a decimal just below the bound may round up to it.) On the column itself, in its
      // own type, so that a database can skip every block whose minimum and maximum lie within (DuckDB's zone maps).
      const pre = kind.kind === 'decimal' ? `abs(${n}) >= 0.99e${15 - kind.scale}` : `abs(${n}) >= 1e15`;
      const bound = kind.kind === 'decimal' ? `99${'0'.repeat(13 - kind.scale)}` : '1e15';
      const held = kind.kind === 'decimal' ? ` OR ${d.isTrue(`NOT ${d.heldByDouble(n, x)}`)}` : '';
      maybe.push(`(${col} >= ${bound} OR ${col} <= -${bound})`);
      checks.push({ column: s.field.header, what: 'number', bad: `(${pre} AND (abs(${n}) >= 1e15${held}))`, value: d.asText(kind.kind === 'decimal' ? x : n), ...(kind.kind === 'decimal' ? { scale: kind.scale } : {}) });
    } else if (kinds[i].kind === 'text') {
      // (A number or date column read as text holds no spreadsheet error.)
      const t = nm(`t${i}`);
      const pre = `${t} LIKE '#%'`;
      // (Untrimmed: no text is made of the rows without a '#'.)
      textChecks.set(checks.length, columnOf(s));
      maybe.push(mayBeSpreadsheetError(d.asText(d.ident(columnOf(s)))));
      checks.push({ column: s.field.header, what: 'text', bad: `(${pre} AND ${d.matches(t, SPREADSHEET_ERROR)})`, value: t });
    }
  });
  // A span of two dates that ends before it begins (resolved before created) is a bad value of the pair, as the
  // streaming engine reads it (run.ts, spanPairs): left out of the aggregates reading the span, and only of those.
  const spans = spanPairs(sp);
  for (const p of spans) {
    const [mf, mt] = [nm(`m${p.from}`), nm(`m${p.to}`)];
    maybe.push(`(${d.ident(columnOf(sp.slots[p.to]))} < ${d.ident(columnOf(sp.slots[p.from]))})`);
    checks.push({ column: p.column, what: 'span', bad: `(${mt} < ${mf})`, value: mt, other: mf, aggregates: p.aggregates });
  }
  /** The bad columns' checks, and a slot's flag (never NULL) when its column holds bad values. */
  const badChecks = checks.filter((c) => options.bad?.has(`${c.what}\u0000${c.column}`));
  const badOfSlot = (slot: number): string | undefined => {
    const s = sp.slots[slot];
    if (s.type === 'date') return undefined;
    const c = badChecks.find((b) => b.column === s.field.header && b.what === s.type);
    return c && d.isTrue(c.bad);
  };
  /** Rows an aggregate reads: none of the columns it reads holds a bad value (undefined: no such column). */
  const okOf = (index: number): string | undefined => {
    const flags = [...new Set([...sp.aggregates[index].reads.flatMap((slot) => badOfSlot(slot) ?? []), ...badChecks.flatMap((c) => (c.aggregates?.includes(index) ? [d.isTrue(c.bad)] : []))])];
    return flags.length ? `(NOT (${flags.join(' OR ')}))` : undefined;
  };
  /** A tally's unknown values leave out its bad ones (#N/A is a bad value, not an unknown one). */
  const unknownOf = (t: Tally, withIgnored = false): string => {
    const bad = badOfSlot(t.slot);
    return bad ? `(${unknownCond(d, t, nm, withIgnored)}) AND NOT ${bad}` : unknownCond(d, t, nm, withIgnored);
  };

  /** One query's select list, and what each of its columns is. */
  const query = ({ groups: byGroups, members }: Grouping) => {
    const columns: ColumnRole[] = [];
    const select: string[] = [];
    const out = (sql: string, role: ColumnRole) => {
      // (Flat, a name of the levels is not renamed: ClickHouse 18.16 loses an alias of an alias in GROUP BY.)
      select.push(flat && sql.startsWith(prefix) && /^\w+$/.test(sql) ? sql : `${sql} AS ${nm(`c${select.length}`)}`);
      columns.push(role);
    };
    byGroups.forEach((g, index) => out(g, { role: 'group', index, name: g }));
    const extra = members.filter((m) => !byGroups.includes(m.name)).map((m) => m.name);
    for (const name of extra) out(name, { role: 'key', name });
    if (d.groupingSets && members.length) out(d.groupingSets.grouping([...byGroups, ...extra]), { role: 'sets', names: [...byGroups, ...extra] });
    else if (byGroups.length && d.groupingSets) out(d.groupingSets.grouping(byGroups), { role: 'total' });
    /** The parts of the aggregates `which` over the rows where `win` holds (their window), with its bounds. */
    const aggregates = (which: readonly number[], win: string | undefined, bounds: { start: string; end: string }, w: number | undefined) => {
      for (const index of which) {
        const a = sp.aggregates[index];
        const ok = okOf(index);
        const rows = and(win, and(ok, a.where ? cond.cond(a.where, bounds) : undefined));
        const part = (p: AggregatePart, sql: string) => out(sql, { role: 'aggregate', index, part: p, w });
        // The rows the aggregate saw: those of its window without a bad value it would read.
        if (ok) part('seen', d.aggregate('count_rows', undefined, and(win, ok)));
        const arg = a.arg;
        switch (a.fn) {
          case 'count':
            part('n', d.aggregate('count_rows', undefined, rows));
            break;
          case 'count_distinct':
            if (arg?.kind !== 'text') throw new InternalError('count_distinct reads a text slot');
            part('distinct', d.aggregate('count_distinct', nm(`${rawDistinct.has(arg.slot) ? 'k' : 't'}${arg.slot}`), rows));
            break;
          case 'sum':
          case 'avg': {
            if (arg?.kind !== 'number') throw new InternalError(`${a.fn} reads a number`);
            // (An average's too: its rows without a value are counted beside the sum's, report/doubts.ts.)
            if (a.where) part('matched', d.aggregate('count_rows', undefined, rows));
            const v = arg.value;
            if (v.kind === 'slot' && kinds[v.slot].kind === 'decimal') {
              part('decimal', d.aggregate('sum_decimal', nm(`x${v.slot}`), rows));
              part('count', d.aggregate('count_values', nm(`x${v.slot}`), rows));
              break;
            }
            const x = cond.value(v);
            part('micro', d.aggregate('micro_sum', x, rows));
            part('exact', d.aggregate('micro_exact', x, rows));
            part('float', d.aggregate('float_sum', x, rows));
            part('count', d.aggregate('count_values', x, rows));
            break;
          }
          case 'min':
          case 'max':
            if (arg?.kind !== 'number') throw new InternalError(`${a.fn} reads a number`);
            part('best', d.aggregate(a.fn, cond.value(arg.value), rows));
            // The values taken: the result's `n` (README "n").
            part('count', d.aggregate('count_values', cond.value(arg.value), rows));
            break;
          case 'median':
          case 'percentile':
            if (arg?.kind !== 'number') throw new InternalError(`${a.fn} reads a number`);
            part('values', d.aggregate('values', cond.value(arg.value), rows));
            break;
        }
      }
    };
    return { columns, select, out, aggregates };
  };

  // The aggregates of the windows: those of `period: none` KPIs see every row and go in a query of their own.
  const everyRow = sp.aggregates.flatMap((a, i) => (a.allRows && hasPeriod ? [i] : []));
  const periodAggs = sp.aggregates.flatMap((a, i) => (a.allRows && hasPeriod ? [] : [i]));
  const filtered = windows.length * (1 + tallies.length + periodAggs.reduce((n, i) => n + partsOf(sp.aggregates[i], kinds), 0));
  const strategy: CompiledSource['strategy'] = hasPeriod && windows.length > 1 && filtered > FILTER_BUDGET ? 'buckets' : 'filters';
  const queries: SqlQuery[] = [];
  /**
   * The query of the windows (or, `every`, of the aggregates over every row) for these group columns: the groups
   * and the total in one query with GROUPING SETS, or — a dialect without them (ClickHouse 18.16) — a query grouped
   * by the --by fields and one for the total, each read the same way (engine.ts tells the total by its lack of
   * group columns).
   */
  const windowQueries = (keys: Grouping): SqlQuery => {
    const main = query(keys);
    const members = keys.members.length ? { members: keys.members } : {};
    if (strategy === 'filters') {
      // One window: the WHERE below keeps only its rows, so its aggregates need no FILTER of their own.
      const win = (b: Bounds) => (windows.length === 1 ? undefined : inWindow(b));
      windows.forEach((b, w) => main.out(d.aggregate('count_rows', undefined, win(b)), { role: 'seen', w }));
      windows.forEach((b, w) => {
        main.aggregates(periodAggs, win(b), boundSql(b), w);
        for (const t of tallies) main.out(d.aggregate('count_rows', undefined, and(win(b), unknownOf(t))), { role: 'unknown', column: t.column, w });
        for (const c of badChecks) main.out(d.aggregate('count_rows', undefined, and(win(b), d.isTrue(c.bad))), { role: 'bad', column: c.column, w });
      });
      // Rows in no window are not read (the database may skip them by its zone maps or indexes).
      const prune = hasPeriod && windows.length ? windows.map((b) => `(${inWindow(b)})`).join(' OR ') : undefined;
      const picked = rawWindows(windows);
      if (picked && flat) return { strategy, columns: main.columns, ...members, sql: withLevels(`SELECT ${main.select.join(', ')} FROM ${from} WHERE ${picked}${groupBy(d, keys, [])}`) };
      return { strategy, columns: main.columns, ...members, sql: withLevels(`SELECT ${main.select.join(', ')} FROM ${picked ? fromWhere(picked) : from}${prune && !picked ? ` WHERE ${prune}` : ''}${groupBy(d, keys, [])}`) };
    }
    const rows = windows.map((b, w) => [w, Number.isFinite(b.start) ? b.start : FAR_PAST, Number.isFinite(b.end) ? b.end : FAR_FUTURE]);
    // A range join, or (ClickHouse joins on equality only) the dialect's own way of giving a row its windows.
    const w = nm('w');
    const joined = d.windowJoin?.(rows, from, day, w);
    main.out(w, { role: 'window' });
    main.out(d.aggregate('count_rows', undefined, undefined), { role: 'seen' });
    main.aggregates(periodAggs, undefined, joined ? { start: joined.lo, end: joined.hi } : { start: 'lo', end: 'hi' }, undefined);
    for (const t of tallies) main.out(d.aggregate('count_rows', undefined, unknownOf(t)), { role: 'unknown', column: t.column });
    for (const c of badChecks) main.out(d.aggregate('count_rows', undefined, d.isTrue(c.bad)), { role: 'bad', column: c.column });
    // (Nested only: a dialect that flattens has its windowJoin.) Windows of a few thousand days in all: a row per
    // day and window, joined on the day — a hash join, where a join on a range sorts the rows (on DuckDB, a 24-month
    // trend of 10M rows spent 32 s of CPU in its PIECEWISE_MERGE_JOIN).
    const days = windows.every((b) => Number.isFinite(b.start) && Number.isFinite(b.end)) ? windows.reduce((n, b) => n + Math.max(0, b.end - b.start + 1), 0) : Infinity;
    const dayRows = days <= DAY_JOIN_LIMIT ? rows.flatMap(([win, lo, hi]) => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, k) => [lo + k, win, lo, hi])) : undefined;
    // (Nested: only the windows' rows are read into the levels.)
    const picked = joined ? undefined : rawWindows(windows);
    const source = picked ? fromWhere(picked) : from;
    const joinedFrom = joined
      ? joined.from
      : dayRows?.length
        ? `${source} JOIN ${d.values(dayRows, 'windows', ['d', w, 'lo', 'hi'])} ON src.${day} = windows.d`
        : `${source} JOIN ${d.values(rows, 'windows', [w, 'lo', 'hi'])} ON src.${day} BETWEEN windows.lo AND windows.hi`;
    return { strategy, columns: main.columns, ...members, sql: withLevels(`SELECT ${main.select.join(', ')} FROM ${joinedFrom}${groupBy(d, keys, [w])}`) };
  };
  const everyRowQuery = (keys: Grouping): SqlQuery => {
    // Every row, once: an aggregate whose condition names period_start or period_end once per window.
    const all = query(keys);
    all.out(d.aggregate('count_rows', undefined, undefined), { role: 'seen_all' });
    const bounded = everyRow.filter((i) => usesBounds(sp.aggregates[i].where));
    all.aggregates(everyRow.filter((i) => !bounded.includes(i)), undefined, boundSql({ start: -Infinity, end: Infinity }), undefined);
    if (bounded.length) windows.forEach((b, w) => all.aggregates(bounded, undefined, boundSql(b), w));
    return { strategy: 'filters', columns: all.columns, ...(keys.members.length ? { members: keys.members } : {}), sql: withLevels(`SELECT ${all.select.join(', ')} FROM ${from}${groupBy(d, keys, [])}`) };
  };
  // The driver fields' members (README "Why it moved"): each member is a group of its own beside the --by groups
  // and the total, as the streaming engine steps each row into its member (run.ts, stepDrivers): one more grouping
  // set per driver column, or — a dialect without GROUPING SETS — one more query.
  const members: Member[] = [];
  (sp.driverSlots ?? []).forEach((slot, dim) => {
    if (slot < 0) return;
    const name = nm(`t${slot}`);
    const m = members.find((x) => x.name === name);
    if (m) m.dims.push(dim);
    else members.push({ name, dims: [dim] });
  });
  const groupings: Grouping[] = d.groupingSets
    ? [{ groups, members }]
    : [...(groups.length ? [{ groups, members: [] }] : []), { groups: [], members: [] }, ...members.map((m) => ({ groups: [], members: [m] }))];
  for (const g of groupings) queries.push(windowQueries(g));
  if (everyRow.length) for (const g of groupings) queries.push(everyRowQuery(g));

  // Rows with an empty period field that a period aggregate would count (a won deal with no close date): the
  // streaming engine notes them as in doubt in every period (run.ts, noteUndated), and so must this one.
  const undatedQuery = (byGroups: readonly string[]): SqlQuery => {
    const q = query({ groups: byGroups, members: [] });
    const any = boundSql({ start: -Infinity, end: Infinity });
    const counted: string[] = [];
    for (const index of periodAggs) {
      const a = sp.aggregates[index];
      const arg = a.arg;
      let readable: string | undefined;
      if (a.fn !== 'count' && arg) {
        if (arg.kind === 'text') readable = `${nm(`t${arg.slot}`)} IS NOT NULL`;
        else if (arg.value.kind === 'slot' && kinds[arg.value.slot].kind === 'decimal') readable = `${nm(`x${arg.value.slot}`)} IS NOT NULL`;
        else readable = `${cond.value(arg.value)} IS NOT NULL`;
      }
      // (A row with a value the aggregate cannot read is in no figure of it: not counted as undated either.)
      const rows = and(okOf(index), and(a.where ? cond.cond(a.where, any) : undefined, readable));
      counted.push(rows ?? '1 = 1');
      q.out(d.aggregate('count_rows', undefined, rows), { role: 'undated', index });
    }
    // The rows counted by any of them, each once (the data quality's count).
    q.out(d.aggregate('count_rows', undefined, counted.map((c) => `(${c})`).join(' OR ')), { role: 'undated_rows' });
    // (No day is the period column's NULL: tested on the column itself, a database skips every block without one.)
    const periodColumn = d.ident(columnOf(sp.slots[sp.periodSlot!]));
    return { strategy: 'filters', columns: q.columns, sql: withLevels(`SELECT ${q.select.join(', ')} FROM ${fromWhere(`${periodColumn} IS NULL`)}${groupBy(d, { groups: byGroups, members: [] }, [])}`) };
  };
  const undated = hasPeriod && periodAggs.length ? (groups.length && !d.groupingSets ? [groups, []] : [groups]).map(undatedQuery) : [];

  // The checks' cheap tests (on the table's own columns) counted in the rows per day, where those are one GROUP BY
  // over the table (or flat): the check, a second scan of every row, is then sent only for a column in which a row
  // passed its cheap test. Not on DuckDB (Dialect.checksApart), which answers the check apart in next to no time.
  const periodType = hasPeriod ? relation.types.get(columnOf(sp.slots[sp.periodSlot!])) : undefined;
  const simpleFacts = periodType !== undefined && PLAIN_DATE.test(periodType) && !sp.signs;
  const factsChecks = (simpleFacts || flat) && !d.checksApart ? checks.map((_, i) => i) : [];
  // Each probed column's distinct values (few, for a --by field), and how many of them kpi's reading changes: a
  // trim, an empty text or a null spelling (compared as level 2 compares them).
  const probeColumns = [...new Set(sp.slots.flatMap((s, i) => (probed(i) && !isClean(i) ? [columnOf(s)] : [])))];
  // On DuckDB a probed column's spreadsheet-error check is asked of those distinct values too: its cheap test (a
  // '#' in the text, untrimmed) holds for some row exactly when it holds for some distinct value, and the 40 values
  // of a --by field are tested sooner than 10M rows (9 ms a scan of their own).
  const probeChecks = d.checksApart ? [...textChecks].flatMap(([i, c]) => (!factsChecks.includes(i) && probeColumns.includes(c) ? [i] : [])) : [];
  const checkAlways = checks.flatMap((_, i) => (factsChecks.includes(i) || probeChecks.includes(i) ? [] : [i]));
  const checkCounts = factsChecks.map((i) => d.aggregate('count_rows', undefined, d.isTrue(maybe[i])));
  const factsCols = [hasPeriod ? day : 'NULL', d.aggregate('count_rows', undefined, undefined)];
  if (sp.signs && isIncome) {
    const amount = sp.signs.amount;
    // An amount kpi cannot read is in no sum, the income lines' either (run.ts).
    const bad = badOfSlot(amount);
    factsCols.push(d.aggregate('float_sum', nm(`n${amount}`), bad ? `(${isIncome}) AND NOT ${bad}` : isIncome));
  }
  // The rows per currency (code, then the --by groups): every row, its empty cells, and per window. The total of
  // a window is the sum over its groups (engine.ts adds them up).
  const currency = cur
    ? {
        sql: withLevels(
          `SELECT ${[nm(`t${cur.slot}`), ...groups, d.aggregate('count_rows', undefined, undefined), `sum(${nm('ce')})`, ...windows.map((b) => d.aggregate('count_rows', undefined, inWindow(b)))].join(', ')} FROM ${from} WHERE ${nm(`t${cur.slot}`)} IS NOT NULL GROUP BY ${[nm(`t${cur.slot}`), ...groups].join(', ')}`,
        ),
        groups: groups.length,
        emptyNoCode: withLevels(`SELECT count(*) FROM ${from} WHERE ${nm(`t${cur.slot}`)} IS NULL`),
      }
    : undefined;
  // A DATE column's rows per day: grouped by the column itself, and the day of each of its (few) values after —
  // not the day of every row (a third of the all-time report's time on DuckDB).
  const fp = prefix || 'kpi_';
  const counted = checkCounts.map((c, k) => `${c} AS ${fp}q${k}`);
  // The non-empty values of the number columns mapped by hand, counted (on the column itself, or its level's double).
  const allCounts = (options.counted ?? []).map((i, k) => `count(${simpleFacts ? d.ident(columnOf(sp.slots[i])) : nm(`n${i}`)}) AS ${fp}vc${k}`);
  // On DuckDB they are a query of their own, with no GROUP BY: a column's count of values reads only its validity
  // (10M rows: a few ms), where counted per day each is an aggregate on every row of the grouping (90 ms for three).
  // A row store (PostgreSQL) would scan the table again for them: there they stay in the rows per day.
  const countsApart = d.checksApart && allCounts.length > 0;
  const valueCounts = countsApart ? [] : allCounts;
  const counts = countsApart ? (simpleFacts ? `SELECT ${allCounts.join(', ')} FROM ${table}` : withLevels(`SELECT ${allCounts.join(', ')} FROM ${from}`)) : undefined;
  const facts = simpleFacts
    ? `SELECT ${[d.dayOfMs(d.epochMs(`${fp}pd`)), `${fp}n`, ...checkCounts.map((_, k) => `${fp}q${k}`), ...valueCounts.map((_, k) => `${fp}vc${k}`)].join(', ')} FROM (SELECT ${[`${d.ident(columnOf(sp.slots[sp.periodSlot!]))} AS ${fp}pd`, `${d.aggregate('count_rows', undefined, undefined)} AS ${fp}n`, ...counted, ...valueCounts].join(', ')} FROM ${table} GROUP BY ${d.ident(columnOf(sp.slots[sp.periodSlot!]))}) AS ${fp}f`
    : withLevels(`SELECT ${[...factsCols, ...counted, ...valueCounts].join(', ')} FROM ${from}${hasPeriod ? ` GROUP BY ${day}` : ''}`);
  const checkColumns = (i: number, k?: number) => `${d.aggregate('count_rows', undefined, checks[i].bad)}${k === undefined ? '' : ` AS ${fp}c${k}`}, ${d.aggregate('min', checks[i].value, checks[i].bad)}${k === undefined ? '' : ` AS ${fp}v${k}`}`;
  // On DuckDB each column is checked in a scan of its own, joined into one row: a cheap test on one column is a
  // filter DuckDB tests against each block's minimum and maximum, so a numeric column's check reads almost nothing,
  // where an OR across columns reads every block of all of them (10M rows: 2 ms and 22 ms apart, 50 ms together).
  const checkOf = (indices: readonly number[]): string =>
    d.checksApart && indices.length > 1
      ? withLevels(`SELECT * FROM ${indices.map((i, k) => `(SELECT ${checkColumns(i, k)} FROM ${fromWhere(maybe[i])}) AS ${fp}k${k}`).join(' CROSS JOIN ')}`)
      : withLevels(`SELECT ${indices.map((i) => checkColumns(i)).join(', ')} FROM ${fromWhere(indices.map((i) => maybe[i]).join(' OR '))}`);
  const check = checkAlways.length ? checkOf(checkAlways) : undefined;
  const k = nm('k');
  const unknown = tallies.map((t) => {
    const v = nm(`t${t.slot}`);
    return {
      tally: t,
      sql: withLevels(`SELECT ${d.lower(v)} AS ${k}, min(${v}), ${d.aggregate('count_rows', undefined, undefined)}, ${d.lower(v)} IN (${t.ignored.length ? t.ignored.map(d.text).join(', ') : "''"}) FROM ${from} WHERE ${unknownOf(t, true)} GROUP BY ${k} ORDER BY ${d.aggregate('count_rows', undefined, undefined)} DESC, ${k}`),
    };
  });
  // With bad values: per bad column its most frequent values (as examples), and the rows with any (skipped).
  const bad = badChecks.length
    ? {
        values: badChecks.map((c) => ({
          column: c.column,
          what: c.what,
          scale: c.scale,
          ...(c.range ? { range: c.range } : {}),
          sql: c.other
            ? withLevels(`SELECT ${c.value}, ${c.other}, ${d.aggregate('count_rows', undefined, undefined)} FROM ${from} WHERE ${d.isTrue(c.bad)} GROUP BY ${c.value}, ${c.other} ORDER BY 3 DESC, 1, 2 LIMIT 3`)
            : withLevels(`SELECT ${c.value}, ${d.aggregate('count_rows', undefined, undefined)} FROM ${from} WHERE ${d.isTrue(c.bad)} GROUP BY ${c.value} ORDER BY 2 DESC, 1 LIMIT 3`),
        })),
        skipped: withLevels(`SELECT ${d.aggregate('count_rows', undefined, badChecks.map((c) => d.isTrue(c.bad)).join(' OR '))} FROM ${from}`),
      }
    : undefined;
  const changed = (v: string, i: number) => `(${d.trim(v)} <> ${v} OR ${noValue(v, i)})`;
  const v = `${fp}pv`;
  const probeChecksAt = probeChecks.map((index, j) => ({ index, at: probeColumns.length + j, k: probeColumns.indexOf(textChecks.get(index)!) }));
  const cleanProbe = probeColumns.length
    ? {
        columns: probeColumns,
        checks: probeChecksAt.map(({ index, at }) => ({ index, at })),
        // (A FILTER, not a WHERE: DuckDB would push a WHERE through the DISTINCT and test every row, 10M rows: 240 ms
        // against 20 ms.) The changed values' counts first, a column each, then the checks' counts.
        sql: `SELECT ${[...probeColumns.map((_, k) => `${fp}pc${k}`), ...probeChecksAt.map((_, j) => `${fp}pm${j}`)].join(', ')} FROM ${probeColumns
          .map((c, k) => {
            const i = sp.slots.findIndex((s) => columnOf(s) === c);
            const tested = probeChecksAt.flatMap((p, j) => (p.k === k ? [`, ${d.aggregate('count_rows', undefined, mayBeSpreadsheetError(v))} AS ${fp}pm${j}`] : [])).join('');
            return `(SELECT ${d.aggregate('count_rows', undefined, `${v} IS NOT NULL AND ${changed(v, i)}`)} AS ${fp}pc${k}${tested} FROM (SELECT DISTINCT ${d.asText(d.ident(c))} AS ${v} FROM ${table}) AS ${fp}p${k}) AS ${fp}q${k}`;
          })
          .join(' CROSS JOIN ')}`,
      }
    : undefined;
  return { strategy, queries, undated, facts, ...(counts ? { counts } : {}), factsChecks, factsChecksAt: factsCols.length, factsCountsAt: factsCols.length + checkCounts.length, unknown, tallies, checks, check, checkAlways, checkOf, currency, bad, ...(cleanProbe ? { cleanProbe } : {}) };
}

/** A column whose text is a number's or a date's, with no spaces: `-12.50`, `2026-03-01 10:00:00` (not a double's: 1e+20). */
const plainText = (kind: ColumnKind): boolean => kind.kind === 'decimal' || kind.kind === 'date';
/** What such a text may be, lower-cased: a null spelling of another form can never equal it. */
const PLAIN_TEXT = /^[-+]?[0-9][0-9.:\- ]*$/;

/** How many result columns an aggregate takes (compileSource, `aggregates`): what the filter strategy FILTERs. */
function partsOf(a: SourcePlan['aggregates'][number], kinds: readonly ColumnKind[]): number {
  if (a.fn === 'min' || a.fn === 'max') return 2;
  if (a.fn !== 'sum' && a.fn !== 'avg') return 1;
  const v = a.arg?.kind === 'number' ? a.arg.value : undefined;
  return (a.where ? 1 : 0) + (v?.kind === 'slot' && kinds[v.slot].kind === 'decimal' ? 2 : 4);
}

/** A DATE column's catalog type (DuckDB DATE, PostgreSQL date, ClickHouse Date). */
const PLAIN_DATE = /^(Nullable\()?date\)?$/i;
/** Integer types of at most 10 digits, and decimals by their precision (DECIMAL(12,2), numeric(12,2), Decimal32(2)). */
const FEW_DIGITS = /^(Nullable\()?(u?int(8|16|32)|u?tinyint|u?smallint|u?integer|int[24]?|decimal32\(\d+\))\)?$/i;
const DECIMAL_DIGITS = /^(?:Nullable\()?(?:decimal|numeric)\((\d+)\s*,\s*\d+\)\)?$/i;

/** Does a condition name period_start or period_end (then it is compiled once per window)? */
function usesBounds(c: RowCond | undefined): boolean {
  if (!c) return false;
  switch (c.kind) {
    case 'and':
    case 'or':
      return usesBounds(c.left) || usesBounds(c.right);
    case 'not':
      return usesBounds(c.arg);
    case 'compare_dates':
      return 'bound' in c.right;
    default:
      return false;
  }
}

/**
 * GROUP BY the keys and groups, with the total (the keys alone) by GROUPING SETS where the dialect has them, and a
 * set per driver column (its members). Without GROUPING SETS a query has one set: its groups, or its one member.
 */
function groupBy(d: Dialect, { groups, members }: Grouping, keys: readonly string[]): string {
  const by = [...groups, ...members.map((m) => m.name)];
  if (by.length === 0) return keys.length ? ` GROUP BY ${keys.join(', ')}` : '';
  if (!d.groupingSets) return ` GROUP BY ${[...keys, ...by].join(', ')}`;
  const sets = [...(groups.length ? [[...keys, ...groups]] : []), [...keys], ...members.filter((m) => !(groups.length === 1 && groups[0] === m.name)).map((m) => [...keys, m.name])];
  return ` GROUP BY GROUPING SETS (${sets.map((set) => `(${set.join(', ')})`).join(', ')})`;
}

function typeError(source: string, label: string, column: string, why: string, readBy: string): DataError {
  return new DataError(`source '${source}': column '${column}' of ${label}${readBy}: ${why}`, [], { code: 'KPI_COLUMN_TYPE', file: label, column });
}

/** The text slots of fields with canonical values, one per column (as engine/value-check.ts tallies them). */
function talliesOf(sp: SourcePlan): Tally[] {
  const out: Tally[] = [];
  sp.slots.forEach((s, slot) => {
    if (s.type !== 'text' || (s.field.type !== undefined && s.field.type !== 'text') || !s.field.values || s.field.values.size === 0) return;
    if (out.some((t) => t.column === s.field.header)) return;
    out.push({ slot, field: s.field.name, column: s.field.header, canonical: [...new Set(s.field.values.values())], ignored: [...(s.field.ignored ?? [])] });
  });
  return out;
}

/** A value of the tally's column that maps to no canonical value (and, unless `withIgnored`, is not ignored). */
function unknownCond(d: Dialect, t: Tally, nm: (name: string) => string, withIgnored = false): string {
  const v = nm(`t${t.slot}`);
  const canonical = t.canonical.length ? ` AND ${v} NOT IN (${t.canonical.map(d.text).join(', ')})` : '';
  const ignored = !withIgnored && t.ignored.length ? ` AND ${d.lower(v)} NOT IN (${t.ignored.map(d.text).join(', ')})` : '';
  return `${v} IS NOT NULL${canonical}${ignored}`;
}

/** Whether an aggregate's value or condition counts business time (business_hours(), business_days(), workdays()). */
function readsCalendar(a: PlannedAggregate): boolean {
  const value = (v: RowValue): boolean =>
    v.kind === 'span' ? v.unit !== 'days' && v.unit !== 'hours' : v.kind === 'neg' ? value(v.arg) : v.kind === 'binary' ? value(v.left) || value(v.right) : false;
  const cond = (c: RowCond): boolean => {
    switch (c.kind) {
      case 'and':
      case 'or':
        return cond(c.left) || cond(c.right);
      case 'not':
        return cond(c.arg);
      case 'in_numbers':
        return value(c.value);
      case 'compare_numbers':
        return value(c.left) || value(c.right);
      default:
        return false;
    }
  };
  return (a.arg?.kind === 'number' && value(a.arg.value)) || (a.where !== undefined && cond(a.where));
}

/** Row values and conditions over the slots of `src` (t<i> text, n<i> doubles, m<i> wall-clock ms). */
class CondCompiler {
  constructor(
    private readonly d: Dialect,
    private readonly kinds: readonly ColumnKind[],
    /** A column of the levels by its bare name (t3), as the query names it (compileSource). */
    private readonly nm: (name: string) => string,
  ) {}

  /** A row value as the double kpi computes (compile-row.ts): null when a slot is empty, and on a division by 0. */
  value(e: RowValue): string {
    const d = this.d;
    switch (e.kind) {
      case 'number':
        return d.double(e.value);
      case 'slot':
        return this.nm(`n${e.slot}`);
      case 'neg':
        return `(-${this.value(e.arg)})`;
      case 'binary': {
        const a = this.value(e.left);
        const b = this.value(e.right);
        return e.op === '/' ? `(${a} / NULLIF(${b}, 0))` : `(${a} ${e.op} ${b})`;
      }
      case 'span':
        if (e.unit !== 'days' && e.unit !== 'hours') throw new InternalError(`${e.unit}() reached the SQL compiler (compileSource refuses it)`);
        return `(${d.asDouble(`${this.nm(`m${e.to}`)} - ${this.nm(`m${e.from}`)}`)} / ${d.double(e.unit === 'days' ? 86_400_000 : 3_600_000)})`;
    }
  }

  cond(c: RowCond, bounds: { start: string; end: string }): string {
    const d = this.d;
    const leaf = (sql: string) => d.isTrue(sql);
    switch (c.kind) {
      case 'and':
      case 'or':
        return `(${this.cond(c.left, bounds)} ${c.kind.toUpperCase()} ${this.cond(c.right, bounds)})`;
      case 'not':
        return `(NOT ${this.cond(c.arg, bounds)})`;
      case 'empty':
        return `(${this.nm(`t${c.slot}`)} IS ${c.negated ? 'NOT ' : ''}NULL)`;
      case 'in_numbers':
        return leaf(`${this.value(c.value)} IN (${c.values.map((v) => d.double(v)).join(', ')})`);
      case 'in_texts':
        return leaf(`${d.lower(this.nm(`t${c.slot}`))} IN (${c.values.map((v) => d.lower(d.text(v))).join(', ')})`);
      case 'compare_numbers':
        return leaf(`${this.value(c.left)} ${OPS[c.op]} ${this.value(c.right)}`);
      case 'compare_texts': {
        const right = 'text' in c.right ? d.lower(d.text(c.right.text)) : d.lower(this.nm(`t${c.right.slot}`));
        return leaf(`${d.lower(this.nm(`t${c.slot}`))} ${OPS[c.op]} ${right}`);
      }
      case 'compare_dates': {
        const r = c.right;
        // Two date fields compare in ms; a date field with a date or a period bound, by day.
        if ('slot' in r) return leaf(`${this.nm(`m${c.slot}`)} ${OPS[c.op]} ${this.nm(`m${r.slot}`)}`);
        const day = d.dayOfMs(this.nm(`m${c.slot}`));
        return leaf(`${day} ${OPS[c.op]} ${'day' in r ? String(r.day) : r.bound === 'period_start' ? bounds.start : bounds.end}`);
      }
    }
  }
}
