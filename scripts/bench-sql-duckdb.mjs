// DuckDB's own SQL for the figures of a workload of `npm run bench:sql` (scripts/bench-sql.mjs), as its own process
// (as kpi is: Node start, the DuckDB module, the query): the SQL a person would write for them, exact decimals,
// GROUPING SETS for the reps and the total. Prints the figures as { "kpi|rep|period": "cents as text" }.
import { DuckDBInstance } from '@duckdb/node-api';

const [db, workload] = process.argv.slice(2);
const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
const c = await instance.connect();
const rows = async (sql) => (await c.runAndReadAll(sql)).getRows();
const out = {};
const put = (kpi, rep, period, v) => (out[`${kpi}|${rep ?? ''}|${period}`] = String(v));

if (workload === 'all') {
  const [[revenue, gp, orders, units]] = await rows(`SELECT sum(revenue)::VARCHAR, (sum(revenue) - sum(cost))::VARCHAR, count(DISTINCT order_id), sum(quantity) FROM sales`);
  for (const [k, v] of Object.entries({ revenue, gross_profit: gp, orders, units })) put(k, null, 'all', v);
} else if (workload === 'month') {
  const result = await rows(`SELECT rep, strftime(m, '%Y-%m'), revenue::VARCHAR, gp::VARCHAR, orders, units FROM (
    SELECT date_trunc('month', date) AS m, rep, sum(revenue) AS revenue, sum(revenue) - sum(cost) AS gp, count(DISTINCT order_id) AS orders, sum(quantity) AS units
    FROM sales WHERE date BETWEEN DATE '2026-05-01' AND DATE '2026-06-30' GROUP BY GROUPING SETS ((m, rep), (m)))`);
  for (const [rep, m, revenue, gp, orders, units] of result) for (const [k, v] of Object.entries({ revenue, gross_profit: gp, orders, units })) put(k, rep, m, v);
} else if (workload === 'trend') {
  const result = await rows(`SELECT rep, strftime(m, '%Y-%m'), revenue::VARCHAR FROM (
    SELECT date_trunc('month', date) AS m, rep, sum(revenue) AS revenue
    FROM sales WHERE date BETWEEN DATE '2025-01-01' AND DATE '2026-12-31' GROUP BY GROUPING SETS ((m, rep), (m)))`);
  for (const [rep, m, revenue] of result) put('revenue', rep, m, revenue);
} else throw new Error(`unknown workload ${workload}`);
console.log(JSON.stringify(out));
