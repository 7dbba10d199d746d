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

export interface RawRecord {
  cells: string[];
  /** 1-based line of the record's first line in the file. */
  line: number;
}

export interface CsvFile {
  path: string;
  encoding: Encoding;
  delimiter: string;
  /** Lines above the header row. */
  skipRows: number;
  headers: string[];
  /** Streams the data records (after the header). */
  records(): AsyncIterable<RawRecord>;
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
    records: () => streamRecords(path, encoding, delimiter, skipRows, true),
  };
  let headers: string[] | undefined;
  for await (const record of streamRecords(path, encoding, delimiter, skipRows, false)) {
    headers = record.cells.map((h) => h.trim());
    break;
  }
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

async function* streamRecords(
  path: string,
  encoding: Encoding,
  delimiter: string,
  skipRows: number,
  skipHeader: boolean,
): AsyncGenerator<RawRecord> {
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const parser = parse({
    delimiter,
    from_line: skipRows + 1,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  let failure: unknown;
  input.on('error', (err) => {
    failure = err;
    parser.destroy();
  });
  input.pipe(decoderStream(encoding)).pipe(parser);
  let first = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (first) {
        first = false;
        if (skipHeader) continue;
      }
      let extraLines = 0;
      for (const cell of record) {
        if (cell.includes('\n')) extraLines += cell.split('\n').length - 1;
      }
      if (record.length === 1 && record[0].trim() === '') continue;
      yield { cells: record, line: info.lines - extraLines };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const e = err as CsvError & { lines?: number };
      throw new DataError(`${displayPath(path)}:${e.lines ?? '?'}: cannot parse CSV: ${err.message.replace(/^Invalid [^:]*: /, '')}`);
    }
    throw failure ? unreadable(path, failure) : err;
  } finally {
    input.destroy();
  }
  if (failure) throw unreadable(path, failure);
}

function unreadable(path: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError(`file not found: ${displayPath(path)}`);
  if (code === 'EISDIR') return new DataError(`${displayPath(path)} is a folder, not a file`);
  return new DataError(`cannot read ${displayPath(path)}: ${(err as Error).message}`);
}
