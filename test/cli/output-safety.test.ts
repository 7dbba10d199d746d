// Where kpi writes (issue 12, "Writing"): -o replaces only regular files, atomically, keeping their mode; devices,
// FIFOs and descriptors are written in place; inputs are never overwritten by accident; an interrupted write leaves
// no temp file; a closed pipe keeps the verdict; a full disk is exit 3, not a bug.
//
// No test writes to /dev/null or /dev/full themselves: the old code renamed a regular file over the path it was
// given, which as root would replace the device for every later process. Device behaviour is tested on device
// nodes made here (as root) and on FIFOs, and /dev/null's type is checked before and after all of it.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runKpi } from '../helpers/run-kpi.js';

// 2026-10: revenue 5 + 7 = 12 against a target of 1,000: missed, so `check` exits 1.
const CSV = 'date,revenue\n2026-10-01,5\n2026-10-02,7\n';

function project(): { dir: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-out-'));
  writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: s.csv }\n');
  writeFileSync(join(dir, 's.csv'), CSV);
  writeFileSync(join(dir, 'targets.yaml'), 'revenue: 1000\n');
  return { dir, args: ['-c', 'kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue'] };
}

const tempsIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.kpi-tmp-'));
const isRoot = process.getuid?.() === 0;

/** A character device node like /dev/null (1,3) or /dev/full (1,7), made in `dir`; undefined where mknod is not allowed. */
function deviceNode(dir: string, name: string, minor: number): string | undefined {
  if (!isRoot) return undefined;
  const path = join(dir, name);
  const made = spawnSync('mknod', ['-m', '666', path, 'c', '1', String(minor)]);
  return made.status === 0 ? path : undefined;
}

let devNullBefore: { rdev: number; char: boolean };
beforeAll(() => {
  const s = statSync('/dev/null');
  devNullBefore = { rdev: s.rdev, char: s.isCharacterDevice() };
});
afterAll(() => {
  const s = statSync('/dev/null');
  expect({ rdev: s.rdev, char: s.isCharacterDevice() }).toEqual(devNullBefore);
});

describe('-o and the kind of path', () => {
  it('writes into a device node instead of replacing it with a regular file', () => {
    const { dir, args } = project();
    const nul = deviceNode(dir, 'null', 3);
    if (!nul) return; // not root: the FIFO test below covers writing in place
    const run = runKpi(['report', ...args, '-f', 'json', '-o', nul], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lstatSync(nul).isCharacterDevice()).toBe(true);
    expect(tempsIn(dir)).toEqual([]);
  });

  it('a full device is exit 3 "no space left on device", and stays a device', () => {
    const { dir, args } = project();
    const full = deviceNode(dir, 'full', 7);
    if (!full) return;
    const run = runKpi(['report', ...args, '-f', 'csv', '-o', full], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`kpi: cannot write ${full}: no space left on device\n`);
    expect(lstatSync(full).isCharacterDevice()).toBe(true);
  });

  it('writes into a FIFO (opened for writing, not renamed over)', () => {
    const { dir, args } = project();
    const fifo = join(dir, 'out.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // The reader is a shell that copies the FIFO to a file; kpi's open blocks until it is there.
    const run = spawnSync('sh', ['-c', `cat "${fifo}" > "${join(dir, 'got.json')}" & node "${BIN}" report ${args.join(' ')} -f json -o "${fifo}"; s=$?; wait; exit $s`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'got.json'), 'utf8')).results[0].value).toBe(12);
  });

  it('-o /dev/stdout writes to stdout (a pipe here), exit 0', () => {
    const { dir, args } = project();
    // As root a regression would rename a file over /dev/stdout itself: there the test uses a link of its own to
    // the same place (/proc/self/fd/1) and /dev/fd/1, whose folder cannot take a file.
    const link = join(dir, 'stdout');
    symlinkSync('/proc/self/fd/1', link);
    for (const out of isRoot ? [link, '/dev/fd/1'] : ['/dev/stdout', link, '/dev/fd/1']) {
      const run = runKpi(['report', ...args, '-f', 'json', '-o', out], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).results[0].value).toBe(12);
    }
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('-o /dev/fd/3 writes to the descriptor the shell opened (process substitution, 3> file)', () => {
    const { dir, args } = project();
    const sh = (script: string) =>
      spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' }, timeout: 30_000 });
    const toFile = sh(`node "${BIN}" report ${args.join(' ')} -f json -o /dev/fd/3 3> fd3.json`);
    expect(toFile.stderr).toBe('');
    expect(toFile.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'fd3.json'), 'utf8')).results[0].value).toBe(12);
    // bash names the pipe of >(cmd) /dev/fd/63 (or similar): it is written, not refused as a missing folder.
    const sub = sh(`node "${BIN}" report ${args.join(' ')} -f json -o >(cat > sub.json); s=$?; sleep 0.2; exit $s`);
    expect(sub.stderr).toBe('');
    expect(sub.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'sub.json'), 'utf8')).results[0].value).toBe(12);
  });

  it('a symlink stays a symlink: its target is replaced, with the target mode kept (0600)', () => {
    const { dir, args } = project();
    writeFileSync(join(dir, '2026-10.json'), 'old\n');
    chmodSync(join(dir, '2026-10.json'), 0o600);
    symlinkSync('2026-10.json', join(dir, 'latest.json'));
    const run = runKpi(['report', ...args, '-o', 'latest.json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lstatSync(join(dir, 'latest.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'latest.json'))).toBe('2026-10.json');
    expect(JSON.parse(readFileSync(join(dir, '2026-10.json'), 'utf8')).results[0].value).toBe(12);
    expect(statSync(join(dir, '2026-10.json')).mode & 0o777).toBe(0o600);
    expect(tempsIn(dir)).toEqual([]);
  });

  it('an existing regular file keeps its mode (0640), a new one gets the umask default', () => {
    const { dir, args } = project();
    writeFileSync(join(dir, 'r.json'), 'old\n');
    chmodSync(join(dir, 'r.json'), 0o640);
    expect(runKpi(['report', ...args, '-o', 'r.json'], { cwd: dir }).code).toBe(0);
    expect(statSync(join(dir, 'r.json')).mode & 0o777).toBe(0o640);
    expect(runKpi(['report', ...args, '-o', 'new.json'], { cwd: dir }).code).toBe(0);
    expect(statSync(join(dir, 'new.json')).isFile()).toBe(true);
  });

  it('a folder is named as such, without the temp file', () => {
    const { dir, args } = project();
    mkdirSync(join(dir, 'reports'));
    const run = runKpi(['report', ...args, '-f', 'csv', '-o', 'reports'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('kpi: cannot write reports: it is a folder; name a file, e.g. reports/report.json\n');
    const missing = runKpi(['report', ...args, '-o', 'nope/r.json'], { cwd: dir });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('kpi: cannot write nope/r.json: the folder nope does not exist\n');
  });
});

describe('-o never overwrites an input of the same run without --force', () => {
  for (const [what, file, extra] of [
    ['the export being read', 's.csv', ['-f', 'csv']],
    ['kpi.yaml', 'kpi.yaml', ['-f', 'csv']],
    ['the targets file', 'targets.yaml', ['-f', 'csv']],
  ] as const) {
    it(what, () => {
      const { dir, args } = project();
      const before = readFileSync(join(dir, file), 'utf8');
      const run = runKpi(['report', ...args, ...extra, '-o', file], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `kpi: -o ${file}: this run reads that file, and writing the output there would destroy it; name another file, or add --force to overwrite it\n`,
      );
      expect(readFileSync(join(dir, file), 'utf8')).toBe(before);
      const json = runKpi(['report', ...args, '-o', file, '--format', 'json'], { cwd: dir });
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stderr).error).toMatchObject({ code: 'KPI_OUTPUT_IS_INPUT', exit: 2, file });
      expect(readFileSync(join(dir, file), 'utf8')).toBe(before);
    });
  }

  it('through a symlink or a hard link too, and --force overwrites', () => {
    const { dir, args } = project();
    symlinkSync('s.csv', join(dir, 'alias.csv'));
    const run = runKpi(['report', ...args, '-f', 'csv', '-o', 'alias.csv'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kpi: -o alias\.csv: this run reads that file \(as s\.csv\)/);
    expect(readFileSync(join(dir, 's.csv'), 'utf8')).toBe(CSV);
    const forced = runKpi(['report', ...args, '-f', 'csv', '-o', 's.csv', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 's.csv'), 'utf8')).toMatch(/^kpi,label,/);
  });
});

describe('interrupted while writing', () => {
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} removes the temp file, leaves the old report whole and ends by the signal (shell status ${status})`, async () => {
      const { dir, args } = project();
      writeFileSync(join(dir, 'r.json'), 'old\n');
      // The hook holds the finished temp file before the rename, so the signal surely arrives while it exists.
      const child = spawn(process.execPath, [BIN, 'report', ...args, '-o', 'r.json'], {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', KPI_TEST_HOLD_OUTPUT_MS: '20000' },
        stdio: 'ignore',
      });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, sig) => done({ code, signal: sig })));
      for (let i = 0; i < 600 && tempsIn(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(tempsIn(dir)).toHaveLength(1);
      child.kill(signal);
      const end = await ended;
      expect(end).toEqual({ code: null, signal });
      expect(tempsIn(dir)).toEqual([]);
      expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('old\n');
      // The shell's view: 128 + the signal number.
      const sh = spawnSync('bash', ['-c', `KPI_TEST_HOLD_OUTPUT_MS=20000 node "${BIN}" report ${args.join(' ')} -o r2.json & p=$!; while ! ls -a | grep -q kpi-tmp; do sleep 0.05; done; kill -${signal.slice(3)} $p; wait $p; echo $?`], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
        timeout: 30_000,
      });
      expect(sh.stdout.trim()).toBe(String(status));
      expect(existsSync(join(dir, 'r2.json'))).toBe(false);
      expect(tempsIn(dir)).toEqual([]);
    });
  }
});

describe('stdout and the job summary', () => {
  it('a closed pipe keeps the verdict: `kpi check | true` under pipefail is exit 1', () => {
    const { dir, args } = project();
    for (const format of ['table', 'json']) {
      // `true` exits without reading, so kpi's write meets a closed pipe (EPIPE).
      const run = spawnSync('bash', ['-c', `set -o pipefail; node "${BIN}" check ${args.join(' ')} -f ${format} | true`], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
        timeout: 30_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
    }
  });

  it('stdout on a full device is exit 3 "no space left on device", not an internal error', () => {
    const { dir, args } = project();
    // Opening /dev/full for writing changes nothing; only a rename over it would.
    const fd = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [BIN, 'report', ...args], { cwd: dir, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' } });
      expect(run.stderr).toBe('kpi: cannot write to standard output: no space left on device\n');
      expect(run.status).toBe(3);
    } finally {
      closeSync(fd);
    }
  });

  it('an unwritable $GITHUB_STEP_SUMMARY is a warning; the verdict (exit 1) and the annotations stand', () => {
    const { dir, args } = project();
    for (const summary of ['/dev/full', join(dir, 'no', 'such', 'summary.md')]) {
      const run = runKpi(['check', ...args], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('::error title=KPI missed%3A revenue::');
      expect(run.stderr).toMatch(new RegExp(`^kpi: warning: cannot write the job summary to ${summary.replace(/[/.]/g, '\\$&')} \\(\\$GITHUB_STEP_SUMMARY\\): (no space left on device|no such file or folder)\\n$`));
    }
  });
});
