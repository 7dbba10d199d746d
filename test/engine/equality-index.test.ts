// Many KPIs filtered on one column equal to a constant (`where rep = "Rep 3"`) are looked up by the row's value
// instead of tested one by one (src/engine/stepper.ts). The lookup must give exactly the figures the tests give:
// `=` on text ignores case, an empty cell equals nothing, an `and` keeps its other side, a constant no row holds is
// 0 with rows in the period, and the KPIs beside them (not indexed) are unchanged. Expected values are summed here
// from the generated rows, independently of kpi.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_MIN } from '../../src/engine/stepper.js';
import { runKpi } from '../helpers/run-kpi.js';

const REPS = 24;
let dir: string;
const rows: { date: string; rep: string; revenue: number; channel: string }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-index-'));
  // 300 rows on every day of October; reps written in three casings, every 7th rep cell empty.
  for (let i = 0; i < 300; i++) {
    const n = (i * 7) % REPS;
    const spelled = i % 3 === 0 ? `Rep ${n}` : i % 3 === 1 ? `REP ${n}` : `rep ${n}`;
    rows.push({ date: `2026-10-${String(1 + (i % 31)).padStart(2, '0')}`, rep: i % 7 === 0 ? '' : spelled, revenue: 10 + i, channel: i % 2 === 0 ? 'Web' : 'Store' });
  }
  writeFileSync(join(dir, 'sales.csv'), `date,rep,revenue,channel\n${rows.map((r) => `${r.date},${r.rep},${r.revenue},${r.channel}`).join('\n')}\n`);
  const kpis: string[] = [];
  // One KPI per rep (and one for a rep no row has), more than INDEX_MIN on the same column: looked up.
  for (let n = 0; n <= REPS; n++) kpis.push(`  rep${n}: { formula: 'sum(sales.revenue where rep = "Rep ${n}")', unit: number }`);
  // The same with a second condition, on either side of the `and`.
  for (let n = 0; n < REPS; n++) kpis.push(`  web${n}: { formula: 'count(sales where channel = "web" and rep = "rep ${n}")', unit: count }`);
  // Not indexed: an inequality and a plain total.
  kpis.push(`  not3: { formula: 'sum(sales.revenue where rep != "Rep 3")', unit: number }`, `  all: { formula: 'sum(sales.revenue)', unit: number }`);
  writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  sales: { file: sales.csv }\nkpis:\n${kpis.join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('KPIs filtered on one column equal to constants', () => {
  it('give the figures a test of each row gives', () => {
    expect(REPS).toBeGreaterThan(INDEX_MIN);
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', '2026-10', '--as-of', '2026-11-15', '--compare', 'none', '-f', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const value = new Map((JSON.parse(run.stdout).results as { kpi: string; value: number | null }[]).map((r) => [r.kpi, r.value]));
    const is = (rep: string, n: number) => rep.toLowerCase() === `rep ${n}`;
    for (let n = 0; n <= REPS; n++) {
      const want = rows.filter((r) => is(r.rep, n)).reduce((s, r) => s + r.revenue, 0);
      expect(value.get(`rep${n}`), `rep${n}`).toBe(want);
    }
    // Rep 24 is on no row: 0, not "no data" (the period has rows).
    expect(value.get(`rep${REPS}`)).toBe(0);
    for (let n = 0; n < REPS; n++) expect(value.get(`web${n}`), `web${n}`).toBe(rows.filter((r) => is(r.rep, n) && r.channel === 'Web').length);
    // A comparison with an empty cell is false whatever the operator (README): an empty rep is not counted under != either.
    expect(value.get('not3')).toBe(rows.filter((r) => r.rep !== '' && !is(r.rep, 3)).reduce((s, r) => s + r.revenue, 0));
    expect(value.get('all')).toBe(rows.reduce((s, r) => s + r.revenue, 0));
  });
});
