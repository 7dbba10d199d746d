// The flags users pass to every command (`-q`, `--no-color`) are taken by every command: `kpi validate -q` said
// "unknown option" (exit 2) while `kpi report -q` worked.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const FIXTURE = ['-c', 'test/render/fixtures/kpi.yaml'];

/** The command names `kpi --help` lists. */
function commands(): string[] {
  const help = runKpi(['--help']).stdout;
  const section = help.slice(help.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]).filter((name) => name !== 'help');
}

describe('common flags', () => {
  it('every command lists -q, --quiet and --no-color in its --help', () => {
    const names = commands();
    // The commands of README "Commands" (a list that lost one would pass the loop below unnoticed).
    expect(names).toEqual(expect.arrayContaining(['report', 'check', 'list', 'explain', 'trend', 'validate', 'init']));
    for (const name of names) {
      const help = runKpi([name, '--help']).stdout;
      expect(help, name).toMatch(/-q, --quiet/);
      expect(help, name).toMatch(/--no-color/);
    }
  });

  it('validate and list take them and print the same report', () => {
    for (const args of [['validate', ...FIXTURE], ['list', ...FIXTURE]]) {
      const plain = runKpi(args);
      const quiet = runKpi([...args, '-q', '--no-color']);
      expect(quiet.stderr, args[0]).toBe('');
      expect(quiet.code, args[0]).toBe(plain.code);
      expect(quiet.stdout, args[0]).toBe(plain.stdout);
      expect(plain.stdout.length, args[0]).toBeGreaterThan(0);
    }
  });

  it('init -q writes the same files and nothing on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-q-'));
    try {
      const sales = join(ROOT, 'fixtures', 'kpis', 'sales.csv');
      const plain = runKpi(['init', sales, '-c', join(dir, 'a.yaml'), '-t', join(dir, 'a-targets.yaml')]);
      const quiet = runKpi(['init', sales, '-c', join(dir, 'b.yaml'), '-t', join(dir, 'b-targets.yaml'), '-q', '--no-color']);
      expect(plain.code).toBe(0);
      expect(plain.stderr).toContain('wrote');
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');
      expect(readFileSync(join(dir, 'b.yaml'), 'utf8').replaceAll('b-targets', 'a-targets')).toBe(readFileSync(join(dir, 'a.yaml'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
