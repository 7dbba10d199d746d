// The CSV hot path over raw bytes: records are found and split without decoding the file into text; a record is
// handed on as byte offsets of its fields, and only the cells a plan reads are ever turned into values.
// This works for every encoding whose delimiter, quote and line-break bytes are ASCII and never occur inside a
// multi-byte character: UTF-8 and Windows-1252 (UTF-16 goes through the text scanner in csv-scan.ts).
// csv-parse stays the reference: test/sources/csv-bytes.test.ts checks this scanner yields exactly its records.
import { CsvSyntaxError } from './csv-scan.js';
import { InternalError } from '../../errors.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Byte classes for the fast path: ordinary bytes are 0, so the inner loop tests one table read. */
const ORDINARY = 0;
const DELIM = 1;
const QUOTED = 2; // a quote: the record takes the exact path
const NEWLINE = 3;
const RETURN = 4; // CR: ends the line when an LF follows (CR LF), else the record takes the exact path

/**
 * One record, valid only during the callback (its bytes live in a buffer the reader reuses). Fields `0 … count-1`
 * are at `start[i] … end[i]` of `bytes`; fields the reader was not asked for may be left unsplit, in which case
 * `count` is one more than the last wanted field (the record is known to have more). A quoted field's offsets are
 * those of its content; `quoted[i]` is 2 when that content holds doubled quotes still to be undone, else 1 for a
 * quoted field and 0 for a plain one.
 */
export interface ByteRecord {
  bytes: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  quoted: Uint8Array;
  count: number;
  /** How many fields the record has, counted also where they are not split (to tell it from the header's width). */
  fields: number;
  /** The line the record starts on, counted as an editor counts lines. */
  line: number;
}

export type ByteRecordSink = (record: ByteRecord) => void;

/**
 * Splits bytes into records (RFC 4180: quoted fields with doubled quotes, delimiters and line breaks inside;
 * records end at LF, CR LF or CR; empty lines are skipped; rows may be ragged), exactly as CsvScanner does over
 * text. `wantedUpTo` is the last field the caller reads: fields after it are not split.
 */
export class CsvByteScanner {
  private line = 1;
  private readonly delim: number;
  private readonly classes = new Uint8Array(256);
  private readonly record: ByteRecord;
  private readonly lastWanted: number;

  constructor(
    delimiter: string,
    private readonly sink: ByteRecordSink,
    wantedUpTo = Infinity,
  ) {
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) throw new InternalError('delimiter must be one ASCII character');
    this.delim = delimiter.charCodeAt(0);
    this.classes[this.delim] = DELIM;
    this.classes[QUOTE] = QUOTED;
    this.classes[CR] = RETURN;
    this.classes[LF] = NEWLINE;
    this.lastWanted = wantedUpTo;
    const width = Number.isFinite(wantedUpTo) ? wantedUpTo + 2 : 64;
    this.record = { bytes: new Uint8Array(0), start: new Int32Array(width), end: new Int32Array(width), quoted: new Uint8Array(width), count: 0, fields: 0, line: 0 };
  }

  /** Lines read so far (after the final scan: the lines of the file or part). */
  get lines(): number {
    return this.line - 1;
  }

  /**
   * Scans whole records from `bytes[from, to)`; returns where the first unfinished record starts (`to` when none).
   * With `final`, the end of the bytes ends the last record.
   */
  scan(bytes: Uint8Array, from: number, to: number, final: boolean): number {
    const rec = this.record;
    rec.bytes = bytes;
    const classes = this.classes;
    const lastWanted = this.lastWanted;
    let pos = from;
    while (pos < to) {
      const recordStart = pos;
      const b = bytes[pos];
      if (b === LF || b === CR) {
        // Empty lines (and a lone CR LF) are not records.
        pos += b === CR && bytes[pos + 1] === LF ? 2 : 1;
        if (b === CR && pos >= to && !final) return recordStart; // the LF may follow in the next chunk
        this.line++;
        continue;
      }
      // Fast path: a line without quotes (a CR only as part of its CR LF); fields lie between delimiters.
      let col = 0;
      let fieldStart = pos;
      let i = pos;
      let fast = false;
      /** Delimiters after the last field split: the fields past it that were only counted. */
      let unsplit = 0;
      for (; i < to; ) {
        // Ordinary bytes in a tight loop of their own: the common case by far.
        let k: number;
        while ((k = classes[bytes[i]]) === ORDINARY && ++i < to);
        if (i >= to) break;
        if (k === DELIM) {
          this.setField(col, fieldStart, i, 0);
          col++;
          fieldStart = ++i;
          if (col > lastWanted) {
            // The rest of the line is not split; it only has to be free of quotes and lone CRs. Its delimiters
            // are counted (a class is 1 for a delimiter, 0 for an ordinary byte): a row wider than its header
            // must be seen.
            let c: number;
            while (i < to && (c = classes[bytes[i]]) < QUOTED) {
              unsplit += c;
              i++;
            }
            rec.start[col] = rec.end[col] = fieldStart;
            rec.quoted[col] = 0;
            if (i >= to) break;
            fast = this.lineEnd(bytes, i, to);
            break;
          }
          continue;
        }
        if (k === QUOTED) break;
        this.setField(col, fieldStart, i, 0);
        fast = this.lineEnd(bytes, i, to);
        break;
      }
      if (fast) {
        rec.count = col + 1;
        rec.fields = col + 1 + unsplit;
        rec.line = this.line++;
        pos = i + (bytes[i] === CR ? 2 : 1);
        this.sink(rec);
        continue;
      }
      const next = this.exact(bytes, recordStart, to, final);
      if (next < 0) return recordStart;
      pos = next;
    }
    return pos;
  }

  /** Is the byte at `i` (LF, CR or a quote) a line end the fast path can take: LF, or CR LF? */
  private lineEnd(bytes: Uint8Array, i: number, to: number): boolean {
    const b = bytes[i];
    return b === LF || (b === CR && i + 1 < to && bytes[i + 1] === LF);
  }

  private setField(col: number, start: number, end: number, quoted: number): void {
    const rec = this.record;
    if (col >= rec.start.length) this.grow(col + 1);
    rec.start[col] = start;
    rec.end[col] = end;
    rec.quoted[col] = quoted;
  }

  private grow(width: number): void {
    const rec = this.record;
    const size = Math.max(width, rec.start.length * 2);
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    const quoted = new Uint8Array(size);
    start.set(rec.start);
    end.set(rec.end);
    quoted.set(rec.quoted);
    rec.start = start;
    rec.end = end;
    rec.quoted = quoted;
  }

  /**
   * The exact path for one record (quotes, CRs, a record cut by the end of the bytes): returns where the next
   * record starts, or -1 when the record is unfinished and more bytes may follow.
   */
  private exact(bytes: Uint8Array, recordStart: number, to: number, final: boolean): number {
    const rec = this.record;
    const delim = this.delim;
    const lastWanted = this.lastWanted;
    const startLine = this.line;
    let pos = recordStart;
    let col = 0;
    let extraLines = 0;
    for (;;) {
      if (pos < to && bytes[pos] === QUOTE) {
        // Quoted field: runs to a quote not followed by a quote.
        const from = pos + 1;
        let i = from;
        let doubled = false;
        let closed = false;
        while (i < to) {
          const c = bytes[i];
          if (c === QUOTE) {
            if (i + 1 < to && bytes[i + 1] === QUOTE) {
              doubled = true;
              i += 2;
              continue;
            }
            if (i + 1 === to && !final) break; // cannot tell yet whether a second quote follows
            closed = true;
            break;
          }
          if (c === LF) extraLines++;
          else if (c === CR && (i + 1 >= to ? final : bytes[i + 1] !== LF)) extraLines++;
          i++;
        }
        if (!closed) {
          if (!final) return -1;
          throw new CsvSyntaxError('a quoted field is not closed before the end of the file', startLine);
        }
        if (col <= lastWanted) this.setField(col, from, i, doubled ? 2 : 1);
        pos = i + 1;
        if (pos >= to) {
          if (!final) return -1;
          rec.count = col + 1;
          break;
        }
        const c = bytes[pos];
        if (c === delim) {
          pos++;
          col++;
          continue;
        }
        if (c === LF || c === CR) {
          if (c === CR && pos + 1 === to && !final) return -1;
          pos += c === CR && bytes[pos + 1] === LF ? 2 : 1;
          rec.count = col + 1;
          break;
        }
        throw new CsvSyntaxError(`unexpected text after a closing quote in column ${col + 1}`, startLine + extraLines);
      }
      // Unquoted field: up to the next delimiter or line end.
      let i = pos;
      let c = 0;
      while (i < to) {
        c = bytes[i];
        if (c === delim || c === LF || c === CR) break;
        if (c === QUOTE) throw new CsvSyntaxError(`a quote inside an unquoted field in column ${col + 1}; quote the whole field`, startLine + extraLines);
        i++;
      }
      if (i >= to && !final) return -1;
      if (col <= lastWanted) this.setField(col, pos, i, 0);
      if (i >= to) {
        pos = to;
        rec.count = col + 1;
        break;
      }
      if (c === delim) {
        pos = i + 1;
        col++;
        if (pos >= to) {
          if (!final) return -1;
          if (col <= lastWanted) this.setField(col, pos, pos, 0);
          rec.count = col + 1;
          break;
        }
        continue;
      }
      if (c === CR && i + 1 === to && !final) return -1;
      pos = i + (c === CR && bytes[i + 1] === LF ? 2 : 1);
      rec.count = col + 1;
      break;
    }
    // Fields past the last wanted one were not recorded: say only that there are more.
    rec.fields = rec.count;
    if (rec.count > lastWanted + 2) rec.count = lastWanted + 2;
    if (rec.count === lastWanted + 2) {
      rec.start[lastWanted + 1] = rec.end[lastWanted + 1] = pos;
      rec.quoted[lastWanted + 1] = 0;
    }
    rec.line = startLine;
    this.line = startLine + extraLines + 1;
    this.sink(rec);
    return pos;
  }
}
