// What a database source reads (README "Running on a database"): a table (in a schema), or the result of a SELECT
// of the user's (`query:`), read as a table — every query of kpi's reads it as a subquery — and how long
// connecting and each query may take (`timeout:`).
import { DataError } from '../../errors.js';

export interface DatabaseTarget {
  /** The source's name in kpi.yaml, for messages. */
  source: string;
  table?: string;
  schema?: string;
  /** The user's SELECT, without a trailing `;`. */
  query?: string;
  /** `timeout:` in milliseconds: connecting, and each query. */
  timeoutMs?: number;
}

/** The target in messages: `table kpi_sales`, `table analytics.sales`, `the source's query:`. */
export function targetWords(t: DatabaseTarget): string {
  return t.query !== undefined ? "the source's query:" : `table ${t.schema === undefined ? '' : `${t.schema}.`}${t.table}`;
}

/** The one line of a timeout: where, what, the timeout. */
export function timeoutLine(at: string, t: DatabaseTarget, done: string): string {
  return `${at}: a query reading ${targetWords(t)} ran past timeout: ${timeoutWords(t.timeoutMs!)} and was ${done}; no figure was computed`;
}

/** What follows `url#` in a label: the table, or `query`. */
export function targetLabel(t: DatabaseTarget): string {
  return t.query !== undefined ? 'query' : `${t.schema === undefined ? '' : `${t.schema}.`}${t.table}`;
}

/**
 * The FROM item of the user's query: a subquery (its own line ends before the parenthesis, so a `-- comment` on
 * the query's last line cannot swallow it).
 */
export const querySubquery = (sql: string): string => `(${sql}\n) AS kpi_query`;

/** A timeout for messages: 30 s, 1.5 s, 500 ms, 2 min. */
export function timeoutWords(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** A query's result columns must have distinct names: kpi maps fields to columns by name. */
export function assertDistinctColumns(headers: readonly string[], t: DatabaseTarget, file: string): void {
  if (t.query === undefined) return;
  const seen = new Set<string>();
  for (const h of headers) {
    if (seen.has(h)) throw new DataError(`source '${t.source}': the query: gives two columns named ${JSON.stringify(h)}; kpi maps fields to columns by name`, [`name them apart in the SELECT: … AS ${h}_2`], { code: 'KPI_DATABASE_QUERY', file });
    seen.add(h);
  }
}
