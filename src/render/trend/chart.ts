// `kpi trend` in the terminal: one bar per period with the target marked, readable without colour.
import { Chalk } from 'chalk';
import { formatValue, STATUS_MARK } from '../format-value.js';
import { shownGroup } from '../rows.js';
import type { TrendRenderer } from './index.js';

const WIDTH = 40;

export const renderTrendChart: TrendRenderer = (trend, context, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const colour = { met: chalk.green, at_risk: chalk.yellow, missed: chalk.red, early: chalk.cyan, no_target: (s: string) => s, no_data: chalk.dim };
  const lines: string[] = [];
  const numbers = trend.series.flatMap((s) => s.points.flatMap((p) => [p.value, p.target].filter((v): v is number => v !== null)));
  const lo = Math.min(0, ...numbers);
  const hi = Math.max(0, ...numbers);
  const span = hi - lo || 1;
  const col = (v: number) => Math.round(((v - lo) / span) * WIDTH);
  const zero = col(0);
  const hasTarget = trend.series.some((s) => s.points.some((p) => p.target !== null));
  for (const s of trend.series) {
    const groupName = Object.values(s.group).map(shownGroup).join(' / ');
    lines.push(chalk.bold(`${trend.label}${groupName ? ` — ${groupName}` : ''}, by ${trend.grain}${hasTarget ? ' (┃ target)' : ''}`));
    const idWidth = Math.max(...s.points.map((p) => p.period.id.length));
    const valueTexts = s.points.map((p) => formatValue(p.value, trend.unit, context.currency));
    const valueWidth = Math.max(...valueTexts.map((t) => t.length));
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
    lines.push('');
  }
  return { text: `${lines.join('\n')}` };
};
