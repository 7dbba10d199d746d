// Turns the bytes of an export into text: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252.
import type { Encoding } from '../config/project.js';

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

/** The encoding of a file from its first bytes: a BOM decides; else valid UTF-8; else Windows-1252. */
export function sniffEncoding(head: Uint8Array): Encoding {
  return encodingFromBom(head) ?? (looksLikeUtf8(head) ? 'utf-8' : 'windows-1252');
}
