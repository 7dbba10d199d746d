// The renderer registry: its keys are the --format names, so adding a format is one entry here.
import type { Renderer } from './types.js';

export const renderers = {
  table: () => import('./table.js').then((m) => m.renderTable),
  json: () => import('./json.js').then((m) => m.renderJson),
  csv: () => import('./csv.js').then((m) => m.renderCsv),
  md: () => import('./markdown.js').then((m) => m.renderMarkdown),
  xlsx: () => import('./xlsx.js').then((m) => m.renderXlsx),
  html: () => import('./html.js').then((m) => m.renderHtml),
  junit: () => import('./junit.js').then((m) => m.renderJunit),
  pptx: () => import('./pptx.js').then((m) => m.renderPptx),
  pdf: () => import('./pdf.js').then((m) => m.renderPdf),
} satisfies Record<string, () => Promise<Renderer>>;

export type Format = keyof typeof renderers;

/**
 * The formats that draw each KPI's recent periods (sparklines): the report computes ReportContext.series for them in
 * its pass. The others (json, csv, table, …) do not ask for it, so their cost stays the single period's.
 */
export const SERIES_FORMATS: ReadonlySet<string> = new Set(['html', 'pptx', 'pdf']);
export const FORMATS = Object.keys(renderers) as Format[];

/** Output file extensions → format, for `-o report.json`. */
export const EXTENSIONS: Record<string, Format> = {
  '.json': 'json',
  '.txt': 'table',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.xlsx': 'xlsx',
  '.html': 'html',
  '.htm': 'html',
  '.xml': 'junit',
  '.pptx': 'pptx',
  '.pdf': 'pdf',
};

export function isFormat(name: string): name is Format {
  return Object.hasOwn(renderers, name);
}
