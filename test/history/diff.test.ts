// kpi diff's comparison (src/history/diff.ts) on entries written here by hand, and the history file's reader.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSnapshots, exactChange } from '../../src/history/diff.js';
import { entrySnapshot, reportSnapshot } from '../../src/history/snapshot.js';
import { readHistory } from '../../src/history/file.js';
import type { HistoryEntry, HistoryResult } from '../../src/history/entry.js';
import { FigureText } from '../../src/history/figure-text.js';
import { diffText } from '../../src/history/diff-text.js';

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

describe("kpi diff's figures as the report showed them (history/figure-text.ts)", () => {
  const NB = '\u00a0';
  const formats = {
    revenue: { unit: 'currency', currency: 'NOK' },
    win_rate: { unit: 'percent' },
    pipeline: { unit: 'currency', currency: 'NOK', scale: 'thousands' },
    nps: { unit: 'score', decimals: 0 },
    future: { unit: 'light_years' },
  } as unknown as HistoryEntry['formats'];
  const snap = (extra: Partial<HistoryEntry> = {}) => entrySnapshot(entry('2026-10', '2026-10-31', '2026-11-05', [], { formats, ...extra }), 'x');

  it('money to the cent with its currency, percentages as % and their changes in points, display: settings', () => {
    const t = new FigureText(snap(), snap());
    expect(t.value('revenue', {}, '2400.5')).toBe('2,400.50 NOK');
    expect(t.change('revenue', {}, '-50')).toBe('−50.00 NOK');
    // 0.387460549347334: 38.7% (one decimal of the percent); a change of 0.0125 is 1.3 percentage points (1.25 half up).
    expect(t.value('win_rate', {}, '0.387460549347334')).toBe('38.7%');
    expect(t.change('win_rate', {}, '0.0125')).toBe('+1.3 pp');
    // scale: thousands: 2,391,910 NOK in whole thousands; decimals: 0 on a score.
    expect(t.value('pipeline', {}, '2391910')).toBe('2,392 kNOK');
    expect(t.value('nps', {}, '41.3')).toBe('41');
  });

  it('two figures that differ never read alike: more decimals until they differ', () => {
    const t = new FigureText(snap(), snap());
    // 0.41234 and 0.41236 are both 41.2% at the report's one decimal; at two, 41.234 → 41.23 and 41.236 → 41.24.
    expect(t.pair('win_rate', {}, '0.41234', '0.41236')).toEqual(['41.23%', '41.24%']);
    expect(t.pair('win_rate', {}, '0.412341', '0.412342')).toEqual(['41.2341%', '41.2342%']);
    expect(t.pair('revenue', {}, '100.001', '100.004')).toEqual(['100.001 NOK', '100.004 NOK']);
    // A change that rounds to nothing at the report's decimals is shown to its first figure: 0.001 NOK, not ±0.00.
    expect(t.change('revenue', {}, '0.001')).toBe('+0.001 NOK');
    // A pair the report's decimals tell apart keeps them.
    expect(t.pair('revenue', {}, '2400.5', '2350.5')).toEqual(['2,400.50 NOK', '2,350.50 NOK']);
  });

  it("a group's own currency, the locale's digits; no format, or a unit kpi does not know: the exact text", () => {
    const eur = entrySnapshot(entry('2026-10', '2026-10-31', '2026-11-05', [{ kpi: 'revenue', group: { currency: 'EUR' }, value: '10', currency: 'EUR' }], { formats }), 'x');
    const nb = new FigureText(eur, eur, 'nb-NO');
    expect(nb.value('revenue', { currency: 'EUR' }, '1234.5')).toBe(`1${NB}234,50${NB}EUR`);
    expect(nb.value('revenue', {}, '1234.5')).toBe(`1${NB}234,50${NB}kr`);
    expect(nb.change('win_rate', {}, '-0.03')).toBe(`−3,0${NB}p.p.`);
    const t = new FigureText(snap(), snap());
    expect(t.value('future', {}, '0.387460549347334')).toBe('0.387460549347334');
    const old = entrySnapshot(entry('2026-10', '2026-10-31', '2026-11-05', []), 'x');
    const plain = new FigureText(old, old);
    expect([plain.value('revenue', {}, '2400.5'), plain.change('revenue', {}, '-50'), plain.pair('revenue', {}, '1', '2').join(' → ')]).toEqual(['2400.5', '−50', '1 → 2']);
  });

  it('the diff in the words of the locale', () => {
    const old = entry('2026-10', '2026-10-31', '2026-11-05', [{ kpi: 'win_rate', status: 'met', value: '0.3' }], { formats, labels: { win_rate: 'Win rate' } });
    const next = entry('2026-11', '2026-11-30', '2026-12-05', [{ kpi: 'win_rate', status: 'missed', value: '0.2' }], { formats, labels: { win_rate: 'Win rate' } });
    const [a, b] = [entrySnapshot(old, 'h.jsonl entry 1'), entrySnapshot(next, 'h.jsonl entry 2')];
    const sv = diffText(diffSnapshots(a, b), new FigureText(a, b, 'sv-SE'));
    expect(sv).toContain('kpi diff: h.jsonl post 1 (2026-10, per 2026-11-05) → h.jsonl post 2 (2026-11, per 2026-12-05)\n');
    expect(sv).toContain('Status sedan 2026-10 (1):\n  Vinstfrekvens: uppnått i 2026-10 → ej uppnått i 2026-11\n');
    expect(sv).toContain('Nya som inte uppnås (1):\n  Vinstfrekvens (var uppnått i 2026-10)\n');
    const da = diffText(diffSnapshots(a, b), new FigureText(a, b, 'da-DK'));
    expect(da).toContain('Status siden 2026-10 (1):\n  Vinderrate: nået i 2026-10 → ikke nået i 2026-11\n');
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
