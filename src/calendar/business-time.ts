// Business time: the working hours of a week, less public holidays and the project's own closed days, measured
// between two wall-clock timestamps (days.ts: ms of the written fields, no time zone). The calendar itself is plain
// data (CalendarSpec) so a plan carrying it stays structured-clonable; BusinessCalendar is its computing side.
//
// Every measure is a difference of one running count (business ms, working days) from a year's start, so
// business(a, c) = business(a, b) + business(b, c) holds exactly (integers of ms) and b before a gives the negative.
import { calendarDay, formatDay, MS_PER_DAY } from './days.js';
import { COUNTRY_NAMES, publicHolidays, weekdayOf, type Country } from './holidays.js';

/** A business calendar as kpi.yaml states it. */
export interface CalendarSpec {
  /** Monday = 0 … Sunday = 6: the working spans of each weekday, minutes from midnight [start, end), sorted, disjoint. */
  week: [number, number][][];
  /** False when only holidays were given (top-level `holidays:`): the week is Mon–Fri and has no hours to count. */
  hours: boolean;
  /** Countries whose public holidays are closed days. */
  countries: Country[];
  /** The project's own closed days (day numbers), sorted. */
  extra: number[];
  /** Days with hours of their own (`2026-12-23: "08:00-12:00"`), which win over the week and the holidays. */
  dates?: [number, [number, number][]][];
}

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Mon–Fri all day, no holidays: the working days of a project that set no calendar. */
export const PLAIN_WEEK: CalendarSpec = { week: [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? [[0, 1440]] : [])), hours: false, countries: [], extra: [] };

const MS_PER_MIN = 60_000;

interface Year {
  /** Business ms before day i of the year (i = 0 … days), and working days before it. */
  ms: Float64Array;
  days: Int32Array;
  start: number;
}

export class BusinessCalendar {
  private readonly years = new Map<number, Year>();
  private readonly extra: Set<number>;
  private readonly holidayNames = new Map<number, string>();
  private readonly yearsWithHolidays = new Set<number>();

  private readonly dates: Map<number, [number, number][]>;

  constructor(readonly spec: CalendarSpec) {
    this.extra = new Set(spec.extra);
    this.dates = new Map(spec.dates ?? []);
  }

  /** The holiday's name when a day is closed by the calendar (a public holiday or a project's own day). */
  holiday(day: number): string | undefined {
    const year = yearOf(day);
    if (!this.yearsWithHolidays.has(year)) {
      this.yearsWithHolidays.add(year);
      for (const c of this.spec.countries) {
        for (const h of publicHolidays(c, year)) if (!this.holidayNames.has(h.day)) this.holidayNames.set(h.day, h.name);
      }
    }
    return this.holidayNames.get(day) ?? (this.extra.has(day) ? 'closed (holidays: in kpi.yaml)' : undefined);
  }

  /** The working spans of a day in ms from its midnight; none on a holiday. */
  spansOf(day: number): [number, number][] {
    const own = this.dates.get(day);
    if (own === undefined && this.holiday(day) !== undefined) return [];
    return (own ?? this.spec.week[weekdayOf(day)]).map(([s, e]) => [s * MS_PER_MIN, e * MS_PER_MIN]);
  }

  /** A working day: one with working hours (its own, or the week's when it is not closed). */
  isWorkday(day: number): boolean {
    const own = this.dates.get(day);
    if (own !== undefined) return own.length > 0;
    return this.spec.week[weekdayOf(day)].length > 0 && this.holiday(day) === undefined;
  }

  private year(y: number): Year {
    let year = this.years.get(y);
    if (!year) {
      const start = calendarDay(y, 1, 1)!;
      const n = calendarDay(y + 1, 1, 1)! - start;
      const ms = new Float64Array(n + 1);
      const days = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) {
        const spans = this.spansOf(start + i);
        ms[i + 1] = ms[i] + spans.reduce((a, [s, e]) => a + e - s, 0);
        days[i + 1] = days[i] + (this.isWorkday(start + i) ? 1 : 0);
      }
      year = { ms, days, start };
      this.years.set(y, year);
    }
    return year;
  }

  /** Business ms from the start of `fromYear` to the wall-clock instant t. */
  private msBefore(t: number, fromYear: number): number {
    const day = Math.floor(t / MS_PER_DAY);
    const y = yearOf(day);
    let total = 0;
    for (let k = fromYear; k < y; k++) total += this.year(k).ms[this.year(k).ms.length - 1];
    const year = this.year(y);
    const inDay = t - day * MS_PER_DAY;
    let within = 0;
    for (const [s, e] of this.spansOf(day)) within += Math.max(0, Math.min(inDay, e) - s);
    return total + year.ms[day - year.start] + within;
  }

  /** Business milliseconds from a to b (wall-clock ms); negative when b is before a. */
  businessMs(a: number, b: number): number {
    if (b < a) return -this.businessMs(b, a);
    const from = yearOf(Math.floor(a / MS_PER_DAY));
    return this.msBefore(b, from) - this.msBefore(a, from);
  }

  /** Working days in [dayA, dayB): from a's date up to, not including, b's date; negative when b is before a. */
  workdays(dayA: number, dayB: number): number {
    if (dayB < dayA) return -this.workdays(dayB, dayA);
    const from = yearOf(dayA);
    return this.daysBefore(dayB, from) - this.daysBefore(dayA, from);
  }

  /**
   * Working days from a to b on the business clock (README "Business hours and working days"): the deadline n
   * working days after a is a's wall-clock time on the n-th working day after a's, kept inside that day's hours (a
   * Saturday 10–14 gives 14:00 to a ticket of 15:00), and a outside the hours counts from the next opening. So
   * `business_days(a, b) <= 2` is "b by the deadline 2 working days after a" exactly — Tuesday 14:00 gives Thursday
   * 14:00, Friday 15:00 gives Tuesday 15:00 over a weekend, a holiday is skipped. Between two deadlines the value
   * runs in proportion to the business time, so it is a whole number at each deadline; negative when b is earlier.
   * A day is not 24 business hours: business_hours(a, b) counts those.
   */
  businessDays(a: number, b: number): number | null {
    if (b < a) {
      const back = this.businessDays(b, a);
      return back === null ? null : -back;
    }
    const from = yearOf(Math.floor(a / MS_PER_DAY));
    const pb = this.msBefore(b, from);
    const pa = this.msBefore(a, from);
    if (pb <= pa) return 0;
    const start = this.clockOf(a);
    if (start === undefined) return null;
    const { day: d0, clock } = start;
    // The deadline on working day x, in business ms: a's clock kept inside x's hours. Non-decreasing in x.
    const at = (x: number): number => {
      const spans = this.spansOf(x);
      const t = Math.min(Math.max(clock, spans[0][0]), spans[spans.length - 1][1]);
      return this.msBefore(x * MS_PER_DAY + t, from);
    };
    // The first deadline at or after b: from the first working day on or after b's date (its index is the working
    // days before it, counted from d0), one step on when b is later that day than the deadline.
    let x = this.nextWorkday(Math.max(d0, Math.floor(b / MS_PER_DAY)));
    if (x === undefined) return null;
    let k = this.workdays(d0, x);
    while (at(x) < pb) {
      x = this.nextWorkday(x + 1);
      if (x === undefined) return null;
      k++;
    }
    // Back to the last deadline before b (the one at d0 is a itself, before b); d0 is a working day, so
    // previousWorkday finds one at or after it while k > 1.
    let prev = this.previousWorkday(x - 1)!;
    while (k > 1 && at(prev) >= pb) {
      x = prev;
      k--;
      prev = this.previousWorkday(x - 1)!;
    }
    const lo = k === 1 ? pa : at(prev);
    return k - 1 + (pb - lo) / (at(x) - lo);
  }

  /** A's place on the business clock: its working day and its time of day, or the next opening when a is outside the hours. */
  private clockOf(t: number): { day: number; clock: number } | undefined {
    const day = Math.floor(t / MS_PER_DAY);
    const inDay = t - day * MS_PER_DAY;
    if (this.isWorkday(day)) {
      const spans = this.spansOf(day);
      if (inDay < spans[spans.length - 1][1]) return { day, clock: Math.max(inDay, spans[0][0]) };
    }
    const next = this.nextWorkday(day + 1);
    return next === undefined ? undefined : { day: next, clock: this.spansOf(next)[0][0] };
  }

  /**
   * The first working day on or after `day`; undefined when there is none within ten years (readCalendar refuses a
   * week without hours, so only a calendar built in code has none).
   */
  private nextWorkday(day: number): number | undefined {
    for (let d = day; d < day + 3660; d++) if (this.isWorkday(d)) return d;
    return undefined;
  }

  /** The last working day on or before `day`, within ten years. */
  private previousWorkday(day: number): number | undefined {
    for (let d = day; d > day - 3660; d--) if (this.isWorkday(d)) return d;
    return undefined;
  }

  private daysBefore(day: number, fromYear: number): number {
    const y = yearOf(day);
    let total = 0;
    for (let k = fromYear; k < y; k++) total += this.year(k).days[this.year(k).days.length - 1];
    const year = this.year(y);
    return total + year.days[day - year.start];
  }
}

const yearOf = (day: number): number => new Date(day * MS_PER_DAY).getUTCFullYear();

/** `08:00` as minutes from midnight (`24:00` is the end of the day), or undefined. */
function minutesOf(text: string): number | undefined {
  const m = /^(\d{1,2})(?::|\.)?(\d{2})?$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

/**
 * The spans of one weekday as written: `"08:00-16:00"`, several as `"08:00-11:30, 12:00-16:00"`, or `closed`.
 * Returns an error text (what is wrong with the value) instead when it cannot be read.
 */
export function parseSpans(text: string): [number, number][] | string {
  const t = text.trim().toLowerCase();
  if (t === 'closed' || t === '' || t === 'none') return [];
  const spans: [number, number][] = [];
  for (const part of t.split(/\s*[,;]\s*/)) {
    const m = /^([\d:.]+)\s*(?:-|–|to)\s*([\d:.]+)$/.exec(part);
    const s = m && minutesOf(m[1]);
    const e = m && minutesOf(m[2]);
    if (!m || s === undefined || s === null || e === undefined || e === null) return `'${part}' is not a span of hours such as "08:00-16:00"`;
    if (e <= s) return `'${part}' ends before it starts (a span past midnight is two: fri: "22:00-24:00", sat: "00:00-06:00")`;
    spans.push([s, e]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) if (spans[i][0] < spans[i - 1][1]) return `the spans of '${text.trim()}' overlap`;
  return spans;
}

const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The weekdays a key names: `mon`, `mon-fri`, `sat-sun`, `weekdays`, `weekend`; undefined when it names none. */
export function weekdaysOf(key: string): number[] | undefined {
  const k = key.trim().toLowerCase();
  if (k === 'weekdays') return [0, 1, 2, 3, 4];
  if (k === 'weekend') return [5, 6];
  const day = (s: string) => (s.length >= 3 ? FULL_NAMES.findIndex((n) => n.startsWith(s)) : -1);
  const range = /^([a-z]+)\s*(?:-|–|\.\.)\s*([a-z]+)$/.exec(k);
  if (range) {
    const a = day(range[1]);
    const b = day(range[2]);
    if (a < 0 || b < 0 || b < a) return undefined;
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const d = day(k);
  return d < 0 ? undefined : [d];
}

/** The calendar in words, for explain and the KPI's description: `Mon–Fri 08:00–16:00; Norwegian public holidays`. */
export function describeCalendar(spec: CalendarSpec): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const title = (i: number) => WEEKDAY_NAMES[i][0].toUpperCase() + WEEKDAY_NAMES[i].slice(1);
  const parts: string[] = [];
  let i = 0;
  while (i < 7) {
    const key = JSON.stringify(spec.week[i]);
    let j = i;
    while (j + 1 < 7 && JSON.stringify(spec.week[j + 1]) === key) j++;
    if (spec.week[i].length > 0) {
      const days = i === j ? title(i) : `${title(i)}–${title(j)}`;
      parts.push(spec.hours ? `${days} ${spec.week[i].map(([s, e]) => `${hhmm(s)}–${hhmm(e)}`).join(', ')}` : days);
    }
    i = j + 1;
  }
  const closed: string[] = [];
  if (spec.countries.length > 0) closed.push(`${spec.countries.map((c) => COUNTRY_NAMES[c]).join(' and ')} public holidays`);
  if (spec.extra.length > 0) closed.push(spec.extra.length <= 3 ? spec.extra.map(formatDay).join(', ') : `${spec.extra.length} days of holidays:`);
  const own = (spec.dates ?? []).map(([d, spans]) => `${formatDay(d)} ${spans.length ? spans.map(([s, e]) => `${hhmm(s)}–${hhmm(e)}`).join(', ') : 'closed'}`);
  return `${parts.join(', ') || 'no working days'}${closed.length > 0 ? `; closed on ${closed.join(' and ')}` : ''}${own.length ? `; ${own.join('; ')}` : ''}`;
}
