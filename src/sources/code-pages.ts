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
