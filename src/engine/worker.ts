// A reading thread: plans the same report as the main thread (from the same options) as soon as it starts, then
// reads the parts of files it is sent and posts their accumulators back.
import { parentPort, workerData } from 'node:worker_threads';
import { prepare, type ReportOptions } from '../report/build-report.js';
import { KpiError } from '../errors.js';
import type { WorkerJob, WorkerReply } from './parallel.js';
import { runSource } from './run.js';
import { mark } from '../util/timing.js';

mark('started');
const planned = prepare(workerData as ReportOptions);
planned.then(() => mark('planned'), () => undefined);
// A failure here is the main thread's to report (it plans the same way); it reaches a job only if one comes.
planned.catch(() => undefined);

parentPort!.on('message', async (job: WorkerJob) => {
  try {
    const workspace = await planned;
    const sp = workspace.plan.sources.get(job.source)!;
    mark(`${job.source}: reading bytes ${job.part.range.start}–${job.part.range.end}`);
    const result = await runSource(sp, job.bounds, { strict: false, part: job.part });
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
});
