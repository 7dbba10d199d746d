// `kpi trend` in the terminal: one bar per period with the target marked, readable without colour.
import { Chalk } from 'chalk';
import { formatValue, STATUS_MARK } from '../format-value.js';
import { shownGroup } from '../rows.js';
import type { ReportContext, TrendReport } from '../../report/model.js';
import type { RenderOptions } from '../types.js';
import type { TrendRenderer } from './index.js';
import { visible } from '../../util/text.js';

const WIDTH = 40;

export const renderTrendChart: TrendRenderer = (trend, context, options) => ({ chunks: chartLines(trend, context, options) });

/** A series at a time (Rendered `chunks`): a million groups are a million charts, never one string. */
function* chartLines(trend: TrendReport, context: ReportContext, options: RenderOptions): Generator<string> {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const colour = { met: chalk.green, at_risk: chalk.yellow, missed: chalk.red, early: chalk.cyan, no_target: (s: string) => s, no_data: chalk.dim, incomplete: chalk.magenta, error: chalk.red };
  // Loops, not Math.min(...numbers): a spread of many groups' points overflows the stack.
  let lo = 0;
  let hi = 0;
  for (const s of trend.series) {
    for (const p of s.points) {
      for (const v of [p.value, p.target]) {
        if (v === null) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  const span = hi - lo || 1;
  const col = (v: number) => Math.round(((v - lo) / span) * WIDTH);
  const zero = col(0);
  const hasTarget = trend.series.some((s) => s.points.some((p) => p.target !== null));
  let first = true;
  for (const s of trend.series) {
    const lines: string[] = [];
    // Labels and group values come from configs and data: their control characters are shown escaped.
    const groupName = visible(Object.values(s.group).map(shownGroup).join(' / '));
    // --cumulative: each bar is the year to date at the end of its period, the mark the target to date.
    const what = trend.cumulative ? `, cumulative from ${cumulativeStart(trend)}, by ${trend.grain}${hasTarget ? ' (┃ target to date)' : ''}` : `, by ${trend.grain}${hasTarget ? ' (┃ target)' : ''}`;
    lines.push(chalk.bold(`${visible(trend.label)}${groupName ? ` — ${groupName}` : ''}${what}`));
    const idWidth = s.points.reduce((w, p) => Math.max(w, p.period.id.length), 0);
    // A group of --by currency is shown in its own currency.
    const code = s.currency ?? context.currency;
    const currency = code === undefined ? undefined : visible(code);
    const valueTexts = s.points.map((p) => formatValue(p.value, trend.unit, currency));
    const valueWidth = valueTexts.reduce((w, t) => Math.max(w, t.length), 0);
    s.points.forEach((p, i) => {
      const cells = Array<string>(WIDTH + 1).fill(' ');
      if (p.value !== null) {
        const at = col(p.value);
        for (let c = Math.min(at, zero); c < Math.max(at, zero); c++) cells[c] = '█';
      }
      if (p.target !== null) cells[Math.min(WIDTH, col(p.target))] = '┃';
      const bar = colour[p.status](cells.join(''));
      const status = p.target !== null || p.status === 'no_data' ? `  ${STATUS_MARK[p.status]}${p.pace ? ' (pace)' : ''}` : '';
      lines.push(`${p.period.id.padEnd(idWidth)} │${bar} ${valueTexts[i].padStart(valueWidth)}${status}`);
    });
    // Why points are errors, once per reason (amounts in several currencies are never added).
    const reasons = new Map<string, string[]>();
    for (const p of s.points) if (p.reason) reasons.set(p.reason, [...(reasons.get(p.reason) ?? []), p.period.id]);
    for (const [reason, ids] of reasons) lines.push(visible(`error (${ids.join(', ')}): ${reason}`));
    // A blank line between charts, and a line break after the last.
    yield `${first ? '' : '\n'}${lines.join('\n')}\n`;
    first = false;
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The month a cumulative trend's years start in (`January`, or `July` with a fiscal year from July). */
function cumulativeStart(trend: TrendReport): string {
  const start = trend.series[0]?.points[0]?.period.start;
  return start ? `${MONTHS[Number(start.slice(5, 7)) - 1]} each year` : 'the start of the year';
}
