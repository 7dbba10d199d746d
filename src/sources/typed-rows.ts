// Typed rows from records of cells: each requested column read by its column's format (formats.ts), every cell
// that is not a value located. Any reader that streams cells (XLSX, the CSV text path, readers to come) gets the
// Table's `rows` from here; a reader may read values itself where it can do better (CSV from bytes).
import { columnFormats } from './formats.js';
import type { ColumnFormat } from './column-format.js';
import { numberSlots, TotalRows, totalCandidate } from './total-rows.js';
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
 * The Table's `rows` over its `eachRecord`. With `totalRows`, each record is looked at as a total, subtotal or
 * footer row (total-rows.ts) wherever it stands, left out and reported when it is one; without, records are read
 * as they come.
 */
export function rowsOfCells(table: RecordTable, options: { totalRows: boolean }): ReadRows {
  return async (request, into, onRow, rowsOptions = {}) => {
    const plan = readPlan(table, request);
    const { columnOf } = plan;
    const header = request.columns.map((c) => c.header);
    const label = table.label;
    let current: readonly Cell[] = [];
    const written = (slot: number) => cellText(columnOf[slot] < 0 ? undefined : current[columnOf[slot]]);
    const totals = options.totalRows ? new TotalRows(numberSlots(request), request.columns.length) : undefined;
    const onRecord = (cells: Cell[], line: number, fields?: number) => {
      current = cells;
      const bad = readCells(plan, header, cells, into, label, line);
      if (totals) {
        const candidate = totalCandidate(cells, plan.periodColumn);
        if (candidate && totals.decide(candidate, line, into.num)) return;
        totals.add(into.num);
      }
      onRow(line, bad, fields, written);
    };
    // Every column when total rows are looked for: a total row's label may stand in any of them.
    const read = await table.eachRecord(onRecord, rowsOptions.onProgress, totals ? undefined : columnOf, rowsOptions.range);
    const seen = totals?.seen ?? [];
    return { lines: typeof read === 'number' ? read : undefined, totalRow: seen.find((t) => t.sure && t.kind !== 'footer')?.line, ...(seen.length ? { totalRows: seen } : {}) };
  };
}
