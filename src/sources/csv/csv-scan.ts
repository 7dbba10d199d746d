// The CSV hot path: a hand-written scanner over decoded text chunks that slices only the columns a plan needs.
// csv-parse stays the reference: test/sources/csv-scan.test.ts checks this scanner yields exactly its records.
import { InternalError } from '../../errors.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** A record's cells (undefined where not sliced), the line it starts on, and how many fields it has in all. */
export type RecordSink = (cells: (string | undefined)[], line: number, fields: number) => void;

/**
 * Splits text into records (RFC 4180: quoted fields with doubled quotes, delimiters and line breaks inside;
 * records end at LF, CR LF or CR; empty lines are skipped; rows may be ragged). `wanted[i]` false skips the
 * slicing of column i (its cell stays undefined). Text arrives in chunks; a record cut by a chunk boundary waits
 * for the next one. Lines are counted as an editor counts them; `line` is where the record starts.
 */
export class CsvScanner {
  private carry = '';
  private line = 1;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly sink: RecordSink,
    private readonly wanted?: readonly boolean[],
  ) {
    if (delimiter.length !== 1) throw new InternalError('delimiter must be one character');
    this.delim = delimiter.charCodeAt(0);
  }

  /** Lines read so far (the last one counted even without a final line break). */
  get lines(): number {
    return this.line - 1 + (this.carry === '' ? 0 : 1);
  }

  push(chunk: string): void {
    const text = this.carry === '' ? chunk : this.carry + chunk;
    const consumed = this.scan(text, false);
    this.carry = consumed < text.length ? text.slice(consumed) : '';
  }

  end(): void {
    if (this.carry !== '') {
      this.scan(this.carry, true);
      this.carry = '';
    }
  }

  /** Scans whole records from `text`; returns how many characters were consumed. */
  private scan(text: string, final: boolean): number {
    const n = text.length;
    const delim = this.delim;
    const delimChar = String.fromCharCode(delim);
    const wanted = this.wanted;
    const lastWanted = wanted === undefined ? Infinity : wanted.length - 1;
    // Where the next quote and the next CR are (-2: not looked up yet): a line with neither takes the fast path.
    // Looking them up lazily from the first record matters: searching the fresh chunk up front was 20× slower.
    let nextQuote = -2;
    let nextCr = -2;
    let pos = 0;
    while (pos < n) {
      const recordStart = pos;
      const startLine = this.line;
      let c = text.charCodeAt(pos);
      if (c !== LF && c !== CR) {
        const lineEnd = text.indexOf('\n', pos);
        if (nextQuote === -2 || (nextQuote >= 0 && nextQuote < pos)) nextQuote = text.indexOf('"', pos);
        if (nextCr === -2 || (nextCr >= 0 && nextCr < pos)) nextCr = text.indexOf('\r', pos);
        if (lineEnd >= 0 && (nextQuote < 0 || nextQuote > lineEnd) && (nextCr < 0 || nextCr >= lineEnd - 1)) {
          // Fast path: no quote in the line, and at most the CR of a CR LF: fields are what lies between delimiters.
          const end = nextCr === lineEnd - 1 ? lineEnd - 1 : lineEnd;
          const cells: (string | undefined)[] = [];
          let from = pos;
          let fields = 0;
          for (let col = 0; ; col++) {
            if (col > lastWanted) {
              // Columns past the last one wanted are not split, only counted: the record is known to have more.
              cells[col] = undefined;
              fields = col + 1;
              for (let d = text.indexOf(delimChar, from); d >= 0 && d < end; d = text.indexOf(delimChar, d + 1)) fields++;
              break;
            }
            let to = text.indexOf(delimChar, from);
            if (to < 0 || to > end) to = end;
            cells[col] = wanted === undefined || wanted[col] ? text.slice(from, to) : undefined;
            if (to >= end) {
              fields = col + 1;
              break;
            }
            from = to + 1;
          }
          pos = lineEnd + 1;
          this.line = startLine + 1;
          this.sink(cells, startLine, fields);
          continue;
        }
      }
      // Empty lines (and a lone CR LF) are not records.
      if (c === LF || c === CR) {
        pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        if (c === CR && pos === n && !final) return recordStart; // the LF may follow in the next chunk
        this.line++;
        continue;
      }
      const cells: (string | undefined)[] = [];
      let col = 0;
      let extraLines = 0;
      let complete = false;
      for (;;) {
        if (pos < n && text.charCodeAt(pos) === QUOTE) {
          // Quoted field: runs to a quote not followed by a quote.
          let value = '';
          let from = pos + 1;
          let i = from;
          let closed = false;
          while (i < n) {
            const q = text.indexOf('"', i);
            if (q < 0) {
              i = n;
              break;
            }
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(from, q + 1);
              i = from = q + 2;
              continue;
            }
            if (q + 1 === n && !final) {
              i = n; // cannot tell yet whether a second quote follows
              break;
            }
            value += text.slice(from, q);
            i = q + 1;
            closed = true;
            break;
          }
          if (!closed) {
            if (!final) return recordStart;
            throw new CsvSyntaxError('a quoted field is not closed before the end of the file', startLine);
          }
          for (let k = 0; k < value.length; k++) {
            const ch = value.charCodeAt(k);
            if (ch === LF) extraLines++;
            else if (ch === CR && value.charCodeAt(k + 1) !== LF) extraLines++;
          }
          if (wanted === undefined || wanted[col]) cells[col] = value;
          else cells[col] = undefined;
          pos = i;
          if (pos >= n) {
            if (!final) return recordStart;
            complete = true;
            break;
          }
          c = text.charCodeAt(pos);
          if (c === delim) {
            pos++;
            col++;
            continue;
          }
          if (c === LF || c === CR) {
            if (c === CR && pos + 1 === n && !final) return recordStart;
            pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
            complete = true;
            break;
          }
          throw new CsvSyntaxError(`unexpected text after a closing quote in column ${col + 1}`, startLine + extraLines);
        }
        // Unquoted field: up to the next delimiter or line end.
        let i = pos;
        while (i < n) {
          c = text.charCodeAt(i);
          if (c === delim || c === LF || c === CR) break;
          if (c === QUOTE) throw new CsvSyntaxError(`a quote inside an unquoted field in column ${col + 1}; quote the whole field`, startLine + extraLines);
          i++;
        }
        if (i >= n && !final) return recordStart;
        if (wanted === undefined || wanted[col]) cells[col] = text.slice(pos, i);
        else cells[col] = undefined;
        if (i >= n) {
          pos = n;
          complete = true;
          break;
        }
        if (c === delim) {
          pos = i + 1;
          col++;
          if (pos >= n) {
            if (!final) return recordStart;
            cells[col] = wanted === undefined || wanted[col] ? '' : undefined;
            complete = true;
            break;
          }
          continue;
        }
        if (c === CR && i + 1 === n && !final) return recordStart;
        pos = i + (c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1);
        complete = true;
        break;
      }
      if (complete) {
        this.line = startLine + extraLines + 1;
        this.sink(cells, startLine, col + 1);
      }
    }
    return pos;
  }
}
