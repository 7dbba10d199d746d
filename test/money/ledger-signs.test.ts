// Ledger sign conventions (issue 11 §7): a general-ledger export in the double-entry convention (income written
// as negative credits) reads right with no setting; `sign:` overrides; a negative income total is a warning.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportValues, ROOT, runKpi } from '../helpers/run-kpi.js';

const FIXTURE = join(ROOT, 'fixtures', 'money', 'gl-double-entry.csv');
const OCTOBER = ['--period', '2026-10', '--compare', 'none', '--as-of', '2026-11-15'];
const KPIS = ['--kpi', 'ledger_revenue,ebitda,net_income,net_margin'];

function project(extra: string, file = FIXTURE): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-signs-'));
  const config = join(dir, 'kpi.yaml');
  writeFileSync(config, `currency: NOK\nsources:\n  ledger: { file: ${JSON.stringify(file)}${extra} }\n`);
  return config;
}

/*
 * gl-double-entry.csv (fixtures/money/README.md), October 2026, as written (credits negative):
 *   Salgsinntekt  −60,000  −45,000  +5,000 (a credit note)  = −100,000  → revenue 100,000
 *   Varekostnad   +42,000  −2,000 (a supplier's credit note)  = 40,000  → COGS 40,000
 *   Lønnskostnad  +30,000                                              → payroll (opex) 30,000
 * ebitda = 100,000 − (40,000 + 30,000) = 30,000; no D&A, interest or tax: net income 30,000;
 * net margin 30,000 / 100,000 = 0.3.
 */
describe('a double-entry general-ledger export', () => {
  it('reads income written as negative credits right with no setting', () => {
    expect(reportValues(['-c', join(ROOT, 'fixtures', 'money', 'kpi.yaml'), ...OCTOBER, ...KPIS])).toEqual({
      ledger_revenue: 100_000,
      ebitda: 30_000,
      net_income: 30_000,
      net_margin: 0.3,
    });
  });

  it('says which convention it read, and why, in validate and explain', () => {
    const v = runKpi(['validate', '-c', join(ROOT, 'fixtures', 'money', 'kpi.yaml'), '--format', 'json']);
    expect(v.code, v.stderr).toBe(0);
    const sign = JSON.parse(v.stdout).sources[0].sign;
    expect(sign.convention).toBe('credit_negative');
    expect(sign.detected).toBe(true);
    // 2 of the 3 revenue lines are negative; 1 of the 3 cost lines (the supplier's credit note).
    expect(sign.why).toContain('2 of 3 income lines negative, 1 of 3 cost lines negative');
    const e = runKpi(['explain', 'ebitda', '-c', join(ROOT, 'fixtures', 'money', 'kpi.yaml'), ...OCTOBER]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toContain('amounts: sign credit_negative (detected: 2 of 3 income lines negative');
  });

  it('takes sign: as_is as written, and warns that the income lines add up below zero', () => {
    const config = project(', sign: as_is');
    const run = runKpi(['report', '-f', 'json', '-c', config, ...OCTOBER, ...KPIS]);
    expect(run.code, run.stderr).toBe(0);
    const values = Object.fromEntries(JSON.parse(run.stdout).results.map((r: { kpi: string; value: number }) => [r.kpi, r.value]));
    // As written: revenue −100,000; ebitda −100,000 − 70,000 = −170,000; margin −170,000 / −100,000 = 1.7.
    expect(values).toEqual({ ledger_revenue: -100_000, ebitda: -170_000, net_income: -170_000, net_margin: 1.7 });
    expect(run.stderr).toContain('the income lines add up to -100000.00 (below zero) read as sign: as_is');
    expect(run.stderr).toContain('set sign: credit_negative');
    const v = runKpi(['validate', '-c', config]);
    expect(v.stdout).toContain('amounts: sign as_is (sign: as_is in kpi.yaml)');
    expect(v.stdout).toContain('warning: ledger: the income lines add up to -100000.00');
  });

  it('keeps costs_sign as the old spelling: positive leaves the income lines to decide, negative means costs_negative', () => {
    expect(reportValues(['-c', project(', costs_sign: positive'), ...OCTOBER, ...KPIS]).ebitda).toBe(30_000);
    // costs_negative on this file: revenue −100,000 as written, costs negated to −70,000: ebitda −30,000.
    expect(reportValues(['-c', project(', costs_sign: negative'), ...OCTOBER, ...KPIS]).ebitda).toBe(-30_000);
  });

  it('stops and names the setting when income and cost lines are both mostly negative', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-signs-'));
    const file = join(dir, 'gl.csv');
    writeFileSync(file, 'date,category,amount\n2026-10-01,revenue,-100\n2026-10-02,cogs,-40\n');
    const run = runKpi(['report', '-c', project('', file), ...OCTOBER]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot tell the ledger's sign convention");
    expect(run.stderr).toContain('sign: credit_negative   # income negative, costs positive');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown sign: value naming the three', () => {
    const run = runKpi(['report', '-c', project(', sign: debit')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('sign must be credit_negative, costs_negative or as_is');
  });
});

// New-user trial F25: a convention detected from lines that cannot tell it printed revenue −90,000, EBITDA
// −160,000 with only a stderr warning, and `kpi check` passed. The evidence is now the whole source's (counted in
// the engine's one pass), and a source whose lines do not settle it has no ledger figure: errors naming `sign:`.
describe('a ledger whose lines do not settle the sign convention', () => {
  const TIE = join(ROOT, 'fixtures', 'money', 'gl-tie.csv');
  const ORDERED = join(ROOT, 'fixtures', 'money', 'gl-account-order.csv');
  const IGNORE_BALANCE = ', values: { category: { ignore: [Balanse] } }';
  const results = (config: string, command = 'report') => {
    const run = runKpi([command, '-f', 'json', '-c', config, ...OCTOBER, '--kpi', 'ledger_revenue,ebitda']);
    return { run, rows: JSON.parse(run.stdout).results as { kpi: string; value: number | null; status: string; reason: string | null }[] };
  };

  it('has no figure from one invoice and one credit note, and check fails naming sign:', () => {
    const { run, rows } = results(project('', TIE), 'check');
    expect(run.code, run.stderr).toBe(3);
    for (const r of rows) {
      expect(r.value).toBeNull();
      expect(r.status).toBe('error');
      // The raw income lines add up to −90,000: credit_negative is the likelier setting, proposed first.
      expect(r.reason).toContain('1 of 2 income lines negative');
      expect(r.reason).toContain('set sign: credit_negative');
    }
    const v = runKpi(['validate', '-c', project('', TIE)]);
    expect(v.code).toBe(3);
    expect(v.stdout).toContain("problem: ledger: the ledger's sign convention is in doubt");
  });

  it('reads the whole hovedbok, not its first 500 balance-sheet rows, and says the convention they show', () => {
    const { run, rows } = results(project(IGNORE_BALANCE, ORDERED), 'check');
    expect(run.code, run.stderr).toBe(3);
    expect(rows.map((r) => r.status)).toEqual(['error', 'error']);
    expect(rows[0].reason).toContain('the whole source says credit_negative (10 of 10 income lines negative, 0 of 5 cost lines negative)');
  });

  it('gives the figures once sign: settles it (values by hand in fixtures/money/README.md)', () => {
    expect(reportValues(['-c', project(', sign: credit_negative', TIE), ...OCTOBER, '--kpi', 'ledger_revenue,ebitda'])).toEqual({ ledger_revenue: 90_000, ebitda: 20_000 });
    expect(reportValues(['-c', project(`, sign: credit_negative${IGNORE_BALANCE}`, ORDERED), ...OCTOBER, '--kpi', 'ledger_revenue,ebitda'])).toEqual({ ledger_revenue: 10_000, ebitda: 8_000 });
  });
});
