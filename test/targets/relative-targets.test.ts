// Relative targets (README "Relative targets"): `revenue[yoy] * 110%`, `orders[prev] * 95%`, `baseline * 105%`,
// resolved per period and group from figures computed in the report's own pass.
//
// fixtures/budgets/sales.csv by month: 2025-01 800 (1 order, Retail); 2025-03 1200 (1, Retail); 2026-01 1500
// (2 orders); 2026-02 2250.50 (2: Retail 1, Online 1); 2026-03 2200 (2: Retail 1500, Online 700); nothing in 2025-02 or 2025-Q4.
// fixtures/budgets/targets-relative.yaml: revenue target revenue[yoy] * 110%; orders min orders[prev] * 95%;
// gross_margin baseline 40 %, min baseline * 105%.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';
import { parseRelative } from '../../src/targets/targets-file.js';

interface Result {
  kpi: string;
  group: Record<string, string>;
  target: number | null;
  status: string;
  reason: string | null;
}
const CONFIG = 'fixtures/budgets/kpi-relative.yaml';
const report = (args: string[]) => {
  const r = runKpi(['report', '-c', CONFIG, '--as-of', '2026-06-15', '-f', 'json', ...args]);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { results: Result[] }).results;
};
const of = (results: Result[], kpi: string, group: Record<string, string> = {}) => results.find((r) => r.kpi === kpi && JSON.stringify(r.group) === JSON.stringify(group))!;

describe('relative targets', () => {
  it('reads last year, the previous period and the baseline of each period', () => {
    const march = report(['--period', '2026-03', '--kpi', 'revenue,orders,gross_margin']);
    // March 2025's revenue 1200 × 1.1 = 1320.
    expect(of(march, 'revenue').target).toBe(1320);
    // February's 2 orders × 0.95 = 1.9, a minimum: 2 orders meet it.
    expect(of(march, 'orders')).toMatchObject({ target: 1.9, status: 'met' });
    // The baseline 40 % × 1.05 = 42 %.
    expect(of(march, 'gross_margin').target).toBe(0.42);
    // Q1: Q1 2025's 800 + 1200 = 2000 × 1.1 = 2200 (last year's quarter, not three months' targets).
    expect(of(report(['--period', '2026-Q1', '--kpi', 'revenue']), 'revenue').target).toBe(2200);
  });

  it('has no target, with the reason, when the figure it reads has none: never 0', () => {
    const feb = of(report(['--period', '2026-02', '--kpi', 'revenue']), 'revenue');
    // February 2025 has no sales.
    expect(feb).toMatchObject({ target: null, status: 'no_target', reason: 'revenue[yoy] * 110%: revenue[yoy] (2025-02) has no value' });
  });

  it('holds each group to its own figure', () => {
    const rows = report(['--period', '2026-03', '--kpi', 'revenue', '--by', 'department']);
    // Retail's March 2025: 1200 × 1.1 = 1320; Online sold nothing in March 2025: no target.
    expect(of(rows, 'revenue', { department: 'Retail' }).target).toBe(1320);
    expect(of(rows, 'revenue', { department: 'Online' })).toMatchObject({ target: null, status: 'no_target' });
  });

  it("judges a running month against last year's whole month", () => {
    // mtd as of 15 March 2026: 1500 so far, projected 1500 / (15/31) = 3100, against March 2025's 1200 × 1.1.
    const r = runKpi(['report', '-c', CONFIG, '--as-of', '2026-03-15', '--period', 'mtd', '--kpi', 'revenue', '-f', 'json']);
    const row = (JSON.parse(r.stdout) as { results: (Result & { projected: number })[] }).results[0];
    expect(row).toMatchObject({ target: 1320, projected: 3100, status: 'met' });
  });

  it('shows the resolution in kpi explain', () => {
    const r = runKpi(['explain', 'revenue', '-c', CONFIG, '--period', '2026-03', '--as-of', '2026-06-15']);
    expect(r.stdout).toContain('revenue[yoy] * 110%: revenue[yoy] (2025-03) = 1200 × 1.1 = 1320');
  });

  it('gives a trend each point its own relative target', () => {
    const r = runKpi(['trend', 'revenue', '-c', CONFIG, '--period', '2026-03', '--last', '3', '--as-of', '2026-06-15', '-f', 'json']);
    const points = (JSON.parse(r.stdout) as { series: { points: { target: number | null }[] }[] }).series[0].points;
    // January 2025's 800 × 1.1 = 880; February none; March 1320.
    expect(points.map((p) => p.target)).toEqual([880, null, 1320]);
  });
});

describe('the relative target as written', () => {
  it('reads times, plus and minus', () => {
    expect(parseRelative('revenue[yoy] * 110%', 'target')).toMatchObject({ base: { kpi: 'revenue', offset: 'yoy' }, factor: 1.1, add: 0 });
    expect(parseRelative('orders[PREV]*0.95', 'min')).toMatchObject({ base: { kpi: 'orders', offset: 'prev' }, factor: 0.95 });
    expect(parseRelative('revenue[yoy] + 10%', 'target')).toMatchObject({ factor: 1.1, add: 0, percentStep: true });
    expect(parseRelative('revenue[yoy] - 50_000', 'target')).toMatchObject({ factor: 1, add: -50000 });
    expect(parseRelative('baseline * 105%', 'target')).toMatchObject({ base: { baseline: true }, factor: 1.05 });
    expect(parseRelative('revenue[yoy] * lots', 'target')).toMatch(/"lots" is not a number or percent/);
  });

  it('refuses an unknown KPI, a baseline not given, and + 5% on a percent KPI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-rel-'));
    const run = (yaml: string) => {
      writeFileSync(join(dir, 't.yaml'), yaml);
      return runKpi(['report', '-c', CONFIG, '-t', join(dir, 't.yaml'), '--period', '2026-03', '--as-of', '2026-06-15']);
    };
    const unknown = run('revenue:\n  target: revenu[yoy] * 110%\n');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/t\.yaml:2: revenue\.target: unknown KPI 'revenu' in "revenu\[yoy\] \* 110%".*did you mean 'revenue'/);
    expect(run('revenue:\n  target: baseline * 2\n').stderr).toMatch(/reads the baseline, and revenue has none/);
    expect(run('gross_margin:\n  baseline: 40%\n  min: baseline + 5%\n').stderr).toMatch(/reads two ways.*baseline \* 105% for a share, or baseline \+ 0\.05 for points/);
  });
});
