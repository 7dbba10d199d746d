// HTML renderer: one self-contained page (inline CSS and SVG, a CSP that forbids any request) for a screen, a phone
// and paper. The first part is the summary a meeting reads — what needs attention first, then what is on track, each
// KPI with its bullet chart and sparkline; the appendix holds the KPIs without a target, every result in one table,
// the notes and the data quality. Printed: the summary on one or two pages, the appendix after, pages numbered.
import type { Report, ReportContext, ResultRow, SeriesPoint } from '../report/model.js';
import { resultKey } from '../report/model.js';
import { STATUSES, type Status } from '../model/vocabulary.js';
import { currencyOf } from '../report/model.js';
import { xmlAttr as attr, xmlText as text } from './escape.js';
import { fill, formatterFor, STATUS_SYMBOL, type Formatter } from '../locale/format.js';
import { failsOnBadValues, hiddenByOption, IS_PROBLEM, OPTIONAL_STATUSES, groupText, isGroupRow, markUnknown, optionalColumns, reportName, reportTitle, statusNotes, targetHead, targetSetCells, targetSetTitle, otherTargetSets, unknownNote, visibleResults } from './rows.js';
import { hiddenNote, sectionsOf, type Section } from './sections.js';
import { arrangeResults, byStatusRank } from './order.js';
import { BAD, GOOD, INK, PREVIOUS, STATUS_COLOUR, TRACK } from './palette.js';
import { bulletSvg, sparklineSvg } from './svg-chart.js';
import { BASE_STYLE, pageHead, PRINT_COLOURS, statusStyles } from './html-head.js';
import type { Renderer, RenderOptions } from './types.js';

export { STATUS_COLOUR } from './palette.js';
// The head every page shares (html-head.ts); CSP stays exported here for those who import it from html.js.
export { CSP } from './html-head.js';

import { noiseText, noteLines, whyLines } from './why.js';
import { countText, reportWords, rowsText } from './report-words.js';
import { paceBasisText, paceNotes } from './to-date.js';

export const renderHtml: Renderer = (report, context, options) => ({ chunks: htmlPage(report, context, options) });

/**
 * How many groups of each KPI the summary shows with their charts: past a screenful a card per group reads as
 * nothing (100,000 groups made a chart 3.4 million pixels tall). The appendix's table has every group.
 */
export const CHART_GROUPS = 20;

/** A result that needs attention: it fails `kpi check` (missed, at risk, incomplete, error) or is flagged. */
const needsAttention = (r: ResultRow): boolean => IS_PROBLEM[r.status] || r.unknown_values > 0 || failsOnBadValues(r);

/** The page a table row at a time (Rendered `chunks`): a million groups are never one string. */
function* htmlPage(report: Report, context: ReportContext, options: RenderOptions): Generator<string> {
  // `report:` in kpi.yaml: a table per section under its heading.
  const { sections, hidden } = sectionsOf(visibleResults(report, options), context.layout, undefined, options.sort);
  const rows = sections.flatMap((s) => s.rows);
  const f = formatterFor(context);
  const w = f.msg.html;
  const title = reportTitle(report, context);
  const head = [
    ...pageHead(f.spec.language, title, `${STYLE}${statusStyles()}${printFooter(title, w.page)}`),
    '<body>',
    '<main>',
    header(report, context, f),
    cards(report.summary, f),
  ];
  yield `${head.join('\n')}\n`;

  // What needs attention is one list across the sections, arranged as every format arranges (render/order.ts:
  // missed first unless --sort says otherwise); the rest keep their sections of `report:`, each already arranged.
  const attention = arrangeResults(rows.filter(needsAttention), { sort: options.sort ?? 'status' });
  const isOnTrack = (r: ResultRow) => !needsAttention(r) && (r.status === 'met' || r.status === 'early');
  const isRest = (r: ResultRow) => !needsAttention(r) && r.status !== 'met' && r.status !== 'early';
  const onTrack = rows.filter(isOnTrack);
  const rest = rows.filter(isRest);
  const inSections = (keep: (r: ResultRow) => boolean): Section[] => sections.map((s) => ({ name: s.name, rows: s.rows.filter(keep) }));
  const lay = new KpiLayout(report, context, rows, f);
  yield '<div class="summary">\n';
  if (rows.length === 0) yield `<section><p>${text(options.onlyProblems ? f.msg.text.noProblems : f.msg.text.noResults)}</p></section>\n`;
  if (attention.length > 0 || (options.onlyProblems && rows.length > 0)) yield* lay.section('attention', `${w.needsAttention} (${count(attention, f)})`, [{ rows: attention }]);
  else if (rows.length > 0 && !options.onlyProblems) yield `<section id="attention"><h2>${text(w.needsAttention)}</h2><p>${text(w.allOnTrack)}</p></section>\n`;
  if (onTrack.length > 0) yield* lay.section('on-track', `${w.onTrack} (${count(onTrack, f)})`, inSections(isOnTrack));
  if (rows.length > 0) yield legend(lay, new Set(rows.map((r) => r.status)), f);
  yield '</div>\n';

  yield `<div class="appendix">\n<h2 class="part">${text(w.appendix)}</h2>\n`;
  if (rest.length > 0) {
    const noData = rest.some((r) => r.status === 'no_data');
    yield* lay.section('no-target', `${noData ? w.withoutTargetOrData : w.withoutTarget} (${count(rest, f)})`, inSections(isRest), rest.some((r) => r.target !== null));
  }
  if (rows.length > 0) {
    yield `<section id="all">\n<h2>${text(w.everyResult)}</h2>\n<div class="scroll">\n`;
    for (const s of sections) {
      if (s.name !== undefined) yield `<h3>${text(s.name)}</h3>\n`;
      yield* varianceTable(s.rows, rows, report, context, f);
    }
    yield '</div>\n';
    for (const notShown of [hiddenNote(hidden, f), hiddenByOption(report, options, f)]) if (notShown) yield `<p class="note">${text(notShown)}</p>\n`;
    yield '</section>\n';
  }
  // README "Why it moved": each explained result's splits, one line each.
  const why = whyLines(rows, context);
  if (why.length > 0) yield `<section id="why">\n<h2>${text(reportWords(f).why)}</h2>\n<ul>\n${why.map((l) => `<li><strong>${text(l.kpi)}</strong> — ${text(l.what)}: ${text(l.text)}</li>`).join('\n')}\n</ul>\n</section>\n`;
  const tail = [
    ...noteLines(rows, f).map((note) => `<p class="note">${text(note)}</p>`),
    ...noiseText(rows, context).map((note) => `<p class="note">${text(note)}</p>`),
    ...statusNotes(rows, context.by, f).map((note) => `<p class="note">${text(note)}</p>`),
    // What a paced status means and which KPIs follow another shape than the days (as the table says it), then
    // the to-date targets' basis (issue 17: `pace:` of a target).
    ...paceNotes(rows, f, context.asOf).map((note) => `<p class="note">${text(note)}</p>`),
    dataQuality(report, f),
    '</div>',
    `<footer>${text(f.msg.text.generatedBy)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
  ];
  yield `${tail.filter((part) => part !== '').join('\n')}\n`;
}

/** `19 KPIs` or, with groups, `3 KPIs, 12 groups`: what a section holds. */
function count(rows: readonly ResultRow[], f: Formatter): string {
  const w = f.msg.html;
  const totals = rows.filter((r) => !isGroupRow(r)).length;
  const groups = rows.length - totals;
  const kpis = totals === 1 ? w.kpiCountOne : fill(w.kpiCount, { n: f.integer(totals) });
  return groups === 0 ? kpis : `${kpis}, ${groups === 1 ? w.groupCountOne : fill(w.groupCount, { n: f.integer(groups) })}`;
}

function header(report: Report, context: ReportContext, f: Formatter): string {
  const p = report.period;
  const range = (q: { id: string; start: string | null; end: string | null }) => (q.start ? `${q.id}${f.t('text', 'range', { start: f.date(q.start), end: f.date(q.end ?? '') })}` : q.id);
  const sub = report.compare ? `${range(p)} · ${f.t('text', 'comparedWith', { id: range(report.compare) }).replace(/^, /, '')}` : range(p);
  return `<header><h1>${text(reportName(context))} ${text(p.id)}</h1><p class="sub">${text(sub)}</p></header>`;
}

function cards(summary: Record<Status, number>, f: Formatter): string {
  const shown = STATUSES.filter((s) => !OPTIONAL_STATUSES.has(s) || summary[s] > 0).sort(byStatusRank);
  const items = shown.map((s) => {
    return `<div class="card s-${s}"><span class="count"><span class="mark" aria-hidden="true">${text(STATUS_SYMBOL[s])}</span>${summary[s]}</span><span class="name">${text(f.statusName(s))}</span></div>`;
  });
  return `<section class="cards" aria-label="${attr(f.msg.text.summary)}">\n${items.join('\n')}\n</section>`;
}

/** `months` for a report of a month, `quarters` for a quarter …: what a sparkline's points are. */
function grainWord(id: string): 'months' | 'quarters' | 'halves' | 'years' | 'weeks' | 'days' | 'periods' {
  if (/^\d{4}-\d{2}$/.test(id) || id.startsWith('mtd:')) return 'months';
  if (/^\d{4}-Q\d$/.test(id) || id.startsWith('qtd:')) return 'quarters';
  if (/^\d{4}-H\d$/.test(id)) return 'halves';
  if (/^\d{4}$/.test(id) || id.startsWith('ytd:')) return 'years';
  if (/W\d{2}$/.test(id) || id.startsWith('week-of-')) return 'weeks';
  if (/^\d{4}-\d{2}-\d{2}$/.test(id)) return 'days';
  return 'periods';
}

/** The KPI lists of the summary and appendix: one row per result (a card on a phone), with its charts. */
class KpiLayout {
  readonly hasSeries: boolean;
  readonly hasProjection: boolean;
  readonly hasPrevious: boolean;
  readonly seriesHead: string;
  private readonly cur: (r: ResultRow) => string | undefined;

  constructor(
    private readonly report: Report,
    private readonly context: ReportContext,
    rows: readonly ResultRow[],
    readonly f: Formatter,
  ) {
    this.hasSeries = context.series !== undefined && [...context.series.values()].some((points) => points.length > 1);
    this.hasProjection = rows.some((r) => r.projected !== null);
    this.hasPrevious = report.compare !== null && rows.some((r) => r.previous !== null);
    const longest = Math.max(0, ...[...(context.series?.values() ?? [])].map((p) => p.length));
    this.seriesHead = fill(f.msg.html.lastPeriods, { n: longest, grain: f.msg.html[grainWord(report.period.id)] });
    this.cur = (r) => currencyOf(r, context);
  }

  /**
   * A list of KPIs, under a heading per section of `report:` when there are several; `targets: false` for those
   * without one (no target, variance or bullet chart to show).
   */
  *section(id: string, title: string, parts: readonly Section[], targets = true): Generator<string> {
    const compare = this.report.compare;
    const h = this.f.msg.head;
    const heads: [string, string][] = [
      ['st', h.status],
      ['name', h.kpi],
      ['num c-actual', h.actual],
      ...(targets ? ([['num c-target', targetHead(this.context, this.f)], ['num c-var', h.variance], ['c-bullet', this.f.msg.html.againstTarget]] as [string, string][]) : []),
      ...(this.hasSeries ? ([['c-spark', this.seriesHead]] as [string, string][]) : []),
      ...(compare ? ([['num c-chg', fill(this.f.msg.html.changeVs, { id: compare.id })]] as [string, string][]) : []),
    ];
    // A head may wrap between words, never inside a period id (`Endring mot 2026-` / `01`).
    const headText = (h: string) => text(h).replace(/\S*\d-\d\S*/g, (id) => `<span class="nw">${id}</span>`);
    const thead = `<thead><tr>${heads.map(([c, h]) => `<th class="${c}">${headText(h)}</th>`).join('')}</tr></thead>`;
    yield `<section id="${id}">\n<h2>${text(title)}</h2>\n`;
    const perKpi = new Map<string, number>();
    let leftOut = 0;
    for (const part of parts) {
      if (part.rows.length === 0) continue;
      if (part.name !== undefined) yield `<h3>${text(part.name)}</h3>\n`;
      yield `<table class="kpis${targets ? '' : ' plain'}">\n${thead}\n<tbody>\n`;
      for (const r of part.rows) {
        if (isGroupRow(r)) {
          const n = perKpi.get(r.kpi) ?? 0;
          perKpi.set(r.kpi, n + 1);
          if (n >= CHART_GROUPS) {
            leftOut++;
            continue;
          }
        }
        yield `${this.row(r, targets)}\n`;
      }
      yield '</tbody>\n</table>\n';
    }
    if (leftOut > 0) {
      yield `<p class="note">${text(fill(this.f.msg.html.moreGroups, { shown: CHART_GROUPS, more: this.f.integer(leftOut) }))}</p>\n`;
    }
    yield '</section>\n';
  }

  private row(r: ResultRow, targets: boolean): string {
    const cur = this.cur(r);
    const fm = this.f;
    const h = fm.msg.head;
    const f = (v: number | null) => fm.value(v, r.unit, cur, r.kpi);
    const label = fm.label(r.kpi, r.label);
    const shown = r.pace ? r.projected : r.value;
    const cells: string[] = [];
    // The pace mark under the pill, not in it: a pill does not wrap, and `✔ nådd (prognose)` made the column wide.
    cells.push(`<td class="st"><span class="pill s-${r.status}">${text(fm.statusMark(r.status))}</span>${r.pace ? `<small>${text(fm.msg.text.pace)}</small>` : ''}</td>`);
    const group = isGroupRow(r) ? `<span class="grp">${text(groupText(r, this.context.by, fm))}</span>` : '';
    cells.push(`<td class="name" title="${attr(r.kpi)}">${text(label)}${group}</td>`);
    const actual = markUnknown(f(r.value), r);
    const projected = r.projected === null ? '' : `<small>${text(fill(fm.msg.html.projectedValue, { value: f(r.projected) }))}</small>`;
    cells.push(`<td class="num big" data-l="${attr(h.actual)}">${text(actual)}${projected}</td>`);
    if (targets) {
      // The other target sets under the primary's (Forecast 6,050 −1.6%): README "Budgets and forecasts".
      const sets = otherTargetSets(this.context)
        .filter((name) => r.targets?.[name]?.target != null)
        .map((name) => {
          const [target, variance] = targetSetCells(r, name, cur, fm);
          return `<small>${text(`${targetSetTitle(name)} ${target}${variance === '–' ? '' : `, ${variance}`}`)}</small>`;
        })
        .join('');
      cells.push(`<td class="num" data-l="${attr(targetHead(this.context, fm))}">${text(f(r.target))}${toDateSmall(r, cur, fm)}${sets}</td>`);
      const variance = r.variance === null ? '–' : fm.delta(r.variance, r.unit, cur, r.kpi);
      cells.push(`<td class="num" data-l="${attr(h.variance)}">${text(variance)}${r.variance_pct === null ? '' : `<small>${text(fm.pct(r.variance_pct))}</small>`}</td>`);
      const bulletLabel = `${label}: ${(r.pace ? h.projected : h.actual).toLowerCase()} ${f(shown)}${r.target === null ? '' : `, ${h.target.toLowerCase()} ${f(r.target)}`}${r.previous === null ? '' : `, ${h.previous.toLowerCase()} ${f(r.previous)}`}`;
      const chart = r.value === null && r.target === null ? '' : bulletSvg({ value: r.value, projected: r.projected, target: r.target, previous: this.hasPrevious ? r.previous : null, colour: STATUS_COLOUR[r.status].bar, label: bulletLabel });
      cells.push(`<td class="chart" data-l="${attr(fm.msg.html.againstTarget)}">${chart}</td>`);
    }
    if (this.hasSeries) cells.push(`<td class="chart spark" data-l="${attr(this.seriesHead)}">${this.spark(r, label)}</td>`);
    if (this.report.compare) cells.push(`<td class="num chg" data-l="${attr(fill(fm.msg.html.changeVs, { id: this.report.compare.id }))}">${change(r, cur, fm)}</td>`);
    return `<tr class="k${isGroupRow(r) ? ' group' : ''}">${cells.join('')}</tr>`;
  }

  private spark(r: ResultRow, name: string): string {
    const points = this.context.series?.get(resultKey(r));
    if (!points || points.length < 2) return '';
    const cur = this.cur(r);
    const v = (x: number) => this.f.value(x, r.unit, cur, r.kpi);
    const shown = (p: SeriesPoint) => (p.projected ?? p.value);
    const values = points.map(shown).filter((x): x is number => x !== null);
    const span = { label: name, from: points[0].period.id, to: points[points.length - 1].period.id };
    const label =
      values.length === 0
        ? fill(this.f.msg.html.noValues, span)
        : fill(this.f.msg.html.sparkLabel, { ...span, low: v(Math.min(...values)), high: v(Math.max(...values)), last: v(values[values.length - 1]) });
    return sparklineSvg(
      points.map((p) => ({ value: shown(p), target: p.target })),
      STATUS_COLOUR[r.status].bar,
      label,
    );
  }
}

/** `to date 9,677.42 NOK, by working days` under a running period's target; '' without a to-date target. */
function toDateSmall(r: ResultRow, cur: string | undefined, f: Formatter): string {
  if (r.target_to_date == null) return '';
  return `<small class="todate">${text(fill(reportWords(f).toDateCell, { value: f.value(r.target_to_date, r.unit, cur, r.kpi), basis: paceBasisText(r, f) }))}</small>`;
}

/** `↑ +6.8 pp better`: the arrow says the direction, the word (and its colour) whether that is good for this KPI. */
function change(r: ResultRow, cur: string | undefined, f: Formatter): string {
  const w = f.msg.html;
  const prev = `<small>${text(fill(w.prev, { value: f.value(r.previous, r.unit, cur, r.kpi) }))}</small>`;
  if (r.change === null) return `–${r.previous === null ? '' : prev}`;
  const shown = f.change(r.change, r.change_pct, r.unit, cur, r.kpi);
  const flat = !/[1-9]/.test(shown);
  const up = r.change > 0;
  const arrow = flat ? '→' : up ? '↑' : '↓';
  const good = up === (r.better === 'higher');
  const verdict = flat ? '' : ` <span class="gb ${good ? 'good' : 'bad'}">${text(good ? w.better : w.worse)}</span>`;
  return `<span class="arrow${flat ? '' : good ? ' good' : ' bad'}" aria-hidden="true">${arrow}</span> ${text(shown)}${verdict}${prev}`;
}

/** What the marks of the charts mean, drawn with the same functions and colours as the charts themselves. */
function legend(lay: KpiLayout, statuses: ReadonlySet<Status>, f: Formatter): string {
  const w = f.msg.html;
  const bullet = bulletSvg({ value: 62, projected: lay.hasProjection ? 88 : null, target: 75, previous: lay.hasPrevious ? 50 : null, colour: STATUS_COLOUR.met.bar, label: w.againstTarget }, 150, 26);
  const bar = [w.legendBullet, ...(lay.hasProjection ? [w.legendProjected] : [])].map(text).join('; ');
  const marks = `<b class="ink">▮</b> ${text(w.legendTarget)}${lay.hasPrevious ? `; <b class="prev">▼</b> ${text(w.legendPrevious)}` : ''}`;
  const items = [`<li><span class="key">${bullet}</span><span>${bar}; ${marks}. ${text(w.legendScale)}</span></li>`];
  if (lay.hasSeries) {
    const spark = sparklineSvg(
      [40, 46, 43, 52, 50, 58, 55, 61, 57, 66, 63, 70].map((v) => ({ value: v, target: 60 })),
      STATUS_COLOUR.met.bar,
      lay.seriesHead,
    );
    items.push(`<li><span class="key">${spark}</span><span>${text(fill(w.legendSpark, { head: lay.seriesHead }))}</span></li>`);
  }
  if (lay.hasPrevious) {
    items.push(`<li><span class="key arrows"><span class="arrow good">↑</span> <span class="gb good">${text(w.better)}</span> <span class="arrow bad">↓</span> <span class="gb bad">${text(w.worse)}</span></span><span>${text(w.legendChange)}</span></li>`);
  }
  const pills = [...statuses].sort(byStatusRank).map((s) => `<span class="pill s-${s}">${text(f.statusMark(s))}</span>`);
  items.push(`<li><span class="key statuses">${pills.join(' ')}</span><span>${text(w.legendStatus)}</span></li>`);
  return `<section class="legend" aria-label="${attr(w.howToRead)}">\n<h2>${text(w.howToRead)}</h2>\n<ul>\n${items.join('\n')}\n</ul>\n</section>\n`;
}

/**
 * `all`: every row shown, so each section's table has the same columns. Figures that belong together share a column,
 * the second under the first as the head says it (the variance over its percent, each other target set's target
 * over its variance, the baseline over the benchmark, the previous value over the change): one column a figure made
 * the demo's table 995 px wide in its 970 at 1024 px, and 1,530 with three target sets (it scrolled sideways).
 */
function* varianceTable(rows: ResultRow[], all: ResultRow[], report: Report, context: ReportContext, f: Formatter): Generator<string> {
  // A group of --by currency is shown in its own currency.
  const cur = (r: ResultRow) => currencyOf(r, context);
  const columns = optionalColumns(all, report, context);
  const { groups: hasGroups, pace: hasPace, refs: hasRefs } = columns;
  const h = f.msg.head;
  const v = (n: number | null, r: ResultRow) => f.value(n, r.unit, cur(r), r.kpi);
  const optional = (n: number | null, r: ResultRow) => (n === null ? '' : v(n, r));
  // The first line is the cell's (td.num does not wrap); the second may wrap between its figures, never inside one
  // (en-GB writes `1,500.00 NOK` with a plain space).
  const nw = (s: string) => (s === '' ? '' : `<span class="nw">${text(s)}</span>`);
  const second = (s: string) => (s === '' ? '' : `<small class="second">${s}</small>`);
  // No figure in either line is one dash, not two.
  const none = (first: string, under: string) => (first === '–' || first === '') && (under === '–' || under === '');
  const stacked = (first: string, under: string) => `<td class="num">${text(first)}${none(first, under) ? '' : second(nw(under))}</td>`;
  // The group under the KPI's name as well (a column of its own was the 63 px the --by table lacked at 1024 px).
  const head: string[] = [`<th>${text(h.kpi)}${hasGroups ? second(text(context.by.join(' / '))) : ''}</th>`];
  const th = (first: string, under?: string) => `<th class="num">${text(first)}${under === undefined ? '' : second(text(under))}</th>`;
  head.push(th(h.actual));
  if (hasPace) head.push(th(h.projected));
  head.push(th(targetHead(context, f)), th(h.variance, h.variancePct), `<th>${text(h.status)}</th>`);
  for (const name of columns.sets) head.push(th(targetSetTitle(name), `± ${targetSetTitle(name)}`));
  if (hasRefs) head.push(th(h.baseline, h.benchmark));
  if (report.compare) head.push(th(h.previous, h.change));
  yield `<table class="variance">\n<thead><tr>${head.join('')}</tr></thead>\n<tbody>\n`;
  for (const r of rows) {
    const group = hasGroups ? second(text(groupText(r, context.by, f))) : '';
    const cells = [`<td class="kpi${isGroupRow(r) ? ' group' : ''}" title="${attr(r.kpi)}">${text(f.label(r.kpi, r.label))}${group}</td>`];
    cells.push(`<td class="num">${text(markUnknown(v(r.value, r), r))}</td>`);
    if (hasPace) cells.push(`<td class="num">${text(optional(r.projected, r))}</td>`);
    cells.push(`<td class="num">${text(v(r.target, r))}${toDateSmall(r, cur(r), f)}</td>`);
    cells.push(stacked(f.delta(r.variance, r.unit, cur(r), r.kpi), f.pct(r.variance_pct)));
    cells.push(`<td class="status s-${r.status}">${text(`${f.statusMark(r.status)}${r.pace ? ` ${f.msg.text.pace}` : ''}`)}</td>`);
    for (const name of columns.sets) {
      const [target, variance] = targetSetCells(r, name, cur(r), f);
      // `+42 864,40 kr (+3,0 %)`: the percent may go to a line of its own, the figures stay whole.
      const m = /^(.*) \((.*)\)$/.exec(variance);
      cells.push(`<td class="num">${text(target)}${none(target, variance) ? '' : second(m ? `${nw(m[1])} ${nw(`(${m[2]})`)}` : nw(variance))}</td>`);
    }
    if (hasRefs) cells.push(stacked(optional(r.baseline, r), optional(r.benchmark, r)));
    if (report.compare) cells.push(stacked(v(r.previous, r), f.change(r.change, r.change_pct, r.unit, cur(r), r.kpi)));
    yield `<tr>${cells.join('')}</tr>\n`;
  }
  yield '</tbody>\n</table>\n';
}

function section(title: string, content: string): string {
  return `<section>\n<h2>${text(title)}</h2>\n${content}\n</section>`;
}

function dataQuality(report: Report, f: Formatter): string {
  const h = f.msg.head;
  // Row counts in the locale's digits (3 779), as every other number of the page.
  const count = (n: number) => countText(n, f);
  if (report.data_quality.length === 0) return '';
  const rows = report.data_quality.map(
    (q) =>
      `<tr><td>${text(q.source)}</td><td class="file">${q.files.map(text).join('<br>')}</td><td class="num">${text(count(q.rows))}</td><td class="num${q.skipped > 0 ? ' warn' : ''}">${text(count(q.skipped))}</td><td class="num">${text(count(q.no_period))}</td><td class="num">${text(count(q.total_rows.length))}</td></tr>`,
  );
  const table = `<div class="scroll">\n<table class="quality">\n<thead><tr><th>${text(h.source)}</th><th>${text(h.files)}</th><th class="num">${text(h.rows)}</th><th class="num">${text(h.skipped)}</th><th class="num">${text(h.noPeriod)}</th><th class="num">${text(h.totalRows)}</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>\n</div>`;
  const issues = report.data_quality.flatMap((q) => [
    ...q.issues.map((i) => ({ source: q.source, ...i })),
    ...(q.unknown_values ?? []).map((u) => ({ source: q.source, file: u.file, line: u.line, column: u.column, value: u.value, reason: fill(reportWords(f).notKnown, { field: u.field, expected: u.expected.join(', '), rows: rowsText(u.count, f) }) })),
    ...q.total_rows.map((t) => ({ source: q.source, file: t.file, line: t.line, column: '', value: '', reason: reportWords(f).totalRow })),
  ]);
  const note = unknownNote(report, f);
  const list =
    issues.length === 0
      ? ''
      : `\n<div class="scroll">\n<table class="issues">\n<thead><tr><th>${text(h.source)}</th><th>${text(h.file)}</th><th class="num">${text(h.line)}</th><th>${text(h.column)}</th><th>${text(h.value)}</th><th>${text(h.reason)}</th></tr></thead>\n<tbody>\n${issues
          .map((i) => `<tr><td>${text(i.source)}</td><td class="file">${text(i.file)}</td><td class="num">${i.line}</td><td>${text(i.column)}</td><td><code>${text(i.value)}</code></td><td>${text(i.reason)}</td></tr>`)
          .join('\n')}\n</tbody>\n</table>\n</div>`;
  return section(f.msg.text.sheetQuality, table + (note ? `\n<p class="warn">${text(note)}</p>` : '') + list);
}

/** A CSS string: quoted, with `"`, `\\` and `<` escaped (the text is the user's report title, inside <style>). */
const cssString = (t: string): string => `"${t.replace(/[\\"<\n]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;

/**
 * The printed pages' footer: the report's title on the left, `page 3 of 7` on the right (CSS page counters), from
 * the locale's `page {page} of {pages}`.
 */
function printFooter(title: string, template: string): string {
  const pageOf = template
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
  return `\n@page{@bottom-left{content:${cssString(title)};font:8pt system-ui,sans-serif;color:#57606a}@bottom-right{content:${pageOf};font:8pt system-ui,sans-serif;color:#57606a}}\n`;
}

const STYLE = `
${BASE_STYLE}
main{max-width:1240px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:17px;margin:22px 0 10px}
h2.part{font-size:20px;margin:36px 0 4px;color:#57606a}
h3{font-size:14px;margin:14px 0 6px;color:#3d4650}
.sub{margin:0;color:#57606a}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:18px 0 8px}
.card{flex:1 1 120px;border-radius:8px;padding:10px 14px;border:1px solid rgba(0,0,0,.12)}
.card .count{display:block;font-size:26px;font-weight:700;line-height:1.1}
.card .mark{font-size:18px;margin-right:6px;vertical-align:2px}
.card .name{font-size:13px}
section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:2px 16px 14px;margin:14px 0}
section.cards{background:none;border:0;padding:0}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid #e5e8eb;text-align:left;vertical-align:middle}
th{font-weight:600;background:#f6f8fa;border-bottom:1px solid #d0d7de;font-size:13px}
.num{text-align:right;white-space:nowrap}
.nw{white-space:nowrap}
td small{display:block;color:#57606a;font-size:12px}
/* The target to date under a target wraps (its basis is words), so a running period's column stays narrow. */
td small.todate{white-space:normal}
.pill{display:inline-block;white-space:nowrap;border-radius:999px;padding:1px 9px;font-weight:600;font-size:13px;border:1px solid rgba(0,0,0,.14)}
table.kpis td.name{font-weight:600;min-width:9em}
table.kpis tr.group td.name{font-weight:400;padding-left:22px}
.grp{display:block;font-weight:400;color:#57606a;font-size:12px}
table.kpis td.big{font-weight:600}
td.chart{width:1%;padding-top:3px;padding-bottom:3px}
svg.mini{display:block}
.arrow{font-weight:700}
.good{color:${GOOD}}
.bad{color:${BAD}}
.gb{font-size:12px;font-weight:600}
td.chg{white-space:nowrap}
table.variance td.group{padding-left:24px;color:#57606a}
table.variance td.group small.second{color:${INK}}
td.status{white-space:nowrap;font-weight:600}
td.warn,p.warn{color:#8e1b1b;font-weight:600}
td.file{overflow-wrap:anywhere;min-width:10em}
/* A column's second figure under its first (html.ts varianceTable); it may wrap between figures, never inside one. */
th small.second{display:block;font-weight:400;color:#57606a;font-size:12px}
table.variance small.second{white-space:normal}
.scroll{overflow-x:auto}
.note{color:#57606a;font-size:13px}
.legend ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:8px 28px}
.legend li{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px;flex:1 1 300px;min-width:0;font-size:13px;color:#3d4650}
.legend .key{flex:none}
.legend .statuses{display:flex;flex-wrap:wrap;gap:6px;flex:0 1 auto;min-width:0}
.legend b.ink{color:${INK}}
.legend b.prev{color:${PREVIOUS};font-size:11px}
footer{color:#8c959f;font-size:12px;margin-top:24px}
code{font-size:12px;overflow-wrap:anywhere}
@media (min-width:1101px){
table.kpis th.st{width:8.5em}
table.kpis th.c-actual{width:11em}
table.kpis th.c-target{width:10em}
table.kpis th.c-var{width:10em}
table.kpis th.c-chg{width:12em}
}
@media (max-width:1100px){
main{padding:16px}
section{padding:2px 10px 12px}
th,td{padding:5px 5px}
table.kpis{font-size:13px}
table.kpis td.name{min-width:7em}
table.kpis svg.mini{width:90px;height:auto}
table.kpis td.spark svg.mini{width:80px}
/* What is said under a figure (projected, a target to date, another target set) wraps between words. */
table.kpis td.num small{white-space:normal}
table.kpis th,table.kpis td.chg,table.kpis td.chg small{white-space:normal}
/* A word breaks only when it cannot fit a line at all: 'anywhere' would make the column as narrow as a letter and
   split Kundetilfredshet mid-word at 1024 px. */
table.kpis td.name{overflow-wrap:break-word;hyphens:auto}
table.variance{font-size:12px}
table.variance th,table.variance td{padding:4px 3px}
table.variance th small.second{font-size:11px}
table.variance th{white-space:normal;font-size:12px}
}
@media (max-width:720px){
main{padding:10px}
h1{font-size:20px}
.card{flex:1 1 90px;padding:8px 10px}
.card .count{font-size:22px}
table.kpis,table.kpis tbody{display:block}
table.kpis thead{display:none}
table.kpis tr.k{display:grid;grid-template-columns:1fr 1fr;gap:2px 12px;padding:10px 2px;border-bottom:1px solid #d0d7de}
table.kpis tr.k td{border:0;padding:1px 0;text-align:left;white-space:normal}
table.kpis td.st{grid-column:1/-1;order:-2}
table.kpis td.name{grid-column:1/-1;order:-1;font-size:15px;min-width:0;padding-left:0}
table.kpis tr.group td.name{padding-left:0}
table.kpis td[data-l]::before{content:attr(data-l);display:block;font-size:11px;color:#57606a;font-weight:400;text-transform:uppercase;letter-spacing:.03em}
table.kpis td.big{font-size:17px}
table.kpis td.chart{width:auto}
table.variance small.second{white-space:nowrap}
/* The table of every result is wider than a phone: it alone scrolls sideways, its KPI column stays put, and a
   shadow at the right edge says there is more (it goes when the table has been scrolled to its end). */
.scroll{background:linear-gradient(to left,#fff 40%,rgba(255,255,255,0)) right/36px 100% no-repeat local,linear-gradient(to left,rgba(0,0,0,.16),rgba(0,0,0,0)) right/12px 100% no-repeat scroll}
table.variance td.kpi,table.variance th:first-child{position:sticky;left:0;z-index:1;background:#fff;box-shadow:1px 0 0 #d0d7de;min-width:8em}
table.variance th:first-child{background:#f6f8fa}
}
@page{size:A4 landscape;margin:12mm 12mm 14mm}
@media print{
body{background:#fff;font-size:9pt}
main{max-width:none;padding:0}
section{border:0;border-radius:0;padding:0;margin:6px 0 10px}
h1{font-size:16pt}
h2{font-size:12pt;margin:8px 0 4px}
.cards{gap:6px;margin:8px 0}
.card{padding:4px 10px}
.card .count{font-size:16pt}
th,td{padding:2px 6px}
th{font-size:8.5pt}
td small{font-size:8pt}
.pill{font-size:8.5pt;padding:0 6px}
${PRINT_COLOURS}
tr,figure,.cards,.legend li{break-inside:avoid}
h2{break-after:avoid}
.appendix{break-before:page}
h2.part{margin-top:0}
.scroll{overflow:visible}
table.variance,table.quality,table.issues{font-size:8pt}
footer{display:none}
}
`;
