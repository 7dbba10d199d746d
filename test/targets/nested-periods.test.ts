// Nested periods: entries compose (trial4 F11): the narrower entry wins for its own period, the wider one's rest is
// what is left of it after the entries inside it, spread over its other months. Expected values by hand.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/targets/compare.js';
import { parsePeriod, parseDayText } from '../../src/periods/period.js';
import type { TargetEntry } from '../../src/targets/targets-file.js';
import { ConfigError } from '../../src/errors.js';

const asOf = parseDayText('2027-01-20')!;
const cal = { weekStarts: 'monday' as const };
const p = (id: string) => parsePeriod(id, asOf, cal);
const entry = (periods: Record<string, number>): TargetEntry => ({
  target: 2_500_000,
  per: 'month',
  periodOverrides: Object.entries(periods).map(([key, target]) => ({ key, period: p(key), spec: { target }, where: `targets.yaml:${key}` })),
});
const target = (e: TargetEntry, id: string) => resolveTarget(e, 'higher', true, p(id), {})?.target;

describe('nested periods: entries', () => {
  it('Q4 8M with December 3M: October and November share the 5M left', () => {
    const e = entry({ '2026-Q4': 8_000_000, '2026-12': 3_000_000 });
    // (8M − 3M) / 2 months = 2.5M each; before the fix 8M / 3 = 2,666,666.67.
    expect(target(e, '2026-10')).toBe(2_500_000);
    expect(target(e, '2026-11')).toBe(2_500_000);
    expect(target(e, '2026-12')).toBe(3_000_000);
    expect(target(e, '2026-Q4')).toBe(8_000_000);
    // November 2.5M + December 3M.
    expect(target(e, '2026-11..2026-12')).toBe(5_500_000);
    // Half a month of October: 15/31 × 2.5M = 1,209,677.419…, the same split as October's own target.
    expect(target(e, '2026-10-01..2026-10-15')).toBeCloseTo((15 / 31) * 2_500_000, 6);
  });

  it('a year of 30M with October 4M: Q4 = 4M + 2 × 26M/11', () => {
    const e = entry({ '2026': 30_000_000, '2026-10': 4_000_000 });
    // 26M left for the other 11 months: 2,363,636.36… each; Q4 = 4M + 4,727,272.73 = 8,727,272.73 (before: 7.5M).
    expect(target(e, '2026-Q4')).toBeCloseTo(4_000_000 + (2 * 26_000_000) / 11, 6);
    expect(target(e, '2026-11')).toBeCloseTo(26_000_000 / 11, 6);
    expect(target(e, '2026')).toBe(30_000_000);
  });

  it('three levels: year 30M, Q4 8M, December 3M', () => {
    const e = entry({ '2026': 30_000_000, '2026-Q4': 8_000_000, '2026-12': 3_000_000 });
    // The year's rest after Q4: 22M over January–September, 22M/9 a month; Q4's rest after December: 2.5M a month.
    expect(target(e, '2026-03')).toBeCloseTo(22_000_000 / 9, 6);
    expect(target(e, '2026-H2')).toBeCloseTo((3 * 22_000_000) / 9 + 8_000_000, 6);
    expect(target(e, '2026-10')).toBe(2_500_000);
    // Outside every entry: the general 2.5M per month.
    expect(target(e, '2027-01')).toBe(2_500_000);
  });

  it('entries inside one that add up to more than it are a config error naming them', () => {
    const e = entry({ '2026-Q4': 8_000_000, '2026-10': 4_000_000, '2026-12': 5_000_000 });
    expect(() => target(e, '2026-11')).toThrow(ConfigError);
    expect(() => target(e, '2026-11')).toThrow(/2026-Q4 is 8,000,000, but the entries inside it add up to 9,000,000 \(2026-10 4,000,000, 2026-12 5,000,000\), 1,000,000 more/);
  });

  it('entries covering all of a wider one must add up to it', () => {
    const e = entry({ '2026-Q4': 8_000_000, '2026-10': 2_500_000, '2026-11': 2_500_000, '2026-12': 2_500_000 });
    expect(() => target(e, '2026-10-01..2026-11-30')).toThrow(/cover all of it and add up to 7,500,000/);
  });

  it('a running Q4 made of composed months paces by them', () => {
    const e = entry({ '2026': 30_000_000, '2026-10': 4_000_000 });
    const r = resolveTarget(e, 'higher', true, p('2026-Q4'), {});
    expect(r?.months?.map((m) => m.target)).toEqual([4_000_000, expect.closeTo(26_000_000 / 11, 6), expect.closeTo(26_000_000 / 11, 6)]);
  });
});

// A periods: entry beside a general per: target (trial4 F19): the entry is the period's total unless its own per:
// says it is a rate; an entry that reads closer to the plan as a rate than as a total is refused.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTargets } from '../../src/targets/targets-file.js';

function loadYaml(yaml: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'kpi-nested-')), 'targets.yaml');
  writeFileSync(file, yaml);
  return loadTargets(file, ['revenue'], cal, new Map([['revenue', 'currency']])).entries.get('revenue')!;
}

describe('periods: entries beside per:', () => {
  it('a year entry that reads as a monthly rate is a config error saying both spellings', () => {
    // 2_500_000 as the year's total is 208,333.33 a month; the general plan is 24M a year: as a rate (30M) it is
    // 6M off the plan, as a total 21.5M off: it was meant as a rate.
    expect(() => loadYaml('revenue:\n  target: 2_000_000\n  per: month\n  periods:\n    2026: 2_500_000\n')).toThrow(
      /targets.yaml:5: revenue.periods.2026: 2_500_000 is the total for all of 2026 \(208,333.33 a month\).*write 2026: \{ target: 2_500_000, per: month \} \(30,000,000 in all\); if 2,500,000 is the total of 2026, write 2026: \{ target: 2_500_000, per: year \}/,
    );
  });

  it('per: inside an entry says what the amount is per', () => {
    const e = loadYaml('revenue:\n  target: 2_000_000\n  per: month\n  periods:\n    2026: { target: 2_500_000, per: month }\n    2025: { target: 2_500_000, per: year }\n');
    // 2.5M a month in 2026: October 2.5M, the year 12 × 2.5M = 30M; 2025's 2.5M is the year's total.
    expect(target(e, '2026-10')).toBe(2_500_000);
    expect(target(e, '2026')).toBe(30_000_000);
    expect(target(e, '2025')).toBe(2_500_000);
  });

  it('a year entry that is plainly a total stands', () => {
    const e = loadYaml('revenue:\n  target: 2_500_000\n  per: month\n  periods:\n    2026: 30_000_000\n');
    expect(target(e, '2026-10')).toBe(2_500_000);
  });
});
