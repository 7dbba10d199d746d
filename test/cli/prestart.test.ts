// The start-up guess of bin/kpi.js (cli/prestart.ts): which files a command names, read from the command line and
// the text of kpi.yaml without commander or a YAML parser; and that threads it starts are the ones that read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namedFiles } from '../../src/cli/prestart.js';
import { runKpi } from '../helpers/run-kpi.js';

describe('prestart', () => {
  it('finds the files of --source in each spelling, resolved from the working directory', () => {
    const none = join(tmpdir(), 'no-such-kpi.yaml');
    expect(namedFiles(['--source', 'sales=a.csv', '--source=deals=b.csv', '-c', none])).toEqual([resolve('a.csv'), resolve('b.csv')]);
    // Not a name=path: nothing to guess from.
    expect(namedFiles(['--source', 'a.csv', `--config=${none}`])).toEqual([]);
  });

  it('finds the file: entries of the project file (-c, --config, -c<file>), relative to its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-prestart-'));
    const config = join(dir, 'kpi.yaml');
    writeFileSync(
      config,
      [
        'sources:',
        '  sales: { file: sales.csv, delimiter: ";" }',
        '  deals:',
        '    file: "data/deals 2026.csv"   # quoted, with a space',
        "  tickets: { file: 'tickets.tsv' }",
        '  many: { file: [a.csv, b.csv] }',
        '  profile: { file: profile.csv }',
        '',
      ].join('\n'),
    );
    const expected = ['sales.csv', 'data/deals 2026.csv', 'tickets.tsv', 'profile.csv'].map((f) => join(dir, f));
    expect(namedFiles(['-c', config])).toEqual(expected);
    expect(namedFiles([`--config=${config}`, '--period', 'all'])).toEqual(expected);
    expect(namedFiles([`-c${config}`])).toEqual(expected);
    // Windows line ends, and a key that only ends in `file:` (not a file).
    writeFileSync(config, 'sources:\r\n  sales:\r\n    file: sales.csv\r\n    profile: x.csv\r\n');
    expect(namedFiles(['-c', config])).toEqual([join(dir, 'sales.csv')]);
  });

  it('reads with the threads it started (the same report as one thread)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-prestart-'));
    const lines = ['date,order_id,rep,revenue'];
    for (let i = 0; i < 3000; i++) lines.push(`2026-10-${String(1 + (i % 28)).padStart(2, '0')},O${i % 1000},${i % 3 ? 'Ann' : 'Bob'},${i}.25`);
    writeFileSync(join(dir, 'sales.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: sales.csv }\n');
    const args = ['report', '-c', join(dir, 'kpi.yaml'), '--period', '2026-10', '--compare', 'none', '--by', 'rep', '-f', 'json'];
    const one = runKpi(args, { env: { KPI_THREADS: '1' } });
    const two = runKpi(args, { env: { KPI_THREADS: '2', KPI_PARALLEL_MIN_BYTES: '0', KPI_TIMING: '1' } });
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toContain('reading thread 1: started early, with kpi');
    expect(two.stderr).toContain('reading in 2 parts');
  });
});
