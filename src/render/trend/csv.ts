// `kpi trend --format csv`: one tidy row per group and period, RFC 4180.
import { csvField as csvCell } from '../csv.js';
import type { TrendRenderer } from './index.js';

export const renderTrendCsv: TrendRenderer = (trend, context) => {
  const head = ['kpi', ...context.by, 'period', 'start', 'end', 'value', 'target', 'variance', 'variance_pct', 'status', 'projected', 'pace'];
  const lines = [head.map(csvCell).join(',')];
  for (const s of trend.series) {
    for (const p of s.points) {
      const cells: (string | number | boolean | null)[] = [trend.kpi, ...context.by.map((f) => s.group[f] ?? 'total'), p.period.id, p.period.start, p.period.end, p.value, p.target, p.variance, p.variance_pct, p.status, p.projected, p.pace];
      lines.push(cells.map(csvCell).join(','));
    }
  }
  return { text: `${lines.join('\r\n')}\r\n` };
};
