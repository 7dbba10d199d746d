// A source of the user's own has no declared types: a field's type follows its use, and where the use alone cannot
// tell (two fields compared), the sampled values do. Expected values are counted by hand from the rows below.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/report/build-report.js';

// Northwind-shaped orders (no built-in kind): #1 shipped late (07-20 > 07-18), #2 on time, #3 not shipped, #4 late.
const ROWS = `OrderID,CustomerID,OrderDate,RequiredDate,ShippedDate,Freight,ShipCity,BillCity
10248,VINET,1996-07-04 00:00:00.000,1996-07-18 00:00:00.000,1996-07-20 00:00:00.000,32.38,Reims,Reims
10249,TOMSP,1996-07-05 00:00:00.000,1996-08-16 00:00:00.000,1996-07-10 00:00:00.000,11.61,Münster,Köln
10250,HANAR,1996-07-08 00:00:00.000,1996-08-05 00:00:00.000,,65.83,Rio,Rio
10251,VICTE,1996-07-08 00:00:00.000,1996-07-09 00:00:00.000,1996-07-15 00:00:00.000,41.34,Lyon,Lyon
`;

async function run(kpis: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-t-'));
  writeFileSync(join(dir, 'orders.csv'), ROWS);
  const defs = Object.entries(kpis).map(([id, f]) => `  ${id}: { formula: ${JSON.stringify(f)} }`).join('\n');
  writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  orders: { file: orders.csv, period_field: order_date }\nkpis:\n${defs}\n`);
  return computeReport({ config: join(dir, 'kpi.yaml'), period: '1996-07', compare: 'none', kpis: Object.keys(kpis) });
}

async function values(kpis: Record<string, string>): Promise<Record<string, number | null>> {
  const { report } = await run(kpis);
  return Object.fromEntries(report.results.map((r) => [r.kpi, r.value]));
}

describe('fields of a source of the user own', () => {
  it('two columns of dates compare as dates', async () => {
    // Late: #1 and #4; on time: #2; #3 has no ShippedDate (a comparison with an empty cell is false).
    expect(await values({ late: 'count(orders where shipped_date > required_date)', on_time: 'count(orders where shipped_date <= required_date)' })).toEqual({
      late: 2,
      on_time: 1,
    });
  });
  it('no row is skipped for it', async () => {
    const { report } = await run({ late: 'count(orders where shipped_date > required_date)' });
    expect(report.data_quality[0].skipped).toBe(0);
  });
  it('two columns of text compare as text, two of numbers as numbers', async () => {
    // Same city: #1, #3, #4. Freight above the order id: none.
    expect(await values({ same: 'count(orders where ship_city = bill_city)', odd: 'count(orders where freight > order_id)' })).toEqual({ same: 3, odd: 0 });
  });
  it('a column of dates used as a number is an error naming the column, the use and values', async () => {
    await expect(run({ s: 'sum(orders.shipped_date)' })).rejects.toThrow(
      /s: sum\(orders\.shipped_date\): column 'ShippedDate' of orders is read as numbers here, but 3 of 3 sampled values are not numbers \(1996-07-20 00:00:00\.000, 1996-07-10 00:00:00\.000, 1996-07-15 00:00:00\.000\); it holds dates: use days\(a, b\)/,
    );
  });
  it('a column of text used as a date is an error too', async () => {
    await expect(run({ s: 'count(orders where ship_city > 1996-07-01)' })).rejects.toThrow(/column 'ShipCity' of orders is read as dates here, but 4 of 4 sampled values are not dates .*it holds text/);
  });
});
