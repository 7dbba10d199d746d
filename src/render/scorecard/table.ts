// `kpi scorecard` on the terminal: one table, KPIs in rows (under their section's heading), the months, YTD, last
// year's YTD, the full-year target and what remains; the oldest months are left out (and said) when the terminal
// is too narrow for them all.
import { Chalk } from 'chalk';
import type { ScorecardRow } from '../../report/model.js';
import type { Status } from '../../model/vocabulary.js';
import { summaryText, statusNotes } from '../rows.js';
import { hiddenNote } from '../sections.js';
import { displayWidth, tableLines, type Align } from '../text-table.js';
import { qualityLines } from '../quality.js';
import { visible } from '../../util/text.js';
import { cellText, compactDelta, compactValue, monthHeads, rowLabel, scorecardNotes, scorecardSections, scorecardTitle, tailHeads } from './shared.js';
import { fill, formatterFor } from '../../locale/format.js';
import type { ScorecardRenderer } from './index.js';

/** Without a terminal to measure (a pipe, a file), the table is drawn whole. */
const UNLIMITED = Infinity;
/** KPI names are cut to no fewer columns than this. */
const MIN_LABEL = 12;

/** Notes broken at spaces to the terminal's width (a word longer than it stays whole). */
function wrap(text: string, width: number): string {
  if (!Number.isFinite(width) || displayWidth(text) <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

export const renderScorecardTable: ScorecardRenderer = (scorecard, context, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint: Record<Status, (s: string) => string> = {
    met: chalk.green,
    at_risk: chalk.yellow,
    missed: chalk.red.bold,
    early: chalk.cyan,
    no_target: (s) => s,
    no_data: chalk.dim,
    incomplete: chalk.magenta,
    error: chalk.red.bold,
  };
  const f = formatterFor(context);
  const { sections, hidden } = scorecardSections(scorecard, context);
  const months = monthHeads(scorecard, f);
  const named = sections.some((s) => s.name !== undefined);
  // Every cell as text first (plain, for measuring), so the months that fit can be chosen.
  type Line = { section?: string; row?: ScorecardRow; cells: string[]; statuses: (Status | undefined)[] };
  const lines: Line[] = [];
  for (const s of sections) {
    if (named && s.name !== undefined) lines.push({ section: s.name, cells: [], statuses: [] });
    for (const r of s.rows) {
      const cells = [
        visible(rowLabel(r, context.by, f)),
        ...r.months.map((c) => cellText(c, r.unit, f)),
        cellText(r.ytd, r.unit, f),
        compactValue(r.last_year_ytd.value, r.unit, f),
        compactValue(r.full_year_target, r.unit, f),
        compactDelta(r.remaining, r.unit, f),
      ];
      const statuses: (Status | undefined)[] = [undefined, ...r.months.map((c) => c.status), r.ytd.status, undefined, undefined, undefined];
      lines.push({ row: r, cells, statuses });
    }
  }
  const width = options.width ?? UNLIMITED;
  // Below the width of every month: the oldest months go first (the latest month and the year's columns stay), then
  // the year's heads are shortened, then the KPI names are cut with '…'.
  let head = [f.msg.head.kpi, ...months, ...tailHeads(f)];
  const widthsOf = () => head.map((h, x) => Math.max(displayWidth(h), ...lines.map((l) => (l.row ? displayWidth(l.cells[x] ?? '') : x === 0 ? displayWidth(visible(l.section!)) : 0))));
  let widths = widthsOf();
  // Columns' widths as drawn: `│ cell ` each, and the closing `│`.
  const total = (dropped: number) => widths.reduce((n, w, x) => (x >= 1 && x <= dropped ? n : n + w + 3), 1);
  const fullWidth = total(0);
  let drop = 0;
  while (drop < months.length - 1 && total(drop) > width) drop++;
  if (total(drop) > width) {
    head = [f.msg.head.kpi, ...months, ...tailHeads(f, true)];
    widths = widthsOf();
  }
  const over = total(drop) - width;
  const labelWidth = over > 0 ? Math.max(MIN_LABEL, widths[0] - over) : widths[0];
  const cut = (text: string) => (displayWidth(text) <= labelWidth ? text : `${[...text].slice(0, labelWidth - 1).join('')}…`);
  const keep = (x: number) => x === 0 || x > drop;
  const out: string[] = [chalk.bold(wrap(visible(scorecardTitle(scorecard, context, f)), width))];
  const aligns: Align[] = head.map((_, x) => (x === 0 ? 'left' : 'right'));
  const body = function* () {
    for (const l of lines) {
      if (l.section !== undefined) {
        yield head.map((_, x) => (x === 0 ? chalk.bold(cut(visible(l.section!))) : '')).filter((_, x) => keep(x));
        continue;
      }
      yield l.cells.map((c, x) => (x === 0 ? cut(c) : l.statuses[x] ? paint[l.statuses[x]!](c) : c)).filter((_, x) => keep(x));
    }
  };
  if (lines.length > 0) for (const line of tableLines(head.filter((_, x) => keep(x)).map((h) => chalk.bold(h)), body, aligns.filter((_, x) => keep(x)))) out.push(line);
  else out.push(f.msg.scorecard.noKpi);
  if (drop > 0) {
    const left = drop === 1 ? months[0] : `${months[0]}–${months[drop - 1]}`;
    out.push(chalk.dim(wrap(fill(f.msg.scorecard.leftOut, { months: left, width, full: fullWidth }), width)));
  }
  out.push(wrap(`${f.msg.scorecard.yearToDate}: ${summaryText(scorecard.summary, f)}`, width));
  const notShown = hiddenNote(hidden);
  if (notShown) out.push(chalk.dim(wrap(visible(notShown), width)));
  for (const note of scorecardNotes(scorecard, context, f)) out.push(chalk.dim(wrap(note, width)));
  // Why a year-to-date figure has no verdict (its source ends early, a column is missing): said once per reason.
  // statusNotes reads a row's label, group, status, reason and values left out: the YTD cell's, with its row's name.
  const ytdRows = scorecard.rows.map((r) => ({ ...r, ...r.ytd })) as unknown as Parameters<typeof statusNotes>[0];
  for (const note of statusNotes(ytdRows, context.by, f)) out.push(paint.incomplete(visible(note)));
  for (const q of scorecard.data_quality) for (const line of qualityLines(q)) out.push(chalk.yellow(visible(line)));
  return { text: `${out.join('\n')}\n` };
};
