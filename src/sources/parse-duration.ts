// Durations as exports write them (`2h 30m`, `-1d 3h`, `01:30:00`, `PT2H30M`, or a plain number in a known unit), read as hours.

import { HOURS_PER_UNIT, type DurationUnit } from '../model/vocabulary.js';

export { DURATION_UNITS, type DurationUnit } from '../model/vocabulary.js';

const HOURS_PER: Record<DurationUnit | 'weeks', number> = { ...HOURS_PER_UNIT, weeks: 168 };

/**
 * Unit words, English and Scandinavian. `d` is a calendar day (24 h) and `w` a week of 7 days: the helpdesk
 * durations kpi reads (first reply, resolution, SLA time left) are elapsed time. Jira's *time tracking* fields use a
 * working day (1d = 8h by default) instead, but its CSV export writes those in seconds, which is a plain number.
 * `m` is minutes (as Jira and every duration format writes it), never months.
 */
const UNIT_WORDS: Record<string, DurationUnit | 'weeks'> = {};
for (const [unit, words] of [
  ['weeks', 'w wk wks week weeks uke uker vecka veckor uge uger'],
  ['days', 'd day days dag dager dagar dage døgn dygn'],
  ['hours', 'h hr hrs hour hours t tim time timer timme timmar'],
  ['minutes', 'm min mins minute minutes minutt minutter minut minuter'],
  ['seconds', 's sec secs second seconds sek sekund sekunder'],
] as const) {
  for (const w of words.split(' ')) UNIT_WORDS[w] = unit;
}

const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
const PART = new RegExp(String.raw`(${NUMBER})\s*([a-zæøå]+)\.?`, 'iy');
const ISO = /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
/** `h:mm`, `h:mm:ss`, `h:mm:ss.fff`; before it optionally days as `1.` (.NET TimeSpan) or `1 day ` (PostgreSQL interval). */
const CLOCK = /^(?:(\d+)\.|(\d+)\s*(?:days?|d)\s+)?(\d+):([0-5]\d)(?::([0-5]\d(?:[.,]\d+)?))?$/i;

const num = (s: string): number => Number(s.replace(',', '.'));

export type DurationResult = number | { error: string };

/**
 * Reads a duration as hours. The text is trimmed and not empty (empty and null spellings are the caller's). A
 * leading minus sign makes the whole duration negative (`-1d 3h` is −27 hours: Jira Service Management's time
 * left on a breached SLA). A plain number is read in `unit` when the column has one, else it is a bad value that
 * names the setting (a bare 90 may be minutes or seconds: never guessed).
 */
export function parseDuration(text: string, unit?: DurationUnit, plainNumber?: (text: string) => number | { error: string }): DurationResult {
  let t = text.trim();
  let sign = 1;
  if (/^[-\u2212]/.test(t)) {
    sign = -1;
    t = t.slice(1).trim();
  } else if (t.startsWith('+')) t = t.slice(1).trim();
  if (t === '') return { error: 'not a duration (a sign alone)' };
  if (/^\d+(?:[.,]\d+)?$/.test(t) || (plainNumber && /^[\d\s\u00a0.,']+$/.test(t))) {
    if (!unit) return { error: 'a plain number with no unit; say the unit of the column with units: { <field>: minutes } (or seconds, hours, days)' };
    const n = plainNumber ? plainNumber(t) : num(t);
    if (typeof n !== 'number') return n;
    return sign * n * HOURS_PER[unit];
  }
  if (/^P/i.test(t)) {
    // Before the T, M is months; after it, minutes.
    if (/^P[^T]*\d(?:[.,]\d+)?[YM]/i.test(t)) {
      return { error: 'an ISO 8601 duration in years or months, which have no fixed length in hours' };
    }
    const m = ISO.exec(t);
    if (!m || !m.slice(1).some((x) => x !== undefined) || /T$/i.test(t)) return { error: 'not an ISO 8601 duration (e.g. PT2H30M, P1DT4H)' };
    const [, w, d, h, min, s] = m.map((x) => (x === undefined ? 0 : num(x)));
    return sign * (w * 168 + d * 24 + h + min / 60 + s / 3600);
  }
  const clock = CLOCK.exec(t);
  if (clock) {
    const days = num(clock[1] ?? clock[2] ?? '0');
    return sign * (days * 24 + num(clock[3]) + num(clock[4]) / 60 + num(clock[5] ?? '0') / 3600);
  }
  // Parts such as `1w 2d 3h 4m 5s`, `2 hours 30 minutes`, `1 t 30 min`, each unit once.
  let hours = 0;
  const seen = new Set<string>();
  let at = 0;
  while (at < t.length) {
    PART.lastIndex = at;
    const m = PART.exec(t);
    if (!m) return { error: 'not a duration (e.g. 2h 30m, 1d 3h, 01:30:00, PT2H30M)' };
    const u = UNIT_WORDS[m[2].toLowerCase()];
    if (!u) return { error: `not a duration: '${m[2]}' is no unit of time (w, d, h, m, s)` };
    if (seen.has(u)) return { error: `not a duration: ${u} written twice` };
    seen.add(u);
    hours += num(m[1]) * HOURS_PER[u];
    at = PART.lastIndex;
    // Between parts: spaces, or a comma or "and" (`1 hour, 5 minutes`, `1 hour and 5 minutes`).
    const sep = /^(?:\s*,\s*|\s+and\s+|\s+og\s+|\s+och\s+|\s*)/i.exec(t.slice(at))!;
    at += sep[0].length;
  }
  return sign * hours;
}

/**
 * The unit a header says its plain numbers are in: Zendesk `First reply time in minutes`, Zendesk Explore
 * `Full resolution time (hrs)` / `First reply time (min)`, `Handle time (sec)`. Compared in snake_case.
 */
export function unitFromHeader(snake: string): DurationUnit | undefined {
  const m = /_(?:in_)?(seconds|secs|sec|minutes|mins|min|hours|hrs|hr|days)$/.exec(snake);
  if (!m) return undefined;
  const w = m[1];
  return w.startsWith('s') ? 'seconds' : w.startsWith('m') ? 'minutes' : w.startsWith('h') ? 'hours' : 'days';
}
