// Retail calendars (kpi.yaml `fiscal_calendar:`): fiscal years of whole weeks, 52 or 53 of them, ending on a
// weekday at the end of a month, with quarters of 13 weeks split into months of 4 and 5 weeks (4-4-5, 4-5-4, 5-4-4).
// This is the NRF 4-5-4 calendar's construction (National Retail Federation, "4-5-4 Calendar",
// https://nrf.com/resources/4-5-4-calendar): the year ends on the Saturday nearest the end of January, so it always
// starts on a Sunday and every month holds whole weeks; when the weeks run a day or two ahead of the dates, a 53rd
// week is added to the last month of the year (January in the NRF calendar), which makes the fourth quarter 14
// weeks. Days are integers since 1970-01-01, as in period.ts; this module only does the week arithmetic, and
// periods/period.ts turns its spans into Periods (a leaf like days.ts: it imports nothing).

export type RetailPattern = '4-4-5' | '4-5-4' | '5-4-4';

export interface RetailCalendar {
  pattern: RetailPattern;
  /** The month (1–12) the fiscal year ends in: 1, January, in the NRF calendar. */
  endMonth: number;
  /** The ISO weekday (1 = Monday … 7 = Sunday) the fiscal year ends on: 6, Saturday, in the NRF calendar. */
  endWeekday: number;
  /** `last`: the last such weekday of the month; `nearest`: the one nearest the month's last day (NRF's rule). */
  rule: 'last' | 'nearest';
  /**
   * Which calendar year names a fiscal year: `start`, the year it starts in (NRF: fiscal 2025 is 2 February 2025 –
   * 31 January 2026), or `end`, the year it ends in (as `fiscal_year_start:` names them).
   */
  namedBy: 'start' | 'end';
}

/** A span of days, both ends inclusive. */
export interface DaySpan {
  start: number;
  end: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** The last day of month `m` (1–12) of year `y`, as a day number (months past 12 carry into the next year). */
function lastOfMonth(y: number, m: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m, 1);
  return Math.round(t.getTime() / 86_400_000) - 1;
}

/**
 * The last day of the fiscal year whose end falls at the end of `endMonth` in calendar year `y` (its "nominal" end
 * year): the weekday on or before the month's last day (`last`), or the one within three days of it (`nearest`).
 */
export function yearEndDay(cal: RetailCalendar, y: number): number {
  const last = lastOfMonth(y, cal.endMonth);
  const before = last - ((isoWeekday(last) - cal.endWeekday + 7) % 7);
  // Nearest: four or more days before means three or fewer after (the week has seven days, so never a tie).
  return cal.rule === 'nearest' && last - before > 3 ? before + 7 : before;
}

export interface RetailYear extends DaySpan {
  /** The calendar year its nominal end month falls in. */
  endYear: number;
  /** The year in its name (FY2026): by `namedBy`. */
  label: number;
  /** 52 or 53. */
  weeks: number;
}

/** The fiscal year that ends at the end of `endMonth` of calendar year `endYear`. */
export function retailYearEnding(cal: RetailCalendar, endYear: number): RetailYear {
  const start = yearEndDay(cal, endYear - 1) + 1;
  const end = yearEndDay(cal, endYear);
  return { start, end, endYear, label: labelOf(cal, endYear), weeks: (end - start + 1) / 7 };
}

/** The year a fiscal year is named by. A year ending in December starts (nominally) in January of the same year. */
const labelOf = (cal: RetailCalendar, endYear: number): number => (cal.namedBy === 'end' || cal.endMonth === 12 ? endYear : endYear - 1);

/** The fiscal year named FY`label`. */
export function retailYearNamed(cal: RetailCalendar, label: number): RetailYear {
  return retailYearEnding(cal, cal.namedBy === 'end' || cal.endMonth === 12 ? label : label + 1);
}

/** The fiscal year holding a day. */
export function retailYearOf(cal: RetailCalendar, day: number): RetailYear {
  // A year ends within a week of its end month's last day, so the day's calendar year, one before or one after.
  let y = new Date(day * 86_400_000).getUTCFullYear() - 1;
  while (yearEndDay(cal, y) < day) y++;
  return retailYearEnding(cal, y);
}

/** The weeks of each month of the year, P01 first: the pattern four times, the 53rd week added to the last month. */
export function monthWeeks(cal: RetailCalendar, weeks: number): number[] {
  const q = cal.pattern.split('-').map(Number);
  const out = [...q, ...q, ...q, ...q];
  if (weeks === 53) out[11] += 1;
  return out;
}

/** The parts of a fiscal year, each as weeks from its start: 1 year, 2 halves, 4 quarters, 12 months, or its weeks. */
export type RetailPart = 'year' | 'half' | 'quarter' | 'month' | 'week';

/** How many of a part a year has. */
export const partsIn = (part: RetailPart, year: RetailYear): number => ({ year: 1, half: 2, quarter: 4, month: 12, week: year.weeks })[part];

/** The days of part `n` (1-based) of a fiscal year; undefined when the year has no such part (W53 of a 52-week year). */
export function retailPart(cal: RetailCalendar, year: RetailYear, part: RetailPart, n: number): DaySpan | undefined {
  if (!Number.isInteger(n) || n < 1 || n > partsIn(part, year)) return undefined;
  if (part === 'year') return { start: year.start, end: year.end };
  if (part === 'week') return { start: year.start + (n - 1) * 7, end: year.start + n * 7 - 1 };
  const months = monthWeeks(cal, year.weeks);
  // A half is six months, a quarter three: counted in months so week 53 lands in the last quarter and half.
  const per = part === 'half' ? 6 : part === 'quarter' ? 3 : 1;
  const weeksBefore = months.slice(0, (n - 1) * per).reduce((a, b) => a + b, 0);
  const weeks = months.slice((n - 1) * per, n * per).reduce((a, b) => a + b, 0);
  return { start: year.start + weeksBefore * 7, end: year.start + (weeksBefore + weeks) * 7 - 1 };
}

/** The part of its fiscal year a day falls in: the year, and the part's number (1-based). */
export function retailPartOf(cal: RetailCalendar, day: number, part: RetailPart): { year: RetailYear; n: number; span: DaySpan } {
  const year = retailYearOf(cal, day);
  // The day is in `year` (retailYearOf), so in one of its parts: the last one when no earlier one holds it.
  const count = partsIn(part, year);
  let n = 1;
  while (n < count && day > retailPart(cal, year, part, n)!.end) n++;
  return { year, n, span: retailPart(cal, year, part, n)! };
}

/**
 * The calendar month (0 = January) a fiscal month is named after: the one after the year's end month for P01
 * (NRF: P01 is February), so `weights: { feb: … }` weigh P01.
 */
export const calendarMonthOf = (cal: RetailCalendar, n: number): number => (cal.endMonth + n - 1) % 12;
