// `kpi scorecard`: KPIs in rows, the months of the (fiscal) year in columns, then year to date, last year's year to date, the
// full-year target and what remains to it. Every column is a period of its own, all computed in one pass over the
// data (runPasses with every window, as build-trend.ts does for one KPI), each cell the result `kpi report` gives
// for that period.
import { ConfigError } from '../errors.js';
import { defaultPeriod, parsePeriod, periodContaining, periodJson, previousPeriod, yearAgo, type CalendarOptions, type Period } from '../periods/period.js';
import { calendarOf } from '../config/project.js';
import { formatDay } from '../calendar/days.js';
import { difference } from '../util/exact.js';
import { STATUSES, type Status } from '../model/vocabulary.js';
import { prepare, ResultBuilder, runPasses, sortGroups, type ReportOptions, type Workspace } from './build-report.js';
import type { ReportContext, ResultRow, ScorecardCell, ScorecardReport, ScorecardRow } from './model.js';
import { periodFigures, windowsContext } from './windows-report.js';

export interface ScorecardOptions extends Omit<ReportOptions, 'compare' | 'series'> {
  /** The last N months ending with the scorecard's month, instead of the months of its year so far. */
  last?: number;
}

export interface ComputedScorecard {
  scorecard: ScorecardReport;
  context: ReportContext;
  workspace: Workspace;
}

/** The periods of a scorecard: its month columns, year to date, the same span a year earlier, the whole year. */
export interface ScorecardPeriods {
  months: Period[];
  ytd: Period;
  lastYearYtd: Period;
  year: Period;
}

/**
 * Which periods a scorecard shows. It runs through one month, E: `--period 2026-10`, or the last month of
 * `--period 2026` (December, or the last complete month of a year still running), or by default the last complete
 * month before --as-of, as `kpi report` chooses. The columns are the first month of E's year to E (or the
 * `--last N` months ending with E). The year is the fiscal year when kpi.yaml sets `fiscal_year_start:` (July to
 * June: the columns run from July, year to date is fiscal, the full-year target is the fiscal year's), else the
 * calendar year. Year to date is the year's first day to the end of E (`2026-01-01..2026-10-31`, the year itself
 * when E is its last month; `ytd` itself, judged on pace, when E is the running month); last year's is the same
 * span a year earlier.
 */
export function scorecardPeriods(options: Pick<ScorecardOptions, 'period' | 'last'>, asOf: number, cal: CalendarOptions): ScorecardPeriods {
  let end: Period;
  // With a retail calendar the columns are its fiscal months (FY2026-P01 …), of 4 or 5 weeks.
  const retail = cal.retail !== undefined;
  if (options.period === undefined) end = defaultPeriod(asOf, cal);
  else {
    const p = parsePeriod(options.period, asOf, cal);
    if (retail && p.fiscal !== true && (p.grain === 'month' || p.grain === 'year')) {
      throw new ConfigError(
        `--period ${options.period}: with fiscal_calendar: in kpi.yaml the scorecard's columns are fiscal months; give a fiscal month (${defaultPeriod(asOf, cal).id}) or a fiscal year (${periodContaining(asOf, 'year', cal, true).id})`,
        [],
        'KPI_PERIOD',
      );
    }
    if (p.grain === 'month') end = p;
    else if (p.grain === 'year') end = p.end < asOf ? periodContaining(p.end, 'month', cal, retail) : p.start < asOf ? defaultPeriodWithin(p, asOf, cal) : periodContaining(p.start, 'month', cal, retail);
    else if (retail) {
      throw new ConfigError(
        `--period ${options.period}: a scorecard runs through a month or covers a year; give a fiscal month (${defaultPeriod(asOf, cal).id}: the fiscal year's first month to it) or a fiscal year (${periodContaining(asOf, 'year', cal, true).id})`,
        [],
        'KPI_PERIOD',
      );
    } else {
      const fiscal = fiscalFrom(cal);
      throw new ConfigError(
        `--period ${options.period}: a scorecard runs through a month or covers a year; give a month (2026-10: ${fiscal === undefined ? 'January' : MONTHS[fiscal - 1]} to October) or a year (${fiscal === undefined ? '2026' : 'FY2027'})`,
        [],
        'KPI_PERIOD',
      );
    }
  }
  const year = periodContaining(end.start, 'year', cal, fiscalFrom(cal) !== undefined || retail);
  const running = end.end >= asOf && end.start <= asOf;
  const ytd = running ? parsePeriod('ytd', asOf, cal) : end.end === year.end ? year : parsePeriod(`${formatDay(year.start)}..${formatDay(end.end)}`, asOf, cal);
  const months: Period[] = [end];
  const first = options.last === undefined ? year.start : -Infinity;
  while ((options.last === undefined && months[0].start > first) || (options.last !== undefined && months.length < options.last)) months.unshift(previousPeriod(months[0], cal)!);
  return { months, ytd, lastYearYtd: yearAgo(ytd, cal)!, year };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The month a fiscal year starts in, when it is not January. */
const fiscalFrom = (cal: CalendarOptions): number | undefined => (cal.fiscalYearStart !== undefined && cal.fiscalYearStart !== 1 ? cal.fiscalYearStart : undefined);

/** The last complete month of a running year, or its first month when none is complete yet. */
function defaultPeriodWithin(year: Period, asOf: number, cal: CalendarOptions): Period {
  const last = defaultPeriod(asOf, cal);
  return last.start >= year.start ? last : periodContaining(year.start, 'month', cal, cal.retail !== undefined);
}

export async function computeScorecard(options: ScorecardOptions): Promise<ComputedScorecard> {
  if (options.last !== undefined && (!Number.isInteger(options.last) || options.last < 1 || options.last > 120)) {
    throw new ConfigError(`--last ${options.last}: give a whole number of months from 1 to 120`, [], 'KPI_OPTION_VALUE');
  }
  const workspace = await prepare(options, true);
  const { project, plan, asOf } = workspace;
  const periods = scorecardPeriods(options, asOf, calendarOf(project));
  const { months, ytd, lastYearYtd, year } = periods;
  // One pass: every month, year to date, last year's, and the whole year (for its target).
  const all = [...months, ytd, lastYearYtd, year];
  const pass = await runPasses(workspace, all, options.strict ?? false, options.onProgress, true);
  const w = pass.indices;
  const [yw, lw, fw] = w.slice(months.length);

  const context = windowsContext(workspace, options.locale, true);
  // The year to date's results say how their targets were resolved (the Definitions sheet); the other columns are
  // built apart so their "how" does not overwrite it.
  const builder = new ResultBuilder(workspace, pass.evaluator, context, pass.results);
  const others = new ResultBuilder(workspace, pass.evaluator, { ...context, targetHow: new Map() }, pass.results);
  const rowOf = (id: string, group: Record<string, string>, key: string | undefined): ScorecardRow => {
    const ytdResult = builder.result(id, ytd, yw, undefined, group, key);
    const lastYear = others.result(id, lastYearYtd, lw, undefined, group, key);
    const fullYear = others.result(id, year, fw, undefined, group, key);
    const target = fullYear.target;
    const remaining = target === null || ytdResult.value === null ? null : difference(target, ytdResult.value);
    return {
      kpi: id,
      label: ytdResult.label,
      unit: ytdResult.unit,
      better: ytdResult.better,
      group,
      months: months.map((p, i) => cellOf(others.result(id, p, w[i], undefined, group, key))),
      ytd: cellOf(ytdResult),
      last_year_ytd: cellOf(lastYear),
      full_year_target: target,
      remaining,
      ...(ytdResult.currency === undefined ? {} : { currency: ytdResult.currency }),
    };
  };
  const rows: ScorecardRow[] = [];
  for (const id of plan.order) {
    rows.push(rowOf(id, {}, undefined));
    const groups = builder.groupsOf(id, pass.results, w);
    // The groups in the order the year-to-date report gives them (biggest first).
    const ytdRows = new Map<ResultRow, [string, Record<string, string>]>(groups.map(([key, g]) => [others.result(id, ytd, yw, undefined, g, key), [key, g]]));
    for (const r of sortGroups([...ytdRows.keys()])) {
      const [key, g] = ytdRows.get(r)!;
      rows.push(rowOf(id, g, key));
    }
  }
  // A KPI the targets file sets a target for, but which cannot be computed here, is a row too: never left out.
  if (!options.kpis?.length) {
    for (const [id, why] of plan.unavailable) {
      if (!workspace.targets?.entries.has(id)) continue;
      const ytdResult = builder.unavailable(id, why, ytd);
      rows.push({
        kpi: id,
        label: ytdResult.label,
        unit: ytdResult.unit,
        better: ytdResult.better,
        group: {},
        months: months.map((p) => cellOf(others.unavailable(id, why, p))),
        ytd: cellOf(ytdResult),
        last_year_ytd: cellOf(others.unavailable(id, why, lastYearYtd)),
        full_year_target: others.unavailable(id, why, year).target,
        remaining: null,
      });
    }
  }
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of rows) summary[r.ytd.status]++;
  return {
    scorecard: {
      version: 1,
      months: months.map(periodJson),
      ytd: periodJson(ytd),
      last_year_ytd: periodJson(lastYearYtd),
      full_year: periodJson(year),
      rows,
      summary,
      data_quality: [...pass.results.values()].map((r) => r.quality),
    },
    context,
    workspace,
  };
}

/** A cell: the result of its period, as `kpi report --period <it>` gives it (without the comparison). */
function cellOf(r: ResultRow): ScorecardCell {
  return {
    ...periodFigures(r),
    unknown_values: r.unknown_values,
    bad_values: r.bad_values,
    reason: r.reason,
  };
}
