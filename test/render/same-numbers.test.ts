// Every format shows the numbers of the JSON report: renderers lay out the model, they never compute their own. And
// every locale shows the same numbers: a figure read back from the Norwegian report equals the one read back from
// the British (and from the report without a locale), whatever the group and decimal signs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatChange, formatDelta, formatPct, formatValue } from '../../src/render/format-value.js';
import { Formatter } from '../../src/locale/format.js';
import type { LocaleId } from '../../src/locale/locales.js';
import { HEADER_ROW } from '../../src/render/xlsx.js';
import type { Report, ResultRow } from '../../src/report/model.js';
import { runKpi } from '../helpers/run-kpi.js';
import { WIDE } from '../helpers/breadth.js';
import { groupText } from '../../src/render/rows.js';
import { parseXml } from './helpers.js';
import { pdfText, PDFTOTEXT, readDeck } from './office.js';

const CASES: [string, string[]][] = [
  ['fixtures/kpis', ['-c', 'fixtures/kpis/kpi.yaml', '--period', '2026-10']],
  ['render fixture by rep', ['-c', 'test/render/fixtures/kpi.yaml', '--period', '2026-10', '--by', 'rep']],
  ['render fixture on pace', ['-c', 'test/render/fixtures/kpi.yaml', '--period', '2026-10', '--as-of', '2026-10-16', '--compare', 'none']],
  // Amounts past 10^13 with cents (16 significant digits): every format carries them exactly (test/money).
  ['exact money past 10^13', ['-c', 'fixtures/money/exact/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15']],
];

/** No locale (the output of before), and the two the issue names. */
const LOCALES: (LocaleId | undefined)[] = [undefined, 'nb-NO', 'en-GB'];

/**
 * The locales whose md, html and table cells are read for a case: every one on the first case; on the others
 * `npm test` reads Norwegian only (the signs least like the JSON's: no-break space groups, decimal comma) and
 * `npm run test:wide` (which CI runs) every one, with the three compared. json, csv and xlsx are compared in every
 * locale on every case.
 */
const tableLocales = (name: string): (LocaleId | undefined)[] => (WIDE || name === CASES[0][0] ? LOCALES : ['nb-NO']);

const withLocale = (args: string[], locale: LocaleId | undefined) => (locale === undefined ? args : [...args, '--locale', locale]);

function run(format: string, args: string[]): string {
  const r = runKpi(['report', '-f', format, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const NUMERIC = ['value', 'target', 'variance', 'variance_pct', 'previous', 'change', 'change_pct', 'projected', 'baseline', 'benchmark'] as const;

/** The formatted cells a human-readable format must show for a result, in the table's column order. */
function expectedCells(r: ResultRow, report: Report, f: Formatter, currency = 'NOK', arrows = false): string[] {
  const value = (n: number | null) => f.value(n, r.unit, currency, r.kpi);
  const cells = [value(r.value)];
  if (report.results.some((x) => x.projected !== null)) cells.push(r.projected === null ? '' : value(r.projected));
  cells.push(value(r.target), f.delta(r.variance, r.unit, currency, r.kpi), f.pct(r.variance_pct));
  const optional = (n: number | null) => (n === null ? '' : value(n));
  if (report.results.some((x) => x.baseline !== null || x.benchmark !== null)) cells.push(optional(r.baseline), optional(r.benchmark));
  if (report.compare) {
    // The terminal table puts the arrow of the movement after the change (up or down as the number moved; `→` for a
    // change that rounds to nothing, e.g. `±0.0%`); no arrow without a change or beside a `–` (a change from 0 has no
    // percentage).
    const change = f.change(r.change, r.change_pct, r.unit, currency, r.kpi);
    const arrow = !arrows || r.change === null || change === '–' ? '' : !/[1-9]/.test(change) ? ' →' : r.change > 0 ? ' ↑' : ' ↓';
    cells.push(value(r.previous), change + arrow);
  }
  return cells;
}

/**
 * A shown figure read back as a number, by the locale's signs alone (not by kpi's formatter): the group separators
 * (`,` in English, no-break spaces in Norwegian) dropped, the decimal sign made a point, the minus sign (−) read;
 * `–` (no figure) is null. The unit words after it are not part of the number.
 */
function readBack(shown: string, locale: LocaleId | undefined): number | null {
  const text = shown.replace(/ ⚠$/, '').trim();
  if (text === '–' || text === '') return null;
  const decimal = locale === 'nb-NO' ? ',' : '.';
  const group = locale === 'nb-NO' ? /[\u00a0\u202f ]/g : /,/g;
  const m = /^([+−±]?)([\d\u00a0\u202f ,.]*\d)/.exec(text);
  expect(m, `a number at the start of ${JSON.stringify(shown)}`).not.toBeNull();
  const n = Number(m![2].replace(group, '').replace(decimal, '.'));
  return m![1] === '−' ? -n : n;
}

const decode = (s: string) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The cells of a format's variance table, one list per result, without the label, group and status columns. */
function numberCells(format: 'md' | 'html' | 'table', args: string[], locale: LocaleId | undefined, hasGroups: boolean): string[][] {
  const f = new Formatter(locale);
  // In registry order, the JSON's (md, html and the table list the exceptions first by default: render/order.ts).
  const out = run(format, withLocale([...args, '--sort', 'registry'], locale));
  const isStatus = (c: string) => Object.keys(f.msg.status).some((s) => c.includes(f.msg.status[s as keyof typeof f.msg.status]) && /^\S+ /.test(c) && !/^[+−±]?\d/.test(c));
  let rows: string[][];
  if (format === 'md') {
    rows = out
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith(`| ${f.msg.head.kpi} `) && !l.startsWith('| :'))
      .map((l) => l.slice(2, -2).split(/(?<!\\) \| /));
  } else if (format === 'html') {
    // The appendix's table of every result (the summary above it shows the same figures with charts).
    const table = out.slice(out.indexOf('<table class="variance">'));
    const tbody = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
    // A running period's target cell holds its target to date under it (<small>): checked on its own below. Figures
    // that share a column (the variance over its percent, the previous value over the change, the group under the
    // KPI) are its cell's first line and its <small class="second">: one cell each here, as the other formats have
    // them; a cell with no figure in either line shows one dash (or nothing) for both.
    const stackedHeads = [...table.slice(0, table.indexOf('</thead>')).matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((c) => c[1].includes('class="second"'));
    rows = [...tbody.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
      [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].flatMap((c, x) => {
        const first = decode(c[1].replace(/<small[^>]*>.*?<\/small>/g, ''));
        if (!stackedHeads[x]) return [first];
        const under = /<small class="second">(.*?)<\/small>/.exec(c[1]);
        return [first, under ? decode(under[1]) : first];
      }),
    );
  } else {
    rows = out
      .split('\n')
      .filter((l) => l.startsWith('│') && !l.startsWith(`│ ${f.msg.head.kpi} `))
      .map((l) => l.slice(1, -1).split('│').map((c) => c.trim()));
  }
  return rows.map((cells) => cells.slice(hasGroups ? 2 : 1).filter((c) => !isStatus(c)));
}

describe.each(CASES)('every format agrees with JSON: %s', (name, args) => {
  const report = JSON.parse(run('json', args)) as Report;
  const hasGroups = args.includes('--by');

  it('json and csv are the same in every locale', () => {
    for (const locale of ['nb-NO', 'en-GB'] as const) {
      expect(run('json', withLocale(args, locale))).toBe(JSON.stringify(report, null, 2) + '\n');
    }
  });

  it('csv holds the exact numbers', () => {
    const rows = parse(run('csv', args), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(report.results.length);
    report.results.forEach((r, i) => {
      expect(rows[i].kpi).toBe(r.kpi);
      expect(rows[i].status).toBe(r.status);
      for (const f of NUMERIC) expect(rows[i][f] === '' ? null : Number(rows[i][f]), `${r.kpi} ${f}`).toBe(r[f]);
      expect(rows[i].pace).toBe(String(r.pace));
    });
  });

  describe.each(['md', 'html', 'table'] as const)('%s', (format) => {
    const locales = tableLocales(name);
    const shown = new Map(locales.map((locale) => [locale, numberCells(format, args, locale, hasGroups)]));

    it.each(locales.map((l) => [l ?? 'no locale', l] as const))('shows each number formatted in %s', (_l, locale) => {
      const f = new Formatter(locale);
      const rows = shown.get(locale)!;
      expect(rows).toHaveLength(report.results.length);
      report.results.forEach((r, i) => expect(rows[i], r.kpi).toEqual(expectedCells(r, report, f, 'NOK', format === 'table')));
    });

    it.runIf(locales.length === LOCALES.length)('the same numbers in nb-NO, en-GB and without a locale', () => {
      const read = (locale: LocaleId | undefined) => shown.get(locale)!.map((cells) => cells.map((c) => readBack(c, locale)));
      const none = read(undefined);
      expect(read('nb-NO')).toEqual(none);
      expect(read('en-GB')).toEqual(none);
      // And they are the JSON's, rounded as shown: the actual of each money figure to the cent.
      report.results.forEach((r, i) => {
        if (r.unit === 'currency' && r.value !== null) expect(none[i][0], r.kpi).toBeCloseTo(r.value, 2);
        if (r.unit === 'percent' && r.value !== null) expect(none[i][0], r.kpi).toBeCloseTo(r.value * 100, 1);
      });
    });
  });

  it('junit carries each judged number formatted', () => {
    const suite = parseXml(run('junit', args)).children[0];
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases).toHaveLength(report.results.length);
    report.results.forEach((r, i) => {
      const body = cases[i].children.find((c) => c.name === 'failure' || c.name === 'system-out');
      if (!body) return;
      expect(body.text).toContain(formatValue(r.value, r.unit, 'NOK'));
      expect(body.text).toContain(formatValue(r.target, r.unit, 'NOK'));
      expect(body.text).toContain(formatDelta(r.variance, r.unit, 'NOK'));
    });
  });

  it('xlsx holds the numbers, rounded to their unit (percent differences in points), the same in every locale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-same-'));
    try {
      const sheets = new Map<string, unknown[][]>();
      for (const locale of LOCALES) {
        const file = join(dir, `r-${locale ?? 'none'}.xlsx`);
        expect(runKpi(['report', ...withLocale([...args, '--sort', 'registry'], locale), '-o', file]).code).toBe(0);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(file);
        const ws = wb.worksheets[0];
        const f = new Formatter(locale);
        const headers = (ws.getRow(HEADER_ROW).values as string[]).slice(1);
        const col = (h: string) => headers.indexOf(h) + 1;
        const cells: unknown[][] = [];
        report.results.forEach((r, i) => {
          const row = ws.getRow(HEADER_ROW + 1 + i);
          const get = (h: string) => (col(h) === 0 ? null : (row.getCell(col(h)).value ?? null));
          const d = r.unit === 'currency' ? 2 : r.unit === 'percent' ? 4 : 2;
          // Rounded to `digits` decimals: at most half a unit of the last one away (1503.125 is stored 1503.13).
          const near = (a: unknown, b: number | null, digits: number) => (b === null ? expect(a).toBeNull() : expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9));
          near(get(f.msg.head.actual), r.value, d);
          near(get(f.msg.head.target), r.target, d);
          near(get(f.msg.head.variance), r.variance === null ? null : r.unit === 'percent' ? r.variance * 100 : r.variance, 2);
          near(get(f.msg.head.previous), report.compare ? r.previous : null, d);
          near(get(f.msg.head.projected), r.projected, d);
          cells.push([f.msg.head.actual, f.msg.head.target, f.msg.head.variance, f.msg.head.previous].map(get));
        });
        sheets.set(locale ?? 'none', cells);
      }
      expect(sheets.get('nb-NO')).toEqual(sheets.get('none'));
      expect(sheets.get('en-GB')).toEqual(sheets.get('none'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pptx shows each number formatted on its section slide', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-same-'));
    try {
      const file = join(dir, 'r.pptx');
      expect(runKpi(['report', ...args, '-o', file]).code).toBe(0);
      // The section slides (after the title and the exceptions, before any data-quality slide): each row a line
      // of boxes at one height, the status, the label, then the numbers.
      const slides = (await readDeck(file)).slice(2).filter((s) => !s[0].text.startsWith('Needs attention') && !s[0].text.startsWith('Data quality'));
      const rows = slides.flatMap((boxes) => {
        const byY = new Map<number, string[]>();
        for (const b of boxes.slice(2)) byY.set(b.y, [...(byY.get(b.y) ?? []), b.text.replaceAll('\n', ' ')]);
        return [...byY.values()].filter((cells) => cells.length >= 5 && cells[0] !== 'Status');
      });
      expect(rows).toHaveLength(report.results.length);
      for (const r of report.results) {
        const label = Object.keys(r.group).length > 0 ? `${r.label} (${groupText(r, args.includes('--by') ? ['rep'] : [])})` : r.label;
        // A running period: the target to date on the target's second line.
        const target = formatValue(r.target, r.unit, 'NOK');
        const cells = [markUnknownText(r, formatValue(r.value, r.unit, 'NOK')), r.target_to_date != null ? `${target} to date ${formatValue(r.target_to_date, r.unit, 'NOK')}` : target];
        cells.push(formatDelta(r.variance, r.unit, 'NOK'));
        if (report.compare) cells.push(formatChange(r.change, r.change_pct, r.unit, 'NOK'));
        const at = rows.findIndex((row) => (row[1] === label || (row[1].endsWith('…') && label.startsWith(row[1].slice(0, -1)))) && cells.every((c, i) => row[2 + i] === c));
        expect(at, `${label}: ${cells.join(' | ')}`).toBeGreaterThanOrEqual(0);
        rows.splice(at, 1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.runIf(PDFTOTEXT)('pdf shows each number formatted in its appendix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-same-'));
    try {
      const file = join(dir, 'r.pdf');
      expect(runKpi(['report', ...args, '--sort', 'registry', '-o', file]).code).toBe(0);
      const pages = pdfText(file);
      const lines = pages.slice(pages.findIndex((p) => p.includes('Appendix: all results'))).join('\n').split('\n');
      let at = 0;
      for (const r of report.results) {
        const cells = [formatValue(r.value, r.unit, 'NOK'), formatValue(r.target, r.unit, 'NOK'), formatDelta(r.variance, r.unit, 'NOK'), formatPct(r.variance_pct)];
        if (report.compare) cells.push(formatValue(r.previous, r.unit, 'NOK'), formatChange(r.change, r.change_pct, r.unit, 'NOK'));
        // The appendix keeps the report's order: each result's line is the first after the last one that has its cells.
        const found = lines.findIndex((l, i) => i >= at && cells.every((c) => l.includes(c)));
        expect(found, `${r.kpi} ${JSON.stringify(r.group)}: ${cells.join(' | ')}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** A figure read from values kpi does not know is shown with ⚠ after it. */
const markUnknownText = (r: ResultRow, shown: string) => (r.unknown_values > 0 || (r.bad_values !== null && !r.bad_values.accepted && r.value !== null) ? `${shown} ⚠` : shown);
