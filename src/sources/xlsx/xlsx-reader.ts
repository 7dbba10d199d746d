// Excel workbooks (.xlsx) through exceljs's streaming reader: one sheet's rows as cells, dates as wall-clock ISO text.
import { createReadStream, ReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import ExcelJS from 'exceljs';
import { DataError } from '../../errors.js';
import { closest } from '../../util/text.js';
import { displayPath } from '../files.js';
import { detectHeader, headerIsData } from '../header-row.js';
import type { Cell, CellError, RecordTable, Table } from '../table.js';
import { rowsOfCells } from '../typed-rows.js';

export interface XlsxSettings {
  sheet?: string | number;
  skipRows?: number;
}

const SAMPLE_RECORDS = 500;
/** detectHeader looks for the header among the first 50 rows. */
const HEADER_SCAN = 50;
/** A formula whose cached result is an error: exceljs's streaming reader keeps no error text for it. */
const FORMULA_ERROR = '#ERROR';

const READER_OPTIONS = { entries: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' } as const;
const { Number: NUMBER, String: STRING, Date: DATE, Formula: FORMULA, Boolean: BOOLEAN, Error: ERROR, RichText: RICH_TEXT } = ExcelJS.ValueType;

/** A tab of the workbook, in tab order. */
interface Tab {
  name: string;
  visible: boolean;
  /** False for chart sheets, which have no cells. */
  worksheet: boolean;
}

interface Collected {
  cells: Cell[];
  line: number;
}

export async function openXlsx(path: string, settings: XlsxSettings): Promise<Table> {
  const skip = settings.skipRows;
  const rows: Collected[] = [];
  const convert = new RowCells();
  const merges = new MergeScanner();
  let tab: Tab | undefined;
  let kept = 0;
  const wanted = skip === undefined ? HEADER_SCAN + SAMPLE_RECORDS : 1 + SAMPLE_RECORDS;
  let header: { at: number; names: string[] } | undefined;
  // The header and the sample come from the first rows; merged ranges sit at the end of a sheet's XML, so the
  // rest of the sheet is only scanned (not parsed) for them when the header row has empty cells.
  const locate = () => (header ??= locateHeader(path, tab!, rows, skip));
  // One read serves the sample and the data: once the sample is in, the read waits (`gate`) until eachRecord
  // takes over the rows, so a workbook is unzipped and parsed once. A header that needs merged ranges stops the
  // read instead, and the data is read again.
  let sampleIn!: () => void;
  const sampled = new Promise<void>((resolve) => (sampleIn = resolve));
  let gate: ((goOn: boolean) => void) | undefined;
  let sink: ((row: ExcelJS.Row) => void) | undefined;
  let paused = false;
  let stoppedEarly = false;
  const firstRead = readSheet(path, settings.sheet, {
    open(t, date1904) {
      tab = t;
      convert.date1904 = date1904;
    },
    row(row) {
      if (sink) return sink(row);
      // Rows far above a configured header cannot hold the first cell of a header's merge.
      if (skip !== undefined && row.number <= skip - HEADER_SCAN) return;
      const cells = convert.loose(row);
      if (!cells) return;
      rows.push({ cells, line: row.number });
      if (skip === undefined || row.number > skip) kept++;
      if (kept < wanted) return;
      if (locate().names.includes('')) {
        stoppedEarly = true;
        return false;
      }
      paused = true;
      sampleIn();
      return new Promise<boolean>((resolve) => (gate = resolve));
    },
    merges,
    wantsMerges: () => locate().names.includes(''),
  });
  firstRead.catch(() => {}); // its failures reach whoever awaits it: openXlsx below, or eachRecord
  await Promise.race([sampled, firstRead]);
  const sheet = tab!;
  const { at, names } = locate();
  const headerLine = rows[at].line;
  const headers = names.map((name, i) => (name !== '' ? name : mergedName(merges, rows, headerLine, i + 1) || `column_${i + 1}`));
  const width = headers.length;
  const how = typeof settings.sheet === 'number' ? ` (sheet ${settings.sheet})` : settings.sheet === undefined ? ' (first sheet)' : '';
  let reads = 0;
  const table: RecordTable = {
    path,
    format: 'xlsx',
    label: labelOf(path, sheet),
    lineWord: 'row',
    headers,
    settings: { sheet: `${sheet.name}${how}`, 'header row': skip === undefined ? `${headerLine} (sniffed)` : headerLine },
    sample: rows.slice(at + 1, at + 1 + SAMPLE_RECORDS).map((r) => fit(r.cells, width)),
    async eachRecord(onRecord) {
      if (reads++ === 0 && !stoppedEarly) {
        // The rows read for the sample, then the rest of the same read (or, for a short sheet, nothing more).
        if (!paused) await firstRead;
        // A value past the header's columns makes the row wider than the header (the engine leaves it out).
        for (const r of rows) if (r.line > headerLine) onRecord(fit(r.cells, width), r.line, r.cells.length > width ? r.cells.length : undefined);
        if (paused) {
          sink = (row) => {
            const record = convert.dense(row, width);
            if (record) onRecord(record, row.number, convert.beyond || undefined);
          };
          gate!(true);
          await firstRead;
        }
        return;
      }
      const cells = new RowCells();
      return readSheet(path, sheet.name, {
        open(_, date1904) {
          cells.date1904 = date1904;
        },
        row(row) {
          if (row.number <= headerLine) return;
          const record = cells.dense(row, width);
          if (record) onRecord(record, row.number, cells.beyond || undefined);
        },
      });
    },
  };
  // A sheet often ends with its sum line: the last row is left out when it is one.
  return Object.assign(table, { rows: rowsOfCells(table, { totalRows: true }) });
}

/** The tabs of a workbook in tab order (for `kpi init`, which weighs every sheet); reads only up to the first sheet. */
export async function workbookTabs(path: string): Promise<{ name: string; visible: boolean; worksheet: boolean }[]> {
  let tabs: readonly Tab[] = [];
  await readSheet(path, undefined, {
    open(_, __, all) {
      tabs = all;
    },
    row: () => false,
  });
  return [...tabs];
}

const labelOf = (path: string, tab: Tab): string => `${displayPath(path)} [${tab.name}]`;

/** The header row among the first rows (detected like a CSV's title lines, or the first after `skip`), and its names. */
function locateHeader(path: string, tab: Tab, rows: readonly Collected[], skip: number | undefined): { at: number; names: string[] } {
  const at = skip === undefined ? (detectHeader(rows.map((r) => r.cells.map(textOf))) ?? -1) : rows.findIndex((r) => r.line > skip);
  if (at < 0) throw new DataError(`${labelOf(path, tab)} is empty: no header row${skip ? ` after skipping ${skip} rows` : ''}`, [], { code: 'KPI_NO_HEADER', file: displayPath(path) });
  const headerless = headerIsData(rows[at].cells.map(textOf));
  if (headerless) throw new DataError(`${labelOf(path, tab)}:${rows[at].line}: ${headerless}`, [], { code: 'KPI_NO_HEADER', file: displayPath(path), line: rows[at].line });
  return { at, names: rows[at].cells.map(headerName) };
}

/** The text of the first cell of the merge that covers an empty header cell, if the sample rows hold it. */
function mergedName(merges: MergeScanner, rows: readonly Collected[], line: number, col: number): string {
  const range = merges.ranges.find((m) => m.top <= line && line <= m.bottom && m.left <= col && col <= m.right && !(m.top === line && m.left === col));
  if (!range) return '';
  const first = rows.find((r) => r.line === range.top)?.cells[range.left - 1];
  return first === undefined ? '' : headerName(first);
}

/** A header written on two lines in its cell (Alt+Enter) is one name. */
const headerName = (cell: Cell): string => textOf(cell).replace(/\s+/g, ' ').trim();

const textOf = (cell: Cell): string => (typeof cell === 'string' ? cell : typeof cell === 'number' ? String(cell) : cell.error);

/** A record exactly `width` cells wide. */
function fit(cells: Cell[], width: number): Cell[] {
  if (cells.length === width) return cells;
  const out = cells.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading one sheet

/** What a pass does with the sheet it reads. */
interface SheetVisitor {
  /** Called once the sheet is found, before its rows. */
  open(tab: Tab, date1904: boolean, tabs: readonly Tab[]): void;
  /** Called for each row exceljs reports (rows with no cells in the file are not reported); `false` stops reading; a promise pauses it. */
  row(row: ExcelJS.Row): boolean | void | Promise<boolean>;
  /** Collects the sheet's merged ranges while it is read. */
  merges?: MergeScanner;
  /** After the rows stopped early: whether to scan the rest of the sheet's XML for merged ranges. */
  wantsMerges?(): boolean;
}

/** The parts of exceljs's streaming readers that its type definitions leave out. */
interface ReaderInternals {
  model?: { sheets?: { name: string; state?: string; rId?: string }[] };
  workbookRels?: { Id: string; Type?: string; Target?: string }[];
  properties?: { model?: { date1904?: boolean } };
}
interface SheetStream extends AsyncIterable<ExcelJS.Row> {
  name: string;
  /** The sheet's XML chunks, parsed as the rows are iterated. */
  iterator: AsyncIterable<unknown>;
}

/** Streams the chosen sheet's rows to `visitor`; errors of the file become DataErrors, the visitor's own pass through. */
async function readSheet(path: string, choice: string | number | undefined, visitor: SheetVisitor): Promise<void> {
  // Our own stream: exceljs would leave an error of its file stream (ENOENT, EIO) unhandled.
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const feed = zipFeed();
  let ioError: unknown;
  input.on('error', (err) => {
    ioError = err;
    feed.end(); // the zip then ends early and exceljs fails; ioError is what is reported
  });
  input.pipe(feed);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(feed, READER_OPTIONS);
  guardSharedStrings(reader);
  const internals = reader as unknown as ReaderInternals;
  let tab: Tab | undefined;
  let found = false;
  let failure: { error: unknown } | undefined;
  try {
    for await (const sheet of reader as unknown as AsyncIterable<SheetStream>) {
      // exceljs parks the sheets in temporary files when the zip holds its shared strings after them (as Excel and
      // exceljs write it); it deletes each file when it moves past the sheet, once the sheet's stream is closed.
      const parked = sheet.iterator instanceof ReadStream ? sheet.iterator : undefined;
      // exceljs may delete a parked file before its (destroyed) stream got to open it: that ENOENT is expected.
      parked?.on('error', () => {});
      if (!tab && !failure) {
        try {
          tab = pickSheet(path, tabsOf(internals), choice);
        } catch (error) {
          failure = { error };
        }
      }
      if (found || !tab || sheet.name !== tab.name) {
        parked?.destroy();
        if (!tab && !parked) break; // no such sheet, and the zip need not be read further
        continue;
      }
      found = true;
      visitor.open(tab, internals.properties?.model?.date1904 === true, tabsOf(internals));
      const raw = visitor.merges ? tap(sheet, visitor.merges) : undefined;
      let stopped = false;
      for await (const row of sheet) {
        let more: boolean | void = true;
        try {
          const result = visitor.row(row);
          more = result instanceof Promise ? await result : result;
        } catch (error) {
          failure = { error };
        }
        if (failure || more === false) {
          stopped = true;
          break;
        }
      }
      if (raw && stopped && !failure && visitor.wantsMerges?.()) {
        for (let next = await raw.next(); !next.done; next = await raw.next()) visitor.merges!.feed(next.value);
      }
      await raw?.return?.();
      parked?.destroy();
      // The other parked sheets are extracted already: going on costs nothing and lets exceljs delete their files.
      // A sheet read straight from the zip: the rest of the zip is not needed.
      if (!parked) break;
    }
  } catch (err) {
    throw unreadable(path, ioError ?? err);
  } finally {
    input.destroy();
    feed.destroy();
  }
  if (failure) throw failure.error;
  if (ioError) throw unreadable(path, ioError);
  if (!found) {
    const tabs = tabsOf(internals);
    if (tabs.length === 0) throw new DataError(`${displayPath(path)} is not a readable Excel workbook: it has no worksheets`, [], { code: 'KPI_XLSX_UNREADABLE', file: displayPath(path) });
    tab ??= pickSheet(path, tabs, choice);
    throw new DataError(`${displayPath(path)}: sheet '${tab.name}' has no cells in the file`, [], { code: 'KPI_XLSX_SHEET', file: displayPath(path) });
  }
}

const PAST_THE_END = Buffer.alloc(1);

/**
 * Hands the file to exceljs's zip parser (unzipper) one chunk late, with one byte more at the end. unzipper signals
 * the end of its entries as soon as it has used up its last input chunk, even while entries it read from that chunk
 * still wait for exceljs, which then silently goes without them (workbook.xml, the shared strings, a sheet): seen
 * in a few reads in a thousand under load. A byte after the zip's last record is never used up, so the entries end
 * only after the last one was handed over.
 */
function zipFeed(): Transform {
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done) {
      done(null, held ? Buffer.concat([held, PAST_THE_END]) : PAST_THE_END);
    },
  });
}

/** The workbook's tabs in tab order, once exceljs has read workbook.xml. */
function tabsOf(internals: ReaderInternals): Tab[] {
  const rels = internals.workbookRels ?? [];
  return (internals.model?.sheets ?? []).map((s) => {
    const rel = rels.find((r) => r.Id === s.rId);
    return {
      name: s.name,
      visible: s.state === undefined || s.state === 'visible',
      worksheet: !rel?.Type || rel.Type.endsWith('/worksheet'),
    };
  });
}

/**
 * The tab `choice` names: a name (exact, else ignoring case), a 1-based position, or by default the first visible
 * worksheet. A number that is no position but some tab's name (a sheet called 2026) picks that tab.
 */
function pickSheet(path: string, tabs: readonly Tab[], choice: string | number | undefined): Tab {
  const file = displayPath(path);
  const list = tabs.map((t) => `'${t.name}'${t.worksheet ? '' : ' (chart)'}${t.visible ? '' : ' (hidden)'}`).join(', ');
  let tab: Tab | undefined;
  if (choice === undefined) {
    tab = tabs.find((t) => t.worksheet && t.visible) ?? tabs.find((t) => t.worksheet);
    if (!tab) throw new DataError(`${file} has no worksheet with cells; its sheets: ${list || 'none'}`, [], { code: 'KPI_XLSX_SHEET', file });
    return tab;
  }
  if (typeof choice === 'number') {
    tab = tabs[choice - 1] ?? tabs.find((t) => t.name === String(choice));
    if (!tab) throw new DataError(`${file} has no sheet ${choice}: it has ${tabs.length} sheet${tabs.length === 1 ? '' : 's'}: ${list}`, [], { code: 'KPI_XLSX_SHEET', file });
  } else {
    const wanted = choice.trim().toLowerCase();
    tab = tabs.find((t) => t.name === choice) ?? tabs.find((t) => t.name.trim().toLowerCase() === wanted);
    if (!tab) {
      const hint = closest(choice, tabs.map((t) => t.name));
      throw new DataError(`${file} has no sheet '${choice}'${hint ? ` (did you mean '${hint}'?)` : ''}; its sheets: ${list}`, [], { code: 'KPI_XLSX_SHEET', file });
    }
  }
  if (!tab.worksheet) throw new DataError(`${file}: sheet '${tab.name}' is a chart sheet, not a table of cells; its sheets: ${list}`, [], { code: 'KPI_XLSX_SHEET', file });
  return tab;
}

/**
 * Puts a tap between the sheet's XML chunks and exceljs's parser, feeding `scanner`; returns the raw chunk iterator,
 * which stays open after the row loop stops so the rest of the sheet can be scanned without parsing it.
 */
function tap(sheet: SheetStream, scanner: MergeScanner): AsyncIterator<unknown> {
  const raw = sheet.iterator[Symbol.asyncIterator]();
  sheet.iterator = (async function* () {
    for (let next = await raw.next(); !next.done; next = await raw.next()) {
      scanner.feed(next.value);
      yield next.value;
    }
  })();
  return raw;
}

/** A reader failure as the user's error (exported for its test: a real zip bomb costs a test run seconds and 700 MB). */
export function unreadable(path: string, err: unknown): DataError {
  if (err instanceof DataError) return err;
  const file = displayPath(path);
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new DataError(`file not found: ${file}`, [], { code: 'KPI_FILE_NOT_FOUND', file });
  if (code === 'EISDIR') return new DataError(`${file} is a folder, not a file`, [], { code: 'KPI_FILE_UNREADABLE', file });
  if (code) return new DataError(`cannot read ${file}: ${(err as Error).message}`, [], { code: 'KPI_FILE_UNREADABLE', file });
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('invalid signature')) {
    return new DataError(
      `${file} is not an .xlsx workbook (it is not a zip file; an old .xls or a CSV named .xlsx?): open it in Excel or LibreOffice and save it as .xlsx, or name a CSV .csv`,
      [],
      { code: 'KPI_XLSX_UNREADABLE', file },
    );
  }
  if (message === 'FILE_ENDED') return new DataError(`${file} is not a readable Excel workbook: the file ends early (cut off while copying or downloading?)`, [], { code: 'KPI_XLSX_UNREADABLE', file });
  // V8's words for a part that unpacks past the longest string it holds (a zip bomb, or a sheet of gigabytes).
  if (err instanceof RangeError && /Invalid string length|Array buffer allocation failed/.test(message)) {
    return new DataError(`${file} is not a readable Excel workbook: a part of it unpacks to more than kpi can hold in memory (a zip bomb, or a sheet of gigabytes?); export the data as CSV`, [], { code: 'KPI_XLSX_UNREADABLE', file });
  }
  return new DataError(`${file} is not a readable Excel workbook: ${message}`, [], { code: 'KPI_XLSX_UNREADABLE', file });
}

// ---------------------------------------------------------------------------------------------------------------
// Merged ranges

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const MERGE_CELL = /<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"/g;

/**
 * Finds `<mergeCell ref="B3:C3"/>` in a sheet's raw XML: exceljs's streaming reader skips them, and they come
 * after all the rows. Chunks overlap by a short tail so a tag split between two chunks is still found.
 */
class MergeScanner {
  readonly ranges: MergeRange[] = [];
  private readonly seen = new Set<string>();
  private tail = '';

  feed(chunk: unknown): void {
    const bytes = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    const text = this.tail + (typeof bytes === 'string' ? bytes : bytes.toString('latin1'));
    if (text.includes('mergeCell')) {
      for (const m of text.matchAll(MERGE_CELL)) {
        if (this.seen.has(m[0])) continue;
        this.seen.add(m[0]);
        const top = Number(m[2]);
        const left = columnNumber(m[1]);
        this.ranges.push({ top, left, bottom: m[4] ? Number(m[4]) : top, right: m[3] ? columnNumber(m[3]) : left });
      }
    }
    this.tail = text.slice(-256);
  }
}

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.toUpperCase().charCodeAt(i) - 64);
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Cells

const dateFormats = new Map<string, boolean>();

/** exceljs's own test for a date number format (used on plain cells), for formula results. */
function isDateFormat(format: string): boolean {
  let d = dateFormats.get(format);
  if (d === undefined) dateFormats.set(format, (d = /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''))));
  return d;
}

/** Turns exceljs rows into reader cells: one instance per pass, which knows the workbook's date system. */
class RowCells {
  date1904 = false;
  private out: Cell[] = [];
  private width = 0;
  private filled = false;
  /** The column (1-based) of the last value past `width` in the row `dense` read last; 0 when there is none. */
  beyond = 0;
  /** One callback for every row: no closure per row. */
  private readonly visit = (cell: ExcelJS.Cell, col: number): void => {
    if (col > this.width) {
      if (col > this.beyond && !isBlank(this.cellOf(cell))) this.beyond = col;
      return;
    }
    const value = this.cellOf(cell);
    this.out[col - 1] = value;
    if (!this.filled && !isBlank(value)) this.filled = true;
  };

  /** The row `width` cells wide (missing cells as ''), or undefined when it holds no value at all. */
  dense(row: ExcelJS.Row, width: number): Cell[] | undefined {
    const out: Cell[] = [];
    for (let i = 0; i < width; i++) out.push('');
    this.out = out;
    this.width = width;
    this.filled = false;
    this.beyond = 0;
    row.eachCell(this.visit);
    return this.filled || this.beyond > 0 ? out : undefined;
  }

  /** The row up to its last non-empty cell, or undefined when it is empty (before the header fixes the width). */
  loose(row: ExcelJS.Row): Cell[] | undefined {
    const out: Cell[] = [];
    this.out = out;
    this.width = Infinity;
    this.filled = false;
    row.eachCell(this.visit);
    if (!this.filled) return undefined;
    while (out.length > 0 && (out[out.length - 1] === undefined || isBlank(out[out.length - 1]))) out.pop();
    for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = '';
    return out;
  }

  private cellOf(cell: ExcelJS.Cell): Cell {
    switch (cell.type) {
      case NUMBER: {
        const n = cell.value as number;
        return n === n ? n : '';
      }
      case STRING:
        return cell.value as string;
      case DATE:
        return isoDate((cell.value as Date).getTime());
      case FORMULA:
        // Not cell.value: exceljs drops a cached result of 0 (or an error) from it.
        return this.resultOf(cell.result as unknown, cell);
      case BOOLEAN:
        return cell.value ? 'true' : 'false';
      case ERROR: {
        const v = cell.value as ExcelJS.CellErrorValue & { message?: string };
        return v.message ? { error: v.error, message: v.message } : { error: v.error };
      }
      case RICH_TEXT:
        return runsText((cell.value as ExcelJS.CellRichTextValue).richText);
      default:
        return this.valueOf(cell.value, cell);
    }
  }

  /** A formula's cached result: none is an empty cell; a number in a date format is a date, as for plain cells. */
  private resultOf(result: unknown, cell: ExcelJS.Cell, formula?: unknown): Cell {
    // No stored result (exceljs, openpyxl and many ERP exporters write formulas only): the value is unknown, not empty.
    if (result === undefined || result === null) return noCachedValue(formula ?? cell.formula);
    if (typeof result === 'number') {
      // exceljs reads a cached error (#N/A, #DIV/0!) of a formula as NaN.
      if (result !== result) return { error: FORMULA_ERROR };
      const format = cell.numFmt;
      if (format && isDateFormat(format)) return isoDate(Math.round((result - 25569 + (this.date1904 ? 1462 : 0)) * 86_400_000));
      return result;
    }
    return this.valueOf(result, cell);
  }

  /** Any other value: hyperlinks, shared-formula cells (exceljs keeps them as plain objects), rich text in results. */
  private valueOf(value: unknown, cell: ExcelJS.Cell): Cell {
    if (value === undefined || value === null) return '';
    switch (typeof value) {
      case 'string':
        return value;
      case 'number':
        return value === value ? value : '';
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        break;
      default:
        return String(value);
    }
    if (value instanceof Date) return isoDate(value.getTime());
    const o = value as Record<string, unknown>;
    if (typeof o.error === 'string') return { error: o.error };
    if (Array.isArray(o.richText)) return runsText(o.richText as ExcelJS.RichText[]);
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) return this.resultOf(o.result, cell, o.formula ?? o.sharedFormula);
    // A string cell of a workbook with no shared-string table at all.
    if ('sharedString' in o) return missingString(Number(o.sharedString), 0);
    if ('text' in o) return this.valueOf(o.text, cell);
    return '';
  }
}

/** A formula cell with no stored result: a bad value saying how to get one. */
function noCachedValue(formula: unknown): CellError {
  const text = typeof formula === 'string' && formula !== '' ? `=${formula}` : 'formula';
  return {
    error: text.length > 60 ? `${text.slice(0, 57)}...` : text,
    message: 'formula without a cached value (the file stores the formula but not its result): open and save the workbook in Excel or LibreOffice',
  };
}

/** A shared-string cell whose index is past the workbook's table: the text is lost, so it is a bad value. */
function missingString(index: number, size: number): CellError {
  return {
    error: `shared string ${index}`,
    message: `shared string ${index} does not exist (the workbook's table has ${size}): the file is damaged; open and save it in Excel or LibreOffice`,
  };
}

/**
 * exceljs looks up a string cell's index in its shared-string array and, past the end, gets undefined: an empty
 * cell. The reader's array is replaced, as it is created, by one that answers such an index with an error value
 * (exceljs then types the cell as an error).
 */
function guardSharedStrings(reader: object): void {
  let table: unknown;
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => table,
    set(value: unknown) {
      table = Array.isArray(value)
        ? new Proxy(value, {
            get(target, key, receiver) {
              if (typeof key === 'string' && key.length > 0 && key.charCodeAt(0) <= 57 && !(key in target)) {
                const index = Number(key);
                if (Number.isInteger(index) && index >= 0) return missingString(index, target.length);
              }
              return Reflect.get(target, key, receiver);
            },
          })
        : value;
    },
  });
}

function runsText(runs: readonly ExcelJS.RichText[]): string {
  let text = '';
  for (const run of runs) if (run.text) text += run.text;
  return text;
}

/** Empty, or only spaces: a row of such cells is skipped. */
function isBlank(cell: Cell): boolean {
  if (typeof cell !== 'string') return false;
  return cell.length === 0 || (cell.charCodeAt(0) <= 32 && cell.trim() === '');
}

const MS_PER_DAY = 86_400_000;
const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * A date cell as wall-clock ISO text, `2026-10-31` or `2026-10-31T23:30:00`: exceljs's Date holds the cell's
 * wall clock in its UTC fields, so only getUTC* is read and no time zone can move it to another day.
 */
export function isoDate(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const date = `${y >= 1000 ? y : String(y).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
  const time = ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
  if (time === 0) return date;
  const milli = time % 1000;
  return `${date}T${two(Math.floor(time / 3_600_000))}:${two(Math.floor(time / 60_000) % 60)}:${two(Math.floor(time / 1000) % 60)}${milli ? `.${String(milli).padStart(3, '0')}` : ''}`;
}
