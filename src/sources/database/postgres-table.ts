// A PostgreSQL table as a source (README "Running on a database"): its columns and types from the catalog, a sample
// of its first rows for mapping fields, and a connection the SQL engine (engine/sql/) runs its queries on.
// The client is postgres.js (`postgres`: no dependencies, streams about twice as fast as `pg`), loaded only here.
// Numerics arrive as text (exact); dates and timestamps as their text too, never as JavaScript Dates, which the
// client would place in the process's time zone (under TZ=Europe/Oslo DATE '2026-03-01' became the evening before).
import { ConfigError, DataError, InternalError } from '../../errors.js';
import { closest } from '../../util/text.js';
import type { Cell, Relation, SourceFile } from '../table.js';
import type { DatabaseUrl } from './database-url.js';

const SAMPLE_ROWS = 500;
/** How long a connection may take; a query's time is the server's business (statement_timeout). */
const CONNECT_TIMEOUT_S = 10;

type Postgres = typeof import('postgres');
type Sql = ReturnType<Postgres>;
type PgUrl = Extract<DatabaseUrl, { engine: 'postgres' }>;

let loaded: Promise<Postgres> | undefined;

async function client(source: string): Promise<Postgres> {
  loaded ??= import('postgres').then((m) => ((m as { default?: Postgres }).default ?? m) as Postgres);
  try {
    return await loaded;
  } catch {
    loaded = undefined;
    throw new ConfigError(`source '${source}' is a PostgreSQL table, and reading PostgreSQL needs the package postgres, which is not installed: npm install postgres (next to kpi), or export the table to CSV`, [], 'KPI_ENGINE_MISSING');
  }
}

/** One client per url: two sources in one database share it. */
const clients = new Map<string, Promise<Sql>>();

/** Ends every connection this process opened (a run of kpi ends with its process; the idle timeout ends them too). */
export async function closePostgresConnections(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.then((sql) => sql.end({ timeout: 1 }), () => undefined)));
}

// Text for the types whose JavaScript form would be wrong or lossy: date, timestamp, timestamptz, time, numeric, int8.
const AS_TEXT = [1082, 1114, 1184, 1083, 1266, 1700, 20];

function connect(url: PgUrl, source: string): Promise<Sql> {
  let c = clients.get(url.url);
  if (!c) {
    c = client(source).then((postgres) =>
      postgres(url.url, {
        max: 4,
        // Idle connections close on their own, so kpi's process ends when its work is done.
        idle_timeout: 0.2,
        connect_timeout: CONNECT_TIMEOUT_S,
        prepare: false,
        onnotice: () => undefined,
        connection: { application_name: 'kpi', DateStyle: 'ISO, YMD', IntervalStyle: 'iso_8601', default_transaction_read_only: true },
        types: Object.fromEntries(AS_TEXT.map((oid) => [`t${oid}`, { to: oid, from: [oid], serialize: (x: unknown) => String(x), parse: (x: string) => x }])),
      }),
    );
    clients.set(url.url, c);
    c.catch(() => clients.delete(url.url));
  }
  return c;
}

const firstLine = (err: unknown): string => String(err instanceof Error ? err.message : err).split('\n')[0];

/** What went wrong talking to the server, as one line naming host, database and table; never a stack trace. */
export function postgresError(err: unknown, url: PgUrl, source: string, label: string, sql?: string): Error {
  const e = err as { code?: string; errno?: string; severity?: string };
  const code = String(e.code ?? e.errno ?? '');
  const at = `source '${source}': PostgreSQL at ${url.host}, database ${url.database}`;
  const file = url.shown;
  if (code === '28P01' || code === '28000') {
    return new DataError(`${at} refused the login: ${firstLine(err)}`, ['check the user and password in the url: (or the environment variable it names)'], { code: 'KPI_DATABASE_AUTH', file });
  }
  if (code === '3D000') return new DataError(`${at}: ${firstLine(err)}`, ['check the database name at the end of the url:'], { code: 'KPI_DATABASE_AUTH', file });
  if (code === '42501') return new DataError(`${at}: ${label}: ${firstLine(err)}`, ['grant the user SELECT on the table'], { code: 'KPI_DATABASE_AUTH', file });
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|CONNECT_TIMEOUT)$/.test(code)) {
    return new DataError(`${at} does not answer (${code === 'CONNECT_TIMEOUT' ? `no connection within ${CONNECT_TIMEOUT_S} s` : code})`, ['check the host and port in the url:, and that the server runs'], { code: 'KPI_DATABASE_UNREACHABLE', file });
  }
  if (/^(CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|ECONNRESET|EPIPE|57P01|57P02|57P03)$/.test(code)) {
    return new DataError(`${at}: the connection was lost during a query (${firstLine(err)}); no figure was computed — run kpi again`, [], { code: 'KPI_DATABASE_UNREACHABLE', file });
  }
  if (code === '57014') return new DataError(`${at}: ${label}: the query was cancelled (${firstLine(err)}); raise statement_timeout for the user, or report a shorter period`, [], { code: 'KPI_DATABASE_UNREADABLE', file });
  // Class 22 (data exception), 53 (resources), 58 (system): about the data or the server, not kpi's SQL.
  if (/^(22|53|58|XX)/.test(code)) return new DataError(`${at}: ${label}: ${firstLine(err)}`, [], { code: 'KPI_DATABASE_UNREADABLE', file });
  return new InternalError(`source '${source}': PostgreSQL refused kpi's query (${code} ${firstLine(err)})${sql ? `; SQL: ${sql}` : ''}`);
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Opens `table` (in `schema`, else the search path's) of the PostgreSQL database of `url`. */
export async function openPostgresTable(url: PgUrl, table: string, schema: string | undefined, source: string): Promise<SourceFile> {
  const sql = await connect(url, source);
  const wanted = schema === undefined ? table : `${schema}.${table}`;
  const label = `${url.shown}#${wanted}`;
  const relationName = `${schema === undefined ? '' : `${quoteIdent(schema)}.`}${quoteIdent(table)}`;
  const query = async (text: string): Promise<unknown[][]> => {
    try {
      return (await sql.unsafe(text).values()) as unknown[][];
    } catch (err) {
      throw postgresError(err, url, source, label, text);
    }
  };
  // The catalog's columns and types (`numeric(18,2)`, `timestamp without time zone`), in the table's order.
  const columns = await query(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(${quoteText(relationName)}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
  );
  if (columns.length === 0) {
    const tables = (await query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`)).map((r) =>
      r[0] === 'public' ? String(r[1]) : `${String(r[0])}.${String(r[1])}`,
    );
    const hint = closest(wanted, tables);
    throw new DataError(
      `source '${source}': PostgreSQL at ${url.host}, database ${url.database} has no table ${JSON.stringify(wanted)}${hint ? `; did you mean table: ${hint}?` : ''}`,
      [tables.length ? `tables found: ${tables.slice(0, 50).join(', ')}` : 'the database has no tables the user can see'],
      { code: 'KPI_TABLE_NOT_FOUND', file: url.shown },
    );
  }
  const headers = columns.map((r) => String(r[0]));
  const types = new Map(columns.map((r) => [String(r[0]), String(r[1])]));
  const numeric = headers.map((h) => /^(numeric|integer|bigint|smallint|real|double precision)/.test(types.get(h)!));
  // Every column as text but numbers: dates as the wall-clock text the server prints (DateStyle ISO).
  const select = headers.map((h, i) => (numeric[i] ? quoteIdent(h) : `CAST(${quoteIdent(h)} AS text)`)).join(', ');
  const cellOf = (v: unknown, i: number): Cell => (v === null || v === undefined ? '' : numeric[i] && typeof v !== 'number' ? Number(v) : typeof v === 'number' ? v : String(v));
  const sample = (await query(`SELECT ${select} FROM ${relationName} LIMIT ${SAMPLE_ROWS}`)).map((r) => r.map(cellOf));
  const relation: Relation = { engine: 'postgres', table, schema, types, query };
  return {
    path: url.shown,
    format: 'postgres',
    label,
    lineWord: 'row',
    headers,
    settings: { engine: 'postgres', table: wanted },
    sample,
    relation,
    async eachRecord(onRecord) {
      let line = 0;
      try {
        await sql.unsafe(`SELECT ${select} FROM ${relationName}`).values().cursor(2000, (rows: unknown[][]) => {
          for (const r of rows) onRecord(r.map(cellOf), ++line);
        });
      } catch (err) {
        throw postgresError(err, url, source, label);
      }
      return line;
    },
  };
}

const quoteText = (text: string): string => `'${text.replace(/'/g, "''")}'`;
