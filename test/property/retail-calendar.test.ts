// Retail calendars through the whole pipeline: random sales rows around one fiscal year of a random retail
// calendar (pattern, year-end month, weekday, rule, naming). A KPI summed by fiscal month must add up to each
// fiscal quarter's figure and the year's, and the year's must be the rows dated between its first and last day —
// those days found here independently, by walking the calendar to the year-end weekday (not through kpi's code),
// and the sums done here in integer cents from the rows written.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../src/report/build-report.js';
import { computeTrend } from '../../src/report/build-trend.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 6);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261202);
const dir = mkdtempSync(join(tmpdir(), 'kpi-retail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const isoWeekday = (t: number) => ((new Date(t).getUTCDay() + 6) % 7) + 1;

/**
 * The last day (ms) of the fiscal year ending at the end of `month` of `year`: walk back from the month's last day
 * to the weekday (`last`), or take the weekday within three days of it either way (`nearest`).
 */
function yearEnd(year: number, month: number, weekday: number, rule: 'last' | 'nearest'): number {
  const last = Date.UTC(year, month, 1) - DAY;
  if (rule === 'last') {
    let t = last;
    while (isoWeekday(t) !== weekday) t -= DAY;
    return t;
  }
  for (let k = -3; k <= 3; k++) if (isoWeekday(last + k * DAY) === weekday) return last + k * DAY;
  throw new Error('no weekday within three days');
}

const calendar = fc.record({
  pattern: fc.constantFrom('4-4-5', '4-5-4', '5-4-4'),
  month: fc.integer({ min: 1, max: 12 }),
  weekday: fc.integer({ min: 1, max: 7 }),
  rule: fc.constantFrom('last' as const, 'nearest' as const),
  namedBy: fc.constantFrom('start' as const, 'end' as const),
});
const row = fc.record({ offset: fc.integer({ min: -40, max: 410 }), cents: fc.integer({ min: -50_000, max: 900_000 }) });

describe('a retail calendar over random data', () => {
  it('the fiscal months add up to the quarters and the year, and the year is the rows of its own days', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(calendar, fc.array(row, { minLength: 1, maxLength: 150 }), async (c, rows) => {
        const label = 2026;
        // The year named FY2026 ends in 2026 (named by its end, or a December year) or in 2027 (by its start).
        const endYear = c.namedBy === 'end' || c.month === 12 ? label : label + 1;
        const start = yearEnd(endYear - 1, c.month, c.weekday, c.rule) + DAY;
        const end = yearEnd(endYear, c.month, c.weekday, c.rule);
        const caseDir = join(dir, String(n++));
        mkdirSync(caseDir);
        const dated = rows.map((r) => ({ t: start + r.offset * DAY, cents: r.cents }));
        writeFileSync(join(caseDir, 'sales.csv'), `date,revenue\n${dated.map((r) => `${new Date(r.t).toISOString().slice(0, 10)},${(r.cents / 100).toFixed(2)}`).join('\n')}\n`);
        writeFileSync(
          join(caseDir, 'kpi.yaml'),
          `fiscal_calendar: { pattern: ${c.pattern}, year_end: { month: ${c.month}, weekday: ${WEEKDAYS[c.weekday - 1]}, rule: ${c.rule} }, named_by: ${c.namedBy} }
sources:
  sales: { file: sales.csv }
kpis:
  rev: { formula: "sum(sales.revenue)", unit: currency }
`,
        );
        const config = join(caseDir, 'kpi.yaml');
        const opts = { config, kpi: 'rev', asOf: '2030-01-01', allowIncomplete: true, noTargets: true };
        const cents = (v: number | null | undefined) => Math.round((v ?? 0) * 100);
        const months = (await computeTrend({ ...opts, period: `FY${label}`, grain: 'month', last: 12 })).trend.series[0].points;
        const quarters = (await computeTrend({ ...opts, period: `FY${label}`, grain: 'quarter', last: 4 })).trend.series[0].points;
        const { report } = await computeReport({ config, period: `FY${label}`, asOf: '2030-01-01', compare: 'none', allowIncomplete: true, noTargets: true });
        expect(months.map((p) => p.period.id)).toEqual(Array.from({ length: 12 }, (_, i) => `FY${label}-P${String(i + 1).padStart(2, '0')}`));
        expect(report.period).toEqual({ id: `FY${label}`, start: new Date(start).toISOString().slice(0, 10), end: new Date(end).toISOString().slice(0, 10) });
        const expected = dated.filter((r) => r.t >= start && r.t <= end).reduce((a, r) => a + r.cents, 0);
        const year = cents(report.results[0].value);
        expect(year).toBe(expected);
        expect(months.reduce((a, p) => a + cents(p.value), 0)).toBe(year);
        expect(quarters.reduce((a, p) => a + cents(p.value), 0)).toBe(year);
        for (let q = 0; q < 4; q++) expect(months.slice(q * 3, q * 3 + 3).reduce((a, p) => a + cents(p.value), 0)).toBe(cents(quarters[q].value));
        // The months tile the year: the first starts on its first day, each the day after the one before.
        expect(months[0].period.start).toBe(report.period.start);
        expect(months[11].period.end).toBe(report.period.end);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 300_000);
});
