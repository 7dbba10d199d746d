// Where a reading thread's part of a CSV file starts: the first record boundary at or after a byte (quote-aware).
// The CSV reader offers it as its tables' `split` (table.ts): quoting is the reader's knowledge, not the engine's.
import { open, type FileHandle } from 'node:fs/promises';

/**
 * The first record boundary at or after `target`: just past the first line break that is not inside a quoted
 * field (an even number of quotes before it), or the file's size when there is none. What a reading thread does
 * before its part, while the main thread reads the first.
 *
 * Most exports have no quotes near the target: then the first line break after it is taken without counting the
 * quotes of the whole file before it. Only a quoted field longer than the 1 MiB looked at could hold that line
 * break, and then the part before it ends inside that field, fails its read, and the file is read whole (see
 * runSourceParallel). With quotes nearby, the quotes from the file's start are counted (memchr).
 */
export async function findRecordStart(path: string, target: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const from = Math.max(0, target - NEAR_BYTES);
    const near = Buffer.allocUnsafe(target - from + (64 << 10));
    const { bytesRead } = await handle.read(near, 0, near.length, from);
    const lf = near.subarray(0, bytesRead).indexOf(10, target - from);
    if (lf >= 0 && near.subarray(0, lf).indexOf(34) < 0) return from + lf + 1;
    return await countedRecordStart(handle, target);
  } finally {
    await handle.close();
  }
}

/** Bytes before a target that findRecordStart looks at for quotes. */
const NEAR_BYTES = 1 << 20;

/** findRecordStart the certain way: counting the quotes from the file's start. */
async function countedRecordStart(handle: FileHandle, target: number): Promise<number> {
  const chunk = Buffer.allocUnsafe(8 << 20);
  let position = 0;
  let quotes = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) return position;
    const buf = chunk.subarray(0, bytesRead);
    let from = 0;
    if (position + bytesRead > target) {
      const at = Math.max(0, target - position);
      quotes += countQuotes(buf, 0, at);
      from = at;
      for (let lf = buf.indexOf(10, at); lf >= 0; lf = buf.indexOf(10, lf + 1)) {
        quotes += countQuotes(buf, from, lf);
        from = lf;
        if (quotes % 2 === 0) return position + lf + 1;
      }
    }
    quotes += countQuotes(buf, from, bytesRead);
    position += bytesRead;
  }
}

function countQuotes(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(34, from); i >= 0 && i < to; i = buf.indexOf(34, i + 1)) n++;
  return n;
}
