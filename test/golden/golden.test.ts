// Golden tests: each case file keeps the command and its expected exit code, stdout and stderr side by side.
// Run with UPDATE_GOLDEN=1 to rewrite the expectations after an intended change; review the diff.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const DIR = join(ROOT, 'test', 'golden', 'cases');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface GoldenCase {
  comment: string;
  args: string[];
  env: Record<string, string>;
  code?: number;
  stdout?: string;
  stderr?: string;
}

function parseCase(text: string): GoldenCase {
  const lines = text.split('\n');
  // Comments are the lines above the command; lines below it are expected output (markdown starts with # too).
  const cmdAt = lines.findIndex((l) => l.startsWith('$ kpi '));
  const comment = lines.slice(0, Math.max(cmdAt, 0)).filter((l) => l.startsWith('#')).join('\n');
  const cmdLine = lines[cmdAt];
  if (!cmdLine) throw new Error('a golden case needs a line "$ kpi …"');
  const words = cmdLine.slice(6).match(/"[^"]*"|\S+/g) ?? [];
  const env: Record<string, string> = {};
  const args: string[] = [];
  for (const w of words) {
    const m = /^([A-Z_]+)=(.*)$/.exec(w);
    if (m && args.length === 0) env[m[1]] = m[2];
    else args.push(w.replace(/^"|"$/g, ''));
  }
  const section = (name: string): string | undefined => {
    const start = text.indexOf(`\n--- ${name}\n`);
    if (start < 0) return undefined;
    const body = text.slice(start + name.length + 6);
    if (/^--- (exit|stdout|stderr)\b/.test(body)) return '';
    const end = body.search(/\n--- (exit|stdout|stderr)\b/);
    return end < 0 ? body : body.slice(0, end + 1);
  };
  const exit = /\n--- exit (\d+)\n/.exec(text);
  return { comment, args, env, code: exit ? Number(exit[1]) : undefined, stdout: section('stdout'), stderr: section('stderr') };
}

/** Paths of this checkout and the version are blanked so cases hold on any machine and release. */
const blank = (s: string) => s.split(ROOT).join('<root>');

function formatCase(c: GoldenCase, code: number, stdout: string, stderr: string): string {
  const envWords = Object.entries(c.env).map(([k, v]) => `${k}=${v}`);
  const cmd = ['$ kpi', ...envWords, ...c.args.map((a) => (/\s/.test(a) ? `"${a}"` : a))].join(' ');
  let out = `${c.comment ? `${c.comment}\n` : ''}${cmd}\n--- exit ${code}\n--- stdout\n${stdout}`;
  if (stderr !== '') out += `${stdout.endsWith('\n') || stdout === '' ? '' : '\n'}--- stderr\n${stderr}`;
  return out;
}

describe('golden', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.golden')).sort()) {
    it(file.replace(/\.golden$/, ''), () => {
      const path = join(DIR, file);
      const c = parseCase(readFileSync(path, 'utf8'));
      const run = runKpi(c.args, { env: c.env });
      const stdout = blank(run.stdout);
      const stderr = blank(run.stderr);
      if (UPDATE || c.code === undefined) {
        if (process.env.CI && !UPDATE) throw new Error(`${file} has no expected output; run UPDATE_GOLDEN=1 npm test locally and commit it`);
        writeFileSync(path, formatCase(c, run.code, stdout, stderr));
        return;
      }
      expect(stdout).toBe(c.stdout ?? '');
      expect(stderr).toBe(c.stderr ?? '');
      expect(run.code).toBe(c.code);
    });
  }
});
