// Period ids (SPEC §1 --period) to calendar day ranges, comparisons and defaults. Days are integers since 1970-01-01.
// The calendar is plain day arithmetic on UTC dates: no local Date is made, so no time zone (Pacific/Kiritimati
// skipped 31 December 1994) and no DST edge can move a day, and a year below 100 is that year, not 19xx.
import { ConfigError } from '../errors.js';
import { formatDay, MS_PER_DAY } from '../calendar/days.js';
import { calendarMonthOf, partsIn, retailPart, retailPartOf, retailYearEnding, retailYearNamed, type RetailCalendar, type RetailPart, type RetailYear } from '../calendar/retail.js';

export type { RetailCalendar } from '../calendar/retail.js';

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'year' | 'months' | 'range' | 'mtd' | 'qtd' | 'ytd' | 'all';

export interface Period {
  id: string;
  /** First day, inclusive; -Infinity for `all`. */
  start: number;
  /** Last day, inclusive; +Infinity for `all`. */
  end: number;
  grain: Grain;
  /** For to-date periods: the whole period they run inside (for pacing and scaling). */
  whole?: Period;
  /**
   * A quarter, half or year of the fiscal year (`fiscal_year_start:`), not the calendar's; with a retail calendar
   * (`fiscal_calendar:`) also its months (FY2026-P01) and weeks (FY2026-W01).
   */
  fiscal?: true;
}

export interface CalendarOptions {
  weekStarts: 'monday' | 'sunday';
  /** The month (1–12) the fiscal year starts in (`fiscal_year_start:`); 1 or absent: the calendar year. */
  fiscalYearStart?: number;
  /**
   * How a fiscal year is named: `end`, by the calendar year it ends in (FY2026 runs July 2025 – June 2026, as
   * most accounting systems name it), or `split`, by both (FY2025/26).
   */
  fiscalYearLabel?: 'end' | 'split';
  /**
   * `fiscal_calendar:` — a retail calendar of 52/53-week years (calendar/retail.ts). When set, the fiscal year,
   * its quarters, halves, months (P01–P12) and weeks are its, and `fiscalYearStart` is not used.
   */
  retail?: RetailCalendar;
}

export const ALL: Period = { id: 'all', start: -Infinity, end: Infinity, grain: 'all' };

/** Year, month (1–12) and day of a day number. */
function ymd(day: number): [number, number, number] {
  const d = new Date(day * MS_PER_DAY);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
/** The day number of a date; months and days past their end carry over (month 13 is January of the next year). */
export const dayFromYmd = (y: number, m: number, d: number): number => {
  // setUTCFullYear takes a year as written: Date.UTC would read 0–99 as 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / MS_PER_DAY);
};
/** ISO weekday: 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;
const startOfIsoWeek = (day: number): number => day - isoWeekday(day) + 1;
/** The ISO week-numbering year and week of a day: those of the Thursday of its week. */
function isoWeekOf(day: number): { year: number; week: number } {
  const thursday = day - isoWeekday(day) + 4;
  const year = ymd(thursday)[0];
  return { year, week: Math.floor((thursday - dayFromYmd(year, 1, 1)) / 7) + 1 };
}
const endOfMonthDay = (y: number, m: number): number => dayFromYmd(y, m + 1, 1) - 1;
/** The same calendar day `years` later, the 29th of February becoming the 28th in a common year. */
function addYearsDay(day: number, years: number): number {
  const [y, m, d] = ymd(day);
  return dayFromYmd(y + years, m, Math.min(d, ymd(endOfMonthDay(y + years, m))[2]));
}

export function parseDayText(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const day = dayFromYmd(+m[1], +m[2], +m[3]);
  return formatDay(day) === text.trim() ? day : undefined;
}

function month(y: number, m: number): Period {
  const start = dayFromYmd(y, m, 1);
  return { id: `${yearText(y)}-${String(m).padStart(2, '0')}`, start, end: endOfMonthDay(y, m), grain: 'month' };
}
function quarter(y: number, q: number): Period {
  const start = dayFromYmd(y, (q - 1) * 3 + 1, 1);
  return { id: `${yearText(y)}-Q${q}`, start, end: endOfMonthDay(y, q * 3), grain: 'quarter' };
}
function half(y: number, h: number): Period {
  const start = dayFromYmd(y, h === 1 ? 1 : 7, 1);
  return { id: `${yearText(y)}-H${h}`, start, end: h === 1 ? dayFromYmd(y, 6, 30) : dayFromYmd(y, 12, 31), grain: 'half' };
}
function year(y: number): Period {
  return { id: yearText(y), start: dayFromYmd(y, 1, 1), end: dayFromYmd(y, 12, 31), grain: 'year' };
}
function isoWeek(y: number, w: number): Period | undefined {
  // ISO week 1 holds January 4th.
  const s = startOfIsoWeek(dayFromYmd(y, 1, 4)) + (w - 1) * 7;
  const at = isoWeekOf(s);
  if (at.year !== y || at.week !== w) return undefined;
  return { id: `${yearText(y)}-W${String(w).padStart(2, '0')}`, start: s, end: s + 6, grain: 'week' };
}
/** A year as period ids write it: four digits (the year 50 is 0050, as `--period 0050` reads it back). */
const yearText = (y: number): string => {
  // Period ids and their dates have four-digit years: a period before 0000 (the month before `--as-of 0000-01-01`,
  // the one before `--period 0000-01`) printed as "-1-12" running from "-000001-12".
  if (y < 0 || y > 9999) {
    throw new ConfigError(
      `a period in the year ${y} is outside the calendar kpi holds (the years 0000 to 9999); choose a later --period or --as-of, or --compare none`,
      [],
      'KPI_PERIOD',
    );
  }
  return String(y).padStart(4, '0');
};

/** The first month of the fiscal year (1 = January: the calendar year). */
const fiscalStart = (cal?: CalendarOptions): number => cal?.fiscalYearStart ?? 1;

/** A fiscal year's name: the calendar year it ends in, or both years (FY2025/26). */
function fiscalName(startYear: number, cal?: CalendarOptions): string {
  const s = fiscalStart(cal);
  const endYear = s === 1 ? startYear : startYear + 1;
  if (cal?.fiscalYearLabel === 'split' && s !== 1) return `FY${yearText(startYear)}/${String(endYear % 100).padStart(2, '0')}`;
  return `FY${yearText(endYear)}`;
}

/**
 * The fiscal quarter, half or year holding a day: `parts` fiscal periods to the year (4, 2, 1), counted from the
 * month the fiscal year starts in. With the calendar year (start 1) the dates are the calendar's, the names FY….
 */
function fiscalContaining(day: number, parts: 1 | 2 | 4, cal?: CalendarOptions): Period {
  const s = fiscalStart(cal);
  const [y, m] = ymd(day);
  const startYear = m >= s ? y : y - 1;
  const months = 12 / parts;
  const index = Math.floor(((m - s + 12) % 12) / months);
  // dayFromYmd carries months past 12 into the next year.
  const start = dayFromYmd(startYear, s + index * months, 1);
  const end = dayFromYmd(startYear, s + (index + 1) * months, 1) - 1;
  const name = fiscalName(startYear, cal);
  const id = parts === 1 ? name : `${name}-${parts === 4 ? 'Q' : 'H'}${index + 1}`;
  return { id, start, end, grain: parts === 1 ? 'year' : parts === 2 ? 'half' : 'quarter', fiscal: true };
}

/** `FY2026`, `FY2026-Q1`, `FY2025/26-H2`: the fiscal period of that name, or undefined when the text is not one. */
function parseFiscal(t: string, cal?: CalendarOptions): Period | undefined {
  const m = /^FY(\d{4})(?:\/(\d{2}|\d{4}))?(?:-?([QH])([1-4]))?$/i.exec(t);
  if (!m) return undefined;
  const s = fiscalStart(cal);
  const named = +m[1];
  let startYear: number;
  if (m[2] !== undefined) {
    // Both years: the first is the one it starts in, the second must follow it.
    startYear = named;
    const second = +m[2];
    const want = m[2].length === 2 ? (named + 1) % 100 : named + 1;
    if (s === 1 || second !== want) {
      throw new ConfigError(
        `period '${t}': ${s === 1 ? 'the fiscal year is the calendar year (no fiscal_year_start: in kpi.yaml), so it has one year: FY' + m[1] : `a fiscal year from ${MONTH_NAMES[s - 1]} runs from one year into the next: FY${m[1]}/${String(want).padStart(m[2].length, '0')}`}`,
        [],
        'KPI_PERIOD',
      );
    }
  } else startYear = s === 1 ? named : named - 1;
  const part = m[3]?.toUpperCase();
  const n = m[4] === undefined ? 1 : +m[4];
  if (part === 'H' && n > 2) throw new ConfigError(`period '${t}': a fiscal year has two halves, H1 and H2`, [], 'KPI_PERIOD');
  const parts = part === undefined ? 1 : part === 'Q' ? 4 : 2;
  const months = 12 / parts;
  return fiscalContaining(dayFromYmd(startYear, s + (n - 1) * months, 1), parts, cal);
}

const RETAIL_LETTER: Record<Exclude<RetailPart, 'year'>, string> = { half: 'H', quarter: 'Q', month: 'P', week: 'W' };
const RETAIL_PART: Record<string, RetailPart> = { H: 'half', Q: 'quarter', P: 'month', W: 'week' };

/** A retail fiscal year's name: FY and the year of `named_by:`, or both years (FY2025/26) with `fiscal_year_label:`. */
function retailName(year: RetailYear, cal: CalendarOptions): string {
  if (cal.fiscalYearLabel === 'split' && cal.retail!.endMonth !== 12) return `FY${yearText(year.endYear - 1)}/${String(year.endYear % 100).padStart(2, '0')}`;
  return `FY${yearText(year.label)}`;
}

/** Part `n` of a retail fiscal year as a period: FY2026, FY2026-H1, FY2026-Q4, FY2026-P01, FY2026-W53. */
function retailPeriod(year: RetailYear, part: RetailPart, n: number, cal: CalendarOptions): Period {
  const span = retailPart(cal.retail!, year, part, n)!;
  const suffix = part === 'year' ? '' : `-${RETAIL_LETTER[part]}${part === 'month' || part === 'week' ? String(n).padStart(2, '0') : n}`;
  return { id: `${retailName(year, cal)}${suffix}`, start: span.start, end: span.end, grain: part, fiscal: true };
}

/**
 * `FY2026`, `FY2026-Q1`, `FY2026-H2`, `FY2026-P03`, `FY2026-W53` (and `FY2025/26-…`) of a retail calendar, or
 * undefined when the text is not a fiscal period. A part the year does not have is an error naming the valid ones.
 */
function parseRetail(t: string, cal: CalendarOptions, retail: RetailCalendar): Period | undefined {
  const m = /^FY(\d{4})(?:\/(\d{2}|\d{4}))?(?:-?([QHPW])(\d{1,2}))?$/i.exec(t);
  if (!m) return undefined;
  let year: RetailYear;
  if (m[2] !== undefined) {
    // Both years: the first is the one it starts in (nominally), the second must follow it.
    const named = +m[1];
    const want = m[2].length === 2 ? (named + 1) % 100 : named + 1;
    if (retail.endMonth === 12 || +m[2] !== want) {
      throw new ConfigError(
        `period '${t}': ${retail.endMonth === 12 ? `a fiscal year ending in December has one year: FY${m[1]}` : `a fiscal year runs from one year into the next: FY${m[1]}/${String(want).padStart(m[2].length, '0')}`}`,
        [],
        'KPI_PERIOD',
      );
    }
    year = retailYearEnding(retail, named + 1);
  } else year = retailYearNamed(retail, +m[1]);
  if (m[3] === undefined) return retailPeriod(year, 'year', 1, cal);
  const part = RETAIL_PART[m[3].toUpperCase()];
  const n = +m[4];
  const count = partsIn(part, year);
  if (n < 1 || n > count) {
    const name = retailName(year, cal);
    const pad = part === 'month' || part === 'week' ? 2 : 1;
    const first = `${RETAIL_LETTER[part as Exclude<RetailPart, 'year'>]}${'1'.padStart(pad, '0')}`;
    const last = `${RETAIL_LETTER[part as Exclude<RetailPart, 'year'>]}${String(count).padStart(pad, '0')}`;
    const what = { half: 'two halves', quarter: 'four quarters', month: 'twelve months (periods of 4 or 5 weeks)', week: `${count} weeks` }[part as Exclude<RetailPart, 'year'>];
    throw new ConfigError(
      `period '${t}': ${name} (${formatDay(year.start)} – ${formatDay(year.end)}) has ${what}, ${name}-${first} to ${name}-${last}${part === 'week' && count === 52 ? `; a 53-week year such as ${next53(year, cal)} has a W53` : ''}`,
      [],
      'KPI_PERIOD',
    );
  }
  return retailPeriod(year, part, n, cal);
}

/** The name of the next 53-week year after `year` (one comes every five or six years). */
function next53(year: RetailYear, cal: CalendarOptions): string {
  let y = year;
  do y = retailYearEnding(cal.retail!, y.endYear + 1);
  while (y.weeks !== 53);
  return retailName(y, cal);
}

/**
 * The same part of the fiscal year `n` before: FY2025-P03 for FY2026-P03. Week 53 of a 53-week year, which the
 * year before does not have, is compared with that year's week 52; whole years, quarters and months are compared
 * as they are, a 53-week year (371 days) with a 52-week one (364 days).
 */
function retailYearAgo(p: Period, cal: CalendarOptions, retail: RetailCalendar, n: number): Period | undefined {
  if (p.grain !== 'week' && p.grain !== 'month' && p.grain !== 'quarter' && p.grain !== 'half' && p.grain !== 'year') return undefined;
  const { year, n: k } = retailPartOf(retail, p.start, p.grain);
  const before = retailYearEnding(retail, year.endYear - n);
  return retailPeriod(before, p.grain, Math.min(k, partsIn(p.grain, before)), cal);
}

/**
 * What `kpi explain` says when a retail comparison is not like for like: a 53-week year (or its 14-week quarter,
 * 5+1-week month) against one a week shorter is compared as it is; week 53 against the week 52 of a year without
 * one. Undefined when both have the same days, or the periods are not a retail calendar's.
 */
export function comparisonNote(p: Period, compare: Period | undefined, cal: CalendarOptions): string | undefined {
  if (!cal.retail || !compare || !Number.isFinite(p.start) || !Number.isFinite(compare.start)) return undefined;
  const a = p.whole ?? p;
  const b = compare.whole ?? compare;
  if (a.fiscal !== true || b.fiscal !== true || a.grain !== b.grain) return undefined;
  const weeks = (x: Period) => (x.end - x.start + 1) / 7;
  const [, yearA, partA] = /^(FY[^-]+)(.*)$/.exec(a.id) ?? [];
  const [, yearB, partB] = /^(FY[^-]+)(.*)$/.exec(b.id) ?? [];
  if (yearA === yearB) return undefined;
  if (partA === '-W53' && partB === '-W52') return `${yearB} has no week 53: ${a.id} is compared with ${b.id}, the last week of that year`;
  // Only the same part of another year (yoy): months of 4 and 5 weeks side by side (prev) are the pattern.
  if (partA !== partB) return undefined;
  // To date: the same days into each, so like for like unless one of them ran out of days (a 53-week year's P12).
  if (p.end - p.start === compare.end - compare.start) return undefined;
  const year = (x: Period) => retailPartOf(cal.retail!, x.start, 'year').year;
  const long = weeks(a) > weeks(b) ? a : b;
  const size = (x: Period) => (x.whole ? `${x.end - x.start + 1} days` : `${weeks(x)} weeks`);
  return `${p.id} has ${size(p)}, ${compare.id} ${size(compare)}: compared as they are (${retailName(year(long), cal)} is a 53-week year, its extra week in its last month; kpi drops or shifts no week)`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Whole months from the month of `first` to that of `last` (`2025-11..2026-10`; the last 12 months). */
function monthSpan(first: Period, last: Period): Period {
  const months = monthsIn({ ...first, end: last.end })!;
  return { id: `${first.id}..${last.id}`, start: first.start, end: last.end, grain: months === 1 ? 'month' : 'months' };
}

/** The months of a span of `n` whole months ending with the month that holds `endDay`. */
function monthsEndingAt(endDay: number, n: number): Period {
  const last = periodContaining(endDay, 'month');
  const [y, m] = ymd(last.start);
  const first = month(...(ymdOfMonth(y, m - (n - 1)) as [number, number]));
  return monthSpan(first, last);
}
const ymdOfMonth = (y: number, m: number): [number, number] => {
  const [yy, mm] = ymd(dayFromYmd(y, m, 1));
  return [yy, mm];
};

function range(start: number, end: number): Period {
  return { id: `${formatDay(start)}..${formatDay(end)}`, start, end, grain: 'range' };
}

/** The period a day falls in, at a grain: used for trends and for the default period. */
export function periodContaining(day: number, grain: 'week' | 'month' | 'quarter' | 'half' | 'year', cal?: CalendarOptions, fiscal = false): Period {
  if (fiscal && cal?.retail) {
    const { year, n } = retailPartOf(cal.retail, day, grain);
    return retailPeriod(year, grain, n, cal);
  }
  const [y, m] = ymd(day);
  if (fiscal && (grain === 'quarter' || grain === 'half' || grain === 'year')) return fiscalContaining(day, grain === 'year' ? 1 : grain === 'half' ? 2 : 4, cal);
  switch (grain) {
    case 'month':
      return month(y, m);
    case 'quarter':
      return quarter(y, Math.floor((m - 1) / 3) + 1);
    case 'half':
      return half(y, m <= 6 ? 1 : 2);
    case 'year':
      return year(y);
    case 'week': {
      if (cal?.weekStarts === 'sunday') {
        const s = day - (isoWeekday(day) % 7);
        return { id: `week-of-${formatDay(s)}`, start: s, end: s + 6, grain: 'week' };
      }
      const { year: wy, week } = isoWeekOf(day);
      return isoWeek(wy, week)!;
    }
  }
}

/** Parses any period form of SPEC §1. `asOf` is "today" for mtd/qtd/ytd. */
export function parsePeriod(text: string, asOf: number, cal: CalendarOptions = { weekStarts: 'monday' }): Period {
  const t = text.trim();
  const lower = t.toLowerCase();
  let m: RegExpExecArray | null;
  if (lower === 'all') return ALL;
  if (lower === 'mtd' || lower === 'qtd' || lower === 'ytd' || lower === 'fytd' || lower === 'fqtd') {
    // With a fiscal year (fiscal_year_start:), ytd and qtd run from the start of its year and quarter.
    const grain = lower === 'mtd' ? 'mtd' : lower.endsWith('qtd') ? 'qtd' : 'ytd';
    // With a retail calendar mtd is the fiscal month (FY2026-P03) to date, as qtd and ytd are its quarter and year.
    const fiscal = fiscalStart(cal) !== 1 || lower.startsWith('f') || cal.retail !== undefined;
    const whole = periodContaining(asOf, grain === 'mtd' ? 'month' : grain === 'qtd' ? 'quarter' : 'year', cal, fiscal);
    return { id: `${grain}:${formatDay(asOf)}`, start: whole.start, end: asOf, grain, whole };
  }
  // The last N complete months (or days, weeks) before --as-of: ltm is the last twelve months.
  if ((m = /^(?:ltm|l(\d{1,3})m|last-?(\d{1,3})(m|d|w))$/.exec(lower))) {
    const n = m[1] !== undefined ? +m[1] : m[2] !== undefined ? +m[2] : 12;
    const unit = m[3] ?? 'm';
    if (n < 1) throw new ConfigError(`period '${t}': give at least one ${unit === 'm' ? 'month' : unit === 'w' ? 'week' : 'day'}`, [], 'KPI_PERIOD');
    if (unit === 'm') return monthsEndingAt(periodContaining(asOf, 'month').start - 1, n);
    const days = unit === 'w' ? n * 7 : n;
    return range(asOf - days, asOf - 1);
  }
  const fiscal = cal.retail ? parseRetail(t, cal, cal.retail) : parseFiscal(t, cal);
  if (fiscal) return fiscal;
  if ((m = /^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$/.exec(t)) && +m[2] >= 1 && +m[2] <= 12 && +m[4] >= 1 && +m[4] <= 12) {
    const first = month(+m[1], +m[2]);
    const last = month(+m[3], +m[4]);
    if (last.start < first.start) throw new ConfigError(`period '${t}': the range ends before it starts`, [], 'KPI_PERIOD');
    return monthSpan(first, last);
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(t)) && +m[2] >= 1 && +m[2] <= 12) return month(+m[1], +m[2]);
  if ((m = /^(\d{4})-?Q([1-4])$/i.exec(t))) return quarter(+m[1], +m[2]);
  if ((m = /^(\d{4})-?H([12])$/i.exec(t))) return half(+m[1], +m[2]);
  if ((m = /^(\d{4})$/.exec(t))) return year(+m[1]);
  if ((m = /^(\d{4})-?W(\d{1,2})$/i.exec(t))) {
    const p = isoWeek(+m[1], +m[2]);
    if (p) return p;
    throw new ConfigError(`period '${t}': ${m[1]} has no ISO week ${+m[2]}`, [], 'KPI_PERIOD');
  }
  if ((m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t))) {
    const start = parseDayText(m[1]);
    const end = parseDayText(m[2]);
    if (start === undefined || end === undefined) throw new ConfigError(`period '${t}': not a calendar date`, [], 'KPI_PERIOD');
    if (end < start) throw new ConfigError(`period '${t}': the range ends before it starts`, [], 'KPI_PERIOD');
    return range(start, end);
  }
  const day = parseDayText(t);
  if (day !== undefined) return { id: t, start: day, end: day, grain: 'day' };
  if (!cal.retail && /^FY\d{4}(?:\/\d{2,4})?-?[PW]\d{1,2}$/i.test(t)) {
    throw new ConfigError(
      `period '${t}': fiscal months (FY2026-P01 … P12) and fiscal weeks (FY2026-W01 … W53) are those of a retail calendar; set one in kpi.yaml (fiscal_calendar: { pattern: 4-5-4, year_end: { month: 1, weekday: saturday, rule: nearest } }) or use a calendar month (2026-03) or ISO week (2026-W10)`,
      [],
      'KPI_PERIOD',
    );
  }
  throw new ConfigError(
    `unknown period '${t}'; use 2026-10, 2026-Q4, 2026-H2, 2026, 2026-W42, 2026-10-01..2026-10-15, 2025-11..2026-10, FY2026, FY2026-Q1, ${cal.retail ? 'FY2026-P01, FY2026-W01, ' : ''}mtd, qtd, ytd, fytd, ltm, l3m, last-90d or all`,
    [],
    'KPI_PERIOD',
  );
}

/**
 * The month a target's `per: month` and `weights:` count by at a day — the fiscal month with a retail calendar
 * (FY2026-P02, 5 weeks), else the calendar month — and the month of `weights:` (0 = January) that weighs it: a
 * fiscal month is weighed as the calendar month it is named after (NRF: P01 is February, weighed by `feb:`).
 */
export function targetMonthOf(day: number, cal?: CalendarOptions): { month: Period; weightIndex: number } {
  if (cal?.retail) {
    const { n } = retailPartOf(cal.retail, day, 'month');
    return { month: periodContaining(day, 'month', cal, true), weightIndex: calendarMonthOf(cal.retail, n) };
  }
  const month = periodContaining(day, 'month');
  return { month, weightIndex: ymd(month.start)[1] - 1 };
}

/** The last complete month before `asOf`: the default report period (the fiscal month with a retail calendar). */
export function defaultPeriod(asOf: number, cal?: CalendarOptions): Period {
  const fiscal = cal?.retail !== undefined;
  const current = periodContaining(asOf, 'month', cal, fiscal);
  return periodContaining(current.start - 1, 'month', cal, fiscal);
}

/**
 * The period `n` steps before (`[prev]` is one, `[prev:3]` three): the previous month/quarter/… of the same kind
 * (fiscal ones for a fiscal period), or the same span `n` times its length before a range.
 */
export function previousPeriod(p: Period, cal?: CalendarOptions, n = 1): Period | undefined {
  switch (p.grain) {
    case 'all':
      return undefined;
    case 'day':
      return { id: formatDay(p.start - n), start: p.start - n, end: p.start - n, grain: 'day' };
    case 'week':
    case 'month':
    case 'quarter':
    case 'half':
    case 'year': {
      let q = p;
      for (let i = 0; i < n; i++) q = periodContaining(q.start - 1, p.grain, cal, p.fiscal === true);
      return q;
    }
    case 'months': {
      let q = p;
      for (let i = 0; i < n; i++) q = monthsEndingAt(q.start - 1, monthsIn(p)!);
      return q;
    }
    case 'range':
      return range(p.start - n * (p.end - p.start + 1), p.start - 1 - (n - 1) * (p.end - p.start + 1));
    case 'mtd':
    case 'qtd':
    case 'ytd': {
      // The same number of days into the month/quarter/year `n` before, capped at its end (stepping the whole
      // period, not the capped one: three months before 31 March is 31 December, not 28 December).
      const wholePrev = previousPeriod(p.whole!, cal, n)!;
      const end = Math.min(wholePrev.end, wholePrev.start + (p.end - p.start));
      return { id: `${p.grain}:${formatDay(end)}`, start: wholePrev.start, end, grain: p.grain, whole: wholePrev };
    }
  }
}

/** The same period `n` years earlier (ISO week N of the ISO year `n` before for weeks): `[yoy]`, `[yoy:2]`. */
export function yearAgo(p: Period, cal?: CalendarOptions, n = 1): Period | undefined {
  if (cal?.retail && p.fiscal) return retailYearAgo(p, cal, cal.retail, n);
  if (cal?.retail && p.whole?.fiscal && (p.grain === 'mtd' || p.grain === 'qtd' || p.grain === 'ytd')) {
    // The same number of days into the same fiscal month, quarter or year `n` before: whole weeks back, so the
    // same weekdays (a 53-week year's extra week is its last, so to-date spans never reach it unequally).
    const whole = retailYearAgo(p.whole, cal, cal.retail, n)!;
    const end = Math.min(whole.end, whole.start + (p.end - p.start));
    return { id: `${p.grain}:${formatDay(end)}`, start: whole.start, end, grain: p.grain, whole };
  }
  if (cal?.retail && (p.grain === 'range' || p.grain === 'day')) {
    // Dates of a retail year: the same days into the fiscal year `n` before (2026-02-01..2026-05-02, FY2026-Q1's
    // days, against 2025-02-02..2025-05-03, FY2025-Q1's), so the same weekdays, as the fiscal periods compare.
    const { year } = retailPartOf(cal.retail, p.start, 'year');
    const shift = year.start - retailYearEnding(cal.retail, year.endYear - n).start;
    const start = p.start - shift;
    const end = p.end - shift;
    return p.grain === 'day' ? { id: formatDay(start), start, end: start, grain: 'day' } : range(start, end);
  }
  switch (p.grain) {
    case 'all':
      return undefined;
    case 'week': {
      if (cal?.weekStarts === 'sunday') return periodContaining(p.start - 52 * 7 * n, 'week', cal);
      const at = isoWeekOf(p.start);
      return isoWeek(at.year - n, at.week) ?? isoWeek(at.year - n, 52)!;
    }
    case 'month':
    case 'quarter':
    case 'half':
    case 'year':
      return periodContaining(addYearsDay(p.start, -n), p.grain, cal, p.fiscal === true);
    case 'months':
      return monthsEndingAt(addYearsDay(p.end, -n), monthsIn(p)!);
    case 'mtd':
    case 'qtd':
    case 'ytd': {
      const whole = yearAgo(p.whole!, cal, n)!;
      const end = Math.min(whole.end, addYearsDay(p.end, -n));
      return { id: `${p.grain}:${formatDay(end)}`, start: whole.start, end, grain: p.grain, whole };
    }
    case 'day':
    case 'range': {
      const start = addYearsDay(p.start, -n);
      const end = addYearsDay(p.end, -n);
      return p.grain === 'day' ? { id: formatDay(start), start, end: start, grain: 'day' } : range(start, end);
    }
  }
}

export type RollUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * The window of `rolling(kpi, n unit)` evaluated in period `p`: the `n` days, weeks, months, quarters or years
 * ending with `p`'s last day. Ending on a month's last day it is whole months (`2026-08..2026-10` for 3 months
 * to October); ending mid-month it starts the day after the same date `n` months earlier (3 months to 15 November
 * are 16 August – 15 November). Undefined for `all`, which has no last day.
 */
export function rollingWindow(p: Period, n: number, unit: RollUnit): Period | undefined {
  if (!Number.isFinite(p.end)) return undefined;
  let start: number;
  if (unit === 'day' || unit === 'week') start = p.end - n * (unit === 'week' ? 7 : 1) + 1;
  else {
    const months = n * (unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1);
    const [y, m, d] = ymd(p.end + 1);
    // The same date `months` earlier, the 31st becoming the month's last day where it has none.
    start = dayFromYmd(y, m - months, Math.min(d, ymd(endOfMonthDay(...ymdOfMonth(y, m - months)))[2]));
  }
  if (start === p.start) return p;
  if (ymd(start)[2] === 1 && ymd(p.end + 1)[2] === 1) {
    const first = periodContaining(start, 'month');
    return first.end === p.end ? first : monthSpan(first, periodContaining(p.end, 'month'));
  }
  return range(start, p.end);
}

/**
 * The window of `cumulative(kpi)` in period `p`: from the start of the year that holds `p`'s last day — the
 * fiscal year when kpi.yaml sets `fiscal_year_start:` — to that day, as `ytd` is to its as-of day.
 */
export function cumulativeWindow(p: Period, cal?: CalendarOptions): Period | undefined {
  if (!Number.isFinite(p.end)) return undefined;
  const whole = periodContaining(p.end, 'year', cal, fiscalStart(cal) !== 1 || cal?.retail !== undefined);
  // A period that starts the year is its own cumulative window (the year, its first month or quarter).
  if (whole.start === p.start) return p;
  return { id: `ytd:${formatDay(p.end)}`, start: whole.start, end: p.end, grain: 'ytd', whole };
}

export function comparePeriod(p: Period, compare: string, asOf: number, cal?: CalendarOptions): Period | undefined {
  switch (compare.trim().toLowerCase()) {
    case 'none':
      return undefined;
    case 'prev':
    case 'previous':
      return previousPeriod(p, cal);
    case 'yoy':
      return yearAgo(p, cal);
    default:
      try {
        return parsePeriod(compare, asOf, cal);
      } catch (e) {
        // `--compare lastyear`: the keywords first, then the period ids --period takes.
        if (e instanceof ConfigError && e.message.startsWith('unknown period')) {
          throw new ConfigError(`--compare ${compare.trim()}: expected prev, yoy, none or a period id (2026-09, 2025-Q4, FY2025 …)`, [], 'KPI_PERIOD');
        }
        throw e;
      }
  }
}

/** Number of calendar days in a period (for pacing and target scaling). */
export const lengthInDays = (p: Period): number => p.end - p.start + 1;

/** Whole calendar months a period spans, or undefined when it is not month-aligned. */
export function monthsIn(p: Period): number | undefined {
  if (!Number.isFinite(p.start)) return undefined;
  const [sy, sm, sd] = ymd(p.start);
  const [ey, em] = ymd(p.end);
  if (sd !== 1 || ymd(p.end + 1)[2] !== 1) return undefined;
  return (ey - sy) * 12 + em - sm + 1;
}

export function periodJson(p: Period): { id: string; start: string | null; end: string | null } {
  return {
    id: p.id,
    start: Number.isFinite(p.start) ? formatDay(p.start) : null,
    end: Number.isFinite(p.end) ? formatDay(p.end) : null,
  };
}

export function todayDay(): number {
  const now = new Date();
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / MS_PER_DAY;
}
