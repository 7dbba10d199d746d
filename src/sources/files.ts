// Expands a source's `file:` (paths and globs, relative to kpi.yaml) into a sorted list of existing files.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve, relative } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { DataError } from '../errors.js';

export function expandFiles(patterns: string | readonly string[], baseDir: string, sourceName: string): string[] {
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  const files: string[] = [];
  for (const pattern of list) {
    if (isDynamicPattern(pattern)) {
      const matches = globSync(pattern.replace(/\\/g, '/'), { cwd: baseDir, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
      if (matches.length === 0) {
        throw new DataError(`source '${sourceName}': no file matches ${pattern} (looked in ${displayPath(baseDir)})`, [], 'KPI_NO_FILE_MATCHES');
      }
      files.push(...matches);
    } else {
      const path = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
      if (!existsSync(path)) throw new DataError(`source '${sourceName}': file not found: ${displayPath(path)}`, [], { code: 'KPI_FILE_NOT_FOUND', file: displayPath(path) });
      if (statSync(path).isDirectory()) {
        throw new DataError(`source '${sourceName}': ${displayPath(path)} is a folder; name the files, e.g. ${pattern.replace(/\/?$/, '/*.csv')}`, [], { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) });
      }
      files.push(path);
    }
  }
  return [...new Set(files)];
}

/** Paths in messages and reports: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
