// Helpers for the tests that look at the meeting formats as a reader would: LibreOffice (soffice) turns a deck into
// a PDF, poppler (pdftotext, pdftoppm) reads a PDF's text with its word boxes and draws its pages as PNG.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { decodePng } from './helpers.js';

const find = (paths: string[]) => paths.find((p) => existsSync(p));

export const SOFFICE = find(['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice', '/usr/lib/libreoffice/program/soffice']);
/** LibreOffice opens a .pptx only with its Impress module (Debian: libreoffice-impress). */
export const IMPRESS = SOFFICE !== undefined && find(['/usr/lib/libreoffice/share/registry/impress.xcd', '/opt/libreoffice/share/registry/impress.xcd']) !== undefined;
export const PDFTOTEXT = find(['/usr/bin/pdftotext', '/usr/local/bin/pdftotext']);
export const PDFTOPPM = find(['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm']);
export const PDFFONTS = find(['/usr/bin/pdffonts', '/usr/local/bin/pdffonts']);

/**
 * Whether a check that needs `tool` runs: locally a missing tool skips it with one line saying what to install;
 * under CI (CI=true, where .ci/run installs them) it must be there, so the check fails instead of passing unseen.
 */
export function needs(tool: string | boolean | undefined, name: string, install: string): boolean {
  if (tool) return true;
  if (process.env.CI === 'true') throw new Error(`${name} is not installed, and CI must run this check (.ci/run installs ${install})`);
  console.warn(`${name} not installed (apt-get install ${install}): skipping the rendering checks`);
  return false;
}

/** `soffice --headless --convert-to pdf`, with a profile of its own so parallel runs never share one. */
export function officeToPdf(file: string, dir: string): string {
  const run = spawnSync(SOFFICE!, ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', dir, file], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const pdf = join(dir, file.replace(/^.*\//, '').replace(/\.[^.]+$/, '.pdf'));
  if (run.status !== 0 || !existsSync(pdf)) throw new Error(`soffice could not convert ${file}: ${run.stdout}\n${run.stderr}`);
  return pdf;
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface TextPage {
  width: number;
  height: number;
  words: Word[];
}

/** Every page's words with their boxes (`pdftotext -bbox`), in points. */
export function pdfWords(pdf: string): TextPage[] {
  const run = spawnSync(PDFTOTEXT!, ['-bbox', pdf, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  const pages: TextPage[] = [];
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const m of run.stdout.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...m[3].matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      text: unescape(w[5]),
    }));
    pages.push({ width: Number(m[1]), height: Number(m[2]), words });
  }
  return pages;
}

/** A page's text laid out as it prints (`pdftotext -layout`), one string per page. */
export function pdfText(pdf: string): string[] {
  const run = spawnSync(PDFTOTEXT!, ['-layout', pdf, '-'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.split('\f').slice(0, -1);
}

/**
 * What is wrong with the text of a page: a word outside the page, or two words of one line drawn over each other
 * (a cell's text running into the next cell). Empty when nothing is.
 */
export function textFaults(page: TextPage, what: string): string[] {
  const faults: string[] = [];
  for (const w of page.words) {
    if (w.xMin < -0.5 || w.yMin < -0.5 || w.xMax > page.width + 0.5 || w.yMax > page.height + 0.5) faults.push(`${what}: '${w.text}' is outside the page (${w.xMin}–${w.xMax} of ${page.width})`);
  }
  const lines = new Map<number, Word[]>();
  for (const w of page.words) {
    const key = Math.round(w.yMax);
    lines.set(key, [...(lines.get(key) ?? []), w]);
  }
  for (const words of lines.values()) {
    words.sort((a, b) => a.xMin - b.xMin);
    for (let i = 1; i < words.length; i++) {
      const [a, b] = [words[i - 1], words[i]];
      // Words of one height on one baseline that overlap by more than a hair: one text runs over another.
      if (Math.abs(a.yMin - b.yMin) < 1 && b.xMin < a.xMax - 1) faults.push(`${what}: '${a.text}' runs into '${b.text}'`);
    }
  }
  return faults;
}

/** Each page of a PDF as PNG (`pdftoppm -png`) at `dpi`, decoded: what the tests count ink on. */
export function pdfPages(pdf: string, dir: string, dpi = 40, prefix = 'page'): { file: string; ink: number }[] {
  const run = spawnSync(PDFTOPPM!, ['-png', '-r', String(dpi), pdf, join(dir, prefix)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => ({ file: join(dir, f), ink: inkShare(readFileSync(join(dir, f))) }));
}

/** The share of a PNG's pixels that are not near-white: 0 for a blank page. */
export function inkShare(png: Buffer): number {
  const { width, height, pixels } = decodePng(png);
  let ink = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) ink++;
  return ink / (width * height);
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export interface TextBox {
  /** Its lines joined by \n. */
  text: string;
  x: number;
  y: number;
  cx: number;
  cy: number;
  /** Font size in points and weight of its (single) run. */
  size: number;
  bold: boolean;
}

/** The slides of a deck in order, each as its text boxes. */
export async function readDeck(file: string): Promise<TextBox[][]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const names = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  const slides: TextBox[][] = [];
  for (const name of names) {
    const xml = await zip.file(name)!.async('string');
    const boxes: TextBox[] = [];
    for (const sp of xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)) {
      const body = sp[1];
      // Paragraphs (and line breaks) as lines, the runs of a line joined.
      const lines = [...body.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].flatMap((p) => p[1].split(/<a:br\b[^>]*\/>/).map((part) => [...part.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unescapeXml(m[1])).join('')));
      const texts = lines.filter((l) => l !== '');
      if (texts.length === 0) continue;
      const off = /<a:off x="(\d+)" y="(\d+)"\/>/.exec(body)!;
      const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(body)!;
      const rPr = /<a:rPr[^>]*\bsz="(\d+)"[^>]*>/.exec(body)!;
      boxes.push({ text: texts.join('\n'), x: Number(off[1]), y: Number(off[2]), cx: Number(ext[1]), cy: Number(ext[2]), size: Number(rPr[1]) / 100, bold: /\bb="1"/.test(rPr[0]) });
    }
    slides.push(boxes);
  }
  return slides;
}

/**
 * The icon Excel (and LibreOffice) draws in each cell of a column, read from the workbook's icon-set rules as Excel
 * evaluates them, independently of xlsx.ts: 3 Symbols' icon 3 (the tick) from the third threshold up, icon 2 (the
 * exclamation mark) from the second, icon 1 (the cross) below; `reverse` turns it round. Row → icon, for the rows
 * with a number.
 */
export function iconsShown(ws: ExcelJS.Worksheet, col: string): Map<number, number> {
  const formattings = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
  const out = new Map<number, number>();
  for (const f of formattings) {
    const rule = f.rules[0] as ExcelJS.IconSetRuleType;
    if (rule.type !== 'iconSet') continue;
    if (rule.iconSet !== '3Symbols') throw new Error(`icon set ${rule.iconSet} on ${f.ref}: only 3Symbols is read here`);
    for (const part of f.ref.split(' ')) {
      const [a, b = a] = part.split(':');
      if (!a.startsWith(col) || /\d/.test(a.slice(col.length, col.length + 1)) === false) continue;
      for (let row = Number(a.slice(col.length)); row <= Number(b.slice(col.length)); row++) {
        const v = ws.getCell(`${col}${row}`).value;
        if (typeof v !== 'number') continue;
        const [, second, third] = rule.cfvo!.map((c) => Number(c.value));
        const icon = v >= third ? 3 : v >= second ? 2 : 1;
        out.set(row, rule.reverse ? 4 - icon : icon);
      }
    }
  }
  return out;
}
