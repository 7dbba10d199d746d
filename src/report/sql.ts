// `kpi sql [kpi…]`: the SQL a report (or, with --last, a trend) would send each database source, per source and
// engine, for the same windows and groups — planned from the sources' catalogs and samples, with no data query run.
import { Windows } from '../plan/windows.js';
import { comparePeriod, defaultPeriod, parsePeriod, periodJson, type Period } from '../periods/period.js';
import type { SourceSql } from '../engine/sql/engine.js';
import type { TrendGrain } from './model.js';
import { prepare, type ReportOptions } from './build-report.js';
import { trendPeriods } from './build-trend.js';

export interface SqlOptions extends ReportOptions {
  /** A trend's buckets instead of the report's period and comparison: this many periods of `grain`. */
  last?: number;
  grain?: TrendGrain;
}

export interface SqlPlan {
  version: 1;
  /** Each window the queries compute, in the order of their window numbers (`w` in the SQL). */
  windows: (ReturnType<typeof periodJson> & { why: string })[];
  by: string[];
  sources: SourceSql[];
  /** Sources read from files, by the streaming engine: no SQL. */
  files: { source: string; files: string[] }[];
}

export async function planSql(options: SqlOptions): Promise<SqlPlan> {
  const workspace = await prepare({ ...options, noTargets: true });
  const { project, plan, asOf, schemas } = workspace;
  const cal = { weekStarts: project.weekStarts };
  const windows = new Windows(cal);
  if (options.last !== undefined || options.grain !== undefined) {
    const { periods } = trendPeriods({ period: options.period, grain: options.grain, last: options.last ?? 12 }, workspace);
    windows.expand(plan, periods.map((p) => windows.add(p, 'trend')));
  } else {
    const period: Period = options.period === undefined ? defaultPeriod(asOf, cal) : parsePeriod(options.period, asOf, cal);
    const compare = comparePeriod(period, options.compare ?? 'prev', asOf, cal);
    windows.expand(plan, [windows.add(period, 'period'), ...(compare ? [windows.add(compare, 'compare')] : [])]);
  }
  const bounds = windows.periods.map((p) => ({ start: p.start, end: p.end }));
  const inDatabase = [...plan.sources.keys()].filter((name) => schemas.get(name)?.files[0]?.relation !== undefined);
  const { sqlOfPlan } = inDatabase.length ? await import('../engine/sql/engine.js') : { sqlOfPlan: () => [] as SourceSql[] };
  return {
    version: 1,
    windows: windows.periods.map((p, i) => ({ ...periodJson(p), why: windows.reasons[i] })),
    by: plan.by,
    sources: sqlOfPlan(plan, bounds, schemas),
    files: [...plan.sources.keys()].filter((name) => !inDatabase.includes(name)).map((name) => ({ source: name, files: schemas.get(name)!.files.map((f) => f.label) })),
  };
}
