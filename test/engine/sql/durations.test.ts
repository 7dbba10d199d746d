// Duration fields on a database source (README "Running on a database"): a number column of durations in a unit
// (`units:`, or the unit a header names: `First reply time in minutes`) is read as number × the unit's hours, the
// double the streaming engine computes, so the report equals the CSV export's; a text column of durations
// (`2h 30m`) and a number column with no unit are exit 2 naming the KPI, the column and the engine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-durations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// March 2026: first replies of 90, 30 and 45.5 minutes (and one without), resolutions of 1, 2.25 and 30 hours.
const TICKETS: TableSpec = {
  name: 'kpi_dur_tickets',
  columns: [
    { name: 'created', type: 'DATE' },
    { name: 'ticket_id', type: 'INTEGER' },
    { name: 'first_reply_time_in_minutes', type: 'DOUBLE' },
    { name: 'full_resolution_time', type: 'DECIMAL(12,2)' },
    { name: 'wait', type: 'VARCHAR' },
  ],
  rows: [
    ['2026-03-02', 1, 90, 1, '2h 30m'],
    ['2026-03-05', 2, 30, 2.25, '1h'],
    ['2026-03-09', 3, 45.5, 30, '15m'],
    ['2026-03-10', 4, null, null, ''],
    ['2026-02-14', 5, 12, 0.5, '1d'],
  ],
};

function project(name: string, source: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\nsources:\n  tickets:\n${source}\n    kind: tickets\n    units: { resolution_time: hours }\nkpis:\n  avg_first_reply: { formula: 'avg(tickets.first_response_time)', unit: number }\n  max_resolution: { formula: 'max(tickets.resolution_time)', unit: number }\n  reply_total: { formula: 'sum(tickets.first_response_time)', unit: number }\n`);
  return cwd;
}

const ARGS = ['--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'avg_first_reply,max_resolution,reply_total'];

beforeAll(() => {
  const csv = project('csv', '    file: tickets.csv');
  writeFileSync(
    join(csv, 'tickets.csv'),
    [TICKETS.columns.map((c) => c.name).join(','), ...TICKETS.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n',
  );
});

const json = (cwd: string, more: string[], env: Record<string, string>) => {
  const run = runKpi(['report', '-f', 'json', ...ARGS, ...more], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  const r = JSON.parse(run.stdout) as { results: { kpi: string; value: number }[]; data_quality?: unknown };
  delete r.data_quality;
  return r;
};

function suite(engine: string, url: () => string) {
  const env = () => ({ KPI_TEST_URL: url() });
  it('a number column of durations gives the figures of the CSV export, and by hand', () => {
    const cwd = project(`${engine}-db`, `    url: \${KPI_TEST_URL}\n    table: ${TICKETS.name}`);
    for (const more of [[], ['--compare', 'yoy']]) {
      expect(JSON.stringify(json(cwd, more, env()))).toBe(JSON.stringify(json(join(dir, 'csv'), more, {})));
    }
    const values = Object.fromEntries(json(cwd, [], env()).results.map((r) => [r.kpi, r.value]));
    // (90 + 30 + 45.5) / 60 / 3 = 0.919444… hours; the longest resolution 30 h; 165.5 / 60 = 2.758333… hours.
    expect(values.avg_first_reply).toBeCloseTo(165.5 / 180, 12);
    expect(values.max_resolution).toBe(30);
    expect(values.reply_total).toBeCloseTo(165.5 / 60, 12);
  }, 120_000);

  it('a text column of durations, or a number column with no unit, is exit 2 naming the KPI and the engine', () => {
    const text = project(`${engine}-text`, `    url: \${KPI_TEST_URL}\n    table: ${TICKETS.name}\n    columns: { first_response_time: wait }`);
    const t = runKpi(['report', ...ARGS], { cwd: text, env: env() });
    expect(t.code, t.stderr).toBe(2);
    expect(t.stderr).toContain(`(${engine})`);
    expect(t.stderr).toContain('avg_first_reply');
    expect(t.stderr).toContain("'wait'");
    const noUnit = project(`${engine}-no-unit`, `    url: \${KPI_TEST_URL}\n    table: ${TICKETS.name}\n    columns: { first_response_time: ticket_id }`);
    const n = runKpi(['report', ...ARGS], { cwd: noUnit, env: env() });
    expect(n.code, n.stderr).toBe(2);
    expect(n.stderr).toContain('units: { first_response_time: minutes }');
  }, 120_000);
}

describe('durations on DuckDB', () => {
  const db = join(dir, 'tickets.duckdb');
  beforeAll(() => writeDuckDb(db, [TICKETS]));
  suite('duckdb', () => `duckdb:${db}`);
});

describeServer('postgres', 'durations on PostgreSQL', (url) => {
  beforeAll(() => writeTables('postgres', url, [TICKETS]), 60_000);
  suite('postgres', () => kpiUrl(url));
});

describeServer('clickhouse', 'durations on ClickHouse', (url) => {
  beforeAll(() => writeTables('clickhouse', url, [TICKETS]), 60_000);
  suite('clickhouse', () => kpiUrl(url));
});
