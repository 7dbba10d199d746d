// Noise (issue 18, README "Is it real"): intervals of proportions (Wilson) and NPS (adjusted Wald), significance and
// min_n. The intervals are computed by hand below from fixtures/why, with z = 1.959964 (95%), z² = 3.841459.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';
import { npsInterval, wilson, zOf } from '../../src/report/noise.js';

interface Row { kpi: string; group: Record<string, string>; value: number; n: number; status: string; target: number | null; reason: string | null; interval?: { low: number; high: number; confidence: number; method: string }; significant?: boolean | null }

/** fixtures/why with extra kpi.yaml lines. */
function project(extra: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-noise-'));
  for (const f of ['sales.csv', 'deals.csv', 'surveys.csv', 'targets.yaml']) copyFileSync(join(ROOT, 'fixtures/why', f), join(dir, f));
  writeFileSync(join(dir, 'kpi.yaml'), `${readFileSync(join(ROOT, 'fixtures/why/kpi.yaml'), 'utf8')}${extra}\n`);
  return join(dir, 'kpi.yaml');
}
function run(config: string, args: string[], format = 'json') {
  return runKpi(['check', '-c', config, '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete', '-f', format, ...args]);
}
const rowsOf = (config: string, args: string[]) => (JSON.parse(runKpi(['report', '-c', config, '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete', '-f', 'json', ...args]).stdout) as { results: Row[] }).results;
const find = (rows: Row[], kpi: string, group: Record<string, string>) => rows.find((r) => r.kpi === kpi && JSON.stringify(r.group) === JSON.stringify(group))!;

describe('intervals by hand', () => {
  it('z of 95% is 1.959964', () => expect(zOf(0.95)).toBeCloseTo(1.959963985, 8));

  it("Oslo's 5 answers: NPS 0, adjusted Wald interval −56.78 … +56.78", () => {
    // surveys.csv, Oslo: 10, 9, 6, 7, 3 (and one empty score): 2 promoters, 1 passive, 2 detractors; NPS = 100 × (2 − 2)/5 = 0.
    // Adjusted: z²/3 = 1.280486 answers of each kind added: n' = 5 + 3.841459 = 8.841459,
    // p' = d' = (2 + 1.280486)/8.841459 = 0.371035, mean 0, variance p' + d' − 0² = 0.742070,
    // half width = 1.959964 × √(0.742070/8.841459) = 1.959964 × 0.289709 = 0.567819: ±56.78 points.
    const [low, high] = npsInterval(2, 2, 5, zOf(0.95));
    expect(low).toBeCloseTo(-56.782, 2);
    expect(high).toBeCloseTo(56.782, 2);
  });

  it("Bo's 1 won of 4: Wilson 4.56% … 69.94%", () => {
    // p = 0.25, n = 4: denominator 1 + z²/n = 1.960365; centre (0.25 + z²/8)/1.960365 = 0.730182/1.960365 = 0.372473;
    // half = (z/1.960365) × √(0.25 × 0.75/4 + z²/64) = 0.999795 × √0.106898 = 0.326886: 0.045587 … 0.699359.
    const [low, high] = wilson(1, 4, zOf(0.95));
    expect(low).toBeCloseTo(0.045587, 5);
    expect(high).toBeCloseTo(0.699359, 5);
  });
});

describe('significance: 95%', () => {
  const config = project('significance: 95%');

  it('a 5-answer NPS group below its target is at risk (not significant), not missed', () => {
    const rows = rowsOf(config, ['--kpi', 'nps', '--by', 'store']);
    const oslo = find(rows, 'nps', { store: 'Oslo' });
    expect(oslo.n).toBe(5);
    expect(oslo.value).toBe(0);
    expect(oslo.target).toBe(30);
    expect(oslo.status).toBe('at_risk');
    expect(oslo.significant).toBe(false);
    expect(oslo.interval!.method).toBe('adjusted_wald_nps');
    expect(oslo.interval!.low).toBeCloseTo(-56.782, 2);
    expect(oslo.interval!.high).toBeCloseTo(56.782, 2);
    // Bergen: 7 promoters, 2 passives, 1 detractor of 10: NPS 60, met.
    expect(find(rows, 'nps', { store: 'Bergen' })).toMatchObject({ value: 60, status: 'met', n: 10 });
  });

  it('kpi check does not fail on it, and says why', () => {
    const r = run(config, ['--kpi', 'nps', '--by', 'store'], 'table');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not significant at 95%: Net Promoter Score (Oslo) 0.0 (n 5), interval −56.8 – 56.8 (adjusted Wald) holds the target 30.0: at risk, not missed');
  });

  it('a win rate below target with a wide Wilson interval is at risk', () => {
    const rows = rowsOf(config, ['--kpi', 'win_rate', '--by', 'rep']);
    const bo = find(rows, 'win_rate', { rep: 'Bo' });
    expect(bo).toMatchObject({ value: 0.25, n: 4, status: 'at_risk', significant: false });
    expect(bo.interval!.low).toBeCloseTo(0.045587, 5);
    expect(bo.interval!.high).toBeCloseTo(0.699359, 5);
  });

  it('without significance: the same miss is missed (control)', () => {
    const rows = rowsOf('fixtures/why/kpi.yaml', ['--kpi', 'nps', '--by', 'store']);
    const oslo = find(rows, 'nps', { store: 'Oslo' });
    expect(oslo.status).toBe('missed');
    expect('interval' in oslo).toBe(false);
    expect(run('fixtures/why/kpi.yaml', ['--kpi', 'nps', '--by', 'store']).code).toBe(1);
  });
});

describe('min_n', () => {
  it('a group with fewer answers is shown but not judged (early, with the reason)', () => {
    const config = project('min_n: 6');
    const rows = rowsOf(config, ['--kpi', 'nps', '--by', 'store']);
    const oslo = find(rows, 'nps', { store: 'Oslo' });
    expect(oslo.status).toBe('early');
    expect(oslo.value).toBe(0);
    expect(oslo.reason).toBe('n = 5, below min_n: 6: shown, not judged');
    expect(find(rows, 'nps', { store: 'Bergen' }).status).toBe('met');
    expect(run(config, ['--kpi', 'nps', '--by', 'store']).code).toBe(0);
  });

  it('a bad significance is a config error naming what it takes', () => {
    const r = runKpi(['report', '-c', project('significance: 120%'), '--period', '2026-10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/significance must be a confidence level such as 95%/);
  });
});
