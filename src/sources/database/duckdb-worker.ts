// The DuckDB thread (duckdb-thread.ts): loads the DuckDB package as soon as it starts, then opens databases and
// runs queries as the main thread asks. It holds every DuckDB object; the main thread sees only messages: each
// answer's columns, types and rows (DuckDB's getRowsJS values, which cross threads as they are), or an error as
// DuckDB's message. A streamed query sends a chunk, then waits to be asked for the next, so a table read by
// `kpi validate` never piles up in the main thread's queue.
import { parentPort } from 'node:worker_threads';
import { answerOf, loadDuckDb, type DuckDb } from './duckdb-module.js';
import type { ToDuckDbThread, FromDuckDbThread } from './duckdb-thread.js';

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

port.on('message', (m: ToDuckDbThread) => {
  void handle(m);
});

async function handle(m: ToDuckDbThread): Promise<void> {
  switch (m.type) {
    case 'open':
      try {
        const instance = await duckdb!.DuckDBInstance.create(m.path, m.settings);
        connections.set(m.connection, await instance.connect());
        send({ type: 'done', id: m.id });
      } catch (err) {
        send({ type: 'error', id: m.id, message: messageOf(err) });
      }
      return;
    case 'run':
      try {
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
