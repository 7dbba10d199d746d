// The renderer contract: a pure function from the report model to bytes or text.
import type { Report, ReportContext } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import type { SortKey } from './order.js';

export interface RenderOptions {
  color: boolean;
  /** `kpi check`: only what is at risk or missed. */
  onlyProblems?: boolean;
  /** When the run fails (`--fail-on`): the JUnit report marks at-risk KPIs as failures under `at-risk`. */
  failOn?: 'missed' | 'at-risk' | 'never';
  /** The order of the results (render/order.ts); default registry order. The CLI passes `defaultSort(format)`. */
  sort?: SortKey;
  /** Statuses left out (`--hide no-target`); the summary still counts them and the text formats say how many. */
  hide?: readonly Status[];
  /**
   * The terminal's width in columns (COLUMNS, else the TTY's) for the table to fit; undefined when not known (piped
   * into a file or a program): the table is drawn whole.
   */
  width?: number;
  /** The table's layout (`--layout`): `auto` (the table, compact below 100 columns), `table`, `compact`, `wide`. */
  layout?: TableLayout;
}

export const TABLE_LAYOUTS = ['auto', 'table', 'compact', 'wide'] as const;
export type TableLayout = (typeof TABLE_LAYOUTS)[number];

/**
 * `chunks`: the text in pieces (a line or a row each), made as the writer asks for them and read once. A report of a
 * million groups never becomes one string (V8 refuses strings past about 512 MB: exit 70) nor a list of a million
 * lines held until the end; the writer encodes and writes them a megabyte at a time.
 */
export type Rendered = { text: string } | { bytes: Uint8Array } | { chunks: Iterable<string> };

export type Renderer = (report: Report, context: ReportContext, options: RenderOptions) => Rendered | Promise<Rendered>;
