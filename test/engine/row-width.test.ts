// A row wider than its header is a located bad row left out of every figure (its cells moved: RFC 4180 and
// PostgreSQL's COPY reject it too); a narrower one is read with its missing cells empty and reported. The byte
// reader, the text reader (UTF-16) and a workbook agree. Expected values are counted by hand beside the rows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../src/report/build-report.js';
import { validateProject } from '../../src/report/validate.js';
import { DataError } from '../../src/errors.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(name: string, bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-width-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), bytes);
  writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  sales: { file: ${name} }\n`);
  return join(dir, 'kpi.yaml');
}

/*
 * line  date        order_id  revenue  cost
 *   2   2026-10-01  A         100      40
 *   3   2026-10-02  B         1,234.50,100    5 fields: the classic unquoted decimal comma; left out of everything
 *   4   2026-10-03  C         300             3 fields: cost empty
 *   5   2026-10-04  D         400      100
 * revenue = 100 + 300 + 400 = 800 (not 801, which reading "1" as B's revenue would give); orders = A, C, D = 3;
 * sum(cost) = 40 + 100 = 140; gross_profit = 800 − 140 = 660.
 */
const TEXT = 'date,order_id,revenue,cost\n2026-10-01,A,100,40\n2026-10-02,B,1,234.50,100\n2026-10-03,C,300\n2026-10-04,D,400,100\n';

const readers = [
  { reader: 'the byte reader (UTF-8)', name: 'sales.csv', bytes: Buffer.from(TEXT, 'utf8') },
  { reader: 'the text reader (UTF-16)', name: 'sales16.csv', bytes: Buffer.from(`\ufeff${TEXT}`, 'utf16le') },
];

describe.each(readers)('row width in $reader', ({ name, bytes }) => {
  const config = project(name, bytes);

  it('leaves a wide row out of every figure, reads a short one with its missing cells empty, and says both', async () => {
    const { report } = await computeReport({ config, period: '2026-10', compare: 'none', asOf: '2026-11-05', kpis: ['revenue', 'gross_profit', 'orders'] });
    expect(Object.fromEntries(report.results.map((r) => [r.kpi, r.value]))).toEqual({ revenue: 800, gross_profit: 660, orders: 3 });
    const q = report.data_quality[0];
    expect([q.rows, q.skipped]).toEqual([4, 1]);
    expect(q.wide_rows).toEqual({ count: 1, first: { file: expect.stringContaining(name), line: 3, fields: 5, header: 4 } });
    expect(q.short_rows).toEqual({ count: 1, first: { file: expect.stringContaining(name), line: 4, fields: 3, header: 4 } });
    expect(q.issues).toEqual([
      {
        file: expect.stringContaining(name),
        line: 3,
        column: '',
        value: '',
        reason: expect.stringMatching(/^the row has 5 fields, the header has 4: an unquoted decimal comma or delimiter in a value\?/),
      },
    ]);
  });

  it('stops at the wide row under --strict, with its line and both counts', async () => {
    const run = computeReport({ config, period: '2026-10', compare: 'none', asOf: '2026-11-05', kpis: ['revenue'], strict: true });
    await expect(run).rejects.toThrow(DataError);
    await expect(run).rejects.toThrow(new RegExp(`${name}:3: line 3 has 5 fields, the header has 4: an unquoted decimal comma`));
    await expect(run).rejects.toMatchObject({ code: 'KPI_CSV_WIDE_ROW', line: 3 });
  });

  it('is a problem for validate (the short row is only reported)', async () => {
    const v = await validateProject({ config });
    expect(v.problems).toBe(1);
    expect(v.sources[0].wide_rows.count).toBe(1);
    expect(v.sources[0].short_rows.count).toBe(1);
  });
});

describe('row width in a workbook', () => {
  it('leaves out a row with a value past the header, not one with an empty cell there', async () => {
    /*
     * row  date        revenue  (C)
     *  2   2026-10-01  100
     *  3   2026-10-02  200      checked    a value past the header: left out
     *  4   2026-10-03  300      ''         an empty string past the header: no value, read
     * revenue = 100 + 300 = 400.
     */
    const dir = mkdtempSync(join(tmpdir(), 'kpi-width-'));
    dirs.push(dir);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sales');
    ws.addRow(['date', 'revenue']);
    ws.addRow(['2026-10-01', 100]);
    ws.addRow(['2026-10-02', 200, 'checked']);
    ws.addRow(['2026-10-03', 300, '']);
    await wb.xlsx.writeFile(join(dir, 'sales.xlsx'));
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.xlsx }\n');
    const { report } = await computeReport({ config: join(dir, 'kpi.yaml'), period: '2026-10', compare: 'none', asOf: '2026-11-05', kpis: ['revenue'] });
    expect(report.results[0].value).toBe(400);
    const q = report.data_quality[0];
    expect(q.wide_rows).toEqual({ count: 1, first: { file: expect.stringContaining('sales.xlsx [Sales]'), line: 3, fields: 3, header: 2 } });
    expect(q.issues[0].reason).toMatch(/^the row has a value in column C, past the header's 2 columns: give that column a header/);
    expect(q.short_rows.count).toBe(0);
  });
});
