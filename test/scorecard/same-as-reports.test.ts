// The 2026 scorecard of the demo company (fixtures/demo, --as-of pinned) equals, cell by cell, the single-period
// reports it summarises: each month's cell is `kpi report --period <month>`'s result, YTD is `--period
// 2026-01-01..2026-10-31`'s, last year's YTD `--period 2025-01-01..2025-10-31`'s, the full-year target `--period
// 2026`'s target. And one row worked out by hand from sales.csv.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const CONFIG = ['-c', 'fixtures/demo/kpi.yaml', '--as-of', '2026-11-15'];
const FIELDS = ['value', 'target', 'variance', 'variance_pct', 'status', 'projected', 'pace', 'unknown_values', 'bad_values', 'reason'] as const;

type Cell = Record<(typeof FIELDS)[number], unknown>;
interface Row {
  kpi: string;
  group: Record<string, string>;
  months: Cell[];
  ytd: Cell;
  last_year_ytd: Cell;
  full_year_target: number | null;
  remaining: number | null;
}
interface Scorecard {
  months: { id: string; start: string; end: string }[];
  ytd: { id: string; start: string; end: string };
  last_year_ytd: { id: string; start: string; end: string };
  full_year: { id: string };
  rows: Row[];
  summary: Record<string, number>;
}
type Result = Cell & { kpi: string; group: Record<string, string> };

function json<T>(args: string[]): T {
  const run = runKpi([...args, '-f', 'json', '-q']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

const report = (period: string) => json<{ results: Result[]; summary: Record<string, number> }>(['report', ...CONFIG, '--period', period, '--compare', 'none']);
const key = (r: { kpi: string; group: Record<string, string> }) => `${r.kpi}|${JSON.stringify(r.group)}`;
const pick = (c: Cell) => Object.fromEntries(FIELDS.map((f) => [f, c[f]]));

describe('kpi scorecard 2026 of the demo company', () => {
  let sc: Scorecard;
  beforeAll(() => {
    sc = json<Scorecard>(['scorecard', ...CONFIG]);
  }, 60_000);

  it('runs January to the last complete month before --as-of, with year to date to its end', () => {
    expect(sc.months.map((m) => m.id)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(sc.ytd).toEqual({ id: '2026-01-01..2026-10-31', start: '2026-01-01', end: '2026-10-31' });
    expect(sc.last_year_ytd).toEqual({ id: '2025-01-01..2025-10-31', start: '2025-01-01', end: '2025-10-31' });
    expect(sc.full_year.id).toBe('2026');
    expect(sc.rows.length).toBeGreaterThan(60);
  });

  // A test per month: each runs a report of the demo (about a second, more on a loaded machine).
  const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
  for (const [i, month] of MONTHS.entries()) {
    it(`every cell of ${month} is that month's report result`, () => {
      expect(sc.months[i].id).toBe(month);
      const results = new Map(report(month).results.map((r) => [key(r), r]));
      expect(new Set(sc.rows.map(key))).toEqual(new Set(results.keys()));
      for (const row of sc.rows) expect(pick(row.months[i]), `${row.kpi} ${month}`).toEqual(pick(results.get(key(row))!));
    }, 60_000);
  }

  it('YTD, last year\'s YTD and the full-year target are those periods\' reports; remaining = target − YTD', () => {
    const ytd = report(sc.ytd.id);
    const lastYear = new Map(report(sc.last_year_ytd.id).results.map((r) => [key(r), r]));
    const year = new Map(report('2026').results.map((r) => [key(r), r]));
    const ytdByKey = new Map(ytd.results.map((r) => [key(r), r]));
    for (const row of sc.rows) {
      expect(pick(row.ytd), row.kpi).toEqual(pick(ytdByKey.get(key(row))!));
      expect(pick(row.last_year_ytd), row.kpi).toEqual(pick(lastYear.get(key(row))!));
      expect(row.full_year_target, row.kpi).toBe(year.get(key(row))!.target);
      const v = row.ytd.value as number | null;
      if (row.full_year_target === null || v === null) expect(row.remaining).toBeNull();
      else expect(row.remaining).toBeCloseTo(row.full_year_target - v, 6);
    }
    // The summary counts the YTD statuses as the YTD report counts its results.
    expect(sc.summary).toEqual(ytd.summary);
  }, 60_000);

  it('revenue, by hand from sales.csv: each month the sum of Beløp, YTD their sum, remaining 17,050,000 − YTD', () => {
    // sales.csv is Windows-1252, `;`-separated, dates dd.MM.yyyy, amounts `79 182,40` (space thousands, comma decimals).
    const text = new TextDecoder('windows-1252').decode(readFileSync(join(ROOT, 'fixtures/demo/sales.csv')));
    const cents = new Map<string, number>();
    for (const line of text.split(/\r?\n/).slice(1)) {
      if (!line) continue;
      const cells = line.split(';');
      const [, mm, yyyy] = cells[0].split('.');
      const amount = Math.round(Number(cells[9].replace(/[\s\u00a0]/g, '').replace(',', '.')) * 100);
      cents.set(`${yyyy}-${mm}`, (cents.get(`${yyyy}-${mm}`) ?? 0) + amount);
    }
    const row = sc.rows.find((r) => r.kpi === 'revenue' && Object.keys(r.group).length === 0)!;
    const months = sc.months.map((m) => cents.get(m.id)! / 100);
    expect(row.months.map((c) => c.value)).toEqual(months);
    const ytdCents = sc.months.reduce((n, m) => n + cents.get(m.id)!, 0);
    // Revenue adds up over time: its YTD is the sum of the months.
    expect(row.ytd.value).toBe(ytdCents / 100);
    let lastYear = 0;
    for (let m = 1; m <= 10; m++) lastYear += cents.get(`2025-${String(m).padStart(2, '0')}`)!;
    expect(row.last_year_ytd.value).toBe(lastYear / 100);
    // targets.yaml: 1,250,000 a month, but May 2,300,000, June 2,000,000, October 1,500,000:
    // the year 9 × 1,250,000 + 2,300,000 + 2,000,000 + 1,500,000 = 17,050,000; January to October 14,550,000.
    expect(row.full_year_target).toBe(17_050_000);
    expect(row.ytd.target).toBe(14_550_000);
    expect(row.remaining).toBe((1_705_000_000 - ytdCents) / 100);
    expect(row.months.map((c) => c.target)).toEqual([1.25e6, 1.25e6, 1.25e6, 1.25e6, 2.3e6, 2e6, 1.25e6, 1.25e6, 1.25e6, 1.5e6]);
  });

  it('a ratio\'s YTD is the ratio over the year, not a sum or mean of the months (win rate)', () => {
    const row = sc.rows.find((r) => r.kpi === 'win_rate' && Object.keys(r.group).length === 0)!;
    const mean = (row.months as { value: number }[]).reduce((n, c) => n + c.value, 0) / row.months.length;
    expect(row.ytd.value).not.toBeCloseTo(mean, 3);
    expect(row.ytd.value).toBe(report(sc.ytd.id).results.find((r) => r.kpi === 'win_rate')!.value);
  });
});
