// Terminal table renderer: a box table (drawn as cli-table3 would) with status marks that read without colour; colour
// only when asked. Text from data and configs is shown with its control characters escaped, never sent raw.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { currencyOf } from '../report/model.js';
import { formatterFor, type Formatter } from '../locale/format.js';
import type { Renderer, RenderOptions } from './types.js';
import { hiddenByOption, markUnknown, optionalColumns, paceNote, reportTitle, shownGroup, statusNotes, summaryText, tableHead, targetSetCells, unknownNote, visibleResults } from './rows.js';
import { hiddenNote, sectionsOf } from './sections.js';
import { qualityLines } from './quality.js';
import { noiseText, noteLines, whyText } from './why.js';
import { tableLines } from './text-table.js';
import { visible } from '../util/text.js';

const paint = (chalk: ChalkInstance): Record<Status, (s: string) => string> => ({
  met: chalk.green,
  at_risk: chalk.yellow,
  missed: chalk.red.bold,
  early: chalk.cyan,
  no_target: chalk.dim,
  no_data: chalk.dim,
  incomplete: chalk.magenta.bold,
  error: chalk.red.bold,
});

export const renderTable: Renderer = (report, context, options) => ({ chunks: tableText(report, context, options) });

/** A line at a time (Rendered `chunks`); each row's cells are made twice (measured, then drawn), never all held. */
function* tableText(report: Report, context: ReportContext, options: RenderOptions): Generator<string> {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const colours = paint(chalk);
  // `report:` in kpi.yaml: a table per section under its heading (one table, no heading, without sections).
  const f = formatterFor(context);
  const { sections, hidden } = sectionsOf(visibleResults(report, options), context.layout, undefined, options.sort);
  const rows = sections.flatMap((s) => s.rows);
  yield `${chalk.bold(visible(reportTitle(report, context)))}\n`;

  if (rows.length > 0) {
    const columns = optionalColumns(rows, report, context);
    const { groups: hasGroups, pace: hasPace, refs: hasRefs } = columns;
    const head = tableHead(columns, context, f).map(visible);
    const aligns = head.map((h, x) => ([f.msg.head.kpi, f.msg.head.status].includes(h) || (hasGroups && x === 1) ? 'left' : 'right'));
    const shape = { hasGroups, hasPace, hasRefs, hasCompare: report.compare !== null, sets: columns.sets };
    // A group of --by currency is shown in its own currency.
    const shown = (r: ResultRow) => {
      const code = currencyOf(r, context);
      return code === undefined ? undefined : visible(code);
    };
    for (const section of sections) {
      if (section.name !== undefined) yield `\n${chalk.bold(visible(section.name))}\n`;
      const body = function* () {
        for (const r of section.rows) yield cells(r, shape, shown(r), colours, f);
      };
      for (const line of tableLines(
        head.map((h) => chalk.bold(h)),
        body,
        aligns,
      ))
        yield `${line}\n`;
    }
  }
  const lines: string[] = [summaryText(report.summary, f)];
  const notShown = hiddenNote(hidden);
  if (notShown) lines.push(chalk.dim(visible(notShown)));
  const notShownByOption = hiddenByOption(report, options);
  if (notShownByOption) lines.push(chalk.dim(visible(notShownByOption)));
  for (const note of statusNotes(rows, context.by, f)) lines.push(colours.incomplete(visible(note)));
  for (const line of [...noteLines(rows), ...noiseText(rows, context), ...whyText(rows, context)]) lines.push(visible(line));
  const paced = paceNote(rows, f);
  if (paced) lines.push(paced);
  const unknown = unknownNote(report);
  if (unknown) lines.push(chalk.yellow(visible(unknown)));
  for (const q of report.data_quality) {
    for (const line of qualityLines(q)) lines.push(chalk.yellow(visible(line)));
  }
  yield `${lines.join('\n')}\n`;
}

interface Columns {
  hasGroups: boolean;
  hasPace: boolean;
  hasRefs: boolean;
  hasCompare: boolean;
  /** Target sets beside the primary (rows.ts otherTargetSets). */
  sets: readonly string[];
}

function cells(r: ResultRow, { hasGroups, hasPace, hasRefs, hasCompare, sets }: Columns, currency: string | undefined, colours: Record<Status, (s: string) => string>, f: Formatter): string[] {
  const isGroup = Object.keys(r.group).length > 0;
  const label = visible(f.label(r.kpi, r.label));
  const value = (n: number | null) => f.value(n, r.unit, currency, r.kpi);
  const out = [isGroup ? `  ${label}` : label];
  if (hasGroups) out.push(isGroup ? visible(Object.values(r.group).map(shownGroup).join(' / ')) : f.msg.text.total);
  out.push(markUnknown(value(r.value), r));
  if (hasPace) out.push(r.projected === null ? '' : value(r.projected));
  out.push(
    value(r.target),
    f.delta(r.variance, r.unit, currency, r.kpi),
    f.pct(r.variance_pct),
    colours[r.status](`${f.statusMark(r.status)}${r.pace && r.target !== null ? ` ${f.msg.text.pace}` : ''}`),
  );
  for (const name of sets) out.push(...targetSetCells(r, name, currency, f));
  if (hasRefs) out.push(r.baseline === null ? '' : value(r.baseline), r.benchmark === null ? '' : value(r.benchmark));
  if (hasCompare) out.push(value(r.previous), f.change(r.change, r.change_pct, r.unit, currency, r.kpi));
  return out;
}
