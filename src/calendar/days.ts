// Day arithmetic shared by every layer: days are integers since 1970-01-01 on the proleptic Gregorian calendar,
// timestamps are wall-clock milliseconds (Date.UTC of the written fields). No local Date is ever made, so no time
// zone or DST edge can move a day. A leaf: it imports nothing of ours.

export const MS_PER_DAY = 86_400_000;

/** Calendar day number (days since 1970-01-01) of a wall-clock timestamp. */
export const dayOf = (ms: number): number => Math.floor(ms / MS_PER_DAY);

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
