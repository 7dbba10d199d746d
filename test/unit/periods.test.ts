// Period ids (SPEC §1 --period), previous/year-ago comparisons, defaults and month counts, against an
// independent calendar (days-from-civil and ISO weeks computed from weekdays, no Date involved).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALL,
  defaultPeriod,
  monthsIn,
  parsePeriod,
  previousPeriod,
  yearAgo,
  type Period,
} from '../../src/periods/period.js';
import { ConfigError } from '../../src/errors.js';
import { runKpi } from '../helpers/run-kpi.js';

// ---------------------------------------------------------------------------------------------
// The oracle calendar.

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function civil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const monthLength = (y: number, m: number): number => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
/** 0 = Monday … 6 = Sunday; 1970-01-01 was a Thursday. */
const weekday = (day: number): number => (((day + 3) % 7) + 7) % 7;
/** Monday of ISO week 1: the week holding January 4th. */
const isoWeek1 = (y: number): number => civil(y, 1, 4) - weekday(civil(y, 1, 4));
const isoWeeksIn = (y: number): number => (isoWeek1(y + 1) - isoWeek1(y)) / 7;

const span = (p: Period | undefined) => (p ? { id: p.id, start: p.start, end: p.end, grain: p.grain } : p);
const P = (id: string, start: number, end: number, grain: Period['grain']) => ({ id, start, end, grain });
const ASOF = civil(2026, 10, 15);

describe('the oracle calendar', () => {
  it('agrees with known dates', () => {
    expect(civil(1970, 1, 1)).toBe(0);
    expect(civil(2026, 1, 1)).toBe(20454); // 56 × 365 + 14 leap days
    expect(civil(2000, 3, 1) - civil(2000, 2, 28)).toBe(2);
    expect(civil(1900, 3, 1) - civil(1900, 2, 28)).toBe(1);
    expect(weekday(civil(2026, 1, 1))).toBe(3); // Thursday
    expect(weekday(civil(2026, 10, 12))).toBe(0); // Monday
    expect(isoWeeksIn(2026)).toBe(53); // 2026 begins on a Thursday
    expect(isoWeeksIn(2020)).toBe(53); // leap year beginning on a Wednesday
    expect(isoWeeksIn(2025)).toBe(52);
    expect(isoWeek1(2026)).toBe(civil(2025, 12, 29));
  });
});

describe('parsePeriod', () => {
  it('months, including February in leap and common years', () => {
    expect(span(parsePeriod('2026-10', ASOF))).toEqual(P('2026-10', civil(2026, 10, 1), civil(2026, 10, 31), 'month'));
    expect(span(parsePeriod('2026-02', ASOF))).toEqual(P('2026-02', civil(2026, 2, 1), civil(2026, 2, 28), 'month'));
    expect(span(parsePeriod('2024-02', ASOF))).toEqual(P('2024-02', civil(2024, 2, 1), civil(2024, 2, 29), 'month'));
    expect(span(parsePeriod('1900-02', ASOF))).toEqual(P('1900-02', civil(1900, 2, 1), civil(1900, 2, 28), 'month'));
    expect(span(parsePeriod('2000-02', ASOF))).toEqual(P('2000-02', civil(2000, 2, 1), civil(2000, 2, 29), 'month'));
    expect(span(parsePeriod(' 2026-12 ', ASOF))).toEqual(P('2026-12', civil(2026, 12, 1), civil(2026, 12, 31), 'month'));
  });

  it('quarters, halves and years', () => {
    expect(span(parsePeriod('2026-Q4', ASOF))).toEqual(P('2026-Q4', civil(2026, 10, 1), civil(2026, 12, 31), 'quarter'));
    expect(span(parsePeriod('2026-Q1', ASOF))).toEqual(P('2026-Q1', civil(2026, 1, 1), civil(2026, 3, 31), 'quarter'));
    expect(span(parsePeriod('2024-q1', ASOF))).toEqual(P('2024-Q1', civil(2024, 1, 1), civil(2024, 3, 31), 'quarter'));
    expect(span(parsePeriod('2026-Q2', ASOF))).toEqual(P('2026-Q2', civil(2026, 4, 1), civil(2026, 6, 30), 'quarter'));
    expect(span(parsePeriod('2026-Q3', ASOF))).toEqual(P('2026-Q3', civil(2026, 7, 1), civil(2026, 9, 30), 'quarter'));
    expect(span(parsePeriod('2026-H1', ASOF))).toEqual(P('2026-H1', civil(2026, 1, 1), civil(2026, 6, 30), 'half'));
    expect(span(parsePeriod('2026-H2', ASOF))).toEqual(P('2026-H2', civil(2026, 7, 1), civil(2026, 12, 31), 'half'));
    expect(span(parsePeriod('2026', ASOF))).toEqual(P('2026', civil(2026, 1, 1), civil(2026, 12, 31), 'year'));
    expect(span(parsePeriod('2024', ASOF))).toEqual(P('2024', civil(2024, 1, 1), civil(2024, 12, 31), 'year'));
  });

  it('ISO weeks: 2026-W42 is Monday 12 to Sunday 18 October', () => {
    expect(span(parsePeriod('2026-W42', ASOF))).toEqual(P('2026-W42', civil(2026, 10, 12), civil(2026, 10, 18), 'week'));
    expect(span(parsePeriod('2026W42', ASOF))).toEqual(P('2026-W42', civil(2026, 10, 12), civil(2026, 10, 18), 'week'));
    expect(span(parsePeriod('2026-W01', ASOF))).toEqual(P('2026-W01', civil(2025, 12, 29), civil(2026, 1, 4), 'week'));
    expect(span(parsePeriod('2026-w1', ASOF))).toEqual(P('2026-W01', civil(2025, 12, 29), civil(2026, 1, 4), 'week'));
  });

  it('week 53 exists exactly in the years with 53 ISO weeks', () => {
    expect(span(parsePeriod('2026-W53', ASOF))).toEqual(P('2026-W53', civil(2026, 12, 28), civil(2027, 1, 3), 'week'));
    expect(span(parsePeriod('2020-W53', ASOF))).toEqual(P('2020-W53', civil(2020, 12, 28), civil(2021, 1, 3), 'week'));
    expect(() => parsePeriod('2025-W53', ASOF)).toThrow(ConfigError);
    expect(() => parsePeriod('2027-W53', ASOF)).toThrow(ConfigError);
    expect(() => parsePeriod('2026-W54', ASOF)).toThrow(ConfigError);
    expect(() => parsePeriod('2026-W00', ASOF)).toThrow(ConfigError);
    for (let y = 1990; y <= 2060; y++) {
      if (isoWeeksIn(y) === 53) expect(parsePeriod(`${y}-W53`, ASOF).start, String(y)).toBe(isoWeek1(y) + 52 * 7);
      else expect(() => parsePeriod(`${y}-W53`, ASOF), String(y)).toThrow(ConfigError);
    }
  });

  it('date ranges and single days', () => {
    expect(span(parsePeriod('2026-10-01..2026-10-15', ASOF))).toEqual(
      P('2026-10-01..2026-10-15', civil(2026, 10, 1), civil(2026, 10, 15), 'range'),
    );
    expect(span(parsePeriod('2025-12-20..2026-01-10', ASOF))).toEqual(
      P('2025-12-20..2026-01-10', civil(2025, 12, 20), civil(2026, 1, 10), 'range'),
    );
    expect(span(parsePeriod('2026-10-05..2026-10-05', ASOF))).toEqual(P('2026-10-05..2026-10-05', civil(2026, 10, 5), civil(2026, 10, 5), 'range'));
    expect(span(parsePeriod('2026-10-05', ASOF))).toEqual(P('2026-10-05', civil(2026, 10, 5), civil(2026, 10, 5), 'day'));
    expect(() => parsePeriod('2026-02-30..2026-03-01', ASOF)).toThrow(ConfigError);
    expect(() => parsePeriod('2026-10-15..2026-10-01', ASOF)).toThrow(/ends before it starts/);
    expect(() => parsePeriod('2026-02-29', ASOF)).toThrow(ConfigError);
  });

  it('mtd, qtd and ytd run from the start of the period to the as-of day', () => {
    const mtd = parsePeriod('mtd', ASOF);
    expect(span(mtd)).toEqual(P('mtd:2026-10-15', civil(2026, 10, 1), civil(2026, 10, 15), 'mtd'));
    expect(span(mtd.whole)).toEqual(P('2026-10', civil(2026, 10, 1), civil(2026, 10, 31), 'month'));
    const qtd = parsePeriod('QTD', ASOF);
    expect(span(qtd)).toEqual(P('qtd:2026-10-15', civil(2026, 10, 1), civil(2026, 10, 15), 'qtd'));
    expect(span(qtd.whole)).toEqual(P('2026-Q4', civil(2026, 10, 1), civil(2026, 12, 31), 'quarter'));
    const ytd = parsePeriod('ytd', civil(2024, 2, 29));
    expect(span(ytd)).toEqual(P('ytd:2024-02-29', civil(2024, 1, 1), civil(2024, 2, 29), 'ytd'));
    expect(span(ytd.whole)).toEqual(P('2024', civil(2024, 1, 1), civil(2024, 12, 31), 'year'));
    expect(span(parsePeriod('qtd', civil(2026, 5, 20)))).toEqual(P('qtd:2026-05-20', civil(2026, 4, 1), civil(2026, 5, 20), 'qtd'));
    expect(span(parsePeriod('mtd', civil(2026, 1, 1)))).toEqual(P('mtd:2026-01-01', civil(2026, 1, 1), civil(2026, 1, 1), 'mtd'));
  });

  it('all', () => {
    const all = parsePeriod('all', ASOF);
    expect(all).toBe(ALL);
    expect(all.start).toBe(-Infinity);
    expect(all.end).toBe(Infinity);
    expect(parsePeriod('ALL', ASOF).grain).toBe('all');
  });

  it('rejects unknown forms', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '2026-H3', 'Q4', 'last month', '26-10', '2026-10-32', '', '2026-1']) {
      expect(() => parsePeriod(bad, ASOF), JSON.stringify(bad)).toThrow(ConfigError);
    }
  });
});

describe('previousPeriod', () => {
  const prev = (id: string, asOf = ASOF) => span(previousPeriod(parsePeriod(id, asOf)));

  it('a month back is the whole previous month', () => {
    expect(prev('2026-03')).toEqual(P('2026-02', civil(2026, 2, 1), civil(2026, 2, 28), 'month'));
    expect(prev('2024-03')).toEqual(P('2024-02', civil(2024, 2, 1), civil(2024, 2, 29), 'month'));
    expect(prev('2026-01')).toEqual(P('2025-12', civil(2025, 12, 1), civil(2025, 12, 31), 'month'));
    expect(prev('2026-08')).toEqual(P('2026-07', civil(2026, 7, 1), civil(2026, 7, 31), 'month'));
  });

  it('quarters, halves and years step back across the year end', () => {
    expect(prev('2026-Q1')).toEqual(P('2025-Q4', civil(2025, 10, 1), civil(2025, 12, 31), 'quarter'));
    expect(prev('2026-Q3')).toEqual(P('2026-Q2', civil(2026, 4, 1), civil(2026, 6, 30), 'quarter'));
    expect(prev('2026-H1')).toEqual(P('2025-H2', civil(2025, 7, 1), civil(2025, 12, 31), 'half'));
    expect(prev('2026-H2')).toEqual(P('2026-H1', civil(2026, 1, 1), civil(2026, 6, 30), 'half'));
    expect(prev('2026')).toEqual(P('2025', civil(2025, 1, 1), civil(2025, 12, 31), 'year'));
  });

  it('ISO weeks step back across the year end', () => {
    expect(prev('2026-W42')).toEqual(P('2026-W41', civil(2026, 10, 5), civil(2026, 10, 11), 'week'));
    expect(prev('2026-W01')).toEqual(P('2025-W52', civil(2025, 12, 22), civil(2025, 12, 28), 'week'));
    expect(prev('2027-W01')).toEqual(P('2026-W53', civil(2026, 12, 28), civil(2027, 1, 3), 'week'));
  });

  it('ranges move back by their own length; days by one', () => {
    expect(prev('2026-10-01..2026-10-15')).toEqual(P('2026-09-16..2026-09-30', civil(2026, 9, 16), civil(2026, 9, 30), 'range'));
    expect(prev('2026-03-01..2026-03-31')).toEqual(P('2026-01-29..2026-02-28', civil(2026, 1, 29), civil(2026, 2, 28), 'range'));
    expect(prev('2026-01-01')).toEqual(P('2025-12-31', civil(2025, 12, 31), civil(2025, 12, 31), 'day'));
  });

  it('to-date periods: as many days into the previous period, capped at its end', () => {
    expect(prev('mtd', civil(2026, 3, 15))).toEqual(P('mtd:2026-02-15', civil(2026, 2, 1), civil(2026, 2, 15), 'mtd'));
    expect(prev('mtd', civil(2026, 3, 31))).toEqual(P('mtd:2026-02-28', civil(2026, 2, 1), civil(2026, 2, 28), 'mtd'));
    expect(prev('qtd', civil(2026, 1, 10))).toEqual(P('qtd:2025-10-10', civil(2025, 10, 1), civil(2025, 10, 10), 'qtd'));
    expect(prev('ytd', civil(2025, 3, 1))).toEqual(P('ytd:2024-02-29', civil(2024, 1, 1), civil(2024, 2, 29), 'ytd'));
  });

  it('all has no previous period', () => {
    expect(previousPeriod(ALL)).toBeUndefined();
  });
});

describe('yearAgo', () => {
  const yoy = (id: string, asOf = ASOF) => span(yearAgo(parsePeriod(id, asOf)));

  it('months, quarters, halves and years a year earlier', () => {
    expect(yoy('2024-02')).toEqual(P('2023-02', civil(2023, 2, 1), civil(2023, 2, 28), 'month'));
    expect(yoy('2025-02')).toEqual(P('2024-02', civil(2024, 2, 1), civil(2024, 2, 29), 'month'));
    expect(yoy('2026-10')).toEqual(P('2025-10', civil(2025, 10, 1), civil(2025, 10, 31), 'month'));
    expect(yoy('2026-Q4')).toEqual(P('2025-Q4', civil(2025, 10, 1), civil(2025, 12, 31), 'quarter'));
    expect(yoy('2026-H1')).toEqual(P('2025-H1', civil(2025, 1, 1), civil(2025, 6, 30), 'half'));
    expect(yoy('2026')).toEqual(P('2025', civil(2025, 1, 1), civil(2025, 12, 31), 'year'));
  });

  it('weeks: the same ISO week number, week 53 falling back to week 52', () => {
    expect(yoy('2026-W42')).toEqual(P('2025-W42', isoWeek1(2025) + 41 * 7, isoWeek1(2025) + 41 * 7 + 6, 'week'));
    expect(yoy('2026-W42')).toEqual(P('2025-W42', civil(2025, 10, 13), civil(2025, 10, 19), 'week'));
    expect(yoy('2026-W53')).toEqual(P('2025-W52', civil(2025, 12, 22), civil(2025, 12, 28), 'week'));
    expect(yoy('2027-W01')).toEqual(P('2026-W01', civil(2025, 12, 29), civil(2026, 1, 4), 'week'));
  });

  it('to-date periods end on the same date a year earlier (28 February for a leap day)', () => {
    expect(yoy('ytd', civil(2024, 2, 29))).toEqual(P('ytd:2023-02-28', civil(2023, 1, 1), civil(2023, 2, 28), 'ytd'));
    expect(yoy('mtd', civil(2024, 2, 29))).toEqual(P('mtd:2023-02-28', civil(2023, 2, 1), civil(2023, 2, 28), 'mtd'));
    expect(yoy('qtd', ASOF)).toEqual(P('qtd:2025-10-15', civil(2025, 10, 1), civil(2025, 10, 15), 'qtd'));
    const whole = yearAgo(parsePeriod('ytd', civil(2024, 2, 29)))!.whole;
    expect(span(whole)).toEqual(P('2023', civil(2023, 1, 1), civil(2023, 12, 31), 'year'));
  });

  it('ranges and days shift their dates by a year', () => {
    expect(yoy('2024-02-29..2024-03-05')).toEqual(P('2023-02-28..2023-03-05', civil(2023, 2, 28), civil(2023, 3, 5), 'range'));
    expect(yoy('2026-10-05')).toEqual(P('2025-10-05', civil(2025, 10, 5), civil(2025, 10, 5), 'day'));
  });

  it('all has no year-ago period', () => {
    expect(yearAgo(ALL)).toBeUndefined();
  });
});

describe('defaultPeriod', () => {
  it('is the last complete month before the as-of day', () => {
    expect(span(defaultPeriod(civil(2026, 10, 15)))).toEqual(P('2026-09', civil(2026, 9, 1), civil(2026, 9, 30), 'month'));
    expect(span(defaultPeriod(civil(2026, 10, 1)))).toEqual(P('2026-09', civil(2026, 9, 1), civil(2026, 9, 30), 'month'));
    expect(span(defaultPeriod(civil(2026, 10, 31)))).toEqual(P('2026-09', civil(2026, 9, 1), civil(2026, 9, 30), 'month'));
    expect(span(defaultPeriod(civil(2026, 1, 1)))).toEqual(P('2025-12', civil(2025, 12, 1), civil(2025, 12, 31), 'month'));
    expect(span(defaultPeriod(civil(2024, 3, 1)))).toEqual(P('2024-02', civil(2024, 2, 1), civil(2024, 2, 29), 'month'));
  });
});

describe('monthsIn', () => {
  it('counts whole months and refuses unaligned periods', () => {
    expect(monthsIn(parsePeriod('2026-10', ASOF))).toBe(1);
    expect(monthsIn(parsePeriod('2026-Q4', ASOF))).toBe(3);
    expect(monthsIn(parsePeriod('2026-H1', ASOF))).toBe(6);
    expect(monthsIn(parsePeriod('2026', ASOF))).toBe(12);
    expect(monthsIn(parsePeriod('2026-01-01..2026-06-30', ASOF))).toBe(6);
    expect(monthsIn(parsePeriod('2025-11-01..2026-02-28', ASOF))).toBe(4);
    expect(monthsIn(parsePeriod('2024-02-01..2024-02-29', ASOF))).toBe(1);
    expect(monthsIn(parsePeriod('2024-02-01..2024-02-28', ASOF))).toBeUndefined();
    expect(monthsIn(parsePeriod('2026-01-02..2026-01-31', ASOF))).toBeUndefined();
    expect(monthsIn(parsePeriod('2026-W42', ASOF))).toBeUndefined();
    expect(monthsIn(parsePeriod('mtd', ASOF))).toBeUndefined();
    expect(monthsIn(parsePeriod('mtd', civil(2026, 10, 31)))).toBe(1);
    expect(monthsIn(ALL)).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------

describe('periods against the oracle (property)', () => {
  const year = fc.integer({ min: 1901, max: 2199 });

  it('every month has the oracle length and steps back to the day before', () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 12 }), (y, m) => {
        const p = parsePeriod(`${y}-${String(m).padStart(2, '0')}`, ASOF);
        expect(p.start).toBe(civil(y, m, 1));
        expect(p.end - p.start + 1).toBe(monthLength(y, m));
        const before = previousPeriod(p)!;
        expect(before.end).toBe(p.start - 1);
        expect(before.start).toBe(civil(m === 1 ? y - 1 : y, m === 1 ? 12 : m - 1, 1));
        const ago = yearAgo(p)!;
        expect(ago.start).toBe(civil(y - 1, m, 1));
        expect(ago.end - ago.start + 1).toBe(monthLength(y - 1, m));
        expect(monthsIn(p)).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('every ISO week starts on the oracle Monday; one past the last week is an error', () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 53 }), (y, w) => {
        const id = `${y}-W${String(w).padStart(2, '0')}`;
        if (w > isoWeeksIn(y)) {
          expect(() => parsePeriod(id, ASOF)).toThrow(ConfigError);
          return;
        }
        const p = parsePeriod(id, ASOF);
        expect(p.id).toBe(id);
        expect(p.start).toBe(isoWeek1(y) + (w - 1) * 7);
        expect(weekday(p.start)).toBe(0);
        expect(p.end).toBe(p.start + 6);
        const before = previousPeriod(p)!;
        expect(before.start).toBe(p.start - 7);
        expect(before.id).toBe(w === 1 ? `${y - 1}-W${isoWeeksIn(y - 1)}` : `${y}-W${String(w - 1).padStart(2, '0')}`);
        const ago = yearAgo(p)!;
        const agoWeek = Math.min(w, isoWeeksIn(y - 1));
        expect(ago.start).toBe(isoWeek1(y - 1) + (agoWeek - 1) * 7);
      }),
      { numRuns: 400 },
    );
  });

  it('to-date periods cover the oracle days and their previous period is no longer', () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom('mtd', 'qtd', 'ytd'), (y, m, dd, form) => {
        const d = Math.min(dd, monthLength(y, m));
        const asOf = civil(y, m, d);
        const p = parsePeriod(form, asOf);
        const startMonth = form === 'mtd' ? m : form === 'qtd' ? m - ((m - 1) % 3) : 1;
        expect(p.start).toBe(civil(y, startMonth, 1));
        expect(p.end).toBe(asOf);
        const before = previousPeriod(p)!;
        expect(before.end - before.start).toBeLessThanOrEqual(p.end - p.start);
        expect(before.end).toBeLessThan(p.start);
        const ago = yearAgo(p)!;
        expect(ago.start).toBe(civil(y - 1, startMonth, 1));
        expect(ago.end).toBe(civil(y - 1, m, Math.min(d, monthLength(y - 1, m))));
      }),
      { numRuns: 400 },
    );
  });
});

describe('years below 100 and time zones that skipped a day', () => {
  it('a period id in the year 50 is the year 50, not 1950', () => {
    // civil() is the oracle: proleptic Gregorian day numbers, no Date involved.
    expect(span(parsePeriod('0050-03', ASOF))).toEqual(P('0050-03', civil(50, 3, 1), civil(50, 3, 31), 'month'));
    expect(span(parsePeriod('0050', ASOF))).toEqual(P('0050', civil(50, 1, 1), civil(50, 12, 31), 'year'));
    expect(span(parsePeriod('0099-Q4', ASOF))).toEqual(P('0099-Q4', civil(99, 10, 1), civil(99, 12, 31), 'quarter'));
    expect(span(previousPeriod(parsePeriod('0100-01', ASOF)))).toEqual(P('0099-12', civil(99, 12, 1), civil(99, 12, 31), 'month'));
    expect(span(yearAgo(parsePeriod('0050-02', ASOF)))).toEqual(P('0049-02', civil(49, 2, 1), civil(49, 2, 28), 'month'));
    expect(span(parsePeriod('0050-01-01..0050-01-31', ASOF))).toEqual(P('0050-01-01..0050-01-31', civil(50, 1, 1), civil(50, 1, 31), 'range'));
  });

  it('in TZ=Pacific/Kiritimati (which skipped 31 December 1994) 1994-12 ends on 1994-12-31', () => {
    // The binary in that zone: the calendar is day arithmetic, so the zone cannot move a day.
    const run = runKpi(['report', '-c', 'fixtures/coverage/kpi.yaml', '--kpi', 'revenue', '--period', '1994-12', '--as-of', '2026-11-05', '-f', 'json', '-t', '/dev/null'], {
      env: { TZ: 'Pacific/Kiritimati' },
    });
    expect(JSON.parse(run.stdout).period).toEqual({ id: '1994-12', start: '1994-12-01', end: '1994-12-31' });
    expect(JSON.parse(run.stdout).compare).toEqual({ id: '1994-11', start: '1994-11-01', end: '1994-11-30' });
    const q = runKpi(['report', '-c', 'fixtures/coverage/kpi.yaml', '--kpi', 'revenue', '--period', '1994-Q4', '--as-of', '2026-11-05', '-f', 'json', '-t', '/dev/null'], {
      env: { TZ: 'Pacific/Kiritimati' },
    });
    expect(JSON.parse(q.stdout).period).toEqual({ id: '1994-Q4', start: '1994-10-01', end: '1994-12-31' });
  });
});
