// Issue 18 item 4, done when: "Two runs a month apart with one restated month: `kpi diff` reports exactly that
// month". The monthly job of fixtures/history: copy the day's export to sales.csv, run kpi with --history.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const FIXTURE = join(ROOT, 'fixtures', 'history');
const EXPORT_NOV = join(FIXTURE, 'exports', '2026-11-05-sales.csv');
const EXPORT_DEC = join(FIXTURE, 'exports', '2026-12-05-sales.csv');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-history-'));
  for (const f of ['kpi.yaml', 'targets.yaml']) copyFileSync(join(FIXTURE, f), join(dir, f));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The job of one day: that day's export as sales.csv, a report with --history (and any further arguments). */
function monthlyRun(exportFile: string, asOf: string, extra: string[] = [], command = 'report') {
  copyFileSync(exportFile, join(dir, 'sales.csv'));
  return runKpi([command, '--as-of', asOf, '--kpi', 'revenue,orders', '--history', 'kpi-history.jsonl', ...extra], { cwd: dir });
}

interface DiffJson {
  differs: boolean;
  restated: { kpi: string; period: string; group: Record<string, string>; old: string; new: string; change: string }[];
  changed: unknown[];
  statuses: unknown[];
  newly_missed: unknown[];
  definitions: unknown[] | null;
  added: unknown[];
  removed: unknown[];
  inputs: { source: string; path: string; old: { size: number; sha256: string }; new: { size: number; sha256: string } }[] | null;
}

describe('kpi report --history and kpi diff', () => {
  it('two runs a month apart, one October line restated: kpi diff names exactly revenue 2026-10', () => {
    const nov = monthlyRun(EXPORT_NOV, '2026-11-05');
    expect(nov.code, nov.stderr).toBe(0);
    const dec = monthlyRun(EXPORT_DEC, '2026-12-05');
    expect(dec.code, dec.stderr).toBe(0);

    const lines = readFileSync(join(dir, 'kpi-history.jsonl'), 'utf8').split('\n');
    expect(lines).toHaveLength(3); // two entries, each ending in a newline
    const [first, second] = lines.slice(0, 2).map((l) => JSON.parse(l));
    // 5 Nov reports October (the last whole month) against September; 5 Dec reports November against October.
    expect([first.period.id, first.compare.id, first.as_of]).toEqual(['2026-10', '2026-09', '2026-11-05']);
    expect([second.period.id, second.compare.id, second.as_of]).toEqual(['2026-11', '2026-10', '2026-12-05']);
    // October by hand, 5 Nov: A5 900.10 + A6 1200.00 + A7 300.40 = 2400.50; September: 800.00 + 650.25 = 1450.25.
    expect(first.results.find((r: { kpi: string }) => r.kpi === 'revenue')).toMatchObject({ period: '2026-10', value: '2400.5', target: '1000', status: 'met', n: 3, previous: '1450.25' });
    // 5 Dec: November 100.00 + 1000.00 + 450.00 = 1550; October with A6 at 1150.00: 2350.50.
    expect(second.results.find((r: { kpi: string }) => r.kpi === 'revenue')).toMatchObject({ period: '2026-11', value: '1550', previous: '2350.5' });
    // The inputs' fingerprints: the export's size and sha256, computed here independently.
    expect(first.inputs).toEqual([{ source: 'sales', path: 'sales.csv', size: readFileSync(EXPORT_NOV).length, sha256: sha256(EXPORT_NOV) }]);

    const diff = runKpi(['diff', '--history', 'kpi-history.jsonl', '-f', 'json'], { cwd: dir });
    expect(diff.code, diff.stderr).toBe(1);
    const d = JSON.parse(diff.stdout) as DiffJson;
    // Exactly one restated figure: revenue in October, 2400.5 then 2350.5 (A6: 1150.00 − 1200.00 = −50). Orders of
    // October stay 3; August (1200.5) and September (1450.25) are the same in both runs; so nothing else.
    expect(d.restated).toEqual([{ kpi: 'revenue', label: 'Revenue', group: {}, period: '2026-10', old: '2400.5', new: '2350.5', change: '-50' }]);
    expect(d.changed).toEqual([]);
    expect(d.statuses).toEqual([]); // met in October, met in November; orders have no target
    expect(d.newly_missed).toEqual([]);
    expect(d.definitions).toEqual([]);
    expect([d.added, d.removed]).toEqual([[], []]);
    expect(d.inputs).toEqual([
      { source: 'sales', path: 'sales.csv', old: { source: 'sales', path: 'sales.csv', size: readFileSync(EXPORT_NOV).length, sha256: sha256(EXPORT_NOV) }, new: { source: 'sales', path: 'sales.csv', size: readFileSync(EXPORT_DEC).length, sha256: sha256(EXPORT_DEC) } },
    ]);

    const text = runKpi(['diff', '--history', 'kpi-history.jsonl'], { cwd: dir });
    expect(text.code).toBe(1);
    // As the report shows revenue (currency: NOK in kpi.yaml): to the cent with the currency; JSON keeps the exact text.
    expect(text.stdout).toContain('Restated past periods (1):\n  Revenue 2026-10: 2,400.50 NOK → 2,350.50 NOK (−50.00 NOK)\n');
    const md = runKpi(['diff', '--history', 'kpi-history.jsonl', '-f', 'md'], { cwd: dir });
    expect(md.stdout).toContain('- Revenue 2026-10: 2,400.50 NOK → 2,350.50 NOK (−50.00 NOK)');
    // Each entry records how the report showed each KPI: revenue's unit and currency, orders a count.
    expect([first.formats.revenue, first.formats.orders]).toEqual([{ unit: 'currency', currency: 'NOK' }, { unit: 'count' }]);
  });

  it('the same two runs as report JSON files: October is in both (its own period, then the comparison)', () => {
    copyFileSync(EXPORT_NOV, join(dir, 'sales.csv'));
    expect(runKpi(['report', '--as-of', '2026-11-05', '--kpi', 'revenue,orders', '-f', 'json', '-o', 'nov.json'], { cwd: dir }).code).toBe(0);
    copyFileSync(EXPORT_DEC, join(dir, 'sales.csv'));
    expect(runKpi(['report', '--as-of', '2026-12-05', '--kpi', 'revenue,orders', '-f', 'json', '-o', 'dec.json'], { cwd: dir }).code).toBe(0);
    const diff = runKpi(['diff', 'nov.json', 'dec.json', '-f', 'json'], { cwd: dir });
    expect(diff.code, diff.stderr).toBe(1);
    const d = JSON.parse(diff.stdout) as DiffJson;
    expect(d.restated.map((r) => [r.kpi, r.period, r.old, r.new])).toEqual([['revenue', '2026-10', '2400.5', '2350.5']]);
    // A report JSON carries no fingerprints: definitions and inputs are not compared (null), and said so.
    expect([d.definitions, d.inputs]).toEqual([null, null]);
    expect(runKpi(['diff', 'nov.json', 'dec.json'], { cwd: dir }).stdout).toContain('Changed definitions (not compared: a report JSON carries no fingerprints');
  });

  it('a month restated two months back is found through the earlier periods the history keeps', () => {
    monthlyRun(EXPORT_NOV, '2026-11-05');
    // The December export with September's A4 restated as well (650.25 → 600.25): September is neither December's
    // run's period nor its comparison, only one of the 11 periods before it that the history records.
    const restated = readFileSync(EXPORT_DEC, 'utf8').replace('2026-09-18,A4,Bo,650.25', '2026-09-18,A4,Bo,600.25');
    writeFileSync(join(dir, 'dec.csv'), restated);
    monthlyRun(join(dir, 'dec.csv'), '2026-12-05');
    const d = JSON.parse(runKpi(['diff', '--history', 'kpi-history.jsonl', '-f', 'json'], { cwd: dir }).stdout) as DiffJson;
    // September by hand: 800.00 + 650.25 = 1450.25 on 5 Nov, 800.00 + 600.25 = 1400.25 on 5 Dec.
    expect(d.restated.map((r) => [r.kpi, r.period, r.old, r.new, r.change])).toEqual([
      ['revenue', '2026-09', '1450.25', '1400.25', '-50'],
      ['revenue', '2026-10', '2400.5', '2350.5', '-50'],
    ]);
  });

  it('figures in the locale of the runs (locale: in kpi.yaml), or of --locale; an old history without formats as exact text', () => {
    writeFileSync(join(dir, 'kpi.yaml'), `locale: nb-NO\n${readFileSync(join(dir, 'kpi.yaml'), 'utf8')}`);
    expect(monthlyRun(EXPORT_NOV, '2026-11-05').code).toBe(0);
    expect(monthlyRun(EXPORT_DEC, '2026-12-05').code).toBe(0);
    const nb = runKpi(['diff', '--history', 'kpi-history.jsonl'], { cwd: dir });
    expect(nb.code, nb.stderr).toBe(1);
    // Bokmål: no-break spaces between thousands and before kr, a decimal comma, the words and dates in Norwegian.
    expect(nb.stdout).toContain('kpi diff: kpi-history.jsonl oppføring 1 (2026-10, per 05.11.2026) → kpi-history.jsonl oppføring 2 (2026-11, per 05.12.2026)\n');
    expect(nb.stdout).toContain('Korrigerte tidligere perioder (1):\n  Omsetning 2026-10: 2\u00a0400,50\u00a0kr → 2\u00a0350,50\u00a0kr (−50,00\u00a0kr)\n');
    expect(nb.stdout).not.toMatch(/Restated|Revenue|as of/);
    const en = runKpi(['diff', '--history', 'kpi-history.jsonl', '--locale', 'en-US'], { cwd: dir });
    expect(en.stdout).toContain('  Revenue 2026-10: 2,400.50 NOK → 2,350.50 NOK (−50.00 NOK)\n');
    // JSON is the same exact text in every locale.
    const json = JSON.parse(runKpi(['diff', '--history', 'kpi-history.jsonl', '-f', 'json'], { cwd: dir }).stdout) as DiffJson;
    expect(json.restated.map((r) => [r.old, r.new, r.change])).toEqual([['2400.5', '2350.5', '-50']]);
    // A history written before kpi recorded formats (and locales): read as ever, its figures the exact text.
    const path = join(dir, 'kpi-history.jsonl');
    const old = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => {
      const { formats, locale, ...rest } = JSON.parse(l) as Record<string, unknown>;
      expect([typeof formats, locale]).toEqual(['object', 'nb-NO']);
      return JSON.stringify(rest);
    });
    writeFileSync(path, `${old.join('\n')}\n`);
    const plain = runKpi(['diff', '--history', 'kpi-history.jsonl'], { cwd: dir });
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stdout).toContain('Restated past periods (1):\n  Revenue 2026-10: 2400.5 → 2350.5 (−50)\n');
  });

  it('two runs of the same data: nothing changed, exit 0', () => {
    monthlyRun(EXPORT_NOV, '2026-11-05');
    monthlyRun(EXPORT_NOV, '2026-11-05');
    const diff = runKpi(['diff', '--history', 'kpi-history.jsonl'], { cwd: dir });
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout.trimEnd().split('\n').pop()).toBe('nothing changed');
  });

  it('a changed formula is a changed definition, and its figures changed figures', () => {
    monthlyRun(EXPORT_NOV, '2026-11-05');
    const yaml = readFileSync(join(dir, 'kpi.yaml'), 'utf8');
    writeFileSync(join(dir, 'kpi.yaml'), `${yaml}kpis:\n  orders:\n    formula: count_distinct(sales.order_id where revenue > 500)\n`);
    monthlyRun(EXPORT_NOV, '2026-11-05');
    const d = JSON.parse(runKpi(['diff', '--history', 'kpi-history.jsonl', '-f', 'json'], { cwd: dir }).stdout) as Omit<DiffJson, 'changed'> & { changed: { kpi: string; value: { old: string; new: string } }[] };
    expect((d.definitions as { kpi: string }[]).map((x) => x.kpi)).toEqual(['orders']);
    // October's orders over 500: A5 900.10 and A6 1200.00 (A7 is 300.40): 2 instead of 3.
    expect(d.changed.map((c) => [c.kpi, c.value])).toEqual([['orders', { old: '3', new: '2' }]]);
  });

  it('a corrupt line of the history is an error naming its line, never skipped', () => {
    monthlyRun(EXPORT_NOV, '2026-11-05');
    monthlyRun(EXPORT_DEC, '2026-12-05');
    const path = join(dir, 'kpi-history.jsonl');
    const [a, b] = readFileSync(path, 'utf8').split('\n');
    // The first entry cut short (a full disk), then the second whole.
    writeFileSync(path, `${a.slice(0, 120)}\n${b}\n`);
    const diff = runKpi(['diff', '--history', 'kpi-history.jsonl'], { cwd: dir });
    expect(diff.code).toBe(3);
    expect(diff.stderr).toMatch(/^kpi: kpi-history\.jsonl:1(:\d+)?: not a kpi history entry: the line is cut short/);
    expect(diff.stderr).not.toMatch(/at .*\.js/); // no stack trace
    const json = runKpi(['diff', '--history', 'kpi-history.jsonl', '-f', 'json'], { cwd: dir });
    expect(JSON.parse(json.stderr.trim()).error).toMatchObject({ code: 'KPI_HISTORY', exit: 3, file: 'kpi-history.jsonl', line: 1 });
  });

  it('a line left without its newline does not swallow the next run: the next entry starts a line of its own', () => {
    writeFileSync(join(dir, 'kpi-history.jsonl'), '{"kpi_history":1,"cut');
    expect(monthlyRun(EXPORT_NOV, '2026-11-05').code).toBe(0);
    const lines = readFileSync(join(dir, 'kpi-history.jsonl'), 'utf8').split('\n');
    expect(lines[0]).toBe('{"kpi_history":1,"cut');
    expect(JSON.parse(lines[1]).period.id).toBe('2026-10');
  });

  it('usage errors: one entry, --from out of range, a file that is no report, --history naming an input', () => {
    monthlyRun(EXPORT_NOV, '2026-11-05');
    const one = runKpi(['diff', '--history', 'kpi-history.jsonl'], { cwd: dir });
    expect([one.code, one.stderr]).toEqual([2, expect.stringMatching(/holds 1 entry; a diff needs two runs/)]);
    monthlyRun(EXPORT_DEC, '2026-12-05');
    const far = runKpi(['diff', '--history', 'kpi-history.jsonl', '--from', '3'], { cwd: dir });
    expect([far.code, far.stderr]).toEqual([2, expect.stringMatching(/--from 3: kpi-history\.jsonl holds 2 entries/)]);
    expect(runKpi(['diff', '--history', 'kpi-history.jsonl', '--from', '-2', '--to', '-1'], { cwd: dir }).code).toBe(1);
    const notReport = runKpi(['diff', 'kpi.yaml', 'targets.yaml'], { cwd: dir });
    expect([notReport.code, notReport.stderr]).toEqual([3, expect.stringMatching(/^kpi: kpi\.yaml: not a kpi report JSON: it is not JSON/)]);
    const intoInput = runKpi(['report', '--as-of', '2026-11-05', '--history', 'sales.csv'], { cwd: dir });
    expect([intoInput.code, intoInput.stderr]).toEqual([2, expect.stringMatching(/--history sales\.csv: this run reads that file/)]);
    // A history that cannot be written (a full disk) is exit 3 naming it, after the report was printed.
    const full = runKpi(['report', '--as-of', '2026-11-05', '--kpi', 'revenue', '--history', '/dev/full'], { cwd: dir });
    expect([full.code, full.stderr]).toEqual([3, expect.stringMatching(/kpi: --history: cannot append to \/dev\/full: no space left on device/)]);
    for (const r of [one, far, notReport, intoInput, full]) expect(r.code).not.toBe(70);
  });
});

describe('kpi check --notify-on', () => {
  it('newly-missed: a KPI missed for the second run running is no news; one missed for the first time is', () => {
    // A target that October (2400.50) meets and November (1550) misses: 2000 a month.
    writeFileSync(join(dir, 'targets.yaml'), 'revenue: { target: 2000, per: month }\n');
    const first = monthlyRun(EXPORT_NOV, '2026-11-05', ['--notify-on', 'newly-missed'], 'check');
    expect(first.code, first.stderr).toBe(0);
    const second = monthlyRun(EXPORT_DEC, '2026-12-05', ['--notify-on', 'newly-missed'], 'check');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('since the last run (kpi-history.jsonl entry 1: 2026-10 as of 2026-11-05):\n  newly missed: Revenue in 2026-11 (was met in 2026-10)\n');
    // The same month again: still missed, no longer news.
    const third = monthlyRun(EXPORT_DEC, '2026-12-05', ['--notify-on', 'newly-missed'], 'check');
    expect(third.code, third.stderr).toBe(0);
    // A plain check says the miss all the same.
    expect(monthlyRun(EXPORT_DEC, '2026-12-05', [], 'check').code).toBe(1);
  });

  it('changed: a restated month is news even when every target is met', () => {
    expect(monthlyRun(EXPORT_NOV, '2026-11-05', ['--notify-on', 'changed'], 'check').code).toBe(0);
    const run = monthlyRun(EXPORT_DEC, '2026-12-05', ['--notify-on', 'changed'], 'check');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  restated: Revenue 2026-10: 2,400.50 NOK → 2,350.50 NOK\n');
    // Without --history it is a usage error, not a silent plain check.
    const alone = runKpi(['check', '--as-of', '2026-12-05', '--notify-on', 'changed'], { cwd: dir });
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringMatching(/--notify-on changed judges against the last run of a history: add --history/)]);
  });
});
