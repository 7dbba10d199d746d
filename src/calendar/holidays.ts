// Public holidays of Norway, Sweden, Denmark and Finland, computed (no network, no table to go stale): fixed
// dates, the Easter-based feasts from the Gregorian computus, and the Swedish and Finnish feasts that fall on the
// Friday or Saturday of a week of dates. A leaf: day numbers from days.ts only.
//
// What counts is each country's public (non-working) days, as Python's `holidays` package lists them
// (test/unit/holidays.test.ts compares 2018–2031 against it), with these choices:
// - SE adds Midsummer Eve, Christmas Eve and New Year's Eve: not holidays by name, but Sweden's Working Hours Act
//   (arbetstidslagen) treats them as Sundays, and nearly every office is closed.
// - DK is the days of the Danish holiday law only: Great Prayer Day until 2023 (abolished from 2024); not
//   Constitution Day (5 June), 1 May, Christmas Eve or New Year's Eve, which many workplaces give off by agreement
//   and a project adds with `holidays: [DK, 2026-06-05, 2026-12-24]`.
// - FI includes Midsummer Eve and Christmas Eve (customary days off there, listed as public days by the package).
// The rules are those in force since 1955 (Finland moved Midsummer and All Saints' to a Saturday that year); the
// changes after it are here (Sweden's National Day replacing Whit Monday in 2005, Finland's Saturday Epiphany and
// Ascension 1973–1990, Denmark's Great Prayer Day).
import { calendarDay } from './days.js';

export const COUNTRIES = ['NO', 'SE', 'DK', 'FI'] as const;
export type Country = (typeof COUNTRIES)[number];

export const COUNTRY_NAMES: Record<Country, string> = { NO: 'Norwegian', SE: 'Swedish', DK: 'Danish', FI: 'Finnish' };

export interface Holiday {
  /** Day number (days since 1970-01-01). */
  day: number;
  name: string;
}

/** Easter Sunday of a Gregorian year (the anonymous algorithm of Meeus, Jones and Butcher) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDay(year, month, day)!;
}

/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

const date = (y: number, m: number, d: number) => calendarDay(y, m, d)!;

/** The first day with the given weekday (Monday = 0) on or after y-m-d: Midsummer is the Saturday of 20–26 June. */
function firstWeekdayFrom(y: number, m: number, d: number, weekday: number): number {
  const from = date(y, m, d);
  return from + ((weekday - weekdayOf(from) + 7) % 7);
}

const FRIDAY = 4;
const SATURDAY = 5;

/** The public holidays of a country in a year, sorted by day (a day named twice is listed once). */
export function publicHolidays(country: Country, year: number): Holiday[] {
  const easter = easterSunday(year);
  const out: Holiday[] = [];
  const add = (day: number, name: string) => out.push({ day, name });
  const easterDays = (maundy: boolean, whitMonday: boolean) => {
    if (maundy) add(easter - 3, 'Maundy Thursday');
    add(easter - 2, 'Good Friday');
    add(easter, 'Easter Sunday');
    add(easter + 1, 'Easter Monday');
    add(easter + 39, 'Ascension Day');
    add(easter + 49, 'Whit Sunday');
    if (whitMonday) add(easter + 50, 'Whit Monday');
  };
  add(date(year, 1, 1), "New Year's Day");
  switch (country) {
    case 'NO':
      easterDays(true, true);
      add(date(year, 5, 1), 'Labour Day');
      add(date(year, 5, 17), 'Constitution Day');
      add(date(year, 12, 25), 'Christmas Day');
      add(date(year, 12, 26), "St Stephen's Day");
      break;
    case 'SE':
      add(date(year, 1, 6), 'Epiphany');
      easterDays(false, year <= 2004);
      add(date(year, 5, 1), 'May Day');
      if (year >= 2005) add(date(year, 6, 6), 'National Day');
      add(firstWeekdayFrom(year, 6, 19, FRIDAY), 'Midsummer Eve');
      add(firstWeekdayFrom(year, 6, 20, SATURDAY), 'Midsummer Day');
      add(firstWeekdayFrom(year, 10, 31, SATURDAY), "All Saints' Day");
      add(date(year, 12, 24), 'Christmas Eve');
      add(date(year, 12, 25), 'Christmas Day');
      add(date(year, 12, 26), "St Stephen's Day");
      add(date(year, 12, 31), "New Year's Eve");
      break;
    case 'DK':
      easterDays(true, true);
      // Store bededag, the fourth Friday after Easter, was abolished as a holiday from 2024 (lov nr. 171, 2023).
      if (year <= 2023) add(easter + 26, 'Great Prayer Day');
      add(date(year, 12, 25), 'Christmas Day');
      add(date(year, 12, 26), "St Stephen's Day");
      break;
    case 'FI':
      // 1973–1990 Epiphany and Ascension were moved to a Saturday.
      add(year >= 1973 && year <= 1990 ? firstWeekdayFrom(year, 1, 6, SATURDAY) : date(year, 1, 6), 'Epiphany');
      easterDays(false, false);
      if (year >= 1973 && year <= 1990) {
        out.splice(out.findIndex((h) => h.name === 'Ascension Day'), 1);
        add(easter + 34, 'Ascension Day');
      }
      add(date(year, 5, 1), 'May Day');
      add(firstWeekdayFrom(year, 6, 19, FRIDAY), 'Midsummer Eve');
      add(firstWeekdayFrom(year, 6, 20, SATURDAY), 'Midsummer Day');
      add(firstWeekdayFrom(year, 10, 31, SATURDAY), "All Saints' Day");
      add(date(year, 12, 6), 'Independence Day');
      add(date(year, 12, 24), 'Christmas Eve');
      add(date(year, 12, 25), 'Christmas Day');
      add(date(year, 12, 26), "St Stephen's Day");
      break;
  }
  out.sort((a, b) => a.day - b.day);
  return out.filter((h, i) => i === 0 || out[i - 1].day !== h.day);
}

/** A country code as written in kpi.yaml (`NO`, `no`, `Norway`, `Norge`…), or undefined. */
export function countryOf(text: string): Country | undefined {
  const t = text.trim().toLowerCase();
  const names: Record<string, Country> = {
    no: 'NO', nb: 'NO', norway: 'NO', norge: 'NO', noreg: 'NO',
    se: 'SE', sv: 'SE', sweden: 'SE', sverige: 'SE',
    dk: 'DK', da: 'DK', denmark: 'DK', danmark: 'DK',
    fi: 'FI', finland: 'FI', suomi: 'FI',
  };
  return names[t];
}
