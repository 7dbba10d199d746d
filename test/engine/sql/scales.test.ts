// Scores off their field's scale in a database table (trial4 F26): csat is 1–5, a survey's score 0–10. As in a CSV
// export (sources/column-format.ts), a value off the scale is a bad value: left out of the figures that read it,
// counted and located (table, column, value), and `kpi check` fails on it. Both engines give the same results.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-scales-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// October 2026: csat 5, 4, 7 (off 1–5), 2, 0 (off 1–5); scores 9, 10, 3, 85 and -1 (both off 0–10).
const TICKETS: TableSpec = {
  name: 'kpi_scale_tickets',
  columns: [
    { name: 'created', type: 'DATE' },
    { name: 'csat', type: 'INTEGER' },
  ],
  rows: [['2026-10-01', 5], ['2026-10-02', 4], ['2026-10-03', 7], ['2026-10-04', 2], ['2026-10-05', 0]],
};
const SURVEYS: TableSpec = {
  name: 'kpi_scale_surveys',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'score', type: 'DECIMAL(5,1)' },
  ],
  rows: [['2026-10-01', '9.0'], ['2026-10-02', '10.0'], ['2026-10-03', '3.0'], ['2026-10-04', '85.0'], ['2026-10-05', '-1.0']],
};

function project(name: string, sources: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `sources:\n${sources}\n`);
  return cwd;
}
const csvOf = (t: TableSpec) => [t.columns.map((c) => c.name).join(','), ...t.rows.map((r) => r.join(','))].join('\n') + '\n';

beforeAll(() => {
  const csv = project('csv', '  tickets: { file: tickets.csv }\n  surveys: { file: surveys.csv }');
  writeFileSync(join(csv, 'tickets.csv'), csvOf(TICKETS));
  writeFileSync(join(csv, 'surveys.csv'), csvOf(SURVEYS));
});

interface Result {
  kpi: string;
  value: number | null;
  bad_values: { count: number; first: { column: string; value: string; reason?: string } } | null;
}
const ARGS = ['--period', '2026-10', '--as-of', '2026-11-05', '--kpi', 'avg_csat,nps'];
const report = (cwd: string, env: Record<string, string> = {}) => {
  const run = runKpi(['report', '-f', 'json', ...ARGS], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { results: Result[]; data_quality: { source: string; bad_values: { column: string; count: number; first: { reason: string } }[] }[] };
};
const unlocated = (r: { results: Result[] }) => JSON.stringify(r.results.map((x) => ({ kpi: x.kpi, value: x.value, bad: x.bad_values && { count: x.bad_values.count, column: x.bad_values.first.column } })));

function suite(url: () => string) {
  const env = () => ({ KPI_TEST_URL: url() });
  const cwd = () => project('db', `  tickets:\n    url: \${KPI_TEST_URL}\n    table: ${TICKETS.name}\n  surveys:\n    url: \${KPI_TEST_URL}\n    table: ${SURVEYS.name}`);

  it('leaves out a score off its scale, counted and said as from the CSV export, and by hand', () => {
    const db = report(cwd(), env());
    expect(unlocated(db)).toBe(unlocated(report(join(dir, 'csv'))));
    const get = (id: string) => db.results.find((r) => r.kpi === id)!;
    // avg_csat over the values on 1–5: (5 + 4 + 2) / 3 = 3.666…; 7 and 0 left out.
    expect(get('avg_csat').value).toBeCloseTo(11 / 3, 10);
    expect(get('avg_csat').bad_values?.count).toBe(2);
    expect(get('nps').bad_values?.count).toBe(2);
    const reasons = db.data_quality.flatMap((q) => q.bad_values.map((b) => [q.source, b.column, b.count, b.first.reason]));
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['tickets', 'csat', 2, 'outside the scale 1–5 of this field: is the right column mapped? (columns: in kpi.yaml)'],
        ['surveys', 'score', 2, 'outside the scale 0–10 of this field: is the right column mapped? (columns: in kpi.yaml)'],
      ]),
    );
    const check = runKpi(['check', ...ARGS], { cwd: cwd(), env: env() });
    expect(check.code, check.stdout + check.stderr).toBe(3);
  }, 120_000);
}

describe('scores off their scale on DuckDB', () => {
  const db = join(dir, 'scales.duckdb');
  beforeAll(() => writeDuckDb(db, [TICKETS, SURVEYS]));
  suite(() => `duckdb:${db}`);
});

describeServer('postgres', 'scores off their scale on PostgreSQL', (url) => {
  beforeAll(() => writeTables('postgres', url, [TICKETS, SURVEYS]), 60_000);
  suite(() => kpiUrl(url));
});

describeServer('clickhouse', 'scores off their scale on ClickHouse', (url) => {
  beforeAll(() => writeTables('clickhouse', url, [TICKETS, SURVEYS]), 60_000);
  suite(() => kpiUrl(url));
});
