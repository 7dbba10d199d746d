// Decides, per file, how each planned column is read: configured settings first, then what its values show.
import { ConfigError } from '../errors.js';
import { columnFormat, durationFormat, sniffColumn, type ColumnFormat, type ColumnSniff } from './column-format.js';
import type { DurationUnit, Scale } from '../model/vocabulary.js';
import type { FieldType } from './kinds.js';
import type { DateOrder } from './parse-date.js';
import type { DecimalMark } from './parse-number.js';
import type { ColumnRequest, SourceFile, ValueSettings } from './table.js';

export type { ColumnRequest } from './table.js';

const sniffCache = new WeakMap<SourceFile, Map<string, ColumnSniff>>();
// Header → first position, built once per file: a search of the headers per column made opening an export of
// 800,000 columns (a 10 MB header line) quadratic, hours instead of seconds.
const columnIndex = new WeakMap<SourceFile, Map<string, number>>();

function columnOf(file: SourceFile, header: string): number {
  let index = columnIndex.get(file);
  if (!index) {
    index = new Map();
    file.headers.forEach((h, i) => {
      if (!index!.has(h)) index!.set(h, i);
    });
    columnIndex.set(file, index);
  }
  return index.get(header) ?? -1;
}

/** The sniffed format of one column of a file (memoised: the sample is read once). */
export function sniffOf(file: SourceFile, header: string): ColumnSniff {
  let cache = sniffCache.get(file);
  if (!cache) sniffCache.set(file, (cache = new Map()));
  let sniff = cache.get(header);
  if (!sniff) {
    const col = columnOf(file, header);
    sniff = sniffColumn(col < 0 ? [] : file.sample.map((r) => r[col]).filter((c) => c !== undefined));
    cache.set(header, sniff);
  }
  return sniff;
}

/**
 * One parser per requested column. Where a column's own values cannot decide, the file's other columns do;
 * where nothing decides, the user is asked for the one setting that does (never a silent guess).
 */
export function columnFormats(file: SourceFile, source: string, config: ValueSettings, columns: readonly ColumnRequest[]): ColumnFormat[] {
  const sniffs = file.headers.map((h) => sniffOf(file, h));
  const decimals = sniffs.map((s) => s.decimal).filter((d): d is DecimalMark => d !== undefined);
  const orders = sniffs.map((s) => s.dateOrder).filter((o): o is DateOrder => o !== undefined);
  const fallback = {
    decimal: majority(decimals),
    order: orders.length > 0 && orders.every((o) => o === orders[0]) ? orders[0] : undefined,
  };
  return columns.map((c) => {
    const sniff = sniffOf(file, c.header);
    if (c.type === 'number' && !config.decimal && !sniff.decimal && !fallback.decimal && sniff.ambiguousDecimal) {
      throw new ConfigError(
        `source '${source}': column '${c.header}' of ${file.label} has numbers like 1,234 or 1.234 that read differently by locale, and no value decides; set decimal: "," or decimal: "." for the source`,
        [],
        { code: 'KPI_AMBIGUOUS_DECIMAL', file: file.label, column: c.header },
      );
    }
    if (c.type === 'date' && !config.date_format) {
      if (sniff.conflictingDates) {
        throw new ConfigError(
          `source '${source}': column '${c.header}' of ${file.label} mixes day-first and month-first dates; set date_format for the source (e.g. dd/MM/yyyy)`,
          [],
          { code: 'KPI_AMBIGUOUS_DATE', file: file.label, column: c.header },
        );
      }
      if (sniff.ambiguousDates && !sniff.dateOrder && !fallback.order) {
        throw new ConfigError(
          `source '${source}': column '${c.header}' of ${file.label} has dates like 05/06/2026 that read as day/month or month/day, and no value decides; set date_format: dd/MM/yyyy or MM/dd/yyyy`,
          [],
          { code: 'KPI_AMBIGUOUS_DATE', file: file.label, column: c.header },
        );
      }
    }
    if (c.duration && c.type === 'number') return durationFormat(sniff, config, fallback, c.duration.unit);
    return columnFormat(c.type, sniff, config, fallback, c.values, c.ignored, c.fieldType, c.scale);
  });
}

function majority<T>(xs: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  return sorted.length && (sorted.length === 1 || sorted[0][1] > sorted[1][1]) ? sorted[0][0] : undefined;
}

/**
 * How each planned column is read, for `kpi validate` and `kpi explain`. A column also read as text (for
 * `is empty`) is listed once, as its typed self.
 */
export function describeColumns(
  file: SourceFile,
  source: string,
  config: ValueSettings,
  slots: readonly { field: { name: string; header: string; type?: FieldType; values?: ReadonlyMap<string, string>; ignored?: ReadonlySet<string>; duration?: { unit?: DurationUnit }; scale?: Scale }; type: FieldType }[],
): { field: string; header: string; read_as: string }[] {
  const formats = columnFormats(file, source, config, slots.map((s) => ({ header: s.field.header, type: s.type, values: s.field.values, ignored: s.field.ignored, fieldType: s.field.type, duration: s.field.duration, scale: s.field.scale })));
  return slots
    .map((s, i) => ({ field: s.field.name, header: s.field.header, type: s.type, read_as: formats[i].describe }))
    .filter((c, _, all) => c.type !== 'text' || !all.some((o) => o.header === c.header && o.type !== 'text'))
    .map(({ type: _type, ...c }) => c);
}
