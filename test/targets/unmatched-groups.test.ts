// A group's target that no group of the data has is said (stderr and JSON data_quality warnings), naming the
// target's file:line, the value and the closest group the data has; the run and kpi check are unchanged by it.
// fixtures/budgets/sales.csv has the departments Retail and Online; March 2026: Retail 1500, Online 700.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const fixtures = join(__dirname, '../../fixtures/budgets');

function project(targetsName: string, targets: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-unmatched-'));
  writeFileSync(join(dir, targetsName), targets);
  writeFileSync(join(dir, 'kpi.yaml'), `currency: NOK\nsources:\n  sales:\n    file: ${join(fixtures, 'sales.csv')}\ntargets: ${targetsName}\n`);
  return join(dir, 'kpi.yaml');
}
const run = (cmd: string, config: string, extra: string[] = []) => runKpi([cmd, '-c', config, '--period', '2026-03', '--as-of', '2026-06-15', '--kpi', 'revenue', '--compare', 'none', ...extra]);

describe('group targets that match no group', () => {
  // 'Retal' (line 5) is one letter from 'Retail'; 'Online' matches.
  const yaml = 'revenue:\n  target: 2000\n  by:\n    department:\n      Retal: 1000\n      Online: 600\n';

  it('are said on stderr with the targets file line and the closest group, in a YAML by:', () => {
    const r = run('report', project('targets.yaml', yaml), ['--by', 'department']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/targets\.yaml:5: the target for revenue department 'Retal' matches no department in the data, so it is used nowhere; the closest is 'Retail'/);
    expect(r.stderr).not.toMatch(/'Online' matches no/);
  });

  it('are in the JSON data_quality warnings, and kpi check does not fail on them', () => {
    const config = project('targets.yaml', yaml);
    const j = JSON.parse(run('report', config, ['--by', 'department', '-f', 'json']).stdout) as { data_quality: { source: string; warnings?: string[] }[] };
    expect(j.data_quality.find((q) => q.source === 'sales')?.warnings?.some((w) => w.includes("'Retal' matches no department"))).toBe(true);
    // Total March 2200 ≥ 2000, Online 700 ≥ 600: met; Retail has no target. The unused target does not fail check.
    const c = run('check', config, ['--by', 'department']);
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/'Retal' matches no department/);
  });

  it('are said for a long CSV\'s group column, naming its line', () => {
    const csv = 'kpi;period;department;value\nrevenue;2026-03;;2000\nrevenue;2026-03;Online;600\nrevenue;2026-03;Retali;1000\n';
    const r = run('report', project('budget.csv', csv), ['--by', 'department']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/budget\.csv line 4: the target for revenue department 'Retali' matches no department in the data, so it is used nowhere; the closest is 'Retail'/);
  });

  it('are not checked when the run does not group by their field', () => {
    expect(run('report', project('targets.yaml', yaml)).stderr).not.toMatch(/matches no/);
  });
});
