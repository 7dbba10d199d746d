// The single-byte code pages of older exports besides Windows-1252: DOS code page 437 (what SIE calls PC8), 850
// (DOS Western Europe), 865 (DOS Nordic) and ISO-8859-15 (Latin-9: Latin-1 with €, Š, Ž, Œ). Their characters
// come from iconv-lite, the decoder most of Node's ecosystem uses (body-parser, mysql2 …), not from tables typed
// by hand here. iconv-lite is loaded only when a file in one of them is opened: it carries the tables of every
// encoding it knows, which a UTF-8 export never needs.
//
// A single-byte code page maps each byte to one character, with no state between bytes: a chunk, a line or a cell
// decodes alone, and a line break or delimiter is the ASCII byte it looks like (bytes below 0x80 are ASCII in all
// four). So the 128 characters of the upper half are read from iconv-lite once, and decoding is a table lookup.
import type { Encoding } from '../config/project.js';
import { InternalError } from '../errors.js';

export const CODE_PAGES = ['cp437', 'cp850', 'cp865', 'iso-8859-15'] as const;
export type CodePage = (typeof CODE_PAGES)[number];

export const isCodePage = (encoding: Encoding | string): encoding is CodePage => (CODE_PAGES as readonly string[]).includes(encoding);

/** Per loaded code page, the characters of bytes 0x80–0xFF. */
const UPPER = new Map<CodePage, string[]>();

/** Loads a code page's table (once); call before `codePageDecoder`. */
export async function loadCodePage(page: CodePage): Promise<void> {
  if (UPPER.has(page)) return;
  const iconv = (await import('iconv-lite')).default;
  const upper = Buffer.alloc(128);
  for (let i = 0; i < 128; i++) upper[i] = 0x80 + i;
  const chars = [...iconv.decode(upper, page)];
  if (chars.length !== 128) throw new InternalError(`iconv-lite decoded the upper half of ${page} to ${chars.length} characters, not 128`);
  UPPER.set(page, chars);
}

/** Bytes in a loaded code page to text. */
export function codePageDecoder(page: CodePage): (bytes: Uint8Array) => string {
  const upper = UPPER.get(page);
  if (!upper) throw new InternalError(`code page ${page} used before loadCodePage`);
  return (bytes) => {
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    // Bytes below 0x80 are ASCII in every code page here; most chunks of an export are mostly ASCII.
    return /[\x80-\xff]/.test(latin1) ? latin1.replace(/[\x80-\xff]/g, (c) => upper[c.charCodeAt(0) - 0x80]) : latin1;
  };
}

/**
 * The letters that give a DOS code page away inside words: CP437 and CP865 (and CP850) put ä å ö ü é æ ø at
 * 0x81–0x9B, where Windows-1252 has „ † ” ‘ › and other punctuation that is never written between two letters.
 * (0x92, Æ there, is left out: it is Windows-1252's apostrophe, as in don’t.)
 */
const DOS_LETTERS = new Set([0x81, 0x82, 0x84, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x91, 0x94, 0x9b]);
/** ø and Ø: CP865 (and CP850) letters where CP437 has ¢ and ¥. */
const NORDIC = new Set([0x9b, 0x9d]);

const isAsciiLetter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/**
 * Whether the first bytes of a file that is not UTF-8 are a DOS code page rather than Windows-1252: letters inside
 * words (between two ASCII letters: `K\x94p`) are DOS letters, at least three of them, and none is a Latin-1
 * letter (0xC0–0xFF, Windows-1252's own å ä ö). CP865 when an ø is among them, else CP437. Undefined: Windows-1252.
 */
export function sniffDosCodePage(head: Uint8Array): CodePage | undefined {
  let dos = 0;
  let nordic = false;
  for (let i = 1; i + 1 < head.length; i++) {
    const b = head[i];
    if (b < 0x80 || !isAsciiLetter(head[i - 1]) || !isAsciiLetter(head[i + 1])) continue;
    if (b >= 0xc0 && b !== 0xd7 && b !== 0xf7) return undefined;
    if (DOS_LETTERS.has(b)) dos++;
    if (NORDIC.has(b)) nordic = true;
  }
  return dos >= 3 ? (nordic ? 'cp865' : 'cp437') : undefined;
}
