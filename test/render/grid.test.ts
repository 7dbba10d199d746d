// plainGrid draws exactly what cli-table3 draws with the options of `kpi list`, or declines.
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainGrid } from '../../src/render/grid.js';

function cliTable3(head: string[], rows: string[][], colWidths: number[]): string {
  const table = new Table({ head, style: { head: [], border: [] }, wordWrap: true, colWidths });
  for (const row of rows) table.push(row);
  return table.toString();
}

const plainChar = fc.constantFrom('a', 'b', 'Z', '0', '_', '.', ',', '(', ')', ' ', ' ', ' ', 'ø', 'Å', 'é', 'ſ', '~');
const otherChar = fc.constantFrom('\t', '\n', '\u00a0', '©', '…', '中', '😀', '\u0301', '\u001b[1m', '\x7f');
const plainText = fc.oneof(fc.string({ unit: plainChar, maxLength: 60 }), fc.constantFrom('', ' ', '  lead', 'trail  ', 'a  b   c', 'averyveryverylongwordthatneedscutting ok'));

describe('plainGrid', () => {
  it('is the same text as cli-table3 for plain text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 3, max: 30 }), { minLength: 1, maxLength: 6 }).chain((widths) =>
          fc.tuple(
            fc.constant(widths),
            fc.array(plainText, { minLength: widths.length, maxLength: widths.length }),
            fc.array(fc.array(plainText, { minLength: widths.length, maxLength: widths.length }), { maxLength: 6 }),
          ),
        ),
        ([widths, head, rows]) => {
          expect(plainGrid(head, rows, widths)).toBe(cliTable3(head, rows, widths));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('declines text whose width is not its length', () => {
    fc.assert(
      fc.property(plainText, otherChar, plainText, (a, c, b) => {
        expect(plainGrid(['KPI'], [[`${a}${c}${b}`]], [20])).toBeUndefined();
      }),
    );
  });

  it('draws the list table: rules between rows, wrapped and cut cells', () => {
    const head = ['KPI', 'Needs'];
    const rows = [['gross_margin', 'sales.cost, sales.revenue'], ['an_identifier_longer_than_its_column', '']];
    expect(plainGrid(head, rows, [14, 12])).toBe(cliTable3(head, rows, [14, 12]));
  });
});
