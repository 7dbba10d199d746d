// The differential suite of the SQL engine: random tables (empty cells, padded and mixed-case text, mapped and
// unknown values, null spellings, negative and large money, zero divisors, Nordic letters, DST-crossing times)
// written both as a CSV export and as a DuckDB table; the same kpi.yaml (every aggregate function and condition
// construct, [prev], [prev:3], rolling(), cumulative(), period: none) on both must give byte-identical report
// JSON — every result, with --by, a comparison and trends — and the same data-quality counts. fast-check shrinks a failing table to a small one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../../src/report/build-report.js';
import { computeTrend } from '../../../src/report/build-trend.js';
import { jsonChunks } from '../../../src/render/json.js';
import { closeDuckDbConnections } from '../../../src/sources/database/duckdb-table.js';
import { duckDbRuns } from '../../../src/report/duckdb-files.js';
import { duckdbDialect } from '../../../src/engine/sql/duckdb.js';
import type { DataQuality } from '../../../src/model/data-quality.js';
import { writeDuckDb } from '../../helpers/duckdb.js';
import { closePostgresConnections } from '../../../src/sources/database/postgres-table.js';
import { describeServer, kpiUrl, writeTables, type ServerEngine } from '../../helpers/servers.js';
import { WIDE } from '../../helpers/breadth.js';

// `npm test` draws a smaller sample to stay within its time budget; `npm run test:wide` (CI runs it too) the full
// one: 200 DuckDB cases, 120 on each server and as CSV files. The draw is the same seed, so the small one is the
// first cases of the wide one.
const RUNS = Number(process.env.SQL_DIFF_RUNS ?? (WIDE ? 200 : 60));
/** Cases on each database server (PostgreSQL, ClickHouse, the two-shard cluster): the first RUNS_SERVER of the same draw. */
const RUNS_SERVER = Number(process.env.SQL_DIFF_SERVER_RUNS ?? (WIDE ? 120 : 40));
/** Cases as CSV exports read with engine: duckdb: the first RUNS_FILES of the same draw. */
const RUNS_FILES = Number(process.env.SQL_DIFF_FILE_RUNS ?? (WIDE ? 120 : 40));
const dir = mkdtempSync(join(tmpdir(), 'kpi-sql-diff-'));
afterAll(() => {
  closeDuckDbConnections();
  rmSync(dir, { recursive: true, force: true });
});

const COLUMNS = [
  { name: 'date', type: 'DATE' },
  { name: 'order_id', type: 'INTEGER' },
  { name: 'customer', type: 'VARCHAR' },
  { name: 'rep', type: 'VARCHAR' },
  { name: 'type', type: 'VARCHAR' },
  { name: 'quantity', type: 'INTEGER' },
  { name: 'revenue', type: 'DECIMAL(18,2)' },
  { name: 'cost', type: 'DECIMAL(18,2)' },
  { name: 'rate', type: 'DOUBLE' },
  { name: 'shipped', type: 'TIMESTAMP' },
  { name: 'delivered', type: 'TIMESTAMP' },
  { name: 'currency', type: 'VARCHAR' },
  { name: 'wait', type: 'DOUBLE' },
  { name: 'note', type: 'VARCHAR' },
];

// Every construct of the formula language that reads rows, over the column types a database has.
const KPIS: Record<string, { formula: string; unit?: string; period?: 'none' }> = {
  rev: { formula: 'sum(sales.revenue)', unit: 'currency' },
  n: { formula: 'count(sales)' },
  custs: { formula: 'count_distinct(sales.customer)' },
  aov: { formula: 'avg(sales.revenue)', unit: 'currency' },
  top: { formula: 'max(sales.revenue)', unit: 'currency' },
  low: { formula: 'min(sales.cost)', unit: 'currency' },
  med: { formula: 'median(sales.revenue)', unit: 'currency' },
  p90: { formula: 'percentile(sales.revenue, 0.9)', unit: 'currency' },
  p25q: { formula: 'percentile(sales.quantity, 0.25)' },
  new_rev: { formula: 'sum(sales.revenue where type = "new")', unit: 'currency' },
  not_ann: { formula: 'count(sales where not (rep = "ann"))' },
  either: { formula: 'count(sales where rep = "BOB" or type in ("upsell", "new"))' },
  gp: { formula: 'sum(sales.revenue - sales.cost)', unit: 'currency' },
  margin: { formula: '(sum(sales.revenue) - sum(sales.cost)) / sum(sales.revenue)', unit: 'percent' },
  lines: { formula: 'sum(sales.revenue * sales.quantity)', unit: 'currency' },
  per_unit: { formula: 'avg(sales.revenue / sales.quantity)', unit: 'currency' },
  neg: { formula: 'sum(-sales.cost where cost is not empty)', unit: 'currency' },
  big: { formula: 'count(sales where revenue > 1000 and cost is not empty)' },
  qty12: { formula: 'count(sales where quantity in (1, 2))' },
  after_b: { formula: 'count(sales where rep >= "b" and rep != "åse")' },
  no_rep: { formula: 'count(sales where rep is empty)' },
  rated: { formula: 'sum(sales.rate * 2 where rate < 0.5)' },
  lead: { formula: 'avg(days(sales.shipped, sales.delivered))' },
  hrs: { formula: 'sum(hours(sales.shipped, sales.delivered) where delivered > shipped)' },
  in_period: { formula: 'count(sales where shipped >= period_start and shipped <= period_end)' },
  early: { formula: 'count(sales where delivered < 2026-03-01)' },
  growth: { formula: 'rev / rev[prev] - 1', unit: 'percent' },
  yoy: { formula: 'rev[yoy]', unit: 'currency' },
  // Windows of their own, computed in the same pass as the period's: every engine gets them as windows.
  rev_3m: { formula: 'rolling(rev, 3 months)', unit: 'currency' },
  margin_6w: { formula: 'rolling(margin, 6 weeks)', unit: 'percent' },
  cum_custs: { formula: 'cumulative(custs)' },
  back3: { formula: 'rev[prev:3] + med[yoy]', unit: 'currency' },
  all_rev: { formula: 'sum(sales.revenue)', unit: 'currency', period: 'none' },
  all_late: { formula: 'count(sales where delivered > period_end)', period: 'none' },
  // A duration column of minutes (units:), read as hours.
  wait_h: { formula: 'avg(sales.wait)' },
  wait_sum: { formula: 'sum(sales.wait where wait > 1)' },
  // A text column with spreadsheet errors (#N/A): unreadable values, left out of the figures that read them.
  noted: { formula: 'count(sales where note = "x")' },
  notes: { formula: 'count_distinct(sales.note)' },
};
const PERIOD_NONE = Object.keys(KPIS).filter((k) => KPIS[k].period === 'none');

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const cents = (c: number) => (c / 100).toFixed(2);

const text = (pool: string[]) => fc.oneof(fc.constantFrom(...pool), fc.constant(null));
const row = fc.record({
  day: fc.option(fc.integer({ min: 0, max: 545 }), { freq: 8 }),
  order: fc.integer({ min: 1, max: 40 }),
  customer: text(['C1', 'c1', 'C2', '  C3 ', 'Åsane', 'åsane', 'ØST', '', 'NULL', 'n/a']),
  rep: text(['Ann', 'ann', ' ANN ', 'Bob', 'BOB', 'Åse', 'Øystein', 'bjørn', '', '-', 'Carl "C" O\'Neil, jr']),
  type: text(['Nysalg', 'nysalg', ' NYSALG', 'Mersalg', 'MERSALG', 'new', 'upsell', 'Solgt', 'solgt', 'Kreditnota', '']),
  quantity: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 6 }),
  // Cents; large amounts too (their sums spill past 2^52 micro-units), but a line below 10^8: a row's product
  // or difference past 2^30 carries the double's noise in the streaming engine (157727295555.33002 for
  // 52575765185.11 × 3), where DuckDB computes 157727295555.33 (README "Running on a database").
  // And, rarely, amounts beyond ±10^15 that kpi cannot read: left out of the figures that read revenue.
  revenue: fc.option(
    fc.oneof(
      { arbitrary: fc.integer({ min: -50_000, max: 500_000 }), weight: 10 },
      { arbitrary: fc.integer({ min: -2_000_000_000, max: 9_999_999_999 }), weight: 10 },
      { arbitrary: fc.constantFrom(100_000_000_000_000_000, -123_456_789_012_345_000), weight: 1 },
    ),
    { freq: 6 },
  ),
  cost: fc.option(fc.integer({ min: 0, max: 300_000 }), { freq: 4 }),
  rate: fc.option(fc.constantFrom(0, 0.1, 0.25, 0.3, 0.125, 0.7, 1.5, -0.2), { freq: 5 }),
  // Minutes after the row's day: across the night of a DST change (2025-03-30, 2025-10-26 in Europe) and months.
  shipped: fc.option(fc.integer({ min: 0, max: 545 * 24 * 60 }), { freq: 6 }),
  lead: fc.option(fc.integer({ min: -600, max: 40 * 24 * 60 }), { freq: 6 }),
  // Mostly the project currency as people write it (an empty cell is the project's), rarely EUR: a money figure
  // with a EUR row in its window is an error on both engines.
  currency: fc.option(fc.oneof({ arbitrary: fc.constantFrom('NOK', 'nok', ' Nok ', ''), weight: 30 }, { arbitrary: fc.constant('EUR'), weight: 1 }), { freq: 5 }),
  wait: fc.option(fc.constantFrom(0, 1, 15, 30, 45.5, 90, 120, -15, 0.25, 1440), { freq: 5 }),
  note: fc.option(fc.constantFrom('x', 'X ', 'y', '#N/A', '#DIV/0!', '', 'n/a'), { freq: 4 }),
});
type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;

const cells = (r: Row): (string | number | null)[] => {
  const shipped = r.shipped === null ? null : START + r.shipped * 60_000;
  return [
    r.day === null ? null : iso(START + r.day * DAY),
    r.order,
    r.customer,
    r.rep,
    r.type,
    r.quantity,
    r.revenue === null ? null : cents(r.revenue),
    r.cost === null ? null : cents(r.cost),
    r.rate,
    shipped === null ? null : stamp(shipped),
    shipped === null || r.lead === null ? null : stamp(shipped + r.lead * 60_000),
    r.currency,
    r.wait,
    r.note,
  ];
};

const csvCell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);

const yaml = (source: string, kpis: string[]) => `currency: NOK
sources:
  sales:
${source}
    values:
      type: { new: [Nysalg], upsell: [Mersalg], ignore: [Kreditnota] }
    units: { wait: minutes }
kpis:
${kpis.map((k) => `  ${k}: ${JSON.stringify({ formula: KPIS[k].formula, ...(KPIS[k].unit ? { unit: KPIS[k].unit } : {}), ...(KPIS[k].period ? { period: KPIS[k].period } : {}) })}`).join('\n')}
`;

const options = fc.record({
  // A few KPIs a case: every construct is met across the cases, and each query stays small.
  kpis: fc.shuffledSubarray(Object.keys(KPIS).filter((k) => !PERIOD_NONE.includes(k)), { minLength: 3, maxLength: 8 }),
  period: fc.constantFrom('2026-03', '2026-Q1', '2025', '2026-W10', 'all', 'mtd', '2025-12-20..2026-02-10'),
  compare: fc.constantFrom(undefined, 'yoy', 'none'),
  by: fc.constantFrom<string[]>([], ["rep"], ["rep", "type"], ["customer"], ["currency"]),
  // Some cases with the KPIs of `period: none` (they read every row: a query of their own).
  periodNone: fc.boolean(),
  // Some as a dialect without GROUPING SETS compiles them (ClickHouse 18.16): groups and total in two queries.
  noGroupingSets: fc.boolean(),
  // A third of the cases are trends (more than four buckets: the windows as a group key).
  trend: fc.oneof(
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.record({ kpi: fc.constantFrom('rev', 'custs', 'med', 'margin', 'growth', 'new_rev', 'lead', 'all_rev', 'rev_3m', 'cum_custs', 'margin_6w'), last: fc.integer({ min: 2, max: 14 }), grain: fc.constantFrom('month', 'week', 'quarter') }), weight: 1 },
  ),
});

type Options = typeof options extends fc.Arbitrary<infer O> ? O : never;

/**
 * `--drivers` of a report case (README "Why it moved": each member of a driver field a group of its own, its
 * splits in each result's `drivers`): taken from the drawn options rather than drawn, so that adding them left
 * every earlier case's draw as it was.
 */
const DRIVERS: string[][] = [[], ['rep'], ['type', 'rep'], ['customer']];
const driversOf = (o: Options): string[] => DRIVERS[(o.kpis.length + o.by.length + (o.periodNone ? 1 : 0)) % DRIVERS.length];

/**
 * The report JSON as kpi prints it, with the data-quality details that name files and lines taken out: of the
 * values a figure left out, the count (the first is a line of the CSV, a table of the database, and a table has
 * no order: the most frequent value comes first there).
 */
const reportJson = (report: object) => {
  const { data_quality: _q, results, ...rest } = report as { data_quality: DataQuality[]; results: { bad_values: { count: number; accepted: boolean } | null }[] };
  const unlocated = results.map((r) => ({ ...r, bad_values: r.bad_values && { count: r.bad_values.count, accepted: r.bad_values.accepted } }));
  return unplaced([...jsonChunks({ ...rest, results: unlocated })].join(''));
};
/** A reason's location of the first row of a currency: a line of the CSV, the table of the database. */
const unplaced = (json: string) => json.replace(/\(first [^)"]*\)/g, '(first …)');
/** What both engines must agree on in data_quality: counts, dates, unknown values (spelling-insensitive). */
const qualityFacts = (qs: DataQuality[]) =>
  qs.map((q) => ({
    rows: q.rows,
    no_period: q.no_period,
    dates: q.dates,
    unknown: q.unknown_values.map((u) => `${u.column}:${u.value.toLowerCase()}:${u.count}`).sort(),
    ignored: q.ignored_values.map((u) => `${u.column}:${u.value.toLowerCase()}:${u.count}`).sort(),
    skipped: q.skipped,
    bad: q.bad_values.filter((b) => !b.empty_period).map((b) => `${b.column}:${b.count}:${b.aggregates.join('|')}`).sort(),
    currency: q.currency && { empty: q.currency.empty, rows: q.currency.currencies.map((c) => `${c.currency}:${c.rows}`).sort() },
    undated: q.bad_values.filter((b) => b.empty_period).map((b) => `${b.column}:${b.count}:${b.aggregates.join('|')}`),
    // The empty cells of each amount a sum or average reads (README "Empty amounts"); a table row has no line.
    empty: (q.empty_values ?? []).map((e) => `${e.column}:${e.count}:${e.aggregates.join('|')}`).sort(),
  }));

const timing = { write: 0, db: 0, csv: 0 };

/** Runs a report (or trend) on one of the two projects; an error is its code (both must fail alike). */
async function run(config: string, o: Options, kpis: string[]) {
  try {
    if (o.trend) {
      const { trend } = await computeTrend({ config, kpi: o.trend.kpi, last: o.trend.last, grain: o.trend.grain as 'month', asOf: '2026-04-15', by: o.by, allowIncomplete: true });
      return { json: unplaced([...jsonChunks({ ...trend, data_quality: [] }, 'series')].join('')), quality: qualityFacts(trend.data_quality) };
    }
    const { report } = await computeReport({ config, period: o.period, compare: o.compare, by: o.by, kpis, asOf: '2026-04-15', drivers: driversOf(o) });
    return { json: reportJson(report), quality: qualityFacts(report.data_quality) };
  } catch (err) {
    return { error: (err as { code?: string }).code ?? String(err) };
  }
}

const kpisOf = (o: Options): string[] => {
  const kpis = [...o.kpis, ...(o.periodNone ? PERIOD_NONE : [])];
  if (o.trend && !kpis.includes(o.trend.kpi)) kpis.push(o.trend.kpi);
  // growth, yoy and the windows are made of other KPIs (rev, margin, custs, med): those are defined too.
  for (let i = 0; i < kpis.length; i++) {
    const formula = KPIS[kpis[i]].formula.replace(/sales\.\w+/g, '');
    for (const used of Object.keys(KPIS)) if (!kpis.includes(used) && new RegExp(`\\b${used}\\b`).test(formula)) kpis.push(used);
  }
  return kpis;
};

/** Writes a case's CSV export and both projects; the database table is named by `source` (written by the caller). */
function writeCase(id: string, rows: Row[], o: Options, source: string): { dbYaml: string; csvYaml: string } {
  const kpis = kpisOf(o);
  writeFileSync(join(dir, `${id}.csv`), [COLUMNS.map((c) => c.name).join(','), ...rows.map((r) => cells(r).map(csvCell).join(','))].join('\n') + '\n');
  writeFileSync(join(dir, `${id}-db.yaml`), yaml(source, kpis));
  writeFileSync(join(dir, `${id}-csv.yaml`), yaml(`    file: ${id}.csv\n    decimal: "."`, kpis));
  return { dbYaml: join(dir, `${id}-db.yaml`), csvYaml: join(dir, `${id}-csv.yaml`) };
}

/** The streaming engine's answer per case (the same draw on every engine): computed once. */
const fromCsvCache = new Map<string, Awaited<ReturnType<typeof run>>>();

async function compare(paths: { dbYaml: string; csvYaml: string }, o: Options, cacheKey?: string) {
  const kpis = kpisOf(o);
  const t0 = performance.now();
  const groupingSets = duckdbDialect.groupingSets;
  if (o.noGroupingSets) duckdbDialect.groupingSets = undefined;
  let fromDb: Awaited<ReturnType<typeof run>>;
  try {
    fromDb = await run(paths.dbYaml, o, kpis);
  } finally {
    duckdbDialect.groupingSets = groupingSets;
  }
  const t1 = performance.now();
  const cached = cacheKey === undefined ? undefined : fromCsvCache.get(cacheKey);
  const fromCsv = cached ?? (await run(paths.csvYaml, o, kpis));
  if (cacheKey !== undefined) fromCsvCache.set(cacheKey, fromCsv);
  timing.db += t1 - t0;
  timing.csv += performance.now() - t1;
  return { fromDb, fromCsv };
}

const caseArb = fc.tuple(fc.array(row, { maxLength: 40 }), options);
const SEED = Number(process.env.SQL_DIFF_SEED ?? 20261201);
const draw = (n: number): [Row[], Options][] => (process.env.SQL_DIFF_EXAMPLE ? [JSON.parse(process.env.SQL_DIFF_EXAMPLE) as [Row[], Options]] : fc.sample(caseArb, { numRuns: n, seed: SEED }));

/** How one engine holds a case's table: writes the tables, names one in a source, and is closed after. */
interface Engine {
  name: string;
  write(tables: { name: string; rows: Row[] }[]): Promise<void>;
  source(table: string): string;
  close(): Promise<void> | void;
}

/** The suite on one engine: the drawn cases' tables written at once, each case compared, a difference shrunk. */
async function differential(engine: Engine, runs: number): Promise<void> {
  // The cases are drawn first and their tables written together: opening a database (or a round trip per
  // table) costs more than a case's queries. A case that differs is then shrunk by fast-check, one table a try.
  const drawn = draw(runs);
  let cases = 0;
  let trends = 0;
  let explained = 0;
  const errors = new Map<string, number>();
  const started = performance.now();
  const tw = performance.now();
  await engine.write(drawn.map(([rows], i) => ({ name: `t${i}`, rows })));
  timing.write += performance.now() - tw;
  let failing: [Row[], Options] | undefined;
  for (const [i, [rows, o]] of drawn.entries()) {
    cases++;
    if (o.trend) trends++;
    const { fromDb, fromCsv } = await compare(writeCase(`${engine.name}-b${i}`, rows, o, engine.source(`t${i}`)), o, process.env.SQL_DIFF_EXAMPLE ? undefined : String(i));
    if ('error' in fromCsv) errors.set(String(fromCsv.error), (errors.get(String(fromCsv.error)) ?? 0) + 1);
    // (Reports whose results have driver splits: the members' figures must be the streaming engine's too.)
    if ('json' in fromCsv && /"drivers": \[\s*\{/.test(fromCsv.json ?? '')) explained++;
    if (JSON.stringify(fromDb) !== JSON.stringify(fromCsv)) {
      failing = [rows, o];
      break;
    }
  }
  await engine.close();
  // The suite's size, as the issue asks it counted (one report or trend per case on each engine).
  console.log(`sql differential on ${engine.name}: ${cases} cases (${trends} trends, ${explained} with driver splits) over ${Object.keys(KPIS).length} KPIs, ${Math.round(performance.now() - started)} ms; errors on both engines: ${JSON.stringify(Object.fromEntries(errors))}; ms so far ${JSON.stringify(timing, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`);
  if (failing) {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ([rows, o]) => {
        const id = `s${n++}`;
        await engine.write([{ name: id, rows }]);
        const { fromDb, fromCsv } = await compare(writeCase(`${engine.name}-${id}`, rows, o, engine.source(id)), o);
        await engine.close();
        expect(fromDb).toEqual(fromCsv);
      }),
      // SQL_DIFF_EXAMPLE='[[rows], options]' (a counterexample as fast-check prints it) reruns one case.
      { numRuns: 1, examples: [[failing]] },
    );
  }
  // Both engines failing alike is agreement, but the suite is about figures: most cases must be reports.
  expect([...errors.values()].reduce((a, b) => a + b, 0)).toBeLessThan(cases / 10);
}

describe('the SQL engine on DuckDB against the streaming engine', () => {
  it(`gives byte-identical report JSON on ${RUNS} random tables`, async () => {
    let files = 0;
    let db = '';
    await differential(
      {
        name: 'duckdb',
        async write(tables) {
          db = `batch${files++}.duckdb`;
          await writeDuckDb(join(dir, db), tables.map((t) => ({ name: t.name, columns: COLUMNS, rows: t.rows.map(cells) })));
        },
        source: (table) => `    url: duckdb:${db}\n    table: ${table}`,
        close: closeDuckDbConnections,
      },
      RUNS,
    );
  }, 600_000);
});

// The same cases as CSV exports read with `engine: duckdb` (README "Big files on DuckDB"), each table in one of
// three forms an export takes — plain UTF-8; Windows-1252 with ";", CR LF, decimal commas, thousands spaces and
// dotted day-first dates; UTF-8 with a BOM, tabs, decimal commas and NULL for empty cells — against the plain CSV
// on the streaming engine: the values are the same, so the report JSON must be too.
const FORMS = ['plain', 'windows-1252', 'bom-tab'] as const;
/** Each table's form, by its rows (not its name: a failing case rerun under another name keeps its form). */
const forms = new Map<string, (typeof FORMS)[number]>();
const formOfRows = (rows: Row[]) => FORMS[rows.reduce((n, r) => n + r.order, rows.length) % FORMS.length];
const formOf = (table: string) => forms.get(table) ?? 'plain';
/** One row's cells in an export's form (decimal comma, thousands spaces, dotted dates, NULL). */
function exportCells(r: Row, form: (typeof FORMS)[number]): string[] {
  const plain = cells(r);
  if (form === 'plain') return plain.map(csvCell);
  const comma = (v: string | number) => String(v).replace('.', ',');
  const grouped = (v: string) => {
    const [int, frac] = v.replace('-', '').split('.');
    return `${v.startsWith('-') ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${frac}`;
  };
  return plain.map((v, i) => {
    if (v === null) return form === 'bom-tab' ? 'NULL' : '';
    const name = COLUMNS[i].name;
    if (form === 'windows-1252' && name === 'date') return String(v).replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3.$2.$1');
    if (name === 'revenue' || name === 'cost') return form === 'windows-1252' ? grouped(String(v)) : comma(v);
    if (name === 'rate' || name === 'wait') return comma(v);
    return typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`;
  });
}

describe('engine: duckdb on CSV exports against the streaming engine', () => {
  it(`gives byte-identical report JSON on ${RUNS_FILES} random tables`, async () => {
    duckDbRuns.computed = 0;
    duckDbRuns.fallbacks.length = 0;
    await differential(
      {
        name: 'duckdb-csv',
        async write(tables) {
          for (const t of tables) {
            const form = formOfRows(t.rows);
            forms.set(t.name, form);
            const delimiter = form === 'plain' ? ',' : form === 'windows-1252' ? ';' : '\t';
            const eol = form === 'windows-1252' ? '\r\n' : '\n';
            const lines = [COLUMNS.map((c) => c.name).join(delimiter), ...t.rows.map((r) => exportCells(r, form).join(delimiter))];
            const text = lines.join(eol) + eol;
            writeFileSync(join(dir, `${t.name}-export.csv`), form === 'windows-1252' ? Buffer.from(text, 'latin1') : form === 'bom-tab' ? `\ufeff${text}` : text);
          }
        },
        source: (table) => {
          const form = formOf(table);
          const settings = form === 'plain' ? ['decimal: "."'] : form === 'windows-1252' ? ['encoding: windows-1252', 'delimiter: ";"', 'decimal: ","'] : ['delimiter: "\\t"', 'decimal: ","'];
          return [`    file: ${table}-export.csv`, '    engine: duckdb', ...settings.map((s) => `    ${s}`)].join('\n');
        },
        close: () => undefined,
      },
      RUNS_FILES,
    );
    const fallbacks = new Map<string, number>();
    for (const f of duckDbRuns.fallbacks) fallbacks.set(f.replace(/\/\S+/g, '…'), (fallbacks.get(f.replace(/\/\S+/g, '…')) ?? 0) + 1);
    console.log(`engine: duckdb on CSV exports: ${duckDbRuns.computed} reports computed by DuckDB, ${duckDbRuns.fallbacks.length} read by the streaming engine: ${JSON.stringify(Object.fromEntries(fallbacks))}`);
    // The point is DuckDB's figures: most cases must be computed there, not handed back. A table with a value kpi
    // cannot read (an amount beyond ±10^15, #N/A: about a quarter of the draw) goes to the streaming engine by
    // design, to be located by line; every other reason must stay rare.
    const unreadable = duckDbRuns.fallbacks.filter((f) => /cannot be read|spreadsheet error/.test(f)).length;
    // (Most: computed well over the fallbacks. The draw shifts whenever the generator gains a KPI — rolling and
    // cumulative moved it from about 2:1 to 78:40 — so the bound is 1.5:1, and the next line keeps other reasons rare.)
    expect(duckDbRuns.computed).toBeGreaterThan(duckDbRuns.fallbacks.length * 1.5);
    expect(duckDbRuns.computed).toBeGreaterThan((duckDbRuns.fallbacks.length - unreadable) * 6);
  }, 600_000);
});

// The same cases on the database servers (scripts/test-servers.sh): PostgreSQL, ClickHouse on one server and
// ClickHouse's two-shard cluster through a Distributed table (each shard holds every other row).
for (const engine of ['postgres', 'clickhouse', 'clickhouse-cluster'] as ServerEngine[]) {
  describeServer(engine, `the SQL engine on ${engine} against the streaming engine`, (url) => {
    it(`gives byte-identical report JSON on ${RUNS_SERVER} random tables`, async () => {
      const prefix = `kd_${engine.replace('-', '_')}_`;
      await differential(
        {
          name: engine,
          write: (tables) => writeTables(engine, url, tables.map((t) => ({ name: `${prefix}${t.name}`, columns: COLUMNS, rows: t.rows.map(cells) }))),
          source: (table) => `    url: ${kpiUrl(url)}\n    table: ${prefix}${table}`,
          close: closePostgresConnections,
        },
        RUNS_SERVER,
      );
    }, 600_000);
  });
}
