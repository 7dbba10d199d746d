// Values kpi cannot read in a database table (README "Running on a database"): a number beyond ±10^15 or with more
// significant digits than a double holds, a spreadsheet error text. As for a CSV export, each figure leaves out only
// the rows with such a value in a column it reads, says how many it left out (and the first: table, column, value),
// and `kpi check` fails on it; in a --by field such a value still stops the report (exit 3).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-bad-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// March 2026: 100.10 (new), 50.00 (upsell), 1234567890123.4567 (19 significant digits: unreadable; new), 20.05 with
// the type #N/A (unreadable); February 75.25 (new).
const SALES: TableSpec = {
  name: 'kpi_bad_sales',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'rep', type: 'VARCHAR' },
    { name: 'revenue', type: 'DECIMAL(38,4)' },
    { name: 'type', type: 'VARCHAR' },
  ],
  rows: [
    ['2026-03-02', 1, 'Ann', '100.10', 'Nysalg'],
    ['2026-03-05', 2, 'Ann', '50.00', 'Mersalg'],
    ['2026-03-09', 3, 'Bob', '1234567890123.4567', 'Nysalg'],
    ['2026-03-10', 4, 'Bob', '20.05', '#N/A'],
    ['2026-02-14', 5, 'Ann', '75.25', 'Nysalg'],
  ],
};

function project(name: string, source: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\nsources:\n  sales:\n${source}\n    values:\n      type: { new: [Nysalg], upsell: [Mersalg] }\n`);
  return cwd;
}

beforeAll(() => {
  const csv = project('csv', '    file: sales.csv');
  writeFileSync(join(csv, 'sales.csv'), [SALES.columns.map((c) => c.name).join(','), ...SALES.rows.map((r) => r.join(','))].join('\n') + '\n');
});

interface Result {
  kpi: string;
  group: Record<string, string>;
  value: number | null;
  bad_values: { count: number; first: { file: string; line: number; column: string; value: string } } | null;
}
const KPIS = ['--kpi', 'revenue,orders,new_sales'];
const report = (cwd: string, args: string[], env: Record<string, string> = {}) => {
  const run = runKpi(['report', '-f', 'json', '--as-of', '2026-04-15', ...KPIS, ...args], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { results: Result[]; data_quality: { skipped: number; bad_values: { column: string; count: number; examples: string[]; aggregates: string[] }[] }[] };
};
/** The results without where the first bad value is (a line of the CSV, the table in the database). */
const unlocated = (r: { results: Result[] }) => JSON.stringify(r.results.map((x) => ({ ...x, bad_values: x.bad_values && { count: x.bad_values.count, column: x.bad_values.first.column } })));

function suite(engine: string, url: () => string) {
  const env = () => ({ KPI_TEST_URL: url() });
  const cwd = () => project(`${engine}-db`, `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`);

  it('leaves out only the figures that read a bad value, counted as from the CSV export, and by hand', () => {
    for (const args of [['--period', '2026-03'], ['--period', '2026-03', '--by', 'rep'], ['--period', '2026-q1', '--compare', 'yoy']]) {
      expect(unlocated(report(cwd(), args, env())), args.join(' ')).toBe(unlocated(report(join(dir, 'csv'), args)));
    }
    const march = report(cwd(), ['--period', '2026-03'], env());
    const get = (id: string) => march.results.find((r) => r.kpi === id && Object.keys(r.group).length === 0)!;
    // 100.10 + 50.00 + 20.05 = 170.15, the 19-digit amount left out; 4 orders (order_id reads no bad value);
    // new: 100.10 alone (row 3's amount and row 4's type cannot be read).
    expect(get('revenue')).toMatchObject({ value: 170.15, bad_values: { count: 1, first: { column: 'revenue', value: '1234567890123.4567', line: 0 } } });
    expect(get('orders')).toMatchObject({ value: 4, bad_values: null });
    expect(get('new_sales')).toMatchObject({ value: 100.1 });
    expect(get('new_sales').bad_values?.count).toBe(2);
    const q = march.data_quality[0];
    expect(q.skipped).toBe(2);
    expect(q.bad_values.map((b) => [b.column, b.count, b.examples])).toEqual(expect.arrayContaining([['revenue', 1, ['1234567890123.4567']], ['type', 1, ['#N/A']]]));
    // A trend (the windows as a group key past the FILTER budget): the same as the CSV's.
    const trend = (c: string, e?: Record<string, string>) => {
      const t = runKpi(['trend', 'new_sales', '--as-of', '2026-04-15', '--last', '24', '--by', 'rep', '-f', 'json'], { cwd: c, env: e });
      expect(t.code, t.stderr).toBe(0);
      const r = JSON.parse(t.stdout) as { series: unknown };
      return JSON.stringify(r.series);
    };
    expect(trend(cwd(), env())).toBe(trend(join(dir, 'csv')));
    // kpi check fails on them (exit 3), as for a file.
    const check = runKpi(['check', '--as-of', '2026-04-15', '--period', '2026-03', ...KPIS], { cwd: cwd(), env: env() });
    expect(check.code, check.stdout + check.stderr).toBe(3);
  }, 120_000);

  it('a bad value in a --by field still stops the report: exit 3 KPI_DATABASE_VALUES', () => {
    const run = runKpi(['report', '--as-of', '2026-04-15', '--period', '2026-03', '--by', 'type', '-f', 'json', ...KPIS], { cwd: cwd(), env: env() });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('KPI_DATABASE_VALUES');
    expect(run.stderr).toContain("column 'type'");
    expect(run.stderr).toContain('a --by field');
  }, 120_000);
}

describe('bad values on DuckDB', () => {
  const db = join(dir, 'sales.duckdb');
  beforeAll(() => writeDuckDb(db, [SALES]));
  suite('duckdb', () => `duckdb:${db}`);
});

describeServer('postgres', 'bad values on PostgreSQL', (url) => {
  beforeAll(() => writeTables('postgres', url, [SALES]), 60_000);
  suite('postgres', () => kpiUrl(url));
});

describeServer('clickhouse', 'bad values on ClickHouse', (url) => {
  beforeAll(() => writeTables('clickhouse', url, [SALES]), 60_000);
  suite('clickhouse', () => kpiUrl(url));
});
