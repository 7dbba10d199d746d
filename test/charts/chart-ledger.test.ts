// A ledger export with account numbers only gets its P&L from a chart of accounts: detected (NS 4102), named
// (BAS), or a user's chart file over a base. Expected figures are summed by hand from the fixture lines (below).
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

function figures(config: string, extra: string[] = []): { values: Record<string, number | null>; stderr: string; code: number } {
  const run = runKpi(['report', '-c', config, '--period', '2026-01', '--compare', 'none', '--as-of', '2026-02-15', '-f', 'json', ...extra]);
  const out = JSON.parse(run.stdout) as { results: { kpi: string; value: number | null }[] };
  return { values: Object.fromEntries(out.results.map((r) => [r.kpi, r.value])), stderr: run.stderr, code: run.code };
}

describe('chart: ledgers of account numbers', () => {
  it('NS 4102, detected: the finance KPIs to the cent', () => {
    // fixtures/charts/ns4102/ledger.csv, debits positive, credits negative:
    //   revenue 3000: 100,000 · cogs 4300: 40,000 · opex 5000: 20,000 · marketing 7320: 2,500
    //   depreciation 6010: 5,000 · amortization 6020: 1,500 · interest 8150 1,000 + 8050 −200 = 800 · tax 8300: 4,000
    //   8800/8960 (the year's result carried to equity) and classes 1–2: in no figure.
    //   EBITDA = 100,000 − 40,000 − 20,000 − 2,500 = 37,500; EBIT = 37,500 − 6,500 = 31,000;
    //   net income = 31,000 − 800 − 4,000 = 26,200 (the 8800 line of the file says the same).
    const { values, code, stderr } = figures('fixtures/charts/ns4102/kpi.yaml');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(values).toMatchObject({ ledger_revenue: 100000, ebitda: 37500, ebit: 31000, net_income: 26200, net_margin: 0.262, operating_margin: 0.31, opex_ratio: 0.225 });
  });

  it('explain and validate say which chart and why', () => {
    const run = runKpi(['validate', '-c', 'fixtures/charts/ns4102/kpi.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/chart NS 4102, category from column 'Konto' \(detected: 20 of 20 sampled accounts are account numbers; \d+ typical of NS 4102, 0 of BAS\)/);
    expect(run.stdout).toMatch(/"balance sheet" ignored/);
  });

  it('BAS, named: appropriations and tax below EBIT', () => {
    // fixtures/charts/bas/ledger.csv: revenue 3001: 50,000 · cogs 4010: 15,000 · opex 5010 8,000 + 7210 10,000 +
    //   7510 3,142 = 21,142 · marketing 5910: 1,000 · depreciation 7832: 1,200 · interest 8410: 300 ·
    //   appropriations 8811: 2,000 · tax 8910: 2,000 · 8999 the result, in no figure.
    //   EBITDA = 50,000 − 15,000 − 21,142 − 1,000 = 12,858; EBIT = 12,858 − 1,200 = 11,658;
    //   net income = 11,658 − 300 − 2,000 − 2,000 = 7,358 (= the 8999 line); opex ratio = 22,142 / 50,000.
    const { values, code } = figures('fixtures/charts/bas/kpi.yaml');
    expect(code).toBe(0);
    expect(values).toMatchObject({ ledger_revenue: 50000, ebitda: 12858, ebit: 11658, net_income: 7358, opex_ratio: 0.44284 });
  });

  it("a user's chart file overrides the base; an account in no range is a located bad value that fails check", () => {
    // As NS 4102 above, with 7320 advertising as opex (EBITDA unchanged), 8400 300 as opex, and 9100 in no range:
    //   EBITDA = 37,500 − 300 = 37,200; EBIT = 37,200 − 6,500 = 30,700; net income = 30,700 − 4,800 = 25,900.
    const { values, stderr } = figures('fixtures/charts/user/kpi.yaml');
    expect(values).toMatchObject({ ledger_revenue: 100000, ebitda: 37200, ebit: 30700, net_income: 25900 });
    expect(stderr).toMatch(/ledger\.csv:24.*"9100": account 9100 is in no range of the chart chart\.yaml over NS 4102/);
    const check = runKpi(['check', '-c', 'fixtures/charts/user/kpi.yaml', '--period', '2026-01', '--as-of', '2026-02-15', '--kpi', 'ebitda']);
    expect(check.code).not.toBe(0);
  });
});

describe('kpi init on a ledger of account numbers', () => {
  it('guesses the ledger kind, writes the detected chart, and the config runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-chart-init-'));
    copyFileSync('fixtures/charts/ns4102/ledger.csv', join(dir, 'hovedbok.csv'));
    const init = runKpi(['init', 'hovedbok.csv'], { cwd: dir });
    expect(init.code).toBe(0);
    const yaml = readFileSync(join(dir, 'kpi.yaml'), 'utf8');
    expect(yaml).toContain('  ledger:');
    expect(yaml).toMatch(/\n {4}chart: ns4102 +# NS 4102, category from column 'Konto' \(detected: /);
    // The same figures as the detected chart gives (derivation above): EBITDA 37,500, net income 26,200.
    const { values } = figures(join(dir, 'kpi.yaml'));
    expect(values).toMatchObject({ ebitda: 37500, net_income: 26200 });
  });
});
