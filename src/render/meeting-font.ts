// The font of the meeting formats (pdf, pptx): DejaVu Sans from @fontsource/dejavu-sans, which has every letter of
// the Nordic languages (æøå äö) and the status marks (✔ ✘ ▲ ◌ ⚠) in one face. The PDF embeds it; the slides are
// laid out with its widths, which run wider than Arial's or Calibri's, so text that fits here fits in PowerPoint too.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';

export type Weight = 'regular' | 'bold';

/** WOFF, not WOFF2: fontkit's subsetter (which pdfkit embeds with) breaks on the WOFF2 file's composite glyphs. */
const FILES: Record<Weight, string> = {
  regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
};

const cache = new Map<Weight, { bytes: Buffer; font: fontkit.Font; advance: Map<number, number> }>();

function load(weight: Weight) {
  let entry = cache.get(weight);
  if (entry === undefined) {
    // Resolved from this module (a chunk of dist/bundle/ or dist/render/): the package's own node_modules.
    const bytes = woffToSfnt(readFileSync(createRequire(import.meta.url).resolve(FILES[weight])));
    entry = { bytes, font: fontkit.create(bytes) as fontkit.Font, advance: new Map() };
    cache.set(weight, entry);
  }
  return entry;
}

/** The font file's bytes, for embedding. */
export const fontBytes = (weight: Weight): Buffer => load(weight).bytes;

/** The width of one line of text in points at `size` points (advance widths; no kerning, which only narrows it). */
export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
  const { font, advance } = load(weight);
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let w = advance.get(cp);
    if (w === undefined) {
      // A character the font lacks is drawn by another font: counted as wide as an em to stay on the safe side.
      w = font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).advanceWidth : font.unitsPerEm;
      advance.set(cp, w);
    }
    units += w;
  }
  return (units / font.unitsPerEm) * size;
}

/** `text` cut with an ellipsis so it is at most `width` points wide. */
export function fitText(text: string, width: number, size: number, weight: Weight = 'regular'): string {
  if (textWidth(text, size, weight) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('').trimEnd()}…`, size, weight) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * Words wrapped into lines of at most `width` points; a word longer than a line is cut across lines. Only breaking
 * white space separates words: the no-break spaces Intl writes between thousands (`1 462 864,40`) and before a
 * unit (`41,2 %`) keep a figure on one line (`\s` would split `+152 354,36 kr` over two).
 */
export function wrapText(text: string, width: number, size: number, weight: Weight = 'regular'): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/[^\S\u00a0\u202f\u2007\u2060]+/).filter(Boolean)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (textWidth(next, size, weight) <= width) {
      line = next;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    // A path or a value with no spaces: cut it where it reaches the edge.
    while (textWidth(line, size, weight) > width) {
      const chars = [...line];
      let n = chars.length - 1;
      while (n > 1 && textWidth(chars.slice(0, n).join(''), size, weight) > width) n--;
      lines.push(chars.slice(0, n).join(''));
      line = chars.slice(n).join('');
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * A WOFF 1.0 file as the TrueType font it wraps: each table inflated once with node's zlib. Handed the WOFF itself,
 * fontkit inflates its tables in JavaScript on every read (seconds per report); the TrueType bytes are read as they
 * are, and pdfkit embeds a subset of them.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: Buffer; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({ tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data: compLength < origLength ? inflateSync(raw) : raw });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const head = Buffer.alloc(12 + 16 * numTables);
  woff.copy(head, 0, 4, 8);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const rec = 12 + i * 16;
    t.tag.copy(head, rec);
    head.writeUInt32BE(t.checksum, rec + 4);
    head.writeUInt32BE(offset, rec + 8);
    head.writeUInt32BE(t.data.length, rec + 12);
    const padded = (t.data.length + 3) & ~3;
    parts.push(t.data, Buffer.alloc(padded - t.data.length));
    offset += padded;
  });
  return Buffer.concat(parts);
}
