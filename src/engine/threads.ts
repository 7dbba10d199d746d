// How many threads read one big CSV, and from what size; and the reading threads bin/kpi.js starts before the rest
// of kpi has loaded (cli/prestart.ts), which the reader pool takes before it starts any of its own. A leaf: the
// start-up path imports it without the engine.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';

/** Below this size a file is read on one thread: starting a worker costs more than it saves. */
export const MIN_BYTES = Number(process.env.KPI_PARALLEL_MIN_BYTES ?? 48 * 1024 * 1024);
export const MAX_THREADS = Number(process.env.KPI_THREADS ?? Math.min(availableParallelism(), 4));

/**
 * Whether a source of one CSV file of `size` bytes is read in parallel (the test runSourceParallel applies):
 * reading threads are worth starting before planning only then.
 */
export function readInParallel(size: number, strict: boolean): boolean {
  return !strict && MAX_THREADS >= 2 && size >= MIN_BYTES;
}

interface EarlyThread {
  worker: Worker;
  entry: string;
  alive: boolean;
}

/** Started before kpi had loaded, not yet taken by a pool; idle, they do not keep the process alive. */
const early: EarlyThread[] = [];

/** Keeps a thread started early (running `entry`) for the reader pool. */
export function keepStartedEarly(worker: Worker, entry: URL): void {
  const thread: EarlyThread = { worker, entry: entry.href, alive: true };
  // A thread that fails or stops before it is taken is never handed out (its events would reach no pool).
  const gone = () => {
    thread.alive = false;
  };
  worker.once('error', gone);
  worker.once('exit', gone);
  worker.unref();
  early.push(thread);
}

/** A live thread started early that runs `entry`, if there is one; the caller owns it from now on. */
export function takeStartedEarly(entry: URL): Worker | undefined {
  const i = early.findIndex((t) => t.alive && t.entry === entry.href);
  return i < 0 ? undefined : early.splice(i, 1)[0].worker;
}
