// What every reader (CSV, Excel) hands the engine: headers, the settings it used, a sample, then the records.
import type { ByteDecoder } from './byte-cells.js';
import type { ByteRecord } from './csv-bytes.js';

/**
 * A spreadsheet error cell such as #N/A: always a bad value. A cell the reader could not take at face value (a
 * formula with no stored result, a shared string that does not exist) is one too, with `message` saying why.
 */
export interface CellError {
  error: string;
  message?: string;
}

/** Why a cell error is a bad value, in messages. */
export const cellErrorReason = (cell: CellError): string => cell.message ?? `spreadsheet error ${cell.error}`;

/**
 * A cell as a reader delivers it: text from CSV; from a spreadsheet, text, a number, a date cell as ISO
 * wall-clock text (`2026-10-31T00:00:00`), or an error.
 */
export type Cell = string | number | CellError;

export interface SourceFile {
  path: string;
  format: 'csv' | 'xlsx';
  /** How the file is named in messages and reports: the path, plus the sheet for workbooks. */
  label: string;
  /** Where a record is, in messages: `line 17` for CSV, `row 17` for a sheet. */
  lineWord: 'line' | 'row';
  headers: string[];
  /** The header row as written, when it repeats a header (then `headers` names those columns `Name_1`, `Name_2` …). */
  rawHeaders?: string[];
  /** Headers the row repeats, with their columns (0-based). */
  duplicateHeaders?: ReadonlyMap<string, number[]>;
  /** What was configured or sniffed (encoding, delimiter, header row, sheet …), for `kpi validate`/`explain`. */
  settings: Record<string, string | number>;
  /** The first data records (up to a few hundred), for sniffing each column's format. */
  sample: Cell[][];
  /** Size in bytes, for progress. */
  size?: number;
  /** Throws KPI_FILE_CHANGED when the file at the path is no longer the one opened (size or time changed). */
  unchanged?(): void;
  /** Streams the data records (after the header) to a callback; resolves with the number of lines read. */
  eachRecord(
    /**
     * Each record, with how many fields it has when that can differ from the header's width: a CSV row's fields,
     * or for a sheet the column of its last value when that lies beyond the header (else undefined).
     */
    onRecord: (cells: Cell[], line: number, fields?: number) => void,
    onProgress?: (bytesRead: number) => void,
    /** The columns the caller reads; a reader may leave the others undefined. */
    columns?: readonly number[],
    /** CSV only: read just these bytes, which start at a record (`start` 0: with the header) — for parallel reads. */
    range?: ByteRange,
  ): Promise<number | void>;
  /**
   * The same records as raw bytes, for CSV in an encoding whose delimiters and line breaks are ASCII bytes
   * (UTF-8, Windows-1252): the engine reads cells without making strings. Fields past `lastColumn` may be left
   * unsplit. Resolves with the number of lines read.
   */
  bytes?: {
    decode: ByteDecoder;
    eachRecord(onRecord: (record: ByteRecord) => void, lastColumn: number, onProgress?: (bytesRead: number) => void, range?: ByteRange): Promise<number>;
  };
}

export const isCellError = (cell: Cell | undefined): cell is CellError => typeof cell === 'object' && cell !== null;

/** A slice of a file's bytes that starts at a record boundary; lines in it are counted from 1 unless it starts at 0. */
export interface ByteRange {
  start: number;
  end: number;
  /**
   * When the end is found while the slice is read (by the thread that reads the next one): `end` is where it
   * cannot be before, and reading past it waits for this.
   */
  until?: Promise<number>;
}
