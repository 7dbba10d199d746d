// The series behind a report's sparklines: the periods of the report's grain before its own, computed as extra
// windows of the report's one pass (so a sparkline costs no second read of the data).
import { previousPeriod, periodJson, type CalendarOptions, type Period } from '../periods/period.js';
import type { ResultRow, SeriesPoint } from './model.js';

/** How many periods a series holds (the report's own included), for the formats that draw sparklines. */
export const SERIES_PERIODS = 12;

/** Of each KPI's groups, how many get a series: the first in the report's order (the highest actual first). */
export const SERIES_GROUPS = 20;

/**
 * The `count` periods just before the report's, oldest first: previous months for a month, previous quarters for a
 * quarter, the same span before a range. A running period (mtd, qtd, ytd) is preceded by whole periods, so the points
 * before it are complete ones; `all` has none.
 */
export function periodsBefore(period: Period, count: number, cal: CalendarOptions): Period[] {
  const out: Period[] = [];
  let p: Period | undefined = period.whole ?? period;
  while (out.length < count) {
    p = previousPeriod(p, cal);
    if (p === undefined) break;
    out.unshift(p);
  }
  return out;
}

/** A result as one point of its series. */
export function seriesPoint(period: Period, r: ResultRow): SeriesPoint {
  return { period: periodJson(period), value: r.value, projected: r.projected, target: r.target, status: r.status };
}
