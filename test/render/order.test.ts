// render/order.ts: the one ordering and hiding every format uses, and the good/bad reading of a difference.
import { describe, expect, it } from 'vitest';
import { arrangeResults, arrow, defaultSort, hiddenCounts, judge, parseHide } from '../../src/render/order.js';
import { buildMeeting } from '../../src/render/meeting.js';
import { renderHtml } from '../../src/render/html.js';
import { renderedText } from '../../src/render/stream.js';
import { row, sampleReport } from './helpers.js';

// Registry order a..g, one of each status (the expected orders below are written from the rule, not from a run).
const rows = [
  row({ kpi: 'a', status: 'met' }),
  row({ kpi: 'b', status: 'no_target' }),
  row({ kpi: 'c', status: 'missed' }),
  row({ kpi: 'd', status: 'at_risk' }),
  row({ kpi: 'e', status: 'error' }),
  row({ kpi: 'f', status: 'missed' }),
  row({ kpi: 'g', status: 'incomplete' }),
  row({ kpi: 'h', status: 'no_data' }),
];
const ids = (rs: { kpi: string; group: Record<string, string> }[]) => rs.map((r) => r.kpi + (r.group.rep ? `:${r.group.rep}` : ''));

describe('arrangeResults', () => {
  it('keeps registry order by default and for --sort registry', () => {
    expect(ids(arrangeResults(rows))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(ids(arrangeResults(rows, { sort: 'registry' }))).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('puts the exceptions first: missed, at risk, incomplete/error, met, no target; registry order within a status', () => {
    // missed: c, f · at risk: d · incomplete: g · error: e · met: a · no target: b · no data: h
    expect(ids(arrangeResults(rows, { sort: 'status' }))).toEqual(['c', 'f', 'd', 'g', 'e', 'a', 'b', 'h']);
  });

  it('hides statuses, but never a figure that may be wrong', () => {
    const flagged = [...rows, row({ kpi: 'x', status: 'no_target', unknown_values: 2 })];
    expect(ids(arrangeResults(flagged, { sort: 'status', hide: ['no_target', 'no_data'] }))).toEqual(['c', 'f', 'd', 'g', 'e', 'a', 'x']);
    expect([...hiddenCounts(flagged, ['no_target', 'no_data'])]).toEqual([
      ['no_target', 1],
      ['no_data', 1],
    ]);
  });

  it('keeps a KPI and its groups together, ordered by its most urgent row, the total first', () => {
    const grouped = [
      row({ kpi: 'rev', status: 'no_target' }),
      row({ kpi: 'rev', group: { rep: 'Ann' }, status: 'met' }),
      row({ kpi: 'rev', group: { rep: 'Bob' }, status: 'missed' }),
      row({ kpi: 'orders', status: 'met' }),
      row({ kpi: 'orders', group: { rep: 'Ann' }, status: 'met' }),
    ];
    // rev's worst row is Bob (missed): rev comes first; within rev the total, then Bob (missed), then Ann (met).
    expect(ids(arrangeResults(grouped, { sort: 'status' }))).toEqual(['rev', 'rev:Bob', 'rev:Ann', 'orders', 'orders:Ann']);
  });

  it('--sort variance: worst for the KPI first, whichever way is better; no variance last', () => {
    const v = [
      row({ kpi: 'win', better: 'higher', variance_pct: -0.167, status: 'missed' }),
      row({ kpi: 'churn', better: 'lower', variance_pct: -0.138, status: 'met' }),
      row({ kpi: 'response', better: 'lower', variance_pct: 0.186, status: 'at_risk' }),
      row({ kpi: 'none', status: 'no_target' }),
      row({ kpi: 'margin', better: 'higher', variance_pct: 0.086, status: 'met' }),
    ];
    // Goodness = variance_pct, negated for `lower`: win −0.167, churn +0.138, response −0.186, margin +0.086.
    expect(ids(arrangeResults(v, { sort: 'variance' }))).toEqual(['response', 'win', 'margin', 'churn', 'none']);
  });
});

describe('judge and arrow', () => {
  it('reads a difference by the KPI direction, not by its sign', () => {
    expect(judge(0.011, 'lower')).toBe('bad'); // churn +1.1 pp
    expect(judge(0.068, 'higher')).toBe('good'); // win rate +6.8 pp
    expect(judge(-11.4, 'lower')).toBe('good'); // sales cycle −11.4 d
    expect(judge(-0.05, 'higher')).toBe('bad');
    expect(judge(0, 'higher')).toBe('even');
    expect(judge(0.00001, 'higher', '±0.0%')).toBe('even');
    expect(judge(null, 'higher')).toBeNull();
    expect([arrow(2), arrow(-2), arrow(0), arrow(1e-9, '±0.0'), arrow(null)]).toEqual(['↑', '↓', '→', '→', '']);
    // A change shown as no figure (from a previous 0 there is no percentage: `–`) gets no arrow and no colour.
    expect([arrow(5, '–'), judge(5, 'higher', '–')]).toEqual(['', null]);
  });
});

describe('parseHide and defaultSort', () => {
  it('reads status names with - or _', () => {
    expect(parseHide(['no-target', 'no_data', 'Met'])).toEqual({ statuses: ['no_target', 'no_data', 'met'] });
    expect(parseHide(['without-target'])).toEqual({ statuses: ['no_target'] });
    expect(parseHide(['nope'])).toEqual({ unknown: 'nope' });
  });
  it('sorts people’s formats by status and keeps machine formats in registry order', () => {
    expect(['table', 'md', 'html', 'xlsx', 'json', 'csv', 'junit'].map(defaultSort)).toEqual(['status', 'status', 'status', 'status', 'registry', 'registry', 'registry']);
  });
});

describe('html, pptx and pdf arrange by this module, not by an order of their own', () => {
  // Four results needing attention whose status order and variance order differ (written from the rules):
  //   status:   missed a, missed c, at risk b, at risk d (registry order within a status)
  //   variance: goodness = variance_pct, negated for better: lower → a −0.10, b −0.30, c −0.05, d −0.40 (d's +0.40
  //             is bad for a `lower` KPI): d, b, a, c
  const problems = [
    row({ kpi: 'a', label: 'A', status: 'missed', target: 10, value: 9, variance: -1, variance_pct: -0.1 }),
    row({ kpi: 'b', label: 'B', status: 'at_risk', target: 10, value: 7, variance: -3, variance_pct: -0.3 }),
    row({ kpi: 'c', label: 'C', status: 'missed', target: 20, value: 19, variance: -1, variance_pct: -0.05 }),
    row({ kpi: 'd', label: 'D', better: 'lower', status: 'at_risk', target: 10, value: 14, variance: 4, variance_pct: 0.4 }),
    row({ kpi: 'e', label: 'E', status: 'no_target', value: 1 }),
  ];
  const { report: base, context } = sampleReport();
  const report = { ...base, results: problems, data_quality: [] };
  const htmlAttention = (sort: 'status' | 'variance') => {
    const html = renderedText(renderHtml(report, context, { color: false, sort }) as { chunks: Iterable<string> });
    const summary = html.slice(html.indexOf('<section id="attention"'), html.indexOf('</section>', html.indexOf('<section id="attention"')));
    return [...summary.matchAll(/<td class="name" title="([a-e])">/g)].map((m) => m[1].toUpperCase());
  };

  it('lists the exceptions in status order, or worst variance first with --sort variance', () => {
    expect(buildMeeting(report, context, { sort: 'status' }).exceptions.map((r) => r.label)).toEqual(['A', 'C', 'B', 'D']);
    expect(buildMeeting(report, context, {}).exceptions.map((r) => r.label)).toEqual(['A', 'C', 'B', 'D']);
    expect(buildMeeting(report, context, { sort: 'variance' }).exceptions.map((r) => r.label)).toEqual(['D', 'B', 'A', 'C']);
    expect(buildMeeting(report, context, { sort: 'variance' }).all.map((r) => r.label)).toEqual(['D', 'B', 'A', 'C', 'E']);
    expect(htmlAttention('status')).toEqual(['A', 'C', 'B', 'D']);
    expect(htmlAttention('variance')).toEqual(['D', 'B', 'A', 'C']);
  });

  it('says what --hide left out', () => {
    const meeting = buildMeeting(report, context, { hide: ['no_target'] });
    expect(meeting.all.map((r) => r.label)).toEqual(['A', 'C', 'B', 'D']);
    expect(meeting.notShown).toBe('1 without target not shown (--hide no-target)');
  });
});
