// Rolling and cumulative windows as properties, through the whole pipeline: random sales rows over two years and a
// random fiscal year start; in a 12-month trend, rolling(rev, 3 months) must equal the sum of its three months,
// cumulative(rev) the running sum of the months from the (fiscal) year's first month, and a rolled ratio the
// ratio of the rolled sums — each computed here, independently, in integer cents from the rows written.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeTrend } from '../../src/report/build-trend.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 10);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);
const dir = mkdtempSync(join(tmpdir(), 'kpi-windows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The trend's twelve months, November 2025 to October 2026, as [year, month]. */
const MONTHS: [number, number][] = Array.from({ length: 12 }, (_, i) => [2025 + Math.floor((10 + i) / 12), ((10 + i) % 12) + 1]);
const DAY = 86_400_000;
const START = Date.UTC(2024, 10, 1); // 2024-11-01: a year before the trend's first month, so every window has data

const row = fc.record({ day: fc.integer({ min: 0, max: 729 }), cents: fc.integer({ min: -20_000, max: 900_000 }), web: fc.boolean() });
type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;

const ym = (r: Row): [number, number] => {
  const d = new Date(START + r.day * DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1];
};
const monthIndex = ([y, m]: [number, number]) => y * 12 + (m - 1);

async function trendValues(config: string, kpi: string): Promise<(number | null)[]> {
  const { trend } = await computeTrend({ config, kpi, last: 12, period: '2026-10', asOf: '2026-11-15', allowIncomplete: true, noTargets: true });
  return trend.series[0].points.map((p) => p.value);
}

describe('rolling and cumulative windows over random data', () => {
  it('rolling is the sum of its months, cumulative the running sum from the fiscal year start, a rolled ratio the ratio of sums', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 12 }), async (rows, fiscalStart) => {
        const caseDir = join(dir, String(n++));
        const lines = rows.map((r) => `${new Date(START + r.day * DAY).toISOString().slice(0, 10)},${(r.cents / 100).toFixed(2)},${r.web ? 'web' : 'shop'}`);
        mkdirSync(caseDir);
        writeFileSync(join(caseDir, 'sales.csv'), `date,revenue,channel\n${lines.join('\n')}\n`);
        writeFileSync(
          join(caseDir, 'kpi.yaml'),
          `fiscal_year_start: ${fiscalStart}
sources:
  sales: { file: sales.csv }
kpis:
  rev: { formula: "sum(sales.revenue)", unit: currency }
  web_share: { formula: "sum(sales.revenue where channel = \\"web\\") / sum(sales.revenue)", unit: percent }
  rev_3m: { formula: "rolling(rev, 3 months)", unit: currency }
  rev_cum: { formula: "cumulative(rev)", unit: currency }
  web_share_3m: { formula: "rolling(web_share, 3 months)", unit: percent }
`,
        );
        const config = join(caseDir, 'kpi.yaml');
        // Cents per month index, and the web channel's.
        const total = new Map<number, number>();
        const web = new Map<number, number>();
        const seen = new Set<number>();
        for (const r of rows) {
          const i = monthIndex(ym(r));
          seen.add(i);
          total.set(i, (total.get(i) ?? 0) + r.cents);
          if (r.web) web.set(i, (web.get(i) ?? 0) + r.cents);
        }
        const sumOf = (from: number, to: number, m: Map<number, number>) => {
          let s = 0;
          let any = false;
          for (let i = from; i <= to; i++) {
            s += m.get(i) ?? 0;
            any ||= seen.has(i);
          }
          return any ? s : null;
        };
        const toCents = (v: number | null) => (v === null ? null : Math.round(v * 100));

        const rolled = (await trendValues(config, 'rev_3m')).map(toCents);
        expect(rolled).toEqual(MONTHS.map((m) => sumOf(monthIndex(m) - 2, monthIndex(m), total)));

        const cumulative = (await trendValues(config, 'rev_cum')).map(toCents);
        expect(cumulative).toEqual(
          MONTHS.map(([y, m]) => {
            // The fiscal year holding the month starts in `fiscalStart` of this year or the one before.
            const startYear = m >= fiscalStart ? y : y - 1;
            return sumOf(monthIndex([startYear, fiscalStart]), monthIndex([y, m]), total);
          }),
        );

        const share = await trendValues(config, 'web_share_3m');
        MONTHS.forEach((m, i) => {
          const all = sumOf(monthIndex(m) - 2, monthIndex(m), total);
          const part = sumOf(monthIndex(m) - 2, monthIndex(m), web) ?? 0;
          if (all === null || all === 0) expect(share[i]).toBeNull();
          else expect(share[i]).toBeCloseTo(part / all, 10);
        });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});
