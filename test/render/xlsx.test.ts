// Excel renderer: written by the real binary with -o, read back with exceljs; and opened by LibreOffice when installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { runKpi } from '../helpers/run-kpi.js';

const ARGS = ['-c', 'test/render/fixtures/kpi.yaml', '--period', '2026-10', '--by', 'rep'];
const LIBREOFFICE = ['/usr/bin/libreoffice', '/usr/bin/soffice', '/usr/local/bin/libreoffice'].find((p) => existsSync(p));

let dir: string;
let file: string;
let wb: ExcelJS.Workbook;
let json: Report;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-'));
  file = join(dir, 'report.xlsx');
  const run = runKpi(['report', ...ARGS, '-o', file]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  json = JSON.parse(runKpi(['report', '-f', 'json', ...ARGS]).stdout) as Report;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The Report sheet as objects keyed by header. */
function reportRows(): Record<string, ExcelJS.Cell>[] {
  const ws = wb.getWorksheet('Report')!;
  const headers = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, ExcelJS.Cell>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) out.push(Object.fromEntries(headers.map((h, i) => [h, ws.getRow(r).getCell(i + 1)])));
  return out;
}

describe('xlsx', () => {
  it('has the Report, Data quality and Definitions sheets', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Report', 'Data quality', 'Definitions']);
  });

  it('holds the same numbers as the JSON report, as numbers', () => {
    const rows = reportRows();
    expect(rows).toHaveLength(json.results.length);
    json.results.forEach((r, i) => {
      const row = rows[i];
      expect(row.KPI.value).toBe(r.kpi);
      expect(row.rep.value ?? undefined).toBe(r.group.rep);
      expect(row.Status.value).toBe(r.status);
      const pairs: [string, number | null][] = [
        ['Actual', r.value],
        ['Target', r.target],
        ['Variance', r.variance],
        ['Variance %', r.variance_pct],
        ['Previous', r.previous],
        ['Change', r.change],
        ['Change %', r.change_pct],
        ['Projected', r.projected],
        ['Baseline', r.baseline],
        ['Benchmark', r.benchmark],
      ];
      for (const [header, expected] of pairs) expect(row[header].value ?? null, `${r.kpi} ${header}`).toBe(expected);
    });
  });

  it('formats numbers by unit: currency with its code, percent 0.0%, days/hours 0.0, count #,##0', () => {
    const rows = reportRows();
    const byKpi = (kpi: string) => rows.find((r) => r.KPI.value === kpi && r.rep.value === null)!;
    expect(byKpi('revenue').Actual.numFmt).toBe('#,##0.00 "NOK"');
    expect(byKpi('revenue').Variance.numFmt).toBe('+#,##0.00 "NOK";-#,##0.00 "NOK";0.00 "NOK"');
    expect(byKpi('gross_margin').Actual.numFmt).toBe('0.0%');
    expect(byKpi('gross_margin')['Variance %'].numFmt).toBe('+0.0%;-0.0%;0.0%');
    expect(byKpi('sales_cycle_days').Target.numFmt).toBe('0.0');
    expect(byKpi('first_response_hours').Actual.numFmt).toBe('0.0');
    expect(byKpi('orders').Actual.numFmt).toBe('#,##0');
    expect(byKpi('nps').Actual.numFmt).toBe('0.0');
  });

  it('colours the status column with conditional formatting, one rule per status', () => {
    const ws = wb.getWorksheet('Report')!;
    const statusCol = ws.getColumn((ws.getRow(1).values as string[]).indexOf('Status')).letter;
    // Read back by exceljs, though its typings leave the property out.
    const formattings = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    expect(formattings).toHaveLength(1);
    const cf = formattings[0];
    expect(cf.ref).toBe(`${statusCol}2:${statusCol}${ws.rowCount}`);
    const rules = cf.rules as ExcelJS.ExpressionRuleType[];
    expect(rules.map((r) => r.type)).toEqual(Array(8).fill('expression'));
    expect(rules.map((r) => r.formulae?.[0])).toEqual(['met', 'at_risk', 'missed', 'early', 'no_target', 'no_data', 'incomplete', 'error'].map((s) => `$${statusCol}2="${s}"`));
    const missed = rules[2].style!.fill as ExcelJS.FillPattern;
    expect(missed.bgColor?.argb).toBe('FFFFC7CE');
    // No static fill on the status cells: the colour follows the value.
    expect(reportRows().every((r) => r.Status.fill === undefined)).toBe(true);
  });

  it('freezes the header row and filters every column', () => {
    const ws = wb.getWorksheet('Report')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    const last = ws.getColumn(ws.columnCount).letter;
    expect(ws.autoFilter).toBe(`A1:${last}${ws.rowCount}`);
    expect(ws.getRow(1).font?.bold).toBe(true);
  });

  it('lists each source with its row counts on the Data quality sheet', () => {
    const ws = wb.getWorksheet('Data quality')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(['Source', 'Files', 'Rows', 'Skipped', 'No period', 'Total rows']);
    json.data_quality.forEach((q, i) => {
      const row = ws.getRow(i + 2);
      expect((row.values as unknown[]).slice(1, 7)).toEqual([q.source, q.files.join('\n'), q.rows, q.skipped, q.no_period, q.total_rows.length]);
    });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('lists each KPI once on the Definitions sheet', () => {
    const ws = wb.getWorksheet('Definitions')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(['KPI', 'Label', 'Unit', 'Better', 'Formula', 'Definition', 'Target']);
    expect((ws.getRow(2).values as unknown[])[5]).toBe('sum(sales.revenue)');
    const kpis = [...new Set(json.results.map((r) => r.kpi))];
    expect(ws.rowCount).toBe(kpis.length + 1);
    expect((ws.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['revenue', 'Revenue', 'currency', 'higher']);
    expect(ws.getRow(2).getCell(5).value).toEqual(expect.any(String));
    const returns = kpis.indexOf('returns') + 2;
    expect(ws.getRow(returns).getCell(2).value).toBe('=1+2 returns');
  });

  it('is the same bytes on every run (fixed document dates and zip entry times)', () => {
    const again = join(dir, 'again.xlsx');
    expect(runKpi(['report', ...ARGS, '-o', again]).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
  });

  it.skipIf(!LIBREOFFICE)('opens cleanly in LibreOffice (converted to PDF)', () => {
    const run = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, file], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'report.pdf')), `${run.stdout}\n${run.stderr}`).toBe(true);
  }, 130_000);
});

if (!LIBREOFFICE) console.warn('xlsx: LibreOffice not installed (apt-get install libreoffice-calc); skipping the open-in-LibreOffice check');
