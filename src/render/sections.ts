// The report's layout (`report:` in kpi.yaml) applied to its results: which section each result is shown in, and
// which statuses the human formats leave out. Every format that shows sections groups its rows here, so they agree.
import type { ReportLayout, ResultRow } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { DEFAULT_FORMATTER, fill, type Formatter } from '../locale/format.js';
import { reportWords } from './report-words.js';
import { arrangeResults, isHidden, type SortKey } from './order.js';

export interface Section<R = ResultRow> {
  /** The heading; undefined when the report has no sections (one list, shown as without a layout). */
  name?: string;
  /** Each KPI's total followed by its groups, as in the report. */
  rows: R[];
}

/** What sections need of a row: its KPI and the status `hide:` judges (the scorecard's is its year to date's). */
type Placeable = Pick<ResultRow, 'kpi' | 'status'>;

export interface Sectioned<R = ResultRow> {
  sections: Section<R>[];
  /** The results `hide:` left out, per status, in status order of first appearance; empty when none. */
  hidden: { status: Status; count: number }[];
}

/**
 * The rows in their sections: the sections in the order written, each KPI in the order its section lists it (its
 * groups after it, as the report has them), then every KPI no section names under `layout.other` (`Other`): a KPI
 * left out of the layout is still shown, never lost. Sections left empty (no KPI computable, or all hidden) are
 * dropped. Without a layout: one unnamed section with every row, in the report's order — the output of before.
 * `sort` (render/order.ts) orders the KPIs within each section (`registry`: as the section lists them); a figure
 * flagged as maybe wrong is never hidden by `hide:`.
 */
export function sectionsOf<R extends Placeable>(rows: readonly R[], layout: ReportLayout | undefined, statusOf: (r: R) => Status = (r) => r.status, sort: SortKey = 'registry'): Sectioned<R> {
  // --sort within each section (render/order.ts); only a report's results have an order other than the layout's.
  const arrange = (xs: R[]): R[] => (sort === 'registry' ? xs : (arrangeResults(xs as unknown as ResultRow[], { sort }) as unknown as R[]));
  if (layout === undefined) return { sections: [{ rows: arrange([...rows]) }], hidden: [] };
  const hide = new Set(layout.hide);
  const hidden = new Map<Status, number>();
  const shown: R[] = [];
  for (const r of rows) {
    const status = statusOf(r);
    // A figure flagged as maybe wrong (unknown or unreadable values) is never hidden by its status.
    const flagged = 'unknown_values' in r && !isHidden(r as unknown as ResultRow, new Set([(r as unknown as ResultRow).status]));
    if (hide.has(status) && !flagged) hidden.set(status, (hidden.get(status) ?? 0) + 1);
    else shown.push(r);
  }
  const hiddenList = [...hidden].map(([status, count]) => ({ status, count }));
  if (layout.sections.length === 0) return { sections: [{ rows: arrange(shown) }], hidden: hiddenList };
  // Rows per KPI, in the report's order (the total first, then its groups).
  const byKpi = new Map<string, R[]>();
  for (const r of shown) {
    let list = byKpi.get(r.kpi);
    if (!list) byKpi.set(r.kpi, (list = []));
    list.push(r);
  }
  const placed = new Set<string>();
  const sections: Section<R>[] = [];
  for (const s of layout.sections) {
    const out: R[] = [];
    for (const id of s.kpis) {
      placed.add(id);
      for (const r of byKpi.get(id) ?? []) out.push(r);
    }
    if (out.length > 0) sections.push({ name: s.name, rows: arrange(out) });
  }
  const other = shown.filter((r) => !placed.has(r.kpi));
  if (other.length > 0) sections.push({ name: layout.other, rows: arrange(other) });
  return { sections, hidden: hiddenList };
}

/** The report's rows in layout order, without headings (the xlsx Report sheet, meeting formats' appendix). */
export const layoutRows = <R extends Placeable>(rows: readonly R[], layout: ReportLayout | undefined, sort?: SortKey): R[] => sectionsOf(rows, layout, undefined, sort).sections.flatMap((s) => s.rows);

/** The section name of each KPI id, for formats that show it as a column; empty without sections. */
export function sectionOfKpi(layout: ReportLayout | undefined, ids: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  if (!layout || layout.sections.length === 0) return out;
  for (const s of layout.sections) for (const id of s.kpis) out.set(id, s.name);
  for (const id of ids) if (!out.has(id)) out.set(id, layout.other);
  return out;
}

/**
 * `Not shown: 51 results without target (report: hide: in kpi.yaml; the summary counts them)`, or '' when nothing
 * was hidden: a result left out is always said. In the language of `f` (English without one).
 */
export function hiddenNote(hidden: Sectioned<unknown>['hidden'], f: Formatter = DEFAULT_FORMATTER): string {
  if (hidden.length === 0) return '';
  const w = reportWords(f);
  // The statuses' names as summaries say them; an error reads as a group of results here.
  const name = (status: Status) => (status === 'error' ? w.withError : f.statusName(status));
  const parts = hidden.map(({ status, count }) => fill(count === 1 ? w.resultOne : w.resultMany, { n: f.locale === undefined ? count.toLocaleString('en-US') : f.integer(count), status: name(status) }));
  return fill(w.hiddenByLayout, { parts: parts.join(', ') });
}
