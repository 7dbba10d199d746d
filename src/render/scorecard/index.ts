// Renderers of `kpi scorecard`, keyed by --format name like the report renderers.
import type { ReportContext, ScorecardReport } from '../../report/model.js';
import type { Rendered, RenderOptions } from '../types.js';

export type ScorecardRenderer = (scorecard: ScorecardReport, context: ReportContext, options: ScorecardRenderOptions) => Rendered | Promise<Rendered>;

export interface ScorecardRenderOptions extends RenderOptions {
  /** The terminal's width in columns (table): months that do not fit are left out, oldest first, and said. */
  width?: number;
}

export const scorecardRenderers = {
  table: () => import('./table.js').then((m) => m.renderScorecardTable),
  json: () => import('./json.js').then((m) => m.renderScorecardJson),
  csv: () => import('./csv.js').then((m) => m.renderScorecardCsv),
  md: () => import('./markdown.js').then((m) => m.renderScorecardMarkdown),
  html: () => import('./html.js').then((m) => m.renderScorecardHtml),
  xlsx: () => import('./xlsx.js').then((m) => m.renderScorecardXlsx),
} satisfies Record<string, () => Promise<ScorecardRenderer>>;

export type ScorecardFormat = keyof typeof scorecardRenderers;
export const SCORECARD_FORMATS = Object.keys(scorecardRenderers) as ScorecardFormat[];
export const SCORECARD_EXTENSIONS: Record<string, ScorecardFormat> = {
  '.json': 'json',
  '.csv': 'csv',
  '.txt': 'table',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.xlsx': 'xlsx',
};
