// Customer KPIs: loyalty from surveys and churn from the customer register.
import type { BuiltinKpi } from './types.js';

export const customerKpis: BuiltinKpi[] = [
  {
    id: 'nps',
    label: 'Net Promoter Score',
    unit: 'score',
    better: 'higher',
    formula: '100 * (count(surveys where score >= 9) - count(surveys where score <= 6)) / count(surveys where score is not empty)',
    description: 'Share of promoters (9–10) minus share of detractors (0–6) among the answers of the period, times 100 (−100 to 100).',
    reference: 'Net Promoter Score (Reichheld, "The One Number You Need to Grow", HBR 2003; Bain & Company).',
  },
  {
    id: 'churn_rate',
    label: 'Customer churn rate',
    unit: 'percent',
    better: 'lower',
    period: 'none',
    formula:
      'count(customers where start < period_start and end >= period_start and end <= period_end) / count(customers where start < period_start and (end is empty or end >= period_start))',
    description:
      'Customers active at the start of the period (started before it, not ended before it) who ended within the period, as a share of those active at the start.',
    reference: 'Customer churn rate = customers lost in the period ÷ customers at the start of the period (Baremetrics / ChartMogul, "Customer churn rate").',
    alternative: {
      note: 'Some divide by the average of the customers at the start and at the end of the period:',
      formula:
        'count(customers where start < period_start and end >= period_start and end <= period_end) / ((count(customers where start < period_start and (end is empty or end >= period_start)) + active_customers) / 2)',
      period: 'none',
    },
  },
  {
    id: 'retention_rate',
    label: 'Customer retention rate',
    unit: 'percent',
    better: 'higher',
    formula: '1 - churn_rate',
    description:
      'Customers active at the start of the period who are still active at its end, as a share of those active at the start: (E − N) ÷ S, which is 1 − churn_rate.',
    reference: 'Customer retention rate = (customers at end − new customers) ÷ customers at start (Investopedia / HubSpot, "Customer retention rate").',
  },
  {
    id: 'new_customers',
    label: 'New customers',
    unit: 'count',
    better: 'higher',
    period: 'none',
    additivity: 'flow',
    formula: 'count(customers where start >= period_start and start <= period_end)',
    description: 'Customers whose start date lies in the period.',
    reference: 'New customers acquired in the period, the denominator of CAC (D. Skok, "SaaS Metrics 2.0", forEntrepreneurs.com).',
  },
  {
    id: 'active_customers',
    label: 'Active customers at period end',
    unit: 'count',
    better: 'higher',
    period: 'none',
    formula: 'count(customers where start <= period_end and (end is empty or end > period_end))',
    description: 'Customers that had started by the last day of the period and had not ended by then (an end date within the period counts as gone).',
    reference: 'Active customers (customer count) at the end of the period (ChartMogul, "Customers"; Baremetrics, "Active customers").',
  },
  {
    id: 'mrr',
    label: 'Monthly recurring revenue (MRR)',
    unit: 'currency',
    better: 'higher',
    period: 'none',
    formula: 'sum(customers.mrr where start <= period_end and (end is empty or end > period_end))',
    description:
      'Sum of the mrr column of the customers active at period end (see active_customers). The register holds each customer\'s current MRR, so up- and downgrades show from when they were exported, not when they happened.',
    reference: 'MRR = Σ monthly recurring revenue of active subscriptions at a point in time (ChartMogul, "MRR"; Baremetrics, "MRR").',
  },
  {
    id: 'arpa',
    label: 'Average revenue per account (ARPA)',
    unit: 'currency',
    better: 'higher',
    additivity: 'none',
    formula: 'mrr / active_customers',
    description: 'MRR at period end divided by the active customers at period end (monthly revenue per customer).',
    reference: 'ARPA = MRR ÷ number of active customers (ChartMogul, "ARPA"; D. Skok, "SaaS Metrics 2.0").',
  },
  {
    id: 'revenue_churn_rate',
    label: 'Revenue (MRR) churn rate',
    unit: 'percent',
    better: 'lower',
    period: 'none',
    formula:
      'sum(customers.mrr where start < period_start and end >= period_start and end <= period_end) / sum(customers.mrr where start < period_start and (end is empty or end >= period_start))',
    description:
      'MRR of the customers who ended in the period, as a share of the MRR of the customers active at its start (the same customers as churn_rate, weighted by MRR). Contraction from downgrades is not visible in a register of current MRR.',
    reference: 'Gross MRR churn rate = churned MRR ÷ MRR at the start of the period (ChartMogul, "MRR churn rate"; Baremetrics, "Revenue churn").',
  },
  {
    id: 'net_revenue_retention',
    label: 'Net revenue retention (NRR)',
    unit: 'percent',
    better: 'higher',
    period: 'none',
    formula:
      'sum(customers.mrr where start < period_start and (end is empty or end > period_end)) / sum(customers.mrr where start < period_start and (end is empty or end >= period_start))',
    description:
      'MRR at period end of the customers active at its start, as a share of their MRR at the start; new customers are left out. With current MRR in the register, expansion and contraction are not visible, so this is 1 − revenue_churn_rate; report a year (`--period 2026`) for the usual annual NRR.',
    reference: 'NRR = (starting MRR + expansion − contraction − churned MRR) ÷ starting MRR, existing customers only (Baremetrics, "Net revenue retention"; ChartMogul, "Net MRR retention").',
  },
  {
    id: 'cac',
    label: 'Customer acquisition cost (CAC)',
    unit: 'currency',
    better: 'lower',
    additivity: 'none',
    formula: 'sum(ledger.amount where category in ("marketing", "sales")) / new_customers',
    description: 'Sales and marketing costs of the period from the ledger divided by the new customers of the period.',
    reference: 'CAC = total sales and marketing cost ÷ number of new customers acquired (D. Skok, "SaaS Metrics 2.0", forEntrepreneurs.com; HubSpot, "Customer acquisition cost").',
    alternative: {
      note: 'Some count marketing costs only ("marketing CAC", or cost per acquisition):',
      formula: 'sum(ledger.amount where category = "marketing") / new_customers',
    },
  },
  {
    id: 'cltv',
    label: 'Customer lifetime value (CLTV)',
    unit: 'currency',
    better: 'higher',
    additivity: 'none',
    formula: 'arpa * gross_margin / churn_rate',
    description:
      'ARPA × gross margin ÷ customer churn rate: the gross profit a customer brings over an expected lifetime of 1 ÷ churn periods. ARPA is monthly, so report a month (for a quarter, churn_rate is quarterly: multiply ARPA by 3).',
    reference: 'LTV = ARPA × gross margin % ÷ customer churn rate (D. Skok, "SaaS Metrics 2.0", forEntrepreneurs.com; ChartMogul, "Customer lifetime value").',
    alternative: {
      note: 'Some leave gross margin out (a revenue LTV), or divide by revenue churn instead of customer churn:',
      formula: 'arpa * gross_margin / revenue_churn_rate',
    },
  },
];
