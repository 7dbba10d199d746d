// Reports of many groups in the text formats: rendered a row at a time (never one string of the whole output, which
// passes V8's limit at a million groups), and the parts that say something about every group said once, shortly.
// Not timed: speed and memory are measured by `npm run bench`.
import { describe, expect, it } from 'vitest';
import type { Report, ResultRow } from '../../src/report/model.js';
import { renderers, type Format } from '../../src/render/index.js';
import { trendRenderers, type TrendFormat } from '../../src/render/trend/index.js';
import type { TrendReport } from '../../src/report/model.js';
import { renderedBlocks, renderedText } from '../../src/render/stream.js';
import { CHART_GROUPS } from '../../src/render/html.js';
import { NOTE_NAMES, statusNotes } from '../../src/render/rows.js';
import { row, sampleReport } from './helpers.js';

const GROUPS = 5_000;

function manyGroups(status: ResultRow['status'] = 'met', reason: string | null = null): Report {
  const { report } = sampleReport();
  const target = { target: 10, variance: 0, variance_pct: 0, previous: 5, change: 5, change_pct: 1 };
  const results = [row({ kpi: 'revenue', label: 'Revenue', unit: 'currency', value: GROUPS * 10, status, reason, ...target })];
  for (let i = 0; i < GROUPS; i++) results.push(row({ kpi: 'revenue', label: 'Revenue', unit: 'currency', group: { rep: `Rep ${i}` }, value: GROUPS - i, status, reason, ...target }));
  return { ...report, results };
}

const context = () => ({ ...sampleReport().context, by: ['rep'] });

describe('text formats stream their rows', () => {
  for (const format of ['table', 'json', 'csv', 'md', 'html', 'junit'] satisfies Format[]) {
    it(`${format}: parts of a few rows, the whole a row per group`, async () => {
      const rendered = await (await renderers[format]())(manyGroups(), context(), { color: false });
      if (!('chunks' in rendered)) throw new Error(`${format} is not streamed`);
      let parts = 0;
      let longest = 0;
      let whole = '';
      for (const part of rendered.chunks) {
        parts++;
        longest = Math.max(longest, part.length);
        whole += part;
      }
      // A part per group or per few groups (json: 16 a part), none near the size of the whole (over 250 KB in each).
      expect(parts).toBeGreaterThan(GROUPS / 20);
      expect(whole.length).toBeGreaterThan(250_000);
      expect(longest).toBeLessThan(20_000);
      expect(whole).toContain('Rep 4999');
    });
  }

  for (const format of ['table', 'json', 'csv'] satisfies TrendFormat[]) {
    it(`trend ${format}: a series at a time`, async () => {
      const point = (m: number) => ({ period: { id: `2026-0${m}`, start: null, end: null }, value: m, target: 2, variance: m - 2, variance_pct: null, status: 'met' as const, projected: null, pace: false });
      const trend: TrendReport = { version: 1, kpi: 'revenue', label: 'Revenue', unit: 'number', better: 'higher', grain: 'month', data_quality: [], series: [] };
      for (let i = 0; i < GROUPS; i++) trend.series.push({ group: { rep: `Rep ${i}` }, points: [point(1), point(2), point(3)] });
      const rendered = (await trendRenderers[format]())(trend, context(), { color: false });
      if (!('chunks' in rendered)) throw new Error(`trend ${format} is not streamed`);
      const parts = [...rendered.chunks];
      expect(parts.length).toBeGreaterThan(GROUPS / 20);
      expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(20_000);
      const whole = parts.join('');
      expect(whole).toContain('Rep 4999');
      // The same text as the model in one piece, for json.
      if (format === 'json') expect(whole).toBe(`${JSON.stringify(trend, null, 2)}\n`);
    });
  }

  it('the writer encodes them a block at a time, and the blocks are the whole text', async () => {
    const render = await renderers.csv();
    const text = renderedText(await render(manyGroups(), context(), { color: false }));
    const blocks = [...renderedBlocks(await render(manyGroups(), context(), { color: false }), 10_000)];
    expect(blocks.length).toBeGreaterThan(10);
    // Each block is full (10,000 characters or just over: whole rows) but the last.
    for (const b of blocks.slice(0, -1)) expect(b.length).toBeGreaterThanOrEqual(10_000);
    expect(Buffer.concat(blocks).toString('utf8')).toBe(text);
  });
});

describe('said once, shortly, whatever the number of groups', () => {
  it(`a status note names the first ${NOTE_NAMES} results and counts the rest`, () => {
    const rows = manyGroups('incomplete', 'sales: the data ends on 2026-10-28').results;
    const notes = statusNotes(rows, ['rep']);
    expect(notes).toHaveLength(1);
    // The total and Rep 0 … Rep 8 are named (10), the other 4,991 of the 5,001 results counted.
    expect(notes[0]).toBe(
      'incomplete: sales: the data ends on 2026-10-28 — Revenue, Revenue (Rep 0), Revenue (Rep 1), Revenue (Rep 2), Revenue (Rep 3), Revenue (Rep 4), Revenue (Rep 5), Revenue (Rep 6), Revenue (Rep 7), Revenue (Rep 8) and 4,991 more (the status column marks each)',
    );
    // A few results: all of them named, as before.
    expect(statusNotes(rows.slice(0, 3), ['rep'])[0]).toBe('incomplete: sales: the data ends on 2026-10-28 — Revenue, Revenue (Rep 0), Revenue (Rep 1)');
  });

  it(`html summary draws each KPI's total and its ${CHART_GROUPS} highest groups, and says how many more the table has`, async () => {
    const html = renderedText(await (await renderers.html())(manyGroups(), context(), { color: false }));
    // Every group is in the appendix's table.
    expect(html.match(/<td class="kpi group"/g)).toHaveLength(GROUPS);
    // The summary (all met: "On track") draws a row with its charts for the total and 20 groups.
    const summary = html.slice(html.indexOf('<div class="summary">'), html.indexOf('<div class="appendix">'));
    expect(summary.match(/<tr class="k">/g)).toHaveLength(1);
    expect(summary.match(/<tr class="k group">/g)).toHaveLength(CHART_GROUPS);
    expect(summary).toContain('<span class="grp">Rep 19</span>');
    expect(summary).not.toContain('<span class="grp">Rep 20</span>');
    // 5,000 groups, 20 drawn: 4,980 left to the table, said once.
    expect(summary.match(/its 20 groups with the highest actual value here; 4,980 more are in the table of every result in the appendix/g)).toHaveLength(1);
  });

  it('html summary with few groups draws every one and says nothing more', async () => {
    const report = manyGroups();
    report.results = report.results.slice(0, 1 + CHART_GROUPS);
    const html = renderedText(await (await renderers.html())(report, context(), { color: false }));
    expect(html).not.toContain('groups with the highest actual value');
    expect(html.match(/<tr class="k group">/g)).toHaveLength(CHART_GROUPS);
  });
});
