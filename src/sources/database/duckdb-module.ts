// The optional package @duckdb/node-api, loaded once and only when a source needs DuckDB (a DuckDB table, or a file
// with engine: duckdb). It is CommonJS (about 190 files): import() of it makes Node run its CommonJS export lexer
// over every file the index re-exports, about 0.1 s of CPU and 0.3 s of a start on the 2-core machine of README
// "Scaling out" (a tenth of a 10M-row report); require() loads the same files without that pass.
import { createRequire } from 'node:module';

export type DuckDb = typeof import('@duckdb/node-api');

let loaded: DuckDb | undefined;

/** The package; throws what require throws when it is not installed or does not load (the callers word it). */
export function loadDuckDb(): DuckDb {
  loaded ??= createRequire(import.meta.url)('@duckdb/node-api') as DuckDb;
  return loaded;
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
