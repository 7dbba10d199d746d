// Target resolution and status, with expected values worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/periods/period.js';
import { compareWithTarget, resolveTarget } from '../../src/targets/compare.js';
import type { TargetEntry } from '../../src/targets/targets-file.js';

const AS_OF = Date.UTC(2026, 10, 22) / 86_400_000;
const p = (id: string) => parsePeriod(id, AS_OF);
const entry = (e: Partial<TargetEntry> & { periods?: TargetEntry['periods'] }): TargetEntry => ({
  ...e,
  periodOverrides: Object.entries(e.periods ?? {}).map(([key, spec]) => ({ key, period: p(key), spec })),
});

describe('per: scaling of additive targets', () => {
  const monthly = entry({ target: 1_200_000, per: 'month' });
  it.each([
    ['2026-10', 1_200_000],
    ['2026-Q3', 3_600_000], // three months
    ['2026-H2', 7_200_000],
    ['2026', 14_400_000], // twelve months
    // ISO week 40 of 2026 is Mon 28 Sep … Sun 4 Oct: 3/30 of September + 4/31 of October.
    ['2026-W40', 1_200_000 * (3 / 30 + 4 / 31)],
    ['2026-10-01..2026-10-15', (1_200_000 * 15) / 31],
  ])('a monthly target for %s is %d', (id, expected) => {
    expect(resolveTarget(monthly, 'higher', true, p(id), {})!.target).toBeCloseTo(expected, 6);
  });

  it('a yearly target for one month is a twelfth, for February of a leap year too', () => {
    const yearly = entry({ target: 12_000_000, per: 'year' });
    expect(resolveTarget(yearly, 'higher', true, p('2026-10'), {})!.target).toBe(1_000_000);
    expect(resolveTarget(yearly, 'higher', true, p('2024-02'), {})!.target).toBe(1_000_000);
  });

  it('splits a yearly target by month weights (January 1 … December 12, total 78)', () => {
    const weights = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), i + 1]));
    const weighted = entry({ target: 1_000_000, per: 'year', weights, monthWeights: Array.from({ length: 12 }, (_, i) => i + 1) });
    expect(resolveTarget(weighted, 'higher', true, p('2026-10'), {})!.target).toBeCloseTo((1_000_000 * 10) / 78, 6);
    expect(resolveTarget(weighted, 'higher', true, p('2026-Q4'), {})!.target).toBeCloseTo((1_000_000 * 33) / 78, 6);
    expect(resolveTarget(weighted, 'higher', true, p('2026'), {})!.target).toBeCloseTo(1_000_000, 6);
  });

  it('does not scale ratios', () => {
    const rate = entry({ target: 0.25, per: 'month' });
    expect(resolveTarget(rate, 'higher', false, p('2026'), {})!.target).toBe(0.25);
  });
});

describe('the most specific target wins', () => {
  const e = entry({ target: 0.25, periods: { '2026': { target: 0.26 }, '2026-Q4': { target: 0.28 }, '2026-11': { target: 0.3 } } });
  it.each([
    ['2025-06', 0.25, 'general target'],
    ['2026-09', 0.26, "period override '2026'"],
    ['2026-10', 0.28, "period override '2026-Q4'"],
    ['2026-11', 0.3, "period override '2026-11'"],
    ['2026-Q4', 0.28, "period override '2026-Q4'"],
  ])('%s → %d (%s)', (id, target, how) => {
    const r = resolveTarget(e, 'higher', false, p(id), {})!;
    expect(r.target).toBe(target);
    expect(r.how).toBe(how);
  });

  it('an additive override for a quarter is split over its months', () => {
    const revenue = entry({ target: 1_000_000, per: 'month', periods: { '2026-Q4': { target: 3_600_000 } } });
    const r = resolveTarget(revenue, 'higher', true, p('2026-11'), {})!;
    expect(r.target).toBe(1_200_000);
    expect(r.how).toBe("period override '2026-Q4', × 0.333333333333333 of 2026-Q4");
  });

  it("a year's target is the sum of its months' when some months have their own", () => {
    // 1,250,000 a month, but May 1,600,000 and October 1,500,000: 10 × 1.25M + 1.6M + 1.5M = 15.6M.
    const revenue = entry({ target: 1_250_000, per: 'month', periods: { '2026-05': { target: 1_600_000 }, '2026-10': { target: 1_500_000 } } });
    const r = resolveTarget(revenue, 'higher', true, p('2026'), {})!;
    expect(r.target).toBe(15_600_000);
    expect(r.how).toBe("sum of the months' targets (2026-05, 2026-10 from period overrides)");
    expect(resolveTarget(revenue, 'higher', true, p('2026-Q2'), {})!.target).toBe(1_250_000 * 2 + 1_600_000);
    // The first half of October: 15/31 of October's own target.
    expect(resolveTarget(revenue, 'higher', true, p('2026-10-01..2026-10-15'), {})!.target).toBeCloseTo((1_500_000 * 15) / 31, 6);
  });

  it('a group gets only its own target', () => {
    const e2 = entry({ target: 0.25, by: { rep: { Alice: { target: 0.3 } } } });
    expect(resolveTarget(e2, 'higher', false, p('2026-10'), { rep: 'Alice' })!.target).toBe(0.3);
    expect(resolveTarget(e2, 'higher', false, p('2026-10'), { rep: 'Bob' })).toBeUndefined();
  });
});

describe('status and variance', () => {
  const t = (e: Partial<TargetEntry>, better: 'higher' | 'lower' = 'higher') => resolveTarget(entry(e), better, false, p('2026-10'), {});
  it('met on the good side, with variance and variance_pct', () => {
    expect(compareWithTarget(110, t({ target: 100 }))).toEqual({ target: 100, variance: 10, variance_pct: 0.1, status: 'met' });
  });
  it('at risk within tolerance on the bad side, missed beyond', () => {
    expect(compareWithTarget(96, t({ target: 100, tolerance: 0.05 })).status).toBe('at_risk'); // 4% short
    expect(compareWithTarget(95, t({ target: 100, tolerance: 0.05 })).status).toBe('at_risk'); // exactly 5%
    expect(compareWithTarget(94.9, t({ target: 100, tolerance: 0.05 })).status).toBe('missed');
  });
  it('warn on the good side is an early warning (SPEC: churn max 2%, warn 1.5%)', () => {
    expect(compareWithTarget(0.012, t({ max: 0.02, warn: 0.015 })).status).toBe('met');
    expect(compareWithTarget(0.018, t({ max: 0.02, warn: 0.015 })).status).toBe('at_risk');
    expect(compareWithTarget(0.02, t({ max: 0.02, warn: 0.015 })).status).toBe('at_risk');
    expect(compareWithTarget(0.021, t({ max: 0.02, warn: 0.015 })).status).toBe('missed');
    expect(compareWithTarget(0.5, t({ min: 0.4, warn: 0.45 })).status).toBe('met');
    expect(compareWithTarget(0.42, t({ min: 0.4, warn: 0.45 })).status).toBe('at_risk');
  });
  it('warn on the bad side is a last line before missed; lower is better for max', () => {
    expect(compareWithTarget(0.021, t({ max: 0.02, warn: 0.025 })).status).toBe('at_risk');
    expect(compareWithTarget(0.03, t({ max: 0.02, warn: 0.025 })).status).toBe('missed');
  });
  it('min and max together form a band', () => {
    expect(compareWithTarget(0.5, t({ min: 0.4, max: 0.6 })).status).toBe('met');
    expect(compareWithTarget(0.7, t({ min: 0.4, max: 0.6 }))).toMatchObject({ target: 0.6, status: 'missed' });
    expect(compareWithTarget(0.3, t({ min: 0.4, max: 0.6 }))).toMatchObject({ target: 0.4, status: 'missed' });
  });
  it('variance_pct is null for a zero target; no value is no_data; no target is no_target', () => {
    expect(compareWithTarget(5, t({ target: 0 }, 'lower'))).toEqual({ target: 0, variance: 5, variance_pct: null, status: 'missed' });
    expect(compareWithTarget(null, t({ target: 1 })).status).toBe('no_data');
    expect(compareWithTarget(3, undefined).status).toBe('no_target');
  });
  it('uses |target| for variance_pct of a negative target', () => {
    expect(compareWithTarget(-50, t({ target: -100 }))).toEqual({ target: -100, variance: 50, variance_pct: 0.5, status: 'met' });
  });
});
