// The DuckDB thread (duckdb-thread.ts): loads the DuckDB package as soon as it starts, then opens databases and
// runs queries as the main thread asks. It holds every DuckDB object; the main thread sees only messages: each
// answer's columns, types and rows (DuckDB's getRowsJS values, which cross threads as they are), or an error as
// DuckDB's message. A streamed query sends a chunk, then waits to be asked for the next, so a table read by
// `kpi validate` never piles up in the main thread's queue.
//
// The databases cli/prestart.ts guessed come with the thread (workerData): each is opened as soon as DuckDB has
// loaded, and its tables' samples are asked at once, without waiting for the main thread to ask (it is still
// loading kpi); the main thread's same query then takes that answer.
import { parentPort, workerData } from 'node:worker_threads';
import { answerOf, loadDuckDb, type DuckDb } from './duckdb-module.js';
import type { DuckDbAnswer } from './duckdb-connection.js';
import type { EarlyOpen, ToDuckDbThread, FromDuckDbThread } from './duckdb-thread.js';

type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckDb['DuckDBInstance']['create']>>['connect']>>;

const port = parentPort!;
const send = (message: FromDuckDbThread) => port.postMessage(message);
const messageOf = (err: unknown) => String(err instanceof Error ? err.message : err);

let duckdb: DuckDb | undefined;
try {
  duckdb = loadDuckDb();
  send({ type: 'loaded' });
} catch (err) {
  send({ type: 'missing', message: messageOf(err), code: (err as NodeJS.ErrnoException).code });
}

const connections = new Map<number, Connection>();
/** The streams waiting to be asked for their next chunk. */
const waiting = new Map<number, () => void>();
/** Answers asked before the main thread asked (the early samples that succeeded), by connection and SQL. */
const prefetched = new Map<string, DuckDbAnswer>();
const prefetchKey = (connection: number, sql: string) => `${connection}\u0000${sql}`;

port.on('message', (m: ToDuckDbThread) => {
  void handle(m);
});

void openEarly((workerData as { early?: EarlyOpen[] } | null)?.early ?? []);

/** The guessed databases, one after the other (as the main thread's opens would come). */
async function openEarly(early: readonly EarlyOpen[]): Promise<void> {
  for (const e of early) {
    if (!duckdb) {
      send({ type: 'error', id: e.id, message: 'DuckDB did not load' });
      continue;
    }
    try {
      const connection = await open(e.connection, e.path, e.settings);
      // Answered before the open is: the main thread holds kpi running until then (a thread stopped inside a
      // DuckDB call aborts the process), and its first query on the connection comes after.
      for (const sql of e.samples) {
        const answer = await connection.runAndReadAll(sql).then(answerOf, () => undefined);
        if (answer) prefetched.set(prefetchKey(e.connection, sql), answer);
      }
      send({ type: 'done', id: e.id });
    } catch (err) {
      send({ type: 'error', id: e.id, message: messageOf(err) });
    }
  }
}

/** Opens the database at `path` as connection number `id` (an early open, or the main thread's). */
async function open(id: number, path: string, settings: Record<string, string>): Promise<Connection> {
  const connection = await (await duckdb!.DuckDBInstance.create(path, settings)).connect();
  connections.set(id, connection);
  return connection;
}

async function handle(m: ToDuckDbThread): Promise<void> {
  switch (m.type) {
    case 'open':
      try {
        await open(m.connection, m.path, m.settings);
        send({ type: 'done', id: m.id });
      } catch (err) {
        send({ type: 'error', id: m.id, message: messageOf(err) });
      }
      return;
    case 'run':
      try {
        const key = prefetchKey(m.connection, m.sql);
        const early = prefetched.get(key);
        prefetched.delete(key);
        // A sample that failed was not kept: asked again, its error is this request's.
        if (early) return send({ type: 'answer', id: m.id, answer: { ...early, early: true } });
        send({ type: 'answer', id: m.id, answer: answerOf(await connections.get(m.connection)!.runAndReadAll(m.sql)) });
      } catch (err) {
        send({ type: 'error', id: m.id, message: messageOf(err) });
      }
      return;
    case 'stream':
      try {
        const result = await connections.get(m.connection)!.stream(m.sql);
        for await (const rows of result.yieldRowsJs()) {
          const asked = new Promise<void>((resolve) => waiting.set(m.id, resolve));
          send({ type: 'chunk', id: m.id, rows: rows as unknown[][] });
          await asked;
        }
        send({ type: 'done', id: m.id });
      } catch (err) {
        send({ type: 'error', id: m.id, message: messageOf(err) });
      } finally {
        waiting.delete(m.id);
      }
      return;
    case 'more':
      waiting.get(m.id)?.();
      return;
    case 'interrupt':
      connections.get(m.connection)?.interrupt();
      return;
    case 'close':
      connections.get(m.connection)?.closeSync();
      connections.delete(m.connection);
      return;
  }
}
