// The scorecard's compact figures (render/scorecard/shared.ts): short enough for a column of twelve months, the
// exact figure being in the tooltip, json, csv and xlsx.
import { describe, expect, it } from 'vitest';
import { compactValue } from '../../src/render/scorecard/shared.js';
import { formatterFor } from '../../src/locale/format.js';

const NBSP = '\u00a0';

describe('compactValue', () => {
  it('a count is whole: a projection of visits (26,395.56 by the year end) is 26,396, not 26,395.6', () => {
    // 26,395.56 rounds to 26,396; en-US groups with a comma, nb-NO with a no-break space.
    expect(compactValue(26395.5642633229, 'count')).toBe('26,396');
    expect(compactValue(26395.5642633229, 'count', formatterFor({ locale: 'nb-NO' }))).toBe(`26${NBSP}396`);
    // A count of a few keeps what the report shows of it (an average count of 2.5).
    expect(compactValue(2.5, 'count')).toBe('2.5');
    expect(compactValue(1325, 'count')).toBe('1,325');
  });

  it('a share past 100 % in whole percents (a return on spend of 13.812 is 1,381%), below it with its tenth', () => {
    expect(compactValue(13.812, 'percent')).toBe('1,381%');
    // −3.698 → −369.8 % → −370 %, the locale's minus and no-break spaces in nb-NO.
    expect(compactValue(-3.698, 'percent', formatterFor({ locale: 'nb-NO' }))).toBe(`\u2212370${NBSP}%`);
    // 100 % itself keeps its tenth, as 99.9 % does beside it.
    expect(compactValue(1, 'percent')).toBe('100.0%');
    expect(compactValue(0.356, 'percent')).toBe('35.6%');
  });

  it('amounts in thousands and millions, in the locale', () => {
    // 1,462,864.40 → 1.46 million; 557,000 → 557 thousand.
    expect(compactValue(1462864.4, 'currency')).toBe('1.46M');
    expect(compactValue(1462864.4, 'currency', formatterFor({ locale: 'nb-NO' }))).toBe('1,46M');
    expect(compactValue(557000, 'currency')).toBe('557k');
  });
});
