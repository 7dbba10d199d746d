// A gzip-compressed CSV (`sales.csv.gz`): decompressed as it is read (node:zlib, streaming), then sniffed and read
// exactly as a CSV is. It is read once, in order, on one thread: a gzip stream has no record boundaries to seek to.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DataError } from '../../errors.js';
import { openCsv, type CsvSettings } from '../csv/csv-reader.js';
import { sequentialInput, type SequentialBytes } from '../input.js';
import { displayPath } from '../files.js';
import type { Table } from '../table.js';

export async function openCsvGz(path: string, settings: CsvSettings): Promise<Table> {
  return openCsv(path, settings, { input: sequentialInput(path, gunzipped(path)), format: 'csv.gz', settings: { compression: 'gzip' } });
}

/**
 * The decompressed bytes of a gzip file, pulled a chunk at a time. A file cut short (a download that stopped) or
 * damaged is a data error saying how far it got, never a short read taken for the whole export.
 */
function gunzipped(path: string): SequentialBytes {
  const file = createReadStream(path);
  const gunzip = createGunzip();
  file.on('error', (err) => gunzip.destroy(err));
  file.pipe(gunzip);
  const chunks = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let chunk: Buffer = Buffer.alloc(0);
  let done = false;
  let decompressed = 0;
  return {
    async read(buffer, offset, length) {
      while (chunk.length === 0 && !done) {
        let next: IteratorResult<Buffer>;
        try {
          next = await chunks.next();
        } catch (err) {
          throw damaged(path, err, decompressed);
        }
        if (next.done) done = true;
        else chunk = next.value;
      }
      const n = Math.min(length, chunk.length);
      chunk.copy(buffer, offset, 0, n);
      chunk = chunk.subarray(n);
      decompressed += n;
      return { bytesRead: n };
    },
    close: async () => {
      file.destroy();
      gunzip.destroy();
    },
  };
}

function damaged(path: string, err: unknown, decompressed: number): DataError {
  const e = err as NodeJS.ErrnoException;
  // A missing or unreadable file is said as for any file; only the gzip data's own faults are said here.
  if (e.code === 'ENOENT') return new DataError(`file not found: ${displayPath(path)}`, [], { code: 'KPI_FILE_NOT_FOUND', file: displayPath(path) });
  if (e.code === 'EISDIR') return new DataError(`${displayPath(path)} is a folder, not a file`, [], { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) });
  const cut = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message);
  return new DataError(
    `${displayPath(path)}: the gzip data ${cut ? 'is cut short' : `is damaged (${e.message})`} after ${decompressed.toLocaleString('en-US')} bytes of CSV; no figure is read from part of an export: download or compress it again (gzip -t ${JSON.stringify(displayPath(path))} checks a file)`,
    [],
    { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) },
  );
}
