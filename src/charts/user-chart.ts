// A chart file of the user's (`chart: my-chart.yaml` or `.csv`): account ranges → ledger category, over a base
// chart (`base: ns4102` in the file, or `chart: { file: …, base: … }` in kpi.yaml), whose ranges it overrides.
//
//   # my-chart.yaml                      # my-chart.csv
//   base: ns4102                         account;category
//   ranges:                              3000-3099;revenue
//     "3000-3099": revenue               8400-8499;opex
//     "84-85": opex
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type * as CsvParse from 'csv-parse/sync';
import type * as Yaml from 'yaml';
import { ConfigError } from '../errors.js';
import { CHART_CATEGORIES, compileChart, overlay, parseRange, type Chart, type ChartRange, type CompiledChart } from './chart.js';
import { builtinChart, CHART_NAMES, CHARTS, chartName, isChartName, type ChartName } from './builtin.js';

const CATEGORY_LIST = CHART_CATEGORIES.join(', ');

// The parsers load with the first chart file read: every CSV source (and every reading thread) imports this module
// through the readers, and most never read a chart file (loading both cost a reading thread ~200 KB of code).
const load = createRequire(import.meta.url);
const parseYaml = (text: string, options: Yaml.ParseOptions & Yaml.DocumentOptions & Yaml.SchemaOptions & Yaml.ToJSOptions): unknown => (load('yaml') as typeof Yaml).parse(text, options);
const parseCsv: typeof CsvParse.parse = ((...args: Parameters<typeof CsvParse.parse>) => (load('csv-parse/sync') as typeof CsvParse).parse(...args)) as typeof CsvParse.parse;

/** Reads a chart file; `base` (from kpi.yaml) is used when the file names none. */
export function loadChartFile(path: string, base?: string): Chart {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(`chart file ${path} ${e.code === 'ENOENT' ? 'not found' : `cannot be read (${e.code ?? e.message})`}`, [`chart: names ${CHART_NAMES.join(', ')} or a .yaml/.csv file of account ranges → category`], { code: 'KPI_CHART', file: path });
  }
  const name = basename(path);
  const { ranges, base: fileBase } = /\.ya?ml$/i.test(path) ? yamlRanges(text, path) : csvRanges(text, path);
  const baseName = fileBase ?? base;
  let baseChart: Chart | undefined;
  if (baseName !== undefined && baseName !== 'none') {
    if (!isChartName(baseName)) throw new ConfigError(`${path}: base: ${JSON.stringify(baseName)} is not a chart kpi knows; write base: ${CHART_NAMES.join(' or ')} (or none)`, [], { code: 'KPI_CHART', file: path });
    baseChart = CHARTS[chartName(baseName) as ChartName];
  }
  return overlay(`file:${path}`, name, ranges, baseChart);
}

function range(text: string, category: unknown, where: string, path: string, line?: number): ChartRange {
  const parsed = parseRange(text);
  if (!parsed) {
    throw new ConfigError(`${where}: ${JSON.stringify(text)} is not an account range; write one account prefix (3000, or 30 for all of 30xx) or two of the same length (3000-3099)`, [], { code: 'KPI_CHART', file: path, ...(line ? { line } : {}) });
  }
  const cat = typeof category === 'string' ? category.trim().toLowerCase() : '';
  if (!CHART_CATEGORIES.includes(cat)) {
    throw new ConfigError(`${where}: ${JSON.stringify(category)} (for accounts ${text}) is not a ledger category; write one of ${CATEGORY_LIST}`, [], { code: 'KPI_CHART', file: path, ...(line ? { line } : {}) });
  }
  return { ...parsed, category: cat };
}

function yamlRanges(text: string, path: string): { ranges: ChartRange[]; base?: string } {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError(`${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}`, [], { code: 'KPI_CHART', file: path });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ConfigError(`${path}: a chart file holds ranges: { "3000-3099": revenue, … } (and perhaps base: ns4102)`, [], { code: 'KPI_CHART', file: path });
  }
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (key !== 'ranges' && key !== 'base') throw new ConfigError(`${path}: unknown key ${JSON.stringify(key)}; a chart file has ranges: and base:`, [], { code: 'KPI_CHART', file: path });
  }
  const raw = d.ranges;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${path}: ranges: must map account ranges to categories, e.g. ranges: { "3000-3099": revenue }`, [], { code: 'KPI_CHART', file: path });
  }
  const ranges = Object.entries(raw as Record<string, unknown>).map(([k, v]) => range(k, v, `${path}: ranges: ${k}`, path));
  return { ranges, ...(d.base !== undefined && d.base !== null ? { base: String(d.base) } : {}) };
}

function csvRanges(text: string, path: string): { ranges: ChartRange[]; base?: string } {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].find((d) => first.includes(d)) ?? ',';
  let rows: string[][];
  try {
    rows = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new ConfigError(`${path}: not readable as CSV: ${(err as Error).message}`, [], { code: 'KPI_CHART', file: path });
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const account = col('account', 'accounts', 'range', 'konto', 'kontoer');
  const from = col('from', 'fra', 'från');
  const to = col('to', 'til', 'till');
  const category = col('category', 'kategori');
  if (category < 0 || (account < 0 && (from < 0 || to < 0))) {
    throw new ConfigError(`${path}: the first line must name the columns: account;category (account a range such as 3000-3099) or from;to;category`, [`found: ${rows[0]?.join(delimiter) ?? '(empty file)'}`], { code: 'KPI_CHART', file: path, line: 1 });
  }
  return {
    ranges: rows.slice(1).map((row, i) => {
      const spec = account >= 0 ? (row[account] ?? '') : `${row[from] ?? ''}-${row[to] ?? ''}`;
      return range(spec, row[category], `${path}:${i + 2}`, path, i + 2);
    }),
  };
}

/** `chart:` of a source as kpi.yaml writes it: a chart's name, a file, or a file over a base. */
export type ChartSetting = string | { file: string; base?: string };

const loaded = new Map<string, CompiledChart>();

/** The chart a `chart:` setting names (paths already resolved against kpi.yaml's folder), compiled once. */
export function chartOf(setting: ChartSetting): CompiledChart {
  const key = JSON.stringify(setting);
  let chart = loaded.get(key);
  if (chart) return chart;
  if (typeof setting === 'string' && isChartName(setting)) chart = builtinChart(chartName(setting) as ChartName);
  else if (typeof setting === 'string' && !/\.(ya?ml|csv|txt)$/i.test(setting)) {
    throw new ConfigError(`chart: ${JSON.stringify(setting)} is not a chart kpi knows; write chart: ${CHART_NAMES.join(' or ')}, or name a .yaml or .csv file of account ranges → category`, [], 'KPI_CHART');
  } else chart = compileChart(typeof setting === 'string' ? loadChartFile(setting) : loadChartFile(setting.file, setting.base));
  loaded.set(key, chart);
  return chart;
}
