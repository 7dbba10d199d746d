// A reading thread: reads the parts of files it is sent, each with the plan of its source (plain data), and posts
// their accumulators back. It neither reads kpi.yaml nor plans: the main thread did, once. It lives with the use
// cases, not in engine/: it puts a reader (opening the file through the registry) and the engine together, and
// the engine knows tables only through their contract (sources/table.ts). build-report.ts names it to the pool.
import { parentPort } from 'node:worker_threads';
import { InternalError, KpiError } from '../errors.js';
import type { SourceConfig } from '../config/project.js';
import { openFile } from '../sources/source-schema.js';
import type { WorkerEnd, WorkerJob, WorkerOpen, WorkerPlace, WorkerReply } from '../engine/parallel.js';
import { runSource } from '../engine/run.js';
import { mark } from '../util/timing.js';

mark('started');

/** What the main thread has told about a job (where its part lies, where it ends), or is yet to tell. */
class Told<T> {
  private readonly known = new Map<number, { value?: T; resolve?: (value: T) => void }>();

  tell(id: number, value: T): void {
    const waiting = this.known.get(id);
    if (waiting?.resolve) waiting.resolve(value);
    else this.known.set(id, { value });
  }

  of(id: number): Promise<T> {
    const known = this.known.get(id);
    if (known?.value !== undefined) return Promise.resolve(known.value);
    return new Promise((resolve) => this.known.set(id, { resolve }));
  }

  forget(id: number): void {
    this.known.delete(id);
  }
}

const places = new Told<WorkerPlace>();
const ends = new Told<number>();

type OpenedFile = Awaited<ReturnType<typeof openFile>>;

/**
 * Files opened (header, sample, settings) by path and settings: a thread sent several parts of one file opens it
 * once, and a file opened ahead of its job (WorkerOpen) is ready when the job comes.
 */
const opened = new Map<string, Promise<OpenedFile>>();

function open(path: string, config: WorkerJob['config'], name: string): Promise<OpenedFile> {
  const key = JSON.stringify([path, config]);
  let file = opened.get(key);
  if (!file) {
    // The engine passes the source's kpi.yaml settings through as it was given them (build-report.ts): a SourceConfig.
    opened.set(key, (file = openFile(path, config as SourceConfig, name)));
    // Its error, if any, is the job's to report; opened ahead of a job that never comes, it is no crash.
    file.catch(() => undefined);
  }
  return file;
}

parentPort!.on('message', (message: WorkerJob | WorkerOpen | WorkerPlace | WorkerEnd) => {
  if ('open' in message) return void open(message.open.path, message.open.config, message.open.name);
  if ('end' in message) return ends.tell(message.id, message.end);
  if ('from' in message) return places.tell(message.id, message);
  void runJob(message);
});

async function runJob(job: WorkerJob): Promise<void> {
  try {
    const sp = job.plan;
    // Opened as the main thread opened it (same file, same settings): the same header, sample and column formats.
    const source = await open(job.path, job.config, sp.name);
    // Where a part may start is the reader's knowledge (quoting): the table's split finds the record boundary.
    if (!source.split) throw new InternalError(`${job.path}: its reader offers no parallel parts`);
    // Ready: the main thread chooses the split now, from how far it has read meanwhile.
    parentPort!.postMessage({ id: job.id, ready: true } satisfies WorkerReply);
    const place = await places.of(job.id);
    places.forget(job.id);
    const start = place.start ?? (await source.split.recordStart(place.from));
    parentPort!.postMessage({ id: job.id, start } satisfies WorkerReply);
    const range = job.part.last ? { start, end: source.size! } : { start, end: Math.max(start, place.to), until: ends.of(job.id) };
    mark(`${sp.name}: reading from byte ${start}`);
    const files: OpenedFile[] = [];
    files[job.part.file] = source;
    const result = await runSource(sp, { name: sp.name, config: job.config, files }, job.bounds, { strict: false, part: { file: job.part.file, range, last: job.part.last } });
    ends.forget(job.id);
    mark(`${sp.name}: part read`);
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
