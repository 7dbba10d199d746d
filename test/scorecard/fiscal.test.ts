// The scorecard of a company with its fiscal year from July (fixtures/windows/fiscal: the demo's sales, a budget of
// 20,000,000 a fiscal year split by month weights): the columns run July…October, YTD is the fiscal year to date,
// the full-year target the fiscal year's. Figures summed from fixtures/demo/sales.csv with Python's Decimal
// (test/report/windows.test.ts has the table): July–October 2026 1,542,504.10 + 2,249,501.00 + 1,341,581.10 +
// 1,462,864.40 = 6,596,450.60; July–October 2025 6,787,386.50 − 977,372.20 (November) = 5,810,014.30. The
// targets: 200,000 per weight point, July 8, August 10, September 8, October 6 → 1,600,000, 2,000,000, 1,600,000,
// 1,200,000, to date 6,400,000; remaining 20,000,000 − 6,596,450.60 = 13,403,549.40.
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

interface Cell {
  value: number | null;
  target: number | null;
  status: string;
}
interface Scorecard {
  months: { id: string }[];
  ytd: { id: string; start: string; end: string };
  last_year_ytd: { id: string; start: string; end: string };
  full_year: { id: string; start: string; end: string };
  rows: { kpi: string; months: Cell[]; ytd: Cell; last_year_ytd: Cell; full_year_target: number | null; remaining: number | null }[];
}
const scorecard = (extra: string[] = [], format = 'json') => runKpi(['scorecard', '-c', 'fixtures/windows/fiscal/kpi.yaml', '--kpi', 'revenue', '--as-of', '2026-11-15', '-f', format, ...extra]);

describe('the scorecard of a fiscal year from July', () => {
  it('has the months from July, the fiscal year to date and the fiscal year’s target', () => {
    const run = scorecard();
    expect(run.code, run.stderr).toBe(0);
    const s = JSON.parse(run.stdout) as Scorecard;
    expect(s.months.map((m) => m.id)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10']);
    expect(s.ytd).toEqual({ id: '2026-07-01..2026-10-31', start: '2026-07-01', end: '2026-10-31' });
    expect(s.last_year_ytd).toEqual({ id: '2025-07-01..2025-10-31', start: '2025-07-01', end: '2025-10-31' });
    expect(s.full_year).toEqual({ id: 'FY2027', start: '2026-07-01', end: '2027-06-30' });
    const row = s.rows[0];
    expect(row.months.map((c) => [c.value, c.target])).toEqual([
      [1_542_504.1, 1_600_000],
      [2_249_501.0, 2_000_000],
      [1_341_581.1, 1_600_000],
      [1_462_864.4, 1_200_000],
    ]);
    expect([row.ytd.value, row.ytd.target, row.ytd.status]).toEqual([6_596_450.6, 6_400_000, 'met']);
    expect(row.last_year_ytd.value).toBe(5_810_014.3);
    expect(row.full_year_target).toBe(20_000_000);
    expect(row.remaining).toBe(13_403_549.4);
  });

  it('a fiscal year given as the period runs from its July; the table heads say so', () => {
    const whole = JSON.parse(scorecard(['--period', 'FY2026']).stdout) as Scorecard;
    expect(whole.months.map((m) => m.id)).toEqual(['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    // The whole fiscal year is its own year to date, and last year's is the fiscal year before.
    expect([whole.ytd.id, whole.last_year_ytd.id, whole.full_year.id]).toEqual(['FY2026', 'FY2025', 'FY2026']);
    const table = scorecard([], 'table');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/│ KPI +│ +Jul │ +Aug │ +Sep │ +Oct │ +YTD │/);
  });

  it('a period that is neither a month nor a year names the fiscal year’s first month', () => {
    const run = scorecard(['--period', '2026-Q3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/give a month \(2026-10: July to October\) or a year \(FY2027\)/);
  });
});
