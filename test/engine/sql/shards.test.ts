// A ClickHouse Distributed table aggregates on its shards (README "Scaling out"): kpi's queries read the
// Distributed table directly (every level of the compiled source a WITH alias, no subquery), so each shard returns
// its partial aggregates — a row per group and window — and not its rows. Checked on the two-shard cluster of
// scripts/test-servers.sh through shard 2's system.query_log (its profile logs queries): what the shard answered
// for each of kpi's queries. The figures are computed by hand.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { computeReport } from '../../../src/report/build-report.js';
import { computeTrend } from '../../../src/report/build-trend.js';
import { chRun, describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';
import type { TableSpec } from '../../helpers/duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 400 rows in March 2026 (day 1 + i % 20), dealt to the shards in turn: 200 rows each, both reps on each shard
// (rep by floor(i / 2) % 2). Revenue 10.01 × (i + 1): total 10.01 × (1 + … + 400) = 10.01 × 80200 = 802802.00.
// Ann takes i ≡ 0, 1 (mod 4): Σ over k = 0..99 of (4k + 1) + (4k + 2) = 8 × 4950 + 300 = 39900 → 399399.00;
// Bob the rest, 80200 − 39900 = 40300 → 403403.00. The date column is named `day` and another `kpi_c0`: names the
// compiled query uses for its own columns (then with a prefix no column has).
const N = 400;
const TABLE: TableSpec = {
  name: 'kpi_shards_sales',
  columns: [
    { name: 'day', type: 'DATE' },
    { name: 'kpi_c0', type: 'VARCHAR' },
    { name: 'rep', type: 'VARCHAR' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
  ],
  rows: Array.from({ length: N }, (_, i) => [`2026-03-${String(1 + (i % 20)).padStart(2, '0')}`, `x${i}`, Math.floor(i / 2) % 2 === 0 ? 'Ann' : 'Bob', ((i + 1) * 1001) / 100]),
};

describeServer('clickhouse-cluster', 'a Distributed table', (url) => {
  const shard2 = process.env.KPI_TEST_CLICKHOUSE_SHARD2_URL ?? '';
  const config = join(dir, 'kpi.yaml');

  /** What shard 2 answered to kpi's queries since `since` (its query_log): the query text and its result rows (not
   * the sample of the first 500 rows kpi maps fields by). */
  async function shardAnswers(since: string): Promise<{ query: string; rows: number }[]> {
    await chRun(shard2, 'SYSTEM FLUSH LOGS');
    const out = await chRun(
      shard2,
      `SELECT query, result_rows FROM system.query_log WHERE type = 2 AND is_initial_query = 0 AND event_time >= toDateTime('${since}') AND query LIKE '%${TABLE.name}_local%' AND query NOT LIKE '% LIMIT 500' FORMAT JSONCompact`,
    );
    return (JSON.parse(out) as { data: [string, string][] }).data.map(([query, rows]) => ({ query, rows: Number(rows) }));
  }
  const now = async () => (await chRun(url, 'SELECT toString(now())')).trim();

  it('a report --by rep: each shard returns a row per group, and the figures are the rows’', async () => {
    await writeTables('clickhouse-cluster', url, [TABLE]);
    writeFileSync(
      config,
      `currency: NOK
sources:
  sales:
    url: ${kpiUrl(url)}
    table: ${TABLE.name}
    columns: { date: day, revenue: revenue, rep: rep }
kpis:
  rev: { formula: sum(sales.revenue), unit: currency }
  n: { formula: count(sales) }
  per_line: { formula: sum(sales.revenue) / count(sales), unit: currency }
`,
    );
    const since = await now();
    const { report } = await computeReport({ config, period: '2026-03', compare: 'prev', by: ['rep'], kpis: ['rev', 'n'], asOf: '2026-04-15' });
    const json = JSON.parse(JSON.stringify(report)) as { results: { kpi: string; value: number | null; group?: Record<string, string> }[] };
    const figure = (kpi: string, rep?: string) => json.results.find((r) => r.kpi === kpi && (rep === undefined ? !r.group || Object.keys(r.group).length === 0 : r.group?.rep === rep))?.value;
    expect([figure('rev'), figure('rev', 'Ann'), figure('rev', 'Bob')]).toEqual([802802, 399399, 403403]);
    expect([figure('n'), figure('n', 'Ann'), figure('n', 'Bob')]).toEqual([400, 200, 200]);

    const answers = await shardAnswers(since);
    // The groups and total queries, rows per day (facts), values kpi cannot read (check): each an aggregate over
    // the shard's local table, answered with at most a row per day (20), never the shard's 200 rows.
    expect(answers.length).toBeGreaterThanOrEqual(3);
    for (const a of answers) {
      expect(a.query).toMatch(/count(If)?\(/);
      expect(a.rows).toBeLessThanOrEqual(20);
    }
  });

  it('a 24-month trend (windows as a group key): the shards return a row per window', async () => {
    const since = await now();
    // Two aggregates over 24 windows: past the FILTER budget (compile.ts), so the windows are a group key.
    const { trend } = await computeTrend({ config, kpi: 'per_line', last: 24, grain: 'month', asOf: '2026-04-15', by: [], allowIncomplete: true });
    const points = trend.series[0].points;
    expect(points).toHaveLength(24);
    const march = points.find((p) => p.period.id === '2026-03');
    // 802802.00 / 400 rows.
    expect(march?.value).toBe(2007.005);
    expect(points.filter((p) => p.value !== null && p !== march)).toEqual([]);
    const answers = await shardAnswers(since);
    expect(answers.some((a) => /ARRAY JOIN/.test(a.query))).toBe(true);
    for (const a of answers) expect(a.rows).toBeLessThanOrEqual(24);
  });
});
