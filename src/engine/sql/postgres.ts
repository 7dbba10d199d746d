// The PostgreSQL dialect (README "Running on a database"): SQL text for the compiler, nothing else. PostgreSQL has
// FILTER clauses and exact NUMERIC; its GROUPING SETS run as one serial hash aggregate (6.4 s against 3.6 s for
// a plain GROUP BY on two workers in the study), so the total row is a second query (no `groupingSets`).
// Text compares in code-point order (COLLATE "C"), as kpi compares, whatever the database's collation.
import type { ColumnKind, Dialect, SqlAggregate } from './dialect.js';

/** JavaScript's \s and the characters that show nothing (util/text.ts), as regular expression classes. */
const SPACE_CLASS = '[\\t-\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
const ZERO_WIDTH = '[\\u200b-\\u200d\\u2060\\ufeff]';

/** |v| below 2^30: kpi takes round(v × 10^6) as the micro-units; above, the decimal v prints as (ExactSum). */
const FAST_LIMIT = '1073741824';

// PostgreSQL text holds no NUL: a value with one can match no text of the database, so it is a text no column holds
// (a NUL is never in a cell of a table either).
const text = (value: string): string => (value.includes('\0') ? `CAST(NULL AS text)` : `'${value.replace(/'/g, "''")}'`);

export const postgresDialect: Dialect = {
  name: 'postgres',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  text,
  double: (value) => `CAST('${String(value)}' AS double precision)`,
  columnKind(catalogType): ColumnKind {
    const t = catalogType.toLowerCase();
    const dec = /^numeric\((\d+),(\d+)\)$/.exec(t.replace(/\s/g, ''));
    if (dec) return Number(dec[2]) <= 6 ? { kind: 'decimal', scale: Number(dec[2]) } : { kind: 'float' };
    if (/^(smallint|integer|bigint)$/.test(t)) return { kind: 'decimal', scale: 0 };
    // numeric without a scale holds any number of decimals: kpi reads it as doubles (its exact sum still checks).
    if (/^(real|double precision|numeric)$/.test(t)) return { kind: 'float' };
    if (t === 'date' || /^timestamp(\(\d\))? without time zone$/.test(t)) return { kind: 'date' };
    if (/^timestamp(\(\d\))? with time zone$/.test(t)) return { kind: 'other', why: `${catalogType} is an instant, not a wall-clock time; cast it to timestamp at your time zone in a view (col AT TIME ZONE 'Europe/Oslo')` };
    if (/^(text|character varying|varchar|character|char|boolean|uuid|citext|name)/.test(t)) return { kind: 'text' };
    return { kind: 'other', why: `kpi does not read ${catalogType} columns` };
  },
  asText: (x) => `CAST(${x} AS text)`,
  // kpi's text value (util/text.ts textValue): also no zero-width characters, NFC, and inner runs of white space one
  // space; printable ASCII with no two spaces in a row is only trimmed.
  trim: (x) =>
    `CASE WHEN ${x} !~ '[^!-~ ]|  ' THEN btrim(${x}, ' ') ELSE btrim(regexp_replace(normalize(regexp_replace(${x}, '${ZERO_WIDTH}', '', 'g'), NFC), '${SPACE_CLASS}+', ' ', 'g'), ' ') END`,
  // Lower case by the database's character rules, then compared byte by byte (UTF-8 bytes order as code points).
  upper: (x) => `upper(${x})`,
  lower: (x) => `(lower(${x}) COLLATE "C")`,
  asDouble: (x) => `CAST(${x} AS double precision)`,
  asDecimal: (x) => `CAST(${x} AS numeric(38,6))`,
  epochMs: (x) => `CAST(round(extract(epoch FROM CAST(${x} AS timestamp)) * 1000) AS bigint)`,
  dayOfMs: (ms) => `CAST(floor(${ms} / 86400000.0) AS integer)`,
  // (date − date is an integer of days.)
  dayOfDate: (x) => `(${x} - DATE '1970-01-01')`,
  dateLiteral: (iso) => `DATE '${iso}'`,
  matches: (x, pattern) => `(${x} ~* ${text(pattern)})`,
  // The double's shortest text read back as a decimal equals the column's value: the double holds it as written.
  heldByDouble: (n, x) => `(CAST(CAST(${n} AS text) AS numeric) = ${x})`,
  isTrue: (x) => `COALESCE(${x}, FALSE)`,
  aggregate(fn: SqlAggregate, arg, cond) {
    const where = cond === undefined ? '' : ` FILTER (WHERE ${cond})`;
    switch (fn) {
      case 'count_rows':
        return `count(*)${where}`;
      case 'count_values':
        return `count(${arg})${where}`;
      case 'sum_decimal':
        return `CAST(sum(${arg})${where} AS text)`;
      case 'micro_sum':
        // As duckdb.ts: round(v × 10^6) below 2^30, else the micro-units of the decimal the double prints as
        // (PostgreSQL prints the shortest text that reads back as the same double, as JavaScript does).
        return `CAST(sum(CASE WHEN abs(${arg}) < ${FAST_LIMIT} THEN CAST(round(${arg} * 1000000) AS numeric) WHEN abs(${arg}) >= 1e26 THEN NULL ELSE CAST(CAST(${arg} AS text) AS numeric) * 1000000 END)${where} AS text)`;
      case 'micro_exact':
        return `bool_and(CASE WHEN ${arg} IS NULL THEN NULL WHEN abs(${arg}) < ${FAST_LIMIT} THEN abs(${arg} * 1000000 - round(${arg} * 1000000)) <= abs(${arg} * 1000000) * 1e-12 + 1e-9 WHEN abs(${arg}) < 1e26 THEN CAST(${arg} AS text) ~ '^-?[0-9]+(\\.[0-9]{1,6})?$' ELSE FALSE END)${where}`;
      case 'float_sum':
        // Summed exactly as NUMERIC (from each double's shortest text: a cast to numeric keeps 15 digits) and rounded once: the double nearest the true sum, whatever order the workers
        // add in (kpi's compensated sum gives the same double but for sums that cancel to near zero).
        return `CAST(sum(CAST(CAST(${arg} AS text) AS numeric))${where} AS double precision)`;
      case 'min':
        return `min(${arg})${where}`;
      case 'max':
        return `max(${arg})${where}`;
      case 'values':
        return `array_agg(${arg}) FILTER (WHERE ${arg} IS NOT NULL${cond === undefined ? '' : ` AND ${cond}`})`;
      case 'count_distinct':
        return `count(DISTINCT ${arg})${where}`;
    }
  },
  resultText: (x) => `CAST(${x} AS text)`,
  values: (rows, alias, columns) => `(VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS ${alias}(${columns.join(', ')})`,
};
