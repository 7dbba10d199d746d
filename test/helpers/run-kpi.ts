// Runs the built `kpi` binary as a user would, with a clean environment (no colour, fixed time zone unless given).
// runKpi blocks the test file until kpi ends; runKpiAsync does not, so tests that mostly wait (on a server, a
// timeout, a slow fake server) can run side by side in describe.concurrent and a file's waits overlap.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'kpi.js');

export interface KpiRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

/** The environment kpi runs in: the test runner's own CI variables must not leak in (a test sets them when it wants them). */
function kpiEnv(options: RunOptions): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'CI', 'COLUMNS']) delete env[name];
  Object.assign(env, { NO_COLOR: '1', TZ: 'UTC' }, options.env);
  return env as NodeJS.ProcessEnv;
}

export function runKpi(args: string[], options: RunOptions = {}): KpiRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: kpiEnv(options),
    encoding: 'utf8',
    input: options.input,
    // A hang is a failure (code -1), not a stuck test run.
    timeout: options.timeoutMs ?? 60_000,
    // Reports of many groups run to megabytes (spawnSync's default of 1 MiB kills the child).
    maxBuffer: 1 << 30,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** runKpi without blocking: the same environment, the same hang limit (code -1 after it), the same result. */
export function runKpiAsync(args: string[], options: RunOptions = {}): Promise<KpiRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: kpiEnv(options), stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => stdout.push(d));
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    // A kpi that ends before reading all of its input closes the pipe: not the test's failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? -1 : (code ?? -1), stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

const shared = new Map<string, KpiRun>();

/**
 * runKpi for a run whose inputs nothing in the test file changes (fixtures only read, --as-of pinned): the same
 * command with the same folder, environment and input runs once per test file and its result is shared, since a
 * second run could only print the same. Tests that write to a project between runs use runKpi.
 */
export function runKpiShared(args: string[], options: RunOptions = {}): KpiRun {
  const key = JSON.stringify([args, options.cwd ?? ROOT, options.env ?? {}, options.input ?? null, options.timeoutMs ?? null]);
  let run = shared.get(key);
  if (!run) {
    run = Object.freeze(runKpi(args, options));
    // A hang or a crash is not kept: the next test asking for it sees its own failure.
    if (run.code >= 0) shared.set(key, run);
  }
  return run;
}

interface JsonResult {
  kpi: string;
  group: Record<string, string>;
  value: number | null;
  [key: string]: unknown;
}

/** Runs `kpi report -f json` and returns the total value of each KPI. */
export function reportValues(args: string[], options?: RunOptions): Record<string, number | null> {
  const run = runKpi(['report', '-f', 'json', ...args], options);
  if (run.code !== 0) throw new Error(`kpi exited ${run.code}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { results: JsonResult[] };
  return Object.fromEntries(report.results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.kpi, r.value]));
}
