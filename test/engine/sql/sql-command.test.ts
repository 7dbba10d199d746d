// `kpi sql [kpi…]` prints the SQL a report would send each database source, and `kpi explain` says which engine
// computed a figure and how long its queries took (README "Running on a database"). The printed SQL is run here,
// by the test's own client, and gives the figure by hand: it is the SQL kpi runs, not a description of it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { chRun, describeServer, kpiUrl, pgRun, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// March 2026: 100.10 + 50.00 + 20.05 = 170.15 over 4 orders (one without an amount); February 75.25.
const SALES: TableSpec = {
  name: 'kpi_sql_sales',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'rep', type: 'VARCHAR' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
  ],
  rows: [
    ['2026-03-02', 1, 'Ann', 100.1],
    ['2026-03-05', 2, 'Ann', 50],
    ['2026-03-09', 3, 'Bob', 20.05],
    ['2026-03-10', 4, 'Bob', null],
    ['2026-02-14', 5, 'Ann', 75.25],
  ],
};

// A row with no date and one amount kpi cannot read (2e15, past ±10^15): March is 100.10 + 20.05 = 120.15, the
// undated 5.00 is in no period, the 2e15 is left out.
const ODD: TableSpec = {
  name: 'kpi_sql_odd',
  columns: SALES.columns,
  rows: [
    ['2026-03-02', 1, 'Ann', 100.1],
    [null, 2, 'Bob', 5],
    ['2026-03-03', 3, 'Bob', 2000000000000000],
    ['2026-03-04', 4, 'Ann', 20.05],
  ],
};

const CHECK = 'values kpi cannot read (numbers beyond ±10^15 or past 15 digits, spreadsheet errors), per column';
const UNDATED = 'rows with an empty period field that a period figure would count (in doubt in every period)';

interface SqlJson {
  windows: { id: string; why: string }[];
  by: string[];
  sources: { source: string; engine: string; strategy: string; queries: { purpose: string; sql: string }[] }[];
  files: { source: string; files: string[] }[];
}

function project(name: string, sources: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\nsources:\n${sources}\n`);
  return cwd;
}

const sqlJson = (cwd: string, args: string[], env: Record<string, string> = {}): SqlJson => {
  const run = runKpi(['sql', '--as-of', '2026-04-15', '-f', 'json', ...args], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as SqlJson;
};

/** The revenue of each window from the printed aggregate query's answer (its decimal sums, as text). */
const aggregateQuery = (plan: SqlJson) => plan.sources[0].queries.find((q) => q.purpose.startsWith('the aggregates per window'))!;

function suite(engine: 'duckdb' | 'postgres' | 'clickhouse', url: () => string, run: (sql: string) => Promise<unknown[][]>) {
  const env = () => ({ KPI_TEST_URL: url() });
  const cwd = () => project(`${engine}`, `  sales:\n    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`);

  it('kpi sql prints the queries, and the printed aggregate query run by hand gives the figures', async () => {
    const plan = sqlJson(cwd(), ['revenue', '--period', '2026-03'], env());
    expect(plan.windows.map((w) => [w.id, w.why])).toEqual([['2026-03', 'period'], ['2026-02', 'compare']]);
    expect(plan.sources).toHaveLength(1);
    expect(plan.sources[0]).toMatchObject({ source: 'sales', engine, strategy: 'filters' });
    // Every query the engine sends is printed, the one of rows with no date too (it was left out).
    expect(plan.sources[0].queries.map((q) => q.purpose)).toContain('rows with an empty period field that a period figure would count (in doubt in every period)');
    const rows = await run(aggregateQuery(plan).sql);
    expect(rows).toHaveLength(1);
    // The decimal sums of March and February, as the engine sends them (text of DECIMAL(38,6)).
    const sums = rows[0].map(String).filter((v) => /^\d+\.\d+$/.test(v)).map(Number);
    expect(sums).toEqual([170.15, 75.25]);
    // The text form: each query after a comment saying what it computes, ended by ;.
    const text = runKpi(['sql', 'revenue', '--as-of', '2026-04-15', '--period', '2026-03'], { cwd: cwd(), env: env() });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`-- source sales: ${engine}, `);
    expect(text.stdout).toContain('--   w0 2026-03 2026-03-01 – 2026-03-31: period');
    expect(text.stdout).toMatch(/-- \d\. the aggregates per window \(a FILTER per window\)\n(WITH|SELECT) [^\n]+;\n/);
  }, 120_000);

  it('kpi sql --by and --last: the groups, and a trend as the window group key', async () => {
    const byRep = sqlJson(cwd(), ['revenue', '--period', '2026-03', '--by', 'rep'], env());
    expect(byRep.by).toEqual(['rep']);
    expect(byRep.sources[0].queries.some((q) => q.purpose.includes('per --by group'))).toBe(true);
    // 24 months of revenue and orders: 24 windows × 3 aggregates is past the FILTER budget (32).
    const trend = sqlJson(cwd(), ['revenue', 'orders', '--period', '2026-03', '--last', '24'], env());
    expect(trend.windows).toHaveLength(24);
    expect(trend.windows[23].id).toBe('2026-03');
    expect(trend.sources[0].strategy).toBe('buckets');
    // Run by hand: the bucket of the last window (w 23) has March's 4 rows and sum.
    const rows = await run(aggregateQuery(trend).sql);
    const march = rows.find((r) => r.some((v) => /^\d+\.\d+$/.test(String(v)) && Number(v) === 170.15));
    expect(march, rows.map((r) => r.map(String).join(",")).join("; ")).toBeDefined();
  }, 120_000);

  it('kpi explain names the engine and how long its queries took', () => {
    const run = runKpi(['explain', 'revenue', '--as-of', '2026-04-15', '--period', '2026-03', '-f', 'json'], { cwd: cwd(), env: env() });
    expect(run.code, run.stderr).toBe(0);
    const source = (JSON.parse(run.stdout) as { sources: { engine: { name: string; strategy: string; ms: number; queries: { purpose: string; ms: number }[] } }[] }).sources[0];
    expect(source.engine.name).toBe(engine);
    expect(source.engine.strategy).toBe('filters');
    expect(source.engine.ms).toBeGreaterThanOrEqual(0);
    expect(source.engine.queries.map((q) => q.purpose)).toContain('the aggregates per window (a FILTER per window)');
    const text = runKpi(['explain', 'revenue', '--as-of', '2026-04-15', '--period', '2026-03'], { cwd: cwd(), env: env() });
    expect(text.stdout).toMatch(new RegExp(`engine: ${engine}, SQL run in the database \\(a FILTER per window\\): \\d+ queries in \\d+ ms`));
    // Every row has a date, no amount is near 10^15: the rows with no date are not asked for, nor (on a server,
    // where the rows per day count the amounts' cheap test) the values kpi cannot read; DuckDB asks for those
    // apart, as its zone maps answer that without reading the column.
    const sent = source.engine.queries.map((q) => q.purpose);
    expect(sent).not.toContain(UNDATED);
    expect(sent.includes(CHECK)).toBe(engine === 'duckdb');
  }, 120_000);

  it('a row with no date and an amount kpi cannot read: both asked for after the rows per day, as they found them', () => {
    const odd = () => project(`${engine}-odd`, `  sales:\n    url: \${KPI_TEST_URL}\n    table: ${ODD.name}`);
    const run = runKpi(['explain', 'revenue', '--as-of', '2026-04-15', '--period', '2026-03', '-f', 'json'], { cwd: odd(), env: env() });
    expect(run.code, run.stderr).toBe(0);
    const source = (JSON.parse(run.stdout) as { sources: { engine: { queries: { purpose: string }[] } }[] }).sources[0];
    const sent = source.engine.queries.map((q) => q.purpose);
    expect(sent).toContain(UNDATED);
    expect(sent).toContain(CHECK);
    const report = runKpi(['report', '--kpi', 'revenue', '--as-of', '2026-04-15', '--period', '2026-03', '--compare', 'none', '-f', 'json'], { cwd: odd(), env: env() });
    const json = JSON.parse(report.stdout) as { results: { kpi: string; value: number }[]; data_quality: { no_period: number; bad_values: { column: string; count: number }[] }[] };
    expect(json.results.find((r) => r.kpi === 'revenue')?.value).toBe(120.15);
    expect(json.data_quality[0].no_period).toBe(1);
    expect(json.data_quality[0].bad_values.map((b) => [b.column, b.count])).toContainEqual(['revenue', 1]);
  }, 120_000);
}

describe('kpi sql and kpi explain on DuckDB', () => {
  const db = join(dir, 'shop.duckdb');
  beforeAll(() => writeDuckDb(db, [SALES, ODD]));
  suite('duckdb', () => `duckdb:${db}`, async (sql) => {
    const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
    const c = await instance.connect();
    try {
      return (await c.runAndReadAll(sql)).getRowsJS() as unknown[][];
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it('files are named with no SQL; explain says the streaming engine read them', () => {
    const cwd = project('files', '  sales:\n    file: sales.csv');
    writeFileSync(join(cwd, 'sales.csv'), 'date,order_id,revenue\n2026-03-02,1,10\n');
    const run = runKpi(['sql', '--as-of', '2026-04-15', '--period', '2026-03'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('-- source sales: sales.csv, read by the streaming engine (no SQL)');
    expect(run.stdout).toContain('-- no source of these KPIs is a database table: nothing to print');
    const explain = runKpi(['explain', 'revenue', '--as-of', '2026-04-15', '--period', '2026-03'], { cwd });
    expect(explain.stdout).toContain('engine: streaming (kpi read the files)');
  }, 120_000);

  it('kpi sql --help has examples; a bad --last is exit 2', () => {
    const help = runKpi(['sql', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('kpi sql revenue --last 24');
    const bad = runKpi(['sql', '--last', '0'], { cwd: project('bad-last', '  sales:\n    file: sales.csv') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--last 0');
  }, 120_000);
});

describeServer('postgres', 'kpi sql and kpi explain on PostgreSQL', (url) => {
  beforeAll(() => writeTables('postgres', url, [SALES, ODD]), 60_000);
  suite('postgres', () => kpiUrl(url), async (sql) => (await pgRun(url, [sql]))[0]);
});

describeServer('clickhouse', 'kpi sql and kpi explain on ClickHouse', (url) => {
  beforeAll(() => writeTables('clickhouse', url, [SALES, ODD]), 60_000);
  suite('clickhouse', () => kpiUrl(url), async (sql) => (JSON.parse(await chRun(url, `${sql} FORMAT JSONCompact`)) as { data: unknown[][] }).data);
});
