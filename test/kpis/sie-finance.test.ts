// The finance KPIs of each SIE 4 fixture with nothing but `sources: { ledger: { file: X } }`, through the built CLI,
// against figures derived independently of kpi from the raw #TRANS lines by fixtures/sie/derive.py (Python's
// shlex and Decimal: the object list cut out, #BTRANS and #RTRANS skipped — the #RTRANS's #TRANS twin counts —,
// amounts summed per BAS account range over the fiscal year):
//   revenue = -(3xxx)   EBITDA = revenue - (4000-7699, 7900-7999)   EBIT = EBITDA - (7700-7899)
//   net income = EBIT - (8000-8989)   (8990-8999 carry the result to equity; class 9 is in no P&L figure)
// For BL0001_typ4.SE and MAMUT_SIE4_EXPORT.SE the same net income and revenue also come from the files' own #RES
// records of year 0 (summed over 3000-8989 and 3xxx), a second independent source.
import { mkdtempSync, copyFileSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const FIXTURES = join(ROOT, 'fixtures', 'sie');

interface Result {
  kpi: string;
  value: number | null;
  group: Record<string, string>;
}

function report(file: string, period: string, asOf: string, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-sie-cli-'));
  copyFileSync(join(FIXTURES, file), join(dir, file));
  writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  ledger: { file: ${file} }\n`);
  const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', period, '--as-of', asOf, '-f', 'json', ...extra]);
  const results = run.stdout ? (JSON.parse(run.stdout) as { results: Result[] }).results : [];
  const value = (kpi: string) => results.find((r) => r.kpi === kpi && Object.keys(r.group).length === 0)?.value;
  return { run, results, value, dir };
}

/** python3 fixtures/sie/derive.py, one line per file (figures to the öre; ratios as Decimal quotients). */
const EXPECTED: Record<string, { period: string; asOf: string; revenue: number; ebitda: number; ebit: number; net: number; netMargin?: number; operatingMargin?: number; opexRatio?: number }> = {
  // Fortnox, FY 2010: {'revenue': 13609451.29, 'ebitda': 1067190.04, 'ebit': 853038.04, 'net_income': 595635.04,
  // 'net_margin': 0.04376627883871135…, 'operating_margin': 0.06267982608724264…, 'opex_ratio': 0.41464237828210045…}
  'Sie4.si': { period: '2010', asOf: '2011-03-23', revenue: 13609451.29, ebitda: 1067190.04, ebit: 853038.04, net: 595635.04, netMargin: 0.04376627883871136, operatingMargin: 0.06267982608724264, opexRatio: 0.41464237828210045 },
  // BL Administration, broken fiscal year 2009-07-01 … 2010-06-30 ({'revenue': 289328.17, 'ebitda': 228216.47,
  // 'ebit': 223703.47, 'net_income': 223703.47, 'opex_ratio': 0.04776064494515…}); #RES year 0: net 223703.47,
  // revenue 289328.17. Its 30 rows on 9999 "Obs-konto" (class 9) are in no range of BAS: bad values.
  'BL0001_typ4.SE': { period: '2009-07-01..2010-06-30', asOf: '2011-11-01', revenue: 289328.17, ebitda: 228216.47, ebit: 223703.47, net: 223703.47, netMargin: 0.7731824730374509, opexRatio: 0.04776064494515 },
  // Mamut, FY 2010: {'revenue': 10480594.09, 'ebitda': 10219647.90, 'ebit': 10219647.90, 'net_income': 10219647.90};
  // #RES year 0: net 10219647.90, revenue 10480594.09.
  'MAMUT_SIE4_EXPORT.SE': { period: '2010', asOf: '2011-02-22', revenue: 10480594.09, ebitda: 10219647.9, ebit: 10219647.9, net: 10219647.9, netMargin: 0.975101965808505 },
  // Visma Administration, no #RAR; vouchers 2010-01-08 … 2010-08-30, no revenue account: {'revenue': 0.00,
  // 'ebitda': -22919.89, 'ebit': -22919.89, 'net_income': -22919.89} (margins undefined).
  'si.SI': { period: '2010-01-01..2010-08-31', asOf: '2011-03-04', revenue: 0, ebitda: -22919.89, ebit: -22919.89, net: -22919.89 },
  // Our Fortnox-shaped file (see its lines): {'revenue': 59000.00, 'ebitda': -10200.75, 'ebit': -14700.75,
  // 'net_income': -19560.75, 'net_margin': -0.33153813559322…, 'operating_margin': -0.24916525423728…,
  // 'opex_ratio': 0.83391101694915…}. By hand: revenue 10000 + 50000 − 1000 (credit note) = 59000; costs before
  // depreciation 20000 + 8000 + 6000.50 + 4000.25 + 1200 + 30000 = 69200.75; depreciation 3000 + 1500; financial
  // −120.40 + 880.40, appropriations 2000, tax 2100 → net −19560.75.
  'fortnox-objects.se': { period: '2026', asOf: '2027-01-15', revenue: 59000, ebitda: -10200.75, ebit: -14700.75, net: -19560.75, netMargin: -0.3315381355932203, operatingMargin: -0.2491652542372881, opexRatio: 0.8339110169491525 },
};

describe('finance KPIs of each SIE file, to the öre, with no settings', () => {
  for (const [file, e] of Object.entries(EXPECTED)) {
    it(file, () => {
      const { run, value } = report(file, e.period, e.asOf);
      expect(run.code, run.stderr).toBe(0);
      expect(value('ledger_revenue')).toBe(e.revenue);
      expect(value('ebitda')).toBe(e.ebitda);
      expect(value('ebit')).toBe(e.ebit);
      expect(value('net_income')).toBe(e.net);
      if (e.netMargin !== undefined) expect(value('net_margin')).toBeCloseTo(e.netMargin, 12);
      if (e.operatingMargin !== undefined) expect(value('operating_margin')).toBeCloseTo(e.operatingMargin, 12);
      if (e.opexRatio !== undefined) expect(value('opex_ratio')).toBeCloseTo(e.opexRatio, 12);
      if (file === 'BL0001_typ4.SE') {
        expect(run.stderr).toMatch(/left out 30 values it could not read \(first: .*BL0001_typ4\.SE:624, column 'category', "9999": account 9999 \(Obs-konto\) is in no range of the BAS chart of accounts/);
      } else {
        expect(run.stderr).not.toMatch(/could not read|does not know|unknown/);
      }
    });
  }

  it('takes chart: over BAS for the accounts BAS leaves out (BL\'s 9999 as opex)', () => {
    // 9999's rows of year 0 sum to 11120 (the file's #RES 0 9999 11120, which the rows agree with): as opex, EBITDA
    // 228216.47 − 11120 = 217096.47, EBIT and net income 223703.47 − 11120 = 212583.47; revenue unchanged.
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sie-chart-'));
    copyFileSync(join(FIXTURES, 'BL0001_typ4.SE'), join(dir, 'BL0001_typ4.SE'));
    writeFileSync(join(dir, 'obs.yaml'), 'base: bas\nranges:\n  "9999": opex\n');
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  ledger: { file: BL0001_typ4.SE, chart: obs.yaml }\n');
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', '2009-07-01..2010-06-30', '--as-of', '2011-11-01', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/could not read/);
    const results = (JSON.parse(run.stdout) as { results: Result[] }).results;
    const value = (kpi: string) => results.find((r) => r.kpi === kpi)?.value;
    expect([value('ledger_revenue'), value('ebitda'), value('ebit'), value('net_income')]).toEqual([289328.17, 217096.47, 212583.47, 212583.47]);
  });

  it('never adds SEK to another currency: the file\'s #VALUTA is each row\'s currency', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sie-nok-'));
    copyFileSync(join(FIXTURES, 'fortnox-objects.se'), join(dir, 'fortnox-objects.se'));
    writeFileSync(join(dir, 'kpi.yaml'), 'currency: NOK\nsources:\n  ledger: { file: fortnox-objects.se }\n');
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', '2026', '--as-of', '2027-01-15', '--kpi', 'ledger_revenue']);
    expect(run.stderr).toMatch(/its amounts of 2026 are in SEK, not the project currency NOK/);
  });

  it('splits by the dimensions: revenue by project and by cost centre name (fortnox-objects.se, by hand)', () => {
    // P1 "Julkaffe": 10000 − 1000 (credit note C 2) = 9000; P2 "Bröllopsmässan": 50000. Södermalm 9000, Kungsholmen 50000.
    const byProject = report('fortnox-objects.se', '2026', '2027-01-15', ['--kpi', 'ledger_revenue', '--by', 'project_name']);
    expect(byProject.run.code, byProject.run.stderr).toBe(0);
    const groups = Object.fromEntries(byProject.results.filter((r) => r.group.project_name).map((r) => [r.group.project_name, r.value]));
    expect(groups).toMatchObject({ 'Julkaffe "Tomte"': 9000, Bröllopsmässan: 50000 });
    const byCentre = report('fortnox-objects.se', '2026', '2027-01-15', ['--kpi', 'ledger_revenue', '--by', 'cost_centre']);
    expect(Object.fromEntries(byCentre.results.filter((r) => r.group.cost_centre).map((r) => [r.group.cost_centre, r.value]))).toMatchObject({ SÖ: 9000, KU: 50000 });
  });

  it('dates a row by its transaction date: the February delivery invoiced in March is February revenue', () => {
    // B 1 is dated 2026-03-05, its revenue row has transdat 20260227: February 50000, March nothing.
    expect(report('fortnox-objects.se', '2026-02', '2027-01-15', ['--kpi', 'ledger_revenue']).value('ledger_revenue')).toBe(50000);
    expect(report('fortnox-objects.se', '2026-03', '2027-01-15', ['--kpi', 'ledger_revenue']).value('ledger_revenue')).toBe(0);
  });

  it('gives net income month by month (fortnox-objects.se, by hand from its vouchers)', () => {
    // Jan: 10000 revenue − 8000 − 6000.50 rent = −4000.50; Feb: 50000 (transdat 27 Feb) − 30000 salaries = 20000;
    // Mar: −20000 goods; Apr: −1000 credit note − 4000.25 advert − 1200 lunch = −6200.25; May–Nov: no rows;
    // Dec: −(3000 + 1500 depreciation + 760 net interest + 2000 appropriations + 2100 tax) = −9360.
    const run = runKpi(['trend', 'net_income', '-c', join(FIXTURES, 'kpi.yaml'), '--period', '2026-12', '--last', '12', '--as-of', '2027-01-15', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const points = (JSON.parse(run.stdout) as { series: { points: { period: { id: string }; value: number | null }[] }[] }).series[0].points;
    expect(points.map((p) => p.value)).toEqual([-4000.5, 20000, -20000, -6200.25, null, null, null, null, null, null, null, -9360]);
  });

  it('kpi init writes a config that needs no edit and no encoding (the file says PC8 itself)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sie-init-'));
    copyFileSync(join(FIXTURES, 'Sie4.si'), join(dir, 'Sie4.si'));
    const init = runKpi(['init', 'Sie4.si'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    const yaml = readFileSync(join(dir, 'kpi.yaml'), 'utf8');
    expect(yaml).not.toMatch(/encoding/);
    expect(readdirSync(dir)).toContain('kpi.yaml');
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', '2010', '--as-of', '2011-03-23', '-f', 'json', '--kpi', 'net_income']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { results: Result[] }).results.find((r) => Object.keys(r.group).length === 0)?.value).toBe(595635.04);
  });
});
