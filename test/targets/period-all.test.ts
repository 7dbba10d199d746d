// `--period all` and targets per a period: a monthly target is scaled to the span of the data, as the same rows asked
// as a range are, instead of one month's target being compared with everything (issue 11).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const CONFIG = ['-c', 'fixtures/coverage/kpi.yaml', '--kpi', 'revenue,gross_margin', '--as-of', '2026-11-05', '--allow-incomplete', '-f', 'json'];

function targets(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kpi-all-')), 'targets.yaml');
  writeFileSync(file, yaml);
  return file;
}

interface Row { kpi: string; value: number; target: number | null; status: string }
const resultOf = (args: string[], kpi: string): Row =>
  (JSON.parse(runKpi(['report', ...CONFIG, ...args]).stdout) as { results: Row[] }).results.find((r) => r.kpi === kpi)!;

describe('--period all with a target per month', () => {
  it('scales the target to the months the data spans, like the same days asked as a range', () => {
    const t = targets('revenue: { target: 1000, per: month }\ngross_margin: { min: 50% }\n');
    // sales-cut.csv runs from 2026-09-01 to 2026-10-20: all of September and 20 of October's 31 days,
    // 1 + 20/31 months; target 1000 × (1 + 20/31) = 1645.16…; revenue 36 weekdays × 150.00 = 5,400.00.
    const all = resultOf(['-t', t, '--period', 'all'], 'revenue');
    expect(all.value).toBe(5400);
    expect(all.target).toBeCloseTo(1000 * (1 + 20 / 31), 6);
    const range = resultOf(['-t', t, '--period', '2026-09-01..2026-10-20'], 'revenue');
    expect(range.target).toBe(all.target);
    // A ratio target is not per a period: it applies to all as written.
    expect(resultOf(['-t', t, '--period', 'all'], 'gross_margin').target).toBe(0.5);
  });
});
