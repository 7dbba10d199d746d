// Reads numbers as exports write them: 1234.5, 1,234.50, 1 234,50, kr 1 234,50, (1 234,50), 12 %, 1234-.

export type DecimalMark = ',' | '.';

/** Why a cell is not a number, or the number. */
export type NumberResult = number | { error: string };

const CURRENCY = /^(?:kr\.?|nok|sek|dkk|eur|usd|gbp|chf|[$€£¥])\s*|\s*(?:kr\.?|,-|nok|sek|dkk|eur|usd|gbp|chf|[$€£¥])$/i;
const SPACES = /[ \u00a0\u2007\u2009\u202f']/g;
const SPACE = /[\s\u00a0\u2007\u2009\u202f']/;
/** Digit groups of three parted by space-like separators, then a tail with no space (",50", ".5"). */
const GROUPED_BY_SPACES = /^\d{1,3}(?:[ \u00a0\u2007\u2009\u202f']\d{3})+(?!\d)[^\s\u00a0\u2007\u2009\u202f']*$/;

/**
 * Parses one cell. `decimal` is the column's decimal mark when known; without it a lone `,` or `.`
 * followed by exactly three digits is read as a thousands separator only if it repeats or the other
 * mark also appears, otherwise as the decimal mark.
 */
export function parseNumber(raw: string, decimal?: DecimalMark): NumberResult {
  const plain = plainNumber(raw, decimal);
  if (plain !== undefined) return plain;
  let text = raw.trim();
  let negative = false;
  let scale = 1;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.endsWith('%')) {
    scale = 0.01;
    text = text.slice(0, -1).trim();
  }
  // Currency before or after the sign: "kr -1 234", "-kr 1 234", "1 234 kr".
  for (let k = 0; k < 2; k++) text = text.replace(CURRENCY, '');
  text = text.replace(/\u2212/g, '-');
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  text = text.replace(CURRENCY, '').trim();
  // A space (or NBSP, thin space, apostrophe) is a thousands separator only between groups of three digits at the
  // start: "1 234,50" and "1'234.50" read, but "1 0" or a line break inside a quoted cell ("1\n0") read as 10.
  if (SPACE.test(text)) {
    if (!GROUPED_BY_SPACES.test(text)) return { error: 'not a number (a space or line break inside it is not a thousands separator)' };
    text = text.replace(SPACES, '');
  }
  if (text === '') return { error: 'not a number' };
  // Scientific notation as Excel and databases write it (1E+15, 1.5e-7, 1,5E+07 under a decimal comma): one rule
  // for every mantissa — digits with at most one decimal mark, never thousands separators — and a signed exponent.
  let exponent = 0;
  const e = /^(\d*(?:[.,]\d*)?)[eE]([+-]?\d{1,4})$/.exec(text);
  if (e) {
    text = e[1];
    exponent = Number(e[2]);
    if (text === '' || text === '.' || text === ',') return { error: 'not a number' };
  }

  const mark = decimal ?? guessDecimal(text);
  const thousands = mark === ',' ? '.' : ',';
  const firstDecimal = text.indexOf(mark);
  if (firstDecimal !== text.lastIndexOf(mark)) return { error: `more than one decimal mark '${mark}'` };
  const intPart = firstDecimal < 0 ? text : text.slice(0, firstDecimal);
  const fracPart = firstDecimal < 0 ? '' : text.slice(firstDecimal + 1);
  if (intPart.includes(thousands)) {
    // Thousands separators must group by three, or "1,5" under decimal "." would silently read as 15.
    if (!/^\d{1,3}(?:[.,]\d{3})+$/.test(intPart)) {
      return { error: `'${thousands}' is not a thousands separator here (decimal mark is '${mark}')` };
    }
  }
  const digits = intPart.split(thousands).join('');
  if (!/^\d*$/.test(digits) || !/^\d*$/.test(fracPart) || (digits === '' && fracPart === '')) {
    return { error: 'not a number' };
  }
  if (exponent !== 0 && intPart.includes(thousands)) return { error: 'not a number (thousands separators before an exponent)' };
  const written = Number(`${digits || '0'}.${fracPart || '0'}e${exponent}`);
  if (notHeldExactly(digits, fracPart, written)) return digitsError(raw, digits, fracPart, written);
  const value = written * scale;
  const signed = negative ? -value : value;
  const checked = scale === 1 ? signed : Number(signed.toPrecision(15));
  return outOfRange(checked) ? rangeError(raw) : checked;
}

/**
 * The largest magnitude kpi reads: 10^15, where Excel's 15 significant digits end and a double can no longer
 * hold every cent. Beyond it (1.0e308, 1E+400) a value is a bad value, never Infinity or a rounded figure.
 */
export const MAX_MAGNITUDE = 1e15;

/** Is this value beyond what kpi reads (not finite, or |v| ≥ 10^15)? */
export const outOfRange = (value: number): boolean => !(Math.abs(value) < MAX_MAGNITUDE);

/** The located message for a number beyond MAX_MAGNITUDE. */
export const rangeError = (raw: string | number): { error: string } => ({
  error: `number out of range: ${typeof raw === 'number' ? raw : raw.trim()} is beyond ±10^15, the largest kpi reads`,
});

/**
 * Does a double fail to hold the written digits as written? Up to 15 significant digits always round-trip through
 * a double; more only when they are the double's own shortest form (`0.30000000000000004`, as Python and
 * JavaScript write floats, does; `1234567890123.4567` reads as …4568 and does not). Such a value is refused rather
 * than silently rounded.
 */
export function notHeldExactly(intDigits: string, fracDigits: string, value: number): boolean {
  if (intDigits.length + fracDigits.length <= 15) return false;
  const written = significant(intDigits + fracDigits);
  if (written.length <= 15) return false;
  return significant(String(Math.abs(value)).replace(/e.*$/, '').replace('.', '')) !== written;
}

const significant = (digits: string): string => digits.replace(/^0+/, '').replace(/0+$/, '');

function digitsError(raw: string, intDigits: string, fracDigits: string, value: number): { error: string } {
  const n = significant(intDigits + fracDigits).length;
  return {
    error: `too many digits: ${raw.trim()} has ${n} significant digits and would read as ${value}; kpi reads at most 15 exactly (round it in the export)`,
  };
}

function guessDecimal(text: string): DecimalMark {
  const comma = text.lastIndexOf(',');
  const dot = text.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.';
  if (comma >= 0) {
    // "1,234" and "1,234,567" read as thousands (the US convention); "12,5" as a decimal comma.
    return /^\d{1,3}(,\d{3})+$/.test(text) ? '.' : ',';
  }
  // "1.234.567": a repeated dot can only group thousands (a decimal mark appears once).
  return /^\d{1,3}(\.\d{3}){2,}$/.test(text) ? ',' : '.';
}

/**
 * Fast path for the common cell: optional '-', digits, at most one decimal mark, nothing else.
 * Returns undefined when the cell needs the full parser (separators, currency, parentheses, …).
 */
function plainNumber(text: string, decimal: DecimalMark | undefined): number | undefined {
  const n = text.length;
  // 15 characters keep the digits below 2^53, where integer arithmetic on doubles is exact.
  if (n === 0 || n > 15) return undefined;
  const negative = text.charCodeAt(0) === 45; /* - */
  let i = negative ? 1 : 0;
  if (i === n) return undefined;
  let markAt = -1;
  let digits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48);
      continue;
    }
    if (markAt >= 0) return undefined;
    if (c === 46 /* . */ && decimal !== ',') markAt = i;
    else if (c === 44 /* , */ && decimal === ',') markAt = i;
    else return undefined;
  }
  if (markAt === n - 1 || markAt === 0 || (markAt === 1 && negative)) return undefined;
  // Two exact doubles divided: IEEE division rounds once, to the double nearest the written decimal.
  const value = markAt < 0 ? digits : digits / POWERS_OF_TEN[n - markAt - 1];
  return negative ? -value : value;
}

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The currency a cell writes beside its number (`€ 10,00`, `$5,00`, `USD 7,00`, `10 EUR`, `kr 1 234`), as written
 * (`€`, `usd`, `kr.`), or undefined. `,-` (`10,-`) is no currency: it says "whole kroner" in the cell's own.
 * parseNumber strips these; the column's reader (column-format.ts) decides whether the currency is the column's.
 */
export function writtenCurrency(raw: string): string | undefined {
  let text = raw.trim();
  if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1).trim();
  if (text.endsWith('%')) return undefined;
  text = text.replace(/^[-+\u2212]\s*/, '');
  const before = /^(kr\.?|nok|sek|dkk|eur|usd|gbp|chf|[$€£¥])/i.exec(text);
  if (before) return before[1];
  const after = /(kr\.?|nok|sek|dkk|eur|usd|gbp|chf|[$€£¥])\s*-?$/i.exec(text);
  return after ? after[1] : undefined;
}

/** Currencies that write themselves `$`, `kr` or `¥`: which one such a symbol is depends on the project's. */
const DOLLARS = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'TWD']);
const KRONER = new Set(['NOK', 'SEK', 'DKK', 'ISK']);
const YEN = new Set(['JPY', 'CNY']);

/**
 * The ISO code of a written currency, and whether the symbol alone did not say it (`$`, `kr`, `¥`): an ambiguous
 * symbol is the project's currency when that is one it stands for (`kr` in a NOK, SEK or DKK project), else its
 * commonest (`$` USD, `¥` JPY); `kr` with no such project is `kr`, a krone kpi cannot name.
 */
export function currencyOfWritten(written: string, project: string | undefined): { code: string; assumed: boolean } {
  const w = written.toLowerCase().replace(/\.$/, '');
  const own = (set: ReadonlySet<string>, fallback: string) => ({ code: project && set.has(project) ? project : fallback, assumed: true });
  if (w === '$') return own(DOLLARS, 'USD');
  if (w === 'kr') return own(KRONER, 'kr');
  if (w === '¥') return own(YEN, 'JPY');
  if (w === '€') return { code: 'EUR', assumed: false };
  if (w === '£') return { code: 'GBP', assumed: true };
  return { code: w.toUpperCase(), assumed: false };
}

/** Is the cell written as a percentage (`12,5 %`, `(3 %)`)? */
export const writtenAsPercent = (raw: string): boolean => /%\s*\)?$/.test(raw.trim());
