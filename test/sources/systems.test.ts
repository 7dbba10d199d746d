// Exports shaped like those of the systems people use (fixtures/systems/<system>/, each with a README saying where
// its columns come from) read right with no settings beyond the file name, or stop with the one line that says
// what to map. Every expected figure is computed by hand from the rows, as written beside it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

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

  it('Pipedrive with Won time and Lost time but no Close time: no win rate, not 100 %', () => {
    // Found by trying it: closed was taken from 'Deal - Won time', which a lost deal lacks, so every lost deal fell
    // out of every period and October's win rate was 100 % (the right one is 1 won of 2 closed).
    const dir = mkdtempSync(join(tmpdir(), 'kpi-pipedrive-'));
    writeFileSync(
      join(dir, 'deals.csv'),
      '"Deal - ID","Deal - Title","Deal - Value","Deal - Status","Deal - Stage","Deal - Owner","Deal - Deal created","Deal - Won time","Deal - Lost time"\n' +
        '"1","A","100","Won","Closed","Kari","2026-09-01 10:00:00","2026-10-03 10:00:00",""\n' +
        '"2","B","50","Lost","Proposal","Ola","2026-09-15 10:00:00","","2026-10-10 10:00:00"\n',
    );
    const run = runKpi(['report', '--source', `deals=${join(dir, 'deals.csv')}`, '--kpi', 'win_rate', ...PERIOD]);
    expect(run.stdout).not.toContain('100.0%');
    expect(run.code).toBe(2);
  });

  it('a deals export with no close date gives no win rate, rather than one all-time figure under every month', () => {
    // Found by trying a HubSpot export without 'Close Date': win rate and deal size came out the same for January
    // 2025 (before any deal existed) as for October 2026 — every row counted in every window, with no word.
    const dir = mkdtempSync(join(tmpdir(), 'kpi-undated-'));
    writeFileSync(
      join(dir, 'deals.csv'),
      'Record ID,Deal Name,Deal Stage,Amount,Create Date\n1,A,Closed Won,100,2026-09-01\n2,B,Closed Lost,50,2026-09-15\n3,C,Closed Won,70,2026-10-01\n',
    );
    const source = `deals=${join(dir, 'deals.csv')}`;
    const one = runKpi(['report', '--source', source, '--kpi', 'win_rate', '--period', '2025-01', '--as-of', '2026-11-15']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('deals has no closed column');
    expect(one.stderr).toContain('columns: { closed: <column> }');
    // Without --kpi the report leaves the per-period deal KPIs out; deals created (by its own dates) still runs:
    // none of the three deals was created in January 2025.
    const all = runKpi(['report', '--source', source, '-f', 'json', '--period', '2025-01', '--as-of', '2026-11-15', '--compare', 'none']);
    expect(all.code).toBe(0);
    const ids = (JSON.parse(all.stdout) as Json).results.map((r) => r.kpi);
    expect(ids).not.toContain('win_rate');
    expect(ids).not.toContain('avg_deal_size');
    expect((JSON.parse(all.stdout) as Json).results.find((r) => r.kpi === 'deals_created')?.value).toBe(0);
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
    const { values } = figures('tickets=fixtures/systems/freshdesk/tickets.csv', ['tickets', 'first_response_hours', 'resolution_hours', 'fcr_rate', 'backlog', 'csat', 'avg_csat']);
    // First responses after 1, 3, 0.5, 4 and 1.5 hours: mean 2. Resolved after 6, 24, 2 and 48 hours: median 15.
    // Of the 4 resolved, 2 had one agent interaction. Survey results Awesome (5), Not Good (1), Extremely happy (5),
    // none, Neutral (3): CSAT 2 of 4 answers, mean 14 / 4.
    expect(values).toEqual({ tickets: 5, first_response_hours: 2, resolution_hours: 15, fcr_rate: 0.5, backlog: 1, csat: 0.5, avg_csat: 3.5 });
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

describe('Danish and Swedish order lines', () => {
  it('Danish: Dato, Kunde, Sælger, Antal, Beløb, Kostpris; 12.500,00 and dd-MM-yyyy', () => {
    const { values } = figures('sales=fixtures/systems/nordic/sales-da.csv', ['revenue', 'orders', 'units', 'gross_profit', 'avg_order_value']);
    // October: 12 500,00 + 3 250,50 + 18 750,00 + 4 999,50 = 39 500; cost 4 000 + 1 000 + 6 000 + 2 500 = 13 500.
    expect(values).toEqual({ revenue: 39_500, orders: 4, units: 7, gross_profit: 26_000, avg_order_value: 9_875 });
  });

  it('Swedish: Orderdatum, Kund, Säljare, Antal, Belopp exkl. moms (not inkl. moms)', () => {
    const run = runKpi(['report', '--source', 'sales=fixtures/systems/nordic/sales-sv.csv', '--kpi', 'revenue,units', '--by', 'rep', '-f', 'json', ...PERIOD]);
    expect(run.stderr).toBe('');
    const rows = (JSON.parse(run.stdout) as Json).results.map((r) => [r.kpi, r.group, r.value]);
    // Anna 10 000 + 8 000 (2 + 4 units), Erik 2 400 (1 unit); the September order is not in October.
    expect(rows).toEqual(
      expect.arrayContaining([
        ['revenue', { rep: 'Anna' }, 18_000],
        ['revenue', { rep: 'Erik' }, 2_400],
        ['units', { rep: 'Anna' }, 6],
        ['units', { rep: 'Erik' }, 1],
      ]),
    );
  });
});

describe('an export with profit and no cost', () => {
  it('Superstore: gross_profit is the sum of Profit, gross_margin that over Sales', () => {
    const { values } = figures('sales=fixtures/systems/superstore/orders.csv', ['revenue', 'gross_profit', 'gross_margin', 'orders']);
    // October: Sales 261.96 + 731.94 + 14.62 + 957.5775 = 1 966.0975; Profit 41.9136 + 219.582 + 6.8714 − 383.031
    // = −114.664; the September line (22.368, 2.5164) is in neither. Orders CA-2026-100001, -100002, -100003.
    expect(values.revenue).toBeCloseTo(1966.0975, 9);
    expect(values.gross_profit).toBeCloseTo(-114.664, 9);
    expect(values.gross_margin).toBeCloseTo(-114.664 / 1966.0975, 12);
    expect(values.orders).toBe(3);
  });

  it('a cost column wins over a profit column: gross profit is revenue minus cost, as defined', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-profit-'));
    writeFileSync(join(dir, 'sales.csv'), 'date,revenue,cost,profit\n2026-10-01,100,60,35\n2026-10-02,200,150,45\n');
    const run = runKpi(['report', '--source', `sales=${join(dir, 'sales.csv')}`, '--kpi', 'gross_profit', '-f', 'json', ...PERIOD]);
    // 300 − 210 = 90 (the profit column says 80: it is not what gross profit is here).
    expect((JSON.parse(run.stdout) as Json).results[0].value).toBe(90);
  });
});

describe('helpdesk durations', () => {
  it('Zendesk Explore (First reply time (min), Full resolution time (hrs) are the times, not the dates)', () => {
    const { values } = figures('tickets=fixtures/systems/zendesk-explore/tickets.csv', ['tickets', 'first_response_hours', 'resolution_hours', 'csat', 'avg_csat', 'backlog']);
    // October: tickets 2001–2007. First replies 30, 90, 15, 240, 45, 120 minutes: 540 / 6 = 90 min = 1.5 h.
    // Full resolution 4.5, 26, 2, 50.25, 6 hours: median 6 (the dates alone would give whole days: 0, 24, 0, 48, 0).
    // Rated Good, Bad, Good: CSAT 2 / 3, mean (5 + 1 + 5) / 3. Open at the end of October: 2006 and 2007.
    expect(values.tickets).toBe(7);
    expect(values.first_response_hours).toBe(1.5);
    expect(values.resolution_hours).toBe(6);
    expect(values.csat).toBeCloseTo(2 / 3, 12);
    expect(values.avg_csat).toBeCloseTo(11 / 3, 12);
    expect(values.backlog).toBe(2);
  });

  it('Jira Service Management: the SLA time left (4h, -16h, -1d 3h) is a duration a KPI of your own reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-jsm-'));
    writeFileSync(
      join(dir, 'kpi.yaml'),
      [
        'sources:',
        `  tickets: { file: ${JSON.stringify(join(ROOT, 'fixtures/systems/jira-service-management/issues.csv'))} }`,
        'kpis:',
        '  sla_breached: { formula: "count(tickets where sla_remaining < 0) / count(tickets where sla_remaining is not empty)", unit: percent, better: lower }',
        '  sla_left: { formula: "avg(tickets.sla_remaining)", unit: hours }',
        '',
      ].join('\n'),
    );
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--kpi', 'sla_breached,sla_left', '-f', 'json', ...PERIOD]);
    expect(run.stderr).toBe('');
    const values = Object.fromEntries((JSON.parse(run.stdout) as Json).results.map((r) => [r.kpi, r.value]));
    // 4h, -16h, 6h, -1d 3h (-27 h), 2h 30m: 2 of 5 breached; mean (4 - 16 + 6 - 27 + 2.5) / 5 = -6.1 hours.
    expect(values.sla_breached).toBe(0.4);
    expect(values.sla_left).toBeCloseTo(-6.1, 12);
  });

  it('an unreadable duration is a located bad value, and kpi check fails on it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-dur-'));
    const file = join(dir, 'tickets.csv');
    writeFileSync(file, 'Created at,First reply time,Full resolution time\n2026-10-01 09:00,2h 30m,PT4H\n2026-10-02 09:00,soon,1d 2h\n2026-10-03 09:00,90,01:30:00\n');
    const run = runKpi(['report', '--source', `tickets=${file}`, '--kpi', 'first_response_hours,resolution_hours', '-f', 'json', ...PERIOD]);
    const json = JSON.parse(run.stdout) as Json & { data_quality: { bad_values: { column: string; count: number; first: { line: number; value: string }; examples: string[] }[] }[] };
    const byKpi = Object.fromEntries(json.results.map((r) => [r.kpi, r.value]));
    // Resolution 4, 26 and 1.5 hours: median 4. First reply: only 2.5 is understood ('soon' is no duration, and a
    // plain 90 has no unit), so the figure is built from 2.5 alone and both are counted and located.
    expect(byKpi.resolution_hours).toBe(4);
    expect(byKpi.first_response_hours).toBe(2.5);
    expect(json.data_quality[0].bad_values).toMatchObject([{ column: 'First reply time', count: 2, first: { line: 3, value: 'soon' }, examples: ['soon', '90'] }]);
    const validate = runKpi(['validate', '--source', `tickets=${file}`]);
    expect(validate.stdout).toContain(`tickets.csv:4: column 'First reply time': "90": a plain number with no unit; say the unit of the column with units: { <field>: minutes }`);
    expect(runKpi(['check', '--source', `tickets=${file}`, '--kpi', 'first_response_hours', ...PERIOD]).code).not.toBe(0);
    // With the unit said, 90 is 1.5 hours: (2.5 + 1.5) / 2 = 2.
    writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  tickets: { file: tickets.csv, units: { first_response_time: minutes } }\n`);
    const said = JSON.parse(runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--kpi', 'first_response_hours', '-f', 'json', ...PERIOD]).stdout) as Json;
    expect(said.results[0].value).toBe(2);
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

  it('a Tripletex invoice overview (Fakturanummer, Kunde, Beløp eks. mva, Betalt dato)', () => {
    const { values } = figures('invoices=fixtures/systems/tripletex/invoices.csv', ['invoiced', 'outstanding', 'overdue', 'avg_days_to_pay']);
    // Issued in October: 10 000 + 6 000 + 4 000 + 2 000. Unpaid at 31 October: 3002 (6 000, due 23.10: overdue)
    // and 3004 (2 000, due 06.11). Paid in October after 12 (02.10 → 14.10), 13 (16.10 → 29.10), 13 days (25.09 → 08.10).
    expect(values).toMatchObject({ invoiced: 22_000, outstanding: 8_000, overdue: 6_000 });
    expect(values.avg_days_to_pay).toBeCloseTo(38 / 3, 12);
  });

  it('a Visma eAccounting invoice list in Swedish (Fakturadatum, Förfallodatum, Belopp exkl. moms, Betaldatum)', () => {
    const { values } = figures('invoices=fixtures/systems/visma/invoices.csv', ['invoiced', 'outstanding', 'overdue', 'avg_days_to_pay']);
    // Issued in October: 20 000 + 12 500 + 7 500 + 4 000 (exkl. moms). Unpaid at 31 October: 4002 (12 500, due
    // 04.11) and 4003 (7 500, due 22.10: overdue). Paid in October after 19 (01.10 → 20.10), 4 (26.10 → 30.10) and
    // 29 days (15.09 → 14.10).
    expect(values).toMatchObject({ invoiced: 44_000, outstanding: 20_000, overdue: 7_500 });
    expect(values.avg_days_to_pay).toBeCloseTo(52 / 3, 12);
  });

  it('a PowerOffice Go invoice list: invoiced from Beløp eks. mva; Utestående is the open amount on the export day', () => {
    const { values } = figures('invoices=fixtures/systems/poweroffice/invoices.csv', ['invoiced']);
    // Issued in October: 12 000 + 8 400 + 3 200 + 5 600 before VAT.
    expect(values.invoiced).toBe(29_200);
    const dir = mkdtempSync(join(tmpdir(), 'kpi-po-'));
    writeFileSync(
      join(dir, 'kpi.yaml'),
      `sources:\n  invoices: { file: ${JSON.stringify(join(ROOT, 'fixtures/systems/poweroffice/invoices.csv'))} }\nkpis:\n  open_now: { formula: "sum(invoices.open_amount)", unit: currency, period: none }\n`,
    );
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--kpi', 'open_now', '-f', 'json', ...PERIOD]);
    // Utestående 0 + 10 500 + 2 000 + 7 000 + 0 (VAT included: what the customers owe).
    expect((JSON.parse(run.stdout) as Json).results[0].value).toBe(19_500);
  });

  it('a Tripletex-style general ledger has accounts, not P&L categories: NS 4102 is detected and gives them', () => {
    const { values } = figures('ledger=fixtures/systems/tripletex/ledger.csv', ['ledger_revenue', 'ebitda']);
    // Konto 3000 credited 10 000 (revenue), 4300 debited 4 000 (cost of goods); 1500, 2700, 2400 are balance-sheet
    // accounts in no figure: revenue 10 000, EBITDA 10 000 − 4 000 = 6 000.
    expect(values.ledger_revenue).toBe(10_000);
    expect(values.ebitda).toBe(6_000);
  });
});
