// Sales KPIs over order/invoice lines (`sales` source).
import type { BuiltinKpi } from './types.js';

export const salesKpis: BuiltinKpi[] = [
  {
    id: 'revenue',
    label: 'Revenue',
    unit: 'currency',
    better: 'higher',
    formula: 'sum(sales.revenue)',
    description: 'Sum of the revenue of all sales lines dated in the period (net of returns written as negative lines).',
    reference: 'Revenue recognised in the period: IFRS 15 / common management-accounting usage (sum of invoiced sales).',
  },
  {
    id: 'gross_profit',
    label: 'Gross profit',
    unit: 'currency',
    better: 'higher',
    formula: 'revenue - sum(sales.cost)',
    description: 'Revenue minus the cost of the goods sold on the same lines. A line with an empty cost counts as zero cost.',
    reference: 'Gross profit = revenue − cost of goods sold (Investopedia, "Gross Profit").',
  },
  {
    id: 'gross_margin',
    label: 'Gross margin',
    unit: 'percent',
    better: 'higher',
    formula: 'gross_profit / revenue',
    description: 'Gross profit as a share of revenue.',
    reference: 'Gross margin = (revenue − COGS) ÷ revenue (Investopedia, "Gross Margin").',
  },
  {
    id: 'orders',
    label: 'Orders',
    unit: 'count',
    better: 'higher',
    formula: 'count_distinct(sales.order_id)',
    description: 'Number of distinct order ids among the sales lines of the period.',
    reference: 'Order count as used for average order value (Shopify, "Average order value").',
  },
  {
    id: 'units',
    label: 'Units sold',
    unit: 'count',
    better: 'higher',
    formula: 'sum(sales.quantity)',
    description: 'Sum of the quantity column over the sales lines of the period.',
    reference: 'Units sold: total quantity of items sold in the period.',
  },
  {
    id: 'avg_order_value',
    label: 'Average order value',
    unit: 'currency',
    better: 'higher',
    formula: 'revenue / orders',
    description: 'Revenue divided by the number of distinct orders.',
    reference: 'AOV = revenue ÷ number of orders (Shopify, "Average order value").',
  },
];
