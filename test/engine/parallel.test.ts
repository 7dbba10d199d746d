// Parallel reads give byte-identical reports: the file is split only between records, even with quoted line breaks.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRecordStart } from '../../src/sources/csv/record-start.js';
import { runKpi } from '../helpers/run-kpi.js';

/**
 * An export with multi-line quoted notes (holding quotes and newlines), bad amounts, rows wider than the header (an
 * unquoted `1,234.50`) and narrower (no revenue), and a trailing total row.
 */
function writeExport(dir: string): string {
  const lines = ['date,order_id,rep,note,revenue'];
  for (let i = 0; i < 3000; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const note = i % 7 === 0 ? `"line one\nline ""two"", with a comma\nthree"` : `plain ${i}`;
    const amount = i % 499 === 0 ? 'tbd' : `${(i * 37) % 1000}.${String(i % 100).padStart(2, '0')}`;
    const row = `2026-10-${day},O${Math.floor(i / 2)},${['Ann', 'Bob', 'Åse'][i % 3]},${note}`;
    lines.push(i % 601 === 300 ? `${row},1,234.50` : i % 701 === 350 ? row : `${row},${amount}`);
  }
  lines.push('Total,,,,123456.78');
  const path = join(dir, 'sales.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\n');
  return path;
}

describe('parallel reading', () => {
  it('takes the first line break after the target when no quote is near it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-par-'));
    const path = join(dir, 'plain.csv');
    writeFileSync(path, Array.from({ length: 5000 }, (_, i) => `2026-10-01,O${i},${i}.00`).join('\n'));
    const bytes = readFileSync(path);
    for (const target of [0, 1, 17, 40_000, bytes.length - 3]) {
      const start = await findRecordStart(path, target);
      const lf = bytes.indexOf(10, target);
      expect(start).toBe(lf < 0 ? bytes.length : lf + 1);
    }
  });

  it('finds record boundaries: right after a line break outside quoted fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-par-'));
    const path = writeExport(dir);
    const bytes = readFileSync(path);
    for (let target = 0; target < bytes.length; target += 997) {
      const start = await findRecordStart(path, target);
      expect(start).toBeGreaterThanOrEqual(target);
      if (start === bytes.length) continue;
      expect(bytes[start - 1]).toBe(10);
      // An even number of quotes before it: not inside a quoted field; and no boundary between target and it.
      expect(bytes.subarray(0, start).toString().split('"').length % 2).toBe(1);
      const before = bytes.subarray(0, start - 1).lastIndexOf(10);
      if (before >= target) expect(bytes.subarray(0, before + 1).toString().split('"').length % 2).toBe(0);
    }
  });

  /** One quoted note of `noteLines` spanning the middle of the file, read by one thread and by two. */
  function readWithLongNote(noteLines: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-par-'));
    const note = noteLines.join('\n');
    const lines = ['date,order_id,rep,note,revenue', '2026-10-01,A,Ann,plain,1.50', `2026-10-02,B,Bob,"${note}",2.25`, '2026-10-03,C,Ann,plain,x', '2026-10-04,D,Bob,plain,4.00'];
    writeFileSync(join(dir, 'sales.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\n');
    const args = ['report', '-c', join(dir, 'kpi.yaml'), '--period', '2026-10', '--compare', 'none', '--by', 'rep', '-f', 'json'];
    const one = runKpi(args, { env: { KPI_THREADS: '1' } });
    const two = runKpi(args, { env: { KPI_THREADS: '2', KPI_PARALLEL_MIN_BYTES: '0', KPI_TIMING: '1' } });
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).data_quality[0].issues[0]).toMatchObject({ line: 3 + noteLines.length, value: 'x' });
    return two.stderr;
  }

  it('cuts after a quoted field that spans the middle of the file (quotes near the cut are counted)', () => {
    const stderr = readWithLongNote(Array.from({ length: 4000 }, (_, i) => `note line ${i}, with "" quotes`));
    expect(stderr).toContain('reading in 2 parts');
    expect(stderr).not.toContain('reading the file whole');
  });

  it('reads the file whole when a quoted field longer than findRecordStart looks at spans a cut', () => {
    // 3 MB of quote-free note lines inside one quoted field: the first line break after the target is inside it.
    const stderr = readWithLongNote(Array.from({ length: 100_000 }, (_, i) => `note line ${String(i).padStart(6, '0')} of a long text`));
    expect(stderr).toContain('parallel read failed; reading the file whole');
  });

  it('exits on a configuration error found after the reading threads started (they never keep it alive)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-par-'));
    writeExport(dir);
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\nkpis:\n  broken: { formula: "sum(sales.revenu)" }\n');
    for (const period of ['2026-10', 'bogus']) {
      const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', period], { env: { KPI_THREADS: '2', KPI_PARALLEL_MIN_BYTES: '0' }, timeoutMs: 8000 });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("unknown field 'revenu'");
    }
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\n');
    const bad = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', 'bogus'], { env: { KPI_THREADS: '2', KPI_PARALLEL_MIN_BYTES: '0' }, timeoutMs: 8000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown period 'bogus'");
  });

  it('reports bad CSV in a later part with the line in the file, as one thread does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-par-'));
    const lines = ['date,order_id,revenue'];
    for (let i = 0; i < 2000; i++) lines.push(`2026-10-01,O${i},${i}.00`);
    lines[1800] = '2026-10-01,O"1799,1.00';
    writeFileSync(join(dir, 'sales.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\n');
    const args = ['report', '-c', join(dir, 'kpi.yaml'), '--period', '2026-10', '-f', 'json'];
    const one = runKpi(args, { env: { KPI_THREADS: '1' } });
    const two = runKpi(args, { env: { KPI_THREADS: '2', KPI_PARALLEL_MIN_BYTES: '0' } });
    expect(one.code).toBe(3);
    expect(one.stderr).toContain('sales.csv:1801:');
    expect(two.code).toBe(one.code);
    expect(two.stderr).toBe(one.stderr);
  });

  it('gives the same bytes as one thread, issue lines and total rows included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-par-'));
    writeExport(dir);
    const args = ['report', '-c', join(dir, 'kpi.yaml'), '--period', '2026-10', '--compare', 'none', '--by', 'rep', '-f', 'json'];
    const one = runKpi(args, { env: { KPI_THREADS: '1' } });
    const many = runKpi(args, { env: { KPI_THREADS: '3', KPI_PARALLEL_MIN_BYTES: '0' } });
    expect(one.code).toBe(0);
    expect(many.stdout).toBe(one.stdout);
    const quality = JSON.parse(one.stdout).data_quality[0];
    // Rows 0, 499, … hold "tbd" (not a number): 7 of them; the first is on line 2 of the file. Record i starts on line
    // 2 + i + 2 × (notes of three lines before it, every 7th row): rows 300, 901, 1502, 2103, 2704 are wide (5), the
    // first on line 2 + 300 + 2 × 43 = 388; rows 350, 1051, 1752, 2453 short (4), the first on 2 + 350 + 2 × 50 = 452.
    expect(quality.skipped).toBe(7 + 5);
    expect(quality.issues[0]).toMatchObject({ line: 2, value: 'tbd' });
    expect(quality.bad_values).toMatchObject([{ column: 'revenue', count: 7 }]);
    expect(quality.wide_rows).toEqual({ count: 5, first: { file: expect.stringContaining('sales.csv'), line: 388, fields: 6, header: 5 } });
    expect(quality.short_rows).toEqual({ count: 4, first: { file: expect.stringContaining('sales.csv'), line: 452, fields: 4, header: 5 } });
    expect(quality.total_rows).toHaveLength(1);
  });
});
