// kpi.yaml (SPEC §2): schema and loading; paths are resolved relative to the file.
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { configNumber } from '../util/number-literal.js';
import { DEFAULT_PACE_MIN_SHARE, DIRECTIONS, ENCODINGS, SHEET_PACES, UNITS, type Project, type TargetSetConfig } from './project.js';
import { readYamlFile, validateYaml, type YamlFile } from './yaml-file.js';
import { readCalendar } from './business-hours.js';
import { readSla } from './sla.js';
import type { CalendarSpec } from '../calendar/business-time.js';
import type { RetailCalendar } from '../calendar/retail.js';

const withCalendar = (calendar: CalendarSpec | undefined) => (calendar === undefined ? {} : { calendar });
import { DURATION_UNITS } from '../model/vocabulary.js';
import { ConfigError } from '../errors.js';
import { LOCALES, parseLocale } from '../locale/locales.js';
import { SCALES, type KpiDisplay } from '../locale/format.js';

/**
 * The usual spellings of each encoding. ISO-8859-1 (latin1) is read as Windows-1252, as browsers and the WHATWG
 * Encoding Standard do: the two differ only in 0x80–0x9F, control codes in ISO-8859-1 that no export means, where
 * Windows-1252 has €, ‘’ and “”.
 */
const ENCODING_SPELLINGS: Record<string, (typeof ENCODINGS)[number]> = {
  utf8: 'utf-8',
  'utf-8-sig': 'utf-8-bom',
  'utf8-bom': 'utf-8-bom',
  'utf-16': 'utf-16le',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  cp1252: 'windows-1252',
  'windows1252': 'windows-1252',
  win1252: 'windows-1252',
  ansi: 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  iso88591: 'windows-1252',
  'iso8859-1': 'windows-1252',
  l1: 'windows-1252',
  // DOS code page 437: SIE's PC8 (#FORMAT PC8).
  ibm437: 'cp437',
  'ibm-437': 'cp437',
  'dos-437': 'cp437',
  '437': 'cp437',
  pc8: 'cp437',
  'pc-8': 'cp437',
  ibm850: 'cp850',
  'ibm-850': 'cp850',
  'dos-850': 'cp850',
  '850': 'cp850',
  ibm865: 'cp865',
  'ibm-865': 'cp865',
  'dos-865': 'cp865',
  '865': 'cp865',
  iso885915: 'iso-8859-15',
  'iso8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
  'latin-9': 'iso-8859-15',
  l9: 'iso-8859-15',
};

const encodingSchema = z
  .union([z.string(), z.number()])
  .transform((s) => String(s).trim().toLowerCase().replace(/[_\s]+/g, '-'))
  .transform((s) => ENCODING_SPELLINGS[s] ?? s)
  .pipe(z.enum(ENCODINGS, { error: () => `encoding must be one of ${ENCODINGS.join(', ')} (or a usual spelling of one: latin1, ibm437, pc8, latin9 …)` }));

const valueSpelling = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const TIME_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `30s`, `2m`, `500ms`, `1.5h` or a number of seconds, as milliseconds (undefined: not a time, or not above 0). */
export function timeoutMs(v: number | string): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? Math.round(v * 1000) : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$/i.exec(v);
  if (!m) return undefined;
  const ms = Math.round(Number(m[1]) * TIME_UNITS_MS[(m[2] ?? 's').toLowerCase()]);
  return ms > 0 ? ms : undefined;
}

export const sourceSchema = z.strictObject({
  file: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
      error: 'file must be a path or glob (or a list of them)',
    })
    .optional(),
  /**
   * A table in a database instead of files (README "Running on a database"): `url: duckdb:data/shop.duckdb` with
   * `table:` (and `schema:`). The URL's scheme names the engine that computes the source's figures, where it is.
   */
  url: z.string().min(1, 'url is empty').optional(),
  table: z.string().min(1, 'table is empty').optional(),
  schema: z.string().min(1, 'schema is empty').optional(),
  /** A SELECT of the user's instead of `table:`: kpi reads its result as a table (a subquery of every query). */
  query: z
    .string()
    .transform((s) => s.trim().replace(/[;\s]+$/, ''))
    .pipe(z.string().min(1, 'query is empty; write a SELECT, e.g. query: SELECT * FROM sales WHERE NOT test'))
    .optional(),
  /**
   * How long connecting and each query may take (`30s`, `2m`, `500ms`, a number of seconds): past it the query is
   * cancelled and the report stops (exit 3). Default: 10 s to connect, a query as long as the server lets it.
   */
  timeout: z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const ms = timeoutMs(v);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'timeout is a time such as 30s, 2m, 500ms or 1h (a plain number is seconds)' });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  /**
   * Which engine reads a file source (README "Big files on DuckDB"): `streaming` (kpi's own, the default) or
   * `duckdb` (a CSV read by DuckDB with the settings kpi decided, or a Parquet file).
   */
  engine: z.enum(['streaming', 'duckdb'], { error: 'engine must be streaming or duckdb (a database source names its engine in url:)' }).optional(),
  kind: z.string().optional(),
  sheet: z.union([z.string(), z.number().int().positive()]).optional(),
  skip_rows: z.number().int().nonnegative().optional(),
  delimiter: z
    .string()
    .transform((s) => (s === '\\t' || s.toLowerCase() === 'tab' ? '\t' : s))
    .pipe(
      z
        .string()
        .length(1, 'delimiter must be one character (use "\\t" for tab)')
        .refine((s) => s !== '"' && s !== '\n' && s !== '\r', 'delimiter cannot be a quote or a line break')
        // zod counts an emoji as one character, but the CSV scanner splits on one UTF-16 unit (exit 70 before).
        .refine((s) => s.length === 1, 'delimiter must be a character up to U+FFFF (not an emoji or other astral character)'),
    )
    .optional(),
  encoding: encodingSchema.optional(),
  decimal: z.enum([',', '.'], { error: 'decimal must be "," or "."' }).optional(),
  date_format: z.string().min(1).optional(),
  /** Cell texts that mean "no value" (default: NULL_VALUES). YAML reads a bare NULL or ~ as null: that is 'NULL'. */
  null_values: z
    .array(z.union([z.string(), z.number(), z.null()]), { error: 'null_values must be a list of texts, e.g. [NULL, N/A, "-"]' })
    .transform((xs) => xs.map((x) => (x === null ? 'NULL' : String(x))))
    .optional(),
  /** canonical field: header, `#5` (the fifth column), or `~` (null) to leave the field unmapped. */
  columns: z.record(z.string(), z.string().nullable()).optional(),
  // Spellings may be written bare in YAML (`[1, true, ja]`): numbers and booleans are their text.
  // A `<…>` key is the placeholder of a suggested fix (engine/value-check.ts, valuesLine), pasted without choosing.
  values: z
    .record(
      z.string(),
      z.record(z.string(), z.union([valueSpelling, z.array(valueSpelling)])).superRefine((mapping, ctx) => {
        for (const key of Object.keys(mapping)) {
          if (key.trim().startsWith('<')) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is a placeholder: replace it with the canonical value the spelling means (one of those it lists), or with ignore` });
        }
      }),
    )
    .optional(),
  period_field: z.string().optional(),
  /** The unit of duration columns written as plain numbers: `units: { first_response_time: minutes }` (field or header). */
  units: z.record(z.string(), z.enum(DURATION_UNITS, { error: `a unit is one of ${DURATION_UNITS.join(', ')}` })).optional(),
  /** Ledger exports: are costs written as negative or positive amounts? (default: detected from the rows) */
  costs_sign: z.enum(['negative', 'positive'], { error: 'costs_sign must be negative or positive' }).optional(),
  /**
   * How many values a figure from this source may leave out because they cannot be read before `kpi check` fails
   * on it: a number of values (5) or a share of the source's rows in the period ("0.1%"), as dbt's error_if or
   * Great Expectations' mostly. Default 0: any.
   */
  /**
   * `encoding: windows-1252` (or another single-byte encoding) on a file whose bytes are valid UTF-8 reads every
   * letter outside ASCII wrongly (`Beløp` as `BelÃ¸p`), and `kpi check` fails on it; `encoding_confirmed: true` says
   * the declared encoding is right after all (sources/decode.ts, utf8Lookalike).
   */
  encoding_confirmed: z.boolean().optional(),
  allow_bad_values: z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = configNumber(v);
      const share = typeof v === 'string' && v.trim().endsWith('%');
      if (n === undefined || n < 0 || (share && n > 1) || (!share && !Number.isInteger(n))) {
        ctx.addIssue({ code: 'custom', message: 'allow_bad_values must be a number of values (e.g. 5) or a percent of the rows (e.g. 0.1%)' });
        return z.NEVER;
      }
      return share ? { count: 0, share: n } : { count: n, share: undefined };
    })
    .optional(),
  /**
   * What an empty cell of a number column is (README "Empty amounts"): by default no value — skipped, and a figure
   * combining that column with other amounts of the same rows is flagged. `zero` says it is 0 (for every number
   * column of the source, or per column: `empty: { cost: zero }`, field or header), and nothing is flagged for it.
   */
  empty: z
    .union([z.literal('zero'), z.record(z.string(), z.literal('zero', { error: 'an empty cell can be said to be zero: empty: { cost: zero }' }))], {
      error: 'empty must be zero (every number column of the source) or a map of columns to zero, e.g. empty: { cost: zero }',
    })
    .optional(),
  /** Ledger exports: which lines are written negative (default: detected from the rows); see sign-convention.ts. */
  sign: z.enum(['credit_negative', 'costs_negative', 'as_is'], { error: 'sign must be credit_negative, costs_negative or as_is' }).optional(),
  /**
   * Ledger exports that carry account numbers but no category: the chart of accounts that gives each account its
   * category (src/charts): `ns4102`, `bas`, a chart file (`my-chart.yaml`), or `{ file: my-chart.csv, base: ns4102 }`.
   */
  /**
   * Lookups (sources/join.ts): fields taken from other sources by a key. `{ orders: order_id }` — this source's
   * column `order_id` equals the column of the same name in `orders`; `{ orders: { on: OrderID, key: order_id } }`
   * when the two are named differently; `fields:` takes only those columns of the looked-up source.
   */
  join: z
    .record(
      z.string(),
      z.union([
        z.string().min(1, 'a join names the key column, e.g. join: { orders: order_id }'),
        z.strictObject({
          on: z.string().min(1, 'on: is the key column of this source'),
          key: z.string().min(1, "key: is the key column of the looked-up source (default: on:'s name)").optional(),
          fields: z.array(z.string().min(1)).min(1, 'fields: lists columns of the looked-up source').optional(),
        }),
      ], { error: 'a join is the key column (join: { orders: order_id }) or { on: <this source\'s column>, key: <the looked-up column>, fields: [...] }' }),
    )
    .optional(),
  chart: z
    .union([z.string().min(1), z.strictObject({ file: z.string().min(1), base: z.string().optional() })], {
      error: 'chart must be ns4102, bas, a chart file (my-chart.yaml / .csv), or { file: my-chart.csv, base: ns4102 }',
    })
    .optional(),
})
  // A source is files or a table in a database, never both and never neither.
  .superRefine((s, ctx) => {
    if (s.file === undefined && s.url === undefined) ctx.addIssue({ code: 'custom', message: 'a source needs file: (an export) or url: and table: (a database table), e.g. file: sales.csv' });
    if (s.file !== undefined && s.url !== undefined) ctx.addIssue({ code: 'custom', message: 'a source reads file: or url:, not both' });
    if (s.url !== undefined && s.table === undefined && s.query === undefined) ctx.addIssue({ code: 'custom', message: `url: needs table: (the table to read) or query: (a SELECT), e.g. table: sales` });
    if (s.table !== undefined && s.query !== undefined) ctx.addIssue({ code: 'custom', message: 'a source reads table: or query:, not both (a query names its tables itself)' });
    if (s.query !== undefined && s.schema !== undefined) ctx.addIssue({ code: 'custom', message: 'schema: goes with table:; a query: names the schema itself (SELECT … FROM analytics.sales)' });
    if (s.url === undefined && (s.table !== undefined || s.schema !== undefined || s.query !== undefined || s.timeout !== undefined)) ctx.addIssue({ code: 'custom', message: 'table:, query:, schema: and timeout: go with url: (a database), e.g. url: duckdb:data/shop.duckdb' });
    if (s.url !== undefined && s.engine !== undefined) ctx.addIssue({ code: 'custom', message: 'engine: goes with file: (a database source names its engine in url:, e.g. url: duckdb:data/shop.duckdb)' });
  });

export const kpiSchema = z.strictObject({
  formula: z.string().min(1, 'formula is empty'),
  label: z.string().optional(),
  unit: z.enum(UNITS, { error: `unit must be one of ${UNITS.join(', ')}` }).optional(),
  better: z.enum(DIRECTIONS, { error: 'better must be higher or lower' }).optional(),
  period: z.literal('none', { error: "period can only be 'none'" }).optional(),
  description: z.string().optional(),
  /** How its figures are shown (README "Language and number format"): decimals, and amounts in thousands/millions. */
  decimals: z.number({ error: 'decimals must be a whole number from 0 to 6' }).int('decimals must be a whole number from 0 to 6').min(0, 'decimals must be a whole number from 0 to 6').max(6, 'decimals must be a whole number from 0 to 6').optional(),
  scale: z.enum(SCALES, { error: 'scale must be thousands or millions' }).optional(),
  /** Who answers for it (README "Notes and owners"). */
  owner: z.string().min(1, 'owner is empty').optional(),
});

/**
 * Statuses `report: hide:` may leave out of the human formats. What needs attention (at risk, missed, incomplete,
 * error) is never hidden: a layout must not make a missed target disappear.
 */
export const HIDEABLE_STATUSES = ['no_target', 'no_data', 'met', 'early'] as const;

/** `report:` (README "The report layout"): title, company, sections of KPI ids, statuses to hide. Ids are checked in report/layout.ts. */
export const reportSchema = z.strictObject({
  title: z.string().min(1, 'title is empty').optional(),
  company: z.string().min(1, 'company is empty').optional(),
  sections: z
    .array(
      z.strictObject({
        name: z.string().min(1, 'a section needs a name'),
        kpis: z.array(z.string().min(1), { error: 'kpis: lists KPI ids, e.g. kpis: [revenue, gross_margin]' }).min(1, 'a section lists at least one KPI'),
      }, { error: 'a section is { name: Sales, kpis: [revenue, orders] }' }),
      { error: 'sections: is a list, e.g. sections: [{ name: Sales, kpis: [revenue, orders] }]' },
    )
    .optional(),
  /** The heading of the last section, holding the KPIs no section names (they are never left out). */
  other: z.string().min(1, 'other is empty').optional(),
  hide: z
    .array(
      z
        .string()
        .transform((s) => s.trim().toLowerCase().replace(/[\s-]+/g, '_'))
        .pipe(z.enum(HIDEABLE_STATUSES, { error: `hide: takes ${HIDEABLE_STATUSES.join(', ')} (what needs attention — at_risk, missed, incomplete, error — is always shown)` })),
      { error: 'hide: is a list of statuses, e.g. hide: [no_target]' },
    )
    .optional(),
});

/** `display: { revenue: { scale: millions, decimals: 1 } }`: how any KPI's figures are shown, built-ins too. */
const displaySchema = z.strictObject({ decimals: kpiSchema.shape.decimals, scale: kpiSchema.shape.scale });

/** `locale: nb-NO` (or a usual spelling: nb, no, nb_NO, sv, da, en-GB …). */
export const localeSchema = z
  .string({ error: `locale must be one of ${LOCALES.join(', ')}` })
  .transform((s, ctx) => {
    const id = parseLocale(s);
    if (id === undefined) {
      ctx.addIssue({ code: 'custom', message: `locale ${JSON.stringify(s)} is not one kpi speaks: use one of ${LOCALES.join(', ')}` });
      return z.NEVER;
    }
    return id;
  });

/** A share written 5% or 0.05 (`open`: strictly between 0 and 1). */
function shareSchema(name: string, what: string, open = false) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = configNumber(v);
    if (n === undefined || n < 0 || n > 1 || (open && (n === 0 || n === 1))) {
      ctx.addIssue({ code: 'custom', message: `${name} must be ${what}, not ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n;
  });
}

const driverFields = z.array(z.string().min(1), { error: 'drivers: a list of fields, e.g. drivers: [rep, product]' }).min(1, 'drivers: name at least one field, e.g. drivers: [rep, product]');
/** `drivers: [rep, product]`, or with its settings: `drivers: { by: [rep, product], top: 5, materiality: 5%, change: 10% }`. */
const driversSchema = z.union([
  driverFields.transform((by) => ({ by })),
  z.strictObject({
    by: driverFields,
    top: z.number({ error: 'drivers.top must be a whole number of members shown, e.g. top: 5' }).int().min(1).optional(),
    /** A member is named when its contribution is at least this share of the figure explained (5%) or this amount (50000). */
    materiality: z
      .union([z.number(), z.string()])
      .transform((v, ctx) => {
        const n = configNumber(v);
        if (n === undefined || n < 0) {
          ctx.addIssue({ code: 'custom', message: `drivers.materiality must be a share of the figure explained (5%) or an amount in the KPI's unit (50000), not ${JSON.stringify(v)}` });
          return z.NEVER;
        }
        return typeof v === 'string' && v.trim().endsWith('%') ? { share: n } : { amount: n };
      })
      .optional(),
    /** A result whose change against the comparison period is at least this share of its previous value is explained too. */
    change: shareSchema('drivers.change', 'a share of the previous value such as 10%').optional(),
  }),
]);

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const PATTERN_HINT = 'fiscal_calendar.pattern is how each quarter\'s 13 weeks split into months: 4-4-5, 4-5-4 (the NRF calendar) or 5-4-4';
const patternSchema = z.enum(['4-4-5', '4-5-4', '5-4-4'], { error: PATTERN_HINT });

/**
 * `fiscal_calendar:` — the pattern alone (`fiscal_calendar: 4-5-4`) takes the NRF year end (the Saturday nearest the
 * end of January); the map form sets `year_end: { month, weekday, rule }` and `named_by:`.
 */
const fiscalCalendarSchema = z.preprocess(
  // The pattern alone is the map with the NRF year end; anything else is read as the map, so its errors are located.
  (v) => (typeof v === 'string' ? { pattern: v.trim() } : v),
  z.strictObject(
    {
      pattern: patternSchema,
      year_end: z
        .strictObject({
          month: z
            .union([z.number(), z.string()])
            .transform((v, ctx) => {
              const n = typeof v === 'number' ? v : /^\d+$/.test(v.trim()) ? Number(v.trim()) : MONTH_NAMES.findIndex((m) => v.trim().length >= 3 && m.startsWith(v.trim().toLowerCase())) + 1;
              if (!Number.isInteger(n) || n < 1 || n > 12) {
                ctx.addIssue({ code: 'custom', message: `fiscal_calendar.year_end.month is the month the fiscal year ends in, 1-12 (1 or January for the NRF calendar), not ${JSON.stringify(v)}` });
                return z.NEVER;
              }
              return n;
            })
            .optional(),
          weekday: z
            .string()
            .transform((v, ctx) => {
              const i = WEEKDAYS.findIndex((d) => v.trim().length >= 3 && d.startsWith(v.trim().toLowerCase()));
              if (i < 0) {
                ctx.addIssue({ code: 'custom', message: `fiscal_calendar.year_end.weekday is the weekday the fiscal year ends on (saturday for the NRF calendar), not ${JSON.stringify(v)}` });
                return z.NEVER;
              }
              return i + 1;
            })
            .optional(),
          rule: z.enum(['last', 'nearest'], { error: 'fiscal_calendar.year_end.rule is last (the last such weekday of the month) or nearest (the one nearest the month\'s last day, the NRF rule)' }).optional(),
        })
        .optional(),
      named_by: z.enum(['start', 'end'], { error: 'fiscal_calendar.named_by is start (FY2025 starts in 2025, as the NRF names it) or end (FY2026 ends in 2026)' }).optional(),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? `fiscal_calendar takes pattern, year_end and named_by, not ${iss.keys.join(', ')}` : `fiscal_calendar is a pattern (fiscal_calendar: 4-5-4) or { pattern: 4-5-4, year_end: { month: 1, weekday: saturday, rule: nearest } }`) },
  ),
);

/** The retail calendar of `fiscal_calendar:`, NRF's defaults filled in (periods/retail.ts). */
function retailOf(c: z.infer<typeof fiscalCalendarSchema>): RetailCalendar {
  const end = c.year_end;
  const endMonth = end?.month ?? 1;
  // A year ending in January lies almost wholly in the year before: the NRF names it by that year (fiscal 2025 is
  // February 2025 – January 2026). Any other by the year it ends in, as fiscal_year_start: names fiscal years.
  const namedBy = c.named_by ?? (endMonth === 1 ? 'start' : 'end');
  return { pattern: c.pattern, endMonth, endWeekday: end?.weekday ?? 6, rule: end?.rule ?? 'nearest', namedBy };
}

const projectSchema = z.strictObject({
  currency: z.string().optional(),
  /** The language and number format of the reports people read (json and csv stay locale-free). */
  locale: localeSchema.optional(),
  display: z.record(z.string(), displaySchema).optional(),
  /** Exchange rates into `currency`: a CSV of date (or month), currency, rate (see engine/fx.ts). */
  fx: z.string().optional(),
  week_starts: z.enum(['monday', 'sunday']).optional(),
  /** The month the fiscal year starts in (1–12, or its English name): FY periods, ytd, qtd and yoy follow it. */
  fiscal_year_start: z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const names = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
      const n = typeof v === 'number' ? v : /^\d+$/.test(v.trim()) ? Number(v.trim()) : names.findIndex((m) => m.startsWith(v.trim().toLowerCase()) && v.trim().length >= 3) + 1;
      if (!Number.isInteger(n) || n < 1 || n > 12) {
        ctx.addIssue({ code: 'custom', message: `fiscal_year_start must be the month the fiscal year starts in, 1-12 (7 or July for a year from 1 July), not ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return n;
    })
    .optional(),
  /** How fiscal years are named: FY2026 (by the year they end in) or FY2025/26 (both years). */
  fiscal_year_label: z.enum(['FY2026', 'FY2025/26'], { error: 'fiscal_year_label must be FY2026 (named by the year it ends in) or FY2025/26 (both years)' }).optional(),
  /** A retail calendar of 52/53-week years (README "Retail calendars"): `4-5-4`, or its pattern and year end. */
  fiscal_calendar: fiscalCalendarSchema.optional(),
  /** Below this share of a running period elapsed, pacing gives status `early` instead of a verdict. */
  pace_min_share: z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const n = configNumber(v);
      if (n === undefined || n < 0 || n > 1) {
        ctx.addIssue({ code: 'custom', message: 'pace_min_share must be a share such as 10% or 0.1' });
        return z.NEVER;
      }
      return n;
    })
    .optional(),
  sources: z.record(z.string().regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, 'source names are letters, digits and _'), sourceSchema).default({}),
  kpis: z.record(z.string().regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, 'KPI ids are letters, digits and _'), kpiSchema).default({}),
  targets: z
    .union(
      [
        z.string().min(1, 'targets: names a file'),
        z.record(
          z.string().regex(/^[\p{L}_][\p{L}\p{N}_ -]*$/u, 'target set names are letters, digits, spaces and _'),
          z.union(
            [
              z.string().min(1, 'a target set names its file'),
              z.strictObject({
                file: z.string().min(1, 'file: names the budget or targets file'),
                sheet: z.union([z.string().min(1), z.number().int().positive()]).optional(),
                year: z.number().int().min(1900, 'year: is a year such as 2026').max(2199, 'year: is a year such as 2026').optional(),
                kpi: z.string().min(1).optional(),
                rows: z.string().min(1).optional(),
                chart: z.union([z.string().min(1), z.strictObject({ file: z.string().min(1), base: z.string().optional() })]).optional(),
                skip_rows: z.number().int().min(0).optional(),
                delimiter: z.string().min(1).max(1).optional(),
                encoding: z.enum(ENCODINGS).optional(),
                decimal: z.enum([',', '.']).optional(),
                /** Every KPI's tolerance in a spreadsheet set (which has no place for one per row): 5% or 0.05. */
                // Read in targetsOf, where a bad one is said by itself (inside this union it would only be "not a set").
                tolerance: z.union([z.number(), z.string()]).optional(),
                /** How a running period paces a spreadsheet set's targets (default: by its months); read in targetsOf. */
                pace: z.string().optional(),
              }),
            ],
            { error: 'a target set is a file (budget: budget-2026.xlsx) or { file: …, sheet: …, year: … }' },
          ),
        ),
      ],
      { error: 'targets: is a file (targets.yaml) or named sets ({ budget: budget-2026.xlsx, forecast: forecast.csv, primary: budget })' },
    )
    .optional(),
  /** Resolution targets per ticket priority, for the built-in sla_rate: { high: 4h, normal: 1d, low: 72 } (config/sla.ts reads them). */
  sla: z.record(z.string(), z.union([z.number().positive(), z.string()])).optional(),
  report: reportSchema.optional(),
  /** The working week and closed days (config/business-hours.ts reads them, with located messages). */
  business_hours: z.unknown().optional(),
  holidays: z.unknown().optional(),
  /** README "Why it moved": the dimensions whose members explain a result's variance and change. */
  drivers: driversSchema.optional(),
  /** README "Is it real": the confidence of the intervals of proportion KPIs and NPS (95%), and the smallest n judged. */
  significance: shareSchema('significance', 'a confidence level such as 95% (or 0.95)', true).optional(),
  /** README "Notes and owners": the notes file (default notes.yaml beside kpi.yaml) and the owner of each KPI. */
  notes: z.string().optional(),
  owners: z.record(z.string(), z.string().min(1, 'an owner is a name')).optional(),
  min_n: z.number({ error: 'min_n must be a whole number of rows or answers, e.g. min_n: 30' }).int('min_n must be a whole number, e.g. min_n: 30').min(0).optional(),
});

const NOT_A_MAPPING_HINT = ['kpi.yaml maps settings to values, for example:', '  sources:', '    sales: { file: sales.csv }'];

export function loadProject(path: string): Project {
  const file = readYamlFile(path, 'config file');
  // A project that is not a mapping would define nothing, and a report from it would pass having computed nothing.
  if (file.empty) throw new ConfigError(`${path}: the config file is empty`, NOT_A_MAPPING_HINT, { code: 'KPI_CONFIG_INVALID', file: path });
  if (file.data === null || typeof file.data !== 'object' || Array.isArray(file.data)) {
    const what = Array.isArray(file.data) ? 'a list' : `the ${typeof file.data} ${JSON.stringify(file.data)}`;
    throw new ConfigError(`${path}:${file.lineOf([]) ?? 1}: the config file holds ${what}, not a mapping of settings`, NOT_A_MAPPING_HINT, { code: 'KPI_CONFIG_INVALID', file: path, line: file.lineOf([]) ?? 1 });
  }
  const parsed = validateYaml(file, projectSchema, (p) => (p.length ? `${p.map(String).join('.')}: ` : ''));
  if (parsed.fiscal_calendar !== undefined && parsed.fiscal_year_start !== undefined) {
    // Two answers to where the fiscal year starts: a wrong one would move every FY period silently.
    throw new ConfigError(
      `${file.locate(['fiscal_year_start'])}: fiscal_year_start and fiscal_calendar both say when the fiscal year starts; keep one (a retail calendar's year starts the day after year_end: fiscal_calendar: { pattern: 4-5-4, year_end: { month: 1, weekday: saturday, rule: nearest } })`,
      [],
      { code: 'KPI_CONFIG_INVALID', file: path, line: file.lineOf(['fiscal_year_start']) },
    );
  }
  const dir = dirname(resolve(path));
  const calendar = readCalendar(parsed.business_hours, parsed.holidays, file);
  return {
    path,
    dir,
    currency: parsed.currency,
    locale: parsed.locale,
    display: displayOf(parsed.kpis, parsed.display),
    fxPath: parsed.fx === undefined ? undefined : resolve(dir, parsed.fx),
    weekStarts: parsed.week_starts ?? 'monday',
    ...(parsed.fiscal_year_start === undefined || parsed.fiscal_year_start === 1 ? {} : { fiscalYearStart: parsed.fiscal_year_start }),
    ...(parsed.fiscal_year_label === 'FY2025/26' ? { fiscalYearLabel: 'split' as const } : {}),
    ...(parsed.fiscal_calendar === undefined ? {} : { fiscalCalendar: retailOf(parsed.fiscal_calendar) }),
    paceMinShare: parsed.pace_min_share ?? DEFAULT_PACE_MIN_SHARE,
    sources: Object.fromEntries(Object.entries(parsed.sources).map(([name, source]) => [name, withChartPath(source, dir)])),
    kpis: parsed.kpis,
    ...targetsOf(parsed.targets, dir, file),
    sla: readSla(parsed.sla, calendar, file),
    yaml: file,
    report: parsed.report,
    ...withCalendar(calendar),
    ...(parsed.drivers ? { drivers: parsed.drivers } : {}),
    ...(parsed.significance === undefined ? {} : { significance: parsed.significance }),
    ...(parsed.min_n === undefined ? {} : { minN: parsed.min_n }),
    notesPath: resolve(dir, parsed.notes ?? 'notes.yaml'),
    ...ownersOf(parsed.owners, parsed.kpis),
  };
}

/** `owners:` and `owner:` on a KPI of kpis: (the KPI's own wins); nothing when neither is written. */
function ownersOf(owners: Record<string, string> = {}, kpis: Record<string, { owner?: string }>): { owners?: Record<string, string> } {
  const out = { ...owners };
  for (const [id, k] of Object.entries(kpis)) if (k.owner !== undefined) out[id] = k.owner;
  return Object.keys(out).length ? { owners: out } : {};
}

/** The display settings of each KPI: those under display: first, then decimals:/scale: written on a KPI of kpis:. */
function displayOf(kpis: Record<string, { decimals?: number; scale?: KpiDisplay['scale'] }>, display: Record<string, KpiDisplay> = {}): Map<string, KpiDisplay> {
  const out = new Map<string, KpiDisplay>();
  for (const [id, k] of Object.entries(kpis)) {
    if (k.decimals !== undefined || k.scale !== undefined) out.set(id, { decimals: k.decimals, scale: k.scale });
  }
  for (const [id, d] of Object.entries(display)) out.set(id, { ...out.get(id), ...Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) });
  return out;
}

/**
 * `targets:` — one file, or named sets with `primary:` naming the set status follows (default: the first). Paths
 * are relative to kpi.yaml, as a source's file.
 */
function targetsOf(targets: z.infer<typeof projectSchema>['targets'], dir: string, file: YamlFile): Pick<Project, 'targetsPath' | 'targetSets' | 'primaryTarget'> {
  if (targets === undefined) return {};
  if (typeof targets === 'string') return { targetsPath: resolve(dir, targets) };
  const primaryRaw = targets.primary;
  const sets = Object.entries(targets)
    .filter(([name]) => name !== 'primary')
    .map(([name, set]) => {
      const { tolerance, pace, ...rest } = typeof set === 'string' ? { file: set } : set;
      const config: TargetSetConfig = { ...rest };
      if (pace !== undefined) {
        if (!(SHEET_PACES as readonly string[]).includes(pace)) {
          throw new ConfigError(`${file.locate(['targets', name, 'pace'])}: targets.${name}.pace: ${JSON.stringify(pace)} is not a pace of a spreadsheet set; use ${SHEET_PACES.join(', ')} (months, the default: by the sheet's months; workdays: each month over its working days)`, [], { code: 'KPI_CONFIG_INVALID', file: file.path, line: file.lineOf(['targets', name, 'pace']) });
        }
        config.pace = pace as (typeof SHEET_PACES)[number];
      }
      if (tolerance !== undefined) {
        const n = configNumber(tolerance);
        if (n === undefined || n < 0) {
          throw new ConfigError(`${file.locate(['targets', name, 'tolerance'])}: targets.${name}.tolerance: ${JSON.stringify(tolerance)} is not a tolerance; it is a share of the target on the bad side, e.g. tolerance: 5%`, [], { code: 'KPI_CONFIG_INVALID', file: file.path, line: file.lineOf(['targets', name, 'tolerance']) });
        }
        config.tolerance = n;
      }
      config.file = resolve(dir, config.file);
      if (typeof config.chart === 'string' && /\.(ya?ml|csv|txt)$/i.test(config.chart)) config.chart = resolve(dir, config.chart);
      else if (typeof config.chart === 'object') config.chart = { ...config.chart, file: resolve(dir, config.chart.file) };
      return { name, config };
    });
  const where = (p: string[]) => ({ code: 'KPI_CONFIG_INVALID' as const, file: file.path, line: file.lineOf(p) });
  if (sets.length === 0) throw new ConfigError(`${file.locate(['targets'])}: targets: names no set; write targets: { budget: budget-2026.xlsx }`, [], where(['targets']));
  if (primaryRaw !== undefined && typeof primaryRaw !== 'string') throw new ConfigError(`${file.locate(['targets', 'primary'])}: targets.primary names one of the sets (${sets.map((s) => s.name).join(', ')})`, [], where(['targets', 'primary']));
  const primary = primaryRaw ?? sets[0].name;
  const chosen = sets.find((s) => s.name === primary);
  if (!chosen) {
    throw new ConfigError(`${file.locate(['targets', 'primary'])}: targets.primary: '${primary}' is not a target set; the sets are ${sets.map((s) => s.name).join(', ')}`, [], where(['targets', 'primary']));
  }
  return { targetsPath: chosen.config.file, targetSets: sets, primaryTarget: primary };
}

/** A chart file is named relative to kpi.yaml, like the source's file (a chart's name is left as written). */
function withChartPath<S extends { chart?: string | { file: string; base?: string } }>(source: S, dir: string): S {
  const chart = source.chart;
  if (chart === undefined) return source;
  if (typeof chart === 'string') return /\.(ya?ml|csv|txt)$/i.test(chart) ? { ...source, chart: resolve(dir, chart) } : source;
  return { ...source, chart: { ...chart, file: resolve(dir, chart.file) } };
}

