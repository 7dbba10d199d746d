// Retail calendars (kpi.yaml fiscal_calendar:): 52/53-week fiscal years of 4-4-5 / 4-5-4 / 5-4-4 months. The dates
// of the NRF 4-5-4 calendar worked out by hand from the rule (below), then properties over every pattern, year-end
// month, weekday and rule: a year is 364 or 371 days and starts the day after the one before, quarters are 13
// weeks (the one with week 53 14), months follow the pattern and tile quarters, halves and the year.
//
// Weekdays used below (1 January of each year, from any perpetual calendar): 2023 Sunday, 2024 Monday, 2025
// Wednesday, 2026 Thursday, 2027 Friday.
//   NRF FY2025 (rule nearest, Saturday, January; named by the year it starts in):
//     its year before ends on the Saturday nearest 31 January 2025: 31 January 2025 is Wednesday + 30 days = a
//     Friday, so Saturday 1 February 2025 (1 day after; the Saturday before, 25 January, is 6 days before).
//     It ends on the Saturday nearest 31 January 2026: Thursday + 30 days = a Saturday, the day itself.
//     FY2025 = Sunday 2 February 2025 – Saturday 31 January 2026, 364 days (no 29 February inside): 52 weeks.
//   NRF FY2023, a 53-week year: 31 January 2023 is Sunday + 30 = a Tuesday, the nearest Saturday 28 January
//     (3 days before; 4 February is 4 after); 31 January 2024 is Monday + 30 = a Wednesday, the nearest Saturday
//     3 February 2024 (3 days after; 27 January is 4 before). FY2023 = 29 January 2023 – 3 February 2024, 371 days.
//     With rule: last it ends on the last Saturday of January 2024, the 27th: 364 days, 52 weeks.
//   NRF FY2026: 31 January 2027 is Friday + 30 = a Sunday, the nearest Saturday the 30th (the Saturday of January
//     2026's 31st ends FY2025), so FY2026 = 1 February 2026 – 30 January 2027. Q1 is 13 weeks, 91 days: 1 February
//     + 90 days = 2 May 2026 (February 28 days, March 31, April 30: 1 March is +28, 1 April +59, 1 May +89).
//     4-5-4: P01 1–28 February (4 weeks), P02 1 March – 4 April (5), P03 5 April – 2 May (4).
//   Apple's year (last Saturday of September, named by the year it ends in): 1 September 2022 was a Thursday, so
//     its Saturdays 3, 10, 17, 24; 1 September 2023 a Friday, Saturdays 2 … 30. FY2023 = 25 September 2022 –
//     30 September 2023, 371 days: Apple reported fiscal 2023 as a 53-week year.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDay } from '../../src/calendar/days.js';
import { retailYearNamed, type RetailCalendar } from '../../src/calendar/retail.js';
import { comparisonNote, defaultPeriod, parseDayText, parsePeriod, periodContaining, previousPeriod, yearAgo, type CalendarOptions, type Period } from '../../src/periods/period.js';
import { monthShares } from '../../src/targets/compare.js';

const day = (s: string) => parseDayText(s)!;
const span = (p: Period | undefined) => (p ? `${p.id} ${formatDay(p.start)}..${formatDay(p.end)}` : 'none');
const NRF: RetailCalendar = { pattern: '4-5-4', endMonth: 1, endWeekday: 6, rule: 'nearest', namedBy: 'start' };
const nrf: CalendarOptions = { weekStarts: 'monday', retail: NRF };
const asOf = day('2026-11-15');
const at = (text: string, cal = nrf) => span(parsePeriod(text, asOf, cal));

describe('the NRF 4-5-4 calendar, by hand', () => {
  it('FY2025 is 2 February 2025 – 31 January 2026, FY2026 1 February 2026 – 30 January 2027', () => {
    expect(at('FY2025')).toBe('FY2025 2025-02-02..2026-01-31');
    expect(at('FY2026')).toBe('FY2026 2026-02-01..2027-01-30');
    expect(at('FY2026-Q1')).toBe('FY2026-Q1 2026-02-01..2026-05-02');
    expect(at('FY2026-P01')).toBe('FY2026-P01 2026-02-01..2026-02-28');
    expect(at('fy2026p2')).toBe('FY2026-P02 2026-03-01..2026-04-04');
    expect(at('FY2026-P03')).toBe('FY2026-P03 2026-04-05..2026-05-02');
    expect(at('FY2026-H2')).toBe('FY2026-H2 2026-08-02..2027-01-30');
    expect(at('FY2026-W01')).toBe('FY2026-W01 2026-02-01..2026-02-07');
    // Both years name it too: FY2026/27 starts in 2026.
    expect(at('FY2026/27-Q1')).toBe('FY2026-Q1 2026-02-01..2026-05-02');
    expect(at('FY2026/27-Q1', { ...nrf, fiscalYearLabel: 'split' })).toBe('FY2026/27-Q1 2026-02-01..2026-05-02');
  });

  it('FY2023 has 53 weeks, the 53rd in its last month and quarter; by rule: last it has 52', () => {
    expect(at('FY2023')).toBe('FY2023 2023-01-29..2024-02-03');
    expect(at('FY2023-W53')).toBe('FY2023-W53 2024-01-28..2024-02-03');
    // P12 is 4 + 1 weeks (31 December – 3 February), Q4 14 weeks (29 October – 3 February, 98 days).
    expect(at('FY2023-P12')).toBe('FY2023-P12 2023-12-31..2024-02-03');
    expect(at('FY2023-Q4')).toBe('FY2023-Q4 2023-10-29..2024-02-03');
    const last: CalendarOptions = { weekStarts: 'monday', retail: { ...NRF, rule: 'last' } };
    expect(at('FY2023', last)).toBe('FY2023 2023-01-29..2024-01-27');
    expect(() => parsePeriod('FY2023-W53', asOf, last)).toThrow(/FY2023 \(2023-01-29 – 2024-01-27\) has 52 weeks, FY2023-W01 to FY2023-W52/);
  });

  it('the 53-week years are those the NRF names: FY2012, FY2017, FY2023 (and next FY2028)', () => {
    // nrf.com/resources/4-5-4-calendar: "This anomaly has most recently occurred in FY'12 and FY'17 and will occur in FY'23."
    const long: number[] = [];
    for (let y = 2010; y <= 2030; y++) if (retailYearNamed(NRF, y).weeks === 53) long.push(y);
    expect(long).toEqual([2012, 2017, 2023, 2028]);
  });

  it('4-4-5 and 5-4-4 split the same quarter differently', () => {
    const c445: CalendarOptions = { weekStarts: 'monday', retail: { ...NRF, pattern: '4-4-5' } };
    expect([at('FY2026-P01', c445), at('FY2026-P02', c445), at('FY2026-P03', c445)]).toEqual([
      'FY2026-P01 2026-02-01..2026-02-28',
      'FY2026-P02 2026-03-01..2026-03-28',
      'FY2026-P03 2026-03-29..2026-05-02',
    ]);
    const c544: CalendarOptions = { weekStarts: 'monday', retail: { ...NRF, pattern: '5-4-4' } };
    expect(at('FY2026-P01', c544)).toBe('FY2026-P01 2026-02-01..2026-03-07');
  });

  it('a year ending in September (Apple’s) is named by the year it ends in; FY2023 had 53 weeks', () => {
    const apple: CalendarOptions = { weekStarts: 'monday', retail: { pattern: '4-4-5', endMonth: 9, endWeekday: 6, rule: 'last', namedBy: 'end' } };
    expect(at('FY2023', apple)).toBe('FY2023 2022-09-25..2023-09-30');
    expect(at('FY2025', apple)).toBe('FY2025 2024-09-29..2025-09-27');
  });

  it('mtd, qtd and ytd run from the fiscal month, quarter and year; yoy is the same days of the year before', () => {
    // 15 November 2026 is in P10 (November: 1–28 November, the first month of Q4).
    const mtd = parsePeriod('mtd', asOf, nrf);
    expect(span(mtd)).toBe('mtd:2026-11-15 2026-11-01..2026-11-15');
    expect(span(mtd.whole)).toBe('FY2026-P10 2026-11-01..2026-11-28');
    expect(at('qtd')).toBe('qtd:2026-11-15 2026-11-01..2026-11-15');
    expect(at('ytd')).toBe('ytd:2026-11-15 2026-02-01..2026-11-15');
    expect(at('fytd')).toBe('ytd:2026-11-15 2026-02-01..2026-11-15');
    // 15 days into FY2025-P10 (2 November 2025): 2–16 November 2025, the same weekdays (Sunday to Sunday).
    expect(span(yearAgo(mtd, nrf))).toBe('mtd:2025-11-16 2025-11-02..2025-11-16');
    expect(span(yearAgo(parsePeriod('ytd', asOf, nrf), nrf))).toBe('ytd:2025-11-16 2025-02-02..2025-11-16');
  });

  it('steps back by fiscal month, quarter and week; yoy takes the same one of the year before, W53 against W52', () => {
    expect(span(previousPeriod(parsePeriod('FY2026-P01', asOf, nrf), nrf))).toBe('FY2025-P12 2026-01-04..2026-01-31');
    expect(span(yearAgo(parsePeriod('FY2026-P02', asOf, nrf), nrf))).toBe('FY2025-P02 2025-03-02..2025-04-05');
    expect(span(yearAgo(parsePeriod('FY2026-Q1', asOf, nrf), nrf))).toBe('FY2025-Q1 2025-02-02..2025-05-03');
    expect(span(yearAgo(parsePeriod('FY2023-W53', asOf, nrf), nrf))).toBe('FY2022-W52 2023-01-22..2023-01-28');
    // Whole years as they are: FY2024 (52 weeks) against FY2023 (53).
    expect(span(yearAgo(parsePeriod('FY2024', asOf, nrf), nrf))).toBe('FY2023 2023-01-29..2024-02-03');
    expect(span(previousPeriod(parsePeriod('FY2024-W01', asOf, nrf), nrf))).toBe('FY2023-W53 2024-01-28..2024-02-03');
    // Dates shift to the same days of the fiscal year before: FY2026 starts 1 February 2026, FY2025 2 February 2025
    // (364 days before), FY2024 4 February 2024 (FY2024 is 52 weeks: 728 days before 1 February 2026).
    expect(span(yearAgo(parsePeriod('2026-02-01..2026-05-02', asOf, nrf), nrf))).toBe('2025-02-02..2025-05-03 2025-02-02..2025-05-03');
    expect(span(yearAgo(parsePeriod('2026-03-15', asOf, nrf), nrf, 2))).toBe('2024-03-17 2024-03-17..2024-03-17');
  });

  it('explain notes a comparison that is not like for like, and only that', () => {
    const note = (text: string, how: 'prev' | 'yoy') => {
      const p = parsePeriod(text, asOf, nrf);
      return comparisonNote(p, how === 'yoy' ? yearAgo(p, nrf) : previousPeriod(p, nrf), nrf);
    };
    expect(note('FY2024', 'yoy')).toMatch(/^FY2024 has 52 weeks, FY2023 53 weeks: compared as they are \(FY2023 is a 53-week year/);
    expect(note('FY2023-P12', 'yoy')).toMatch(/^FY2023-P12 has 5 weeks, FY2022-P12 4 weeks/);
    expect(note('FY2023-W53', 'yoy')).toBe('FY2022 has no week 53: FY2023-W53 is compared with FY2022-W52, the last week of that year');
    // Like for like, or the pattern's own 4 and 5 weeks side by side: nothing to say.
    expect(note('FY2026-Q1', 'yoy')).toBeUndefined();
    expect(note('FY2026-P03', 'prev')).toBeUndefined();
    expect(note('FY2024-W01', 'prev')).toBeUndefined();
    expect(note('FY2024', 'prev')).toMatch(/FY2024 has 52 weeks, FY2023 53 weeks/);
  });

  it('the default period is the last complete fiscal month; calendar ids keep their calendar meaning', () => {
    // As of 15 November 2026 (in P10), the last complete fiscal month is P09, October's 4 weeks.
    expect(span(defaultPeriod(asOf, nrf))).toBe('FY2026-P09 2026-10-04..2026-10-31');
    expect(at('2026-03')).toBe('2026-03 2026-03-01..2026-03-31');
    expect(at('2026-W10')).toBe('2026-W10 2026-03-02..2026-03-08');
  });

  it('a label the calendar does not have is an error naming it and what is valid', () => {
    expect(() => parsePeriod('FY2026-P13', asOf, nrf)).toThrow(/'FY2026-P13': FY2026 \(2026-02-01 – 2027-01-30\) has twelve months .*FY2026-P01 to FY2026-P12/);
    expect(() => parsePeriod('FY2026-W53', asOf, nrf)).toThrow(/'FY2026-W53': FY2026 .* has 52 weeks, FY2026-W01 to FY2026-W52; a 53-week year such as FY\d{4} has a W53/);
    expect(() => parsePeriod('FY2026-Q5', asOf, nrf)).toThrow(/four quarters, FY2026-Q1 to FY2026-Q4/);
    expect(() => parsePeriod('FY2026-H3', asOf, nrf)).toThrow(/two halves/);
    expect(() => parsePeriod('FY2026-P00', asOf, nrf)).toThrow(/FY2026-P01 to FY2026-P12/);
    // Without a retail calendar fiscal months and weeks say what to add.
    expect(() => parsePeriod('FY2026-P01', asOf)).toThrow(/fiscal_calendar: \{ pattern: 4-5-4/);
  });

  it('per: month and weights count fiscal months: P01 is weighed as February', () => {
    const q1 = parsePeriod('FY2026-Q1', asOf, nrf);
    expect(monthShares(q1, nrf)).toEqual([
      { month: 1, start: day('2026-02-01'), share: 1 },
      { month: 2, start: day('2026-03-01'), share: 1 },
      { month: 3, start: day('2026-04-05'), share: 1 },
    ]);
    // Without the calendar, the same days are February, March, April and 2 of May's 31 days.
    expect(monthShares(q1).map((s) => s.share)).toEqual([1, 1, 1, 2 / 31]);
  });
});

describe('properties of every retail calendar', () => {
  const calendar = fc.record({
    pattern: fc.constantFrom('4-4-5' as const, '4-5-4' as const, '5-4-4' as const),
    endMonth: fc.integer({ min: 1, max: 12 }),
    endWeekday: fc.integer({ min: 1, max: 7 }),
    rule: fc.constantFrom('last' as const, 'nearest' as const),
    namedBy: fc.constantFrom('start' as const, 'end' as const),
  });
  const year = fc.integer({ min: 1901, max: 2199 });
  const DAY = 86_400_000;
  const isoWeekday = (d: number) => ((new Date(d * DAY).getUTCDay() + 6) % 7) + 1;

  it('a year is 364 or 371 days from the day after the one before; its weeks, months, quarters and halves tile it', () => {
    fc.assert(
      fc.property(calendar, year, (retail, y) => {
        const cal: CalendarOptions = { weekStarts: 'monday', retail };
        const fy = parsePeriod(`FY${y}`, asOf, cal);
        const weeks = (fy.end - fy.start + 1) / 7;
        expect([364, 371]).toContain(fy.end - fy.start + 1);
        expect(isoWeekday(fy.end)).toBe(retail.endWeekday);
        expect(previousPeriod(fy, cal)!.end + 1).toBe(fy.start);
        expect(parsePeriod(`FY${y - 1}`, asOf, cal).end + 1).toBe(fy.start);
        // The year ends near the end of its month: within the last week (last) or three days of it (nearest).
        const monthEnd = Math.round(Date.UTC(retailYearNamed(retail, y).endYear, retail.endMonth, 1) / DAY) - 1;
        if (retail.rule === 'last') expect(monthEnd - fy.end).toBeGreaterThanOrEqual(0);
        expect(Math.abs(monthEnd - fy.end)).toBeLessThanOrEqual(retail.rule === 'last' ? 6 : 3);
        const pattern = retail.pattern.split('-').map(Number);
        const tile = (letter: string, count: number, pad: number, weeksOf: (n: number) => number) => {
          let next = fy.start;
          for (let n = 1; n <= count; n++) {
            const id = `${fy.id}-${letter}${String(n).padStart(pad, '0')}`;
            const p = parsePeriod(id, asOf, cal);
            expect(p.id).toBe(id);
            expect(p.start).toBe(next);
            expect((p.end - p.start + 1) / 7).toBe(weeksOf(n));
            // Every day of it is in it, and stepping back from the next one lands on it.
            expect(periodContaining(p.end, p.grain as 'week', cal, true).id).toBe(id);
            if (n > 1) expect(previousPeriod(p, cal)!.end + 1).toBe(p.start);
            next = p.end + 1;
          }
          expect(next).toBe(fy.end + 1);
        };
        tile('W', weeks, 2, () => 1);
        tile('P', 12, 2, (n) => pattern[(n - 1) % 3] + (n === 12 && weeks === 53 ? 1 : 0));
        tile('Q', 4, 1, (n) => 13 + (n === 4 && weeks === 53 ? 1 : 0));
        tile('H', 2, 1, (n) => 26 + (n === 2 && weeks === 53 ? 1 : 0));
        expect(() => parsePeriod(`FY${y}-W${weeks + 1}`, asOf, cal)).toThrow(/weeks/);
        // A year ago is the year before, whole: its P01 for this P01.
        expect(yearAgo(parsePeriod(`FY${y}-P01`, asOf, cal), cal)!.id).toBe(`FY${y - 1}-P01`);
        expect(yearAgo(fy, cal)!.id).toBe(`FY${y - 1}`);
      }),
      { numRuns: 100 },
    );
  });
});
