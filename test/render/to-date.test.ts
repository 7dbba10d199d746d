// Issue 17 item 5 in the meeting formats: a running period's target to date (`target_to_date`) and the pace basis
// that gave it (`pace_by`), shown by html, xlsx, pptx and pdf in the report's locale. fixtures/pacing as of
// 15 May 2026 (README "Pacing"; test/targets/pacing.test.ts derives the same shares):
//   rev_linear      20,000 per month, by days:          20,000 × 15/31            =  9,677.42
//   rev_workdays    20,000 per month, working days:     20,000 × 9/18 (NO, May)   = 10,000.00
//   rev_weights     240,000 a year, weights 4 of 24 in May: 40,000 × 15/31        = 19,354.84
//   rev_last_year   20,000 per month, last year's shape: 3,000 of 10,000 by 15 May = 20,000 × 0.3 = 6,000.00
//   rev_per_workday 1,000 per working day, 18 in May, 9 elapsed                    =  9,000.00
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';
import { HEADER_ROW } from '../../src/render/xlsx.js';
import { pdfText, PDFTOTEXT, readDeck } from './office.js';

const ARGS = ['-c', 'fixtures/pacing/kpi.yaml', '--period', '2026-05', '--as-of', '2026-05-15', '--compare', 'none', '--locale', 'nb-NO'];
const EXPECTED: [string, string, string][] = [
  ['Rev linear', '9 677,42', 'etter dager'],
  ['Rev workdays', '10 000,00', 'etter arbeidsdager'],
  ['Rev weights', '19 354,84', 'etter månedsvekter'],
  ['Rev last year', '6 000,00', 'etter fjorårets forløp'],
  ['Rev per workday', '9 000,00', 'etter arbeidsdager'],
];
const NOTE = 'Mål hittil: den delen av målet som skal være nådd per 15.05.2026 — etter dager: Rev linear; etter arbeidsdager: Rev workdays, Rev per workday; etter månedsvekter: Rev weights; etter fjorårets forløp: Rev last year.';

/** Intl's no-break and narrow no-break spaces read as plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-to-date-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the target to date and its pace basis', () => {
  it('html: under each target, and a note naming every basis', () => {
    const run = runKpi(['report', ...ARGS, '-f', 'html']);
    expect(run.code).toBe(0);
    const html = plain(run.stdout);
    for (const [, value, basis] of EXPECTED) expect(html).toContain(`<small>hittil ${value}, ${basis}</small>`);
    expect(html).toContain(`<p class="note">${NOTE}</p>`);
  });

  it('xlsx: a Mål hittil column of numbers and its basis in words', async () => {
    const file = join(dir, 'r.xlsx');
    expect(runKpi(['report', ...ARGS, '-o', file]).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Rapport')!;
    const heads = (ws.getRow(HEADER_ROW).values as ExcelJS.CellValue[]).slice(1).map(String);
    const col = (h: string) => heads.indexOf(h) + 1;
    expect(col('Mål hittil')).toBeGreaterThan(0);
    const byLabel = new Map<string, [unknown, unknown]>();
    for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      byLabel.set(String(row.getCell(1).value), [row.getCell(col('Mål hittil')).value, row.getCell(col('Tempo beregnet')).value]);
    }
    const numbers = [9677.42, 10000, 19354.84, 6000, 9000];
    EXPECTED.forEach(([label, , basis], i) => expect(byLabel.get(label)).toEqual([numbers[i], basis]));
    // The plain revenue KPI has no target: no target to date either.
    expect(byLabel.get('Omsetning')).toEqual([null, null]);
  });

  it('pptx: a Mål hittil column on the section slide, the basis on the notes slide', async () => {
    const file = join(dir, 'r.pptx');
    expect(runKpi(['report', ...ARGS, '-o', file]).code).toBe(0);
    const slides = await readDeck(file);
    const texts = slides.map((boxes) => boxes.map((b) => plain(b.text.replaceAll('\n', ' '))));
    // The section of the sales source (the slide after the exceptions), every paced KPI on it.
    const section = texts.find((t) => t[0] === 'Sales' && t.includes('Mål hittil'))!;
    expect(section).toBeDefined();
    for (const [, value] of EXPECTED) expect(section).toContain(value);
    expect(texts.flat().join(' ')).toContain('etter arbeidsdager: Rev workdays, Rev per workday');
  });

  it.runIf(PDFTOTEXT)('pdf: the column in the summary, the basis in the appendix and the notes', () => {
    const file = join(dir, 'r.pdf');
    expect(runKpi(['report', ...ARGS, '-o', file]).code).toBe(0);
    const text = plain(pdfText(file).join('\n'));
    expect(text).toContain('Mål hittil');
    expect(text).toContain('Tempo beregnet');
    for (const [, value, basis] of EXPECTED) {
      expect(text).toContain(value);
      expect(text).toContain(basis);
    }
    expect(text.replace(/\s+/g, ' ')).toContain('etter månedsvekter: Rev weights');
  });
});
