// A company with its fiscal year from July (fixtures/fiscal: the demo's sales): the fiscal periods give the
// figures of the calendar dates they cover. Expected revenue summed independently from fixtures/demo/sales.csv
// with Python's csv and Decimal (Beløp of the lines dated in the range):
//   2026-07-01..2026-09-30 5,133,586.20 · 2026-07-01..2026-11-15 6,596,450.60 · 2025-07-01..2025-11-15
//   6,213,145.50 · 2025-11-01..2026-10-31 20,503,890.40.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const revenue = (period: string, extra: string[] = []) => {
  const run = runKpi(['report', '-c', 'fixtures/fiscal/kpi.yaml', '--period', period, '--kpi', 'revenue', '--as-of', '2026-11-15', '-f', 'json', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  const r = JSON.parse(run.stdout) as { period: { id: string; start: string; end: string }; compare: { id: string; start: string } | null; results: { value: number; previous: number | null }[] };
  return { period: r.period, compare: r.compare, value: r.results[0].value, previous: r.results[0].previous };
};

describe('a fiscal year from July', () => {
  it('FY2027-Q1 is July to September 2026, to the cent', () => {
    const q1 = revenue('FY2027-Q1', ['--compare', 'none']);
    expect(q1.period).toEqual({ id: 'FY2027-Q1', start: '2026-07-01', end: '2026-09-30' });
    expect(q1.value).toBe(5_133_586.2);
    expect(revenue('2026-07-01..2026-09-30', ['--compare', 'none']).value).toBe(q1.value);
  });

  it('ytd as of 15 November runs from 1 July, and yoy compares it with the fiscal year before', () => {
    const ytd = revenue('ytd', ['--compare', 'yoy']);
    expect(ytd.period).toEqual({ id: 'ytd:2026-11-15', start: '2026-07-01', end: '2026-11-15' });
    expect(ytd.value).toBe(6_596_450.6);
    expect(ytd.compare).toMatchObject({ id: 'ytd:2025-11-15', start: '2025-07-01' });
    expect(ytd.previous).toBe(6_213_145.5);
  });

  it('ltm is the twelve months before the as-of month, the sum of its months', () => {
    const ltm = revenue('ltm', ['--compare', 'none']);
    expect(ltm.period).toEqual({ id: '2025-11..2026-10', start: '2025-11-01', end: '2026-10-31' });
    expect(ltm.value).toBe(20_503_890.4);
    // Month by month, in cents (exact).
    let cents = 0;
    for (const m of ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']) cents += Math.round(revenue(m, ['--compare', 'none']).value * 100);
    expect(cents).toBe(2_050_389_040);
  });

  it('a trend by quarter steps through fiscal quarters', () => {
    const run = runKpi(['trend', 'revenue', '-c', 'fixtures/fiscal/kpi.yaml', '--period', 'FY2027-Q2', '--last', '3', '--as-of', '2026-11-15', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const ids = (JSON.parse(run.stdout) as { series: { points: { period: { id: string } }[] }[] }).series[0].points.map((p) => p.period.id);
    expect(ids).toEqual(['FY2026-Q4', 'FY2027-Q1', 'FY2027-Q2']);
  });

  it('a fiscal_year_start that is not a month is exit 2, saying what it takes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-fiscal-'));
    try {
      writeFileSync(join(dir, 'kpi.yaml'), 'fiscal_year_start: 13\nsources:\n  sales: { file: sales.csv }\n');
      const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--as-of', '2026-11-15']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/fiscal_year_start must be the month the fiscal year starts in, 1-12/);
      expect(run.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
