// `kpi trend`: one KPI over the last N periods, all computed in the same single pass over the data.
import { calendarOf } from '../config/project.js';
import { ConfigError } from '../errors.js';
import type { Plan } from '../plan/plan.js';
import { Windows } from '../plan/windows.js';
import { cumulativeWindow, defaultPeriod, parsePeriod, periodContaining, periodJson, previousPeriod, type Period } from '../periods/period.js';
import { formatDay } from '../calendar/days.js';
import { prepare, ResultBuilder, runPasses, type ReportOptions, type Workspace } from './build-report.js';
import { periodFigures, windowsContext } from './windows-report.js';
import type { DataQuality } from '../engine/run.js';
import type { ReportContext, TrendGrain, TrendPoint, TrendReport, TrendSeries } from './model.js';

export interface TrendOptions extends Omit<ReportOptions, 'kpis' | 'compare'> {
  kpi: string;
  last: number;
  grain?: TrendGrain;
  /** `--cumulative`: each point is the KPI from the start of its (fiscal) year to the bucket's end, as cumulative(kpi). */
  cumulative?: boolean;
}

export interface ComputedTrend {
  trend: TrendReport;
  context: ReportContext;
  workspace: Workspace;
}

export async function computeTrend(options: TrendOptions): Promise<ComputedTrend> {
  if (!Number.isInteger(options.last) || options.last < 1 || options.last > 520) {
    throw new ConfigError(`--last ${options.last}: give a whole number of periods from 1 to 520`, [], 'KPI_OPTION_VALUE');
  }
  const planOptions = { ...options, kpis: [options.kpi] };
  const workspace = await prepare(planOptions, true);
  const { project, plan } = workspace;
  const { periods: buckets, grain } = trendPeriods(options, workspace);
  const cal = calendarOf(project);
  // --cumulative: the windows are those cumulative(kpi) reads (so [prev] inside steps back a year to date), and
  // each point is judged as a plain range from the year's first day, against the target to date: the months'
  // targets summed (period overrides, `per:` and month `weights:` as for any range).
  const windows = options.cumulative ? buckets.map((b) => cumulativeWindow(b, cal)!) : buckets;
  const periods = options.cumulative ? windows.map((w) => parsePeriod(`${formatDay(w.start)}..${formatDay(w.end)}`, workspace.asOf, cal)) : buckets;

  const pass = await runPasses(workspace, windows, options.strict ?? false, options.onProgress, true);
  const context = windowsContext(workspace, options.locale, false);
  const builder = new ResultBuilder(workspace, pass.evaluator, context, pass.results);
  const id = options.kpi;
  const def = plan.kpis.get(id)!.def;
  const seriesOf = (group: Record<string, string>, key: string | undefined): TrendSeries => {
    let currency: string | undefined;
    const points = periods.map((p, i) => {
      const r = builder.result(id, p, pass.indices[i], undefined, group, key);
      currency ??= r.currency;
      return {
        // A cumulative point is named by its bucket, and runs from the year's first day.
        period: options.cumulative ? { ...periodJson(p), id: buckets[i].id } : periodJson(p),
        ...periodFigures(r),
        ...(r.status === 'error' && r.reason !== null ? { reason: r.reason } : {}),
      };
    });
    return { group, points, ...(currency === undefined ? {} : { currency }) };
  };
  const groups = builder.groupsOf(id, pass.results, pass.indices);
  const series = [seriesOf({}, undefined), ...groups.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, g]) => seriesOf(g, key))];
  return {
    trend: {
      version: 1,
      kpi: id,
      label: def.label,
      unit: def.unit,
      better: def.better,
      grain,
      ...(options.cumulative ? { cumulative: true as const } : {}),
      series,
      data_quality: [...pass.results.values()].map((r) => r.quality),
    },
    context,
    workspace,
  };
}

/** The buckets of a trend: `last` periods of the grain, ending with the one --period ends in. */
export function trendPeriods(options: Pick<TrendOptions, 'period' | 'grain' | 'last'>, workspace: Workspace): { periods: Period[]; grain: TrendGrain } {
  const { project, asOf } = workspace;
  const cal = calendarOf(project);
  const end = options.period === undefined ? defaultPeriod(asOf, cal) : parsePeriod(options.period, asOf, cal);
  const grain = options.grain ?? grainOf(end);
  // With a fiscal year, quarters, halves and years are fiscal ones (FY2026-Q1 …), as `ytd` is.
  // With a retail calendar (fiscal_calendar:) months and weeks are its too: FY2026-P03, FY2026-W10.
  const fiscal = end.fiscal === true || end.whole?.fiscal === true || cal.fiscalYearStart !== undefined || cal.retail !== undefined;
  const last: Period = end.grain === grain ? end : periodContaining(Math.min(end.end, asOf), grain, cal, fiscal);
  const periods: Period[] = [last];
  while (periods.length < options.last) periods.unshift(previousPeriod(periods[0], cal)!);
  return { periods, grain };
}

/** `kpi trend <kpi> --plan`: the plan of the trend and its windows (the buckets, and what `[prev]`/`[yoy]` reach). */
export async function trendPlan(options: TrendOptions): Promise<{ plan: Plan; windows: Windows }> {
  if (!Number.isInteger(options.last) || options.last < 1 || options.last > 520) {
    throw new ConfigError(`--last ${options.last}: give a whole number of periods from 1 to 520`, [], 'KPI_OPTION_VALUE');
  }
  const workspace = await prepare({ ...options, kpis: [options.kpi] });
  const { periods } = trendPeriods(options, workspace);
  const cal = calendarOf(workspace.project);
  const windows = new Windows(cal);
  windows.expand(workspace.plan, periods.map((p) => windows.add(options.cumulative ? cumulativeWindow(p, cal)! : p, 'trend')));
  return { plan: workspace.plan, windows };
}

function grainOf(p: Period): TrendGrain {
  switch (p.grain) {
    case 'week':
    case 'month':
    case 'quarter':
    case 'half':
    case 'year':
      return p.grain;
    case 'qtd':
      return 'quarter';
    case 'ytd':
      return 'year';
    default:
      return 'month';
  }
}
