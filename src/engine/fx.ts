// Exchange rates (`fx: rates.csv` in kpi.yaml): how an amount in another currency becomes one in the project's.
//
// The file has a column `date` (a rate per day) or `month` (one per month, `2026-10`), a column `currency` and a
// column `rate`: units of the project currency per one unit of that currency (EUR 11.7235 with currency: NOK). An
// amount is converted per row, at the rate of its row's date, and rounded to the cent half to even (banker's
// rounding, as IEEE 754 decimal arithmetic, Python's decimal and Java's BigDecimal.HALF_EVEN do): each converted
// line is a booked amount, and the total is the sum of the booked lines, exactly. A daily rate applies from its
// date until the next one, for at most MAX_RATE_AGE_DAYS days (central banks publish no rates on weekends and
// holidays); a row with no rate in force is a located bad value, never a silent rate of 1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import type * as CsvParse from 'csv-parse/sync';
import { ConfigError, DataError } from '../errors.js';
import { parseDayText } from '../periods/period.js';
import { formatDay } from '../calendar/days.js';
import { toDec, type Dec } from '../util/exact.js';

/** csv-parse, loaded with the first rates file: the engine (and every reading thread) imports this module. */
const parse = ((...args: Parameters<typeof CsvParse.parse>) => (createRequire(import.meta.url)('csv-parse/sync') as typeof CsvParse).parse(...args)) as typeof CsvParse.parse;

/** Days a daily rate stays in force after its date when no later rate is given (Easter closes banks 5 days). */
export const MAX_RATE_AGE_DAYS = 7;

export interface FxRates {
  /** The file as messages name it. */
  label: string;
  /** The rate in force for `currency` (upper case) on `day`, or a sentence saying why there is none. */
  rate(currency: string, day: number | null): Dec | string;
  /** The currencies the file has rates for. */
  currencies(): string[];
  /** The currencies the rates are quoted in, when the file says (an SDMX QUOTE_CUR column): must be the project's. */
  quotes: string[];
}

interface DailyRates {
  days: number[];
  rates: Dec[];
}

// Also the SDMX CSV that central banks' APIs write (Norges Bank: data.norges-bank.no/api/data/EXR/B.EUR.NOK.SP
// ?format=csv): TIME_PERIOD (a day, or a month for monthly series), BASE_CUR, QUOTE_CUR, OBS_VALUE and UNIT_MULT
// (the value is per 10^UNIT_MULT units: SEK, DKK and JPY per 100).
const HEADER_DATE = ['date', 'day', 'dato', 'rate_date', 'time_period'];
const HEADER_MONTH = ['month', 'måned', 'maned', 'period'];
const HEADER_CURRENCY = ['currency', 'valuta', 'currency_code', 'code', 'base_cur'];
const HEADER_RATE = ['rate', 'kurs', 'exchange_rate', 'fx_rate', 'value', 'obs_value'];
const HEADER_UNIT_MULT = ['unit_mult'];
const HEADER_QUOTE = ['quote_cur'];

/** Reads a rates file; every line it cannot read is an error naming the line (a wrong rate is worse than none). */
export function loadFxRates(path: string, label = shownPath(path)): FxRates {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError(`fx: ${label}: ${code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? String(err)})`}`, [], {
      code: code === 'ENOENT' ? 'KPI_FILE_NOT_FOUND' : 'KPI_FILE_UNREADABLE',
      file: label,
    });
  }
  const firstLine = text.split(/\r?\n/, 1)[0];
  const delimiter = [';', '\t', ',', '|'].find((d) => firstLine.includes(d)) ?? ',';
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    throw new DataError(`fx: ${label}: not a CSV file of rates (${(err as Error).message})`, [], { code: 'KPI_FX_RATES', file: label });
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, ''));
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const dateCol = find(HEADER_DATE);
  const monthCol = find(HEADER_MONTH);
  const curCol = find(HEADER_CURRENCY);
  const rateCol = find(HEADER_RATE);
  const multCol = find(HEADER_UNIT_MULT);
  const quoteCol = find(HEADER_QUOTE);
  const quotes = new Set<string>();
  if ((dateCol < 0 && monthCol < 0) || curCol < 0 || rateCol < 0) {
    throw new DataError(
      `fx: ${label}:1: a rates file needs the columns date (or month), currency and rate; found ${records[0]?.map((h) => `'${h}'`).join(', ') || 'no header'}`,
      ['for example:', '  date,currency,rate', '  2026-10-01,EUR,11.7235', 'rate: units of the project currency per 1 unit of that currency'],
      { code: 'KPI_FX_RATES', file: label, line: 1 },
    );
  }
  const decimalComma = delimiter !== ',';
  const daily = new Map<string, { day: number; rate: Dec }[]>();
  const monthly = new Map<string, Dec>();
  const bad = (line: number, what: string): never => {
    throw new DataError(`fx: ${label}:${line}: ${what}`, [], { code: 'KPI_FX_RATES', file: label, line });
  };
  records.slice(1).forEach((rec, i) => {
    const line = i + 2;
    const currency = (rec[curCol] ?? '').trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) bad(line, `currency ${JSON.stringify(rec[curCol] ?? '')} is not a three-letter code (EUR, USD, SEK …)`);
    const rate = readRate(rec[rateCol] ?? '', decimalComma);
    if (rate === undefined) bad(line, `rate ${JSON.stringify(rec[rateCol] ?? '')} is not a positive number (units of the project currency per 1 ${currency})`);
    if (multCol >= 0 && (rec[multCol] ?? '').trim() !== '') {
      const mult = (rec[multCol] ?? '').trim();
      if (!/^\d{1,2}$/.test(mult)) bad(line, `UNIT_MULT ${JSON.stringify(mult)} is not a whole number of powers of ten`);
      rate!.scale += Number(mult);
    }
    if (quoteCol >= 0 && (rec[quoteCol] ?? '').trim() !== '') quotes.add((rec[quoteCol] ?? '').trim().toUpperCase());
    // A monthly series (TIME_PERIOD 2026-10) in a date column is a month.
    const monthInDate = dateCol >= 0 && /^\d{4}-\d{2}$/.test((rec[dateCol] ?? '').trim());
    if (dateCol >= 0 && (rec[dateCol] ?? '') !== '' && !monthInDate) {
      const day = parseDayText(rec[dateCol]);
      if (day === undefined) bad(line, `date ${JSON.stringify(rec[dateCol])} is not a date (write 2026-10-01)`);
      const list = daily.get(currency) ?? [];
      if (list.some((r) => r.day === day)) bad(line, `a second ${currency} rate for ${rec[dateCol]}`);
      list.push({ day: day!, rate: rate! });
      daily.set(currency, list);
    } else if (monthCol >= 0 || monthInDate) {
      const text = (monthInDate ? rec[dateCol] : rec[monthCol]) ?? '';
      const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) bad(line, `month ${JSON.stringify(text)} is not a month (write 2026-10)`);
      const key = `${currency}|${m![1]}-${m![2]}`;
      if (monthly.has(key)) bad(line, `a second ${currency} rate for ${m![0]}`);
      monthly.set(key, rate!);
    } else bad(line, 'no date');
  });
  const byCurrency = new Map<string, DailyRates>();
  for (const [currency, list] of daily) {
    list.sort((a, b) => a.day - b.day);
    byCurrency.set(currency, { days: list.map((r) => r.day), rates: list.map((r) => r.rate) });
  }
  const known = new Set([...daily.keys(), ...[...monthly.keys()].map((k) => k.split('|')[0])]);
  return {
    label,
    currencies: () => [...known].sort(),
    quotes: [...quotes].sort(),
    rate(currency, day) {
      if (!known.has(currency)) return `${label} has no rates for ${currency}`;
      if (day === null) return `the row has no date to take the ${currency} rate of`;
      const month = monthly.get(`${currency}|${formatDay(day).slice(0, 7)}`);
      if (month) return month;
      const d = byCurrency.get(currency);
      if (d) {
        // The last rate on or before the day.
        let lo = 0;
        let hi = d.days.length - 1;
        let at = -1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (d.days[mid] <= day) {
            at = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        if (at >= 0 && day - d.days[at] <= MAX_RATE_AGE_DAYS) return d.rates[at];
        if (at >= 0) return `no ${currency} rate in ${label} for ${formatDay(day)} (the last before it is of ${formatDay(d.days[at])}, over ${MAX_RATE_AGE_DAYS} days earlier)`;
      }
      return `no ${currency} rate in ${label} for ${formatDay(day)}`;
    },
  };
}

const loaded = new Map<string, FxRates>();

/**
 * The rates of a plan's `fx:` file (the plan holds its path, not the rates): read once per process, so planning (which
 * reads it first, to report a bad file before any data) and the engine, on any thread, share one reading.
 */
export function fxRatesOf(fx: { path: string; label?: string }): FxRates {
  let rates = loaded.get(fx.path);
  if (!rates) loaded.set(fx.path, (rates = loadFxRates(fx.path, fx.label)));
  return rates;
}

/** The path as messages show it: relative to the working directory when inside it (as sources' files are). */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** A rate as written: `11.7235`, or `11,7235` in a file delimited by `;`; positive, at most 12 decimals. */
function readRate(text: string, decimalComma: boolean): Dec | undefined {
  let t = text.trim().replace(/[\s\u00a0]/g, '');
  if (decimalComma && /^\d+,\d+$/.test(t)) t = t.replace(',', '.');
  const m = /^(\d+)(?:\.(\d{1,12}))?$/.exec(t);
  if (!m) return undefined;
  const units = BigInt(`${m[1]}${m[2] ?? ''}`);
  if (units === 0n) return undefined;
  return { units, scale: (m[2] ?? '').length };
}

/**
 * `amount` × `rate`, rounded to the cent half to even, exactly (in decimals, not doubles): 100.005 EUR at 1 is
 * 100.00, 100.015 is 100.02. Returns the converted amount as the double that prints as those cents.
 */
export function convertAmount(amount: number, rate: Dec): number {
  const a = toDec(amount);
  const product = a.units * rate.units;
  const scale = a.scale + rate.scale;
  let cents: bigint;
  if (scale <= 2) cents = product * 10n ** BigInt(2 - scale);
  else {
    const divisor = 10n ** BigInt(scale - 2);
    const negative = product < 0n;
    const abs = negative ? -product : product;
    let q = abs / divisor;
    const twice = (abs % divisor) * 2n;
    if (twice > divisor || (twice === divisor && q % 2n === 1n)) q += 1n;
    cents = negative ? -q : q;
  }
  return Number(cents) / 100;
}

/** A currency cell as compared: trimmed, upper case (`eur ` is EUR). */
export function currencyCode(text: string): string {
  return text.trim().toUpperCase();
}

/** Checks that the project can convert: rates are into the project currency, so it must be named. */
export function assertFxProject(currency: string | undefined, where: string): void {
  if (currency === undefined) {
    throw new ConfigError(`${where}fx: converts amounts into the project currency, but kpi.yaml names none; add currency: NOK (the currency the rates are in)`, [], 'KPI_CONFIG_INVALID');
  }
}
