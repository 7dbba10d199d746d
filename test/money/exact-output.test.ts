// Exact figures (issue 11 §13): money and counts print exactly as summed — no float noise, no 15-digit cut — in
// json, csv, xlsx and table; figures that are not exact decimals are rounded once, to 15 significant digits.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/engine/accumulators.js';
import { difference, printedValue, roundInexact, valDiv, valOf, valSub } from '../../src/util/exact.js';
import { HEADER_ROW } from '../../src/render/xlsx.js';
import { runKpi } from '../helpers/run-kpi.js';

const EXACT = ['-c', 'fixtures/money/exact/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue,orders,avg_order_value,revenue_growth'];

/*
 * fixtures/money/exact/sales.csv, by hand:
 *   October: 0.1 + 0.1 + 0.1 + 12345678901234.26 = 12345678901234.56 (16 significant digits), 4 orders;
 *            average 12345678901234.56 / 4 = 3086419725308.64 (even).
 *   September: 9876543210987.65, 1 order.
 *   target 12345678901234: variance 0.56 (in doubles 12345678901234.56 − 12345678901234 = 0.560546875);
 *            variance_pct 0.56 / 12345678901234 = 4.53600004082421e-14 (15 digits, Python decimal).
 *   change 12345678901234.56 − 9876543210987.65 = 2469135690246.91;
 *   change_pct = revenue_growth = 2469135690246.91 / 9876543210987.65 = 0.249999988609375 (15 digits).
 */
const REVENUE = {
  value: 12345678901234.56,
  target: 12345678901234,
  variance: 0.56,
  variance_pct: 4.53600004082421e-14,
  previous: 9876543210987.65,
  change: 2469135690246.91,
  change_pct: 0.249999988609375,
};

function json(args: string[]) {
  const run = runKpi(['report', '-f', 'json', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { results: Record<string, unknown>[] };
}

describe('money past 10^13 prints exactly in every format', () => {
  it('json', () => {
    const r = json(EXACT).results;
    expect(r[0]).toMatchObject(REVENUE);
    expect(r.find((x) => x.kpi === 'avg_order_value')!.value).toBe(3086419725308.64);
    expect(r.find((x) => x.kpi === 'revenue_growth')!.value).toBe(0.249999988609375);
  });

  it('csv writes the same decimals as text', () => {
    const run = runKpi(['report', '-f', 'csv', ...EXACT]);
    const rows = parse(run.stdout, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ value: '12345678901234.56', variance: '0.56', previous: '9876543210987.65', change: '2469135690246.91' });
    expect(rows[0].variance_pct).toBe('0.0000000000000453600004082421');
  });

  it('xlsx stores the same numbers (the sheet XML holds 12345678901234.56)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-exact-'));
    try {
      const file = join(dir, 'r.xlsx');
      expect(runKpi(['report', ...EXACT, '-o', file]).code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet('Report')!;
      const headers = (ws.getRow(HEADER_ROW).values as string[]).slice(1);
      const cell = (h: string) => ws.getRow(HEADER_ROW + 1).getCell(headers.indexOf(h) + 1).value;
      expect([cell('Actual'), cell('Variance'), cell('Change')]).toEqual([12345678901234.56, 0.56, 2469135690246.91]);
      const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
      expect(sheet).toContain('<v>12345678901234.56</v>');
      expect(sheet).toContain('<v>0.56</v>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('table shows every cent', () => {
    const run = runKpi(['report', ...EXACT]);
    expect(run.stdout).toContain('12,345,678,901,234.56 NOK');
    expect(run.stdout).toContain('+0.56 NOK');
    expect(run.stdout).toContain('3,086,419,725,308.64 NOK');
  });
});

describe('no float noise', () => {
  it('the demo report: variance 1,462,864.4 − 1,500,000 is −37,135.6 (was -37135.6000000001)', () => {
    const r = json(['-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--kpi', 'revenue', '--as-of', '2026-12-01']).results[0];
    expect(r.variance).toBe(-37135.6);
    // −37,135.6 / 1,500,000 = −0.024757066666…, 15 significant digits.
    expect(r.variance_pct).toBe(-0.0247570666666667);
  });

  it('no figure of the demo report has more than 15 significant digits (noise shows as 16–17)', () => {
    const report = json(['-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--by', 'rep', '--as-of', '2026-12-01']);
    const numbers: number[] = [];
    JSON.stringify(report, (_k, v) => (typeof v === 'number' && numbers.push(v), v));
    const digits = (n: number) => String(Math.abs(n)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
    expect(numbers.filter((n) => digits(n) > 15)).toEqual([]);
  });

  it('a ratio of ratios comes out even when it is: (0.25 − 2/11) / (2/11) = 0.375 (was 0.374999999999999)', () => {
    const prev = valDiv(valOf(2), valOf(11))!;
    expect(printedValue(valDiv(valSub(valOf(0.25), prev), prev)!).value).toBe(0.375);
  });

  it('a quotient that comes out even but has more digits than a double holds is a ratio, rounded once (not KPI_EXACT_RANGE)', () => {
    // 14,864,053.45 / 1024 = 14515.677197265625 exactly (1024 = 2^10): 17 significant digits, which no double
    // holds. Printed as a ratio: 15 significant digits, 14515.6771972656.
    const q = valDiv(valOf(14864053.45), valOf(1024))!;
    expect(q.d).toBeNull();
    expect(printedValue(q)).toEqual({ value: 14515.6771972656, lost: null });
    // An even quotient a double does hold stays exact: 1,000.50 / 4 = 250.125.
    expect(valDiv(valOf(1000.5), valOf(4))!.d).not.toBeNull();
  });

  it('differences and sums of printed figures are exact', () => {
    expect(difference(0.3, 0.1)).toBe(0.2); // in doubles 0.19999999999999998
    expect(difference(12345678901234.56, 12345678901234)).toBe(0.56);
    expect(roundInexact(1 / 3)).toBe(0.333333333333333);
    expect(roundInexact(-0)).toBe(0);
  });
});

describe('ExactSum', () => {
  /** The decimal text of a BigInt count of cents: the oracle. */
  const centsText = (c: bigint) => {
    const neg = c < 0n;
    const a = neg ? -c : c;
    const frac = String(a % 100n).padStart(2, '0').replace(/0+$/, '');
    return `${neg && a !== 0n ? '-' : ''}${a / 100n}${frac ? `.${frac}` : ''}`;
  };

  it('sums amounts to the cent, in any order and split into parts, up to a total of 7 × 10^13', () => {
    // Amounts up to ±10^12 with cents, 1–200 of them, whose total stays below 2^46 ≈ 7.03 × 10^13.
    const cents = fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n });
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 200 }), fc.nat(), (amounts, cut) => {
        const total = amounts.reduce((a, b) => a + b, 0n);
        fc.pre((total < 0n ? -total : total) < 7n * 10n ** 15n);
        const values = amounts.map((c) => Number(centsText(c)));
        const whole = new ExactSum();
        values.forEach((v) => whole.add(v));
        const at = cut % (values.length + 1);
        const [a, b] = [new ExactSum(), new ExactSum()];
        values.slice(0, at).forEach((v) => a.add(v));
        values.slice(at).forEach((v) => b.add(v));
        a.mergeFrom(b);
        expect(String(whole.value())).toBe(centsText(total));
        expect(String(a.value())).toBe(centsText(total));
      }),
      { numRuns: 300 },
    );
  });
});

describe('beyond the exact range', () => {
  it('an exact total a double cannot hold is an error naming the KPI and the exact value, not a rounded figure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-exact-'));
    // 60000000000000.02 × 2 = 120000000000000.04, 17 significant digits: its nearest double prints as …0.05.
    writeFileSync(join(dir, 'sales.csv'), 'date,revenue\n2026-10-01,60000000000000.02\n2026-10-02,60000000000000.02\n');
    const run = runKpi(['report', '--source', `sales=${join(dir, 'sales.csv')}`, '--kpi', 'revenue', '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('revenue in 2026-10 is 120000000000000.04');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    void readFileSync;
  });
});
