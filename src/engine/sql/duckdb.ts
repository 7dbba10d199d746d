// The DuckDB dialect (README "Running on a database"): SQL text for the compiler, nothing else. DuckDB has FILTER
// clauses, GROUPING SETS, HUGEINT sums, exact DECIMAL and a compensated float sum (fsum), so every construct of
// kpi's formulas compiles to one scan.
import type { ColumnKind, Dialect, SqlAggregate } from './dialect.js';

/** JavaScript's \s and the characters that show nothing (util/text.ts), as RE2 classes. */
const SPACE_CLASS = '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';
const ZERO_WIDTH = '[\\x{200B}-\\x{200D}\\x{2060}\\x{FEFF}]';

/** |v| below 2^30: kpi takes round(v × 10^6) as the micro-units; above, the decimal v prints as (ExactSum). */
const FAST_LIMIT = '1073741824';

const text = (value: string): string =>
  // A NUL cannot stand in a literal: it is chr(0) between the parts.
  value
    .split('\0')
    .map((part) => `'${part.replace(/'/g, "''")}'`)
    .join(' || chr(0) || ');

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  text,
  double: (value) => `CAST('${String(value)}' AS DOUBLE)`,
  columnKind(catalogType): ColumnKind {
    const t = catalogType.toUpperCase();
    const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
    if (dec) return Number(dec[2]) <= 6 ? { kind: 'decimal', scale: Number(dec[2]) } : { kind: 'float' };
    if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT|UHUGEINT)$/.test(t)) return { kind: 'decimal', scale: 0 };
    if (/^(FLOAT|DOUBLE|REAL)$/.test(t)) return { kind: 'float' };
    if (t === 'DATE' || /^TIMESTAMP(_S|_MS|_NS)?$/.test(t)) return { kind: 'date' };
    if (t === 'VARCHAR' || t === 'BOOLEAN' || t === 'UUID' || /^ENUM/.test(t)) return { kind: 'text' };
    if (/WITH TIME ZONE|TIMESTAMPTZ/.test(t)) return { kind: 'other', why: `${catalogType} is an instant, not a wall-clock time; cast it to TIMESTAMP at your time zone in a view (timezone('Europe/Oslo', col)::TIMESTAMP)` };
    return { kind: 'other', why: `kpi does not read ${catalogType} columns` };
  },
  asText: (x) => `CAST(${x} AS VARCHAR)`,
  // trim() with a set of characters costs about 1.6 µs a value (2.4 s per million order ids, against 0.3 s
  // plain): a text whose first and last characters are printable ASCII has nothing to trim, and is taken as is.
  // The last one by right(x, 1), not x[-1:]: on a column DuckDB stores as a dictionary (a rep, a status) the
  // test then runs once per distinct value — 0.2 s against 3 s on 10M rows — and never slower elsewhere.
  // kpi's text value (util/text.ts textValue): also no zero-width characters, NFC, and inner runs of white space one
  // space. Printable ASCII with no two spaces in a row (most values) is taken as is; the test runs once per distinct
  // value of a dictionary column.
  trim: (x) =>
    `CASE WHEN ascii(${x}) BETWEEN 33 AND 126 AND ascii(right(${x}, 1)) BETWEEN 33 AND 126 AND NOT regexp_matches(${x}, '[^!-~ ]|  ') THEN ${x} ELSE trim(regexp_replace(nfc_normalize(regexp_replace(${x}, '${ZERO_WIDTH}', '', 'g')), '${SPACE_CLASS}+', ' ', 'g'), ' ') END`,
  upper: (x) => `upper(${x})`,
  lower: (x) => `lower(${x})`,
  asDouble: (x) => `CAST(${x} AS DOUBLE)`,
  // A decimal column of at most six places as it is: DuckDB sums a DECIMAL(p,s) as a DECIMAL(38,s) and an integer
  // as a HUGEINT, exactly; a cast of every value to DECIMAL(38,6) was a third of a 10M-row scan.
  asDecimal: (x) => x,
  epochMs: (x) => `epoch_ms(CAST(${x} AS TIMESTAMP))`,
  dayOfMs: (ms) => `CAST(floor(${ms} / 86400000.0) AS INTEGER)`,
  // (DATE − DATE is the number of days.)
  dayOfDate: (x) => `CAST(${x} - DATE '1970-01-01' AS INTEGER)`,
  dateLiteral: (iso) => `DATE '${iso}'`,
  matches: (x, pattern) => `regexp_matches(${x}, ${text(pattern)}, 'i')`,
  // The double's shortest form (CAST AS VARCHAR) read back as a decimal: 0.1 is 0.1; 1234567890123.4567 is …4568.
  heldByDouble: (n, x) => `(TRY_CAST(CAST(${n} AS VARCHAR) AS DECIMAL(38,6)) = ${x})`,
  isTrue: (x) => `COALESCE(${x}, FALSE)`,
  aggregate(fn: SqlAggregate, arg, cond) {
    const where = cond === undefined ? '' : ` FILTER (WHERE ${cond})`;
    switch (fn) {
      case 'count_rows':
        return `count(*)${where}`;
      case 'count_values':
        return `count(${arg})${where}`;
      case 'sum_decimal':
        return `CAST(sum(${arg})${where} AS VARCHAR)`;
      case 'micro_sum':
        // Below 2^30 the micro-units are round(v × 10^6), as in kpi; above, those of the decimal the double prints
        // as (accumulators.ts, ExactSum.addLarge): 1e13 + 0.01 is 10000000000000.01, not 10000000000000.009765625.
        return `CAST(sum(CASE WHEN abs(${arg}) < ${FAST_LIMIT} THEN CAST(round(${arg} * 1000000) AS HUGEINT) WHEN abs(${arg}) >= 1e26 THEN NULL ELSE CAST(TRY_CAST(CAST(${arg} AS VARCHAR) AS DECIMAL(38,6)) * CAST(1000000 AS DECIMAL(38,0)) AS HUGEINT) END)${where} AS VARCHAR)`;
      case 'micro_exact':
        // kpi's test per value (accumulators.ts): |v × 10^6 − round(v × 10^6)| ≤ |v × 10^6| × 10^−12 + 10^−9 below
        // 2^30; above, at most six decimals in the form it prints as (an exponent form is not taken as exact).
        return `bool_and(CASE WHEN ${arg} IS NULL THEN NULL WHEN abs(${arg}) < ${FAST_LIMIT} THEN abs(${arg} * 1000000 - round(${arg} * 1000000)) <= abs(${arg} * 1000000) * 1e-12 + 1e-9 WHEN abs(${arg}) < 1e26 THEN TRY_CAST(CAST(${arg} AS VARCHAR) AS DECIMAL(38,6)) IS NOT NULL AND length(split_part(CAST(${arg} AS VARCHAR), '.', 2)) <= 6 AND NOT contains(CAST(${arg} AS VARCHAR), 'e') ELSE FALSE END)${where}`;
      case 'float_sum':
        return `fsum(${arg})${where}`;
      case 'min':
        return `min(${arg})${where}`;
      case 'max':
        return `max(${arg})${where}`;
      case 'values':
        // Every value, for a percentile kpi interpolates itself (as PERCENTILE.INC, from the same doubles).
        return `list(${arg}) FILTER (WHERE ${arg} IS NOT NULL${cond === undefined ? '' : ` AND ${cond}`})`;
      case 'count_distinct':
        return `count(DISTINCT ${arg})${where}`;
    }
  },
  resultText: (x) => `CAST(${x} AS VARCHAR)`,
  groupingSets: { grouping: (columns) => `grouping(${columns.join(', ')})` },
  values: (rows, alias, columns) => `(VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS ${alias}(${columns.join(', ')})`,
  checksApart: true,
  probesCleanText: true,
};
