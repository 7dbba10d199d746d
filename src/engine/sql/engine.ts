// The SQL engine, the second implementation of the Engine contract: each source that is a database table
// (Table.relation) is compiled to SQL (compile.ts) in its engine's dialect and computed where it lives; the
// finished values come back per window, group and aggregate, with the rows each window had, and are finished by
// kpi's own accumulators (accumulators.ts), so a figure is the streaming engine's to the last digit.
import { DataError, InternalError } from '../../errors.js';
import { formatDay } from '../../calendar/days.js';
import { kpisByAggregate, aggregateLabel, driverKey, isDriverKey, type Bounds, type Plan, type PlannedAggregate, type SourcePlan } from '../../plan/plan.js';
import type { Relation, Table } from '../../sources/table.js';
import { inexact, type Val } from '../../util/exact.js';
import { mark } from '../../util/timing.js';
import { reviveAccumulator } from '../accumulators.js';
import type { AggregateResults, Engine, EngineOptions, SourceAggregates } from '../engine.js';
import type { CurrencyRows, DataQuality, Doubt, WindowDoubts } from '../run.js';
import { amountSlots, EMPTY_GROUP, noteSigns, spanPairs, watchedSlots } from '../run.js';
import { unknownMessage, valuesLine } from '../value-check.js';
import { offScaleReason, type Scale } from '../../model/vocabulary.js';
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
  config: { null_values?: string[]; columns?: Readonly<Record<string, string | null>>; period_field?: string };
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
  /** Rows with a value kpi cannot read, per column. */
  bad: Map<string, number>;
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

/**
 * The number slots whose non-empty values the rows per day count: the columns mapped by hand (report/mapping-held.ts)
 * and the amounts aggregates take values of, whose empty cells are `empty_values` (run.ts, amountSlots).
 */
function countedSlots(sp: SourcePlan, config: SqlTable['config']): number[] {
  return [...new Set([...watchedSlots(sp, config).filter((i) => sp.slots[i].type === 'number'), ...amountSlots(sp).map((a) => a.slot)])];
}

/** The source's SQL in its engine's dialect, for these windows. */
function compileFor(plan: Plan, sp: SourcePlan, table: Table, relation: Relation, config: SqlTable['config'], windows: readonly Bounds[], bad?: ReadonlySet<string>, clean?: ReadonlySet<string>): { dialect: Dialect; compiled: CompiledSource } {
  const dialect = DIALECTS[relation.engine];
  if (!dialect) throw new InternalError(`no SQL dialect named ${relation.engine}`);
  const byLabel = kpisByAggregate(plan, sp.name);
  const compiled = compileSource(sp, windows, relation, dialect, {
    nulls: new Set((config.null_values ?? NULL_VALUES).map((v) => v.trim().toLowerCase())),
    label: table.label,
    bad,
    clean,
    counted: countedSlots(sp, config),
    kpisOf: (i) => byLabel.get(aggregateLabel(sp.aggregates[i])) ?? [],
  });
  return { dialect, compiled };
}

/** One query of a source as `kpi sql` prints it: what it computes, and its text. */
export interface SourceQuery {
  purpose: string;
  sql: string;
  /** When it is sent only if an earlier answer calls for it: when. */
  when?: string;
}

const CHECK_PURPOSE = 'values kpi cannot read (numbers beyond ±10^15 or past 15 digits, spreadsheet errors), per column';

/** What `kpi sql` prints of a database source: its engine, what it reads, the strategy and every query. */
export interface SourceSql {
  source: string;
  engine: string;
  table: string;
  strategy: CompiledSource['strategy'];
  queries: SourceQuery[];
}

/** Every query of a compiled source in the order the engine sends them, each with what it computes. */
function queriesOf(compiled: CompiledSource): SourceQuery[] {
  const out: SourceQuery[] = [];
  if (compiled.check) out.push({ purpose: CHECK_PURPOSE, sql: compiled.check });
  if (compiled.cleanProbe) {
    const names = compiled.cleanProbe.columns.map((c) => `'${c}'`).join(', ');
    const checked = compiled.cleanProbe.checks.map((c) => `'${compiled.checks[c.index].column}'`).join(', ');
    out.push({ purpose: `how many distinct values of ${names} kpi's reading would change (a space to trim, an empty or null spelling); a column with none is read as stored in the queries below, not trimmed row by row${checked ? `; and how many of ${checked} have a '#' (may be a spreadsheet error)` : ''}`, sql: compiled.cleanProbe.sql });
    if (checked) out.push({ purpose: CHECK_PURPOSE, sql: compiled.checkOf(compiled.cleanProbe.checks.map((c) => c.index)), when: `only for the columns of which the probe found a value with a '#'` });
  }
  const folded = [...new Set(compiled.factsChecks.map((i) => compiled.checks[i].column))].map((c) => `'${c}'`).join(', ');
  out.push({ purpose: `rows per day of the period field (data quality, coverage)${folded ? `, and the rows of ${folded} that may hold a value kpi cannot read` : ''}`, sql: compiled.facts });
  if (compiled.counts) out.push({ purpose: 'the values written in each number column read (its empty cells, data quality)', sql: compiled.counts });
  if (folded) out.push({ purpose: CHECK_PURPOSE, sql: compiled.checkOf(compiled.factsChecks), when: 'only for the columns in which the rows per day found such rows' });
  for (const u of compiled.unknown) out.push({ purpose: `unknown values of column '${u.tally.column}' (${u.tally.field})`, sql: u.sql });
  if (compiled.bad) {
    out.push({ purpose: 'rows with a value kpi cannot read (left out of the figures that read it)', sql: compiled.bad.skipped });
    for (const v of compiled.bad.values) out.push({ purpose: `the values of column '${v.column}' kpi cannot read, the most frequent first`, sql: v.sql });
  }
  if (compiled.currency) {
    out.push({ purpose: 'rows per currency (and --by group): every row, empty cells, per window', sql: compiled.currency.sql });
    out.push({ purpose: 'rows with no currency', sql: compiled.currency.emptyNoCode });
  }
  const grouped = compiled.queries.some((q) => q.columns.some((c) => c.role === 'group'));
  for (const q of compiled.undated) {
    const groups = q.columns.some((c) => c.role === 'group');
    out.push({ purpose: `rows with an empty period field that a period figure would count (in doubt in every period)${groups ? ', per --by group' : grouped ? ', the total of the --by groups' : ''}`, sql: q.sql, when: 'only when the rows per day count rows with no date' });
  }
  compiled.queries.forEach((q) => {
    const groups = q.columns.some((c) => c.role === 'group');
    const every = q.columns.some((c) => c.role === 'seen_all');
    const what = every ? 'the aggregates of period: none KPIs (every row)' : `the aggregates per window (${q.strategy === 'buckets' ? 'the window as a group key' : 'a FILTER per window'})`;
    // A dialect without GROUPING SETS sends the --by groups and their total as two queries.
    const which = !groups ? (grouped ? ', the total of the --by groups' : '') : q.columns.some((c) => c.role === 'total') ? ', per --by group and the total' : ', per --by group';
    out.push({ purpose: `${what}${which}`, sql: q.sql });
  });
  return out;
}

/** The SQL each database source of the plan would run for these windows (`kpi sql`); runs nothing. */
export function sqlOfPlan(plan: Plan, windows: readonly Bounds[], tables: ReadonlyMap<string, SqlTable>): SourceSql[] {
  const out: SourceSql[] = [];
  for (const [name, sp] of plan.sources) {
    const t = tables.get(name)!;
    const table = t.files[0];
    if (!table?.relation) continue;
    const { dialect, compiled } = compileFor(plan, sp, table, table.relation, t.config, windows);
    out.push({ source: name, engine: dialect.name, table: table.label, strategy: compiled.strategy, queries: queriesOf(compiled) });
  }
  return out;
}

/** How long each query of a source took, as `kpi explain` says it. */
async function timedQuery(relation: Relation, timings: { purpose: string; ms: number }[], purpose: string, sql: string): Promise<unknown[][]> {
  const start = performance.now();
  const rows = await relation.query(sql);
  timings.push({ purpose, ms: Math.round(performance.now() - start) });
  mark(`query done in ${Math.round(performance.now() - start)} ms: ${purpose}`);
  return rows;
}

async function runSource(plan: Plan, sp: SourcePlan, table: Table, relation: Relation, config: SqlTable['config'], windows: readonly Bounds[], options: EngineOptions): Promise<SourceAggregates> {
  const started = performance.now();
  const first = compileFor(plan, sp, table, relation, config, windows);
  const timings: { purpose: string; ms: number }[] = [];
  let purposes = new Map(queriesOf(first.compiled).map((q) => [q.sql, q.purpose]));
  const run = (sql: string) => timedQuery(relation, timings, purposes.get(sql) ?? 'query', sql);
  // Values kpi cannot read: counted first; where there are some, the source is compiled again so that each
  // aggregate leaves out the rows with such a value in a column it reads (or, where that cannot be done exactly
  // yet, refused). The rows per day (facts) come with the rows each check's cheap test lets through: the exact
  // test runs only for a column where that found some, besides the checks of a query of their own (check).
  // (With them, the --by and driver text columns whose values need no trimming, asked of their distinct values.)
  const probe = first.compiled.cleanProbe;
  const [firstFacts, always, probed, firstCounts] = await Promise.all([
    run(first.compiled.facts),
    first.compiled.check ? run(first.compiled.check) : undefined,
    probe ? run(probe.sql) : undefined,
    first.compiled.counts ? run(first.compiled.counts) : undefined,
  ]);
  const clean = probe && probed ? new Set(probe.columns.filter((_, k) => Number(probed[0]?.[k] ?? 1) === 0)) : undefined;
  if (probe && clean) {
    // What the probe found, for kpi explain's list of queries.
    const said = timings.find((t) => t.purpose === purposes.get(probe.sql));
    if (said) said.purpose = `${said.purpose}: ${probe.columns.map((c) => `'${c}' ${clean.has(c) ? 'read as stored' : 'trimmed row by row (some values need it)'}`).join(', ')}`;
  }
  const at = first.compiled.factsChecksAt;
  const candidates = [
    ...first.compiled.factsChecks.filter((_, k) => firstFacts.some((r) => Number(r[at + k] ?? 0) > 0)),
    // (A probed column's check, when one of its distinct values has a '#'; with no answer, asked.)
    ...(probe?.checks ?? []).filter((c) => Number(probed?.[0]?.[c.at] ?? 1) > 0).map((c) => c.index),
  ];
  const found = [
    ...(always ? badColumnsOf(sp, table, first.compiled, first.compiled.checkAlways, always) : []),
    ...(candidates.length ? badColumnsOf(sp, table, first.compiled, candidates, await timedQuery(relation, timings, CHECK_PURPOSE, first.compiled.checkOf(candidates))) : []),
  ];
  const again = found.length > 0 || (clean?.size ?? 0) > 0;
  const { dialect, compiled } = again ? compileFor(plan, sp, table, relation, config, windows, found.length ? new Set(found.map((b) => b.key)) : undefined, clean) : first;
  if (again) purposes = new Map(queriesOf(compiled).map((q) => [q.sql, q.purpose]));
  // (With bad values the income lines' sum leaves them out: the rows per day are asked again, of that compilation.)
  const facts = found.length && compiled.facts !== first.compiled.facts ? await run(compiled.facts) : firstFacts;
  const countsRow = compiled.counts === undefined ? undefined : (compiled.counts === first.compiled.counts ? firstCounts : await run(compiled.counts))?.[0];
  /** The non-empty values of the k-th counted number slot over every row: counted apart, or summed over the days. */
  const valuesOf = (k: number): number => (countsRow ? Number(countsRow[k] ?? 0) : facts.reduce((n, r) => n + Number(r[compiled.factsCountsAt + k] ?? 0), 0));
  // Rows with no date: asked only when the rows per day have some (their day NULL is the period column's NULL).
  const undatedQueries = facts.some((r) => r[0] === null && Number(r[1]) > 0) ? compiled.undated : [];
  const badRun = compiled.bad ? Promise.all([run(compiled.bad.skipped), ...compiled.bad.values.map((v) => run(v.sql))]) : undefined;
  const currencyRun = compiled.currency ? Promise.all([run(compiled.currency.sql), run(compiled.currency.emptyNoCode)]) : undefined;
  const rest = await Promise.all([...compiled.unknown.map((u) => run(u.sql)), ...compiled.queries.map((q) => run(q.sql)), ...undatedQueries.map((q) => run(q.sql))]);
  const currency = currencyRun && compiled.currency ? currenciesOf(sp, table.label, windows.length, compiled.currency.groups, ...(await currencyRun)) : undefined;
  const unknownRows = rest.slice(0, compiled.unknown.length);
  const ms = Math.round(performance.now() - started);
  mark(`${sp.name}: ${dialect.name} queries (${compiled.strategy})`);
  const cells: WindowCells[] = Array.from({ length: windows.length }, () => ({ groups: new Map() }));
  compiled.queries.forEach((q, i) => readCells(sp, q, cells, rest[compiled.unknown.length + i]));
  const unplaced = undatedDoubts(sp, undatedQueries, rest.slice(compiled.unknown.length + compiled.queries.length), table.label);
  const quality = qualityOf(sp, table, facts, compiled, unknownRows, options.strict);
  if (unplaced.rows > 0) {
    const column = sp.slots[sp.periodSlot!].field.header;
    // As the streaming engine: a row with no date that a period figure counts is a bad row, which --strict stops at.
    if (options.strict) {
      throw new DataError(`${table.label}: column '${column}' is empty (NULL) in ${unplaced.rows} ${unplaced.rows === 1 ? 'row' : 'rows'}, so ${unplaced.rows === 1 ? 'it is' : 'they are'} in no period, yet ${aggregateLabel(sp.aggregates[unplaced.aggregates[0]])} counts ${unplaced.rows === 1 ? 'it' : 'them'} (--strict stops at the first bad value; fill in the date)`, [], { code: 'KPI_BAD_ROW', file: table.label, column });
    }
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
  const examples = new Map<string, string[]>();
  if (badRun && compiled.bad) {
    const [skipped, ...values] = await badRun;
    noteBadValues(sp, table, quality, found, compiled.bad.values, values, Number(skipped[0]?.[0] ?? 0), examples, options);
  }
  if (currency) quality.currency = currency.quality;
  // As the streaming engine (run.ts, sourceAggregates): an aggregate of a `period: none` KPI sees every row, so its
  // currencies are those of every row (of the source, or of the group).
  const everyRow = sp.periodSlot !== undefined && sp.aggregates.some((a) => a.allRows);
  const days = facts.flatMap((r) => (r[0] === null ? [] : [Number(r[0])])).sort((a, b) => a - b);
  // The values read of the columns mapped by hand, as run.ts counts them row by row: the period column's are the
  // rows with a date; a number column's, its non-empty values less those kpi cannot read.
  const watched = watchedSlots(sp, config);
  const numbers = countedSlots(sp, config);
  const mappedRead = watched.length
    ? Object.fromEntries(
        watched.map((i) => {
          const header = sp.slots[i].field.header;
          if (sp.slots[i].type !== 'number') return [header, facts.reduce((n, r) => n + (r[0] === null ? 0 : Number(r[1])), 0)];
          const values = valuesOf(numbers.indexOf(i));
          const unreadable = found.filter((b) => b.what === 'number' && b.column === header).reduce((n, b) => n + b.count, 0);
          return [header, Math.max(0, values - unreadable)];
        }),
      )
    : undefined;
  // The empty cells of the amounts aggregates take values of: the rows less the values written (those kpi cannot
  // read among them). A table row has no line: the first is the table.
  for (const a of amountSlots(sp)) {
    const empty = quality.rows - valuesOf(numbers.indexOf(a.slot));
    if (empty <= 0) continue;
    quality.empty_values.push({ column: a.column, field: sp.slots[a.slot].field.name, count: empty, first: { file: table.label, line: 0 }, aggregates: a.aggregates, kpis: [], read_as: 'no_value' });
  }
  const income = sp.signs ? facts.reduce((n, r) => n + (typeof r[2] === 'number' ? r[2] : 0), 0) : undefined;
  noteSigns(sp, { quality, income });
  const hasPeriod = sp.periodSlot !== undefined;
  const allRows = sp.aggregates.some((a) => a.allRows && hasPeriod);
  const cellOf = (w: number, group?: string) => (group === undefined ? cells[w]?.total : cells[w]?.groups.get(group)?.cell);
  const doubts = cells.map((c) => doubtsOf(c, table.label, examples));
  return {
    value(w, index, group) {
      const cell = cellOf(w, group);
      if (!cell) return null;
      const a = sp.aggregates[index];
      const parts = cell.parts[index] ?? {};
      // With bad values in a column it reads, the rows it saw are its own (compile.ts, part `seen`).
      return finish(a, parts, parts.seen !== undefined ? Number(parts.seen) : a.allRows && hasPeriod ? cell.seenAll : cell.seen);
    },
    taken(w, index, group) {
      const p = cellOf(w, group)?.parts[index];
      return p ? takenOf(sp.aggregates[index], p) : 0;
    },
    matched(w, index, group) {
      const a = sp.aggregates[index];
      if (a.fn !== 'sum' && a.fn !== 'avg') return undefined;
      const cell = cellOf(w, group);
      if (!cell) return undefined;
      const parts = cell.parts[index] ?? {};
      // As finish: without a condition, the rows the aggregate saw.
      if (parts.matched !== undefined) return Number(parts.matched);
      return parts.seen !== undefined ? Number(parts.seen) : a.allRows && hasPeriod ? cell.seenAll : cell.seen;
    },
    rows: (w) => cells[w]?.total?.seen ?? 0,
    *groups(w) {
      // A group is in a window once one of its rows reaches an aggregate there (run.ts): an aggregate of a
      // `period: none` KPI sees every row, so then every group is in every window.
      for (const [key, g] of cells[w]?.groups ?? []) if (!isDriverKey(key) && (allRows || g.cell.seen > 0)) yield [key, g.values] as const;
    },
    // The members of a driver field, as the --by groups (run.ts: a member is in a window once a row of it is).
    ...(sp.driverSlots?.some((slot) => slot >= 0)
      ? {
          *driverMembers(w: number, dim: number) {
            const prefix = driverKey(dim, '\u0000').slice(0, -1);
            for (const [key, g] of cells[w]?.groups ?? []) if (key.startsWith(prefix) && (allRows || g.cell.seen > 0)) yield [key, g.values[0]] as const;
          },
        }
      : {}),
    currencies: (w, allRows) => (!currency ? undefined : allRows && everyRow ? currency.all : currency.windows[w]),
    groupCurrencies: (w, group, allRows) => (!currency ? undefined : allRows && everyRow ? currency.groupsAll.get(group) : currency.groups[w]?.get(group)),
    days,
    ...(mappedRead ? { mappedRead } : {}),
    quality,
    doubts: (w) => doubts[w],
    unplacedDoubts: unplaced.doubts,
    engine: { name: dialect.name, strategy: compiled.strategy, ms, queries: timings },
  };
}

/** A column holding values kpi cannot read, as the check query counted them. */
interface BadColumn {
  key: string;
  column: string;
  what: 'number' | 'text' | 'span';
  count: number;
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
 * The value of a check as the table holds it: a decimal with its column's scale (DECIMAL(18,2): `1000000000000000.00`),
 * else without the trailing zeros of the six places kpi reads it with.
 */
function writtenValue(what: 'number' | 'text', v: unknown, scale?: number): string {
  if (what !== 'number') return String(v);
  const text = String(v);
  const m = /^(-?\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) return text;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const shown = scale === undefined ? frac : frac.padEnd(scale, '0');
  return shown ? `${m[1]}.${shown}` : m[1];
}

/**
 * The columns with values the streaming engine would leave out as unreadable. Such a value in a --by field or in
 * a ledger's category (whose rows the streaming engine keeps in the total but in no group, or leaves out of the
 * amounts' figures) is refused: that is not compiled to SQL yet, and reading it in would be a figure built from a
 * value kpi did not understand.
 */
function badColumnsOf(sp: SourcePlan, table: Table, compiled: CompiledSource, indices: readonly number[], rows: readonly unknown[][]): BadColumn[] {
  const row = rows[0] ?? [];
  const out: BadColumn[] = [];
  indices.forEach((ci, i) => {
    const c = compiled.checks[ci];
    const n = Number(row[2 * i] ?? 0);
    if (n === 0) return;
    const slots = sp.slots.flatMap((s, slot) => (s.field.header === c.column && s.type === c.what ? [slot] : []));
    const refused = slots.find((slot) => sp.groupSlots?.includes(slot) || sp.driverSlots?.includes(slot) || sp.signs?.category === slot);
    if (refused === undefined) {
      out.push({ key: `${c.what}\u0000${c.column}`, column: c.column, what: c.what, count: n });
      return;
    }
    const value = writtenValue(c.what as 'number' | 'text', row[2 * i + 1]);
    const why = c.range ? offScaleReason(c.range) : c.what === 'number' ? 'numbers beyond ±10^15 or with more significant digits than kpi reads exactly (15)' : 'spreadsheet errors (#N/A, #DIV/0! …)';
    const role = sp.groupSlots?.includes(refused) ? 'a --by field' : sp.driverSlots?.includes(refused) ? 'a --drivers field' : "the ledger's category";
    throw new DataError(
      `source '${sp.name}': column '${c.column}' of ${table.label} holds ${n} ${n === 1 ? 'value' : 'values'} kpi cannot read (${why}), e.g. ${JSON.stringify(value)}; it is ${role}, and on a database kpi stops rather than leave such rows out: clean them in a view, or export the table to CSV to have each located and left out`,
      [],
      { code: 'KPI_DATABASE_VALUES', file: table.label, column: c.column },
    );
  });
  return out;
}

/** Why a value cannot be read, as the streaming engine says it (sources/parse-number.ts, column-format.ts). */
function badReason(what: 'number' | 'text', value: string, range?: Scale): string {
  if (what === 'text') return `a spreadsheet error (${value}), not a value`;
  const n = Number(value);
  if (range) return offScaleReason(range);
  if (!(Math.abs(n) < 1e15)) return `${value} is beyond ±10^15, which kpi does not read`;
  return `too many digits: ${value} would read as ${n}; kpi reads at most 15 significant digits exactly (round it in the table or a view)`;
}

/**
 * The bad values of a source as the streaming engine reports them (run.ts): per column the rows, the first few
 * values (the most frequent, as a table has no order), the aggregates that leave them out; the rows with any are
 * `skipped`. A table row has no line: they are located by table, column and value.
 */
function noteBadValues(
  sp: SourcePlan,
  table: Table,
  quality: DataQuality,
  found: readonly BadColumn[],
  queries: NonNullable<CompiledSource['bad']>['values'],
  answers: readonly unknown[][][],
  skipped: number,
  examples: Map<string, string[]>,
  options: EngineOptions,
): void {
  quality.skipped = skipped;
  const maxIssues = options.maxIssues ?? 100;
  queries.forEach((q, i) => {
    const b = found.find((f) => f.column === q.column && f.what === q.what)!;
    if (q.what === 'span') {
      noteNegativeSpans(sp, table, quality, q.column, b.count, answers[i], examples, options);
      return;
    }
    const values = answers[i].map((r) => writtenValue(q.what as 'number' | 'text', r[0], q.scale));
    if (options.strict) {
      throw new DataError(`${table.label}: column '${q.column}': ${badReason(q.what as 'number' | 'text', values[0] ?? '', q.range)} (--strict stops at the first bad value)`, [], { code: 'KPI_BAD_ROW', file: table.label, column: q.column });
    }
    examples.set(q.column, values);
    const slots = new Set(sp.slots.flatMap((s, slot) => (s.field.header === q.column && s.type === q.what ? [slot] : [])));
    const left = sp.aggregates.flatMap((a) => (a.reads.some((slot) => slots.has(slot)) ? [aggregateLabel(a)] : []));
    quality.bad_values.push({
      column: q.column,
      count: b.count,
      first: { file: table.label, line: 0, value: values[0] ?? '', reason: badReason(q.what as 'number' | 'text', values[0] ?? '', q.range) },
      examples: values,
      aggregates: [...new Set(left)],
      kpis: [],
      groups: false,
    });
    for (const v of values) if (quality.issues.length < maxIssues) quality.issues.push({ file: table.label, line: 0, column: q.column, value: v, reason: badReason(q.what as 'number' | 'text', v, q.range) });
  });
}

/** Wall-clock ms as a timestamp is written (`2026-03-04 12:00:00`; a date at midnight as the date). */
function stampOf(ms: unknown): string {
  const iso = new Date(Number(ms)).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/**
 * The negative spans of a pair of date columns (resolved before created) as the streaming engine reports them
 * (run.ts): a bad value of the pair, left out of the aggregates reading the span; located by table, both columns
 * and both values (the most frequent first: a table has no order).
 */
function noteNegativeSpans(sp: SourcePlan, table: Table, quality: DataQuality, column: string, count: number, rows: readonly unknown[][], examples: Map<string, string[]>, options: EngineOptions): void {
  const pair = spanPairs(sp).find((p) => p.column === column)!;
  const [fromHeader, toHeader] = [sp.slots[pair.from].field.header, sp.slots[pair.to].field.header];
  const label = aggregateLabel(sp.aggregates[pair.aggregates[0]]);
  const found = rows.map((r) => ({ value: stampOf(r[0]), from: stampOf(r[1]) }));
  const reason = (f: { value: string; from: string }) => `'${toHeader}' ${f.value} is before '${fromHeader}' ${f.from}: a negative span, which ${label} leaves out`;
  if (options.strict && found[0]) {
    throw new DataError(`${table.label}: column '${toHeader}': ${reason(found[0])} (--strict stops at the first bad value; correct the dates in the table)`, [], { code: 'KPI_BAD_ROW', file: table.label, column: toHeader });
  }
  const values = found.map((f) => f.value);
  examples.set(column, values);
  quality.bad_values.push({
    column,
    count,
    first: { file: table.label, line: 0, value: values[0] ?? '', reason: found[0] ? reason(found[0]) : '' },
    examples: values,
    aggregates: pair.aggregates.map((a) => aggregateLabel(sp.aggregates[a])),
    kpis: [],
    groups: false,
  });
  const maxIssues = options.maxIssues ?? 100;
  for (const f of found) if (quality.issues.length < maxIssues) quality.issues.push({ file: table.label, line: 0, column: toHeader, value: f.value, reason: reason(f) });
}


/** A map's entries, or undefined when it has none (as run.ts leaves a window that counted no currency). */
const nonEmpty = <K, V>(m: Map<K, V>): Map<K, V> | undefined => (m.size ? m : undefined);

interface SourceCurrencies {
  quality: NonNullable<DataQuality['currency']>;
  all: ReadonlyMap<string, CurrencyRows> | undefined;
  windows: (ReadonlyMap<string, CurrencyRows> | undefined)[];
  groups: Map<string, Map<string, number>>[];
  groupsAll: Map<string, Map<string, number>>;
}

/**
 * The rows per currency of a source (compile.ts, `currency`): rows of code, --by values…, every row, empty cells,
 * then one count per window. A window's total is the sum over its groups. A table row has no line: the first of
 * each currency is located by the table alone (line 0).
 */
function currenciesOf(sp: SourcePlan, label: string, windowCount: number, groupCount: number, rows: readonly unknown[][], noCode: readonly unknown[][]): SourceCurrencies {
  const cur = sp.currency!;
  const all = new Map<string, number>();
  const windows = Array.from({ length: windowCount }, () => new Map<string, number>());
  const groups = Array.from({ length: windowCount }, () => new Map<string, Map<string, number>>());
  const groupsAll = new Map<string, Map<string, number>>();
  let empty = Number(noCode[0]?.[0] ?? 0);
  const add = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const r of rows) {
    const code = String(r[0]);
    const values = r.slice(1, 1 + groupCount).map((v) => (v === null ? EMPTY_GROUP : String(v)));
    const key = groupCount ? values.map((v) => v || '\u0000').join('\u001f') : undefined;
    const n = Number(r[1 + groupCount]);
    empty += Number(r[2 + groupCount] ?? 0);
    add(all, code, n);
    if (key !== undefined) {
      let g = groupsAll.get(key);
      if (!g) groupsAll.set(key, (g = new Map()));
      add(g, code, n);
    }
    for (let w = 0; w < windowCount; w++) {
      const inW = Number(r[3 + groupCount + w]);
      if (inW === 0) continue;
      add(windows[w], code, inW);
      if (key === undefined) continue;
      let g = groups[w].get(key);
      if (!g) groups[w].set(key, (g = new Map()));
      add(g, code, inW);
    }
  }
  // Most rows first, then by code: a table has no order of first appearance.
  const located = (m: Map<string, number>) => nonEmpty(new Map([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([code, n]) => [code, { rows: n, file: label, line: 0 }])));
  const allRows = located(all);
  return {
    quality: {
      column: sp.slots[cur.slot].field.header,
      currencies: [...(allRows ?? [])].map(([currency, c]) => ({ currency, ...c })),
      empty,
      assumed: cur.assumed ?? null,
      fx: null,
      converted: 0,
    },
    all: allRows,
    windows: windows.map(located),
    groups,
    groupsAll,
  };
}

function freshCell(aggregates: number): Cell {
  return { seen: 0, seenAll: 0, parts: Array.from({ length: aggregates }, () => ({})), unknown: new Map(), bad: new Map() };
}

/** A query's result rows into the cells per window and group (the total has no key), and driver members. */
function readCells(sp: SourcePlan, query: SqlQuery, out: WindowCells[], rows: readonly unknown[][]): void {
  const { columns } = query;
  const groupCols = columns.flatMap((c, i) => (c.role === 'group' ? [i] : []));
  const totalCol = columns.findIndex((c) => c.role === 'total');
  const windowCol = columns.findIndex((c) => c.role === 'window');
  const setsCol = columns.findIndex((c) => c.role === 'sets');
  // The result column of each key column of the levels (a --by field's or a driver field's).
  const keyAt = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c.role === 'group' || c.role === 'key') keyAt.set(c.name, i);
  });
  const setNames = setsCol >= 0 ? (columns[setsCol] as { names: string[] }).names : [];
  const groupNames = groupCols.map((i) => (columns[i] as { name: string }).name);
  for (const row of rows) {
    // The key columns of the row's grouping set: from GROUPING() where the query has several sets, else its own.
    let present: string[];
    if (setsCol >= 0) {
      const mask = Number(row[setsCol]);
      present = setNames.filter((_, j) => ((mask >> (setNames.length - 1 - j)) & 1) === 0);
    } else if (totalCol >= 0 && Number(row[totalCol]) !== 0) present = [];
    else present = [...keyAt.keys()];
    const isGroups = groupNames.length > 0 && present.length === groupNames.length && groupNames.every((n) => present.includes(n));
    // Which cells the row is: the total, a --by group, and (a set of one driver column) the members of its fields.
    const targets: { key?: string; values?: string[] }[] = [];
    if (present.length === 0) targets.push({});
    if (isGroups) {
      const values = groupCols.map((i) => (row[i] === null ? EMPTY_GROUP : String(row[i])));
      // As run.ts keys groups: the empty value as U+0000, so no group's key is '' (the total).
      targets.push({ key: values.map((v) => v || '\u0000').join('\u001f'), values });
    }
    if (present.length === 1)
      for (const m of query.members ?? []) {
        if (m.name !== present[0]) continue;
        const v = row[keyAt.get(m.name)!];
        const value = v === null ? EMPTY_GROUP : String(v);
        for (const dim of m.dims) targets.push({ key: driverKey(dim, value), values: [value] });
      }
    const rowWindow = windowCol >= 0 ? Number(row[windowCol]) : undefined;
    for (const { key, values } of targets) readRow(sp, columns, out, row, key, values, rowWindow);
  }
}

/** One result row into the cells of one key (undefined: the total) in its windows. */
function readRow(sp: SourcePlan, columns: SqlQuery['columns'], out: WindowCells[], row: readonly unknown[], key: string | undefined, values: string[] | undefined, rowWindow: number | undefined): void {
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
      case 'bad':
        if (Number(v) > 0) for (const w of windowsOf(c.w)) cellIn(w).bad.set(c.column, Number(v));
        return;
      default:
        return;
    }
  });
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

/** A window's unknown and bad values as report/doubts.ts reads them (`u:`/`b:<column>`); a database row has no line. */
function doubtsOf(win: WindowCells, label: string, examples: ReadonlyMap<string, string[]>): WindowDoubts {
  const of = (cell: Cell): Map<string, Doubt> => {
    const m = new Map<string, Doubt>();
    for (const [column, count] of cell.unknown) m.set(`u:${column}`, { count, file: label, line: 0, value: '' });
    for (const [column, count] of cell.bad) m.set(`b:${column}`, { count, file: label, line: 0, value: examples.get(column)?.[0] ?? '' });
    return m;
  };
  const total = win.total ? of(win.total) : new Map<string, Doubt>();
  const groups = new Map<string, Map<string, Doubt>>();
  // (A driver member has no doubts of its own, as in run.ts: they are its --by group's and the total's.)
  for (const [key, g] of win.groups) if (!isDriverKey(key) && (g.cell.unknown.size || g.cell.bad.size)) groups.set(key, of(g.cell));
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
    empty_values: [],
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
