// The database servers of the SQL tests (scripts/test-servers.sh starts them; README "Testing against servers"):
// their URLs from the environment, a describe() that skips when a server is not there (one line naming what to
// install) but FAILS under CI=true, and writers of small typed tables. Table specs are those of helpers/duckdb.ts:
// columns with DuckDB's type names, mapped here to each engine's.
import { describe, it } from 'vitest';
import postgres from 'postgres';
import type { TableSpec } from './duckdb.js';

export type ServerEngine = 'postgres' | 'clickhouse' | 'clickhouse-cluster';

export const SERVER_ENV: Record<ServerEngine, string> = {
  postgres: 'KPI_TEST_POSTGRES_URL',
  clickhouse: 'KPI_TEST_CLICKHOUSE_URL',
  'clickhouse-cluster': 'KPI_TEST_CLICKHOUSE_CLUSTER_URL',
};

const PACKAGE: Record<ServerEngine, string> = { postgres: 'postgresql-15', clickhouse: 'clickhouse-server', 'clickhouse-cluster': 'clickhouse-server' };

export const serverUrl = (engine: ServerEngine): string | undefined => process.env[SERVER_ENV[engine]] || undefined;

const skipped = new Set<string>();

/**
 * describe() for tests against a server: without its URL they skip (one visible line), except under CI=true,
 * where a missing server is a failing test: no dialect ships that a test does not run against a real server.
 * `concurrent`: the tests run side by side (describe.concurrent), for tests that mostly wait and share no state.
 */
export function describeServer(engine: ServerEngine, name: string, body: (url: string) => void, options: { concurrent?: boolean } = {}): void {
  const url = serverUrl(engine);
  if (url) {
    // (Each test runs kpi against a server several times: on a loaded machine that takes far longer than a unit test.)
    describe(name, { timeout: 120_000, concurrent: options.concurrent }, () => body(url));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => it(`needs ${SERVER_ENV[engine]}`, () => {
      throw new Error(`${SERVER_ENV[engine]} is not set under CI=true: run the tests through scripts/test-servers.sh run -- npm test (apt-get install ${PACKAGE[engine]})`);
    }));
    return;
  }
  if (!skipped.has(engine)) {
    skipped.add(engine);
    console.log(`skipping ${engine} tests: ${SERVER_ENV[engine]} is not set (apt-get install ${PACKAGE[engine]}; scripts/test-servers.sh run -- npx vitest run)`);
  }
  // The body is not run: it may parse the url.
  describe.skip(name, () => it(`needs ${SERVER_ENV[engine]}`, () => undefined));
}

/** The url a kpi.yaml names for this server (the cluster's is shard 1's: kpi reads the Distributed table there). */
export const kpiUrl = (url: string): string => url.replace(/\?cluster=[^&]*$/, '');

const PG_TYPES: Record<string, string> = { DATE: 'date', INTEGER: 'integer', VARCHAR: 'text', DOUBLE: 'double precision', TIMESTAMP: 'timestamp', BIGINT: 'bigint', BOOLEAN: 'boolean' };
const CH_TYPES: Record<string, string> = { DATE: 'Date', INTEGER: 'Int32', VARCHAR: 'String', DOUBLE: 'Float64', TIMESTAMP: 'DateTime', BIGINT: 'Int64', BOOLEAN: 'UInt8' };

function typeFor(engine: 'postgres' | 'clickhouse', duckType: string): string {
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(duckType);
  if (dec) return engine === 'postgres' ? `numeric(${dec[1]},${dec[2]})` : `Decimal(${dec[1]}, ${dec[2]})`;
  const t = (engine === 'postgres' ? PG_TYPES : CH_TYPES)[duckType.toUpperCase()];
  if (!t) throw new Error(`no ${engine} type for ${duckType}`);
  return t;
}

const pgIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const pgLiteral = (v: unknown) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
const chIdent = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
const chLiteral = (v: unknown, type: string) =>
  v === null || v === undefined ? 'NULL' : typeof v === 'number' || /^(Decimal|Int|Float|UInt)/.test(type) ? String(v) : `'${String(v).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Runs SQL on PostgreSQL as the test user (who may write; kpi's own sessions are read-only). */
export async function pgRun(url: string, statements: string[]): Promise<unknown[][][]> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const out: unknown[][][] = [];
    for (const s of statements) out.push((await sql.unsafe(s).values()) as unknown[][]);
    return out;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Runs SQL on one ClickHouse server (its HTTP url, user and password in it). */
export async function chRun(url: string, sql: string, retry = true): Promise<string> {
  const u = new URL(kpiUrl(url));
  // A kept-alive connection the server closed (keep_alive_timeout 3 s) fails at once: one more try.
  const res = await fetch(`${u.protocol}//${u.host}/?database=${encodeURIComponent(u.pathname.slice(1) || 'default')}`, {
    method: 'POST',
    headers: { 'X-ClickHouse-User': decodeURIComponent(u.username) || 'default', 'X-ClickHouse-Key': decodeURIComponent(u.password) },
    body: sql,
  }).catch((err: unknown) => {
    if (retry) return null;
    throw err;
  });
  if (res === null) return chRun(url, sql, false);
  const text = await res.text();
  if (!res.ok) throw new Error(`ClickHouse: ${text.slice(0, 300)} (SQL: ${sql.slice(0, 300)})`);
  return text;
}

/** Creates (or replaces) these tables in the server's database. On the cluster: a MergeTree table on each shard
 * (`<name>_local`, the rows dealt out in turn) and a Distributed table `<name>` over them on shard 1. */
export async function writeTables(engine: ServerEngine, url: string, tables: TableSpec[]): Promise<void> {
  if (engine === 'postgres') {
    const statements: string[] = [];
    for (const t of tables) {
      statements.push(`DROP TABLE IF EXISTS ${pgIdent(t.name)} CASCADE`);
      statements.push(`CREATE TABLE ${pgIdent(t.name)} (${t.columns.map((c) => `${pgIdent(c.name)} ${typeFor('postgres', c.type)}`).join(', ')})`);
      for (let i = 0; i < t.rows.length; i += 500) statements.push(`INSERT INTO ${pgIdent(t.name)} VALUES ${t.rows.slice(i, i + 500).map((r) => `(${r.map(pgLiteral).join(', ')})`).join(', ')}`);
    }
    // One session, one transaction: hundreds of small tables in a few hundred milliseconds.
    await pgRun(url, ['BEGIN', ...statements, 'COMMIT']);
    return;
  }
  const shards = engine === 'clickhouse-cluster' ? [url, process.env.KPI_TEST_CLICKHOUSE_SHARD2_URL ?? ''] : [url];
  if (shards.some((s) => s === '')) throw new Error('KPI_TEST_CLICKHOUSE_SHARD2_URL is not set (scripts/test-servers.sh sets it with the cluster)');
  // A few tables at a time: each is a few round trips.
  const queue = [...tables];
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await writeClickHouseTable(engine, url, shards, t);
  }));
}

async function writeClickHouseTable(engine: ServerEngine, url: string, shards: string[], t: TableSpec): Promise<void> {
  {
    const types = t.columns.map((c) => `Nullable(${typeFor('clickhouse', c.type)})`);
    const columns = t.columns.map((c, i) => `${chIdent(c.name)} ${types[i]}`).join(', ');
    const local = engine === 'clickhouse-cluster' ? `${t.name}_local` : t.name;
    await Promise.all(
      shards.map(async (shard, s) => {
        await chRun(shard, `DROP TABLE IF EXISTS ${chIdent(local)}`);
        await chRun(shard, `CREATE TABLE ${chIdent(local)} (${columns}) ENGINE = MergeTree() ORDER BY tuple()`);
        const rows = t.rows.filter((_, i) => i % shards.length === s);
        if (rows.length) await chRun(shard, `INSERT INTO ${chIdent(local)} VALUES ${rows.map((r) => `(${r.map((v, i) => chLiteral(v, types[i].slice(9))).join(', ')})`).join(', ')}`);
      }),
    );
    if (engine === 'clickhouse-cluster') {
      await chRun(url, `DROP TABLE IF EXISTS ${chIdent(t.name)}`);
      await chRun(url, `CREATE TABLE ${chIdent(t.name)} AS ${chIdent(local)} ENGINE = Distributed(kpi_two_shards, default, ${chIdent(local)}, rand())`);
    }
  }
}
