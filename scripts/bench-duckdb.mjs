// The DuckDB side of `npm run bench`, as its own process: the same aggregates kpi computes, exact decimals.
import { DuckDBInstance } from '@duckdb/node-api';

// A second argument sets DuckDB's thread count (as `kpi` takes KPI_THREADS), for the one-thread comparison.
const [file, threads] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
const db = await instance.connect();
const source = `read_csv('${file.replace(/'/g, "''")}', header = true, types = {'revenue': 'DECIMAL(18,2)', 'cost': 'DECIMAL(18,2)', 'quantity': 'BIGINT'})`;
const result = await db.runAndReadAll(
  `select sum(revenue)::varchar, (sum(revenue) - sum(cost))::varchar, count(distinct order_id), sum(quantity) from ${source}`,
);
const [revenue, grossProfit, orders, units] = result.getRows()[0];
console.log(JSON.stringify({ revenue: String(revenue), gross_profit: String(grossProfit), orders: Number(orders), units: Number(units) }));
