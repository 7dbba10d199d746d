// The ready-to-paste fix for an unknown value proposed the first canonical value whatever the value meant:
// `Finanskostnad` (a finance cost) → revenue, and pasted, revenue 101,000 (new-user trial F32). It now proposes
// the value closest in meaning, or a placeholder kpi.yaml refuses until the user chooses.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportValues, runKpi } from '../helpers/run-kpi.js';
import { closestCanonical, valuesLine } from '../../src/engine/value-check.js';

const LEDGER = ['revenue', 'cogs', 'opex', 'depreciation', 'amortization', 'interest', 'tax', 'appropriations', 'marketing', 'sales'];
const STATUS = ['won', 'lost', 'open'];

describe('closestCanonical', () => {
  it.each([
    ['Finanskostnad', 'interest'],
    ['Rentekostnader', 'interest'],
    ['Räntekostnader', 'interest'],
    ['Skattekostnad på ordinært resultat', 'tax'],
    ['Avskrivning på driftsmidler', 'depreciation'],
    ['Varekjøp handelsvarer', 'cogs'],
    ['Lønn til ansatte', 'opex'],
    ['Kontorkostnader', 'opex'],
    ['Reklamekostnad', 'marketing'],
    ['Salgsprovisjon', 'sales'],
    ['Salgsinntekt, avgiftsfri', 'revenue'],
    ['Nettoomsättning', 'revenue'],
  ])('%s means %s', (value, meant) => {
    expect(closestCanonical(value, LEDGER)).toBe(meant);
  });

  it('does not guess a finance income (no ledger category means it) or a word it does not know', () => {
    expect(closestCanonical('Finansinntekt', LEDGER)).toBeUndefined();
    expect(closestCanonical('Renteinntekter', LEDGER)).toBeUndefined();
    expect(closestCanonical('GL', LEDGER)).toBeUndefined();
    expect(closestCanonical('Taxi', LEDGER)).toBeUndefined();
  });

  it('reads deal statuses, and only proposes values the field has', () => {
    expect(closestCanonical('Signert', STATUS)).toBe('won');
    expect(closestCanonical('Closed Lost (no budget)', STATUS)).toBe('lost');
    expect(closestCanonical('Avbrutt', STATUS)).toBe('lost');
    expect(closestCanonical('Finanskostnad', STATUS)).toBeUndefined();
  });
});

describe('valuesLine', () => {
  it('proposes the closest value first, then the others', () => {
    expect(valuesLine('category', 'Finanskostnad', LEDGER)).toBe(
      'values: { category: { interest: ["Finanskostnad"] } } (or revenue, cogs, opex, depreciation, amortization, tax, appropriations, marketing, sales; ignore: ["Finanskostnad"] counts it as none of them)',
    );
  });

  it('gives a placeholder when it cannot tell', () => {
    expect(valuesLine('status', 'Parkert', STATUS)).toBe('values: { status: { "<won | lost | open>": ["Parkert"] } } (replace the <…> with the one it means; ignore: ["Parkert"] counts it as none of them)');
  });
});

describe('the suggested fix, pasted', () => {
  // A P&L: Salgsinntekt 100,000, Varekostnad 40,000, Finanskostnad 2,000 (sign: as_is). Pasting the proposed
  // `interest` gives revenue 100,000 and net income 100,000 − 40,000 − 2,000 = 58,000 (the old proposal, revenue,
  // gave 102,000 and 62,000); the placeholder pasted as it stands is refused (exit 2).
  const dir = mkdtempSync(join(tmpdir(), 'kpi-suggest-'));
  writeFileSync(join(dir, 'pl.csv'), 'Dato;Kategori;Beløp\n01.10.2026;Salgsinntekt;100000\n02.10.2026;Varekostnad;40000\n03.10.2026;Finanskostnad;2000\n');
  const config = (values: string) => {
    const file = join(dir, `kpi-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `sources:\n  ledger: { file: pl.csv, kind: ledger, sign: as_is${values} }\n`);
    return file;
  };
  const ARGS = ['--period', '2026-10', '--as-of', '2026-11-15', '--compare', 'none', '--kpi', 'ledger_revenue,net_income'];

  it('names interest for Finanskostnad, and that line gives the right figures', () => {
    const v = runKpi(['validate', '-c', config('')]);
    expect(v.code).toBe(3);
    const line = v.stdout.match(/map it: (values: \{ category: \{ \w+: \["Finanskostnad"\] \} \})/)?.[1];
    expect(line).toBe('values: { category: { interest: ["Finanskostnad"] } }');
    expect(reportValues(['-c', config(`, ${line}`), ...ARGS])).toEqual({ ledger_revenue: 100_000, net_income: 58_000 });
  });

  it('refuses the placeholder pasted without choosing', () => {
    const run = runKpi(['validate', '-c', config(', values: { category: { "<revenue | cogs>": [Finanskostnad] } }')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('<revenue | cogs> is a placeholder: replace it with the canonical value');
  });
});
