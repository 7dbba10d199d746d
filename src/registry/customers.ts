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
  },
];
