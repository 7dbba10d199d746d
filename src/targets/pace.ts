// Pacing: how far a running period has got at --as-of, and the linear end-of-period projection.
import { lengthInDays, type Period } from '../periods/period.js';
import { roundInexact } from '../util/exact.js';

export interface Pace {
  /** The whole period being paced (the month of `mtd`, or the period itself). */
  whole: Period;
  /** Elapsed share of the whole period's days, as-of day included. */
  share: number;
}

/** The pace of a period that contains `asOf` and has not ended; undefined for a finished or future period. */
export function paceOf(period: Period, asOf: number): Pace | undefined {
  const whole = period.whole ?? period;
  if (!Number.isFinite(whole.start) || !Number.isFinite(whole.end)) return undefined;
  if (asOf < whole.start || asOf >= whole.end) return undefined;
  const elapsed = Math.min(asOf, period.end) - whole.start + 1;
  return { whole, share: elapsed / lengthInDays(whole) };
}

/** Linear projection of an additive value to the end of the period. */
export function project(value: number, pace: Pace): number | null {
  // An estimate, not an exact decimal: rounded once like every such figure (util/exact.ts).
  return roundInexact(value / pace.share);
}
