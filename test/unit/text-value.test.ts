// textValue (trial4 F18): text that looks equal is equal — one reading for conditions, --by groups and distinct counts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { textValue } from '../../src/util/text.js';
import { columnFormat, sniffColumn } from '../../src/sources/column-format.js';

describe('textValue', () => {
  it('reads decomposed, zero-width and multi-spaced spellings as the plain one', () => {
    expect(textValue('A\u030ase')).toBe('\u00c5se');
    expect(textValue('Kari\u200b')).toBe('Kari');
    expect(textValue('\ufeffKari\u2060')).toBe('Kari');
    expect(textValue('Ola  Hansen')).toBe('Ola Hansen');
    expect(textValue('Ola\u00a0Hansen')).toBe('Ola Hansen');
    expect(textValue(' Ola \t Hansen ')).toBe('Ola Hansen');
    expect(textValue('\u200b')).toBe('');
    // Case is kept: conditions ignore it, groups say their case variants (case-groups.ts).
    expect(textValue('ACME AS')).toBe('ACME AS');
  });
  it('is what the text column reader gives, so a zero-width-only cell is empty', () => {
    const parse = columnFormat('text', sniffColumn([]), {}, {}).parse;
    expect(parse('A\u030ase')).toBe('\u00c5se');
    expect(parse('\u200b')).toBeNull();
  });
  const piece = fc.constantFrom('a', 'Å', 'A\u030a', ' ', '  ', '\u00a0', '\u200b', '\ufeff', '\t', 'é', 'e\u0301', '\u030a', 'x', '1');
  const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
  it('is idempotent and leaves no zero-width character, no run of spaces, nothing to trim, only NFC (property)', () => {
    fc.assert(
      fc.property(text, (t) => {
        const v = textValue(t);
        return textValue(v) === v && v === v.normalize('NFC') && !/[\u200b-\u200d\u2060\ufeff]|\s\s|[^\S ]/.test(v) && v === v.trim();
      }),
    );
  });
  it('leaves printable single-spaced ASCII as written (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[!-~]( ?[!-~])*$/), (t) => textValue(t) === t));
  });
});
