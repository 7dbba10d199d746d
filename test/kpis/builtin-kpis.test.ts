// The core built-in KPIs on fixtures/kpis, October 2026, against values worked out by hand from the CSV rows.
import { describe, expect, it } from 'vitest';
import { reportValues } from '../helpers/run-kpi.js';

/*
 * Worked by hand from fixtures/kpis/*.csv, period 2026-10 (2026-10-01 … 2026-10-31):
 *
 * sales (October lines: O1 ×2, O2, O3; O0 is 30 Sept, O4 is 1 Nov)
 *   revenue          1000.10 + 99.95 + 500.00 − 50.05                       = 1550.00
 *   cost             600.05 + 40.00 + (empty: 0) − 20.02                     = 620.03
 *   gross_profit     1550.00 − 620.03                                        = 929.97
 *   gross_margin     929.97 / 1550.00                                        = 0.599980645161290…
 *   orders           distinct {O1, O2, O3}                                   = 3
 *   units            2 + 1 + 1 + 3                                           = 7
 *   avg_order_value  1550.00 / 3                                             = 516.666…
 *   revenue_growth   September has one line of 700.00: (1550 − 700) / 700   = 1.2142857…
 *   revenue_growth_yoy  no sales in October 2025: no value
 * deals (closed in October: won 10-11, won 10-21, lost 10-05, "Closed Lost" 10-30; the open one has no close date)
 *   win_rate         2 won / (2 won + 2 lost)                                = 0.5
 *   avg_deal_size    (1000 + 3000) / 2                                       = 2000
 *   sales_cycle_days (Sep 1 → Oct 11 = 40 days, Oct 1 → Oct 21 = 20 days)/2 = 30
 * invoices
 *   invoiced         issued in October: I3 400.25 + I4 99.75                 = 500.00
 *   outstanding      issued ≤ Oct 31 and unpaid on Oct 31: I2 250.50 (paid Nov 3) + I3 400.25 + I6 120.00 = 770.75
 *                    (I1 paid Oct 5, I4 paid Oct 31 itself, I5 issued Nov 2)
 * tickets (created in October: 5; the 29 Sept ticket is out)
 *   tickets              5
 *   first_response_hours mean(1.5, 0.5, 2, 1) (the 20 Oct ticket has none)  = 1.25
 *   resolution_hours     median(4, 24, 3, 24) = (4 + 24) / 2                 = 14
 *                        (the 25 Oct ticket spans the DST change in Europe: wall-clock hours, 24)
 *   fcr_rate             resolved 4, of which contacts ≤ 1: 1, 1, 0 → 3/4   = 0.75
 *   csat                 answered 5, 3, 4; 4–5: two → 2/3                   = 0.666…
 * surveys (October answers 10, 9, 8, 7, 6, 0, 10; the empty score is skipped)
 *   nps              100 × (3 promoters − 2 detractors) / 7                  = 14.2857…
 * customers (active at Oct 1 = started before Oct 1, not ended before Oct 1: C1, C2, C5, C6;
 *            C3 and C7 start on/after Oct 1, C4 ended Sept 30)
 *   churn_rate       ended within October among them: C2 (Oct 15), C5 (Oct 1) → 2/4 = 0.5
 */
const EXPECTED: Record<string, number | null> = {
  revenue: 1550,
  gross_profit: 929.97,
  gross_margin: 929.97 / 1550,
  orders: 3,
  units: 7,
  avg_order_value: 1550 / 3,
  revenue_growth: 850 / 700,
  revenue_growth_yoy: null,
  win_rate: 0.5,
  avg_deal_size: 2000,
  sales_cycle_days: 30,
  invoiced: 500,
  outstanding: 770.75,
  tickets: 5,
  first_response_hours: 1.25,
  resolution_hours: 14,
  fcr_rate: 0.75,
  csat: 2 / 3,
  nps: (100 * 1) / 7,
  churn_rate: 0.5,
};

const MONEY = new Set(['revenue', 'gross_profit', 'invoiced', 'outstanding', 'avg_deal_size']);

describe('built-in KPIs on the hand-checked fixture', () => {
  const values = reportValues(['-c', 'fixtures/kpis/kpi.yaml', '--period', '2026-10', '--compare', 'none']);

  // The rest of the catalogue (which these sources also support) is checked on fixtures/catalogue by catalogue.test.ts.
  it('computes each of the core built-in KPIs', () => {
    expect(Object.keys(values)).toEqual(expect.arrayContaining(Object.keys(EXPECTED)));
  });

  for (const [kpi, expected] of Object.entries(EXPECTED)) {
    it(`${kpi} = ${expected}`, () => {
      if (MONEY.has(kpi) || expected === null) expect(values[kpi]).toBe(expected);
      else expect(values[kpi]).toBeCloseTo(expected, 12);
    });
  }

  it('gives the same sales figures from the Nordic export with explicit settings', () => {
    const nordic = reportValues(['-c', 'fixtures/kpis/kpi-nordic.yaml', '--period', '2026-10', '--compare', 'none']);
    for (const kpi of ['revenue', 'gross_profit', 'gross_margin', 'orders', 'units', 'avg_order_value']) {
      expect(nordic[kpi], kpi).toBe(values[kpi]);
    }
  });

  it('gives the same figures in every time zone', () => {
    for (const TZ of ['Pacific/Auckland', 'America/Los_Angeles', 'Europe/Oslo']) {
      const other = reportValues(['-c', 'fixtures/kpis/kpi.yaml', '--period', '2026-10', '--compare', 'none'], { env: { TZ } });
      expect(other, TZ).toEqual(values);
    }
  });
});
