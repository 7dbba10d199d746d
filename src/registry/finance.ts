// Company and finance KPIs over P&L lines of the general ledger (`ledger` source). Costs are positive amounts in the
// formulas whatever sign the export gives them (the ledger kind's `signs`, `costs_sign` in kpi.yaml).
import type { BuiltinKpi } from './types.js';

export const financeKpis: BuiltinKpi[] = [
  {
    id: 'ledger_revenue',
    label: 'Revenue (ledger)',
    unit: 'currency',
    better: 'higher',
    formula: 'sum(ledger.amount where category = "revenue")',
    description: 'Sum of the ledger lines of category revenue dated in the period: the revenue line of the P&L.',
    reference: 'Revenue (turnover, "driftsinntekter"), the top line of the income statement (IAS 1; Investopedia, "Revenue").',
    breakdowns: ['account'],
  },
  {
    id: 'ebitda',
    label: 'EBITDA',
    unit: 'currency',
    better: 'higher',
    formula: 'ledger_revenue - sum(ledger.amount where category in ("cogs", "opex", "marketing", "sales"))',
    description:
      'Earnings before interest, taxes, depreciation and amortization: ledger revenue minus cost of goods sold, operating, marketing and sales costs.',
    reference: 'EBITDA = revenue − cost of goods sold − operating expenses (before depreciation and amortization), = EBIT + D&A (Investopedia, "EBITDA").',
  },
  {
    id: 'ebit',
    label: 'EBIT (operating profit)',
    unit: 'currency',
    better: 'higher',
    formula: 'ebitda - sum(ledger.amount where category in ("depreciation", "amortization"))',
    description: 'EBITDA minus depreciation and amortization: the operating profit.',
    reference: 'EBIT = revenue − COGS − operating expenses, depreciation and amortization included = operating income (Investopedia, "EBIT").',
  },
  {
    id: 'net_income',
    label: 'Net income',
    unit: 'currency',
    better: 'higher',
    formula: 'ebit - sum(ledger.amount where category in ("interest", "appropriations", "tax"))',
    description:
      'EBIT minus interest (net: interest income written as a negative cost reduces it), appropriations (Swedish bokslutsdispositioner) and tax: the bottom line.',
    reference: 'Net income = revenue − all expenses, interest and taxes included (Investopedia, "Net Income").',
  },
  {
    id: 'net_margin',
    label: 'Net profit margin',
    unit: 'percent',
    better: 'higher',
    formula: 'net_income / ledger_revenue',
    description: 'Net income as a share of ledger revenue.',
    reference: 'Net profit margin = net income ÷ revenue (Investopedia, "Net Profit Margin").',
  },
  {
    id: 'operating_margin',
    label: 'Operating margin',
    unit: 'percent',
    better: 'higher',
    formula: 'ebit / ledger_revenue',
    description: 'EBIT (operating profit) as a share of ledger revenue.',
    reference: 'Operating margin = operating income (EBIT) ÷ revenue (Investopedia, "Operating Margin").',
    alternative: { note: 'Some report the EBITDA margin instead:', formula: 'ebitda / ledger_revenue' },
  },
  {
    id: 'opex_ratio',
    label: 'Operating expense ratio',
    unit: 'percent',
    better: 'lower',
    formula: 'sum(ledger.amount where category in ("opex", "marketing", "sales")) / ledger_revenue',
    description:
      'Operating expenses (opex, marketing and sales costs; not cost of goods sold, depreciation or amortization) as a share of ledger revenue.',
    reference: 'Operating expense ratio = operating expenses (SG&A and other operating costs, excluding COGS) ÷ revenue (Investopedia, "Operating Expense"; "Operating Ratio").',
    alternative: {
      note: 'The operating ratio counts the cost of goods sold as well:',
      formula: 'sum(ledger.amount where category in ("cogs", "opex", "marketing", "sales")) / ledger_revenue',
    },
  },
  {
    id: 'roi',
    label: 'Marketing ROI',
    unit: 'percent',
    better: 'higher',
    formula:
      '(ledger_revenue - ledger_revenue[yoy] - sum(ledger.amount where category = "marketing")) / sum(ledger.amount where category = "marketing")',
    description:
      'Return on the spend of one cost category, marketing: revenue growth over the same period a year earlier, less the marketing spend, divided by the marketing spend (1 = 100 %: the growth was twice the spend). For another spend category, write its name for "marketing".',
    reference: 'Marketing ROI = (sales growth − marketing cost) ÷ marketing cost (Shopify, "Marketing ROI"; Investopedia, "Return on Investment (ROI)").',
    alternative: {
      note:
        'The growth that counts as the return differs: the built-in compares with the same period a year earlier (seasons cancel out); some compare with the previous period:',
      formula:
        '(ledger_revenue - ledger_revenue[prev] - sum(ledger.amount where category = "marketing")) / sum(ledger.amount where category = "marketing")',
    },
  },
];
