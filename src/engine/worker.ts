// A reading thread: plans the same report as the main thread (from the same options) as soon as it starts, then
// reads the parts of files it is sent and posts their accumulators back.
import { parentPort, workerData } from 'node:worker_threads';
import { prepare, type ReportOptions } from '../report/build-report.js';
import { KpiError } from '../errors.js';
import type { WorkerJob, WorkerReply } from './parallel.js';
import { runSource } from './run.js';

const planned = prepare(workerData as ReportOptions);
// A failure here is the main thread's to report (it plans the same way); it reaches a job only if one comes.
planned.catch(() => undefined);

parentPort!.on('message', async (job: WorkerJob) => {
  try {
    const workspace = await planned;
    const sp = workspace.plan.sources.get(job.source)!;
    const result = await runSource(sp, job.bounds, { strict: false, part: job.part });
    parentPort!.postMessage({ id: job.id, result } satisfies WorkerReply);
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id: job.id, error: { message: e.message, name: e.name, exitCode: err instanceof KpiError ? err.exitCode : undefined } } satisfies WorkerReply);
  }
});
