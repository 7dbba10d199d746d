// Per-column formats sniffed from a file's first rows: the decimal mark of number columns and the order of numeric dates.
import { cellErrorReason, isCellError, type Cell, type ValueSettings } from './table.js';
import type { FieldType } from './kinds.js';
import { currencyOfWritten, outOfRange, parseNumber, rangeError, writtenAsPercent, writtenCurrency, type DecimalMark } from './parse-number.js';
import { parseDuration } from './parse-duration.js';
import { offScaleReason, type DurationUnit, type Scale } from '../model/vocabulary.js';
import { textValue } from '../util/text.js';
import { compileDateFormat, fromExcelSerial, numericDateParts, parseDate, type DateOrder, type DateParser } from './parse-date.js';

/** What one column's sample says. `undefined` means the sample cannot decide. */
export interface ColumnSniff {
  decimal?: DecimalMark;
  /** True when some values are only readable once the decimal mark is known (1,234 or 1.234). */
  ambiguousDecimal: boolean;
  dateOrder?: DateOrder;
  /** True when numeric dates in the sample could be read either way (05/06/2026 but never 13/06). */
  ambiguousDates: boolean;
  /** Day-first and month-first values both appear: no single order reads the column. */
  conflictingDates: boolean;
  /** The currencies the sample's numbers write in their cells (`€`, `usd`, `kr`: as written, lower case), with counts. */
  currencies?: ReadonlyMap<string, number>;
  /** How many of the sample's numbers are written with `%`, and how many without. */
  percent?: { with: number; without: number };
}

/**
 * A cell that reads as a number: digits with grouping and decimal marks, an optional sign, parentheses, percent
 * and currency. Only such cells are evidence of a decimal mark — "F.A. Cup" or "Smith, Jones" are not.
 */
const NUMBER_LIKE = /^[-+(\u2212]?\s*(?:[$€£¥]|kr\.?|[A-Z]{3})?\s*[-+\u2212]?\d[\d\s\u00a0\u202f.,']*(?:\s*(?:%|kr\.?|,-|[A-Z]{3}))?\s*\)?-?$/;

const AMBIGUOUS_DECIMAL =
  'reads differently by locale (1,500 is 1500 or 1.5), and the first 500 rows did not decide the decimal mark; set decimal: "," or decimal: "." for the source';

const orderError = (order: string, otherFormat: string) =>
  `not a date in the column's ${order} order (sniffed from the first 500 rows); if the column is written the other way, set date_format: ${otherFormat} for the source`;
const NOT_DMY = orderError('day/month/year', 'MM/dd/yyyy');
const NOT_MDY = orderError('month/day/year', 'dd/MM/yyyy');

/** The evidence each number gives about its decimal mark. */
function decimalEvidence(text: string): DecimalMark | 'ambiguous' | undefined {
  if (!NUMBER_LIKE.test(text.trim())) return undefined;
  const t = text.replace(/[^\d.,]/g, '');
  const comma = t.lastIndexOf(',');
  const dot = t.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.';
  const mark = comma >= 0 ? ',' : dot >= 0 ? '.' : undefined;
  if (!mark) return undefined;
  if (t.indexOf(mark) !== t.lastIndexOf(mark)) return mark === ',' ? '.' : ','; // repeated: grouping
  const after = t.length - t.indexOf(mark) - 1;
  return after === 3 ? 'ambiguous' : mark;
}

export function sniffColumn(values: readonly Cell[]): ColumnSniff {
  const votes = { ',': 0, '.': 0 };
  let ambiguousDecimal = false;
  let dayFirst = false;
  let monthFirst = false;
  let numericDates = 0;
  let dottedOnly = true;
  let currencies: Map<string, number> | undefined;
  const percent = { with: 0, without: 0 };
  for (const cell of values) {
    if (typeof cell !== 'string' || cell.trim() === '') continue;
    const parts = numericDateParts(cell);
    // A date such as 31.10.2026 is not a number with a thousands separator.
    const evidence = parts ? undefined : decimalEvidence(cell);
    // Only numbers say how a column writes its numbers (a spreadsheet's own number cells say nothing of it).
    if (!parts && NUMBER_LIKE.test(cell.trim())) {
      if (writtenAsPercent(cell)) percent.with++;
      else percent.without++;
      const written = writtenCurrency(cell)?.toLowerCase();
      if (written !== undefined) (currencies ??= new Map()).set(written, (currencies.get(written) ?? 0) + 1);
    }
    if (evidence === 'ambiguous') ambiguousDecimal = true;
    else if (evidence) votes[evidence]++;
    if (parts) {
      numericDates++;
      if (!/^\s*\d{1,2}\.\d{1,2}\./.test(cell)) dottedOnly = false;
      if (parts[0] > 12) dayFirst = true;
      if (parts[1] > 12) monthFirst = true;
    }
  }
  const decimal = votes[','] > votes['.'] ? ',' : votes['.'] > votes[','] ? '.' : undefined;
  const conflictingDates = dayFirst && monthFirst;
  return {
    decimal,
    ambiguousDecimal: ambiguousDecimal && decimal === undefined,
    // Dotted dates (31.10.2026) are day-first wherever they are written.
    dateOrder: conflictingDates ? undefined : dayFirst ? 'dmy' : monthFirst ? 'mdy' : numericDates > 0 && dottedOnly ? 'dmy' : undefined,
    ambiguousDates: numericDates > 0 && !dayFirst && !monthFirst && !dottedOnly,
    conflictingDates,
    ...(currencies ? { currencies } : {}),
    ...(percent.with > 0 || percent.without > 0 ? { percent } : {}),
  };
}

/**
 * Cell texts that mean "no value" in every column, unless the source sets `null_values:` (SQL and database
 * exports write NULL, \N or (null); people write N/A and -). Compared ignoring case. Spreadsheet error cells such
 * as #N/A are not among them: a formula that failed is a bad value, not an empty cell. In number columns a lone
 * `-` is zero, as accounting exports write it.
 */
export const NULL_VALUES: readonly string[] = ['NULL', '\\N', '(null)', 'N/A', '-'];

/** The null spellings of a source, lower-cased for lookup. */
export function nullSpellings(config: Pick<ValueSettings, 'null_values'>): ReadonlySet<string> {
  return new Set((config.null_values ?? NULL_VALUES).map((v) => v.trim().toLowerCase()));
}

/**
 * Excel's error values as a spreadsheet's CSV export writes them (#N/A from a failed VLOOKUP): the same bad value
 * as the error cell of a workbook, in every column — never the name of a group or an empty cell.
 */
const SPREADSHEET_ERROR = /^#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|BUSY!|CONNECT!|UNKNOWN!)$/i;
const spreadsheetError = (text: string): { error: string } | undefined =>
  text.charCodeAt(0) === 35 /* # */ && SPREADSHEET_ERROR.test(text) ? { error: `spreadsheet error ${text.toUpperCase()}` } : undefined;

/** The longest null spelling: longer texts are not looked up. */
const longest = (spellings: ReadonlySet<string>): number => Math.max(0, ...[...spellings].map((s) => s.length));

export type ParsedCell = number | string | null | { error: string };

/** Parses one column's cells into values of one type, with the formats fixed once for the column. */
export type CellParser = (cell: Cell | undefined) => ParsedCell;

/**
 * What a byte-level reader may do itself before handing a cell to `parse` (see csv/byte-cells.ts): read plain numbers
 * with this decimal mark, or ISO and numeric dates in this order. Absent where only `parse` knows (a date_format).
 */
export type FastPath = { type: 'text' } | { type: 'number'; decimal?: DecimalMark } | { type: 'date'; order?: DateOrder };

export interface ColumnFormat {
  parse: CellParser;
  fast?: FastPath;
  /** What was decided and why, for `kpi validate`/`explain` (e.g. `decimal ',' (sniffed)`). */
  describe: string;
}

/**
 * The parser for a column read as `type`. Configured settings win; otherwise the column's sniffed format;
 * a numeric date column whose sample cannot decide day/month order uses `fallbackOrder` (the source's other
 * date columns) or, failing that, the dotted European convention for `dd.MM.yyyy` and an error for slashes.
 */
export function columnFormat(
  type: FieldType,
  sniff: ColumnSniff,
  config: ValueSettings,
  fallback: { decimal?: DecimalMark; order?: DateOrder },
  values?: ReadonlyMap<string, string>,
  ignored?: ReadonlySet<string>,
  fieldType?: FieldType,
  scale?: Scale,
): ColumnFormat {
  const nulls = nullSpellings(config);
  const maxNull = longest(nulls);
  /** Is this trimmed, non-empty text a null spelling? (A lone '-' in a number column is zero instead.) */
  const isNull = (text: string): boolean => text.length <= maxNull && nulls.has(text.toLowerCase());
  if (type === 'text') {
    // A number field's no-answer words (`offered`) are empty when it is read as text too (`csat is not empty`).
    const empty = fieldType === 'number' && ignored && ignored.size > 0 ? ignored : undefined;
    return {
      describe: 'text',
      fast: { type: 'text' },
      parse: (cell) => {
        if (cell === undefined) return null;
        if (isCellError(cell)) return { error: cellErrorReason(cell) };
        // Text that looks equal is equal: NFC, no zero-width characters, inner runs of spaces one space (util/text.ts).
        const text = typeof cell === 'number' ? String(cell) : textValue(cell);
        if (text === '' || isNull(text)) return null;
        if (empty?.has(text.toLowerCase())) return null;
        return spreadsheetError(text) ?? values?.get(text.toLowerCase()) ?? text;
      },
    };
  }
  if (type === 'number') {
    const decimal = config.decimal ?? sniff.decimal ?? fallback.decimal;
    const how = config.decimal ? `decimal '${decimal}'` : sniff.decimal ? `decimal '${decimal}' (sniffed)` : decimal ? `decimal '${decimal}' (from other columns)` : 'decimal per value';
    // Words that stand for numbers (`good` → 5), and words that are no answer (`offered` → empty).
    const words = values && values.size > 0 ? values : undefined;
    const noAnswer = ignored && ignored.size > 0 ? ignored : undefined;
    const written = writtenForms(sniff, config);
    const format: ColumnFormat = {
      describe: `number, ${how}${words ? `, ${describeWords(words)}` : ''}${noAnswer ? `, ${few([...noAnswer].map((w) => JSON.stringify(w)))} as no answer` : ''}${written.describe}`,
      // A plain number read from the bytes would skip the check of a percent column's bare numbers.
      fast: written.percent === 'with' ? undefined : { type: 'number', decimal },
      parse: (cell) => {
        if (cell === undefined) return null;
        if (typeof cell === 'number') return outOfRange(cell) ? rangeError(cell) : cell;
        if (isCellError(cell)) return { error: cellErrorReason(cell) };
        const text = cell.trim();
        // "-" alone is how accounting exports write zero.
        if (text === '') return null;
        if (text === '-' || text === '–') return 0;
        if (isNull(text)) return null;
        if (text.charCodeAt(0) === 35) {
          const error = spreadsheetError(text);
          if (error) return error;
        }
        if (words || noAnswer) {
          const key = text.toLowerCase();
          const word = words?.get(key);
          if (word !== undefined) return wordNumber(word);
          if (noAnswer?.has(key)) return null;
        }
        // The first rows did not decide the mark: a value that reads differently by locale is not guessed (1,500
        // would be 1500 and 1.500 would be 1.5 in one column); it is a bad value naming the setting.
        if (decimal === undefined && decimalEvidence(text) === 'ambiguous') return { error: AMBIGUOUS_DECIMAL };
        const n = parseNumber(text, decimal);
        return typeof n === 'number' ? (written.judge(text, n) ?? n) : n;
      },
    };
    return scale ? onScale(format, scale) : format;
  }

  const format: DateParser | undefined = config.date_format ? compileDateFormat(config.date_format) : undefined;
  const order = sniff.dateOrder ?? fallback.order;
  const how = config.date_format
    ? `date ${config.date_format}`
    : order === undefined
      ? 'date (ISO dates and times, dotted day-first, month names, Excel dates)'
      : `date ${order === 'dmy' ? 'day/month/year' : 'month/day/year'} (sniffed${sniff.dateOrder ? '' : ' from other columns'})`;
  return {
    describe: how,
    fast: format ? undefined : { type: 'date', order },
    parse: (cell) => {
      if (cell === undefined) return null;
      if (typeof cell === 'number') return fromExcelSerial(cell) ?? { error: 'not a date (a number outside Excel dates)' };
      if (isCellError(cell)) return { error: cellErrorReason(cell) };
      const text = cell.trim();
      if (text === '' || isNull(text)) return null;
      const v = parseDate(text, format, order);
      if (typeof v === 'object' && text.charCodeAt(0) === 35) return spreadsheetError(text) ?? v;
      // A numeric date against the column's order (06/13/2026 in a day-first column) is named as such.
      if (typeof v === 'object' && order && !format && numericDateParts(text)) return { error: order === 'dmy' ? NOT_DMY : NOT_MDY };
      return v;
    },
  };
}

/**
 * A score column's parser that makes a number off the field's scale a bad value (trial4 F26): a 0–10 column mapped
 * to csat (1–5), or a percentage mapped to an NPS score, is no answer on the scale, and averaging it would be a
 * confident wrong number. Every value goes through the full parser, so no fast path skips the test.
 */
function onScale(format: ColumnFormat, scale: Scale): ColumnFormat {
  const { min, max } = scale;
  const reason = offScaleReason(scale);
  return {
    describe: `${format.describe}, on the scale ${min}–${max}`,
    parse: (cell) => {
      const v = format.parse(cell);
      return typeof v === 'number' && (v < min || v > max) ? { error: reason } : v;
    },
  };
}

/**
 * The parser for a duration column: each cell read as hours (`2h 30m`, `-1d 3h`, `01:30:00`, `PT2H30M`), plain
 * numbers in `unit` (with the column's decimal mark). No fast path: a plain number's meaning depends on the unit.
 */
export function durationFormat(
  sniff: ColumnSniff,
  config: ValueSettings,
  fallback: { decimal?: DecimalMark },
  unit: DurationUnit | undefined,
): ColumnFormat {
  const nulls = nullSpellings(config);
  const maxNull = longest(nulls);
  const decimal = config.decimal ?? sniff.decimal ?? fallback.decimal;
  const plain = (text: string) => parseNumber(text, decimal);
  return {
    describe: `duration in hours${unit ? `, plain numbers in ${unit}` : ' (2h 30m, 1d 3h, 01:30:00, PT2H30M; plain numbers need units:)'}`,
    parse: (cell) => {
      if (cell === undefined) return null;
      if (typeof cell === 'number') {
        if (outOfRange(cell)) return rangeError(cell);
        // A spreadsheet's time-of-day cell holds a fraction of a day; a number in a sheet is in the column's unit.
        return unit ? parseDuration(String(cell), unit) : { error: 'a plain number with no unit; say the unit of the column with units: { <field>: minutes } (or seconds, hours, days)' };
      }
      if (isCellError(cell)) return { error: cellErrorReason(cell) };
      const text = cell.trim();
      if (text === '' || (text.length <= maxNull && nulls.has(text.toLowerCase()))) return null;
      if (text.charCodeAt(0) === 35) {
        const error = spreadsheetError(text);
        if (error) return error;
      }
      return parseDuration(text, unit, plain);
    },
  };
}

/** `words as numbers ("good" 5, "bad" 1, … 12 in all)` for a number column whose words stand for numbers. */
function describeWords(words: ReadonlyMap<string, string>): string {
  const pairs = [...words].filter(([raw, n]) => raw !== n.toLowerCase()).map(([raw, n]) => `${JSON.stringify(raw)} ${n}`);
  return pairs.length ? `words as numbers (${few(pairs)})` : '';
}

/** The first three of a list and how many there are in all. */
const few = (xs: string[]): string => (xs.length > 3 ? `${xs.slice(0, 3).join(', ')}, … ${xs.length} in all` : xs.join(', '));

/** The number a `values:` canonical name of a number field stands for. */
function wordNumber(canonical: string): number | { error: string } {
  const n = Number(canonical.trim());
  return canonical.trim() !== '' && Number.isFinite(n) ? n : { error: `maps to ${JSON.stringify(canonical)} under values:, which is not a number` };
}

/** How a number column writes its numbers: which currency its cells may name, and whether with `%` or without. */
interface WrittenForms {
  /** `, …` for the column's description: the currency its cells name and what an ambiguous symbol was read as. */
  describe: string;
  percent?: 'with' | 'without';
  /** The reason a readable number is still not one of the column's (another currency, the other percent form). */
  judge(text: string, value: number): { error: string } | undefined;
}

/**
 * A number's cell may write its currency (`€ 10,00`) and `%`: parseNumber reads past both, so the column decides
 * what they may be. A currency is the column's when it is the project's (`currency:`; `kr` in a NOK project), or,
 * with no `currency:`, the one most of the sample's cells name; any other is a bad value, never added to the
 * column's amounts (kpi never adds amounts of different currencies). With a currency column the row's currency is
 * that column's (run.ts), and a symbol in the cell is not judged. `%` and bare numbers in one column are two scales
 * (`12,5 %` is 0.125, `12,5` is 12.5): the form most of the sample writes (`%` on a tie: it is the explicit one) is
 * the column's, and a number in the other form is a bad value — it could mean either.
 */
function writtenForms(sniff: ColumnSniff, config: ValueSettings): WrittenForms {
  const cc = config.cellCurrency;
  // Only a source's own columns hold one quantity each; a targets table's value column holds every KPI's (1 450,00
  // beside 42%), and is read with neither rule.
  if (!cc) return { describe: '', judge: () => undefined };
  const project = cc.project;
  const notes: string[] = [];
  let column: string | undefined = project;
  let fromSample: string | undefined;
  /** What an ambiguous `kr` is: the project's krone, or the one krone code the sample writes (never a guess). */
  let hint = project;
  if (!cc.column && sniff.currencies) {
    // The codes the sample's cells name, commonest first.
    const codes = new Map<string, number>();
    // With no `currency:`, `kr` beside one krone's code (`NOK 2 000`, `kr 1 234`) is that krone.
    const kroner = [...sniff.currencies.keys()].map((w) => w.toUpperCase()).filter((c) => ['NOK', 'SEK', 'DKK'].includes(c));
    hint ??= kroner.length === 1 ? kroner[0] : undefined;
    for (const [w, n] of sniff.currencies) {
      const c = currencyOfWritten(w, hint);
      codes.set(c.code, (codes.get(c.code) ?? 0) + n);
      if (c.assumed && w !== '£' && c.code !== 'kr') notes.push(`'${w}' read as ${c.code}${c.code === project ? ' (the project currency)' : ''}`);
    }
    if (column === undefined) {
      column = fromSample = [...codes].sort((a, b) => b[1] - a[1])[0][0];
      notes.unshift(column === 'kr' ? `amounts in kr as the cells write it (set currency: to say which krone)` : `amounts in ${column} (as the cells write it)`);
    }
  }
  const p = sniff.percent;
  const percent = p && p.with > 0 && p.with >= p.without ? 'with' : p && p.without > 0 ? 'without' : undefined;
  if (percent === 'with') notes.push(p!.without > 0 ? `written with % (${p!.with} of ${p!.with + p!.without} in the first rows; the others are bad values)` : 'written with %');
  const sampled = p ? `${percent === 'with' ? p.with : p.without} of ${p.with + p.without} numbers in the first rows` : '';
  return {
    describe: notes.length ? `, ${notes.join(', ')}` : '',
    percent,
    judge(text, value) {
      const last = text.charCodeAt(text.length - 1);
      // Most cells are digits to the end: no currency after, no `%` (a currency before is a non-digit first).
      const first = text.charCodeAt(0);
      const plain = last >= 48 && last <= 57 && first >= 48 && first <= 57;
      const pct = !plain && writtenAsPercent(text);
      if (percent === 'with' && !pct) {
        return { error: `written without %, in a column whose numbers are written with % (${sampled}): is ${text} meant as ${text} % or as ${Number((value * 100).toPrecision(12))} %? write it as the others are (${text} %)` };
      }
      if (percent === 'without' && pct) {
        return { error: `written with %, in a column whose numbers are written without (${sampled}): kpi would add ${text} (a fraction) to numbers on another scale; write it as the others are` };
      }
      if (plain || cc.column) return undefined;
      const w = writtenCurrency(text);
      if (w === undefined) return undefined;
      const { code } = currencyOfWritten(w, hint);
      if (code === column) return undefined;
      const what = code === 'kr' ? `kroner (written '${w}', which does not say which krone)` : `${code} (written '${w}')`;
      const fix = `convert them in the export, or export them with a currency column and give fx: rates in kpi.yaml`;
      if (project) {
        return { error: `an amount in ${what}, not in ${project}, the project currency: kpi never adds amounts of different currencies; ${fix}, or, if every amount of the source is in ${code === 'kr' ? 'one krone' : code}, set currency: ${code === 'kr' ? 'NOK (or SEK, DKK)' : code}` };
      }
      if (fromSample) {
        return { error: `an amount in ${what}, but the column's amounts are in ${fromSample} (as most of the first rows write them): kpi never adds amounts of different currencies; ${fix}` };
      }
      return { error: `an amount in ${what}, but the column's other amounts name no currency: kpi never adds amounts of different currencies; set currency: in kpi.yaml to the currency of the plain amounts, or ${fix}` };
    },
  };
}
