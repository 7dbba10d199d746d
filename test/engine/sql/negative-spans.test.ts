// Trial F24: a ticket resolved before it was created gives a negative hours(created, resolved). It is a bad value of
// the pair of columns (README "Negative spans"): located (file, line, both columns and both values), counted in data
// quality, left out of the figures that read the span and only of those, and `kpi check` fails on it (exit 3) — on
// a CSV export (the streaming engine), a CSV with engine: duckdb (handed back to the streaming engine, to locate it
// by line), and a table in DuckDB, PostgreSQL and ClickHouse (located by table), with the same figures.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-negative-spans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/*
 * line  created           resolved          hours(created, resolved)
 *   2   2026-03-02 09:00  2026-03-02 13:00    4
 *   3   2026-03-03 10:00  2026-03-03 16:00    6
 *   4   2026-03-05 12:00  2026-03-04 12:00  -24   resolved a day before it was created: a bad value
 *   5   2026-03-06 08:00  (empty)                 open
 * resolution_hours = median(4, 6) = 5            (before the fix: median(4, 6, -24) = 4)
 * mean_hours       = (4 + 6) / 2 = 5             (before: (4 + 6 − 24) / 3 = −4.67)
 * fast             = count(hours <= 5) = 1 (line 2; before: 2, line 4's −24 counted as fast)
 * tickets          = 4, every row (no span read): no bad value
 */
const TICKETS: TableSpec = {
  name: 'kpi_neg_tickets',
  columns: [
    { name: 'ticket', type: 'INTEGER' },
    { name: 'created', type: 'TIMESTAMP' },
    { name: 'resolved', type: 'TIMESTAMP' },
    { name: 'agent', type: 'VARCHAR' },
  ],
  rows: [
    [1, '2026-03-02 09:00:00', '2026-03-02 13:00:00', 'Ann'],
    [2, '2026-03-03 10:00:00', '2026-03-03 16:00:00', 'Bob'],
    [3, '2026-03-05 12:00:00', '2026-03-04 12:00:00', 'Ann'],
    [4, '2026-03-06 08:00:00', null, 'Bob'],
  ],
};

const KPIS = `kpis:
  mean_hours: { formula: 'avg(hours(tickets.created, tickets.resolved))', unit: hours, better: lower }
  fast: { formula: 'count(tickets where hours(created, resolved) <= 5)', better: higher }
`;

function project(name: string, source: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `sources:\n  tickets:\n${source}\n${KPIS}`);
  return cwd;
}

const csvText = [TICKETS.columns.map((c) => c.name).join(','), ...TICKETS.rows.map((r) => r.map((v) => (v === null ? '' : String(v).replace(/:00$/, ''))).join(','))].join('\n') + '\n';

beforeAll(() => {
  writeFileSync(join(project('csv', '    file: tickets.csv'), 'tickets.csv'), csvText);
  writeFileSync(join(project('duckdb-csv', '    file: tickets.csv\n    engine: duckdb'), 'tickets.csv'), csvText);
});

interface Result {
  kpi: string;
  value: number | null;
  bad_values: { count: number; first: { line: number; column: string; value: string } } | null;
}
interface Quality {
  skipped: number;
  bad_values: { column: string; count: number; first: { line: number; value: string; reason: string }; aggregates: string[]; kpis: string[] }[];
  issues: { line: number; column: string; value: string; reason: string }[];
}
const ARGS = ['--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'resolution_hours,mean_hours,fast,tickets'];
const report = (cwd: string, env: Record<string, string> = {}) => {
  const run = runKpi(['report', '-f', 'json', ...ARGS], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { results: Result[]; data_quality: Quality[] };
};
const figures = (r: { results: Result[] }) => Object.fromEntries(r.results.map((x) => [x.kpi, [x.value, x.bad_values?.count ?? 0]]));

const BY_HAND = { resolution_hours: [5, 1], mean_hours: [5, 1], fast: [1, 1], tickets: [4, 0] };

describe('a negative span in a CSV export', () => {
  it('is left out of the figures that read the span, and only of those', () => {
    expect(figures(report(join(dir, 'csv')))).toEqual(BY_HAND);
  });

  it('is located: file, line, both columns and both values', () => {
    const r = report(join(dir, 'csv'));
    const q = r.data_quality[0];
    expect(q.skipped).toBe(1);
    expect(q.bad_values).toHaveLength(1);
    expect(q.bad_values[0]).toMatchObject({ column: 'created → resolved', count: 1, first: { line: 4, value: '2026-03-04 12:00' }, kpis: ['resolution_hours', 'mean_hours', 'fast'] });
    expect(q.bad_values[0].first.reason).toContain("'resolved' 2026-03-04 12:00 is before 'created' 2026-03-05 12:00");
    expect(q.issues).toEqual([expect.objectContaining({ line: 4, column: 'resolved', value: '2026-03-04 12:00' })]);
    expect(r.results.find((x) => x.kpi === 'mean_hours')!.bad_values!.first).toMatchObject({ line: 4, column: 'created → resolved' });
  });

  it('fails kpi check (exit 3), and stops --strict at its line', () => {
    const check = runKpi(['check', ...ARGS], { cwd: join(dir, 'csv') });
    expect(check.code, check.stdout + check.stderr).toBe(3);
    expect(check.stderr).toContain('tickets.csv:4');
    const strict = runKpi(['report', '--strict', ...ARGS], { cwd: join(dir, 'csv') });
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain("tickets.csv:4: column 'resolved': 'resolved' 2026-03-04 12:00 is before 'created' 2026-03-05 12:00");
  });

  it('with engine: duckdb, is handed to the streaming engine, which locates it by line', () => {
    const r = report(join(dir, 'duckdb-csv'), { KPI_TIMING: '1' });
    expect(figures(r)).toEqual(BY_HAND);
    expect(r.data_quality[0].bad_values[0].first.line).toBe(4);
  });
});

function suite(url: () => string) {
  const env = () => ({ KPI_TEST_URL: url() });
  const cwd = () => project(`db-${url().split(':')[0]}`, `    url: \${KPI_TEST_URL}\n    table: ${TICKETS.name}`);
  it('gives the figures of the CSV export and by hand, the pair located by table', () => {
    const r = report(cwd(), env());
    expect(figures(r)).toEqual(BY_HAND);
    const q = r.data_quality[0];
    expect(q.skipped).toBe(1);
    expect(q.bad_values).toHaveLength(1);
    expect(q.bad_values[0]).toMatchObject({ column: 'created → resolved', count: 1, first: { line: 0, value: '2026-03-04 12:00:00' }, kpis: ['resolution_hours', 'mean_hours', 'fast'] });
    expect(q.bad_values[0].first.reason).toContain("'resolved' 2026-03-04 12:00:00 is before 'created' 2026-03-05 12:00:00");
    const check = runKpi(['check', ...ARGS], { cwd: cwd(), env: env() });
    expect(check.code, check.stdout + check.stderr).toBe(3);
  }, 120_000);
}

describe('a negative span in a DuckDB table', () => {
  const db = join(dir, 'tickets.duckdb');
  beforeAll(() => writeDuckDb(db, [TICKETS]));
  suite(() => `duckdb:${db}`);
});

describeServer('postgres', 'a negative span on PostgreSQL', (url) => {
  beforeAll(() => writeTables('postgres', url, [TICKETS]), 60_000);
  suite(() => kpiUrl(url));
});

describeServer('clickhouse', 'a negative span on ClickHouse', (url) => {
  beforeAll(() => writeTables('clickhouse', url, [TICKETS]), 60_000);
  suite(() => kpiUrl(url));
});
