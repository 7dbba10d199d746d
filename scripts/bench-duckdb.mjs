// The DuckDB side of `npm run bench`, as its own process: the same aggregates kpi computes, exact decimals.
import { DuckDBInstance } from '@duckdb/node-api';

const [file] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const source = `read_csv('${file.replace(/'/g, "''")}', header = true, types = {'revenue': 'DECIMAL(18,2)', 'cost': 'DECIMAL(18,2)', 'quantity': 'BIGINT'})`;
const result = await db.runAndReadAll(
  `select sum(revenue)::varchar, (sum(revenue) - sum(cost))::varchar, count(distinct order_id), sum(quantity) from ${source}`,
);
const [revenue, grossProfit, orders, units] = result.getRows()[0];
console.log(JSON.stringify({ revenue: String(revenue), gross_profit: String(grossProfit), orders: Number(orders), units: Number(units) }));
