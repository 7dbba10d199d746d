// How kpi talks to ClickHouse over HTTP (sources/database/clickhouse-table.ts, README "Running on a database"): a
// query's answer is waited for as long as the server takes, or as the source's `timeout:` says (kpi once gave up
// after 10 s, calling a slow query an unreachable server); a connection has 10 s to open; and no failure of the
// server's — an error code kpi does not know, a proxy's page, an answer cut short — is exit 70: each is exit 3 with
// one line. A small HTTP server here plays ClickHouse (no package needed); with the test servers running, a proxy
// in front of the real ClickHouse delays its first answer.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../helpers/run-kpi.js';
import { describeServer, kpiUrl, writeTables } from '../../helpers/servers.js';
import type { TableSpec } from '../../helpers/duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-ch-http-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs kpi without blocking this process (the fake server and the proxy run on its event loop). */
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

function project(name: string, url: string, more = ''): string {
  const cwd = join(dir, name);
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(cwd, 'kpi.yaml'), `currency: NOK\nsources:\n  sales:\n    url: \${KPI_TEST_URL}\n    table: kpi_http_sales\n${more}`);
  return cwd;
}

const ARGS = ['report', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue'];

/** The outcome of a failing run: exit code, the first line, the error code of `-f json`; never a trace or a 70. */
async function failure(cwd: string, url: string) {
  const run = await startKpi(ARGS, cwd, { KPI_TEST_URL: url });
  const json = await startKpi([...ARGS, '-f', 'json'], cwd, { KPI_TEST_URL: url });
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toContain('internal error');
  const body = JSON.parse(json.stderr.trim().split('\n').pop() ?? '{}') as { error?: { code?: string } };
  return { code: run.code, lines: run.stderr.trim().split('\n'), errorCode: body.error?.code };
}

// The catalog a ClickHouse of one small table answers (DESCRIBE TABLE, JSONCompact: name, type, default kind).
const DESCRIBE = { meta: [{ name: 'name', type: 'String' }, { name: 'type', type: 'String' }, { name: 'default_type', type: 'String' }], data: [['date', 'Date', ''], ['order_id', 'Int32', ''], ['revenue', 'Decimal(18, 2)', '']] };
const SAMPLE = { meta: [{ name: 'date', type: 'String' }, { name: 'order_id', type: 'Int32' }, { name: 'revenue', type: 'Decimal(18, 2)' }], data: [['2026-03-02', 1, '100.10']] };

type Answer = { status: number; body: string; delayMs?: number } | 'never';

/** A fake ClickHouse: DESCRIBE and the sample as above, and `onQuery` for every other query kpi sends. */
async function fakeClickHouse(onQuery: (sql: string) => Answer, first: { delayMs?: number } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<ServerResponse>();
  let n = 0;
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    let sql = '';
    req.on('data', (d: Buffer) => (sql += d.toString()));
    req.on('end', () => {
      open.add(res);
      const answer: Answer = /^DESCRIBE/.test(sql)
        ? { status: 200, body: JSON.stringify(DESCRIBE), delayMs: n++ === 0 ? first.delayMs : undefined }
        : /LIMIT 500 FORMAT/.test(sql)
          ? { status: 200, body: JSON.stringify(SAMPLE) }
          : onQuery(sql);
      if (answer === 'never') return;
      setTimeout(() => {
        res.writeHead(answer.status, { 'Content-Type': 'text/plain' });
        res.end(answer.body);
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://kpi:secret@127.0.0.1:${port}/default`,
    close: () =>
      new Promise((resolve) => {
        for (const r of open) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// March 2026: 100.10 + 50.00 + 20.05 = 170.15 from 3 orders; February 75.25.
const SALES: TableSpec = {
  name: 'kpi_http_sales',
  columns: [
    { name: 'date', type: 'DATE' },
    { name: 'order_id', type: 'INTEGER' },
    { name: 'revenue', type: 'DECIMAL(18,2)' },
  ],
  rows: [
    ['2026-03-02', 1, 100.1],
    ['2026-03-05', 2, 50],
    ['2026-03-09', 3, 20.05],
    ['2026-02-14', 4, 75.25],
  ],
};

/** A TCP proxy to `port` that holds back what the server sends on its first connection for `delayMs`. */
async function slowProxy(port: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let first = true;
  const server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(port, '127.0.0.1');
    // Held until the delay is over, then passed on in order; after that, nothing is held.
    let held: Buffer[] | undefined = first ? [] : undefined;
    let ended = false;
    if (first) {
      setTimeout(() => {
        for (const c of held!) client.write(c);
        held = undefined;
        if (ended) client.destroy();
      }, delayMs);
    }
    first = false;
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => (held ? held.push(chunk) : client.write(chunk)));
    client.on('error', () => undefined).on('close', () => upstream.destroy());
    upstream.on('error', () => undefined).on('close', () => (held ? (ended = true) : client.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// Every test has its own fake server or proxy (port 0) and project folder: they run side by side, both describes
// at once, so the two 11 s waits overlap instead of adding up.
describe.concurrent('ClickHouse over HTTP', () => {
  describe.concurrent('ClickHouse over HTTP: waiting, and failures of the server', () => {
    it('an answer slower than 10 s is waited for without timeout: (it was "does not answer" after 10 s)', async () => {
      // The catalog answers after 11 s; then the report's query fails with a server error, which kpi only says if
      // it waited for the first answer.
      const ch = await fakeClickHouse(() => ({ status: 500, body: 'Code: 439, e.displayText() = DB::Exception: Cannot schedule a task: no free thread, e.what() = DB::Exception\n' }), { delayMs: 11_000 });
      try {
        const e = await failure(project('slow-first', ch.url), ch.url);
        expect(e.code).toBe(3);
        expect(e.lines[0]).toContain('Cannot schedule a task');
        expect(e.lines[0]).not.toContain('does not answer');
      } finally {
        await ch.close();
      }
    }, 60_000);

    it('a clickhouses:// url at a port that never answers the TLS handshake is exit 3 after the 10 s to connect, not a hang', async () => {
      // A TCP server that accepts and says nothing: as a plain-HTTP ClickHouse port waits for a request line that a
      // TLS ClientHello never ends. Without timeout: kpi waited forever (3 runs of 9 in the trial).
      const sockets = new Set<Socket>();
      const silent = createServer((socket) => sockets.add(socket.on('error', () => undefined)));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const url = `clickhouses://kpi:secret@127.0.0.1:${(silent.address() as { port: number }).port}/default`;
      try {
        const e = await failure(project('tls-silent', url), url);
        expect(e.code).toBe(3);
        expect(e.errorCode).toBe('KPI_DATABASE_UNREACHABLE');
        expect(e.lines[0]).toContain('no connection within 10 s');
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    }, 60_000);

    it('a query past timeout: is exit 3 KPI_DATABASE_TIMEOUT, even when the server never answers', async () => {
      const ch = await fakeClickHouse(() => 'never');
      try {
        const e = await failure(project('never', ch.url, '    timeout: 1s\n'), ch.url);
        expect(e.code).toBe(3);
        expect(e.errorCode).toBe('KPI_DATABASE_TIMEOUT');
        expect(e.lines[0]).toContain('ran past timeout: 1 s');
        expect(e.lines[0]).toContain('ClickHouse at 127.0.0.1');
      } finally {
        await ch.close();
      }
    }, 60_000);

    it.each([
      ['an error code kpi does not know (under load)', { status: 500, body: 'Code: 439, e.displayText() = DB::Exception: Cannot schedule a task, e.what() = DB::Exception\n' }, 'KPI_DATABASE_UNREADABLE', 'Cannot schedule a task'],
      ['a newer server\'s error text', { status: 500, body: 'Code: 999. DB::Exception: Coordination error: session expired. (KEEPER_EXCEPTION) (version 24.3.1.1)\n' }, 'KPI_DATABASE_UNREADABLE', 'session expired'],
      ['a proxy\'s 502 page', { status: 502, body: '<html><body>Bad Gateway</body></html>' }, 'KPI_DATABASE_UNREACHABLE', 'HTTP 502'],
      ['a proxy\'s 403 page', { status: 403, body: 'Forbidden' }, 'KPI_DATABASE_UNREADABLE', 'HTTP 403'],
      ['an answer cut short after its rows (an error met while sending)', { status: 200, body: '{"meta": [], "data": [[1,\nCode: 241, e.displayText() = DB::Exception: Memory limit exceeded' }, 'KPI_DATABASE_UNREACHABLE', 'Memory limit exceeded'],
    ] as const)('%s: exit 3, one line, never 70', async (name, answer, code, words) => {
      const ch = await fakeClickHouse(() => answer);
      try {
        const e = await failure(project(name.replace(/\W+/g, '-'), ch.url), ch.url);
        expect(e.code).toBe(3);
        expect(e.errorCode).toBe(code);
        expect(e.lines[0]).toMatch(/^kpi: source 'sales': ClickHouse at 127\.0\.0\.1:\d+, database default/);
        expect(e.lines[0]).toContain(words);
        expect(e.lines.join('\n')).not.toContain('secret');
      } finally {
        await ch.close();
      }
    }, 60_000);
  });

  describeServer('clickhouse', 'a real ClickHouse whose first answer takes 11 s', (url) => {
    beforeAll(() => writeTables('clickhouse', url, [SALES]), 60_000);
    const base = kpiUrl(url);
    const through = (port: number) => {
      const u = new URL(base);
      u.port = String(port);
      return u.toString();
    };

    it('gives the figures without timeout: and with timeout: 30s, and is exit 3 KPI_DATABASE_TIMEOUT with timeout: 2s', async () => {
      const proxies = await Promise.all([slowProxy(Number(new URL(base).port), 11_000), slowProxy(Number(new URL(base).port), 11_000), slowProxy(Number(new URL(base).port), 4_000)]);
      try {
        const [none, long, short] = await Promise.all([
          startKpi([...ARGS, '-f', 'json'], project('real-none', base), { KPI_TEST_URL: through(proxies[0].port) }),
          startKpi([...ARGS, '-f', 'json'], project('real-30s', base, '    timeout: 30s\n'), { KPI_TEST_URL: through(proxies[1].port) }),
          startKpi(ARGS, project('real-2s', base, '    timeout: 2s\n'), { KPI_TEST_URL: through(proxies[2].port) }),
        ]);
        for (const run of [none, long]) {
          expect(run.code, run.stderr).toBe(0);
          const revenue = (JSON.parse(run.stdout) as { results: { kpi: string; value: number; previous: number }[] }).results[0];
          expect(revenue).toMatchObject({ kpi: 'revenue', value: 170.15, previous: 75.25 });
        }
        expect(short.code, short.stderr).toBe(3);
        expect(short.stderr.trim().split('\n')[0]).toContain('ran past timeout: 2 s');
        expect(short.stderr).not.toMatch(/\n\s+at /);
      } finally {
        await Promise.all(proxies.map((p) => p.close()));
      }
    }, 90_000);
  }, { concurrent: true });
});
