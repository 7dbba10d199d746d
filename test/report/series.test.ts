// ReportContext.series: the sparkline points computed in the report's own pass must be what a report of each of
// those periods says on its own (an independent computation: one computeReport per month), and asking for them
// must not change the report.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { computeReport } from '../../src/report/build-report.js';
import { resultKey } from '../../src/report/model.js';
import { ROOT } from '../helpers/run-kpi.js';

const config = join(ROOT, 'fixtures', 'demo', 'kpi.yaml');
const base = { config, asOf: '2026-11-15', compare: 'prev' } as const;

describe('ReportContext.series', () => {
  it('is absent unless asked for, and asking changes nothing in the report', async () => {
    const plain = await computeReport({ ...base, period: '2026-10' });
    const withSeries = await computeReport({ ...base, period: '2026-10', series: 12 });
    expect(plain.context.series).toBeUndefined();
    expect(withSeries.report).toEqual(plain.report);
    expect([...withSeries.context.targetHow]).toEqual([...plain.context.targetHow]);
  });

  it('holds the 11 months before the report and the report itself, each as that month\'s own report says', async () => {
    const { report, context } = await computeReport({ ...base, period: '2026-10', series: 12 });
    const series = context.series!;
    const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
    expect(series.size).toBe(report.results.length);
    const own = await Promise.all(months.map((period) => computeReport({ ...base, period, compare: 'none' })));
    for (const r of report.results) {
      const points = series.get(resultKey(r))!;
      expect(points.map((p) => p.period.id)).toEqual(months);
      points.forEach((p, i) => {
        const single = own[i].report.results.find((x) => resultKey(x) === resultKey(r))!;
        expect({ value: p.value, target: p.target, status: p.status }, `${r.kpi} ${months[i]}`).toEqual({ value: single.value, target: single.target, status: single.status });
      });
    }
    // Not a series of one repeated figure: revenue differs from month to month in the demo.
    expect(new Set(series.get('revenue|{}')!.map((p) => p.value)).size).toBeGreaterThan(6);
  });

  it('with --by, the groups get theirs (the first 20 of each KPI in the report order)', async () => {
    const { report, context } = await computeReport({ ...base, period: '2026-10', by: ['rep'], kpis: ['revenue'], series: 3 });
    const groups = report.results.filter((r) => Object.keys(r.group).length > 0);
    expect(groups.length).toBeGreaterThan(1);
    const single = await computeReport({ ...base, period: '2026-09', by: ['rep'], kpis: ['revenue'], compare: 'none' });
    for (const g of groups.slice(0, 20)) {
      const points = context.series!.get(resultKey(g))!;
      expect(points.map((p) => p.period.id)).toEqual(['2026-08', '2026-09', '2026-10']);
      expect(points[1].value).toBe(single.report.results.find((x) => resultKey(x) === resultKey(g))?.value ?? null);
    }
  });

  it('a running month is preceded by whole months, and ends with the month to date', async () => {
    // The demo's sales run to 2026-10-31: October to the 20th is a running month with data.
    const { context } = await computeReport({ ...base, asOf: '2026-10-20', period: 'mtd', kpis: ['revenue'], series: 3 });
    const points = context.series!.get('revenue|{}')!;
    expect(points.map((p) => p.period.id)).toEqual(['2026-08', '2026-09', 'mtd:2026-10-20']);
    expect(points[2].projected).not.toBeNull();
  });

  it('`all` has no earlier periods: its series is the report alone', async () => {
    const { context } = await computeReport({ ...base, period: 'all', compare: 'none', kpis: ['revenue'], series: 12 });
    expect(context.series!.get('revenue|{}')!.map((p) => p.period.id)).toEqual(['all']);
  });
});
