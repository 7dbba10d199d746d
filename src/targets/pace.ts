// Pacing: how far a running period has got at --as-of by the plan's own shape, the to-date target, and the
// end-of-period projection. The shape (`pace:` of the target) is one of
//   linear     the elapsed share of the period's days (as-of day included) — the default;
//   weights    the month weights of the target (`weights:`), each month counted by its elapsed days;
//   workdays   the elapsed share of the period's working days (kpi.yaml's business_hours:/holidays:); for a
//              target made of months, each month's target over its own working days (months, by working days);
//   last_year  the share last year's value of the same KPI had reached by the same day (given by the caller);
//   months     the target's own months (a budget sheet's, `periods:` of single months): the months gone by in
//              full plus the elapsed days of the current one, each month's target counted — the default of a
//              target made of its months' figures, since its months are the plan (trial F10).
// The to-date target is the whole period's target × share; the projection is value / share.
import { BusinessCalendar, type CalendarSpec } from '../calendar/business-time.js';
import { formatDay } from '../calendar/days.js';
import { clean, roundInexact } from '../util/exact.js';
import type { MonthPart } from './compare.js';
import { lengthInDays, targetMonthOf, type CalendarOptions, type Period } from '../periods/period.js';

export const PACES = ['linear', 'weights', 'workdays', 'last_year', 'months'] as const;
export type PaceMode = (typeof PACES)[number];

export interface Pace {
  /** The whole period being paced (the month of `mtd`, or the period itself). */
  whole: Period;
  /** The share of the whole period's plan reached by --as-of (as-of day included): 0 < share ≤ 1. */
  share: number;
  /** The shape the share follows. */
  by: PaceMode;
  /** How the share was found, for explain: `12 of 19 working days`. */
  why: string;
}

/** What a shape other than linear needs to hand. */
export interface PaceInputs {
  /** `weights:` as twelve month weights, January first. */
  monthWeights?: readonly number[];
  /** The project's working calendar. */
  calendar?: CalendarSpec;
  /** Last year's value of the KPI over the same elapsed days, and over the whole period a year earlier. */
  lastYear?: { toDate: number | null; whole: number | null };
  /** The months the whole period's target is the sum of (ResolvedTarget.months), for `months`. */
  months?: readonly MonthPart[];
  /** `fiscal_calendar:`: the weights weigh its fiscal months (P01 by the month after the year's end month). */
  retail?: CalendarOptions['retail'];
}

/** The running part of a period at --as-of: undefined for a finished or future period (no pacing). */
export function runningOf(period: Period, asOf: number): { whole: Period; through: number } | undefined {
  const whole = period.whole ?? period;
  if (!Number.isFinite(whole.start) || !Number.isFinite(whole.end)) return undefined;
  if (asOf < whole.start || asOf >= whole.end) return undefined;
  return { whole, through: Math.min(asOf, period.end) };
}

/**
 * The pace of a period that contains `asOf` and has not ended; undefined for a finished or future period. A shape
 * that cannot apply (no working day in the period, last year without data) says so in `why` and paces linearly:
 * a projection by another shape than asked would be a wrong number, so the result names the one used.
 */
export function paceOf(period: Period, asOf: number, mode: PaceMode = 'linear', inputs: PaceInputs = {}): Pace | undefined {
  const running = runningOf(period, asOf);
  if (!running) return undefined;
  const { whole, through } = running;
  const days = through - whole.start + 1;
  const linear = (why = ''): Pace => ({ whole, share: days / lengthInDays(whole), by: 'linear', why: `${days} of ${lengthInDays(whole)} days${why}` });
  switch (mode) {
    case 'linear':
      return linear();
    case 'workdays': {
      if (!inputs.calendar) return linear(' (pace: workdays needs business_hours: or holidays: in kpi.yaml)');
      const cal = new BusinessCalendar(inputs.calendar);
      const total = cal.workdays(whole.start, whole.end + 1);
      const done = cal.workdays(whole.start, through + 1);
      if (total === 0) return linear(' (the period has no working days)');
      // Before the first working day nothing of the plan is due: no share to project from, so linear.
      if (done === 0) return linear(` (no working day yet of ${total})`);
      // A target made of months keeps their amounts: each month's target spread over its own working days.
      if (inputs.months && inputs.months.length > 1) {
        const m = monthsDue(inputs.months, through, (from, to) => cal.workdays(from, to + 1), 'working days');
        if (m.total > 0 && m.done > 0 && m.done <= m.total) return { whole, share: m.done / m.total, by: 'workdays', why: `the target's months: ${m.why}` };
      }
      return { whole, share: done / total, by: 'workdays', why: `${done} of ${total} working days` };
    }
    case 'weights': {
      const w = inputs.monthWeights;
      if (!w) return linear(' (no weights:)');
      let total = 0;
      let done = 0;
      for (let day = whole.start; day <= whole.end; ) {
        const { month: m, weightIndex } = targetMonthOf(day, inputs.retail ? { weekStarts: 'monday', retail: inputs.retail } : undefined);
        const last = Math.min(m.end, whole.end);
        const weight = w[weightIndex] * ((last - day + 1) / lengthInDays(m));
        total += weight;
        if (through >= day) done += weight * ((Math.min(through, last) - day + 1) / (last - day + 1));
        day = last + 1;
      }
      if (!(total > 0) || !(done > 0)) return linear(' (the months so far have no weight)');
      return { whole, share: done / total, by: 'weights', why: `${clean(done)} of ${clean(total)} by month weights` };
    }
    case 'months': {
      const parts = inputs.months;
      if (!parts || parts.length === 0) return linear(' (the target is not made of month figures)');
      const { total, done, why } = monthsDue(parts, through);
      if (!(total > 0) || !(done > 0) || done > total) return linear(' (the months so far have no target)');
      return { whole, share: done / total, by: 'months', why };
    }
    case 'last_year': {
      const ly = inputs.lastYear;
      if (!ly || ly.toDate === null || ly.whole === null || !(ly.whole > 0) || !(ly.toDate > 0) || ly.toDate > ly.whole) {
        return linear(' (last year has no usable figure for the same days)');
      }
      return { whole, share: ly.toDate / ly.whole, by: 'last_year', why: `last year's ${clean(ly.toDate)} of ${clean(ly.whole)} by ${formatDay(through)} a year earlier` };
    }
  }
}

/** Projection of an additive value to the end of the period. */
export function project(value: number, pace: Pace): number | null {
  // An estimate, not an exact decimal: rounded once like every such figure (util/exact.ts).
  return roundInexact(value / pace.share);
}

/** The part of the whole period's target due by --as-of. */
export function targetToDate(target: number, pace: Pace): number {
  return roundInexact(target * pace.share);
}

/**
 * What a target made of months has due by `through`: each month's target counted in full once it is over, the
 * current month's by its elapsed days (as-of day included) of all its days; a month the period covers only in part
 * (a range, a retail year's first or last calendar month) by the days of it inside the period. `why` says it in the
 * month figures: `13500000 for 2026-01–2026-09 + 16/31 of 2026-10's 1500000`.
 */
export function monthsDue(
  parts: readonly MonthPart[],
  through: number,
  /** The units a month's target is spread over, from..to inclusive: its days (default) or its working days. */
  count: (from: number, to: number) => number = (from, to) => to - from + 1,
  unit = '',
): { total: number; done: number; why: string } {
  let total = 0;
  let done = 0;
  // The why in the months' order: a run of months counted in full is one term (`13500000 for 2026-01–2026-09`).
  const terms: string[] = [];
  let run: { sum: number; first: string; last: string } | undefined;
  const endRun = () => {
    if (run) terms.push(`${clean(run.sum)} for ${run.first === run.last ? run.first : `${run.first}–${run.last}`}`);
    run = undefined;
  };
  for (const p of parts) {
    // A month without a unit of its own (no working day in it) is spread over its days.
    const own = count(p.month.start, p.month.end);
    const units = own > 0 ? count : (from: number, to: number) => to - from + 1;
    const days = own > 0 ? own : lengthInDays(p.month);
    total += p.target * (units(p.from, p.to) / days);
    if (through < p.from) continue;
    const elapsed = units(p.from, Math.min(through, p.to));
    done += p.target * (elapsed / days);
    if (elapsed === days) {
      if (run) Object.assign(run, { sum: run.sum + p.target, last: p.month.id });
      else run = { sum: p.target, first: p.month.id, last: p.month.id };
    } else {
      endRun();
      terms.push(`${elapsed}/${days}${unit && own > 0 ? ` ${unit}` : ''} of ${p.month.id}'s ${clean(p.target)}`);
    }
  }
  endRun();
  return { total, done, why: terms.join(' + ') };
}

/** How a running period was paced, for explain: `paced by the target's months (…): 14274193.5483871 due by 2026-10-16`. */
export function pacedText(pace: Pace, mode: PaceMode, toDate: number | null, asOf: number): string {
  const by = pace.by === 'linear' ? 'linearly' : `by ${PACE_WORDS[pace.by]}`;
  return `paced ${by} (${pace.why})${mode !== pace.by ? `, not by ${mode}` : ''}${toDate !== null ? `: ${clean(toDate)} due by ${formatDay(asOf)}` : ''}`;
}

const PACE_WORDS: Record<Exclude<PaceMode, 'linear'>, string> = { weights: 'month weights', workdays: 'working days', last_year: "last year's shape", months: "the target's months" };
