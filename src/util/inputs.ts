// The files this run reads (kpi.yaml, the targets file, every data file), so `-o` can refuse to overwrite one.
// Recorded where each is opened; the main thread opens every file before any output is written.
import { statSync } from 'node:fs';

const inputs = new Set<string>();

export function noteInput(path: string): void {
  inputs.add(path);
}

/** The input that is the same file as `target` (same device and inode: hard links and symlinks included). */
export function inputAt(target: { dev: number; ino: number }): string | undefined {
  for (const path of inputs) {
    try {
      const s = statSync(path);
      if (s.isFile() && s.dev === target.dev && s.ino === target.ino) return path;
    } catch {
      // An input that is gone cannot be overwritten.
    }
  }
  return undefined;
}
