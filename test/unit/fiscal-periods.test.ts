// Fiscal years (fiscal_year_start:), month spans and rolling windows (ltm, l3m, last-90d): the dates of each form
// worked out by hand from the calendar, and properties over every start month and year (fiscal quarters tile their
// fiscal year, a rolling window is the months it names).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDay } from '../../src/calendar/days.js';
import { parseDayText, parsePeriod, previousPeriod, yearAgo, type CalendarOptions, type Period } from '../../src/periods/period.js';

const day = (s: string) => parseDayText(s)!;
const span = (p: Period | undefined) => (p ? `${p.id} ${formatDay(p.start)}..${formatDay(p.end)}` : 'none');
const july: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: 7 };
const asOf = day('2026-11-15');

describe('fiscal years from July', () => {
  it('names a fiscal year by the year it ends in, and its quarters and halves from July', () => {
    expect(span(parsePeriod('FY2026', asOf, july))).toBe('FY2026 2025-07-01..2026-06-30');
    expect(span(parsePeriod('FY2026-Q1', asOf, july))).toBe('FY2026-Q1 2025-07-01..2025-09-30');
    expect(span(parsePeriod('fy2026q3', asOf, july))).toBe('FY2026-Q3 2026-01-01..2026-03-31');
    expect(span(parsePeriod('FY2026-H2', asOf, july))).toBe('FY2026-H2 2026-01-01..2026-06-30');
    // Both years: the first is the one it starts in.
    expect(span(parsePeriod('FY2025/26-Q4', asOf, july))).toBe('FY2026-Q4 2026-04-01..2026-06-30');
    expect(span(parsePeriod('FY2025/26', asOf, { ...july, fiscalYearLabel: 'split' }))).toBe('FY2025/26 2025-07-01..2026-06-30');
  });

  it('runs ytd and qtd from the fiscal year and quarter, and compares them with the previous fiscal year', () => {
    const ytd = parsePeriod('ytd', asOf, july);
    expect(span(ytd)).toBe('ytd:2026-11-15 2026-07-01..2026-11-15');
    expect(span(ytd.whole)).toBe('FY2027 2026-07-01..2027-06-30');
    expect(span(yearAgo(ytd, july))).toBe('ytd:2025-11-15 2025-07-01..2025-11-15');
    expect(span(parsePeriod('qtd', asOf, july))).toBe('qtd:2026-11-15 2026-10-01..2026-11-15');
    // fytd is ytd of the fiscal year whatever the calendar: the calendar year without fiscal_year_start.
    expect(span(parsePeriod('fytd', asOf))).toBe('ytd:2026-11-15 2026-01-01..2026-11-15');
    expect(span(parsePeriod('ytd', asOf))).toBe('ytd:2026-11-15 2026-01-01..2026-11-15');
  });

  it('steps back by fiscal quarter and year', () => {
    expect(span(previousPeriod(parsePeriod('FY2026-Q1', asOf, july), july))).toBe('FY2025-Q4 2025-04-01..2025-06-30');
    expect(span(yearAgo(parsePeriod('FY2026-Q1', asOf, july), july))).toBe('FY2025-Q1 2024-07-01..2024-09-30');
    expect(span(previousPeriod(parsePeriod('FY2026', asOf, july), july))).toBe('FY2025 2024-07-01..2025-06-30');
  });

  it('a fiscal year from February has quarters the calendar does not', () => {
    const feb: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: 2 };
    expect(span(parsePeriod('FY2027-Q4', asOf, feb))).toBe('FY2027-Q4 2026-11-01..2027-01-31');
    // 2024 is a leap year: FY2025 (Feb 2024 – Jan 2025) ends 31 January 2025 with a 29 February inside.
    expect(span(parsePeriod('FY2025', asOf, feb))).toBe('FY2025 2024-02-01..2025-01-31');
  });

  it('says what is wrong with a fiscal period it cannot read', () => {
    expect(() => parsePeriod('FY2025/27', asOf, july)).toThrow(/FY2025\/26/);
    expect(() => parsePeriod('FY2025/26', asOf)).toThrow(/calendar year/);
    expect(() => parsePeriod('FY2026-H3', asOf, july)).toThrow(/unknown period|two halves/);
  });
});

describe('month spans and rolling windows', () => {
  it('ltm is the last twelve complete months before --as-of', () => {
    expect(span(parsePeriod('ltm', asOf))).toBe('2025-11..2026-10 2025-11-01..2026-10-31');
    expect(span(parsePeriod('last-12m', asOf))).toBe('2025-11..2026-10 2025-11-01..2026-10-31');
    expect(span(parsePeriod('l3m', asOf))).toBe('2026-08..2026-10 2026-08-01..2026-10-31');
    expect(span(parsePeriod('L6M', asOf))).toBe('2026-05..2026-10 2026-05-01..2026-10-31');
    // The 90 days before the as-of day: 15 November minus 90 days is 17 August.
    expect(span(parsePeriod('last-90d', asOf))).toBe('2026-08-17..2026-11-14 2026-08-17..2026-11-14');
    expect(span(parsePeriod('last-2w', asOf))).toBe('2026-11-01..2026-11-14 2026-11-01..2026-11-14');
  });

  it('a month span steps back by its own length, and a year', () => {
    const ltm = parsePeriod('2025-11..2026-10', asOf);
    expect(span(previousPeriod(ltm))).toBe('2024-11..2025-10 2024-11-01..2025-10-31');
    expect(span(yearAgo(ltm))).toBe('2024-11..2025-10 2024-11-01..2025-10-31');
    expect(span(previousPeriod(parsePeriod('2026-01..2026-02', asOf)))).toBe('2025-11..2025-12 2025-11-01..2025-12-31');
    expect(() => parsePeriod('2026-10..2026-01', asOf)).toThrow(/ends before it starts/);
  });
});

describe('properties', () => {
  const startMonth = fc.integer({ min: 1, max: 12 });
  const year = fc.integer({ min: 1900, max: 2200 });

  it('the fiscal quarters and halves of a fiscal year tile it: contiguous, in order, from its first day to its last', () => {
    fc.assert(
      fc.property(startMonth, year, (s, y) => {
        const cal: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: s };
        const fy = parsePeriod(`FY${y}`, asOf, cal);
        for (const [part, n] of [['Q', 4], ['H', 2]] as const) {
          let next = fy.start;
          for (let i = 1; i <= n; i++) {
            const p = parsePeriod(`FY${y}-${part}${i}`, asOf, cal);
            expect(p.start).toBe(next);
            next = p.end + 1;
            // The next one steps back to this one.
            if (i > 1) expect(previousPeriod(p, cal)!.id).toBe(`FY${y}-${part}${i - 1}`);
          }
          expect(next).toBe(fy.end + 1);
        }
        // Twelve calendar months, whatever the start month: 365 or 366 days.
        expect([365, 366]).toContain(fy.end - fy.start + 1);
        expect(previousPeriod(fy, cal)!.end + 1).toBe(fy.start);
      }),
    );
  });

  it('the last N months are N consecutive months ending with the month before --as-of', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36 }), fc.integer({ min: day('1990-01-01'), max: day('2090-12-31') }), (n, at) => {
        const p = parsePeriod(`l${n}m`, at);
        let months = 0;
        let cursor = p.end;
        while (cursor >= p.start) {
          const m = parsePeriod(formatDay(cursor).slice(0, 7), at);
          expect(m.end).toBe(cursor);
          cursor = m.start - 1;
          months++;
        }
        expect(months).toBe(n);
        expect(cursor + 1).toBe(p.start);
        expect(formatDay(p.end + 1).slice(0, 7)).toBe(formatDay(at).slice(0, 7));
        expect(previousPeriod(p)!.end + 1).toBe(p.start);
      }),
    );
  });
});
