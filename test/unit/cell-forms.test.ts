// A number column's written forms (trial4 F13, F31): a currency in a cell is judged against the column's, and `%`
// against the column's form; parseNumber itself reads past both (parse-number.test.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnFormat, sniffColumn } from '../../src/sources/column-format.js';
import { currencyOfWritten, parseNumber, writtenCurrency } from '../../src/sources/parse-number.js';
import type { ValueSettings } from '../../src/sources/table.js';

/** The number reader of a column whose sample is `cells`, as the engine sets it up (with the project's currency). */
function reader(cells: string[], settings: ValueSettings = {}, project?: string, currencyColumn = false) {
  const config = { decimal: ',' as const, ...settings, cellCurrency: { project, column: currencyColumn } };
  return columnFormat('number', sniffColumn(cells), config, {}).parse;
}
const bad = (v: unknown): boolean => typeof v === 'object' && v !== null && 'error' in v;

describe('writtenCurrency / currencyOfWritten', () => {
  it('finds the currency before or after the number, with signs and parentheses', () => {
    expect(['€ 10,00', '$5,00', 'USD 7,00', '10 EUR', '-kr 1 234', '(NOK 100)', '1 234 kr.', '12 £'].map(writtenCurrency)).toEqual(['€', '$', 'USD', 'EUR', 'kr', 'NOK', 'kr.', '£']);
    expect(['1 234,50', '10,-', '12,5 %', '1234-', '(100,00)'].map(writtenCurrency)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
  it('reads an ambiguous symbol as the project currency when it is one it stands for, else its commonest', () => {
    expect(currencyOfWritten('kr', 'NOK')).toEqual({ code: 'NOK', assumed: true });
    expect(currencyOfWritten('kr.', 'DKK')).toEqual({ code: 'DKK', assumed: true });
    expect(currencyOfWritten('kr', 'EUR').code).toBe('kr');
    expect(currencyOfWritten('$', 'CAD').code).toBe('CAD');
    expect(currencyOfWritten('$', 'NOK').code).toBe('USD');
    expect(currencyOfWritten('€', undefined)).toEqual({ code: 'EUR', assumed: false });
  });
});

describe('a currency written in a number cell', () => {
  it("reads the project's currency as today and makes any other a bad value naming both", () => {
    const parse = reader(['1 000,00', '€ 10,00'], {}, 'NOK');
    expect(parse('1 000,00')).toBe(1000);
    expect(parse('kr 200,00')).toBe(200);
    expect(parse('NOK 30,00')).toBe(30);
    expect(parse('30 kr.')).toBe(30);
    for (const cell of ['€ 10,00', '$5,00', 'USD 7,00', 'SEK 3,00', '10 EUR', '-€ 4,00']) {
      const v = parse(cell);
      expect(bad(v), cell).toBe(true);
      expect((v as { error: string }).error).toMatch(/not in NOK, the project currency: kpi never adds amounts of different currencies/);
    }
  });
  it("with no currency:, takes the sample's commonest currency as the column's, and says so", () => {
    const format = columnFormat('number', sniffColumn(['€ 10,00', '12 EUR', '$ 5']), { decimal: ',', cellCurrency: { column: false } }, {});
    expect(format.describe).toMatch(/amounts in EUR \(as the cells write it\), '\$' read as USD/);
    expect(format.parse('€ 10,00')).toBe(10);
    expect(format.parse('12 EUR')).toBe(12);
    expect((format.parse('$ 5') as { error: string }).error).toMatch(/USD .* the column's amounts are in EUR/);
  });
  it('reads kr beside NOK as NOK when no currency: says which krone', () => {
    const parse = reader(['kr 1 234', 'NOK 2 000,00', '10 kr', '€ 10'], {}, undefined);
    expect(parse('NOK 2 000,00')).toBe(2000);
    expect(parse('kr 1 234')).toBe(1234);
    expect(bad(parse('€ 10'))).toBe(true);
  });
  it('leaves the cell to the currency column when the source has one, and targets tables unjudged', () => {
    expect(reader(['€ 10'], {}, 'NOK', true)('€ 10')).toBe(10);
    expect(columnFormat('number', sniffColumn(['€ 10']), { decimal: ',' }, {}).parse('€ 10')).toBe(10);
  });
});

describe('% and bare numbers in one column', () => {
  it('takes the form most of the sample writes; the other form is a bad value', () => {
    const pct = reader(['12,5 %', '10 %', '12,5', '20 %']);
    expect(pct('12,5 %')).toBe(0.125);
    expect((pct('12,5') as { error: string }).error).toMatch(/written without %.*12,5 % or as 1250 %/);
    const bare = reader(['100', '250,50', '12 %']);
    expect(bare('250,50')).toBe(250.5);
    expect((bare('12 %') as { error: string }).error).toMatch(/written with %, in a column whose numbers are written without/);
  });
  it('on a tie the % form wins (it says its scale), and a percent column has no fast path that would skip the check', () => {
    const format = columnFormat('number', sniffColumn(['12,5 %', '12,5']), { decimal: ',', cellCurrency: { column: false } }, {});
    expect(format.fast).toBeUndefined();
    expect(bad(format.parse('12,5'))).toBe(true);
  });
  it('never yields two scales from one column (property)', () => {
    const cell = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.boolean()).map(([n, pct]) => `${(n / 100).toFixed(2).replace('.', ',')}${pct ? ' %' : ''}`);
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 30 }), (cells) => {
        const parse = reader(cells.slice(0, 10));
        const forms = new Set<boolean>();
        for (const c of cells) {
          const v = parse(c);
          if (typeof v === 'number') {
            forms.add(c.endsWith('%'));
            // A value read is the one parseNumber reads: the check only refuses, it never changes a number.
            expect(v).toBe(parseNumber(c, ','));
          }
        }
        return forms.size <= 1;
      }),
    );
  });
  it('never adds a second currency to a column (property)', () => {
    const cur = fc.constantFrom('', 'kr ', 'NOK ', '€ ', 'USD ', '$', 'SEK ');
    const cell = fc.tuple(cur, fc.integer({ min: 0, max: 99_999 })).map(([c, n]) => `${c}${n}`);
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 30 }), fc.constantFrom(undefined, 'NOK', 'EUR'), (cells, project) => {
        const parse = reader(cells.slice(0, 10), {}, project);
        // `kr` names a krone only by the project's currency or the one krone code beside it in the sample.
        const kroner = new Set(cells.slice(0, 10).flatMap((c) => (/^(NOK|SEK) /.test(c) ? [c.slice(0, 3)] : [])));
        const hint = project ?? (kroner.size === 1 ? [...kroner][0] : undefined);
        const codes = new Set<string>();
        for (const c of cells) {
          const w = writtenCurrency(c);
          if (typeof parse(c) === 'number' && w !== undefined) codes.add(currencyOfWritten(w, hint).code);
        }
        return codes.size <= 1 && (project === undefined || [...codes].every((c) => c === project));
      }),
    );
  });
});
