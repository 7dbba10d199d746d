// Coverage: how much of a report period a source's data covers, and whether a finished period is covered to both
// ends. A period the data does not reach gives results the status `incomplete` instead of a verdict on partial data.
import { formatDay } from '../calendar/days.js';
import type { Period } from '../periods/period.js';
import type { Coverage } from './model.js';

/** How far back (and forward) from the data's edge its gaps are looked at: a year holds every weekday and holiday. */
const GAP_WINDOW_DAYS = 366;
/** Fewer distinct dates than this are too few to know the source's gaps: a partly covered period is not judged. */
export const MIN_DATES = 10;

export interface Judgement {
  complete: boolean | null;
  /** Why the period is not covered; null when it is or when it is not judged. */
  reason: string | null;
}

/** 1970-01-01 (day 0) was a Thursday; Saturday and Sunday are days 2 and 3 after it, modulo 7. */
const isWeekend = (day: number): boolean => {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday … 6 = Saturday
  return dow === 0 || dow === 6;
};

/** The index of the first of `days` (ascending) on or after `day` (days.length when none is). */
function firstFrom(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The longest run of days without data between two dates of `days` (ascending) that lie in [from, to]. */
function longestGap(days: readonly number[], from: number, to: number): number {
  let longest = 0;
  let previous: number | undefined;
  for (let i = firstFrom(days, from); i < days.length; i++) {
    const day = days[i];
    if (day > to) break;
    if (previous !== undefined && day - previous - 1 > longest) longest = day - previous - 1;
    previous = day;
  }
  return longest;
}

/** True when every day of [from, to] is a Saturday or Sunday (an empty range included). */
function onlyWeekend(from: number, to: number): boolean {
  for (let d = from; d <= to; d++) if (!isWeekend(d)) return false;
  return true;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Whether the data reaches both ends of a finished period. `days` are the distinct days of the source's period field,
 * ascending, over the whole source (not only the period: a source that continues after the period covers its end).
 *
 * A finished period is judged to its last day; a running one (its last day on or after `asOf`: mtd, ytd, a range
 * through today) to the day before `asOf`; one not begun has nothing to cover. Its end is covered when the source has a day on or after it, or when the days missing at the
 * end are no more than the longest run of days without data in the source's last year (a shop closed on Sundays, a
 * monthly survey), or are only a weekend. Its start likewise, against the source's first year. Data that ends before
 * the period begins (or begins after it ends) never covers it; a source with fewer than MIN_DATES dates that covers
 * only part of the period is not judged, since so few dates show no pattern of gaps. A hole inside the period (see
 * holeIn) leaves it uncovered too.
 */
export function judgeCoverage(days: readonly number[], period: Pick<Period, 'id' | 'start' | 'end'>, asOf: number): Judgement {
  if (!Number.isFinite(period.start) || !Number.isFinite(period.end)) return { complete: null, reason: null };
  // A running period (mtd, qtd, ytd, a range through --as-of) is judged to the day before --as-of: an export taken
  // today holds yesterday's rows, and a pace projected from data that stops sooner would be wrong. Its own
  // elapsed days are the period here; one begun today (or not begun) has nothing to judge yet.
  const running = period.end >= asOf;
  const end = running ? asOf - 1 : period.end;
  if (end < period.start) return { complete: null, reason: null };
  const endText = running ? `${formatDay(end)}, the day before --as-of in ${period.id}` : `the end of ${period.id} (${formatDay(end)})`;
  if (days.length === 0) return { complete: false, reason: 'no row has a date' };
  const first = days[0];
  const last = days[days.length - 1];
  // Data that never reaches into the period cannot cover it, however few its dates.
  if (last < period.start) return { complete: false, reason: `the data ends on ${formatDay(last)}, before ${period.id} begins` };
  if (first > end) return { complete: false, reason: `the data begins on ${formatDay(first)}, after ${running ? `${formatDay(end)}, the day before --as-of in ${period.id}` : `${period.id} ends`}` };
  // With a handful of dates there is no pattern of gaps to tell a cut export from a quiet one.
  if ((last < end || first > period.start) && days.length < MIN_DATES) return { complete: null, reason: null };
  if (last < end) {
    const missing = end - last;
    const usual = longestGap(days, last - GAP_WINDOW_DAYS, last);
    if (missing > usual && !onlyWeekend(last + 1, end)) {
      return { complete: false, reason: `the data ends on ${formatDay(last)}, ${plural(missing, 'day')} before ${endText}` };
    }
  }
  if (first > period.start) {
    const missing = first - period.start;
    const usual = longestGap(days, first, first + GAP_WINDOW_DAYS);
    if (missing > usual && !onlyWeekend(period.start, first - 1)) {
      return { complete: false, reason: `the data begins on ${formatDay(first)}, ${plural(missing, 'day')} after the start of ${period.id} (${formatDay(period.start)})` };
    }
  }
  // Few dates show no pattern of gaps to tell a hole from a quiet spell, as at the ends.
  const hole = days.length < MIN_DATES ? undefined : holeIn(days, period.start, end);
  if (hole) {
    return { complete: false, reason: holeReason(hole, period.id) };
  }
  return { complete: true, reason: null };
}

/** A run of days without data inside a period is a hole only when it is longer than this (see holeIn). */
export const HOLE_MIN_DAYS = 10;

/** A run of days without data between two consecutive dates of a source: its first and last day, and its length. */
interface Run {
  from: number;
  to: number;
  days: number;
}

/**
 * The longest run of days without data between two consecutive dates of `days` (ascending) that has a day in
 * [from, to], judged whole: a run that begins before `from` (or ends after `to`) counts with every one of its days.
 * Cut at the window's edge, last year's summer break would count only for the days after the same date this year,
 * and a break that moves by a week would look like a few days, or none (trial4 F6). Undefined when there is none.
 */
function longestRunTouching(days: readonly number[], from: number, to: number): Run | undefined {
  let longest: Run | undefined;
  // The first run with a day on or after `from` ends just before the first date after `from`.
  for (let i = Math.max(1, firstFrom(days, from + 1)); i < days.length; i++) {
    const runFrom = days[i - 1] + 1;
    if (runFrom > to) break;
    const runDays = days[i] - runFrom;
    if (runDays > 0 && (longest === undefined || runDays > longest.days)) longest = { from: runFrom, to: days[i] - 1, days: runDays };
  }
  return longest;
}

/** A hole in the data (see holeIn) and the longest other run it was judged against. */
export interface Hole extends Run {
  /** The longest other run without data reaching into the year before or after the hole; undefined when none. */
  usual: Run | undefined;
}

/**
 * The first hole in the data inside [start, end] (a lost file of a multi-file source, a failed nightly import): a
 * run of days without data between two of its dates that reaches into the range, longer than HOLE_MIN_DAYS and
 * more than twice the longest other run that reaches into the year before or after it (each run judged whole, see
 * longestRunTouching). The allowance of the ends (the usual gap) with a margin, because inside the data one run is
 * always the longest: compared only with the others, every source's own longest quiet spell would be a hole. A
 * week's closure, a Christmas, a summer break that the year before or after had too (even a few weeks earlier or
 * later), are not holes; two weeks without a sale where the year has at most two days are.
 */
function holeIn(days: readonly number[], start: number, end: number): Hole | undefined {
  for (let k = Math.max(1, firstFrom(days, start)); k < days.length; k++) {
    const a = days[k - 1];
    const b = days[k];
    if (a >= end) break;
    if (b - a - 1 <= HOLE_MIN_DAYS) continue;
    // Every other run with a day in the year before the hole (up to its last date `a`) or the year after it (from
    // its next date `b`): the hole itself has none, so it is never compared with itself.
    const before = longestRunTouching(days, a - GAP_WINDOW_DAYS, a);
    const after = longestRunTouching(days, b, b + GAP_WINDOW_DAYS);
    const usual = (after?.days ?? 0) > (before?.days ?? 0) ? after : before;
    if (b - a - 1 > Math.max(HOLE_MIN_DAYS, 2 * (usual?.days ?? 0))) return { from: a + 1, to: b - 1, days: b - a - 1, usual };
  }
  return undefined;
}

/** Why a hole leaves a period uncovered, with the run it was compared with, so that the statement can be checked. */
function holeReason(hole: Hole, periodId: string): string {
  const found = `no rows are dated ${formatDay(hole.from)} – ${formatDay(hole.to)} (${plural(hole.days, 'day')} in a row, in ${periodId})`;
  if (hole.usual === undefined) return `${found}, and in the year before and after it every other day has rows`;
  const u = hole.usual;
  return `${found}, and the longest other run without rows in the year before and after it is ${plural(u.days, 'day')} (${formatDay(u.from)}${u.days > 1 ? ` – ${formatDay(u.to)}` : ''})`;
}

/** The days of `days` (ascending) within [start, end]: the first and last, or null when there are none. */
function span(days: readonly number[], start: number, end: number): { first: string; last: string } | null {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= days.length || days[lo] > end) return null;
  let last = lo;
  // Binary search for the last day ≤ end.
  let a = lo;
  let b = days.length - 1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    if (days[mid] <= end) {
      last = mid;
      a = mid + 1;
    } else b = mid - 1;
  }
  return { first: formatDay(days[lo]), last: formatDay(days[last]) };
}

export interface SourceFacts {
  source: string;
  /** The source has a period field: its rows are dated. */
  dated: boolean;
  /** Distinct days of the period field over the whole source, ascending. */
  days: readonly number[];
  /** Rows in the period (every row for a source without a period field). */
  rows: number;
}

/** The coverage of one source for a period, with the reason when it does not cover it. */
export type SourceCoverage = Coverage & { reason: string | null; dated: boolean };

export function sourceCoverage(facts: SourceFacts, period: Pick<Period, 'id' | 'start' | 'end'>, asOf: number): SourceCoverage {
  if (!facts.dated) return { source: facts.source, first: null, last: null, rows: facts.rows, complete: null, reason: null, dated: false };
  const seen = span(facts.days, period.start, period.end);
  const judged = judgeCoverage(facts.days, period, asOf);
  return {
    source: facts.source,
    first: seen?.first ?? null,
    last: seen?.last ?? null,
    rows: facts.rows,
    complete: judged.complete,
    reason: judged.reason === null ? null : `${facts.source}: ${judged.reason}`,
    dated: true,
  };
}

/** Not covered, covered, not judged, and last a source without dates, which says the least. */
const rank = (c: Coverage & { dated: boolean }): number => (c.complete === false ? 0 : c.complete ? 1 : c.dated ? 2 : 3);

/**
 * The coverage of a result that reads several sources: the one that covers the period least (a source without a
 * period field only when none has one). Ties keep the first source.
 */
export function weakest<T extends Coverage & { dated: boolean }>(coverages: readonly T[]): T | undefined {
  let worst: T | undefined;
  for (const c of coverages) {
    if (worst === undefined || rank(c) < rank(worst)) worst = c;
  }
  return worst;
}
