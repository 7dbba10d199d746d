// A source's `url:` (README "Running on a database"): which engine holds the table and where. One spelling for every
// engine, so PostgreSQL (`postgres://user@host/db`) and ClickHouse (`clickhouse://host:8123/db`) fit it next;
// DuckDB is a file: `duckdb:data/shop.duckdb` (relative to kpi.yaml) or `duckdb:///srv/shop.duckdb`.
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors.js';

export type DatabaseUrl = { engine: 'duckdb'; path: string };

/** Engines a later kpi may support, named so the message says they are not here yet rather than unknown. */
const LATER = ['postgres', 'postgresql', 'clickhouse'];

export function parseDatabaseUrl(url: string, baseDir: string, source: string, where = ''): DatabaseUrl {
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(url.trim());
  const example = 'e.g. url: duckdb:data/shop.duckdb';
  if (!m) throw new ConfigError(`${where}source '${source}': url: ${JSON.stringify(url)} names no engine; write the engine first, ${example}`, [], 'KPI_SOURCE_URL');
  const scheme = m[1].toLowerCase();
  if (LATER.includes(scheme)) {
    throw new ConfigError(`${where}source '${source}': url: ${scheme}: is not supported by this kpi yet; it reads DuckDB databases (${example}), or export the table to CSV`, [], 'KPI_SOURCE_URL');
  }
  if (scheme !== 'duckdb') throw new ConfigError(`${where}source '${source}': url: unknown engine '${m[1]}'; kpi reads DuckDB databases, ${example}`, [], 'KPI_SOURCE_URL');
  // `duckdb:///srv/x.duckdb` is an absolute path, as in a file URL; `duckdb:x.duckdb` is relative to kpi.yaml.
  let path = m[2].startsWith('//') ? m[2].slice(2) : m[2];
  try {
    path = decodeURIComponent(path);
  } catch {
    throw new ConfigError(`${where}source '${source}': url: ${JSON.stringify(url)} has a broken %-escape in its path`, [], 'KPI_SOURCE_URL');
  }
  if (path === '' || path === ':memory:' || path.includes('\0')) {
    throw new ConfigError(`${where}source '${source}': url: ${JSON.stringify(url)} names no database file; ${example}`, [], 'KPI_SOURCE_URL');
  }
  return { engine: 'duckdb', path: isAbsolute(path) ? path : resolve(baseDir, path) };
}
