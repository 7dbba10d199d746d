// Exports shaped like those of the systems people use (fixtures/systems/<system>/, each with a README saying where
// its columns come from) read right with no settings beyond the file name, or stop with the one line that says
// what to map. Every expected figure is computed by hand from the rows, as written beside it.
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const PERIOD = ['--period', '2026-10', '--as-of', '2026-11-15', '--compare', 'none'];

interface Json {
  results: { kpi: string; group: object; value: number | null; unknown_values: number }[];
  data_quality: { source: string; rows: number; skipped: number; unknown_values: unknown[]; ignored_values: { value: string; count: number }[] }[];
}

/** Runs `kpi report` on one file and returns the figures, after checking it read every row and knew every value. */
function figures(source: string, kpis: string[]): { values: Record<string, number | null>; json: Json } {
  const run = runKpi(['report', '--source', source, '--kpi', kpis.join(','), '-f', 'json', ...PERIOD]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const json = JSON.parse(run.stdout) as Json;
  for (const q of json.data_quality) {
    expect(q.skipped).toBe(0);
    expect(q.unknown_values).toEqual([]);
  }
  for (const r of json.results) expect(r.unknown_values).toBe(0);
  const values = Object.fromEntries(json.results.map((r) => [r.kpi, r.value]));
  // And `kpi check` has nothing to complain about.
  expect(runKpi(['check', '--source', source, '--kpi', kpis.join(','), ...PERIOD]).code).toBe(0);
  return { values, json };
}

const DEAL_KPIS = ['win_rate', 'avg_deal_size', 'sales_cycle_days'];

describe('CRM exports', () => {
  it('SuperOffice (Norwegian: Solgt/Tapt/Åpen/Stoppet, ; and decimal commas)', () => {
    const { values, json } = figures('deals=fixtures/systems/superoffice/deals.csv', DEAL_KPIS);
    // Closed in October: Solgt 10 000 (01.08 → 05.10: 65 days), Tapt, Solgt 30 000 (01.09 → 20.10: 49 days), Tapt,
    // and Stoppet (on hold: neither won nor lost). Win rate 2 / 4; deal size (10 000 + 30 000) / 2; cycle (65 + 49) / 2.
    expect(values).toEqual({ win_rate: 0.5, avg_deal_size: 20_000, sales_cycle_days: 57 });
    expect(json.data_quality[0].ignored_values).toMatchObject([{ value: 'Stoppet', count: 1 }]);
  });

  // The same six deals in each CRM's shape: closed in October are Won 12 000 (20 Aug → 2 Oct: 43 days), Lost 8 000,
  // Won 20 000 (15 Sep → 15 Oct: 30 days), Lost 5 000; two are open. Win rate 2 / 4, deal size 16 000, cycle 36.5.
  const SIX_DEALS = { win_rate: 0.5, avg_deal_size: 16_000, sales_cycle_days: 36.5 };

  it('HubSpot, stage labels (Closed Won, Contract Sent …)', () => {
    expect(figures('deals=fixtures/systems/hubspot/deals.csv', DEAL_KPIS).values).toEqual(SIX_DEALS);
  });

  it('HubSpot, internal stage ids (closedwon, closedlost, contractsent …) and property names', () => {
    expect(figures('deals=fixtures/systems/hubspot/deals-api.csv', DEAL_KPIS).values).toEqual(SIX_DEALS);
  });

  it('Salesforce opportunity report (Stage, month-first dates, 12,000.00)', () => {
    expect(figures('deals=fixtures/systems/salesforce/opportunities.csv', DEAL_KPIS).values).toEqual(SIX_DEALS);
  });

  it('Pipedrive (Deal - Status: Won/Lost/Open/Deleted)', () => {
    const { values, json } = figures('deals=fixtures/systems/pipedrive/deals.csv', DEAL_KPIS);
    // The deleted duplicate closed in October is in no figure.
    expect(values).toEqual(SIX_DEALS);
    expect(json.data_quality[0].ignored_values).toMatchObject([{ value: 'Deleted', count: 1 }]);
  });
});

describe('helpdesk exports', () => {
  it('Zendesk (Satisfaction Score Good/Bad/Offered/Unoffered)', () => {
    const { values } = figures('tickets=fixtures/systems/zendesk/tickets.csv', ['tickets', 'csat', 'avg_csat', 'resolution_hours', 'fcr_rate', 'backlog']);
    // October: 6 tickets. Rated: Good, Bad, Good, Good (Offered and Unoffered are no rating): CSAT 3 / 4, and with
    // good = 5, bad = 1 the mean is 16 / 4. Solved after 4, 24, 2, 30 and 8 hours: median 8. Of the 5 solved, 3 had
    // one reply. One ticket is still open at the end of October.
    expect(values).toEqual({ tickets: 6, csat: 0.75, avg_csat: 4, resolution_hours: 8, fcr_rate: 0.6, backlog: 1 });
  });

  it('Freshdesk (Created time, Initial response time, Resolved time, Agent interactions)', () => {
    const { values } = figures('tickets=fixtures/systems/freshdesk/tickets.csv', ['tickets', 'first_response_hours', 'resolution_hours', 'fcr_rate', 'backlog']);
    // First responses after 1, 3, 0.5, 4 and 1.5 hours: mean 2. Resolved after 6, 24, 2 and 48 hours: median 15.
    // Of the 4 resolved, 2 had one agent interaction.
    expect(values).toEqual({ tickets: 5, first_response_hours: 2, resolution_hours: 15, fcr_rate: 0.5, backlog: 1 });
  });

  it('Jira Service Management (dd/MMM/yy h:mm a dates, Highest…Lowest, Custom field (Satisfaction))', () => {
    const { values } = figures('tickets=fixtures/systems/jira-service-management/issues.csv', ['tickets', 'csat', 'avg_csat', 'resolution_hours', 'backlog']);
    // Resolved after 4, 24, 2 and 48 hours: median 14. Rated 5, 4, 2: CSAT 2 / 3, mean 11 / 3.
    expect(values.tickets).toBe(5);
    expect(values.resolution_hours).toBe(14);
    expect(values.csat).toBeCloseTo(2 / 3, 12);
    expect(values.avg_csat).toBeCloseTo(11 / 3, 12);
    expect(values.backlog).toBe(1);
  });
});

describe('accounting exports', () => {
  it('a Fiken/Tripletex-style invoice list (Beløp eks. mva is the amount, not inkl. mva)', () => {
    const { values } = figures('invoices=fixtures/systems/fiken/invoices.csv', ['invoiced', 'outstanding', 'overdue', 'avg_days_to_pay']);
    // Issued in October: 10 000 + 8 000 + 4 000 + 6 000 before VAT. Unpaid at 31 October: 8 000 (due 19.10: overdue)
    // and 6 000 (due 03.11). Paid in October after 12 (02.10 → 14.10), 18 (12.10 → 30.10) and 10 days (25.09 → 05.10).
    expect(values.invoiced).toBe(28_000);
    expect(values.outstanding).toBe(14_000);
    expect(values.overdue).toBe(8_000);
    expect(values.avg_days_to_pay).toBeCloseTo(40 / 3, 12);
  });

  it('a Tripletex-style general ledger has accounts, not P&L categories: NS 4102 is detected and gives them', () => {
    const { values } = figures('ledger=fixtures/systems/tripletex/ledger.csv', ['ledger_revenue', 'ebitda']);
    // Konto 3000 credited 10 000 (revenue), 4300 debited 4 000 (cost of goods); 1500, 2700, 2400 are balance-sheet
    // accounts in no figure: revenue 10 000, EBITDA 10 000 − 4 000 = 6 000.
    expect(values.ledger_revenue).toBe(10_000);
    expect(values.ebitda).toBe(6_000);
  });
});
