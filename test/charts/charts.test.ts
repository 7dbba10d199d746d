// Charts of accounts as data (src/charts): range lookup, the built-in NS 4102 and BAS, a user's chart file over a
// base, and detection from account numbers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinChart, CHART_CATEGORIES, compileChart, detectChart, loadChartFile, chartOf, parseRange } from '../../src/charts/index.js';
import { SOURCE_KINDS } from '../../src/sources/kinds.js';

const cat = (chart: 'ns4102' | 'bas', account: string | number) => builtinChart(chart).lookup(account)?.category;

describe('built-in charts', () => {
  it('NS 4102: balance sheet 1–2, P&L 3–8, depreciation in 60, result transfers out of the P&L', () => {
    expect(cat('ns4102', '1920')).toBe('balance sheet');
    expect(cat('ns4102', '2400')).toBe('balance sheet');
    expect(cat('ns4102', '3000')).toBe('revenue');
    expect(cat('ns4102', '3900')).toBe('revenue');
    expect(cat('ns4102', '4300')).toBe('cogs');
    expect(cat('ns4102', '5000')).toBe('opex');
    expect(cat('ns4102', '6010')).toBe('depreciation');
    expect(cat('ns4102', '6020')).toBe('amortization'); // goodwill
    expect(cat('ns4102', '6050')).toBe('depreciation'); // write-down
    expect(cat('ns4102', '6300')).toBe('opex');
    expect(cat('ns4102', '7320')).toBe('marketing');
    expect(cat('ns4102', '7350')).toBe('sales');
    expect(cat('ns4102', '7700')).toBe('opex');
    expect(cat('ns4102', '8050')).toBe('interest');
    expect(cat('ns4102', '8150')).toBe('interest');
    expect(cat('ns4102', '8300')).toBe('tax');
    expect(cat('ns4102', '8800')).toBe('result transfer');
    expect(cat('ns4102', '8960')).toBe('result transfer');
    // Extraordinary items (84–85) are in no range: said, not guessed.
    expect(cat('ns4102', '8400')).toBeUndefined();
    expect(cat('ns4102', '9100')).toBeUndefined();
  });

  it('BAS: 5–6 external costs, 7 personnel with 77–78 depreciation, 88 appropriations, 89 tax, 8999 the result', () => {
    expect(cat('bas', '1930')).toBe('balance sheet');
    expect(cat('bas', '3001')).toBe('revenue');
    expect(cat('bas', '4010')).toBe('cogs');
    expect(cat('bas', '5010')).toBe('opex');
    expect(cat('bas', '5910')).toBe('marketing');
    expect(cat('bas', '6050')).toBe('sales');
    expect(cat('bas', '6570')).toBe('opex');
    expect(cat('bas', '7210')).toBe('opex');
    expect(cat('bas', '7832')).toBe('depreciation');
    expect(cat('bas', '7810')).toBe('amortization');
    expect(cat('bas', '7720')).toBe('depreciation');
    expect(cat('bas', '8410')).toBe('interest');
    expect(cat('bas', '8811')).toBe('appropriations');
    expect(cat('bas', '8910')).toBe('tax');
    expect(cat('bas', '8999')).toBe('result transfer');
  });

  it('reads accounts with more digits by their leading ones, and number-and-name columns; not other shapes', () => {
    expect(cat('ns4102', '30001')).toBe('revenue');
    expect(cat('ns4102', 3000)).toBe('revenue');
    expect(cat('ns4102', '3000 Salgsinntekt')).toBe('revenue');
    expect(cat('ns4102', '3000-01')).toBeUndefined();
    expect(cat('ns4102', 'A3000')).toBeUndefined();
    expect(cat('ns4102', 30.5)).toBeUndefined();
  });

  it('every category a chart gives is a value the ledger kind knows (canonical or ignored)', () => {
    const field = SOURCE_KINDS.ledger.fields.find((f) => f.name === 'category')!;
    const known = new Set([...Object.keys(field.values ?? {}), ...(field.ignore ?? [])]);
    for (const c of CHART_CATEGORIES) expect(known, c).toContain(c);
    for (const chart of ['ns4102', 'bas'] as const) for (const r of builtinChart(chart).ranges) expect(known, `${chart} ${r.from}`).toContain(r.category);
  });

  it('the longest range wins, whatever the order ranges are listed in (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 8999 }), fc.boolean(), (n, reversed) => {
        const ranges = [
          { from: '3', to: '3', category: 'revenue' },
          { from: '30', to: '31', category: 'cogs' },
          { from: '3050', to: '3059', category: 'opex' },
        ];
        const chart = compileChart({ id: 't', label: 't', ranges: reversed ? ranges.reverse() : ranges });
        const want = n >= 3050 && n <= 3059 ? 'opex' : n >= 3000 && n <= 3199 ? 'cogs' : n >= 3000 && n <= 3999 ? 'revenue' : undefined;
        expect(chart.lookup(String(n))?.category).toBe(want);
      }),
    );
  });

  it('parses ranges as written, refusing ends of different lengths or in the wrong order', () => {
    expect(parseRange('3000-3099')).toEqual({ from: '3000', to: '3099' });
    expect(parseRange(' 30 ')).toEqual({ from: '30', to: '30' });
    expect(parseRange('6000..6019')).toEqual({ from: '6000', to: '6019' });
    expect(parseRange('6000–6019')).toEqual({ from: '6000', to: '6019' });
    expect(parseRange('3-3099')).toBeUndefined();
    expect(parseRange('3099-3000')).toBeUndefined();
    expect(parseRange('abc')).toBeUndefined();
  });
});

describe('a chart file of the user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-chart-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('YAML ranges override the base at any length', () => {
    const chart = compileChart(loadChartFile(file('a.yaml', 'base: ns4102\nranges:\n  "84": opex\n  "7320-7329": opex\n')));
    expect(chart.label).toBe('a.yaml over NS 4102');
    expect(chart.lookup('8400')?.category).toBe('opex');
    expect(chart.lookup('7320')?.category).toBe('opex'); // the user's 4-digit range over the base's
    expect(chart.lookup('3000')?.category).toBe('revenue'); // the base still answers
  });

  it('a CSV chart (account;category or from;to;category), with the base given in kpi.yaml', () => {
    const a = compileChart(loadChartFile(file('a.csv', 'account;category\n3000-3499;revenue\n9;opex\n'), 'bas'));
    expect(a.lookup('9100')?.category).toBe('opex');
    expect(a.lookup('7210')?.category).toBe('opex');
    const b = compileChart(loadChartFile(file('b.csv', 'from,to,category\n100,199,revenue\n')));
    expect(b.lookup('150')?.category).toBe('revenue');
    expect(b.lookup('3000')).toBeUndefined(); // no base: only the user's ranges
  });

  it('says where a chart file is wrong, with the valid categories', () => {
    expect(() => loadChartFile(file('c.csv', 'account;category\n3000;revenue\n4000;costs\n'))).toThrow(/c\.csv:3: "costs" \(for accounts 4000\) is not a ledger category; write one of revenue, cogs/);
    expect(() => loadChartFile(file('d.yaml', 'ranges:\n  "30-3999": revenue\n'))).toThrow(/"30-3999" is not an account range/);
    expect(() => loadChartFile(file('e.yaml', 'base: gaap\nranges: {}\n'))).toThrow(/base: "gaap" is not a chart kpi knows/);
    expect(() => chartOf('ifrs')).toThrow(/chart: "ifrs" is not a chart kpi knows; write chart: ns4102 or bas/);
    expect(() => chartOf(join(dir, 'missing.yaml'))).toThrow(/not found/);
  });
});

describe('detecting the chart from account numbers', () => {
  it('tells NS 4102 from BAS by the accounts of everyday lines', () => {
    expect(detectChart(['3000', '1500', '4300', '2400', '5000', '1920', '2700'])?.chart).toBe('ns4102');
    expect(detectChart(['3001', '1510', '4010', '2440', '7210', '1930', '2610'])?.chart).toBe('bas');
  });
  it('an even count is tipped by the currency, else left undecided with the reason', () => {
    expect(detectChart(['3000', '4000'], 'bas')?.chart).toBe('bas');
    const none = detectChart(['3000', '4000']);
    expect(none?.chart).toBeUndefined();
    expect(none?.why).toMatch(/cannot tell which chart/);
  });
  it('a column that is not account numbers is no chart at all', () => {
    expect(detectChart(['Sales', 'Rent', 'Salaries'])).toBeUndefined();
    expect(detectChart(['12', '15', '7'])).toBeUndefined();
    expect(detectChart([])).toBeUndefined();
  });
});
