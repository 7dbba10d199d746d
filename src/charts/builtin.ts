// The charts of accounts kpi knows by name: `chart: ns4102 | bas`.
import { BAS } from './bas.js';
import { compileChart, type Chart, type CompiledChart } from './chart.js';
import { NS4102 } from './ns4102.js';

export const CHARTS = { ns4102: NS4102, bas: BAS } as const satisfies Record<string, Chart>;
export type ChartName = keyof typeof CHARTS;
export const CHART_NAMES = Object.keys(CHARTS) as ChartName[];

/** `ns4102`, `NS 4102`, `ns-4102`, `BAS` → the name in CHARTS. */
export const chartName = (name: string): string => name.toLowerCase().replace(/[\s-]/g, '');
export const isChartName = (name: string): boolean => Object.hasOwn(CHARTS, chartName(name));

const compiled = new Map<string, CompiledChart>();
/** A built-in chart, compiled once. */
export function builtinChart(name: ChartName): CompiledChart {
  let c = compiled.get(name);
  if (!c) compiled.set(name, (c = compileChart(CHARTS[name])));
  return c;
}
