// Markdown renderer: a GitHub-flavoured table with a title, a summary line and status marks.
import { describe, expect, it } from 'vitest';
import { MD_MARK, renderMarkdown } from '../../src/render/markdown.js';
import { sampleReport } from './helpers.js';
import { renderedText } from '../../src/render/stream.js';

function render(onlyProblems = false): string {
  const { report, context } = sampleReport();
  const out = renderMarkdown(report, context, { color: false, onlyProblems });
  if (out instanceof Promise) throw new Error('md renders at once');
  return renderedText(out);
}

describe('renderMarkdown', () => {
  it('starts with the period as a title and the summary', () => {
    const lines = render().split('\n');
    expect(lines[0]).toBe('### KPI report 2026-10 (2026-10-01 – 2026-10-31), compared with 2026-09');
    expect(lines[2]).toBe('**✅ 1 met · ⚠️ 1 at risk · ❌ 1 missed · ⏳ 1 early · ➖ 1 without target · ❔ 1 without data**');
  });

  it('writes a table whose rows all have as many cells as the header', () => {
    const table = render()
      .split('\n')
      .filter((l) => l.startsWith('|'));
    const cells = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    expect(table).toHaveLength(2 + 6);
    expect(table[0]).toBe('| KPI | rep | Actual | Projected | Target | Variance | Var % | Status | Baseline | Benchmark | Previous | Change |');
    expect(table[1]).toBe('| :--- | :--- | ---: | ---: | ---: | ---: | ---: | :--- | ---: | ---: | ---: | ---: |');
    for (const l of table) expect(cells(l)).toBe(cells(table[0]));
    expect(table[3]).toContain('| Revenue | =HYPERLINK("x") |');
    expect(table[4]).toContain('Margin, "gross" \\<b\\>\\&\\</b\\>');
    expect(table[5]).toContain(`${MD_MARK.early} (pace)`);
  });

  it('notes unreadable values, what they leave out, and the pace rule', () => {
    const text = render();
    expect(text).toContain('> ⚠️ sales: 1 unreadable value in column \'Beløp\' (first: sales.csv:7 "\\<script\\>\\&" is not a number); those rows are left out of revenue');
    expect(text).toContain('_(pace): the period is still running');
  });

  it('shows only missed and at-risk rows for kpi check, and says so when there are none', () => {
    const rows = render(true)
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| KPI') && !l.startsWith('| :'));
    expect(rows.map((l) => l.includes(MD_MARK.missed) || l.includes(MD_MARK.at_risk))).toEqual([true, true]);
    const { report, context } = sampleReport();
    report.results = report.results.filter((r) => r.status === 'met');
    const out = renderMarkdown(report, context, { color: false, onlyProblems: true });
    expect(out instanceof Promise ? '' : renderedText(out)).toContain('No KPI is missed or at risk.');
  });
});
