// `--drivers` on database sources (README "Why it moved", "Running on a database"): each member of a driver field
// is a group of its own in the same SQL query (a GROUPING SETS set per driver column, or on ClickHouse 18.16 a
// query of its own), so a result's splits by member are the streaming engine's: the results equal those of the
// CSV export on DuckDB, PostgreSQL, ClickHouse and the two-shard cluster, and revenue's split by rep is the one
// computed by hand below.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../../helpers/run-kpi.js';
import { writeDuckDb, type TableSpec } from '../../helpers/duckdb.js';
import { describeServer, kpiUrl, writeTables, type ServerEngine } from '../../helpers/servers.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-drivers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// February: Ann 100, Bob 200 + 50, no rep 10 = 360. March: Ann 500, Bob 40, Cid 25.50, no rep 4.50 = 570.
// Revenue's change +210 by rep: Ann +400, Bob 40 − 250 = −210, Cid +25.50, no rep 4.50 − 10 = −5.50 (the sum is
// 210); below the materiality floor of 5 % × 210 = 10.50 only the empty rep: it is "other". By product: A 530 − 300
// = +230, B 40 − 60 = −20.
const SALES: TableSpec = {
  name: 'kpi_drivers_sales',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'rep', type: 'VARCHAR' },
    { name: 'product', type: 'VARCHAR' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
    { name: 'cost', type: 'DECIMAL(18,2)' },
  ],
  rows: [
    ['2026-02-03', 'Ann', 'A', 100, 60],
    ['2026-02-10', 'Bob', 'A', 200, 150],
    ['2026-02-20', 'Bob', 'B', 50, 10],
    ['2026-02-26', null, 'B', 10, 5],
    ['2026-03-02', 'Ann', 'A', 500, 100],
    ['2026-03-09', 'Bob', 'B', 40, 30],
    ['2026-03-15', 'Cid', 'A', 25.5, 10],
    ['2026-03-20', null, 'A', 4.5, 1],
  ],
};

const KPIS = `kpis:
  rev: { formula: sum(sales.revenue), unit: currency }
  margin: { formula: (sum(sales.revenue) - sum(sales.cost)) / sum(sales.revenue), unit: percent }
`;

function project(name: string, source: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\nsources:\n  sales:\n${source}\n${KPIS}`);
  return cwd;
}

beforeAll(() => {
  const csv = project('csv', '    file: sales.csv');
  writeFileSync(join(csv, 'sales.csv'), [SALES.columns.map((c) => c.name).join(','), ...SALES.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n');
});

interface Split {
  dimension: string;
  against: string;
  method: string;
  total: number;
  members: { member: string; contribution: number; value: number | null; previous: number | null }[];
  other: { members: number; contribution: number } | null;
}
interface Result {
  kpi: string;
  group?: Record<string, string>;
  drivers?: Split[];
  drivers_note?: string | null;
}

const report = (cwd: string, args: string[], env: Record<string, string> = {}) => {
  const run = runKpi(['report', '-f', 'json', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'rev,margin', ...args], { cwd, env });
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { results: Result[] }).results;
};

function suite(engine: string, url: () => string) {
  const env = () => ({ KPI_TEST_URL: url() });
  const cwd = () => project(`${engine}-db`, `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`);

  it('--drivers rep,product: the splits of the CSV export, revenue by rep as by hand', () => {
    const results = report(cwd(), ['--drivers', 'rep,product'], env());
    expect(JSON.stringify(results)).toBe(JSON.stringify(report(join(dir, 'csv'), ['--drivers', 'rep,product'])));
    const rev = results.find((r) => r.kpi === 'rev')!;
    expect(rev.drivers_note).toBeNull();
    const byRep = rev.drivers!.find((s) => s.dimension === 'rep' && s.against === 'previous')!;
    expect(byRep).toMatchObject({ method: 'sum', total: 210, other: { members: 1, contribution: -5.5 } });
    expect(byRep.members.map((m) => [m.member, m.contribution, m.value, m.previous])).toEqual([
      ['Ann', 400, 500, 100],
      ['Bob', -210, 40, 250],
      ['Cid', 25.5, 25.5, 0],
    ]);
    const byProduct = rev.drivers!.find((s) => s.dimension === 'product' && s.against === 'previous')!;
    expect(byProduct.members.map((m) => [m.member, m.contribution])).toEqual([
      ['A', 230],
      ['B', -20],
    ]);
    // The margin is a ratio: its change split into each member's own rate and the mix (rate_mix), as from the CSV.
    expect(results.find((r) => r.kpi === 'margin')!.drivers!.map((s) => s.method)).toContain('rate_mix');
  }, 120_000);

  it('--drivers with --by: the members beside the groups and the total, a --by field as a driver too', () => {
    for (const args of [['--by', 'product', '--drivers', 'rep'], ['--by', 'rep', '--drivers', 'rep,product']]) {
      const results = report(cwd(), args, env());
      expect(JSON.stringify(results), args.join(' ')).toBe(JSON.stringify(report(join(dir, 'csv'), args)));
      expect(results.find((r) => r.kpi === 'rev' && !r.group?.product && !r.group?.rep)!.drivers!.length).toBeGreaterThan(0);
    }
  }, 120_000);
}

describe('--drivers on DuckDB', () => {
  const db = join(dir, 'sales.duckdb');
  beforeAll(() => writeDuckDb(db, [SALES]));
  suite('duckdb', () => `duckdb:${db}`);
});

for (const [engine, label] of [
  ['postgres', 'PostgreSQL'],
  ['clickhouse', 'ClickHouse'],
  ['clickhouse-cluster', 'a two-shard ClickHouse cluster'],
] as [ServerEngine, string][]) {
  describeServer(engine, `--drivers on ${label}`, (url) => {
    beforeAll(() => writeTables(engine, url, [SALES]), 60_000);
    suite(engine, () => kpiUrl(url));
  });
}
