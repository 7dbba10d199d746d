// Properties of the engine on random data: months add up to their quarter, and a trend agrees with single reports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/report/build-report.js';
import { computeTrend } from '../../src/report/build-trend.js';

const ADDITIVE = ['revenue', 'gross_profit', 'units'];

const lineArb = fc.record({
  // Days of 2025-12-15 … 2026-04-15, so quarters and the year boundary are crossed.
  day: fc.integer({ min: 0, max: 121 }),
  cents: fc.integer({ min: -500_000, max: 5_000_000 }),
  costCents: fc.integer({ min: 0, max: 3_000_000 }),
  quantity: fc.integer({ min: 0, max: 20 }),
  rep: fc.constantFrom('Ann', 'Bob', 'Åse'),
});

type Line = typeof lineArb extends fc.Arbitrary<infer T> ? T : never;

function writeProject(lines: Line[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-prop-'));
  const base = Date.UTC(2025, 11, 15);
  const money = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
  const rows = lines.map((l, i) =>
    [new Date(base + l.day * 86_400_000).toISOString().slice(0, 10), `O${i}`, l.rep, l.quantity, money(l.cents), money(l.costCents)].join(','),
  );
  writeFileSync(join(dir, 'sales.csv'), `date,order_id,rep,quantity,revenue,cost\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\n');
  return join(dir, 'kpi.yaml');
}

const valuesOf = async (config: string, period: string, by?: string[]) => {
  const { report } = await computeReport({ config, period, compare: 'none', kpis: ADDITIVE, by });
  return report.results;
};

describe('additive KPIs', () => {
  it('the months of a quarter add up to the quarter, to the cent, in total and per group', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 60 }), async (lines) => {
        const config = writeProject(lines);
        const quarter = await valuesOf(config, '2026-Q1', ['rep']);
        const months = await Promise.all(['2026-01', '2026-02', '2026-03'].map((m) => valuesOf(config, m, ['rep'])));
        for (const q of quarter) {
          let cents = 0;
          for (const month of months) {
            const m = month.find((r) => r.kpi === q.kpi && JSON.stringify(r.group) === JSON.stringify(q.group));
            cents += Math.round((m?.value ?? 0) * 100);
          }
          expect(cents, `${q.kpi} ${JSON.stringify(q.group)}`).toBe(Math.round((q.value ?? 0) * 100));
        }
      }),
      { numRuns: 15 },
    );
  });

  it('a trend gives each month the value a single report gives it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 40 }), async (lines) => {
        const config = writeProject(lines);
        const { trend } = await computeTrend({ config, kpi: 'revenue', last: 5, period: '2026-04' });
        const points = trend.series[0].points;
        expect(points.map((p) => p.period.id)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
        for (const p of points) {
          const single = (await valuesOf(config, p.period.id)).find((r) => r.kpi === 'revenue')!;
          expect(p.value, p.period.id).toBe(single.value);
        }
      }),
      { numRuns: 10 },
    );
  });
});
