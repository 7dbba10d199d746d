// `n` on every result (issue 18, README "n: what a figure stands on"): the rows, answers or deals behind a figure,
// per aggregate kind. Expected counts are read off fixtures/why by hand (each derivation beside its assertion).
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

interface Row { kpi: string; group: Record<string, string>; value: number | null; n: number | null; status: string }

function report(args: string[]): Row[] {
  const run = runKpi(['report', '-c', 'fixtures/why/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete', '-f', 'json', ...args]);
  expect(run.stderr).not.toMatch(/internal/i);
  expect(run.code).toBe(0);
  return (JSON.parse(run.stdout) as { results: Row[] }).results;
}
const nOf = (rows: Row[], kpi: string, group: Record<string, string> = {}) => rows.find((r) => r.kpi === kpi && JSON.stringify(r.group) === JSON.stringify(group))?.n;

describe('n', () => {
  const rows = report(['--kpi', 'revenue,gross_margin,orders,win_rate,nps,avg_deal_size', '--by', 'rep']);

  it('a sum counts the rows of the period with a value', () => {
    // sales.csv, October: orders 6–12 are 7 lines; order 11 (Cy, Alpha) has no revenue: 6 rows with a value.
    expect(nOf(rows, 'revenue')).toBe(6);
    // Cy's October: order 10 (1200.40) and order 11 (empty): 1.
    expect(nOf(rows, 'revenue', { rep: 'Cy' })).toBe(1);
    // gross_margin = (sum(revenue) − sum(cost)) / sum(revenue): the largest of its aggregates' counts, 6.
    expect(nOf(rows, 'gross_margin')).toBe(6);
  });

  it('a count_distinct counts the distinct values, a count the rows counted', () => {
    // orders = count_distinct(order_id): orders 6..12 in October, 7 distinct.
    expect(nOf(rows, 'orders')).toBe(7);
    // win_rate = won / closed (won or lost): deals closed 2026-10-02 … 10-08, 7 of them (the open deal has no close).
    expect(nOf(rows, 'win_rate')).toBe(7);
    expect(nOf(rows, 'win_rate', { rep: 'Bo' })).toBe(4); // Bo: lost 10-05, 10-06, 10-07, won 10-08
    // avg_deal_size = avg(amount where won): the October won deals with an amount: Ann 10-02, 10-03, Bo 10-08.
    expect(nOf(rows, 'avg_deal_size')).toBe(3);
  });

  it("NPS counts the answers with a score", () => {
    // surveys.csv: Oslo 6 lines, one without a score (5), Bergen 10: 15 answers.
    expect(nOf(rows, 'nps')).toBe(15);
  });

  it('every result carries n', () => {
    for (const r of rows) expect(typeof r.n === 'number' || r.n === null).toBe(true);
    expect(rows.every((r) => 'n' in r)).toBe(true);
  });

  it('kpi explain shows n per aggregate and for the result', () => {
    const run = runKpi(['explain', 'win_rate', '-c', 'fixtures/why/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete']);
    expect(run.code).toBe(0);
    // won in October: Ann 10-02, 10-03, Bo 10-08 = 3; closed: 7.
    expect(run.stdout).toMatch(/count\(deals where status = "won"\) = 3 \| 2 {3}\(n 3\)/);
    expect(run.stdout).toMatch(/n 7/);
    const json = JSON.parse(runKpi(['explain', 'win_rate', '-c', 'fixtures/why/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete', '-f', 'json']).stdout);
    expect(json.result.n).toBe(7);
    expect(json.aggregates.map((a: { n: number }) => a.n)).toEqual([3, 7]);
  });
});
