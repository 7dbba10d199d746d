// Budgets from spreadsheets (src/targets/budget-sheet.ts): each sheet below is small enough to add up by hand, and
// each expected target is that sum, written beside it. The sheets are read through the export readers, so the
// decimal comma, thousands spaces, ';' and title rows are theirs to sniff; what is checked here is what the rows
// and columns mean, and that every cell kpi cannot take for a target is said where it is.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadBudgetSheet, type KpiInfo, type SheetSetting } from '../../src/targets/budget-sheet.js';
import { resolveTarget } from '../../src/targets/compare.js';
import { parsePeriod, type CalendarOptions } from '../../src/periods/period.js';
import type { TargetsFile } from '../../src/targets/targets-file.js';

const money = (label: string): KpiInfo => ({ label, unit: 'currency', additive: true, acrossGroups: true });
const KPIS = new Map<string, KpiInfo>([
  ['revenue', { ...money('Revenue'), names: ['Omsetning', 'Intäkter'] }],
  ['gross_margin', { label: 'Gross margin', unit: 'percent', additive: false, acrossGroups: false }],
  ['orders', { label: 'Orders', unit: 'count', additive: true, acrossGroups: true }],
  ['ledger_revenue', money('Revenue (ledger)')],
  ['ebitda', money('EBITDA')],
  ['ebit', money('EBIT')],
  ['net_income', money('Net income')],
]);
const CAL: CalendarOptions = { weekStarts: 'monday' };
const dir = mkdtempSync(join(tmpdir(), 'kpi-budget-'));

async function load(name: string, text: string, setting: Partial<SheetSetting> = {}, cal = CAL): Promise<TargetsFile> {
  const file = join(dir, name);
  writeFileSync(file, text);
  return loadBudgetSheet({ file, ...setting }, { kpis: KPIS, cal, currency: 'NOK' });
}

/** The target of a KPI (and group) for a period, as a report resolves it. */
function target(t: TargetsFile, kpi: string, period: string, group: Record<string, string> = {}, cal = CAL): number | null | undefined {
  const info = KPIS.get(kpi)!;
  return resolveTarget(t.entries.get(kpi), 'higher', info.additive, parsePeriod(period, 0, cal), group)?.target;
}

/** A one-sheet workbook in the test's directory, figure cells in `numFmt` when given. */
async function xlsx(name: string, rows: (string | number)[][], numFmt?: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Budsjett');
  for (const r of rows) {
    const row = ws.addRow(r);
    if (numFmt) row.eachCell((c) => {
      if (typeof c.value === 'number') c.numFmt = numFmt;
    });
  }
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('a budget workbook of KPI × months (fixtures/budgets/budget-2026.xlsx)', () => {
  const file = join(__dirname, '../../fixtures/budgets/budget-2026.xlsx');
  const sheet = () => loadBudgetSheet({ file }, { kpis: KPIS, cal: CAL });

  it('reads Norwegian month names below a title row, leaving the Sum column and the Sum row out', async () => {
    const t = await sheet();
    // The revenue row: januar 1400, februar 2500, mars 2000.
    expect(target(t, 'revenue', '2026-01')).toBe(1400);
    // Q1 = 1400 + 2500 + 2000 = 5900, the months' own targets added up (per: month).
    expect(target(t, 'revenue', '2026-Q1')).toBe(5900);
    // The year: 5900 + 3 × 2000 (Q2) + 1000 + 1000 + 3 × 2000 (aug–nov is 1000, 2000, 2000, 2000) … by month:
    // 1400 + 2500 + 2000 + 2000 + 2000 + 2000 + 1000 + 1000 + 2000 + 2000 + 2000 + 3000 = 22900 (the Sum column's).
    expect(target(t, 'revenue', '2026')).toBe(22900);
    // Percent cells (45 %) are 0.45; a ratio's month target is that month's, and a quarter has none of its own.
    expect(target(t, 'gross_margin', '2026-01')).toBe(0.45);
    expect(target(t, 'gross_margin', '2026-Q1')).toBeNull();
    // juli is blank: no target that month, and so none for Q3 or the year of an amount either.
    expect(target(t, 'gross_margin', '2026-07')).toBeNull();
    // The Sum row is no KPI: only the two rows are targets.
    expect([...t.entries.keys()].sort()).toEqual(['gross_margin', 'revenue']);
  });
});

describe('wide sheets in CSV', () => {
  it('reads Swedish month names, ";", a decimal comma and thousands spaces, the year from the file name', async () => {
    const t = await load('budget-2027.csv', 'Nyckeltal;januari;februari;mars;Summa\nrevenue;1 234,50;2 000,25;;3 234,75\n');
    expect(target(t, 'revenue', '2027-01')).toBe(1234.5);
    expect(target(t, 'revenue', '2027-02')).toBe(2000.25);
    // mars is blank: no target for March, nor for Q1 (two months of three would be a wrong quarter).
    expect(target(t, 'revenue', '2027-03')).toBeNull();
    expect(target(t, 'revenue', '2027-Q1')).toBeNull();
  });

  it('reads Danish names (marts, maj) and short Norwegian ones (jan., mai, okt, des), by label as well as id', async () => {
    const t = await load('dk.csv', 'KPI,jan.,feb,marts,apr,maj,jun,jul,aug,sep,okt,nov,des\nRevenue,1,2,3,4,5,6,7,8,9,10,11,12\n', { year: 2026 });
    expect(target(t, 'revenue', '2026-03')).toBe(3);
    expect(target(t, 'revenue', '2026-05')).toBe(5);
    expect(target(t, 'revenue', '2026-10')).toBe(10);
    // 1 + 2 + … + 12 = 78.
    expect(target(t, 'revenue', '2026')).toBe(78);
  });

  it("knows a built-in KPI by its label in Norwegian or Swedish, and says the closest one for a typo", async () => {
    const t = await load('nb-2026.csv', 'Nøkkeltall;Beskrivelse;jan\nOmsetning;Salg eks. mva;1 000\n');
    expect(target(t, 'revenue', '2026-01')).toBe(1000);
    expect(await failure(load('typo2-2026.csv', 'Nøkkeltall;jan\nOmsetnig;1\n'))).toMatch(/unknown KPI 'Omsetnig'; did you mean 'Omsetning'/);
  });

  it('takes 2026-01 heads as they are, with quarter subtotals and a comment column left alone', async () => {
    const t = await load('plan.csv', 'kpi,2026-01,2026-02,2026-03,Q1,2026-04,Kommentar\nrevenue,10,20,30,60,40,ok\n');
    // Q1 = 10 + 20 + 30 = 60 from the months, not from the subtotal column.
    expect(target(t, 'revenue', '2026-Q1')).toBe(60);
    expect(target(t, 'revenue', '2026-04')).toBe(40);
  });

  it('reads a year column', async () => {
    const t = await load('years.csv', 'kpi,År,jan,feb\nrevenue,2025,1,2\nrevenue,2026,3,4\n');
    expect(target(t, 'revenue', '2025-02')).toBe(2);
    expect(target(t, 'revenue', '2026-01')).toBe(3);
  });

  it('puts the months of a fiscal year from July in the calendar years they fall in', async () => {
    const july: CalendarOptions = { weekStarts: 'monday', fiscalYearStart: 7 };
    const t = await load('budget-FY2027.csv', 'kpi,juli,august,januar,juni\nrevenue,7,8,1,6\n', {}, july);
    // FY2027 runs July 2026 – June 2027.
    expect(target(t, 'revenue', '2026-07', {}, july)).toBe(7);
    expect(target(t, 'revenue', '2027-01', {}, july)).toBe(1);
    expect(target(t, 'revenue', '2027-06', {}, july)).toBe(6);
  });

  it('reads rows of departments for one KPI, and adds them up for the company', async () => {
    const t = await load('dept-2026.csv', 'Avdeling,jan,feb\nSalg,100,200\nService,50,25\nSum,150,225\n', { kpi: 'revenue', rows: 'department' });
    expect(target(t, 'revenue', '2026-01', { department: 'Salg' })).toBe(100);
    expect(target(t, 'revenue', '2026-02', { department: 'Service' })).toBe(25);
    // The company: 100 + 50 = 150 in January; 150 + 225 = 375 for January–February.
    expect(target(t, 'revenue', '2026-01')).toBe(150);
    expect(target(t, 'revenue', '2026-01..2026-02')).toBe(375);
    // A department the sheet does not have has no target (the company's is not each department's).
    expect(target(t, 'revenue', '2026-01', { department: 'Lager' })).toBeUndefined();
  });
});

describe('budgets by ledger account', () => {
  it('rolls the accounts up through NS 4102 to the ledger KPIs', async () => {
    // A name column beside the account, and the sheet's own result lines (no digit): neither is a target.
    const sheet = [
      'Konto,Kontonavn,jan,feb',
      '3000,Salgsinntekt,1000,1200',
      '3100 Salgsinntekt avgiftsfri,,500,',
      'Sum driftsinntekter,,1500,1200',
      '4000 Varekostnad,,400,500',
      '5000 Lønn,,300,300',
      'Driftsresultat før avskrivninger,,800,400',
      '6000 Avskrivning,,50,50',
      'Sum,,2250,2050',
    ].join('\n');
    const t = await load('konto-2026.csv', sheet);
    // Revenue: January 1000 + 500 = 1500; February 1200 (3100 blank).
    expect(target(t, 'ledger_revenue', '2026-01')).toBe(1500);
    expect(target(t, 'ledger_revenue', '2026-02')).toBe(1200);
    // EBITDA: 1500 − 400 − 300 = 800; 1200 − 500 − 300 = 400.
    expect(target(t, 'ebitda', '2026-01')).toBe(800);
    expect(target(t, 'ebitda', '2026-02')).toBe(400);
    // EBIT: 800 − 50 = 750; January–February 750 + 350 = 1100.
    expect(target(t, 'ebit', '2026-01..2026-02')).toBe(1100);
    // No interest or tax lines: no net income budget.
    expect(t.entries.has('net_income')).toBe(false);
  });

  it('turns income written negative (credit) as the books sign it', async () => {
    const t = await load('credit-2026.csv', 'Konto,jan\n3000,-1000\n4000,400\n', { chart: 'ns4102' });
    expect(target(t, 'ledger_revenue', '2026-01')).toBe(1000);
    expect(target(t, 'ebitda', '2026-01')).toBe(600);
  });

  it('names an account no range holds', async () => {
    const msg = await failure(load('bad-2026.csv', 'Konto,jan\n3000,1\n9999,2\n', { chart: 'ns4102' }));
    expect(msg).toMatch(/bad-2026\.csv, line 3, column A 'Konto': account '9999' is in no range of NS 4102/);
  });
});

describe('long sheets (kpi, period, group, value)', () => {
  it('reads months, quarters and group columns', async () => {
    const t = await load('forecast.csv', 'kpi;periode;avdeling;verdi\nrevenue;2026-01;;1 450,00\nrevenue;2026-Q2;;6000\nrevenue;2026-01;Salg;900\n');
    expect(target(t, 'revenue', '2026-01')).toBe(1450);
    // A quarter's target for one of its months: a third of 6000.
    expect(target(t, 'revenue', '2026-05')).toBe(2000);
    expect(target(t, 'revenue', '2026-01', { avdeling: 'Salg' })).toBe(900);
  });

  it('says a period that is not one, and one that moves with the day', async () => {
    expect(await failure(load('l1.csv', 'kpi,period,value\nrevenue,sometime,1\n'))).toMatch(/l1\.csv, line 2, column B 'period': "sometime" is not a period/);
    expect(await failure(load('l2.csv', 'kpi,period,value\nrevenue,ytd,1\n'))).toMatch(/moves with the day/);
  });
});

describe('located errors', () => {
  it('names the file, row, column and value of a cell that is not a number', async () => {
    const msg = await failure(load('bad-2026.csv', 'kpi,jan,feb\nrevenue,1,abc\n'));
    expect(msg).toMatch(/bad-2026\.csv, line 2, column C 'feb': "abc" is not a number/);
  });

  it('refuses n/a and a typed dash as a month\'s target, in CSV, long CSV and XLSX, as it refuses abc', async () => {
    // The export readers take N/A as "no value" and a lone "-" as 0; in a budget either could be a wrong number.
    expect(await failure(load('na-2026.csv', 'kpi;jan;feb\nrevenue;1;n/a\n'))).toMatch(/na-2026\.csv, line 2, column C 'feb': "n\/a" is not a number/);
    expect(await failure(load('dash-2026.csv', 'kpi;jan;feb\nrevenue;-;1\n'))).toMatch(/line 2, column B 'jan': "-" is not a number \(a dash/);
    expect(await failure(load('long-na.csv', 'kpi;period;value\nrevenue;2026-10;n/a\n'))).toMatch(/long-na\.csv, line 2, column C 'value': "n\/a" is not a number/);
    expect(await failure(load('long-dash.csv', 'kpi;period;value\nrevenue;2026-10;–\n'))).toMatch(/line 2, column C 'value': "–" is not a number/);
    for (const [text, col] of [['n/a', 'D'], ['N/A', 'D'], ['-', 'D'], ['—', 'D']]) {
      const file = await xlsx(`b-${col}-2026.xlsx`, [['Nøkkeltall', 'januar', 'februar', 'mars'], ['Revenue', 100, 200, text]]);
      expect(await failure(loadBudgetSheet({ file }, { kpis: KPIS, cal: CAL }))).toMatch(new RegExp(`row 2, column ${col} 'mars': ${JSON.stringify(text).replace(/[/]/g, '\\/')} is not a number`));
    }
  });

  it('keeps a numeric 0 shown as "-" by the accounting format a 0', async () => {
    const file = await xlsx('acct-2026.xlsx', [['Nøkkeltall', 'januar', 'februar'], ['Revenue', 100, 0]], '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)');
    const t = await loadBudgetSheet({ file }, { kpis: KPIS, cal: CAL });
    // The cell's value is 0, only displayed as "-": a target of 0 for February; Q1 has no target (no March).
    expect(target(t, 'revenue', '2026-02')).toBe(0);
    expect(target(t, 'revenue', '2026-01')).toBe(100);
  });

  it('names the closest KPI id for an unknown one', async () => {
    const msg = await failure(load('typo-2026.csv', 'kpi,jan\nrevenu,1\n'));
    expect(msg).toMatch(/line 2, column A 'kpi': unknown KPI 'revenu'.*did you mean 'revenue'/);
  });

  it('refuses a column that is no month, sum, subtotal or comment', async () => {
    expect(await failure(load('x-2026.csv', 'kpi,jan,Foo\nrevenue,1,2\n'))).toMatch(/column C 'Foo': 'Foo' is not a month/);
  });

  it('says when the year is not known, or could be several', async () => {
    expect(await failure(load('plain.csv', 'kpi,jan\nrevenue,1\n'))).toMatch(/do not say their year.*year: 2026/);
    expect(await failure(load('budget-2026.csv', 'Budsjett 2025,jan\nrevenue,1\n', { rows: 'kpi' }))).toMatch(/which year.*2025 \(the head 'Budsjett 2025'\), 2026 \(the file's name\)/);
  });

  it('refuses a month given twice, and a percent written without %', async () => {
    expect(await failure(load('dup-2026.csv', 'kpi,jan\nrevenue,1\nrevenue,2\n'))).toMatch(/line 3.*revenue for 2026-01 is also at .*line 2/);
    expect(await failure(load('pct-2026.csv', 'kpi,jan\ngross_margin,45\n'))).toMatch(/45 on a percent KPI \(gross_margin\) means 4,500 %; write 45%/);
  });
});
