// Trial F7: datetimes written with a UTC offset (Zendesk, Freshdesk and Jira export ISO 8601 with one) were read as
// wall-clock times with the offset thrown away, so hours() between two cells of different offsets (across a DST
// change, one column in UTC) was off by the difference. Now days() and hours() span the instants; a pair of which
// only one cell has an offset is a located bad value; a row's period is still its wall-clock day (README "UTC
// offsets"). Expected values by hand beside the data.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../src/report/build-report.js';
import { utcOffsetMs } from '../../src/sources/parse-date.js';
import { runKpi } from '../helpers/run-kpi.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(csv: string, engine = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-offsets-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tickets.csv'), csv);
  writeFileSync(
    join(dir, 'kpi.yaml'),
    `sources:\n  tickets:\n    file: tickets.csv\n${engine}kpis:\n  mean_hours: { formula: 'avg(hours(tickets.created, tickets.resolved))', unit: hours, better: lower }\n  mean_days: { formula: 'avg(days(tickets.created, tickets.resolved))', unit: days, better: lower }\n`,
  );
  return join(dir, 'kpi.yaml');
}

/*
 * line  created                    resolved                   instants (UTC)          hours
 *   2   2026-03-29T01:30:00+01:00  2026-03-29T03:30:00+02:00  00:30 → 01:30           1   (Europe/Oslo's DST night; wall clocks: 2)
 *   3   2026-03-02T09:00:00Z       2026-03-02T12:00:00+01:00  09:00 → 11:00           2   (wall clocks: 3)
 *   4   2026-03-31T23:30:00-02:00  2026-04-01T01:30:00Z       04-01 01:30 → 01:30     0   (wall clocks: 2); in March by its wall-clock day
 *   5   2026-03-03T10:00:00+01:00  2026-03-03 14:00           one offset, one none: a bad value (wall clocks: 4)
 * mean_hours = (1 + 2 + 0) / 3 = 1            (before the fix: (2 + 3 + 2 + 4) / 4 = 2.75)
 * mean_days  = (1 + 2 + 0) / 24 / 3 = 1 / 24 = 0.041666…   (the same 1 h on average, in days)
 * tickets    = 4 in March (line 4 by its written day, 2026-03-31), no bad value
 */
const CSV = `ticket,created,resolved
1,2026-03-29T01:30:00+01:00,2026-03-29T03:30:00+02:00
2,2026-03-02T09:00:00Z,2026-03-02T12:00:00+01:00
3,2026-03-31T23:30:00-02:00,2026-04-01T01:30:00Z
4,2026-03-03T10:00:00+01:00,2026-03-03 14:00
`;

const march = async (config: string) => {
  const { report } = await computeReport({ config, period: '2026-03', compare: 'none', asOf: '2026-04-15', kpis: ['mean_hours', 'mean_days', 'tickets'] });
  return report;
};

describe('days() and hours() between cells written with UTC offsets', () => {
  it('span the instants, and a row keeps its wall-clock day', async () => {
    const report = await march(project(CSV));
    const get = (id: string) => report.results.find((r) => r.kpi === id)!;
    expect(get('mean_hours').value).toBe(1);
    expect(get('mean_days').value).toBeCloseTo(1 / 24, 12);
    expect(get('tickets')).toMatchObject({ value: 4, bad_values: null });
    expect(get('mean_hours').bad_values).toMatchObject({ count: 1, first: { line: 5, column: 'created → resolved' } });
  });

  it('a pair with one offset and one without is a located bad value, and check fails on it', async () => {
    const report = await march(project(CSV));
    const q = report.data_quality[0];
    expect(q.skipped).toBe(1);
    expect(q.issues).toEqual([
      expect.objectContaining({ line: 5, column: 'resolved', value: '2026-03-03 14:00', reason: expect.stringContaining("'created' is written with a UTC offset and 'resolved' without one") }),
    ]);
    expect(q.issues[0].reason).toContain('2026-03-03T10:00:00+01:00');
    const dir = join(project(CSV), '..');
    const check = runKpi(['check', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'mean_hours'], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(3);
  });

  it('a negative span is told by the instants: 03:30+02:00 is after 03:00+00:00 by wall clock, before it in time', async () => {
    // 03:30+02:00 = 01:30Z; 03:00Z - 01:30Z is 1.5 h by the instants (by wall clocks −0.5 h, a bad value)
    // 2026-03-10T10:00:00+01:00 → 2026-03-10T10:30:00+02:00 is 09:00Z → 08:30Z: negative by the instants (a bad value)
    const config = project('ticket,created,resolved\n1,2026-03-29T03:30:00+02:00,2026-03-29T03:00:00Z\n2,2026-03-10T10:00:00+01:00,2026-03-10T10:30:00+02:00\n');
    const report = await march(config);
    const mean = report.results.find((r) => r.kpi === 'mean_hours')!;
    expect(mean.value).toBe(1.5);
    expect(mean.bad_values).toMatchObject({ count: 1, first: { line: 3 } });
  });

  it('with engine: duckdb, a file with offsets is read by kpi\'s own engine: the same figures', async () => {
    const a = await march(project(CSV));
    const b = await march(project(CSV, '    engine: duckdb\n'));
    expect(b.results.map((r) => [r.kpi, r.value, r.bad_values?.count ?? 0])).toEqual(a.results.map((r) => [r.kpi, r.value, r.bad_values?.count ?? 0]));
  });

  it('reads the offset of an ISO datetime, and none elsewhere', () => {
    expect(utcOffsetMs('2026-03-29T01:30:00+01:00')).toBe(3_600_000);
    expect(utcOffsetMs('2026-03-29T01:30:00-0530')).toBe(-(5 * 60 + 30) * 60_000);
    expect(utcOffsetMs('2026-03-29T01:30:00Z')).toBe(0);
    expect(utcOffsetMs('2026-03-29 01:30:00.123+02')).toBe(7_200_000);
    for (const t of ['2026-03-29', '2026-03-29 01:30', '2026-03-29T01:30:00', '29.03.2026 01:30', '2026-03-29-01']) expect(utcOffsetMs(t), t).toBeUndefined();
  });
});
