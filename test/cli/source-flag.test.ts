// `--source <name>=<file>` beside a kpi.yaml: a misspelt name (`salg` for `sales`) added a source no KPI reads,
// said a note and reported on the configured file with exit 0 — a typo that looked like a run.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-source-flag-'));
cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
// A project of the demo's deals only: a tickets source added with --source is read by the built-in tickets KPIs.
// (In a folder of its own: the demo's targets.yaml beside it names KPIs of the other sources.)
mkdirSync(join(dir, 'only'));
writeFileSync(join(dir, 'only/kpi.yaml'), 'currency: NOK\nsources:\n  deals: { file: ../deals.csv }\n');
const base = ['--period', '2026-10', '--as-of', '2026-11-15'];

describe('--source names', () => {
  it('a name kpi.yaml does not have, read by no KPI, is exit 2 with the closest name', () => {
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--source', `salg=${join(dir, 'sales.csv')}`, ...base]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("has no source 'salg' and no KPI reads one; did you mean 'sales'?");
    expect(run.stdout).toBe('');
  });

  it('a name that adds a source some KPI reads is taken, and the configured name replaces the file (controls)', () => {
    const added = runKpi(['report', '-c', join(dir, 'only/kpi.yaml'), '--source', `tickets=${join(dir, 'tickets.csv')}`, ...base, '-f', 'json']);
    expect(added.code).toBe(0);
    const kpis = (JSON.parse(added.stdout) as { results: { kpi: string }[] }).results.map((r) => r.kpi);
    expect(kpis).toContain('win_rate');
    expect(kpis).toContain('first_response_hours');
    expect(runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--source', `sales=${join(dir, 'sales.csv')}`, ...base]).code).toBe(0);
  });
});
