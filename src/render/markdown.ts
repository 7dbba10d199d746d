// Markdown renderer: a GitHub-flavoured table for a PR comment or $GITHUB_STEP_SUMMARY, with marks that read without colour.
import type { ResultRow } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { currencyOf } from '../report/model.js';
import { formatterFor, type Formatter } from '../locale/format.js';
import { en } from '../locale/messages/en.js';
import { byHead, groupText, hiddenByOption, markUnknown, otherTargetSets, paceNote, reportTitle, statusNotes, summaryParts, targetHead, targetSetCells, targetSetTitle, unknownNote, visibleResults } from './rows.js';
import type { Renderer } from './types.js';
import { qualityLines } from './quality.js';
import { noiseText, noteLines, whyLines } from './why.js';
import { hiddenNote, sectionsOf, type Section } from './sections.js';
import { visible } from '../util/text.js';
import { reportWords } from './report-words.js';

/** Emoji first so the status reads at a glance; the word after it (in the locale) so it also reads in plain text. */
const MD_EMOJI: Record<Status, string> = { met: '✅', at_risk: '⚠️', missed: '❌', early: '⏳', no_target: '➖', no_data: '❔', incomplete: '◌', error: '🛑' };
const mdMark = (status: Status, f: Formatter): string => `${MD_EMOJI[status]} ${f.statusWord(status)}`;

/** The English marks (`✅ met`), as a report without a locale shows them. */
export const MD_MARK: Record<Status, string> = Object.fromEntries(Object.entries(MD_EMOJI).map(([s, e]) => [s, `${e} ${en.status[s as Status]}`])) as Record<Status, string>;

interface Column {
  head: string;
  align: 'left' | 'right';
  cell: (r: ResultRow) => string;
}

export const renderMarkdown: Renderer = (report, context, options) => {
  // `report:` in kpi.yaml: a table per section under its heading.
  const { sections, hidden } = sectionsOf(visibleResults(report, options), context.layout, undefined, options.sort);
  const rows = sections.flatMap((s) => s.rows);
  const f = formatterFor(context);
  const h = f.msg.head;
  const value = (n: number | null, r: ResultRow) => f.value(n, r.unit, cur(r), r.kpi);
  // A group of --by currency is shown in its own currency.
  const cur = (r: ResultRow) => {
    const code = currencyOf(r, context);
    return code === undefined ? undefined : mdText(code);
  };
  const hasPace = rows.some((r) => r.projected !== null);
  const hasRefs = rows.some((r) => r.baseline !== null || r.benchmark !== null);
  const optional = (n: number | null, r: ResultRow) => (n === null ? '' : value(n, r));
  const columns: Column[] = [
    { head: mdText(h.kpi), align: 'left', cell: (r) => mdText(f.label(r.kpi, r.label)) },
    ...(context.by.length > 0 ? [{ head: mdText(byHead(context.by, f)), align: 'left' as const, cell: (r: ResultRow) => mdText(groupText(r, context.by, f)) }] : []),
    { head: h.actual, align: 'right', cell: (r) => markUnknown(value(r.value, r), r) },
    ...(hasPace ? [{ head: h.projected, align: 'right' as const, cell: (r: ResultRow) => optional(r.projected, r) }] : []),
    { head: mdText(targetHead(context, f)), align: 'right', cell: (r) => value(r.target, r) },
    { head: h.variance, align: 'right', cell: (r) => f.delta(r.variance, r.unit, cur(r), r.kpi) },
    { head: h.variancePct, align: 'right', cell: (r) => f.pct(r.variance_pct) },
    { head: h.status, align: 'left', cell: (r) => `${mdMark(r.status, f)}${r.pace ? ` ${f.msg.text.pace}` : ''}` },
    // Each other target set: its target and the variance against it (README "Budgets and forecasts").
    ...otherTargetSets(context).flatMap((name): Column[] => [
      { head: mdText(targetSetTitle(name)), align: 'right', cell: (r) => targetSetCells(r, name, cur(r), f)[0] },
      { head: mdText(`± ${targetSetTitle(name)}`), align: 'right', cell: (r) => targetSetCells(r, name, cur(r), f)[1] },
    ]),
    ...(hasRefs
      ? [
          { head: h.baseline, align: 'right' as const, cell: (r: ResultRow) => optional(r.baseline, r) },
          { head: h.benchmark, align: 'right' as const, cell: (r: ResultRow) => optional(r.benchmark, r) },
        ]
      : []),
    ...(report.compare
      ? [
          { head: h.previous, align: 'right' as const, cell: (r: ResultRow) => value(r.previous, r) },
          { head: h.change, align: 'right' as const, cell: (r: ResultRow) => f.change(r.change, r.change_pct, r.unit, cur(r), r.kpi) },
        ]
      : []),
  ];

  const notShown = [hiddenNote(hidden, f), hiddenByOption(report, options, f)].filter(Boolean);
  const head = [`### ${mdText(reportTitle(report, context))}`, '', summaryLine(report.summary, f), '', ...notShown.flatMap((note) => [`_${mdText(note)}_`, ''])];
  // After the table: notes, said once each (short, whatever the number of groups).
  const tail: string[] = [];
  if (rows.length === 0 && options.onlyProblems) tail.push(mdText(f.msg.text.noProblems), '');
  for (const note of statusNotes(rows, context.by, f)) tail.push(`> ${mdText(note)}`, '');
  for (const line of noteLines(rows, f)) tail.push(`> ${mdText(line)}`, '');
  for (const line of noiseText(rows, context)) tail.push(`> ${mdText(line)}`, '');
  for (const w of whyLines(rows, context)) tail.push(`- **${mdText(reportWords(f).why)} ${mdText(w.kpi)}** — ${mdText(w.what)}: ${mdText(w.text)}`);
  if (rows.some((r) => r.drivers?.length)) tail.push('');
  const paced = paceNote(rows, f);
  if (paced) tail.push(`_${mdText(paced)}_`, '');
  const unknown = unknownNote(report, f);
  if (unknown) tail.push(`> ${mdText(unknown)}`, '');
  for (const q of report.data_quality) {
    for (const line of qualityLines(q, f)) tail.push(`> ⚠️ ${mdText(line)}`, '');
  }
  if (rows.length === 0) return { text: `${[...head, ...tail].join('\n').trimEnd()}\n` };
  return { chunks: markdownLines(head, columns, sections, tail) };
};

/**
 * The page a table row at a time (Rendered `chunks`): the same text as the head, the table and the tail joined by
 * line breaks with trailing blank lines cut, which the tail alone decides (a table row never ends in a blank).
 */
function* markdownLines(head: string[], columns: Column[], sections: Section[], tail: string[]): Generator<string> {
  yield `${head.join('\n')}\n`;
  for (const [i, section] of sections.entries()) {
    if (section.name !== undefined) yield `${i > 0 ? '\n' : ''}#### ${mdText(section.name)}\n\n`;
    yield `${tableRow(columns.map((c) => c.head))}\n${tableRow(columns.map((c) => (c.align === 'right' ? '---:' : ':---')))}\n`;
    for (const r of section.rows) yield `${tableRow(columns.map((c) => c.cell(r)))}\n`;
  }
  const after = ['', ...tail].join('\n').trimEnd();
  if (after !== '') yield `${after}\n`;
}

function summaryLine(summary: Record<Status, number>, f: Formatter): string {
  return `**${summaryParts(summary, f).map(([status, text]) => `${MD_EMOJI[status]} ${text}`).join(' · ')}**`;
}

const tableRow = (cells: string[]): string => `| ${cells.join(' | ')} |`;

/**
 * Text from configs and data inside a table cell or after `###`: one line; control and bidirectional characters shown
 * escaped (`\e`, `\u202e`); the characters that could start emphasis, code, links, HTML, entities or a new cell
 * backslash-escaped (CommonMark allows it for any ASCII punctuation); and GitHub's references made inert: a zero-width
 * space after `@` (a mention notifies the user), `#` before a digit and `GH-` (links an issue), as Renovate and
 * Dependabot write them in their PR bodies. It shows the same text and links nothing.
 */
export function mdText(text: string): string {
  return visible(text.replace(/\r\n|[\r\n]/g, ' '))
    .replace(/[\\`*_[\]<>|~&]/g, '\\$&')
    // One pass: a second one would find the `#8` of the entity the first one wrote.
    .replace(/@(?=[\p{L}\p{N}_-])|#(?=\d)|\bGH(?=-\d)/giu, '$&&#8203;');
}
