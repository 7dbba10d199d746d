// Parallel reads give byte-identical reports: the file is split only between records, even with quoted line breaks.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitAtRecords } from '../../src/engine/parallel.js';
import { runKpi } from '../helpers/run-kpi.js';

/** An export with multi-line quoted notes (holding quotes and newlines), bad amounts and a trailing total row. */
function writeExport(dir: string): string {
  const lines = ['date,order_id,rep,note,revenue'];
  for (let i = 0; i < 3000; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const note = i % 7 === 0 ? `"line one\nline ""two"", with a comma\nthree"` : `plain ${i}`;
    const amount = i % 499 === 0 ? 'n/a' : `${(i * 37) % 1000}.${String(i % 100).padStart(2, '0')}`;
    lines.push(`2026-10-${day},O${Math.floor(i / 2)},${['Ann', 'Bob', 'Åse'][i % 3]},${note},${amount}`);
  }
  lines.push('Total,,,,123456.78');
  const path = join(dir, 'sales.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\n');
  return path;
}

describe('parallel reading', () => {
  it('splits only at line breaks outside quoted fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-par-'));
    const path = writeExport(dir);
    const text = readFileSync(path, 'utf8');
    const ranges = await splitAtRecords(path, Buffer.byteLength(text), 4);
    expect(ranges.length).toBe(4);
    expect(ranges[0].start).toBe(0);
    expect(ranges.at(-1)!.end).toBe(Buffer.byteLength(text));
    const bytes = Buffer.from(text);
    for (const r of ranges.slice(1)) {
      expect(bytes[r.start - 1]).toBe(10);
      // An even number of quotes before the cut: it is not inside a quoted field.
      expect(bytes.subarray(0, r.start).toString().split('"').length % 2).toBe(1);
    }
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
    // Rows 0, 499, … hold "n/a": 7 of them; the first is on line 2 of the file.
    expect(quality.skipped).toBe(7);
    expect(quality.issues[0]).toMatchObject({ line: 2, value: 'n/a' });
    expect(quality.total_rows).toHaveLength(1);
  });
});
