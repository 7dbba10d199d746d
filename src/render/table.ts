// Terminal table renderer: cli-table3 with status marks that read without colour; colour only when asked.
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import type { ResultRow } from '../report/model.js';
import type { Status } from '../targets/compare.js';
import { formatChange, formatDelta, formatPct, formatValue, STATUS_MARK } from './format-value.js';
import type { Renderer } from './types.js';
import { markUnknown, optionalColumns, shownGroup, tableHead, unknownNote, visibleResults } from './rows.js';
import { qualityLines } from './quality.js';

/** Box drawing without a rule between every row. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

const paint = (chalk: ChalkInstance): Record<Status, (s: string) => string> => ({
  met: chalk.green,
  at_risk: chalk.yellow,
  missed: chalk.red.bold,
  early: chalk.cyan,
  no_target: chalk.dim,
  no_data: chalk.dim,
});

export const renderTable: Renderer = (report, context, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const colours = paint(chalk);
  const rows = visibleResults(report, options);
  const period = report.period;
  const range = period.start ? ` (${period.start} – ${period.end})` : '';
  const compare = report.compare ? `, compared with ${report.compare.id}` : '';
  const lines: string[] = [chalk.bold(`KPI report ${period.id}${range}${compare}`)];

  if (rows.length > 0) {
    const columns = optionalColumns(rows, report, context);
    const { groups: hasGroups, pace: hasPace, refs: hasRefs } = columns;
    const head = tableHead(columns, context);
    const table = new Table({
      head: head.map((h) => chalk.bold(h)),
      style: { head: [], border: [], compact: true },
      chars: COMPACT,
      colAligns: head.map((h) => (['KPI', 'Status'].includes(h) || (hasGroups && h === head[1]) ? 'left' : 'right')),
    });
    for (const r of rows) table.push(cells(r, { hasGroups, hasPace, hasRefs, hasCompare: report.compare !== null }, context.currency, colours));
    lines.push(table.toString());
  }
  const s = report.summary;
  lines.push(
    `${s.met} met · ${s.at_risk} at risk · ${s.missed} missed${s.early ? ` · ${s.early} early` : ''} · ${s.no_target} without target · ${s.no_data} without data`,
  );
  if (rows.some((r) => r.pace)) lines.push('(pace): the period is still running; the projection to its end is compared with the target.');
  const unknown = unknownNote(report);
  if (unknown) lines.push(chalk.yellow(unknown));
  for (const q of report.data_quality) {
    for (const line of qualityLines(q)) lines.push(chalk.yellow(line));
  }
  return { text: `${lines.join('\n')}\n` };
};

interface Columns {
  hasGroups: boolean;
  hasPace: boolean;
  hasRefs: boolean;
  hasCompare: boolean;
}

function cells(r: ResultRow, { hasGroups, hasPace, hasRefs, hasCompare }: Columns, currency: string | undefined, colours: Record<Status, (s: string) => string>): string[] {
  const isGroup = Object.keys(r.group).length > 0;
  const out = [isGroup ? `  ${r.label}` : r.label];
  if (hasGroups) out.push(isGroup ? Object.values(r.group).map(shownGroup).join(' / ') : 'total');
  out.push(markUnknown(formatValue(r.value, r.unit, currency), r));
  if (hasPace) out.push(r.projected === null ? '' : formatValue(r.projected, r.unit, currency));
  out.push(
    formatValue(r.target, r.unit, currency),
    formatDelta(r.variance, r.unit, currency),
    formatPct(r.variance_pct),
    colours[r.status](`${STATUS_MARK[r.status]}${r.pace && r.target !== null ? ' (pace)' : ''}`),
  );
  if (hasRefs) out.push(r.baseline === null ? '' : formatValue(r.baseline, r.unit, currency), r.benchmark === null ? '' : formatValue(r.benchmark, r.unit, currency));
  if (hasCompare) out.push(formatValue(r.previous, r.unit, currency), formatChange(r.change, r.change_pct, r.unit, currency));
  return out;
}
