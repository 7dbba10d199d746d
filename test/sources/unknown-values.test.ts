// Canonical values are a closed set: a value that maps to nothing is counted, located, flagged on the results read
// from it, fails `kpi check` (exit 3) and `kpi validate`, and stops `--strict`; `values:` maps it, `ignore:` leaves it out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HEADER_ROW } from '../../src/render/xlsx.js';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const DEALS = 'fixtures/unknown-values/deals.csv';
const LEDGER = 'fixtures/unknown-values/ledger.csv';
const PERIOD = ['--period', '2026-10', '--as-of', '2026-11-15'];

interface Json {
  results: { kpi: string; group: object; value: number | null; unknown_values: number }[];
  data_quality: { source: string; unknown_values: object[]; ignored_values: object[] }[];
}

function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-unknown-'));
  writeFileSync(join(dir, 'kpi.yaml'), yaml);
  return join(dir, 'kpi.yaml');
}

const total = (json: Json, kpi: string) => json.results.find((r) => r.kpi === kpi && Object.keys(r.group).length === 0)!;

describe('unknown values of a mapped field', () => {
  it('are counted per distinct value with their first location, and flag the results read from the column', () => {
    const run = runKpi(['report', '--source', `deals=${DEALS}`, '--kpi', 'win_rate,avg_deal_size,deals_created', '-f', 'json', ...PERIOD]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Json;
    // Status: Won, Lost, Won known; Signed and signed are one value (2 rows, first at line 5); Parked (line 7).
    expect(json.data_quality[0].unknown_values).toEqual([
      { field: 'status', column: 'Status', value: 'Signed', count: 2, file: DEALS, line: 5, expected: ['won', 'lost', 'open'] },
      { field: 'status', column: 'Status', value: 'Parked', count: 1, file: DEALS, line: 7, expected: ['won', 'lost', 'open'] },
    ]);
    // win_rate reads status: 2 won of 3 won-or-lost, flagged with the 3 unknown cells.
    expect(total(json, 'win_rate').value).toBeCloseTo(2 / 3, 12);
    expect(total(json, 'win_rate').unknown_values).toBe(3);
    // deals_created reads the status too (an ignored status is in no figure, new-user trial F8): flagged.
    expect(total(json, 'deals_created')).toMatchObject({ unknown_values: 3 });
    expect(run.stderr).toContain(`kpi: warning: deals: column 'Status' (status: won, lost, open) has 2 values kpi does not know, in 3 of 6 rows: "Signed" (2 rows, first at ${DEALS}:5), "Parked" (1 row, first at ${DEALS}:7)`);
    expect(run.stderr).toContain('values: { status: { won: ["Signed"] } }');
  });

  it('fail kpi check with exit 3, and a result that does not read the column does not', () => {
    expect(runKpi(['check', '--source', `deals=${DEALS}`, '--kpi', 'win_rate', ...PERIOD]).code).toBe(3);
    // A KPI that counts rows by date alone (every built-in deal KPI reads the status) is clean and has no target:
    // check passes and does not list it.
    const dir = mkdtempSync(join(tmpdir(), 'kpi-unknown-'));
    const config = join(dir, 'kpi.yaml');
    writeFileSync(config, `sources:\n  deals: { file: ${JSON.stringify(join(ROOT, DEALS))}, kind: deals }\nkpis:\n  dated_deals:\n    formula: count(deals where created >= period_start and created <= period_end)\n    unit: count\n    period: none\n`);
    const run = runKpi(['check', '-c', config, '--kpi', 'dated_deals', ...PERIOD]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('dated_deals');
  });

  it('are listed by kpi validate (exit 3) with count, location and the values: line that maps them', () => {
    const run = runKpi(['validate', '--source', `deals=${DEALS}`]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      `    ${DEALS}:5: column 'Status': "Signed" is not a known status (won, lost, open), in 2 rows; map it: values: { status: { won: ["Signed"] } } (or lost, open; ignore: ["Signed"] counts it as none of them)`,
    );
    expect(run.stdout).toContain(`    ${DEALS}:7: column 'Status': "Parked" is not a known status (won, lost, open), in 1 row;`);
    expect(run.stdout).not.toContain('No problems found');
  });

  it('stop --strict at the first one, located', () => {
    const run = runKpi(['report', '--strict', '--source', `deals=${DEALS}`, '--kpi', 'win_rate', ...PERIOD]);
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n')[0]).toBe(`kpi: ${DEALS}:5: column 'Status': "Signed" is not a known status (won, lost, open) (--strict stops at the first unknown value)`);
  });

  it('mapped or ignored under values:, give the right figure and a passing check', () => {
    const config = project(`sources:\n  deals:\n    file: ${JSON.stringify(join(ROOT, DEALS))}\n    values: { status: { won: [Signed], ignore: [Parked] } }\n`);
    const run = runKpi(['report', '-c', config, '--kpi', 'win_rate', '-f', 'json', ...PERIOD]);
    const json = JSON.parse(run.stdout) as Json;
    // Won, Won, Signed, signed won; Lost lost; Parked neither: 4 / 5.
    expect(total(json, 'win_rate')).toMatchObject({ value: 0.8, unknown_values: 0 });
    expect(json.data_quality[0].unknown_values).toEqual([]);
    expect(json.data_quality[0].ignored_values).toEqual([{ field: 'status', column: 'Status', value: 'Parked', count: 1 }]);
    expect(run.stderr).toBe('');
    expect(runKpi(['check', '-c', config, '--kpi', 'win_rate', ...PERIOD]).code).toBe(0);
    expect(runKpi(['validate', '-c', config]).code).toBe(0);
  });

  it('accept bare YAML numbers and booleans as spellings', () => {
    const csv = join(mkdtempSync(join(tmpdir(), 'kpi-unknown-')), 'deals.csv');
    writeFileSync(csv, 'Created,Closed,Status\n2026-09-01,2026-10-03,1\n2026-09-01,2026-10-03,0\n2026-09-01,2026-10-03,true\n');
    const config = project(`sources:\n  deals:\n    file: ${JSON.stringify(csv)}\n    values: { status: { won: [1, true], lost: [0] } }\n`);
    const json = JSON.parse(runKpi(['report', '-c', config, '--kpi', 'win_rate', '-f', 'json', ...PERIOD]).stdout) as Json;
    expect(total(json, 'win_rate').value).toBeCloseTo(2 / 3, 12);
    expect(total(json, 'win_rate').unknown_values).toBe(0);
  });
});

describe('a ledger whose category column holds account types', () => {
  it('is unknown values: revenue is flagged, check fails and validate says what to map', () => {
    const run = runKpi(['report', '--source', `ledger=${LEDGER}`, '--kpi', 'ledger_revenue,ebitda', '-f', 'json', ...PERIOD]);
    const json = JSON.parse(run.stdout) as Json;
    // Every row is "GL": no income or cost line tells the sign convention, so no ledger figure (new-user trial
    // F25: an error naming sign:) — and flagged, since all 3 categories are unknown.
    expect(total(json, 'ledger_revenue')).toMatchObject({ value: null, status: 'error', unknown_values: 3 });
    expect(total(json, 'ebitda')).toMatchObject({ unknown_values: 3 });
    expect(runKpi(['check', '--source', `ledger=${LEDGER}`, '--kpi', 'ledger_revenue', ...PERIOD]).code).toBe(3);
    const validate = runKpi(['validate', '--source', `ledger=${LEDGER}`]);
    expect(validate.code).toBe(3);
    expect(validate.stdout).toContain(`${LEDGER}:2: column 'Account Type': "GL" is not a known category (revenue, cogs, opex, depreciation, amortization, interest, tax, appropriations, marketing, sales), in 3 rows; map it: values: { category: { "<revenue | cogs | opex | depreciation | amortization | interest | tax | appropriations | marketing | sales>": ["GL"] } } (replace the <…> with the one it means`);
  });
});

describe('unknown values read in parallel parts', () => {
  it('are the same as read by one thread: counts added, the first location kept, lines of the whole file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-unknown-'));
    const csv = join(dir, 'deals.csv');
    // 3,000 rows, row i on line i + 1: every 7th "Signed" (first on line 8), every 500th that is not a 7th "Parked" (line 501).
    const lines = ['Created,Closed,Status'];
    for (let i = 1; i <= 3000; i++) lines.push(`2026-09-01,2026-10-03,${i % 7 === 0 ? 'Signed' : i % 500 === 0 ? 'Parked' : i % 2 ? 'Won' : 'Lost'}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const args = ['report', '--source', `deals=${csv}`, '--kpi', 'win_rate', '-f', 'json', ...PERIOD];
    const one = JSON.parse(runKpi(args, { env: { KPI_THREADS: '1' } }).stdout) as Json;
    const three = JSON.parse(runKpi(args, { env: { KPI_THREADS: '3', KPI_PARALLEL_MIN_BYTES: '0' } }).stdout) as Json;
    const signed = Math.floor(3000 / 7); // 428
    const parked = [500, 1000, 1500, 2000, 2500, 3000].filter((i) => i % 7 !== 0).length; // 6
    expect(one.data_quality[0].unknown_values).toMatchObject([
      { value: 'Signed', count: signed, line: 8 },
      { value: 'Parked', count: parked, line: 501 },
    ]);
    expect(three.data_quality).toEqual(one.data_quality);
    expect(total(three, 'win_rate').unknown_values).toBe(signed + parked);
  });
});

describe('a result read from unknown values is marked in every format', () => {
  const args = (format: string) => ['check', '--source', `deals=${DEALS}`, '--kpi', 'win_rate', '-f', format, ...PERIOD];
  const note = `⚠ read from values kpi does not know: deals 'Status' (3 rows)`;

  it('table and md: the figure carries ⚠ and a note names the column; check shows it although it has no target', () => {
    for (const format of ['table', 'md']) {
      const run = runKpi(args(format));
      expect(run.code).toBe(3);
      expect(run.stdout).toContain('66.7% ⚠');
      expect(run.stdout).toContain(note);
    }
  });

  it('csv: an unknown_values column', () => {
    const lines = runKpi(args('csv')).stdout.trim().split('\r\n');
    const at = lines[0].split(',').indexOf('unknown_values');
    expect(at).toBeGreaterThan(0);
    expect(lines[1].split(',')[at]).toBe('3');
  });

  it('junit: a failure of type unknown_values', () => {
    const xml = runKpi(args('junit')).stdout;
    expect(xml).toContain('<failure message="win_rate: read from 3 values kpi does not know;');
    expect(xml).toContain('type="unknown_values"');
  });

  it('html: the mark and the note', () => {
    const html = runKpi(args('html')).stdout;
    expect(html).toContain('66.7% ⚠');
    expect(html).toContain(`<p class="warn">${note}`);
  });

  it('xlsx: an Unknown values column and the values in the Data quality sheet', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kpi-unknown-')), 'r.xlsx');
    expect(runKpi([...args('xlsx'), '-o', out]).code).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Report')!;
    const headers = (ws.getRow(HEADER_ROW).values as ExcelJS.CellValue[]).slice(1).map(String);
    expect(ws.getRow(HEADER_ROW + 1).getCell(headers.indexOf('Unknown values') + 1).value).toBe(3);
    const quality = wb.getWorksheet('Data quality')!;
    const texts: string[] = [];
    quality.eachRow((row) => texts.push((row.values as ExcelJS.CellValue[]).slice(1).map(String).join('|')));
    expect(texts).toContain(`deals|${DEALS}|5|Status|Signed|not a known status (won, lost, open), in 2 rows`);
  });
});
