// An export that changes while kpi reads it (still being written by the exporter, cut by a full disk, rewritten
// in place) gives a figure of no moment in time: part of one state, part of another. kpi says so (exit 3,
// KPI_FILE_CHANGED) instead of summing it. Tried by hand: a 28 MB export cut to 10 MB mid-read gave 1,784,992.50
// (true, before the cut: 1,875,000) with only a "fewer fields" warning.
import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInput } from '../../src/sources/input.js';
import { DataError } from '../../src/errors.js';

function file(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kpi-changed-')), 'sales.csv');
  writeFileSync(path, 'date,revenue\n' + '2026-10-01,5\n'.repeat(1000));
  return path;
}

async function readThenChange(change: (path: string) => void): Promise<unknown> {
  const path = file();
  const input = await openInput(path);
  const handle = await input.open();
  await handle.read(Buffer.alloc(100), 0, 100, 0);
  change(path);
  return handle.close().then(() => undefined, (err: unknown) => err);
}

describe('a source that changes while it is read', () => {
  it('grown: exit 3 KPI_FILE_CHANGED naming the file and both sizes', async () => {
    const err = await readThenChange((p) => appendFileSync(p, '2026-10-02,7\n'));
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('KPI_FILE_CHANGED');
    // 13 header bytes + 1000 × 13 = 13,013 bytes, then 13 more.
    expect((err as Error).message).toMatch(/sales\.csv changed while kpi read it \(its size went from 13013 to 13026 bytes\)/);
  });

  it('cut: the same', async () => {
    const err = await readThenChange((p) => truncateSync(p, 500));
    expect((err as DataError).code).toBe('KPI_FILE_CHANGED');
  });

  it('unchanged: closes without a word', async () => {
    expect(await readThenChange(() => undefined)).toBeUndefined();
  });
});
