// The exit codes and error codes have one home, src/errors.ts: README's table and list, `--help` and the JSON
// errors are checked against it here. `UPDATE_DOCS=1 npx vitest run test/errors/error-codes.test.ts` rewrites
// README's generated blocks after a change to the tables.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DataError, ERROR_CODES, EXIT_CODE_MEANINGS, ExitCode, KpiError, errorJson } from '../../src/errors.js';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const README = join(ROOT, 'README.md');

function exitTable(): string {
  const rows = Object.entries(EXIT_CODE_MEANINGS).map(([code, meaning]) => `| ${code} | ${meaning} |`);
  return ['| code | meaning |', '|---|---|', ...rows].join('\n');
}

function codeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, { exit, meaning }]) => `| \`${code}\` | ${exit} | ${meaning} |`);
  return ['| error code | exit | meaning |', '|---|---|---|', ...rows].join('\n');
}

function block(text: string, name: string): { start: number; end: number; body: string } {
  const open = `<!-- ${name}:start -->\n`;
  const close = `\n<!-- ${name}:end -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < 0) throw new Error(`README has no ${name} block`);
  return { start: start + open.length, end, body: text.slice(start + open.length, end) };
}

describe('one home for exit codes and error codes', () => {
  it('README has the exit-code table and the error-code list of src/errors.ts', () => {
    let text = readFileSync(README, 'utf8');
    if (process.env.UPDATE_DOCS) {
      for (const [name, body] of [['exit-codes', exitTable()], ['error-codes', codeTable()]] as const) {
        const b = block(text, name);
        text = text.slice(0, b.start) + body + text.slice(b.end);
      }
      writeFileSync(README, text);
    }
    expect(block(text, 'exit-codes').body).toBe(exitTable());
    expect(block(text, 'error-codes').body).toBe(codeTable());
    // One table: no other exit-code table elsewhere in the README.
    expect(text.match(/^\| code \| meaning \|$/gm)).toHaveLength(1);
  });

  it('every exit code has a meaning and every error code belongs to a documented exit code', () => {
    expect(Object.keys(EXIT_CODE_MEANINGS).map(Number).sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
    for (const [code, { exit }] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^KPI_[A-Z0-9_]+$/);
      expect(Object.values(ExitCode)).toContain(exit);
    }
  });

  it('errors without a code get the default code of their class', () => {
    expect(new ConfigError('x').code).toBe('KPI_CONFIG');
    expect(new DataError('x').code).toBe('KPI_DATA');
    expect(new ConfigError('x', [], 'KPI_PERIOD').code).toBe('KPI_PERIOD');
    const located = new DataError('x', [], { code: 'KPI_BAD_ROW', file: 's.csv', line: 3, column: 'revenue' });
    expect(JSON.parse(errorJson(located))).toEqual({ error: { code: 'KPI_BAD_ROW', message: 'x', exit: 3, file: 's.csv', line: 3, column: 'revenue' } });
    expect(located).toBeInstanceOf(KpiError);
  });

  it('--help lists every exit code, 70 included', () => {
    const run = runKpi(['--help']);
    expect(run.code).toBe(0);
    const line = run.stdout.split('\n').find((l) => l.startsWith('Exit codes:'));
    for (const code of Object.values(ExitCode)) expect(line).toMatch(new RegExp(`\\b${code} `));
  });

  it('--format json prints a user error as one JSON line on stderr', () => {
    const run = runKpi(['report', '--format', 'json', '--period', '2026-13', '--source', 'sales=fixtures/kpis/sales.csv']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const err = JSON.parse(run.stderr.trim()) as { error: { code: string; exit: number; message: string } };
    expect(err.error.code).toBe('KPI_PERIOD');
    expect(err.error.exit).toBe(2);
    expect(err.error.message).toMatch(/^unknown period '2026-13'/);
  });

  it('--format json prints a usage error from the command line as JSON too', () => {
    const run = runKpi(['report', '--format', 'json', '--perod', '2026-10']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr.trim())).toEqual({ error: { code: 'KPI_USAGE', message: "unknown option '--perod'\n(Did you mean --period?)", exit: 2 } });
  });
});
