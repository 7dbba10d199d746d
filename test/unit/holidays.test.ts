// Public holidays (src/calendar/holidays.ts) against an independent implementation: Python's `holidays` package
// 0.105 and dateutil's Easter, written out by fixtures/holidays/generate.py (how and which categories: there).
// Then the published 2026 and 2027 dates checked by hand from the countries' own lists, and business time
// (src/calendar/business-time.ts): hand-worked spans and the properties that make it a measure.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarDay, formatDay, MS_PER_DAY } from '../../src/calendar/days.js';
import { COUNTRIES, easterSunday, publicHolidays, weekdayOf } from '../../src/calendar/holidays.js';
import { BusinessCalendar, describeCalendar, parseSpans, weekdaysOf, type CalendarSpec } from '../../src/calendar/business-time.js';

const ref = JSON.parse(readFileSync(new URL('../../fixtures/holidays/python-holidays.json', import.meta.url), 'utf8')) as {
  source: string;
  countries: Record<string, Record<string, string>>;
  easter: string[];
};
const day = (s: string) => calendarDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)))!;
const list = (c: (typeof COUNTRIES)[number], y: number) => publicHolidays(c, y).map((h) => formatDay(h.day));

describe('Easter (computus)', () => {
  it('equals dateutil.easter for every year 1900–2199', () => {
    for (let y = 1900; y < 2200; y++) expect(formatDay(easterSunday(y)), String(y)).toBe(ref.easter[y - 1900]);
  });
  it('falls on a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (y) => {
        const e = easterSunday(y);
        return weekdayOf(e) === 6 && e >= day(`${String(y).padStart(4, '0')}-03-22`) && e <= day(`${String(y).padStart(4, '0')}-04-25`);
      }),
    );
  });
});

describe('public holidays against Python holidays 0.105', () => {
  for (const c of COUNTRIES) {
    it(`${c} 2018–2031 day by day`, () => {
      for (let y = 2018; y <= 2031; y++) {
        const expected = Object.keys(ref.countries[c]).filter((d) => d.startsWith(String(y)));
        expect(list(c, y), `${c} ${y}`).toEqual(expected);
      }
    });
  }
});

describe('2026 and 2027 as the countries publish them (checked by hand)', () => {
  // Easter 2026 is 5 April, 2027 28 March. Norway (helligdager, lov om helligdager og helligdagsfred):
  // 1 Jan; Maundy Thursday 2 Apr, Good Friday 3 Apr, Easter 5–6 Apr; 1 May; Ascension 14 May (Easter + 39);
  // 17 May (a Sunday in 2026); Whit Sunday/Monday 24–25 May; 25–26 Dec.
  it('Norway', () => {
    expect(list('NO', 2026)).toEqual(['2026-01-01', '2026-04-02', '2026-04-03', '2026-04-05', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-17', '2026-05-24', '2026-05-25', '2026-12-25', '2026-12-26']);
    expect(list('NO', 2027)).toEqual(['2027-01-01', '2027-03-25', '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-16', '2027-05-17', '2027-12-25', '2027-12-26']);
  });
  // 2027: Whit Sunday (16 May) and Whit Monday (17 May) — Whit Monday coincides with Constitution Day and is one
  // closed day, listed once.
  it('Sweden: Midsummer on the Friday/Saturday of 19–26 June, All Saints on the Saturday of 31 Oct–6 Nov', () => {
    const se26 = publicHolidays('SE', 2026).map((h) => `${formatDay(h.day)} ${h.name}`);
    expect(se26).toContain('2026-06-19 Midsummer Eve');
    expect(se26).toContain('2026-06-20 Midsummer Day');
    expect(se26).toContain("2026-10-31 All Saints' Day");
    expect(se26).toContain('2026-06-06 National Day');
    expect(se26).toContain('2026-01-06 Epiphany');
    expect(se26).not.toContain('2026-05-25 Whit Monday');
    const se27 = publicHolidays('SE', 2027).map((h) => `${formatDay(h.day)} ${h.name}`);
    expect(se27).toContain('2027-06-25 Midsummer Eve');
    expect(se27).toContain('2027-06-26 Midsummer Day');
    expect(se27).toContain("2027-11-06 All Saints' Day");
  });
  it('Denmark: Great Prayer Day until 2023 only', () => {
    expect(publicHolidays('DK', 2023).map((h) => `${formatDay(h.day)} ${h.name}`)).toContain('2023-05-05 Great Prayer Day');
    expect(publicHolidays('DK', 2024).map((h) => h.name)).not.toContain('Great Prayer Day');
    expect(publicHolidays('DK', 2026).map((h) => h.name)).not.toContain('Great Prayer Day');
    // Constitution Day (5 June) is not a public holiday: the project adds it (README).
    expect(list('DK', 2026)).not.toContain('2026-06-05');
  });
  it('Finland: Epiphany, Midsummer, All Saints and Independence Day; no Whit Monday', () => {
    expect(list('FI', 2027)).toEqual(['2027-01-01', '2027-01-06', '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-16', '2027-06-25', '2027-06-26', '2027-11-06', '2027-12-06', '2027-12-24', '2027-12-25', '2027-12-26']);
  });
});

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (s: string) => day(s.slice(0, 10)) * MS_PER_DAY + Number(s.slice(11, 13)) * HOUR + Number(s.slice(14, 16)) * MIN;
const week = (spans: Record<number, [number, number][]>): [number, number][][] => [0, 1, 2, 3, 4, 5, 6].map((d) => spans[d] ?? []);
const officeNO: CalendarSpec = { week: week({ 0: [[480, 960]], 1: [[480, 960]], 2: [[480, 960]], 3: [[480, 960]], 4: [[480, 960]] }), hours: true, countries: ['NO'], extra: [] };

describe('business time', () => {
  const cal = new BusinessCalendar(officeNO);
  const bh = (a: string, b: string) => cal.businessMs(at(a), at(b)) / HOUR;

  it('counts the working hours between two timestamps (worked by hand)', () => {
    // Same day inside the hours: 09:00 → 11:30 = 2.5 h.
    expect(bh('2026-03-10 09:00', '2026-03-10 11:30')).toBe(2.5);
    // Before opening to after closing: only 08:00–16:00 counts = 8 h.
    expect(bh('2026-03-10 06:00', '2026-03-10 20:00')).toBe(8);
    // Friday 15:00 → Monday 09:00: 1 h Friday + 1 h Monday = 2 h.
    expect(bh('2026-03-13 15:00', '2026-03-16 09:00')).toBe(2);
    // Wednesday 1 April 15:00 → Tuesday 7 April 09:00 over Easter 2026 (Thu 2, Fri 3, Mon 6 closed): 1 + 1 = 2 h.
    expect(bh('2026-04-01 15:00', '2026-04-07 09:00')).toBe(2);
    // Wholly inside a holiday: 0 h; backwards: negative.
    expect(bh('2026-04-02 09:00', '2026-04-02 12:00')).toBe(0);
    expect(bh('2026-03-10 11:30', '2026-03-10 09:00')).toBe(-2.5);
  });

  it('counts working days [a, b)', () => {
    // March 2026: 22 weekdays, no holidays.
    expect(cal.workdays(day('2026-03-01'), day('2026-04-01'))).toBe(22);
    // April 2026: 22 weekdays less Maundy Thursday, Good Friday, Easter Monday = 19.
    expect(cal.workdays(day('2026-04-01'), day('2026-05-01'))).toBe(19);
    // May 2026: 21 weekdays less 1 May (Fri), Ascension 14 May (Thu), Whit Monday 25 May; 17 May is a Sunday = 18.
    expect(cal.workdays(day('2026-05-01'), day('2026-06-01'))).toBe(18);
    expect(cal.workdays(day('2026-06-01'), day('2026-05-01'))).toBe(-18);
  });

  it('a year of working days is its days less weekends and the holidays on weekdays', () => {
    for (const c of COUNTRIES) {
      const k = new BusinessCalendar({ ...officeNO, countries: [c] });
      for (let y = 2018; y <= 2031; y++) {
        const start = day(`${y}-01-01`);
        const end = day(`${y + 1}-01-01`);
        let weekends = 0;
        for (let d = start; d < end; d++) if (weekdayOf(d) >= 5) weekends++;
        const weekdayHolidays = Object.keys(ref.countries[c]).filter((d) => d.startsWith(String(y)) && weekdayOf(day(d)) < 5).length;
        expect(k.workdays(start, end), `${c} ${y}`).toBe(end - start - weekends - weekdayHolidays);
      }
    }
  });

  const specs = fc.record({
    week: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 600 })), { maxLength: 2 }), { minLength: 7, maxLength: 7 }).map((days) =>
      days.map((spans) => {
        // Disjoint sorted spans: the second starts after the first ends.
        const out: [number, number][] = [];
        let from = 0;
        for (const [s, len] of spans) {
          const start = Math.max(s, from);
          const end = Math.min(1440, start + len);
          if (start < end) out.push([start, end]);
          from = end + 1;
        }
        return out;
      }),
    ),
    countries: fc.subarray([...COUNTRIES]),
    extra: fc.array(fc.integer({ min: day('2025-01-01'), max: day('2028-12-31') }), { maxLength: 5 }).map((a) => [...new Set(a)].sort((x, y) => x - y)),
    // Days with hours of their own (a half day, or a holiday opened): [day, one span or none].
    dates: fc
      .uniqueArray(fc.tuple(fc.integer({ min: day('2025-06-01'), max: day('2028-06-01') }), fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 0, max: 240 })), { maxLength: 4, selector: (t) => t[0] })
      .map((a) => a.map(([d, s, len]): [number, [number, number][]] => [d, len === 0 ? [] : [[s, s + len]]]).sort((x, y) => x[0] - y[0])),
  });
  const instant = fc.integer({ min: at('2025-06-01 00:00'), max: at('2028-06-01 00:00') });

  it('is additive: business(a, c) = business(a, b) + business(b, c), in any order of a, b, c', () => {
    fc.assert(
      fc.property(specs, instant, instant, instant, (s, a, b, c) => {
        const k = new BusinessCalendar({ ...s, hours: true });
        return k.businessMs(a, c) === k.businessMs(a, b) + k.businessMs(b, c);
      }),
    );
  });

  it('equals a minute-by-minute count over short spans', () => {
    fc.assert(
      fc.property(specs, instant, fc.integer({ min: 0, max: 4 * 24 * 60 }), (s, a0, minutes) => {
        const k = new BusinessCalendar({ ...s, hours: true });
        const a = Math.floor(a0 / MIN) * MIN;
        let naive = 0;
        for (let t = a; t < a + minutes * MIN; t += MIN) {
          const d = Math.floor(t / MS_PER_DAY);
          const m = (t - d * MS_PER_DAY) / MIN;
          if (k.spansOf(d).some(([x, y]) => m >= x / MIN && m < y / MIN)) naive += MIN;
        }
        return k.businessMs(a, a + minutes * MIN) === naive;
      }),
      { numRuns: 60 },
    );
  });

  it('workdays are additive and count the days with hours that are not closed', () => {
    fc.assert(
      fc.property(specs, fc.integer({ min: day('2025-01-01'), max: day('2028-12-31') }), fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (s, a, x, y) => {
        const k = new BusinessCalendar({ ...s, hours: true });
        let naive = 0;
        const own = new Map(s.dates);
        for (let d = a; d < a + x; d++) if (own.has(d) ? own.get(d)!.length > 0 : s.week[weekdayOf(d)].length > 0 && k.holiday(d) === undefined) naive++;
        return k.workdays(a, a + x) === naive && k.workdays(a, a + x + y) === k.workdays(a, a + x) + k.workdays(a + x, a + x + y);
      }),
      { numRuns: 60 },
    );
  });
});

describe('days with hours of their own', () => {
  // Christmas Eve 2026 (a Thursday) as a half day 08:00–12:00, the Norwegian office otherwise:
  // Wed 23 Dec 15:00 → Mon 28 Dec 09:00 = Wed 1 h + Thu 24 Dec 4 h + [Fri 25, Sat 26 holidays, Sun 27] + Mon 1 h = 6 h;
  // and 2 April 2026 (Maundy Thursday) opened 10:00–14:00: 4 h that day.
  const cal = new BusinessCalendar({ ...officeNO, dates: [[day('2026-04-02'), [[600, 840]]], [day('2026-12-24'), [[480, 720]]]] });
  it('counts them instead of the week and the holidays', () => {
    expect(cal.businessMs(at('2026-12-23 15:00'), at('2026-12-28 09:00')) / HOUR).toBe(6);
    expect(cal.businessMs(at('2026-04-02 00:00'), at('2026-04-03 00:00')) / HOUR).toBe(4);
    // April 2026 now has 20 working days: the 19 of the week less holidays, and the opened Maundy Thursday.
    expect(cal.workdays(day('2026-04-01'), day('2026-05-01'))).toBe(20);
  });
});

describe('reading the calendar', () => {
  it('reads spans and weekday keys', () => {
    expect(parseSpans('08:00-16:00')).toEqual([[480, 960]]);
    expect(parseSpans('08:00-11:30, 12:00-16:00')).toEqual([[480, 690], [720, 960]]);
    expect(parseSpans('closed')).toEqual([]);
    expect(parseSpans('0-24')).toEqual([[0, 1440]]);
    expect(parseSpans('16:00-08:00')).toMatch(/ends before it starts/);
    expect(parseSpans('8-12, 11-13')).toMatch(/overlap/);
    expect(parseSpans('morning')).toMatch(/not a span/);
    expect(weekdaysOf('mon-fri')).toEqual([0, 1, 2, 3, 4]);
    expect(weekdaysOf('Saturday')).toEqual([5]);
    expect(weekdaysOf('sat-sun')).toEqual([5, 6]);
    expect(weekdaysOf('fri-mon')).toBeUndefined();
    expect(weekdaysOf('someday')).toBeUndefined();
  });
  it('describes itself', () => {
    expect(describeCalendar(officeNO)).toBe('Mon–Fri 08:00–16:00; closed on Norwegian public holidays');
    const sat = { ...officeNO, week: officeNO.week.map((s, i) => (i === 5 ? ([[600, 840]] as [number, number][]) : s)), extra: [day('2026-12-24')] };
    expect(describeCalendar(sat)).toBe('Mon–Fri 08:00–16:00, Sat 10:00–14:00; closed on Norwegian public holidays and 2026-12-24');
  });
});
