// A reading thread: plans the same report as the main thread, reads its part of one file, posts the accumulators.
import { parentPort, workerData } from 'node:worker_threads';
import { prepare } from '../report/build-report.js';
import { KpiError } from '../errors.js';
import type { WorkerJob, WorkerReply } from './parallel.js';
import { runSource } from './run.js';

const job = workerData as WorkerJob;
try {
  const workspace = await prepare(job.options);
  const sp = workspace.plan.sources.get(job.source)!;
  const result = await runSource(sp, job.bounds, { strict: false, part: job.part });
  parentPort!.postMessage({ result } satisfies WorkerReply);
} catch (err) {
  const e = err as Error;
  parentPort!.postMessage({ error: { message: e.message, name: e.name, exitCode: err instanceof KpiError ? err.exitCode : undefined } } satisfies WorkerReply);
}
