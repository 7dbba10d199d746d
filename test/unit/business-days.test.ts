// Working days on the business clock (BusinessCalendar.businessDays, what `sla: { high: 2d }` compares under
// business_hours:): hand-worked deadlines over a weekend, a short Saturday and Norwegian holidays, then the
// property that makes it an SLA test: business_days(a, b) <= n exactly when b is by the deadline n working days
// after a, with the deadline found by an independent day-by-day walk.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarDay, MS_PER_DAY } from '../../src/calendar/days.js';
import { COUNTRIES } from '../../src/calendar/holidays.js';
import { BusinessCalendar, type CalendarSpec } from '../../src/calendar/business-time.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const day = (s: string) => calendarDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)))!;
const at = (s: string) => day(s.slice(0, 10)) * MS_PER_DAY + Number(s.slice(11, 13)) * HOUR + Number(s.slice(14, 16)) * MIN;
const week = (spans: Record<number, [number, number][]>): [number, number][][] => [0, 1, 2, 3, 4, 5, 6].map((d) => spans[d] ?? []);
// Mon–Fri 08:00–16:00, Saturday 10:00–14:00, Norwegian public holidays.
const shop: CalendarSpec = { week: week({ 0: [[480, 960]], 1: [[480, 960]], 2: [[480, 960]], 3: [[480, 960]], 4: [[480, 960]], 5: [[600, 840]] }), hours: true, countries: ['NO'], extra: [] };

describe('business_days(a, b): working days on the business clock', () => {
  const cal = new BusinessCalendar(shop);
  const bd = (a: string, b: string) => cal.businessDays(at(a), at(b));

  it('is a whole number at each deadline (worked by hand, May 2026: Ascension Thu 14 May, Whit Monday 25 May)', () => {
    // Tue 12 May 14:00 + 1 working day = Wed 13 May 14:00; + 2 = Fri 15 May 14:00 (Thu 14 May is Ascension Day).
    expect(bd('2026-05-12 14:00', '2026-05-13 14:00')).toBe(1);
    expect(bd('2026-05-12 14:00', '2026-05-15 14:00')).toBe(2);
    // Fri 15 May 15:00 + 1 = Saturday 16 May, 15:00 kept within its 10–14 hours: 14:00.
    expect(bd('2026-05-15 15:00', '2026-05-16 14:00')).toBe(1);
    // Fri 22 May 15:00 + 2 = Sat 23 (1), [Sun 24, Whit Monday 25 closed], Tue 26 May 15:00 (2).
    expect(bd('2026-05-22 15:00', '2026-05-26 15:00')).toBe(2);
    // Created after hours (Wed 20 May 17:30) counts from Thursday's opening: + 1 = Fri 22 May 08:00, and a
    // resolution before Friday opens (07:45) is still on Thursday's close on the business clock.
    expect(bd('2026-05-20 17:30', '2026-05-22 08:00')).toBe(1);
    expect(bd('2026-05-20 17:30', '2026-05-22 07:45')).toBe(1);
    // Created on a holiday (Ascension, 14 May 11:00) counts from Friday 15 May 08:00: + 1 = Sat 16 May 10:00
    // (08:00 kept within Saturday's hours) — a whole Friday.
    expect(bd('2026-05-14 11:00', '2026-05-16 10:00')).toBe(1);
    // Same instant: 0; backwards: negative.
    expect(bd('2026-05-12 14:00', '2026-05-12 14:00')).toBe(0);
    expect(bd('2026-05-13 14:00', '2026-05-12 14:00')).toBe(-1);
  });

  it('runs in proportion to the business time between two deadlines', () => {
    // Tue 12 May 14:00 → Wed 13 May 14:00 is 8 business hours (14–16, 08–14); Wed 10:00 is 4 of them: 0.5.
    expect(bd('2026-05-12 14:00', '2026-05-13 10:00')).toBe(0.5);
    // Fri 15 May 15:00 → Sat 16 May 14:00 is 1 + 4 = 5 business hours; Sat 11:00 is 2 of them: 0.4.
    expect(bd('2026-05-15 15:00', '2026-05-16 11:00')).toBeCloseTo(0.4, 12);
    // Past the first deadline (Sat 14:00) the next is Mon 18 May 15:00, 7 business hours on (Mon 08:00–15:00);
    // Mon 08:30 is 0.5 of them: 1 + 0.5 / 7.
    expect(bd('2026-05-15 15:00', '2026-05-18 08:30')).toBeCloseTo(1 + 0.5 / 7, 12);
  });

  it('is not 24 business hours a day: 2 working days from Tuesday 14:00 is 16, not 48, business hours', () => {
    const due = at('2026-03-12 14:00');
    expect(cal.businessDays(at('2026-03-10 14:00'), due)).toBe(2);
    expect(cal.businessMs(at('2026-03-10 14:00'), due) / HOUR).toBe(16);
  });
});

// An independent deadline: walk the days one by one, in minutes, from the calendar's own spans.
function deadline(k: BusinessCalendar, a: number, n: number): number {
  let d = Math.floor(a / MS_PER_DAY);
  let clock = (a - d * MS_PER_DAY) / MIN;
  const spans = (x: number) => k.spansOf(x).map(([s, e]) => [s / MIN, e / MIN]);
  const open = (x: number) => spans(x).length > 0;
  if (open(d) && clock < spans(d)[spans(d).length - 1][1]) clock = Math.max(clock, spans(d)[0][0]);
  else {
    do d++;
    while (!open(d));
    clock = spans(d)[0][0];
  }
  for (let i = 0; i < n; i++) {
    do d++;
    while (!open(d));
  }
  const s = spans(d);
  return d * MS_PER_DAY + Math.min(Math.max(clock, s[0][0]), s[s.length - 1][1]) * MIN;
}

describe('business_days(a, b) <= n is "by the deadline n working days after a"', () => {
  const specs = fc.record({
    week: fc
      .array(fc.option(fc.tuple(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 30, max: 600 })), { nil: undefined }), { minLength: 7, maxLength: 7 })
      .filter((days) => days.some((d) => d !== undefined))
      .map((days) => days.map((d): [number, number][] => (d === undefined ? [] : [[d[0], Math.min(1440, d[0] + d[1])]]))),
    countries: fc.subarray([...COUNTRIES]),
  });
  const minute = fc.integer({ min: at('2025-06-01 00:00') / MIN, max: at('2027-06-01 00:00') / MIN }).map((m) => m * MIN);

  it('for any calendar, created time, n and resolved time', () => {
    fc.assert(
      fc.property(specs, minute, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 12 * 24 * 60 }), (s, a, n, later) => {
        const k = new BusinessCalendar({ ...s, hours: true, extra: [] });
        const due = deadline(k, a, n);
        const b = a + later * MIN;
        const within = b <= due || k.businessMs(due, b) === 0;
        // At the deadline it is n, unless the deadline before it is the same business instant (a day that closes
        // at 00:30 and the next working day's opening: no business time between), where it is the smaller count.
        const exact = n === 0 || k.businessMs(deadline(k, a, n - 1), due) > 0 ? k.businessDays(a, due) === n : k.businessDays(a, due)! < n;
        return exact && (k.businessDays(a, b)! <= n) === within;
      }),
      { numRuns: 300 },
    );
  });

  it('never decreases as b moves on', () => {
    fc.assert(
      fc.property(specs, minute, fc.integer({ min: 0, max: 6 * 24 * 60 }), fc.integer({ min: 0, max: 6 * 24 * 60 }), (s, a, x, y) => {
        const k = new BusinessCalendar({ ...s, hours: true, extra: [] });
        return k.businessDays(a, a + x * MIN)! <= k.businessDays(a, a + (x + y) * MIN)!;
      }),
      { numRuns: 200 },
    );
  });
});
