// The start-up guess of bin/kpi.js (cli/prestart.ts): which files a command names, read from the command line and
// the text of kpi.yaml without commander or a YAML parser; and that threads it starts are the ones that read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckDbFiles, namedFiles, namesDuckDb, tableBeside } from '../../src/cli/prestart.js';
import { runKpi } from '../helpers/run-kpi.js';

describe('prestart', () => {
  it('guesses DuckDB from the command line or the words of kpi.yaml, and not from a project that reads files itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-prestart-duck-'));
    const config = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const table = config('table.yaml', 'sources:\n  sales: { url: "duckdb:shop.duckdb", table: sales }\n');
    const files = config('files.yaml', 'sources:\n  sales: { file: big.csv, engine: duckdb }\n');
    const plain = config('plain.yaml', 'sources:\n  sales: { file: sales.csv }\n');
    expect(namesDuckDb(['-c', table])).toBe(true);
    expect(namesDuckDb([`--config=${files}`])).toBe(true);
    expect(namesDuckDb(['-c', plain])).toBe(false);
    expect(namesDuckDb(['-c', plain, '--engine', 'duckdb'])).toBe(true);
    expect(namesDuckDb(['-c', plain, '--source', 'sales=x.parquet'])).toBe(true);
    // --engine streaming reads the files with kpi's own engine: only a DuckDB database still needs DuckDB.
    expect(namesDuckDb(['-c', files, '--engine=streaming'])).toBe(false);
    expect(namesDuckDb(['-c', table, '--engine', 'streaming'])).toBe(true);
    expect(namesDuckDb(['-c', join(dir, 'none.yaml')])).toBe(false);
    // The databases it opens early: url: duckdb: paths as kpi resolves them (relative to kpi.yaml), not one in a variable.
    const two = config('two.yaml', 'sources:\n  a: { url: "duckdb:shop.duckdb", table: s }\n  b:\n    url: duckdb:///srv/x.duckdb\n  c: { url: "${DB}" }\n  d: { url: \'duckdb:shop.duckdb\', table: t }\n');
    // Only files that are DuckDB databases (DUCK at byte 8): no file, or another kind, is left to the source to say.
    writeFileSync(join(dir, 'shop.duckdb'), Buffer.concat([Buffer.alloc(8), Buffer.from('DUCK'), Buffer.alloc(4)]));
    // With the plain tables named beside each url:, which the DuckDB thread samples as soon as it opens the file.
    expect(duckDbFiles(['-c', two])).toEqual([{ path: join(dir, 'shop.duckdb'), tables: ['s', 't'] }]);
  });

  it('finds the table beside a url: in flow or block style, and none beside a schema: or a query:', () => {
    const at = (text: string) => tableBeside(text, text.indexOf('url:'));
    expect(at('sources:\n  a: { url: "duckdb:x.duckdb", table: sales }\n')).toBe('sales');
    expect(at('sources:\n  a: { table: \'sales\', url: duckdb:x.duckdb }\n')).toBe('sales');
    expect(at('sources:\n  a: { url: duckdb:x.duckdb, table: sales, schema: crm }\n')).toBeUndefined();
    expect(at('sources:\n  a:\n    table: orders # the big one\n\n    url: duckdb:x.duckdb\n    columns:\n      amount: Beløp\n  b:\n    table: other\n')).toBe('orders');
    expect(at('sources:\n  a:\n    url: duckdb:x.duckdb\n    query: SELECT * FROM t\n    table: t\n')).toBeUndefined();
    // Not a plain name (quoted with a space, a schema in it): no guess.
    expect(at('sources:\n  a:\n    url: duckdb:x.duckdb\n    table: "my sales"\n')).toBeUndefined();
    expect(at('sources:\n  a:\n    url: duckdb:x.duckdb\n    table: crm.sales\n')).toBeUndefined();
    // A table of the next source is not this one's.
    expect(at('sources:\n  a:\n    url: duckdb:x.duckdb\n  b:\n    table: other\n')).toBeUndefined();
  });

  it('a report on a DuckDB table opens it on the DuckDB thread: the same report as without the thread', async () => {
    const { writeDuckDb } = await import('../helpers/duckdb.js');
    const dir = mkdtempSync(join(tmpdir(), 'kpi-prestart-thread-'));
    await writeDuckDb(join(dir, 'shop.duckdb'), [{ name: 'sales', columns: [{ name: 'date', type: 'DATE' }, { name: 'revenue', type: 'DECIMAL(18,2)' }], rows: [['2026-03-02', 100.1], ['2026-03-30', 20.05]] }]);
    // The url in an environment variable: kpi.yaml does not name DuckDB, so no thread is started (DuckDB loads on
    // the main thread); written out, it does.
    writeFileSync(join(dir, 'thread.yaml'), 'sources:\n  sales: { url: "duckdb:shop.duckdb", table: sales }\n');
    writeFileSync(join(dir, 'here.yaml'), 'sources:\n  sales: { url: "${SHOP}", table: sales }\n');
    const args = ['report', '--period', '2026-03', '--as-of', '2026-04-15', '--kpi', 'revenue', '-f', 'json'];
    const env = { KPI_TIMING: '1', SHOP: `duckdb:${join(dir, 'shop.duckdb')}` };
    const [thread, here] = [runKpi([...args, '-c', 'thread.yaml'], { cwd: dir, env }), runKpi([...args, '-c', 'here.yaml'], { cwd: dir, env })];
    expect(thread.code, thread.stderr).toBe(0);
    expect(here.code, here.stderr).toBe(0);
    expect(thread.stderr).toContain('DuckDB loaded (on its own thread, the database opened early)');
    expect(thread.stderr).toContain('500 rows sampled (asked as the DuckDB thread opened it)');
    expect(here.stderr).not.toContain('on its own thread');
    // 100.10 + 20.05
    const revenue = (out: string) => (JSON.parse(out) as { results: { value: number }[] }).results[0].value;
    expect(revenue(thread.stdout)).toBe(120.15);
    expect(revenue(here.stdout)).toBe(120.15);
  });

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
