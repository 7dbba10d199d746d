// Large CSV files are split at record boundaries (quote-aware) and read by worker threads; their mergeable
// accumulators are combined in file order, so the result is the same as one thread's, only sooner.
import { addEvidence, emptyEvidence } from '../model/sign-evidence.js';
import { mark } from '../util/timing.js';
import { Worker } from 'node:worker_threads';
import { reviveAccumulator, type Accumulator } from './accumulators.js';
import type { Bounds, SourcePlan } from '../plan/plan.js';
import { runSource, type CurrencyRows, type Doubt, type RunOptions, type SourceResult, type SourceTable, type WindowAccumulators } from './run.js';
import { mergeIgnored, mergeUnknown } from './value-check.js';
import { InternalError } from '../errors.js';
import { MAX_THREADS, MIN_BYTES, readInParallel, takeStartedEarly } from './threads.js';

export { readInParallel };

/**
 * What a reading thread is asked to do: read one part of one source's file. The thread gets the source's plan
 * (data, structured-cloned) and opens the file itself with the source's settings (no kpi.yaml, no planning, no
 * report code), says when it is ready, and is then told where its part lies (a WorkerPlace): the split is chosen
 * only then, from how far the main thread has read meanwhile.
 */
export interface WorkerJob {
  id: number;
  plan: SourcePlan;
  /** The file to open, and the source's settings it is opened with (as the main thread opened it). */
  path: string;
  config: SourceTable['config'];
  bounds: Bounds[];
  part: { file: number; last: boolean };
}

/**
 * Where a reading thread's part lies: from the first record boundary at or after `from` (found by the thread, or
 * given as `start` when the main thread has found it already) to where the next part starts (told later as a
 * WorkerEnd; not before `to`), or to the end of the file when the part is the last.
 */
export interface WorkerPlace {
  id: number;
  from: number;
  to: number;
  start?: number;
}

/**
 * Opens a file ahead of the job that reads it (header, sample, settings), while the main thread still plans: the
 * thread keeps it for a job on the same file with the same settings.
 */
export interface WorkerOpen {
  open: { path: string; config: SourceTable['config']; name: string };
}

/** The main thread tells a reading thread where its part ends. */
export interface WorkerEnd {
  id: number;
  end: number;
}

/** A reading thread answers a job: ready (its file opened), where its part starts, then the part's result (or an error). */
export interface WorkerReply {
  id: number;
  ready?: true;
  start?: number;
  result?: SourceResult;
  error?: { message: string; exitCode?: number; name?: string };
}

interface PendingJob {
  onReady: () => void;
  onStart: (start: number) => void;
  resolve: (r: SourceResult) => void;
  reject: (e: Error) => void;
}

/**
 * Reading threads for one report. Started early — before the main thread opens the sources and plans — their
 * start-up (loading the engine's code) costs no wall time; each job brings the plan of its source.
 * Idle threads do not keep the process alive.
 */
export class ReaderPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, PendingJob>();
  private nextId = 0;

  /** `entry`: the module a reading thread runs (report/worker.ts), named by the use case that puts reader and engine together. */
  constructor(private readonly entry: URL) {}

  /** Starts threads up to `count` (the main thread reads too). */
  start(count = MAX_THREADS - 1): void {
    while (this.workers.length < count) {
      // A thread bin/kpi.js started while kpi loaded (cli/prestart.ts) is further on in its own start-up.
      const early = takeStartedEarly(this.entry);
      if (early) mark(`reading thread ${this.workers.length + 1}: started early, with kpi`);
      const worker = early ?? new Worker(this.entry);
      worker.on('message', (reply: WorkerReply) => {
        const job = this.pending.get(reply.id);
        if (!job) return;
        if (reply.ready) return job.onReady();
        if (reply.start !== undefined) return job.onStart(reply.start);
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
        if (code !== 0) fail(new InternalError(`a reading thread stopped with exit code ${code}`));
      });
      // After the listeners: adding a 'message' listener refs the thread's port again.
      worker.unref();
      this.workers.push(worker);
    }
  }

  /**
   * Reads one part on thread `index`: the thread opens the file and calls `onReady`; `place` then tells it where
   * its part lies, and `onStart` hears where the part starts. Returns the job's id and result.
   */
  run(index: number, job: Omit<WorkerJob, 'id'>, onReady: () => void, onStart: (start: number) => void): { id: number; result: Promise<SourceResult> } {
    this.start(index + 1);
    const worker = this.workers[index];
    const id = this.nextId++;
    const result = new Promise<SourceResult>((resolve, reject) => {
      this.pending.set(id, { onReady, onStart, resolve, reject });
      // A thread at work keeps the process alive until it answers.
      worker.ref();
      worker.postMessage({ ...job, id } satisfies WorkerJob);
    });
    return { id, result };
  }

  /** Has every thread open a file now, for a job on it to come. */
  open(path: string, config: SourceTable['config'], name: string): void {
    for (const worker of this.workers) worker.postMessage({ open: { path, config, name } } satisfies WorkerOpen);
  }

  /** Tells thread `index` where the part of its job lies. */
  place(index: number, place: WorkerPlace): void {
    this.workers[index]?.postMessage(place satisfies WorkerPlace);
  }

  /** Tells thread `index` where the part of job `id` ends. */
  end(index: number, id: number, end: number): void {
    this.workers[index]?.postMessage({ id, end } satisfies WorkerEnd);
  }

  close(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}

/** Runs one source, in parallel when it is one large CSV file and nothing asks for strict row order. */
export async function runSourceParallel(sp: SourcePlan, table: SourceTable, bounds: Bounds[], runOptions: RunOptions, readers: ReaderPool): Promise<SourceResult> {
  const files = table.files;
  const file = files.length === 1 ? files[0] : undefined;
  const canSplit =
    file !== undefined &&
    file.split !== undefined &&
    !runOptions.strict &&
    MAX_THREADS > 1 &&
    (file.size ?? 0) >= MIN_BYTES;
  if (!canSplit) return runSource(sp, table, bounds, runOptions);
  const size = file.size!;
  const split = file.split!;
  const threads = MAX_THREADS;
  mark(`${sp.name}: reading in ${threads} parts`);

  // The split is chosen when every reading thread has opened the file, from how far the main thread has read by
  // then: what is left is shared equally, so the parts end together however long the threads took to start (a
  // fixed head start for the main thread suits one machine under one load only). Until then the main thread reads
  // on, at most up to `floor` (its part, were the threads ready at once); reaching it first, it chooses the split.
  // Part k + 1 (thread k) starts at the first record boundary at or after its target, which ends part k. A part
  // read from a record boundary ends cleanly exactly when its end is one too (a line break inside a quoted field
  // leaves that field unclosed, which fails the read), so each part proves the next one's start.
  const floor = Math.floor(size / threads);
  const workers = threads - 1;
  const ready = Array.from({ length: workers }, () => deferred<void>());
  const starts = Array.from({ length: workers }, () => deferred<number>());
  const jobs = starts.map((start, k) =>
    readers.run(k, { plan: sp, path: file.path, config: table.config, bounds, part: { file: 0, last: k === workers - 1 } }, ready[k].resolve, start.resolve),
  );
  jobs.forEach((job, k) =>
    job.result.catch((err: Error) => {
      ready[k].reject(err);
      starts[k].reject(err);
    }),
  );
  for (let k = 0; k + 1 < workers; k++) void starts[k + 1].promise.then((end) => readers.end(k, jobs[k].id, end), () => undefined);
  // Settled, so a part that fails while another is being read is never an unhandled rejection.
  const settled = jobs.map((job) => job.result.then((result) => ({ result }), (error: unknown) => ({ error })));

  /** Bytes the main thread has read, and where it had got to when the split was chosen. */
  let mainAt = 0;
  let splitAt: number | undefined;
  const choose = (byMain: boolean) => {
    if (splitAt !== undefined) return;
    splitAt = mainAt;
    const targets = starts.map((_, k) => Math.max(floor, Math.floor(mainAt + ((size - mainAt) * (k + 1)) / threads)));
    mark(`${sp.name}: split chosen at byte ${mainAt} (${byMain ? 'the main thread came first' : 'every thread ready'}); parts from ${targets.join(', ')}`);
    const place = (k: number, start?: number) => readers.place(k, { id: jobs[k].id, from: targets[k], to: targets[k + 1] ?? size, ...(start === undefined ? {} : { start }) });
    if (!byMain) return targets.forEach((_, k) => place(k));
    // The main thread waits at its floor for where its part ends, so it finds that boundary itself. Every thread
    // is placed whatever happens, so that each answers its job.
    for (let k = 1; k < workers; k++) place(k);
    void split.recordStart(targets[0]).then(
      (start) => {
        starts[0].resolve(start);
        place(0, start);
      },
      (err: unknown) => {
        starts[0].reject(err);
        place(0);
      },
    );
  };
  void Promise.all(ready.map((r) => r.promise)).then(() => choose(false), () => undefined);

  try {
    // Only the main thread reports progress: before the split every byte read is its own; after it, the other
    // parts are taken to go as fast as its own.
    const report = runOptions.onProgress;
    const onProgress: RunOptions['onProgress'] = (p) => {
      mainAt = p.bytesRead;
      if (splitAt === undefined && mainAt >= floor) choose(true);
      report?.({ ...p, bytesRead: Math.min(p.size, mainAt + workers * (mainAt - (splitAt ?? mainAt))) });
    };
    const range = { start: 0, end: floor, until: starts[0].promise };
    const first = await runSource(sp, table, bounds, { ...runOptions, onProgress, part: { file: 0, range, last: false } });
    mark(`${sp.name}: first part read`);
    const rest = await Promise.all(settled);
    mark(`${sp.name}: all parts read`);
    const failed = rest.find((r) => 'error' in r);
    if (failed) throw (failed as { error: unknown }).error;
    // Each part checks its own read (csv-reader's close); this checks the whole span, from the first open to now.
    file.unchanged?.();
    const merged = mergeResults(sp, [first, ...rest.map((r) => (r as { result: SourceResult }).result)]);
    mark(`${sp.name}: merged`);
    return merged;
  } catch {
    // A failed part (bad CSV, whose line a thread counts from its part's start) is settled by reading the file
    // whole: the same result or error, with the file's own line numbers. Threads not yet placed are placed, so
    // that each answers its job.
    choose(false);
    await Promise.all(settled);
    mark(`${sp.name}: parallel read failed; reading the file whole`);
    return runSource(sp, table, bounds, runOptions);
  }
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Adds a later part's rows per currency (its lines relative to the part, so offset) to the earlier parts'. */
function mergeCurrencyRows(into: Map<string, CurrencyRows>, from: Map<string, CurrencyRows>, offset: number): void {
  for (const [code, c] of from) {
    const known = into.get(code);
    if (known) known.rows += c.rows;
    else into.set(code, { ...c, line: c.line + offset });
  }
}

/** Combines the results of consecutive parts of one file: accumulators merged, counts added, lines offset. */
function mergeResults(sp: SourcePlan, parts: SourceResult[]): SourceResult {
  const fns = sp.aggregates.map((a) => [a.fn, a.q] as const);
  const revive = (states: Accumulator[]) => states.map((s, i) => (typeof s.merge === 'function' ? s : reviveAccumulator(fns[i][0], fns[i][1], s as never)));
  const [head, ...tail] = parts;
  const windows: WindowAccumulators[] = head.windows;
  const quality = head.quality;
  let offset = head.lines ?? 0;
  const days = new Set(head.days);
  for (const part of tail) {
    part.windows.forEach((w, i) => {
      const into = windows[i];
      revive(w.total).forEach((acc, a) => into.total[a].merge(acc));
      for (const [key, g] of w.groups) {
        const accs = revive(g.accs);
        const existing = into.groups.get(key);
        if (existing) {
          accs.forEach((acc, a) => existing.accs[a].merge(acc));
          if (g.currencies) for (const [code, n] of g.currencies) (existing.currencies ??= new Map()).set(code, (existing.currencies.get(code) ?? 0) + n);
        } else into.groups.set(key, { values: g.values, accs, ...(g.currencies ? { currencies: g.currencies } : {}) });
      }
      if (w.currencies) mergeCurrencyRows((into.currencies ??= new Map()), w.currencies, offset);
    });
    part.rowsIn.forEach((n, i) => (head.rowsIn[i] += n));
    part.doubts.forEach((d, i) => {
      const into = head.doubts[i];
      mergeDoubts(into.total, d.total, offset);
      for (const [key, g] of d.groups) {
        let group = into.groups.get(key);
        if (!group) into.groups.set(key, (group = new Map()));
        mergeDoubts(group, g, offset);
      }
    });
    for (const day of part.days) days.add(day);
    const q = part.quality;
    quality.rows += q.rows;
    quality.skipped += q.skipped;
    quality.no_period += q.no_period;
    for (const issue of q.issues) if (quality.issues.length < 100) quality.issues.push({ ...issue, line: issue.line + offset });
    for (const widths of ['wide_rows', 'short_rows'] as const) {
      const into = quality[widths];
      const from = q[widths];
      if (!into.first && from.first) into.first = { ...from.first, line: from.first.line + offset };
      into.count += from.count;
    }
    for (const bad of q.bad_values) {
      const into = quality.bad_values.find((b) => b.column === bad.column && b.empty_period === bad.empty_period);
      if (!into) quality.bad_values.push({ ...bad, first: { ...bad.first, line: bad.first.line + offset } });
      else {
        into.count += bad.count;
        for (const e of bad.examples) if (into.examples.length < 3 && !into.examples.includes(e)) into.examples.push(e);
        into.aggregates = [...new Set([...into.aggregates, ...bad.aggregates])];
        into.groups ||= bad.groups;
      }
    }
    for (const e of q.empty_values) {
      const into = quality.empty_values.find((x) => x.column === e.column);
      if (!into) quality.empty_values.push({ ...e, first: { ...e.first, line: e.first.line + offset } });
      else into.count += e.count;
    }
    for (const t of q.total_rows) quality.total_rows.push({ ...t, line: t.line + offset });
    for (const t of q.possible_total_rows ?? []) (quality.possible_total_rows ??= []).push({ ...t, line: t.line + offset });
    mergeUnknown(quality.unknown_values, q.unknown_values.map((u) => ({ ...u, line: u.line + offset })));
    mergeIgnored(quality.ignored_values, q.ignored_values);
    if (q.dates) {
      quality.dates = quality.dates
        ? { first: q.dates.first < quality.dates.first ? q.dates.first : quality.dates.first, last: q.dates.last > quality.dates.last ? q.dates.last : quality.dates.last }
        : q.dates;
    }
    if (q.currency && quality.currency) {
      const byCode = new Map(quality.currency.currencies.map((c) => [c.currency, c]));
      for (const c of q.currency.currencies) {
        const known = byCode.get(c.currency);
        if (known) known.rows += c.rows;
        else quality.currency.currencies.push({ ...c, line: c.line + offset });
      }
      quality.currency.empty += q.currency.empty;
      quality.currency.converted += q.currency.converted;
    }
    if (part.income !== undefined) head.income = (head.income ?? 0) + part.income;
    if (part.signEvidence) addEvidence((head.signEvidence ??= emptyEvidence()), part.signEvidence);
    for (const [key, byCode] of part.groupCurrenciesAll ?? []) {
      const into = (head.groupCurrenciesAll ??= new Map()).get(key) ?? new Map<string, number>();
      for (const [code, n] of byCode) into.set(code, (into.get(code) ?? 0) + n);
      head.groupCurrenciesAll.set(key, into);
    }
    if (part.mappedRead) for (const [column, n] of Object.entries(part.mappedRead)) (head.mappedRead ??= {})[column] = (head.mappedRead[column] ?? 0) + n;
    offset += part.lines ?? 0;
  }
  return { windows, rowsIn: head.rowsIn, days: [...days].sort((a, b) => a - b), quality, doubts: head.doubts, lines: offset, income: head.income, ...(head.signEvidence ? { signEvidence: head.signEvidence } : {}), mappedRead: head.mappedRead, ...(head.groupCurrenciesAll ? { groupCurrenciesAll: head.groupCurrenciesAll } : {}) };
}

/** Adds a later part's doubts (lines relative to its start at `offset`) to the earlier parts': the first stays first. */
function mergeDoubts(into: Map<string, Doubt>, more: ReadonlyMap<string, Doubt>, offset: number): void {
  for (const [key, d] of more) {
    const existing = into.get(key);
    if (existing) existing.count += d.count;
    else into.set(key, { ...d, line: d.line + offset });
  }
}
