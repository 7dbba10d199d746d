// Renderers of `kpi trend`, keyed by --format name like the report renderers.
import type { ReportContext } from '../../report/model.js';
import type { TrendReport } from '../../report/model.js';
import type { Rendered, RenderOptions } from '../types.js';

export type TrendRenderer = (trend: TrendReport, context: ReportContext, options: RenderOptions) => Rendered;

export const trendRenderers = {
  table: () => import('./chart.js').then((m) => m.renderTrendChart),
  json: () => import('./json.js').then((m) => m.renderTrendJson),
  csv: () => import('./csv.js').then((m) => m.renderTrendCsv),
} satisfies Record<string, () => Promise<TrendRenderer>>;

export type TrendFormat = keyof typeof trendRenderers;
export const TREND_FORMATS = Object.keys(trendRenderers) as TrendFormat[];
export const TREND_EXTENSIONS: Record<string, TrendFormat> = { '.json': 'json', '.csv': 'csv', '.txt': 'table' };
