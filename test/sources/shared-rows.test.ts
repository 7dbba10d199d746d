// Files of one source's glob that hold the same rows (trial F20): an overlapping re-export gave September's revenue
// twice (exit 0, no word, validate ✔). Now a byte-identical copy is an error naming both files (exit 3,
// KPI_DUPLICATE_FILE), and files sharing rows are a located data-quality problem that `kpi check` fails on; files
// split by region (same days and amounts, no identical row) stay silent.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, runKpi } from '../helpers/run-kpi.js';
import { rowHash, sharedRowsTracker } from '../../src/engine/shared-rows.js';

const FIXTURE = join(ROOT, 'fixtures/shared-rows');
const args = (config: string, command = 'report') => [command, '-c', join(FIXTURE, config), '--period', '2026-09', '--as-of', '2026-11-15', '--kpi', 'revenue'];
const revenue = (stdout: string) => (JSON.parse(stdout) as { results: { kpi: string; value: number }[] }).results.find((r) => r.kpi === 'revenue')!.value;

describe('files of one source that share rows', () => {
  it('an overlapping re-export is said, with both files, the dates and the rows, in JSON too; check fails', () => {
    const run = runKpi([...args('overlap.yaml'), '-f', 'json']);
    expect(run.code).toBe(0);
    // q3.csv has 2026-09-05 (300) and 2026-09-25 (400), sep-oct.csv the same two rows again: 2 rows shared, lines 4
    // and 5 of q3.csv, 2 and 3 of sep-oct.csv. The figure is as read (700 twice = 1,400); the warning says why.
    expect(revenue(run.stdout)).toBe(1400);
    expect(run.stderr).toMatch(/q3\.csv and .*sep-oct\.csv share 2 identical rows, dated 2026-09-05 … 2026-09-25 \(first: .*q3\.csv:4 = .*sep-oct\.csv:2\)/);
    const q = (JSON.parse(run.stdout) as { data_quality: { shared_rows?: unknown[] }[] }).data_quality[0];
    expect(q.shared_rows).toEqual([
      { files: [expect.stringMatching(/q3\.csv$/), expect.stringMatching(/sep-oct\.csv$/)], rows: 2, exact: true, dates: { first: '2026-09-05', last: '2026-09-25' }, first: { lines: [4, 2] } },
    ]);
    expect(runKpi(args('overlap.yaml', 'check')).code).toBe(3);
  });

  it('validate says it and exits 3', () => {
    const run = runKpi(['validate', '-c', join(FIXTURE, 'overlap.yaml')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/✘ sales: 7 rows, 2 in two files/);
  });

  it('files split by region (same days and amounts, no identical row) stay silent', () => {
    const run = runKpi([...args('regions.yaml'), '-f', 'json']);
    // north 300 + 400, south 300 + 400, all in September.
    expect(revenue(run.stdout)).toBe(1400);
    expect(run.stderr).not.toMatch(/share|identical/);
    expect((JSON.parse(run.stdout) as { data_quality: { shared_rows?: unknown }[] }).data_quality[0].shared_rows).toBeUndefined();
    expect(runKpi(args('regions.yaml', 'check')).code).toBe(0);
    expect(runKpi(['validate', '-c', join(FIXTURE, 'regions.yaml')]).code).toBe(0);
  });

  it('a byte-identical copy is an error naming both files (exit 3, KPI_DUPLICATE_FILE)', () => {
    for (const command of ['report', 'check']) {
      const run = runKpi([...args('copy.yaml', command), '-f', 'json']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('"code":"KPI_DUPLICATE_FILE"');
      expect(run.stderr).toMatch(/sales \(1\)\.csv and .*sales\.csv are the same file \(74 bytes, identical content\)/);
    }
    expect(runKpi(['validate', '-c', join(FIXTURE, 'copy.yaml')]).code).toBe(3);
  });
});

describe('sharedRowsTracker', () => {
  const cells = (i: number, tag = '') => [String(i), `2026-09-${String((i % 28) + 1).padStart(2, '0')}`, `${tag}${i * 7}.00`];

  it('counts shared rows exactly under its cap, and only across files', () => {
    const t = sharedRowsTracker();
    for (let i = 0; i < 100; i++) t.row(0, i + 2, 20_000 + i, cells(i), 0);
    // A row repeated inside one file is that file's own.
    t.row(0, 102, 20_100, cells(0), 0);
    // File 1 repeats rows 50..99 of file 0 and has 50 of its own.
    for (let i = 50; i < 150; i++) t.row(1, i - 48, 20_000 + i, cells(i), 0);
    expect(t.result(['a.csv', 'b.csv'])).toEqual([{ files: ['a.csv', 'b.csv'], rows: 50, exact: true, dates: { first: '2024-11-23', last: '2025-01-11' }, first: { lines: [52, 2] } }]);
  });

  it('past its cap estimates from a sample of hashes (both files keep the same rows), and finds none in disjoint files', () => {
    const t = sharedRowsTracker(1_000);
    // 20,000 rows, of which the second file repeats 10,000.
    for (let i = 0; i < 20_000; i++) t.row(0, i + 2, null, cells(i), 0);
    for (let i = 10_000; i < 20_000; i++) t.row(1, i + 2, null, cells(i), 0);
    const [pair] = t.result(['a.csv', 'b.csv']);
    expect(pair.exact).toBe(false);
    expect(pair.rows).toBeGreaterThan(7_000);
    expect(pair.rows).toBeLessThan(13_000);
    const d = sharedRowsTracker(1_000);
    for (let i = 0; i < 20_000; i++) d.row(0, i + 2, null, cells(i, 'n'), 0);
    for (let i = 0; i < 20_000; i++) d.row(1, i + 2, null, cells(i, 's'), 0);
    expect(d.result(['n.csv', 's.csv'])).toEqual([]);
  });

  it('hashes cells, not their concatenation', () => {
    expect(rowHash(['ab', 'c'], 0)).not.toBe(rowHash(['a', 'bc'], 0));
    expect(rowHash([null, 'a'], 0)).not.toBe(rowHash(['', 'a'], 0));
    expect(rowHash(['x', 'a'], 1)).toBe(rowHash(['y', 'a'], 1));
  });
});
