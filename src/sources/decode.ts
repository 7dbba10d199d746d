// Turns the bytes of an export into text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252, or (sniffed
// from the letters inside words, code-pages.ts) a DOS code page.
import type { Encoding } from '../config/project.js';
import { sniffDosCodePage } from './code-pages.js';

/** Windows-1252's 0x80–0x9F differ from Latin-1 (€, ‚, ƒ, „ …); Node's decoder treats them as Latin-1. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // Only 0x80–0x9F differ from Latin-1; most chunks have none, so the replace is skipped.
  return /[\x80-\x9f]/.test(latin1) ? latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80])) : latin1;
}

/** The encoding a BOM announces, if any. */
export function encodingFromBom(head: Uint8Array): Encoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Is this valid UTF-8? A multi-byte sequence cut off at the end of the sample is allowed. */
export function looksLikeUtf8(sample: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** How much of a file is looked at for UTF-8 read as a single-byte encoding. */
const LOOKALIKE_BYTES = 64 * 1024;

/**
 * A file declared single-byte (`encoding: windows-1252`) whose first 64 KB are valid UTF-8 with multi-byte
 * sequences (C3 B8 for ø): almost surely UTF-8, and every letter outside ASCII reads wrongly — categories, names and
 * headers that match nothing, silently. Gives the first such word as UTF-8 and as `decode` reads it, for the message.
 */
export function utf8Lookalike(head: Uint8Array, decode: (bytes: Uint8Array) => string): { utf8: string; misread: string } | undefined {
  let sample = head.subarray(0, LOOKALIKE_BYTES);
  sample = sample.subarray(0, completeUtf8(sample));
  let lead = -1;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] >= 0xc2 && validSequence(sample, i) > 0) {
      lead = i;
      break;
    }
  }
  if (lead < 0 || !looksLikeUtf8(sample)) return undefined;
  // The word around the first multi-byte letter: from the last ASCII delimiter, space, quote or line break before it.
  const stop = (b: number) => b < 0x80 && !/[\p{L}\p{N}]/u.test(String.fromCharCode(b));
  let from = lead;
  while (from > 0 && !stop(sample[from - 1])) from--;
  let to = lead;
  while (to < sample.length && !stop(sample[to])) to++;
  const word = sample.subarray(from, Math.min(to, from + 60));
  return { utf8: Buffer.from(word).toString('utf8'), misread: decode(word) };
}

/** What to do about a file utf8Lookalike found, for warnings and column-not-found errors. */
export function lookalikeFix(l: { declared: string; utf8: string; misread: string }): string {
  return `the file looks like UTF-8 (${JSON.stringify(l.utf8).replace(/^"|"$/g, "'")} read as ${JSON.stringify(l.misread).replace(/^"|"$/g, "'")}): remove encoding: ${l.declared} or set encoding: utf-8`;
}

/**
 * The encoding of a file from its first bytes: a BOM decides; else valid UTF-8; else a DOS code page when its
 * letters inside words say so (code-pages.ts); else Windows-1252.
 */
export function sniffEncoding(head: Uint8Array): Encoding {
  return encodingFromBom(head) ?? (looksLikeUtf8(head) ? 'utf-8' : (sniffDosCodePage(head) ?? 'windows-1252'));
}

/** Why a cell with bytes that are not UTF-8 is a bad value (the same words from the text and the byte reader). */
export const INVALID_UTF8 =
  'not valid UTF-8 (a byte of another encoding, past the part of the file that was sniffed?); if the file is Windows-1252, set encoding: windows-1252 for the source';

/**
 * UTF-8 bytes to text where every byte that is not part of a valid sequence becomes a lone low surrogate
 * U+DC80–U+DCFF (Python's "surrogateescape"), so a cell can tell it held one — U+FFFD could have been written.
 */
export function decodeUtf8Escaped(bytes: Uint8Array): string {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  const n = bytes.length;
  const flush = (to: number) => {
    if (to > from) parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('utf8'));
  };
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = validSequence(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    flush(i);
    parts.push(String.fromCharCode(0xdc00 + b));
    from = ++i;
  }
  flush(n);
  return parts.join('');
}

/** The length of the valid UTF-8 sequence at `i` (a non-ASCII lead byte), or 0 if it is none. */
function validSequence(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // No overlong forms (E0 80–9F) and no surrogates (ED A0–BF).
    const ok1 = b === 0xe0 ? cont(1, 0xa0) : b === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return ok1 && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok1 = b === 0xf0 ? cont(1, 0x90) : b === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return ok1 && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A lone low surrogate of the escape range: a byte that was not UTF-8 (see decodeUtf8Escaped). */
const ESCAPED = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

export const hasEscapedBytes = (text: string): boolean => ESCAPED.test(text);

/** Escaped text as a UTF-8 decoder shows it (each bad sequence as U+FFFD), for messages: as the byte reader has it. */
export function unescapeBytes(text: string): string {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(out).toString('utf8');
}

/** Where a chunk of UTF-8 can be cut without splitting a character: before a trailing incomplete sequence. */
export function completeUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const b = bytes[n - k];
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return need > k ? n - k : n;
    }
  }
  return n;
}
