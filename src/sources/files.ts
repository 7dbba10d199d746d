// Expands a source's `file:` (paths and globs, relative to kpi.yaml) into a sorted list of existing files.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import type * as Tinyglobby from 'tinyglobby';
import { DataError } from '../errors.js';
import { noteInput } from '../util/inputs.js';
import { displayPath } from '../util/display-path.js';

export { displayPath };

/**
 * tinyglobby, loaded the first time a pattern may be a glob: loading it costs every kpi run (and every reading
 * thread) 10–40 ms, most of it fdir resolving and requiring picomatch from disk, and most sources name one file.
 */
let glob: typeof Tinyglobby | undefined;
const tinyglobby = (): typeof Tinyglobby => (glob ??= createRequire(import.meta.url)('tinyglobby') as typeof Tinyglobby);

/**
 * Whether a pattern may be a glob, without loading tinyglobby: picomatch's scan sees a glob only at `*`, `?`,
 * `[`, `{`, an extglob's `(` or a leading `!` (a negation), so a pattern with none of them is a plain path.
 */
const mayBeGlob = (pattern: string): boolean => /[*?[{(!]/.test(pattern) && tinyglobby().isDynamicPattern(pattern);

export function expandFiles(patterns: string | readonly string[], baseDir: string, sourceName: string): string[] {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  const files: string[] = [];
  for (const pattern of list) {
    // A path that exists is that file, even if its name has glob characters (`sales[1].csv`, `Q1 (final)*.csv`).
    const literal = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
    if (mayBeGlob(pattern) && !existsSync(literal)) {
      const matches = tinyglobby().globSync(pattern.replace(/\\/g, '/'), { cwd: baseDir, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) {
        throw new DataError(`source '${sourceName}': no file matches ${pattern} (looked in ${displayPath(baseDir)})`, [], 'KPI_NO_FILE_MATCHES');
      }
      for (const m of matches) files.push(m);
    } else {
      const path = literal;
      if (!existsSync(path)) throw new DataError(`source '${sourceName}': file not found: ${displayPath(path)}`, [], { code: 'KPI_FILE_NOT_FOUND', file: displayPath(path) });
      if (statSync(path).isDirectory()) {
        throw new DataError(`source '${sourceName}': ${displayPath(path)} is a folder; name the files, e.g. ${pattern.replace(/\/?$/, '/*.csv')}`, [], { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) });
      }
      files.push(path);
    }
  }
  for (const file of files) noteInput(file);
  return readOnce(files);
}

/** Each real file once: a symlink and its target (or two hard links) in one source are the same rows. */
function readOnce(files: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const file of files) {
    let key = file;
    try {
      const s = statSync(file);
      // A stream (a pipe, /dev/stdin) is its own; a regular file is known by its device and inode.
      if (s.isFile()) key = `${s.dev}:${s.ino}`;
    } catch {
      // The reader reports a file that cannot be opened.
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(file);
  }
  return out;
}
