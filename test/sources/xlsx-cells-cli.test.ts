// XLSX cells that are not what they seem, through the CLI (issue 11 item 11, issue 12 item 11): a formula with no
// cached value and an out-of-range number are located bad values; --strict stops on them with exit 3, not 70.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-cli-'));

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sales');
  ws.addRow(['date', 'revenue']);
  ws.addRow(['2026-10-01', 100]);
  ws.addRow(['2026-10-02', { formula: 'B2*2' } as ExcelJS.CellFormulaValue]); // as exceljs and openpyxl write it: no result
  ws.addRow(['2026-10-03', 1e308]);
  ws.addRow(['2026-10-04', 5]);
  await wb.xlsx.writeFile(join(dir, 'sales.xlsx'));
  writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales:\n    file: sales.xlsx\n');
});

const args = ['report', '--kpi', 'revenue', '--period', '2026-10', '--as-of', '2026-11-05'];

describe('XLSX cells through the CLI', () => {
  it('counts and locates them; the figure is built from the understood rows only', () => {
    const run = runKpi([...args, '-c', join(dir, 'kpi.yaml'), '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    // 100 + 5: the formula row and the 1e308 row are left out.
    expect(report.results[0].value).toBe(105);
    expect(report.data_quality[0].issues.map((i: { line: number; reason: string }) => [i.line, i.reason])).toEqual([
      [3, expect.stringMatching(/^formula without a cached value .*open and save the workbook in Excel or LibreOffice$/)],
      [4, expect.stringMatching(/^number out of range: 1e\+308 is beyond ±10\^15/)],
    ]);
  });

  it('--strict stops at the first with exit 3', () => {
    const run = runKpi([...args, '-c', join(dir, 'kpi.yaml'), '--strict']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/sales\.xlsx \[Sales\]:3: column 'revenue': "=B2\*2": formula without a cached value/);
  });
});
