// `kpi scorecard --format html`: one self-contained page (inline CSS, the report's CSP) with the scorecard table:
// the KPI column and the head stay in view while the months scroll sideways on a narrow screen; each cell carries
// its status as a mark and a colour, and its exact figure and target in a tooltip.
import type { ScorecardCell, ScorecardRow } from '../../report/model.js';
import type { Unit } from '../../model/vocabulary.js';
import { STATUSES } from '../../model/vocabulary.js';
import { BASE_STYLE, pageHead, PRINT_COLOURS, statusStyles } from '../html-head.js';
import { xmlAttr as attr, xmlText as text } from '../escape.js';
import { summaryParts } from '../rows.js';
import { hiddenNote } from '../sections.js';
import { cellParts, compactDelta, compactValue, monthHeads, rowLabel, scorecardHeading, scorecardNotes, scorecardSections, scorecardTitle, tailHeads } from './shared.js';
import { fill, formatterFor } from '../../locale/format.js';
import type { ScorecardRenderer } from './index.js';

export const renderScorecardHtml: ScorecardRenderer = (scorecard, context) => {
  const f = formatterFor(context);
  const { sections, hidden } = scorecardSections(scorecard, context);
  const title = scorecardTitle(scorecard, context, f);
  const heading = scorecardHeading(scorecard, context, f);
  const months = monthHeads(scorecard, f);
  const head = [f.msg.head.kpi, ...months, ...tailHeads(f)];
  const currency = (r: ScorecardRow) => r.currency ?? context.currency;
  // The exact figure, its target and its status, for the tooltip (the cell shows the compact figure).
  const tip = (c: ScorecardCell, unit: Unit, r: ScorecardRow, period: string) =>
    `${period}: ${f.value(c.pace && c.projected !== null ? c.projected : c.value, unit, currency(r), r.kpi)}${c.pace ? ` (${f.msg.head.projected.toLowerCase()})` : ''}${c.target !== null ? ` · ${f.msg.head.target.toLowerCase()} ${f.value(c.target, unit, currency(r), r.kpi)}` : ''} · ${f.statusMark(c.status)}${c.reason ? ` · ${f.reason(c.reason)}` : ''}`;
  // The marks in a span of its own, set smaller than the figure: twelve months and YTD fit 1024 px (the text reads
  // `1.46M (p) ▲` all the same).
  const cell = (c: ScorecardCell, r: ScorecardRow, period: string, cls: string) => {
    const { figure, marks, mark } = cellParts(c, r.unit, f);
    const small = `${marks}${mark ? ` ${mark}` : ''}`;
    return `<td class="num s-${c.status} ${cls}" title="${attr(tip(c, r.unit, r, period))}">${text(figure)}${small ? `<span class="mk">${text(small)}</span>` : ''}</td>`;
  };
  // The columns after YTD: the compact figure, the exact one in its tooltip (as a month's cell has it).
  const exact = (value: number | null, r: ScorecardRow, shown: string, delta = false) => {
    const full = value === null ? '' : delta ? f.delta(value, r.unit, currency(r), r.kpi) : f.value(value, r.unit, currency(r), r.kpi);
    return `<td class="num t"${full && full !== shown ? ` title="${attr(full)}"` : ''}>${text(shown)}</td>`;
  };
  const body: string[] = [];
  const cols = head.length;
  for (const s of sections) {
    if (s.name !== undefined) body.push(`<tr class="section"><th colspan="${cols}" scope="colgroup">${text(s.name)}</th></tr>`);
    for (const r of s.rows) {
      const group = Object.keys(r.group).length > 0;
      body.push(
        `<tr><th scope="row" class="kpi${group ? ' group' : ''}" title="${attr(r.kpi)}">${text(rowLabel(r, context.by, f).trim())}</th>${r.months.map((c, i) => cell(c, r, scorecard.months[i].id, i < r.months.length - 1 ? 'm old' : 'm')).join('')}${cell(r.ytd, r, f.msg.scorecard.yearToDate, 'ytd')}${exact(r.last_year_ytd.value, r, compactValue(r.last_year_ytd.value, r.unit, f))}${exact(r.full_year_target, r, compactValue(r.full_year_target, r.unit, f))}${exact(r.remaining, r, compactDelta(r.remaining, r.unit, f), true)}</tr>`,
      );
    }
  }
  const cards = summaryParts(scorecard.summary, f).map(([s, t]) => `<span class="pill s-${s}">${text(t)}</span>`).join(' ');
  const notShown = hiddenNote(hidden);
  const page = [
    ...pageHead(f.spec.language, title, `${STYLE}${statusStyles(STATUSES.filter((s) => s !== 'no_target'))}`),
    '<body>',
    '<main>',
    `<header><h1>${text(heading.name)}</h1><p class="sub">${text(heading.span)}</p><p class="sub">${text(f.msg.scorecard.yearToDate)}: ${cards}</p></header>`,
    '<div class="scroll">',
    '<table class="scorecard">',
    `<thead><tr>${head.map((h, x) => `<th scope="col"${x === 0 ? ' class="kpi"' : x < months.length ? ' class="num m old"' : x === months.length ? ' class="num m"' : ' class="num"'}>${text(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...body,
    '</tbody>',
    '</table>',
    '</div>',
    months.length > 1 ? `<p class="note narrow">${text(fill(f.msg.scorecard.narrow, { last: months[months.length - 1], first: months[0], before: months[months.length - 2] }))}</p>` : '',
    notShown ? `<p class="note">${text(notShown)}</p>` : '',
    ...scorecardNotes(scorecard, context, f).map((n) => `<p class="note">${text(n)}</p>`),
    `<footer>${text(f.msg.text.generatedBy)}</footer>`,
    '</main>',
    '</body>',
    '</html>',
  ];
  return { text: `${page.filter((l) => l !== '').join('\n')}\n` };
};

const STYLE = `
${BASE_STYLE}
main{max-width:1600px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}
.sub{margin:0 0 8px;color:#57606a}
header{margin-bottom:14px}
.pill{display:inline-block;border-radius:10px;padding:1px 8px;font-size:13px;margin:2px 0}
/* On a phone the table scrolls in its box, no taller than the window, the head and the KPI column in view (a box
   that scrolled sideways only would carry its head away with the page). On a wider screen the box is as wide as
   the table and the page scrolls: the head stays at the window's top, and a whole-page picture has every KPI. */
.scroll{background:#fff;border:1px solid #d8dee4;border-radius:8px;width:fit-content;min-width:100%}
@media (max-width:700px){.scroll{overflow:auto;max-height:calc(100vh - 16px);width:auto;min-width:0}}
table{border-collapse:separate;border-spacing:0;width:100%;font-variant-numeric:tabular-nums;font-size:13px}
th,td{padding:4px 5px;border-bottom:1px solid #e5e8eb;text-align:left;white-space:nowrap}
thead th{position:sticky;top:0;z-index:2;background:#f6f8fa;font-weight:600;font-size:12px;border-bottom:1px solid #d0d7de;white-space:normal;vertical-align:bottom}
/* The KPI column stays in view while the months scroll; a long name wraps rather than being cut. */
th.kpi{position:sticky;left:0;background:#fff;z-index:1;font-weight:600;white-space:normal;width:18em;min-width:10em;line-height:1.25;overflow-wrap:anywhere;hyphens:auto;border-right:1px solid #e5e8eb}
thead th.kpi{background:#f6f8fa;z-index:3}
th.kpi.group{font-weight:400;padding-left:22px;color:#57606a}
tr.section th{background:#eef1f4;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#3d4752;position:sticky;left:0}
.num{text-align:right}
/* A month's cell: smaller type, its status mark smaller still (twelve months, YTD and the year fit 1024 px). */
td.m{font-size:12px;padding:4px 3px}
.mk{font-size:.8em;word-spacing:-.1em}
td.ytd{font-weight:700;border-left:2px solid #d0d7de}
.note{color:#57606a;font-size:13px}
footer{color:#8c959f;font-size:12px;margin-top:24px}
.narrow{display:none}
/* Up to 1100 px the figures' columns are as narrow as their figures: what is left goes to the KPI names. */
@media (max-width:1100px){main{padding:10px}.num{width:1%}table{font-size:12px}th.kpi{width:10.5em}td.num{padding:4px 3px}td.m,td.t{font-size:11px;padding:4px 2px}thead th{font-size:11px;padding:4px 3px}}
@media (max-width:700px){.old{display:none}.narrow{display:block}th.kpi{width:40vw;min-width:40vw}td.m,td.t{font-size:12px;padding:4px 3px}}
@page{size:A4 landscape;margin:10mm}
@media print{
body{background:#fff;font-size:8pt}
main{max-width:none;padding:0}
.scroll{overflow:visible;max-height:none;width:auto;border:0}
th,td{padding:2px 4px}
/* Paper keeps the 8 pt of before: the screen's pixel sizes would print larger. */
table{font-size:8pt}
td.m,td.t,thead th{font-size:7.5pt}
thead th,th.kpi{position:static}
${PRINT_COLOURS}
tr{break-inside:avoid}
footer{display:none}
}
`;
