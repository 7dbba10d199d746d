// One DuckDB database opened for kpi's readers (duckdb-table.ts: a table; duckdb-file.ts: a CSV or Parquet file),
// as the few calls they make: run a query for all its rows, stream a query's rows, interrupt the running query,
// close. Where it runs is this module's choice:
//   - on the DuckDB thread (duckdb-thread.ts) when bin/kpi.js started one: that thread loaded the DuckDB package
//     (about 0.1 s of CPU) while this thread loaded kpi, so a report on DuckDB no longer waits for it;
//   - else here, on the calling thread (tests and scripts that import kpi's modules, or a guess that missed).
// Either way the answers are the same values (DuckDB's getRowsJS), and an error is DuckDB's own message.
import { DuckDbMissing, answerOf, loadDuckDb, quoteIdent, sampleSql } from './duckdb-module.js';
import { duckDbThread, startDuckDbThread } from './duckdb-thread.js';
import { mark } from '../../util/timing.js';

/** A query's answer: its columns, their DuckDB types as DuckDB writes them (`DECIMAL(18,2)`), its rows. */
export interface DuckDbAnswer {
  columns: string[];
  types: string[];
  rows: unknown[][];
  /** Answered from what the DuckDB thread asked as it opened the database (an early sample), for KPI_TIMING. */
  early?: true;
}

export interface DuckDbConnection {
  /** Every row of the query's answer (for kpi's aggregate queries and samples: a few thousand rows at most). */
  run(sql: string): Promise<DuckDbAnswer>;
  /** The query's rows a chunk at a time (for `kpi validate`, which reads every row of a table). */
  stream(sql: string, onRows: (rows: unknown[][]) => void): Promise<void>;
  /** Stops the query running on the connection (a source's timeout:); it fails with DuckDB's "Interrupted". */
  interrupt(): void;
  close(): void;
}

/**
 * Settings every database kpi opens gets: DuckDB never downloads or loads an extension on its own. Handed a file
 * it does not know (a SQLite database given as duckdb:), it would otherwise fetch one from the internet and run it.
 */
const SAFE_SETTINGS = { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' } as const;

/** How kpi opens a DuckDB database of the user's (duckdb-table.ts): read-only, so it never writes to it. */
export const DATABASE_SETTINGS: Readonly<Record<string, string>> = { access_mode: 'READ_ONLY' };

/**
 * Starts the DuckDB thread with the databases at `files` to open (with DATABASE_SETTINGS) and their tables to
 * sample as soon as DuckDB has loaded, before a source asks (cli/prestart.ts, from the url: lines of kpi.yaml):
 * openDuckDb then takes that connection, and duckdb-table.ts's sample that answer.
 */
export function startDuckDbEarly(files: readonly { path: string; tables: readonly string[] }[]): void {
  startDuckDbThread(files.map((f) => ({ path: f.path, settings: { ...DATABASE_SETTINGS, ...SAFE_SETTINGS }, samples: f.tables.map((t) => sampleSql(quoteIdent(t))) })));
}

/** Opens the database at `path` (`:memory:` for one of kpi's own) with DuckDB `settings`, and a connection to it. */
export async function openDuckDb(path: string, settings: Record<string, string>): Promise<DuckDbConnection> {
  const all = { ...settings, ...SAFE_SETTINGS };
  const thread = duckDbThread();
  if (thread) return thread.open(path, all);
  let duckdb: ReturnType<typeof loadDuckDb>;
  try {
    duckdb = loadDuckDb();
  } catch (err) {
    throw new DuckDbMissing(String(err instanceof Error ? err.message : err), (err as NodeJS.ErrnoException).code);
  }
  mark('DuckDB loaded');
  const instance = await duckdb.DuckDBInstance.create(path, all);
  const connection = await instance.connect();
  return {
    run: async (sql) => answerOf(await connection.runAndReadAll(sql)),
    async stream(sql, onRows) {
      const result = await connection.stream(sql);
      for await (const rows of result.yieldRowsJs()) onRows(rows as unknown[][]);
    },
    interrupt: () => connection.interrupt(),
    close: () => connection.closeSync(),
  };
}
