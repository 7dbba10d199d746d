// A target made of its months' own figures (a budget sheet's months, `periods:` of single months) paces by them
// (targets/pace.ts `months`, trial F10), and `pace: last_year` is judged for coverage as a comparison window is.
// fixtures/budget-pace: sales of 1,000 on the 15th of each month from March 2025 to September 2026 and 3,000 on
// 15 October 2026; budget-2026.csv (and .xlsx, the same figures) budgets revenue 1,000 a month January–September,
// 3,100 in October, 2,000 in November and 4,000 in December: 18,100 for the year.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';
import { resolveTarget } from '../../src/targets/compare.js';
import { monthsDue, paceOf } from '../../src/targets/pace.js';
import { parseDayText, parsePeriod } from '../../src/periods/period.js';
import type { TargetEntry } from '../../src/targets/targets-file.js';

const day = (s: string) => parseDayText(s)!;
const AS_OF = '2026-10-16';
const ASOF = day(AS_OF);

interface Row { kpi: string; value: number; target: number | null; target_to_date?: number | null; projected: number | null; pace_by?: string; status: string; reason: string | null; variance: number | null; pace: boolean }
const report = (args: string[]): Row => {
  const r = runKpi(['report', '-c', 'fixtures/budget-pace/kpi.yaml', '--as-of', AS_OF, '--compare', 'none', '--kpi', 'revenue', '-f', 'json', ...args]);
  expect([0, 1, 3]).toContain(r.code);
  return (JSON.parse(r.stdout) as { results: Row[] }).results[0];
};

/** A spreadsheet's entry as budget-sheet.ts makes it: per: month and one period override a month. */
const sheetEntry = (months: number[], year = 2026): TargetEntry => ({
  per: 'month',
  periodOverrides: months.map((v, i) => {
    const key = `${year}-${String(i + 1).padStart(2, '0')}`;
    return { key, period: parsePeriod(key, ASOF), spec: { target: v } };
  }),
  origin: 'budget.csv',
});
const SEASONAL = [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 3100, 2000, 4000];

describe('the months of a target made of them', () => {
  it('resolveTarget gives the months it added up, and a plain per: month target none', () => {
    const r = resolveTarget(sheetEntry(SEASONAL), 'higher', true, parsePeriod('2026', ASOF), {})!;
    expect(r.target).toBe(18100);
    expect(r.months?.map((m) => [m.month.id, m.target])).toEqual(SEASONAL.map((v, i) => [`2026-${String(i + 1).padStart(2, '0')}`, v]));
    expect(resolveTarget({ target: 1000, per: 'month', periodOverrides: [] }, 'higher', true, parsePeriod('2026', ASOF), {})!.months).toBeUndefined();
  });

  /*
   * ytd on 16 October 2026 by the budget's months: January–September in full, 9 × 1,000 = 9,000, and 16 of
   * October's 31 days of 3,100 = 1,600: 10,600 due of 18,100 (share 10,600 / 18,100 = 0.585635359116022).
   * Linearly it would be 289/365 of 18,100 = 14,331.23 due.
   */
  it('paceOf months: the full months to date and the elapsed days of the current one', () => {
    const months = resolveTarget(sheetEntry(SEASONAL), 'higher', true, parsePeriod('2026', ASOF), {})!.months!;
    const p = paceOf(parsePeriod('ytd', ASOF), ASOF, 'months', { months })!;
    expect(p.by).toBe('months');
    expect(p.share).toBeCloseTo(10600 / 18100, 14);
    expect(p.why).toBe("9000 for 2026-01–2026-09 + 16/31 of 2026-10's 3100");
  });

  it('a month the period covers in part counts the days of it inside the period, in the months\' order', () => {
    // 2026-08-02 … 2026-10-31 (a retail quarter): 30 of August's 31 days of 1,000, September's 1,000 in full, and
    // by 16 October 16/31 of 3,100: due 967.741935483871 + 1,000 + 1,600 = 3,567.74193548387 of
    // 967.741935483871 + 1,000 + 3,100 = 5,067.74193548387.
    const entry = sheetEntry(SEASONAL);
    const q = parsePeriod('2026-08-02..2026-10-31', ASOF);
    const months = resolveTarget(entry, 'higher', true, q, {})!.months!;
    const due = monthsDue(months, ASOF);
    expect(due.done).toBeCloseTo(3567.74193548387, 9);
    expect(due.total).toBeCloseTo(5067.74193548387, 9);
    expect(due.why).toBe("30/31 of 2026-08's 1000 + 1000 for 2026-09 + 16/31 of 2026-10's 3100");
  });

  it('months with nothing due yet pace linearly and say why (no division by a zero share)', () => {
    const months = resolveTarget(sheetEntry([0, 0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]), 'higher', true, parsePeriod('2026', ASOF), {})!.months!;
    const p = paceOf(parsePeriod('ytd', day('2026-02-10')), day('2026-02-10'), 'months', { months })!;
    expect(p.by).toBe('linear');
    expect(p.why).toContain('the months so far have no target');
  });
});

describe('a seasonal budget sheet in a report (the real binary)', () => {
  /*
   * ytd: actual 9 × 1,000 + 3,000 = 12,000; projected 12,000 × 18,100 / 10,600 = 20,490.566037735849: met
   * (+2,390.57). Paced linearly it was 12,000 × 365/289 = 15,155.71: missed, kpi check exit 1.
   */
  it('ytd: due and projected by the budget\'s months, csv and xlsx alike', () => {
    for (const t of [[], ['-t', 'fixtures/budget-pace/budget-2026.xlsx']]) {
      const r = report(['--period', 'ytd', ...t]);
      expect(r).toMatchObject({ value: 12000, target: 18100, target_to_date: 10600, pace_by: 'months', status: 'met', pace: true });
      expect(r.projected).toBeCloseTo(20490.566037735849, 6);
    }
  });
  /*
   * 2026-q4 (running on 16 October): its target is October–December, 3,100 + 2,000 + 4,000 = 9,100; due 16/31 of
   * 3,100 = 1,600; projected 3,000 × 9,100 / 1,600 = 17,062.5 (linearly, 16/92: 17,250).
   */
  it('a running quarter paces by its months', () => {
    const r = report(['--period', '2026-q4']);
    expect(r).toMatchObject({ value: 3000, target: 9100, target_to_date: 1600, projected: 17062.5, pace_by: 'months' });
  });
  it('a running month paces by its days, as before (one month has one figure)', () => {
    // October: 3,100 × 16/31 = 1,600 due; projected 3,000 × 31/16 = 5,812.5.
    expect(report(['--period', 'mtd'])).toMatchObject({ target: 3100, target_to_date: 1600, projected: 5812.5, pace_by: 'linear' });
  });
  it('pace: linear on a targets.yaml entry keeps the days', () => {
    // periods: of single months, but pace: linear asked: 289/365 of the year's 1,000 × 9 + 3,100 + 2,000 + 4,000.
    const r = report(['--period', 'ytd', '-t', 'fixtures/budget-pace/targets-linear.yaml']);
    expect(r).toMatchObject({ target: 18100, pace_by: 'linear' });
    expect(r.target_to_date).toBeCloseTo((18100 * 289) / 365, 8);
  });
  it('a targets.yaml with a month of its own paces by the months too', () => {
    // per: month 1,000 with 2026-10: 3,100, 2026-11: 2,000, 2026-12: 4,000: the same months as the sheet.
    const r = report(['--period', 'ytd', '-t', 'fixtures/budget-pace/targets-months.yaml']);
    expect(r).toMatchObject({ target: 18100, target_to_date: 10600, pace_by: 'months', status: 'met' });
  });
});

describe('pace: last_year on a year the data holds only part of', () => {
  /*
   * targets-last-year.yaml: revenue 18,000 per year, pace: last_year. The data begins on 15 March 2025, so last
   * year's same days (2025-01-01 … 2025-10-16: 8 × 1,000) lack January and February: the shape 8,000 of 10,000
   * (0.8, a projection of 15,000) would be from part of a year. The pace is withheld: incomplete, kpi check exit 3.
   */
  it('is incomplete with the window and the dates, no projection, no variance', () => {
    const r = report(['--period', 'ytd', '-t', 'fixtures/budget-pace/targets-last-year.yaml']);
    expect(r).toMatchObject({ value: 12000, target: 18000, status: 'incomplete', projected: null, target_to_date: null, variance: null, pace: false });
    expect(r.reason).toContain('pace: last_year reads 2025-01-01..2025-10-16, which the data does not cover: sales: the data begins on 2025-03-15');
    const check = runKpi(['check', '-c', 'fixtures/budget-pace/kpi.yaml', '-t', 'fixtures/budget-pace/targets-last-year.yaml', '--as-of', AS_OF, '--period', 'ytd', '--kpi', 'revenue']);
    expect(check.code).toBe(3);
  });
  it('--allow-incomplete takes the shape as it is and says so', () => {
    // 8,000 of 10,000: share 0.8; due 18,000 × 0.8 = 14,400; projected 12,000 / 0.8 = 15,000.
    const r = report(['--period', 'ytd', '-t', 'fixtures/budget-pace/targets-last-year.yaml', '--allow-incomplete']);
    expect(r).toMatchObject({ target_to_date: 14400, projected: 15000, pace_by: 'last_year', status: 'missed' });
  });
  it('a month last year the data covers paces by it', () => {
    // mtd October: 2025-10-01 … 16 has the 1,000 of the 15th, of October 2025's 1,000: share 1; due 18,000 / 12 =
    // 1,500 × 1 = 1,500; projected 3,000 / 1 = 3,000.
    const r = report(['--period', 'mtd', '-t', 'fixtures/budget-pace/targets-last-year.yaml']);
    expect(r).toMatchObject({ target_to_date: 1500, projected: 3000, pace_by: 'last_year', status: 'met' });
  });
});

describe('pace: workdays on a spreadsheet set: each month of the budget over its own working days', () => {
  /*
   * kpi-workdays.yaml (holidays: NO, budget: { file: budget-2026.csv, pace: workdays }). October 2026 has 22
   * working days (no Norwegian holiday in it), 12 of them by Friday 16 October: due 9,000 + 12/22 × 3,100 =
   * 10,690.9090909091; projected 12,000 × 18,100 / 10,690.9090909091 = 20,316.3265306122.
   */
  it('ytd: the months gone by in full, October by its working days', () => {
    const r = runKpi(['report', '-c', 'fixtures/budget-pace/kpi-workdays.yaml', '--as-of', AS_OF, '--period', 'ytd', '--compare', 'none', '--kpi', 'revenue', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const row = (JSON.parse(r.stdout) as { results: Row[] }).results[0];
    expect(row).toMatchObject({ target: 18100, pace_by: 'workdays', status: 'met' });
    expect(row.target_to_date).toBeCloseTo(9000 + (12 / 22) * 3100, 8);
    expect(row.projected).toBeCloseTo((12000 * 18100) / (9000 + (12 / 22) * 3100), 6);
    const explain = runKpi(['explain', 'revenue', '-c', 'fixtures/budget-pace/kpi-workdays.yaml', '--as-of', AS_OF, '--period', 'ytd']);
    expect(explain.stdout).toContain("paced by working days (the target's months: 9000 for 2026-01–2026-09 + 12/22 working days of 2026-10's 3100)");
  });
  it('monthsDue spreads a month over the units it is given', () => {
    // Two months of 100 and 300, a unit every other day (even day numbers): January in full, then April's 300 × its
    // units by the 10th of its units in all (5 of 15 for 2026-04: days 1–10 hold 5 even days of the 30's 15).
    const jan = parsePeriod('2026-01', ASOF);
    const apr = parsePeriod('2026-04', ASOF);
    const parts = [{ month: jan, target: 100, from: jan.start, to: jan.end }, { month: apr, target: 300, from: apr.start, to: apr.end }];
    const units = (from: number, to: number) => {
      let n = 0;
      for (let d = from; d <= to; d++) if (d % 2 === 0) n++;
      return n;
    };
    const m = monthsDue(parts, apr.start + 9, units, 'units');
    expect(m.done).toBeCloseTo(100 + (300 * units(apr.start, apr.start + 9)) / units(apr.start, apr.end), 12);
    expect(m.total).toBeCloseTo(400, 12);
    expect(m.done).toBeCloseTo(100 + (300 * 5) / 15, 12);
    expect(m.why).toBe("100 for 2026-01 + 5/15 units of 2026-04's 300");
  });
  it('a pace a sheet cannot take, or pace: on a targets.yaml set, is an error saying what to write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-pace-'));
    for (const f of ['sales.csv', 'budget-2026.csv', 'targets-months.yaml']) copyFileSync(join('fixtures/budget-pace', f), join(dir, f));
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\ntargets:\n  budget: { file: budget-2026.csv, pace: weights }\n');
    const bad = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--as-of', AS_OF]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('kpi.yaml:4: targets.budget.pace: "weights" is not a pace of a spreadsheet set; use months, workdays, linear, last_year');
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\ntargets:\n  budget: { file: targets-months.yaml, pace: workdays }\n');
    const yaml = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--as-of', AS_OF]);
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain('pace: on a target set is for a spreadsheet (CSV, XLSX); in a targets file write it under each KPI');
  });
});
