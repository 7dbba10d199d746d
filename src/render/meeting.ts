// What the meeting formats (pptx, pdf) show, before any layout: the title, the exceptions, the sections with their
// KPIs formatted as the table formats them, each KPI's trend, and every data-quality note. Both formats draw this
// one model, so a slide and a PDF page never disagree, and neither computes a number of its own.
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { currencyOf, resultKey } from '../report/model.js';
import type { Better, Status } from '../model/vocabulary.js';
import { formatChange, formatDelta, formatPct, formatValue, STATUS_MARK } from './format-value.js';
import { qualityLines } from './quality.js';
import { failsOnBadValues, groupText, IS_PROBLEM, isGroupRow, markUnknown, PACE_NOTE, statusNotes, summaryText, unknownNote, visibleResults } from './rows.js';
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
  pace: boolean;
  /** Read from values kpi does not know, or left out values it could not read: marked ⚠ wherever it is shown. */
  flagged: boolean;
  better: Better;
  /** The figures of the last periods, oldest first, ending with this one; empty without a series. */
  trend: (number | null)[];
  /** The target of the report's period, drawn as a line through the trend. */
  trendTarget: number | null;
}

export interface MeetingSection {
  name: string;
  rows: MeetingRow[];
}

export interface Meeting {
  /** The report's title: kpi.yaml's report title or company, else the project's name. */
  title: string;
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
}

/**
 * The exceptions-first order every meeting view uses: missed, at risk, incomplete, error, then met, early, no
 * data and no target; the report's (registry) order within a status. A local stand-in for render/order.ts.
 */
const RANK: Record<Status, number> = { missed: 0, at_risk: 1, incomplete: 2, error: 3, met: 4, early: 5, no_data: 6, no_target: 7 };

export function exceptionsFirst<T extends { status: Status }>(rows: readonly T[]): T[] {
  return rows
    .map((r, i) => [r, i] as const)
    .sort(([a, i], [b, j]) => RANK[a.status] - RANK[b.status] || i - j)
    .map(([r]) => r);
}


/** The report layout of kpi.yaml (`report: { title, company, sections }`), read without depending on its type. */
interface Layout {
  title?: string;
  company?: string;
  sections?: { name: string; kpis: string[] }[];
}
const layoutOf = (context: ReportContext): Layout | undefined => (context as { report?: Layout }).report;

const sourceName = (source: string): string => {
  const words = source.replace(/[_-]+/g, ' ').trim();
  return words === '' ? 'Other' : words[0].toUpperCase() + words.slice(1);
};

export function buildMeeting(report: Report, context: ReportContext, options: Pick<RenderOptions, 'onlyProblems'>): Meeting {
  const results = visibleResults(report, options);
  const series = context.series;
  const rows = new Map<ResultRow, MeetingRow>();
  for (const r of results) rows.set(r, meetingRow(r, context, series));
  const all = results.map((r) => rows.get(r)!);

  const flaggedRow = (r: ResultRow) => r.unknown_values > 0 || failsOnBadValues(r);
  const exceptions = exceptionsFirst(results.filter((r) => IS_PROBLEM[r.status] || flaggedRow(r))).map((r) => rows.get(r)!);

  const layout = layoutOf(context);
  const sections: MeetingSection[] = [];
  if (layout?.sections?.length) {
    const placed = new Set<ResultRow>();
    for (const s of layout.sections) {
      const wanted = new Set(s.kpis);
      const mine = results.filter((r) => wanted.has(r.kpi));
      mine.forEach((r) => placed.add(r));
      if (mine.length > 0) sections.push({ name: s.name, rows: exceptionsFirst(mine).map((r) => rows.get(r)!) });
    }
    // A KPI in no section is still shown: a report never drops a figure because the layout forgot it.
    const rest = results.filter((r) => !placed.has(r));
    if (rest.length > 0) sections.push({ name: 'Other KPIs', rows: exceptionsFirst(rest).map((r) => rows.get(r)!) });
  } else {
    // Without a layout: one section per source, in the order the report first reads them.
    const bySource = new Map<string, ResultRow[]>();
    for (const r of results) {
      const name = sourceName(r.coverage?.source ?? '');
      let list = bySource.get(name);
      if (!list) bySource.set(name, (list = []));
      list.push(r);
    }
    for (const [name, list] of bySource) sections.push({ name, rows: exceptionsFirst(list).map((r) => rows.get(r)!) });
  }

  const notes: string[] = [];
  const unknown = unknownNote(report);
  if (unknown) notes.push(unknown);
  notes.push(...statusNotes(results, context.by));
  for (const q of report.data_quality) notes.push(...qualityLines(q));
  if (results.some((r) => r.pace)) notes.push(`(pace): ${PACE_NOTE}`);

  const p = report.period;
  return {
    title: layout?.title || layout?.company || context.project || 'KPI report',
    period: `KPI report ${p.id}${p.start ? ` (${p.start} – ${p.end})` : ''}`,
    compare: report.compare ? `compared with ${report.compare.id}` : '',
    asOf: context.asOf ? `as of ${context.asOf}` : '',
    summary: summaryText(report.summary),
    exceptions,
    sections,
    all,
    notes,
    flagged: results.some(flaggedRow),
    hasCompare: report.compare !== null,
  };
}

function meetingRow(r: ResultRow, context: ReportContext, series: ReportContext['series']): MeetingRow {
  const code = currencyOf(r, context);
  const [mark, ...word] = STATUS_MARK[r.status].split(' ');
  const points = series?.get(resultKey(r)) ?? [];
  return {
    status: r.status,
    mark,
    word: word.join(' '),
    label: r.label,
    group: isGroupRow(r) ? groupText(r, context.by) : null,
    actual: markUnknown(formatValue(r.value, r.unit, code), r),
    target: formatValue(r.target, r.unit, code),
    variance: formatDelta(r.variance, r.unit, code),
    variancePct: formatPct(r.variance_pct),
    previous: formatValue(r.previous, r.unit, code),
    change: formatChange(r.change, r.change_pct, r.unit, code),
    projected: r.projected === null ? '' : formatValue(r.projected, r.unit, code),
    pace: r.pace,
    flagged: r.unknown_values > 0 || failsOnBadValues(r),
    better: r.better,
    trend: points.map((pt) => pt.value),
    trendTarget: r.target,
  };
}
