// --strict and rows with no period date (new-user trial F17): a row whose date is empty (NULL) but which a period
// figure counts is in doubt in every period, so `kpi check` fails on it (exit 3) and the report counts it with the
// bad values, said as a row with no period date; --strict stops at it as at an unreadable value — from a CSV export (naming file, line
// and column) and from a table (naming table and column), alike. Without --strict the report runs (exit 0).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-strict-undated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// March 2026: orders 1 and 2; order 3 has no date (line 4 of the CSV) and counts in orders and revenue.
const SALES: TableSpec = {
  name: 'kpi_strict_undated',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
  ],
  rows: [
    ['2026-03-02', 1, '100.10'],
    ['2026-03-05', 2, '50.00'],
    [null, 3, '20.05'],
  ],
};

function project(name: string, source: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\nsources:\n  sales:\n${source}\n`);
  return cwd;
}

beforeAll(() => {
  const csv = project('csv', '    file: sales.csv');
  writeFileSync(join(csv, 'sales.csv'), ['date,order_id,revenue', ...SALES.rows.map((r) => r.map((v) => v ?? '').join(','))].join('\n') + '\n');
});

const run = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  runKpi(['report', '--as-of', '2026-04-15', '--period', '2026-03', '--compare', 'none', '--kpi', 'revenue,orders', ...args], { cwd, env });

describe('--strict and an empty period date in a CSV export', () => {
  it('stops at the row, naming file, line and column (exit 3); without --strict the report says it (exit 0)', () => {
    const cwd = join(dir, 'csv');
    const strict = run(cwd, ['--strict']);
    expect(strict.code, strict.stdout + strict.stderr).toBe(3);
    expect(strict.stderr).toMatch(/sales\.csv:4: column 'date' is empty, so the row is in no period, yet count\(sales\)|sales\.csv:4: column 'date' is empty, so the row is in no period, yet sum\(sales\.revenue\)/);
    expect(strict.stderr).toContain('--strict stops at the first bad row');
    const plain = run(cwd, []);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout + plain.stderr).toContain("column 'date' is empty, so the row is in no period");
    expect(plain.stdout).toContain('left out 1 row with no period date (first: sales.csv:4');
    expect(plain.stdout).not.toContain('could not read');
    expect(runKpi(['check', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue,orders'], { cwd }).code).toBe(3);
  });
});

function suite(url: () => string) {
  const env = () => ({ KPI_TEST_URL: url() });
  const cwd = () => project(`db-${SALES.name}`, `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`);

  it('stops at the rows with a NULL date, naming table and column (exit 3); without --strict exit 0, as the CSV', () => {
    const strict = run(cwd(), ['--strict'], env());
    expect(strict.code, strict.stdout + strict.stderr).toBe(3);
    expect(strict.stderr).toMatch(new RegExp(`${SALES.name}.*column 'date' is empty \\(NULL\\) in 1 row, so it is in no period`));
    expect(strict.stderr).toContain('--strict stops at the first bad value');
    const plain = run(cwd(), [], env());
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout + plain.stderr).toContain("column 'date' is empty, so the row is in no period");
    // Said as a row with no period date, not as a value kpi could not read.
    expect(plain.stdout).toContain('left out 1 row with no period date');
    expect(plain.stdout).not.toContain('could not read');
  }, 120_000);
}

describe('--strict and a NULL period date on DuckDB', () => {
  const db = join(dir, 'sales.duckdb');
  beforeAll(() => writeDuckDb(db, [SALES]));
  suite(() => `duckdb:${db}`);
});

describeServer('postgres', '--strict and a NULL period date on PostgreSQL', (url) => {
  beforeAll(() => writeTables('postgres', url, [SALES]), 60_000);
  suite(() => kpiUrl(url));
});

describeServer('clickhouse', '--strict and a NULL period date on ClickHouse', (url) => {
  beforeAll(() => writeTables('clickhouse', url, [SALES]), 60_000);
  suite(() => kpiUrl(url));
});
