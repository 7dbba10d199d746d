// The windows offsets read (plan/windows.ts windowOf): `[prev:3]`, `[yoy:2]`, `rolling(kpi, n unit)` and
// `cumulative(kpi)`, their dates worked out by hand from the calendar, and properties over every grain and start
// month (n steps back are n single steps, a rolling window is the months it names, fiscal months tile fiscal
// quarters and years, a cumulative window runs from its year's first day).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDay } from '../../src/calendar/days.js';
import { parseDayText, parsePeriod, periodContaining, previousPeriod, yearAgo, type CalendarOptions, type Period } from '../../src/periods/period.js';
import { windowOf } from '../../src/plan/windows.js';
import type { Offset } from '../../src/formula/ast.js';

const day = (s: string) => parseDayText(s)!;
const span = (p: Period | undefined) => (p ? `${p.id} ${formatDay(p.start)}..${formatDay(p.end)}` : 'none');
const cal: CalendarOptions = { weekStarts: 'monday' };
const july: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: 7 };
const asOf = day('2026-11-15');
const at = (period: string, offset: Offset, c: CalendarOptions = cal) => span(windowOf(parsePeriod(period, asOf, c), offset, c));

describe('offsets of several periods', () => {
  it('[prev:3] is three periods of the same kind back, fiscal ones included', () => {
    expect(at('2026-10', 'prev:3')).toBe('2026-07 2026-07-01..2026-07-31');
    expect(at('2026-02', 'prev:3')).toBe('2025-11 2025-11-01..2025-11-30');
    expect(at('2026-Q1', 'prev:3')).toBe('2025-Q2 2025-04-01..2025-06-30');
    expect(at('2026-W02', 'prev:3')).toBe('2025-W51 2025-12-15..2025-12-21');
    expect(at('2026-10-15', 'prev:3')).toBe('2026-10-12 2026-10-12..2026-10-12');
    expect(at('FY2027-Q1', 'prev:3', july)).toBe('FY2026-Q2 2025-10-01..2025-12-31');
    expect(at('FY2027', 'prev:2', july)).toBe('FY2025 2024-07-01..2025-06-30');
    // A range steps back three times its own length: 10 days, 30 days back.
    expect(at('2026-10-01..2026-10-10', 'prev:3')).toBe('2026-09-01..2026-09-10 2026-09-01..2026-09-10');
    expect(at('2025-11..2026-10', 'prev:2')).toBe('2023-11..2024-10 2023-11-01..2024-10-31');
  });

  it('a to-date period three back runs as many days into its month, capped at its end', () => {
    // mtd as of 31 March: 31 days into March; three months back is December, all 31 days of it (stepping month by
    // month through February's 28 days would end on 28 December).
    expect(span(windowOf(parsePeriod('mtd', day('2026-03-31'), cal), 'prev:3', cal))).toBe('mtd:2025-12-31 2025-12-01..2025-12-31');
    expect(span(windowOf(parsePeriod('mtd', day('2026-03-31'), cal), 'prev:1' as Offset, cal))).toBe('mtd:2026-02-28 2026-02-01..2026-02-28');
    expect(span(windowOf(parsePeriod('ytd', asOf, july), 'prev:2', july))).toBe('ytd:2024-11-15 2024-07-01..2024-11-15');
  });

  it('[yoy:2] is the same period two years back', () => {
    expect(at('2026-10', 'yoy:2')).toBe('2024-10 2024-10-01..2024-10-31');
    expect(at('2026-W42', 'yoy:2')).toBe('2024-W42 2024-10-14..2024-10-20');
    expect(at('FY2027-Q2', 'yoy:2', july)).toBe('FY2025-Q2 2024-10-01..2024-12-31');
    // 29 February 2028 two years back is the 28th.
    expect(span(windowOf(parsePeriod('2028-02-29', asOf, cal), 'yoy:2', cal))).toBe('2026-02-28 2026-02-28..2026-02-28');
  });
});

describe('rolling windows', () => {
  it('are the months, quarters or years ending with the period', () => {
    expect(at('2026-10', 'rolling:3:month')).toBe('2026-08..2026-10 2026-08-01..2026-10-31');
    expect(at('2026-10', 'rolling:12:month')).toBe('2025-11..2026-10 2025-11-01..2026-10-31');
    expect(at('2026-02', 'rolling:1:quarter')).toBe('2025-12..2026-02 2025-12-01..2026-02-28');
    expect(at('2026-Q3', 'rolling:4:quarter')).toBe('2025-10..2026-09 2025-10-01..2026-09-30');
    expect(at('2026', 'rolling:2:year')).toBe('2025-01..2026-12 2025-01-01..2026-12-31');
    // The window is the period itself when the lengths agree: the same window, computed once.
    expect(at('2026-10', 'rolling:1:month')).toBe('2026-10 2026-10-01..2026-10-31');
    expect(at('2026-Q3', 'rolling:3:month')).toBe('2026-Q3 2026-07-01..2026-09-30');
    // A window shorter than the period is its last part.
    expect(at('2026', 'rolling:1:month')).toBe('2026-12 2026-12-01..2026-12-31');
  });

  it('days and weeks count back from the last day', () => {
    expect(at('2026-10', 'rolling:90:day')).toBe('2026-08-03..2026-10-31 2026-08-03..2026-10-31');
    expect(at('2026-W42', 'rolling:4:week')).toBe('2026-09-21..2026-10-18 2026-09-21..2026-10-18');
    expect(at('2026-10-15', 'rolling:7:day')).toBe('2026-10-09..2026-10-15 2026-10-09..2026-10-15');
  });

  it('a period ending mid-month rolls from the day after the same date months before', () => {
    // mtd as of 15 November: three months to 15 November are 16 August – 15 November.
    expect(at('mtd', 'rolling:3:month')).toBe('2026-08-16..2026-11-15 2026-08-16..2026-11-15');
    // To 30 March: one month back from 31 March is 28 February (no 31st), so 28 February – 30 March.
    expect(at('2026-03-01..2026-03-30', 'rolling:1:month')).toBe('2026-02-28..2026-03-30 2026-02-28..2026-03-30');
  });

  it('`all` has no last day, so no window', () => {
    expect(at('all', 'rolling:3:month')).toBe('none');
    expect(at('all', 'cumulative')).toBe('none');
  });
});

describe('cumulative windows', () => {
  it('run from the first day of the year to the period’s last day', () => {
    expect(at('2026-10', 'cumulative')).toBe('ytd:2026-10-31 2026-01-01..2026-10-31');
    expect(at('2026-01', 'cumulative')).toBe('2026-01 2026-01-01..2026-01-31');
    expect(at('2026-Q2', 'cumulative')).toBe('ytd:2026-06-30 2026-01-01..2026-06-30');
    expect(at('2026', 'cumulative')).toBe('2026 2026-01-01..2026-12-31');
    expect(at('2026-10-15', 'cumulative')).toBe('ytd:2026-10-15 2026-01-01..2026-10-15');
  });

  it('follow the fiscal year when kpi.yaml sets one', () => {
    expect(at('2026-10', 'cumulative', july)).toBe('ytd:2026-10-31 2026-07-01..2026-10-31');
    expect(at('2026-06', 'cumulative', july)).toBe('ytd:2026-06-30 2025-07-01..2026-06-30');
    expect(at('2026-07', 'cumulative', july)).toBe('2026-07 2026-07-01..2026-07-31');
    expect(at('FY2027-Q2', 'cumulative', july)).toBe('ytd:2026-12-31 2026-07-01..2026-12-31');
    expect(windowOf(parsePeriod('2026-10', asOf, july), 'cumulative', july)!.whole!.id).toBe('FY2027');
  });
});

describe('properties', () => {
  const startMonth = fc.integer({ min: 1, max: 12 });
  const anyDay = fc.integer({ min: day('1990-01-01'), max: day('2090-12-31') });
  const grain = fc.constantFrom('week', 'month', 'quarter', 'half', 'year') as fc.Arbitrary<'week' | 'month' | 'quarter' | 'half' | 'year'>;

  it('n periods back are n single steps back, of every grain, calendar or fiscal', () => {
    fc.assert(
      fc.property(grain, anyDay, fc.integer({ min: 1, max: 30 }), startMonth, (g, d, n, s) => {
        const c: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: s };
        const p = periodContaining(d, g, c, s !== 1);
        let stepped = p;
        for (let i = 0; i < n; i++) stepped = previousPeriod(stepped, c)!;
        expect(span(windowOf(p, `prev:${n}`, c))).toBe(span(stepped));
        let years = p;
        for (let i = 0; i < n; i++) years = yearAgo(years, c)!;
        if (g !== 'week') expect(span(windowOf(p, `yoy:${n}`, c))).toBe(span(years));
      }),
    );
  });

  it('fiscal months tile fiscal quarters, and fiscal quarters the fiscal year', () => {
    fc.assert(
      fc.property(startMonth, fc.integer({ min: 1900, max: 2200 }), (s, y) => {
        const c: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: s };
        const fy = parsePeriod(`FY${y}`, asOf, c);
        let next = fy.start;
        let months = 0;
        for (let q = 1; q <= 4; q++) {
          const quarter = parsePeriod(`FY${y}-Q${q}`, asOf, c);
          expect(quarter.start).toBe(next);
          for (let i = 0; i < 3; i++) {
            const m = periodContaining(next, 'month', c);
            // Each month of the quarter is in it, and the quarter holding the month is this one.
            expect(periodContaining(m.start, 'quarter', c, true).id).toBe(quarter.id);
            next = m.end + 1;
            months++;
          }
          expect(next).toBe(quarter.end + 1);
        }
        expect(months).toBe(12);
        expect(next).toBe(fy.end + 1);
      }),
    );
  });

  it('a rolling window of n months is the n months ending with the period’s month, and their days', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 1, max: 36 }), (d, n) => {
        const m = periodContaining(d, 'month');
        const w = windowOf(m, `rolling:${n}:month`, cal)!;
        expect(w.end).toBe(m.end);
        // The months it covers, walked back from its end, one by one.
        let cursor = w.end;
        let months = 0;
        while (cursor >= w.start) {
          const month = periodContaining(cursor, 'month');
          expect(month.end).toBe(cursor);
          cursor = month.start - 1;
          months++;
        }
        expect(months).toBe(n);
        expect(cursor + 1).toBe(w.start);
        expect(w.start).toBe(windowOf(m, `prev:${n}`, cal)!.end + 1);
        // Rolling by days and weeks covers exactly that many days.
        expect(windowOf(m, `rolling:${n}:day`, cal)!.start).toBe(m.end - n + 1);
        expect(windowOf(m, `rolling:${n}:week`, cal)!.start).toBe(m.end - 7 * n + 1);
        // Quarters and years are three and twelve months.
        expect(windowOf(m, `rolling:${n}:quarter`, cal)!.start).toBe(windowOf(m, `rolling:${3 * n}:month`, cal)!.start);
      }),
    );
  });

  it('a cumulative window starts on the first day of the (fiscal) year holding its end, and grows a month at a time', () => {
    fc.assert(
      fc.property(anyDay, startMonth, (d, s) => {
        const c: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: s };
        const m = periodContaining(d, 'month');
        const w = windowOf(m, 'cumulative', c)!;
        const fy = periodContaining(d, 'year', c, true);
        expect(w.start).toBe(fy.start);
        expect(w.end).toBe(m.end);
        // The month before, unless this is the year's first month, has the same start and ends the day before.
        const before = windowOf(previousPeriod(m, c)!, 'cumulative', c)!;
        if (m.start === fy.start) expect(before.end).toBe(fy.start - 1);
        else expect([before.start, before.end]).toEqual([w.start, m.start - 1]);
      }),
    );
  });
});
