// The CSV reader's typed rows, read from bytes: the common cell (a plain number, an ISO date, a text seen
// recently) becomes a value without a string being made (byte-cells.ts). A record that could be a trailing total
// row is decoded and waits for the next; only the file's last record can be one.
import type { ByteRange, Cell, BadCell, ReadRows, RecordTable } from '../table.js';
import type { ByteRecord } from './csv-bytes.js';
import { byteCellParser, compileRecordParser, type ByteDecoder } from './byte-cells.js';
import { cellText, readCells, readPlan } from '../typed-rows.js';
import { isUndatedTotalRow, TOTAL_INITIALS, TOTAL_ROW_COLUMNS } from '../total-rows.js';

/** The byte records of a CSV: see ByteRecord. Resolves with the number of lines read. */
export interface ByteRecords {
  decode: ByteDecoder;
  eachRecord(onRecord: (record: ByteRecord) => void, lastColumn: number, onProgress?: (bytesRead: number) => void, range?: ByteRange): Promise<number>;
}

export function rowsOfBytes(table: RecordTable, records: ByteRecords): ReadRows {
  const { decode } = records;
  return async (request, into, onRow, options = {}) => {
    const plan = readPlan(table, request);
    const { columnOf, formats, isText, periodColumn } = plan;
    const header = request.columns.map((c) => c.header);
    const label = table.label;
    const parsers = formats.map((f) => byteCellParser(f, decode));
    const parseRecord = compileRecordParser(columnOf, parsers, isText);
    // The first columns too: a trailing total row says so in one of them.
    const firstColumns = [...new Set([...columnOf, ...TOTAL_ROW_COLUMNS].filter((c) => c >= 0))].sort((a, b) => a - b);
    let record: ByteRecord;
    const written = (slot: number) => {
      const col = columnOf[slot];
      return col < 0 || col >= record.count ? '' : decode(record.bytes, record.start[col], record.end[col], record.quoted[col]);
    };
    // A held record (one that could be a total row) is kept as text: the buffer its bytes were in is reused.
    let held: { cells: Cell[]; line: number; fields: number } | undefined;
    let heldCells: readonly Cell[] = [];
    const writtenHeld = (slot: number) => cellText(columnOf[slot] < 0 ? undefined : heldCells[columnOf[slot]]);
    const release = (h: { cells: Cell[]; line: number; fields: number }) => {
      heldCells = h.cells;
      onRow(h.line, readCells(plan, header, h.cells, into, label, h.line), h.fields, writtenHeld);
    };
    const lines = await records.eachRecord(
      (rec) => {
        record = rec;
        if (held) {
          release(held);
          held = undefined;
        }
        if (mayBeTotalRow(rec, firstColumns, periodColumn, decode)) {
          held = { cells: cellsOf(rec, firstColumns, decode), line: rec.line, fields: rec.fields };
          return;
        }
        const bad = parseRecord(rec, into);
        onRow(rec.line, bad && located(bad, header, label, rec.line, written), rec.fields, written);
      },
      Math.max(...firstColumns),
      options.onProgress,
      options.range,
    );
    let totalRow: number | undefined;
    if (held) {
      if ((options.last ?? true) && isUndatedTotalRow(held.cells, periodColumn)) totalRow = held.line;
      else release(held);
    }
    return { lines, totalRow };
  };
}

/** The record parser's bad cells (slot and reason), with where they are and what they say. */
function located(bad: readonly { i: number; error: string }[], header: readonly string[], file: string, line: number, written: (slot: number) => string): BadCell[] {
  return bad.map(({ i, error }) => ({ slot: i, file, line, column: header[i], value: written(i), reason: error }));
}

/**
 * Could this record be a trailing total row (see isTotalRow)? Decided from bytes for the common record, whose
 * date cell starts with a digit or whose first filled cell cannot start a total word; decoded otherwise.
 */
function mayBeTotalRow(rec: ByteRecord, columns: readonly number[], periodColumn: number, decode: ByteDecoder): boolean {
  if (periodColumn >= 0 && periodColumn < rec.count) {
    const b = firstNonBlank(rec.bytes, rec.start[periodColumn], rec.end[periodColumn]);
    if (b >= 48 && b <= 57) return false; // a date
  }
  for (const col of columns) {
    if (col >= rec.count) break;
    const b = firstNonBlank(rec.bytes, rec.start[col], rec.end[col]);
    if (b === -1) continue;
    if (b < 0x80 && !TOTAL_INITIALS.has(b)) return false;
    break;
  }
  return isUndatedTotalRow(cellsOf(rec, columns, decode), periodColumn);
}

/** The first byte of a field that is not ASCII white space, or -1 when it is all white space. */
function firstNonBlank(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== 32 && (b < 9 || b > 13)) return b;
  }
  return -1;
}

/** The cells of a byte record as text, for the columns asked (others undefined), as the text reader gives them. */
function cellsOf(rec: ByteRecord, columns: readonly number[], decode: ByteDecoder): Cell[] {
  const cells: Cell[] = [];
  for (const col of columns) if (col < rec.count) cells[col] = decode(rec.bytes, rec.start[col], rec.end[col], rec.quoted[col]);
  return cells;
}
