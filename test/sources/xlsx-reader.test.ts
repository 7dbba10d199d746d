// Excel workbooks (SPEC §2): the sheet, title rows, merged headers, every kind of cell, and dates that keep their day.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { displayPath } from '../../src/sources/files.js';
import type { Cell, SourceFile } from '../../src/sources/table.js';
import { isoDate, openXlsx } from '../../src/sources/xlsx/xlsx-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A date cell's value: exceljs writes a Date's UTC fields as the cell's wall clock. */
const at = (y: number, m: number, d: number, h = 0, mi = 0): Date => new Date(Date.UTC(y, m - 1, d, h, mi));
/** The Excel serial of a wall-clock time (1900 date system). */
const serial = (y: number, m: number, d: number, h = 0, mi = 0): number => Date.UTC(y, m - 1, d, h, mi) / 86_400_000 + 25569;

async function workbook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

async function records(file: SourceFile): Promise<{ cells: Cell[]; line: number }[]> {
  const out: { cells: Cell[]; line: number }[] = [];
  await file.eachRecord((cells, line) => out.push({ cells, line }));
  return out;
}

async function dataError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return (err as DataError).message;
}

/** Title rows, a blank row, then every kind of cell; sparse rows and a cell right of the header. */
function ordersSheet(ws: ExcelJS.Worksheet): void {
  ws.getCell('A1').value = 'Orders export';
  ws.getCell('A2').value = 'Generated 2026-11-01';
  ws.getRow(4).values = ['Date', 'Customer', 'Amount', 'Deal\nnote', 'Status']; // a header on two lines in its cell
  ws.getRow(5).values = [at(2026, 10, 31, 23, 30), 'Acme', 1234.5, { richText: [{ text: 'Big ' }, { font: { bold: true }, text: 'deal' }] }, true];
  ws.getRow(6).values = [at(2026, 3, 29, 2, 30), 'Beta', { formula: 'C5*2', result: 2469 }, { text: 'see docs', hyperlink: 'https://example.com' }, false];
  ws.getRow(7).values = [at(2026, 10, 1), 'Gamma', { error: '#N/A' }, { formula: 'B7&"!"', result: 'Gamma!' }, { formula: 'C5' } as ExcelJS.CellFormulaValue];
  // Row 8 is empty. Row 9: a date by formula (date format) and a formula whose cached result is 0; B, D, E missing.
  ws.getCell('A9').value = { formula: 'A7+1', result: serial(2026, 10, 2) } as ExcelJS.CellFormulaValue;
  ws.getCell('A9').numFmt = 'yyyy-mm-dd';
  ws.getCell('C9').value = { formula: 'C5-C5', result: 0 } as ExcelJS.CellFormulaValue;
  // Row 10: a formula whose cached result is an error, and a note right of the header.
  ws.getCell('A10').value = at(2026, 10, 3);
  ws.getCell('E10').value = { formula: '1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
  ws.getCell('F10').value = 'not a column';
}

const ORDERS = join(dir, 'orders.xlsx');
beforeAll(() => workbook('orders.xlsx', (wb) => ordersSheet(wb.addWorksheet('Orders'))));

const ORDERS_RECORDS = [
  { line: 5, cells: ['2026-10-31T23:30:00', 'Acme', 1234.5, 'Big deal', 'true'] },
  { line: 6, cells: ['2026-03-29T02:30:00', 'Beta', 2469, 'see docs', 'false'] },
  // E7 is a formula with no cached result: not an empty cell but an unknown one (issue 11).
  { line: 7, cells: ['2026-10-01', 'Gamma', { error: '#N/A' }, 'Gamma!', { error: '=C5', message: expect.stringMatching(/^formula without a cached value .*open and save the workbook in Excel or LibreOffice$/) }] },
  { line: 9, cells: ['2026-10-02', '', 0, '', ''] },
  { line: 10, cells: ['2026-10-03', '', '', '', { error: '#ERROR' }] },
];

describe('openXlsx: cells', () => {
  it('finds the header below title rows and reads every kind of cell', async () => {
    const file = await openXlsx(ORDERS, {});
    expect(file.format).toBe('xlsx');
    expect(file.lineWord).toBe('row');
    expect(file.label).toBe(`${displayPath(ORDERS)} [Orders]`);
    expect(file.headers).toEqual(['Date', 'Customer', 'Amount', 'Deal note', 'Status']);
    expect(file.settings).toEqual({ sheet: 'Orders (first sheet)', 'header row': '4 (sniffed)' });
    expect(file.sample).toEqual(ORDERS_RECORDS.map((r) => r.cells));
    expect(await records(file)).toEqual(ORDERS_RECORDS);
  });

  it('takes the header from row skip_rows + 1 when skip_rows is given', async () => {
    const file = await openXlsx(ORDERS, { skipRows: 3 });
    expect(file.settings).toEqual({ sheet: 'Orders (first sheet)', 'header row': 4 });
    expect(file.headers).toEqual(['Date', 'Customer', 'Amount', 'Deal note', 'Status']);
    expect(await records(file)).toEqual(ORDERS_RECORDS);
    // Skipping the header too makes the first data row the header, as for CSV.
    const later = await openXlsx(ORDERS, { skipRows: 4 });
    expect(later.headers[1]).toBe('Acme');
    expect((await records(later)).map((r) => r.line)).toEqual([6, 7, 9, 10]);
  });

  it('reads the dates of a workbook in the 1904 date system', async () => {
    const path = await workbook('mac-1904.xlsx', (wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('Mac');
      ws.addRow(['When', 'Next day']);
      ws.addRow([at(2026, 10, 31, 23, 30), { formula: 'A2+1', result: serial(2026, 11, 1, 23, 30) - 1462 } as ExcelJS.CellFormulaValue]);
      ws.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm';
    });
    const file = await openXlsx(path, {});
    expect(await records(file)).toEqual([{ line: 2, cells: ['2026-10-31T23:30:00', '2026-11-01T23:30:00'] }]);
  });

  it('re-reads the file for every pass, and stops when the callback throws', async () => {
    const file = await openXlsx(ORDERS, {});
    expect(await records(file)).toEqual(await records(file));
    let calls = 0;
    const stop = new Error('stop');
    await expect(
      file.eachRecord(() => {
        calls++;
        if (calls === 2) throw stop;
      }),
    ).rejects.toBe(stop);
    expect(calls).toBe(2);
  });

  it('samples the first 500 data rows and streams them all', async () => {
    const path = await workbook('long.xlsx', (wb) => {
      const ws = wb.addWorksheet('Long');
      ws.addRow(['Day', 'Value']);
      for (let i = 1; i <= 1200; i++) ws.addRow([at(2026, 1, 1 + (i % 28)), i]);
    });
    const file = await openXlsx(path, {});
    expect(file.settings['header row']).toBe('1 (sniffed)');
    expect(file.sample).toHaveLength(500);
    expect(file.sample[499]).toEqual([`2026-01-${String(1 + (500 % 28)).padStart(2, '0')}`, 500]);
    const all = await records(file);
    expect(all).toHaveLength(1200);
    expect(all[1199]).toEqual({ line: 1201, cells: ['2026-01-25', 1200] });
  });
});

describe('openXlsx: merged header cells', () => {
  const build = (rows: number) => (wb: ExcelJS.Workbook) => {
    const ws = wb.addWorksheet('Data');
    ws.getCell('A1').value = 'Quarterly report';
    ws.mergeCells('A1:D1');
    ws.getRow(2).values = ['Date', 'Customer', null, 'Amount', null, 'Rep'];
    ws.mergeCells('B2:C2'); // Customer spans B and C; E2 is empty and not merged
    for (let i = 0; i < rows; i++) ws.addRow([at(2026, 10, 1 + (i % 30)), `C${i}`, `no ${i}`, i, 'x', 'Ann']);
  };

  it('names a cell inside a merge after the merge, and an empty unmerged one column_<n>', async () => {
    const file = await openXlsx(await workbook('merged.xlsx', build(3)), {});
    expect(file.headers).toEqual(['Date', 'Customer', 'Customer', 'Amount', 'column_5', 'Rep']);
    expect(file.settings['header row']).toBe('2 (sniffed)');
    expect(file.sample[0]).toEqual(['2026-10-01', 'C0', 'no 0', 0, 'x', 'Ann']);
  });

  it('finds the merges at the end of a sheet longer than the sample', async () => {
    const file = await openXlsx(await workbook('merged-long.xlsx', build(800)), {});
    expect(file.headers).toEqual(['Date', 'Customer', 'Customer', 'Amount', 'column_5', 'Rep']);
    expect(file.sample).toHaveLength(500);
    expect(await records(file)).toHaveLength(800);
  });

  it('takes a header merged down from the row above', async () => {
    const path = await workbook('two-row-header.xlsx', (wb) => {
      const ws = wb.addWorksheet('Money');
      ws.getRow(1).values = ['Date', 'Amount', null];
      ws.getRow(2).values = [null, 'Net', 'Gross'];
      ws.mergeCells('A1:A2');
      ws.mergeCells('B1:C1');
      ws.addRow([at(2026, 10, 5), 80, 100]);
    });
    const file = await openXlsx(path, { skipRows: 1 });
    expect(file.headers).toEqual(['Date', 'Net', 'Gross']);
    expect(file.settings['header row']).toBe(2);
    expect(await records(file)).toEqual([{ line: 3, cells: ['2026-10-05', 80, 100] }]);
  });
});

describe('openXlsx: sheets', () => {
  const path = join(dir, 'sheets.xlsx');
  beforeAll(() =>
    workbook('sheets.xlsx', (wb) => {
      const hidden = wb.addWorksheet('Lookup', { state: 'hidden' });
      hidden.addRow(['Code', 'Name']);
      hidden.addRow(['A', 'Alpha']);
      const orders = wb.addWorksheet('Orders');
      orders.addRow(['Order', 'Amount']);
      orders.addRow(['O1', 10]);
      const customers = wb.addWorksheet('Customers');
      customers.addRow(['Customer', 'Segment']);
      customers.addRow(['Acme', 'SMB']);
      customers.addRow(['Beta', 'Enterprise']);
      const year = wb.addWorksheet('2026');
      year.addRow(['Month', 'Budget']);
      year.addRow(['2026-10', 100]);
    }),
  );

  it('reads the first visible sheet by default', async () => {
    const file = await openXlsx(path, {});
    expect(file.label).toBe(`${displayPath(path)} [Orders]`);
    expect(file.settings.sheet).toBe('Orders (first sheet)');
    expect(await records(file)).toEqual([{ line: 2, cells: ['O1', 10] }]);
  });

  it('reads a sheet by name, ignoring case when no name matches exactly', async () => {
    for (const sheet of ['Customers', 'customers']) {
      const file = await openXlsx(path, { sheet });
      expect(file.label).toBe(`${displayPath(path)} [Customers]`);
      expect(file.settings.sheet).toBe('Customers');
      expect(file.headers).toEqual(['Customer', 'Segment']);
      expect(await records(file)).toEqual([
        { line: 2, cells: ['Acme', 'SMB'] },
        { line: 3, cells: ['Beta', 'Enterprise'] },
      ]);
    }
  });

  it('reads a sheet by its 1-based position among all tabs, or by a number that is its name', async () => {
    const third = await openXlsx(path, { sheet: 3 });
    expect(third.label).toBe(`${displayPath(path)} [Customers]`);
    expect(third.settings.sheet).toBe('Customers (sheet 3)');
    expect(third.sample).toEqual([
      ['Acme', 'SMB'],
      ['Beta', 'Enterprise'],
    ]);
    const first = await openXlsx(path, { sheet: 1 });
    expect(first.headers).toEqual(['Code', 'Name']);
    const year = await openXlsx(path, { sheet: 2026 });
    expect(year.label).toBe(`${displayPath(path)} [2026]`);
    expect(await records(year)).toEqual([{ line: 2, cells: ['2026-10', 100] }]);
  });

  it('names the file, the sheet asked for and the sheets there are when the sheet does not exist', async () => {
    const file = displayPath(path);
    expect(await dataError(openXlsx(path, { sheet: 'Custmers' }))).toBe(
      `${file} has no sheet 'Custmers' (did you mean 'Customers'?); its sheets: 'Lookup' (hidden), 'Orders', 'Customers', '2026'`,
    );
    expect(await dataError(openXlsx(path, { sheet: 'Invoices' }))).toBe(
      `${file} has no sheet 'Invoices'; its sheets: 'Lookup' (hidden), 'Orders', 'Customers', '2026'`,
    );
    expect(await dataError(openXlsx(path, { sheet: 7 }))).toBe(`${file} has no sheet 7: it has 4 sheets: 'Lookup' (hidden), 'Orders', 'Customers', '2026'`);
  });
});

/*
 * exceljs (like Excel) writes the shared strings after the sheets, so its reader parks each sheet in a temporary file
 * first. This fixture has them before the sheets (as some other writers do), so sheets are parsed straight from the
 * zip: an exceljs workbook (sheet Data: a title merged over A1:C1, header Date | Customer merged over B2:C2 | Amount,
 * 600 rows; sheet Other) re-zipped with workbook.xml, its rels, styles.xml and sharedStrings.xml first.
 */
describe('openXlsx: shared strings before the sheets', () => {
  const path = fileURLToPath(new URL('../../fixtures/xlsx/shared-strings-first.xlsx', import.meta.url));

  it('reads the sheet, its merges and all its rows', async () => {
    const file = await openXlsx(path, {});
    expect(file.headers).toEqual(['Date', 'Customer', 'Customer', 'Amount']);
    expect(file.settings).toEqual({ sheet: 'Data (first sheet)', 'header row': '2 (sniffed)' });
    expect(file.sample).toHaveLength(500);
    expect(file.sample[0]).toEqual(['2026-10-01', 'C0', 0, 0]);
    const all = await records(file);
    expect(all).toHaveLength(600);
    expect(all[599]).toEqual({ line: 602, cells: ['2026-10-11', 'C4', 2, 599] });
  });

  it('reads a later sheet', async () => {
    const file = await openXlsx(path, { sheet: 'Other' });
    expect(file.headers).toEqual(['a', 'b']);
    expect(await records(file)).toEqual([{ line: 2, cells: [1, 2] }]);
  });
});

describe('openXlsx: cells that are not what they seem', () => {
  it('reads a formula with no cached result (as exceljs and openpyxl write them) as a bad value, not as empty', async () => {
    const path = await workbook('no-cache.xlsx', (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['Date', 'Amount', 'Total']);
      ws.addRow(['2026-10-01', 5, { formula: 'B2*2' } as ExcelJS.CellFormulaValue]);
      ws.addRow(['2026-10-02', 7, { formula: 'B3*2', result: 14 } as ExcelJS.CellFormulaValue]);
    });
    const rows = await records(await openXlsx(path, {}));
    expect(rows[0].cells[2]).toEqual({ error: '=B2*2', message: expect.stringContaining('formula without a cached value') });
    expect(rows[1].cells[2]).toBe(14);
  });

  it('reads a shared-string index past the table as a bad value, not as blank', async () => {
    const JSZip = (await import('jszip')).default;
    const written = await workbook('strings.xlsx', (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['Customer', 'Amount']);
      ws.addRow(['Acme', 5]);
      ws.addRow(['Beta', 6]);
    });
    // Hand-damaged: row 3's string cell points at index 99 of a table of four strings (Customer, Amount, Acme, Beta).
    const zip = await JSZip.loadAsync(readFileSync(written));
    const sheet = Object.keys(zip.files).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
    const xml = await zip.file(sheet)!.async('string');
    const damaged = xml.replace(/(<c r="A3"[^>]*t="s"[^>]*>)<v>\d+<\/v>/, '$1<v>99</v>');
    expect(damaged).not.toBe(xml);
    zip.file(sheet, damaged);
    const path = join(dir, 'damaged-strings.xlsx');
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer' }));
    const rows = await records(await openXlsx(path, {}));
    expect(rows.map((r) => r.cells[0])).toEqual([
      'Acme',
      { error: 'shared string 99', message: expect.stringMatching(/^shared string 99 does not exist \(the workbook's table has 4\)/) },
    ]);
  });
});

describe('openXlsx: a sheet without its header row', () => {
  it('says so at the row, instead of taking the first row of values for column names', async () => {
    const path = await workbook('nohead.xlsx', (wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow([at(2026, 10, 1), 500, 'Acme']);
      ws.addRow([at(2026, 10, 2), 600, 'Beta']);
    });
    expect(await dataError(openXlsx(path, {}))).toMatch(/nohead\.xlsx \[Data\]:1: has no header row: its first row holds values \("2026-10-01"\)/);
  });
});

describe('openXlsx: files that are not readable workbooks', () => {
  it('says what is wrong, as a data error', async () => {
    const csv = join(dir, 'export.xlsx');
    writeFileSync(csv, 'date,amount\n2026-10-01,5\n');
    expect(await dataError(openXlsx(csv, {}))).toMatch(/export\.xlsx is not an \.xlsx workbook \(it is not a zip file; an old \.xls or a CSV named \.xlsx\?\)/);
    expect(await dataError(openXlsx(join(dir, 'missing.xlsx'), {}))).toMatch(/^file not found: .*missing\.xlsx$/);
    const cut = join(dir, 'cut.xlsx');
    writeFileSync(cut, readFileSync(ORDERS).subarray(0, 400)); // cut before the sheet: exceljs would leave its temporary copy
    expect(await dataError(openXlsx(cut, {}))).toMatch(/cut\.xlsx is not a readable Excel workbook: the file ends early/);
    const empty = await workbook('empty.xlsx', (wb) => wb.addWorksheet('Nothing'));
    expect(await dataError(openXlsx(empty, {}))).toBe(`${displayPath(empty)} [Nothing] is empty: no header row`);
    expect(await dataError(openXlsx(ORDERS, { skipRows: 20 }))).toMatch(/\[Orders\] is empty: no header row after skipping 20 rows$/);
  });
});

describe('isoDate', () => {
  it('writes the wall clock of a date cell, dropping a midnight time', () => {
    expect(isoDate(Date.UTC(2026, 9, 31))).toBe('2026-10-31');
    expect(isoDate(Date.UTC(2026, 9, 31, 23, 30))).toBe('2026-10-31T23:30:00');
    expect(isoDate(Date.UTC(2026, 2, 29, 2, 30, 5))).toBe('2026-03-29T02:30:05');
    expect(isoDate(Date.UTC(2026, 0, 1, 0, 0, 0, 250))).toBe('2026-01-01T00:00:00.250');
    expect(isoDate(Date.UTC(1899, 11, 30, 8, 15))).toBe('1899-12-30T08:15:00');
    expect(isoDate(NaN)).toBe('');
  });
});

// The same workbook read in other time zones, in child processes running the built reader.
const DIST = fileURLToPath(new URL('../../dist/sources/xlsx/xlsx-reader.js', import.meta.url));
const haveDist = existsSync(DIST);
if (!haveDist) console.warn(`xlsx time-zone test skipped: ${DIST} is missing; run \`npm run build\` first`);

describe('time-zone independence', () => {
  it.skipIf(!haveDist)('gives the same cells under TZ=Pacific/Auckland and TZ=America/Los_Angeles', async () => {
    const path = await workbook('zones.xlsx', (wb) => {
      const ws = wb.addWorksheet('Zones');
      ws.addRow(['When', 'Note']);
      ws.addRow([at(2026, 10, 31, 23, 30), 'last half hour of October']);
      ws.addRow([at(2026, 3, 29, 2, 30), 'inside Europe’s spring-forward gap']);
      ws.addRow([at(2026, 9, 27, 2, 30), 'inside Auckland’s spring-forward gap']);
      ws.addRow([at(2026, 3, 8, 2, 30), 'inside Los Angeles’ spring-forward gap']);
      ws.addRow([at(2026, 10, 1), 'midnight']);
      ws.addRow([{ formula: 'A6+1', result: serial(2026, 10, 2, 0, 30) } as ExcelJS.CellFormulaValue, 'formula']);
      ws.getCell('A7').numFmt = 'yyyy-mm-dd hh:mm';
    });
    const script = `
      const { openXlsx } = await import(${JSON.stringify(pathToFileURL(DIST).href)});
      const file = await openXlsx(process.argv[1], {});
      const rows = [];
      await file.eachRecord((cells, line) => rows.push([line, ...cells]));
      process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, sample: file.sample, rows }));
    `;
    const run = (tz: string) => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, path], { env: { ...process.env, TZ: tz }, encoding: 'utf8', timeout: 15_000 });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { tz: string; sample: Cell[][]; rows: unknown[][] };
    };
    const auckland = run('Pacific/Auckland');
    const la = run('America/Los_Angeles');
    expect([auckland.tz, la.tz]).toEqual(['Pacific/Auckland', 'America/Los_Angeles']);
    const want = ['2026-10-31T23:30:00', '2026-03-29T02:30:00', '2026-09-27T02:30:00', '2026-03-08T02:30:00', '2026-10-01', '2026-10-02T00:30:00'];
    for (const out of [auckland, la]) {
      expect(out.sample.map((r) => r[0]), out.tz).toEqual(want);
      expect(out.rows.map((r) => r[1]), out.tz).toEqual(want);
      expect(out.rows.map((r) => r[0]), out.tz).toEqual([2, 3, 4, 5, 6, 7]);
    }
  });
});
