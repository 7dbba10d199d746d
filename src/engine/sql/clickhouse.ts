// The ClickHouse dialect (README "Running on a database"): SQL text for the compiler, nothing else. Written for the
// oldest ClickHouse kept in mind (18.16, Debian 12's), which newer ones accept too: no FILTER (the `-If`
// combinators), no GROUPING SETS (the total row is a second query), no TRUE, no trim (a regular expression), no
// query parameters (literals inlined, escaped). Its NULLs differ from SQL's (`0 AND NULL` is NULL, `0 OR NULL` 0),
// so every condition leaf is ifNull(…, 0); an aggregate over no rows is 0 or nan, not NULL, so min/max and the
// exactness test count their rows first. Distinct counts are uniqExact (uniq is approximate: +0.37 % on 5M values),
// money sums Decimal(38,6).
import { InternalError } from '../../errors.js';
import type { ColumnKind, Dialect, SqlAggregate } from './dialect.js';

/** An identifier in backquotes, backslash and backquote escaped: no name can end the quoting. */
const chIdent = (name: string): string => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
/** A string literal: backslash, quote and NUL escaped, so no value can end it. */
const chText = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0')}'`;

/** What JavaScript's String.prototype.trim removes, as an RE2 class (WhiteSpace and LineTerminator of ECMA-262). */
const JS_SPACE_CLASS = '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** The characters that show nothing (util/text.ts), as an RE2 class. */
const ZERO_WIDTH = '[\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]';

/** |v| below 2^30: kpi takes round(v × 10^6) as the micro-units; above, the decimal v prints as (ExactSum). */
const FAST_LIMIT = '1073741824';

/** Nullable(Decimal(18, 2)) → Decimal(18, 2). */
function bare(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[2].trim();
  }
}

/** `cond` as a condition an -If combinator takes (UInt8, never NULL), with `extra` first. */
const when = (extra: string | undefined, cond: string | undefined): string => {
  const parts = [extra, cond].filter((p): p is string => p !== undefined);
  return parts.length ? `ifNull(${parts.map((p) => `(${p})`).join(' AND ')}, 0)` : '1';
};

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  ident: chIdent,
  text: chText,
  double: (value) => `toFloat64('${String(value)}')`,
  columnKind(catalogType): ColumnKind {
    const t = bare(catalogType);
    const dec = /^Decimal(?:32|64|128)?\((\d+)(?:,\s*(\d+))?\)$/.exec(t);
    if (dec) {
      const scale = Number(dec[2] ?? dec[1]);
      // Decimal32(S) names its scale alone.
      const s = dec[2] === undefined ? Number(dec[1]) : scale;
      return s <= 6 ? { kind: 'decimal', scale: s } : { kind: 'float' };
    }
    if (/^U?Int(8|16|32|64)$/.test(t)) return { kind: 'decimal', scale: 0 };
    if (/^Float(32|64)$/.test(t)) return { kind: 'float' };
    if (t === 'Date' || t === 'DateTime') return { kind: 'date' };
    if (/^DateTime\(/.test(t)) return { kind: 'other', why: `${catalogType} is an instant in a time zone; kpi reads DateTime columns of a server whose timezone is UTC as wall-clock times: use a plain DateTime, or toDateTime(col, 'UTC') of the wall-clock time in a view` };
    if (/^(String|FixedString\(\d+\)|Enum(8|16)?\(.*\)|UUID)$/s.test(t)) return { kind: 'text' };
    return { kind: 'other', why: `kpi does not read ${catalogType} columns` };
  },
  asText: (x) => `toString(${x})`,
  // kpi's text value (util/text.ts textValue): also no zero-width characters and inner runs of white space one space;
  // printable ASCII with no two spaces in a row is only trimmed. Not NFC: normalizeUTF8NFC needs ClickHouse 21.11
  // (README, text values: decomposed text is read as stored there).
  trim: (x) =>
    `if(match(${x}, ${chText('[^!-~ ]|  ')}), replaceRegexpAll(replaceRegexpAll(replaceRegexpAll(${x}, ${chText(ZERO_WIDTH)}, ''), ${chText(`${JS_SPACE_CLASS}+`)}, ' '), '^ | $', ''), replaceRegexpAll(${x}, '^ +| +$', ''))`,
  upper: (x) => `upperUTF8(${x})`,
  lower: (x) => `lowerUTF8(${x})`,
  asDouble: (x) => `toFloat64(${x})`,
  asDecimal: (x) => `toDecimal128(${x}, 6)`,
  // The server's timezone is UTC (README): a Date or DateTime is then its wall-clock time's seconds.
  epochMs: (x) => `(toInt64(toDateTime(${x})) * 1000)`,
  dayOfMs: (ms) => `toInt32(floor(${ms} / 86400000))`,
  dateLiteral: (iso) => `toDate('${iso}')`,
  matches: (x, pattern) => `match(${x}, ${chText(`(?i)${pattern}`)})`,
  // The double's shortest text (ClickHouse prints doubles as JavaScript does, but for exponents) read back as a
  // Decimal(38,6) equals the column's value; a text that would not parse is replaced first (if() runs both sides).
  heldByDouble: (n, x) => `(toDecimal128(if(match(toString(${n}), '^-?[0-9]+(\\.[0-9]{1,6})?$'), toString(${n}), '99999999999999999999999999999999'), 6) = ${x})`,
  isTrue: (x) => `ifNull(${x}, 0)`,
  aggregate(fn: SqlAggregate, arg, cond) {
    const has = arg === undefined ? undefined : `${arg} IS NOT NULL`;
    switch (fn) {
      case 'count_rows':
        return cond === undefined ? 'count()' : `countIf(${when(undefined, cond)})`;
      case 'count_values':
        return `countIf(${when(has, cond)})`;
      case 'sum_decimal':
        return `toString(sumIf(${arg}, ${when(has, cond)}))`;
      case 'micro_sum': {
        // Micro-units as text: the Decimal(38,6) sum's digits without its point. Below 2^30 a value's micro-units
        // are round(v × 10^6), as in kpi; above, those of the decimal it prints as. ClickHouse evaluates both
        // branches of if(): the second reads only values in its range (a huge or tiny one would not parse).
        const small = `toDecimal128(round(if(abs(${arg}) < ${FAST_LIMIT}, ${arg}, 0) * 1000000), 0) * toDecimal128('0.000001', 6)`;
        const large = `toDecimal128(replaceRegexpOne(toString(if(abs(${arg}) >= ${FAST_LIMIT} AND abs(${arg}) < 1e26, ${arg}, 0)), '(\\\\.[0-9]{6})[0-9]+$', '\\\\1'), 6)`;
        return `replaceOne(toString(sumIf(if(abs(${arg}) < ${FAST_LIMIT}, ${small}, ${large}), ${when(has, cond)})), '.', '')`;
      }
      case 'micro_exact': {
        const test = `if(abs(${arg}) < ${FAST_LIMIT}, abs(${arg} * 1000000 - round(${arg} * 1000000)) <= abs(${arg} * 1000000) * 1e-12 + 1e-9, abs(${arg}) < 1e26 AND match(toString(${arg}), '^-?[0-9]+(\\\\.[0-9]{1,6})?$'))`;
        return `if(countIf(${when(has, cond)}) = 0, NULL, minIf(toUInt8(${test}), ${when(has, cond)}))`;
      }
      case 'float_sum': {
        // Not sumKahan: over a Distributed table its partial sums crash the server merging them (18.16). The
        // values' micro-units truncated are summed exactly as a Decimal, and the small remainders as doubles: the
        // total is as close to the exact sum as a compensated sum comes (kpi's is Neumaier's).
        const c = when(has, cond);
        const fits = `abs(${arg}) < 1e20`;
        return `(toFloat64(sumIf(toDecimal128(if(${fits}, ${arg}, 0), 6), ${c})) + sumIf(if(${fits}, ${arg} - toFloat64(toDecimal128(if(${fits}, ${arg}, 0), 6)), ${arg}), ${c}))`;
      }
      case 'min':
      case 'max':
        return `if(countIf(${when(has, cond)}) = 0, NULL, ${fn}If(${arg}, ${when(has, cond)}))`;
      case 'values':
        return `groupArrayIf(assumeNotNull(${arg}), ${when(has, cond)})`;
      case 'count_distinct':
        return `uniqExactIf(${arg}, ${when(has, cond)})`;
    }
  },
  resultText: (x) => `toString(${x})`,
  values: () => {
    throw new InternalError('clickhouse: windows are joined by windowJoin');
  },
  // Windows as a group key: each row's windows as an array, ARRAY JOINed (ClickHouse joins only on equality).
  // (18.16 drops a subquery's column that only a lambda reads: `day` is an argument of the lambda, not captured.)
  windowJoin(rows, from, day, w) {
    const lo = `[${rows.map((r) => r[1]).join(', ')}]`;
    const hi = `[${rows.map((r) => r[2]).join(', ')}]`;
    // Windows that do not overlap (a trend's months, a period and its comparison), of a few thousand days in all:
    // each day's window looked up by transform() — one lookup a row, where the array of every window a row is
    // tested against costs as many comparisons as there are windows. A day in no window has none (-1, dropped).
    const sorted = [...rows].sort((a, b) => a[1] - b[1]);
    const apart = sorted.every((r, i) => Number.isFinite(r[1]) && Number.isFinite(r[2]) && r[1] <= r[2] && (i === 0 || r[1] > sorted[i - 1][2]));
    const days = sorted.reduce((n, r) => n + (r[2] - r[1] + 1), 0);
    if (apart && days <= 20_000) {
      const dayList = sorted.flatMap((r) => Array.from({ length: r[2] - r[1] + 1 }, (_, k) => r[1] + k));
      const wList = sorted.flatMap((r) => Array.from({ length: r[2] - r[1] + 1 }, () => r[0]));
      const lookup = `ifNull(transform(toInt32(${day}), CAST([${dayList.join(', ')}] AS Array(Int32)), CAST([${wList.join(', ')}] AS Array(Int32)), -1), -1)`;
      return { from: `${from} ARRAY JOIN arrayFilter(x -> x >= 0, [${lookup}]) AS ${w}`, lo: `${lo}[${w} + 1]`, hi: `${hi}[${w} + 1]` };
    }
    return {
      from: `${from} ARRAY JOIN arrayFilter((i, lo, hi, d) -> ifNull(d >= lo AND d <= hi, 0), range(${rows.length}), ${lo}, ${hi}, replicate(${day}, range(${rows.length}))) AS ${w}`,
      lo: `${lo}[${w} + 1]`,
      hi: `${hi}[${w} + 1]`,
    };
  },
  // A Distributed table aggregates on its shards only when the aggregation reads it directly.
  flat: true,
};
