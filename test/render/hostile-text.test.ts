// Text from the data and the config is shown, never obeyed: terminal escapes, bidirectional overrides, GitHub
// mentions, characters XML cannot hold and cells over Excel's limit, through every command and format of the binary.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpi, type KpiRun } from '../helpers/run-kpi.js';
import { unzip } from '../helpers/zip.js';
import { parseXmlStrict } from './helpers.js';

/** Sets the terminal title, rings the bell and clears the screen when printed raw. */
const TITLE = '\u001b]0;pwned\u0007\u001b[2J';
/** Shows as `evilexe.png` reordered (U+202E right-to-left override). */
const BIDI = 'evil\u202egnp.exe';
const MENTION = '@octocat fixes #123 and GH-7';
/** Characters XML 1.0 cannot hold (U+FFFE, U+FFFF, SOH) and a one-byte CSI (U+009B). */
const NOT_XML = 'a\ufffeb\uffffc\u0001d\u009b2J';
/** Over Excel's 32,767 characters in one cell. */
const LONG = 'x'.repeat(40_000);
/** OSC 52 writes the clipboard, then a one-byte CSI: an unreadable amount, so a bad value echoed in warnings and messages. */
const CLIPBOARD = '1\u001b]52;c;aGk=\u0007\u009b';

/** Anything a terminal or a bidi-aware viewer would act on: C0 but LF, DEL, C1, bidi controls, U+2028/9. */
const ACTS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

const csvField = (s: string) => `"${s.replaceAll('"', '""')}"`;

let dir: string;
const ARGS = () => ['-c', join(dir, 'kpi.yaml'), '--period', '2026-10', '--as-of', '2026-11-15'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-hostile-'));
  const lines = ['date,rep,revenue'];
  [TITLE, BIDI, MENTION, NOT_XML, LONG].forEach((rep, i) => lines.push(`2026-10-0${i + 1},${csvField(rep)},${100 - i}`));
  lines.push(`2026-10-09,Bob,${csvField(CLIPBOARD)}`);
  writeFileSync(join(dir, 'sales.csv'), `${lines.join('\n')}\n`);
  // YAML's "\e" is ESC: a label can carry the same sequences.
  writeFileSync(
    join(dir, 'kpi.yaml'),
    ['sources:', '  sales: { file: sales.csv }', 'kpis:', '  evil:', '    label: "Evil \\e]0;title\\a \\u202e @octocat"', '    formula: sum(sales.revenue)', '    unit: currency', ''].join('\n'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectInert(run: KpiRun): void {
  for (const [name, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    const m = ACTS.exec(text);
    expect(m && `${name}: U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(text.slice(m.index - 20, m.index + 20))}`).toBeNull();
  }
}

describe('text from the data is shown, not obeyed', () => {
  it('table: control characters and bidi overrides shown escaped, and the value still there', () => {
    const run = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--by', 'rep']);
    expect(run.code).toBe(0);
    expectInert(run);
    expect(run.stdout).toContain('\\e]0;pwned\\x07\\e[2J');
    expect(run.stdout).toContain('evil\\u202egnp.exe');
    expect(run.stdout).toContain('a\ufffeb\uffffc\\x01d\\u009b2J');
    expect(run.stdout).toContain('Evil \\e]0;title\\x07 \\u202e @octocat');
  });

  it('trend, explain, list and validate', () => {
    for (const args of [
      ['trend', 'evil', ...ARGS(), '--by', 'rep', '--last', '2'],
      ['explain', 'evil', ...ARGS()],
      ['list', '-c', join(dir, 'kpi.yaml')],
    ]) {
      const run = runKpi(args);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(0);
      expectInert(run);
      expect(run.stdout, args[0]).toContain('\\e]0;title\\x07');
    }
    const validate = runKpi(['validate', '-c', join(dir, 'kpi.yaml')]);
    expect(validate.code).toBe(3);
    expectInert(validate);
    // A quoted value in a message: JSON-style escapes.
    expect(validate.stdout).toContain('"1\\u001b]52;c;aGk=\\u0007\\u009b"');
  });

  it('stderr: messages quoting values and headers', () => {
    const strict = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--strict']);
    expect(strict.code).toBe(3);
    expectInert(strict);
    expect(strict.stderr).toContain('\\u001b]52');
    // The headers found, listed when a required column is missing.
    const file = join(dir, 'no-date.csv');
    // Enough ordinary rows that the file is text, not binary (under 1% control bytes).
    writeFileSync(file, `Dato${TITLE},revenue\n${'2026-10-01,5\n'.repeat(100)}`);
    const missing = runKpi(['report', '--source', `sales=${file}`, '--kpi', 'revenue']);
    expect(missing.code).toBe(3);
    expectInert(missing);
    expect(missing.stderr).toContain('Dato\\e]0;pwned\\x07\\e[2J');
  });

  it('md: mentions and issue references inert, controls escaped', () => {
    const run = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--by', 'rep', '-f', 'md']);
    expect(run.code).toBe(0);
    expectInert(run);
    // A zero-width space after @ and # (as Renovate writes them): GitHub shows `@octocat`, `#123` and links neither.
    expect(run.stdout).toContain('@&#8203;octocat fixes #&#8203;123 and GH&#8203;-7');
    expect(run.stdout).not.toMatch(/@octocat|#123|GH-7/);
    expect(run.stdout).toContain('\\\\e\\]0;pwned\\\\x07\\\\e\\[2J');
  });

  it('json keeps every value exactly and prints no raw override or C1 control', () => {
    const run = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--by', 'rep', '-f', 'json']);
    expect(run.code).toBe(0);
    expectInert(run);
    const reps = (JSON.parse(run.stdout) as { results: { group: { rep?: string } }[] }).results.map((r) => r.group.rep);
    for (const rep of [TITLE, BIDI, MENTION, NOT_XML, LONG]) expect(reps).toContain(rep);
  });

  it('csv: bidi overrides written as escapes', () => {
    const run = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--by', 'rep', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(run.stdout).toContain('evil\\u202egnp.exe');
  });

  it('html and junit: well-formed characters, no bidi override', () => {
    for (const format of ['html', 'junit']) {
      const run = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--by', 'rep', '-f', format]);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069\ufffe\uffff\u0001]/);
    }
    const junit = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--by', 'rep', '-f', 'junit']);
    expect(() => parseXmlStrict(junit.stdout)).not.toThrow();
  });
});

describe('xlsx stays well-formed', () => {
  it('every XML part parses strictly; long cells are cut with a marker', () => {
    const file = join(dir, 'report.xlsx');
    const run = runKpi(['report', ...ARGS(), '--kpi', 'evil', '--by', 'rep', '-o', file]);
    expect(run.code, run.stderr).toBe(0);
    const parts = unzip(readFileSync(file));
    const xml = [...parts].filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'));
    expect(xml.map(([name]) => name)).toContain('xl/worksheets/sheet1.xml');
    for (const [name, body] of xml) expect(() => parseXmlStrict(body.toString('utf8')), name).not.toThrow();
    // Every string of the workbook, wherever exceljs put it (shared strings or inline).
    const all = xml.map(([, body]) => body.toString('utf8')).join('\n');
    expect(all).not.toMatch(/[\u202a-\u202e]/);
    expect(all).toContain('evil\\u202egnp.exe');
    const cut = /x{100,}… \[cut: 40000 characters, Excel holds 32767\]/.exec(all);
    expect(cut).not.toBeNull();
    expect(cut![0].length).toBe(32_767);
  });
});
