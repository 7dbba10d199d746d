// Runs the built `kpi` binary as a user would, with a clean environment (no colour, fixed time zone unless given).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'kpi.js');

export interface KpiRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runKpi(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {},
): KpiRun {
  // The test runner's own CI variables must not leak in; a test sets them explicitly when it wants them.
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['FORCE_COLOR', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'CI', 'COLUMNS']) delete env[name];
  Object.assign(env, { NO_COLOR: '1', TZ: 'UTC' }, options.env);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    input: options.input,
    // A hang is a failure (code -1), not a stuck test run.
    timeout: options.timeoutMs ?? 60_000,
    // Reports of many groups run to megabytes (spawnSync's default of 1 MiB kills the child).
    maxBuffer: 1 << 30,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

interface JsonResult {
  kpi: string;
  group: Record<string, string>;
  value: number | null;
  [key: string]: unknown;
}

/** Runs `kpi report -f json` and returns the total value of each KPI. */
export function reportValues(args: string[], options?: Parameters<typeof runKpi>[1]): Record<string, number | null> {
  const run = runKpi(['report', '-f', 'json', ...args], options);
  if (run.code !== 0) throw new Error(`kpi exited ${run.code}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { results: JsonResult[] };
  return Object.fromEntries(report.results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.kpi, r.value]));
}
