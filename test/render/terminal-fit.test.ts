// The terminal report fits its width (README "Fitting the terminal"): no line of the demo's report, check, wide and
// explain output is wider than COLUMNS, and at 80 columns every KPI is one line holding its status, value, target
// and variance — checked against the JSON report's numbers, formatted or read back independently here.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runKpi as runKpiFresh, runKpiShared as runKpi } from '../helpers/run-kpi.js';
import { displayWidth } from '../../src/render/text-table.js';
import { formatDelta, formatValue } from '../../src/render/format-value.js';
import { clip, wrap } from '../../src/render/fit.js';
import type { Report } from '../../src/report/model.js';

const DEMO = ['-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-12-01'];
// The demo's and the budgets' runs only read fixtures: a run several tests make (the demo at 80 columns, piped) is
// made once (runKpiShared). The notes test writes to its own copy and runs kpi afresh.
const at = (columns: number, args: string[]) => runKpi(args, { env: { COLUMNS: String(columns) } });

const SYMBOL: Record<string, string> = { met: '✔', at_risk: '▲', missed: '✘', early: '◷', no_target: '·', no_data: '?', incomplete: '◌', error: '✘' };
const SYMBOLS = new Set(Object.values(SYMBOL));

/**
 * The numbers of a line, read by the locale's signs alone: en `1,462,864.40`, `−5.0`; nb-NO `1 462 864,40` with
 * no-break spaces as groups and `,` for decimals. A digit inside a word (`B2B`) is not a number.
 */
function numbersIn(line: string, nb: boolean): { value: number; decimals: number }[] {
  const re = nb ? /(?<![\p{L}\d])([+−]?)(\d{1,3}(?:[\u00a0\u202f]\d{3})*)(?:,(\d+))?(?![\p{L}\d])/gu : /(?<![\p{L}\d])([+−]?)(\d{1,3}(?:,\d{3})*)(?:\.(\d+))?(?![\p{L}\d])/gu;
  return [...line.matchAll(re)].map((m) => {
    const whole = m[2].replace(/[^\d]/g, '');
    const n = Number(`${whole}.${m[3] ?? '0'}`);
    return { value: m[1] === '−' ? -n : n, decimals: m[3]?.length ?? 0 };
  });
}

describe('the terminal report fits its width', () => {
  for (const columns of [80, 100, 120, 200]) {
    it(`report, check and --layout wide at ${columns} columns`, () => {
      for (const args of [['report', ...DEMO], ['check', ...DEMO], ['report', ...DEMO, '--by', 'rep', '--layout', 'wide']]) {
        const run = at(columns, args);
        expect(run.stderr).toBe('');
        // The line under a 120-column table naming the columns left out is prose, wrapped: it fits as well.
        for (const line of run.stdout.split('\n')) expect(displayWidth(line), `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(columns);
      }
    }, 60_000);
  }

  it('at 80 columns holds every KPI on one line with status, value, target and variance', () => {
    const report = JSON.parse(runKpi(['report', ...DEMO, '-f', 'json']).stdout) as Report;
    const lines = at(80, ['report', ...DEMO]).stdout.split('\n');
    expect(lines[1]).toMatch(/^10 met · 4 at risk · 4 missed · 51 without target · 1 without data$/);
    for (const r of report.results) {
      // Amounts are said once (`Amounts in NOK.`): the figures without the code. Labels up to 34 characters fit.
      const line = lines.find((l) => l.slice(3).startsWith(`${r.label} `));
      expect(line, r.label).toBeDefined();
      expect(line).toContain(formatValue(r.value, r.unit));
      if (r.target !== null) expect(line).toContain(`vs ${formatValue(r.target, r.unit)}`);
      if (r.variance !== null) expect(line).toContain(formatDelta(r.variance, r.unit));
      expect(line!.slice(0, 1)).toBe({ met: '✔', at_risk: '▲', missed: '✘', no_target: '·', no_data: '?' }[r.status as string]);
    }
  });

  // The Done-when of issue 16, in every form a user meets at 80 columns: the demo in English and in bokmål (longer
  // words, `1 462 864,40`), by rep (a line per rep under each KPI), and `kpi check`. The lines are matched to the
  // JSON's results in the order asked for (`--sort status`, as the terminal's default), and each line's numbers are
  // read back by the locale's signs alone (not by kpi's formatter) and compared with the JSON's figures.
  for (const [name, extra] of [
    ['en', []],
    ['nb-NO', ['--locale', 'nb-NO']],
    ['--by rep', ['--by', 'rep']],
    ['nb-NO --by rep', ['--by', 'rep', '--locale', 'nb-NO']],
    ['check', ['--check']],
    ['check nb-NO', ['--check', '--locale', 'nb-NO']],
  ] as [string, string[]][]) {
    it(`at 80 columns, ${name}: one line per result with its status, value, target and variance`, () => {
      const check = extra.includes('--check');
      const args = extra.filter((a) => a !== '--check');
      const nb = args.includes('nb-NO');
      const json = JSON.parse(runKpi([check ? 'check' : 'report', ...DEMO, ...args, '-f', 'json', '--sort', 'status', '--fail-on', 'never']).stdout) as Report;
      const problem = (r: Report['results'][number]) => ['missed', 'at_risk', 'incomplete', 'error'].includes(r.status) || r.unknown_values > 0;
      const results = check ? json.results.filter(problem) : json.results;
      const run = at(80, [check ? 'check' : 'report', ...DEMO, ...args]);
      const lines = run.stdout.split('\n');
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      // A result's line starts with its status symbol; a heading of the status groups is `✘ missed (4)`.
      const resultLines = lines.filter((l) => SYMBOLS.has(l[0]) && !/\(\d+\)$/.test(l));
      expect(resultLines).toHaveLength(results.length);
      results.forEach((r, i) => {
        const line = resultLines[i];
        expect(line[0], line).toBe(SYMBOL[r.status]);
        const expected = [r.value, r.target, r.variance].filter((v): v is number => v !== null).map((v) => (r.unit === 'percent' ? v * 100 : v));
        const shown = numbersIn(line, nb);
        expect(shown, `${r.kpi} ${JSON.stringify(r.group)}: ${line}`).toHaveLength(expected.length);
        shown.forEach((n, k) => expect(Math.abs(n.value - expected[k]), `${r.kpi}: ${line}`).toBeLessThanOrEqual(0.5 * 10 ** -n.decimals + 1e-9));
      });
    }, 60_000);
  }

  it('list, explain and trend fit 80 columns, in English and bokmål', () => {
    for (const locale of [[], ['--locale', 'nb-NO']]) {
      for (const args of [
        ['list', '-c', 'fixtures/demo/kpi.yaml'],
        ['explain', 'revenue', ...DEMO, ...locale],
        ['explain', 'win_rate', ...DEMO, ...locale],
        ['trend', 'revenue', '-c', 'fixtures/demo/kpi.yaml', '--as-of', '2026-12-01', ...locale],
        ['trend', 'win_rate', '-c', 'fixtures/demo/kpi.yaml', '--as-of', '2026-12-01', '--by', 'rep', ...locale],
      ]) {
        const run = at(80, args);
        expect(run.code, run.stderr).toBe(0);
        for (const line of run.stdout.split('\n')) expect(displayWidth(line), `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(80);
      }
    }
    // Ten runs of the binary: room for a loaded machine.
  }, 120_000);

  // Several target sets (fixtures/budgets: budget primary, forecast beside it; or the forecast primary). At 80 columns
  // each result is a line and each other set with a target for it a `↳ Forecast` line right under it, whose numbers
  // are the JSON's `targets.forecast` target and variance, read back by the locale's signs.
  const BUDGETS = ['-c', 'fixtures/budgets/kpi.yaml', '--period', '2026-02', '--as-of', '2026-12-01'];
  for (const [name, extra] of [
    ['en', []],
    ['nb-NO', ['--locale', 'nb-NO']],
    ['nb-NO --by department', ['--locale', 'nb-NO', '--by', 'department']],
  ] as [string, string[]][]) {
    it(`several target sets at 80 columns, ${name}: a line per result, a line per other set under it`, () => {
      const nb = extra.includes('nb-NO');
      const json = JSON.parse(runKpi(['report', ...BUDGETS, ...extra, '-f', 'json', '--sort', 'status']).stdout) as Report;
      const lines = at(80, ['report', ...BUDGETS, ...extra]).stdout.split('\n');
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      const resultAt = lines.map((l, i) => (SYMBOLS.has(l[0]) && !/\(\d+\)$/.test(l) ? i : -1)).filter((i) => i >= 0);
      expect(resultAt).toHaveLength(json.results.length);
      let sets = 0;
      json.results.forEach((r, k) => {
        const under = lines.slice(resultAt[k] + 1, resultAt[k + 1] ?? lines.length).filter((l) => l.includes('↳ Forecast'));
        const f = r.targets?.forecast;
        if (!f || f.target === null) return expect(under, `${r.kpi}: ${lines[resultAt[k]]}`).toEqual([]);
        sets++;
        expect(under, r.kpi).toHaveLength(1);
        const expected = [f.target, f.variance].filter((v): v is number => v !== null).map((v) => (r.unit === 'percent' ? v * 100 : v));
        const shown = numbersIn(under[0], nb);
        expect(shown, under[0]).toHaveLength(expected.length);
        shown.forEach((n, i) => expect(Math.abs(n.value - expected[i]), under[0]).toBeLessThanOrEqual(0.5 * 10 ** -n.decimals + 1e-9));
        // The set's status symbol ends the line.
        expect(under[0].trimEnd().slice(-1), under[0]).toBe(SYMBOL[f.status]);
      });
      // Revenue has a forecast for 2026-02 (forecast-q1.csv): the check above ran at least once.
      expect(sets).toBeGreaterThan(0);
    }, 60_000);
  }

  // Nothing is dropped unsaid: every column of the whole table (piped, no COLUMNS) that says something in some row is
  // either in the fitted table's head or named on the line under it.
  const heads = (line: string) => line.split('│').slice(1, -1).map((c) => c.trim());
  for (const [name, args] of [
    ['the demo', ['report', ...DEMO]],
    ['the demo nb-NO', ['report', ...DEMO, '--locale', 'nb-NO']],
    ['budgets by department', ['report', ...BUDGETS, '--by', 'department']],
    ['budgets, forecast primary', ['report', '-c', 'fixtures/budgets/kpi-forecast.yaml', '--period', '2026-03', '--as-of', '2026-06-15']],
  ] as [string, string[]][]) {
    it(`${name}: a column left out to fit 80, 100, 120 or 200 columns is named under the report`, () => {
      const whole = runKpi(args).stdout.split('\n').filter((l) => l.startsWith('│'));
      const all = heads(whole[0]);
      const saying = all.filter((_, x) => whole.slice(1).some((row) => !['', '–'].includes(heads(row)[x])));
      // The line naming what is left out, with its wrapped continuation (indented two).
      const namedIn = (lines: string[]) => {
        const start = lines.findIndex((l) => /^(Not shown|Ikke vist)/.test(l));
        if (start < 0) return '';
        const end = lines.findIndex((l, i) => i > start && !l.startsWith('  '));
        return lines.slice(start, end < 0 ? undefined : end).join(' ');
      };
      for (const columns of [100, 120, 200]) {
        const lines = at(columns, args).stdout.split('\n');
        const fitted = heads(lines.find((l) => l.startsWith('│'))!);
        const named = namedIn(lines);
        for (const h of saying) expect(fitted.includes(h) || named.includes(h), `${columns}: ${h}`).toBe(true);
      }
      // At 80 columns, one line per KPI: the shares of the variances and the references are never on a line, so they
      // must be named; the previous value and the change are on the lines (`prev`, `forrige`) or named.
      const lines = at(80, args).stdout.split('\n');
      expect(lines.some((l) => l.startsWith('│')), 'compact at 80').toBe(false);
      const named = namedIn(lines);
      for (const h of saying.filter((x) => ['Var %', 'Avvik %', 'Baseline', 'Utgangspunkt', 'Benchmark', 'Referanse'].includes(x))) expect(named, `80: ${h}`).toContain(h);
      const onLines = lines.some((l) => /\s(prev|forrige) /.test(l));
      for (const h of saying.filter((x) => ['Previous', 'Forrige', 'Change', 'Endring'].includes(x))) expect(onLines || named.includes(h), `80: ${h}`).toBe(true);
    }, 60_000);
  }

  it('notes and drivers at 80 columns stand under their KPI, wrapped, every word kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-fit-notes-'));
    cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
    const config = join(dir, 'kpi.yaml');
    const note = "Two large fleet deals slipped to November after the customer's budget freeze; the pipeline is still healthy";
    expect(runKpiFresh(['note', 'add', 'win_rate', '2026-10', note, '-c', config, '--owner', 'Kari Lærum', '--action', 'weekly deal review until the end of the quarter']).code).toBe(0);
    const args = ['report', '-c', config, '--period', '2026-10', '--as-of', '2026-12-01', '--drivers', 'rep', '--hide', 'no-target'];
    // The note's own words stay as written; the words around them follow the report's locale.
    const words = [
      { locale: [], note: 'Note — Win rate', owner: 'owner', action: 'action', why: /Why Win rate — variance by rep, each against its own target: / },
      { locale: ['--locale', 'nb-NO'], note: 'Merknad — Vinnrate', owner: 'ansvarlig', action: 'tiltak', why: /Hvorfor Vinnrate — avvik fordelt på selger, hver mot sitt eget mål: / },
    ];
    for (const { locale, ...w } of words) {
      const lines = runKpiFresh([...args, ...locale], { env: { COLUMNS: '80' } }).stdout.split('\n');
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
      // Win rate (Vinnrate) is the first missed KPI; the lines up to the next result's are its note and drivers.
      const first = lines.findIndex((l) => /^✘ {2}(Win rate|Vinnrate) /.test(l));
      expect(first, lines.join('\n')).toBeGreaterThan(0);
      const next = lines.findIndex((l, i) => i > first && SYMBOLS.has(l[0]));
      const under = lines.slice(first + 1, next);
      for (const l of under) expect(l, l).toMatch(/^ {3}/);
      const text = under.map((l) => l.trim()).join(' ');
      expect(text).toContain(`${w.note}: ${note} (${w.owner} Kari Lærum; ${w.action}: weekly deal review until the end of the quarter)`);
      expect(text).toMatch(w.why);
      // Under the table (no note lines there) in the compact layout: said once, under its KPI.
      expect(lines.filter((l) => l.includes(`${w.note.split(' ')[0]} —`))).toHaveLength(1);
    }
  }, 60_000);

  it('piped without COLUMNS: the whole table, as before', () => {
    const run = runKpi(['report', ...DEMO]);
    expect(run.stdout.split('\n')[2]).toMatch(/^┌/);
    expect(run.stdout).toContain('Benchmark');
    expect(run.stdout).toContain('1,462,864.40 NOK');
  });
});

describe('clip and wrap', () => {
  it('clips to the width with an ellipsis, by display columns', () => {
    expect(clip('Customer satisfaction (CSAT)', 12)).toBe('Customer sa…');
    expect(clip('Revenue', 7)).toBe('Revenue');
    expect(displayWidth(clip('売上高の合計金額', 7))).toBeLessThanOrEqual(7);
  });
  it('wraps at spaces under the given indent, keeping the spacing inside a line', () => {
    expect(wrap('Target     1,500.00 NOK   — period override', 24, 11)).toEqual(['Target     1,500.00 NOK', '           — period', '           override']);
    expect(wrap('short', 80)).toEqual(['short']);
  });
});
