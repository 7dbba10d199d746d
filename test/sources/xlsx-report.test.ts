// `kpi report` on a CRM pipeline exported as .xlsx: the built binary, values worked out by hand, in three time zones.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runKpi } from '../helpers/run-kpi.js';

/*
 * Sheet "Pipeline" (after a "Notes" sheet), two title rows and a blank row above the header in row 4:
 *
 *   row  created     closed            status        amount           rep
 *    5   2026-09-01  2026-10-11        Won           1000             Ann   40 days
 *    6   2026-10-01  2026-10-21        won           3000             Bob   20 days
 *    7   2026-08-15  2026-10-05        Lost          500              Ann
 *    8   2026-10-10  (empty)           Open          800              Bob   no close date: no period
 *    9   2026-09-20  2026-10-31 23:30  Won           =1000+1000 → 2000 Ann   41 d 23.5 h = 41.979166… days
 *   10   2026-10-02  2026-10-15        Won           #N/A             Bob   13 days; amount unreadable, reported as row 10
 *   11   2026-09-01  2026-11-01        Won           9999             Ann   November
 *   12   2026-09-30  2026-09-30        Lost          100              Bob   September
 *   13   2026-10-01  2026-10-20        "Lo"+"st"     700              Ann   rich text
 *   14   2026-09-01  2026-10-01 00:30  Won           =500-500 → 0     Bob   30 d 0.5 h = 30.020833… days
 *
 * October 2026 (by close date; the 23:30 and 00:30 closes stay in October in every time zone). The #N/A amount of
 * row 10 leaves it out of the amount's aggregate only: win rate and cycle do not read the amount.
 *   win_rate          won 5, 6, 9, 10, 14 / (won 5 + lost 7, 13)      = 5 / 7
 *   avg_deal_size     (1000 + 3000 + 2000 + 0) / 4                     = 1500   (a cached 0 is 0, not empty; row 10 left out)
 *   sales_cycle_days  (40 + 20 + 41.979166… + 13 + 30.020833…) / 5 = 145 / 5 = 29
 */
const EXPECTED = { win_rate: 5 / 7, avg_deal_size: 1500, sales_cycle_days: 29 };

const at = (y: number, m: number, d: number, h = 0, mi = 0): Date => new Date(Date.UTC(y, m - 1, d, h, mi));
const dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Notes').addRow(['Exported from the CRM; amounts in NOK']);
  const ws = wb.addWorksheet('Pipeline');
  ws.getCell('A1').value = 'Pipeline export';
  ws.getCell('A2').value = 'Generated 2026-11-01 08:00';
  ws.getRow(4).values = ['created', 'closed', 'status', 'amount', 'rep'];
  const rows: ExcelJS.CellValue[][] = [
    [at(2026, 9, 1), at(2026, 10, 11), 'Won', 1000, 'Ann'],
    [at(2026, 10, 1), at(2026, 10, 21), 'won', 3000, 'Bob'],
    [at(2026, 8, 15), at(2026, 10, 5), 'Lost', 500, 'Ann'],
    [at(2026, 10, 10), null, 'Open', 800, 'Bob'],
    [at(2026, 9, 20), at(2026, 10, 31, 23, 30), 'Won', { formula: '1000+1000', result: 2000 } as ExcelJS.CellFormulaValue, 'Ann'],
    [at(2026, 10, 2), at(2026, 10, 15), 'Won', { error: '#N/A' }, 'Bob'],
    [at(2026, 9, 1), at(2026, 11, 1), 'Won', 9999, 'Ann'],
    [at(2026, 9, 30), at(2026, 9, 30), 'Lost', 100, 'Bob'],
    [at(2026, 10, 1), at(2026, 10, 20), { richText: [{ text: 'Lo' }, { font: { italic: true }, text: 'st' }] }, 700, 'Ann'],
    [at(2026, 9, 1), at(2026, 10, 1, 0, 30), 'Won', { formula: '500-500', result: 0 } as ExcelJS.CellFormulaValue, 'Bob'],
  ];
  rows.forEach((values, i) => (ws.getRow(5 + i).values = values));
  await wb.xlsx.writeFile(join(dir, 'pipeline.xlsx'));
  writeFileSync(join(dir, 'kpi.yaml'), 'currency: NOK\nsources:\n  deals: { file: pipeline.xlsx, sheet: Pipeline }\n');
});

interface Report {
  results: { kpi: string; group: Record<string, string>; value: number | null }[];
  data_quality: { source: string; files: string[]; rows: number; skipped: number; issues: Record<string, unknown>[] }[];
}

const haveBuild = existsSync(join(BIN, '..', '..', 'dist'));

describe('kpi report on an .xlsx pipeline', () => {
  for (const tz of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles']) {
    it.skipIf(!haveBuild)(`computes the deal KPIs by hand and reports the #N/A cell (TZ=${tz})`, () => {
      const run = runKpi(['report', '-c', 'kpi.yaml', '--period', '2026-10', '-f', 'json', '--compare', 'none'], { cwd: dir, env: { TZ: tz } });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      const values = Object.fromEntries(report.results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.kpi, r.value]));
      for (const [kpi, want] of Object.entries(EXPECTED)) expect(values[kpi], kpi).toBeCloseTo(want, 9);
      const deals = report.data_quality.find((q) => q.source === 'deals')!;
      expect(deals.rows).toBe(10);
      expect(deals.skipped).toBe(1);
      expect(deals.issues).toEqual([{ file: 'pipeline.xlsx [Pipeline]', line: 10, column: 'amount', value: '#N/A', reason: 'spreadsheet error #N/A' }]);
    });
  }
});
