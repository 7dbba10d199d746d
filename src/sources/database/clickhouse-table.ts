// A ClickHouse table as a source (README "Running on a database"), over the HTTP interface with Node's own http:
// no client package (ClickHouse 18.16, the oldest kept in mind, takes no query parameters, so the dialect inlines
// escaped literals anyway). Its columns and types from DESCRIBE TABLE, a sample of its first rows for mapping fields,
// and the queries of the SQL engine (engine/sql/), answered as JSONCompact; a Distributed table is read like any
// other, the shards doing the scan.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DataError, InternalError } from '../../errors.js';
import { closest } from '../../util/text.js';
import type { Cell, Relation, SourceFile } from '../table.js';
import type { DatabaseUrl } from './database-url.js';
import { assertDistinctColumns, querySubquery, targetLabel, timeoutLine, timeoutWords, type DatabaseTarget } from './target.js';

const SAMPLE_ROWS = 500;
/** How long kpi waits for a connection (a query's time is the server's, or the source's timeout:). */
const CONNECT_TIMEOUT_MS = 10_000;

type ChUrl = Extract<DatabaseUrl, { engine: 'clickhouse' }>;

/** A ClickHouse identifier in backquotes, with backslash and backquote escaped: no name can end the quoting. */
export const chIdent = (name: string): string => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
/** A ClickHouse string literal: backslash, quote and NUL escaped. */
export const chText = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0')}'`;

const firstLine = (text: string): string =>
  text
    .replace(/^Code: \d+, e\.displayText\(\) = DB::Exception: /, '')
    // (Newer servers: `Code: 60. DB::Exception: … (UNKNOWN_TABLE) (version …)`.)
    .replace(/^Code: \d+\. DB::Exception: /, '')
    .replace(/, e\.what\(\) = DB::Exception\s*$/s, '')
    .split('\n')[0]
    .trim();

/** Runs one query; resolves with its rows (JSONCompact) and column types. */
async function run(url: ChUrl, target: DatabaseTarget, label: string, sql: string): Promise<{ meta: { name: string; type: string }[]; data: unknown[][] }> {
  try {
    return await runOnce(url, target, label, sql);
  } catch (err) {
    // A kept-alive connection the server closed meanwhile fails at once: kpi's queries only read, so one more try
    // on a new connection is safe. A second loss is the error.
    if (!(err as { retry?: boolean }).retry) throw err;
    return runOnce(url, target, label, sql);
  }
}

/** Why a request got no answer: a socket error's code, or kpi's own limits. */
class NoAnswer extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * POSTs `body` and resolves with the status and the whole answer. The connection has CONNECT_TIMEOUT_MS (or the
 * source's timeout, when shorter) to open; the answer has `answerMs` from the start when given, and otherwise as
 * long as the server takes (as PostgreSQL's queries have: a query's time is the server's, or `timeout:`).
 * Node's http rather than fetch: fetch gives up on an answer whose head takes over 300 s, and has no separate
 * limit for connecting.
 */
function post(endpoint: string, path: string, headers: Record<string, string>, body: string, connectMs: number, answerMs: number | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, endpoint);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    let done = false;
    const timers: NodeJS.Timeout[] = [];
    const fail = (err: NoAnswer) => {
      if (done) return;
      done = true;
      timers.forEach(clearTimeout);
      req.destroy();
      reject(err);
    };
    const req = send(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (done) return;
        done = true;
        timers.forEach(clearTimeout);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
      // The server closing mid-answer.
      res.on('close', () => {
        if (!res.complete) fail(new NoAnswer('ECONNRESET'));
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(new NoAnswer(err.code ?? 'ECONNRESET')));
    });
    req.on('error', (err: NodeJS.ErrnoException) => fail(new NoAnswer(err.code ?? err.message)));
    req.on('socket', (socket) => {
      // (A kept-alive socket is connected already.) Over TLS the connection is made once the handshake is: a
      // clickhouses:// url at a plain-HTTP port is a TCP connection that never answers the handshake, which
      // waited forever without timeout: (found by a new-user trial, 3 runs of 9).
      if (!socket.connecting) return;
      const t = setTimeout(() => fail(new NoAnswer('CONNECT_TIMEOUT')), connectMs);
      timers.push(t);
      socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(t));
    });
    if (answerMs !== undefined) timers.push(setTimeout(() => fail(new NoAnswer('ANSWER_TIMEOUT')), answerMs));
    req.end(body);
  });
}

/**
 * ClickHouse's codes for a query kpi wrote wrong (a bug in kpi, exit 70): syntax, unknown identifiers and
 * functions, types and arguments, aggregates. Any other failure is the server's or the data's (exit 3).
 */
const KPI_SQL_CODES = new Set([1, 10, 36, 42, 43, 44, 46, 47, 48, 53, 62, 179, 184, 215, 352, 386]);

async function runOnce(url: ChUrl, target: DatabaseTarget, label: string, sql: string): Promise<{ meta: { name: string; type: string }[]; data: unknown[][] }> {
  const source = target.source;
  const at = `source '${source}': ClickHouse at ${url.host}, database ${url.database}`;
  const file = url.shown;
  const timeout = target.timeoutMs;
  // With a timeout: the server stops a query past it (max_execution_time, whole seconds) and kpi stops waiting a
  // moment later, whatever the server does. Without one, a query takes what it takes.
  const settings = timeout === undefined ? '' : `&max_execution_time=${Math.max(1, Math.ceil(timeout / 1000))}&timeout_overflow_mode=throw`;
  const timedOut = () =>
    new DataError(timeoutLine(at, target, 'stopped'), [`raise timeout: under sources: ${source}:, or report a shorter period`], { code: 'KPI_DATABASE_TIMEOUT', file });
  let response: { status: number; body: string };
  try {
    response = await post(
      url.endpoint,
      `/?database=${encodeURIComponent(url.database)}${settings}`,
      { 'X-ClickHouse-User': url.user, 'X-ClickHouse-Key': url.password, 'Content-Type': 'text/plain; charset=utf-8' },
      `${sql} FORMAT JSONCompact`,
      Math.min(CONNECT_TIMEOUT_MS, timeout ?? Infinity),
      timeout === undefined ? undefined : timeout + 1000,
    );
  } catch (err) {
    const code = err instanceof NoAnswer ? err.code : String((err as Error).message);
    if (code === 'ANSWER_TIMEOUT') throw timedOut();
    if (code === 'CONNECT_TIMEOUT' && timeout !== undefined && timeout < CONNECT_TIMEOUT_MS) {
      throw new DataError(`${at}: no connection within timeout: ${timeoutWords(timeout)}`, [`raise timeout: under sources: ${source}:, or check the host and port in the url:`], { code: 'KPI_DATABASE_TIMEOUT', file });
    }
    if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|CONNECT_TIMEOUT)$/.test(code)) {
      throw new DataError(`${at} does not answer (${code === 'CONNECT_TIMEOUT' ? `no connection within ${CONNECT_TIMEOUT_MS / 1000} s` : code})`, ['check the host and port in the url: (the HTTP port, 8123 by default), and that the server runs'], { code: 'KPI_DATABASE_UNREACHABLE', file });
    }
    throw Object.assign(new DataError(`${at}: the connection was lost during a query (${code}); no figure was computed — run kpi again`, [], { code: 'KPI_DATABASE_UNREACHABLE', file }), { retry: true });
  }
  const body = response.body;
  if (response.status >= 200 && response.status < 300) {
    try {
      return JSON.parse(body) as { meta: { name: string; type: string }[]; data: unknown[][] };
    } catch {
      // (ClickHouse writes an error met while answering after the rows it sent.)
      const late = /Code: \d+/.test(body) ? `: ${firstLine(body.slice(body.search(/Code: \d+/)))}` : '';
      throw new DataError(`${at}: the answer to a query was cut short or is not ClickHouse's JSON${late}; no figure was computed — run kpi again`, [], { code: 'KPI_DATABASE_UNREACHABLE', file });
    }
  }
  const code = Number(/^Code: (\d+)/.exec(body)?.[1] ?? 0);
  const message = firstLine(body);
  // 192 unknown user, 193 wrong password, 194 password required, 516 authentication failed, 497 no grant.
  if ([192, 193, 194, 516].includes(code)) throw new DataError(`${at} refused the login: ${message}`, ['check the user and password in the url: (or the environment variable it names)'], { code: 'KPI_DATABASE_AUTH', file });
  if (code === 497) throw new DataError(`${at}: ${label}: ${message}`, ['grant the user SELECT on the table'], { code: 'KPI_DATABASE_AUTH', file });
  if (code === 81) throw new DataError(`${at}: ${message}`, ['check the database name at the end of the url:'], { code: 'KPI_DATABASE_AUTH', file });
  // What ClickHouse says about the user's SELECT (a syntax error, an unknown column or function) is theirs to fix.
  if (target.query !== undefined && sql === `SELECT * FROM ${querySubquery(target.query)} LIMIT 0`) {
    throw new DataError(`${at} refused the query: ${message}`, ['fix the SELECT under query: (try it in clickhouse-client first)'], { code: 'KPI_DATABASE_QUERY', file });
  }
  if (code === 60) throw Object.assign(new DataError(`${at}: ${message}`, [], { code: 'KPI_TABLE_NOT_FOUND', file }), { missingTable: true });
  // 159: past max_execution_time (the source's timeout:).
  if (code === 159 && timeout !== undefined) throw timedOut();
  if (code !== 0 && KPI_SQL_CODES.has(code)) throw new InternalError(`source '${source}': ClickHouse refused kpi's query (${message}); SQL: ${sql}`);
  if (code === 0 && response.status >= 500) throw new DataError(`${at}: the server answered HTTP ${response.status} (${body.slice(0, 200).trim()})`, [], { code: 'KPI_DATABASE_UNREACHABLE', file });
  // The rest (memory, a killed query, too many queries, a shard out of reach, the server's own failures; an answer
  // that is not ClickHouse's, from a proxy in between) is the server's: exit 3, never a bug of kpi's.
  throw new DataError(`${at}: ${label}: ${code ? message : `HTTP ${response.status} ${body.slice(0, 200).trim()}`}; no figure was computed`, [], { code: 'KPI_DATABASE_UNREADABLE', file });
}

/** A ClickHouse type without its Nullable(…) and LowCardinality(…) wrappers. */
export function bareType(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[2].trim();
  }
}

/**
 * Opens the table (in the database `schema`, else the url's) or the query of `target` on the ClickHouse server of
 * `url`. A query's columns and types are those of its result (the JSON answer's meta).
 */
export async function openClickHouseTable(url: ChUrl, target: DatabaseTarget): Promise<SourceFile> {
  const { source, table, schema } = target;
  const database = schema ?? url.database;
  const wanted = targetLabel(target);
  const label = `${url.shown}#${wanted}`;
  const relationName = target.query !== undefined ? querySubquery(target.query) : `${chIdent(database)}.${chIdent(table!)}`;
  let columns: { name: string; type: string }[];
  if (target.query !== undefined) {
    columns = (await run(url, target, label, `SELECT * FROM ${relationName} LIMIT 0`)).meta;
  } else {
    let described: unknown[][];
    try {
      described = (await run(url, target, label, `DESCRIBE TABLE ${relationName}`)).data;
    } catch (err) {
      if (!(err as { missingTable?: boolean }).missingTable) throw err;
      const tables = (await run(url, target, label, `SELECT name FROM system.tables WHERE database = ${chText(database)} ORDER BY name`)).data.map((r) => String(r[0]));
      const hint = closest(table!, tables);
      throw new DataError(
        `source '${source}': ClickHouse at ${url.host}, database ${database} has no table ${JSON.stringify(table)}${hint ? `; did you mean table: ${hint}?` : ''}`,
        [tables.length ? `tables found: ${tables.slice(0, 50).join(', ')}` : 'the database has no tables'],
        { code: 'KPI_TABLE_NOT_FOUND', file: url.shown },
      );
    }
    // DESCRIBE lists MATERIALIZED and ALIAS columns too; SELECT * has only the ordinary ones.
    columns = described.filter((r) => r[2] !== 'MATERIALIZED' && r[2] !== 'ALIAS').map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  }
  const headers = columns.map((c) => c.name);
  assertDistinctColumns(headers, target, url.shown);
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const numeric = headers.map((h) => /^(U?Int\d+|Float\d+|Decimal)/.test(bareType(types.get(h)!)));
  const cellOf = (v: unknown, i: number): Cell => (v === null || v === undefined ? '' : numeric[i] ? Number(v) : typeof v === 'string' ? v : String(v));
  const query = async (sql: string): Promise<unknown[][]> => (await run(url, target, label, sql)).data;
  const select = headers.map((h, i) => (numeric[i] ? chIdent(h) : `toString(${chIdent(h)})`)).join(', ');
  const sample = (await query(`SELECT ${select || '1'} FROM ${relationName} LIMIT ${SAMPLE_ROWS}`)).map((r) => r.map(cellOf));
  const relation: Relation = { engine: 'clickhouse', table: table ?? 'query', schema: database, from: target.query !== undefined ? relationName : undefined, types, query };
  return {
    path: url.shown,
    format: 'clickhouse',
    label,
    lineWord: 'row',
    headers,
    settings: { engine: 'clickhouse', ...(target.query !== undefined ? { query: target.query } : { table: wanted }) },
    sample,
    relation,
    // The rows themselves, for `kpi validate`, in one answer.
    async eachRecord(onRecord) {
      let line = 0;
      for (const r of await query(`SELECT ${select || '1'} FROM ${relationName}`)) onRecord(r.map(cellOf), ++line);
      return line;
    },
  };
}
