// A ledger export that carries account numbers but no category (the general-ledger lists of most accounting
// systems) gets its category from a chart of accounts (src/charts): `chart: ns4102 | bas | <file>` under the
// source, or detected when the account column's numbers fit a known chart. The table is given one more column,
// `category`, derived from the account on each record; an account in no range of the chart is a bad value there,
// counted and located with its line, never a category of kpi's choosing.
import { chartOf, detectChart, accountDigits, builtinChart, type ChartName, type CompiledChart } from '../charts/index.js';
import type { SourceConfig } from '../config/project.js';
import { ConfigError } from '../errors.js';
import { snakeCase } from '../util/text.js';
import { sourceKind } from './kinds.js';
import type { Cell, CellError, RecordTable } from './table.js';
import { rowsOfCells } from './typed-rows.js';

/** The header of the column a chart adds. */
export const CHART_COLUMN = 'category';

/** The table with a category column from its chart, or as it is when it needs none (or no chart fits). */
export function withChart(table: RecordTable, config: SourceConfig, source: string): RecordTable {
  // A reader that gives categories itself (SAF-T from the standard accounts) has taken chart: already.
  if (table.format === 'saf-t') return table;
  const kind = sourceKind(config.kind ?? source);
  if (config.chart === undefined && kind?.name !== 'ledger') return table;
  // A reader whose format names its chart gave the categories itself (SIE: BAS, or chart: over it).
  if (table.settings.chart !== undefined) return table;
  const names = table.headers.map(snakeCase);
  const ledger = sourceKind('ledger')!;
  const synonyms = (field: string) => ledger.fields.find((f) => f.name === field)?.synonyms ?? [];
  const mappedCategory = config.columns?.category;
  const hasCategory = (mappedCategory !== undefined && mappedCategory !== null) || names.some((n) => synonyms('category').includes(n));
  if (config.chart === undefined && hasCategory) return table;
  const account = accountColumn(table, config, names, synonyms('account'));
  if (config.chart !== undefined && account === undefined) {
    throw new ConfigError(`source '${source}': chart: gives categories to account numbers, but ${table.label} has no account column (headers: ${table.headers.join(', ')})`, [`name it under the source: columns: { account: "…" }`], { code: 'KPI_CHART', file: table.label });
  }
  if (account === undefined) return table;
  if (names.includes(CHART_COLUMN)) {
    // The export's own category column is read as it is written; a chart: said over it would be silently unused.
    if (config.chart === undefined) return table;
    throw new ConfigError(`source '${source}': ${table.label} has a column '${table.headers[names.indexOf(CHART_COLUMN)]}' of its own, and chart: would add another category`, ['remove chart: to read the export\'s categories, or rename that column'], { code: 'KPI_CHART', file: table.label });
  }

  let chart: CompiledChart;
  let how: string;
  if (config.chart !== undefined) {
    chart = chartOf(config.chart);
    how = `chart: ${typeof config.chart === 'string' && !/[/\\.]/.test(config.chart) ? config.chart : 'file'} in kpi.yaml`;
  } else {
    const guess = detectChart(table.sample.map((row) => plain(row[account])), currencyHint(table));
    if (!guess) return table;
    if (!guess.chart) {
      table.settings.chart = `none: ${guess.why}; say which under the source: chart: ns4102 (Norwegian) or chart: bas (Swedish)`;
      return table;
    }
    chart = builtinChart(guess.chart);
    how = `detected: ${guess.why}`;
  }
  const derived = table.headers.length;
  const header = table.headers[account];
  const derive = (cell: Cell | undefined): Cell | undefined => categoryCell(chart, cell, header);
  const sample = table.sample.map((row) => {
    const out = row.slice();
    out[derived] = derive(row[account]) as Cell;
    return out;
  });
  const wrapped: RecordTable = {
    ...table,
    headers: [...table.headers, CHART_COLUMN],
    ...(table.rawHeaders ? { rawHeaders: [...table.rawHeaders, CHART_COLUMN] } : {}),
    settings: { ...table.settings, chart: `${chart.label}, category from column '${header}' (${how})` },
    sample,
    // The category is made per record: the typed rows are read from the cells below, not from the reader's own
    // (the CSV reader's from bytes never makes the cell); a ledger export may end with its sum line, as any CSV.
    rows: undefined,
    eachRecord(onRecord, onProgress, columns, range) {
      const wanted = columns && columns.includes(derived) ? [...columns.filter((c) => c !== derived), account] : columns;
      return table.eachRecord(
        (cells, line, fields) => {
          cells[derived] = derive(cells[account]) as Cell;
          // The row's own width is one less than the header's now: a wide row is still told from a full one.
          onRecord(cells, line, fields === undefined ? undefined : fields + 1);
        },
        onProgress,
        wanted,
        range,
      );
    },
  };
  return Object.assign(wrapped, { rows: rowsOfCells(wrapped, { totalRows: true }) });
}

/** The account column: `columns: { account: … }`, else the first header that is a synonym of the ledger's account. */
function accountColumn(table: RecordTable, config: SourceConfig, names: string[], synonyms: readonly string[]): number | undefined {
  const mapped = config.columns?.account;
  if (typeof mapped === 'string') {
    const i = table.headers.indexOf(mapped);
    return i >= 0 ? i : undefined;
  }
  for (const s of synonyms) {
    const i = names.indexOf(s);
    if (i >= 0) return i;
  }
  return undefined;
}

/** A currency column's first value tips an even detection: NOK is NS 4102, SEK is BAS. */
function currencyHint(table: RecordTable): ChartName | undefined {
  const c = table.headers.map(snakeCase).findIndex((h) => h === 'currency' || h === 'valuta' || h === 'currency_code' || h === 'valutakode');
  if (c < 0) return undefined;
  const v = table.sample.map((r) => plain(r[c])).find((x) => typeof x === 'string' && x.trim() !== '');
  const code = typeof v === 'string' ? v.trim().toUpperCase() : '';
  return code === 'NOK' ? 'ns4102' : code === 'SEK' ? 'bas' : undefined;
}

const plain = (cell: Cell | undefined): string | number | undefined => (typeof cell === 'string' || typeof cell === 'number' ? cell : undefined);

/** The category of one record's account, or a bad value saying why it has none. */
function categoryCell(chart: CompiledChart, cell: Cell | undefined, header: string): Cell | undefined {
  if (cell === undefined) return undefined;
  if (typeof cell === 'object') return cell;
  const text = String(cell).trim();
  if (text === '') return { error: '(empty)', message: `no account in column '${header}': the line is in no category of the chart ${chart.label}` } satisfies CellError;
  const found = chart.lookup(cell);
  if (found) return found.category;
  const digits = accountDigits(cell);
  const fix = `give it a category in a chart file: chart: { file: my-chart.yaml${chart.id.startsWith('file:') ? '' : `, base: ${chart.id}`} } with ranges: { "${digits ?? text}": opex }`;
  return {
    error: text,
    message: digits === undefined ? `account ${JSON.stringify(text)} in column '${header}' is not an account number of the chart ${chart.label}; ${fix}` : `account ${digits} is in no range of the chart ${chart.label}; ${fix}`,
  } satisfies CellError;
}
