// Every format shows the numbers of the JSON report: renderers lay out the model, they never compute their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatChange, formatDelta, formatPct, formatValue, STATUS_MARK } from '../../src/render/format-value.js';
import { MD_MARK } from '../../src/render/markdown.js';
import type { Report, ResultRow } from '../../src/report/model.js';
import { runKpi } from '../helpers/run-kpi.js';
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

function run(format: string, args: string[]): string {
  const r = runKpi(['report', '-f', format, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const NUMERIC = ['value', 'target', 'variance', 'variance_pct', 'previous', 'change', 'change_pct', 'projected', 'baseline', 'benchmark'] as const;

/** The formatted cells a human-readable format must show for a result, in the table's column order. */
function expectedCells(r: ResultRow, report: Report, currency = 'NOK'): string[] {
  const cells = [formatValue(r.value, r.unit, currency)];
  if (report.results.some((x) => x.projected !== null)) cells.push(r.projected === null ? '' : formatValue(r.projected, r.unit, currency));
  cells.push(formatValue(r.target, r.unit, currency), formatDelta(r.variance, r.unit, currency), formatPct(r.variance_pct));
  const optional = (n: number | null) => (n === null ? '' : formatValue(n, r.unit, currency));
  if (report.results.some((x) => x.baseline !== null || x.benchmark !== null)) cells.push(optional(r.baseline), optional(r.benchmark));
  if (report.compare) cells.push(formatValue(r.previous, r.unit, currency), formatChange(r.change, r.change_pct, r.unit, currency));
  return cells;
}

const decode = (s: string) => s.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe.each(CASES)('every format agrees with JSON: %s', (_name, args) => {
  const report = JSON.parse(run('json', args)) as Report;

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

  it('md shows each number formatted', () => {
    const lines = run('md', args)
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| KPI') && !l.startsWith('| :'));
    expect(lines).toHaveLength(report.results.length);
    const hasGroups = args.includes('--by');
    report.results.forEach((r, i) => {
      const cells = lines[i].slice(2, -2).split(/(?<!\\) \| /);
      const numbers = cells.slice(hasGroups ? 2 : 1).filter((c) => !Object.values(MD_MARK).some((m) => c.startsWith(m)));
      expect(numbers, r.kpi).toEqual(expectedCells(r, report));
    });
  });

  it('html shows each number formatted in the variance table', () => {
    const html = run('html', args);
    const tbody = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    const rows = [...tbody.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => decode(c[1])));
    expect(rows).toHaveLength(report.results.length);
    const hasGroups = args.includes('--by');
    report.results.forEach((r, i) => {
      const numbers = rows[i].slice(hasGroups ? 2 : 1).filter((c) => !Object.values(STATUS_MARK).some((m) => c.startsWith(m)));
      expect(numbers, r.kpi).toEqual(expectedCells(r, report));
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

  it('xlsx holds the exact numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-same-'));
    try {
      const file = join(dir, 'r.xlsx');
      expect(runKpi(['report', ...args, '-o', file]).code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet('Report')!;
      const headers = (ws.getRow(1).values as string[]).slice(1);
      const col = (h: string) => headers.indexOf(h) + 1;
      report.results.forEach((r, i) => {
        const row = ws.getRow(i + 2);
        expect(row.getCell(col('Actual')).value ?? null).toBe(r.value);
        expect(row.getCell(col('Target')).value ?? null).toBe(r.target);
        expect(row.getCell(col('Variance')).value ?? null).toBe(r.variance);
        expect(row.getCell(col('Previous')).value ?? null).toBe(r.previous);
        expect(row.getCell(col('Projected')).value ?? null).toBe(r.projected);
      });
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
        const cells = [markUnknownText(r, formatValue(r.value, r.unit, 'NOK')), formatValue(r.target, r.unit, 'NOK'), formatDelta(r.variance, r.unit, 'NOK')];
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
      expect(runKpi(['report', ...args, '-o', file]).code).toBe(0);
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
