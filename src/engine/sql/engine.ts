// The SQL engine, the second implementation of the Engine contract: each source that is a database table
// (Table.relation) is compiled to SQL (compile.ts) in its engine's dialect and computed where it lives; the
// finished values come back per window, group and aggregate, with the rows each window had, and are finished by
// kpi's own accumulators (accumulators.ts), so a figure is the streaming engine's to the last digit.
import { DataError, InternalError } from '../../errors.js';
import { formatDay } from '../../calendar/days.js';
import { kpisByAggregate, aggregateLabel, type Bounds, type Plan, type PlannedAggregate, type SourcePlan } from '../../plan/plan.js';
import type { Relation, Table } from '../../sources/table.js';
import { inexact, type Val } from '../../util/exact.js';
import { mark } from '../../util/timing.js';
import { reviveAccumulator } from '../accumulators.js';
import type { AggregateResults, Engine, EngineOptions, SourceAggregates } from '../engine.js';
import type { DataQuality, Doubt, WindowDoubts } from '../run.js';
import { EMPTY_GROUP, noteSigns } from '../run.js';
import { unknownMessage, valuesLine } from '../value-check.js';
import { compileSource, type AggregatePart, type CompiledSource, type SqlQuery } from './compile.js';
import type { Dialect } from './dialect.js';
import { clickhouseDialect } from './clickhouse.js';
import { duckdbDialect } from './duckdb.js';
import { postgresDialect } from './postgres.js';

/** The dialects by the name a Relation gives (its `url:` scheme). */
const DIALECTS: Readonly<Record<string, Dialect>> = { duckdb: duckdbDialect, postgres: postgresDialect, clickhouse: clickhouseDialect };

/** What the SQL engine reads a source from: its table in a database (the Table a database source opened). */
export interface SqlTable {
  name: string;
  config: { null_values?: string[] };
  files: readonly Table[];
}

/** Distinct unknown values kept per column, as engine/value-check.ts keeps them. */
const MAX_DISTINCT = 200;

/** The parts of one aggregate in one window and group, as they came from SQL. */
type Parts = Partial<Record<AggregatePart, unknown>>;

interface Cell {
  seen: number;
  seenAll: number;
  parts: Parts[];
  unknown: Map<string, number>;
}

interface WindowCells {
  total?: Cell;
  groups: Map<string, { values: string[]; cell: Cell }>;
}

export class SqlEngine implements Engine<SqlTable> {
  async run(plan: Plan, windows: readonly Bounds[], tables: ReadonlyMap<string, SqlTable>, options: EngineOptions): Promise<AggregateResults> {
    const results = new Map<string, SourceAggregates>();
    for (const [name, sp] of plan.sources) {
      const table = tables.get(name)!.files[0];
      if (!table.relation) throw new InternalError(`source '${name}' is not a database table`);
      results.set(name, await runSource(plan, sp, table, table.relation, tables.get(name)!.config, windows, options));
    }
    return results;
  }
}

/** The null spellings of a source, as sources/column-format.ts reads them (lower-cased). */
const NULL_VALUES = ['NULL', '\\N', '(null)', 'N/A', '-'];

async function runSource(plan: Plan, sp: SourcePlan, table: Table, relation: Relation, config: SqlTable['config'], windows: readonly Bounds[], options: EngineOptions): Promise<SourceAggregates> {
  const dialect = DIALECTS[relation.engine];
  if (!dialect) throw new InternalError(`no SQL dialect named ${relation.engine}`);
  const byLabel = kpisByAggregate(plan, sp.name);
  const compiled = compileSource(sp, windows, relation, dialect, {
    nulls: new Set((config.null_values ?? NULL_VALUES).map((v) => v.trim().toLowerCase())),
    label: table.label,
    kpisOf: (i) => byLabel.get(aggregateLabel(sp.aggregates[i])) ?? [],
  });
  if (compiled.check) refuseUnreadable(sp, table, compiled, await relation.query(compiled.check));
  const [facts, ...rest] = await Promise.all([
    relation.query(compiled.facts),
    ...compiled.unknown.map((u) => relation.query(u.sql)),
    ...compiled.queries.map((q) => relation.query(q.sql)),
    ...compiled.undated.map((q) => relation.query(q.sql)),
  ]);
  const unknownRows = rest.slice(0, compiled.unknown.length);
  mark(`${sp.name}: ${dialect.name} queries (${compiled.strategy})`);
  const cells: WindowCells[] = Array.from({ length: windows.length }, () => ({ groups: new Map() }));
  compiled.queries.forEach((q, i) => readCells(sp, q, cells, rest[compiled.unknown.length + i]));
  const unplaced = undatedDoubts(sp, compiled.undated, rest.slice(compiled.unknown.length + compiled.queries.length), table.label);
  const quality = qualityOf(sp, table, facts, compiled, unknownRows, options.strict);
  if (unplaced.rows > 0) {
    const column = sp.slots[sp.periodSlot!].field.header;
    quality.bad_values.push({
      column,
      count: unplaced.rows,
      first: { file: table.label, line: 0, value: '', reason: `its period field '${column}' is empty: the row counts in a period figure but is in no period` },
      examples: [],
      aggregates: unplaced.aggregates.map((a) => aggregateLabel(sp.aggregates[a])),
      kpis: [],
      groups: false,
      empty_period: true,
    });
  }
  const days = facts.flatMap((r) => (r[0] === null ? [] : [Number(r[0])])).sort((a, b) => a - b);
  const income = sp.signs ? facts.reduce((n, r) => n + (typeof r[2] === 'number' ? r[2] : 0), 0) : undefined;
  noteSigns(sp, { quality, income });
  const hasPeriod = sp.periodSlot !== undefined;
  const allRows = sp.aggregates.some((a) => a.allRows && hasPeriod);
  const cellOf = (w: number, group?: string) => (group === undefined ? cells[w]?.total : cells[w]?.groups.get(group)?.cell);
  const doubts = cells.map((c) => doubtsOf(c, table.label));
  return {
    value(w, index, group) {
      const cell = cellOf(w, group);
      if (!cell) return null;
      const a = sp.aggregates[index];
      return finish(a, cell.parts[index] ?? {}, a.allRows && hasPeriod ? cell.seenAll : cell.seen);
    },
    taken(w, index, group) {
      const p = cellOf(w, group)?.parts[index];
      return p ? takenOf(sp.aggregates[index], p) : 0;
    },
    rows: (w) => cells[w]?.total?.seen ?? 0,
    *groups(w) {
      // A group is in a window once one of its rows reaches an aggregate there (run.ts): an aggregate of a
      // `period: none` KPI sees every row, so then every group is in every window.
      for (const [key, g] of cells[w]?.groups ?? []) if (allRows || g.cell.seen > 0) yield [key, g.values] as const;
    },
    currencies: () => undefined,
    groupCurrencies: () => undefined,
    days,
    quality,
    doubts: (w) => doubts[w],
    unplacedDoubts: unplaced.doubts,
  };
}

/**
 * The rows with no date that each period aggregate would count, as run.ts notes them (`e:<aggregate>`, in the
 * doubts of no window), and their data-quality entry; a database row has no line.
 */
function undatedDoubts(sp: SourcePlan, queries: readonly SqlQuery[], results: readonly unknown[][][], label: string): { doubts: WindowDoubts; rows: number; aggregates: number[] } {
  const doubts: WindowDoubts = { total: new Map(), groups: new Map() };
  let rows = 0;
  const aggregates = new Set<number>();
  queries.forEach((q, i) => {
    const groupCols = q.columns.flatMap((c, j) => (c.role === 'group' ? [j] : []));
    const totalCol = q.columns.findIndex((c) => c.role === 'total');
    for (const row of results[i]) {
      const total = groupCols.length === 0 || (totalCol >= 0 && Number(row[totalCol]) !== 0);
      let into = doubts.total;
      if (!total) {
        const key = groupCols.map((j) => (row[j] === null ? EMPTY_GROUP : String(row[j])) || '\u0000').join('\u001f');
        let g = doubts.groups.get(key);
        if (!g) doubts.groups.set(key, (g = new Map()));
        into = g;
      }
      q.columns.forEach((c, j) => {
        const n = Number(row[j] ?? 0);
        if (c.role === 'undated_rows' && total) rows = n;
        if (c.role !== 'undated' || n === 0) return;
        into.set(`e:${c.index}`, { count: n, file: label, line: 0, value: '' });
        if (total) aggregates.add(c.index);
      });
    }
  });
  return { doubts, rows, aggregates: [...aggregates].sort((a, b) => a - b) };
}

/**
 * A source with values the streaming engine would leave out as unreadable is refused: the SQL engine cannot yet
 * leave a row out of only the figures that read the value, nor locate it by line, and reading it in would be a
 * figure built from a value kpi did not understand.
 */
function refuseUnreadable(sp: SourcePlan, table: Table, compiled: CompiledSource, rows: readonly unknown[][]): void {
  const row = rows[0] ?? [];
  compiled.checks.forEach((c, i) => {
    const n = Number(row[2 * i] ?? 0);
    if (n === 0) return;
    // A decimal as it is written, without the trailing zeros of its six places.
    const value = c.what === 'number' ? String(row[2 * i + 1]).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') : String(row[2 * i + 1]);
    const why = c.what === 'number' ? 'numbers beyond ±10^15 or with more significant digits than kpi reads exactly (15)' : 'spreadsheet errors (#N/A, #DIV/0! …)';
    throw new DataError(
      `source '${sp.name}': column '${c.column}' of ${table.label} holds ${n} ${n === 1 ? 'value' : 'values'} kpi cannot read (${why}), e.g. ${JSON.stringify(value)}; on a database kpi stops rather than leave them out: clean or round them in a view, or export the table to CSV to have each located and left out`,
      [],
      { code: 'KPI_DATABASE_VALUES', file: table.label, column: c.column },
    );
  });
}

function freshCell(aggregates: number): Cell {
  return { seen: 0, seenAll: 0, parts: Array.from({ length: aggregates }, () => ({})), unknown: new Map() };
}

/** A query's result rows into the cells per window and group (the total has no key). */
function readCells(sp: SourcePlan, query: SqlQuery, out: WindowCells[], rows: readonly unknown[][]): void {
  const { columns } = query;
  const groupCols = columns.flatMap((c, i) => (c.role === 'group' ? [i] : []));
  const totalCol = columns.findIndex((c) => c.role === 'total');
  const windowCol = columns.findIndex((c) => c.role === 'window');
  for (const row of rows) {
    const total = groupCols.length === 0 || (totalCol >= 0 && Number(row[totalCol]) !== 0);
    let key: string | undefined;
    let values: string[] | undefined;
    if (!total) {
      values = groupCols.map((i) => (row[i] === null ? EMPTY_GROUP : String(row[i])));
      // As run.ts keys groups: the empty value as U+0000, so no group's key is '' (the total).
      key = values.map((v) => v || '\u0000').join('\u001f');
    }
    const rowWindow = windowCol >= 0 ? Number(row[windowCol]) : undefined;
    const cellIn = (w: number): Cell => {
      const win = out[w];
      if (key === undefined) return (win.total ??= freshCell(sp.aggregates.length));
      let g = win.groups.get(key);
      if (!g) win.groups.set(key, (g = { values: values!, cell: freshCell(sp.aggregates.length) }));
      return g.cell;
    };
    const windowsOf = (w: number | undefined): number[] => (w !== undefined ? [w] : rowWindow !== undefined ? [rowWindow] : out.map((_, i) => i));
    columns.forEach((c, i) => {
      const v = row[i];
      switch (c.role) {
        case 'seen':
          for (const w of windowsOf(c.w)) cellIn(w).seen = Number(v);
          return;
        case 'seen_all':
          for (const w of windowsOf(undefined)) cellIn(w).seenAll = Number(v);
          return;
        case 'aggregate':
          for (const w of windowsOf(c.w)) cellIn(w).parts[c.index][c.part] = v;
          return;
        case 'unknown':
          if (Number(v) > 0) for (const w of windowsOf(c.w)) cellIn(w).unknown.set(c.column, Number(v));
          return;
        default:
          return;
      }
    });
  }
}

const SPILL = 2n ** 52n;

/** Micro-units of a DECIMAL(38,6) text (`-12.340000`), as kpi's exact sum holds them. */
function microOfDecimal(text: string): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new InternalError(`not a decimal from SQL: ${text}`);
  const frac = (m[3] ?? '').padEnd(6, '0');
  if (frac.length > 6) throw new InternalError(`a decimal from SQL with more than six places: ${text}`);
  return BigInt(`${m[1]}${m[2] || '0'}${frac}`);
}

/** What an aggregate took (Accumulator.taken), from its parts: the same count the streaming engine keeps. */
function takenOf(a: PlannedAggregate, p: Parts): number {
  switch (a.fn) {
    case 'count':
      return Number(p.n ?? 0);
    case 'count_distinct':
      return Number(p.distinct ?? 0);
    case 'median':
    case 'percentile':
      return ((p.values as unknown[] | null | undefined) ?? []).length;
    default:
      return Number(p.count ?? 0);
  }
}

/** An aggregate's value from its parts, finished by kpi's own accumulator (so: the streaming engine's value). */
function finish(a: PlannedAggregate, p: Parts, seen: number): Val | null {
  let state: Record<string, unknown>;
  switch (a.fn) {
    case 'count':
      state = { seen, n: Number(p.n ?? 0) };
      break;
    case 'count_distinct': {
      if (seen === 0) return null;
      const n = Number(p.distinct ?? 0);
      return { v: n, d: { units: BigInt(n), scale: 0 } };
    }
    case 'sum':
    case 'avg': {
      const count = Number(p.count ?? 0);
      // A boolean, or 0/1 from an engine without one (ClickHouse); NULL when no value was summed.
      const exact = p.exact !== false && p.exact !== 0 && p.exact !== '0';
      const micro = !exact ? 0n : p.decimal !== undefined ? (p.decimal === null ? 0n : microOfDecimal(String(p.decimal))) : p.micro === null || p.micro === undefined ? 0n : BigInt(String(p.micro));
      const small = micro < SPILL && micro > -SPILL;
      state = {
        seen,
        matched: p.matched === undefined ? seen : Number(p.matched),
        sum: { small: small ? Number(micro) : 0, big: small ? 0n : micro, exact, float: exact ? Number(micro) / 1e6 : Number(p.float ?? 0), compensation: 0, count },
      };
      break;
    }
    case 'min':
    case 'max':
      state = { seen, best: p.best === null || p.best === undefined ? null : Number(p.best), n: Number(p.count ?? 0) };
      break;
    case 'median':
    case 'percentile': {
      const values = Float64Array.from((p.values as number[] | null | undefined) ?? [], Number);
      state = { seen, values, n: values.length };
      break;
    }
  }
  const acc = reviveAccumulator(a.fn, a.q, state);
  const v = acc.finish();
  if (v === null) return null;
  const d = acc.exact();
  return d ? { v, d } : inexact(v);
}

/** A window's unknown values as report/doubts.ts reads them (`u:<column>`); a database row has no line. */
function doubtsOf(win: WindowCells, label: string): WindowDoubts {
  const doubt = (count: number): Doubt => ({ count, file: label, line: 0, value: '' });
  const total = new Map([...(win.total?.unknown ?? [])].map(([column, n]) => [`u:${column}`, doubt(n)]));
  const groups = new Map<string, Map<string, Doubt>>();
  for (const [key, g] of win.groups) if (g.cell.unknown.size) groups.set(key, new Map([...g.cell.unknown].map(([column, n]) => [`u:${column}`, doubt(n)])));
  return { total, groups };
}

function qualityOf(sp: SourcePlan, table: Table, facts: readonly unknown[][], compiled: CompiledSource, unknownRows: readonly unknown[][][], strict: boolean): DataQuality {
  let rows = 0;
  let noPeriod = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const r of facts) {
    const n = Number(r[1]);
    rows += n;
    if (r[0] === null) {
      if (sp.periodSlot !== undefined) noPeriod += n;
      continue;
    }
    first = Math.min(first, Number(r[0]));
    last = Math.max(last, Number(r[0]));
  }
  const quality: DataQuality = {
    source: sp.name,
    files: [table.label],
    rows,
    skipped: 0,
    no_period: noPeriod,
    total_rows: [],
    dates: Number.isFinite(first) ? { first: formatDay(first), last: formatDay(last) } : null,
    bad_values: [],
    wide_rows: { count: 0, first: null },
    short_rows: { count: 0, first: null },
    issues: [],
    unknown_values: [],
    ignored_values: [],
  };
  compiled.unknown.forEach(({ tally }, i) => {
    let kept = 0;
    for (const [, value, count, ignored] of unknownRows[i]) {
      const spelling = String(value);
      const n = Number(count);
      // A boolean, or 0/1 from an engine without one (ClickHouse).
      if (ignored === true || Number(ignored) === 1) {
        quality.ignored_values.push({ field: tally.field, column: tally.column, value: spelling, count: n });
        continue;
      }
      if (strict) {
        throw new DataError(`${table.label}: column '${tally.column}': ${unknownMessage(tally.field, spelling, tally.canonical)} (--strict stops at the first unknown value)`, [`map it in kpi.yaml under the source: ${valuesLine(tally.field, spelling, tally.canonical)}`], {
          code: 'KPI_UNKNOWN_VALUE',
          file: table.label,
          column: tally.column,
        });
      }
      if (kept++ < MAX_DISTINCT) quality.unknown_values.push({ field: tally.field, column: tally.column, value: spelling, count: n, file: table.label, line: 0, expected: tally.canonical });
      else {
        const other = quality.unknown_values[quality.unknown_values.length - 1];
        if (other.value === '(other values)') other.count += n;
        else quality.unknown_values.push({ field: tally.field, column: tally.column, value: '(other values)', count: n, file: table.label, line: 0, expected: tally.canonical });
      }
    }
  });
  return quality;
}
