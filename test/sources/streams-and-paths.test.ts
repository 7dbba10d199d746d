// Sources that are not plain files (issue 12, items 10 and 17; issue 11, item 14): a FIFO, a pipe on stdin or a
// process substitution is read once as a stream; a path that exists is taken literally even with glob characters
// in its name; a symlink and its target in one source are one file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runKpi } from '../helpers/run-kpi.js';

// The fixture's sales end on Wednesday 28 October, so October is incomplete (README "Coverage"); these tests are
// about reading streams, so it is judged as it is.
const ARGS = ['report', '-f', 'json', '--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue', '-t', '/dev/null', '--allow-incomplete'];

function revenue(stdout: string): number {
  return (JSON.parse(stdout) as { results: { kpi: string; value: number }[] }).results.find((r) => r.kpi === 'revenue')!.value;
}

/** October rows whose revenue is 1..n, so the total is n(n+1)/2; long notes make the file span many read chunks. */
function bigCsv(n: number): string {
  const lines = ['date,revenue,note'];
  for (let i = 1; i <= n; i++) lines.push(`2026-10-${String(1 + (i % 28)).padStart(2, '0')},${i},"${'x'.repeat(40)} ${i}"`);
  return `${lines.join('\n')}\n`;
}

const bash = (script: string, cwd: string, input?: string) =>
  spawnSync('bash', ['-c', script], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' }, timeout: 60_000 });

describe('streams as sources', () => {
  // 30,000 rows (about 1.8 MB, past the 256 KB sample and the 1 MB read chunk): 30000 · 30001 / 2 = 450,015,000.
  const N = 30_000;
  const TOTAL = (N * (N + 1)) / 2;

  it('stdin: `cat sales.csv | kpi report --source sales=-`', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-stream-'));
    const run = runKpi([...ARGS, '--source', 'sales=-'], { cwd: dir, input: bigCsv(N) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(revenue(run.stdout)).toBe(TOTAL);
  });

  it('two sources on standard input are a usage error naming both (the second would read an empty stream)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-stream-'));
    const run = runKpi([...ARGS, '--source', 'sales=-', '--source', 'deals=/dev/stdin'], { cwd: dir, input: bigCsv(3) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('sales, deals all read standard input');
  });

  it('/dev/stdin and a process substitution <(zcat …)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-stream-'));
    writeFileSync(join(dir, 's.csv'), bigCsv(N));
    expect(bash('gzip -k s.csv', dir).status).toBe(0);
    const devStdin = bash(`node "${BIN}" ${ARGS.join(' ')} --source sales=/dev/stdin < s.csv`, dir);
    expect(devStdin.stderr).toBe('');
    expect(revenue(devStdin.stdout)).toBe(TOTAL);
    const sub = bash(`node "${BIN}" ${ARGS.join(' ')} --source sales=<(zcat s.csv.gz)`, dir);
    expect(sub.stderr).toBe('');
    expect(sub.status).toBe(0);
    expect(revenue(sub.stdout)).toBe(TOTAL);
  });

  it('a FIFO named in kpi.yaml, small and large', () => {
    for (const n of [3, N]) {
      const dir = mkdtempSync(join(tmpdir(), 'kpi-stream-'));
      writeFileSync(join(dir, 's.csv'), bigCsv(n));
      writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.fifo }\n');
      const run = bash(`mkfifo sales.fifo && (cat s.csv > sales.fifo &) && node "${BIN}" ${ARGS.join(' ')} -c kpi.yaml`, dir);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(revenue(run.stdout)).toBe((n * (n + 1)) / 2);
    }
  });

  it('a workbook through a FIFO is a clear data error, not a hang or exit 70', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-stream-'));
    const run = bash(`mkfifo sales.xlsx && node "${BIN}" ${ARGS.join(' ')} --source sales=sales.xlsx`, dir);
    expect(run.status).toBe(3);
    const { error } = JSON.parse(run.stderr) as { error: { code: string; message: string } };
    expect(error.code).toBe('KPI_FILE_UNREADABLE');
    expect(error.message).toMatch(/^source 'sales': sales\.xlsx is a pipe or FIFO, and a workbook can only be read from a file; save it first/);
  });
});

describe('paths', () => {
  it('a file whose name has glob characters is that file, not a pattern (sales[1].csv ≠ sales1.csv)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-paths-'));
    writeFileSync(join(dir, 'sales[1].csv'), 'date,revenue\n2026-10-01,5\n');
    writeFileSync(join(dir, 'sales1.csv'), 'date,revenue\n2026-10-01,100\n');
    const cli = runKpi([...ARGS, '--source', 'sales=sales[1].csv'], { cwd: dir });
    expect(cli.stderr).toBe('');
    expect(revenue(cli.stdout)).toBe(5);
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: "sales[1].csv" }\n');
    expect(revenue(runKpi([...ARGS, '-c', 'kpi.yaml'], { cwd: dir }).stdout)).toBe(5);
    // A pattern that names no existing file is still a pattern: [1] matches sales1.csv.
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: "sale[s]1.csv" }\n');
    expect(revenue(runKpi([...ARGS, '-c', 'kpi.yaml'], { cwd: dir }).stdout)).toBe(100);
  });

  it('a symlink and its target in one source are read once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-paths-'));
    writeFileSync(join(dir, 'a.csv'), 'date,revenue\n2026-10-01,5\n');
    writeFileSync(join(dir, 'b.csv'), 'date,revenue\n2026-10-01,7\n');
    symlinkSync('a.csv', join(dir, 'latest.csv'));
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: "*.csv" }\n');
    // a.csv + b.csv = 5 + 7; latest.csv is a.csv again.
    expect(revenue(runKpi([...ARGS, '-c', 'kpi.yaml'], { cwd: dir }).stdout)).toBe(12);
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: [a.csv, latest.csv] }\n');
    expect(revenue(runKpi([...ARGS, '-c', 'kpi.yaml'], { cwd: dir }).stdout)).toBe(5);
  });
});
