// Streams a CSV file as records with their line numbers; reads its header first so fields can be checked before data.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, CsvError } from 'csv-parse';
import type { Encoding } from '../config/project.js';
import { DataError } from '../errors.js';
import { decoderStream, decodeWindows1252, sniffEncoding } from './decode.js';
import { displayPath } from './files.js';

export interface CsvSettings {
  encoding?: Encoding;
  delimiter?: string;
  skipRows?: number;
}

export interface CsvFile {
  path: string;
  encoding: Encoding;
  delimiter: string;
  /** Lines above the header row. */
  skipRows: number;
  headers: string[];
  /** Streams the data records (after the header) to a callback; resolves when the file is read. */
  eachRecord(onRecord: (cells: string[], line: number) => void): Promise<void>;
}

const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'];

export async function openCsv(path: string, settings: CsvSettings): Promise<CsvFile> {
  const head = await readHead(path);
  const encoding = settings.encoding ?? sniffEncoding(head);
  const sampleText = decodeSample(head, encoding);
  const lines = sampleText.split(/\r\n|\n|\r/);
  const skipRows = settings.skipRows ?? 0;
  const delimiter = settings.delimiter ?? sniffDelimiter(lines.slice(skipRows, skipRows + 50));
  const file: Omit<CsvFile, 'headers'> = {
    path,
    encoding,
    delimiter,
    skipRows,
    eachRecord: (onRecord) => readRecords(path, encoding, delimiter, skipRows, onRecord),
  };
  const headers = await readHeader(path, encoding, delimiter, skipRows);
  if (!headers) throw new DataError(`${displayPath(path)} is empty: no header row${skipRows ? ` after skipping ${skipRows} lines` : ''}`);
  return { ...file, headers };
}

async function readHead(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function decodeSample(head: Uint8Array, encoding: Encoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(head);
  return new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding).decode(head);
}

/** The delimiter that splits the sample's lines most consistently (quotes ignored roughly). */
export function sniffDelimiter(lines: string[]): string {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1);
    if (counts.length === 0 || counts[0] === 0) continue;
    const consistent = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = consistent * 10 + Math.min(counts[0], 9);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function csvParser(delimiter: string, skipRows: number) {
  return parse({
    delimiter,
    from_line: skipRows + 1,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
}

type Parsed = { record: string[]; info: { lines: number } };

async function readHeader(path: string, encoding: Encoding, delimiter: string, skipRows: number): Promise<string[] | undefined> {
  const input = createReadStream(path, { highWaterMark: 64 * 1024 });
  const parser = csvParser(delimiter, skipRows);
  input.pipe(decoderStream(encoding)).pipe(parser);
  try {
    for await (const { record } of parser as AsyncIterable<Parsed>) {
      if (record.length === 1 && record[0].trim() === '') continue;
      return record.map((h) => h.trim());
    }
    return undefined;
  } catch (err) {
    throw toDataError(path, err);
  } finally {
    input.destroy();
  }
}

/** Streams every data record to `onRecord` synchronously, batch by batch: no promise per row. */
function readRecords(
  path: string,
  encoding: Encoding,
  delimiter: string,
  skipRows: number,
  onRecord: (cells: string[], line: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = createReadStream(path, { highWaterMark: 1 << 20 });
    const parser = csvParser(delimiter, skipRows);
    let header = true;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      input.destroy();
      parser.destroy();
      reject(toDataError(path, err));
    };
    input.on('error', fail);
    parser.on('error', fail);
    parser.on('data', ({ record, info }: Parsed) => {
      if (failed) return;
      if (record.length === 1 && record[0].trim() === '') return;
      if (header) {
        header = false;
        return;
      }
      // csv-parse reports the line a record ends on; a quoted field with line breaks started earlier.
      let extraLines = 0;
      for (const cell of record) {
        if (cell.includes('\n')) extraLines += cell.split('\n').length - 1;
      }
      try {
        onRecord(record, info.lines - extraLines);
      } catch (err) {
        failed = true;
        input.destroy();
        parser.destroy();
        reject(err);
      }
    });
    parser.on('end', () => {
      if (!failed) resolve();
    });
    input.pipe(decoderStream(encoding)).pipe(parser);
  });
}

function toDataError(path: string, err: unknown): Error {
  if (err instanceof CsvError) {
    const e = err as CsvError & { lines?: number };
    return new DataError(`${displayPath(path)}:${e.lines ?? '?'}: cannot parse CSV: ${err.message.replace(/^Invalid [^:]*: /, '')}`);
  }
  if (err instanceof DataError) return err;
  return unreadable(path, err);
}

function unreadable(path: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError(`file not found: ${displayPath(path)}`);
  if (code === 'EISDIR') return new DataError(`${displayPath(path)} is a folder, not a file`);
  return new DataError(`cannot read ${displayPath(path)}: ${(err as Error).message}`);
}
