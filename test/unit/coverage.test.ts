// Coverage of a period by a source's dates (src/report/coverage.ts): when a finished period counts as covered.
// Days are written as dates and turned into day numbers by Date.UTC here, independently of the module.
import { describe, expect, it } from 'vitest';
import { judgeCoverage, MIN_DATES, sourceCoverage, weakest } from '../../src/report/coverage.js';

const day = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
/** Every day from `from` to `to`, optionally leaving out weekdays (0 = Sunday … 6 = Saturday, as getUTCDay). */
function daysFrom(from: string, to: string, skip: number[] = []): number[] {
  const out: number[] = [];
  for (let d = day(from); d <= day(to); d++) if (!skip.includes(new Date(d * 86_400_000).getUTCDay())) out.push(d);
  return out;
}
const october = { id: '2026-10', start: day('2026-10-01'), end: day('2026-10-31') };
const NOV_5 = day('2026-11-05');

describe('judgeCoverage', () => {
  it('calls a period covered when the data goes on after it', () => {
    expect(judgeCoverage(daysFrom('2026-01-01', '2026-11-03'), october, NOV_5)).toEqual({ complete: true, reason: null });
  });

  it('calls an export that ends on 20 October incomplete for October, as of 5 November', () => {
    // Daily data with no gap: 2026-10-21 … 2026-10-31 are 11 days without data, more than any gap before.
    expect(judgeCoverage(daysFrom('2026-01-01', '2026-10-20'), october, NOV_5)).toEqual({
      complete: false,
      reason: 'the data ends on 2026-10-20, 11 days before the end of 2026-10 (2026-10-31)',
    });
  });

  it('does not count a weekend without rows at the end as missing', () => {
    // 2026-10-31 is a Saturday; a source with weekday rows only ends on Friday the 30th.
    expect(new Date(day('2026-10-31') * 86_400_000).getUTCDay()).toBe(6);
    const weekdays = daysFrom('2026-10-01', '2026-10-30', [0, 6]);
    expect(judgeCoverage(weekdays, october, NOV_5).complete).toBe(true);
    // Also for a source whose history has no gap at all: a missing Saturday is no sign of a cut export.
    expect(judgeCoverage(daysFrom('2026-09-01', '2026-10-30'), october, NOV_5).complete).toBe(true);
    // A missing Friday and Saturday are.
    expect(judgeCoverage(daysFrom('2026-09-01', '2026-10-29'), october, NOV_5).complete).toBe(false);
  });

  it("judges a sparse source by its own longest gap in the year before its last day", () => {
    // A monthly survey on the 7th: gaps of 29–30 days; the 24 days after 2026-10-07 are no more than that.
    const monthly = ['2026-01-07', '2026-02-07', '2026-03-07', '2026-04-07', '2026-05-07', '2026-06-07', '2026-07-07', '2026-08-07', '2026-09-07', '2026-10-07'].map(day);
    expect(judgeCoverage(monthly, october, NOV_5).complete).toBe(true);
    // A gap older than a year before the last day does not count: here the only long gap is in 2024.
    const old = [day('2024-01-01'), ...daysFrom('2025-01-01', '2026-10-20')];
    expect(judgeCoverage(old, october, NOV_5).complete).toBe(false);
  });

  it('calls a period the data begins inside of incomplete, and one it never reaches', () => {
    expect(judgeCoverage(daysFrom('2026-10-12', '2026-11-03'), october, NOV_5)).toEqual({
      complete: false,
      reason: 'the data begins on 2026-10-12, 11 days after the start of 2026-10 (2026-10-01)',
    });
    expect(judgeCoverage(daysFrom('2026-01-01', '2026-09-30'), october, NOV_5).reason).toBe('the data ends on 2026-09-30, before 2026-10 begins');
    expect(judgeCoverage(daysFrom('2026-11-02', '2026-11-04'), october, NOV_5).reason).toBe('the data begins on 2026-11-02, after 2026-10 ends');
    expect(judgeCoverage([], october, NOV_5)).toEqual({ complete: false, reason: 'no row has a date' });
  });

  it('does not judge a partly covered period from fewer than MIN_DATES dates, but always one the data never reaches', () => {
    // Four sales on 2, 5, 9 and 20 October: too few dates to know whether the 11 days after the 20th are a gap.
    const few = ['2026-10-02', '2026-10-05', '2026-10-09', '2026-10-20'].map(day);
    expect(few.length).toBeLessThan(MIN_DATES);
    expect(judgeCoverage(few, october, NOV_5)).toEqual({ complete: null, reason: null });
    // Ten dates are enough: the same export with daily rows from 11 to 20 October is cut (and begins late).
    expect(judgeCoverage(daysFrom('2026-10-11', '2026-10-20'), october, NOV_5).complete).toBe(false);
    // Before the period, or after it: incomplete with any number of dates.
    expect(judgeCoverage([day('2026-09-03')], october, NOV_5).reason).toBe('the data ends on 2026-09-03, before 2026-10 begins');
    // A handful of dates spanning the whole period covers it.
    expect(judgeCoverage([day('2026-09-30'), day('2026-11-01')], october, NOV_5).complete).toBe(true);
  });

  it('calls a period with a hole inside incomplete, saying where the hole is (trial F19)', () => {
    // Daily data from October 2025 with 5–18 October 2026 missing: 14 days in a row, where the year around has no gap.
    const holed = daysFrom('2025-10-01', '2026-11-03').filter((d) => d < day('2026-10-05') || d > day('2026-10-18'));
    expect(judgeCoverage(holed, october, NOV_5)).toEqual({
      complete: false,
      reason: 'no rows are dated 2026-10-05 – 2026-10-18 (14 days in a row, in 2026-10), and in the year before and after it every other day has rows',
    });
    // With a 3-day closure 1–3 June 2026 the reason names it: the run the hole was compared with.
    const closed = holed.filter((d) => d < day('2026-06-01') || d > day('2026-06-03'));
    expect(judgeCoverage(closed, october, NOV_5).reason).toBe(
      'no rows are dated 2026-10-05 – 2026-10-18 (14 days in a row, in 2026-10), and the longest other run without rows in the year before and after it is 3 days (2026-06-01 – 2026-06-03)',
    );
    // A hole across the period's start (data to 24 September, then from 12 October) is one too, named whole.
    const across = daysFrom('2025-10-01', '2026-11-03').filter((d) => d < day('2026-09-25') || d > day('2026-10-11'));
    expect(judgeCoverage(across, october, NOV_5).reason).toMatch(/^no rows are dated 2026-09-25 – 2026-10-11 \(17 days in a row, in 2026-10\)/);
    // The hole reaches September too (25–30 September), not August: August is complete.
    expect(judgeCoverage(across, { id: '2026-08', start: day('2026-08-01'), end: day('2026-08-31') }, NOV_5).complete).toBe(true);
  });

  it('does not call ordinary quiet spells holes: weekends, a closed week, Christmas, a yearly summer closure', () => {
    // A weekday shop (no Saturday or Sunday rows) closed 24 December – 1 January (9 days with the weekend) and the
    // week of 12–16 October (Saturday 10th – Sunday 18th: 9 days): neither is longer than HOLE_MIN_DAYS (10).
    const shop = daysFrom('2025-10-01', '2026-11-03', [0, 6]).filter((d) => (d < day('2025-12-24') || d > day('2026-01-01')) && (d < day('2026-10-12') || d > day('2026-10-16')));
    expect(judgeCoverage(shop, { id: '2025-12', start: day('2025-12-01'), end: day('2025-12-31') }, NOV_5)).toEqual({ complete: true, reason: null });
    expect(judgeCoverage(shop, october, NOV_5)).toEqual({ complete: true, reason: null });
    // The source's own longest gap (here the 9-day Christmas) is no hole for being the longest: see the month above.
    // A two-week summer closure (6–19 July 2026) that the year before had too (7–20 July 2025): no hole, since it is
    // not more than twice the longest run around it (14 days).
    const july = { id: '2026-07', start: day('2026-07-01'), end: day('2026-07-31') };
    const summer = daysFrom('2025-01-01', '2026-11-03').filter((d) => (d < day('2025-07-07') || d > day('2025-07-20')) && (d < day('2026-07-06') || d > day('2026-07-19')));
    expect(judgeCoverage(summer, july, NOV_5).complete).toBe(true);
    // Without last year's closure, the same fortnight is a hole.
    const once = daysFrom('2025-01-01', '2026-11-03').filter((d) => d < day('2026-07-06') || d > day('2026-07-19'));
    expect(judgeCoverage(once, july, NOV_5).reason).toMatch(/^no rows are dated 2026-07-06 – 2026-07-19 \(14 days in a row, in 2026-07\)/);
  });

  it('judges a summer break that moves by a few weeks against the whole breaks of the years around it (trial4 F6)', () => {
    // Daily data 2003-09-01 … 2007-04-30 without three summer breaks (the trial's /tmp/trial4/hole):
    // 2004-05-16 – 07-16 (62 days), 2005-05-21 – 07-12 (53 days), 2006-05-08 – 08-04 (89 days).
    const breaks: [string, string][] = [['2004-05-16', '2004-07-16'], ['2005-05-21', '2005-07-12'], ['2006-05-08', '2006-08-04']];
    const club = daysFrom('2003-09-01', '2007-04-30').filter((d) => !breaks.some(([f, t]) => d >= day(f) && d <= day(t)));
    const year = (y: number) => ({ id: String(y), start: day(`${y}-01-01`), end: day(`${y}-12-31`) });
    const asOf = day('2027-01-05');
    // 2005's break: the year before its last date (2004-05-19 – 2005-05-20) holds 57 days of 2004's break, which
    // began 3 days before it, and the year after its next date (2005-07-13 – 2006-07-14) 68 of 2006's, which ends
    // 21 days after it. Judged whole they are 62 and 89 days: 53 is not more than twice 89, so no hole. Cut at the
    // window's edge (as before) neither counted at all, and 53 days was "more than twice 0".
    expect(judgeCoverage(club, year(2005), asOf)).toEqual({ complete: true, reason: null });
    expect(judgeCoverage(club, year(2004), asOf)).toEqual({ complete: true, reason: null });
    expect(judgeCoverage(club, year(2006), asOf)).toEqual({ complete: true, reason: null });
    // A break of 2005 four times as long as the others (2005-04-01 – 2005-10-31, 214 days > 2 × 89) is a hole,
    // compared with 2006's break, the longest run reaching into the year after it.
    const long = club.filter((d) => d < day('2005-04-01') || d > day('2005-10-31'));
    expect(judgeCoverage(long, year(2005), asOf).reason).toBe(
      'no rows are dated 2005-04-01 – 2005-10-31 (214 days in a row, in 2005), and the longest other run without rows in the year before and after it is 89 days (2006-05-08 – 2006-08-04)',
    );
  });

  it('judges a running period to the day before --as-of, and not one begun today, not begun, or all', () => {
    // Daily data from January to 20 October (Sundays included, so its longest gap is 0 days).
    const cut = daysFrom('2026-01-01', '2026-10-20');
    // As of 25 October, October (or mtd) has run 24 full days: the data stops 4 days before the 24th.
    expect(judgeCoverage(cut, october, day('2026-10-25'))).toEqual({
      complete: false,
      reason: 'the data ends on 2026-10-20, 4 days before 2026-10-24, the day before --as-of in 2026-10',
    });
    const mtd = { id: 'mtd:2026-10-25', start: day('2026-10-01'), end: day('2026-10-25') };
    expect(judgeCoverage(cut, mtd, day('2026-10-25')).complete).toBe(false);
    // ytd as of 25 October likewise: judged to 24 October, not to 31 December.
    const ytd = { id: 'ytd:2026-10-25', start: day('2026-01-01'), end: day('2026-10-25') };
    expect(judgeCoverage(cut, ytd, day('2026-10-25')).reason).toBe('the data ends on 2026-10-20, 4 days before 2026-10-24, the day before --as-of in ytd:2026-10-25');
    // Data through yesterday covers a running period; today's rows are not expected yet.
    expect(judgeCoverage(cut, { ...ytd, id: 'ytd:2026-10-21', end: day('2026-10-21') }, day('2026-10-21')).complete).toBe(true);
    // A weekend before --as-of is no gap: data to Friday 23 October, as of Monday 26.
    const weekdays = daysFrom('2026-01-01', '2026-10-23', [0, 6]);
    expect(judgeCoverage(weekdays, { ...ytd, end: day('2026-10-26') }, day('2026-10-26')).complete).toBe(true);
    // Begun today: no full day to judge.
    expect(judgeCoverage(cut, { id: 'mtd:2026-11-01', start: day('2026-11-01'), end: day('2026-11-01') }, day('2026-11-01')).complete).toBeNull();
    // Not begun.
    expect(judgeCoverage(cut, { id: '2026-12', start: day('2026-12-01'), end: day('2026-12-31') }, day('2026-11-05')).complete).toBeNull();
    expect(judgeCoverage(cut, october, day('2026-11-01')).complete).toBe(false);
    expect(judgeCoverage(cut, { id: 'all', start: -Infinity, end: Infinity }, NOV_5).complete).toBeNull();
  });
});

describe('sourceCoverage and weakest', () => {
  it('gives the first and last day seen in the period, and the rows there', () => {
    const c = sourceCoverage({ source: 'sales', dated: true, days: daysFrom('2026-09-15', '2026-10-20', [0]), rows: 42 }, october, NOV_5);
    expect(c).toMatchObject({ source: 'sales', first: '2026-10-01', last: '2026-10-20', rows: 42, complete: false });
    expect(c.reason).toBe('sales: the data ends on 2026-10-20, 11 days before the end of 2026-10 (2026-10-31)');
    const none = sourceCoverage({ source: 'sales', dated: true, days: daysFrom('2026-11-01', '2026-11-03'), rows: 0 }, october, NOV_5);
    expect(none).toMatchObject({ first: null, last: null, rows: 0 });
  });

  it('names the source that covers the period least, an undated one only when none is dated', () => {
    const covered = sourceCoverage({ source: 'ledger', dated: true, days: daysFrom('2026-01-01', '2026-11-03'), rows: 9 }, october, NOV_5);
    const cut = sourceCoverage({ source: 'sales', dated: true, days: daysFrom('2026-01-01', '2026-10-20'), rows: 9 }, october, NOV_5);
    const undated = sourceCoverage({ source: 'customers', dated: false, days: [], rows: 5 }, october, NOV_5);
    expect(weakest([covered, cut, undated])?.source).toBe('sales');
    expect(weakest([undated, covered])?.source).toBe('ledger');
    expect(weakest([undated])?.source).toBe('customers');
    expect(weakest([])).toBeUndefined();
  });
});
