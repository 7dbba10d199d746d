// A source that is a PostgreSQL or ClickHouse table (`url: postgres://…` / `clickhouse://…`, `table:`), against
// the private servers of scripts/test-servers.sh: the same report as the same rows in a CSV export (the demo
// company's sales too, with its kpi.yaml changed only under sources:), and every way a server can fail is one line
// with its documented exit code (README "Running on a database"): a bad url, a wrong password, a missing table or
// column, a server that does not answer, a connection dropped during a query, an injection attempt.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, ROOT, runKpi } from '../../helpers/run-kpi.js';
import { chRun, describeServer, kpiUrl, pgRun, writeTables, type ServerEngine } from '../../helpers/servers.js';
import type { TableSpec } from '../../helpers/duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-servers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Hand-checked figures (March 2026), as in duckdb-source.test.ts: Ann 100.10 + 50.00, Bob 20.05 (+ a row with no
// amount), " ann " trimmed is "ann" (a group of its own); the February row is the comparison; 5 orders in March.
const SALES: TableSpec = {
  name: 'kpi_sales',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'customer', type: 'VARCHAR' },
    { name: 'rep', type: 'VARCHAR' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
    { name: 'cost', type: 'DECIMAL(18,2)' },
    { name: 'type', type: 'VARCHAR' },
  ],
  rows: [
    ['2026-03-02', 1, 'Acme', 'Ann', 100.1, 60, 'Nysalg'],
    ['2026-03-05', 2, 'Bolt', 'Ann', 50, 20.5, 'Mersalg'],
    ['2026-03-09', 3, 'Acme', 'Bob', 20.05, 10, 'nysalg'],
    ['2026-03-10', 4, 'Ceres', 'Bob', null, null, 'Solgt'],
    ['2026-03-31', 5, 'Acme', ' ann ', 1.01, 1, ''],
    ['2026-02-14', 6, 'Dyne', 'Ann', 75.25, 30, 'Nysalg'],
    [null, 7, 'Echo', 'Bob', 9.99, 1, 'Nysalg'],
  ],
};

const yaml = (source: string, extra = '') => `currency: NOK
sources:
  sales:
${source}
    values:
      type: { new: [Nysalg], upsell: [Mersalg]${extra} }
`;

const withoutQuality = (stdout: string) => {
  const r = JSON.parse(stdout) as Record<string, unknown>;
  delete r.data_quality;
  // Where the first value left out is, is the engine's: a file and line, or a table.
  for (const x of (r.results ?? []) as { bad_values: { first: { file: string; line: number } } | null }[]) if (x.bad_values) x.bad_values.first = { ...x.bad_values.first, file: '', line: 0 };
  return JSON.stringify(r, null, 2);
};

/** A project folder with this kpi.yaml; kpi runs there with the environment given. */
function project(name: string, text: string): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), text);
  return cwd;
}

const report = (cwd: string, args: string[], env: Record<string, string> = {}) => runKpi(['report', '-f', 'json', '--as-of', '2026-04-15', ...args], { cwd, env });

/** The one line a failing kpi prints, its exit code and error code (from -f json); never a stack trace or the password. */
function failure(cwd: string, env: Record<string, string> = {}) {
  const args = ['report', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue'];
  const run = runKpi(args, { cwd, env });
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain('kpi-test-secret');
  expect(run.stderr).not.toContain('internal error');
  const json = runKpi([...args, '-f', 'json'], { cwd, env });
  const code = (JSON.parse(json.stderr.trim().split('\n').pop() ?? '{}') as { error?: { code?: string }; code?: string });
  return { code: run.code, first: run.stderr.trim().split('\n')[0], stderr: `${run.stderr}\n${code.error?.code ?? code.code ?? ''}` };
}

/** A port nothing listens on (one we listened on a moment ago). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP proxy to `port` that drops both connections as soon as a request holding `marker` passes through. */
async function droppingProxy(port: number, marker: string): Promise<{ port: number; close(): Promise<void>; dropped(): number }> {
  let dropped = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(port, '127.0.0.1');
    let seen = '';
    client.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('latin1')).slice(-100_000);
      if (seen.includes(marker)) {
        dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    dropped: () => dropped,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs kpi without waiting (spawn), for a test that acts on the server while kpi's query runs. */
function startKpi(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: undefined, NO_COLOR: '1', TZ: 'UTC', ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const ENGINES: ServerEngine[] = ['postgres', 'clickhouse'];

for (const engine of ENGINES) {
  describeServer(engine, `a ${engine} table as a source`, (url) => {
    const base = kpiUrl(url);
    const u = new URL(base);
    const urlWith = (changes: (x: URL) => void) => {
      const x = new URL(base);
      changes(x);
      return x.toString();
    };
    const here = (name: string, source: string, extra?: string) => project(`${engine}-${name}`, yaml(source, extra));

    beforeAll(async () => {
      await writeTables(engine, url, [SALES]);
      const csv = project(`${engine}-csv`, yaml('    file: sales.csv'));
      writeFileSync(join(csv, 'sales.csv'), [SALES.columns.map((c) => c.name).join(','), ...SALES.rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n');
      // The url from the environment, as a user keeps a password out of kpi.yaml.
      here('db', `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`);
    }, 60_000);

    const env = { KPI_TEST_URL: base };

    it('gives the report the same rows give from a CSV export, with --by, a comparison and a trend', () => {
      for (const args of [['--period', '2026-03'], ['--period', '2026-03', '--by', 'rep'], ['--period', '2026-q1', '--compare', 'yoy', '--by', 'rep,type']]) {
        const fromDb = report(join(dir, `${engine}-db`), args, env);
        const fromCsv = report(join(dir, `${engine}-csv`), args);
        expect(fromDb.code, fromDb.stderr).toBe(fromCsv.code);
        expect(withoutQuality(fromDb.stdout)).toBe(withoutQuality(fromCsv.stdout));
      }
      const trend = (cwd: string, e?: Record<string, string>) => runKpi(['trend', 'revenue', '--as-of', '2026-04-15', '--last', '6', '--by', 'rep', '-f', 'json'], { cwd, env: e });
      const t = trend(join(dir, `${engine}-db`), env);
      expect(t.code, t.stderr).toBe(0);
      expect(withoutQuality(t.stdout)).toBe(withoutQuality(trend(join(dir, `${engine}-csv`)).stdout));
    });

    it('computes the figures by hand, and the password is never printed', () => {
      const run = report(join(dir, `${engine}-db`), ['--period', '2026-03', '--kpi', 'revenue,orders,new_sales'], env);
      expect(run.code, run.stderr).toBe(0);
      const results = (JSON.parse(run.stdout) as { results: { kpi: string; value: number; previous: number }[] }).results;
      // 100.10 + 50.00 + 20.05 + 1.01 = 171.16; February 75.25; Nysalg 100.10 + nysalg 20.05 = 120.15.
      expect(results.find((r) => r.kpi === 'revenue')).toMatchObject({ value: 171.16, previous: 75.25 });
      expect(results.find((r) => r.kpi === 'orders')).toMatchObject({ value: 5 });
      expect(results.find((r) => r.kpi === 'new_sales')).toMatchObject({ value: 120.15 });
      const quality = (JSON.parse(run.stdout) as { data_quality: { rows: number; no_period: number }[] }).data_quality[0];
      expect(quality).toMatchObject({ rows: 7, no_period: 1 });
      expect(run.stdout + run.stderr).not.toContain('kpi-test-secret');
    });

    it('a bad url is exit 2 KPI_SOURCE_URL', () => {
      const bad = engine === 'postgres' ? ['postgres://', 'postgres://127.0.0.1:5432/', 'postgres://a b/shop'] : ['clickhouse://', `${base}?cluster=x`, 'clickhouse://host:8123/a/b'];
      for (const b of bad) {
        const e = failure(here('bad-url', `    url: ${JSON.stringify(b)}\n    table: x`));
        expect(e.code, `${b}: ${e.stderr}`).toBe(2);
        expect(e.first).toMatch(/^kpi: .*url/);
      }
      const unset = failure(here('unset-env', '    url: ${KPI_NOT_SET_ANYWHERE}\n    table: x'));
      expect(unset.code).toBe(2);
      expect(unset.first).toContain('KPI_NOT_SET_ANYWHERE');
    });

    it('a wrong password is exit 3 KPI_DATABASE_AUTH, naming host and database, not the password', () => {
      const e = failure(here('auth', `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`), { KPI_TEST_URL: urlWith((x) => (x.password = 'wrong-secret')) });
      expect(e.code, e.stderr).toBe(3);
      expect(e.first).toMatch(/refused the login/);
      expect(e.first).toContain(u.host);
      expect(e.stderr).not.toContain('wrong-secret');
      expect(e.stderr).toContain('KPI_DATABASE_AUTH');
    });

    it('a missing table is exit 3 KPI_TABLE_NOT_FOUND, with the closest table', () => {
      const e = failure(here('no-table', `    url: ${base}\n    table: kpi_sale`));
      expect(e.code, e.stderr).toBe(3);
      expect(e.first).toContain('has no table "kpi_sale"; did you mean table: kpi_sales?');
    });

    it('a missing column is exit 3 KPI_COLUMN_NOT_FOUND', () => {
      const e = failure(project(`${engine}-no-column`, `currency: NOK\nsources:\n  sales:\n    url: ${base}\n    table: ${SALES.name}\n    columns: { revenue: Beløp }\n`));
      expect(e.code, e.stderr).toBe(3);
      expect(e.stderr).toContain('KPI_COLUMN_NOT_FOUND');
      expect(e.stderr).toContain('Beløp');
    });

    it('a server that does not answer is exit 3 KPI_DATABASE_UNREACHABLE', async () => {
      const port = await deadPort();
      const e = failure(here('unreachable', `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`), { KPI_TEST_URL: urlWith((x) => (x.port = String(port))) });
      expect(e.code, e.stderr).toBe(3);
      expect(e.first).toMatch(/does not answer/);
      expect(e.stderr).toContain('KPI_DATABASE_UNREACHABLE');
    });

    it('a connection dropped during the query is exit 3 KPI_DATABASE_UNREACHABLE, and no figure is printed', async () => {
      // Between kpi and the server, a proxy that cuts both connections when kpi's aggregate query goes by (after
      // the catalog and the sample came through): a network failure in the middle of a report.
      const proxy = await droppingProxy(Number(u.port), engine === 'postgres' ? 'FILTER (WHERE' : 'countIf(');
      try {
        const cwd = here('dropped', `    url: \${KPI_TEST_URL}\n    table: ${SALES.name}`);
        // Not spawnSync: the proxy runs on this process's event loop.
        const run = await startKpi(['report', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue', '-f', 'json'], cwd, { KPI_TEST_URL: urlWith((x) => (x.port = String(proxy.port))) });
        expect(proxy.dropped()).toBeGreaterThan(0);
        expect(run.code, run.stderr).toBe(3);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain('the connection was lost during a query');
        expect(run.stderr).toContain('KPI_DATABASE_UNREACHABLE');
        expect(run.stderr).not.toMatch(/\n\s+at /);
      } finally {
        await proxy.close();
      }
    });

    it('an error the server raises while reading (a view that fails) is exit 3 KPI_DATABASE_UNREADABLE with its words, never 70', async () => {
      // PostgreSQL: a serialization failure (40001) and a RAISE of the user's own (P0001); ClickHouse: throwIf
      // (code 395). kpi knew neither and called them its own bug (exit 70).
      const views =
        engine === 'postgres'
          ? [
              `CREATE OR REPLACE FUNCTION kpi_boom(code text) RETURNS int AS $$ BEGIN RAISE EXCEPTION 'the disk is on fire' USING ERRCODE = code; END $$ LANGUAGE plpgsql`,
              `CREATE OR REPLACE VIEW kpi_boom_40001 AS SELECT s.* FROM kpi_sales s WHERE s.order_id < 0 OR kpi_boom('40001') = 0`,
              `CREATE OR REPLACE VIEW kpi_boom_p0001 AS SELECT s.* FROM kpi_sales s WHERE s.order_id < 0 OR kpi_boom('P0001') = 0`,
            ]
          : ['DROP TABLE IF EXISTS kpi_boom_395', 'CREATE VIEW kpi_boom_395 AS SELECT * FROM kpi_sales WHERE throwIf(order_id > 0) = 0'];
      if (engine === 'postgres') await pgRun(url, views);
      else for (const v of views) await chRun(url, v);
      for (const view of engine === 'postgres' ? ['kpi_boom_40001', 'kpi_boom_p0001'] : ['kpi_boom_395']) {
        const e = failure(here(view, `    url: ${base}\n    table: ${view}`));
        expect(e.code, e.stderr).toBe(3);
        expect(e.stderr).toContain('KPI_DATABASE_UNREADABLE');
        expect(e.first).toContain(u.host);
        expect(e.first).toMatch(engine === 'postgres' ? /the disk is on fire/ : /throwIf|non-zero|non zero/i);
      }
    });

    if (engine === 'postgres') {
      it('a backend terminated by the server during the query (pg_terminate_backend) is exit 3', async () => {
        // A view that takes a second per query, so the backend can be terminated while kpi waits on it.
        await pgRun(url, [`CREATE OR REPLACE VIEW kpi_slow_sales AS SELECT s.* FROM kpi_sales s CROSS JOIN (SELECT pg_sleep(1.5)) AS z`]);
        const cwd = here('terminated', `    url: ${base}\n    table: kpi_slow_sales`);
        const running = startKpi(['report', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue', '-f', 'json'], cwd);
        let killed = 0;
        for (let i = 0; i < 200 && killed === 0; i++) {
          await new Promise((r) => setTimeout(r, 50));
          const [rows] = await pgRun(url, [`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'kpi' AND state = 'active' AND query LIKE '%FILTER (WHERE%' AND query LIKE '%kpi_slow_sales%'`]);
          killed = Number(rows[0][0]);
        }
        const done = await running;
        expect(killed).toBeGreaterThan(0);
        expect(done.code, done.stderr).toBe(3);
        expect(done.stderr).toMatch(/the connection was lost during a query|terminat/);
        expect(done.stderr).toContain('KPI_DATABASE_UNREACHABLE');
        expect(done.stderr).not.toMatch(/\n\s+at /);
      }, 60_000);
    }

    it('an injection attempt in a table name or a values: literal is only a name and a value', async () => {
      const victim = 'kpi_victim';
      await writeTables(engine, url, [{ name: victim, columns: [{ name: 'x', type: 'INTEGER' }], rows: [[1]] }]);
      // A table name that would end the quoting in a naive dialect.
      const names = [`kpi_sales"; DROP TABLE ${victim}; --`, `kpi_sales\`; DROP TABLE ${victim}; --`, `kpi_sales'; DROP TABLE ${victim}; --`, 'kpi_sales\\'];
      for (const name of names) {
        const e = failure(here('inject-table', `    url: ${base}\n    table: ${JSON.stringify(name)}`));
        expect(e.code, e.stderr).toBe(3);
        expect(e.stderr).toContain('KPI_TABLE_NOT_FOUND');
      }
      // values: spellings with quotes, backslashes and ; are spellings: "Nysalg" still maps, nothing else happens.
      const cwd = here('inject-values', `    url: ${base}\n    table: ${SALES.name}`, `, ignore: ["x'); DROP TABLE ${victim}; --", "a\\\\'b", "\\\\", "\`; DROP TABLE ${victim}; --"]`);
      const run = report(cwd, ['--period', '2026-03', '--kpi', 'new_sales']);
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { results: { value: number }[] }).results[0].value).toBe(120.15);
      const count = engine === 'postgres' ? Number((await pgRun(url, [`SELECT count(*) FROM ${victim}`]))[0][0][0]) : Number((await chRun(url, `SELECT count() FROM ${victim}`)).trim());
      expect(count).toBe(1);
    });

    it("the demo's kpi.yaml, changed only under sources: to read sales from the database, gives the report of the CSV exports", async () => {
      // The demo's sales export (Windows-1252, ";", decimal comma, dd.MM.yyyy) loaded into a table by this test's
      // own reading (not kpi's), columns as the export names them.
      const demo = join(ROOT, 'fixtures', 'demo');
      const lines = iconv.decode(readFileSync(join(demo, 'sales.csv')), 'win1252').trim().split(/\r?\n/);
      const header = lines[0].split(';');
      const types = header.map((h) => (['Dato', 'Sendt', 'Levert'].includes(h) ? 'DATE' : ['Ordrenr', 'Antall', 'Reklamert'].includes(h) ? 'INTEGER' : ['Beløp', 'Kostpris'].includes(h) ? 'DECIMAL(18,2)' : 'VARCHAR'));
      const rows = lines.slice(1).map((l) =>
        l.split(';').map((v, i) => {
          if (v.trim() === '') return null;
          if (types[i] === 'DATE') return v.replace(/^(\d\d)\.(\d\d)\.(\d{4})$/, '$3-$2-$1');
          if (types[i] === 'INTEGER') return Number(v);
          if (types[i] === 'DECIMAL(18,2)') return v.replace(/[\s\u00a0]/g, '').replace(',', '.');
          return v;
        }),
      );
      expect(rows.length).toBeGreaterThan(1000);
      await writeTables(engine, url, [{ name: 'demo_sales', columns: header.map((name, i) => ({ name, type: types[i] })), rows }]);
      const original = readFileSync(join(demo, 'kpi.yaml'), 'utf8');
      const changed = original.replace(/    file: sales\.csv\n    encoding: windows-1252\n    delimiter: ";"\n    decimal: ","\n    date_format: dd\.MM\.yyyy\n/, `    url: ${base}\n    table: demo_sales\n`);
      expect(changed).not.toBe(original);
      const cwd = join(dir, `${engine}-demo`);
      mkdirSync(cwd, { recursive: true });
      for (const f of ['deals', 'invoices', 'tickets', 'surveys', 'customers', 'ledger', 'activities', 'timesheets', 'employees', 'employee_surveys', 'web']) writeFileSync(join(cwd, `${f}.csv`), readFileSync(join(demo, `${f}.csv`)));
      writeFileSync(join(cwd, 'targets.yaml'), readFileSync(join(demo, 'targets.yaml')));
      writeFileSync(join(cwd, 'kpi.yaml'), changed);
      for (const args of [['--period', '2026-10'], ['--period', '2026-10', '--by', 'rep'], ['--period', '2026-q3', '--compare', 'yoy']]) {
        const fromDb = runKpi(['report', '-f', 'json', '--as-of', '2026-11-05', ...args], { cwd });
        const fromCsv = runKpi(['report', '-f', 'json', '--as-of', '2026-11-05', '-c', join(demo, 'kpi.yaml'), ...args]);
        expect(fromDb.code, fromDb.stderr).toBe(fromCsv.code);
        expect(withoutQuality(fromDb.stdout)).toBe(withoutQuality(fromCsv.stdout));
      }
    }, 120_000);
  });
}
