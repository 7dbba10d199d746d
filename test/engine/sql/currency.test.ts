// A currency column on a database source (README "Running on a database"): each row's currency is counted per
// window and group in SQL, as the streaming engine counts it, so a money figure of one currency is given and one
// that would add two currencies is an error — the report of the CSV export; `--by currency` gives each currency's
// figure. `fx:` rates are not converted in SQL: exit 2 naming the KPIs and the engine.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-currency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// March 2026: NOK 100.10, "nok " 50.00, an empty currency (the project's, NOK) 20.05, EUR 30.00; February NOK 75.25.
const SALES: TableSpec = {
  name: 'kpi_cur_sales',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
    { name: 'currency', type: 'VARCHAR' },
  ],
  rows: [
    ['2026-03-02', 1, 100.1, 'NOK'],
    ['2026-03-05', 2, 50, 'nok '],
    ['2026-03-09', 3, 20.05, ''],
    ['2026-03-10', 4, 30, 'EUR'],
    ['2026-02-14', 5, 75.25, 'NOK'],
  ],
};

const KPIS = `kpis:\n  eur_revenue: { formula: 'sum(sales.revenue where currency = "eur")', unit: currency }\n`;

function project(name: string, source: string, extra = ''): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\n${extra}sources:\n  sales:\n${source}\n${KPIS}`);
  return cwd;
}

beforeAll(() => {
  const csv = project('csv', '    file: sales.csv');
  writeFileSync(join(csv, 'sales.csv'), [SALES.columns.map((c) => c.name).join(','), ...SALES.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n');
});

interface Result {
  kpi: string;
  group?: Record<string, string>;
  value: number | null;
  status: string;
  currency?: string;
  reason: string | null;
}
const report = (cwd: string, args: string[], env: Record<string, string> = {}) => {
  const run = runKpi(['report', '-f', 'json', '--as-of', '2026-04-15', '--kpi', 'revenue,orders,eur_revenue', ...args], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { results: Result[]; data_quality: { currency?: { currencies: { currency: string; rows: number }[]; empty: number } }[] };
};

function suite(engine: string, url: () => string) {
  const env = () => ({ KPI_TEST_URL: url() });
  const cwd = () => project(`${engine}-db`, `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`);

  it('one currency: the figures of the CSV export; two: the same error; --by currency: each its own', () => {
    // February holds only NOK: the report equals the CSV export's (data_quality aside: no lines in a table).
    const feb = (c: string, e?: Record<string, string>) => JSON.stringify(report(c, ['--period', '2026-02', '--compare', 'none'], e).results);
    expect(feb(cwd(), env())).toBe(feb(join(dir, 'csv')));
    // March adds NOK and EUR in revenue: an error, as from the CSV (the first row of each is located by line
    // there, by table here); orders are no money and are counted (4).
    const march = report(cwd(), ['--period', '2026-03'], env());
    const csvMarch = report(join(dir, 'csv'), ['--period', '2026-03']);
    const revenue = march.results.find((r) => r.kpi === 'revenue')!;
    expect(revenue).toMatchObject({ value: null, status: 'error' });
    expect(revenue.reason).toContain('are in 2 currencies (EUR, NOK)');
    expect(revenue.reason).toContain('NOK in 3 rows');
    expect(revenue.reason).toContain('EUR in 1 row');
    expect(csvMarch.results.find((r) => r.kpi === 'revenue')).toMatchObject({ value: null, status: 'error' });
    expect(march.results.find((r) => r.kpi === 'orders')).toMatchObject({ value: 4 });
    // A money KPI reads the currencies of its window's rows, whatever its condition (as the streaming engine).
    const eur = march.results.find((r) => r.kpi === 'eur_revenue')!;
    expect(eur).toMatchObject({ value: null, status: 'error' });
    expect(csvMarch.results.find((r) => r.kpi === 'eur_revenue')).toMatchObject({ value: null, status: 'error' });
    // Every row's currency: NOK 4 (one empty cell read as NOK), EUR 1.
    expect(march.data_quality[0].currency).toMatchObject({ currencies: [{ currency: 'NOK', rows: 4 }, { currency: 'EUR', rows: 1 }], empty: 1 });
    // --by currency: NOK 100.10 + 50.00 + 20.05 = 170.15, EUR 30.00, each in its currency; the groups as the CSV's.
    const groups = (r: { results: Result[] }) => JSON.stringify(r.results.filter((x) => x.group && Object.keys(x.group).length));
    const byCurrency = report(cwd(), ['--period', '2026-03', '--by', 'currency'], env());
    expect(groups(byCurrency)).toBe(groups(report(join(dir, 'csv'), ['--period', '2026-03', '--by', 'currency'])));
    const rev = byCurrency.results.filter((r) => r.kpi === 'revenue' && r.group?.currency);
    expect(rev.map((r) => [r.group!.currency, r.value, r.status])).toEqual(expect.arrayContaining([['NOK', 170.15, 'no_target'], ['EUR', 30, 'no_target']]));
  }, 120_000);

  it('fx: rates are exit 2 KPI_ENGINE_UNSUPPORTED naming the KPIs and the engine', () => {
    const c = project(`${engine}-fx`, `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`, 'fx: rates.csv\n');
    copyFileSync(join(ROOT, 'fixtures', 'currency', 'rates.csv'), join(c, 'rates.csv'));
    const run = runKpi(['report', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue', '-f', 'json'], { cwd: c, env: env() });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('KPI_ENGINE_UNSUPPORTED');
    expect(run.stderr).toContain(`(${engine}): revenue reads amounts`);
    expect(run.stderr).toContain('fx: rates.csv');
  }, 120_000);
}

describe('a currency column on DuckDB', () => {
  const db = join(dir, 'sales.duckdb');
  beforeAll(() => writeDuckDb(db, [SALES]));
  suite('duckdb', () => `duckdb:${db}`);
});

describeServer('postgres', 'a currency column on PostgreSQL', (url) => {
  beforeAll(() => writeTables('postgres', url, [SALES]), 60_000);
  suite('postgres', () => kpiUrl(url));
});

describeServer('clickhouse', 'a currency column on ClickHouse', (url) => {
  beforeAll(() => writeTables('clickhouse', url, [SALES]), 60_000);
  suite('clickhouse', () => kpiUrl(url));
});
