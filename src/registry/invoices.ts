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
    breakdowns: ['customer', 'partner'],
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
    breakdowns: ['customer', 'partner'],
  },
  {
    id: 'overdue',
    label: 'Overdue receivables',
    unit: 'currency',
    better: 'lower',
    period: 'none',
    formula: 'sum(invoices.amount where issued <= period_end and due < period_end and (paid is empty or paid > period_end))',
    description:
      'Amount of the invoices that were past their due date and unpaid on the last day of the period (due before that day; an invoice due on the last day is not yet overdue).',
    reference: 'Past-due receivables: open items whose due date has passed, the "overdue" buckets of an AR ageing report (Investopedia, "Accounts Receivable Aging").',
    breakdowns: ['customer', 'partner'],
  },
  {
    id: 'overdue_share',
    label: 'Overdue share of receivables',
    unit: 'percent',
    better: 'lower',
    formula: 'overdue / outstanding',
    description: 'Overdue receivables as a share of all outstanding receivables at period end.',
    reference: 'Past-due ratio = past-due receivables ÷ total receivables (Investopedia, "Accounts Receivable Aging"; credit-management practice).',
  },
  {
    id: 'dso',
    label: 'Days sales outstanding (DSO)',
    unit: 'days',
    better: 'lower',
    formula: 'outstanding / invoiced * period_days',
    description:
      'Receivables at period end divided by the amount invoiced in the period, times the calendar days of the period (31 for October, 92 for a quarter): the trailing period is the report period itself.',
    reference: 'DSO = accounts receivable ÷ credit sales × number of days in the period (Investopedia, "Days Sales Outstanding"; QuickBooks, "Days sales outstanding").',
    alternative: {
      note:
        'The day count differs: the built-in counts the calendar days of the report period (a month\'s invoicing against its 31 or 30 days; for a trailing quarter, report `--period 2026-Q3` or `--period 2026-08-01..2026-10-31`). Some count a fixed 30-day month (or a 360-day year):',
      formula: 'outstanding / invoiced * 30',
    },
  },
  {
    id: 'avg_days_to_pay',
    label: 'Average days to pay',
    unit: 'days',
    better: 'lower',
    period: 'none',
    formula: 'avg(days(invoices.issued, invoices.paid) where paid >= period_start and paid <= period_end)',
    description: 'Mean days from issue to payment over the invoices paid in the period.',
    reference: 'Average days to pay = Σ (payment date − invoice date) ÷ number of paid invoices (Sage 50, "Average days to pay"; AccountEdge, "Average days to pay defined").',
    breakdowns: ['customer', 'partner'],
    alternative: {
      note: 'Some measure the invoices issued in the period instead (recent periods then miss the invoices not paid yet):',
      formula: 'avg(days(invoices.issued, invoices.paid))',
    },
  },
  {
    id: 'paid_on_time_rate',
    label: 'Paid on time',
    unit: 'percent',
    better: 'higher',
    period: 'none',
    formula:
      'count(invoices where due >= period_start and due <= period_end and paid <= due) / count(invoices where due >= period_start and due <= period_end)',
    description:
      'Of the invoices that fell due in the period, the share paid on or before the due date. Unpaid ones count as late; in a running period, invoices due later in it are counted already.',
    reference: 'On-time payment rate = invoices paid by their due date ÷ invoices due (credit-management practice; Investopedia, "Accounts Receivable Aging").',
    breakdowns: ['customer', 'partner'],
    alternative: {
      note: 'Some take the invoices paid in the period, which leaves out the ones never paid:',
      formula: 'count(invoices where paid >= period_start and paid <= period_end and paid <= due) / count(invoices where paid >= period_start and paid <= period_end)',
      period: 'none',
    },
  },
];
