// What a source's data quality says in one line each: shared by the table and Markdown reports and the warnings on
// stderr, so a figure left short by unreadable values is never shown without the sentence that says so.
import type { Report } from '../report/model.js';
import { quoteValue } from '../util/text.js';

type DataQuality = Report['data_quality'][number];

/**
 * One line per column with unreadable values: how many, the first (file, line, value, why), and which KPIs leave
 * those rows out (every other figure counts them).
 */
export function qualityLines(q: Pick<DataQuality, 'source' | 'bad_values'>): string[] {
  const lines: string[] = [];
  for (const b of q.bad_values ?? []) {
    const { file, line, value, reason } = b.first;
    const first = `${file}:${line} ${quoteValue(value)}${reason.startsWith('not ') ? ' is ' : ': '}${reason}`;
    const what = b.kpis.length ? b.kpis.join(', ') : b.aggregates.join(', ');
    const out = [what && `left out of ${what}`, b.groups && 'in no --by group'].filter(Boolean).join(' and ');
    lines.push(`${q.source}: ${b.count} unreadable value${b.count === 1 ? '' : 's'} in column '${b.column}' (first: ${first})${out ? `; those rows are ${out}` : ''}`);
  }
  return lines;
}
