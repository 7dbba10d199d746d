// What a source's data quality says in one line each: shared by the table and Markdown reports and the warnings on
// stderr, so a figure left short by unreadable values is never shown without the sentence that says so.
import type { Report } from '../report/model.js';
import { quoteValue, yamlKey } from '../util/text.js';
import type { EmptyValues } from '../model/data-quality.js';
import { DEFAULT_FORMATTER, fill, type Formatter } from '../locale/format.js';
import { countText, reasonAfter, reportWords } from './report-words.js';

type DataQuality = Report['data_quality'][number];

/**
 * One line per column with unreadable values: how many, the first (file, line, value, why), and which KPIs leave
 * those rows out (every other figure counts them); in the language of `f` (English without one: stderr's warnings).
 */
export function qualityLines(q: Pick<DataQuality, 'source' | 'bad_values'> & Partial<Pick<DataQuality, 'wide_rows' | 'short_rows'>>, f: Formatter = DEFAULT_FORMATTER): string[] {
  const w = reportWords(f);
  const lines: string[] = [];
  const wide = q.wide_rows;
  if (wide?.first) {
    const { file, line, fields, header } = wide.first;
    lines.push(fill(wide.count === 1 ? w.wideRowsOne : w.wideRowsMany, { source: q.source, n: countText(wide.count, f), at: `${file}:${line}`, fields, header }));
  }
  for (const b of q.bad_values ?? []) {
    const { file, line, value, reason } = b.first;
    // A database row has no line (0): it is located by table, column and value.
    const at = line ? `${file}:${line}` : file;
    const what = b.kpis.length ? b.kpis.join(', ') : b.aggregates.join(', ');
    if (b.empty_period) {
      lines.push(fill(b.count === 1 ? w.emptyPeriodOne : w.emptyPeriodMany, { source: q.source, n: countText(b.count, f), column: b.column, what, at }));
      continue;
    }
    const first = `${at} ${quoteValue(value)}${reasonAfter(reason, f)}`;
    const out = [what && fill(w.leftOutOf, { what }), b.groups && w.inNoGroup].filter(Boolean).join(w.and);
    lines.push(fill(b.count === 1 ? w.unreadableOne : w.unreadableMany, { source: q.source, n: countText(b.count, f), column: b.column, first, out: out ? fill(w.rowsAre, { what: out }) : '' }));
  }
  const short = q.short_rows;
  if (short?.first) {
    const { file, line, fields, header } = short.first;
    lines.push(fill(short.count === 1 ? w.shortRowsOne : w.shortRowsMany, { source: q.source, n: countText(short.count, f), at: `${file}:${line}`, fields, header }));
  }
  return lines;
}

/**
 * One line per number column with empty cells: how many, the first, what reads it, and what settles a figure that
 * combines it with other amounts of the same rows (README "Empty amounts").
 */
export function emptyValuesLine(source: string, e: EmptyValues): string {
  const at = e.first.line ? `${e.first.file}:${e.first.line}` : e.first.file;
  const cells = `${e.count} empty ${e.count === 1 ? 'cell' : 'cells'}`;
  if (e.read_as === 'zero') return `column '${e.column}' (${e.field}): ${cells} read as 0 (empty: zero; first: ${at})`;
  const what = e.kpis.length ? e.kpis.join(', ') : e.aggregates.join(', ');
  return `column '${e.column}' (${e.field}): ${cells} (first: ${at}), no value in ${what}; a figure combining it with other amounts of those rows is flagged (empty: { ${yamlKey(e.column)}: zero } under sources: ${source}: says an empty cell there is 0)`;
}
