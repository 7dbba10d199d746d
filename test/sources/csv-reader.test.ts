// The CSV reader against the csv-spectrum acid test and a round-trip property over random tables.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/sources/csv/csv-reader.js';
import type { Cell } from '../../src/sources/table.js';

async function readAll(path: string, settings: Parameters<typeof openCsv>[1] = {}) {
  const file = await openCsv(path, settings);
  const rows: Cell[][] = [];
  const lines: number[] = [];
  await file.eachRecord((cells, line) => {
    rows.push(cells);
    lines.push(line);
  });
  return { file, rows, lines };
}

const spectrum = join(dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json')));

describe('csv-spectrum 2.0.0', () => {
  // location_coordinates.json does not match its CSV upstream (a known defect of the corpus).
  const cases = readdirSync(join(spectrum, 'csvs'))
    .map((f) => f.replace(/\.csv$/, ''))
    .filter((name) => name !== 'location_coordinates');
  for (const name of cases) {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(join(spectrum, 'json', `${name}.json`), 'utf8')) as Record<string, string>[];
      const { file, rows } = await readAll(join(spectrum, 'csvs', `${name}.csv`));
      const objects = rows.map((r) => Object.fromEntries(file.headers.map((h, i) => [h, r[i] ?? ''])));
      expect(objects).toEqual(expected);
    });
  }
});

/** RFC 4180 writer, the oracle's side of the round trip. */
function writeCsv(table: string[][], delimiter: string, eol: string): string {
  const cell = (v: string) => (/["\r\n]/.test(v) || v.includes(delimiter) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
  return table.map((row) => row.map(cell).join(delimiter)).join(eol) + eol;
}

describe('round trip', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'Ø', 'é', ' ', ',', ';', '"', '\n', '\r\n', '1', '€', '\t'), maxLength: 8 });
  it('reads back exactly the cells an RFC 4180 writer wrote, with the line each row starts on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-csv-'));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((width) =>
          fc.record({
            header: fc.uniqueArray(fc.stringMatching(/^[A-Za-zÆØÅæøå][A-Za-z0-9 ]{0,6}[A-Za-z0-9]$/), { minLength: width, maxLength: width }),
            rows: fc.array(fc.array(text, { minLength: width, maxLength: width }), { maxLength: 12 }),
            delimiter: fc.constantFrom(',', ';', '\t', '|'),
            eol: fc.constantFrom('\n', '\r\n'),
            bom: fc.boolean(),
          }),
        ),
        async ({ header, rows, delimiter, eol, bom }) => {
          // A row whose cells are all empty is a blank line in CSV, which readers skip: keep one cell filled.
          const data = rows.map((r) => (r.every((c) => c === '') ? ['x', ...r.slice(1)] : r));
          const path = join(dir, 'table.csv');
          writeFileSync(path, (bom ? '\ufeff' : '') + writeCsv([header, ...data], delimiter, eol));
          const { file, rows: got, lines } = await readAll(path, { delimiter, skipRows: 0 });
          expect(file.headers).toEqual(header);
          expect(got).toEqual(data);
          // Each record starts one line after the previous one ended.
          let line = 2;
          data.forEach((r, i) => {
            expect(lines[i]).toBe(line);
            line += 1 + r.reduce((n, c) => n + (c.match(/\r\n|\n/g)?.length ?? 0), 0);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('sniffing', () => {
  it('finds the header under title lines and blank lines, the delimiter and Windows-1252', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-csv-'));
    const path = join(dir, 'export.csv');
    writeFileSync(path, Buffer.from('Salgsrapport oktober\r\n\r\nEksportert av: Økonomi\r\nDato;Beløp;Kunde\r\n01.10.2026;1 234,50;Ærlig\r\n02.10.2026;99,00;Bø\r\n', 'latin1'));
    const { file, rows, lines } = await readAll(path);
    expect(file.headers).toEqual(['Dato', 'Beløp', 'Kunde']);
    expect(file.settings).toMatchObject({ encoding: 'windows-1252 (sniffed)', delimiter: '; (sniffed)', 'header line': '4 (sniffed)' });
    expect(rows).toEqual([
      ['01.10.2026', '1 234,50', 'Ærlig'],
      ['02.10.2026', '99,00', 'Bø'],
    ]);
    expect(lines).toEqual([5, 6]);
  });

  it('reads UTF-16 with a BOM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-csv-'));
    const path = join(dir, 'utf16.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('date\tamount\n2026-10-01\t5,5\n', 'utf16le')]));
    const { file, rows } = await readAll(path);
    expect(file.headers).toEqual(['date', 'amount']);
    expect(rows).toEqual([['2026-10-01', '5,5']]);
  });
});

describe('delimiters outside ASCII (issue 12 item 13)', () => {
  it('reads a file split by § in UTF-8 (two bytes) and in Windows-1252 (one byte), by the text scanner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-csv-'));
    const text = 'date§amount§note\n2026-10-01§5§"a § inside"\n2026-10-02§7§b\n';
    for (const [name, bytes] of [
      ['utf8.csv', Buffer.from(text, 'utf8')],
      ['cp1252.csv', Buffer.from(text, 'latin1')],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const { file, rows } = await readAll(path, { delimiter: '§' });
      expect(file.headers).toEqual(['date', 'amount', 'note']);
      expect(rows).toEqual([
        ['2026-10-01', '5', 'a § inside'],
        ['2026-10-02', '7', 'b'],
      ]);
      // The byte scanner splits on one ASCII byte: a § file has no byte reader, so the engine takes the text one.
      expect(file.bytes).toBeUndefined();
    }
  });
});

describe('files that are not CSV text, said at read time (issue 11 item 4)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-csv-'));
  const csv = 'date,revenue\n2026-10-01,5\n';
  async function error(name: string, bytes: Uint8Array | string, settings: Parameters<typeof openCsv>[1] = {}): Promise<{ message: string; code: string }> {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const err = (await openCsv(path, settings).then(
      () => undefined,
      (e: unknown) => e,
    )) as { message: string; code: string } | undefined;
    expect(err, name).toBeDefined();
    return err!;
  }

  it('names gzip, zip and old .xls files and says what to do', async () => {
    expect(await error('sales.csv', gzipSync(csv))).toMatchObject({ code: 'KPI_NOT_CSV', message: expect.stringMatching(/sales\.csv looks like a gzip file, not CSV text; decompress it first/) });
    expect((await error('zip.csv', Buffer.from('PK\x03\x04rest-of-a-zip', 'latin1'))).message).toMatch(/looks like a zip file \(perhaps an \.xlsx workbook\)/);
    expect((await error('old.csv', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).message).toMatch(/an old Excel \.xls workbook/);
  });

  it('recognises UTF-16 without a byte-order mark and names the setting; with the setting the file reads', async () => {
    const le = Buffer.from(csv, 'utf16le');
    expect((await error('le.csv', le)).message).toMatch(/le\.csv looks like UTF-16 \(little-endian\) text without a byte-order mark; set encoding: utf-16le for the source$/);
    const be = Buffer.from(le).swap16();
    expect((await error('be.csv', be)).message).toMatch(/UTF-16 \(big-endian\).*set encoding: utf-16be/);
    const { file, rows } = await readAll(join(dir, 'le.csv'), { encoding: 'utf-16le' });
    expect(file.headers).toEqual(['date', 'revenue']);
    expect(rows).toEqual([['2026-10-01', '5']]);
  });

  it('calls a file with zero bytes or control characters binary', async () => {
    const binary = Buffer.alloc(2000);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 37) % 256;
    expect((await error('bin.csv', binary)).message).toMatch(/bin\.csv is binary, not CSV text \(it holds zero bytes in its first 2 KB\)/);
  });

  it('says an export without its header line has none, at line 1, instead of taking values for column names', async () => {
    const e = await error('nohead.csv', '2026-10-01,500,Acme\n2026-10-02,600,Beta\n');
    expect(e).toMatchObject({ code: 'KPI_NO_HEADER', message: expect.stringMatching(/nohead\.csv:1: has no header row: its first row holds values \("2026-10-01"\)/) });
    // A header with years or numbers in it is a header.
    writeFileSync(join(dir, 'years.csv'), 'Region,2025,2026\nNorth,10,12\n');
    expect((await readAll(join(dir, 'years.csv'))).file.headers).toEqual(['Region', '2025', '2026']);
  });
});

describe('header lines the sample does not show whole (issue 12 item 9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-csv-'));

  it('reads a header line longer than the 256 KB sample', async () => {
    // 40,000 columns of 6–11 characters: a header line of about 430 KB.
    const names = Array.from({ length: 40_000 }, (_, i) => `col_${i}`);
    const path = join(dir, 'wide.csv');
    writeFileSync(path, `date,revenue,${names.join(',')}\n2026-10-01,5,${names.map(() => 'x').join(',')}\n`);
    const { file, rows } = await readAll(path);
    expect(file.headers.slice(0, 3)).toEqual(['date', 'revenue', 'col_0']);
    expect(file.headers).toHaveLength(40_002);
    expect(rows[0].slice(0, 2)).toEqual(['2026-10-01', '5']);
    expect(file.sample).toHaveLength(1);
  });

  it('says where a stray quote in the header is, instead of "no header row"', async () => {
    const path = join(dir, 'quote.csv');
    writeFileSync(path, 'Date,Amount "NOK",Customer\n2026-10-01,5,A\n');
    await expect(openCsv(path, {})).rejects.toMatchObject({
      code: 'KPI_CSV_SYNTAX',
      message: expect.stringMatching(/quote\.csv:1: cannot parse CSV: a quote inside an unquoted field in column 2; quote the whole field$/),
    });
  });

  it('gives up with a clear message on a first line of more than 16 MB', async () => {
    const path = join(dir, 'long.csv');
    writeFileSync(path, `"${'x'.repeat(17 * 1024 * 1024)}\n`);
    await expect(openCsv(path, {})).rejects.toMatchObject({
      code: 'KPI_NO_HEADER',
      message: expect.stringMatching(/long\.csv has no complete header line in its first 16 MB: a line that long is no CSV header \(an unclosed quote\?\)$/),
    });
  });
});

describe('a text file with a stray zero byte', () => {
  it('is read, not called binary (only 1 % of such bytes is)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-csv-'));
    const path = join(dir, 'padded.csv');
    const rows = Array.from({ length: 20 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')},${i}`).join('\n');
    writeFileSync(path, `date,revenue\n${rows}\nnote,a\u0000b\n`);
    const { file, rows: got } = await readAll(path);
    expect(file.headers).toEqual(['date', 'revenue']);
    expect(got).toHaveLength(21);
  });
});
