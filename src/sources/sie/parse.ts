// The records of a SIE 4 file (SIE 4B, the Swedish standard for accounting data; 4E export and 4I import files
// differ only in which records they carry), read line by line into what a ledger needs: the declarations (company,
// fiscal years, accounts with names and SRU codes, dimensions and their objects, balances) and the voucher rows.
//
// A voucher is `#VER series number date text …` followed by `{`, its `#TRANS` rows and `}`. Amounts are signed:
// debit positive, credit negative, so a voucher's rows sum to zero. Two correction records are read as the
// standard means them: `#BTRANS` is a row removed by a later correction (not part of the voucher: not read), and
// `#RTRANS` a row added by one, which the writer must follow with the same row as `#TRANS` for readers that do
// not know `#RTRANS` — read once, through that twin (or alone when a writer left the twin out).
//
// A line that cannot be what its label says (a quote left open, a voucher row outside a voucher, a `#VER` without
// a date) is a located DataError; a value inside a readable row that is not what it must be (an amount `12,50`,
// a date `20101341`) is a located bad value of that row's cell, counted and failing `kpi check`. A voucher whose
// rows do not sum to zero is a file that lost a row: each of its amounts is a bad value saying so.
import type { CellError } from '../table.js';
import { SieSyntaxError, tokenizeSieLine, type SieField, type SieLine } from './tokenize.js';

export interface SieAccount {
  name?: string;
  sru?: string;
  /** #KTYP: T tillgång (asset), S skuld (liability), K kostnad (cost), I intäkt (income). */
  type?: string;
}

export interface SieYear {
  start: string;
  end: string;
}

/** Everything a SIE file declares besides its vouchers. */
export interface SieDeclarations {
  program?: string;
  format?: string;
  sieType?: string;
  company?: string;
  orgNo?: string;
  generated?: string;
  chartType?: string;
  /** #VALUTA; SEK when absent, as the standard says. */
  currency?: string;
  /** #RAR by year number (0 the current year, -1 the one before). */
  years: Map<number, SieYear>;
  accounts: Map<string, SieAccount>;
  /** #DIM (and #UNDERDIM) names by dimension number. */
  dims: Map<string, string>;
  /** #OBJEKT names by dimension, then object id. */
  objects: Map<string, Map<string, string>>;
  /** #RES (result accounts) and #UB (closing balances) by year number, then account, in micro-units. */
  results: Map<number, Map<string, Micros>>;
  closing: Map<number, Map<string, Micros>>;
  /** Labels read but not used for figures, and labels the standard does not have, with how many lines each. */
  notRead: Map<string, number>;
  unknown: Map<string, number>;
}

export interface SieRow {
  /** The line of the row's record in the file. */
  line: number;
  /** ISO date (the row's transdat, else its voucher's date), or why it is not one. */
  date: string | CellError;
  account: string;
  amount: number | CellError;
  /** The amount's micro-units, for the balance checks; undefined when it is not a number. */
  micros?: Micros;
  text: string;
  series: string;
  voucher: string;
  voucherText: string;
  /** The row's objects as (dimension, object id) pairs. */
  objects: [string, string][];
}

export interface SieCounts {
  vouchers: number;
  rows: number;
  /** #RTRANS rows, and of them those read through their #TRANS twin. */
  added: number;
  addedTwins: number;
  /** #BTRANS rows (removed by a correction: not read). */
  removed: number;
  /** Vouchers whose rows do not sum to zero, with the first one's line. */
  unbalanced: number;
  firstUnbalanced?: number;
  /** Vouchers with no rows at all (a voucher emptied, or its rows lost), with the first one's line. */
  empty: number;
  firstEmpty?: number;
}

/** A line that cannot be read, where it is. */
export class SieLineError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number | undefined,
    readonly value: string,
  ) {
    super(message);
  }
}

/** Labels whose records kpi reads or knows and deliberately leaves out (reading them would add nothing to a figure). */
const KNOWN = new Set([
  'FLAGGA', 'KSUMMA', 'BKOD', 'FNR', 'FTYP', 'ADRESS', 'TAXAR', 'OMFATTN', 'PROSA', 'ENHET', 'IB', 'OIB', 'OUB', 'PSALDO', 'PBUDGET',
]);

const DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** The dates of a file repeat (every row of a voucher, every voucher of a day): the last few are kept. */
const DATES = new Map<string, string | undefined>();

/** `20100105` as `2010-01-05`, or undefined when it is no calendar date. */
export function sieDate(text: string): string | undefined {
  if (DATES.has(text)) return DATES.get(text);
  const date = readDate(text);
  if (DATES.size > 4096) DATES.clear();
  DATES.set(text, date);
  return date;
}

function readDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > days) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Exact amounts in micro-units: a safe integer while it fits (any amount below about 9 billion), else a BigInt,
 * so a row of a large company's books is added exactly too.
 */
export type Micros = number | bigint;

export function addMicros(a: Micros, b: Micros): Micros {
  if (typeof a === 'number' && typeof b === 'number') {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  return BigInt(a) + BigInt(b);
}

export const sameMicros = (a: Micros, b: Micros): boolean => (typeof a === typeof b ? a === b : BigInt(a) === BigInt(b));

/** A SIE amount (`-1234.50`, `500`; not `.5`, `1,5` or `+5`) in micro-units; more than six decimals are not exact here. */
export function sieMicros(text: string): Micros | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const start = i;
  while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  if (i === start) return undefined;
  let digits = text.slice(start, i);
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return undefined;
    const from = ++i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i !== n || i === from || i - from > 6) return undefined;
    digits += text.slice(from, i).padEnd(6, '0');
  } else {
    digits += '000000';
  }
  const negative = start === 1;
  // Fifteen digits always fit a double exactly.
  if (digits.length <= 15) {
    const v = Number(digits);
    return negative ? -v : v;
  }
  const v = BigInt(digits);
  return Number.isSafeInteger(Number(v)) ? Number(negative ? -v : v) : negative ? -v : v;
}

const NOT_AMOUNT = (text: string) =>
  /^-?\d*,\d+$/.test(text)
    ? 'not a SIE amount: SIE writes a decimal point (-1234.50), this one has a decimal comma'
    : /^-?\d+\.\d{7,}$/.test(text)
      ? 'not a SIE amount kpi can add exactly: more than six decimals'
      : 'not a SIE amount (digits with an optional minus and decimal point, e.g. -1234.50)';

const text = (f: SieField | undefined): string => (typeof f === 'string' ? f : '');

/**
 * Reads a SIE file's lines in order (`push` each, then `end`), calling `onRow` for each voucher row once its voucher
 * is closed (a voucher is checked to balance before its rows are handed on).
 */
export class SieParser {
  readonly declarations: SieDeclarations = {
    years: new Map(),
    accounts: new Map(),
    dims: new Map(),
    objects: new Map(),
    results: new Map(),
    closing: new Map(),
    notRead: new Map(),
    unknown: new Map(),
  };
  readonly counts: SieCounts = { vouchers: 0, rows: 0, added: 0, addedTwins: 0, removed: 0, unbalanced: 0, empty: 0 };
  private voucher?: { series: string; number: string; date: string | CellError; text: string; line: number; open: boolean; rows: SieRow[] };
  /** An #RTRANS waiting to see whether the next row is its #TRANS twin. */
  private added?: SieRow;

  constructor(private readonly onRow: (row: SieRow) => void) {}

  push(raw: string, line: number): void {
    if (blank(raw)) return;
    let record: SieLine;
    try {
      record = tokenizeSieLine(raw);
    } catch (err) {
      if (err instanceof SieSyntaxError) throw new SieLineError(err.message, line, err.column + 1, raw.trim());
      throw err;
    }
    const { label, fields } = record;
    const v = this.voucher;
    if (label === '{') {
      if (!v || v.open) throw new SieLineError(v ? "a second '{' in one voucher" : "a '{' with no #VER before it", line, undefined, '{');
      v.open = true;
      return;
    }
    if (label === '}') {
      if (!v?.open) throw new SieLineError("a '}' with no voucher open", line, undefined, '}');
      this.closeVoucher();
      return;
    }
    if (v && !v.open) throw new SieLineError(`#VER on line ${v.line} is not followed by '{'`, line, undefined, raw.trim());
    if (label === 'TRANS' || label === 'RTRANS' || label === 'BTRANS') {
      if (!v) throw new SieLineError(`#${label} outside a voucher (no #VER … { before it)`, line, undefined, raw.trim());
      this.voucherRow(label, fields, line, raw);
      return;
    }
    if (v) throw new SieLineError(`#${label || raw.trim()} inside a voucher (before its '}')`, line, undefined, raw.trim());
    if (label === 'VER') {
      this.openVoucher(fields, line, raw);
      return;
    }
    if (label === '') throw new SieLineError('a line that is no SIE record (records start with #)', line, 1, raw.trim());
    this.declare(label, fields, line, raw);
  }

  /** The end of the file: a voucher still open means the file was cut short. */
  end(lastLine: number): void {
    const v = this.voucher;
    if (v) throw new SieLineError(`the file ends inside the voucher of #VER on line ${v.line} (no closing '}'): it was cut short`, lastLine, undefined, '');
  }

  private openVoucher(fields: SieField[], line: number, raw: string): void {
    const written = text(fields[2]);
    const date = sieDate(written);
    if (date === undefined && written === '') throw new SieLineError('#VER without a voucher date (#VER series number date …)', line, undefined, raw.trim());
    this.voucher = {
      series: text(fields[0]),
      number: text(fields[1]),
      date: date ?? { error: written, message: `voucher date ${JSON.stringify(written)} is not a date (SIE writes YYYYMMDD)` },
      text: text(fields[3]),
      line,
      open: false,
      rows: [],
    };
  }

  private voucherRow(label: 'TRANS' | 'RTRANS' | 'BTRANS', fields: SieField[], line: number, raw: string): void {
    const v = this.voucher!;
    const account = text(fields[0]);
    if (account === '') throw new SieLineError(`#${label} without an account`, line, undefined, raw.trim());
    // The object list is mandatory in SIE 4 (`{}` when empty); an older writer that leaves it out is read too.
    const hasList = Array.isArray(fields[1]);
    const list = hasList ? (fields[1] as string[]) : [];
    const rest = hasList ? fields.slice(2) : fields.slice(1);
    if (list.length % 2 === 1) throw new SieLineError(`#${label}: the object list {${list.join(' ')}} is not pairs of dimension and object`, line, undefined, raw.trim());
    const objects: [string, string][] = [];
    for (let i = 0; i < list.length; i += 2) objects.push([list[i], list[i + 1]]);
    const written = text(rest[0]);
    if (written === '') throw new SieLineError(`#${label} without an amount`, line, undefined, raw.trim());
    const micros = sieMicros(written);
    const amount: number | CellError = micros === undefined ? { error: written, message: NOT_AMOUNT(written) } : Number(written);
    const transdat = text(rest[1]);
    let date: string | CellError = v.date;
    if (transdat !== '') {
      const d = sieDate(transdat);
      date = d ?? { error: transdat, message: `transaction date ${JSON.stringify(transdat)} is not a date (SIE writes YYYYMMDD)` };
    }
    const rowText = text(rest[2]);
    const row: SieRow = { line, date, account, amount, micros, text: rowText || v.text, series: v.series, voucher: v.number, voucherText: v.text, objects };
    if (label === 'BTRANS') {
      this.counts.removed++;
      return;
    }
    const added = this.added;
    this.added = undefined;
    if (label === 'RTRANS') {
      this.counts.added++;
      if (added) v.rows.push(added);
      this.added = row;
      return;
    }
    if (added) {
      // The twin repeats the added row's account, objects and amount (its transdat may be the voucher's own).
      if (added.account === row.account && added.micros !== undefined && row.micros !== undefined && sameMicros(added.micros, row.micros) && sameObjects(added.objects, row.objects)) this.counts.addedTwins++;
      else v.rows.push(added);
    }
    v.rows.push(row);
  }

  private closeVoucher(): void {
    const v = this.voucher!;
    if (this.added) v.rows.push(this.added);
    this.added = undefined;
    this.voucher = undefined;
    this.counts.vouchers++;
    if (v.rows.length === 0) {
      this.counts.empty++;
      this.counts.firstEmpty ??= v.line;
    }
    let sum: Micros = 0;
    let readable = true;
    for (const r of v.rows) {
      if (r.micros === undefined) readable = false;
      else sum = addMicros(sum, r.micros);
    }
    if (readable && !sameMicros(sum, 0)) {
      this.counts.unbalanced++;
      this.counts.firstUnbalanced ??= v.line;
      const message = `the voucher ${[v.series, v.number].filter(Boolean).join(' ')} of line ${v.line} does not balance: its rows sum to ${microsText(sum)}, not 0 (a row lost in the export?)`;
      for (const r of v.rows) r.amount = { error: String(r.amount), message };
    }
    for (const r of v.rows) {
      this.counts.rows++;
      this.onRow(r);
    }
  }

  private declare(label: string, fields: SieField[], line: number, raw: string): void {
    const d = this.declarations;
    const t = (i: number) => text(fields[i]);
    switch (label) {
      case 'PROGRAM':
        d.program = [t(0), t(1)].filter(Boolean).join(' ');
        return;
      case 'FORMAT':
        d.format = t(0);
        return;
      case 'SIETYP':
        d.sieType = t(0);
        return;
      case 'FNAMN':
        d.company = t(0);
        return;
      case 'ORGNR':
        d.orgNo = t(0) || undefined;
        return;
      case 'GEN':
        d.generated = sieDate(t(0)) ?? t(0);
        return;
      case 'KPTYP':
        d.chartType = t(0);
        return;
      case 'VALUTA':
        d.currency = t(0).toUpperCase();
        return;
      case 'RAR': {
        const year = Number(t(0));
        const start = sieDate(t(1));
        const end = sieDate(t(2));
        if (!Number.isInteger(year) || !start || !end) throw new SieLineError('#RAR is not a fiscal year (#RAR yearno YYYYMMDD YYYYMMDD)', line, undefined, raw.trim());
        d.years.set(year, { start, end });
        return;
      }
      case 'KONTO':
        this.account(t(0)).name = t(1);
        return;
      case 'SRU':
        this.account(t(0)).sru = t(1);
        return;
      case 'KTYP':
        this.account(t(0)).type = t(1).toUpperCase();
        return;
      case 'DIM':
      case 'UNDERDIM':
        d.dims.set(t(0), t(1));
        return;
      case 'OBJEKT': {
        const dim = t(0);
        let objects = d.objects.get(dim);
        if (!objects) d.objects.set(dim, (objects = new Map()));
        objects.set(t(1), t(2));
        return;
      }
      case 'RES':
      case 'UB': {
        const year = Number(t(0));
        const micros = sieMicros(t(2));
        if (!Number.isInteger(year) || t(1) === '' || micros === undefined) throw new SieLineError(`#${label} is not a balance (#${label} yearno account amount)`, line, undefined, raw.trim());
        const byYear = label === 'RES' ? d.results : d.closing;
        let accounts = byYear.get(year);
        if (!accounts) byYear.set(year, (accounts = new Map()));
        accounts.set(t(1), micros);
        return;
      }
      default: {
        const counts = KNOWN.has(label) ? d.notRead : d.unknown;
        counts.set(label, (counts.get(label) ?? 0) + 1);
      }
    }
  }

  private account(number: string): SieAccount {
    let a = this.declarations.accounts.get(number);
    if (!a) this.declarations.accounts.set(number, (a = {}));
    return a;
  }
}

/** Only spaces, tabs (and what else trim() drops) or nothing: most lines start with '#' and say so at once. */
const blank = (line: string): boolean => line.length === 0 || (line.charCodeAt(0) !== 0x23 && line.trim() === '');

const sameObjects = (a: [string, string][], b: [string, string][]) => a.length === b.length && a.every(([d, o], i) => b[i][0] === d && b[i][1] === o);

/** Micro-units as a decimal (`-12.5`). */
export function microsText(value: Micros): string {
  const micros = BigInt(value);
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}
