// The Table contract: what every reader (CSV, gzip-compressed CSV, Excel …) hands the engine once it has opened a
// file: its columns, the settings it decided, a sample, and a stream of typed rows (numbers, dates, text, read as
// the plan asks) with every cell that could not be read located. It imports only the shared vocabulary: the
// engine reads tables through this file alone, never through a reader's own modules, so a new reader is one
// folder plus one entry in readers.ts.
import type { DurationUnit, FieldType, Scale } from '../model/vocabulary.js';

/** How a row was told a total row (total-rows.ts): its label is a total word, names what it totals, or is a footer line. */
export type TotalLabel = 'total' | 'subtotal' | 'footer';

/** A row left out as a total row, or read as data because kpi is not sure it is one (`sure` false). */
export interface TotalRowSeen {
  line: number;
  label: string;
  kind: TotalLabel;
  sure: boolean;
}

/**
 * A spreadsheet error cell such as #N/A: always a bad value. A cell the reader could not take at face value (a
 * formula with no stored result, a shared string that does not exist, bytes that are not UTF-8) is one too, with
 * `message` saying why.
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

/** How one column is to be read: one per slot of the plan, in slot order. */
export interface ColumnRequest {
  header: string;
  type: FieldType;
  /** Lower-cased raw value → canonical value (`values:`). */
  values?: ReadonlyMap<string, string>;
  /** Lower-cased raw values that are known but no value (`ignore:`). */
  ignored?: ReadonlySet<string>;
  /** The field's own type when it is read as another (a number field read as text for `is empty`). */
  fieldType?: FieldType;
  /** A number field whose cells are durations (`2h 30m`, `PT2H`), read as hours; `unit` for plain numbers. */
  duration?: { unit?: DurationUnit };
  /** A score's scale: a number outside it is a bad value (see CanonicalField.scale). */
  scale?: Scale;
}

/** What a source sets about its values in kpi.yaml; set, they win over what a column's sample shows. */
export interface ValueSettings {
  decimal?: ',' | '.';
  date_format?: string;
  null_values?: readonly string[];
  /**
   * Not kpi.yaml's: the project's `currency:` (upper case) and whether the source's rows carry a currency column,
   * set by the engine so a currency written in a number cell (`€ 10,00`) is judged against the column's, and `%`
   * against the column's form. Absent where a column holds several quantities (a targets table): neither is judged.
   */
  cellCurrency?: { project?: string; column: boolean };
}

/** A source's settings with the project's currency for its number cells (ValueSettings.cellCurrency). */
export const withCellCurrency = <C extends ValueSettings>(config: C, project: string | undefined, currencyColumn: boolean): C => ({
  ...config,
  cellCurrency: { project, column: currencyColumn },
});

/** What the engine asks a table for: which columns, each as which type. */
export interface RowRequest {
  /** The source's name, for messages (a column whose format no value decides names it). */
  source: string;
  settings: ValueSettings;
  columns: readonly ColumnRequest[];
  /** Which of `columns` is the period: a trailing total row is a record with no date there. */
  period?: number;
}

/**
 * The requested columns of one record, read: numbers and dates (wall-clock ms) in `num`, where NaN is an empty
 * cell, and text in `text`, where null is. Numbers in a typed array are never boxed, so a row allocates nothing.
 */
export interface TypedRow {
  num: Float64Array;
  text: (string | null)[];
}

/**
 * A cell that cannot be read as its column's type, located: its row then holds it as empty. `value` is the cell
 * as written, `reason` says why it is not a value.
 */
export interface BadCell {
  /** Which of the requested columns. */
  slot: number;
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
}

/**
 * Receives each data record read into the caller's row. `bad`: its cells that could not be read; `fields`: how
 * many fields it has when that can differ from the header's width (a CSV row's fields; for a sheet, the column of
 * its last value when beyond the header). `written(slot)`: a requested cell as written, during the callback.
 */
export type OnRow = (line: number, bad: BadCell[] | undefined, fields: number | undefined, written: (slot: number) => string) => void;

export interface RowsOptions {
  onProgress?: (bytesRead: number) => void;
  /** Only with `split`: read just these bytes, which start at a record (`start` 0: with the header). */
  range?: ByteRange;
  /** Whether what is read ends the file (true without a range). */
  last?: boolean;
}

export interface RowsRead {
  /** Lines read (of the range, for a range), when the reader counts lines. */
  lines?: number;
  /** The line of the first total row (a spreadsheet's sum line) left out of the rows, for readers that look for one. */
  totalRow?: number;
  /**
   * Every total, subtotal and footer row seen (total-rows.ts), in order: left out when `sure`, read as data (and in
   * doubt) when not. Absent when none.
   */
  totalRows?: TotalRowSeen[];
}

/**
 * Streams the data records as typed rows into `into`. How a column's values are written (decimal mark, date
 * order) is decided from the sample and the settings; a column no value decides is a ConfigError naming the
 * setting to write, thrown before any row.
 */
export type ReadRows = (request: RowRequest, into: TypedRow, onRow: OnRow, options?: RowsOptions) => Promise<RowsRead>;

/** What a reader opens; `rows` is optional there (see Table). */
export interface RecordTable {
  path: string;
  /**
   * The file is declared in a single-byte encoding (`encoding: windows-1252`) but its first bytes are valid UTF-8
   * with multi-byte letters: `utf8` is a word as UTF-8 reads it, `misread` as the declared encoding does.
   */
  utf8Lookalike?: { declared: string; utf8: string; misread: string };
  /** The reader that opened it: its name in the reader registry (sources/readers.ts), e.g. `csv`, `csv.gz`, `xlsx`. */
  format: string;
  /** How the file is named in messages and reports: the path, plus the sheet for workbooks. */
  label: string;
  /** Where a record is, in messages: `line 17` for CSV, `row 17` for a sheet. */
  lineWord: 'line' | 'row';
  headers: string[];
  /** The header row as written, when it repeats a header (then `headers` names those columns `Name_1`, `Name_2` …). */
  rawHeaders?: string[];
  /** Headers the row repeats, with their columns (0-based). */
  duplicateHeaders?: ReadonlyMap<string, number[]>;
  /** What was configured or sniffed (encoding, delimiter, header row, sheet, compression …), for `kpi validate`/`explain`. */
  settings: Record<string, string | number>;
  /** The first data records (up to a few hundred), for sniffing each column's format. */
  sample: Cell[][];
  /**
   * How the format itself signs a ledger's amounts, when it does (SIE and SAF-T: debit positive, credit negative,
   * so income is negative): then no sample decides it. `sign:` in kpi.yaml still wins.
   */
  signConvention?: { convention: 'credit_negative' | 'costs_negative' | 'as_is'; why: string };
  /** Size in bytes, for progress (of the file as stored: a compressed file's compressed size, or none). */
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
    /** Only with `split`: read just these bytes, which start at a record (`start` 0: with the header). */
    range?: ByteRange,
  ): Promise<number | void>;
  /**
   * Reading in parallel parts, offered by a reader whose file can be cut at record boundaries (a CSV that is a
   * regular file, in an encoding with ASCII line breaks). Where the cuts may fall is the reader's knowledge
   * (quoting): the engine asks for a boundary near a byte and reads `[start, end)` ranges with `rows`.
   * Absent: the table is read once, whole, on one thread (a stream, a compressed file, a workbook).
   */
  split?: {
    /** The first record boundary at or after byte `target`, or the size when there is none. */
    recordStart(target: number): Promise<number>;
  };
  /**
   * Typed rows, when the reader reads values itself (the CSV reader, from bytes; readers whose records can hold a
   * trailing total row, which they leave out). A reader without it gets them from its cells (typed-rows.ts).
   */
  rows?: ReadRows;
  /**
   * A table in a database (sources/database/): a SQL engine computes its aggregates where it lives instead of
   * reading its rows (`eachRecord` still streams them, for `kpi validate`).
   */
  relation?: Relation;
}

/** A database table as a SQL engine sees it: which dialect, the table's name, its columns' types, a connection. */
export interface Relation {
  /** The dialect's name (engine/sql/dialects.ts): `duckdb`. */
  engine: string;
  /** The table and its schema, unquoted (the dialect quotes them). */
  table: string;
  schema?: string;
  /** The FROM item when the source is a query of the user's (`query:`), as a subquery: `(SELECT …) AS kpi_query`. */
  from?: string;
  /** Each column's type as the database's catalog names it (`DECIMAL(18,2)`, `DATE`, `VARCHAR`), by header. */
  types: ReadonlyMap<string, string>;
  /** The column holding a header read as `type`, when not the header itself (a file on DuckDB: by its position). */
  columnOf?(header: string, type: 'text' | 'number' | 'date'): string;
  /**
   * Columns (as `columnOf` names them) of durations kpi has read already, as hours (a CSV on DuckDB: each text
   * read by kpi's own duration parser): taken as they are, with no unit to scale by and no range to check.
   */
  hours?: ReadonlySet<string>;
  /** Runs one query; resolves with its rows as arrays of JS values (bigint, number, string, boolean, arrays, null). */
  query(sql: string): Promise<unknown[][]>;
}

/** An opened table, as the engine reads it: every table streams typed rows. */
export interface Table extends RecordTable {
  rows: ReadRows;
}

/** The name older code uses for a table as a reader opened it (headers, sample, settings). */
export type SourceFile = RecordTable;
