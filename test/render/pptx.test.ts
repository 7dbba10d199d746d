// PowerPoint renderer: the deck of the demo company written by the real binary with -o, unzipped and re-read (slide
// count, texts, every text box inside its slide and wide enough for its text), then opened by LibreOffice and drawn
// as PNG (not blank; no word outside its page or over another word).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDelta, formatValue } from '../../src/render/format-value.js';
import { textWidth } from '../../src/render/meeting-font.js';
import type { Report } from '../../src/report/model.js';
import { runKpi } from '../helpers/run-kpi.js';
import { IMPRESS, needs, officeToPdf, PDFTOPPM, pdfPages, pdfText, PDFTOTEXT, pdfWords, readDeck, textFaults, type TextBox } from './office.js';

const DEMO = ['-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-03'];
const NORDIC = ['-c', 'test/render/fixtures/meeting/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-03'];
/** LAYOUT_WIDE: 13.333 × 7.5 in, in EMU (914,400 a inch). */
const SLIDE = { cx: 12_192_000, cy: 6_858_000 };

let dir: string;

function report(args: string[]): Report {
  const run = runKpi(['report', '-f', 'json', ...args]);
  return JSON.parse(run.stdout) as Report;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kpi-pptx-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pptx: the demo company', () => {
  let file: string;
  let slides: TextBox[][];
  let json: Report;

  beforeAll(async () => {
    file = join(dir, 'board.pptx');
    const run = runKpi(['report', ...DEMO, '-o', file]);
    expect(run.stderr).toBe('');
    expect(run.code, run.stderr).toBe(0);
    slides = await readDeck(file);
    json = report(DEMO);
  }, 120_000);

  it('has a title slide, one of exceptions, and the sections over as many slides as their KPIs need', () => {
    // By hand from the demo's 70 results of 2026-10 (one section per source, 11 KPIs a slide): sales 18 → 2
    // slides; deals, activities, invoices, tickets, surveys, customers, ledger, employees, timesheets, employee
    // surveys, web → 1 each (11); title + exceptions + 13 = 15, and no data-quality slide (every value was read).
    expect(slides).toHaveLength(15);
    const titles = slides.map((s) => s[0].text);
    expect(titles.slice(1, 5)).toEqual(['Needs attention (8)', 'Sales (1/2)', 'Sales (2/2)', 'Deals']);
    expect(titles.at(-1)).toBe('Web');
  });

  it('numbers every slide', () => {
    slides.forEach((s, i) => expect(s.map((b) => b.text)).toContain(`${i + 1} / ${slides.length}`));
  });

  it('puts the project, the period and the day of the report on the title slide', () => {
    const texts = slides[0].map((b) => b.text);
    expect(texts).toContain('demo');
    expect(texts).toContain('KPI report 2026-10 (2026-10-01 – 2026-10-31)');
    expect(texts).toContain('compared with 2026-09 · as of 2026-11-03');
    expect(texts).toContain('10 met · 4 at risk · 4 missed · 51 without target · 1 without data');
  });

  it('lists what needs attention, missed first, with value, target, variance and the status in words', () => {
    // A long label takes two lines at the row's size: read as one.
    const texts = slides[1].map((b) => b.text.replaceAll('\n', ' '));
    // The 4 missed and 4 at-risk results of the JSON report, missed first, each in the registry order.
    const expected = [...json.results.filter((r) => r.status === 'missed'), ...json.results.filter((r) => r.status === 'at_risk')];
    expect(expected).toHaveLength(8);
    const labels = texts.filter((t) => expected.some((r) => r.label === t));
    expect(labels).toEqual(expected.map((r) => r.label));
    for (const r of expected) {
      const at = texts.indexOf(r.label);
      expect(texts[at - 1], r.kpi).toBe(r.status === 'missed' ? '✘ missed' : '▲ at risk');
      expect(texts.slice(at + 1, at + 4), r.kpi).toEqual([formatValue(r.value, r.unit, 'NOK'), formatValue(r.target, r.unit, 'NOK'), formatDelta(r.variance, r.unit, 'NOK')]);
    }
  });

  it('shows every result on a section slide', () => {
    const texts = slides.slice(2).flatMap((s) => s.map((b) => b.text.replaceAll('\n', ' ')));
    for (const r of json.results) expect(texts, r.kpi).toContain(r.label);
  });

  it('keeps every text box inside its slide and wide enough for its text', () => {
    for (const [n, boxes] of slides.entries()) {
      for (const b of boxes) {
        const where = `slide ${n + 1}: '${b.text}'`;
        expect(b.x + b.cx, where).toBeLessThanOrEqual(SLIDE.cx);
        expect(b.y + b.cy, where).toBeLessThanOrEqual(SLIDE.cy);
        // The text's width in DejaVu Sans (the widest of the faces it may be shown in), points → EMU.
        for (const line of b.text.split('\n')) expect(textWidth(line, b.size, b.bold ? 'bold' : 'regular') * 12_700, where).toBeLessThanOrEqual(b.cx + 1);
        // Its lines fit its height too (1.2 lines a point size).
        expect(b.text.split('\n').length * b.size * 1.2 * 12_700, where).toBeLessThanOrEqual(b.cy + 1);
      }
    }
  });

  it('is the same bytes on every run', () => {
    const again = join(dir, 'again.pptx');
    runKpi(['report', ...DEMO, '-o', again]);
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
  }, 60_000);

  it('opens in LibreOffice: every slide drawn, nothing outside its page or over other text', () => {
    if (!needs(IMPRESS, 'LibreOffice Impress', 'libreoffice-impress') || !needs(PDFTOTEXT && PDFTOPPM, 'poppler', 'poppler-utils')) return;
    const pdf = officeToPdf(file, dir);
    const pages = pdfWords(pdf);
    expect(pages).toHaveLength(15);
    const faults = pages.flatMap((p, i) => textFaults(p, `slide ${i + 1}`));
    expect(faults).toEqual([]);
    expect(pdfText(pdf)[1]).toContain('Needs attention (8)');
    const pngs = pdfPages(pdf, dir);
    expect(pngs).toHaveLength(15);
    // A slide with its title, a table and a footer inks well over 1 % of its pixels; a blank one none.
    for (const p of pngs) expect(p.ink, p.file).toBeGreaterThan(0.01);
  }, 200_000);
});

describe('pptx: Norwegian labels and a value kpi could not read', () => {
  let slides: TextBox[][];
  let file: string;

  beforeAll(async () => {
    file = join(dir, 'nordisk.pptx');
    const run = runKpi(['report', ...NORDIC, '-o', file]);
    expect(run.code, run.stderr).toBe(0);
    slides = await readDeck(file);
  }, 120_000);

  it('prints æøå as they are, and marks the figures that left the value out', () => {
    const texts = slides.flatMap((s) => s.map((b) => b.text.replaceAll('\n', ' ')));
    expect(texts).toContain('Omsetning før rabatt – særlig på små ordrer (ÆØÅ)');
    // 1 234,50 + 99,95 − 34,50 + 1.000,05 (line 8's "12,3,4" left out): 2,300.00, marked ⚠.
    expect(texts).toContain('2,300.00 ⚠');
  });

  it('says on the exceptions slide and in a data-quality slide what was left out, never hiding it', () => {
    const attention = slides[1].map((b) => b.text);
    // The two missed KPIs, and the three without a target whose figures left out a value (revenue and average order
    // value the unreadable amount of line 8, orders the undated row of line 9): every flagged figure needs attention.
    expect(attention[0]).toBe('Needs attention (5)');
    const last = slides.at(-1)!.map((b) => b.text);
    expect(last[0]).toBe('Data quality and notes');
    const notes = last.join(' ');
    expect(notes).toContain("column 'Beløp'");
    expect(notes).toContain('"12,3,4"');
    expect(slides[0].map((b) => b.text).join(' ')).toContain('⚠');
  });

  it('renders the letters in LibreOffice', () => {
    if (!needs(IMPRESS, 'LibreOffice Impress', 'libreoffice-impress') || !needs(PDFTOTEXT && PDFTOPPM, 'poppler', 'poppler-utils')) return;
    const pdf = officeToPdf(file, dir);
    const text = pdfText(pdf).join('\n');
    expect(text).toContain('Omsetning før rabatt – særlig på små ordrer (ÆØÅ)');
    expect(pdfWords(pdf).flatMap((p, i) => textFaults(p, `slide ${i + 1}`))).toEqual([]);
  }, 200_000);
});

describe('pptx: the demo company in Norwegian (--locale nb-NO)', () => {
  let slides: TextBox[][];

  beforeAll(async () => {
    const file = join(dir, 'styre.pptx');
    const run = runKpi(['report', ...DEMO, '--locale', 'nb-NO', '-o', file]);
    expect(run.code, run.stderr).toBe(0);
    slides = await readDeck(file);
  }, 120_000);

  it('has Norwegian headings, status words and numbers', () => {
    const attention = slides[1].map((b) => b.text.replaceAll('\n', ' '));
    expect(attention[0]).toBe('Trenger oppmerksomhet (8)');
    expect(attention).toContain('Nøkkeltall');
    expect(attention).toContain('▲ i fare');
    // The demo's revenue of 2026-10, 1,462,864.40 NOK (the JSON report), as a Norwegian reader writes it.
    expect(attention).toContain('1\u00a0462\u00a0864,40\u00a0kr');
    expect(slides[0].map((b) => b.text)).toContain('KPI-rapport 2026-10 (01.10.2026 – 31.10.2026)');
    for (const [n, boxes] of slides.entries()) {
      for (const b of boxes) for (const line of b.text.split('\n')) expect(textWidth(line, b.size, b.bold ? 'bold' : 'regular') * 12_700, `slide ${n + 1}: ${line}`).toBeLessThanOrEqual(b.cx + 1);
    }
  });
});
