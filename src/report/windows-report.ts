// What the reports of many periods from one pass share (`kpi trend`'s points, `kpi scorecard`'s cells): the
// context their renderers format with, and the figures of one period's result. One place, so a field added to a
// period's figures reaches both.
import { definitionsOf, type Workspace } from './build-report.js';
import type { ReportContext, ResultRow } from './model.js';
import type { LocaleId } from '../locale/locales.js';

/** A period's figures of a result: what a trend point and a scorecard cell hold, in this order (the json's). */
export interface PeriodFigures {
  value: number | null;
  target: number | null;
  variance: number | null;
  variance_pct: number | null;
  status: ResultRow['status'];
  projected: number | null;
  pace: boolean;
}

export const periodFigures = (r: ResultRow): PeriodFigures => ({
  value: r.value,
  target: r.target,
  variance: r.variance,
  variance_pct: r.variance_pct,
  status: r.status,
  projected: r.projected,
  pace: r.pace,
});

/**
 * The renderers' context of a many-period report: the project's currency, locale and display, the plan's --by and
 * definitions; `layout` (the sections of `report:`) for the scorecard, whose rows are KPIs.
 */
export function windowsContext(workspace: Workspace, locale: LocaleId | undefined, withLayout: boolean): ReportContext {
  const { project, plan } = workspace;
  return {
    currency: project.currency,
    targetHow: new Map(),
    by: plan.by,
    definitions: definitionsOf(plan),
    locale: locale ?? project.locale,
    display: project.display,
    ...(withLayout && workspace.layout ? { layout: workspace.layout } : {}),
  };
}
