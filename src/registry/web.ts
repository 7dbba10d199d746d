// Website KPIs over web analytics exports (`web` source): visits per page and day, with conversions.
import type { BuiltinKpi } from './types.js';

export const webKpis: BuiltinKpi[] = [
  {
    id: 'visits',
    label: 'Website visits',
    unit: 'count',
    better: 'higher',
    formula: 'sum(web.visits)',
    description:
      'Sum of the visits column over the rows of the period (sessions, or page views when the export has one row per page). `--by page` lists the most visited pages with their share.',
    reference: 'Website sessions/visits (Google Analytics, "Sessions"; "Views" per page).',
    breakdowns: ['page'],
  },
  {
    id: 'conversion_rate',
    label: 'Website conversion rate',
    unit: 'percent',
    better: 'higher',
    formula: 'sum(web.conversions) / sum(web.visits)',
    description: 'Conversions (orders, sign-ups, key events) divided by visits in the period.',
    reference: 'Conversion rate = conversions ÷ sessions (visits) (Google Analytics, "Session conversion rate"; Shopify, "Conversion rate").',
    breakdowns: ['page'],
  },
];
