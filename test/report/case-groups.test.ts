// A rep written `Kari Lærum` on some rows and `KARI LÆRUM` on others became two --by groups with no word, while
// conditions and values: ignore case (trial F14). Now a warning names both spellings and their rows, in JSON's
// data_quality too; the groups stay apart (kpi does not guess they are one person) and the exit code is unchanged.
// Said from the groups the engine returns, so DuckDB (engine: duckdb) says the same.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const FIXTURE = join(ROOT, 'fixtures/case-groups');
const args = (config: string) => ['report', '-c', join(FIXTURE, config), '--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue', '--by', 'rep'];

describe('groups that differ only in case', () => {
  for (const config of ['kpi.yaml', 'duckdb.yaml']) {
    it(`are said, not merged (${config})`, () => {
      const run = runKpi([...args(config), '-f', 'json']);
      expect(run.code).toBe(0);
      // sales.csv: Kari Lærum on lines 2, 3, 5 (100 + 200 + 300 = 600), KARI LÆRUM on line 4 (50).
      expect(run.stderr).toContain("sales: rep: 'KARI LÆRUM' (1 row) differs from 'Kari Lærum' (3 rows) only in case: two groups");
      const report = JSON.parse(run.stdout) as { results: { group: { rep?: string }; value: number }[]; data_quality: { case_groups?: unknown }[] };
      const byRep = Object.fromEntries(report.results.filter((r) => r.group.rep !== undefined).map((r) => [r.group.rep, r.value]));
      expect(byRep['Kari Lærum']).toBe(600);
      expect(byRep['KARI LÆRUM']).toBe(50);
      expect(report.data_quality[0].case_groups).toContainEqual({ field: 'rep', groups: [{ value: 'Kari Lærum', rows: 3 }, { value: 'KARI LÆRUM', rows: 1 }] });
    });
  }

  it('says nothing without --by, or when spellings differ by more than case', () => {
    const run = runKpi(['report', '-c', join(FIXTURE, 'kpi.yaml'), '--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue']);
    expect(run.stderr).not.toMatch(/differs from/);
    const by = runKpi(args('kpi.yaml'));
    expect(by.stderr).not.toMatch(/Ola/);
  });
});
