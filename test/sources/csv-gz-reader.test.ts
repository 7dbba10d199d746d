// The gzip-compressed CSV reader (sources/gzip/) and the reader registry (sources/readers.ts) that picks it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { readerFor } from '../../src/sources/readers.js';
import { openFile } from '../../src/sources/source-schema.js';
import type { CsvTable } from '../../src/sources/csv/csv-reader.js';
import type { Cell, Table } from '../../src/sources/table.js';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-gz-'));
const write = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const open = (path: string) => openFile(path, {} as never, 'sales');

async function records(table: Table): Promise<{ cells: Cell[]; line: number }[]> {
  const out: { cells: Cell[]; line: number }[] = [];
  await table.eachRecord((cells, line) => out.push({ cells: [...cells], line }));
  return out;
}

async function byteRecords(opened: Table): Promise<string[][]> {
  // A CSV's table (gzip-compressed or not) has its records as bytes too.
  const table = opened as CsvTable;
  const out: string[][] = [];
  await table.bytes!.eachRecord((r) => {
    const row: string[] = [];
    for (let i = 0; i < r.count; i++) row.push(table.bytes!.decode(r.bytes, r.start[i], r.end[i], r.quoted[i]));
    out.push(row);
  }, 10);
  return out;
}

describe('reader registry', () => {
  it('picks a reader by name, and a gzip file named .csv by its first bytes', () => {
    const csv = 'date,revenue\n2026-10-01,5\n';
    expect(readerFor(write('a.csv.gz', gzipSync(csv))).name).toBe('csv.gz');
    expect(readerFor(write('b.CSV.GZ', gzipSync(csv))).name).toBe('csv.gz');
    // A download compressed in transit but saved under its plain name.
    expect(readerFor(write('c.csv', gzipSync(csv))).name).toBe('csv.gz');
    expect(readerFor(write('d.csv', csv)).name).toBe('csv');
    expect(readerFor(join(dir, 'e.xlsx')).name).toBe('xlsx');
    // A .gz of something else is left to the CSV reader, which names it (see the test below).
    expect(readerFor(write('f.json.gz', gzipSync('{}'))).name).toBe('csv');
  });

  it('refuses old and non-Excel spreadsheets by name, whatever they hold, saying how to convert them', async () => {
    // CSV text under an .ods name is still refused: the name says what the user has, and reading it as CSV would
    // be a guess (the entry comes before every other).
    for (const name of ['old.xls', 'book.XLSB', 'calc.ods', 'sheet.numbers']) {
      const path = write(name, 'date,revenue\n2026-10-01,5\n');
      expect(readerFor(path).name).toBe('xls');
      const err = await open(path).then(() => undefined, (e: unknown) => e as DataError);
      expect(err).toBeInstanceOf(DataError);
      expect(err!.code).toBe('KPI_XLSX_UNREADABLE');
      expect(err!.message).toBe(
        `source 'sales': ${err!.file} is an old or non-Excel spreadsheet format that kpi cannot read; open it in Excel or LibreOffice and save it as .xlsx or CSV (UTF-8), e.g. \`libreoffice --headless --convert-to xlsx ${JSON.stringify(err!.file)}\``,
      );
    }
    // Not a spreadsheet name: read as CSV.
    expect(readerFor(write('export.xls.csv', 'a,b\n1,2\n')).name).toBe('csv');
  });
});

describe('gzip-compressed CSV', () => {
  // Quoted fields with the delimiter and a line break, a BOM and CRLF: the CSV rules hold on the decompressed bytes.
  const csv = '\ufeffdate;customer;revenue\r\n2026-10-01;"Berg; Ann";5,50\r\n2026-10-02;"two\r\nlines";7\r\n';

  it('reads what the plain CSV reads: headers, sniffed settings, records and their lines', async () => {
    const plain = await open(write('plain.csv', csv));
    const gz = await open(write('plain.csv.gz', gzipSync(csv)));
    expect(gz.format).toBe('csv.gz');
    expect(gz.headers).toEqual(['date', 'customer', 'revenue']);
    expect(gz.headers).toEqual(plain.headers);
    expect(gz.sample).toEqual(plain.sample);
    expect(gz.settings).toEqual({ ...plain.settings, compression: 'gzip' });
    expect(gz.settings.delimiter).toBe('; (sniffed)');
    // Lines 2 and 3–4 (the second record holds a line break), as an editor counts them in the decompressed text.
    expect(await records(gz)).toEqual([
      { cells: ['2026-10-01', 'Berg; Ann', '5,50'], line: 2 },
      { cells: ['2026-10-02', 'two\r\nlines', '7'], line: 3 },
    ]);
    expect(await byteRecords(await open(join(dir, 'plain.csv.gz')))).toEqual([
      ['2026-10-01', 'Berg; Ann', '5,50'],
      ['2026-10-02', 'two\r\nlines', '7'],
    ]);
  });

  it('reads a file larger than the sample and several gzip members, once, never split into parallel parts', async () => {
    // 40,000 rows (~900 KB decompressed) in two gzip members (as `cat a.gz b.gz` makes): the sum is 40,000 × 3.
    const header = 'date,revenue\n';
    const rows = '2026-10-01,3\n'.repeat(20_000);
    const path = write('big.csv.gz', Buffer.concat([gzipSync(header + rows), gzipSync(rows)]));
    const table = await open(path);
    expect(table.split).toBeUndefined();
    let sum = 0;
    let count = 0;
    await table.eachRecord((cells) => {
      sum += Number(cells[1]);
      count++;
    });
    expect({ sum, count }).toEqual({ sum: 120_000, count: 40_000 });
    // The plain CSV of a regular file does offer parts: the split is the CSV reader's.
    expect((await open(write('big.csv', header + rows))).split).toBeDefined();
  });

  it('says a file cut short, where the read stopped, as a data error (never a short read taken as the export)', async () => {
    const whole = gzipSync('date,revenue\n' + '2026-10-01,3\n'.repeat(100_000));
    const path = write('cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const err = await open(path).then(records).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 3, code: 'KPI_FILE_UNREADABLE', message: expect.stringMatching(/cut\.csv\.gz: the gzip data is cut short after [\d,]+ bytes of CSV/) });
  });

  it('leaves the not-CSV hint to a .gz of something else', async () => {
    const err = await open(write('notes.json.gz', gzipSync('{"a": 1}'))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'KPI_NOT_CSV', message: expect.stringMatching(/notes\.json\.gz looks like a gzip file, not CSV text; decompress it first .*named \.csv\.gz/) });
  });
});

describe('kpi on a .csv.gz', () => {
  const args = ['--period', '2026-10', '--as-of', '2026-12-01', '--compare', 'none', '-f', 'json'];

  it('gives the figures of the plain CSV it was compressed from', () => {
    const gz = runKpi(['report', '-c', 'fixtures/gzip/kpi.yaml', ...args]);
    const plain = runKpi(['report', '-c', 'fixtures/gzip/kpi-plain.yaml', ...args]);
    expect(gz.code).toBe(0);
    // The same report, but for the file it names (in files: and where data_quality locates a cell).
    expect(gz.stdout.replaceAll('fixtures/gzip/sales.csv.gz', 'fixtures/demo/sales.csv')).toBe(plain.stdout);
    // October 2026's Beløp summed independently: `zcat sales.csv.gz | iconv -f windows-1252 | awk -F';'` over the
    // rows dated .10.2026, with the spaces taken out and the decimal comma made a point: 1462864.40.
    const revenue = (JSON.parse(gz.stdout) as { results: { kpi: string; value: number }[] }).results.find((r) => r.kpi === 'revenue');
    expect(revenue?.value).toBe(1462864.4);
    // The fixture is the plain CSV compressed (`gzip -n -9`), byte for byte.
    expect(gunzipSync(readFileSync(join(ROOT, 'fixtures/gzip/sales.csv.gz')))).toEqual(readFileSync(join(ROOT, 'fixtures/demo/sales.csv')));
  });

  it('exits 3 on a truncated .gz, naming the file', () => {
    const run = runKpi(['report', '-c', 'fixtures/gzip/kpi-truncated.yaml', ...args]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/fixtures\/gzip\/truncated\.csv\.gz: the gzip data is cut short after [\d,]+ bytes of CSV/);
    expect(run.stdout).toBe('');
  });
});
