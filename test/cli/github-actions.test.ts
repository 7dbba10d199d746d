// kpi check under GitHub Actions, simulated by its environment variables.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

it('appends the markdown report to the step summary, annotates misses and risks, and exits 1', () => {
  const summary = join(mkdtempSync(join(tmpdir(), 'kpi-gh-')), 'summary.md');
  writeFileSync(summary, '# earlier step\n');
  const run = runKpi(['check', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--kpi', 'revenue,win_rate,nps'], {
    env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, CI: 'true' },
  });
  expect(run.code).toBe(1);
  const lines = run.stdout.split('\n');
  expect(lines).toContain(
    '::warning title=KPI at risk%3A revenue::Revenue: 1,462,864.40 NOK against target 1,500,000.00 NOK (−37,135.60 NOK) in 2026-10',
  );
  expect(lines).toContain('::error title=KPI missed%3A win_rate::Win rate: 25.0%25 against target 30.0%25 (−5.0 pp) in 2026-10');
  expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(2);
  const md = readFileSync(summary, 'utf8');
  expect(md.startsWith('# earlier step\n')).toBe(true);
  expect(md).toContain('| Win rate | 25.0% | 30.0% |');
  // The job summary shows the whole report, met KPIs included, for the people reading the run.
  expect(md).toContain('| Net Promoter Score |');
});

it('stays out of GitHub when not running there', () => {
  const run = runKpi(['check', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--kpi', 'win_rate']);
  expect(run.code).toBe(1);
  expect(run.stdout).not.toContain('::error');
});

it('annotates a figure that left out values it could not read, with the first, and exits 3', () => {
  const run = runKpi(['check', '--source', 'sales=fixtures/not-understood/sales.csv', '--kpi', 'revenue', '--period', '2026-10', '--as-of', '2026-12-05', '-q'], {
    env: { GITHUB_ACTIONS: 'true', CI: 'true' },
  });
  expect(run.code).toBe(3);
  expect(run.stdout.split('\n')).toContain(
    `::error title=KPI left out unreadable values%3A revenue::Revenue in 2026-10: sales: left out 1 value it could not read (first: fixtures/not-understood/sales.csv:6, column 'revenue', "abc"); kpi check fails on them: correct the export, or accept them with allow_bad_values: under the source in kpi.yaml (or --allow-bad-values)`,
  );
});
