// A reading thread: plans the same report as the main thread (from the same options) as soon as it starts, then
// reads the parts of files it is sent and posts their accumulators back.
import { parentPort, workerData } from 'node:worker_threads';
import { prepare, type ReportOptions } from '../report/build-report.js';
import { KpiError } from '../errors.js';
import { findRecordStart, type WorkerEnd, type WorkerJob, type WorkerReply } from './parallel.js';
import { runSource } from './run.js';
import { mark } from '../util/timing.js';

mark('started');
const planned = prepare(workerData as ReportOptions);
// A failure here is the main thread's to report (it plans the same way); it reaches a job only if one comes.
planned.catch(() => undefined);

/** Part ends the main thread has told, or is yet to tell (a waiting read). */
const ends = new Map<number, { end?: number; resolve?: (end: number) => void }>();

function endOf(id: number): Promise<number> {
  const known = ends.get(id);
  if (known?.end !== undefined) return Promise.resolve(known.end);
  return new Promise((resolve) => ends.set(id, { resolve }));
}

parentPort!.on('message', (message: WorkerJob | WorkerEnd) => {
  if ('end' in message) {
    const waiting = ends.get(message.id);
    if (waiting?.resolve) waiting.resolve(message.end);
    else ends.set(message.id, { end: message.end });
    return;
  }
  void runJob(message);
});

async function runJob(job: WorkerJob): Promise<void> {
  try {
    const workspace = await planned;
    const sp = workspace.plan.sources.get(job.source)!;
    const file = sp.schema.files[job.part.file];
    const start = await findRecordStart(file.path, job.part.from);
    parentPort!.postMessage({ id: job.id, start } satisfies WorkerReply);
    const range = job.part.last ? { start, end: file.size! } : { start, end: Math.max(start, job.part.to), until: endOf(job.id) };
    mark(`${job.source}: reading from byte ${start}`);
    const result = await runSource(sp, job.bounds, { strict: false, part: { file: job.part.file, range, last: job.part.last } });
    ends.delete(job.id);
    mark(`${job.source}: part read`);
    // Distinct sets and medians can be large: their memory is moved to the main thread, not copied.
    const transfer = new Set<ArrayBuffer>();
    for (const w of result.windows) {
      for (const acc of w.total) acc.buffers?.().forEach((b) => transfer.add(b));
      for (const g of w.groups.values()) for (const acc of g.accs) acc.buffers?.().forEach((b) => transfer.add(b));
    }
    parentPort!.postMessage({ id: job.id, result } satisfies WorkerReply, [...transfer]);
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id: job.id, error: { message: e.message, name: e.name, exitCode: err instanceof KpiError ? err.exitCode : undefined } } satisfies WorkerReply);
  }
}
