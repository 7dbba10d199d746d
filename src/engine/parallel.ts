// Large CSV files are split at record boundaries (quote-aware) and read by worker threads; their mergeable
// accumulators are combined in file order, so the result is the same as one thread's, only sooner.
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Project } from '../config/project.js';
import { expandFiles } from '../sources/files.js';
import { mark } from '../util/timing.js';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReportOptions } from '../report/build-report.js';
import type { ByteRange } from '../sources/source-file.js';
import { reviveAccumulator, type Accumulator } from './accumulators.js';
import type { Bounds } from './compile-row.js';
import type { SourcePlan } from './plan.js';
import { runSource, type RunOptions, type SourceResult, type WindowAccumulators } from './run.js';

/** Below this size a file is read on one thread: starting a worker costs more than it saves. */
const MIN_BYTES = Number(process.env.KPI_PARALLEL_MIN_BYTES ?? 48 * 1024 * 1024);
const MAX_THREADS = Number(process.env.KPI_THREADS ?? Math.min(availableParallelism(), 4));
/** Extra share of the file for the main thread, which starts reading while the workers are still loading. */
const HEAD_START = Number(process.env.KPI_HEAD_START ?? 0.02);

/** What a reading thread is asked to do once it has planned the report: read part of one source's file. */
export interface WorkerJob {
  id: number;
  source: string;
  bounds: Bounds[];
  part: { file: number; range: ByteRange; last: boolean };
}

export interface WorkerReply {
  id: number;
  result?: SourceResult;
  error?: { message: string; exitCode?: number; name?: string };
}

/**
 * Reading threads for one report. Each plans the report itself (from the same options) as soon as it starts, so
 * when started early — before the main thread opens the sources and plans — their start-up costs no wall time.
 * Idle threads do not keep the process alive.
 */
export class ReaderPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: SourceResult) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(private readonly options: ReportOptions) {}

  /** Starts threads up to `count` (the main thread reads too). */
  start(count = MAX_THREADS - 1): void {
    while (this.workers.length < count) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { ...this.options, onProgress: undefined } });
      worker.unref();
      worker.on('message', (reply: WorkerReply) => {
        const job = this.pending.get(reply.id);
        if (!job) return;
        this.pending.delete(reply.id);
        if (this.pending.size === 0) this.workers.forEach((w) => w.unref());
        if (reply.result) job.resolve(reply.result);
        else job.reject(Object.assign(new Error(reply.error?.message ?? 'worker failed'), reply.error));
      });
      const fail = (err: Error) => {
        for (const job of this.pending.values()) job.reject(err);
        this.pending.clear();
      };
      worker.once('error', fail);
      worker.once('exit', (code) => {
        if (code !== 0) fail(new Error(`a reading thread stopped with exit code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  /** Reads one part on thread `index`. */
  run(index: number, job: Omit<WorkerJob, 'id'>): Promise<SourceResult> {
    this.start(index + 1);
    const worker = this.workers[index];
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A thread at work keeps the process alive until it answers.
      worker.ref();
      worker.postMessage({ ...job, id } satisfies WorkerJob);
    });
  }

  close(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}

/**
 * Starts reading threads before planning when a source is one CSV file big enough to be read in parallel (the
 * same test runSourceParallel applies later); returns undefined when none would be used.
 */
export function warmReaders(options: ReportOptions, project: Project): ReaderPool | undefined {
  if (options.strict || MAX_THREADS < 2) return undefined;
  const big = Object.entries(project.sources).some(([name, config]) => {
    try {
      const files = expandFiles(config.file, project.dir, name);
      return files.length === 1 && !/\.xlsx?$/i.test(files[0]) && statSync(files[0]).size >= MIN_BYTES;
    } catch {
      return false; // the main thread reports it
    }
  });
  if (!big) return undefined;
  const pool = new ReaderPool(options);
  pool.start();
  mark('reading threads started');
  return pool;
}

/**
 * Runs one source, in parallel when it is one large CSV file and nothing asks for strict row order. `readers`
 * are threads planned with the options that built `sp`.
 */
export async function runSourceParallel(sp: SourcePlan, bounds: Bounds[], runOptions: RunOptions, readers: ReaderPool): Promise<SourceResult> {
  const files = sp.schema.files;
  const file = files.length === 1 ? files[0] : undefined;
  const canSplit =
    file !== undefined &&
    file.format === 'csv' &&
    !runOptions.strict &&
    MAX_THREADS > 1 &&
    (file.size ?? 0) >= MIN_BYTES &&
    !String(file.settings.encoding).startsWith('utf-16');
  const ranges = canSplit ? await splitAtLines(file.path, file.size!, MAX_THREADS) : undefined;
  if (!ranges || ranges.length < 2) return runSource(sp, bounds, runOptions);
  mark(`${sp.schema.name}: split into ${ranges.length} parts`);

  const jobs = ranges.slice(1).map((range, i) => readers.run(i, { source: sp.schema.name, bounds, part: { file: 0, range, last: i === ranges.length - 2 } }));
  // Settled, so a part that fails while another is being read is never an unhandled rejection.
  const settled = jobs.map((job) => job.then((result) => ({ result }), (error: unknown) => ({ error })));
  try {
    // The first part is read from the file's start, so its records are framed right. It ends cleanly at its cut
    // exactly when the cut is a record boundary; a cut inside a quoted field leaves its last field unclosed,
    // which fails its read. Then the other parts began mid-record: the file is read whole instead.
    // Only the main thread reports progress: its share read stands for the whole file's (the parts are read alike).
    const share = ranges[0].end / ranges.at(-1)!.end;
    const report = runOptions.onProgress;
    const onProgress: RunOptions['onProgress'] = report && ((p) => report({ ...p, bytesRead: Math.min(p.size, Math.round(p.bytesRead / share)) }));
    const first = await runSource(sp, bounds, { ...runOptions, onProgress, part: { file: 0, range: ranges[0], last: false } });
    mark(`${sp.schema.name}: first part read`);
    const rest = await Promise.all(settled);
    mark(`${sp.schema.name}: all parts read`);
    const failed = rest.find((r) => 'error' in r);
    if (failed) throw (failed as { error: unknown }).error;
    const merged = mergeResults(sp, [first, ...rest.map((r) => (r as { result: SourceResult }).result)]);
    mark(`${sp.schema.name}: merged`);
    return merged;
  } catch {
    // Any failure of a parallel read (a cut inside a quoted field, or bad CSV, whose line would be counted from the
    // part's start) is settled by reading the file whole: the same result or error, with the file's own lines.
    await Promise.all(settled);
    mark(`${sp.schema.name}: parallel read failed; reading the file whole`);
    return runSource(sp, bounds, runOptions);
  }
}

/**
 * Byte offsets that split a file into about `parts` pieces, each starting right after a line break: a record
 * boundary unless the line break is inside a quoted field, which the read of the part before it finds out (see
 * runSourceParallel). No part of the file is read to place the cuts but a little around each. The first part is
 * larger by `headStart` of the file: the main thread starts reading it before the other threads are ready.
 */
export async function splitAtLines(path: string, size: number, parts: number, headStart = HEAD_START): Promise<ByteRange[]> {
  const mainShare = Math.min(0.9, 1 / parts + headStart);
  const cuts: number[] = [];
  const handle = await open(path, 'r');
  try {
    const window = Buffer.allocUnsafe(1 << 16);
    for (let k = 1; k < parts; k++) {
      const target = Math.floor(size * (mainShare + ((1 - mainShare) * (k - 1)) / (parts - 1)));
      const { bytesRead } = await handle.read(window, 0, window.length, target);
      const lf = window.subarray(0, bytesRead).indexOf(10);
      if (lf >= 0 && target + lf + 1 < size) cuts.push(target + lf + 1);
    }
  } finally {
    await handle.close();
  }
  const bounds = [0, ...cuts.filter((c, i, all) => i === 0 || c > all[i - 1]), size];
  return bounds.slice(0, -1).map((start, i) => ({ start, end: bounds[i + 1] }));
}

/** Combines the results of consecutive parts of one file: accumulators merged, counts added, lines offset. */
function mergeResults(sp: SourcePlan, parts: SourceResult[]): SourceResult {
  const fns = sp.aggregates.map((a) => [a.node.fn, a.node.q] as const);
  const revive = (states: Accumulator[]) => states.map((s, i) => (typeof s.merge === 'function' ? s : reviveAccumulator(fns[i][0], fns[i][1], s as never)));
  const [head, ...tail] = parts;
  const windows: WindowAccumulators[] = head.windows;
  const quality = head.quality;
  let offset = head.lines ?? 0;
  for (const part of tail) {
    part.windows.forEach((w, i) => {
      const into = windows[i];
      revive(w.total).forEach((acc, a) => into.total[a].merge(acc));
      for (const [key, g] of w.groups) {
        const accs = revive(g.accs);
        const existing = into.groups.get(key);
        if (existing) accs.forEach((acc, a) => existing.accs[a].merge(acc));
        else into.groups.set(key, { values: g.values, accs });
      }
    });
    part.rowsIn.forEach((n, i) => (head.rowsIn[i] += n));
    const q = part.quality;
    quality.rows += q.rows;
    quality.skipped += q.skipped;
    quality.no_period += q.no_period;
    for (const issue of q.issues) if (quality.issues.length < 100) quality.issues.push({ ...issue, line: issue.line + offset });
    quality.total_rows.push(...q.total_rows.map((t) => ({ ...t, line: t.line + offset })));
    if (q.dates) {
      quality.dates = quality.dates
        ? { first: q.dates.first < quality.dates.first ? q.dates.first : quality.dates.first, last: q.dates.last > quality.dates.last ? q.dates.last : quality.dates.last }
        : q.dates;
    }
    offset += part.lines ?? 0;
  }
  return { windows, rowsIn: head.rowsIn, quality, lines: offset };
}
