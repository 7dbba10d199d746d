// The SIE line tokenizer (SIE 4B section 5): any fields written as the standard says — words, quoted strings with
// \" and \\ escaped, object lists — separated by any run of spaces and tabs, read back as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMicros, microsText, sieMicros } from '../../src/sources/sie/parse.js';
import { SieSyntaxError, tokenizeSieLine, type SieField } from '../../src/sources/sie/tokenize.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

// Text as SIE files hold it: letters (åäö too), digits, punctuation, quotes, backslashes, braces, spaces; no line breaks.
const char = fc.constantFrom(...'abcAZ019 åäöÅÄÖ.,-_/&%"\\{}#'.split(''));
const anyText = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
// A word needs no quotes: no space, quote, brace, and it does not start with '#' (that would be a label).
const word = fc.stringMatching(/^[a-zA-Z0-9åäö.,\-_/&%][a-zA-Z0-9åäö.,\-_/&%#\\]{0,10}$/);
const separator = fc.array(fc.constantFrom(' ', '\t'), { minLength: 1, maxLength: 3 }).map((s) => s.join(''));

type Written = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: 'list'; items: { quoted: boolean; text: string }[] };

const quote = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const item = fc.oneof(word.map((text) => ({ quoted: false, text })), anyText.map((text) => ({ quoted: true, text })));
const field: fc.Arbitrary<Written> = fc.oneof(
  word.map((text) => ({ kind: 'word' as const, text })),
  anyText.map((text) => ({ kind: 'string' as const, text })),
  fc.array(item, { maxLength: 4 }).map((items) => ({ kind: 'list' as const, items })),
);

function write(label: string, fields: Written[], seps: string[], listSeps: string[]): string {
  let line = `${seps[0].length > 1 ? seps[0] : ''}#${label}`;
  fields.forEach((f, i) => {
    const sep = seps[(i + 1) % seps.length];
    if (f.kind === 'word') line += sep + f.text;
    else if (f.kind === 'string') line += sep + quote(f.text);
    else {
      // Inside a list, items are separated too, and the braces may or may not have spaces inside them.
      const inner = f.items.map((it) => (it.quoted ? quote(it.text) : it.text)).join(listSeps[i % listSeps.length]);
      line += `${sep}{${i % 2 ? ' ' : ''}${inner}}`;
    }
  });
  return line + (seps.length > 2 ? seps[2] : '');
}

const expected = (fields: Written[]): SieField[] => fields.map((f) => (f.kind === 'list' ? f.items.map((it) => it.text) : f.text));

describe('tokenizeSieLine', () => {
  it('reads back any fields written as SIE writes them, whatever the spacing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('TRANS', 'VER', 'KONTO', 'OBJEKT', 'RTRANS'),
        fc.array(field, { maxLength: 7 }),
        fc.array(separator, { minLength: 1, maxLength: 4 }),
        fc.array(separator, { minLength: 1, maxLength: 2 }),
        (label, fields, seps, listSeps) => {
          const line = write(label, fields, seps, listSeps);
          const got = tokenizeSieLine(line);
          expect(got.label).toBe(label);
          expect(got.fields).toEqual(expected(fields));
          expect(got.quoted).toEqual(fields.map((f) => f.kind === 'string'));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('on any line either reads it or says where it cannot, never anything else', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(char, fc.constantFrom(' ', '\t', '{', '}', '"')), { maxLength: 40 }).map((cs) => `#TRANS ${cs.join('')}`), (line) => {
        try {
          tokenizeSieLine(line);
        } catch (err) {
          expect(err).toBeInstanceOf(SieSyntaxError);
          const column = (err as SieSyntaxError).column;
          expect(column).toBeGreaterThanOrEqual(0);
          expect(column).toBeLessThan(line.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reads the shapes of the real exports', () => {
    // BL Administration: two spaces after the account, a list with a leading space, transdat, trailing space.
    expect(tokenizeSieLine('#TRANS 3010  { "1" "1"} -500 20100122 "" ').fields).toEqual(['3010', ['1', '1'], '-500', '20100122', '']);
    // Mamut: tabs everywhere, also inside the list, and an empty quantity.
    expect(tokenizeSieLine('#TRANS\t3051\t{1\t"2"\t10\t"12"}\t-1000.00\t20100104\t"Faktura"\t""').fields).toEqual(['3051', ['1', '2', '10', '12'], '-1000.00', '20100104', 'Faktura', '']);
    // Visma: indented, no transdat; an unquoted single-word text on #VER.
    expect(tokenizeSieLine('   #TRANS 1910 {} 250.00')).toEqual({ label: 'TRANS', fields: ['1910', [], '250.00'], quoted: [false, false, false] });
    expect(tokenizeSieLine('#VER A 1 20100108 Överföring 20091230').fields).toEqual(['A', '1', '20100108', 'Överföring', '20091230']);
    // BL: the series is the character '#' itself; a text with a single backslash keeps it.
    expect(tokenizeSieLine('#VER # 1 20090731 "1820\\A012 Cykel" 20091202').fields).toEqual(['#', '1', '20090731', '1820\\A012 Cykel', '20091202']);
    expect(tokenizeSieLine('#OBJEKT 6 "P1" "Julkaffe \\"Tomte\\""').fields).toEqual(['6', 'P1', 'Julkaffe "Tomte"']);
    expect(tokenizeSieLine('{')).toEqual({ label: '{', fields: [], quoted: [] });
    expect(tokenizeSieLine(' }\t')).toEqual({ label: '}', fields: [], quoted: [] });
  });

  it('says where a quote or an object list is left open', () => {
    expect(() => tokenizeSieLine('#TRANS 3010 {} -500 "Faktura')).toThrow(expect.objectContaining({ message: 'a quoted text with no closing quote', column: 20 }));
    expect(() => tokenizeSieLine('#TRANS 3010 {1 "2" -500')).toThrow(expect.objectContaining({ message: "an object list with no closing '}'", column: 12 }));
    expect(() => tokenizeSieLine('#TRANS 3010 {1 {2}}')).toThrow(SieSyntaxError);
  });
});

describe('sieMicros', () => {
  it('is the exact micro-units of any SIE amount, as a safe integer or past that as a BigInt', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[0-9]{1,20}$/), fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }), (negative, whole, frac) => {
        const text = `${negative ? '-' : ''}${whole}${frac === undefined ? '' : `.${frac}`}`;
        const exact = (BigInt(whole) * 1_000_000n + BigInt((frac ?? '').padEnd(6, '0'))) * (negative ? -1n : 1n);
        const got = sieMicros(text)!;
        expect(BigInt(got)).toBe(exact);
        expect(typeof got === 'number').toBe(Number.isSafeInteger(Number(exact)));
        expect(microsText(got)).toBe(exact === 0n ? '0' : `${exact < 0n ? '-' : ''}${(exact < 0n ? -exact : exact) / 1_000_000n}${(exact < 0n ? -exact : exact) % 1_000_000n ? `.${((exact < 0n ? -exact : exact) % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')}` : ''}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('is no amount for what SIE does not write', () => {
    for (const t of ['', '-', '.5', '5.', '1,50', '+5', '1.2345678', '1e5', ' 5', '5 ', '--5', '1.2.3']) expect(sieMicros(t), t).toBeUndefined();
  });

  it('adds past the safe integers exactly', () => {
    expect(addMicros(Number.MAX_SAFE_INTEGER, 1)).toBe(BigInt(Number.MAX_SAFE_INTEGER) + 1n);
    expect(addMicros(5, -5)).toBe(0);
  });
});
