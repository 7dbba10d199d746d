// --by with more groups than a function call takes arguments (~125,000): every group reported, in every text format.
// Not timed: speed is measured by `npm run bench`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';
import { row, sampleReport } from './helpers.js';
import { renderedText } from '../../src/render/stream.js';

const GROUPS = 130_000;
let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-groups-'));
  file = join(dir, 'sales.csv');
  // One row per rep, rep i selling i + 1 (so the total is GROUPS (GROUPS + 1) / 2 = 8,450,065,000).
  const lines = ['date,rep,revenue'];
  // Every day of October has rows, so the data covers the month (README "Coverage").
  for (let i = 0; i < GROUPS; i++) lines.push(`2026-10-${String(1 + (i % 31)).padStart(2, '0')},r${i},${i + 1}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = (format: string) => ['report', '--source', `sales=${file}`, '--kpi', 'revenue', '--by', 'rep', '--period', '2026-10', '--as-of', '2026-11-15', '--compare', 'none', '-f', format];

describe(`${GROUPS.toLocaleString('en')} groups`, () => {
  it('json: the total and every group', () => {
    const run = runKpi(args('json'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = (JSON.parse(run.stdout) as { results: { group: { rep?: string }; value: number }[] }).results;
    expect(results).toHaveLength(GROUPS + 1);
    expect(results[0].value).toBe((GROUPS * (GROUPS + 1)) / 2);
    // Biggest first: the last rep sold the most.
    expect(results[1]).toMatchObject({ group: { rep: `r${GROUPS - 1}` }, value: GROUPS });
    // About a second of CPU: far longer on a loaded machine.
  }, 180_000);

  it('table: a line per group (the renderer alone, without a process)', async () => {
    const { renderTable } = await import('../../src/render/table.js');
    const results = [row({ kpi: 'revenue', label: 'Revenue', unit: 'currency', value: 1 })];
    for (let i = 0; i < GROUPS; i++) results.push(row({ kpi: 'revenue', label: 'Revenue', unit: 'currency', group: { rep: `r${i}` }, value: GROUPS - i }));
    const { report, context } = sampleReport();
    const rendered = renderTable({ ...report, compare: null, results }, { ...context, currency: undefined, by: ['rep'] }, { color: false });
    const lines = (rendered instanceof Promise ? '' : renderedText(rendered)).split('\n');
    // Title, summary, top rule, head, the total, the groups, bottom rule, data-quality line, trailing newline.
    expect(lines).toHaveLength(GROUPS + 8);
    expect(lines[5]).toBe('│   Revenue │ r0      │ 130,000.00 │      – │        – │     – │ · no target │');
  });
});
