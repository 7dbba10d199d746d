// kpi diff's comparison (src/history/diff.ts) on entries written here by hand, and the history file's reader.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSnapshots, exactChange } from '../../src/history/diff.js';
import { entrySnapshot, reportSnapshot } from '../../src/history/snapshot.js';
import { readHistory } from '../../src/history/file.js';
import type { HistoryEntry, HistoryResult } from '../../src/history/entry.js';

function entry(period: string, end: string, asOf: string, results: Partial<HistoryResult>[], extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    kpi_history: 1,
    run_at: `${asOf}T06:00:00.000Z`,
    command: 'report',
    as_of: asOf,
    period: { id: period, start: `${period}-01`, end },
    compare: null,
    config: 'kpi.yaml',
    definitions: { revenue: 'a', win_rate: 'b' },
    inputs: [],
    results: results.map((r) => ({ kpi: 'revenue', group: {}, period, value: null, target: null, status: 'no_target', n: null, previous: null, ...r })),
    past: [],
    ...extra,
  };
}

describe('kpi diff', () => {
  it('exact changes of the texts the runs wrote: no float noise', () => {
    // 0.3 − 0.1 in doubles is 0.19999999999999998; as decimals it is 0.2.
    expect(exactChange('0.1', '0.3')).toBe('0.2');
    expect(exactChange('2400.5', '2350.5')).toBe('-50');
    expect(exactChange(null, '1')).toBeNull();
  });

  it('a figure of a period that was running when OLD ran is no restatement when it is whole', () => {
    // OLD: November to date (as of 15 Nov: November runs to the 30th); NEW: December, November as its comparison.
    const old = entry('2026-11', '2026-11-30', '2026-11-15', [{ value: '500' }]);
    const next = entry('2026-12', '2026-12-31', '2027-01-05', [{ value: '900', previous: '1100' }], { compare: { id: '2026-11', start: '2026-11-01', end: '2026-11-30' } });
    expect(diffSnapshots(entrySnapshot(old, 'old'), entrySnapshot(next, 'new')).restated).toEqual([]);
    // The same November whole in OLD (as of 5 Dec): 1000 then 1100 is a restatement of +100.
    const whole = entry('2026-11', '2026-11-30', '2026-12-05', [{ value: '1000' }]);
    expect(diffSnapshots(entrySnapshot(whole, 'old'), entrySnapshot(next, 'new')).restated).toEqual([{ kpi: 'revenue', label: 'revenue', group: {}, period: '2026-11', old: '1000', new: '1100', change: '100' }]);
  });

  it('status moves and newly missed, per KPI and group, across periods', () => {
    const old = entry('2026-10', '2026-10-31', '2026-11-05', [
      { kpi: 'win_rate', status: 'missed', value: '0.2' },
      { kpi: 'revenue', status: 'met', value: '10' },
      { kpi: 'revenue', group: { rep: 'Bo' }, status: 'met', value: '4' },
    ]);
    const next = entry('2026-11', '2026-11-30', '2026-12-05', [
      { kpi: 'win_rate', status: 'missed', value: '0.1' },
      { kpi: 'revenue', status: 'met', value: '11' },
      { kpi: 'revenue', group: { rep: 'Bo' }, status: 'missed', value: '1' },
    ]);
    const d = diffSnapshots(entrySnapshot(old, 'old'), entrySnapshot(next, 'new'));
    // Win rate was missed already: no news. Bo's revenue went from met to missed: news, and a status move.
    expect(d.newly_missed.map((m) => [m.kpi, m.group])).toEqual([['revenue', { rep: 'Bo' }]]);
    expect(d.statuses.map((m) => [m.kpi, m.old?.status, m.new.status])).toEqual([['revenue', 'met', 'missed']]);
    expect([d.changed, d.restated]).toEqual([[], []]); // different periods: no figure of the same period
    expect(d.differs).toBe(true);
  });

  it('report JSON: its period and the comparison period; groups matched whatever their key order', () => {
    const a = reportSnapshot({ period: { id: '2026-10' }, compare: { id: '2026-09' }, results: [{ kpi: 'revenue', label: 'Revenue', group: { rep: 'Bo', segment: 'B2B' }, value: 10.5, previous: 3, target: null, status: 'no_target' }] }, 'a.json');
    const b = reportSnapshot({ period: { id: '2026-11' }, compare: { id: '2026-10' }, results: [{ kpi: 'revenue', label: 'Revenue', group: { segment: 'B2B', rep: 'Bo' }, value: 7, previous: 10.25, target: null, status: 'no_target' }] }, 'b.json');
    const d = diffSnapshots(a, b);
    expect(d.restated).toEqual([{ kpi: 'revenue', label: 'Revenue', group: { segment: 'B2B', rep: 'Bo' }, period: '2026-10', old: '10.5', new: '10.25', change: '-0.25' }]);
    expect(d.definitions).toBeNull();
    expect(() => reportSnapshot({ period: { id: '2026-10' }, results: [{ kpi: 'x', status: 'weird' }] }, 'x.json')).toThrow(/x\.json: not a kpi report JSON: results\[0\]\.status is not a status/);
  });
});

describe('the history file', () => {
  it('names the line of an entry it cannot read: not JSON, of a newer version, a value that is not text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-hist-'));
    try {
      const path = join(dir, 'h.jsonl');
      const good = JSON.stringify(entry('2026-10', '2026-10-31', '2026-11-05', [{ value: '1' }]));
      for (const [line, why] of [
        ['{"kpi_history": 1, "run_at": ', /h\.jsonl:2(:\d+)?: not a kpi history entry: the line is cut short/],
        ['{"kpi_history": 2}', /h\.jsonl:2: not a kpi history entry: it is of version 2, written by a newer kpi/],
        [good.replace('"value":"1"', '"value":1'), /h\.jsonl:2: not a kpi history entry: result 1 \(revenue\): "value" is not exact text or null/],
        ['{"version": 1, "results": []}', /h\.jsonl:2: not a kpi history entry: it has no "kpi_history" version/],
      ] as const) {
        writeFileSync(path, `${good}\n${line}\n\n${good}\n`);
        expect(() => readHistory(path, 'h.jsonl')).toThrow(why);
      }
      // Blank lines hold no entry; the entries are counted 1, 2 with their lines 1 and 3.
      writeFileSync(path, `${good}\n\n${good}\n`);
      expect(readHistory(path, 'h.jsonl').map((e) => [e.index, e.line])).toEqual([[1, 1], [2, 3]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
