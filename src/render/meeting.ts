// What the meeting formats (pptx, pdf) show, before any layout: the title, the exceptions, the sections with their
// KPIs formatted as the table formats them, each KPI's trend, and every data-quality note. Both formats draw this
// one model, so a slide and a PDF page never disagree, and neither computes a number of its own.
import { noiseText, noteLines, whyText } from './why.js';
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { currencyOf, resultKey } from '../report/model.js';
import type { Better, Status } from '../model/vocabulary.js';
import { fill, formatterFor, STATUS_SYMBOL, type Formatter } from '../locale/index.js';
import { MEETING_WORDS, type MeetingWords } from './meeting-words.js';
import { qualityLines } from './quality.js';
import { byHead, failsOnBadValues, groupText, hiddenByOption, IS_PROBLEM, isGroupRow, markUnknown, otherTargetSets, statusNotes, summaryText, targetHead, targetSetCells, targetSetTitle, unknownNote, visibleResults } from './rows.js';
import { hiddenNote, layoutRows, sectionsOf } from './sections.js';
import { arrangeResults } from './order.js';
import { reportWords } from './report-words.js';
import { hasToDate, paceBasisText, paceNotes } from './to-date.js';
import type { RenderOptions } from './types.js';

/**
 * Status colours, each of a different lightness, with the mark and the word beside them: a greyscale print or a
 * colour-blind reader tells them apart by the words and marks alone; missed and at risk are bold.
 */
export const STATUS_COLOUR: Record<Status, string> = {
  missed: 'B91C1C',
  error: 'B91C1C',
  at_risk: '92400E',
  incomplete: '6D28D9',
  met: '166534',
  early: '1E40AF',
  no_target: '6B7280',
  no_data: '6B7280',
};
export const BOLD_STATUS: ReadonlySet<Status> = new Set(['missed', 'error', 'at_risk', 'incomplete']);

export interface MeetingRow {
  status: Status;
  /** The status mark alone (`✘`) and the status in words (`missed`): never colour alone. */
  mark: string;
  word: string;
  label: string;
  /** The group's values (`Ann / Web`), or null for a total. */
  group: string | null;
  actual: string;
  target: string;
  variance: string;
  variancePct: string;
  previous: string;
  change: string;
  projected: string;
  /** A running period's part of the target due by --as-of (`target_to_date`), or `–`; and its pace basis in words. */
  targetToDate: string;
  paceBasis: string;
  pace: boolean;
  /** `(pace)` in the locale, after the status of a paced result. */
  paceMark: string;
  /** Read from values kpi does not know, or left out values it could not read: marked ⚠ wherever it is shown. */
  flagged: boolean;
  better: Better;
  /** The figures of the last periods, oldest first, ending with this one; empty without a series. */
  trend: (number | null)[];
  /** The target of the report's period, drawn as a line through the trend. */
  trendTarget: number | null;
  /** Each other target set's target and variance (Meeting.sets), as the table shows them. */
  sets: { target: string; variance: string }[];
}

export interface MeetingSection {
  name: string;
  rows: MeetingRow[];
}

export interface Meeting {
  /** The report's title: kpi.yaml's report title or company, else the project's name. */
  title: string;
  /** The company under the title, when kpi.yaml gives both; else ''. */
  company: string;
  /** `Not shown: 51 results without target (…)` when `report: hide:` left results out of the sections; else ''. */
  notShown: string;
  /** `KPI report 2026-10 (2026-10-01 – 2026-10-31)`. */
  period: string;
  /** `compared with 2026-09`, or ''. */
  compare: string;
  /** `as of 2026-11-03`, or ''. */
  asOf: string;
  /** `10 met · 4 at risk · …`. */
  summary: string;
  /** What needs attention: missed, at risk, incomplete, error, and any flagged figure; the worst first. */
  exceptions: MeetingRow[];
  sections: MeetingSection[];
  /** Every result shown, in the report's order (the PDF's appendix). */
  all: MeetingRow[];
  /** Why figures are incomplete or flagged, and each source's unreadable rows: said, never hidden. */
  notes: string[];
  /** Whether any figure shown is flagged (⚠). */
  flagged: boolean;
  hasCompare: boolean;
  /** Whether any row has a to-date target: the tables then show it (Meeting.head.targetToDate). */
  hasToDate: boolean;
  /** The words of the report's locale: the meeting formats' own, and the column heads every format shares. */
  words: MeetingWords;
  /** The locale's word for the ungrouped result in a group column. */
  totalWord: string;
  /** The titles of the other target sets (`Forecast`), whose figures each row's `sets` holds; empty with one file. */
  sets: string[];
  head: { status: string; kpi: string; actual: string; target: string; variance: string; variancePct: string; previous: string; change: string; group: string; targetToDate: string; paceBasis: string };
}

const sourceName = (source: string, w: MeetingWords): string => {
  if (Object.hasOwn(w.sources, source)) return w.sources[source];
  const words = source.replace(/[_-]+/g, ' ').trim();
  return words === '' ? w.other : words[0].toUpperCase() + words.slice(1);
};

export function buildMeeting(report: Report, context: ReportContext, options: Pick<RenderOptions, 'onlyProblems' | 'sort' | 'hide'>): Meeting {
  // The order and hiding of every format (render/order.ts): the exceptions first unless --sort says otherwise. The
  // results are taken in registry order (only filtered) so the sections by source come in the order the report
  // reads the sources; each list is then arranged by the one rule.
  const sort = options.sort ?? 'status';
  const results = visibleResults(report, { ...options, sort: 'registry' });
  const arrange = (list: readonly ResultRow[]) => arrangeResults(list, { sort });
  const series = context.series;
  const f = formatterFor(context);
  const words = MEETING_WORDS[f.spec.language];
  const rows = new Map<ResultRow, MeetingRow>();
  for (const r of results) rows.set(r, meetingRow(r, context, series, f));

  const flaggedRow = (r: ResultRow) => r.unknown_values > 0 || failsOnBadValues(r);
  const exceptions = arrange(results.filter((r) => IS_PROBLEM[r.status] || flaggedRow(r))).map((r) => rows.get(r)!);

  const layout = context.layout;
  let sections: MeetingSection[];
  let hidden: ReturnType<typeof sectionsOf>['hidden'] = [];
  if (layout && layout.sections.length > 0) {
    // kpi.yaml's `report:` sections (render/sections.ts, as every format shows them), each arranged by `sort`.
    const laid = sectionsOf(results, layout, undefined, sort);
    hidden = laid.hidden;
    sections = laid.sections.map((s) => ({ name: s.name ?? words.kpis, rows: s.rows.map((r) => rows.get(r)!) }));
  } else {
    // Without sections: one per source, in the order the report first reads them; `hide:` still applies.
    const laid = sectionsOf(results, layout);
    hidden = laid.hidden;
    const bySource = new Map<string, ResultRow[]>();
    for (const r of laid.sections.flatMap((s) => s.rows)) {
      const name = sourceName(r.coverage?.source ?? '', words);
      let list = bySource.get(name);
      if (!list) bySource.set(name, (list = []));
      list.push(r);
    }
    sections = [...bySource].map(([name, list]) => ({ name, rows: arrange(list).map((r) => rows.get(r)!) }));
  }
  // The appendix holds every result `hide:` left out of the sections too, in the layout's sections, each arranged
  // by `sort` as the sections are (--hide leaves results out everywhere, and says so).
  const all = layoutRows(results, layout && { ...layout, hide: [] }, sort).map((r) => rows.get(r)!);

  const notes: string[] = [];
  const unknown = unknownNote(report, f);
  if (unknown) notes.push(unknown);
  // README "Notes and owners", "Is it real", "Why it moved": the meeting's notes, the misses not called, the drivers.
  notes.push(...noteLines(results, f), ...noiseText(results, context), ...whyText(results, context));
  notes.push(...statusNotes(results, context.by, f));
  for (const q of report.data_quality) notes.push(...qualityLines(q, f));
  // What a paced status means, the KPIs paced by another shape than the days, and every to-date target's basis.
  notes.push(...paceNotes(results, f, context.asOf));
  const notShown = [hiddenNote(hidden, f), hiddenByOption(report, options, f)].filter(Boolean).join(' · ');

  const p = report.period;
  const range = p.start ? f.t('text', 'range', { start: f.date(p.start), end: f.date(p.end ?? '') }) : '';
  const h = f.msg.head;
  return {
    title: layout?.title || layout?.company || context.project || f.msg.text.reportName,
    company: layout?.title && layout.company ? layout.company : '',
    notShown,
    period: `${f.msg.text.reportName} ${p.id}${range}`,
    // The locale's `, compared with 2026-09` (after a title) without its leading comma.
    compare: report.compare ? f.t('text', 'comparedWith', { id: report.compare.id }).replace(/^,\s*/, '') : '',
    asOf: context.asOf ? fill(words.asOf, { date: f.date(context.asOf) }) : '',
    summary: summaryText(report.summary, f),
    exceptions,
    sections,
    all,
    notes,
    flagged: results.some(flaggedRow),
    hasCompare: report.compare !== null,
    hasToDate: hasToDate(results),
    words,
    totalWord: f.msg.text.total,
    sets: otherTargetSets(context).map(targetSetTitle),
    head: { status: h.status, kpi: h.kpi, actual: h.actual, target: targetHead(context, f), variance: h.variance, variancePct: h.variancePct, previous: h.previous, change: h.change, group: byHead(context.by, f), targetToDate: reportWords(f).targetToDate, paceBasis: reportWords(f).paceBasisHead },
  };
}

function meetingRow(r: ResultRow, context: ReportContext, series: ReportContext['series'], f: Formatter): MeetingRow {
  const code = currencyOf(r, context);
  const points = series?.get(resultKey(r)) ?? [];
  return {
    status: r.status,
    mark: STATUS_SYMBOL[r.status],
    word: f.statusWord(r.status),
    label: f.label(r.kpi, r.label),
    group: isGroupRow(r) ? groupText(r, context.by, f) : null,
    actual: markUnknown(f.value(r.value, r.unit, code, r.kpi), r),
    target: f.value(r.target, r.unit, code, r.kpi),
    variance: f.delta(r.variance, r.unit, code, r.kpi),
    variancePct: f.pct(r.variance_pct),
    previous: f.value(r.previous, r.unit, code, r.kpi),
    change: f.change(r.change, r.change_pct, r.unit, code, r.kpi),
    projected: r.projected === null ? '' : f.value(r.projected, r.unit, code, r.kpi),
    targetToDate: f.value(r.target_to_date ?? null, r.unit, code, r.kpi),
    paceBasis: r.target_to_date == null ? '' : paceBasisText(r, f),
    // `(pace)` says the status was judged on the projection: a result without a target was not judged.
    pace: r.pace && r.target !== null,
    paceMark: f.msg.text.pace,
    flagged: r.unknown_values > 0 || failsOnBadValues(r),
    better: r.better,
    trend: points.map((pt) => pt.value),
    trendTarget: r.target,
    sets: otherTargetSets(context).map((name) => {
      const [target, variance] = targetSetCells(r, name, code, f);
      return { target, variance };
    }),
  };
}
