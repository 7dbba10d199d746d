// KPI_TIMING=1: phase timings on stderr (ms since the process started, the same clock on every thread), for
// performance work. Off, `mark` is a no-op.
import { isMainThread } from 'node:worker_threads';

const enabled = process.env.KPI_TIMING === '1';
if (enabled && isMainThread && process.env.KPI_TIMING_ORIGIN === undefined) process.env.KPI_TIMING_ORIGIN = String(performance.timeOrigin);
// Worker threads get a copy of the environment, so they measure from the main thread's origin.
const origin = Number(process.env.KPI_TIMING_ORIGIN ?? performance.timeOrigin);

export function mark(what: string): void {
  if (!enabled) return;
  const ms = performance.timeOrigin + performance.now() - origin;
  process.stderr.write(`kpi timing: ${ms.toFixed(0).padStart(6)} ms ${isMainThread ? 'main' : 'reader'}: ${what}\n`);
}
