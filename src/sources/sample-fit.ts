// Does a column's sample read as a type? Decides whether a guessed mapping is taken and whether an explicit one can work.
import { visible } from '../util/text.js';
import type { SourceConfig } from '../config/project.js';
import { columnFormat, durationFormat } from './column-format.js';
import type { DurationUnit } from '../model/vocabulary.js';
import { sniffOf } from './formats.js';
import type { FieldType } from './kinds.js';
import { isCellError, type Cell, type SourceFile } from './table.js';

/** What a column's sampled values say about one type. */
export interface SampleFit {
  /** Non-empty sampled values. */
  values: number;
  /** Of those, the ones that do not read as the type. */
  unreadable: number;
  /** The first few distinct unreadable values, as written. */
  examples: string[];
  /** More distinct unreadable values than the examples show. */
  more: boolean;
}

const MAX_EXAMPLES = 3;

/**
 * How the sampled values of a column read as `type`. The check is lenient on purpose: a date that only needs a
 * day/month order, or a number that only needs a decimal mark, reads — those are settings, decided elsewhere.
 * Plain numbers count as dates only where an export writes dates so (Excel serials after 1927), so a 0/1 column is
 * not a column of dates in 1899.
 */
export function sampleFit(
  file: SourceFile,
  column: number,
  type: FieldType,
  config: Pick<SourceConfig, 'decimal' | 'date_format'> = {},
  /** The field's words for numbers (`good` → 5) and spellings that mean no answer: those read too. */
  words: { values?: ReadonlyMap<string, string>; ignored?: ReadonlySet<string>; duration?: { unit?: DurationUnit } } = {},
): SampleFit {
  const fit: SampleFit = { values: 0, unreadable: 0, examples: [], more: false };
  if (column < 0 || type === 'text') return fit;
  const sniff = sniffOf(file, file.headers[column]);
  const formats = words.duration && type === 'number'
    ? // A duration column reads when its cells are durations; plain numbers only need their unit (a setting).
      [durationFormat(sniff, config, {}, words.duration.unit ?? 'hours')]
    : type === 'number'
      ? // Either decimal mark: a column of only 1,500-like values reads once `decimal:` is set (formats.ts asks for it).
        [columnFormat('number', sniff, config, {}, words.values, words.ignored), columnFormat('number', sniff, { ...config, decimal: config.decimal ?? ',' }, {}, words.values, words.ignored), columnFormat('number', sniff, { ...config, decimal: config.decimal ?? '.' }, {}, words.values, words.ignored)]
      : [columnFormat('date', sniff, config, {}), columnFormat('date', { ...sniff, dateOrder: 'dmy' }, {}, {}), columnFormat('date', { ...sniff, dateOrder: 'mdy' }, {}, {})];
  for (const record of file.sample) {
    const cell: Cell | undefined = record[column];
    if (cell === undefined || (typeof cell === 'string' && cell.trim() === '')) continue;
    fit.values++;
    if (reads(cell, type, formats)) continue;
    fit.unreadable++;
    const shown = isCellError(cell) ? cell.error : String(cell).trim();
    if (fit.examples.includes(shown)) continue;
    if (fit.examples.length < MAX_EXAMPLES) fit.examples.push(shown);
    else fit.more = true;
  }
  return fit;
}

function reads(cell: Cell, type: FieldType, formats: ReturnType<typeof columnFormat>[]): boolean {
  // A spreadsheet error (#N/A) is a bad value of any type, not evidence against one.
  if (isCellError(cell)) return true;
  if (type === 'date' && typeof cell === 'number') return cell > 10_000;
  return formats.some((f) => {
    const v = f.parse(cell);
    return v === null || typeof v !== 'object';
  });
}

/** A column reads as the type when at least half of its non-empty sampled values do (an empty sample says nothing). */
export function readsAs(fit: SampleFit): boolean {
  return fit.unreadable * 2 <= fit.values;
}

/** `dates`, `numbers`: the type in a sentence. */
export function typeWords(type: FieldType): string {
  return type === 'date' ? 'dates' : type === 'number' ? 'numbers' : 'text';
}

/** `(Y, N)`: the examples in a sentence. */
export function exampleList(fit: SampleFit): string {
  // Values from the data: a line break inside one (a quoted cell) would break the message's line where it is shown.
  return `(${fit.examples.map(visible).join(', ')}${fit.more ? ', …' : ''})`;
}

/**
 * What a column's sample looks like: numbers, else dates, else text; undefined when the sample has no value. Numbers
 * come first because plain integers also read as Excel date serials; dates written as text never read as numbers.
 */
export function sampledType(fit: (type: FieldType) => SampleFit): FieldType | undefined {
  const number = fit('number');
  if (number.values === 0) return undefined;
  if (readsAs(number)) return 'number';
  return readsAs(fit('date')) ? 'date' : 'text';
}
