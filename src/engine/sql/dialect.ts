// What the SQL compiler (compile.ts) asks of a database's SQL: quoting, a few functions, and how an aggregate over
// some rows is written. One small file per engine implements it (duckdb.ts today; PostgreSQL and ClickHouse next).
// A dialect writes SQL text only: it never connects, and it imports nothing but this file and the leaves
// (test/architecture.test.ts). What the next ones need, from the study (shared notes on SQL engines):
//   - PostgreSQL: FILTER and GROUPING SETS as DuckDB; `percentile`s from the values as here; COLLATE "C" for text
//     order; numerics come back as text; GROUPING SETS run serially (a total query of its own may be faster).
//   - ClickHouse 18.16: no FILTER (`aggregate` writes sumIf/countIf/uniqExactIf/groupArrayIf), no GROUPING SETS
//     (leave `groupingSets` undefined: the compiler sends the total as a second query, tested on DuckDB), `isTrue`
//     is ifNull(x, 0) (its AND/OR with NULL differ), no trim (replaceRegexpAll), minIf over nothing is 0 (the
//     compiler's `count_values` part tells), Decimal / 0 throws (test the divisor first), literals inlined.

/** How kpi reads a column of the database, by its catalog type. */
export type ColumnKind =
  /** An exact decimal with at most six decimals (or an integer): sums of it are exact in SQL as in kpi. */
  | { kind: 'decimal'; scale: number }
  /** A number kpi reads as a double (DOUBLE, REAL, a DECIMAL with more than six decimals). */
  | { kind: 'float' }
  | { kind: 'date' }
  | { kind: 'text' }
  /** Something kpi cannot read as a number or a date (a timestamp with a time zone, a blob, a list …): why. */
  | { kind: 'other'; why: string };

/**
 * The aggregates the compiler writes. Each takes its rows through a condition (`cond` undefined: every row of the
 * group). `sum_decimal` sums an exact decimal; the `micro_*` pair sums doubles as kpi's exact sum does
 * (accumulators.ts, ExactSum): each value's micro-units, and whether every value has at most six decimals.
 */
export type SqlAggregate = 'count_rows' | 'count_values' | 'sum_decimal' | 'micro_sum' | 'micro_exact' | 'float_sum' | 'min' | 'max' | 'values' | 'count_distinct';

export interface Dialect {
  /** The engine's name in messages and in `url:` (`duckdb`). */
  readonly name: string;
  /** An identifier, quoted so that no name can end the quoting (`"a""b"`). */
  ident(name: string): string;
  /** A text literal, escaped so that no value can end it. */
  text(value: string): string;
  /** A number of a formula, as a double. */
  double(value: number): string;
  /** How a column of this catalog type is read. */
  columnKind(catalogType: string): ColumnKind;
  /** A column's value as text (any type). */
  asText(x: string): string;
  /**
   * Text as kpi reads it (util/text.ts textValue): trimmed as JavaScript trims (Unicode spaces, line breaks, BOM),
   * with no zero-width characters, in NFC, and every inner run of white space one space.
   */
  trim(x: string): string;
  /** Lower case, for case-insensitive text. */
  lower(x: string): string;
  /** Upper case (a currency code, as kpi upper-cases it). */
  upper(x: string): string;
  asDouble(x: string): string;
  /** An exact decimal of six places (a `decimal` column, for exact sums). */
  asDecimal(x: string): string;
  /** Wall-clock milliseconds since 1970-01-01 of a DATE or TIMESTAMP value, with no time zone. */
  epochMs(x: string): string;
  /** The day number (days since 1970-01-01, floored) of wall-clock milliseconds. */
  dayOfMs(ms: string): string;
  /**
   * The day number (days since 1970-01-01) of a DATE column, exactly `dayOfMs(epochMs(x))` but without computing
   * milliseconds for each row. Undefined: through epochMs.
   */
  dayOfDate?(x: string): string;
  /** A DATE literal of an ISO day (`2026-05-01`), to compare a DATE column with (a database skips blocks by it). */
  dateLiteral(iso: string): string;
  /** Whether text `x` matches a regular expression, ignoring case. */
  matches(x: string, pattern: string): string;
  /** Whether double `n` prints as decimal `x` (a double holds the decimal's digits as written). */
  heldByDouble(n: string, x: string): string;
  /** A condition that is false where `x` is NULL: kpi's conditions are two-valued. */
  isTrue(x: string): string;
  /** One aggregate of `arg` over the group's rows where `cond` holds (every row when undefined). */
  aggregate(fn: SqlAggregate, arg: string | undefined, cond: string | undefined): string;
  /** A result column's value carried as text (exact decimals, big integers). */
  resultText(x: string): string;
  /**
   * `GROUP BY` with the total row: GROUPING SETS, and the expression that is non-zero on the total row. Undefined
   * when the engine has none (ClickHouse 18.16): the compiler then asks for the total in a second query.
   */
  groupingSets?: { grouping(columns: readonly string[]): string };
  /** A table of constant rows to join with, for windows as a group key: `(VALUES (0, 1, 2)) AS w(a, b, c)`. */
  values(rows: readonly (readonly number[])[], alias: string, columns: readonly string[]): string;
  /**
   * Windows as a group key where a join on a range cannot be written (ClickHouse joins on equality only): the
   * FROM clause that gives each row of `from` (the table, or a subquery with its alias) one row per window, named
   * `w` (0-based, in the rows' order), whose [lo, hi] holds its `day`, and the expressions of that window's bounds.
   * Undefined: `from` JOIN `values` ON day BETWEEN lo AND hi.
   */
  windowJoin?(rows: readonly (readonly number[])[], from: string, day: string, w: string): { from: string; lo: string; hi: string };
  /**
   * One SELECT over the table itself, every level's columns WITH aliases, instead of a subquery a level: a
   * ClickHouse `Distributed` table then sends the whole aggregation to its shards, which return their partial
   * aggregates (over a subquery, the shards send every row to the server kpi talks to, which aggregates them).
   */
  readonly flat?: boolean;
  /**
   * Whether the check for values kpi cannot read is best a query of its own, its cheap tests a WHERE on the table's
   * own columns (DuckDB: a range test of a number column skips every block by its zone map, a text test runs on the
   * compressed column — 1 ms and 30 ms on 10M rows, where counting the same text test in the rows per day's scan
   * added 40–130 ms). Otherwise (PostgreSQL, ClickHouse: every test reads every row) the cheap tests are counted
   * in the one scan of the rows per day, and the exact check is sent only for a column where they found rows.
   */
  readonly checksApart?: boolean;
  /**
   * Whether a --by or driver text column is first asked whether any of its distinct values needs kpi's reading
   * (a space to trim, an empty or null spelling): when none does, it is grouped as stored, not trimmed row by row
   * (DuckDB: the trim and the null test of a 40-rep column were a fifth of a month's query on 10M rows; its
   * DISTINCT on the dictionary-compressed column costs a few milliseconds).
   */
  readonly probesCleanText?: boolean;
}
