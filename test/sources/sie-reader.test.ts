// The SIE 4 reader: what it makes of each fixture (columns, settings, rows), the corrections (#RTRANS/#BTRANS),
// dimensions as columns, encodings, and that a line it cannot read is a located error, never skipped.
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readerFor } from '../../src/sources/readers.js';
import { openSie } from '../../src/sources/sie/sie-reader.js';
import type { Cell, RecordTable } from '../../src/sources/table.js';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

const FIXTURES = join(ROOT, 'fixtures', 'sie');
const dir = mkdtempSync(join(tmpdir(), 'kpi-sie-'));
let n = 0;

async function rows(table: RecordTable): Promise<Record<string, Cell>[]> {
  const out: Record<string, Cell>[] = [];
  await table.eachRecord((cells, line) => out.push({ ...Object.fromEntries(table.headers.map((h, i) => [h, cells[i]])), line }));
  return out;
}

/** A SIE file of these lines, in CP437 unless told. */
function sie(lines: string[], encoding = 'cp437', eol = '\r\n'): string {
  const path = join(dir, `f${n++}.se`);
  writeFileSync(path, iconv.encode(lines.join(eol) + eol, encoding));
  return path;
}

const HEAD = ['#FLAGGA 0', '#FORMAT PC8', '#SIETYP 4', '#RAR 0 20260101 20261231'];

describe('the SIE reader on the fixtures', () => {
  it('is chosen by content for each of them, whatever the file is named', () => {
    for (const name of ['Sie4.si', 'BL0001_typ4.SE', 'MAMUT_SIE4_EXPORT.SE', 'si.SI', 'fortnox-objects.se']) expect(readerFor(join(FIXTURES, name)).name).toBe('sie');
    const renamed = join(dir, 'ledger.txt');
    writeFileSync(renamed, '#FLAGGA 0\r\n#SIETYP 4\r\n');
    expect(readerFor(renamed).name).toBe('sie');
    expect(readerFor(join(ROOT, 'fixtures', 'demo', 'ledger.csv')).name).toBe('csv');
  });

  it('reads the Fortnox-shaped file: dates, accounts and names, categories, objects, texts, corrections', async () => {
    const table = await openSie(join(FIXTURES, 'fortnox-objects.se'), {});
    expect(table.headers).toEqual(['date', 'account', 'account_name', 'category', 'amount', 'currency', 'text', 'series', 'voucher', 'voucher_text', 'sru', 'cost_centre', 'cost_centre_name', 'project', 'project_name']);
    expect(table.signConvention?.convention).toBe('credit_negative');
    expect(table.settings).toMatchObject({
      encoding: 'cp437 (#FORMAT PC8)',
      program: 'Fortnox 3.41.2',
      company: 'Kvarnbäckens Kaffe AB, 559123-4567',
      'fiscal years': '0: 2026-01-01 … 2026-12-31; -1: 2025-01-01 … 2025-12-31',
      currency: 'SEK (#VALUTA)',
      vouchers: 8,
      rows: 30,
      corrections: '1 #RTRANS (added rows; 1 read once through their #TRANS twin), 1 #BTRANS (removed rows, not read)',
      dimensions: '1 Kostnadsställe → cost_centre; 6 Projekt → project',
      // The fixture's #RES for 3041 is -60000 on purpose; its rows sum to -10000 + 1000 = -9000.
      '#RES check': 'year 0: the rows differ from #RES for 1 of 1 accounts (first: 3041, #RES -60000, rows -9000)',
      'not read': '#FLAGGA 1, #IB 1',
    });
    const all = await rows(table);
    // 8 vouchers: 3 + 4 + 2 + 3 + 3 (the #BTRANS left out, the #RTRANS read once through its twin) + 3 + 3 + 9 rows.
    expect(all).toHaveLength(30);
    expect(all[1]).toMatchObject({ date: '2026-01-15', account: '3041', account_name: 'Försäljning tjänst 25 %', category: 'revenue', amount: -10000, text: 'Kaffeprovning "deluxe"', series: 'A', voucher: '1', cost_centre: 'SÖ', cost_centre_name: 'Södermalm', project: 'P1', project_name: 'Julkaffe "Tomte"', sru: '7410' });
    // No row text: the voucher's.
    expect(all[0]).toMatchObject({ account: '1510', text: 'Faktura 1001 Café Åkern', category: 'balance sheet', project: '' });
    // A transdat in February on a voucher of March: the row's own date.
    expect(all.find((r) => r.account === '3051')).toMatchObject({ date: '2026-02-27', amount: -50000, text: 'Mässleverans' });
    expect(all.filter((r) => r.account === '2440').map((r) => r.amount)).toEqual([-17500.63, -25000]);
    expect(all.find((r) => r.account === '5010' && r.cost_centre === 'KU')).toMatchObject({ amount: 6000.5, date: '2026-01-31' });
    const categories = Object.fromEntries(all.map((r) => [r.account, r.category]));
    expect(categories).toMatchObject({ '4010': 'cogs', '5010': 'opex', '5910': 'marketing', '6071': 'sales', '7210': 'opex', '7832': 'depreciation', '7817': 'amortization', '8310': 'interest', '8410': 'interest', '8811': 'appropriations', '8910': 'tax', '8999': 'result transfer', '2099': 'balance sheet' });
  });

  it('reads each exported fixture whole: its vouchers and rows as counted in the datasets README', async () => {
    const cases: [string, number, number, Record<string, string>][] = [
      ['Sie4.si', 165, 869, { program: 'Fortnox Bokföring 2.0.0', company: 'Testföretaget AB', dimensions: '1 Kostnadsställe → cost_centre; 6 Projekt → project' }],
      // 405 #TRANS lines, 6 of them the twins of #RTRANS: read once each; the 3 #BTRANS are removed rows.
      ['BL0001_typ4.SE', 84, 405, { corrections: '6 #RTRANS (added rows; 6 read once through their #TRANS twin), 3 #BTRANS (removed rows, not read)', '#RES check': expect.stringMatching(/^year 0: the rows agree with #RES for all 17 accounts/) as unknown as string }],
      ['MAMUT_SIE4_EXPORT.SE', 168, 458, { dimensions: '1 Department → cost_centre; 6 Project → project; 8 Customer → customer; 9 Supplier → supplier; 10 Invoice → invoice', '#RES check': expect.stringMatching(/^year 0: the rows agree with #RES for all 6 accounts/) as unknown as string }],
      ['si.SI', 47, 128, { company: 'Övningsbolaget AB, 555555-5555', 'fiscal years': 'not said (#RAR)', dimensions: '1 Resultatenhet → cost_centre' }],
    ];
    for (const [name, vouchers, count, settings] of cases) {
      const table = await openSie(join(FIXTURES, name), {});
      expect(table.settings, name).toMatchObject({ vouchers, rows: count, encoding: 'cp437 (#FORMAT PC8)', ...settings });
      const all = await rows(table);
      expect(all, name).toHaveLength(count);
      // Every voucher balances, so no amount is a bad value; every date is a date.
      expect(all.filter((r) => typeof r.amount !== 'number'), name).toEqual([]);
      expect(all.filter((r) => typeof r.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.date)), name).toEqual([]);
    }
  });

  it('decodes CP437 names; an object the file does not declare keeps its id with no name (BL: cost centre 1100)', async () => {
    const table = await openSie(join(FIXTURES, 'BL0001_typ4.SE'), {});
    const all = await rows(table);
    expect(all.find((r) => r.cost_centre === '1')).toMatchObject({ cost_centre_name: 'Stockholm' });
    expect(all.find((r) => r.account === '2640')).toMatchObject({ account_name: 'Ing moms' });
    expect(all.find((r) => r.cost_centre === '1100')).toMatchObject({ cost_centre_name: '', category: { error: '9999' } });
    expect(table.sample.length).toBeGreaterThan(0);
  });
});

describe('lines the SIE reader cannot read are located errors', () => {
  const error = async (lines: string[]) => {
    const table = openSie(sie(lines), {}).then(rows);
    return table.then(
      () => undefined,
      (err: Error & { code?: string }) => ({ code: err.code, message: err.message }),
    );
  };

  it('names the file, the line, the column and the line as written', async () => {
    expect(await error([...HEAD, '#VER A 1 20260105 "Faktura', '{', '}'])).toEqual({
      code: 'KPI_SIE_SYNTAX',
      message: expect.stringMatching(/f\d+\.se:5:19: a quoted text with no closing quote: "#VER A 1 20260105 \\"Faktura"$/),
    });
    expect(await error([...HEAD, '#TRANS 3010 {} -500'])).toMatchObject({ message: expect.stringMatching(/:5: #TRANS outside a voucher/) });
    expect(await error([...HEAD, '#VER A 1 20260105 "x"', '{', '#TRANS 3010 {} -500', '#TRANS 1930 {} 500'])).toMatchObject({
      message: expect.stringMatching(/:8: the file ends inside the voucher of #VER on line 5 \(no closing '}'\): it was cut short/),
    });
    expect(await error([...HEAD, '#VER A 1 20260105 "x"', '#TRANS 3010 {} -500'])).toMatchObject({ message: expect.stringMatching(/:6: #VER on line 5 is not followed by '\{'/) });
    expect(await error([...HEAD, '#VER A 1', '{', '}'])).toMatchObject({ message: expect.stringMatching(/:5: #VER without a voucher date/) });
    expect(await error([...HEAD, '#VER A 1 20260105 ""', '{', '#TRANS 3010 {1} -500', '}'])).toMatchObject({ message: expect.stringMatching(/:7: #TRANS: the object list \{1\} is not pairs/) });
    expect(await error([...HEAD, 'Totalt 1234'])).toMatchObject({ message: expect.stringMatching(/:5:1: a line that is no SIE record/) });
  });

  it('makes an amount or date it cannot read a bad value of that row, and every amount of a voucher that does not balance', async () => {
    const path = sie([...HEAD, '#VER A 1 20260105 ""', '{', '#TRANS 3010 {} -500,50', '#TRANS 1930 {} 500.50 20261341', '}', '#VER A 2 20260106 ""', '{', '#TRANS 3010 {} -100', '#TRANS 1930 {} 90', '}']);
    const table = await openSie(path, {});
    const all = await rows(table);
    expect(all[0]).toMatchObject({ line: 7, amount: { error: '-500,50', message: expect.stringMatching(/decimal comma/) } });
    expect(all[1]).toMatchObject({ line: 8, amount: 500.5, date: { error: '20261341', message: expect.stringMatching(/not a date/) } });
    expect(all[2]).toMatchObject({ line: 12, amount: { error: '-100', message: expect.stringMatching(/^the voucher A 2 of line 10 does not balance: its rows sum to -10, not 0/) } });
    expect(all[3]).toMatchObject({ line: 13, amount: { error: '90' } });
    expect(table.settings['vouchers not balancing']).toBe('1 (first: #VER on line 10); their amounts are bad values');
    const emptied = await openSie(sie([...HEAD, '#VER A 1 20260105 ""', '{', '}']), {});
    expect(emptied.settings['vouchers without rows']).toBe('1 (first: #VER on line 5)');
  });

  it('says a SIE file without vouchers is one (a type 1–3 file of balances only)', async () => {
    expect(await error(['#FLAGGA 0', '#SIETYP 2', '#RAR 0 20260101 20261231', '#UB 0 1930 100.00'])).toMatchObject({ code: 'KPI_NO_HEADER', message: expect.stringMatching(/is a SIE file of type 2 with no vouchers/) });
  });

  it('refuses a #FORMAT it does not know, naming the setting', async () => {
    expect(await error(['#FLAGGA 0', '#FORMAT EBCDIC', '#SIETYP 4'])).toMatchObject({ code: 'KPI_CONFIG', message: expect.stringMatching(/#FORMAT EBCDIC is no character set SIE 4 has/) });
  });
});

describe('a SIE file from a pipe', () => {
  it('is said to be one, not read as a CSV without an amount column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sie-pipe-'));
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  ledger: { file: /dev/stdin }\n');
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--period', '2010', '--as-of', '2011-03-23', '--kpi', 'ledger_revenue'], { input: readFileSync(join(FIXTURES, 'Sie4.si'), 'latin1') });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/looks like a SIE file, which kpi reads from a file \(twice\), not from a pipe or FIFO: save it first/);
  });
});

describe('the encoding of a SIE file', () => {
  const lines = [...HEAD, '#KONTO 3010 "Försäljning"', '#VER A 1 20260105 "Köp"', '{', '#TRANS 3010 {} -100', '#TRANS 1930 {} 100', '}'];

  it('is CP437 when it says PC8 (or says nothing), and the lines end in LF or CR LF', async () => {
    for (const eol of ['\n', '\r\n']) {
      const table = await openSie(sie(lines, 'cp437', eol), {});
      expect((await rows(table))[0]).toMatchObject({ account_name: 'Försäljning', text: 'Köp', line: 8 });
    }
    const unsaid = await openSie(sie(lines.filter((l) => !l.startsWith('#FORMAT'))), {});
    expect(unsaid.settings.encoding).toBe('cp437 (no #FORMAT: SIE files are PC8)');
  });

  it('is UTF-8 when every byte says so, whatever the file declares', async () => {
    const table = await openSie(sie(lines, 'utf8'), {});
    expect(table.settings.encoding).toBe('utf-8 (the file says #FORMAT PC8, but its bytes are UTF-8)');
    expect((await rows(table))[0]).toMatchObject({ account_name: 'Försäljning', text: 'Köp' });
  });

  it('is Windows-1252 when its Swedish letters are Latin bytes and none is a CP437 letter (BL\'s ISO-8859-15 export that claims PC8)', async () => {
    const table = await openSie(sie(lines, 'iso-8859-15'), {});
    expect(table.settings.encoding).toMatch(/^windows-1252 \(the file says #FORMAT PC8, but its 3 letters å ä ö Å Ä Ö é are written as Windows-1252\/ISO-8859 bytes/);
    expect((await rows(table))[0]).toMatchObject({ account_name: 'Försäljning', text: 'Köp' });
    // One Latin byte among CP437 letters (BL0001's #OBJEKT 6 "\xC51") leaves a file CP437.
    expect((await openSie(join(FIXTURES, 'BL0001_typ4.SE'), {})).settings.encoding).toBe('cp437 (#FORMAT PC8)');
  });

  it('is what #FORMAT says when a writer declares UTF-8 or ANSI instead of PC8', async () => {
    const utf8 = await openSie(sie(lines.map((l) => (l === '#FORMAT PC8' ? '#FORMAT UTF-8' : l)), 'utf8'), {});
    expect(utf8.settings.encoding).toBe('utf-8 (#FORMAT UTF-8)');
    const ansi = await openSie(sie(lines.map((l) => (l === '#FORMAT PC8' ? '#FORMAT ANSI' : l)), 'win1252'), {});
    expect((await rows(ansi))[0]).toMatchObject({ account_name: 'Försäljning' });
  });

  it('is what kpi.yaml says when it says one (a Windows-1252 file that claims PC8)', async () => {
    const table = await openSie(sie(lines, 'win1252'), { encoding: 'windows-1252' });
    expect(table.settings.encoding).toBe('windows-1252 (kpi.yaml; the file says #FORMAT PC8)');
    expect((await rows(table))[0]).toMatchObject({ account_name: 'Försäljning' });
  });
});
