// `report:` through the CLI: kpi init writes a layout that loads and holds only computable KPIs, one section per
// source kind; html and xlsx show the sections; an id written wrong is located.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HEADER_ROW } from '../../src/render/xlsx.js';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const PERIOD = ['--period', '2026-10', '--as-of', '2026-11-15'];

describe('kpi init writes report:', () => {
  it('a section per source kind, each with the KPIs its sources can compute, in the order of the sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-layout-init-'));
    for (const f of ['sales.csv', 'tickets.csv', 'web.csv']) copyFileSync(join(ROOT, 'fixtures/demo', f), join(dir, f));
    const run = runKpi(['init', '-q', 'sales.csv', 'tickets.csv', 'web.csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const yaml = parse(readFileSync(join(dir, 'kpi.yaml'), 'utf8')) as { report: { sections: { name: string; kpis: string[] }[]; hide?: unknown } };
    expect(yaml.report.sections.map((s) => s.name)).toEqual(['Sales', 'Support', 'Website']);
    // hide: is written commented: with the targets skeleton still to fill in, it would hide every KPI.
    expect(yaml.report.hide).toBeUndefined();
    const list = JSON.parse(runKpi(['report', '-f', 'json', ...PERIOD], { cwd: dir }).stdout) as { results: { kpi: string }[]; layout: { sections: { name: string; kpis: string[] }[] } };
    const computed = [...new Set(list.results.map((r) => r.kpi))];
    // Every KPI computed is in the section of its source, and no section names a KPI that was not computed.
    expect(yaml.report.sections.flatMap((s) => s.kpis).sort()).toEqual([...computed].sort());
    expect(yaml.report.sections.find((s) => s.name === 'Website')!.kpis).toEqual(['visits', 'conversion_rate']);
    expect(yaml.report.sections.find((s) => s.name === 'Sales')!.kpis).toContain('revenue');
    expect(list.layout.sections.map((s) => s.name)).toEqual(['Sales', 'Support', 'Website']);
  });
});

describe('sections in html and xlsx', () => {
  it('html: a heading and a table per section; the hidden results said', () => {
    const run = runKpi(['report', '-c', 'fixtures/layout/kpi.yaml', ...PERIOD, '-f', 'html']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('<h1>Nordlys Sykkel AS — Monthly report 2026-10</h1>');
    // The appendix's table of every result: a heading and a table per section.
    const all = run.stdout.slice(run.stdout.indexOf('<section id="all">'));
    const headings = [...all.slice(0, all.indexOf('</section>')).matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Sales', 'Customer service']);
    expect(all.match(/<table class="variance">/g)?.length).toBe(2);
    // The summary's KPIs on track keep their sections too (what needs attention is one list, missed first).
    const onTrack = run.stdout.slice(run.stdout.indexOf('<section id="on-track">'));
    expect([...onTrack.slice(0, onTrack.indexOf('</section>')).matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual(['Sales', 'Customer service']);
    expect(run.stdout).toContain('Not shown: 24 results without target');
  });

  it('xlsx: a Section column after the label, the rows in the layout order, every result kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-layout-xlsx-'));
    const out = join(dir, 'r.xlsx');
    const run = runKpi(['report', '-c', 'fixtures/layout/kpi.yaml', ...PERIOD, '--kpi', 'orders,csat,revenue,tickets', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Report')!;
    // The label first (the workbook's frozen column), its section next; the head in HEADER_ROW under the title block.
    const cells = (n: number) => [1, 2].map((c) => ws.getRow(n).getCell(c).value);
    expect([0, 1, 2, 3, 4].map((i) => cells(HEADER_ROW + i))).toEqual([
      ['KPI', 'Section'],
      ['Revenue', 'Sales'],
      ['Orders', 'Sales'],
      ['Customer satisfaction (CSAT)', 'Customer service'],
      ['Tickets', 'More KPIs'],
    ]);
  });

  it('no report: gives the same bytes as before (a layout with no sections changes only what it says)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-layout-none-'));
    const yaml = readFileSync(join(ROOT, 'fixtures/layout/kpi.yaml'), 'utf8').replace(/\nreport:[\s\S]*$/, '\n').replaceAll('../demo/', join(ROOT, 'fixtures/demo/'));
    writeFileSync(join(dir, 'kpi.yaml'), yaml);
    copyFileSync(join(ROOT, 'fixtures/layout/targets.yaml'), join(dir, 'targets.yaml'));
    const plain = runKpi(['report', '-c', join(dir, 'kpi.yaml'), ...PERIOD]);
    // The title, the summary line (the table report prints it first), then the table.
    expect(plain.stdout).toMatch(/^KPI report 2026-10 \(2026-10-01 – 2026-10-31\), compared with 2026-09\n[^\n]* without data\n┌/);
    writeFileSync(join(dir, 'kpi.yaml'), `${yaml}report: { title: Board pack }\n`);
    const titled = runKpi(['report', '-c', join(dir, 'kpi.yaml'), ...PERIOD]);
    expect(titled.stdout).toBe(plain.stdout.replace(/^KPI report/, 'Board pack'));
  });
});
