// Pipeline KPIs over CRM opportunities (`deals` source); deals belong to the period they closed in.
// A deal whose status is ignored (SuperOffice Stoppet/Utsatt, Pipedrive deleted, any `ignore:` spelling) is in no
// figure (README "Systems"): its status is none of won, lost and open, so the conditions that do not read the
// status for its own sake (deals created, the close date after the period's end) still name the statuses they
// take — with an empty status, which says nothing either way, still counted as before.
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
    breakdowns: ['rep', 'segment', 'channel', 'lead_source'],
    alternative: {
      note:
        'Most CRMs report win rate over closed deals (built in). Some divide by all deals whose close date falls in the period, open ones included (CRMs export an expected close date for open deals). The cohort view — of the deals created in the period, the share won — is the built-in lead_to_win.',
      formula: 'count(deals where status = "won") / count(deals)',
    },
  },
  {
    id: 'avg_deal_size',
    label: 'Average deal size',
    unit: 'currency',
    better: 'higher',
    formula: 'avg(deals.amount where status = "won")',
    additivity: 'none',
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
  {
    id: 'deals_created',
    label: 'Deals created',
    unit: 'count',
    better: 'higher',
    period: 'none',
    additivity: 'flow',
    formula: 'count(deals where created >= period_start and created <= period_end and (status in ("won", "lost", "open") or status is empty))',
    description: 'Number of deals (opportunities) created in the period, whatever their status now.',
    reference: 'Pipeline generation: opportunities by created date (Salesforce, "Opportunity reports": Created Date; HubSpot, "Deals created" report).',
    breakdowns: ['rep', 'lead_source', 'channel', 'segment'],
  },
  {
    id: 'open_deals',
    label: 'Open deals at period end',
    unit: 'count',
    better: 'higher',
    period: 'none',
    formula: 'count(deals where created <= period_end and (status = "open" or closed > period_end and (status in ("won", "lost") or status is empty)))',
    description:
      'Deals open on the last day of the period: created by then and still open, or closed only after it. Deals lost or won with no close date are not counted. With `--by stage` a deal counts under the stage the export gives it (its stage now, which for a deal closed since is its closed stage).',
    reference: 'Open pipeline: opportunities not yet closed won or lost at the reporting date (Salesforce, "Open opportunities"; HubSpot, "Deal pipeline").',
    breakdowns: ['stage', 'rep', 'segment'],
  },
  {
    id: 'pipeline_value',
    label: 'Pipeline value at period end',
    unit: 'currency',
    better: 'higher',
    period: 'none',
    formula: 'sum(deals.amount where created <= period_end and (status = "open" or closed > period_end and (status in ("won", "lost") or status is empty)))',
    description: 'Sum of the amounts of the deals open on the last day of the period (see open_deals), unweighted by stage.',
    reference: 'Pipeline value = total value of open opportunities (HubSpot, "Pipeline value"; Salesforce, "Pipeline").',
    breakdowns: ['stage', 'rep', 'segment'],
    alternative: {
      note: 'A weighted pipeline multiplies each deal by the probability of its stage; with a probability column in the export (0–1):',
      formula: 'sum(deals.amount * probability where created <= period_end and (status = "open" or closed > period_end and (status in ("won", "lost") or status is empty)))',
      period: 'none',
    },
  },
  {
    id: 'lead_to_win',
    label: 'Lead-to-win conversion (cohort)',
    unit: 'percent',
    better: 'higher',
    period: 'none',
    formula:
      'count(deals where created >= period_start and created <= period_end and status = "won") / count(deals where created >= period_start and created <= period_end and (status in ("won", "lost", "open") or status is empty))',
    description:
      'Of the deals created in the period, the share won by now (the export day), whenever they closed: a cohort conversion rate. Recent periods rise as their deals close.',
    reference: 'Opportunity-to-win (lead-to-close) conversion rate = won ÷ opportunities created, by creation cohort (HubSpot, "Lead-to-customer conversion rate"; Salesforce, "Conversion rate").',
    breakdowns: ['rep', 'lead_source', 'channel'],
  },
  {
    id: 'sales_velocity',
    label: 'Sales velocity (per day)',
    unit: 'currency',
    better: 'higher',
    additivity: 'none',
    formula: 'open_deals * win_rate * avg_deal_size / sales_cycle_days',
    description:
      'Expected revenue per day from the pipeline: deals open at period end × win rate × average won deal size ÷ sales cycle in days (all four of the period).',
    reference: 'Sales velocity = opportunities × win rate × average deal size ÷ length of sales cycle (Salesforce, "Sales velocity"; HubSpot, "Sales velocity").',
    alternative: {
      note: 'Some count the opportunities created in the period instead of those open at its end:',
      formula: 'deals_created * win_rate * avg_deal_size / sales_cycle_days',
    },
  },
];
