// `kpi trend --format csv`: one tidy row per group and period, RFC 4180.
import { csvField as csvCell } from '../csv.js';
import type { ReportContext, TrendReport } from '../../report/model.js';
import type { TrendRenderer } from './index.js';

export const renderTrendCsv: TrendRenderer = (trend, context) => ({ chunks: trendCsvLines(trend, context) });

/** A row at a time (Rendered `chunks`). */
function* trendCsvLines(trend: TrendReport, context: ReportContext): Generator<string> {
  const head = ['kpi', ...context.by, 'period', 'start', 'end', 'value', 'target', 'variance', 'variance_pct', 'status', 'projected', 'pace'];
  yield `${head.map(csvCell).join(',')}\r\n`;
  for (const s of trend.series) {
    for (const p of s.points) {
      const cells: (string | number | boolean | null)[] = [trend.kpi, ...context.by.map((f) => s.group[f] ?? 'total'), p.period.id, p.period.start, p.period.end, p.value, p.target, p.variance, p.variance_pct, p.status, p.projected, p.pace];
      yield `${cells.map(csvCell).join(',')}\r\n`;
    }
  }
}
