// `join:` as a user meets it (the built binary): revenue by month of a Northwind-style and a Chinook-style pair of
// exports equals an independent SQL join of the same files, and keys that join nothing fail `kpi check`.
//
// The expected figures were computed with Python's sqlite3 over the fixture CSVs (each table loaded as it is),
// never with kpi:
//
//   fixtures/joins/northwind (orders.csv + order_details.csv):
//     SELECT substr(o.OrderDate,1,7) AS month, ROUND(SUM(d.UnitPrice*d.Quantity*(1-d.Discount)),2) AS revenue,
//            COUNT(*) AS lines
//     FROM details d LEFT JOIN orders o ON o.OrderID = d.OrderID GROUP BY month ORDER BY month
//     → ('1996-07', 10109.38, 20), ('1996-08', 4917.28, 11), ('1996-09', 5237.2, 10)
//     … WHERE month = '1996-08' GROUP BY o.ShipCountry → Finland 1376.0, Germany 2037.28, USA 1504.0
//     (Python's decimal.Decimal over the same rows gives 10109.3800, 4917.2800, 5237.2000.)
//
//   fixtures/joins/chinook (invoice_items.csv → invoices.csv → customers.csv):
//     SELECT substr(i.InvoiceDate,1,7) AS month, ROUND(SUM(l.UnitPrice*l.Quantity),2), SUM(l.Quantity)
//     FROM InvoiceLine l LEFT JOIN Invoice i ON i.InvoiceId = l.InvoiceId GROUP BY month ORDER BY month
//     → ('2009-01', 35.64, 36), ('2009-02', 42.62, 38), ('2009-03', 24.77, 23)
//     SELECT c.SupportRepId, ROUND(SUM(l.UnitPrice*l.Quantity),2) FROM InvoiceLine l
//       LEFT JOIN Invoice i ON i.InvoiceId = l.InvoiceId LEFT JOIN Customer c ON c.CustomerId = i.CustomerId
//       GROUP BY 1 → ('3', 24.77), ('4', 56.48), ('5', 21.78)
//     … WHERE month = '2009-02' GROUP BY c.Country → Belgium 0.99, France 5.94, Germany 10.89, Ireland 5.94,
//       Norway 18.86
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

interface Result {
  kpi: string;
  group: Record<string, string>;
  value: number | null;
  bad_values?: unknown;
}

function report(args: string[]): { code: number; results: Result[]; stderr: string } {
  const run = runKpi(['report', '-f', 'json', '--compare', 'none', '--allow-incomplete', ...args]);
  if (run.code !== 0) throw new Error(`kpi exited ${run.code}: ${run.stderr}`);
  return { code: run.code, results: (JSON.parse(run.stdout) as { results: Result[] }).results, stderr: run.stderr };
}

const value = (results: Result[], kpi: string, group: Record<string, string> = {}) =>
  results.find((r) => r.kpi === kpi && JSON.stringify(r.group) === JSON.stringify(group))?.value;

describe('Northwind-style orders and order details', () => {
  const config = 'fixtures/joins/northwind/kpi.yaml';
  it.each([
    ['1996-07', 10109.38, 7],
    ['1996-08', 4917.28, 4],
    ['1996-09', 5237.2, 4],
  ])('revenue of %s is the SQL join’s', (period, revenue, orders) => {
    const { results, stderr } = report(['-c', config, '--period', period, '--as-of', '1996-10-01']);
    expect(value(results, 'line_revenue')).toBe(revenue);
    expect(value(results, 'order_count')).toBe(orders);
    // orders is only looked up: no "read by no KPI" note, no warning.
    expect(stderr).toBe('');
  });

  it('groups by a looked-up field (--by ship_country)', () => {
    const { results } = report(['-c', config, '--period', '1996-08', '--as-of', '1996-10-01', '--by', 'ship_country', '--kpi', 'line_revenue']);
    expect(results.filter((r) => Object.keys(r.group).length).map((r) => [r.group.ship_country, r.value]).sort()).toEqual([
      ['Finland', 1376],
      ['Germany', 2037.28],
      ['USA', 1504],
    ]);
  });

  it('filters on a looked-up field in where', () => {
    const run = runKpi(['report', '-c', config, '--period', '1996-08', '--as-of', '1996-10-01', '--compare', 'none', '-f', 'json']);
    expect(run.code).toBe(0);
    const extra = runKpi(['report', '-c', 'fixtures/joins/northwind/where.yaml', '--period', '1996-08', '--as-of', '1996-10-01', '--compare', 'none', '-f', 'json']);
    expect(extra.code, extra.stderr).toBe(0);
    // USA in August: 10271 (2.00 × 24 = 48) + 10272 (64.80 × 6 + 10 × 40 + 27.80 × 24 = 388.80 + 400 + 667.20) = 1504.
    expect(value((JSON.parse(extra.stdout) as { results: Result[] }).results, 'usa_revenue')).toBe(1504);
  });
});

describe('Chinook-style invoices and invoice lines (a chain: lines → invoices → customers)', () => {
  const config = 'fixtures/joins/chinook/kpi.yaml';
  it.each([
    ['2009-01', 35.64, 36],
    ['2009-02', 42.62, 38],
    ['2009-03', 24.77, 23],
  ])('revenue of %s is the SQL join’s, and the invoices’ own Total agrees', (period, revenue, tracks) => {
    const { results } = report(['-c', config, '--period', period, '--as-of', '2009-06-01']);
    expect(value(results, 'line_revenue')).toBe(revenue);
    expect(value(results, 'tracks_sold')).toBe(tracks);
    // invoices is a built-in kind: its invoiced (the sum of Total) is computed as well, and is the same money.
    expect(value(results, 'invoiced')).toBe(revenue);
  });

  it('groups by a field two lookups away (the customer’s support rep, the customer’s country)', () => {
    const { results } = report(['-c', config, '--period', '2009-Q1', '--as-of', '2009-06-01', '--by', 'support_rep_id', '--kpi', 'line_revenue']);
    expect(results.filter((r) => Object.keys(r.group).length).map((r) => [r.group.support_rep_id, r.value]).sort()).toEqual([
      ['3', 24.77],
      ['4', 56.48],
      ['5', 21.78],
    ]);
    const feb = report(['-c', config, '--period', '2009-02', '--as-of', '2009-06-01', '--by', 'country', '--kpi', 'line_revenue']).results;
    expect(feb.filter((r) => Object.keys(r.group).length).map((r) => [r.group.country, r.value]).sort()).toEqual([
      ['Belgium', 0.99],
      ['France', 5.94],
      ['Germany', 10.89],
      ['Ireland', 5.94],
      ['Norway', 18.86],
    ]);
  });
});

describe('a looked-up amount is never guessed', () => {
  it('an invoice’s Total is neither taken nor suggested for its lines’ revenue (sales kind)', () => {
    const run = runKpi(['report', '-c', 'fixtures/joins/chinook/sales-kind.yaml', '--period', '2009-02', '--as-of', '2009-06-01']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("required column 'revenue' not found");
    expect(run.stderr).not.toMatch(/revenue: "Total"/);
  });
});

describe('keys that join nothing', () => {
  // fixtures/joins/bad-keys: lines 2–4 join A1 and A2 (October: 100 + 250 + 100 = 450), line 5 has A9 (no such
  // order), line 6 an empty order_id, line 7 A3 (November).
  const config = 'fixtures/joins/bad-keys/kpi.yaml';
  const args = ['-c', config, '--period', '2026-10', '--as-of', '2026-12-01', '--compare', 'none'];

  it('are left out, counted and located, and kpi check fails on them', () => {
    const { results } = report(args.slice(0, -2));
    expect(value(results, 'line_amount')).toBe(450);
    expect(results.find((r) => r.kpi === 'line_amount')?.bad_values).toMatchObject({ count: 2, first: { file: 'fixtures/joins/bad-keys/lines.csv', line: 5, column: 'order_id', value: 'A9' } });
    const check = runKpi(['check', ...args]);
    expect(check.code).toBe(3);
    expect(check.stderr).toContain(`left out 2 values it could not read (first: fixtures/joins/bad-keys/lines.csv:5, column 'order_id', "A9": no row of orders (fixtures/joins/bad-keys/orders.csv) has order_id "A9" (it has "A1"))`);
  });

  it('pass kpi check with allow_bad_values (or --allow-bad-values)', () => {
    expect(runKpi(['check', ...args, '--allow-bad-values']).code).toBe(0);
    expect(runKpi(['check', ...args.map((a) => (a === config ? 'fixtures/joins/bad-keys/allowed.yaml' : a))]).code).toBe(0);
  });

  it('are listed by kpi validate with the match counts (exit 3)', () => {
    const run = runKpi(['validate', '-c', config]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('fixtures/joins/bad-keys/lines.csv:5: column \'order_id\': "A9": no row of orders');
    expect(run.stdout).toContain('fixtures/joins/bad-keys/lines.csv:6: column \'order_id\': "": empty order_id');
    expect(run.stdout).toContain('join orders: order_id = orders.order_id: 6 lines, 4 matched, 1 with a key in no row (first fixtures/joins/bad-keys/lines.csv:5 "A9"), 1 with an empty key');
  });

  it('stop kpi with --strict at the first', () => {
    const run = runKpi(['report', ...args, '--strict']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('lines.csv:5');
  });

  it('a key twice in the looked-up source is an error naming both lines', () => {
    const run = runKpi(['report', '-c', 'fixtures/joins/bad-keys/duplicate.yaml', '--period', '2026-10', '--as-of', '2026-12-01']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`fixtures/joins/bad-keys/orders-duplicate.csv:4: 'orders' has order_id "A1" twice (line 2 and line 4)`);
  });
});
