// `kpi scorecard --format csv`: one tidy row per cell (KPI × column), raw numbers, for a spreadsheet or a script.
import type { ScorecardCell, ScorecardReport, ScorecardRow, ReportContext } from '../../report/model.js';
import { csvField } from '../csv.js';
import type { ScorecardRenderer } from './index.js';

const HEAD = ['kpi', 'label', 'unit', 'better'];
const TAIL = ['column', 'period', 'start', 'end', 'value', 'target', 'variance', 'variance_pct', 'status', 'projected', 'pace', 'unknown_values', 'bad_values', 'reason', 'remaining'];

/**
 * `column` says which: `month` (one row per month), `ytd`, `last_year_ytd`, then `full_year`, whose `target` is the
 * full-year target and `remaining` the full-year target − YTD (empty on the other rows).
 */
export const renderScorecardCsv: ScorecardRenderer = (scorecard, context) => ({ chunks: csvLines(scorecard, context) });

function* csvLines(scorecard: ScorecardReport, context: ReportContext): Generator<string> {
  const fixed = new Set([...HEAD, ...TAIL]);
  const byColumns = context.by.map((f) => (fixed.has(f) ? `by_${f}` : f));
  yield `${[...HEAD, ...byColumns, ...TAIL].map(csvField).join(',')}\r\n`;
  for (const r of scorecard.rows) {
    const lead = [r.kpi, r.label, r.unit, r.better, ...context.by.map((f) => r.group[f] ?? null)];
    const line = (column: string, p: { id: string; start: string | null; end: string | null }, c: ScorecardCell) =>
      `${[...lead, column, p.id, p.start, p.end, c.value, c.target, c.variance, c.variance_pct, c.status, c.projected, c.pace, c.unknown_values, c.bad_values?.count ?? 0, c.reason, null].map(csvField).join(',')}\r\n`;
    for (const [i, m] of scorecard.months.entries()) yield line('month', m, r.months[i]);
    yield line('ytd', scorecard.ytd, r.ytd);
    yield line('last_year_ytd', scorecard.last_year_ytd, r.last_year_ytd);
    yield fullYear(lead, scorecard, r);
  }
}

function fullYear(lead: (string | null)[], scorecard: ScorecardReport, r: ScorecardRow): string {
  const p = scorecard.full_year;
  return `${[...lead, 'full_year', p.id, p.start, p.end, null, r.full_year_target, null, null, null, null, null, null, null, null, r.remaining].map(csvField).join(',')}\r\n`;
}
