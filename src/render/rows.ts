// Layout helpers shared by the file renderers (csv, md, xlsx, html, junit): which rows to show and how to name them.
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { STATUSES, type Status } from '../model/vocabulary.js';
import type { RenderOptions } from './types.js';
import { quoteValue, yamlKey } from '../util/text.js';
import { DEFAULT_FORMATTER, fill, formatterFor, type Formatter } from '../locale/format.js';
import { countText, reasonAfter, reportWords, rowsText } from './report-words.js';
import { arrangeResults, failsOnBadValues, hiddenCounts } from './order.js';

/** The statuses `kpi check` reports: a Record so a new status forces a decision here. */
export const IS_PROBLEM: Record<Status, boolean> = {
  met: false,
  at_risk: true,
  missed: true,
  early: false,
  no_target: false,
  no_data: false,
  incomplete: true,
  error: true,
};

/** Short human names of the statuses, for summaries and headings. */
export const STATUS_NAME: Record<Status, string> = {
  met: 'met',
  at_risk: 'at risk',
  missed: 'missed',
  early: 'early',
  no_target: 'without target',
  no_data: 'without data',
  incomplete: 'incomplete',
  error: 'error',
};

/** Statuses the summaries show only when a result has them (so reports without them read as before). */
export const OPTIONAL_STATUSES: ReadonlySet<Status> = new Set(['early', 'incomplete', 'error']);

/**
 * The results a renderer shows, in the order to show them (render/order.ts: `sort`, `hide`): all of them, or for
 * `kpi check` only what is at risk or missed, or flagged.
 */
export function visibleResults(report: Report, options: Pick<RenderOptions, 'onlyProblems' | 'sort' | 'hide'>): ResultRow[] {
  const rows = options.onlyProblems ? report.results.filter((r) => IS_PROBLEM[r.status] || r.unknown_values > 0 || failsOnBadValues(r)) : report.results;
  return arrangeResults(rows, options);
}

/**
 * `51 without target not shown (--hide no-target)`, when `hide` left results out; empty otherwise. In the language
 * of `f` (English without one).
 */
export function hiddenByOption(report: Report, options: Pick<RenderOptions, 'onlyProblems' | 'hide'>, f: Formatter = DEFAULT_FORMATTER): string {
  const rows = options.onlyProblems ? report.results.filter((r) => IS_PROBLEM[r.status] || r.unknown_values > 0 || failsOnBadValues(r)) : report.results;
  const counts = hiddenCounts(rows, options.hide);
  if (counts.size === 0) return '';
  const parts = [...counts].map(([s, n]) => `${f.locale === undefined ? n.toLocaleString('en-US') : f.integer(n)} ${f.statusName(s)}`);
  return fill(reportWords(f).hiddenByOption, { parts: parts.join(' · '), words: [...counts.keys()].map((s) => s.replace(/_/g, '-')).join(',') });
}

export { failsOnBadValues };

/**
 * `left out 3 values it could not read (first: sales.csv:12, column 'Amount', "12,50,0")`, for a result with bad
 * values; a row wider than the header is named as such. In the language of `f` (English without one).
 */
export function badValuesText(bad: NonNullable<ResultRow['bad_values']>, reason?: string, f: Formatter = DEFAULT_FORMATTER): string {
  const w = reportWords(f);
  const { file, line, column, value } = bad.first;
  const why = reason === undefined ? '' : reasonAfter(reason, f);
  // An empty value is never unreadable: it is the period field of a row the figure would count (doubts.ts). A
  // database row has no line (0): it is located by table, column and value.
  const at = line ? `${file}:${line}` : file;
  if (bad.empty) return fill(bad.count === 1 ? w.emptyMixedOne : w.emptyMixed, { n: countText(bad.count, f), column, at, key: yamlKey(column) });
  const first = column === '' ? fill(w.badWideRow, { at }) : value === '' ? fill(w.badEmptyPeriod, { at, column }) : fill(w.badAt, { at, column, value: quoteValue(value), why });
  // Rows with no period date are not values kpi could not read: said as what they are (and both, counted apart).
  const rows = bad.no_period ?? 0;
  if (rows >= bad.count) return fill(bad.count === 1 ? w.badNoPeriodOne : w.badNoPeriod, { n: countText(bad.count, f), first });
  if (rows > 0) return fill(w.badBoth, { n: countText(bad.count, f), values: countText(bad.count - rows, f), rows: countText(rows, f), first });
  return fill(bad.count === 1 ? w.badValuesOne : w.badValues, { n: countText(bad.count, f), first });
}

/** What to do about them, after badValuesText. */
export const BAD_VALUES_FIX = 'kpi check fails on them: correct the export, or accept them with allow_bad_values: under the source in kpi.yaml (or --allow-bad-values)';

/** Marks a figure read from columns with values kpi does not know (ResultRow.unknown_values). */
export const UNKNOWN_MARK = '⚠';

/** `1,234.00 NOK ⚠` for a flagged result (unknown values, or bad values not accepted), the plain figure otherwise. */
export const markUnknown = (shown: string, r: ResultRow): string => (r.unknown_values > 0 || failsOnBadValues(r) ? `${shown} ${UNKNOWN_MARK}` : shown);

/**
 * The note under a report with flagged results: `⚠ read from values kpi does not know: deals 'Status' (3 rows);
 * map them under values: in kpi.yaml or ignore them (kpi validate lists them)`. Empty when nothing is flagged. In
 * the language of `f` (English without one).
 */
export function unknownNote(report: Report, f: Formatter = DEFAULT_FORMATTER): string {
  if (!report.results.some((r) => r.unknown_values > 0)) return '';
  const columns: string[] = [];
  for (const q of report.data_quality) {
    const counts = new Map<string, number>();
    for (const u of q.unknown_values ?? []) counts.set(u.column, (counts.get(u.column) ?? 0) + u.count);
    for (const [column, n] of counts) columns.push(`${q.source} '${column}' (${rowsText(n, f)})`);
  }
  return fill(reportWords(f).unknownNote, { columns: columns.join(', ') });
}

export const isGroupRow = (r: ResultRow): boolean => Object.keys(r.group).length > 0;

/**
 * How the group of rows with an empty grouping cell (value '') is shown: `(blank)` in English and in the formats for
 * machines that name it (junit, GitHub annotations: scripts match it), the locale's word (`(tom)`) in the formats
 * people read. JSON and CSV carry `""`.
 */
export const BLANK_GROUP = DEFAULT_FORMATTER.msg.text.blank;

/** A group value as people read it: the empty group as `(blank)`, in the language of `f` (`(tom)`). */
export const shownGroup = (value: string, f: Formatter = DEFAULT_FORMATTER): string => f.groupValue(value);

/** The --by fields as a column head: `rep / channel`, in the language of `f` (`selger / kanal`). */
export const byHead = (by: readonly string[], f: Formatter = DEFAULT_FORMATTER): string => by.map((b) => f.field(b)).join(' / ');

/** A group's dimension values in `by` order (`Ann / Web`), or `total` for the ungrouped result (in the locale). */
export function groupText(r: ResultRow, by: readonly string[], f: Formatter = DEFAULT_FORMATTER): string {
  if (!isGroupRow(r)) return f.msg.text.total;
  const keys = by.length > 0 ? by : Object.keys(r.group);
  return keys.map((k) => shownGroup(r.group[k] ?? '', f)).join(' / ');
}

/**
/**
 * `KPI report 2026-10 (2026-10-01 – 2026-10-31), compared with 2026-09`, as the table prints it; with `report:`'s
 * title and company, `Nordlys Sykkel AS — Monthly report 2026-10 (…)`; in a locale (context.locale)
 * `KPI-rapport 2026-10 (01.10.2026 – 31.10.2026), sammenlignet med 2026-09`.
 */
export function reportTitle(report: Report, context?: Pick<ReportContext, 'layout' | 'locale' | 'display'>): string {
  const f = formatterFor(context);
  const p = report.period;
  const range = p.start ? f.t('text', 'range', { start: f.date(p.start), end: f.date(p.end ?? '') }) : '';
  const compare = report.compare ? f.t('text', 'comparedWith', { id: report.compare.id }) : '';
  return `${reportName(context)} ${p.id}${range}${compare}`;
}

/** `Nordlys Sykkel AS — Monthly report` from `report:` (title, company), else `KPI report` (in the locale). */
export function reportName(context?: Pick<ReportContext, 'layout' | 'locale' | 'display'>): string {
  const layout = context?.layout;
  return `${layout?.company ? `${layout.company} — ` : ''}${layout?.title ?? formatterFor(context).msg.text.reportName}`;
}

/** The summary's parts in status order, `early`, `incomplete`, `error` only when there are any: `[met, '6 met'], …`. */
export function summaryParts(summary: Record<Status, number>, f: Formatter = DEFAULT_FORMATTER): [Status, string][] {
  return STATUSES.filter((s) => !OPTIONAL_STATUSES.has(s) || summary[s] > 0).map((s) => [s, `${summary[s]} ${f.statusName(s)}`]);
}

/**
 * The pace note of the formats with room for prose: what a paced status means, then the KPIs whose pace follows
 * another shape than the days (`pace:` of their target): `…; paced by working days: Revenue, Orders.`
 */
export function paceNote(rows: readonly ResultRow[], f: Formatter = DEFAULT_FORMATTER): string | undefined {
  if (!rows.some((r) => r.pace)) return undefined;
  const shapes = new Map<'weights' | 'workdays' | 'last_year' | 'months', string[]>();
  for (const r of rows) {
    if (!r.pace || r.pace_by === undefined || r.pace_by === 'linear') continue;
    const names = shapes.get(r.pace_by) ?? [];
    const label = f.label(r.kpi, r.label);
    if (!names.includes(label)) names.push(label);
    shapes.set(r.pace_by, names);
  }
  const shaped = [...shapes].map(([mode, names]) => `${f.msg.text.pacedBy[mode]}: ${names.join(', ')}`);
  return `${f.msg.text.pace}: ${f.msg.text.paceNote}${shaped.length > 0 ? ` ${shaped.map((t) => t.charAt(0).toUpperCase() + t.slice(1)).join('. ')}.` : ''}`;
}

/**
 * Why results are `incomplete` or `error`, one line per reason with the results it concerns (`incomplete: sales: the
 * data ends on 2026-10-20, … — Revenue, Orders`): the formats with room for prose print them under the table.
 */
export function statusNotes(rows: readonly ResultRow[], by: readonly string[], f: Formatter = DEFAULT_FORMATTER): string[] {
  const name = (r: ResultRow) => `${f.label(r.kpi, r.label)}${isGroupRow(r) ? ` (${groupText(r, by, f)})` : ''}`;
  const byReason = new Map<string, { names: string[]; count: number }>();
  for (const r of rows) {
    // A figure that left out values it could not read: said with the first, whatever its status.
    if (r.bad_values && failsOnBadValues(r)) {
      const key = `${UNKNOWN_MARK} ${r.bad_values.first.source}: ${badValuesText(r.bad_values, undefined, f)}; ${reportWords(f).badValuesFix}`;
      let entry = byReason.get(key);
      if (!entry) byReason.set(key, (entry = { names: [], count: 0 }));
      if (entry.count++ < NOTE_NAMES) entry.names.push(name(r));
    }
    // A figure that counts rows in doubt (rows two files share, a subtotal-like row read as data): said, with why.
    if (r.doubtful_rows && failsOnBadValues(r)) {
      const key = `${UNKNOWN_MARK} ${r.doubtful_rows.reason}`;
      let entry = byReason.get(key);
      if (!entry) byReason.set(key, (entry = { names: [], count: 0 }));
      if (entry.count++ < NOTE_NAMES) entry.names.push(name(r));
    }
    // A previous figure withheld (or kept by --allow-incomplete) from a comparison the data does not cover.
    if (r.previous_reason !== undefined) {
      let entry = byReason.get(r.previous_reason);
      if (!entry) byReason.set(r.previous_reason, (entry = { names: [], count: 0 }));
      if (entry.count++ < NOTE_NAMES) entry.names.push(name(r));
    }
    // A total with no data says why too (--by currency: no total across currencies).
    if (r.reason === null || (r.status !== 'incomplete' && r.status !== 'error' && r.status !== 'no_data')) continue;
    const key = `${f.statusName(r.status)}: ${f.reason(r.reason)}`;
    let entry = byReason.get(key);
    if (!entry) byReason.set(key, (entry = { names: [], count: 0 }));
    // A million incomplete groups would make one line of a million names: the first few, then how many more.
    if (entry.count++ < NOTE_NAMES) entry.names.push(name(r));
  }
  return [...byReason].map(([key, { names, count }]) => {
    const more = count - names.length;
    return `${key} — ${names.join(', ')}${more > 0 ? fill(reportWords(f).andMore, { n: f.integer(more) }) : ''}`;
  });
}

/** How many results a status note names before it says how many more it concerns. */
export const NOTE_NAMES = 10;

/** `6 met · 1 at risk · 5 missed · 8 without target · 0 without data`. */
export const summaryText = (summary: Record<Status, number>, f: Formatter = DEFAULT_FORMATTER): string => summaryParts(summary, f).map(([, text]) => text).join(' · ');

export const PACE_NOTE = 'the period is still running; the projection to its end is compared with the target.';

/** Which optional columns the human-readable formats show for these rows (table, markdown, html agree). */
export function optionalColumns(rows: readonly ResultRow[], report: Report, context: ReportContext) {
  return {
    groups: context.by.length > 0,
    pace: rows.some((r) => r.projected !== null),
    refs: rows.some((r) => r.baseline !== null || r.benchmark !== null),
    compare: report.compare !== null,
    /** The target sets shown beside the primary one (`targets: { budget, forecast }`), in the order written. */
    sets: otherTargetSets(context),
  };
}

/** A target set's name as a column head: `forecast` → `Forecast`, `stretch_goal` → `Stretch goal`. */
export const targetSetTitle = (name: string): string => {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The sets other than the primary, whose target and variance follow the primary's columns; empty with one file. */
export function otherTargetSets(context: Pick<ReportContext, 'targetSets'>): string[] {
  const sets = context.targetSets;
  return sets ? sets.names.filter((n) => n !== sets.primary) : [];
}

/** The head of the primary's target column: the set's name with named sets (`Budget`), else `Target`. */
export const targetHead = (context: Pick<ReportContext, 'targetSets'>, f: Formatter = DEFAULT_FORMATTER): string =>
  context.targetSets ? targetSetTitle(context.targetSets.primary) : f.msg.head.target;

/** A set's target of a result, and its variance with its share (`−99.50 NOK (−1.6%)`), as the table shows them. */
export function targetSetCells(r: ResultRow, name: string, currency: string | undefined, f: Formatter = DEFAULT_FORMATTER): [string, string] {
  const t = r.targets?.[name];
  if (!t) return ['', ''];
  const pct = t.variance_pct === null ? '' : ` (${f.pct(t.variance_pct)})`;
  return [f.value(t.target, r.unit, currency, r.kpi), t.variance === null ? '–' : `${f.delta(t.variance, r.unit, currency, r.kpi)}${pct}`];
}

/** The column heads of the variance table, in order, for the optional columns in use. */
export function tableHead(columns: ReturnType<typeof optionalColumns>, context: ReportContext, f: Formatter = DEFAULT_FORMATTER): string[] {
  const h = f.msg.head;
  const head = [h.kpi, ...(columns.groups ? [byHead(context.by, f)] : []), h.actual, ...(columns.pace ? [h.projected] : []), targetHead(context, f), h.variance, h.variancePct, h.status];
  for (const name of columns.sets) head.push(targetSetTitle(name), `± ${targetSetTitle(name)}`);
  if (columns.refs) head.push(h.baseline, h.benchmark);
  if (columns.compare) head.push(h.previous, h.change);
  return head;
}
