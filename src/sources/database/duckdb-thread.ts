// The DuckDB thread, as the main thread sees it. Loading the DuckDB package takes about 0.1 s of CPU (a 50 MB
// native library and its JavaScript), and a report on a DuckDB table of 10M rows takes well under a second, so that
// load was a tenth of the run. bin/kpi.js starts this thread first thing (cli/prestart.ts: when the command line or
// kpi.yaml names DuckDB), and the thread loads DuckDB while the main thread loads kpi's own code and reads
// kpi.yaml. duckdb-connection.ts then opens databases here. The thread keeps kpi running only while DuckDB works on
// it: while the package loads and while a request waits for its answer (a thread stopped inside a DuckDB call aborts
// the process).
import { Worker } from 'node:worker_threads';
import type { DuckDbAnswer, DuckDbConnection } from './duckdb-connection.js';
import { DuckDbMissing } from './duckdb-module.js';
import { mark } from '../../util/timing.js';

/** What the main thread asks of the DuckDB thread (duckdb-worker.ts). */
export type ToDuckDbThread =
  | { type: 'open'; id: number; connection: number; path: string; settings: Record<string, string> }
  | { type: 'run'; id: number; connection: number; sql: string }
  | { type: 'stream'; id: number; connection: number; sql: string }
  | { type: 'more'; id: number }
  | { type: 'interrupt'; connection: number }
  | { type: 'close'; connection: number };

/** A database opened as the thread starts (workerData): its request id, connection, settings and samples to ask. */
export interface EarlyOpen {
  id: number;
  connection: number;
  path: string;
  settings: Record<string, string>;
  samples: string[];
}

/** What it answers: DuckDB loaded or not, then per request its answer, its chunks, done, or DuckDB's error. */
export type FromDuckDbThread =
  | { type: 'loaded' }
  | { type: 'missing'; message: string; code: string | undefined }
  | { type: 'answer'; id: number; answer: DuckDbAnswer }
  | { type: 'chunk'; id: number; rows: unknown[][] }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; message: string };

/** The thread's code: dist/bundle/duckdb-worker.js in the bundle (scripts/bundle.mjs), next to this module's chunk. */
const ENTRY = new URL('./duckdb-worker.js', import.meta.url);

interface Waiting {
  resolve(answer: DuckDbAnswer | undefined): void;
  reject(err: Error): void;
  onRows?: (rows: unknown[][]) => void;
}

class DuckDbThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private serial = 0;
  /** Settled when the thread has loaded DuckDB, or failed to. */
  private readonly loaded: Promise<void>;
  /** Why the thread is of no more use (it failed or stopped); every request then fails with it. */
  private broken: Error | undefined;

  /**
   * Starts the thread with the databases to open at once (cli/prestart.ts's guess, with the samples to ask of them):
   * an open() of the same path and settings later takes that connection.
   */
  constructor(opens: readonly { path: string; settings: Record<string, string>; samples: string[] }[]) {
    const early = new Map<string, EarlyOpen>();
    for (const o of opens) {
      const key = earlyKey(o.path, o.settings);
      if (!early.has(key)) early.set(key, { ...o, id: ++this.serial, connection: ++this.serial });
    }
    this.worker = new Worker(ENTRY, { workerData: { early: [...early.values()] } });
    let settle!: (missing?: DuckDbMissing) => void;
    this.loaded = new Promise<void>((resolve, reject) => {
      settle = (missing) => (missing ? reject(missing) : resolve());
    });
    this.loaded.catch(() => undefined);
    this.worker.on('message', (m: FromDuckDbThread) => {
      if (m.type === 'loaded') return settle();
      if (m.type === 'missing') return settle(new DuckDbMissing(m.message, m.code));
      const w = this.waiting.get(m.id);
      if (!w) return;
      if (m.type === 'chunk') {
        try {
          w.onRows?.(m.rows);
        } catch (err) {
          // The reader's own error ends the stream: DuckDB's side is abandoned.
          this.finish(m.id);
          w.reject(err as Error);
          return;
        }
        this.post({ type: 'more', id: m.id });
        return;
      }
      this.finish(m.id);
      if (m.type === 'error') w.reject(new Error(m.message));
      else w.resolve(m.type === 'answer' ? m.answer : undefined);
    });
    const fail = (err: Error) => {
      this.broken = err;
      settle(new DuckDbMissing(err.message, undefined));
      for (const [id, w] of this.waiting) {
        this.finish(id);
        w.reject(err);
      }
    };
    this.worker.on('error', (err) => fail(new Error(`the DuckDB thread failed: ${err.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`the DuckDB thread stopped (exit code ${code})`)));
    // Only now: adding a 'message' listener references the thread again.
    this.worker.unref();
    // Held while DuckDB loads, too: a thread stopped inside the package's native start aborts the process as well.
    const loading = () => this.release();
    this.hold();
    this.loaded.then(loading, loading);
    // Held like any request: kpi must not end while DuckDB works on the thread — a thread stopped under a running
    // DuckDB call aborts the whole process ("terminate called after throwing an instance of 'Napi::Error'"), where
    // kpi had its own message and exit code to give. A run that guessed DuckDB and ends early waits for the load,
    // the opens and the samples (about 0.1 s).
    for (const [key, e] of early) {
      const opened = this.expect(e.id).then(
        () => e.connection,
        () => undefined,
      );
      this.early.set(key, opened);
    }
  }

  private post(message: ToDuckDbThread): void {
    this.worker.postMessage(message);
  }

  /**
   * The thread is referenced while something waits for it (the load, or an answer): an unreferenced thread lets
   * the process end, and a process whose only work is waiting for DuckDB would end with nothing said.
   */
  private holds = 0;

  private hold(): void {
    if (this.holds++ === 0) this.worker.ref();
  }

  private release(): void {
    if (--this.holds === 0) this.worker.unref();
  }

  private finish(id: number): void {
    if (this.waiting.delete(id)) this.release();
  }

  private request(message: ToDuckDbThread & { id: number }, onRows?: (rows: unknown[][]) => void): Promise<DuckDbAnswer | undefined> {
    if (this.broken) return Promise.reject(this.broken);
    const answer = this.expect(message.id, onRows);
    this.post(message);
    return answer;
  }

  /** The answer to request `id`, held for (the thread is referenced) until it comes. */
  private expect(id: number, onRows?: (rows: unknown[][]) => void): Promise<DuckDbAnswer | undefined> {
    return new Promise((resolve, reject) => {
      this.hold();
      this.waiting.set(id, { resolve, reject, onRows });
    });
  }

  /** Databases opened as the thread started (cli/prestart.ts), by path and settings: the connection, or undefined. */
  private readonly early = new Map<string, Promise<number | undefined>>();

  async open(path: string, settings: Record<string, string>): Promise<DuckDbConnection> {
    this.hold();
    let connection: number | undefined;
    try {
      await this.loaded;
      const key = earlyKey(path, settings);
      const early = this.early.get(key);
      this.early.delete(key);
      connection = early && (await early);
    } finally {
      this.release();
    }
    mark(`DuckDB loaded (on its own thread${connection === undefined ? '' : ', the database opened early'})`);
    if (connection === undefined) {
      connection = ++this.serial;
      await this.request({ type: 'open', id: ++this.serial, connection, path, settings });
    }
    const id = connection;
    return this.connection(id);
  }

  private connection(connection: number): DuckDbConnection {
    return {
      run: async (sql) => (await this.request({ type: 'run', id: ++this.serial, connection, sql }))!,
      stream: async (sql, onRows) => {
        await this.request({ type: 'stream', id: ++this.serial, connection, sql }, onRows);
      },
      interrupt: () => this.post({ type: 'interrupt', connection }),
      close: () => this.post({ type: 'close', connection }),
    };
  }
}

/** An early open is taken by an open() of the same path with the same settings. */
const earlyKey = (path: string, settings: Record<string, string>): string => `${path}\0${JSON.stringify(settings)}`;

let thread: DuckDbThread | undefined;

/**
 * Starts the DuckDB thread (cli/prestart.ts), once, with the databases to open (and samples to ask) at once;
 * whatever fails is said when a source opens DuckDB.
 */
export function startDuckDbThread(opens: readonly { path: string; settings: Record<string, string>; samples: string[] }[] = []): void {
  thread ??= new DuckDbThread(opens);
}

/** The DuckDB thread, when one was started in this process. */
export function duckDbThread(): DuckDbThread | undefined {
  return thread;
}
