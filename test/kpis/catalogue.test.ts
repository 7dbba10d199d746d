// The whole built-in catalogue on fixtures/catalogue, October 2026, against values worked out by hand from the CSV
// rows (the derivation of each value is written beside it); breakdowns with their shares; the ledger in both sign
// conventions; and every documented alternative definition run as the user's own formula.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_KPIS } from '../../src/registry/index.js';
import { reportValues, ROOT, runKpi } from '../helpers/run-kpi.js';

const CONFIG = 'fixtures/catalogue/kpi.yaml';
const OCTOBER = ['-c', CONFIG, '--period', '2026-10', '--compare', 'none'];

/*
 * Period 2026-10-01 … 2026-10-31 (31 days). Worked by hand from fixtures/catalogue/*.csv:
 *
 * sales.csv — October lines: S2 ×2 (Web, new), S3 (Partner, upsell), S4 (Direct, upsell); S1 is 15 Sept,
 *   S5 1 Nov, S0 5 Oct 2025.
 *   revenue          1000 + 500 + 2000 + 500                                   = 4000
 *   gross_profit     4000 − (600 + 200 + 1200 + 100)                           = 1900
 *   gross_margin     1900 / 4000                                               = 0.475
 *   orders           {S2, S3, S4}                                              = 3
 *   units            2 + 1 + 4 + 1                                             = 8
 *   avg_order_value  4000 / 3
 *   revenue_growth   September: S1 800 → (4000 − 800) / 800                   = 4
 *   revenue_growth_yoy  October 2025: S0 2000 → (4000 − 2000) / 2000          = 1
 *   new_sales        type new: 1000 + 500                                      = 1500
 *   upsell_sales     type upsell: 2000 + 500                                   = 2500
 *   upsell_share     2500 / 4000                                               = 0.625
 *   lead_time_days   order → delivered: S2 Oct 2 → Oct 7 = 5, 5; S3 Oct 10 → Oct 16 = 6; S4 has none → 16/3
 *   cycle_time_days  order → shipped: 2, 2, 2 (S3 Oct 10 → Oct 12)                                      = 2
 *   defect_rate      defects 0 + 1 + 0 over the units of lines that report defects 2 + 1 + 4 (S4 empty) = 1/7
 *
 * deals.csv — period field: closed. Closed in October: D1 won (Aug 1 → Oct 10), D2 lost, D3 won (Oct 1 → Oct 21),
 *   D4 lost, D9 lost. Open at Oct 31: D5 and D6 (open), D7 (closed Nov 5); D8 is created Nov 2.
 *   win_rate         2 won / 5 closed                                          = 0.4
 *   avg_deal_size    (3000 + 1000) / 2                                         = 2000
 *   sales_cycle_days (70 + 20) / 2: Aug 1 → Oct 10 = 31 + 30 + 9 = 70 days    = 45
 *   deals_created    created in October: D3, D4, D5, D7                        = 4
 *   open_deals       D5, D6, D7                                                = 3
 *   pipeline_value   5000 + 4000 + 2500                                        = 11500
 *   lead_to_win      of D3, D4, D5, D7 won (as exported): D3, D7 → 2/4         = 0.5
 *   sales_velocity   3 open × 0.4 × 2000 / 45 days = 2400 / 45                 = 53.33…
 *
 * activities.csv — October: meeting, Møte (meeting), call, Telefon (call), samtale (call), Demo, Tilbud (quote), e-post
 *   activities 8 · meetings 2 · calls 3 · demos 1 · quotes_sent 1
 *
 * invoices.csv
 *   invoiced         issued in October: I4 800 + I5 1200 + I6 500              = 2500
 *   outstanding      issued ≤ Oct 31, unpaid on Oct 31: I1 300 + I4 800 + I5 1200 (paid Nov 2)           = 2300
 *   overdue          of those, due before Oct 31: I1 (Sep 19) 300 + I4 (Oct 15) 800; I5 is due Nov 9   = 1100
 *   overdue_share    1100 / 2300
 *   dso              2300 / 2500 × 31                                          = 28.52
 *   avg_days_to_pay  paid in October: I2 Sep 10 → Oct 5 = 25, I3 Sep 15 → Oct 20 = 35, I6 Oct 20 → 31 = 11 → 71/3
 *   paid_on_time_rate due in October: I2 (paid before due), I3 (late), I4 (unpaid), I6 (paid on the due day) → 2/4 = 0.5
 *
 * tickets.csv — created in October: T1–T6 (T0 is Sept 28, T7 Nov 1); sla: high 4 h, normal 24 h, low 3 d = 72 h
 *   tickets              6
 *   first_response_hours mean(1, 2, 3, 0.5, 24) = 30.5 / 5 (T6 has none)     = 6.1
 *   handling_hours       first response → resolved: 2, 22, 69, 5.5, 288 (Oct 21 10:00 → Nov 2 10:00) = 386.5 / 5 = 77.3
 *   resolution_hours     median(3, 24, 72, 6, 312) = median(3, 6, 24, 72, 312)                              = 24
 *   backlog              open at the end of Oct 31: T0 (never resolved), T5 (resolved Nov 2), T6               = 3
 *   fcr_rate             resolved T1–T5; contacts ≤ 1: T1, T2, T3, T4 → 4/5                                  = 0.8
 *   csat                 answers 5, 4, 2, 3; 4–5: two → 2/4                                                   = 0.5
 *   avg_csat             (5 + 4 + 2 + 3) / 4                                                                  = 3.5
 *   sla_rate             T1 High 3 h ≤ 4 ✓, T2 normal 24 h ≤ 24 ✓, T3 lav (low) 72 h ≤ 72 ✓, T4 høy (high) 6 h > 4 ✗,
 *                        T5 Medium (normal) 312 h > 24 ✗ → 3/5                                                = 0.6
 *
 * surveys.csv — October: 10, 9, 9, 8, 7, 6, 3, 10 → promoters 4, detractors 2: 100 × 2 / 8             nps = 25
 * employee_surveys.csv — October: 9, 10, 7, 5, 8 → promoters 2, detractors 1: 100 × 1 / 5              enps = 20
 *
 * customers.csv — active at Oct 1 (started before it, not ended before it): C1, C2, C3, C7, C9 (MRR 100, 200, 300,
 *   400, 100 = 1100); ended in October: C2 (Oct 15), C9 (Oct 31); new: C4 (Oct 5), C6 (Oct 1); active at Oct 31:
 *   C1, C3, C4, C6, C7 (C7 ends Nov 15; C5 ended Sept 30; C8 starts Nov 3)
 *   churn_rate       2 / 5                                                     = 0.4
 *   retention_rate   1 − 0.4 = (E 5 − N 2) / S 5                               = 0.6
 *   new_customers    2 · active_customers 5
 *   mrr              100 + 300 + 150 + 50 + 400                                = 1000
 *   arpa             1000 / 5                                                  = 200
 *   revenue_churn_rate (200 + 100) / 1100                                      = 3/11
 *   net_revenue_retention (100 + 300 + 400) / 1100                             = 8/11
 *   cac              (marketing 600 + sales 400) / 2 new customers             = 500
 *   cltv             200 × 0.475 / 0.4                                         = 237.5
 *
 * ledger.csv (costs negative; ledger-costs-positive.csv the same with costs positive) — October lines:
 *   revenue 10000 (Salgsinntekt) + 2000 = 12000; cogs 4000 − 100 (a credit note on Varekostnad) = 3900;
 *   opex 3000 (Lønn) + 1000 (Driftskostnader) = 4000; marketing 600; sales 400; depreciation 500; amortization 100;
 *   interest 200; tax 300. October 2025: revenue 9000 (for roi). September 2026: revenue 11000.
 *   ledger_revenue   12000
 *   ebitda           12000 − (3900 + 4000 + 600 + 400)                         = 3100
 *   ebit             3100 − (500 + 100)                                        = 2500
 *   net_income       2500 − (200 + 300)                                        = 2000
 *   net_margin       2000 / 12000 · operating_margin 2500 / 12000
 *   opex_ratio       (4000 + 600 + 400) / 12000                                = 5/12
 *   roi              (12000 − 9000 − 600) / 600                                = 4
 *
 * employees.csv — employed on Oct 31: Ann, Bob (last day Oct 31), Cid (from Oct 15), Fay; Dag left Oct 10, Eva
 *   starts Nov 1.  headcount 4 · revenue_per_employee 4000 / 4 = 1000
 * timesheets.csv — October: billable 6 (Ann) + 7.5 (Bob, "Ja") + 3 (Cid) = 16.5; capacity 7.5 × 4 = 30
 *   capacity_utilization 16.5 / 30 = 0.55
 * web.csv — October: visits 100 + 50 + 30 + 70 = 250; conversions 2 + 3 + 0 + 1 = 6
 *   visits 250 · conversion_rate 6 / 250 = 0.024
 */
const EXPECTED: Record<string, number> = {
  revenue: 4000,
  gross_profit: 1900,
  gross_margin: 0.475,
  orders: 3,
  units: 8,
  avg_order_value: 4000 / 3,
  revenue_growth: 4,
  revenue_growth_yoy: 1,
  new_sales: 1500,
  upsell_sales: 2500,
  upsell_share: 0.625,
  win_rate: 0.4,
  avg_deal_size: 2000,
  sales_cycle_days: 45,
  deals_created: 4,
  open_deals: 3,
  pipeline_value: 11500,
  lead_to_win: 0.5,
  sales_velocity: 2400 / 45,
  activities: 8,
  meetings: 2,
  calls: 3,
  demos: 1,
  quotes_sent: 1,
  invoiced: 2500,
  outstanding: 2300,
  overdue: 1100,
  overdue_share: 1100 / 2300,
  dso: (2300 / 2500) * 31,
  avg_days_to_pay: 71 / 3,
  paid_on_time_rate: 0.5,
  tickets: 6,
  first_response_hours: 6.1,
  handling_hours: 77.3,
  resolution_hours: 24,
  backlog: 3,
  fcr_rate: 0.8,
  csat: 0.5,
  avg_csat: 3.5,
  sla_rate: 0.6,
  nps: 25,
  churn_rate: 0.4,
  retention_rate: 0.6,
  new_customers: 2,
  active_customers: 5,
  mrr: 1000,
  arpa: 200,
  revenue_churn_rate: 3 / 11,
  net_revenue_retention: 8 / 11,
  cac: 500,
  cltv: 237.5,
  ledger_revenue: 12000,
  ebitda: 3100,
  ebit: 2500,
  net_income: 2000,
  net_margin: 2000 / 12000,
  operating_margin: 2500 / 12000,
  opex_ratio: 5 / 12,
  roi: 4,
  headcount: 4,
  revenue_per_employee: 1000,
  capacity_utilization: 0.55,
  enps: 20,
  lead_time_days: 16 / 3,
  cycle_time_days: 2,
  defect_rate: 1 / 7,
  visits: 250,
  conversion_rate: 0.024,
};

/** JSON carries 15 significant digits: ratios and means agree to 12 of them. */
function expectClose(actual: number | null | undefined, expected: number, what?: string): void {
  expect(actual, what).toBeTypeOf('number');
  expect(Math.abs((actual as number) - expected), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

/** Sums of money and counts are exact; ratios and means are compared to 12 significant digits. */
const exact = (kpi: string) => {
  const unit = BUILTIN_KPIS.find((k) => k.id === kpi)?.unit;
  return (unit === 'currency' || unit === 'count') && Number.isInteger(EXPECTED[kpi] * 100);
};

const LEDGER_KPIS = ['ledger_revenue', 'ebitda', 'ebit', 'net_income', 'net_margin', 'operating_margin', 'opex_ratio', 'roi', 'cac'];

describe('the built-in catalogue on the hand-checked fixture', () => {
  const values = reportValues(OCTOBER);

  it('has an expected value for every built-in KPI, and computes every one', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(BUILTIN_KPIS.map((k) => k.id).sort());
    expect(Object.keys(values).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [kpi, expected] of Object.entries(EXPECTED)) {
    it(`${kpi} = ${expected}`, () => {
      if (exact(kpi)) expect(values[kpi]).toBe(expected);
      else expectClose(values[kpi], expected);
    });
  }

  it('reads a ledger with costs written positive to the same figures (detected, and with costs_sign set)', () => {
    const detected = reportValues([...OCTOBER, '--source', 'ledger=fixtures/catalogue/ledger-costs-positive.csv', '--kpi', LEDGER_KPIS.join(',')]);
    const dir = mkdtempSync(join(tmpdir(), 'kpi-catalogue-'));
    const fixture = join(ROOT, 'fixtures', 'catalogue');
    const config = join(dir, 'kpi.yaml');
    writeFileSync(
      config,
      [
        'sources:',
        `  ledger: { file: ${JSON.stringify(join(fixture, 'ledger-costs-positive.csv'))}, costs_sign: positive }`,
        `  customers: { file: ${JSON.stringify(join(fixture, 'customers.csv'))} }`,
        '',
      ].join('\n'),
    );
    const declared = reportValues(['-c', config, '--period', '2026-10', '--compare', 'none', '--kpi', LEDGER_KPIS.join(',')]);
    const negative = Object.fromEntries(LEDGER_KPIS.map((k) => [k, values[k]]));
    expect(detected).toEqual(negative);
    expect(declared).toEqual(negative);
  });

  it('treats a ledger written with costs negative as such when told so, whatever the rows say', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-catalogue-'));
    const config = join(dir, 'kpi.yaml');
    writeFileSync(config, `sources:\n  ledger: { file: ${JSON.stringify(join(ROOT, 'fixtures', 'catalogue', 'ledger.csv'))}, costs_sign: negative }\n`);
    const declared = reportValues(['-c', config, '--period', '2026-10', '--compare', 'none', '--kpi', 'ebitda,net_income']);
    expect(declared).toEqual({ ebitda: 3100, net_income: 2000 });
  });
});

describe('breakdowns with --by, each group with its share of the total', () => {
  const groups = (kpis: string, by: string) => {
    const run = runKpi(['report', '-f', 'json', ...OCTOBER, '--kpi', kpis, '--by', by]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { results: { kpi: string; group: Record<string, string>; value: number; share: number | null }[] };
    return report.results.filter((r) => Object.keys(r.group).length > 0).map((r) => [r.kpi, r.group[by], r.value, r.share]);
  };

  it('revenue per channel: Partner 2000, Web 1500, Direct 500 of 4000', () => {
    expect(groups('revenue', 'channel')).toEqual([
      ['revenue', 'Partner', 2000, 0.5],
      ['revenue', 'Web', 1500, 0.375],
      ['revenue', 'Direct', 500, 0.125],
    ]);
  });

  it('the most visited pages: /home 100 + 70, /pricing 50, /blog 30 of 250', () => {
    expect(groups('visits', 'page')).toEqual([
      ['visits', '/home', 170, 0.68],
      ['visits', '/pricing', 50, 0.2],
      ['visits', '/blog', 30, 0.12],
    ]);
  });

  it('activities per canonical type (Møte → meeting, Telefon and samtale → call, Tilbud → quote, e-post → email)', () => {
    expect(groups('activities', 'type')).toEqual([
      ['activities', 'call', 3, 0.375],
      ['activities', 'meeting', 2, 0.25],
      ['activities', 'demo', 1, 0.125],
      ['activities', 'email', 1, 0.125],
      ['activities', 'quote', 1, 0.125],
    ]);
  });

  it('pipeline per stage at period end: D5 Proposal 5000, D6 Negotiation 4000, D7 (won since) 2500', () => {
    const rows = groups('pipeline_value', 'stage').filter((r) => r[2] !== 0);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['pipeline_value', 'Proposal', 5000],
      ['pipeline_value', 'Negotiation', 4000],
      ['pipeline_value', 'Closed Won', 2500],
    ]);
    [5000, 4000, 2500].forEach((amount, i) => expectClose(rows[i][3] as number, amount / 11500));
  });

  it('headcount per department on Oct 31: Sales Ann and Bob, Support Cid, Ops Fay', () => {
    expect(groups('headcount', 'department')).toEqual([
      ['headcount', 'Sales', 2, 0.5],
      ['headcount', 'Ops', 1, 0.25],
      ['headcount', 'Support', 1, 0.25],
    ]);
  });
});

/*
 * The alternative definitions of docs/kpis.md, run as the user's own KPIs under the built-in's id, by hand:
 *   win_rate              won / all deals closing in October (open deals have no close date here) = 2/5
 *   pipeline_value        weighted by probability: 5000 × 0.5 + 4000 × 0.75 + 2500 × 1             = 8000
 *   sales_velocity        4 created × 0.4 × 2000 / 45                                               = 3200/45
 *   dso                   2300 / 2500 × 30                                                          = 27.6
 *   avg_days_to_pay       issued in October and paid: I5 Oct 10 → Nov 2 = 23, I6 11                 = 17
 *   paid_on_time_rate     paid in October: I2 on time, I3 late, I6 on time                          = 2/3
 *   first_response_hours  median(0.5, 1, 2, 3, 24)                                                  = 2
 *   resolution_hours      mean(3, 24, 72, 6, 312) = 417 / 5                                         = 83.4
 *   csat                  top box (5) only: 1 of 4                                                  = 0.25
 *   churn_rate            2 / ((5 at start + 5 at end) / 2)                                         = 0.4
 *   cac                   marketing only: 600 / 2                                                   = 300
 *   cltv                  200 × 0.475 / (3/11)                                                      = 348.33…
 *   operating_margin      EBITDA margin 3100 / 12000
 *   opex_ratio            with cogs: 8900 / 12000
 *   roi                   against September (11000): (12000 − 11000 − 600) / 600                   = 2/3
 *   revenue_per_employee  ledger revenue 12000 / 4                                                  = 3000
 *   capacity_utilization  billable 16.5 / all hours logged 22                                       = 0.75
 *   cycle_time_days       median(2, 2, 2)                                                           = 2
 *   defect_rate           lines with defects 1 of 3 reporting                                       = 1/3
 *   upsell_share          2500 / (1500 + 2500)                                                      = 0.625
 */
const ALTERNATIVES: Record<string, number> = {
  win_rate: 0.4,
  pipeline_value: 8000,
  sales_velocity: 3200 / 45,
  dso: 27.6,
  avg_days_to_pay: 17,
  paid_on_time_rate: 2 / 3,
  first_response_hours: 2,
  resolution_hours: 83.4,
  csat: 0.25,
  churn_rate: 0.4,
  cac: 300,
  cltv: (200 * 0.475 * 11) / 3,
  operating_margin: 3100 / 12000,
  opex_ratio: 8900 / 12000,
  roi: 2 / 3,
  revenue_per_employee: 3000,
  capacity_utilization: 0.75,
  cycle_time_days: 2,
  defect_rate: 1 / 3,
  upsell_share: 0.625,
};

describe('the documented alternative definitions', () => {
  const withAlternatives = BUILTIN_KPIS.filter((k) => k.alternative);

  it('has a hand-computed value for every alternative in the registry', () => {
    expect(withAlternatives.map((k) => k.id).sort()).toEqual(Object.keys(ALTERNATIVES).sort());
  });

  it('each is one kpi.yaml entry away: the user formula replaces the built-in and gives the value worked out by hand', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-alternatives-'));
    const fixture = join(ROOT, 'fixtures', 'catalogue');
    const lines = ['sla: { high: 4h, normal: 24h, low: 3d }', 'sources:'];
    for (const name of ['sales', 'deals', 'invoices', 'tickets', 'customers', 'ledger', 'timesheets', 'employees']) {
      lines.push(`  ${name}: { file: ${JSON.stringify(join(fixture, `${name}.csv`))} }`);
    }
    lines.push('kpis:');
    for (const k of withAlternatives) {
      lines.push(`  ${k.id}:`, `    formula: '${k.alternative!.formula.replace(/'/g, "''")}'`);
      if (k.alternative!.period) lines.push(`    period: ${k.alternative!.period}`);
    }
    const config = join(dir, 'kpi.yaml');
    writeFileSync(config, `${lines.join('\n')}\n`);
    const alt = reportValues(['-c', config, '--period', '2026-10', '--compare', 'none', '--kpi', withAlternatives.map((k) => k.id).join(',')]);
    for (const [kpi, expected] of Object.entries(ALTERNATIVES)) expectClose(alt[kpi], expected, kpi);
  });
});

describe('kpi list', () => {
  it('shows the whole catalogue, every KPI available with the catalogue fixture', () => {
    const run = runKpi(['list', '--format', 'json', '-c', CONFIG]);
    expect(run.code, run.stderr).toBe(0);
    const entries = JSON.parse(run.stdout) as { id: string; available: boolean; reason: string | null }[];
    expect(entries.map((e) => e.id)).toEqual(BUILTIN_KPIS.map((k) => k.id));
    expect(entries.filter((e) => !e.available)).toEqual([]);
  });

  it('says what sla_rate needs when kpi.yaml has no sla:', () => {
    const run = runKpi(['list', '--format', 'json', '-c', 'fixtures/kpis/kpi.yaml']);
    const entries = JSON.parse(run.stdout) as { id: string; available: boolean; reason: string | null }[];
    expect(entries.find((e) => e.id === 'sla_rate')).toMatchObject({ available: false, reason: expect.stringContaining('sla:') });
  });
});

describe('the demo', () => {
  it('computes every KPI that kpi list offers for it, each with a value for 2026-10 (avg_return has none by design)', () => {
    const list = runKpi(['list', '--format', 'json', '-c', 'fixtures/demo/kpi.yaml']);
    const entries = JSON.parse(list.stdout) as { id: string; available: boolean; builtin: boolean }[];
    expect(entries.filter((e) => !e.available).map((e) => e.id)).toEqual([]);
    expect(entries.filter((e) => e.builtin).map((e) => e.id)).toEqual(BUILTIN_KPIS.map((k) => k.id));
    const demo = reportValues(['-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10']);
    expect(Object.keys(demo).sort()).toEqual(entries.map((e) => e.id).sort());
    expect(Object.entries(demo).filter(([, v]) => v === null).map(([k]) => k)).toEqual(['avg_return']);
  });
});
