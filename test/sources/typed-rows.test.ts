// The Table's typed rows (sources/table.ts): a reader turns cells into numbers, dates and text as the engine asks,
// hands over every cell it could not read located, and leaves a trailing total row out (CSV, XLSX). The same file
// read from bytes (UTF-8) and from text (UTF-16, the text scanner) gives the same rows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFile } from '../../src/sources/source-schema.js';
import type { BadCell, RecordTable, RowRequest, Table } from '../../src/sources/table.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-rows-'));
let n = 0;
function write(text: string, encoding: 'utf-8' | 'utf-16le' = 'utf-8'): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, encoding === 'utf-8' ? Buffer.from(text, 'utf8') : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  return path;
}

const request: RowRequest = {
  source: 'sales',
  settings: {},
  columns: [
    { header: 'date', type: 'date' },
    { header: 'amount', type: 'number' },
    { header: 'rep', type: 'text' },
    // A column the file does not have reads as empty.
    { header: 'missing', type: 'number' },
  ],
  period: 0,
};

interface Got {
  rows: { line: number; values: (number | string | null)[]; bad?: BadCell[]; fields?: number }[];
  totalRow?: number;
  lines?: number;
}

async function rowsOf(table: Table, last = true): Promise<Got> {
  const into = { num: new Float64Array(4), text: new Array<string | null>(4).fill(null) };
  const rows: Got['rows'] = [];
  const read = await table.rows(request, into, (line, bad, fields) => {
    rows.push({ line, values: [into.num[0], into.num[1], into.text[2], into.num[3]].map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)), ...(bad ? { bad } : {}), fields });
  }, { last });
  return { rows, totalRow: read.totalRow, lines: read.lines };
}

// 2026-10-01 and 2026-10-02 as wall-clock milliseconds: Date.UTC(2026, 9, 1) = 1790812800000, one day more is
// 86,400,000 ms later.
const OCT1 = Date.UTC(2026, 9, 1);
const OCT2 = OCT1 + 86_400_000;
const CSV = 'date,amount,rep\n2026-10-01,12.50,Ann\n2026-10-02,abc,"Bo"\n,,\nTotal,12.50,\n';

describe('typed rows', () => {
  for (const encoding of ['utf-8', 'utf-16le'] as const) {
    it(`reads a CSV's cells as the columns' types, locates what it cannot read, and leaves the sum line out (${encoding})`, async () => {
      const path = write(CSV, encoding);
      const table = await openFile(path, {} as never, 'sales');
      const got = await rowsOf(table);
      expect(got.rows).toEqual([
        { line: 2, values: [OCT1, 12.5, 'Ann', null], fields: 3 },
        {
          line: 3,
          values: [OCT2, null, 'Bo', null],
          bad: [{ slot: 1, file: table.label, line: 3, column: 'amount', value: 'abc', reason: expect.stringContaining('not a number') }],
          fields: 3,
        },
        // A line of empty cells is a row (with no values); it is not a line of blanks.
        { line: 4, values: [null, null, null, null], fields: 3 },
      ]);
      expect(got.totalRow).toBe(5);
      expect(got.lines).toBe(5);
    });
  }

  it('leaves a total row out wherever it stands, also in a part that does not end the file (trial4 F16)', async () => {
    const table = await openFile(write(CSV), {} as never, 'sales');
    const got = await rowsOf(table, false);
    expect(got.totalRow).toBe(5);
    expect(got.rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('keeps a last row that has a date, whatever its first cell says', async () => {
    const table = await openFile(write('rep,date,amount\nAnn,2026-10-01,1\nTotal Gym AS,2026-10-02,2\n'), {} as never, 'sales');
    const got = await rowsOf(table);
    expect(got.totalRow).toBeUndefined();
    expect(got.rows.map((r) => r.values)).toEqual([
      [OCT1, 1, 'Ann', null],
      [OCT2, 2, 'Total Gym AS', null],
    ]);
  });

  it('gives a reader that streams only cells typed rows from its cells (typed-rows.ts), with no total-row check', async () => {
    // What a new reader may return: records as cells, no `rows` (openFile fills it in so, from sources/typed-rows.ts).
    const cells: RecordTable = {
      path: 'x',
      format: 'test',
      label: 'x.test',
      lineWord: 'row',
      headers: ['date', 'amount', 'rep'],
      settings: {},
      sample: [['2026-10-01', '1', 'Ann']],
      async eachRecord(onRecord) {
        onRecord(['2026-10-01', '1', 'Ann'], 2);
        onRecord(['', '7', 'Total'], 3);
        onRecord([{ error: '#N/A' }, '2', 'Bo'], 4);
        onRecord(['Total', '3', ''], 5);
      },
    };
    const { rowsOfCells } = await import('../../src/sources/typed-rows.js');
    const got = await rowsOf(Object.assign(cells, { rows: rowsOfCells(cells, { totalRows: false }) }));
    expect(got.totalRow).toBeUndefined();
    expect(got.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(got.rows[2].bad).toEqual([{ slot: 0, file: 'x.test', line: 4, column: 'date', value: '#N/A', reason: 'spreadsheet error #N/A' }]);
  });
});
