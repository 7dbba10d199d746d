// The bytes of an export, wherever they come from: a regular file (read at any position: a sample, then the data,
// perhaps in parallel parts), or a stream that can be read once, in order (a pipe, stdin, a file decompressed as it
// is read). The text readers (CSV, SIE) read through it; a file that changes while it is read is said, not summed.
import { read as readFd, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DataError, InternalError } from '../errors.js';
import { descriptorOf } from '../util/descriptor.js';
import { displayPath } from './files.js';

/** Where a file's bytes come from: its first bytes (the sample), and a way to read it all (once, for a stream). */
export interface ByteInput {
  path: string;
  /** Bytes, for a regular file; undefined for a stream (a FIFO, a pipe, `<(zcat …)`, /dev/stdin). */
  size?: number;
  /** A regular file: throws KPI_FILE_CHANGED when the path's size or modification time is not the opened one's. */
  unchanged?(): void;
  /** The first `bytes` bytes (fewer when the input is shorter). */
  head(bytes: number): Promise<Uint8Array>;
  open(): Promise<ByteSource>;
}

/** Reads bytes at a position; a stream only in order from the start (position is then where it already is). */
interface ByteSource {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens a file's bytes. A regular file is read at any position (the sample, then the data, perhaps in parallel
 * parts); anything else cannot seek, so the bytes of its sample are kept from the one read and the data read
 * starts with them.
 */
export async function openInput(path: string): Promise<ByteInput> {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    throw unreadable(path, err);
  }
  if (stat.isDirectory()) throw unreadable(path, Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
  if (stat.isFile()) {
    const size = stat.size;
    const mtimeMs = stat.mtimeMs;
    return {
      path,
      size,
      unchanged: () => {
        const now = statSync(path);
        if (now.size !== size || now.mtimeMs !== mtimeMs) throw fileChanged(path, size, now.size);
      },
      head: async (bytes) => {
        const handle = await openOrFail(path);
        try {
          const buffer = Buffer.alloc(Math.min(bytes, size + 1));
          let filled = 0;
          while (filled < buffer.length) {
            const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
            if (bytesRead === 0) break;
            filled += bytesRead;
          }
          return buffer.subarray(0, filled);
        } catch (err) {
          // As for a stream's head below: a read that fails (EIO) names the file.
          throw unreadable(path, err);
        } finally {
          await handle.close();
        }
      },
      open: async () => {
        const h = await openOrFail(path);
        return {
          read: async (buffer, offset, length, position) => (await h.read(buffer, offset, length, position)).bytesRead,
          // An export still being written (or cut, or rewritten in place) gives a figure of no moment in time:
          // its first part from one state and the rest from another. Said, never summed.
          close: async () => {
            let now;
            try {
              now = await h.stat();
            } finally {
              await h.close();
            }
            if (now.size !== size || now.mtimeMs !== mtimeMs) throw fileChanged(path, size, now.size);
          },
        };
      },
    };
  }
  return sequentialInput(path, await openStream(path));
}

/** A stream of bytes read in order (`position` is ignored): a pipe, or a file decompressed as it is read. */
export interface SequentialBytes {
  read(buffer: Buffer, offset: number, length: number, position: null): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

/**
 * The input of bytes that can be read once, in order: the bytes of its sample are kept from that one read, and the
 * data read starts with them.
 */
export function sequentialInput(path: string, stream: SequentialBytes): ByteInput {
  let kept: Buffer = Buffer.alloc(0);
  let ended = false;
  let opened = false;
  return {
    path,
    head: async (bytes) => {
      if (kept.length < bytes && !ended) {
        const grown = Buffer.alloc(bytes);
        kept.copy(grown);
        let filled = kept.length;
        try {
          while (filled < bytes) {
            const { bytesRead } = await stream.read(grown, filled, bytes - filled, null);
            if (bytesRead === 0) {
              ended = true;
              break;
            }
            filled += bytesRead;
          }
        } catch (err) {
          throw err instanceof DataError ? err : unreadable(path, err);
        }
        kept = grown.subarray(0, filled);
      }
      return kept.subarray(0, bytes);
    },
    open: async () => {
      // The engine reads each file of a source once; a second read of a stream would find it empty.
      if (opened) throw new InternalError(`${path} is a stream and was read already`);
      opened = true;
      let served = 0;
      return {
        read: async (out, offset, length) => {
          if (served < kept.length) {
            const n = Math.min(length, kept.length - served);
            kept.copy(out, offset, served, served + n);
            served += n;
            return n;
          }
          return ended ? 0 : (await stream.read(out, offset, length, null)).bytesRead;
        },
        close: () => stream.close(),
      };
    },
  };
}

/**
 * A stream, read in order: a descriptor of this process (stdin, `<(…)`) is read as it is, since opening its path
 * fails for a socket; anything else (a FIFO) is opened.
 */
async function openStream(path: string): Promise<SequentialBytes> {
  const fd = descriptorOf(path);
  if (fd === undefined || fd < 0) return openOrFail(path);
  const pause = () => new Promise((r) => setTimeout(r, 5));
  return {
    async read(buffer, offset, length) {
      for (;;) {
        try {
          return await new Promise<{ bytesRead: number }>((done, fail) => readFd(fd, buffer, offset, length, null, (err, bytesRead) => (err ? fail(err) : done({ bytesRead }))));
        } catch (err) {
          // A descriptor left non-blocking by whoever shares it: wait for data.
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
          await pause();
        }
      }
    },
    // The descriptor was inherited: it stays open for its owner.
    close: async () => undefined,
  };
}

/** Opens a file for reading; a missing or unreadable one is a data error naming it. */
async function openOrFail(path: string) {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
}

/** The error for a file whose size or modification time changed while it was read. */
export function fileChanged(path: string, before: number, after: number): DataError {
  const sizes = before === after ? `its size stayed ${before} bytes but it was written to` : `its size went from ${before} to ${after} bytes`;
  return new DataError(`${displayPath(path)} changed while kpi read it (${sizes}); run kpi again once the export is written in full`, [], {
    code: 'KPI_FILE_CHANGED',
    file: displayPath(path),
  });
}

/** A file that cannot be read (missing, a folder, no permission, an I/O error): a data error naming it. */
export function unreadable(path: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError(`file not found: ${displayPath(path)}`, [], { code: 'KPI_FILE_NOT_FOUND', file: displayPath(path) });
  if (code === 'EISDIR') return new DataError(`${displayPath(path)} is a folder, not a file`, [], { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) });
  return new DataError(`cannot read ${displayPath(path)}: ${(err as Error).message}`, [], { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) });
}
