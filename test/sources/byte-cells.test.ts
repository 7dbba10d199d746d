// Cells read from bytes equal what the column's own parser gives the decoded text: the fast paths for plain
// numbers, ISO and dotted dates and cached text never change a value or an error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteCellParser, byteDecoder, compileRecordParser } from '../../src/sources/csv/byte-cells.js';
import { CsvByteScanner } from '../../src/sources/csv/csv-bytes.js';
import { columnFormat, type ColumnSniff } from '../../src/sources/column-format.js';
import type { FieldType } from '../../src/sources/kinds.js';

/** Windows-1252 bytes of the characters the cells use (– and € live in 0x80–0x9F; the rest are Latin-1). */
const windows1252 = (text: string) => Buffer.from([...text].map((c) => ({ '–': 0x96, '€': 0x80 })[c] ?? c.charCodeAt(0)));

const noSniff: ColumnSniff = { ambiguousDecimal: false, ambiguousDates: false, conflictingDates: false };

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', '.', ',', ' ', 'e', '%', '(', ')', 'k', 'r', '\u00a0', 'ø'), maxLength: 18 }),
  fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(99)).map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
  fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 33 })).map(
    ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1890, max: 2100 }), fc.boolean()).map(
    ([d, m, y, pad]) => (pad ? `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}` : `${d}.${m}.${y}`),
  ),
  fc.constantFrom('', ' ', '-', '–', 'Won', 'won ', 'LOST', 'Total', '2026-10-31T12:00', '31.10.26', '10/31/2026', '1 234,50', '(12)'),
  // Numbers whose reading depends on the decimal mark (1,500 / 1.500), and exponents.
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.nat(999), fc.constantFrom(',', '.')).map(([a, b, m]) => `${a}${m}${String(b).padStart(3, '0')}`),
  fc.constantFrom('NULL', 'null', ' N/A ', 'n/a', '\\N', '(null)', '#N/A', 'NULLS'),
  fc.constantFrom('1E5', '1.5e7', '1,5E+07', '2.5E-3', '1.0e308', '-1e400', '999999999999999', '1000000000000000'),
);

const formats: { type: FieldType; decimal?: ',' | '.'; order?: 'dmy' | 'mdy'; values?: Map<string, string> }[] = [
  { type: 'number' },
  { type: 'number', decimal: ',' },
  { type: 'number', decimal: '.' },
  { type: 'date' },
  { type: 'date', order: 'dmy' },
  { type: 'date', order: 'mdy' },
  { type: 'text' },
  { type: 'text', values: new Map([['won', 'won'], ['vunnet', 'won']]) },
];

describe('byte cells', () => {
  for (const encoding of ['utf-8', 'windows-1252'] as const) {
    const decode = byteDecoder(encoding)!;
    const encode = (text: string) => (encoding === 'utf-8' ? Buffer.from(text, 'utf8') : windows1252(text));
    for (const f of formats) {
      it(`${f.type} ${f.decimal ?? f.order ?? (f.values ? 'with values' : '')} in ${encoding}: the same value or error as the text parser`, () => {
        const format = columnFormat(f.type, { ...noSniff, decimal: f.decimal, dateOrder: f.order }, {}, {}, f.values);
        const parser = byteCellParser(format, decode);
        fc.assert(
          fc.property(fc.array(cell, { minLength: 1, maxLength: 20 }), fc.nat(8), (cells, pad) => {
            // Cells side by side in one buffer at an offset, as in a record, read in turn (the text cache sees repeats).
            for (const text of [...cells, ...cells]) {
              const bytes = Buffer.concat([Buffer.alloc(pad, 44), encode(text), Buffer.alloc(3, 44)]);
              const len = bytes.length - pad - 3;
              expect(parser(bytes, pad, pad + len, 0)).toEqual(format.parse(text));
            }
          }),
          { numRuns: 400 },
        );
      });
    }
  }

  it('undoes doubled quotes before parsing', () => {
    const decode = byteDecoder('utf-8')!;
    const text = columnFormat('text', noSniff, {}, {});
    const bytes = Buffer.from('say ""hi""');
    expect(byteCellParser(text, decode)(bytes, 0, bytes.length, 2)).toBe('say "hi"');
    expect(byteCellParser(text, decode)(bytes, 0, bytes.length, 1)).toBe('say ""hi""');
  });

  it('reads Windows-1252 bytes 0x80–0x9F as their characters, not Latin-1 controls', () => {
    const decode = byteDecoder('windows-1252')!;
    expect(decode(Buffer.from([0x80, 0x20, 0x39, 0x96]), 0, 4, 0)).toBe('€ 9–');
  });
});

describe('record parser', () => {
  it('reads the requested columns in order; a column past a short row or not in the file is empty; a bad cell names its column and reads as empty', () => {
    const decode = byteDecoder('utf-8')!;
    const number = byteCellParser(columnFormat('number', noSniff, {}, {}), decode);
    const text = byteCellParser(columnFormat('text', noSniff, {}, {}), decode);
    const parse = compileRecordParser([2, 0, -1, 3], [number, text, text, number], [false, true, true, false]);
    const rows: unknown[] = [];
    new CsvByteScanner(',', (rec) => {
      const out = { num: new Float64Array(4).fill(-1), text: ['-', '-', '-', '-'] as (string | null)[] };
      rows.push({ bad: parse(rec, out), num: [...out.num], text: out.text });
    }).scan(Buffer.from('a,x,1.5,7\nb,y,2\nc,z,abc,1\n'), 0, 26, true);
    expect(rows).toEqual([
      { bad: undefined, num: [1.5, -1, -1, 7], text: ['-', 'a', null, '-'] },
      { bad: undefined, num: [2, -1, -1, NaN], text: ['-', 'b', null, '-'] },
      // Every cell is still read: a bad one stores as empty, and the cells after it are read too.
      { bad: [{ i: 0, error: 'not a number' }], num: [NaN, -1, -1, 1], text: ['-', 'c', null, '-'] },
    ]);
  });
});
