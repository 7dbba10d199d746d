// Typed rows from records of cells: each requested column read by its column's format (formats.ts), every cell
// that is not a value located. Any reader that streams cells (XLSX, the CSV text path, readers to come) gets the
// Table's `rows` from here; a reader may read values itself where it can do better (CSV from bytes).
import { columnFormats } from './formats.js';
import type { ColumnFormat } from './column-format.js';
import { isUndatedTotalRow, TOTAL_ROW_COLUMNS } from './total-rows.js';
import type { BadCell, Cell, ReadRows, RecordTable, RowRequest, TypedRow } from './table.js';

/** How each requested column of a table is read: its position in the file (-1: none) and its format. */
export interface ReadPlan {
  columnOf: number[];
  formats: ColumnFormat[];
  isText: boolean[];
  /** The period column's position in the file, or -1. */
  periodColumn: number;
}

/** Decides, for one table, where each requested column is and how its values are written. */
export function readPlan(table: RecordTable, request: RowRequest): ReadPlan {
  const columnOf = request.columns.map((c) => table.headers.indexOf(c.header));
  const formats = columnFormats(table, request.source, request.settings, request.columns);
  const isText = request.columns.map((c) => c.type === 'text');
  const periodColumn = request.period === undefined ? -1 : columnOf[request.period];
  return { columnOf, formats, isText, periodColumn };
}

/** The text of a cell as written, for messages. */
export function cellText(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  return cell.error;
}

/**
 * Reads the requested columns of a record of cells into `into` (an unreadable cell as empty); returns the
 * unreadable ones, located.
 */
export function readCells(plan: ReadPlan, header: readonly string[], cells: readonly Cell[], into: TypedRow, file: string, line: number): BadCell[] | undefined {
  const { columnOf, formats, isText } = plan;
  let bad: BadCell[] | undefined;
  for (let i = 0; i < columnOf.length; i++) {
    const col = columnOf[i];
    let v = formats[i].parse(col < 0 ? undefined : cells[col]);
    if (v !== null && typeof v === 'object') {
      (bad ??= []).push({ slot: i, file, line, column: header[i], value: cellText(col < 0 ? undefined : cells[col]), reason: v.error });
      v = null;
    }
    if (isText[i]) into.text[i] = v as string | null;
    else into.num[i] = v === null ? NaN : (v as number);
  }
  return bad;
}

/**
 * The Table's `rows` over its `eachRecord`. With `totalRows`, each record waits for the next (the last one of the
 * file may be a sum line, left out and reported); without, records are read as they come.
 */
export function rowsOfCells(table: RecordTable, options: { totalRows: boolean }): ReadRows {
  return async (request, into, onRow, rowsOptions = {}) => {
    const plan = readPlan(table, request);
    const { columnOf } = plan;
    const header = request.columns.map((c) => c.header);
    const label = table.label;
    let current: readonly Cell[] = [];
    const written = (slot: number) => cellText(columnOf[slot] < 0 ? undefined : current[columnOf[slot]]);
    const emit = (cells: readonly Cell[], line: number, fields: number | undefined) => {
      current = cells;
      onRow(line, readCells(plan, header, cells, into, label, line), fields, written);
    };
    let held: { cells: Cell[]; line: number; fields: number | undefined } | undefined;
    const onRecord = options.totalRows
      ? (cells: Cell[], line: number, fields?: number) => {
          if (held) emit(held.cells, held.line, held.fields);
          held = { cells, line, fields };
        }
      : (cells: Cell[], line: number, fields?: number) => emit(cells, line, fields);
    // The first columns too: a trailing total row says so in one of them.
    const wanted = options.totalRows ? [...columnOf, ...TOTAL_ROW_COLUMNS] : columnOf;
    const read = await table.eachRecord(onRecord, rowsOptions.onProgress, wanted, rowsOptions.range);
    let totalRow: number | undefined;
    if (held) {
      if ((rowsOptions.last ?? true) && isUndatedTotalRow(held.cells, plan.periodColumn)) totalRow = held.line;
      else emit(held.cells, held.line, held.fields);
    }
    return { lines: typeof read === 'number' ? read : undefined, totalRow };
  };
}
