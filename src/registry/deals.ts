// Pipeline KPIs over CRM opportunities (`deals` source); deals belong to the period they closed in.
import type { BuiltinKpi } from './types.js';

export const dealKpis: BuiltinKpi[] = [
  {
    id: 'win_rate',
    label: 'Win rate',
    unit: 'percent',
    better: 'higher',
    formula: 'count(deals where status = "won") / count(deals where status in ("won", "lost"))',
    description: 'Deals won as a share of deals closed (won or lost) in the period, by close date. Open deals are not counted.',
    reference: 'Win rate = won ÷ (won + lost) (HubSpot, "Win rate"; Salesforce, "Win Rate").',
  },
  {
    id: 'avg_deal_size',
    label: 'Average deal size',
    unit: 'currency',
    better: 'higher',
    formula: 'avg(deals.amount where status = "won")',
    description: 'Mean amount of the deals won in the period.',
    reference: 'Average deal size = total value of won deals ÷ number of won deals (HubSpot, "Average deal size").',
  },
  {
    id: 'sales_cycle_days',
    label: 'Sales cycle',
    unit: 'days',
    better: 'lower',
    formula: 'avg(days(deals.created, deals.closed) where status = "won")',
    description: 'Mean number of days from creation to close of the deals won in the period.',
    reference: 'Sales cycle length = Σ days from opportunity creation to close-won ÷ number of won deals (HubSpot, "Sales cycle length").',
  },
];
