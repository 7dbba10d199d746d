// Differential tests: the byte-level CSV scanner and reader yield exactly the records (and lines) csv-parse and the
// text reader yield, on random CSV, however the bytes are chunked and whatever the encoding.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Encoding } from '../../src/config/project.js';
import { isUtf8 } from 'node:buffer';
import { byteCellParser, byteDecoder } from '../../src/sources/csv/byte-cells.js';
import { columnFormat, type ColumnSniff } from '../../src/sources/column-format.js';
import { CsvByteScanner, type ByteRecord } from '../../src/sources/csv/csv-bytes.js';
import { openCsv, readByteRecords, utf8Decoder } from '../../src/sources/csv/csv-reader.js';
import { openInput } from '../../src/sources/input.js';

const noSniffs: ColumnSniff = { ambiguousDecimal: false, ambiguousDates: false, conflictingDates: false };
import { csvText, reference, widthReference, type Outcome } from '../helpers/csv-reference.js';

const utf8 = byteDecoder('utf-8')!;

function cellsOf(rec: ByteRecord, upTo: number): string[] {
  const cells: string[] = [];
  for (let i = 0; i < Math.min(rec.count, upTo + 1); i++) cells.push(utf8(rec.bytes, rec.start[i], rec.end[i], rec.quoted[i]));
  return cells;
}

/** Feeds the bytes in pieces as the reader does: what a scan leaves unconsumed is carried into the next piece. */
function scanBytes(text: string, delimiter: string, cuts: number[], upTo = Infinity): Outcome & { counts?: number[]; fields?: number[] } {
  const bytes = Buffer.from(text, 'utf8');
  const records: string[][] = [];
  const lines: number[] = [];
  const counts: number[] = [];
  const fields: number[] = [];
  try {
    const scanner = new CsvByteScanner(
      delimiter,
      (rec) => {
        records.push(cellsOf(rec, upTo));
        lines.push(rec.line);
        counts.push(rec.count);
        fields.push(rec.fields);
      },
      upTo,
    );
    let carry = Buffer.alloc(0);
    let from = 0;
    for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)].sort((a, b) => a - b)) {
      const buf = Buffer.concat([carry, bytes.subarray(from, cut)]);
      carry = Buffer.from(buf.subarray(scanner.scan(buf, 0, buf.length, false)));
      from = cut;
    }
    const buf = Buffer.concat([carry, bytes.subarray(from)]);
    expect(scanner.scan(buf, 0, buf.length, true)).toBe(buf.length);
    return { records, lines, counts, fields };
  } catch (err) {
    if ((err as Error).name === 'AssertionError') throw err;
    return { error: true };
  }
}

describe('CsvByteScanner against csv-parse', () => {
  it('yields the same records and start lines (or fails where csv-parse fails), however the bytes are chunked', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(80), { maxLength: 6 }), ({ text, delimiter }, cuts) => {
        const expected = reference(text, delimiter);
        const got = scanBytes(text, delimiter, cuts);
        if ('error' in expected) {
          expect(got).toEqual({ error: true });
          return;
        }
        expect('error' in got).toBe(false);
        expect({ records: (got as { records: string[][] }).records, lines: (got as { lines: number[] }).lines }).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('splits fields up to the last wanted one; a record of one field stays recognisable', () => {
    fc.assert(
      fc.property(csvText, fc.nat(4), fc.array(fc.nat(80), { maxLength: 3 }), ({ text, delimiter }, upTo, cuts) => {
        const expected = reference(text, delimiter);
        const got = scanBytes(text, delimiter, cuts, upTo);
        if ('error' in expected) {
          expect('error' in got).toBe(true);
          return;
        }
        const { records, counts, fields } = got as { records: string[][]; counts: number[]; fields: number[] };
        expect(records).toEqual(expected.records.map((r) => r.slice(0, upTo + 1)));
        // Every field is counted, split or not: a row wider or narrower than the header is seen as csv-parse, held
        // strict about width, sees it.
        expect(fields).toEqual(expected.records.map((r) => r.length));
        expect(fields.map((n) => n !== fields[0])).toEqual(widthReference(text, delimiter));
        counts.forEach((count, i) => {
          expect(count === 1).toBe(expected.records[i].length === 1);
          expect(Math.min(count, upTo + 1)).toBe(Math.min(expected.records[i].length, upTo + 1));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('takes CR LF lines on the fast path and lone CRs, quotes and line breaks in quotes on the exact one', () => {
    const got = scanBytes('a,b\r\n1,"x\r\ny"\r2,"q""q"\n\n3,4', ',', [5, 9]);
    expect(got).toMatchObject({
      records: [['a', 'b'], ['1', 'x\r\ny'], ['2', 'q"q'], ['3', '4']],
      lines: [1, 2, 4, 6],
    });
  });
});

/** Encodes text as Windows-1252 (only the characters the generator uses). */
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
}

describe('byte reader against the text reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bytes-'));
  let n = 0;
  const body = csvText.map(({ text, delimiter }) => ({ text: `h1${delimiter}h2${delimiter}h3\n${text.replace(/€/g, 'e')}€`, delimiter }));

  it('gives the same records, widths, lines and line count in every ASCII-compatible encoding, with tiny buffers', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'windows-1252'), fc.integer({ min: 1, max: 64 }), async ({ text, delimiter }, encoding, chunk) => {
        const path = join(dir, `f${n++}.csv`);
        const bytes = encoding === 'windows-1252' ? windows1252(text) : Buffer.from(encoding === 'utf-8-bom' ? `\ufeff${text}` : text, 'utf8');
        writeFileSync(path, bytes);
        const file = await openCsv(path, { encoding, delimiter, skipRows: 0 });
        const expected: { cells: string[]; line: number; fields?: number }[] = [];
        let expectedLines: number | void = undefined;
        let expectedError = false;
        try {
          // Only the first two columns sliced: the width of the rest is still counted.
          expectedLines = await file.eachRecord((cells, line, fields) => expected.push({ cells: (cells as string[]).slice(0, 3), line, fields }), undefined, [0, 1]);
        } catch {
          expectedError = true;
        }
        const got: { cells: string[]; line: number; fields?: number }[] = [];
        const decode = byteDecoder(encoding)!;
        let gotLines: number | undefined;
        let gotError = false;
        try {
          gotLines = await readByteRecords(await openInput(path), encoding, delimiter, 0, decode, (rec) => {
            const cells: string[] = [];
            for (let i = 0; i < Math.min(rec.count, 2); i++) cells.push(decode(rec.bytes, rec.start[i], rec.end[i], rec.quoted[i]));
            if (rec.count > 2) cells.push(undefined as unknown as string);
            got.push({ cells, line: rec.line, fields: rec.fields });
          }, 1, undefined, undefined, chunk);
        } catch {
          gotError = true;
        }
        expect(gotError).toBe(expectedError);
        if (expectedError) return;
        expect(got).toEqual(expected);
        expect(gotLines).toBe(expectedLines);
      }),
      { numRuns: 400 },
    );
  });
});

describe('bytes that are not UTF-8 in a UTF-8 file (issue 11 item 8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bytes-'));
  let n = 0;
  // Cell pieces: ASCII, valid é and €, a real U+FFFD written by the file, and bytes no UTF-8 has (Windows-1252 é,
  // a cut sequence, 0xFF, an encoded surrogate).
  const piece = fc.constantFrom<number[]>([0x41], [0x31], [0x2e], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xef, 0xbf, 0xbd], [0xe9], [0xc3], [0xff], [0xed, 0xa0, 0x80], [0x20]);
  const cellBytes = fc.array(piece, { maxLength: 4 }).map((ps) => ps.flat());
  const formats = [columnFormat('text', noSniffs, {}, {}), columnFormat('number', noSniffs, {}, {})];

  it('makes the same cells bad values, with the same value shown, in the text and the byte reader', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cellBytes, cellBytes, fc.boolean()), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 64 }), async (rows, chunk) => {
        const lines = rows.map(([a, b, quote]) => Buffer.concat([Buffer.from('2026-10-01,'), quote ? Buffer.from([0x22, ...a, 0x22]) : Buffer.from(a), Buffer.from(','), Buffer.from(b), Buffer.from('\n')]));
        const path = join(dir, `u${n++}.csv`);
        writeFileSync(path, Buffer.concat([Buffer.from('date,note,amount\n'), ...lines]));
        const file = await openCsv(path, { encoding: 'utf-8', delimiter: ',', skipRows: 0 });
        const expected: unknown[] = [];
        await file.eachRecord((cells) => expected.push([formats[0].parse(cells[1]), formats[1].parse(cells[2])]));
        const decode = byteDecoder('utf-8')!;
        const parsers = formats.map((f) => byteCellParser(f, decode));
        const got: unknown[] = [];
        await readByteRecords(await openInput(path), 'utf-8', ',', 0, decode, (rec) => {
          got.push([1, 2].map((col, i) => (col < rec.count ? parsers[i](rec.bytes, rec.start[col], rec.end[col], rec.quoted[col]) : formats[i].parse(undefined))));
        }, 2, undefined, undefined, chunk);
        expect(got).toEqual(expected);
        // Every cell with a byte that is not UTF-8 is a bad value saying so; a U+FFFD the file wrote is text.
        rows.forEach(([a], i) => {
          const valid = isUtf8(Buffer.from(a));
          const v = (expected[i] as unknown[])[0];
          if (!valid) expect(v).toEqual({ error: expect.stringMatching(/^not valid UTF-8 .*set encoding: windows-1252 for the source$/) });
          else expect(typeof v === 'string' || v === null).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a character cut by a chunk boundary whole, and escapes only the bytes that are not UTF-8', () => {
    const decode = utf8Decoder();
    const bytes = Buffer.from('aé€\u{1F600}b', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = utf8Decoder();
      expect(d(bytes.subarray(0, cut), false) + d(bytes.subarray(cut), false) + d(new Uint8Array(0), true)).toBe('aé€\u{1F600}b');
      expect(d.escaped).toBe(false);
    }
    expect(decode(Buffer.from([0x61, 0xe9, 0x62, 0xef, 0xbf, 0xbd]), true)).toBe('a\udce9b\ufffd');
    expect(decode.escaped).toBe(true);
  });
});
