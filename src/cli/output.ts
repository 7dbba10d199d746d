// Writing results: stdout, or a file written atomically (temp file, then rename) so cron never sees half a report.
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, basename, extname, join, resolve } from 'node:path';
import { ConfigError, DataError } from '../errors.js';
import { displayPath } from '../sources/files.js';
import { descriptorOf } from '../util/descriptor.js';
import { inputAt } from '../util/inputs.js';
import { EXTENSIONS, renderers, type Format } from '../render/index.js';
import type { Rendered } from '../render/types.js';
import { renderedBlocks } from '../render/stream.js';

/** The format from --format, else from the -o extension, else the table. */
export function chooseFormat(format: string | undefined, out: string | undefined): Format {
  return pickFormat(format, out, renderers, EXTENSIONS);
}

export function pickFormat<F extends string>(format: string | undefined, out: string | undefined, registry: Record<F, unknown>, extensions: Record<string, F>): F {
  if (format !== undefined) {
    if (!Object.hasOwn(registry, format)) throw new ConfigError(`unknown format '${format}'`, [], 'KPI_FORMAT');
    return format as F;
  }
  if (out !== undefined) {
    const byExt = extensions[extname(out).toLowerCase()];
    if (byExt) return byExt;
    // A stream has no extension to go by: `-o /dev/stdout`, `-o /dev/null`, `-o >(gzip > r.gz)` or a FIFO gets the
    // format stdout would get, as `>` would; only a file's name is asked to say its format.
    if (isStream(out)) return 'table' as F;
    throw new ConfigError(`cannot tell the format of ${out} from its extension; add --format (${Object.keys(extensions).join(', ')})`, [], 'KPI_FORMAT');
  }
  return 'table' as F;
}

/** A descriptor path (/dev/stdout, /dev/fd/N), or an existing path that is neither a file nor a folder (a device, a FIFO). */
function isStream(out: string): boolean {
  if (out === '-' || descriptorOf(resolve(out)) !== undefined) return true;
  try {
    const stat = statSync(out);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

export async function loadRenderer(format: Format) {
  return renderers[format]();
}

export interface WriteOptions {
  /** Let -o overwrite a file this run reads. */
  force?: boolean;
}

/**
 * Writes the output to stdout or to `out`. A regular file (or a new path) is replaced atomically: a temp file beside
 * it, then a rename, so a cron job never sees half a report; a symlink is followed and its target replaced, with the
 * target's mode and owner. Anything else (a device, a FIFO, /dev/stdout, /dev/fd/N) is opened and written as it is:
 * renaming over it would replace /dev/null for every later process.
 */
export async function writeOutput(rendered: Rendered, out: string | undefined, options: WriteOptions = {}): Promise<void> {
  // Blocks are rendered as they are written (a streamed renderer's work happens here), after every check on `out`.
  const data = renderedBlocks(rendered);
  if (out === undefined || out === '-') return writeStdoutBlocks(data);
  const target = outputTarget(out);
  if (target.kind === 'fd') return target.fd === 1 ? writeStdoutBlocks(data) : writeFd(target.fd, data, out);
  if (target.kind === 'folder') throw new DataError(`cannot write ${out}: it is a folder; name a file, e.g. ${join(out, 'report' + (extname(out) || '.json'))}`, [], { code: 'KPI_WRITE', file: out });
  if (target.kind === 'direct') return writeDirect(target.path, data, out);
  if (target.stat && !options.force) {
    const input = inputAt(target.stat);
    if (input !== undefined) {
      throw new ConfigError(
        `-o ${out}: this run reads ${resolve(out) === resolve(input) ? 'that file' : `that file (as ${displayPath(input)})`}, and writing the output there would destroy it; name another file, or add --force to overwrite it`,
        [],
        { code: 'KPI_OUTPUT_IS_INPUT', file: out },
      );
    }
  }
  return replaceFile(target.path, target.stat, data, out);
}

type Target =
  | { kind: 'fd'; fd: number }
  | { kind: 'folder' }
  | { kind: 'direct'; path: string }
  | { kind: 'file'; path: string; stat?: Stats };

/** What `out` is once symlinks are followed: a descriptor, a folder, a non-regular file, or a (new) regular file. */
function outputTarget(out: string): Target {
  let path = resolve(out);
  for (let hop = 0; hop < 40; hop++) {
    // /dev/stdout, /dev/fd/N and /proc/self/fd/N name a descriptor of this process: write to it, never open it anew
    // (a shell's `>> log` would be truncated) and never rename over it.
    const fd = descriptorOf(path);
    if (fd !== undefined) return fd < 0 ? { kind: 'direct', path } : { kind: 'fd', fd };
    let stat: Stats;
    try {
      stat = lstatSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'file', path };
      throw writeError(out, err);
    }
    if (stat.isSymbolicLink()) {
      path = resolve(dirname(path), readlinkSync(path));
      continue;
    }
    if (stat.isDirectory()) return { kind: 'folder' };
    if (stat.isFile()) return { kind: 'file', path, stat };
    return { kind: 'direct', path };
  }
  throw new DataError(`cannot write ${out}: too many levels of symbolic links`, [], { code: 'KPI_WRITE', file: out });
}

/** A regular file or a new path: temp file beside it (with its mode and owner), flushed, then renamed over it. */
async function replaceFile(path: string, stat: Stats | undefined, data: Iterable<Uint8Array>, out: string): Promise<void> {
  const dir = dirname(path);
  // The name is the target's, cut so a long name still fits in NAME_MAX; 'wx' never follows a planted symlink.
  const tmp = join(dir, `.kpi-tmp-${process.pid}-${randomBytes(4).toString('hex')}-${basename(path).slice(0, 120)}`);
  const mode = stat ? stat.mode & 0o7777 : 0o666;
  // Armed before the file exists: a signal the moment it is created must still remove it.
  removeOnSignal(tmp);
  let handle: FileHandle;
  try {
    handle = await open(tmp, 'wx', mode);
  } catch (err) {
    keepOnSignal(tmp);
    throw writeError(out, err, dir);
  }
  try {
    try {
      // An error of the renderer (a bug, exit 70) passes as it is; only the file system's errors are write errors.
      for (const block of data) {
        for (let at = 0; at < block.length; at += CHUNK) await handle.write(block.subarray(at, Math.min(block.length, at + CHUNK))).catch(asWriteError(out));
      }
      if (stat) {
        // The umask applied at creation: give the file exactly the old mode, and the old owner where we may.
        await handle.chmod(mode).catch(asWriteError(out));
        if (stat.uid !== process.getuid?.() || stat.gid !== process.getgid?.()) await handle.chown(stat.uid, stat.gid).catch(() => undefined);
      }
      await handle.datasync().catch(asWriteError(out));
    } finally {
      await handle.close().catch(asWriteError(out));
    }
    await holdForTests();
    try {
      renameSync(tmp, path);
    } catch (err) {
      throw writeError(out, err);
    }
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    keepOnSignal(tmp);
  }
}

const CHUNK = 1 << 20;

const asWriteError =
  (out: string) =>
  (err: unknown): never => {
    throw writeError(out, err);
  };

/** A device or FIFO: opened and written in place (a FIFO blocks until someone reads it). */
function writeDirect(path: string, data: Iterable<Uint8Array>, out: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw writeError(out, err);
  }
  try {
    for (const block of data) {
      try {
        writeAll(fd, block);
      } catch (err) {
        throw writeError(out, err);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function writeFd(fd: number, data: Iterable<Uint8Array>, out: string): void {
  for (const block of data) {
    try {
      writeAll(fd, block);
    } catch (err) {
      // The reader has gone: the rest is neither rendered nor written.
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw writeError(out, err);
    }
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let at = 0; at < data.length; ) {
    try {
      at += writeSync(fd, data, at, Math.min(CHUNK, data.length - at));
    } catch (err) {
      // A descriptor inherited in non-blocking mode: wait for the reader.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** Set when the reader of stdout has gone (`kpi check | head -1`): the rest is not written, the exit code stands. */
let stdoutClosed = false;

/** Writes to stdout and waits until it is flushed; a closed pipe is not an error, a full disk is one (exit 3). */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  if (stdoutClosed) return Promise.resolve();
  return new Promise((done, fail) => {
    process.stdout.write(data, (err) => {
      if (!err) return done();
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') {
        stdoutClosed = true;
        return done();
      }
      fail(new DataError(`cannot write to standard output: ${describeErrno(err)}`, [], { code: 'KPI_WRITE' }));
    });
  });
}

/** Writes blocks to stdout one after another, each flushed before the next is rendered; stops when the reader has gone. */
async function writeStdoutBlocks(data: Iterable<Uint8Array>): Promise<void> {
  for (const block of data) {
    if (stdoutClosed) return;
    await writeStdout(block);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A write error in the user's words, naming the path they gave (never the temp file). */
function writeError(out: string, err: unknown, dir?: string): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  let reason: string;
  // A folder that exists but takes no new files (/proc, /sys) also says ENOENT: only a missing folder is called one.
  if (dir !== undefined && (code === 'ENOENT' || code === 'ENOTDIR') && !isFolder(dir)) reason = `the folder ${displayPath(dir)} does not exist`;
  else if (dir !== undefined && code === 'ENOENT') reason = `the folder ${displayPath(dir)} takes no new files`;
  else if (dir !== undefined && (code === 'EACCES' || code === 'EPERM')) reason = `no permission to create a file in ${displayPath(dir)}`;
  else reason = describeErrno(err);
  return new DataError(`cannot write ${out}: ${reason}`, [], { code: 'KPI_WRITE', file: out });
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'it is a folder',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EPIPE: 'the reader closed the pipe',
  EBADF: 'not an open file descriptor',
  ENXIO: 'no such device (a FIFO with no reader?)',
  ENAMETOOLONG: 'the file name is too long',
  EIO: 'input/output error',
  EFBIG: 'the file is too large for the file system',
  ETXTBSY: 'the file is busy',
  ELOOP: 'too many levels of symbolic links',
};

/** An errno as words ("no space left on device"), else the error's own message. */
export function describeErrno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && ERRNO_TEXT[code]) return ERRNO_TEXT[code];
  return (err as Error)?.message ?? String(err);
}

// Temp files are removed when the run is interrupted: the signal's default action would leave them behind.
const temps = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of temps) rmSync(tmp, { force: true });
  temps.clear();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Die of the signal itself, as a shell expects (exit status 128 + the signal number: 130 for SIGINT, 143 for SIGTERM).
  process.kill(process.pid, signal);
}

function removeOnSignal(tmp: string): void {
  if (temps.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  temps.add(tmp);
}

function keepOnSignal(tmp: string): void {
  temps.delete(tmp);
  if (temps.size === 0) for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/** Tests of interruption hold the temp file (KPI_TEST_HOLD_OUTPUT_MS) so a signal can arrive while it exists. */
async function holdForTests(): Promise<void> {
  const ms = Number(process.env.KPI_TEST_HOLD_OUTPUT_MS);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** Colour only on a TTY, never with NO_COLOR or --no-color, never into a file. */
export function useColor(flagColor: boolean, out: string | undefined): boolean {
  if (!flagColor || out !== undefined) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/**
 * The width the terminal report fits (README "Fitting the terminal"): COLUMNS when it is a positive number, else the
 * terminal's own when stdout is one; undefined when writing to a file (-o) or to a pipe without COLUMNS, so the
 * output of a script does not depend on the terminal it was started from.
 */
export function terminalWidth(out: string | undefined): number | undefined {
  if (out !== undefined && out !== '-') return undefined;
  const env = process.env.COLUMNS?.trim();
  if (env !== undefined && /^[1-9]\d{0,4}$/.test(env)) return Number(env);
  if (process.stdout.isTTY === true && process.stdout.columns > 0) return process.stdout.columns;
  return undefined;
}
