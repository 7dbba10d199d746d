// test/helpers/run-kpi.ts runs most kpi runs of the suite in a worker thread (kpi-thread.mjs) instead of a process of
// their own: here the same commands both ways give the same exit code, stdout and stderr, the files written, and
// the settings a thread cannot have of its own send a run to a process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runKpi, runKpiProcess, runsInThread } from '../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DEMO = ['-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15'];

describe('a kpi run in a thread is the run of a process', () => {
  it('uses a thread for a plain run (else the comparisons below compare a process with itself)', () => {
    expect(runsInThread(['report', ...DEMO])).toBe(true);
  });

  for (const [name, args, env] of [
    ['the terminal table at 80 columns', ['report', ...DEMO], { COLUMNS: '80' }],
    ['check, exit 1 on a miss', ['check', ...DEMO, '--kpi', 'revenue,win_rate,gross_margin']],
    ['json, with a warning on stderr', ['report', ...DEMO, '-f', 'json', '--by', 'rep']],
    ['a usage error as JSON, exit 2', ['report', '--period', 'bogus', '-f', 'json']],
    ['a data error, exit 3', ['check', '-c', 'fixtures/coverage/empty.yaml', '--as-of', '2026-11-05']],
    ['colour forced', ['report', ...DEMO, '--kpi', 'revenue'], { FORCE_COLOR: '1', NO_COLOR: '' }],
    ['--help', ['--help']],
    ['--version', ['--version']],
    ['KPI_DEBUG on an unknown command', ['nosuch'], { KPI_DEBUG: '1' }],
  ] as [string, string[], Record<string, string>?][]) {
    it(name, () => {
      const options = { env };
      expect(runsInThread(args, options)).toBe(true);
      expect(runKpi(args, options)).toEqual(runKpiProcess(args, options));
    });
  }

  it('a run in its own folder writes the same file there (-o, relative paths, kpi init)', () => {
    const write = (name: string, run: typeof runKpi) => {
      const cwd = join(dir, name);
      mkdirSync(cwd);
      writeFileSync(join(cwd, 'sales.csv'), 'date,order_id,amount\n2026-10-02,1,100\n2026-10-05,2,50.5\n');
      const init = run(['init', 'sales.csv'], { cwd });
      const report = run(['report', '--period', '2026-10', '--as-of', '2026-11-15', '-o', 'r.json'], { cwd });
      return { init, report, yaml: readFileSync(join(cwd, 'kpi.yaml'), 'utf8'), json: readFileSync(join(cwd, 'r.json'), 'utf8') };
    };
    expect(runsInThread(['init', 'sales.csv'], { cwd: dir })).toBe(true);
    const inThread = write('thread', runKpi);
    const inProcess = write('process', runKpiProcess);
    expect(inThread.init.code).toBe(0);
    expect(inThread.report.code, inThread.report.stderr).toBe(0);
    expect(inThread).toEqual(inProcess);
  });

  it('a run past its time limit is code -1, in a thread as in a process', () => {
    const args = ['report', ...DEMO];
    expect(runsInThread(args, { timeoutMs: 1 })).toBe(true);
    expect(runKpi(args, { timeoutMs: 1 }).code).toBe(-1);
    expect(runKpiProcess(args, { timeoutMs: 1 }).code).toBe(-1);
  });

  it('settings of the whole process send a run to a process of its own', () => {
    const args = ['report', ...DEMO];
    expect(runsInThread(args, { env: { TZ: 'Pacific/Auckland' } })).toBe(false);
    expect(runsInThread(args, { env: { LC_ALL: 'nb_NO.UTF-8' } })).toBe(false);
    expect(runsInThread(args, { env: { NODE_OPTIONS: '--stack-size=200' } })).toBe(false);
    expect(runsInThread(args, { env: { KPI_TIMING: '1' } })).toBe(false);
    expect(runsInThread(args, { input: 'date,amount\n' })).toBe(false);
    expect(runsInThread([...args, '-o', '/dev/stdout'])).toBe(false);
    expect(runsInThread(['report', '--source', 'sales=/proc/self/fd/0'])).toBe(false);
    expect(runsInThread(args, { cwd: ROOT })).toBe(true);
  });
});
