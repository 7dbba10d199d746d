// Day arithmetic shared by every layer: days are integers since 1970-01-01 on the proleptic Gregorian calendar,
// timestamps are wall-clock milliseconds (Date.UTC of the written fields). No local Date is ever made, so no time
// zone or DST edge can move a day. A leaf: it imports nothing of ours.

export const MS_PER_DAY = 86_400_000;

/** Calendar day number (days since 1970-01-01) of a wall-clock timestamp. */
export const dayOf = (ms: number): number => Math.floor(ms / MS_PER_DAY);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil), without a Date object. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The day number of a calendar date as written, any year 0–9999 (a formula's `0050-03-01` is the year 50), or
 * undefined when the month has no such day. Cells read through wallClock, which refuses years below 100.
 */
export function calendarDay(y: number, mo: number, d: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1])) return undefined;
  return daysFromCivil(y, mo, d);
}

/** `2026-10-31` for a day number. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const MONTHS: Record<string, number> = {};
[
  ['jan', 'january', 'januar'],
  ['feb', 'february', 'februar'],
  ['mar', 'march', 'mars'],
  ['apr', 'april'],
  ['may', 'mai'],
  ['jun', 'june', 'juni'],
  ['jul', 'july', 'juli'],
  ['aug', 'august'],
  ['sep', 'sept', 'september'],
  ['oct', 'okt', 'october', 'oktober'],
  ['nov', 'november'],
  ['dec', 'des', 'december', 'desember'],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

/** 1–12 for a month name or abbreviation in English or Norwegian (`okt`, `October`), else undefined. */
export const monthNumber = (name: string): number | undefined => MONTHS[name.toLowerCase()];

/** An ISO 8601 datetime's zone suffix (parse-date.ts reads the rest of it). */
const ISO_ZONE = /^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * The UTC offset an ISO 8601 datetime is written with, in ms (`…+01:00` 3,600,000; `…Z` 0; `…-0530`), or undefined
 * when it has none. The cell still reads as its wall-clock time (its day is the one written): the offset is only
 * for the span between two instants (days(), hours()), which the engine takes from the cells as written.
 */
export function utcOffsetMs(text: string): number | undefined {
  const t = text.trim();
  // A date, or a time with no zone, ends in a digit: no offset (the common cell, told without the expression).
  const last = t.charCodeAt(t.length - 1);
  if (t.length < 17 || (last >= 48 && last <= 57 && !/[+-]\d{2}(:?\d{2})?$/.test(t.slice(-6)))) return undefined;
  const m = ISO_ZONE.exec(t);
  if (!m) return undefined;
  const z = m[1];
  if (z === 'Z' || z === 'z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const hh = Number(z.slice(1, 3));
  const mm = z.length > 3 ? Number(z.slice(-2)) : 0;
  return sign * (hh * 60 + mm) * 60_000;
}
