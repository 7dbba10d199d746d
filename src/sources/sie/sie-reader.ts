// A SIE 4 file (4E export or 4I import, from Fortnox, Visma, BL, Mamut …) as a ledger table: one row per voucher
// row, dated by the row's transaction date or else its voucher's, with the account, its #KONTO name, its BAS
// category (src/charts), the amount as signed in the file (debit positive, credit negative: the table says
// credit_negative), the texts, and one column per dimension (#DIM: cost centre, project …) with the object's id
// and its #OBJEKT name. So `sources: { ledger: { file: company.se } }` is the whole configuration.
//
// The file is read twice: once at opening for what the columns and settings need (the dimensions used, the first
// rows, the checks against the file's own #RES balances), once when the engine streams its rows. Lines are split
// on bytes (LF, CR LF) and each is decoded in the file's encoding, so every message names the line an editor shows.
import { isUtf8 } from 'node:buffer';
import type { Encoding } from '../../config/project.js';
import { ConfigError, DataError } from '../../errors.js';
import { codePageDecoder, isCodePage, loadCodePage } from '../code-pages.js';
import { openInput, type ByteInput } from '../input.js';
import { decodeWindows1252, encodingFromBom } from '../decode.js';
import { displayPath } from '../files.js';
import type { Cell, CellError, RecordTable } from '../table.js';
import { builtinChart, chartOf, type ChartSetting, type CompiledChart } from '../../charts/index.js';
import { addMicros, microsText, sameMicros, SieLineError, SieParser, type Micros, type SieDeclarations, type SieRow } from './parse.js';

export interface SieSettings {
  encoding?: Encoding;
  /** `chart:` of the source: the user's ranges (over BAS, or another base) instead of BAS alone. */
  chart?: ChartSetting;
}

const SAMPLE_ROWS = 500;
/** The columns of every SIE table, before those of its dimensions. */
const FIXED_COLUMNS = ['date', 'account', 'account_name', 'category', 'amount', 'currency', 'text', 'series', 'voucher', 'voucher_text', 'sru'];
const CHUNK_BYTES = 1 << 20;

/**
 * The reserved dimensions of SIE 4B (section 8.17), by the names kpi gives their columns: `--by project` reads
 * dimension 6 whatever the file calls it (Projekt, Project). Other dimensions are named after their #DIM name.
 */
const RESERVED_DIMS: Record<string, string> = {
  '1': 'cost_centre',
  '2': 'cost_unit',
  '6': 'project',
  '7': 'employee',
  '8': 'customer',
  '9': 'supplier',
  '10': 'invoice',
};

/**
 * `#FORMAT PC8` (the only value SIE 4B allows) is IBM code page 437. Some newer writers declare what they really
 * write instead; those declarations are taken at their word.
 */
const FORMATS: Record<string, Encoding> = {
  PC8: 'cp437',
  'UTF-8': 'utf-8',
  UTF8: 'utf-8',
  ANSI: 'windows-1252',
  'WINDOWS-1252': 'windows-1252',
  CP1252: 'windows-1252',
  'ISO-8859-1': 'windows-1252',
  'ISO-8859-15': 'iso-8859-15',
};

export async function openSie(path: string, settings: SieSettings): Promise<RecordTable> {
  const file = displayPath(path);
  const input = await openInput(path);
  const head = await input.head(64 * 1024);
  const declared = /^[ \t]*#FORMAT[ \t]+"?([^"\s]*)"?/m.exec(Buffer.from(head).toString('latin1'))?.[1];
  let encoding: Encoding;
  let how: string;
  if (settings.encoding) {
    encoding = settings.encoding;
    how = `${encoding} (kpi.yaml${declared ? `; the file says #FORMAT ${declared}` : ''})`;
  } else if (encodingFromBom(head) === 'utf-8-bom') {
    encoding = 'utf-8';
    how = 'utf-8 (byte-order mark)';
  } else if (declared === undefined) {
    // SIE 4B: "#FORMAT PC8" is the only character set there is; a file without the record is written in it too.
    encoding = 'cp437';
    how = 'cp437 (no #FORMAT: SIE files are PC8)';
  } else {
    const known = FORMATS[declared.toUpperCase()];
    if (!known) {
      throw new ConfigError(
        `${file}: #FORMAT ${declared} is no character set SIE 4 has (only PC8, IBM code page 437); say which encoding the file is in`,
        [`under the source in kpi.yaml: encoding: windows-1252   # or utf-8, cp437, cp850, cp865, iso-8859-15`],
        { code: 'KPI_CONFIG', file },
      );
    }
    encoding = known;
    how = `${known} (#FORMAT ${declared})`;
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    throw new ConfigError(`${file}: a SIE file is not UTF-16; remove encoding: ${encoding} (the file says #FORMAT ${declared ?? 'nothing'})`, [], { code: 'KPI_CONFIG', file });
  }
  if (isCodePage(encoding)) await loadCodePage(encoding);

  // First pass: declarations, the dimensions the rows use, the first rows, and sums for the #RES check.
  let first = await scan(input, encoding);
  if (!settings.encoding && encoding === 'cp437' && first.nonAscii && first.utf8) {
    // A PC8 file whose every byte above ASCII is part of a valid UTF-8 character was written in UTF-8 whatever it
    // declares (CP437 text almost never is: å ä ö are single bytes 0x84–0x94 there, never valid UTF-8 on their own).
    encoding = 'utf-8';
    how = `utf-8 (the file says #FORMAT ${declared ?? 'nothing'}, but its bytes are UTF-8)`;
    first = await scan(input, encoding);
  } else if (!settings.encoding && encoding === 'cp437' && first.letters.pc8 === 0 && first.letters.latin > 0) {
    // Nor is a file with Swedish letters where Windows-1252 and ISO-8859-1/15 have them (å 0xE5, ä 0xE4, ö 0xF6),
    // and not one where CP437 has them: in CP437 those bytes are σ Σ ÷, which no ledger writes.
    encoding = 'windows-1252';
    how = `windows-1252 (the file says #FORMAT ${declared ?? 'nothing'}, but its ${first.letters.latin} letters å ä ö Å Ä Ö é are written as Windows-1252/ISO-8859 bytes, none as CP437's; set encoding: if that is wrong)`;
    first = await scan(input, encoding);
  }
  const { parser, sample: firstRows, dimsUsed, sums } = first;
  const d = parser.declarations;
  if (parser.counts.vouchers === 0) {
    throw new DataError(
      `${file} is a SIE file${d.sieType ? ` of type ${d.sieType}` : ''} with no vouchers (#VER): kpi reads a ledger's transactions; export SIE 4 (4E or 4I, "med verifikationer")`,
      [],
      { code: 'KPI_NO_HEADER', file },
    );
  }
  const dims = [...new Set([...d.dims.keys(), ...dimsUsed])].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  const dimColumns = columnNames(dims, d);
  const headers = [...FIXED_COLUMNS, ...dims.flatMap((dim) => [dimColumns.get(dim)!, `${dimColumns.get(dim)}_name`])];
  // SIE files are written in BAS (#KPTYP names its edition: BAS95, EUBAS97, BAS2014 …); `chart:` may say otherwise.
  const chart = settings.chart === undefined ? builtinChart('bas') : chartOf(settings.chart);
  const toCells = rowCells(d, dims, chart);
  return {
    path,
    format: 'sie',
    label: file,
    lineWord: 'line',
    headers,
    settings: describe(d, parser.counts, how, sums, dims, dimColumns, chart, settings.chart !== undefined),
    sample: firstRows.map(toCells),
    size: input.size,
    unchanged: input.unchanged,
    signConvention: { convention: 'credit_negative', why: 'SIE writes debits positive and credits negative' },
    async eachRecord(onRecord, onProgress) {
      const second = new SieParser((row) => onRecord(toCells(row), row.line));
      return (await eachLine(input, encoding, (text, line) => feed(second, text, line, file), onProgress)).lines;
    },
  };
}

interface Scan {
  parser: SieParser;
  sample: SieRow[];
  dimsUsed: Set<string>;
  /** Per fiscal year number, per account: the rows' sum (micro-units), for the #RES check. */
  sums: Map<number, Map<string, Micros>>;
  utf8: boolean;
  nonAscii: boolean;
  /** Bytes of Swedish letters in CP437 (å 0x86, ä 0x84, ö 0x94, Å 0x8F, Ä 0x8E, Ö 0x99, é 0x82) and in Latin-1. */
  letters: { pc8: number; latin: number };
}

async function scan(input: ByteInput, encoding: Encoding): Promise<Scan> {
  const file = displayPath(input.path);
  const sample: SieRow[] = [];
  const dimsUsed = new Set<string>();
  // Per day, per account: the rows' sum. Bounded by the days and accounts of the books, not by their rows (the
  // fiscal years that decide which days count may come after the vouchers in a file that does not keep the order).
  const days = new Map<string, Map<string, Micros>>();
  const parser = new SieParser((row) => {
    if (sample.length < SAMPLE_ROWS) sample.push(row);
    for (const [dim] of row.objects) dimsUsed.add(dim);
    if (typeof row.date !== 'string' || row.micros === undefined || typeof row.amount !== 'number') return;
    let day = days.get(row.date);
    if (!day) days.set(row.date, (day = new Map()));
    day.set(row.account, addMicros(day.get(row.account) ?? 0, row.micros));
  });
  const { utf8, nonAscii, letters } = await eachLine(input, encoding, (text, line) => feed(parser, text, line, file));
  // #RAR years are known only now (they may follow the vouchers in a file that does not keep the order).
  const sums = new Map<number, Map<string, Micros>>();
  for (const [year, { start, end }] of parser.declarations.years) {
    const accounts = new Map<string, Micros>();
    for (const [date, day] of days) {
      if (date < start || date > end) continue;
      for (const [account, micros] of day) accounts.set(account, addMicros(accounts.get(account) ?? 0, micros));
    }
    sums.set(year, accounts);
  }
  return { parser, sample, dimsUsed, sums, utf8, nonAscii, letters };
}

function feed(parser: SieParser, text: string, line: number, file: string): void {
  try {
    if (line < 0) parser.end(-line);
    else parser.push(text, line);
  } catch (err) {
    if (!(err instanceof SieLineError)) throw err;
    const where = `${file}:${err.line}${err.column ? `:${err.column}` : ''}`;
    throw new DataError(`${where}: ${err.message}${err.value ? `: ${JSON.stringify(err.value.length > 120 ? `${err.value.slice(0, 120)}…` : err.value)}` : ''}`, [], {
      code: 'KPI_SIE_SYNTAX',
      file,
      line: err.line,
      ...(err.column ? { column: String(err.column) } : {}),
    });
  }
}

/**
 * Each line of the file, decoded, with its number; then the end (as line `-lines`). Lines end at LF, a CR before
 * it is dropped, and a DOS end-of-file mark (Ctrl-Z) is no line. A chunk is decoded whole up to its last LF (every
 * encoding here writes LF as that one byte, and no character spans it), then split.
 */
async function eachLine(
  input: ByteInput,
  encoding: Encoding,
  onLine: (text: string, line: number) => void,
  onProgress?: (bytesRead: number) => void,
): Promise<{ lines: number; utf8: boolean; nonAscii: boolean; letters: { pc8: number; latin: number } }> {
  const decode = lineDecoder(encoding);
  const source = await input.open();
  let utf8 = true;
  let nonAscii = false;
  const letters = { pc8: 0, latin: 0 };
  let line = 0;
  let closed = false;
  const lines = (bytes: Buffer, last: boolean) => {
    let high = false;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b < 0x80) continue;
      high = true;
      if (PC8_LETTERS[b - 0x80]) letters.pc8++;
      else if (LATIN_LETTERS[b - 0x80]) letters.latin++;
    }
    if (high) {
      nonAscii = true;
      if (utf8 && !isUtf8(bytes)) utf8 = false;
    }
    let text = decode(bytes);
    if (line === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let from = 0;
    for (;;) {
      const at = text.indexOf('\n', from);
      if (at < 0 && !last) break;
      let end = at < 0 ? text.length : at;
      if (at < 0 && end === from) break;
      if (end > from && text.charCodeAt(end - 1) === 0x0d) end--;
      if (end > from && text.charCodeAt(end - 1) === 0x1a) end--;
      onLine(text.slice(from, end), ++line);
      if (at < 0) break;
      from = at + 1;
    }
  };
  try {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let held = 0;
    let position = 0;
    for (;;) {
      if (held === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, held);
        buffer = bigger;
      }
      const n = await source.read(buffer, held, buffer.length - held, position);
      position += n;
      const total = held + n;
      onProgress?.(position);
      if (n === 0) {
        lines(buffer.subarray(0, total), true);
        break;
      }
      const cut = buffer.lastIndexOf(0x0a, total - 1) + 1;
      if (cut > 0) lines(buffer.subarray(0, cut), false);
      buffer.copyWithin(0, cut, total);
      held = total - cut;
    }
    onLine('', -Math.max(line, 1));
    closed = true;
    await source.close();
  } finally {
    if (!closed) await source.close().catch(() => undefined);
  }
  return { lines: line, utf8, nonAscii, letters };
}

/** Per byte 0x80–0xFF: is it one of å ä ö Å Ä Ö é in CP437, or in Windows-1252 / ISO-8859-1 and -15? */
const letterTable = (bytes: number[]) => {
  const t = new Uint8Array(128);
  for (const b of bytes) t[b - 0x80] = 1;
  return t;
};
const PC8_LETTERS = letterTable([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99, 0x82]);
const LATIN_LETTERS = letterTable([0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6, 0xe9]);

function lineDecoder(encoding: Encoding): (bytes: Uint8Array) => string {
  if (encoding === 'windows-1252') return decodeWindows1252;
  if (isCodePage(encoding)) return codePageDecoder(encoding);
  const utf8 = new TextDecoder('utf-8');
  return (bytes) => utf8.decode(bytes);
}

/** The column of each dimension: the reserved ones by kpi's name for them, others by their #DIM name. */
function columnNames(dims: string[], d: SieDeclarations): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set(FIXED_COLUMNS);
  for (const dim of dims) {
    const declared = d.dims.get(dim);
    const snake = declared
      ?.normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '');
    let name = RESERVED_DIMS[dim] ?? (snake ? snake : `dim_${dim}`);
    if (taken.has(name) || taken.has(`${name}_name`)) name = `dim_${dim}`;
    taken.add(name);
    taken.add(`${name}_name`);
    names.set(dim, name);
  }
  return names;
}

/** A row as the table's cells, in the order of its headers. */
function rowCells(d: SieDeclarations, dims: string[], chart: CompiledChart): (row: SieRow) => Cell[] {
  const categories = new Map<string, string | CellError>();
  const categoryOf = (account: string): string | CellError => {
    let c = categories.get(account);
    if (c === undefined) {
      const found = chart.lookup(account);
      c = found
        ? found.category
        : {
            error: account,
            message: `account ${account}${d.accounts.get(account)?.name ? ` (${d.accounts.get(account)!.name})` : ''} is in no range of the ${chart.label} chart of accounts${/^\d+$/.test(account) ? '' : ' (its accounts are numbers)'}, so it is in no P&L figure; if it belongs in one, give it a category under the source: chart: { file: my-chart.yaml, base: bas } with ranges: { "${/^\d+$/.test(account) ? account : '9999'}": opex }`,
          };
      categories.set(account, c);
    }
    return c;
  };
  const dimAt = new Map(dims.map((dim, i) => [dim, i]));
  // Every amount of a SIE file is in its one currency (#VALUTA, SEK when absent): said per row, so a project in
  // another currency: never adds it to its own.
  const currency = d.currency || 'SEK';
  return (row) => {
    const account = d.accounts.get(row.account);
    const cells: Cell[] = [row.date, row.account, account?.name ?? '', categoryOf(row.account), row.amount, currency, row.text, row.series, row.voucher, row.voucherText, account?.sru ?? ''];
    const base = cells.length;
    for (let i = 0; i < dims.length * 2; i++) cells.push('');
    for (const [dim, id] of row.objects) {
      const at = dimAt.get(dim)!;
      cells[base + at * 2] = id;
      cells[base + at * 2 + 1] = d.objects.get(dim)?.get(id) ?? '';
    }
    return cells;
  };
}

/** What the file is and what kpi made of it, for `kpi validate` and `kpi explain`. */
function describe(
  d: SieDeclarations,
  counts: SieParser['counts'],
  encoding: string,
  sums: Map<number, Map<string, Micros>>,
  dims: string[],
  dimColumns: Map<string, string>,
  chart: CompiledChart,
  configured: boolean,
): Record<string, string | number> {
  const out: Record<string, string | number> = { encoding };
  if (d.program) out.program = d.program;
  if (d.company || d.orgNo) out.company = [d.company, d.orgNo].filter(Boolean).join(', ');
  out['SIE type'] = d.sieType ?? 'not said (#SIETYP)';
  const years = [...d.years].sort((a, b) => b[0] - a[0]);
  out['fiscal years'] = years.length ? years.map(([n, y]) => `${n}: ${y.start} … ${y.end}`).join('; ') : 'not said (#RAR)';
  out.currency = d.currency ? `${d.currency} (#VALUTA)` : 'SEK (no #VALUTA)';
  out.chart = `${chart.label}, category from column 'account' (${configured ? 'chart: in kpi.yaml' : `SIE files are in BAS${d.chartType ? `: #KPTYP ${d.chartType}` : ''}`})`;
  out.vouchers = counts.vouchers;
  out.rows = counts.rows;
  if (counts.added || counts.removed) {
    out.corrections = `${counts.added} #RTRANS (added rows; ${counts.addedTwins} read once through their #TRANS twin), ${counts.removed} #BTRANS (removed rows, not read)`;
  }
  if (counts.empty) out['vouchers without rows'] = `${counts.empty} (first: #VER on line ${counts.firstEmpty})`;
  if (counts.unbalanced) out['vouchers not balancing'] = `${counts.unbalanced} (first: #VER on line ${counts.firstUnbalanced}); their amounts are bad values`;
  if (dims.length) out.dimensions = dims.map((dim) => `${dim} ${d.dims.get(dim) ?? '(no #DIM)'} → ${dimColumns.get(dim)}`).join('; ');
  const checks = resultCheck(d, sums);
  if (checks) out['#RES check'] = checks;
  if (d.notRead.size) out['not read'] = [...d.notRead].map(([l, n]) => `#${l} ${n}`).join(', ');
  if (d.unknown.size) out['unknown records (ignored, as SIE 4B says)'] = [...d.unknown].map(([l, n]) => `#${l} ${n}`).join(', ');
  return out;
}

/**
 * Whether the rows of each fiscal year add up to the file's own #RES (the year's result per P&L account): a file
 * whose vouchers are all there agrees to the öre. Said for explain and validate; a file with only some vouchers
 * (a period export) differs, which is no error.
 */
function resultCheck(d: SieDeclarations, sums: Map<number, Map<string, Micros>>): string | undefined {
  const parts: string[] = [];
  for (const [year, results] of [...d.results].sort((a, b) => b[0] - a[0])) {
    const rows = sums.get(year);
    if (!rows) continue;
    const differ = [...results].filter(([account, res]) => !sameMicros(rows.get(account) ?? 0, res));
    parts.push(
      differ.length === 0
        ? `year ${year}: the rows agree with #RES for all ${results.size} accounts`
        : `year ${year}: the rows differ from #RES for ${differ.length} of ${results.size} accounts (first: ${differ[0][0]}, #RES ${microsText(differ[0][1])}, rows ${microsText(rows.get(differ[0][0]) ?? 0)})`,
    );
  }
  return parts.length ? parts.join('; ') : undefined;
}
