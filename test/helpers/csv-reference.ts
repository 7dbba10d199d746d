// csv-parse as the reference for the CSV scanners, and random CSV texts to compare them on.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';

export type Outcome = { records: string[][]; lines: number[] } | { error: true };

export function reference(text: string, delimiter: string): Outcome {
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

/**
 * csv-parse held strict about row width, as RFC 4180 and PostgreSQL's COPY are: for each record, whether its field
 * count differs from the first record's (the header's). undefined where the text is no valid CSV.
 */
export function widthReference(text: string, delimiter: string): boolean[] | undefined {
  const odd: boolean[] = [];
  try {
    parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: false,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // Kept and skipped records are told in the order they are read.
      on_record: (record: string[]) => {
        odd.push(false);
        return record;
      },
      on_skip: (err: { code?: string } | undefined) => {
        if (err?.code !== 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') throw new Error(`not a width error: ${err?.code}`);
        odd.push(true);
      },
    });
  } catch {
    return undefined;
  }
  return odd;
}

/** Independent line numbering: walk the records in order, counting the line breaks each spans. */
export function startLines(records: string[][], text: string): number[] {
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

const field = fc.string({ unit: fc.constantFrom('a', 'b', 'ø', ' ', ',', ';', '"', '\n', '\r', '1', '.'), maxLength: 6 });

/** A CSV text: well-quoted fields, mixed line endings, empty lines, ragged rows — and sometimes raw (maybe invalid) text. */
export const csvText = fc.oneof(
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

