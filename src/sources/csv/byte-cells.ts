// Cells read straight from a file's bytes. The common cell (a plain number, an ISO or dotted date, a text seen
// recently) is read without making a string; every other cell is decoded and read by the column's own parser, so
// the result is always what that parser gives the decoded text (test/sources/byte-cells.test.ts checks this).
import type { Encoding } from '../../config/project.js';
import type { ColumnFormat, ParsedCell } from '../column-format.js';
import type { ByteRecord } from './csv-bytes.js';
import { isUtf8 } from 'node:buffer';
import { decodeWindows1252, INVALID_UTF8 } from '../decode.js';
import { codePageDecoder, isCodePage } from '../code-pages.js';
import { wallClock } from '../parse-date.js';
import { InternalError } from '../../errors.js';
import { generate } from '../../util/codegen.js';

/** The text of `bytes[start, end)`; `quoted` 2 means doubled quotes are still to be undone. */
export type ByteDecoder = (bytes: Uint8Array, start: number, end: number, quoted: number) => string;

/** Reads one cell from the bytes of a field (see ByteRecord for `quoted`). */
export type ByteCellParser = (bytes: Uint8Array, start: number, end: number, quoted: number) => ParsedCell;

/** Node's Buffer slices without toString's argument checks (undocumented in its types, stable since Node 0.x). */
interface SlicingBuffer {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}

/** Decoders for the encodings whose delimiters, quotes and line breaks are single ASCII bytes. */
export function byteDecoder(encoding: Encoding): ByteDecoder | undefined {
  let decode: (bytes: Uint8Array, start: number, end: number) => string;
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
    // Invalid sequences become U+FFFD as in a whole-file decode: ASCII bytes never belong to a sequence.
    decode = (bytes, start, end) => (bytes as unknown as SlicingBuffer).utf8Slice(start, end);
  } else if (encoding === 'windows-1252' || isCodePage(encoding)) {
    // Single-byte encodings, ASCII below 0x80 (a code page must be loaded first: see code-pages.ts).
    const singleByte = encoding === 'windows-1252' ? decodeWindows1252 : codePageDecoder(encoding);
    decode = (bytes, start, end) => {
      for (let i = start; i < end; i++) if (bytes[i] >= 0x80) return singleByte(bytes.subarray(start, end));
      return (bytes as unknown as SlicingBuffer).latin1Slice(start, end);
    };
  } else {
    return undefined;
  }
  const byteDecode: ByteDecoder = (bytes, start, end, quoted) => {
    const text = decode(bytes, start, end);
    return quoted === 2 ? text.replaceAll('""', '"') : text;
  };
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') UTF8_DECODERS.add(byteDecode);
  return byteDecode;
}

/** The decoders that read UTF-8 (whose cells may hold bytes that are not). */
const UTF8_DECODERS = new WeakSet<ByteDecoder>();

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** The parser of one column over bytes: its fast path where the format allows one, else decode and `parse`. */
export function byteCellParser(format: ColumnFormat, decode: ByteDecoder): ByteCellParser {
  // A UTF-8 cell with bytes that are not UTF-8 is a bad value, as the text reader makes it (csv-reader.ts): only a
  // decoded U+FFFD can mean one, and the bytes tell whether the file wrote U+FFFD itself.
  const slow: ByteCellParser = UTF8_DECODERS.has(decode)
    ? (bytes, start, end, quoted) => {
        const text = decode(bytes, start, end, quoted);
        if (text.includes('\ufffd') && !isUtf8(bytes.subarray(start, end))) return format.parse({ error: text, message: INVALID_UTF8 });
        return format.parse(text);
      }
    : (bytes, start, end, quoted) => format.parse(decode(bytes, start, end, quoted));
  const fast = format.fast;
  if (!fast) return slow;
  // With no decimal mark decided, only plain integers are read from the bytes: `1.500` is for `parse` to judge.
  if (fast.type === 'number') return plainNumber(fast.decimal === ',' ? 44 : fast.decimal === '.' ? 46 : -1, slow);
  if (fast.type === 'date') return plainDate(fast.order === 'mdy', slow);
  return cachedText(slow);
}

/**
 * Optional '-', digits and at most one decimal mark, as parse-number.ts's plainNumber reads them: the value is
 * the exact digits over an exact power of ten. An empty cell is no value; anything else goes to the full parser.
 */
function plainNumber(mark: number, slow: ByteCellParser): ByteCellParser {
  return (bytes, start, end, quoted) => {
    const n = end - start;
    if (n === 0) return null;
    // 15 characters keep the digits below 2^53, where integer arithmetic on doubles is exact.
    if (n > 15 || quoted === 2) return slow(bytes, start, end, quoted);
    const negative = bytes[start] === 45; /* - */
    let i = negative ? start + 1 : start;
    if (i === end) return slow(bytes, start, end, quoted);
    let markAt = -1;
    let digits = 0;
    for (; i < end; i++) {
      const c = bytes[i];
      if (c >= 48 && c <= 57) {
        digits = digits * 10 + (c - 48);
        continue;
      }
      if (c !== mark || markAt >= 0) return slow(bytes, start, end, quoted);
      markAt = i;
    }
    if (markAt === end - 1 || markAt === start || (negative && markAt === start + 1)) return slow(bytes, start, end, quoted);
    const value = markAt < 0 ? digits : digits / POWERS_OF_TEN[end - markAt - 1];
    return negative ? -value : value;
  };
}

/** `yyyy-MM-dd` and dotted `d.M.yyyy` (day first, or month first when the column is month-first), no time. */
function plainDate(monthFirst: boolean, slow: ByteCellParser): ByteCellParser {
  return (bytes, start, end, quoted) => {
    const n = end - start;
    if (n === 0) return null;
    if (quoted === 2) return slow(bytes, start, end, quoted);
    let v: number | undefined;
    if (n === 10 && bytes[start + 4] === 45 && bytes[start + 7] === 45) {
      const y = num(bytes, start, start + 4);
      const mo = num(bytes, start + 5, start + 7);
      const d = num(bytes, start + 8, start + 10);
      if (y >= 0 && mo >= 0 && d >= 0) v = wallClock(y, mo, d);
    } else if (n >= 8 && n <= 10 && bytes[end - 5] === 46) {
      const dot = bytes[start + 1] === 46 ? start + 1 : bytes[start + 2] === 46 ? start + 2 : -1;
      if (dot > start && end - 5 - dot >= 2 && end - 5 - dot <= 3) {
        const a = num(bytes, start, dot);
        const b = num(bytes, dot + 1, end - 5);
        const y = num(bytes, end - 4, end);
        if (a >= 0 && b >= 0 && y >= 0) v = monthFirst ? wallClock(y, a, b) : wallClock(y, b, a);
      }
    }
    return v === undefined ? slow(bytes, start, end, quoted) : v;
  };
}

/** The number written by the digits bytes[from, to), or -1 if any is not a digit. */
function num(bytes: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const CACHE_SLOTS = 4096;
const CACHE_KEY_BYTES = 32;
/** Lookups after which a cache that rarely hits is switched off. */
const CACHE_TRIAL = 8192;

/**
 * Text cells through a direct-mapped cache of recent values: a column of product names or statuses is decoded
 * once, not on every row. Bounded: 4096 keys of up to 32 bytes. A column of mostly unique values (order or
 * customer ids) gains nothing from it and would keep thousands of strings alive long enough to reach the old
 * generation, so there the cache is switched off after a trial; a value repeated on the next row (the lines of
 * one order) is still read once.
 */
function cachedText(slow: ByteCellParser): ByteCellParser {
  const keys = new Uint8Array(CACHE_SLOTS * CACHE_KEY_BYTES);
  const lengths = new Int16Array(CACHE_SLOTS).fill(-1);
  const values: ParsedCell[] = new Array(CACHE_SLOTS).fill(null);
  const lastKey = new Uint8Array(CACHE_KEY_BYTES);
  let lastLength = -1;
  let lastValue: ParsedCell = null;
  let caching = true;
  let lookups = 0;
  let hits = 0;
  return (bytes, start, end, quoted) => {
    const n = end - start;
    if (n === 0) return null;
    if (n > CACHE_KEY_BYTES || quoted === 2) return slow(bytes, start, end, quoted);
    if (n === lastLength) {
      let i = 0;
      while (i < n && lastKey[i] === bytes[start + i]) i++;
      if (i === n) return lastValue;
    }
    let value: ParsedCell;
    if (caching) {
      let h = 0x811c9dc5;
      for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
      const slot = (h ^ (h >>> 15)) & (CACHE_SLOTS - 1);
      const base = slot * CACHE_KEY_BYTES;
      let same = lengths[slot] === n;
      for (let i = 0; same && i < n; i++) same = keys[base + i] === bytes[start + i];
      if (same) {
        hits++;
        value = values[slot];
      } else {
        value = slow(bytes, start, end, quoted);
        for (let i = 0; i < n; i++) keys[base + i] = bytes[start + i];
        lengths[slot] = n;
        values[slot] = value;
      }
      if (++lookups === CACHE_TRIAL && hits * 2 < lookups) {
        caching = false;
        values.fill(null);
      }
    } else {
      value = slow(bytes, start, end, quoted);
    }
    for (let i = 0; i < n; i++) lastKey[i] = bytes[start + i];
    lastLength = n;
    lastValue = value;
    return value;
  };
}

/** An unreadable cell of a record: which of the requested columns, and why. */
export interface BadCell {
  i: number;
  error: string;
}

/** Parsed cells: numbers and dates in `num` (NaN: empty), text in `text` (null: empty). */
export interface ParsedRow {
  num: Float64Array;
  text: (string | null)[];
}

/**
 * Reads the requested columns of a byte record into `out`; returns its unreadable cells, if any (each stored as
 * empty: the engine leaves the row out of the aggregates that read them, and only those).
 */
export type RecordParser = (record: ByteRecord, out: ParsedRow) => BadCell[] | undefined;

/**
 * A record parser generated for a list of columns (`columns[i] < 0`: not in the file, read as empty), one line per
 * column, so each cell parser is called from a call site of its own and inlined (a loop over the parsers made that
 * call megamorphic). Every requested cell is read, bad ones too: no cell's value depends on another's.
 */
export function compileRecordParser(columns: readonly number[], parsers: readonly ByteCellParser[], isText: readonly boolean[]): RecordParser {
  const lines = columns.map((col, i) => {
    if (!Number.isInteger(col)) throw new InternalError('column index must be an integer');
    const store = isText[i] ? `out.text[${i}] = v;` : `out.num[${i}] = v === null ? NaN : v;`;
    if (col < 0) return isText[i] ? `out.text[${i}] = null;` : `out.num[${i}] = NaN;`;
    return (
      `v = count > ${col} ? p${i}(bytes, start[${col}], end[${col}], quoted[${col}]) : null;\n` +
      `  if (v !== null && typeof v === 'object') { (bad ??= []).push({ i: ${i}, error: v.error }); v = null; }\n` +
      `  ${store}`
    );
  });
  const factory = generate<RecordParser>(
    'parseRecord',
    parsers.map((_, i) => `p${i}`),
    `return function parseRecord(record, out) {\n  const { bytes, start, end, quoted, count } = record;\n  let v;\n  let bad;\n  ${lines.join('\n  ')}\n  return bad;\n};`,
  );
  return factory(...parsers);
}
