// How a path is shown in messages and reports. A leaf: the readers, the engine and the CLI all name files.
import { isAbsolute, relative } from 'node:path';

/** Paths in messages and reports: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === '') return '.';
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
