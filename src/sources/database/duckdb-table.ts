// A DuckDB table as a source (README "Running on a database"): opened read-only, its columns and types from the
// catalog, a sample of its first rows for mapping fields as with an export, and a connection the SQL engine
// (engine/sql/) runs its queries on. `@duckdb/node-api` is an optional dependency, loaded (duckdb-module.ts) only when a
// source names a DuckDB database.
import { existsSync, statSync } from 'node:fs';
import { ConfigError, DataError, InternalError } from '../../errors.js';
import { displayPath } from '../../util/display-path.js';
import { closest } from '../../util/text.js';
import type { Cell, Relation, SourceFile } from '../table.js';
import { assertDistinctColumns, querySubquery, targetLabel, timeoutLine, type DatabaseTarget } from './target.js';
import { DuckDbMissing, SAMPLE_ROWS, databaseFileKind, quoteIdent, sampleSql } from './duckdb-module.js';
import { DATABASE_SETTINGS, openDuckDb, type DuckDbAnswer, type DuckDbConnection } from './duckdb-connection.js';
import { mark } from '../../util/timing.js';

/** The package does not load: how to get it, worded for a DuckDB table. */
function missingPackage(source: string, err: DuckDbMissing): ConfigError {
  if (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(err.message)) {
    return new ConfigError(
      `source '${source}' is a DuckDB table, and reading DuckDB needs the optional package @duckdb/node-api, which is not installed: npm install @duckdb/node-api (next to kpi), or export the table to CSV`,
      [],
      'KPI_ENGINE_MISSING',
    );
  }
  return new ConfigError(`source '${source}': the DuckDB package @duckdb/node-api does not load on this machine (${firstLine(err)}); reinstall it, or export the table to CSV`, [], 'KPI_ENGINE_MISSING');
}

/** One connection per database file: two sources in one database share it (a file is opened once, read-only). */
const connections = new Map<string, Promise<DuckDbConnection>>();

function connect(path: string, source: string): Promise<DuckDbConnection> {
  let c = connections.get(path);
  if (!c) {
    c = (async () => {
      try {
        const connection = await openDuckDb(path, DATABASE_SETTINGS);
        mark(`${displayPath(path)} opened`);
        return connection;
      } catch (err) {
        if (err instanceof DuckDbMissing) throw missingPackage(source, err);
        throw new DataError(`source '${source}': ${displayPath(path)} cannot be opened as a DuckDB database: ${firstLine(err)}`, [], { code: 'KPI_DATABASE_UNREADABLE', file: displayPath(path) });
      }
    })();
    connections.set(path, c);
    c.catch(() => connections.delete(path));
  }
  return c;
}

/** Closes every database this process opened (tests open many; a run of kpi ends with its process). */
export function closeDuckDbConnections(): void {
  for (const c of connections.values()) void c.then((connection) => connection.close(), () => undefined);
  connections.clear();
}

/**
 * A file that is not a DuckDB database is said so before DuckDB opens it: DuckDB reads a SQLite database through
 * an extension (which kpi does not let it fetch or load: duckdb-connection.ts), and its own words for a text file
 * opened read-only ("Cannot launch in-memory database") do not name the problem.
 */
function assertDuckDbFile(path: string, source: string, shown: string): void {
  const kind = databaseFileKind(path);
  if (kind === undefined || kind === 'duckdb') return; // unreadable: DuckDB says what is wrong with it
  const what = kind === 'sqlite' ? 'a SQLite database, not a DuckDB one' : kind === 'empty' ? 'an empty file, not a DuckDB database' : 'not a DuckDB database file';
  throw new DataError(
    `source '${source}': ${shown} is ${what} (url: duckdb: reads DuckDB database files)`,
    [kind === 'sqlite' ? 'export the table to CSV (sqlite3 -header -csv <file> "SELECT * FROM <table>") and name it under file:, or copy it into a DuckDB database' : 'a CSV export goes under file:, not url:'],
    { code: 'KPI_DATABASE_UNREADABLE', file: shown },
  );
}

/** DuckDB's words for a query written wrong (kpi's bug, exit 70); any other error is the file's, memory's or DuckDB's. */
export const KPI_SQL_ERROR = /^(Parser|Binder|Not implemented|Mismatch Type|Syntax) Error/i;

const firstLine = (err: unknown): string => String(err instanceof Error ? err.message : err).split('\n')[0].replace(/^Error: /, '');

export { quoteIdent };
const quoteText = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** Opens the table (in its schema) or the query of `target` in the DuckDB database at `path` as a source's table. */
export async function openDuckDbTable(path: string, target: DatabaseTarget): Promise<SourceFile> {
  const { source, table, schema } = target;
  const shownPath = displayPath(path);
  if (!existsSync(path)) throw new DataError(`source '${source}': database file not found: ${shownPath}`, [], { code: 'KPI_FILE_NOT_FOUND', file: shownPath });
  if (statSync(path).isDirectory()) throw new DataError(`source '${source}': ${shownPath} is a folder, not a DuckDB database file`, [], { code: 'KPI_FILE_UNREADABLE', file: shownPath });
  assertDuckDbFile(path, source, shownPath);
  const connection = await connect(path, source);
  const label = `${shownPath}#${targetLabel(target)}`;
  const relationName = target.query !== undefined ? querySubquery(target.query) : `${schema === undefined ? '' : `${quoteIdent(schema)}.`}${quoteIdent(table!)}`;
  /**
   * Runs `run` on the connection; past the source's timeout: the connection's query is interrupted (DuckDB has no
   * statement timeout of its own), and the answer is the timeout's error. With a timeout the queries run one after
   * the other (a connection runs one at a time anyway), so each has its whole timeout from its start; after one
   * timed out, those waiting fail at once rather than each run to its own timeout.
   */
  let chain: Promise<unknown> = Promise.resolve();
  let expired: DataError | undefined;
  const timed = <T>(run: () => Promise<T>): Promise<T> => {
    const timeoutMs = target.timeoutMs;
    if (timeoutMs === undefined) return run();
    const next = chain.then(async () => {
      if (expired) throw expired;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, timeoutMs);
      try {
        return await run();
      } catch (err) {
        if (timedOut) {
          expired = new DataError(timeoutLine(`source '${source}': DuckDB ${shownPath}`, target, 'interrupted'), [`raise timeout: under sources: ${source}:, or report a shorter period`], { code: 'KPI_DATABASE_TIMEOUT', file: shownPath });
          throw expired;
        }
        throw err;
      } finally {
        clearTimeout(timer);
      }
    });
    chain = next.catch(() => undefined);
    return next;
  };
  /** Runs SQL; what the database refuses about the data (a missing table, an I/O error) is exit 3, else a bug in kpi. */
  const query = async (sql: string): Promise<unknown[][]> => {
    try {
      return await timed(async () => (await connection.run(sql)).rows);
    } catch (err) {
      if (err instanceof DataError) throw err;
      const message = firstLine(err);
      // Only a query kpi wrote wrong is a bug in kpi (exit 70); whatever else DuckDB stops at (the file, memory,
      // the data, DuckDB's own failures) is exit 3.
      if (KPI_SQL_ERROR.test(message)) throw new InternalError(`source '${source}': DuckDB refused kpi's query (${message}); SQL: ${sql}`);
      throw new DataError(`source '${source}': ${label}: DuckDB: ${message}`, [], { code: 'KPI_DATABASE_UNREADABLE', file: shownPath });
    }
  };
  let head: DuckDbAnswer;
  try {
    head = await timed(() => connection.run(sampleSql(relationName)));
  } catch (err) {
    if (err instanceof DataError) throw err;
    // The user's SELECT: whatever DuckDB says about it is the user's to fix.
    if (target.query !== undefined) throw new DataError(`source '${source}': ${shownPath}: DuckDB refused the query: ${firstLine(err)}`, ['fix the SELECT under query: (try it in duckdb first)'], { code: 'KPI_DATABASE_QUERY', file: shownPath });
    if (!/^Catalog Error/.test(firstLine(err))) throw new DataError(`source '${source}': ${label}: DuckDB: ${firstLine(err)}`, [], { code: 'KPI_DATABASE_UNREADABLE', file: shownPath });
    const tables = (await query(`SELECT table_schema, table_name FROM information_schema.tables ORDER BY 1, 2`)).map((r) => (r[0] === 'main' ? String(r[1]) : `${String(r[0])}.${String(r[1])}`));
    const wanted = schema === undefined ? table! : `${schema}.${table}`;
    const hint = closest(wanted, tables);
    throw new DataError(
      `source '${source}': ${shownPath} has no table ${JSON.stringify(wanted)}${hint ? `; did you mean table: ${hint}?` : ''}`,
      [tables.length ? `tables found: ${tables.join(', ')}` : 'the database has no tables'],
      { code: 'KPI_TABLE_NOT_FOUND', file: shownPath },
    );
  }
  mark(`${label}: ${SAMPLE_ROWS} rows sampled${head.early ? ' (asked as the DuckDB thread opened it)' : ''}`);
  const headers = head.columns;
  assertDistinctColumns(headers, target, shownPath);
  const types = new Map(headers.map((h, i) => [h, head.types[i]]));
  const relation: Relation = { engine: 'duckdb', table: table ?? 'query', schema, from: target.query !== undefined ? relationName : undefined, types, query };
  return {
    path,
    format: 'duckdb',
    label,
    lineWord: 'row',
    headers,
    settings: { engine: 'duckdb', ...(target.query !== undefined ? { query: target.query } : { table: schema === undefined ? table! : `${schema}.${table}` }) },
    sample: head.rows.map((r) => r.map(cellOf)),
    relation,
    // The rows themselves, for `kpi validate` (the report's figures come from SQL, engine/sql/).
    async eachRecord(onRecord) {
      let line = 0;
      await connection.stream(`SELECT * FROM ${relationName}`, (rows) => {
        for (const r of rows) onRecord(r.map(cellOf), ++line);
      });
      return line;
    },
  };
}

/** A database value as a cell, as a spreadsheet gives it: numbers as numbers, dates as ISO wall-clock text. */
function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 19);
  return String(v);
}

export { quoteText };
