// A value that cannot be read leaves its row out of the aggregates that read its column, and only those: a KPI's
// figure never depends on which other KPIs are in the report, and explain says what report says. Expected values are
// counted by hand from the rows beside each test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReport, type ReportOptions } from '../../src/report/build-report.js';
import { explainKpi } from '../../src/report/explain.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bad-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'kpi.yaml'), yaml);
  return join(dir, 'kpi.yaml');
}

async function totals(options: ReportOptions): Promise<Record<string, number | null>> {
  const { report } = await computeReport({ compare: 'none', asOf: '2026-11-05', period: '2026-10', ...options });
  return Object.fromEntries(report.results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.kpi, r.value]));
}

/*
 * line  date        revenue  cost  order_id
 *   2   2026-10-01  100      40    A
 *   3   2026-10-02  200      abc   B      cost unreadable
 *   4   2026-10-03  300      100   C
 * revenue = 100 + 200 + 300 = 600 (the revenue of line 3 is readable); sum(cost) = 40 + 100 = 140;
 * gross_profit = revenue − sum(cost) = 460; orders = 3.
 */
const SALES = 'date,revenue,cost,order_id\n2026-10-01,100,40,A\n2026-10-02,200,abc,B\n2026-10-03,300,100,C\n';

describe('a bad cell counts per aggregate', () => {
  const config = project({ 'sales.csv': SALES }, 'sources:\n  sales: { file: sales.csv }\n');

  it('gives the same revenue alone, beside gross profit and in the full report', async () => {
    expect((await totals({ config, kpis: ['revenue'] })).revenue).toBe(600);
    expect(await totals({ config, kpis: ['revenue', 'gross_profit'] })).toEqual({ revenue: 600, gross_profit: 460 });
    const all = await totals({ config });
    expect([all.revenue, all.gross_profit, all.orders]).toEqual([600, 460, 3]);
  });

  it('explain gives the number report gives', async () => {
    for (const kpi of ['revenue', 'gross_profit']) {
      const { explanation } = await explainKpi(kpi, { config, period: '2026-10', compare: 'none', asOf: '2026-11-05' });
      expect(explanation.result.value, kpi).toBe(kpi === 'revenue' ? 600 : 460);
    }
  });

  it('counts the bad value per column, located, with the KPIs it leaves its row out of', async () => {
    const { report } = await computeReport({ config, period: '2026-10', compare: 'none', asOf: '2026-11-05', kpis: ['revenue', 'gross_profit', 'gross_margin'] });
    const q = report.data_quality[0];
    expect(q.skipped).toBe(1);
    expect(q.bad_values).toEqual([
      {
        column: 'cost',
        count: 1,
        first: { file: expect.stringContaining('sales.csv'), line: 3, value: 'abc', reason: 'not a number' },
        examples: ['abc'],
        aggregates: ['sum(sales.cost)'],
        kpis: ['gross_profit', 'gross_margin'],
        groups: false,
      },
    ]);
    expect(q.issues).toHaveLength(1);
  });

  it('still stops at the first bad value under --strict', async () => {
    await expect(computeReport({ config, period: '2026-10', strict: true })).rejects.toThrow(/sales\.csv:3: column 'cost': "abc" is not a number/);
  });
});

describe('what a bad value of each kind of column leaves out', () => {
  /*
   * line  date        amount  segment
   *   2   2026-10-01  10      A
   *   3   2026-10-xx  20      A      date unreadable: in no period; period: none aggregates still count it
   *   4   2026-10-03  x       B      amount unreadable: out of the amount's aggregates and of the condition on it
   *   5   2026-10-04  40      B
   *   6              50      B      no date: no_period, not a bad value, but n, total and big would count it
   *                                   (50 > 15): it may be in any period, so those figures are in doubt
   * October: count(s) = lines 2, 4, 5 = 3; sum(amount) = 10 + 40 = 50; count(s where amount > 15) = line 5 = 1
   * (line 4's condition cannot be decided, so it is left out, not counted as false); every row (period: none):
   * count = 5, sum(amount) = 10 + 20 + 40 + 50 = 120.
   */
  const rows = 'date,amount,segment\n2026-10-01,10,A\n2026-10-xx,20,A\n2026-10-03,x,B\n2026-10-04,40,B\n,50,B\n';
  const config = project(
    { 's.csv': rows },
    [
      'sources:',
      '  s: { file: s.csv, period_field: date }',
      'kpis:',
      '  n: { formula: "count(s)" }',
      '  total: { formula: "sum(s.amount)" }',
      '  big: { formula: "count(s where amount > 15)" }',
      '  n_all: { formula: "count(s)", period: none }',
      '  total_all: { formula: "sum(s.amount)", period: none }',
      '',
    ].join('\n'),
  );

  it('a bad period date puts the row in no period; a bad amount leaves it out of what reads the amount', async () => {
    const { report } = await computeReport({ config, period: '2026-10', compare: 'none', asOf: '2026-11-05', kpis: ['n', 'total', 'big', 'n_all', 'total_all'] });
    const values = Object.fromEntries(report.results.map((r) => [r.kpi, r.value]));
    expect(values).toEqual({ n: 3, total: 50, big: 1, n_all: 5, total_all: 120 });
    const q = report.data_quality[0];
    expect([q.rows, q.skipped, q.no_period]).toEqual([5, 2, 1]);
    expect(q.bad_values.map((b) => [b.column, b.count, b.first.line, b.kpis])).toEqual([
      ['date', 1, 3, ['n', 'total', 'big']],
      ['amount', 1, 4, ['total', 'big', 'total_all']],
      ['date', 1, 6, ['n', 'total', 'big']],
    ]);
    expect(q.bad_values[2].empty_period).toBe(true);
    // October's n, total and big: the unreadable date (line 3, may be in October) and the empty one (line 6);
    // total and big also the bad amount of October's line 4. The period: none KPIs see every row, with a date or not.
    const bad = Object.fromEntries(report.results.map((r) => [r.kpi, r.bad_values?.count ?? 0]));
    expect(bad).toEqual({ n: 2, total: 3, big: 3, n_all: 0, total_all: 1 });
  });

  it('explain counts the rows of the period without the row whose date cannot be read', async () => {
    const { explanation } = await explainKpi('n', { config, period: '2026-10', compare: 'none', asOf: '2026-11-05' });
    expect(explanation.sources[0].rows_in_period).toBe(3);
    expect(explanation.result.value).toBe(3);
  });
});

describe('a --by value that cannot be read', () => {
  it('counts the row in the totals and in no group', async () => {
    /*
     * row  date        revenue  rep
     *  2   2026-10-01  100      Ann
     *  3   2026-10-02  200      #N/A     in the total, in no rep's group
     *  4   2026-10-03  300      Bob
     * total 600; Ann 100; Bob 300.
     */
    const dir = mkdtempSync(join(tmpdir(), 'kpi-bad-'));
    dirs.push(dir);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sales');
    ws.addRow(['date', 'revenue', 'rep']);
    ws.addRow(['2026-10-01', 100, 'Ann']);
    ws.addRow(['2026-10-02', 200, { error: '#N/A' }]);
    ws.addRow(['2026-10-03', 300, 'Bob']);
    await wb.xlsx.writeFile(join(dir, 'sales.xlsx'));
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.xlsx }\n');
    const { report } = await computeReport({ config: join(dir, 'kpi.yaml'), period: '2026-10', compare: 'none', asOf: '2026-11-05', kpis: ['revenue'], by: ['rep'] });
    expect(report.results.map((r) => [r.group.rep ?? 'total', r.value])).toEqual([
      ['total', 600],
      ['Bob', 300],
      ['Ann', 100],
    ]);
    expect(report.data_quality[0].bad_values.map((b) => [b.column, b.count, b.groups, b.kpis])).toEqual([['rep', 1, true, []]]);
  });
});
