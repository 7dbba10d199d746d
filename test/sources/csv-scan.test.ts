// Differential tests: the fast CSV scanner yields exactly the records (and lines) csv-parse yields, on random CSV.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../../src/sources/csv/csv-scan.js';
import { csvText, reference, widthReference, type Outcome } from '../helpers/csv-reference.js';

function scan(text: string, delimiter: string, cuts: number[]): Outcome {
  const records: string[][] = [];
  const lines: number[] = [];
  try {
    const scanner = new CsvScanner(delimiter, (cells, line) => {
      records.push(cells as string[]);
      lines.push(line);
    });
    let from = 0;
    for (const cut of [...cuts.filter((c) => c > 0 && c < text.length)].sort((a, b) => a - b)) {
      scanner.push(text.slice(from, cut));
      from = cut;
    }
    scanner.push(text.slice(from));
    scanner.end();
    return { records, lines };
  } catch {
    return { error: true };
  }
}

describe('CsvScanner against csv-parse', () => {
  it('yields the same records and start lines (or fails where csv-parse fails), however the text is chunked', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat(60), { maxLength: 5 }), ({ text, delimiter }, cuts) => {
        const expected = reference(text, delimiter);
        const got = scan(text, delimiter, cuts);
        if ('error' in expected) {
          expect(got).toEqual({ error: true });
          return;
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('slices only the wanted columns', () => {
    const out: (string | undefined)[][] = [];
    const s = new CsvScanner(',', (cells) => out.push(cells), [false, true, false]);
    s.push('a,b,"c,d"\n1,"2\n3",4\n');
    s.end();
    expect(out).toEqual([
      [undefined, 'b', undefined],
      [undefined, '2\n3', undefined],
    ]);
  });
});

describe('CsvScanner with wanted columns', () => {
  it('yields the wanted cells of csv-parse records, whatever else the rows hold', () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.boolean(), { maxLength: 5 }), ({ text, delimiter }, wanted) => {
        const expected = reference(text, delimiter);
        const out: (string | undefined)[][] = [];
        const fields: number[] = [];
        let failed = false;
        try {
          const s = new CsvScanner(
            delimiter,
            (cells, _, n) => {
              out.push(cells);
              fields.push(n);
            },
            wanted,
          );
          s.push(text);
          s.end();
        } catch {
          failed = true;
        }
        if ('error' in expected) {
          expect(failed).toBe(true);
          return;
        }
        expect(failed).toBe(false);
        expect(out.length).toBe(expected.records.length);
        out.forEach((cells, i) => {
          wanted.forEach((w, col) => {
            if (w) expect(cells[col]).toBe(expected.records[i][col]);
          });
          // A record of one field stays recognisable (blank lines are told apart from data by it).
          if (wanted.length > 0) expect(cells.length === 1).toBe(expected.records[i].length === 1);
        });
        // Every field is counted, sliced or not: a row wider or narrower than the header is seen as csv-parse,
        // held strict about width, sees it.
        expect(fields).toEqual(expected.records.map((r) => r.length));
        expect(fields.map((n) => n !== fields[0])).toEqual(widthReference(text, delimiter));
      }),
      { numRuns: 2000 },
    );
  });
});
