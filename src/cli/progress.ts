// A progress line on stderr while big files are read: only on a terminal, never with -q or in CI.
import type { RunOptions } from '../engine/run.js';
import { visible } from '../util/text.js';

const MIN_SIZE = 20 * 1024 * 1024;
const EVERY_MS = 200;

export function progressReporter(quiet: boolean | undefined): RunOptions['onProgress'] {
  if (quiet || !process.stderr.isTTY || process.env.CI) return undefined;
  let last = 0;
  let started = 0;
  let current = '';
  process.on('exit', () => {
    if (current) process.stderr.write('\r\x1b[K');
  });
  return ({ file, bytesRead, size }) => {
    if (size < MIN_SIZE) return;
    const now = Date.now();
    if (file !== current) {
      current = file;
      started = now;
    }
    if (now - last < EVERY_MS && bytesRead < size) return;
    last = now;
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const rate = bytesRead / 1e6 / Math.max(0.001, (now - started) / 1000);
    const line = `reading ${visible(file)}: ${mb(bytesRead)} of ${mb(size)} MB (${Math.floor((100 * bytesRead) / size)}%, ${rate.toFixed(1)} MB/s)`;
    process.stderr.write(bytesRead >= size ? '\r\x1b[K' : `\r\x1b[K${line}`);
  };
}
