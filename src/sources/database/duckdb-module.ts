// The optional package @duckdb/node-api, loaded once and only when a source needs DuckDB (a DuckDB table, or a file
// with engine: duckdb). It is CommonJS (about 190 files): import() of it makes Node run its CommonJS export lexer
// over every file the index re-exports, about 0.1 s of CPU and 0.3 s of a start on the 2-core machine of README
// "Scaling out" (a tenth of a 10M-row report); require() loads the same files without that pass. Quicker still,
// the build bundles those files into one (scripts/bundle.mjs), taken when it was built from the installed version.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { DuckDbAnswer } from './duckdb-connection.js';

export type DuckDb = typeof import('@duckdb/node-api');

/** Rows sampled of a DuckDB table for mapping fields and sniffing, as the CSV reader samples. */
export const SAMPLE_ROWS = 500;

/** `"a""b"`: an identifier as DuckDB quotes it (a quote inside is doubled), so no name can end the quoting. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The query that samples a table or query (`relation`, quoted or a subquery): one text for duckdb-table.ts and for
 * the early sample of cli/prestart.ts, which the DuckDB thread answers from what it already read when they match.
 */
export const sampleSql = (relation: string): string => `SELECT * FROM ${relation} LIMIT ${SAMPLE_ROWS}`;

let loaded: DuckDb | undefined;

/** The package; throws what require throws when it is not installed or does not load (the callers word it). */
export function loadDuckDb(): DuckDb {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = (bundledDuckDb(require) ?? require('@duckdb/node-api')) as DuckDb;
  return loaded;
}

/**
 * The package's JavaScript as the build bundled it (dist/bundle/duckdb-api-<version>.cjs, next to this module's
 * chunk), when that is the version installed; undefined otherwise (tsc's dist/ tree, another version installed
 * since the build, or the bundle does not load): the package itself is then required, and says what is wrong.
 */
function bundledDuckDb(require: NodeJS.Require): unknown {
  try {
    const { version } = JSON.parse(readFileSync(require.resolve('@duckdb/node-api/package.json'), 'utf8')) as { version: string };
    const file = fileURLToPath(new URL(`./duckdb-api-${version}.cjs`, import.meta.url));
    return existsSync(file) ? require(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The DuckDB package does not load (not installed, or not for this machine): `code` is require's, so a caller can
 * word "npm install @duckdb/node-api" apart from "reinstall it".
 */
export class DuckDbMissing extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * What a database file is, from its first 16 bytes: a DuckDB file has DUCK at byte 8, a SQLite database begins
 * "SQLite format 3\0". Undefined when the file cannot be read (DuckDB then says why).
 */
export function databaseFileKind(path: string): 'duckdb' | 'sqlite' | 'empty' | 'other' | undefined {
  const head = Buffer.alloc(16);
  let read: number;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, head, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (read === 16 && head.toString('latin1', 8, 12) === 'DUCK') return 'duckdb';
  if (read === 16 && head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  return read === 0 ? 'empty' : 'other';
}

type Result = Awaited<ReturnType<Awaited<ReturnType<Awaited<ReturnType<DuckDb['DuckDBInstance']['create']>>['connect']>>['runAndReadAll']>>;

/** A query's answer as kpi reads it (on the DuckDB thread or the calling thread alike). */
export function answerOf(result: Result): DuckDbAnswer {
  const columns = result.columnNames();
  return { columns, types: columns.map((_, i) => result.columnType(i).toString()), rows: result.getRowsJS() as unknown[][] };
}
