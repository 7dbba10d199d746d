// drawTable draws exactly what cli-table3 draws with the report table's options, for every kind of text it is given.
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, drawTable, type Align } from '../../src/render/text-table.js';

const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function cliTable3(head: string[], rows: string[][], aligns: Align[]): string {
  const table = new Table({ head, style: { head: [], border: [], compact: true }, chars: COMPACT, colAligns: aligns });
  for (const row of rows) table.push(row);
  return table.toString();
}

const chalk = new Chalk({ level: 1 });
/** Latin, the table's marks and minus signs, CJK (two columns), a combining accent (none), emoji (two). */
const char = fc.constantFrom('a', 'Z', '0', ' ', '.', 'ø', 'Å', '–', '−', '✔', '▲', '✘', '◷', '·', '中', '한', 'ｱ', '\u0301', '😀', '€', 'Ω', 'ж');
const plain = fc.string({ unit: char, maxLength: 12 });
const cell = fc.oneof(plain, plain.map((s) => chalk.red(s)), plain.map((s) => chalk.bold.green(s)));

describe('drawTable', () => {
  it('is the same text as cli-table3', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            fc.array(cell, { minLength: n, maxLength: n }),
            fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
            fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: n, maxLength: n }),
          ),
        ),
        ([head, rows, aligns]) => {
          expect(drawTable(head, rows, aligns)).toBe(cliTable3(head, rows, aligns));
        },
      ),
      { numRuns: 500, seed: 12 },
    );
  });

  it('measures colour codes as nothing and wide characters as two columns', () => {
    expect(displayWidth(chalk.red('abc'))).toBe(3);
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('draws 200,000 rows (cli-table3 overflows the stack at about 125,000)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [`rep${i}`, String(i)]);
    const text = drawTable(['rep', 'n'], rows, ['left', 'right']);
    // A top rule, the head, the rows and a bottom rule.
    expect(text.split('\n')).toHaveLength(200_003);
    expect(text.split('\n')[2]).toBe('│ rep0      │      0 │');
  });
});
