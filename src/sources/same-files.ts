// Two files of one source with the same bytes (`sales.csv` and its copy `sales (1).csv` in a globbed folder) would
// add every row twice: an error naming both. Only files of equal size are hashed (streamed: memory stays flat for a
// gigabyte export), so a folder of distinct exports costs one stat per file.
import { createReadStream, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { DataError } from '../errors.js';
import { displayPath } from '../util/display-path.js';

export async function assertDistinctFiles(source: string, paths: readonly string[]): Promise<void> {
  if (paths.length < 2) return;
  const bySize = new Map<number, string[]>();
  for (const path of paths) {
    let size: number;
    try {
      const s = statSync(path);
      if (!s.isFile() || s.size === 0) continue; // a stream, or an empty file (no rows to count twice)
      size = s.size;
    } catch {
      continue; // the reader reports a file that cannot be opened
    }
    const same = bySize.get(size);
    if (same) same.push(path);
    else bySize.set(size, [path]);
  }
  for (const [size, same] of bySize) {
    if (same.length < 2) continue;
    const byHash = new Map<string, string>();
    for (const path of same) {
      const hash = await sha256(path);
      const twin = byHash.get(hash);
      if (twin !== undefined) {
        throw new DataError(
          `source '${source}': ${displayPath(twin)} and ${displayPath(path)} are the same file (${size.toLocaleString('en-US')} bytes, identical content): every row would count twice; remove the copy, or list the files under file: without it`,
          [],
          { code: 'KPI_DUPLICATE_FILE', file: displayPath(path) },
        );
      }
      byHash.set(hash, path);
    }
  }
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', () => resolve(`unreadable:${path}`)) // the reader reports it, located
      .on('end', () => resolve(hash.digest('hex')));
  });
}
