// The CSV reader: sniffs a file's encoding, delimiter and header line from its first bytes, then streams its records
// as typed rows (from bytes where the encoding allows, byte-rows.ts; else from text) and finds where parallel parts
// may start (record-start.ts). Everything that knows about quoting and delimiters lives in this folder.
import { isUtf8 } from 'node:buffer';
import type { Encoding } from '../../config/project.js';
import { DataError } from '../../errors.js';
import { completeUtf8, decodeUtf8Escaped, decodeWindows1252, hasEscapedBytes, INVALID_UTF8, sniffEncoding, unescapeBytes, utf8Lookalike } from '../decode.js';
import { displayPath } from '../files.js';
import { detectHeader, headerIsData } from '../header-row.js';
import { openInput, unreadable, type ByteInput } from '../input.js';
import type { ByteRange, Cell, RecordTable, Table } from '../table.js';
import { rowsOfCells } from '../typed-rows.js';
import { rowsOfBytes, type ByteRecords } from './byte-rows.js';
import { CsvScanner, CsvSyntaxError } from './csv-scan.js';
import { CsvByteScanner, type ByteRecord } from './csv-bytes.js';
import { byteDecoder, type ByteDecoder } from './byte-cells.js';
import { codePageDecoder, isCodePage, loadCodePage } from '../code-pages.js';
import { notCsvText } from './not-csv.js';
import { findRecordStart } from './record-start.js';


export interface CsvSettings {
  encoding?: Encoding;
  delimiter?: string;
  skipRows?: number;
}

const SAMPLE_BYTES = 256 * 1024;
/** The most read to find a header line and a first record: a header longer than this is no header. */
const MAX_HEAD_BYTES = 16 * 1024 * 1024;
const SAMPLE_RECORDS = 500;
const DELIMITERS = [',', ';', '\t', '|'];

/**
 * A CSV's table, with its records as byte offsets too (`bytes`), for an encoding whose delimiters and line breaks
 * are ASCII bytes (UTF-8, Windows-1252, the DOS code pages): its typed rows are read from them without making
 * strings. Fields past `lastColumn` may be left unsplit.
 */
export interface CsvTable extends Table {
  bytes?: ByteRecords;
  /** What kpi decided about the file (configured or sniffed), for another engine to read it the same way (DuckDB). */
  decided?: { encoding: Encoding; delimiter: string; skipRows: number };
}

/**
 * Opens a CSV: sniffs its encoding, delimiter and header line from its first bytes. `input` is where the bytes come
 * from when they are not the file's own (the gzip reader's decompressed stream), and `format` the reader's name.
 */
export async function openCsv(path: string, settings: CsvSettings, from?: { input: ByteInput; format: string; settings?: Record<string, string> }): Promise<CsvTable> {
  const where = { file: displayPath(path) };
  let asked = SAMPLE_BYTES;
  const input = from?.input ?? (await openInput(path));
  let head = await input.head(asked);
  const encoding = settings.encoding ?? sniffEncoding(head);
  // A DOS or ISO code page is decoded from a table that is loaded on first use (code-pages.ts).
  if (isCodePage(encoding)) await loadCodePage(encoding);
  const notText = notCsvText(head, encoding, settings.encoding !== undefined);
  if (notText) throw new DataError(`${displayPath(path)} ${notText}`, [], { code: 'KPI_NOT_CSV', ...where });
  let sampleText: string;
  let delimiter: string;
  let sampled: Sampled;
  for (;;) {
    sampleText = decodeSample(head, encoding);
    const skip = settings.skipRows ?? 0;
    delimiter = settings.delimiter ?? sniffDelimiter(sampleText.split(/\r\n|\n|\r/).slice(skip, skip + 50));
    sampled = sampleRecords(sampleText, delimiter, head.length === asked);
    // A header (or the lines above it) longer than the sample: read more, up to a bound no real header line needs.
    const found = sampled.records.filter((r) => r.line > skip).length;
    if (!sampled.cut || found >= 2 || asked >= MAX_HEAD_BYTES) break;
    asked *= 4;
    head = await input.head(asked);
  }
  const records = sampled.records;
  let skipRows = settings.skipRows;
  if (skipRows === undefined) {
    const header = detectHeader(records.map((r) => r.cells));
    skipRows = header === undefined ? 0 : records[header].line - 1;
  }
  const headerAt = records.findIndex((r) => r.line > skipRows!);
  if (headerAt < 0) {
    // A syntax error before any header (a stray quote in the header line) is said as such, at its line.
    if (sampled.error) throw toDataError(path, sampled.error);
    if (sampled.cut) {
      throw new DataError(
        `${displayPath(path)} has no complete header line in its first ${MAX_HEAD_BYTES / (1024 * 1024)} MB: a line that long is no CSV header (an unclosed quote${skipRows ? `, or skip_rows: ${skipRows} too large` : ''}?)`,
        [],
        { code: 'KPI_NO_HEADER', ...where },
      );
    }
    throw new DataError(`${displayPath(path)} is empty: no header row${skipRows ? ` after skipping ${skipRows} lines` : ''}`, [], { code: 'KPI_NO_HEADER', ...where });
  }
  const headerless = headerIsData(records[headerAt].cells);
  if (headerless) throw new DataError(`${displayPath(path)}:${records[headerAt].line}: ${headerless}`, [], { code: 'KPI_NO_HEADER', ...where, line: records[headerAt].line });
  const headers = records[headerAt].cells.map((h) => h.trim());
  const sniffed: Record<string, string | number> = {
    encoding: settings.encoding ?? `${encoding} (sniffed)`,
    delimiter: settings.delimiter ?? `${delimiter === '\t' ? 'tab' : delimiter} (sniffed)`,
    'header line': `${skipRows + 1}${settings.skipRows === undefined && skipRows > 0 ? ' (sniffed)' : ''}`,
    ...from?.settings,
  };
  const rows = skipRows;
  // A single-byte encoding declared for bytes that are UTF-8: said, and `kpi check` fails on it (RecordTable.utf8Lookalike).
  const singleByte = settings.encoding !== undefined && !settings.encoding.startsWith('utf-');
  const lookalike = singleByte ? utf8Lookalike(head, (b) => decodeSample(b, encoding)) : undefined;
  const decode = byteDecoder(encoding);
  const table: RecordTable & { bytes?: ByteRecords; decided: CsvTable['decided'] } = {
    path,
    decided: { encoding, delimiter, skipRows },
    ...(lookalike ? { utf8Lookalike: { declared: settings.encoding!, ...lookalike } } : {}),
    format: from?.format ?? 'csv',
    label: displayPath(path),
    lineWord: 'line',
    headers,
    settings: sniffed,
    sample: records.slice(headerAt + 1, headerAt + 1 + SAMPLE_RECORDS).map((r) => r.cells),
    // A stream has no size: it is read once, on one thread, never split into parts.
    size: input.size,
    unchanged: input.unchanged,
    eachRecord: (onRecord, onProgress, columns, range) => readRecords(input, encoding, delimiter, rows, onRecord, onProgress, columns, range),
    // A delimiter outside ASCII (§, ¦) is more than one byte in UTF-8: such files are read by the text scanner.
    bytes: !decode || delimiter.charCodeAt(0) >= 0x80 ? undefined : {
      decode,
      eachRecord: (onRecord, lastColumn, onProgress, range) =>
        readByteRecords(input, encoding, delimiter, rows, decode, onRecord, lastColumn, onProgress, range),
    },
    // Parts start at record boundaries, found by counting quotes in the bytes: a regular file only (a stream cannot
    // seek), and an encoding whose line breaks and quotes are single ASCII bytes (not UTF-16).
    split: input.size === undefined || encoding === 'utf-16le' || encoding === 'utf-16be' ? undefined : { recordStart: (target) => findRecordStart(path, target) },
  };
  // Typed rows from the bytes where the encoding allows it, else from the text records; an export's last line may
  // be its sum line either way.
  return Object.assign(table, { rows: table.bytes ? rowsOfBytes(table, table.bytes) : rowsOfCells(table, { totalRows: true }) });
}

interface Sampled {
  records: { cells: string[]; line: number }[];
  /** Bad CSV met in the sample (the records before it are kept). */
  error?: CsvSyntaxError;
  /** The sample ends inside a record (the file goes on). */
  cut: boolean;
}

/** The records of the sample, with the line each starts on; a record cut off by the sample's end is dropped. */
function sampleRecords(text: string, delimiter: string, truncated: boolean): Sampled {
  const records: { cells: string[]; line: number }[] = [];
  const scanner = new CsvScanner(delimiter, (cells, line) => {
    if (cells.length === 1 && (cells[0] ?? '').trim() === '') return;
    records.push({ cells: cells as string[], line });
  });
  try {
    scanner.push(text);
    // A sample cut off mid-file ends inside some record (perhaps inside a quoted field): that record waits forever.
    if (!truncated) scanner.end();
  } catch (err) {
    // Bad CSV in the sample: the records before it still show the layout; the full read reports the error and its line.
    if (!(err instanceof CsvSyntaxError)) throw err;
    return { records, error: err, cut: false };
  }
  return { records, cut: truncated };
}

function decodeSample(head: Uint8Array, encoding: Encoding): string {
  if (encoding === 'windows-1252') return decodeWindows1252(head);
  if (isCodePage(encoding)) return codePageDecoder(encoding)(head);
  return new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding).decode(head);
}

/**
 * The delimiter that splits the sample's lines most consistently: the one whose most common count per line is
 * above zero and shared by the most lines (title lines above the header do not count against it).
 */
export function sniffDelimiter(lines: string[]): string {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, 30);
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1);
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    const mode = [...freq].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
    if (!mode) continue;
    const score = (mode[1] / counts.length) * 10 + Math.min(mode[0], 9);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}




/**
 * Streams every data record to `onRecord` synchronously, chunk by chunk: no promise per row. The hand-written
 * scanner slices only `columns` (all when absent); the header and the lines above it are passed over.
 */
async function readRecords(
  input: ByteInput,
  encoding: Encoding,
  delimiter: string,
  skipRows: number,
  onRecord: (cells: Cell[], line: number, fields: number) => void,
  onProgress?: (bytesRead: number) => void,
  columns?: readonly number[],
  range?: ByteRange,
): Promise<number> {
  // A range past the start begins at a record: no lines above a header, no header, no BOM.
  const fromStart = range === undefined || range.start === 0;
  if (!fromStart) skipRows = 0;
  let wanted: boolean[] | undefined;
  if (columns) {
    wanted = [];
    for (const c of columns) if (c >= 0) wanted[c] = true;
  }
  let header = fromStart;
  const scanner = new CsvScanner(
    delimiter,
    (cells, line, fields) => {
      if (line <= skipRows) return;
      if (header) {
        header = false;
        return;
      }
      // A line of blanks is no record (csv-parse's skip_empty_lines keeps it; an export never means it as data).
      if (cells.length === 1 && (cells[0] === undefined || cells[0].trim() === '')) return;
      if (escaping.escaped) {
        const out: Cell[] = cells as Cell[];
        for (let i = 0; i < cells.length; i++) {
          const c = cells[i];
          if (c !== undefined && hasEscapedBytes(c)) out[i] = escapedCell(c);
        }
      }
      onRecord(cells as Cell[], line, fields);
    },
    // The header must be read in full to be skipped reliably; only data columns are sliced selectively.
    wanted,
  );
  const decode = textDecoder(encoding);
  const escaping = decode as { escaped?: boolean };
  const path = input.path;
  const handle = await input.open();
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const start = range?.start ?? 0;
    let end = range?.end ?? Infinity;
    let until = range?.until;
    let position = start;
    for (;;) {
      if (until && position >= end) {
        end = await until;
        until = undefined;
      }
      if (position >= end) break;
      const n = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, end - position), position);
      if (n === 0) break;
      position += n;
      scanner.push(decode(buffer.subarray(0, n), false));
      onProgress?.(position - start);
    }
    const rest = decode(new Uint8Array(0), true);
    if (rest) scanner.push(rest);
    scanner.end();
    return scanner.lines;
  } catch (err) {
    throw toDataError(path, err);
  } finally {
    await handle.close();
  }
}

const CHUNK_BYTES = 1 << 20;

/**
 * The byte-level twin of readRecords: the same records, handed on as byte offsets in a buffer that is reused
 * (a record is valid only during the callback). A record longer than the buffer grows it.
 */
export async function readByteRecords(
  input: ByteInput,
  encoding: Encoding,
  delimiter: string,
  skipRows: number,
  decode: ByteDecoder,
  onRecord: (record: ByteRecord) => void,
  lastColumn: number,
  onProgress?: (bytesRead: number) => void,
  range?: ByteRange,
  chunkBytes = CHUNK_BYTES,
): Promise<number> {
  const fromStart = range === undefined || range.start === 0;
  if (!fromStart) skipRows = 0;
  let header = fromStart;
  const scanner = new CsvByteScanner(
    delimiter,
    (record) => {
      if (record.line <= skipRows) return;
      if (header) {
        header = false;
        return;
      }
      // A line of blanks is no record (as in readRecords).
      if (record.count === 1 && decode(record.bytes, record.start[0], record.end[0], record.quoted[0]).trim() === '') return;
      onRecord(record);
    },
    // The header is split like any record: skipping it needs only its end, found whatever it holds.
    lastColumn,
  );
  const path = input.path;
  const handle = await input.open();
  try {
    let buffer = Buffer.allocUnsafe(chunkBytes * 2);
    const start = range?.start ?? 0;
    let end = range?.end ?? Infinity;
    let until = range?.until;
    let position = start;
    let held = 0;
    let first = true;
    for (;;) {
      if (until && position >= end) {
        end = await until;
        until = undefined;
      }
      if (held === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, held);
        buffer = bigger;
      }
      const want = Math.min(buffer.length - held, end - position);
      const n = want > 0 ? await handle.read(buffer, held, want, position) : 0;
      position += n;
      const total = held + n;
      const final = n === 0 || (position >= end && !until);
      let from = 0;
      if (first && fromStart && (encoding === 'utf-8' || encoding === 'utf-8-bom') && total >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) from = 3;
      first = false;
      const consumed = scanner.scan(buffer, from, total, final);
      onProgress?.(position - start);
      if (final) break;
      buffer.copyWithin(0, consumed, total);
      held = total - consumed;
    }
    return scanner.lines;
  } catch (err) {
    throw toDataError(path, err);
  } finally {
    await handle.close();
  }
}

/** Bytes to text, keeping a multi-byte character cut at a chunk boundary for the next chunk; a BOM is dropped. */
function textDecoder(encoding: Encoding): (bytes: Uint8Array, last: boolean) => string {
  if (encoding === 'windows-1252' || isCodePage(encoding)) {
    const singleByte = encoding === 'windows-1252' ? decodeWindows1252 : codePageDecoder(encoding);
    let first = true;
    return (bytes) => {
      const text = singleByte(bytes);
      if (first && text.length) {
        first = false;
        return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      }
      return text;
    };
  }
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') return utf8Decoder();
  const decoder = new TextDecoder(encoding);
  return (bytes, last) => (last ? decoder.decode() : decoder.decode(bytes, { stream: true }));
}

/**
 * UTF-8 chunks to text. A chunk with bytes that are not UTF-8 (past the sniffed sample, or under a configured
 * encoding) is decoded with each such byte escaped (decode.ts), so the cells that hold one become bad values
 * instead of text with U+FFFD in it; `escaped` tells the reader to look for them.
 */
export function utf8Decoder(): ((bytes: Uint8Array, last: boolean) => string) & { escaped: boolean } {
  let pending: Uint8Array = new Uint8Array(0);
  let first = true;
  const decode = (bytes: Uint8Array, last: boolean): string => {
    const all = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    const cut = last ? all.length : completeUtf8(all);
    pending = cut === all.length ? new Uint8Array(0) : Uint8Array.from(all.subarray(cut));
    const part = all.subarray(0, cut);
    let text = Buffer.from(part.buffer, part.byteOffset, part.length).toString('utf8');
    if (text.includes('\ufffd') && !isUtf8(part)) {
      text = decodeUtf8Escaped(part);
      decode.escaped = true;
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  };
  decode.escaped = false;
  return decode;
}

/** A cell with bytes that were not UTF-8: a bad value, shown as a UTF-8 decoder shows it. */
function escapedCell(cell: string): Cell {
  return { error: unescapeBytes(cell), message: INVALID_UTF8 };
}

function toDataError(path: string, err: unknown): Error {
  if (err instanceof CsvSyntaxError) return new DataError(`${displayPath(path)}:${err.line}: cannot parse CSV: ${err.message}`, [], { code: 'KPI_CSV_SYNTAX', file: displayPath(path), line: err.line });
  if (err instanceof DataError) return err;
  return unreadable(path, err);
}
