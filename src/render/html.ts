// HTML renderer: one self-contained page (inline CSS and SVG, a CSP that forbids any request) that also prints well.
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { STATUSES, type Status } from '../model/vocabulary.js';
import { currencyOf } from '../report/model.js';
import { xmlAttr as attr, xmlText as text } from './escape.js';
import { formatterFor, type Formatter } from '../locale/format.js';
import { OPTIONAL_STATUSES, groupText, isGroupRow, markUnknown, optionalColumns, reportName, reportTitle, statusNotes, tableHead, unknownNote, visibleResults } from './rows.js';
import { hiddenNote, sectionsOf } from './sections.js';
import { bulletChart, compareChart } from './svg-chart.js';
import type { Renderer, RenderOptions } from './types.js';

/** Card, cell and bar colours per status. */
export const STATUS_COLOUR: Record<Status, { bg: string; fg: string; bar: string }> = {
  met: { bg: '#dcf5e3', fg: '#0f5d2a', bar: '#2f9e55' },
  at_risk: { bg: '#fff3c4', fg: '#7a5300', bar: '#d9a300' },
  missed: { bg: '#fde0e0', fg: '#8e1b1b', bar: '#d64545' },
  early: { bg: '#e0ecfa', fg: '#1f4e79', bar: '#4a7fb5' },
  no_target: { bg: '#eef0f3', fg: '#4b5563', bar: '#7d8793' },
  no_data: { bg: '#eef0f3', fg: '#6b7280', bar: '#9ca3af' },
  incomplete: { bg: '#f3e8ff', fg: '#5b2a86', bar: '#9061c2' },
  error: { bg: '#fde0e0', fg: '#8e1b1b', bar: '#d64545' },
};

/** Nothing may be fetched: no scripts, fonts, frames or remote images; only the inline style and data: images. */
export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export const renderHtml: Renderer = (report, context, options) => ({ chunks: htmlPage(report, context, options) });

/** The page a table row at a time (Rendered `chunks`): a million groups are never one string. */
function* htmlPage(report: Report, context: ReportContext, options: RenderOptions): Generator<string> {
  // `report:` in kpi.yaml: a table per section under its heading.
  const { sections, hidden } = sectionsOf(visibleResults(report, options), context.layout);
  const rows = sections.flatMap((s) => s.rows);
  const f = formatterFor(context);
  const title = reportTitle(report, context);
  const head = [
    '<!DOCTYPE html>',
    `<html lang="${f.spec.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attr(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${text(title)}</title>`,
    `<style>${STYLE}${statusStyles()}</style>`,
    '</head>',
    '<body>',
    '<main>',
    header(report, context, f),
    cards(report.summary, f),
  ];
  yield `${head.join('\n')}\n`;
  if (rows.length > 0) {
    yield `<section>\n<h2>${text(f.msg.head.variance)}</h2>\n`;
    for (const s of sections) {
      if (s.name !== undefined) yield `<h3>${text(s.name)}</h3>\n`;
      yield* varianceTable(s.rows, rows, report, context, f);
    }
    const notShown = hiddenNote(hidden);
    if (notShown) yield `<p class="note">${text(notShown)}</p>\n`;
    yield '</section>\n';
  } else yield `${section(f.msg.head.variance, `<p>${text(options.onlyProblems ? f.msg.text.noProblems : f.msg.text.noResults)}</p>`)}\n`;
  const tail = [
    ...statusNotes(rows, context.by, f).map((note) => `<p class="note">${text(note)}</p>`),
    rows.some((r) => r.pace) ? `<p class="note">${text(f.msg.text.pace)}: ${text(f.msg.text.paceNote)}</p>` : '',
    charts(rows, report, context, f),
    dataQuality(report, f),
    `<footer>${text(f.msg.text.generatedBy)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
  ];
  yield `${tail.filter((part) => part !== '').join('\n')}\n`;
}

function header(report: Report, context: ReportContext, f: Formatter): string {
  const p = report.period;
  const range = (q: { id: string; start: string | null; end: string | null }) => (q.start ? `${q.id}${f.t('text', 'range', { start: f.date(q.start), end: f.date(q.end ?? '') })}` : q.id);
  const sub = report.compare ? `${range(p)} · ${f.t('text', 'comparedWith', { id: range(report.compare) }).replace(/^, /, '')}` : range(p);
  return `<header><h1>${text(reportName(context))} ${text(p.id)}</h1><p class="sub">${text(sub)}</p></header>`;
}

function cards(summary: Record<Status, number>, f: Formatter): string {
  const shown = STATUSES.filter((s) => !OPTIONAL_STATUSES.has(s) || summary[s] > 0);
  const items = shown.map((s) => `<div class="card s-${s}"><span class="count">${summary[s]}</span><span class="name">${text(f.statusName(s))}</span></div>`);
  return `<section class="cards" aria-label="${attr(f.msg.text.summary)}">\n${items.join('\n')}\n</section>`;
}

function section(title: string, content: string): string {
  return `<section>\n<h2>${text(title)}</h2>\n${content}\n</section>`;
}

/** `all`: every row shown, so each section's table has the same columns. */
function* varianceTable(rows: ResultRow[], all: ResultRow[], report: Report, context: ReportContext, f: Formatter): Generator<string> {
  // A group of --by currency is shown in its own currency.
  const cur = (r: ResultRow) => currencyOf(r, context);
  const columns = optionalColumns(all, report, context);
  const { groups: hasGroups, pace: hasPace, refs: hasRefs } = columns;
  const head = tableHead(columns, context, f);
  // Every column but the KPI, the group and the status is a number.
  const words = new Set([0, ...(hasGroups ? [1] : []), head.indexOf(f.msg.head.status, hasGroups ? 2 : 1)]);
  const formatValue = (n: number | null, unit: ResultRow['unit'], currency: string | undefined, kpi: string) => f.value(n, unit, currency, kpi);
  const optional = (n: number | null, r: ResultRow) => (n === null ? '' : formatValue(n, r.unit, cur(r), r.kpi));
  const th = head.map((h, x) => `<th${words.has(x) ? '' : ' class="num"'}>${text(h)}</th>`).join('');
  const num = (s: string) => `<td class="num">${text(s)}</td>`;
  yield `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n`;
  for (const r of rows) {
    const cells = [`<td class="kpi${isGroupRow(r) ? ' group' : ''}" title="${attr(r.kpi)}">${text(f.label(r.kpi, r.label))}</td>`];
    if (hasGroups) cells.push(`<td>${text(groupText(r, context.by, f))}</td>`);
    cells.push(num(markUnknown(formatValue(r.value, r.unit, cur(r), r.kpi), r)));
    if (hasPace) cells.push(num(optional(r.projected, r)));
    cells.push(num(formatValue(r.target, r.unit, cur(r), r.kpi)), num(f.delta(r.variance, r.unit, cur(r), r.kpi)), num(f.pct(r.variance_pct)));
    cells.push(`<td class="status s-${r.status}">${text(`${f.statusMark(r.status)}${r.pace ? ` ${f.msg.text.pace}` : ''}`)}</td>`);
    if (hasRefs) cells.push(num(optional(r.baseline, r)), num(optional(r.benchmark, r)));
    if (report.compare) cells.push(num(formatValue(r.previous, r.unit, cur(r), r.kpi)), num(f.change(r.change, r.change_pct, r.unit, cur(r), r.kpi)));
    yield `<tr>${cells.join('')}</tr>\n`;
  }
  yield '</tbody>\n</table>\n';
}

const chartLabel = (r: ResultRow, by: readonly string[], f: Formatter): string => (isGroupRow(r) ? `${f.label(r.kpi, r.label)} · ${groupText(r, by, f)}` : f.label(r.kpi, r.label));

/**
 * How many groups of each KPI a chart shows: past a screenful a bar per group reads as nothing (100,000 groups made
 * a chart 3.4 million pixels tall, and most of the page's size). The table above has every group.
 */
export const CHART_GROUPS = 20;

/**
 * The rows a chart draws: every total, and of each KPI's groups the first CHART_GROUPS in the table's order (the
 * highest actual values first); with how many groups were left out.
 */
function chartRows(rows: readonly ResultRow[]): { shown: ResultRow[]; leftOut: number } {
  const shown: ResultRow[] = [];
  const perKpi = new Map<string, number>();
  let leftOut = 0;
  for (const r of rows) {
    if (!isGroupRow(r)) {
      shown.push(r);
      continue;
    }
    const n = perKpi.get(r.kpi) ?? 0;
    perKpi.set(r.kpi, n + 1);
    if (n < CHART_GROUPS) shown.push(r);
    else leftOut++;
  }
  return { shown, leftOut };
}

/** Said under a chart that leaves groups out, so nobody reads it as all of them. */
function leftOutNote(leftOut: number): string {
  if (leftOut === 0) return '';
  return `\n<p class="note">The chart shows each KPI's total and its ${CHART_GROUPS} groups with the highest actual value; ${leftOut.toLocaleString('en-US')} more group${leftOut === 1 ? ' is' : 's are'} in the variance table above.</p>`;
}

function charts(rows: ResultRow[], report: Report, context: ReportContext, f: Formatter): string {
  const cur = (r: ResultRow) => currencyOf(r, context);
  const formatValue = (n: number | null, unit: ResultRow['unit'], currency: string | undefined, kpi: string) => f.value(n, unit, currency, kpi);
  const parts: string[] = [];
  const targeted = chartRows(rows.filter((r) => r.target !== null && (r.value !== null || r.projected !== null)));
  if (targeted.shown.length > 0) {
    const bullets = targeted.shown.map((r) => ({
      label: chartLabel(r, context.by, f),
      value: r.value,
      projected: r.projected,
      target: r.target,
      text: `${formatValue(r.pace ? r.projected : r.value, r.unit, cur(r), r.kpi)} / ${formatValue(r.target, r.unit, cur(r), r.kpi)}`,
      colour: STATUS_COLOUR[r.status].bar,
    }));
    parts.push(section('Actual against target', `<figure>${bulletChart(`Actual against target, ${report.period.id}`, bullets)}</figure>${leftOutNote(targeted.leftOut)}`));
  }
  const compare = report.compare;
  const compared = chartRows(compare ? rows.filter((r) => r.value !== null || r.previous !== null) : []);
  if (compare && compared.shown.length > 0) {
    const bars = compared.shown.map((r) => ({
      label: chartLabel(r, context.by, f),
      previous: r.previous,
      value: r.value,
      text: `${formatValue(r.previous, r.unit, cur(r), r.kpi)} → ${formatValue(r.value, r.unit, cur(r), r.kpi)} (${f.change(r.change, r.change_pct, r.unit, cur(r), r.kpi)})`,
    }));
    const title = `Previous (${compare.id}) and actual (${report.period.id})`;
    parts.push(section(title, `<figure>${compareChart(title, bars)}</figure>${leftOutNote(compared.leftOut)}`));
  }
  return parts.join('\n');
}

function dataQuality(report: Report, f: Formatter): string {
  const h = f.msg.head;
  if (report.data_quality.length === 0) return '';
  const rows = report.data_quality.map(
    (q) =>
      `<tr><td>${text(q.source)}</td><td>${q.files.map(text).join('<br>')}</td><td class="num">${q.rows}</td><td class="num${q.skipped > 0 ? ' warn' : ''}">${q.skipped}</td><td class="num">${q.no_period}</td><td class="num">${q.total_rows.length}</td></tr>`,
  );
  const table = `<table class="quality">\n<thead><tr><th>${text(h.source)}</th><th>${text(h.files)}</th><th class="num">${text(h.rows)}</th><th class="num">${text(h.skipped)}</th><th class="num">${text(h.noPeriod)}</th><th class="num">${text(h.totalRows)}</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
  const issues = report.data_quality.flatMap((q) => [
    ...q.issues.map((i) => ({ source: q.source, ...i })),
    ...(q.unknown_values ?? []).map((u) => ({ source: q.source, file: u.file, line: u.line, column: u.column, value: u.value, reason: `not a known ${u.field} (${u.expected.join(', ')}), in ${u.count} row${u.count === 1 ? '' : 's'}` })),
    ...q.total_rows.map((t) => ({ source: q.source, file: t.file, line: t.line, column: '', value: '', reason: 'total row, left out' })),
  ]);
  const note = unknownNote(report);
  const list =
    issues.length === 0
      ? ''
      : `\n<table class="issues">\n<thead><tr><th>${text(h.source)}</th><th>${text(h.file)}</th><th class="num">${text(h.line)}</th><th>${text(h.column)}</th><th>${text(h.value)}</th><th>${text(h.reason)}</th></tr></thead>\n<tbody>\n${issues
          .map((i) => `<tr><td>${text(i.source)}</td><td>${text(i.file)}</td><td class="num">${i.line}</td><td>${text(i.column)}</td><td><code>${text(i.value)}</code></td><td>${text(i.reason)}</td></tr>`)
          .join('\n')}\n</tbody>\n</table>`;
  return section(f.msg.text.sheetQuality, table + (note ? `\n<p class="warn">${text(note)}</p>` : '') + list);
}

function statusStyles(): string {
  return STATUSES.map((s) => `.s-${s}{background:${STATUS_COLOUR[s].bg};color:${STATUS_COLOUR[s].fg}}`).join('\n');
}

const STYLE = `
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;color:#1f2328;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px}
.sub{margin:0;color:#57606a}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0 8px}
.card{flex:1 1 140px;border-radius:8px;padding:12px 16px;border:1px solid rgba(0,0,0,.08)}
.card .count{display:block;font-size:28px;font-weight:700;line-height:1.1}
.card .name{font-size:13px}
section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:4px 16px 16px;margin:16px 0}
section.cards{background:none;border:0;padding:0}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid #e5e8eb;text-align:left;vertical-align:top}
th{font-weight:600;background:#f6f8fa;border-bottom:1px solid #d0d7de}
.num{text-align:right;white-space:nowrap}
td.group{padding-left:24px;color:#57606a}
td.status{white-space:nowrap;font-weight:600}
td.warn,p.warn{color:#8e1b1b;font-weight:600}
.note{color:#57606a;font-size:13px}
figure{margin:0}
svg.chart{display:block;max-width:100%;height:auto}
footer{color:#8c959f;font-size:12px;margin-top:24px}
code{font-size:12px}
@page{size:A4 landscape;margin:12mm}
@media print{
body{background:#fff;font-size:10pt}
main{max-width:none;padding:0}
section{border:0;padding:0;margin:10px 0}
.cards{gap:6px}
.card{padding:6px 10px}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
tr,figure,.cards{break-inside:avoid}
h2{break-after:avoid}
footer{display:none}
}
`;
