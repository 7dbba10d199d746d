// `query:` instead of `table:` and `timeout:` on a database source (README "Running on a database"), on DuckDB,
// PostgreSQL and ClickHouse: a SELECT of the user's is read as a table (its columns and types from its result), an
// error in it is exit 3 with the server's message, and a query past the source's timeout is exit 3 with one line
// naming host, database, what was read and the timeout.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpiAsync as runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-query-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// March 2026: Ann 100.10 + 50.00, Bob 20.05 (+ a row with no amount) and 30.00, Cleo 1.01; February: Ann 75.25.
const SALES: TableSpec = {
  name: 'kpi_q_sales',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'rep', type: 'VARCHAR' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
    { name: 'test', type: 'INTEGER' },
  ],
  rows: [
    ['2026-03-02', 1, 'Ann', 100.1, 0],
    ['2026-03-05', 2, 'Ann', 50, 0],
    ['2026-03-09', 3, 'Bob', 20.05, 0],
    ['2026-03-10', 4, 'Bob', null, 0],
    ['2026-03-12', 5, 'Bob', 30, 1],
    ['2026-03-31', 6, 'Cleo', 1.01, 0],
    ['2026-02-14', 7, 'Ann', 75.25, 0],
  ],
};

function project(name: string, source: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\nsources:\n  sales:\n${source}\n`);
  return cwd;
}

const args = ['report', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue,orders'];
const figures = async (cwd: string, env: Record<string, string>) => {
  const run = await runKpi([...args, '-f', 'json'], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  const results = (JSON.parse(run.stdout) as { results: { kpi: string; value: number; previous: number | null }[] }).results;
  return Object.fromEntries(results.map((r) => [r.kpi, [r.value, r.previous]]));
};
const failure = async (cwd: string, env: Record<string, string>) => {
  const [run, json] = await Promise.all([runKpi(args, { cwd, env }), runKpi([...args, '-f', 'json'], { cwd, env })]);
  const body = JSON.parse(json.stderr.trim().split('\n').pop() ?? '{}') as { error?: { code?: string } };
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain('kpi-test-secret');
  expect(run.stderr).not.toContain('internal error');
  return { code: run.code, first: run.stderr.trim().split('\n')[0], errorCode: body.error?.code };
};

type Engine = 'duckdb' | 'postgres' | 'clickhouse';

/** The tests of one engine: `url` as kpi.yaml writes it (through ${KPI_TEST_URL}), and its slow SELECT. */
function suite(engine: Engine, url: () => string, slow: string, host: string | undefined) {
  const env = () => ({ KPI_TEST_URL: url() });
  const src = (lines: string) => `    url: \${KPI_TEST_URL}\n${lines}`;

  // Each test has its own project folders and reads only: they run side by side (describe.concurrent below), and
  // the runs within a test that do not depend on each other too, so the waits on the servers and timeouts overlap.
  it('reads a query: as a table: only the rows it selects, its computed columns, the figures by hand', async () => {
    // Without the test order (5, Bob 30.00): 100.10 + 50.00 + 20.05 + 1.01 = 171.16 from 5 orders; February 75.25.
    const cwd = project(`${engine}-query`, src(`    query: |\n      SELECT * FROM ${SALES.name}\n      WHERE test = 0 -- the test order is not a sale;`));
    // A computed column (an expression has no table column's scale: read as doubles, still summed exactly), with
    // the field's name: 2 × 201.16 = 402.32 for the 6 March orders; 2 × 75.25 = 150.50.
    const doubled = project(`${engine}-computed`, src(`    query: SELECT "date", order_id, revenue * 2 AS revenue FROM ${SALES.name}`.replace(/"date"/, engine === 'clickhouse' ? '`date`' : '"date"')));
    // The same rows by table: and by query: give the same report.
    const table = project(`${engine}-table`, src(`    table: ${SALES.name}`));
    const all = project(`${engine}-all`, src(`    query: SELECT * FROM ${SALES.name}`));
    const mores = [[], ['--by', 'rep'], ['--compare', 'yoy']];
    const [query, computed, ...pairs] = await Promise.all([
      figures(cwd, env()),
      figures(doubled, env()),
      ...mores.map((more) => Promise.all([runKpi([...args, '-f', 'json', ...more], { cwd: table, env: env() }), runKpi([...args, '-f', 'json', ...more], { cwd: all, env: env() })])),
    ]);
    expect(query).toEqual({ revenue: [171.16, 75.25], orders: [5, 1] });
    expect(computed).toEqual({ revenue: [402.32, 150.5], orders: [6, 1] });
    for (const [a, b] of pairs) {
      expect(a.code, a.stderr).toBe(0);
      const results = (s: string) => JSON.stringify((JSON.parse(s) as { results: unknown }).results);
      expect(results(b.stdout)).toBe(results(a.stdout));
    }
  }, 120_000);

  it('an error in the query is exit 3 KPI_DATABASE_QUERY with the server\'s message', async () => {
    const [e, twice] = await Promise.all([
      failure(project(`${engine}-bad-query`, src(`    query: SELECT * FROM kpi_no_such_table`)), env()),
      // Two result columns of one name (PostgreSQL keeps both; DuckDB renames the second, ClickHouse keeps one).
      engine === 'postgres' ? failure(project(`${engine}-twice`, src(`    query: SELECT "date", revenue, revenue FROM ${SALES.name}`)), env()) : undefined,
    ]);
    expect(e.code).toBe(3);
    expect(e.errorCode).toBe('KPI_DATABASE_QUERY');
    expect(e.first).toContain("source 'sales'");
    expect(e.first).toContain('kpi_no_such_table');
    if (twice) {
      expect(twice.code).toBe(3);
      expect(twice.errorCode).toBe('KPI_DATABASE_QUERY');
      expect(twice.first).toContain('two columns named "revenue"');
    }
  }, 120_000);

  it('a query past timeout: is exit 3 KPI_DATABASE_TIMEOUT, one line with host, database and the timeout', async () => {
    // The same query with time enough gives its figures (every row of the table: 6 March orders).
    const ok = project(`${engine}-slow-ok`, src(`    query: ${slow.replace(/range\(\d+\)/, 'range(1)')}\n    timeout: 2m`));
    const [e, okFigures, t] = await Promise.all([
      failure(project(`${engine}-slow`, src(`    query: ${slow}\n    timeout: 1s`)), env()),
      engine === 'duckdb' ? figures(ok, env()) : undefined,
      // A table, too: the line names it.
      engine === 'postgres' ? failure(project(`${engine}-slow-table`, src(`    table: kpi_q_slow\n    timeout: 500ms`)), env()) : undefined,
    ]);
    expect(e.code).toBe(3);
    expect(e.errorCode).toBe('KPI_DATABASE_TIMEOUT');
    expect(e.first).toContain('ran past timeout: 1 s');
    expect(e.first).toContain("the source's query:");
    if (host) expect(e.first).toContain(host);
    expect(e.first).toMatch(engine === 'duckdb' ? /shop\.duckdb/ : /database (kpi|default)/);
    if (engine === 'duckdb') expect(okFigures!.orders).toEqual([6, 1]);
    if (engine === 'postgres') {
      expect(t!.errorCode).toBe('KPI_DATABASE_TIMEOUT');
      expect(t!.first).toContain('reading table kpi_q_slow ran past timeout: 500 ms');
    }
  }, 60_000);

  it('query: with table:, or timeout: without url:, is exit 2', async () => {
    const [both, badTimeout] = await Promise.all([
      runKpi(args, { cwd: project(`${engine}-both`, src(`    table: ${SALES.name}\n    query: SELECT 1`)), env: env() }),
      runKpi(args, { cwd: project(`${engine}-bad-timeout`, src(`    table: ${SALES.name}\n    timeout: soon`)), env: env() }),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('table: or query:, not both');
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stderr).toContain('timeout is a time such as 30s');
  }, 120_000);
}

// All three engines at once: their tests share nothing but the read-only DuckDB file and tables written before.
describe.concurrent('query: and timeout:', () => {
  describe.concurrent('on DuckDB', () => {
    beforeAll(() => writeDuckDb(join(dir, 'shop.duckdb'), [SALES]));
    // A cross join of 6 × 10^9 rows: the aggregate query takes minutes, the sample of its first rows none.
    suite('duckdb', () => `duckdb:${join(dir, 'shop.duckdb')}`, `SELECT s.* FROM ${SALES.name} s, range(1000000000) r`, undefined);
  });

  describeServer('postgres', 'on PostgreSQL', (url) => {
    beforeAll(async () => {
      await writeTables('postgres', url, [SALES]);
      const { pgRun } = await import('../../helpers/servers.js');
      await pgRun(url, [`CREATE OR REPLACE VIEW kpi_q_slow AS SELECT s.* FROM ${SALES.name} s CROSS JOIN (SELECT pg_sleep(2)) AS z`]);
    }, 60_000);
    suite('postgres', () => kpiUrl(url), `SELECT * FROM ${SALES.name} WHERE pg_sleep(0.5) IS NOT NULL`, new URL(url).host);
  }, { concurrent: true });

  describeServer('clickhouse', 'on ClickHouse', (url) => {
    beforeAll(() => writeTables('clickhouse', url, [SALES]), 60_000);
    suite('clickhouse', () => kpiUrl(url), `SELECT * FROM ${SALES.name} WHERE sleep(0.9) = 0`, new URL(url).host);
  }, { concurrent: true });
});
