// Rows dated after --as-of inside a running period: the demo's October runs to the 31st, so "2026-10 as of the
// 15th" already holds the whole month. Projecting it from 15 of 31 days gave 3,023,253.09 NOK "met" (pace) — the
// rest of the month counted twice — while `mtd` on the same data said missed. Now no projection and no verdict
// on pace, with the reason; `mtd` (the rows up to --as-of) is projected as before.
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const DEMO = ['-c', 'fixtures/demo/kpi.yaml', '--as-of', '2026-10-15', '--kpi', 'revenue,orders', '-f', 'json'];
const results = (period: string) => {
  const run = runKpi(['report', '--period', period, ...DEMO]);
  return { code: run.code, rows: JSON.parse(run.stdout).results as { kpi: string; value: number; projected: number | null; status: string; reason: string | null }[] };
};

describe('a running period with rows dated after --as-of', () => {
  it('is not projected: revenue with a target is an error (check fails), orders without one keeps its figure', () => {
    const { rows } = results('2026-10');
    const [revenue, orders] = rows;
    expect(revenue).toMatchObject({ value: 1_462_864.4, projected: null, status: 'error' });
    expect(revenue.reason).toContain('sales: rows dated 2026-10-16 – 2026-10-31 lie after --as-of 2026-10-15 inside 2026-10');
    expect(orders).toMatchObject({ value: 137, projected: null, status: 'no_target' });
    expect(runKpi(['check', '--period', '2026-10', ...DEMO]).code).toBe(3);
  });

  it('mtd reads only the rows up to --as-of and is projected from them', () => {
    const [revenue] = results('mtd').rows;
    // 567,945.80 NOK in 1–15 October, over 15 of 31 days: 567,945.80 × 31 / 15 = 1,173,754.6533…
    expect(revenue.value).toBe(567_945.8);
    expect(revenue.projected).toBeCloseTo(1_173_754.6533, 3);
    expect(revenue.status).toBe('missed');
  });
});
