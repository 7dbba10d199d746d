// Excel renderer: written by the real binary with -o, read back with exceljs; and opened by LibreOffice when installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { HEADER_ROW, roundTo, storedValue } from '../../src/render/xlsx.js';
import { runKpi } from '../helpers/run-kpi.js';
import { unzip } from '../helpers/zip.js';
import { iconsShown } from './office.js';

const ARGS = ['-c', 'test/render/fixtures/kpi.yaml', '--period', '2026-10', '--by', 'rep'];
const LIBREOFFICE = ['/usr/bin/libreoffice', '/usr/bin/soffice', '/usr/local/bin/libreoffice'].find((p) => existsSync(p));
const PDFTOPPM = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((p) => existsSync(p));

let dir: string;
let file: string;
let wb: ExcelJS.Workbook;
let nb: ExcelJS.Workbook;
let json: Report;

async function workbook(args: string[], name: string): Promise<ExcelJS.Workbook> {
  const out = join(dir, name);
  const run = runKpi(['report', ...args, '-o', out]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(out);
  return book;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-'));
  file = join(dir, 'report.xlsx');
  // In registry order, the JSON's (the Report sheet lists the exceptions first by default: render/order.ts).
  wb = await workbook([...ARGS, '--sort', 'registry'], 'report.xlsx');
  nb = await workbook([...ARGS, '--sort', 'registry', '--locale', 'nb-NO'], 'rapport.xlsx');
  json = JSON.parse(runKpi(['report', '-f', 'json', ...ARGS]).stdout) as Report;
  // Three runs of the binary: more than the default hook timeout on a loaded machine.
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The Report sheet as objects keyed by header (the heads are in HEADER_ROW, under the title block). */
function reportRows(book = wb, sheet = 'Report'): Record<string, ExcelJS.Cell>[] {
  const ws = book.getWorksheet(sheet)!;
  const headers = (ws.getRow(HEADER_ROW).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, ExcelJS.Cell>[] = [];
  for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) out.push(Object.fromEntries(headers.map((h, i) => [h, ws.getRow(r).getCell(i + 1)])));
  return out;
}

/** Rounded as a person would: half away from zero at `d` decimals (the fixture's figures are far from any tie). */
// Half away from zero on the decimal figure (the scaled product to 12 significant digits first, so 0.25125 × 10^4,
// 2512.4999999999995 in binary, rounds as the 2512.5 it stands for) — independent of xlsx.ts's roundTo.
const round = (n: number | null, d: number) => (n === null ? null : (Math.sign(n) * Math.round(Number((Math.abs(n) * 10 ** d).toPrecision(12)))) / 10 ** d + 0);

describe('xlsx', () => {
  it('has the Report, Data quality and Definitions sheets, named in the locale', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Report', 'Data quality', 'Definitions']);
    expect(nb.worksheets.map((w) => w.name)).toEqual(['Rapport', 'Datakvalitet', 'Definisjoner']);
  });

  it('opens with a title block: the title, the summary, the note on percentage points', () => {
    const ws = wb.getWorksheet('Report')!;
    expect(ws.getCell('A1').value).toBe('KPI report 2026-10 (2026-10-01 – 2026-10-31), compared with 2026-09');
    expect(ws.getCell('A1').font).toMatchObject({ name: 'Calibri', bold: true });
    expect(ws.getCell('A2').value).toMatch(/^\d+ met · \d+ at risk · \d+ missed · \d+ without target · \d+ without data$/);
    expect(ws.getCell('A3').value).toBe('Variances and changes of percentages are in percentage points (pp).');
    const no = nb.getWorksheet('Rapport')!;
    expect(no.getCell('A1').value).toBe('KPI-rapport 2026-10 (01.10.2026 – 31.10.2026), sammenlignet med 2026-09');
    expect(no.getCell('A2').value).toMatch(/^\d+ nådd · \d+ i fare · \d+ ikke nådd · \d+ uten mål · \d+ uten data$/);
  });

  it('puts the label first, the status in words, and the codes for machines after the figures', () => {
    const rows = reportRows();
    const heads = Object.keys(rows[0]);
    expect(heads.slice(0, 2)).toEqual(['KPI', 'rep']);
    expect(heads.indexOf('Status')).toBeLessThan(heads.indexOf('ID'));
    json.results.forEach((r, i) => {
      expect(rows[i].KPI.value).toBe(r.label);
      expect(rows[i].ID.value).toBe(r.kpi);
      expect(rows[i]['Status code'].value).toBe(r.status);
    });
    const missed = rows.find((r) => r['Status code'].value === 'missed')!;
    expect(missed.Status.value).toBe('missed');
    const atRisk = rows.find((r) => r['Status code'].value === 'at_risk')!;
    expect(atRisk.Status.value).toBe('at risk');
    const no = reportRows(nb, 'Rapport');
    expect(no[0].Nøkkeltall.value).toBe('Omsetning');
    expect(no.find((r) => r.Statuskode.value === 'at_risk')!.Status.value).toBe('i fare');
    // A user's own label stays as written.
    expect(no.some((r) => r.Nøkkeltall.value === '=1+2 returns')).toBe(true);
  });

  it('holds the JSON report\'s numbers rounded to their unit\'s precision; percent differences in points', () => {
    const rows = reportRows();
    expect(rows).toHaveLength(json.results.length);
    // Cents for money, 4 decimals of a share (0.01 pp), hundredths of days, hours and scores.
    const decimals = { currency: 2, percent: 4, days: 2, hours: 2, count: 2, score: 2, number: 4 } as const;
    json.results.forEach((r, i) => {
      const row = rows[i];
      expect(row.rep.value ?? undefined).toBe(r.group.rep);
      const d = decimals[r.unit];
      // A variance or change of a percent KPI: points (0.05 → 5.00) with 2 decimals.
      const delta = (n: number | null) => (r.unit === 'percent' ? round(n === null ? null : n * 100, 2) : round(n, d));
      const pairs: [string, number | null][] = [
        ['Actual', round(r.value, d)],
        ['Target', round(r.target, d)],
        ['Variance', delta(r.variance)],
        ['Variance %', round(r.variance_pct, 4)],
        ['Previous', round(r.previous, d)],
        ['Change', delta(r.change)],
        ['Change %', round(r.change_pct, 4)],
      ];
      for (const [header, expected] of pairs) expect(row[header].value ?? null, `${r.kpi} ${header}`).toBe(expected);
    });
    // Columns no result fills are left out: the fixture has no running period and no baselines by rep.
    expect(Object.keys(rows[0])).not.toContain('Projected');
  });

  it('rounds float noise away, and keeps every cent of large amounts', () => {
    expect(storedValue(-37135.6000000001, 'currency', 'value')).toBe(-37135.6);
    expect(storedValue(12345678901234.56, 'currency', 'value')).toBe(12345678901234.56);
    expect(storedValue(0.0247570666666667, 'percent', 'value')).toBe(0.0248);
    expect(storedValue(0.0301559119218432, 'percent', 'delta')).toBe(3.02);
    expect(storedValue(-0.00001, 'percent', 'delta')).toBe(0);
    expect(roundTo(-0.0000001, 2)).toBe(0);
    // Half away from zero on the figure's decimal text, as the table prints it: CAC 10 003,925 kr is 10 003,93 in
    // every format (toFixed gave 10 003,92: the double is 10003.92499…), a variance of −1 996,075 is −1 996,08.
    expect(storedValue(10003.925, 'currency', 'value')).toBe(10003.93);
    expect(storedValue(-1996.075, 'currency', 'value')).toBe(-1996.08);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.5e-7, 4)).toBe(0);
    expect(roundTo(98765432109876.54, 2)).toBe(98765432109876.54);
    // No stored number carries more than 4 decimals.
    const sheet = unzip(readFileSync(file)).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    const numbers = [...sheet.matchAll(/<v>(-?\d+(?:\.\d+)?)<\/v>/g)].map((m) => m[1]);
    expect(numbers.length).toBeGreaterThan(50);
    expect(numbers.filter((n) => /\.\d{5,}/.test(n))).toEqual([]);
  });

  it('formats numbers by unit: money with its currency, %, pp, d, h, counts', () => {
    const rows = reportRows();
    const byKpi = (kpi: string) => rows.find((r) => r.ID.value === kpi && r.rep.value === null)!;
    expect(byKpi('revenue').Actual.numFmt).toBe('#,##0.00 "NOK"');
    expect(byKpi('revenue').Variance.numFmt).toBe('+#,##0.00 "NOK";-#,##0.00 "NOK";0.00 "NOK"');
    expect(byKpi('gross_margin').Actual.numFmt).toBe('0.0%');
    expect(byKpi('gross_margin').Variance.numFmt).toBe('+0.0 "pp";-0.0 "pp";0.0 "pp"');
    expect(byKpi('gross_margin')['Variance %'].numFmt).toBe('+0.0%;-0.0%;0.0%');
    expect(byKpi('sales_cycle_days').Target.numFmt).toBe('0.0 "d"');
    expect(byKpi('first_response_hours').Actual.numFmt).toBe('0.0 "h"');
    expect(byKpi('orders').Actual.numFmt).toBe('#,##0');
    expect(byKpi('nps').Actual.numFmt).toBe('0.0');
  });

  it('in nb-NO: Norwegian separators by the locale id, kr, %, p.p., t', () => {
    const rows = reportRows(nb, 'Rapport');
    const byKpi = (kpi: string) => rows.find((r) => r.ID.value === kpi && r.selger.value === null)!;
    // [$-414]: Norwegian (bokmål); [$kr-414]: the currency symbol kr of that locale, as Excel writes it.
    expect(byKpi('revenue').Faktisk.numFmt).toBe('[$-414]#,##0.00 [$kr-414]');
    expect(byKpi('gross_margin').Faktisk.numFmt).toBe('[$-414]0.0 %');
    expect(byKpi('gross_margin').Avvik.numFmt).toBe('[$-414]+0.0 "p.p.";-0.0 "p.p.";0.0 "p.p."');
    expect(byKpi('first_response_hours').Faktisk.numFmt).toBe('[$-414]0.0 "t"');
  });

  it('colours the status words by the status code, one rule per status, whatever the language', () => {
    for (const [book, sheet, code] of [
      [wb, 'Report', 'Status code'],
      [nb, 'Rapport', 'Statuskode'],
    ] as const) {
      const ws = book.getWorksheet(sheet)!;
      const heads = ws.getRow(HEADER_ROW).values as string[];
      const statusCol = ws.getColumn(heads.indexOf('Status')).letter;
      const codeCol = ws.getColumn(heads.indexOf(code)).letter;
      // Read back by exceljs, though its typings leave the property out.
      const formattings = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
      const cf = formattings.find((f) => f.ref.startsWith(statusCol))!;
      expect(cf.ref).toBe(`${statusCol}${HEADER_ROW + 1}:${statusCol}${ws.rowCount}`);
      const rules = cf.rules as ExcelJS.ExpressionRuleType[];
      expect(rules.map((r) => r.formulae?.[0])).toEqual(['met', 'at_risk', 'missed', 'early', 'no_target', 'no_data', 'incomplete', 'error'].map((s) => `$${codeCol}${HEADER_ROW + 1}="${s}"`));
      expect((rules[2].style!.fill as ExcelJS.FillPattern).bgColor?.argb).toBe('FFFFC7CE');
    }
  });

  it('marks each variance with its status\'s icon: a cross for missed, an exclamation mark for at risk, a tick for met', () => {
    const ws = wb.getWorksheet('Report')!;
    const heads = ws.getRow(HEADER_ROW).values as string[];
    const col = ws.getColumn(heads.indexOf('Variance')).letter;
    const shown = iconsShown(ws, col);
    // Every result with a variance and one of the three statuses has its icon; no other cell of the column has one.
    const expected = new Map<number, number>();
    json.results.forEach((r, i) => {
      const icon = { missed: 1, at_risk: 2, met: 3 }[r.status as string];
      if (icon !== undefined && r.variance !== null) expected.set(HEADER_ROW + 1 + i, icon);
    });
    expect([...expected.values()]).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(shown).toEqual(expected);
  });

  it('names the font of every cell it styles (a sans, not LibreOffice\'s serif fallback)', () => {
    const ws = wb.getWorksheet('Report')!;
    for (let r = 1; r <= ws.rowCount; r++) {
      ws.getRow(r).eachCell((cell) => expect(cell.font?.name, cell.address).toBe('Calibri'));
    }
    const styles = unzip(readFileSync(file)).get('xl/styles.xml')!.toString('utf8');
    // The cell fonts (the conditional formats' fonts under <dxfs> carry a colour only, over the cell's font).
    const cellFonts = styles.slice(styles.indexOf('<fonts'), styles.indexOf('</fonts>'));
    const fonts = [...cellFonts.matchAll(/<font>(.*?)<\/font>/g)].map((m) => m[1]);
    expect(fonts.length).toBeGreaterThan(1);
    for (const font of fonts) expect(font).toContain('<name val="Calibri"/>');
  });

  it('freezes the label column and the head, and filters every column', () => {
    const ws = wb.getWorksheet('Report')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW, topLeftCell: `B${HEADER_ROW + 1}` });
    const last = ws.getColumn(ws.columnCount).letter;
    expect(ws.autoFilter).toBe(`A${HEADER_ROW}:${last}${ws.rowCount}`);
    expect(ws.getRow(HEADER_ROW).font?.bold).toBe(true);
  });

  it('prints landscape, one page wide, the figures only, the head on every page', () => {
    const ws = wb.getWorksheet('Report')!;
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 });
    const heads = ws.getRow(HEADER_ROW).values as string[];
    // The print area ends at the last column people read (Benchmark here), before the codes (ID first).
    const lastPrinted = ws.getColumn(heads.indexOf('ID') - 1).letter;
    expect(heads[heads.indexOf('ID') - 1]).toBe('Benchmark');
    const book = unzip(readFileSync(file)).get('xl/workbook.xml')!.toString('utf8').replaceAll('&apos;', "'");
    expect(book).toMatch(new RegExp(`_xlnm.Print_Area" localSheetId="0">'Report'!\\$A\\$?1:\\$${lastPrinted}\\$?${ws.rowCount}<`));
    expect(book).toContain(`'Report'!$${HEADER_ROW}:$${HEADER_ROW}`);
    expect(ws.headerFooter.oddFooter).toContain('Page &P of &N');
    expect(nb.getWorksheet('Rapport')!.headerFooter.oddFooter).toContain('Side &P av &N');
  });

  it('lists each source with its row counts on the Data quality sheet', () => {
    const ws = wb.getWorksheet('Data quality')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(['Source', 'Files', 'Rows', 'Skipped', 'No period', 'Total rows']);
    json.data_quality.forEach((q, i) => {
      const row = ws.getRow(i + 2);
      expect((row.values as unknown[]).slice(1, 7)).toEqual([q.source, q.files.join('\n'), q.rows, q.skipped, q.no_period, q.total_rows.length]);
    });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((nb.getWorksheet('Datakvalitet')!.getRow(1).values as string[]).slice(1, 3)).toEqual(['Kilde', 'Filer']);
  });

  it('lists each KPI once on the Definitions sheet', () => {
    const ws = wb.getWorksheet('Definitions')!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual(['ID', 'KPI', 'Unit', 'Better', 'Formula', 'Definition', 'Target']);
    expect((ws.getRow(2).values as unknown[])[5]).toBe('sum(sales.revenue)');
    const kpis = [...new Set(json.results.map((r) => r.kpi))];
    expect(ws.rowCount).toBe(kpis.length + 1);
    expect((ws.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['revenue', 'Revenue', 'currency', 'higher']);
    const returns = kpis.indexOf('returns') + 2;
    expect(ws.getRow(returns).getCell(2).value).toBe('=1+2 returns');
    // In a locale the unit and direction are words of the language (the currency as the locale writes it), the
    // --by field's head too; in English they stay as kpi.yaml writes them (above).
    const def = nb.getWorksheet('Definisjoner')!;
    expect((def.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['revenue', 'Omsetning', 'beløp (kr)', 'høyere']);
    const rates = [...new Set(json.results.map((r) => r.kpi))].findIndex((k) => json.results.find((r) => r.kpi === k)!.unit === 'percent') + 2;
    expect(def.getRow(rates).getCell(3).value).toBe('prosent');
    expect((nb.getWorksheet('Rapport')!.getRow(HEADER_ROW).values as string[])).toContain('selger');
  });

  it('is the same bytes on every run (fixed document dates and zip entry times)', () => {
    const again = join(dir, 'again.xlsx');
    expect(runKpi(['report', ...ARGS, '--sort', 'registry', '-o', again]).code).toBe(0);
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

  it.skipIf(!LIBREOFFICE || !PDFTOPPM)('prints in Norwegian as LibreOffice renders it: the figures block only, Norwegian numbers, a page that is not blank', () => {
    const book = join(dir, 'rapport.xlsx');
    const run = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, book], { encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const pdf = join(dir, 'rapport.pdf');
    // The first page: the Report sheet.
    const text = spawnSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('KPI-rapport 2026-10 (01.10.2026 – 31.10.2026), sammenlignet med 2026-09');
    // Revenue 1,550 NOK against 1,500 (the fixture's targets): Norwegian signs from [$-414], kr from [$kr-414].
    expect(text).toMatch(/Omsetning\s+1\s550,00\skr\s+1\s500,00\skr\s+\+50,00\skr\s+\+3,3\s%\s+nådd/);
    expect(text).toMatch(/\+\d+,\d p\.p\./);
    // The columns for machines are outside the print area.
    expect(text).not.toContain('Statuskode');
    // Rendered, the page has ink: more than 0.2 % of its pixels dark (a greyscale PGM at 30 dpi; a blank page has none).
    const pgm = spawnSync('pdftoppm', ['-r', '30', '-gray', '-f', '1', '-l', '1', pdf], { maxBuffer: 1 << 26 }).stdout as Buffer;
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(header[0].length);
    expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
    const dark = pixels.filter((v) => v < 128).length;
    expect(dark / pixels.length).toBeGreaterThan(0.002);
  }, 130_000);
});

if (!LIBREOFFICE) console.warn('xlsx: LibreOffice not installed (apt-get install libreoffice-calc); skipping the open-in-LibreOffice check');
