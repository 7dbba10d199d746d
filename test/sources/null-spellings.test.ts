// Null spellings and the empty group, through the built CLI (issue 11: "NULL becomes a group called NULL"; "the
// group (blank) merges with empty cells and JSON writes the empty group as the string (blank)").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-nulls-'));

// A SQL export: NULL for no rep and no amount, \N as MySQL writes it, a real rep called "(blank)", an empty cell.
writeFileSync(
  join(dir, 'sales.csv'),
  ['date,revenue,rep', '2026-10-01,100,Ann', '2026-10-02,200,NULL', '2026-10-03,NULL,Ann', '2026-10-04,400,\\N', '2026-10-05,800,(blank)', '2026-10-06,1600,', '2026-10-07,3200,N/A', ''].join('\n'),
);
writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales:\n    file: sales.csv\n');
writeFileSync(join(dir, 'own.yaml'), 'sources:\n  sales:\n    file: sales.csv\n    null_values: [NULL]\n');

function byRep(config: string, format: string) {
  return runKpi(['report', '-c', join(dir, config), '--kpi', 'revenue', '--by', 'rep', '--period', '2026-10', '--as-of', '2026-11-05', '-f', format]);
}

describe('null spellings', () => {
  it('read as empty: NULL is no group, and the empty group is one group apart from a real "(blank)"', () => {
    const run = byRep('kpi.yaml', 'json');
    expect(run.code, run.stderr).toBe(0);
    const results = (JSON.parse(run.stdout) as { results: { group: Record<string, string>; value: number }[] }).results;
    // Total: 100 + 200 + 400 + 800 + 1600 + 3200 = 6300 (the NULL amount is no value, not a bad one).
    // Empty rep: NULL (200), \N (400), '' (1600), N/A (3200) = 5400; Ann 100; the real "(blank)" 800.
    expect(results.map((r) => [r.group.rep ?? 'total', r.value])).toEqual([
      ['total', 6300],
      ['', 5400],
      ['(blank)', 800],
      ['Ann', 100],
    ]);
    expect(JSON.parse(run.stdout).data_quality[0].skipped).toBe(0);
    // The table still shows the empty group as (blank).
    const table = byRep('kpi.yaml', 'table').stdout;
    expect(table).toMatch(/│\s+Revenue │ \(blank\)\s+│\s+5,400\.00/);
    expect(table).not.toMatch(/NULL/);
  });

  it('follow null_values: on the source, whose list replaces the default (YAML reads a bare NULL as null: the text NULL)', () => {
    const run = byRep('own.yaml', 'json');
    expect(run.code, run.stderr).toBe(0);
    const results = (JSON.parse(run.stdout) as { results: { group: Record<string, string>; value: number }[] }).results;
    // Only NULL is empty now: \N and N/A are reps of their own; the empty cell is still empty (200 + 1600).
    expect(Object.fromEntries(results.map((r) => [r.group.rep ?? 'total', r.value]))).toEqual({ total: 6300, '': 1800, 'N/A': 3200, '(blank)': 800, '\\N': 400, Ann: 100 });
  });
});
