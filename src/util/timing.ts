// KPI_TIMING=1: phase timings on stderr (ms since the process started, the same clock on every thread), for
// performance work, with the CPU the whole process has used so far (every thread: a busy machine stretches the
// wall clock, not this). Off, `mark` is a no-op.
import { isMainThread } from 'node:worker_threads';

const enabled = process.env.KPI_TIMING === '1';
if (enabled && isMainThread && process.env.KPI_TIMING_ORIGIN === undefined) process.env.KPI_TIMING_ORIGIN = String(performance.timeOrigin);
// Worker threads get a copy of the environment, so they measure from the main thread's origin.
const origin = Number(process.env.KPI_TIMING_ORIGIN ?? performance.timeOrigin);

export function mark(what: string): void {
  if (!enabled) return;
  const ms = performance.timeOrigin + performance.now() - origin;
  const { user, system } = process.cpuUsage();
  const cpu = ((user + system) / 1000).toFixed(0).padStart(6);
  process.stderr.write(`kpi timing: ${ms.toFixed(0).padStart(6)} ms ${cpu} ms CPU ${isMainThread ? 'main' : 'reader'}: ${what}\n`);
}
