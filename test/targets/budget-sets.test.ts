// Several target sets (README "Budgets and forecasts"), run as a user would on fixtures/budgets: a budget workbook
// (KPI × Norwegian months) and a forecast CSV in long form, side by side; status and `kpi check` follow the primary.
//
// fixtures/budgets/sales.csv, revenue by month of 2026: January 1000 + 500 = 1500; February 2000 + 250.50 =
// 2250.50; March 1500 + 700 = 2200; Q1 = 5950.50.
// budget-2026.xlsx: revenue januar 1400, februar 2500, mars 2000 (Q1 5900); gross_margin januar 45 %.
// forecast-q1.csv: revenue 2026-01 1450, 2026-02 2300, 2026-03 2300 (Q1 6050); gross_margin 2026-01 42 %.
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const report = (args: string[], config = 'fixtures/budgets/kpi.yaml') => runKpi(['report', '-c', config, '--as-of', '2026-06-15', '--compare', 'none', ...args]);
const json = (args: string[], config?: string) => {
  const r = report([...args, '-f', 'json'], config);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { results: { kpi: string; target: number | null; status: string; targets?: Record<string, { target: number | null; variance: number | null; variance_pct: number | null; status: string }> }[] };
};

describe('a budget workbook and a forecast CSV side by side', () => {
  it('gives each set its target and variance, the flat fields the primary set (budget)', () => {
    const q1 = json(['--period', '2026-Q1', '--kpi', 'revenue']).results[0];
    expect(q1.target).toBe(5900);
    expect(q1.targets).toEqual({
      // 5950.50 − 5900 = +50.50, 50.5 / 5900 = 0.0085593220338983…
      budget: { target: 5900, variance: 50.5, variance_pct: 0.00855932203389831, status: 'met' },
      // 5950.50 − 6050 = −99.50, −99.5 / 6050 = −0.0164462809917355…
      forecast: { target: 6050, variance: -99.5, variance_pct: -0.0164462809917355, status: 'missed' },
    });
  });

  it('reads a percent target of each set for a month, and a set without one is no target', () => {
    // January: gross margin (1500 − 800) / 1500 = 0.4666…; budget 45 %, forecast 42 %.
    const jan = json(['--period', '2026-01', '--kpi', 'gross_margin']).results[0];
    expect(jan.targets?.budget.target).toBe(0.45);
    expect(jan.targets?.forecast.target).toBe(0.42);
    // February: the forecast has no gross margin.
    const feb = json(['--period', '2026-02', '--kpi', 'gross_margin']).results[0];
    expect(feb.targets?.forecast).toEqual({ target: null, variance: null, variance_pct: null, status: 'no_target' });
  });

  it('kpi check follows the primary set', () => {
    // March: 2200 against the budget's 2000 is met; against the forecast's 2300, missed.
    const budget = runKpi(['check', '-c', 'fixtures/budgets/kpi.yaml', '--period', '2026-03', '--as-of', '2026-06-15', '--kpi', 'revenue']);
    expect(budget.code).toBe(0);
    const forecast = runKpi(['check', '-c', 'fixtures/budgets/kpi-forecast.yaml', '--period', '2026-03', '--as-of', '2026-06-15', '--kpi', 'revenue']);
    expect(forecast.code).toBe(1);
    expect(json(['--period', '2026-03', '--kpi', 'revenue'], 'fixtures/budgets/kpi-forecast.yaml').results[0].target).toBe(2300);
  });
});
