// A retailer on the NRF 4-5-4 calendar (fixtures/retail: the demo's sales, fiscal_calendar: 4-5-4 ending on the
// Saturday nearest 31 January): the fiscal periods give the figures of the calendar dates they cover, targets
// count fiscal months, the scorecard's columns and a monthly trend are the fiscal months. Dates by hand in
// test/unit/retail-calendar.test.ts (FY2026 = 1 February 2026 – 30 January 2027, Q1 = 1 February – 2 May 2026).
// Expected figures summed independently from fixtures/demo/sales.csv with Python's csv and Decimal (Beløp, and the
// distinct Ordrenr, of the lines dated in each range):
//   2026-02-01..2026-05-02  revenue 5,533,280.20  orders 369   (P01 953,846.80 · P02 2,056,112.10 · P03 2,523,321.30)
//   2025-11-02..2026-01-31  revenue 3,453,174.90  orders 260   (FY2025-Q4, the quarter before)
//   2025-02-02..2025-05-03  revenue 4,487,226.10               (FY2025-Q1, a year before)
//   2026-02-01..2026-10-31  revenue 16,992,873.30              (FY2026-P01..P09, the year to date through P09)
//   2025-02-02..2025-11-01  revenue 14,834,300.80              (the same 273 days of FY2025)
// Targets (fixtures/retail/targets.yaml): revenue 1,500,000 per fiscal month, so Q1 4,500,000; orders 1,200 a year
// weighted feb 6, mar 10, apr 8 … of 100, so Q1 (P01–P03, weighed as February–April) 1,200 × 24/100 = 288.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

interface Result {
  kpi: string;
  value: number | null;
  previous: number | null;
  target: number | null;
}
const report = (period: string, extra: string[] = []) => {
  const run = runKpi(['report', '-c', 'fixtures/retail/kpi.yaml', '--period', period, '--kpi', 'revenue,orders', '--as-of', '2026-11-15', '-f', 'json', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  const r = JSON.parse(run.stdout) as { period: { id: string; start: string; end: string }; compare: { id: string; start: string; end: string } | null; results: Result[] };
  const by = Object.fromEntries(r.results.map((x) => [x.kpi, x]));
  return { period: r.period, compare: r.compare, revenue: by.revenue, orders: by.orders };
};

describe('the NRF 4-5-4 calendar in reports', () => {
  it('FY2026-Q1 is 1 February – 2 May 2026 and equals that date range’s report to the cent, targets included', () => {
    const q1 = report('FY2026-Q1');
    expect(q1.period).toEqual({ id: 'FY2026-Q1', start: '2026-02-01', end: '2026-05-02' });
    expect(q1.compare).toEqual({ id: 'FY2025-Q4', start: '2025-11-02', end: '2026-01-31' });
    expect([q1.revenue.value, q1.revenue.target, q1.revenue.previous]).toEqual([5_533_280.2, 4_500_000, 3_453_174.9]);
    expect([q1.orders.value, q1.orders.target, q1.orders.previous]).toEqual([369, 288, 260]);
    const range = report('2026-02-01..2026-05-02');
    expect([range.revenue.value, range.revenue.target, range.orders.value, range.orders.target]).toEqual([5_533_280.2, 4_500_000, 369, 288]);
    // A year back, the range is the same days of the fiscal year before: FY2025-Q1's, as FY2026-Q1's yoy.
    expect(report('2026-02-01..2026-05-02', ['--compare', 'yoy']).compare).toEqual({ id: '2025-02-02..2025-05-03', start: '2025-02-02', end: '2025-05-03' });
  });

  it('its fiscal months add up to it, and yoy is the same quarter of FY2025', () => {
    let cents = 0;
    for (const p of ['FY2026-P01', 'FY2026-P02', 'FY2026-P03']) {
      const m = report(p, ['--compare', 'none']);
      expect(m.revenue.target).toBe(1_500_000);
      cents += Math.round(m.revenue.value! * 100);
    }
    expect(cents).toBe(553_328_020);
    const yoy = report('FY2026-Q1', ['--compare', 'yoy']);
    expect(yoy.compare).toEqual({ id: 'FY2025-Q1', start: '2025-02-02', end: '2025-05-03' });
    expect(yoy.revenue.previous).toBe(4_487_226.1);
  });

  it('without --period the report is the last complete fiscal month; a label the calendar lacks is a config error', () => {
    expect(report('FY2026-P09').period).toEqual({ id: 'FY2026-P09', start: '2026-10-04', end: '2026-10-31' });
    const run = runKpi(['report', '-c', 'fixtures/retail/kpi.yaml', '--kpi', 'revenue', '--as-of', '2026-11-15', '-f', 'json']);
    expect((JSON.parse(run.stdout) as { period: { id: string } }).period.id).toBe('FY2026-P09');
    const bad = runKpi(['report', '-c', 'fixtures/retail/kpi.yaml', '--period', 'FY2026-W53', '--as-of', '2026-11-15']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/FY2026-W53.*52 weeks, FY2026-W01 to FY2026-W52/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('the scorecard’s columns are the fiscal months, its year to date the fiscal year’s', () => {
    const run = runKpi(['scorecard', '-c', 'fixtures/retail/kpi.yaml', '--kpi', 'revenue', '--as-of', '2026-11-15', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const s = JSON.parse(run.stdout) as { months: { id: string }[]; ytd: { id: string; start: string; end: string }; full_year: { id: string }; last_year_ytd: { id: string; start: string; end: string }; rows: { months: { value: number; target: number }[]; ytd: { value: number }; last_year_ytd: { value: number } }[] };
    expect(s.months.map((m) => m.id)).toEqual(['FY2026-P01', 'FY2026-P02', 'FY2026-P03', 'FY2026-P04', 'FY2026-P05', 'FY2026-P06', 'FY2026-P07', 'FY2026-P08', 'FY2026-P09']);
    expect(s.ytd).toEqual({ id: '2026-02-01..2026-10-31', start: '2026-02-01', end: '2026-10-31' });
    expect(s.full_year.id).toBe('FY2026');
    expect(s.rows[0].months.slice(0, 3).map((c) => c.value)).toEqual([953_846.8, 2_056_112.1, 2_523_321.3]);
    expect(s.rows[0].months.every((c) => c.target === 1_500_000)).toBe(true);
    expect(s.rows[0].ytd.value).toBe(16_992_873.3);
    // Last year's YTD is the same days of FY2025 (2 February – 1 November 2025: 273 days from its first), not the
    // calendar dates a year back (1 February – 31 October 2025).
    expect(s.last_year_ytd).toEqual({ id: '2025-02-02..2025-11-01', start: '2025-02-02', end: '2025-11-01' });
    expect(s.rows[0].last_year_ytd.value).toBe(14_834_300.8);
    const table = runKpi(['scorecard', '-c', 'fixtures/retail/kpi.yaml', '--kpi', 'revenue', '--as-of', '2026-11-15']);
    expect(table.stdout).toMatch(/│ KPI +│ +P01 │ +P02 │/);
    const calendarMonth = runKpi(['scorecard', '-c', 'fixtures/retail/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(calendarMonth.code).toBe(2);
    expect(calendarMonth.stderr).toMatch(/give a fiscal month \(FY2026-P09\) or a fiscal year \(FY2026\)/);
  });

  it('kpi trend --grain month steps through fiscal months, --grain week through fiscal weeks', () => {
    const ids = (extra: string[]) => {
      const run = runKpi(['trend', 'revenue', '-c', 'fixtures/retail/kpi.yaml', '--last', '3', '--as-of', '2026-11-15', '-f', 'json', ...extra]);
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { series: { points: { period: { id: string } }[] }[] }).series[0].points.map((p) => p.period.id);
    };
    expect(ids(['--period', 'FY2026-Q1', '--grain', 'month'])).toEqual(['FY2026-P01', 'FY2026-P02', 'FY2026-P03']);
    expect(ids(['--grain', 'month'])).toEqual(['FY2026-P07', 'FY2026-P08', 'FY2026-P09']);
    expect(ids(['--period', 'FY2026-W02', '--grain', 'week'])).toEqual(['FY2025-W52', 'FY2026-W01', 'FY2026-W02']);
  });
});

describe('kpi explain says how a 53-week year is compared', () => {
  const explain = (period: string) => runKpi(['explain', 'revenue', '-c', 'fixtures/retail/kpi.yaml', '--period', period, '--compare', 'yoy', '--as-of', '2026-11-15']);
  it('a 52-week year against a 53-week one as they are, week 53 against week 52, and nothing when like for like', () => {
    // FY2023 (29 January 2023 – 3 February 2024) has 53 weeks, FY2024 and FY2022 52 (unit test: by hand).
    expect(explain('FY2024').stdout).toMatch(/FY2024 has 52 weeks, FY2023 53 weeks: compared as they are \(FY2023 is a 53-week year/);
    expect(explain('FY2023-Q4').stdout).toMatch(/FY2023-Q4 has 14 weeks, FY2022-Q4 13 weeks: compared as they are/);
    expect(explain('FY2023-W53').stdout).toMatch(/FY2022 has no week 53: FY2023-W53 is compared with FY2022-W52/);
    const q1 = explain('FY2026-Q1');
    expect(q1.stdout).toMatch(/compared with FY2025-Q1 \(2025-02-02 – 2025-05-03\)/);
    expect(q1.stdout).not.toMatch(/compared as they are/);
  });
});

describe('fiscal_calendar: in kpi.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-retail-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'sales.csv'), 'date,revenue\n2026-02-01,10.00\n2026-05-02,5.50\n2026-05-03,1.00\n');
  const run = (calendar: string, period = 'FY2026-Q1') => {
    writeFileSync(join(dir, 'kpi.yaml'), `${calendar}\nsources:\n  sales: { file: sales.csv }\nkpis:\n  rev: { formula: "sum(sales.revenue)", unit: currency }\n`);
    return runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', period, '--as-of', '2026-11-15', '-f', 'json', '--compare', 'none']);
  };
  it('takes the pattern alone with the NRF year end; the first and last day of FY2026-Q1 are in it, the day after not', () => {
    const r = run('fiscal_calendar: 4-5-4');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { period: { start: string; end: string }; results: { value: number }[] };
    expect(out.period).toMatchObject({ start: '2026-02-01', end: '2026-05-02' });
    expect(out.results[0].value).toBe(15.5);
  });
  it('says what is wrong with a calendar it cannot read, and refuses fiscal_year_start: beside it', () => {
    const bad = run('fiscal_calendar: { pattern: 4-4-4 }');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/4-4-5, 4-5-4 \(the NRF calendar\) or 5-4-4/);
    const weekday = run('fiscal_calendar: { pattern: 4-5-4, year_end: { month: 1, weekday: saturn } }');
    expect(weekday.code).toBe(2);
    expect(weekday.stderr).toMatch(/weekday the fiscal year ends on .* not \\?"saturn/);
    const both = run('fiscal_year_start: 2\nfiscal_calendar: 4-5-4');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/kpi.yaml:1.*fiscal_year_start and fiscal_calendar both say when the fiscal year starts; keep one/);
    expect(both.stderr).not.toMatch(/\n\s+at /);
    // Without a retail calendar a fiscal month is an error that says what to add.
    const none = run('', 'FY2026-P01');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/fiscal months .* are those of a retail calendar; set one in kpi.yaml/);
  });
});
