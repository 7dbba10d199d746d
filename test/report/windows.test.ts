// Rolling and cumulative windows and offsets of several periods (fixtures/windows: the demo's sales and deals), in a
// report, a trend and explain. Expected figures summed independently from fixtures/demo/sales.csv with Python's csv
// and Decimal (Beløp by the month of Dato; the margin as (ΣBeløp − ΣKostpris) / ΣBeløp over the window):
//   month    revenue       3 months (that month and the two before)   margin 3m   calendar ytd    fiscal ytd (July)
//   2025-11    977,372.20   3,591,531.50                              0.3569      16,860,486.50   6,787,386.50
//   2025-12  1,507,533.80   3,743,785.90                              0.3620      18,368,020.30   8,294,920.30
//   2026-01  1,026,111.10   3,511,017.10                              0.3592       1,026,111.10   9,321,031.40
//   2026-02    953,846.80   3,487,491.70                              0.3558       1,979,957.90  10,274,878.20
//   2026-03  1,538,318.20   3,518,276.10                              0.3486       3,518,276.10  11,813,196.40
//   2026-04  2,750,250.70   5,242,415.70                              0.3498       6,268,526.80  14,563,447.10
//   2026-05  2,794,410.10   7,082,979.00                              0.3506       9,062,936.90  17,357,857.20
//   2026-06  2,359,596.90   7,904,257.70                              0.3509      11,422,533.80  19,717,454.10
//   2026-07  1,542,504.10   6,696,511.10                              0.3546      12,965,037.90   1,542,504.10
//   2026-08  2,249,501.00   6,151,602.00                              0.3563      15,214,538.90   3,792,005.10
//   2026-09  1,341,581.10   5,133,586.20                              0.3604      16,556,120.00   5,133,586.20
//   2026-10  1,462,864.40   5,053,946.50                              0.3657      18,018,984.40   6,596,450.60
// Deals closed (won or lost, by `closed`) in August–October 2026, from fixtures/demo/deals.csv: 12 of 32, 4 of 22
// and 7 of 28 won, so the rolled win rate is 23 / 82 = 0.28049 — not the mean of the monthly rates (0.26894).
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const MONTHS = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
const REVENUE = [977_372.2, 1_507_533.8, 1_026_111.1, 953_846.8, 1_538_318.2, 2_750_250.7, 2_794_410.1, 2_359_596.9, 1_542_504.1, 2_249_501.0, 1_341_581.1, 1_462_864.4];
const ROLLED = [3_591_531.5, 3_743_785.9, 3_511_017.1, 3_487_491.7, 3_518_276.1, 5_242_415.7, 7_082_979.0, 7_904_257.7, 6_696_511.1, 6_151_602.0, 5_133_586.2, 5_053_946.5];
const MARGIN = [0.3569, 0.362, 0.3592, 0.3558, 0.3486, 0.3498, 0.3506, 0.3509, 0.3546, 0.3563, 0.3604, 0.3657];
const YTD = [16_860_486.5, 18_368_020.3, 1_026_111.1, 1_979_957.9, 3_518_276.1, 6_268_526.8, 9_062_936.9, 11_422_533.8, 12_965_037.9, 15_214_538.9, 16_556_120.0, 18_018_984.4];
const FISCAL_YTD = [6_787_386.5, 8_294_920.3, 9_321_031.4, 10_274_878.2, 11_813_196.4, 14_563_447.1, 17_357_857.2, 19_717_454.1, 1_542_504.1, 3_792_005.1, 5_133_586.2, 6_596_450.6];

interface Point {
  period: { id: string; start: string; end: string };
  value: number | null;
  status: string;
}
const trend = (kpi: string, config = 'fixtures/windows/kpi.yaml', extra: string[] = []): Point[] => {
  const run = runKpi(['trend', kpi, '-c', config, '--period', '2026-10', '--last', '12', '--as-of', '2026-11-15', '-f', 'json', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { series: { points: Point[] }[] }).series[0].points;
};
const cents = (x: number) => Math.round(x * 100);

describe('rolling(kpi, 3 months) in a 12-month trend', () => {
  it('equals the hand-summed windows, each the month and the two before', () => {
    const points = trend('revenue_3m');
    expect(points.map((p) => p.period.id)).toEqual(MONTHS);
    expect(points.map((p) => p.value)).toEqual(ROLLED);
    // And the sums of the plain trend's months (November and December 2025 need September and October 2025).
    const plain = runKpi(['trend', 'revenue', '-c', 'fixtures/windows/kpi.yaml', '--period', '2026-10', '--last', '14', '--as-of', '2026-11-15', '-f', 'json']);
    const monthly = (JSON.parse(plain.stdout) as { series: { points: Point[] }[] }).series[0].points.map((p) => cents(p.value!));
    expect(monthly.slice(2).map((_, i) => monthly[i] + monthly[i + 1] + monthly[i + 2])).toEqual(ROLLED.map(cents));
    expect(monthly.slice(2)).toEqual(REVENUE.map(cents));
  });

  it('a ratio rolls as the ratio of the rolled sums, not the mean of the monthly ratios', () => {
    expect(trend('margin_3m').map((p) => Math.round(p.value! * 10_000) / 10_000)).toEqual(MARGIN);
    const run = runKpi(['report', '-c', 'fixtures/windows/kpi.yaml', '--period', '2026-10', '--kpi', 'win_rate_3m', '--as-of', '2026-11-15', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const r = (JSON.parse(run.stdout) as { results: { value: number }[] }).results[0];
    expect(r.value).toBeCloseTo(23 / 82, 12);
    expect(r.value).not.toBeCloseTo((12 / 32 + 4 / 22 + 7 / 28) / 3, 3);
  });

  it('a window the data does not cover is incomplete, saying which window and why', () => {
    // The data begins on 1 January 2025: the three months to February 2025 reach back into December 2024.
    const run = runKpi(['report', '-c', 'fixtures/windows/kpi.yaml', '--period', '2025-02', '--kpi', 'revenue_3m', '--as-of', '2026-11-15', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const r = (JSON.parse(run.stdout) as { results: { status: string; reason: string }[] }).results[0];
    expect(r.status).toBe('incomplete');
    expect(r.reason).toMatch(/^rolling\(revenue, 3 months\) reads 2024-12\.\.2025-02: sales: the data begins on 2025-01-01/);
    // From March 2025 the three months are all in the data.
    const march = runKpi(['report', '-c', 'fixtures/windows/kpi.yaml', '--period', '2025-03', '--kpi', 'revenue_3m', '--as-of', '2026-11-15', '-f', 'json']);
    expect((JSON.parse(march.stdout) as { results: { status: string }[] }).results[0].status).toBe('no_target');
  });
});

describe('cumulative(kpi)', () => {
  it('is the running sum of the months, restarting with the calendar year', () => {
    const points = trend('revenue_ytd');
    expect(points.map((p) => p.value)).toEqual(YTD);
    // The running sum of the months, from January.
    let sum = 0;
    REVENUE.forEach((v, i) => {
      sum = MONTHS[i].endsWith('-01') ? cents(v) : sum + cents(v);
      if (i >= 2) expect(cents(points[i].value!)).toBe(sum);
    });
  });

  it('restarts with the fiscal year when kpi.yaml sets one', () => {
    expect(trend('revenue_ytd', 'fixtures/windows/fiscal/kpi.yaml').map((p) => p.value)).toEqual(FISCAL_YTD);
  });
});

describe('offsets of several periods', () => {
  it('revenue[prev:3] is the month three before, and the fiscal quarter three before', () => {
    const months = trend('revenue_3_back');
    // 2026-10 reads 2026-07; 2026-04 reads 2026-01.
    expect(months[11].value).toBe(1_542_504.1);
    expect(months[5].value).toBe(1_026_111.1);
    // FY2027-Q1 (July–September 2026) three fiscal quarters back is FY2026-Q2, October–December 2025: the three
    // months to 2025-12 in the table above, 3,743,785.90; the calendar report of those months gives the same.
    const q = runKpi(['report', '-c', 'fixtures/windows/fiscal/kpi.yaml', '--period', 'FY2027-Q1', '--kpi', 'revenue_3_back', '--as-of', '2026-11-15', '-f', 'json', '--compare', 'none']);
    const calendar = runKpi(['report', '-c', 'fixtures/windows/kpi.yaml', '--period', '2025-10..2025-12', '--kpi', 'revenue', '--as-of', '2026-11-15', '-f', 'json', '--compare', 'none']);
    const value = (run: typeof q) => (JSON.parse(run.stdout) as { results: { value: number }[] }).results[0].value;
    expect(q.code, q.stderr).toBe(0);
    expect(value(q)).toBe(ROLLED[1]);
    expect(value(calendar)).toBe(ROLLED[1]);
  });

  it('explain names the window each offset reads', () => {
    const run = runKpi(['explain', 'revenue_3m', '-c', 'fixtures/windows/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('rolling(revenue, 3 months) in 2026-08..2026-10 | 2026-07..2026-09 = 5053946.5 | 5133586.2');
    const json = runKpi(['explain', 'revenue_3_back', '-c', 'fixtures/windows/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '-f', 'json']);
    expect(JSON.parse(json.stdout).uses[0]).toMatchObject({ kpi: 'revenue[prev:3]', window: '2026-07', previous_window: '2026-06', value: 1_542_504.1 });
  });
});

describe('kpi trend --cumulative', () => {
  // fixtures/windows/fiscal/targets.yaml: 20,000,000 a fiscal year (from July) split by month weights adding up to
  // 100 (jul 8, aug 10, sep 8, oct 6, nov 5, dec 5, jan 6, feb 6, mar 8, apr 12, may 14, jun 12). The target to
  // date is 200,000 per weight point from July: to November 2025 8+10+8+6+5 = 37 → 7,400,000; to June 2026 all
  // 100 → 20,000,000; to July 2026 8 → 1,600,000; to October 2026 32 → 6,400,000.
  const WEIGHTS_TO_DATE = [37, 42, 48, 54, 62, 74, 88, 100, 8, 18, 26, 32];
  const cumulative = (format: string) =>
    runKpi(['trend', 'revenue', '--cumulative', '-c', 'fixtures/windows/fiscal/kpi.yaml', '--period', '2026-10', '--last', '12', '--as-of', '2026-11-15', '-f', format]);

  it('gives each month the fiscal year to date, against the target to date by the month weights', () => {
    const run = cumulative('json');
    expect(run.code, run.stderr).toBe(0);
    const t = JSON.parse(run.stdout) as { cumulative: boolean; series: { points: (Point & { target: number })[] }[] };
    expect(t.cumulative).toBe(true);
    const points = t.series[0].points;
    expect(points.map((p) => p.period.id)).toEqual(MONTHS);
    expect(points.map((p) => p.value)).toEqual(FISCAL_YTD);
    expect(points.map((p) => p.target)).toEqual(WEIGHTS_TO_DATE.map((w) => w * 200_000));
    expect(points[0].period).toEqual({ id: '2025-11', start: '2025-07-01', end: '2025-11-30' });
    expect(points[8].period).toEqual({ id: '2026-07', start: '2026-07-01', end: '2026-07-31' });
    // 6,596,450.60 against 6,400,000 to October: met; 6,787,386.50 against 7,400,000 to November 2025: missed.
    expect([points[11].status, points[0].status]).toEqual(['met', 'missed']);
    // The same figures as cumulative(revenue) in a plain trend.
    expect(points.map((p) => p.value)).toEqual(trend('revenue_ytd', 'fixtures/windows/fiscal/kpi.yaml').map((p) => p.value));
  });

  it('every trend format says it is cumulative and shows the target to date', () => {
    const table = cumulative('table');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Revenue, cumulative from July each year, by month \(┃ target to date\)\n/);
    expect(table.stdout).toMatch(/^2026-10 │.*6,596,450\.60 NOK {2}✔ met$/m);
    const csv = cumulative('csv');
    expect(csv.stdout.split('\r\n')[1]).toBe('revenue,2025-11,2025-07-01,2025-11-30,6787386.5,7400000,-612613.5,-0.0827856081081081,missed,,false');
    expect(csv.stdout.split('\r\n')[12]).toMatch(/^revenue,2026-10,2026-07-01,2026-10-31,6596450\.6,6400000,196450\.6,/);
  });

  it('calendar years restart in January, with the months’ targets summed', () => {
    // fixtures/demo/targets.yaml: 1,250,000 a month, with 2,300,000 for 2026-05, 2,000,000 for 2026-06 and
    // 1,500,000 for 2026-10: to October 2026 7 × 1,250,000 + 2,300,000 + 2,000,000 + 1,500,000 = 14,550,000.
    const run = runKpi(['trend', 'revenue', '--cumulative', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--last', '12', '--as-of', '2026-11-15', '-f', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const points = (JSON.parse(run.stdout) as { series: { points: (Point & { target: number })[] }[] }).series[0].points;
    expect(points.map((p) => p.value)).toEqual(YTD);
    expect(points[11].target).toBe(14_550_000);
    expect(points[0].target).toBe(11 * 1_250_000);
    expect(points[2]).toMatchObject({ period: { id: '2026-01', start: '2026-01-01' }, target: 1_250_000 });
  });
});
