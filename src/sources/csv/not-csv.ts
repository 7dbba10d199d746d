// Files that are not CSV text though they are named .csv: compressed, binary, UTF-16 without a byte-order mark.
// Each is said at read time, before a single cell is taken for data.
import type { Encoding } from '../../config/project.js';
import { looksLikeSie } from '../sie/detect.js';

/** Magic numbers of the files most often saved under a .csv name by mistake, and what to do about each. */
const MAGIC: { bytes: number[]; what: string; hint: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'a gzip file', hint: 'decompress it first (gunzip, or zcat into a .csv); a gzip-compressed CSV kpi reads as it is when it is named .csv.gz' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip file (perhaps an .xlsx workbook)', hint: 'unzip it, or name a workbook .xlsx' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel .xls workbook', hint: 'save it as .xlsx or CSV in Excel or LibreOffice' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2 file', hint: 'decompress it first (bunzip2)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz file', hint: 'decompress it first (unxz)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd file', hint: 'decompress it first (unzstd)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document', hint: 'export the data as CSV from the system that made it' },
];

/**
 * Why the first bytes of a file cannot be CSV text in `encoding` (configured or sniffed), or undefined.
 * `configured` tells whether the user set the encoding (then UTF-16 without a BOM is what was asked for).
 */
export function notCsvText(head: Uint8Array, encoding: Encoding, configured: boolean): string | undefined {
  for (const m of MAGIC) {
    if (head.length >= m.bytes.length && m.bytes.every((b, i) => head[i] === b)) return `looks like ${m.what}, not CSV text; ${m.hint}`;
  }
  // A SIE file is read by its own reader, which knows it by its first bytes; from a pipe those are not peeked.
  if (looksLikeSie(head)) return 'looks like a SIE file, which kpi reads from a file (twice), not from a pipe or FIFO: save it first (e.g. cat … > bokforing.se) and name that file';
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return undefined;
  const n = Math.min(head.length, 64 * 1024);
  let zeros = 0;
  let evenZeros = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      zeros++;
      if (i % 2 === 0) evenZeros++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) controls++;
  }
  // A stray zero byte or control character (a legacy export's padding) does not make a file binary: 1 % of them does.
  if (zeros <= n / 100 && controls <= n / 100) return undefined;
  // Text in UTF-16 has a zero in every other byte (the high byte of ASCII characters): odd ones for little-endian.
  if (!configured && zeros >= n / 4) {
    const oddZeros = zeros - evenZeros;
    if (oddZeros >= (n / 2) * 0.6 && evenZeros <= oddZeros / 10) return 'looks like UTF-16 (little-endian) text without a byte-order mark; set encoding: utf-16le for the source';
    if (evenZeros >= (n / 2) * 0.6 && oddZeros <= evenZeros / 10) return 'looks like UTF-16 (big-endian) text without a byte-order mark; set encoding: utf-16be for the source';
  }
  return `is binary, not CSV text (${zeros > 0 ? 'it holds zero bytes' : 'it holds control characters'} in its first ${n < 1024 ? `${n} bytes` : `${Math.round(n / 1024)} KB`}); export the data as CSV`;
}
