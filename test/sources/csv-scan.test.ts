// Differential tests: the fast CSV scanner yields exactly the records (and lines) csv-parse yields, on random CSV.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvScanner } from '../../src/sources/csv-scan.js';

type Outcome = { records: string[][]; lines: number[] } | { error: true };

function reference(text: string, delimiter: string): Outcome {
  try {
    const parsed = parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // csv-parse gives the line a record ends on, counting CR LF inside quotes twice; derive start lines from the text.
    return { records: parsed.map((p) => p.record), lines: startLines(parsed.map((p) => p.record), text) };
  } catch {
    return { error: true };
  }
}

/** Independent line numbering: walk the records in order, counting the line breaks each spans. */
function startLines(records: string[][], text: string): number[] {
  // Line breaks outside records are empty lines; recount by scanning the raw text with a tiny state machine.
  const lines: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (atRecordStart && c !== '\n' && c !== '\r') {
      lines.push(line);
      atRecordStart = false;
    }
    if (c === '"') inQuotes = !inQuotes;
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      if (!inQuotes) atRecordStart = true;
    }
  }
  return lines.slice(0, records.length);
}

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

const field = fc.string({ unit: fc.constantFrom('a', 'b', 'ø', ' ', ',', ';', '"', '\n', '\r', '1', '.'), maxLength: 6 });

/** A CSV text: well-quoted fields, mixed line endings, empty lines, ragged rows — and sometimes raw (maybe invalid) text. */
const csvText = fc.oneof(
  fc
    .record({
      rows: fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      eols: fc.array(fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n'), { minLength: 8, maxLength: 8 }),
      quoteAll: fc.boolean(),
      trailingEol: fc.boolean(),
    })
    .map(({ rows, delimiter, eols, quoteAll, trailingEol }) => {
      const cell = (v: string) => (quoteAll || /["\r\n]/.test(v) || v.includes(delimiter) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
      const body = rows.map((r, i) => r.map(cell).join(delimiter) + (i < rows.length - 1 || trailingEol ? eols[i] : '')).join('');
      return { text: body, delimiter };
    }),
  fc.record({
    text: fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' '), maxLength: 30 }),
    delimiter: fc.constant(','),
  }),
);

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
        let failed = false;
        try {
          const s = new CsvScanner(delimiter, (cells) => out.push(cells), wanted);
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
      }),
      { numRuns: 2000 },
    );
  });
});
