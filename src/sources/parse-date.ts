// Reads dates and datetimes into wall-clock milliseconds (Date.UTC of the written fields), never shifted by a time zone.
import { parse as parseWithDateFns } from 'date-fns/parse';
import { isValid } from 'date-fns/isValid';

import { monthNumber, MS_PER_DAY } from '../calendar/days.js';

// Day helpers live in the calendar leaf; re-exported for the readers that take them from here.
export { dayOf, formatDay, monthNumber, MS_PER_DAY, utcOffsetMs } from '../calendar/days.js';

export type DateResult = number | { error: string };
export type DateParser = (text: string) => number | undefined;

import { calendarDay } from '../calendar/days.js';

/** Wall-clock ms of the written fields, or undefined when they are no real date and time. */
export function wallClock(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number | undefined {
  if (y < 100 || h > 23 || mi > 59 || s > 59) return undefined;
  const day = calendarDay(y, mo, d);
  return day === undefined ? undefined : day * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** The number written by the digits text[from, to), or -1 if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** ISO 8601 dates and datetimes; a zone suffix is accepted and the written wall-clock time kept. */
export function parseIsoDate(text: string): number | undefined {
  // Fast path for the most common cell, a plain yyyy-MM-dd.
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 7);
    const d = digits(text, 8, 10);
    if (y >= 0 && mo >= 0 && d >= 0) return wallClock(y, mo, d);
  }
  const m = ISO.exec(text);
  if (!m) return undefined;
  // Truncated to the millisecond: rounding .9996 up would carry 23:59:59 into the next day.
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return wallClock(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, ms);
}

type Part = { token: string } | { literal: string };

/** Splits a date-fns format (dd.MM.yyyy HH:mm) into tokens and literals; 'quoted' text is literal. */
function tokenizeFormat(format: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c === "'") {
      const end = format.indexOf("'", i + 1);
      parts.push({ literal: format.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? format.length : end + 1;
    } else if (/[a-zA-Z]/.test(c)) {
      let j = i;
      while (format[j] === c) j++;
      parts.push({ token: format.slice(i, j) });
      i = j;
    } else {
      parts.push({ literal: c });
      i++;
    }
  }
  return parts;
}

const FIELD_TOKENS: Record<string, { re: string; field: 'y' | 'yy' | 'M' | 'MMM' | 'd' | 'H' | 'm' | 's' | 'S' }> = {
  yyyy: { re: '(\\d{4})', field: 'y' },
  yy: { re: '(\\d{2})', field: 'yy' },
  y: { re: '(\\d{4})', field: 'y' },
  MM: { re: '(\\d{1,2})', field: 'M' },
  M: { re: '(\\d{1,2})', field: 'M' },
  MMM: { re: '(\\p{L}+)\\.?', field: 'MMM' },
  MMMM: { re: '(\\p{L}+)', field: 'MMM' },
  dd: { re: '(\\d{1,2})', field: 'd' },
  d: { re: '(\\d{1,2})', field: 'd' },
  HH: { re: '(\\d{1,2})', field: 'H' },
  H: { re: '(\\d{1,2})', field: 'H' },
  mm: { re: '(\\d{2})', field: 'm' },
  ss: { re: '(\\d{2})', field: 's' },
  SSS: { re: '(\\d{1,3})', field: 'S' },
};

/**
 * A Date whose local fields are its UTC fields. date-fns builds its result through the reference date's
 * class, so parsing with one never meets the machine's DST gaps (02:30 on a spring-forward night stays 02:30).
 */
class WallClockDate extends Date {
  override getFullYear(): number { return this.getUTCFullYear(); }
  override getMonth(): number { return this.getUTCMonth(); }
  override getDate(): number { return this.getUTCDate(); }
  override getDay(): number { return this.getUTCDay(); }
  override getHours(): number { return this.getUTCHours(); }
  override getMinutes(): number { return this.getUTCMinutes(); }
  override getSeconds(): number { return this.getUTCSeconds(); }
  override getMilliseconds(): number { return this.getUTCMilliseconds(); }
  override getTimezoneOffset(): number { return 0; }
  override setFullYear(...a: Parameters<Date['setUTCFullYear']>): number { return this.setUTCFullYear(...a); }
  override setMonth(...a: Parameters<Date['setUTCMonth']>): number { return this.setUTCMonth(...a); }
  override setDate(...a: Parameters<Date['setUTCDate']>): number { return this.setUTCDate(...a); }
  override setHours(...a: Parameters<Date['setUTCHours']>): number { return this.setUTCHours(...a); }
  override setMinutes(...a: Parameters<Date['setUTCMinutes']>): number { return this.setUTCMinutes(...a); }
  override setSeconds(...a: Parameters<Date['setUTCSeconds']>): number { return this.setUTCSeconds(...a); }
  override setMilliseconds(...a: Parameters<Date['setUTCMilliseconds']>): number { return this.setUTCMilliseconds(...a); }
}

/**
 * Compiles a date-fns format into a fast parser for the common tokens (y, M, d, H, m, s, S and month names).
 * Other tokens fall back to date-fns' own parser, run on a WallClockDate so no zone shift leaks in.
 */
export function compileDateFormat(format: string): DateParser {
  const parts = tokenizeFormat(format);
  const fields: string[] = [];
  let pattern = '^';
  let supported = true;
  for (const part of parts) {
    if ('literal' in part) {
      pattern += part.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    } else {
      const spec = FIELD_TOKENS[part.token];
      if (!spec) {
        supported = false;
        break;
      }
      pattern += spec.re;
      fields.push(spec.field);
    }
  }
  if (!supported) {
    return (text) => {
      const d = parseWithDateFns(text, format, new WallClockDate(Date.UTC(2000, 0, 1, 12)));
      if (!isValid(d)) return undefined;
      return d.getTime();
    };
  }
  // Optional trailing time on a date-only format: exports often append 00:00:00.
  const hasTime = fields.includes('H');
  if (!hasTime) pattern += '(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?';
  const re = new RegExp(`${pattern}$`, 'u');
  return (text) => {
    const m = re.exec(text);
    if (!m) return undefined;
    let y = 0, mo = 0, d = 1, h = 0, mi = 0, s = 0, ms = 0;
    fields.forEach((field, i) => {
      const v = m[i + 1];
      switch (field) {
        case 'y': y = +v; break;
        // Excel's two-digit-year rule: 00–29 are 2000–2029, 30–99 are 1930–1999.
        case 'yy': y = +v < 30 ? 2000 + +v : 1900 + +v; break;
        case 'M': mo = +v; break;
        case 'MMM': mo = monthNumber(v) ?? 0; break;
        case 'd': d = +v; break;
        case 'H': h = +v; break;
        case 'm': mi = +v; break;
        case 's': s = +v; break;
        case 'S': ms = +v.padEnd(3, '0'); break;
      }
    });
    if (!hasTime && m[fields.length + 1] !== undefined) {
      h = +m[fields.length + 1];
      mi = +m[fields.length + 2];
      s = m[fields.length + 3] ? +m[fields.length + 3] : 0;
    }
    return wallClock(y, mo, d, h, mi, s, ms);
  };
}

/** Excel's 1900 date system: serial 1 is 1900-01-01, with Lotus' phantom 1900-02-29, so day 0 is 1899-12-30. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
export function fromExcelSerial(serial: number): number | undefined {
  if (!(serial >= 1 && serial < 2_958_466)) return undefined;
  return EXCEL_EPOCH_MS + Math.round(serial * MS_PER_DAY);
}

const DOTTED = compileDateFormat('d.M.yyyy');
const DOTTED_SHORT = compileDateFormat('d.M.yy');
const SLASH_DMY = compileDateFormat('d/M/yyyy');
const SLASH_MDY = compileDateFormat('M/d/yyyy');

/** Which part comes first in a numeric date such as 05/06/2026, decided per column from its values. */
export type DateOrder = 'dmy' | 'mdy';

const NUMERIC_DATE = /^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const NAMED_DATE = /^(\d{1,2})(?:st|nd|rd|th)?[\s.-]+(\p{L}+)\.?[\s.-]+(\d{4})$/u;
/**
 * Jira's export format (`dd/MMM/yy h:mm a`, the default of jira.date.time.picker.java.format): `01/Oct/26 9:15 AM`;
 * also with a four-digit year or a 24-hour time. Two-digit years follow Excel's rule, as elsewhere.
 */
const JIRA_DATE = /^(\d{1,2})\/(\p{L}{3,})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/u;

/** The two leading numbers of a numeric date (05/06/2026 → [5, 6]), for deciding a column's order. */
export function numericDateParts(text: string): [number, number] | undefined {
  const m = NUMERIC_DATE.exec(text.trim());
  return m ? [+m[1], +m[3]] : undefined;
}

function parseNumericDate(text: string, order: DateOrder): number | undefined {
  const m = NUMERIC_DATE.exec(text);
  if (!m) return undefined;
  const [a, b] = [+m[1], +m[3]];
  const yy = +m[4];
  const y = m[4].length === 2 ? (yy < 30 ? 2000 + yy : 1900 + yy) : yy;
  const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
  return wallClock(y, mo, d, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? +m[7] : 0);
}

/**
 * Parses one date cell: the configured format first, then ISO, then numeric dates in the column's order
 * (`order`, sniffed from the column), then dates with month names (5th Jan 2020), then Excel serials.
 * Without an order, dotted dates read day-first and slash dates only when a part above 12 decides.
 */
export function parseDate(raw: string, format?: DateParser, order?: DateOrder): DateResult {
  const text = raw.trim();
  if (format) {
    const v = format(text);
    if (v !== undefined) return v;
  }
  const iso = parseIsoDate(text);
  if (iso !== undefined) return iso;
  if (order) {
    const v = parseNumericDate(text, order);
    if (v !== undefined) return v;
  } else if (!format) {
    const dotted = DOTTED(text) ?? DOTTED_SHORT(text);
    if (dotted !== undefined) return dotted;
    const slash = /^(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(text);
    if (slash) {
      const a = +slash[1];
      const b = +slash[2];
      if (a > 12 && b <= 12) return SLASH_DMY(text) ?? { error: 'not a date' };
      if (b > 12 && a <= 12) return SLASH_MDY(text) ?? { error: 'not a date' };
      if (a === b) return SLASH_DMY(text) ?? { error: 'not a date' };
      return { error: 'ambiguous date (day/month or month/day?): set date_format, e.g. dd/MM/yyyy or MM/dd/yyyy' };
    }
  }
  const named = NAMED_DATE.exec(text);
  if (named) {
    const month = monthNumber(named[2]);
    const v = month ? wallClock(+named[3], month, +named[1]) : undefined;
    if (v !== undefined) return v;
  }
  const jira = JIRA_DATE.exec(text);
  if (jira) {
    const month = monthNumber(jira[2]);
    const yy = +jira[3];
    const y = jira[3].length === 2 ? (yy < 30 ? 2000 + yy : 1900 + yy) : yy;
    let h = jira[4] ? +jira[4] : 0;
    const half = jira[7]?.toLowerCase();
    if (half && (h < 1 || h > 12)) return { error: 'not a date' };
    if (half === 'am' && h === 12) h = 0;
    else if (half === 'pm' && h < 12) h += 12;
    const v = month ? wallClock(y, month, +jira[1], h, jira[5] ? +jira[5] : 0, jira[6] ? +jira[6] : 0) : undefined;
    if (v !== undefined) return v;
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    const serial = fromExcelSerial(Number(text));
    if (serial !== undefined && Number(text) > 10_000) return serial;
  }
  return { error: format ? 'not a date in the configured date_format' : 'not a date' };
}
