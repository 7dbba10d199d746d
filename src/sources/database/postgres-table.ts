// A PostgreSQL table as a source (README "Running on a database"): its columns and types from the catalog, a sample
// of its first rows for mapping fields, and a connection the SQL engine (engine/sql/) runs its queries on.
// The client is postgres.js (`postgres`: no dependencies, streams about twice as fast as `pg`), loaded only here.
// Numerics arrive as text (exact); dates and timestamps as their text too, never as JavaScript Dates, which the
// client would place in the process's time zone (under TZ=Europe/Oslo DATE '2026-03-01' became the evening before).
import { ConfigError, DataError, InternalError } from '../../errors.js';
import { closest } from '../../util/text.js';
import type { Cell, Relation, SourceFile } from '../table.js';
import type { DatabaseUrl } from './database-url.js';
import { assertDistinctColumns, querySubquery, targetLabel, timeoutLine, timeoutWords, type DatabaseTarget } from './target.js';

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

function connect(url: PgUrl, source: string, timeoutMs: number | undefined): Promise<Sql> {
  // Sources with another timeout: get a client of their own (statement_timeout is a setting of the session).
  const key = `${url.url}\u0000${timeoutMs ?? ''}`;
  let c = clients.get(key);
  if (!c) {
    c = client(source).then((postgres) =>
      postgres(url.url, {
        max: 4,
        // Idle connections close on their own, so kpi's process ends when its work is done.
        idle_timeout: 0.2,
        connect_timeout: timeoutMs === undefined ? CONNECT_TIMEOUT_S : timeoutMs / 1000,
        prepare: false,
        onnotice: () => undefined,
        connection: {
          application_name: 'kpi',
          DateStyle: 'ISO, YMD',
          IntervalStyle: 'iso_8601',
          default_transaction_read_only: true,
          // The server cancels a query past the source's timeout: (57014, read by postgresError).
          ...(timeoutMs === undefined ? {} : { statement_timeout: Math.max(1, Math.round(timeoutMs)) }),
        },
        types: Object.fromEntries(AS_TEXT.map((oid) => [`t${oid}`, { to: oid, from: [oid], serialize: (x: unknown) => String(x), parse: (x: string) => x }])),
      }),
    );
    clients.set(key, c);
    c.catch(() => clients.delete(key));
  }
  return c;
}

const firstLine = (err: unknown): string => String(err instanceof Error ? err.message : err).split('\n')[0];

/** What went wrong talking to the server, as one line naming host, database and table; never a stack trace. */
export function postgresError(err: unknown, url: PgUrl, target: DatabaseTarget, label: string, sql?: string): Error {
  const e = err as { code?: string; errno?: string; severity?: string };
  const code = String(e.code ?? e.errno ?? '');
  const source = target.source;
  const at = `source '${source}': PostgreSQL at ${url.host}, database ${url.database}`;
  const file = url.shown;
  const timeout = target.timeoutMs;
  if (timeout !== undefined && (code === '57014' || code === 'CONNECT_TIMEOUT')) {
    const line = code === '57014' ? timeoutLine(at, target, 'cancelled by the server') : `${at}: no connection within timeout: ${timeoutWords(timeout)}`;
    return new DataError(line, [`raise timeout: under sources: ${source}:${code === '57014' ? ', or report a shorter period' : ', or check the host and port in the url:'}`], { code: 'KPI_DATABASE_TIMEOUT', file });
  }
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
  if (code === '57014') return new DataError(`${at}: ${label}: the query was cancelled (${firstLine(err)}); set timeout: under sources: ${source}: (or raise statement_timeout for the user), or report a shorter period`, [], { code: 'KPI_DATABASE_TIMEOUT', file });
  // The client's own refusals of a login method or a server's proof: the login's.
  if (/^(SASL_SIGNATURE_MISMATCH|AUTH_TYPE_NOT_IMPLEMENTED|MESSAGE_NOT_SUPPORTED)$/.test(code)) {
    return new DataError(`${at} refused the login: ${firstLine(err)}`, ['check the user and password in the url:, and the server\'s authentication method (pg_hba.conf)'], { code: 'KPI_DATABASE_AUTH', file });
  }
  // Class 08: the connection failed.
  if (/^08/.test(code)) return new DataError(`${at}: the connection failed (${firstLine(err)}); no figure was computed — run kpi again`, [], { code: 'KPI_DATABASE_UNREACHABLE', file });
  // A query kpi wrote wrong (syntax, an unknown function or column, types, grouping), or called the client wrong:
  // a bug in kpi (exit 70), with the SQL to report.
  if (/^(42601|42883|42804|42P18|42725|42803|42846|42703|42702|42P10|42P09|42P20|42P19|NOT_TAGGED_CALL|UNDEFINED_VALUE|MAX_PARAMETERS_EXCEEDED)$/.test(code)) {
    return new InternalError(`source '${source}': PostgreSQL refused kpi's query (${code} ${firstLine(err)})${sql ? `; SQL: ${sql}` : ''}`);
  }
  // Everything else is about the data or the server (class 22 data, 53 resources, 58 system, 40 a transaction
  // rolled back, 55 a lock, TLS and certificates …), never a bug of kpi's: exit 3.
  return new DataError(`${at}: ${label}: ${firstLine(err)}${code ? ` (${code})` : ''}; no figure was computed`, [], { code: 'KPI_DATABASE_UNREADABLE', file });
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Opens the table (in its schema, else the search path's) or the query of `target` in the PostgreSQL database of
 * `url`. A query's columns and types are its result's description (the catalog's type where a column is a table's).
 */
export async function openPostgresTable(url: PgUrl, target: DatabaseTarget): Promise<SourceFile> {
  const { source, table, schema } = target;
  const sql = await connect(url, source, target.timeoutMs);
  const wanted = targetLabel(target);
  const label = `${url.shown}#${wanted}`;
  const relationName = target.query !== undefined ? querySubquery(target.query) : `${schema === undefined ? '' : `${quoteIdent(schema)}.`}${quoteIdent(table!)}`;
  const query = async (text: string): Promise<unknown[][]> => {
    try {
      return (await sql.unsafe(text).values()) as unknown[][];
    } catch (err) {
      throw postgresError(err, url, target, label, text);
    }
  };
  let columns: unknown[][];
  let querySample: unknown[][] | undefined;
  if (target.query !== undefined) {
    ({ columns, sample: querySample } = await describeQuery(sql, url, target, relationName, query));
  } else {
    // The catalog's columns and types (`numeric(18,2)`, `timestamp without time zone`), in the table's order.
    columns = await query(
      `SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(${quoteText(relationName)}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    );
  }
  if (columns.length === 0 && target.query === undefined) {
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
  assertDistinctColumns(headers, target, url.shown);
  const types = new Map(columns.map((r) => [String(r[0]), String(r[1])]));
  const numeric = headers.map((h) => /^(numeric|integer|bigint|smallint|real|double precision)/.test(types.get(h)!));
  // Every column as text but numbers: dates as the wall-clock text the server prints (DateStyle ISO).
  const select = headers.map((h, i) => (numeric[i] ? quoteIdent(h) : `CAST(${quoteIdent(h)} AS text)`)).join(', ');
  const cellOf = (v: unknown, i: number): Cell => (v === null || v === undefined ? '' : numeric[i] && typeof v !== 'number' ? Number(v) : typeof v === 'number' ? v : String(v));
  const sample = (querySample ?? (await query(`SELECT ${select} FROM ${relationName} LIMIT ${SAMPLE_ROWS}`))).map((r) => r.map(cellOf));
  const relation: Relation = { engine: 'postgres', table: table ?? 'query', schema, from: target.query !== undefined ? relationName : undefined, types, query };
  return {
    path: url.shown,
    format: 'postgres',
    label,
    lineWord: 'row',
    headers,
    settings: { engine: 'postgres', ...(target.query !== undefined ? { query: target.query } : { table: wanted }) },
    sample,
    relation,
    async eachRecord(onRecord) {
      let line = 0;
      try {
        await sql.unsafe(`SELECT ${select} FROM ${relationName}`).values().cursor(2000, (rows: unknown[][]) => {
          for (const r of rows) onRecord(r.map(cellOf), ++line);
        });
      } catch (err) {
        throw postgresError(err, url, target, label);
      }
      return line;
    },
  };
}

/**
 * A query's result columns with their types, and its first rows: the sample is run as the query itself (so an
 * error in the user's SELECT is the server's message, exit 3), and each column's type is its description's type
 * with the typmod of the table column it comes from (`numeric(18,2)`); a computed column has none (`numeric`).
 * Dates come back as text (the client's parsers, AS_TEXT), numerics as text, as the table's sample.
 */
async function describeQuery(sql: Sql, url: PgUrl, target: DatabaseTarget, relationName: string, query: (text: string) => Promise<unknown[][]>): Promise<{ columns: unknown[][]; sample: unknown[][] }> {
  let result: unknown[][] & { columns?: { name: string; type: number; table: number; number: number }[] };
  try {
    result = (await sql.unsafe(`SELECT * FROM ${relationName} LIMIT ${SAMPLE_ROWS}`).values()) as typeof result;
  } catch (err) {
    const e = err as { code?: string };
    // Connection, login and timeout failures are what they are; the rest is about the SQL the user wrote.
    if (/^(28|3D|08|57)/.test(String(e.code ?? '')) || !/^[0-9A-Z]{5}$/.test(String(e.code ?? ''))) throw postgresError(err, url, target, `${url.shown}#query`);
    throw new DataError(`source '${target.source}': PostgreSQL at ${url.host}, database ${url.database} refused the query: ${firstLine(err)}`, ['fix the SELECT under query: (try it in psql first)'], { code: 'KPI_DATABASE_QUERY', file: url.shown });
  }
  const described = result.columns ?? [];
  if (described.length === 0) return { columns: [], sample: [] };
  // One catalog query for every column's type name: the table column's typmod where there is one.
  const rows = described.map((c, i) => `(${i}, ${c.type}, ${c.table}, ${c.number})`).join(', ');
  const typed = await query(
    `SELECT format_type(d.oid::oid, COALESCE(a.atttypmod, -1)) FROM (VALUES ${rows}) AS d(i, oid, rel, num) LEFT JOIN pg_catalog.pg_attribute a ON d.rel <> 0 AND a.attrelid = d.rel::oid AND a.attnum = d.num AND a.atttypid = d.oid::oid ORDER BY d.i`,
  );
  const columns = described.map((c, i) => [c.name, String(typed[i][0])]);
  // The sample as the table's is read: non-numbers as text (a boolean as 'true', not a JavaScript boolean).
  const numeric = columns.map((c) => /^(numeric|integer|bigint|smallint|real|double precision)/.test(String(c[1])));
  return { columns, sample: [...result].map((r) => r.map((v, i) => (v === null || numeric[i] ? v : typeof v === 'boolean' || typeof v === 'object' ? pgText(v) : v))) };
}

/** A value postgres.js parsed (boolean, array, json) as PostgreSQL prints it, near enough for a sample. */
const pgText = (v: unknown): string => (typeof v === 'boolean' ? String(v) : Array.isArray(v) ? `{${v.join(',')}}` : JSON.stringify(v));

const quoteText = (text: string): string => `'${text.replace(/'/g, "''")}'`;
