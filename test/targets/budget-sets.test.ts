// Several target sets (README "Budgets and forecasts"), run as a user would on fixtures/budgets: a budget workbook
// (KPI × Norwegian months) and a forecast CSV in long form, side by side; status and `kpi check` follow the primary.
//
// fixtures/budgets/sales.csv, revenue by month of 2026: January 1000 + 500 = 1500; February 2000 + 250.50 =
// 2250.50; March 1500 + 700 = 2200; Q1 = 5950.50.
// budget-2026.xlsx: revenue januar 1400, februar 2500, mars 2000 (Q1 5900); gross_margin januar 45 %.
// forecast-q1.csv: revenue 2026-01 1450, 2026-02 2300, 2026-03 2300 (Q1 6050); gross_margin 2026-01 42 %.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';
import { pdfText, PDFTOTEXT, readDeck } from '../render/office.js';

const report = (args: string[], config = 'fixtures/budgets/kpi.yaml') => runKpi(['report', '-c', config, '--as-of', '2026-06-15', '--compare', 'none', ...args]);
const json = (args: string[], config?: string) => {
  const r = report([...args, '-f', 'json'], config);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { results: { kpi: string; target: number | null; status: string; targets?: Record<string, { target: number | null; variance: number | null; variance_pct: number | null; status: string }> }[] };
};

describe('a budget workbook and a forecast CSV side by side', () => {
  it('gives each set its target and variance, the flat fields the primary set (budget)', () => {
    const q1 = json(['--period', '2026-Q1', '--kpi', 'revenue']).results[0];
    expect(q1.target).toBe(5900);
    expect(q1.targets).toEqual({
      // 5950.50 − 5900 = +50.50, 50.5 / 5900 = 0.0085593220338983…
      budget: { target: 5900, variance: 50.5, variance_pct: 0.00855932203389831, status: 'met' },
      // 5950.50 − 6050 = −99.50, −99.5 / 6050 = −0.0164462809917355…
      forecast: { target: 6050, variance: -99.5, variance_pct: -0.0164462809917355, status: 'missed' },
    });
  });

  it('reads a percent target of each set for a month, and a set without one is no target', () => {
    // January: gross margin (1500 − 800) / 1500 = 0.4666…; budget 45 %, forecast 42 %.
    const jan = json(['--period', '2026-01', '--kpi', 'gross_margin']).results[0];
    expect(jan.targets?.budget.target).toBe(0.45);
    expect(jan.targets?.forecast.target).toBe(0.42);
    // February: the forecast has no gross margin.
    const feb = json(['--period', '2026-02', '--kpi', 'gross_margin']).results[0];
    expect(feb.targets?.forecast).toEqual({ target: null, variance: null, variance_pct: null, status: 'no_target' });
  });

  it('kpi check follows the primary set', () => {
    // March: 2200 against the budget's 2000 is met; against the forecast's 2300, missed.
    const budget = runKpi(['check', '-c', 'fixtures/budgets/kpi.yaml', '--period', '2026-03', '--as-of', '2026-06-15', '--kpi', 'revenue']);
    expect(budget.code).toBe(0);
    const forecast = runKpi(['check', '-c', 'fixtures/budgets/kpi-forecast.yaml', '--period', '2026-03', '--as-of', '2026-06-15', '--kpi', 'revenue']);
    expect(forecast.code).toBe(1);
    expect(json(['--period', '2026-03', '--kpi', 'revenue'], 'fixtures/budgets/kpi-forecast.yaml').results[0].target).toBe(2300);
  });
});

describe('Actual · Budget · Forecast in every format', () => {
  // March 2026: revenue 2200 against the budget's 2000 (+200.00, +10.0%) and the forecast's 2300 (−100.00, −4.3%:
  // −100 / 2300 = −0.04347…); compared with March 2025 (1200).
  const args = ['--period', '2026-03', '--kpi', 'revenue', '--compare', 'yoy'];
  const text = (format: string) => {
    const r = runKpi(['report', '-c', 'fixtures/budgets/kpi.yaml', '--as-of', '2026-06-15', ...args, '-f', format]);
    expect(r.code).toBe(0);
    return r.stdout;
  };
  const file = (ext: string) => {
    const out = join(mkdtempSync(join(tmpdir(), 'kpi-sets-')), `report.${ext}`);
    const r = runKpi(['report', '-c', 'fixtures/budgets/kpi.yaml', '--as-of', '2026-06-15', ...args, '-o', out]);
    expect(r.code).toBe(0);
    return out;
  };
  /** The cells after `Revenue` in a text table's row, in order. */
  const after = (line: string | undefined) => (line ?? '').split(/[│|]/).map((c) => c.trim()).filter((c) => c !== '');

  it('table and md: Budget in the target column, Forecast and its variance after the status', () => {
    for (const format of ['table', 'md']) {
      const lines = text(format).split('\n');
      const head = after(lines.find((l) => l.includes('Actual')));
      expect(head.slice(0, 8)).toEqual(['KPI', 'Actual', 'Budget', 'Variance', 'Var %', 'Status', 'Forecast', '± Forecast']);
      const row = after(lines.find((l) => l.includes('Revenue')));
      expect(row.slice(0, 3)).toEqual(['Revenue', '2,200.00 NOK', '2,000.00 NOK']);
      expect(row.slice(6, 8)).toEqual(['2,300.00 NOK', '−100.00 NOK (−4.3%)']);
    }
  });

  it("csv: each set's target, variance and status appended", () => {
    const [head, row] = text('csv').trim().split('\r\n').map((l) => l.split(','));
    const at = (name: string) => row[head.indexOf(name)];
    expect([at('target'), at('budget_target'), at('budget_status'), at('forecast_target'), at('forecast_variance'), at('forecast_status')]).toEqual(['2000', '2000', 'met', '2300', '-100', 'missed']);
  });

  it('html: the forecast under the budget, and in the appendix table', () => {
    const html = text('html');
    expect(html).toContain('<small>Forecast 2,300.00 NOK, −100.00 NOK (−4.3%)</small>');
    // One column a set in the appendix's table: its target over its variance (html.ts varianceTable).
    expect(html).toContain('<th class="num">Forecast<small class="second">± Forecast</small></th>');
  });

  it('xlsx: the forecast, its variance and its share as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('xlsx'));
    const ws = wb.worksheets[0];
    let head: unknown[] = [];
    let row: unknown[] = [];
    ws.eachRow((r) => {
      const v = (r.values as unknown[]).slice(1);
      if (v[0] === 'KPI') head = v;
      if (v[0] === 'Revenue') row = v;
    });
    const at = (name: string) => row[head.indexOf(name)];
    expect([at('Budget'), at('Forecast'), at('Variance Forecast'), at('Variance % Forecast')]).toEqual([2000, 2300, -100, -0.0435]);
  });

  it.skipIf(!PDFTOTEXT)('pdf: the forecast in the summary and the appendix', () => {
    const pages = pdfText(file('pdf')).join('\n');
    expect(pages).toMatch(/Budget\s+Variance\s+Forecast/);
    expect(pages).toMatch(/Revenue\s+2,200\.00 NOK\s+2,000\.00 NOK\s+\+200\.00 NOK\s+2,300\.00 NOK/);
    expect(pages).toContain('−100.00 NOK (−4.3%)');
  });

  it('pptx: the forecast on the section slide', async () => {
    const slides = await readDeck(file('pptx'));
    const words = slides.flat().map((b) => b.text);
    expect(words).toContain('Forecast');
    expect(words).toContain('2,300.00 NOK');
    expect(words).toContain('Budget');
  });
});

describe('tolerance: on a spreadsheet set', () => {
  const fixtures = join(__dirname, '../../fixtures/budgets');
  const config = (forecast: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-tol-'));
    const file = join(dir, 'kpi.yaml');
    writeFileSync(file, `currency: NOK\nsources:\n  sales:\n    file: ${join(fixtures, 'sales.csv')}\ntargets:\n  forecast: ${forecast}\n`);
    return file;
  };
  const check = (file: string) => runKpi(['check', '-c', file, '--period', '2026-03', '--as-of', '2026-06-15', '--kpi', 'revenue']);

  it('applies to every target of the sheet', () => {
    const csv = join(fixtures, 'forecast-q1.csv');
    // March: 2200 against the forecast's 2300 is −4.35 % (−100 / 2300): missed without a tolerance (exit 1) …
    expect(check(config(csv)).code).toBe(1);
    // … within 5 % (2300 × 0.95 = 2185 ≤ 2200): exit 0; not within 4 % (2300 × 0.96 = 2208 > 2200): exit 1.
    expect(check(config(`{ file: ${csv}, tolerance: 5% }`)).code).toBe(0);
    expect(check(config(`{ file: ${csv}, tolerance: 0.04 }`)).code).toBe(1);
  });

  it('is refused on a targets.yaml set and when it is not a share', () => {
    const bad = check(config(`{ file: ${join(fixtures, 'forecast-q1.csv')}, tolerance: lots }`));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/targets\.forecast\.tolerance: "lots" is not a tolerance; it is a share of the target on the bad side, e\.g\. tolerance: 5%/);
    const yaml = check(config(`{ file: ${join(fixtures, 'targets-relative.yaml')}, tolerance: 5% }`));
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toMatch(/tolerance: on a target set is for a spreadsheet/);
  });
});
