// Formulas nest at most MAX_FORMULA_DEPTH levels and KPI chains MAX_KPI_NESTING: deeper input is a located
// configuration error (exit 2), never a stack overflow (exit 70) in the parser or in the walks after it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormulaError } from '../../src/formula/formula-error.js';
import { MAX_FORMULA_DEPTH, parseFormula } from '../../src/formula/parser.js';
import { printExpr } from '../../src/formula/print.js';
import { runKpi } from '../helpers/run-kpi.js';

function parseError(formula: string): FormulaError {
  try {
    parseFormula(formula);
  } catch (err) {
    if (err instanceof FormulaError) return err;
    throw err;
  }
  throw new Error('parsed');
}

const terms = (n: number, term: string) => Array.from({ length: n }, () => term).join(' + ');

describe('formula depth', () => {
  it('2,000 nested parentheses: an error at the 257th', () => {
    const e = parseError(`${'('.repeat(2000)}revenue${')'.repeat(2000)}`);
    expect(e.message).toContain(`deeper than ${MAX_FORMULA_DEPTH} levels`);
    // The 257th parenthesis opens level 257: column 257.
    expect(e.pos).toEqual({ line: 1, col: 257 });
  });

  it("10,000 repeated 'not', and 5,000 signs", () => {
    // `count(sales where ` is 18 characters; each `not ` is 4: the 257th starts at 18 + 256 × 4 + 1 = 1043.
    expect(parseError(`count(sales where ${'not '.repeat(10_000)}rep = "a")`).pos).toEqual({ line: 1, col: 1043 });
    expect(parseError(`${'-'.repeat(5000)}revenue`).pos).toEqual({ line: 1, col: 257 });
    expect(parseError(`sum(${'-'.repeat(5000)}sales.revenue)`).message).toContain('deeper than 256');
  });

  it('a 250,000-term sum and a 20,000-term row expression: each operator of the chain is a level', () => {
    expect(parseError(terms(250_000, 'revenue')).message).toContain('deeper than 256');
    expect(parseError(`sum(${terms(20_000, 'sales.revenue')})`).message).toContain('deeper than 256');
    expect(parseError(`count(sales where ${Array.from({ length: 1000 }, (_, i) => `rep = "r${i}"`).join(' or ')})`).message).toContain('deeper than 256');
  });

  it('up to the limit parses and prints', () => {
    // 255 operators over 256 terms: the first term sits at depth 256.
    const sum = terms(256, 'revenue');
    expect(printExpr(parseFormula(sum))).toBe(sum);
    expect(() => parseFormula(terms(257, 'revenue'))).toThrow(FormulaError);
    const nested = `${'('.repeat(255)}revenue${')'.repeat(255)}`;
    expect(printExpr(parseFormula(nested))).toBe('revenue');
  });
});

describe('through the binary', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-limits-'));
    writeFileSync(join(dir, 'sales.csv'), 'date,rep,revenue\n2026-10-01,Ann,10\n2026-10-02,Bob,5\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const project = (kpis: string[]) => {
    const file = join(dir, 'kpi.yaml');
    writeFileSync(file, ['sources:', '  sales: { file: sales.csv }', 'kpis:', ...kpis, ''].join('\n'));
    return file;
  };
  const report = (config: string, kpi: string) => runKpi(['report', '-c', config, '--kpi', kpi, '--period', '2026-10', '--as-of', '2026-11-15', '-f', 'json']);

  it('a deep formula is exit 2 naming the file, the KPI, the position and the limit', () => {
    const config = project([`  deep: { label: Deep, formula: "${'('.repeat(2000)}sum(sales.revenue)${')'.repeat(2000)}", unit: number }`]);
    const run = report(config, 'deep');
    expect(run.code).toBe(2);
    const error = (JSON.parse(run.stderr) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('KPI_FORMULA');
    expect(error.message).toMatch(/kpi\.yaml:4: deep: 1:257 the formula nests deeper than 256 levels/);
  });

  it('a chain of 3,000 KPIs is exit 2 at the KPI that crosses the limit', () => {
    // k_i = k_(i-1) + 1 nests 2 levels a KPI (the sum and the reference) over k0's 1: k512 reaches 1 + 2 × 512 = 1025.
    const kpis = ['  k0: { label: K0, formula: sum(sales.revenue), unit: number }'];
    for (let i = 1; i < 3000; i++) kpis.push(`  k${i}: { label: K${i}, formula: k${i - 1} + 1, unit: number }`);
    const run = report(project(kpis), 'k2999');
    expect(run.code).toBe(2);
    const error = (JSON.parse(run.stderr) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('KPI_KPI_DEPTH');
    expect(error.message).toMatch(/kpi\.yaml:\d+: k512: 1:1 uses 'k511'.* 1025 levels deep, over the limit of 1024/);
  });

  it('a chain of 500 KPIs works: 15 + 499', () => {
    const kpis = ['  k0: { label: K0, formula: sum(sales.revenue), unit: number }'];
    for (let i = 1; i < 500; i++) kpis.push(`  k${i}: { label: K${i}, formula: k${i - 1} + 1, unit: number }`);
    const run = report(project(kpis), 'k499');
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { results: { value: number }[] }).results[0].value).toBe(514);
  });
});
