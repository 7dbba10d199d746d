// Runs the built `kpi` binary as a user would, with a clean environment (no colour, fixed time zone unless given).
// runKpi blocks the test file until kpi ends; runKpiAsync does not, so tests that mostly wait (on a server, a
// timeout, a slow fake server) can run side by side in describe.concurrent and a file's waits overlap.
//
// runKpi runs bin/kpi.js in a worker thread of the test process (kpi-thread.mjs) when that thread sees what a new
// process would: a new isolate loads kpi's modules afresh, with its own process.env and exit code, in the run's
// folder, with stdin at its end and stdout/stderr as pipes. What a thread cannot have of its own (the time zone and
// locale of the process, NODE_OPTIONS, the process's stdin/stdout/stderr reached as /dev/… paths, KPI_TIMING's
// main/reader names) makes runKpi spawn `node bin/kpi.js` as before; so do runKpiAsync, KPI_TEST_SPAWN=1,
// UPDATE_GOLDEN=1 and npm run test:wide (which runs the golden cases that way too). The thread saves Node's own start-up, some 55 ms
// of the 250 ms of CPU of a small run; ~1,300 runs of npm test take this way.
import { spawn, spawnSync } from 'node:child_process';
import { isatty } from 'node:tty';
import { isMainThread, Worker, MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  const env = kpiEnv(options);
  return threadable(args, options, env) ? runInThread(args, options, env) : runKpiProcess(args, options);
}

/** Whether runKpi would run these arguments in a worker thread (test/cli/run-kpi-thread.test.ts). */
export const runsInThread = (args: string[], options: RunOptions = {}): boolean => threadable(args, options, kpiEnv(options));

/** runKpi as its own process always: `node bin/kpi.js …`. */
export function runKpiProcess(args: string[], options: RunOptions = {}): KpiRun {
  const env = kpiEnv(options);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    encoding: 'utf8',
    input: options.input,
    // A hang is a failure (code -1), not a stuck test run.
    timeout: options.timeoutMs ?? 60_000,
    // Reports of many groups run to megabytes (spawnSync's default of 1 MiB kills the child).
    maxBuffer: 1 << 30,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const THREAD = join(ROOT, 'test', 'helpers', 'kpi-thread.mjs');
const BIN_URL = pathToFileURL(BIN).href;

/** The time zone and locale settings are the process's (ICU's and libc's), read once at its start: a thread has the test runner's. */
const PROCESS_WIDE = ['TZ', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE', 'LC_NUMERIC', 'LC_TIME', 'LC_COLLATE', 'LC_MONETARY', 'LC_MESSAGES', 'NODE_OPTIONS', 'NODE_ICU_DATA', 'KPI_TIMING'];
const zoneOf = (tz: string | undefined) => (tz === undefined || tz === '' ? undefined : tz.replace(/^:/, '').replace(/^Etc\/(UTC|GMT)$|^(GMT|UCT|Universal|Zulu)$/, 'UTC'));
const RUNNER_ZONE = zoneOf(process.env.TZ) ?? zoneOf(Intl.DateTimeFormat().resolvedOptions().timeZone);
/** The process's own stdin/stdout/stderr and terminal, which a thread shares with the test runner. */
const PROCESS_FILES = /^(\/dev\/(stdin|stdout|stderr|fd\/|tty|pts)|\/proc\/(self|thread-self)\/fd)|=(\/dev\/(stdin|stdout|stderr|fd\/|tty)|\/proc\/(self|thread-self)\/fd)/;

/** Whether a worker thread sees all that a new `node bin/kpi.js` process would (else runKpi spawns one). */
function threadable(args: readonly string[], options: RunOptions, env: NodeJS.ProcessEnv): boolean {
  // Golden expectations are rewritten (UPDATE_GOLDEN=1) from real processes only.
  if (process.env.KPI_TEST_SPAWN === '1' || process.env.KPI_TEST_WIDE === '1' || process.env.UPDATE_GOLDEN === '1' || options.input !== undefined) return false;
  // The run's folder is set with process.chdir, which only a process's main thread may call (vitest's forks pool).
  if (!isMainThread) return false;
  for (const name of PROCESS_WIDE) {
    if (name === 'TZ' ? zoneOf(env.TZ) !== RUNNER_ZONE : env[name] !== process.env[name]) return false;
  }
  // A terminal of the runner would be reachable through /dev/tty and the inherited descriptors.
  if (isatty(0) || isatty(1) || isatty(2)) return false;
  return !args.some((a) => PROCESS_FILES.test(a));
}

/**
 * A thread's stack as deep as a process's main thread (V8's 984 KB; Node keeps 192 KB of a thread's stack in
 * reserve): a formula nested too deep overflows where it would in `node bin/kpi.js`, not four times deeper.
 */
const STACK_MB = (984 + 192) / 1024;

/**
 * runKpi in a worker thread, waited for synchronously (Atomics.wait) as spawnSync waits for a process: the test's
 * own thread does nothing meanwhile, so the folder it changes to for the run is the run's alone.
 */
function runInThread(args: string[], options: RunOptions, env: NodeJS.ProcessEnv): KpiRun {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const home = process.cwd();
  process.chdir(options.cwd ?? ROOT);
  let worker: Worker | undefined;
  try {
    // execArgv: [] as `node bin/kpi.js` has none (not the test runner's); stdin: false gives a stdin at its end.
    // As spawn does, a variable set to undefined is left out (a thread's env would hold the text "undefined").
    const own = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
    worker = new Worker(THREAD, { argv: args, env: own, execArgv: [], workerData: { port: port2, done, bin: BIN_URL }, transferList: [port2], stdout: false, stderr: false, resourceLimits: { stackSizeMb: STACK_MB } });
    worker.unref();
    // A hang is a failure (code -1), not a stuck test run.
    if (Atomics.wait(done, 0, 0, options.timeoutMs ?? 60_000) === 'timed-out') {
      void worker.terminate();
      return { code: -1, stdout: '', stderr: '' };
    }
    const reply = receiveMessageOnPort(port1)?.message as KpiRun | undefined;
    if (!reply) throw new Error('kpi ended in its thread without a result');
    return { code: reply.code, stdout: reply.stdout, stderr: reply.stderr };
  } finally {
    port1.close();
    process.chdir(home);
  }
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
