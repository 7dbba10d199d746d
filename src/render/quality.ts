// What a source's data quality says in one line each: shared by the table and Markdown reports and the warnings on
// stderr, so a figure left short by unreadable values is never shown without the sentence that says so.
import type { Report } from '../report/model.js';
import { quoteValue } from '../util/text.js';

type DataQuality = Report['data_quality'][number];

/**
 * One line per column with unreadable values: how many, the first (file, line, value, why), and which KPIs leave
 * those rows out (every other figure counts them).
 */
export function qualityLines(q: Pick<DataQuality, 'source' | 'bad_values'> & Partial<Pick<DataQuality, 'wide_rows' | 'short_rows'>>): string[] {
  const lines: string[] = [];
  const wide = q.wide_rows;
  if (wide?.first) {
    const { file, line, fields, header } = wide.first;
    const many = wide.count === 1 ? '1 row is' : `${wide.count} rows are`;
    lines.push(`${q.source}: ${many} wider than the header and left out of every figure (first: ${file}:${line}, ${fields} fields for the header's ${header}; kpi validate says why)`);
  }
  for (const b of q.bad_values ?? []) {
    const { file, line, value, reason } = b.first;
    if (b.empty_period) {
      const what = b.kpis.length ? b.kpis.join(', ') : b.aggregates.join(', ');
      const many = b.count === 1 ? '1 row has' : `${b.count} rows have`;
      lines.push(`${q.source}: ${many} an empty '${b.column}' yet ${b.count === 1 ? 'counts' : 'count'} in ${what} (first: ${line ? `${file}:${line}` : file}); it may belong to any period, so those figures are in doubt in every period: fill in the date in the export`);
      continue;
    }
    // A database row has no line (0): it is located by table, column and value.
    const first = `${line ? `${file}:${line}` : file} ${quoteValue(value)}${reason.startsWith('not ') ? ' is ' : ': '}${reason}`;
    const what = b.kpis.length ? b.kpis.join(', ') : b.aggregates.join(', ');
    const out = [what && `left out of ${what}`, b.groups && 'in no --by group'].filter(Boolean).join(' and ');
    lines.push(`${q.source}: ${b.count} unreadable value${b.count === 1 ? '' : 's'} in column '${b.column}' (first: ${first})${out ? `; those rows are ${out}` : ''}`);
  }
  const short = q.short_rows;
  if (short?.first) {
    const { file, line, fields, header } = short.first;
    const many = short.count === 1 ? '1 row has' : `${short.count} rows have`;
    lines.push(`${q.source}: ${many} fewer fields than the header; the missing cells read as empty (first: ${file}:${line} has ${fields} of ${header})`);
  }
  return lines;
}
