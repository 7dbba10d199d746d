// `kpi trend` in the terminal: one bar per period with the target marked, readable without colour.
import { Chalk } from 'chalk';
import { fill, formatterFor, type Formatter } from '../../locale/format.js';
import { displayWidth } from '../text-table.js';
import { shownGroup } from '../rows.js';
import type { ReportContext, TrendReport } from '../../report/model.js';
import type { RenderOptions } from '../types.js';
import type { TrendRenderer } from './index.js';
import { visible } from '../../util/text.js';

/** The bars' width without a known terminal width; with one, what is left beside the period, the value and the status, 10 to 60. */
const DEFAULT_WIDTH = 40;
const MIN_BARS = 10;
const MAX_BARS = 60;

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
  // Numbers, status words and the title in the report's locale (json and csv stay locale-free).
  const f = formatterFor(context);
  const t = f.msg.terminal;
  const valueText = (v: number | null, currency: string | undefined) => f.value(v, trend.unit, currency, trend.kpi);
  const currencyOfSeries = (s: TrendReport['series'][number]) => {
    const code = s.currency ?? context.currency;
    return code === undefined ? undefined : visible(code);
  };
  const statusText = (p: TrendReport['series'][number]['points'][number]) => (p.target !== null || p.status === 'no_data' ? `  ${f.statusMark(p.status)}${p.pace ? ` ${f.msg.text.pace}` : ''}` : '');
  // The bars take what the widest line leaves beside its period, value and status (one scale for every series, so
  // groups compare); measured in a pass that keeps no text.
  let fixed = 0;
  if (options.width !== undefined) {
    for (const s of trend.series) {
      const currency = currencyOfSeries(s);
      let id = 0;
      let value = 0;
      let status = 0;
      for (const p of s.points) {
        id = Math.max(id, p.period.id.length);
        value = Math.max(value, displayWidth(valueText(p.value, currency)));
        status = Math.max(status, displayWidth(statusText(p)));
      }
      // `2026-10 │` + bars + the cell after the last bar + ` ` + value + status.
      fixed = Math.max(fixed, id + 2 + 1 + 1 + value + status);
    }
  }
  const WIDTH = options.width === undefined ? DEFAULT_WIDTH : Math.max(MIN_BARS, Math.min(MAX_BARS, options.width - fixed));
  const col = (v: number) => Math.round(((v - lo) / span) * WIDTH);
  const zero = col(0);
  const hasTarget = trend.series.some((s) => s.points.some((p) => p.target !== null));
  let first = true;
  for (const s of trend.series) {
    const lines: string[] = [];
    // Labels and group values come from configs and data: their control characters are shown escaped.
    const groupName = visible(Object.values(s.group).map((v) => shownGroup(v, f)).join(' / '));
    // --cumulative: each bar is the year to date at the end of its period, the mark the target to date.
    const label = `${visible(f.label(trend.kpi, trend.label))}${groupName ? ` — ${groupName}` : ''}`;
    const title = trend.cumulative ? fill(t.trendCumulative, { label, start: cumulativeStart(trend, f), grain: t[trend.grain] }) : fill(t.trendBy, { label, grain: t[trend.grain] });
    lines.push(chalk.bold(`${title}${hasTarget ? ` ${trend.cumulative ? t.trendTargetToDate : t.trendTarget}` : ''}`));
    const idWidth = s.points.reduce((w, p) => Math.max(w, p.period.id.length), 0);
    // A group of --by currency is shown in its own currency.
    const currency = currencyOfSeries(s);
    const valueTexts = s.points.map((p) => valueText(p.value, currency));
    const valueWidth = valueTexts.reduce((w, text) => Math.max(w, displayWidth(text)), 0);
    s.points.forEach((p, i) => {
      const cells = Array<string>(WIDTH + 1).fill(' ');
      if (p.value !== null) {
        const at = col(p.value);
        for (let c = Math.min(at, zero); c < Math.max(at, zero); c++) cells[c] = '█';
      }
      if (p.target !== null) cells[Math.min(WIDTH, col(p.target))] = '┃';
      const bar = colour[p.status](cells.join(''));
      const pad = ' '.repeat(Math.max(0, valueWidth - displayWidth(valueTexts[i])));
      lines.push(`${p.period.id.padEnd(idWidth)} │${bar} ${pad}${valueTexts[i]}${statusText(p)}`);
    });
    // Why points are errors, once per reason (amounts in several currencies are never added).
    const reasons = new Map<string, string[]>();
    for (const p of s.points) if (p.reason) reasons.set(p.reason, [...(reasons.get(p.reason) ?? []), p.period.id]);
    for (const [reason, ids] of reasons) lines.push(visible(fill(t.trendError, { periods: ids.join(', '), reason: f.reason(reason) })));
    // A blank line between charts, and a line break after the last.
    yield `${first ? '' : '\n'}${lines.join('\n')}\n`;
    first = false;
  }
}

/** The month a cumulative trend's years start in, in the report's locale (`January each year`, `juli hvert år`). */
function cumulativeStart(trend: TrendReport, f: Formatter): string {
  const start = trend.series[0]?.points[0]?.period.start;
  if (!start) return f.msg.terminal.yearStart;
  const month = new Intl.DateTimeFormat(f.spec.intl, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, Number(start.slice(5, 7)) - 1, 1)));
  return fill(f.msg.terminal.eachYear, { month });
}
