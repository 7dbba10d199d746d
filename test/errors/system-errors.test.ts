// A failure of the machine while reading (EIO from a failing disk or NFS) is a data error, never "a bug in kpi".
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

describe('system I/O errors', () => {
  // Reading /proc/self/mem from offset 0 fails with EIO on Linux: a real I/O error without a broken disk.
  it.skipIf(!existsSync('/proc/self/mem'))('an EIO while reading a source is exit 3 with one line, not exit 70', () => {
    const run = runKpi(['report', '--period', '2026-10', '--as-of', '2026-12-01', '--source', 'sales=/proc/self/mem']);
    expect(run.stderr).not.toMatch(/internal error|bug in kpi/);
    expect(run.stderr).toMatch(/^kpi: cannot read .*EIO/);
    expect(run.code).toBe(3);
    const json = runKpi(['report', '--period', '2026-10', '--as-of', '2026-12-01', '--format', 'json', '--source', 'sales=/proc/self/mem']);
    expect(JSON.parse(json.stderr.trim()).error.code).toBe('KPI_FILE_UNREADABLE');
  });
});
