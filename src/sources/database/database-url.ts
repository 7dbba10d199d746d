// A source's `url:` (README "Running on a database"): which engine holds the table and where. One spelling for every
// engine: DuckDB is a file (`duckdb:data/shop.duckdb`, relative to kpi.yaml, or `duckdb:///srv/shop.duckdb`),
// PostgreSQL a server (`postgres://user@host:5432/db`), ClickHouse its HTTP interface (`clickhouse://host:8123/db`,
// `clickhouses://` or `https://` for TLS). `${NAME}` in a url is the environment variable NAME, so a password need
// never be written in kpi.yaml; a url is shown in messages without its password (`shown`).
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors.js';

export type DatabaseUrl =
  | { engine: 'duckdb'; path: string }
  /** `url` is the connection string as postgres.js takes it (the password included). */
  | { engine: 'postgres'; url: string; shown: string; host: string; database: string }
  /** `endpoint` is the HTTP base (`http://host:8123/`), without user or password. */
  | { engine: 'clickhouse'; endpoint: string; shown: string; host: string; database: string; user: string; password: string };

const EXAMPLES = 'e.g. url: duckdb:data/shop.duckdb, url: postgres://kpi@db.example.com:5432/shop or url: clickhouse://ch.example.com:8123/shop';

/** `${NAME}` replaced by the environment variable NAME; an unset one is a ConfigError naming it. */
function expandEnv(url: string, source: string, where: string): string {
  return url.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const v = process.env[name];
    if (v === undefined || v === '') throw new ConfigError(`${where}source '${source}': url: names the environment variable ${name}, which is not set; set it (export ${name}=…) before running kpi`, [], 'KPI_SOURCE_URL');
    return v;
  });
}

/** A url with its password replaced by `***`, for messages. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1:***@');
}

export function parseDatabaseUrl(written: string, baseDir: string, source: string, where = ''): DatabaseUrl {
  const url = expandEnv(written.trim(), source, where);
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(url);
  const shownUrl = JSON.stringify(maskUrl(url));
  if (!m) throw new ConfigError(`${where}source '${source}': url: ${shownUrl} names no engine; write the engine first, ${EXAMPLES}`, [], 'KPI_SOURCE_URL');
  const scheme = m[1].toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return serverUrl('postgres', url, source, where);
  if (scheme === 'clickhouse' || scheme === 'clickhouses' || scheme === 'http' || scheme === 'https') return serverUrl('clickhouse', url, source, where);
  if (scheme !== 'duckdb') throw new ConfigError(`${where}source '${source}': url: unknown engine '${m[1]}'; kpi reads DuckDB, PostgreSQL and ClickHouse, ${EXAMPLES}`, [], 'KPI_SOURCE_URL');
  // `duckdb:///srv/x.duckdb` is an absolute path, as in a file URL; `duckdb:x.duckdb` is relative to kpi.yaml.
  let path = m[2].startsWith('//') ? m[2].slice(2) : m[2];
  try {
    path = decodeURIComponent(path);
  } catch {
    throw new ConfigError(`${where}source '${source}': url: ${shownUrl} has a broken %-escape in its path`, [], 'KPI_SOURCE_URL');
  }
  if (path === '' || path === ':memory:' || path.includes('\0')) {
    throw new ConfigError(`${where}source '${source}': url: ${shownUrl} names no database file; e.g. url: duckdb:data/shop.duckdb`, [], 'KPI_SOURCE_URL');
  }
  return { engine: 'duckdb', path: isAbsolute(path) ? path : resolve(baseDir, path) };
}

function serverUrl(engine: 'postgres' | 'clickhouse', url: string, source: string, where: string): DatabaseUrl {
  const shown = maskUrl(url);
  const example = engine === 'postgres' ? 'url: postgres://kpi@db.example.com:5432/shop' : 'url: clickhouse://ch.example.com:8123/shop';
  const bad = (why: string) => new ConfigError(`${where}source '${source}': url: ${JSON.stringify(shown)} ${why}; e.g. ${example}`, [], 'KPI_SOURCE_URL');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('is not a URL');
  }
  if (u.hostname === '') throw bad('names no host');
  let database: string;
  let user: string;
  let password: string;
  try {
    database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    user = decodeURIComponent(u.username);
    password = decodeURIComponent(u.password);
  } catch {
    throw bad('has a broken %-escape');
  }
  if (database.includes('/')) throw bad('has a path of more than the database name');
  const host = `${u.hostname}${u.port ? `:${u.port}` : ''}`;
  if (engine === 'postgres') {
    if (database === '') throw bad('names no database');
    return { engine, url, shown, host, database };
  }
  const tls = u.protocol === 'https:' || u.protocol === 'clickhouses:';
  const port = u.port || (u.protocol === 'clickhouse:' ? '8123' : u.protocol === 'clickhouses:' ? '8443' : '');
  const endpoint = `${tls ? 'https' : 'http'}://${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}${port ? `:${port}` : ''}/`;
  for (const key of u.searchParams.keys()) if (key !== 'database') throw bad(`has the setting ${key}=, which kpi does not know (only ?database=)`);
  return { engine, endpoint, shown, host, database: database || u.searchParams.get('database') || 'default', user: user || 'default', password };
}
