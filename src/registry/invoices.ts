// Billing and receivables KPIs (`invoices` source).
import type { BuiltinKpi } from './types.js';

export const invoiceKpis: BuiltinKpi[] = [
  {
    id: 'invoiced',
    label: 'Invoiced',
    unit: 'currency',
    better: 'higher',
    formula: 'sum(invoices.amount)',
    description: 'Sum of the amounts of the invoices issued in the period.',
    reference: 'Amount billed in the period (accounts-receivable practice).',
  },
  {
    id: 'outstanding',
    label: 'Outstanding receivables',
    unit: 'currency',
    better: 'lower',
    period: 'none',
    formula: 'sum(invoices.amount where issued <= period_end and (paid is empty or paid > period_end))',
    description:
      'Amount of all invoices issued on or before the last day of the period and not paid at that day, whenever they were issued.',
    reference: 'Accounts receivable balance at period end (open items), as in an AR ageing report.',
  },
];
