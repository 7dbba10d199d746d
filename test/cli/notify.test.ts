// Issue 18 item 5, done when: "A webhook test server receives the Slack- and Teams-shaped payloads; a failing
// webhook does not change the check's exit code." A server on 127.0.0.1 in this process (no network); kpi runs as
// a child process that is awaited (a synchronous spawn would block this process's server).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, type KpiRun } from '../helpers/run-kpi.js';

/** The demo's October as of 5 November: win rate, receivables, CSAT, conversion missed; gross margin met. */
const DEMO = ['--period', '2026-10', '--as-of', '2026-11-05'];
/** The token of a Slack-like webhook path: it must never be printed. */
const SECRET = 'T0001/B0002/s3cr3tT0k3n';

interface Received {
  path: string;
  body: string;
  type: string | undefined;
}

let server: Server;
let base: string;
let received: Received[] = [];
/** What the server answers each request, in order (the last one repeats); 'hang' never answers. */
let answers: (number | 'hang')[] = [200];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body, type: req.headers['content-type'] });
      const answer = answers[Math.min(received.length - 1, answers.length - 1)];
      if (answer === 'hang') return; // no answer: the client's timeout must end it
      // A 404 echoes the path, as some services do: kpi must mask it.
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : `no_service ${req.url}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  received = [];
  answers = [200];
  server.closeAllConnections();
});

function kpi(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<KpiRun> {
  const e: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', TZ: 'UTC', ...env };
  for (const name of ['FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'CI', 'COLUMNS']) delete e[name];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: e as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const webhook = () => ({ KPI_TEST_WEBHOOK: `${base}/services/${SECRET}` });

describe('kpi notify', () => {
  it('posts a Slack Block Kit message: exceptions first, with drivers and notes; the exit code is the check\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-notify-'));
    try {
      cpSync(join(ROOT, 'fixtures', 'demo'), dir, { recursive: true });
      const noted = await kpi(['note', 'add', 'win_rate', '2026-10', 'Two fleet deals slipped to November', '--owner', 'Kari Lærum', '--action', 'Close both by 15 Nov', '-c', join(dir, 'kpi.yaml')]);
      expect(noted.code, noted.stderr).toBe(0);
      const run = await kpi(['notify', '-c', join(dir, 'kpi.yaml'), ...DEMO, '--drivers', 'rep', '--webhook-env', 'KPI_TEST_WEBHOOK', '--kind', 'slack'], webhook());
      // The check misses four targets: exit 1, as kpi check's.
      expect(run.code, run.stderr).toBe(1);
      expect(received).toHaveLength(1);
      expect(received[0].path).toBe(`/services/${SECRET}`);
      expect(received[0].type).toMatch(/^application\/json/);
      const body = JSON.parse(received[0].body) as { text: string; blocks: { type: string; text?: { type: string; text: string } }[] };
      expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'KPI check 2026-10 (2026-10-01 – 2026-10-31), compared with 2026-09: failed' } });
      expect(body.blocks[1].text?.text).toBe('10 met · 4 at risk · 4 missed · 51 without target · 1 without data');
      expect(body.blocks[2].type).toBe('divider');
      const sections = body.blocks.filter((b) => b.type === 'section').slice(1).map((b) => b.text!.text);
      // Exceptions first: the four misses, then the four at risk (render/order.ts's order, as kpi check prints it).
      expect(sections.map((t) => /^\*([^*]+)\*/.exec(t)?.[1])).toEqual([
        'Win rate', 'Outstanding receivables', 'Customer satisfaction (CSAT)', 'Website conversion rate',
        'Revenue', 'First response time', 'EBITDA', 'Capacity utilization (billable)',
      ]);
      expect(sections[0]).toContain('*Win rate* ✘ missed: 25.0% (target 30.0%, −5.0 pp)');
      // Against his own 20 %: Jonas won 1 of 14 of the 28 closed deals, (1 − 0.2 × 14) / 28 = −6.4 pp.
      expect(sections[0]).toContain('>Why — variance by rep, each against its own target: −5.0 pp: Øystein Hæreid +7.9 pp, Jonas Brække −6.4 pp');
      expect(sections[0]).toContain('>Note — Two fleet deals slipped to November (action: Close both by 15 Nov; owner Kari Lærum)');
      // Kari Lærum against her own 200,000 (targets.yaml): 135,463.00 − 200,000 = −64,537.00, as her --by rep row.
      expect(sections[4]).toContain('>Why — variance by rep, each against its own target: −37,135.60 NOK:');
      expect(sections[4]).toContain('Kari Lærum −64,537.00 NOK');
      expect(run.stderr).toContain('kpi: posted the check summary (slack) to the webhook in $KPI_TEST_WEBHOOK (127.0.0.1:');
      expect(run.stderr + run.stdout).not.toContain(SECRET);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('posts a Teams Adaptive Card, and a generic JSON payload', async () => {
    const teams = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--webhook-env', 'KPI_TEST_WEBHOOK', '--kind', 'teams', '-q'], webhook());
    expect(teams.code, teams.stderr).toBe(1);
    const card = JSON.parse(received[0].body) as { type: string; attachments: { contentType: string; content: { type: string; version: string; body: { type: string; text?: string; items?: { type: string; text?: string; facts?: { title: string; value: string }[] }[] }[] } }[] };
    expect(card.type).toBe('message');
    expect(card.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const containers = card.attachments[0].content.body.filter((b) => b.type === 'Container');
    expect(containers).toHaveLength(8);
    expect(containers[0].items![0].text).toBe('✘ missed Win rate');
    expect(containers[0].items![1].facts).toEqual([{ title: 'Actual', value: '25.0%' }, { title: 'Target', value: '30.0%' }, { title: 'Variance', value: '−5.0 pp' }]);

    const json = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--webhook-env', 'KPI_TEST_WEBHOOK', '-q'], webhook());
    expect(json.code).toBe(1);
    // 127.0.0.1 is neither Slack's nor Teams' host: kpi's own JSON.
    const doc = JSON.parse(received[1].body) as { kpi_check: number; verdict: string; exit: number; summary: { missed: number }; exceptions: { kpi: string; status: string }[] };
    expect([doc.kpi_check, doc.verdict, doc.exit, doc.summary.missed]).toEqual([1, 'failed', 1, 4]);
    expect(doc.exceptions.map((e) => e.kpi).slice(0, 4)).toEqual(['win_rate', 'outstanding', 'csat', 'conversion_rate']);
  });

  it('retries a 500 and succeeds on the second attempt', async () => {
    answers = [500, 200];
    const run = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--kpi', 'gross_margin', '--webhook-env', 'KPI_TEST_WEBHOOK'], webhook());
    expect(run.code, run.stderr).toBe(0); // gross margin 38.0% meets its 35.0%
    expect(received).toHaveLength(2);
    expect(received[1].body).toBe(received[0].body);
    expect(run.stderr).toContain('failed (attempt 1: HTTP 500 Internal Server Error: no_service ***); again in 1 s');
    expect(run.stderr).toContain('on attempt 2');
    expect(run.stderr).not.toContain(SECRET);
  });

  it('a failing webhook does not change a failed check\'s exit code; after a passed check it is exit 4', async () => {
    answers = [503];
    const failed = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--webhook-env', 'KPI_TEST_WEBHOOK', '--retries', '1'], webhook());
    expect(failed.code).toBe(1); // the check's: four targets missed
    expect(received).toHaveLength(2); // the first attempt and one retry
    expect(failed.stderr).toMatch(/kpi: error: could not post the check summary to the webhook in \$KPI_TEST_WEBHOOK \(127\.0\.0\.1:\d+\): HTTP 503 Service Unavailable: no_service \*\*\* \(2 attempts\); the exit code is the check's \(1\)/);

    received = [];
    answers = [404];
    const passed = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--kpi', 'gross_margin', '--webhook-env', 'KPI_TEST_WEBHOOK', '-f', 'json'], webhook());
    expect(passed.code).toBe(4);
    expect(received).toHaveLength(1); // a 404 is not retried: the URL is wrong or revoked
    const err = JSON.parse(passed.stderr.trim().split('\n').pop()!) as { error: { code: string; exit: number; message: string } };
    expect(err.error).toMatchObject({ code: 'KPI_NOTIFY_FAILED', exit: 4 });
    expect(passed.stderr).not.toContain(SECRET);
    expect(JSON.parse(passed.stdout).summary.met).toBe(1); // the check's own output is still written
  });

  it('gives up on a server that does not answer within --timeout', async () => {
    answers = ['hang'];
    const run = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--kpi', 'gross_margin', '--webhook-env', 'KPI_TEST_WEBHOOK', '--timeout', '0.5', '--retries', '0'], webhook());
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('no answer within 0.5 s (--timeout) (1 attempt)');
    expect(run.stderr).not.toContain(SECRET);
  });

  it('the URL only from the environment: unset, not a URL, or a URL given as the variable name are exit 2, never printed', async () => {
    const unset = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--webhook-env', 'KPI_TEST_UNSET_WEBHOOK']);
    expect([unset.code, unset.stderr]).toEqual([2, expect.stringMatching(/the environment variable KPI_TEST_UNSET_WEBHOOK is not set/)]);
    const notUrl = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--webhook-env', 'KPI_TEST_WEBHOOK'], { KPI_TEST_WEBHOOK: `not a url ${SECRET}` });
    expect([notUrl.code, notUrl.stderr]).toEqual([2, expect.stringMatching(/is not a URL \(it is not shown/)]);
    expect(notUrl.stderr).not.toContain(SECRET);
    const literal = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--webhook-env', `${base}/services/${SECRET}`]);
    expect(literal.code).toBe(2);
    expect(literal.stderr).toMatch(/expected the name of an environment variable/);
    expect(received).toHaveLength(0);
  });

  it('with --history --notify-on newly-missed, a run with no news posts nothing and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-notify-h-'));
    try {
      const args = ['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--webhook-env', 'KPI_TEST_WEBHOOK', '--history', join(dir, 'h.jsonl'), '--notify-on', 'newly-missed'];
      const first = await kpi(args, webhook());
      // No earlier run: the four misses are news, posted with what is new.
      expect(first.code, first.stderr).toBe(1);
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0].body).since_last_run).toMatchObject({ previous: null, lines: expect.arrayContaining(['missed: Win rate in 2026-10']) });
      const second = await kpi(args, webhook());
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain('kpi: note: nothing new since the last run: not posted');
      expect(received).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--dry-run prints the payload and posts nothing', async () => {
    const run = await kpi(['notify', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--kind', 'slack', '--dry-run', '-q']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).blocks[0].type).toBe('header');
    expect(received).toHaveLength(0);
  });
});
