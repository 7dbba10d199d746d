// Empty amounts (README "Empty amounts", trial F5): an empty cell of a number column is no value; a figure that
// combines an amount skipping such rows with another aggregate of the same rows that counts them is in doubt.
// Figures by hand from fixtures/empty-amounts (see its README.md): October, A2 and A3 (lines 5, 6) have a cost and
// no revenue, A4 (line 7) a revenue and no cost; Ann has A1 (two lines) and A4, Bob A2, A3 and A5.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';
import { requiredSlots } from '../../src/report/doubts.js';

interface Result {
  kpi: string;
  group: Record<string, string>;
  value: number | null;
  bad_values: { count: number; accepted: boolean; empty?: true; first: { line: number; column: string } } | null;
}

const SALES = readFileSync('fixtures/empty-amounts/sales.csv', 'utf8');

function project(sales: string, kpis: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-empty-amounts-'));
  const body = Object.entries(kpis).map(([id, formula]) => `  ${id}: { formula: "${formula.replace(/"/g, '\\"')}" }`).join('\n');
  writeFileSync(join(dir, 'kpi.yaml'), `currency: NOK\nsources:\n  sales: ${sales}\n${body ? `kpis:\n${body}\n` : ''}`);
  writeFileSync(join(dir, 'sales.csv'), SALES);
  return join(dir, 'kpi.yaml');
}

function run(config: string, kpis: string, extra: string[] = []) {
  const r = runKpi(['report', '-c', config, '--period', '2026-10', '--compare', 'none', '--kpi', kpis, '-f', 'json', '--as-of', '2026-11-05', ...extra]);
  const report = JSON.parse(r.stdout) as { results: Result[]; data_quality: { empty_values: { column: string; count: number; first: { line: number }; read_as: string }[] }[] };
  return { ...report, code: r.code };
}

const of = (rs: Result[], kpi: string, rep?: string) => rs.find((r) => r.kpi === kpi && (rep === undefined ? Object.keys(r.group).length === 0 : r.group.rep === rep))!;

describe('figures combining rows with an empty amount', () => {
  const config = project('{ file: sales.csv }', {
    // A row value reading two amounts: A2, A3 and A4 each lack one of them.
    margin_sum: 'sum(sales.revenue - sales.cost)',
    // An average per line: 430 over the 6 October lines counted, 2 of them without a revenue.
    per_line: 'revenue / count(sales)',
    // Guarded both ways: each sum needs the other's amount (as the registry's defect_rate's denominator does).
    guarded: 'sum(sales.revenue where cost is not empty) / sum(sales.cost where revenue is not empty)',
    // Guarded one way only: A4's revenue is summed while its cost is skipped.
    half: 'sum(sales.revenue) / sum(sales.cost where revenue is not empty)',
    // A share of the same column: its rows without a value are none of either.
    share: 'sum(sales.revenue where rep = "Ann") / sum(sales.revenue)',
  });

  it('flags a figure that counts rows whose amount it skips, and no lone or guarded one', () => {
    const { results } = run(config, 'revenue,gross_profit,margin_sum,per_line,guarded,half,share');
    // Lone sum: 430, not in doubt.
    expect(of(results, 'revenue').bad_values).toBeNull();
    // 430 − 175 = 255; revenue skipped A2 and A3 (2 rows; cost skipped only A4), first at line 5.
    expect(of(results, 'gross_profit').value).toBe(255);
    expect(of(results, 'gross_profit').bad_values).toMatchObject({ count: 2, accepted: false, empty: true, first: { line: 5, column: 'revenue' } });
    // (100−60) + (50−20) + (80−40) = 110 over the three lines with both; A2, A3, A4 skipped (3 rows).
    expect(of(results, 'margin_sum').value).toBe(110);
    expect(of(results, 'margin_sum').bad_values).toMatchObject({ count: 3, empty: true });
    // 430 / 6 lines.
    expect(of(results, 'per_line').bad_values).toMatchObject({ count: 2, empty: true });
    // (100 + 50 + 80) / (60 + 20 + 40) = 230 / 120: each sum needs the other's amount, so no row is mixed.
    expect(of(results, 'guarded').value).toBeCloseTo(230 / 120, 12);
    expect(of(results, 'guarded').bad_values).toBeNull();
    // 430 / 120: A4 (line 7) is in the numerator and, without a cost, not in the denominator.
    expect(of(results, 'half').bad_values).toMatchObject({ count: 1, first: { line: 7, column: 'cost' } });
    // (100 + 50 + 200) / 430
    expect(of(results, 'share').bad_values).toBeNull();
  });

  it('counts in the rows of each group', () => {
    const { results } = run(config, 'gross_profit', ['--by', 'rep']);
    // Ann: A1 (60 + 20 cost) and A4 (no cost): 350 − 80 = 270, the cost skipped 1 row (line 7).
    expect(of(results, 'gross_profit', 'Ann')).toMatchObject({ value: 270, bad_values: { count: 1, first: { line: 7, column: 'cost' } } });
    // Bob: A2, A3 without revenue, A5: 80 − 95 = −15, revenue skipped 2 (first line 5).
    expect(of(results, 'gross_profit', 'Bob')).toMatchObject({ value: -15, bad_values: { count: 2, first: { line: 5, column: 'revenue' } } });
  });

  it('empty: zero for a column settles its rows only; --allow-bad-values accepts them', () => {
    const cost = project('{ file: sales.csv, empty: { cost: zero } }', {});
    const { results, data_quality } = run(cost, 'gross_profit', ['--by', 'rep']);
    // Ann's doubt was the empty cost: settled. Bob's is the empty revenue: still flagged.
    expect(of(results, 'gross_profit', 'Ann').bad_values).toBeNull();
    expect(of(results, 'gross_profit', 'Bob').bad_values).toMatchObject({ count: 2, first: { column: 'revenue' } });
    expect(data_quality[0].empty_values.map((e) => `${e.column}:${e.count}:${e.first.line}:${e.read_as}`).sort()).toEqual(['cost:2:2:zero', 'revenue:2:5:no_value']);
    const accepted = run(project('{ file: sales.csv }', {}), 'gross_profit', ['--allow-bad-values']);
    expect(of(accepted.results, 'gross_profit').bad_values).toMatchObject({ count: 2, accepted: true });
  });

  it('kpi check fails on a flagged figure (exit 3) and passes once the source says empty: zero', () => {
    const args = ['--period', '2026-10', '--kpi', 'gross_profit', '--as-of', '2026-11-05'];
    expect(runKpi(['check', '-c', project('{ file: sales.csv }', {}), ...args]).code).toBe(3);
    expect(runKpi(['check', '-c', project('{ file: sales.csv, empty: zero }', {}), ...args]).code).toBe(0);
  });

  it('a wrong empty: setting is a configuration error naming what to write', () => {
    const r = runKpi(['report', '-c', project('{ file: sales.csv, empty: { cost: 0 } }', {}), '--as-of', '2026-11-05']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('empty: { cost: zero }');
  });
});

describe('requiredSlots: the cells an aggregate cannot take a row without', () => {
  const num = (slot: number) => ({ kind: 'slot' as const, slot });
  it('its value and its condition, an or needing what both sides need, a not nothing known', () => {
    expect([...requiredSlots({ fn: 'count' })]).toEqual([]);
    expect([...requiredSlots({ fn: 'sum', arg: { kind: 'number', value: { kind: 'binary', op: '-', left: num(1), right: num(2) } } })]).toEqual([1, 2]);
    expect([...requiredSlots({ fn: 'count', where: { kind: 'empty', slot: 3, negated: true } })]).toEqual([3]);
    expect([...requiredSlots({ fn: 'count', where: { kind: 'empty', slot: 3, negated: false } })]).toEqual([]);
    const gt = (slot: number) => ({ kind: 'compare_numbers' as const, op: '>' as const, left: num(slot), right: { kind: 'number' as const, value: 0 } });
    expect([...requiredSlots({ fn: 'count', where: { kind: 'or', left: gt(1), right: { kind: 'and', left: gt(1), right: gt(2) } } })]).toEqual([1]);
    expect([...requiredSlots({ fn: 'count', where: { kind: 'not', arg: gt(1) } })]).toEqual([]);
    expect([...requiredSlots({ fn: 'count_distinct', arg: { kind: 'text', slot: 4 } })]).toEqual([4]);
  });
});
