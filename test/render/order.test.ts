// render/order.ts: the one ordering and hiding every format uses, and the good/bad reading of a difference.
import { describe, expect, it } from 'vitest';
import { arrangeResults, arrow, defaultSort, hiddenCounts, judge, parseHide } from '../../src/render/order.js';
import { row } from './helpers.js';

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
    // missed: c, f · at risk: d · incomplete/error (one rank): e, g · met: a · no target: b · no data: h
    expect(ids(arrangeResults(rows, { sort: 'status' }))).toEqual(['c', 'f', 'd', 'e', 'g', 'a', 'b', 'h']);
  });

  it('hides statuses, but never a figure that may be wrong', () => {
    const flagged = [...rows, row({ kpi: 'x', status: 'no_target', unknown_values: 2 })];
    expect(ids(arrangeResults(flagged, { sort: 'status', hide: ['no_target', 'no_data'] }))).toEqual(['c', 'f', 'd', 'e', 'g', 'a', 'x']);
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
