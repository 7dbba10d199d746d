// The DOS and ISO code pages (CP437 = SIE's PC8, CP850, CP865, ISO-8859-15): our table decoder against iconv-lite
// itself on any bytes, text round-trips through iconv-lite's encoder, and a CSV in each code page read by both the
// text and the byte reader, with located errors at the right line after decoding.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/config/load-project.js';
import { byteDecoder } from '../../src/sources/csv/byte-cells.js';
import { CODE_PAGES, codePageDecoder, loadCodePage } from '../../src/sources/code-pages.js';
import { openCsv, readByteRecords } from '../../src/sources/csv/csv-reader.js';
import { sniffEncoding } from '../../src/sources/decode.js';
import { openInput } from '../../src/sources/input.js';
import { runKpi } from '../helpers/run-kpi.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

describe('code pages', () => {
  it('decode any bytes exactly as iconv-lite does, and bytes below 0x80 as ASCII', async () => {
    for (const page of CODE_PAGES) await loadCodePage(page);
    fc.assert(
      fc.property(fc.constantFrom(...CODE_PAGES), fc.uint8Array({ maxLength: 300 }), (page, bytes) => {
        const got = codePageDecoder(page)(bytes);
        expect(got).toBe(iconv.decode(Buffer.from(bytes), page));
        expect(got.length).toBe(bytes.length);
        for (let i = 0; i < bytes.length; i++) if (bytes[i] < 0x80) expect(got.charCodeAt(i)).toBe(bytes[i]);
      }),
      { numRuns: RUNS },
    );
  });

  it('round-trip every text made of the code page characters (encode with iconv-lite, decode with ours)', async () => {
    for (const page of CODE_PAGES) await loadCodePage(page);
    const all = (page: string) => [...iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), page)];
    fc.assert(
      fc.property(
        fc.constantFrom(...CODE_PAGES).chain((page) => fc.tuple(fc.constant(page), fc.array(fc.constantFrom(...all(page)), { maxLength: 200 }).map((cs) => cs.join('')))),
        ([page, text]) => {
          expect(codePageDecoder(page)(iconv.encode(text, page))).toBe(text);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('know the letters each is used for', async () => {
    for (const page of CODE_PAGES) await loadCodePage(page);
    // CP437 (SIE PC8): å 0x86, ä 0x84, ö 0x94, Å 0x8F, Ä 0x8E, Ö 0x99 (the SIE 4B specification's table).
    expect(codePageDecoder('cp437')(Buffer.from([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99]))).toBe('åäöÅÄÖ');
    // CP865 (DOS Nordic) has ø 0x9B and Ø 0x9D where CP437 has ¢ and ¥; CP850 has ø 0x9B and Ø 0x9D too, æ 0x91.
    expect(codePageDecoder('cp865')(Buffer.from([0x91, 0x9b, 0x86, 0x92, 0x9d, 0x8f]))).toBe('æøåÆØÅ');
    expect(codePageDecoder('cp437')(Buffer.from([0x9b, 0x9d]))).toBe('¢¥');
    expect(codePageDecoder('cp850')(Buffer.from([0x9b, 0x9d, 0xd1]))).toBe('øØÐ');
    // ISO-8859-15 puts € at 0xA4 (Latin-1's ¤) and Š at 0xA6.
    expect(codePageDecoder('iso-8859-15')(Buffer.from([0xa4, 0xa6, 0xe6]))).toBe('€Šæ');
  });
});

describe('a CSV in a code page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-cp-'));
  let n = 0;
  // Letters every one of the four holds (CP437 has no ø).
  const word = fc.stringMatching(/^[a-zA-Z0-9 åäöÅÄÖæÆéü]{0,8}$/);

  it('reads the same cells with the text and the byte reader, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CODE_PAGES), fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 32 }), async (page, rows, chunk) => {
        const text = `kund;belopp\n${rows.map(([a, b]) => `${a};${b}`).join('\n')}\n`;
        const path = join(dir, `c${n++}.csv`);
        writeFileSync(path, iconv.encode(text, page));
        const file = await openCsv(path, { encoding: page, delimiter: ';', skipRows: 0 });
        expect(file.headers).toEqual(['kund', 'belopp']);
        const viaText: string[][] = [];
        await file.eachRecord((cells) => viaText.push(cells as string[]));
        // Every line has the delimiter, so none is a line of blanks: each row is a record.
        expect(viaText).toEqual(rows.map(([a, b]) => [a, b]));
        const decode = byteDecoder(page)!;
        const viaBytes: string[][] = [];
        await readByteRecords(await openInput(path), page, ';', 0, decode, (rec) => {
          const cells: string[] = [];
          for (let i = 0; i < rec.count; i++) cells.push(decode(rec.bytes, rec.start[i], rec.end[i], rec.quoted[i]));
          viaBytes.push(cells);
        }, 1, undefined, undefined, chunk);
        expect(viaBytes).toEqual(viaText);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('encoding: in kpi.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-cp-yaml-'));
  const encodingOf = (written: string): unknown => {
    const path = join(dir, `kpi-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, `sources:\n  ledger:\n    file: x.csv\n    encoding: ${written}\n`);
    return loadProject(path).sources.ledger.encoding;
  };

  it('takes the usual spellings of each encoding', () => {
    for (const s of ['cp437', 'CP437', 'ibm437', 'IBM437', 'pc8', 'PC8', '437', 'dos-437']) expect(encodingOf(s)).toBe('cp437');
    for (const s of ['cp850', 'ibm850', '850']) expect(encodingOf(s)).toBe('cp850');
    for (const s of ['cp865', 'IBM865', '865']) expect(encodingOf(s)).toBe('cp865');
    for (const s of ['iso-8859-15', 'ISO_8859-15', 'iso8859-15', 'latin9', 'latin-9']) expect(encodingOf(s)).toBe('iso-8859-15');
    // ISO-8859-1 is read as Windows-1252 (as browsers do): the old spellings keep their meaning.
    for (const s of ['latin1', 'iso-8859-1', 'ISO-8859-1', 'cp1252', 'windows-1252', 'ansi']) expect(encodingOf(s)).toBe('windows-1252');
    for (const s of ['utf8', 'UTF-8']) expect(encodingOf(s)).toBe('utf-8');
    expect(encodingOf('utf-8-sig')).toBe('utf-8-bom');
  });

  it('names the encodings it takes when it does not know one', () => {
    expect(() => encodingOf('ebcdic')).toThrow(/encoding must be one of .*cp437.*iso-8859-15/);
  });
});

describe('kpi report on a CSV in a code page (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-cp-cli-'));

  it('groups by the decoded names and locates a bad value at its line', () => {
    // CP865 (DOS Nordic) bytes: "Bjørn" has ø = 0x9B, "Åse" Å = 0x8F. Line 4 holds the bad amount "12x".
    const text = 'dato;selger;beløp\n2026-10-01;Bjørn;100\n2026-10-02;Åse;250,50\n2026-10-03;Bjørn;12x\n2026-10-04;Åse;49,50\n';
    writeFileSync(join(dir, 'salg.csv'), iconv.encode(text, 'cp865'));
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales:\n    file: salg.csv\n    encoding: ibm865\n    columns: { date: dato, rep: selger, revenue: beløp }\n');
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), '--kpi', 'revenue', '--period', '2026-10', '--as-of', '2026-11-05', '--by', 'rep', '-f', 'json']);
    const results = (JSON.parse(run.stdout) as { results: { group: Record<string, string>; value: number | null }[] }).results;
    // By hand: Åse 250.50 + 49.50 = 300; Bjørn 100 (+ the unreadable 12x, not counted).
    expect(results.map((r) => [r.group.rep, r.value])).toEqual(expect.arrayContaining([['Åse', 300], ['Bjørn', 100]]));
    expect(run.stderr).toMatch(/salg\.csv:4, column 'beløp', "12x" is not a number/);
  });
});

describe('sniffing a DOS code page in a CSV', () => {
  // Words as exports hold them: ASCII and Nordic/German/French letters; punctuation (smart quotes, dashes, €) only
  // around words, as text is written.
  const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEKLMNOS'.split(''), 'å', 'ä', 'ö', 'ü', 'é', 'æ', 'Å', 'Ä', 'Ö', 'Æ');
  const word = fc.array(letter, { minLength: 1, maxLength: 9 }).map((cs) => cs.join(''));
  const punct = fc.constantFrom(' ', ' ', ';', ', ', ' – ', ' “', '” ', ' ‘', '’ ', ' „', '… ', ' €', '\r\n');
  const text = fc.array(fc.tuple(word, punct), { minLength: 1, maxLength: 60 }).map((ws) => ws.map(([w, p]) => w + p).join(''));
  const swedishWords = ['Köp', 'Försäljning', 'Lönekostnad', 'Södermalm', 'Växjö', 'Hyra lokal', 'Bokföring', 'Resekostnader', 'Mässa'];

  it('never takes Windows-1252 text for one, whatever its letters and punctuation', () => {
    fc.assert(
      fc.property(text, (t) => {
        const bytes = iconv.encode(t, 'win1252');
        expect(['windows-1252', 'utf-8']).toContain(sniffEncoding(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('takes CP437 text with letters inside its words for CP437, and CP865 with ø for CP865', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(swedishWords), text, (words, rest) => {
        // At least three letters inside words: Försäljning (ö, ä), Växjö (ä).
        const t = `Försäljning;Växjö;${words.join(';')};${rest.replace(/[“”‘’„…€–]/g, '')}`;
        expect(sniffEncoding(iconv.encode(t, 'cp437'))).toBe('cp437');
        expect(sniffEncoding(iconv.encode(`Bjørn;Søndre;${t}`, 'cp865'))).toBe('cp865');
      }),
      { numRuns: RUNS },
    );
  });

  it('reads such a CSV without a setting, and kpi init writes the encoding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-cp-init-'));
    writeFileSync(join(dir, 'huvudbok.csv'), iconv.encode('Datum;Konto;Kategori;Belopp;Text\r\n2026-10-01;3010;revenue;1000,00;Försäljning Växjö\r\n2026-10-02;5010;opex;250,00;Hyra Södermalm\r\n', 'cp437'));
    const file = await openCsv(join(dir, 'huvudbok.csv'), {});
    expect(file.settings.encoding).toBe('cp437 (sniffed)');
    const cells: string[][] = [];
    await file.eachRecord((c) => cells.push(c as string[]));
    expect(cells.map((c) => c[4])).toEqual(['Försäljning Växjö', 'Hyra Södermalm']);
    const init = runKpi(['init', 'huvudbok.csv'], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(dir, 'kpi.yaml'), 'utf8')).toMatch(/^ {4}encoding: cp437$/m);
  });
});
