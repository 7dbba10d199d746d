// The to-date target of a running period (issue 17 item 5: `target_to_date`, `pace_by` of a result) as the meeting
// formats show it: the part of the target due by --as-of, and which pace basis gave it (days, month weights,
// working days or last year's shape), in the report's language. The numbers are the report model's.
import type { ResultRow } from '../report/model.js';
import { DEFAULT_FORMATTER, fill, type Formatter } from '../locale/format.js';
import { reportWords } from './report-words.js';
import { NOTE_NAMES, paceNote } from './rows.js';

/** Whether any of these results has a to-date target (a running period's additive KPI with a target). */
export const hasToDate = (rows: readonly ResultRow[]): boolean => rows.some((r) => r.target_to_date != null);

/** `by working days`: the basis of a result's to-date target (linear when it says none). */
export const paceBasisText = (r: Pick<ResultRow, 'pace_by'>, f: Formatter = DEFAULT_FORMATTER): string => reportWords(f).paceBasis[r.pace_by ?? 'linear'];

/**
 * `Target to date: the part of the target due by 15.05.2026 — by working days: Revenue, Orders; by days: Calls.`,
 * naming every basis used (a KPI once, whatever its groups), the first NOTE_NAMES names of each; undefined when no
 * result has a to-date target.
 */
export function toDateNote(rows: readonly ResultRow[], f: Formatter = DEFAULT_FORMATTER, asOf?: string): string | undefined {
  const w = reportWords(f);
  const byBasis = new Map<string, { names: string[]; more: number }>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.target_to_date == null) continue;
    const basis = paceBasisText(r, f);
    let entry = byBasis.get(basis);
    if (!entry) byBasis.set(basis, (entry = { names: [], more: 0 }));
    if (seen.has(`${basis}|${r.kpi}`)) continue;
    seen.add(`${basis}|${r.kpi}`);
    if (entry.names.length < NOTE_NAMES) entry.names.push(f.label(r.kpi, r.label));
    else entry.more++;
  }
  if (byBasis.size === 0) return undefined;
  const list = [...byBasis].map(([basis, { names, more }]) => `${basis}: ${names.join(', ')}${more > 0 ? ` (+${f.integer(more)})` : ''}`).join('; ');
  return fill(w.targetToDateNote, { date: asOf ? f.date(asOf) : '--as-of', list });
}

/**
 * The pace notes of the formats with room for prose: what a paced status means, then the to-date targets' bases
 * (toDateNote, which names every basis); without a to-date target, render/rows.ts's paceNote (the KPIs paced by
 * another shape than the days). Empty when nothing is paced.
 */
export function paceNotes(rows: readonly ResultRow[], f: Formatter = DEFAULT_FORMATTER, asOf?: string): string[] {
  if (!rows.some((r) => r.pace)) return [];
  const toDate = toDateNote(rows, f, asOf);
  if (toDate === undefined) return [paceNote(rows, f) ?? ''].filter(Boolean);
  return [`${f.msg.text.pace}: ${f.msg.text.paceNote}`, toDate];
}
