// The CSV reader's typed rows, read from bytes: the common cell (a plain number, an ISO date, a text seen
// recently) becomes a value without a string being made (byte-cells.ts). A record that could be a total, subtotal
// or footer row (total-rows.ts) is decoded and decided where it stands.
import type { ByteRange, Cell, BadCell, ReadRows, RecordTable } from '../table.js';
import type { ByteRecord } from './csv-bytes.js';
import { byteCellParser, compileRecordParser, type ByteDecoder } from './byte-cells.js';
import { cellText, readCells, readPlan } from '../typed-rows.js';
import { numberSlots, TOTAL_FINALS, TOTAL_INITIALS, TotalRows, totalCandidate, type TotalCandidate } from '../total-rows.js';

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
    // Every column: a total row's label may stand in any of them (`;;;Sum;17 000,00`), and a footer line is told by
    // its other cells being empty.
    const allColumns = table.headers.map((_, i) => i);
    const totals = new TotalRows(numberSlots(request), request.columns.length);
    let record: ByteRecord;
    const written = (slot: number) => {
      const col = columnOf[slot];
      return col < 0 || col >= record.count ? '' : decode(record.bytes, record.start[col], record.end[col], record.quoted[col]);
    };
    let candidateCells: readonly Cell[] = [];
    const writtenCandidate = (slot: number) => cellText(columnOf[slot] < 0 ? undefined : candidateCells[columnOf[slot]]);
    const lines = await records.eachRecord(
      (rec) => {
        record = rec;
        const candidate = mayBeTotalRow(rec, periodColumn, decode);
        if (candidate) {
          candidateCells = candidate.cells;
          const bad = readCells(plan, header, candidate.cells, into, label, rec.line);
          if (totals.decide(candidate.total, rec.line, into.num)) return;
          totals.add(into.num);
          onRow(rec.line, bad, rec.fields, writtenCandidate);
          return;
        }
        const bad = parseRecord(rec, into);
        totals.add(into.num);
        onRow(rec.line, bad && located(bad, header, label, rec.line, written), rec.fields, written);
      },
      Math.max(0, ...allColumns),
      options.onProgress,
      options.range,
    );
    const seen = totals.seen;
    return { lines, totalRow: seen.find((t) => t.sure && t.kind !== 'footer')?.line, ...(seen.length ? { totalRows: seen } : {}) };
  };
}

/** The record parser's bad cells (slot and reason), with where they are and what they say. */
function located(bad: readonly { i: number; error: string }[], header: readonly string[], file: string, line: number, written: (slot: number) => string): BadCell[] {
  return bad.map(({ i, error }) => ({ slot: i, file, line, column: header[i], value: written(i), reason: error }));
}

/**
 * Could this record be a total, subtotal or footer row (total-rows.ts)? Decided from bytes for the common record,
 * whose date cell starts with a digit or whose first filled cell cannot start a label; decoded otherwise.
 */
function mayBeTotalRow(rec: ByteRecord, periodColumn: number, decode: ByteDecoder): { total: TotalCandidate; cells: Cell[] } | undefined {
  if (periodColumn >= 0 && periodColumn < rec.count) {
    const b = firstNonBlank(rec.bytes, rec.start[periodColumn], rec.end[periodColumn]);
    if (b >= 48 && b <= 57) return undefined; // a date
  }
  for (let col = 0; col < rec.count; col++) {
    const b = firstNonBlank(rec.bytes, rec.start[col], rec.end[col]);
    if (b === -1) continue;
    // A label starts with a total or footer word (`Sum …`) or ends with a total word (`Kari Totalt`).
    const z = lastNonBlank(rec.bytes, rec.start[col], rec.end[col]);
    if (b < 0x80 && !TOTAL_INITIALS.has(b) && z < 0x80 && !TOTAL_FINALS.has(z)) return undefined;
    break;
  }
  const cells = cellsOf(rec, decode);
  const total = totalCandidate(cells, periodColumn);
  return total && { total, cells };
}

/** The first byte of a field that is not ASCII white space, or -1 when it is all white space. */
function firstNonBlank(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== 32 && (b < 9 || b > 13)) return b;
  }
  return -1;
}

/** The last byte of a field that is not ASCII white space, or -1 when it is all white space. */
function lastNonBlank(bytes: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) {
    const b = bytes[i];
    if (b !== 32 && (b < 9 || b > 13)) return b;
  }
  return -1;
}

/** The cells of a byte record as text, as the text reader gives them. */
function cellsOf(rec: ByteRecord, decode: ByteDecoder): Cell[] {
  const cells: Cell[] = [];
  for (let col = 0; col < rec.count; col++) cells[col] = decode(rec.bytes, rec.start[col], rec.end[col], rec.quoted[col]);
  return cells;
}
