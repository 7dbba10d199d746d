// kpi scorecard's workbook in the locale, read back with exceljs: its figures carry the number formats the report's
// workbook gives them (README "In the workbook the number formats carry the locale"): money with its currency and
// cents, `%`, percentage points, hours, each behind Excel's locale id so Excel and LibreOffice show `1 462 864,40 kr`
// whatever the reader's system; a percent's remaining and variance are stored in points as the report's variance.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const ARGS = ['scorecard', '-c', 'fixtures/layout/kpi.yaml', '--as-of', '2026-11-15', '--kpi', 'revenue,win_rate,first_response_hours', '-q'];

async function workbook(locale: string): Promise<ExcelJS.Workbook> {
  const out = join(mkdtempSync(join(tmpdir(), `kpi-sc-locale-${locale}-`)), 'sc.xlsx');
  const run = runKpi([...ARGS, '--locale', locale, '-o', out]);
  expect(run.code, run.stderr).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  return wb;
}

/** The row of the sheet whose first cell is `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value === label) found ??= row;
  });
  expect(found, label).toBeDefined();
  return found!;
}

// Columns of the Scorecard sheet: A KPI, B–K Jan–Oct, L YTD, M last year's YTD, N full-year target, O remaining.
const OCT = 11;
const YTD = 12;
const REMAINING = 15;

describe('kpi scorecard -o x.xlsx in the locale', () => {
  it('nb-NO: kroner with øre, «%», «p.p.», «t» behind [$-414]; the page footer in Norwegian', { timeout: 60_000 }, async () => {
    const wb = await workbook('nb-NO');
    const ws = wb.getWorksheet('Målkort')!;
    expect(ws, 'the Scorecard sheet in Norwegian').toBeDefined();
    const revenue = rowOf(ws, 'Omsetning');
    // October: 1,462,864.40 NOK, the project's currency, which is Norway's own: Excel's «kr, Norwegian».
    expect(revenue.getCell(OCT).value).toBe(1462864.4);
    expect(revenue.getCell(OCT).numFmt).toBe('[$-414]#,##0.00 [$kr-414]');
    expect(revenue.getCell(YTD).numFmt).toBe('[$-414]#,##0.00 [$kr-414]');
    // Remaining = 17,050,000 − 18,018,984.40 = −968,984.40: a difference, signed.
    expect(revenue.getCell(REMAINING).value).toBe(-968984.4);
    expect(revenue.getCell(REMAINING).numFmt).toBe('[$-414]+#,##0.00 [$kr-414];-#,##0.00 [$kr-414];0.00 [$kr-414]');
    const win = rowOf(ws, 'Vinnrate');
    expect(win.getCell(OCT).numFmt).toBe('[$-414]0.0 %');
    // 30 % − 35.5855… % = −5.5855… points, stored to 0.01 point.
    expect(win.getCell(REMAINING).value).toBe(-5.59);
    expect(win.getCell(REMAINING).numFmt).toBe('[$-414]+0.0 "p.p.";-0.0 "p.p.";0.0 "p.p."');
    // Hours in Norwegian are «t» (timer), said by the format, not by a suffix on the name.
    const response = rowOf(ws, 'Første svartid');
    expect(response.getCell(OCT).numFmt).toBe('[$-414]0.0 "t"');
    // `1 462 864,40 kr` is 15 characters: a narrower column shows ##### in Excel.
    expect(ws.getColumn(OCT).width).toBeGreaterThanOrEqual(17);
    expect(ws.headerFooter.oddFooter).toContain('Side &P av &N');
    // The Cells sheet: October's win-rate variance, 25.0 % against 30 %, is −5 points, in points' format.
    const cells = wb.getWorksheet('Celler')!;
    let variance: ExcelJS.Cell | undefined;
    cells.eachRow((row) => {
      if (row.getCell(1).value === 'win_rate' && row.getCell(4).value === '2026-10') variance = row.getCell(7);
    });
    expect(variance?.value).toBe(-5);
    expect(variance?.numFmt).toBe('[$-414]+0.0 "p.p.";-0.0 "p.p.";0.0 "p.p."');
  });

  it('en-GB: NOK after the amount (not the pound), `%` and `pp` behind [$-809]', { timeout: 60_000 }, async () => {
    const wb = await workbook('en-GB');
    const ws = wb.getWorksheet('Scorecard')!;
    const revenue = rowOf(ws, 'Revenue');
    expect(revenue.getCell(OCT).numFmt).toBe('[$-809]#,##0.00 "NOK"');
    const win = rowOf(ws, 'Win rate');
    expect(win.getCell(OCT).numFmt).toBe('[$-809]0.0%');
    expect(win.getCell(REMAINING).numFmt).toBe('[$-809]+0.0 "pp";-0.0 "pp";0.0 "pp"');
    expect(rowOf(ws, 'First response time').getCell(OCT).numFmt).toBe('[$-809]0.0 "h"');
    expect(ws.headerFooter.oddFooter).toContain('Page &P of &N');
  });
});
