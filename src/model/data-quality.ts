// The data quality of a source, as the report model carries it (JSON `data_quality[]`): what the readers and the
// engine could not read, did not know, or left out, each counted and located. A leaf of the vocabulary, so the
// engine fills it and the model and renderers read it without importing each other.

/** How a ledger export signs its lines (sources/sign-convention.ts decides which one an export uses). */
export const SIGN_CONVENTIONS = ['credit_negative', 'costs_negative', 'as_is'] as const;
export type SignConvention = (typeof SIGN_CONVENTIONS)[number];

/** A value of a mapped field that no canonical value names (nor `ignore:`). */
export interface UnknownValue {
  field: string;
  column: string;
  value: string;
  count: number;
  file: string;
  line: number;
  /** The canonical values the field takes. */
  expected: string[];
}

/** A value the user (or the kind) said to ignore: known, meaning none of the canonical values. */
export interface IgnoredValue {
  field: string;
  column: string;
  value: string;
  count: number;
}

export interface DataIssue {
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
}

/**
 * The unreadable values of one column: how many, the first, and what rows holding one are left out of. Only the
 * aggregates that read the column leave such a row out; every other figure counts it.
 */
export interface BadValues {
  column: string;
  count: number;
  first: { file: string; line: number; value: string; reason: string };
  /** The first few distinct values, as written (for a message naming the column and its values). */
  examples: string[];
  /** The aggregates that leave those rows out, as written in formulas (every period aggregate for the period field). */
  aggregates: string[];
  /** The KPIs of the report computed from those aggregates (filled in from the plan once every source is read). */
  kpis: string[];
  /** A --by field: those rows count in the totals but in no group. */
  groups: boolean;
  /**
   * Not unreadable values but empty period cells of rows that `aggregates` would count (a won deal with no close
   * date): they may belong to any period, so those figures are in doubt in every period. Absent otherwise.
   */
  empty_period?: true;
}

/**
 * The empty cells of one number column that an aggregate's value reads (a sum, average, minimum … of it): how many
 * over every row of the source, the first located, and what reads it. An empty cell is no value: those aggregates
 * skip it, which for a sum is adding 0. A figure that combines such an aggregate with another over the same rows
 * (revenue − cost, revenue per order) while some rows have one amount and not the other is in doubt: its result
 * carries them in `bad_values` (with `empty: true`) unless the source says the cell is 0 (`empty: zero`).
 */
export interface EmptyValues {
  column: string;
  /** The field it is mapped to (`revenue`), or its own snake_case name. */
  field: string;
  count: number;
  first: { file: string; line: number };
  /** The aggregates whose value reads it, as written in formulas. */
  aggregates: string[];
  /** The KPIs of the report computed from those aggregates (filled in from the plan once every source is read). */
  kpis: string[];
  /**
   * `no_value` (the default: skipped, and a figure mixing it with other amounts of those rows is flagged) or `zero`
   * (the source says `empty: zero`, for the column or every one: an empty cell is 0, and no figure is flagged for it).
   */
  read_as: 'no_value' | 'zero';
}

/** A total row of an export (DataQuality.total_rows). */
export interface TotalRow {
  file: string;
  line: number;
  label?: string;
  /** `total`: the label is a total word; `subtotal`: it names what it totals and the amounts add up; `footer`: a report's footer line. */
  kind?: 'total' | 'subtotal' | 'footer';
}

/** Rows whose width is not the header's: how many, and the first (its fields, the header's). */
export interface RowWidths {
  count: number;
  first: { file: string; line: number; fields: number; header: number } | null;
}

export interface DataQuality {
  source: string;
  files: string[];
  rows: number;
  /** Rows left out of at least one figure: each holds a value that cannot be read (see bad_values). */
  skipped: number;
  /** Rows whose period field is empty: left out of period aggregates. */
  no_period: number;
  /**
   * Total, subtotal and footer rows left out of every figure, wherever they stand (sources/total-rows.ts): file,
   * line, and (from the readers that say it) the row's label and how it was told.
   */
  total_rows: TotalRow[];
  /**
   * Rows that look like subtotals (`Sum Nordvik AS`, or a customer "Total Sport AS" with no date) but whose
   * amounts are not the sums of the rows above: read as data, so the figures reading the source are in doubt and
   * `kpi check` fails on them (exit 3). Absent when none.
   */
  possible_total_rows?: TotalRow[];
  /** The first and last day of the period field (YYYY-MM-DD), when the source has one and rows carry it. */
  dates: { first: string; last: string } | null;
  /** Per column, every value that could not be read, and the aggregates and KPIs it leaves its row out of. */
  bad_values: BadValues[];
  /** Per number column an aggregate's value reads: its empty cells (no value), the first located. */
  empty_values: EmptyValues[];
  /**
   * Rows with more fields than the header (a CSV row split by an unquoted delimiter or decimal comma, or a sheet row
   * with a value past the header's columns): their cells cannot be trusted, so they count in no figure (and in
   * `skipped`, each with an issue).
   */
  wide_rows: RowWidths;
  /** CSV rows with fewer fields than the header: their missing cells read as empty. */
  short_rows: RowWidths;
  issues: DataIssue[];
  /** Ledger sources: the sign convention read (see sources/sign-convention.ts). */
  /**
   * `doubt`: a detected convention the lines of the whole source do not bear out (none or as many income lines
   * negative as positive, or not the convention of the first rows): why, and the `sign:` that settles it. The
   * figures read from the ledger's amounts are then errors with this reason, and `kpi check` fails (exit 3).
   */
  sign?: { convention: SignConvention; detected: boolean; why: string; doubt?: string };
  /**
   * A file declared in a single-byte encoding whose bytes are UTF-8 (sources/decode.ts, utf8Lookalike): its text
   * values are misread, so `kpi check` fails on it (exit 3) unless the source says `encoding_confirmed: true`.
   */
  utf8_lookalike?: { file: string; declared: string; utf8: string; misread: string };
  /**
   * Pairs of files of the source that hold identical rows (every cell alike): an overlapping re-export, counted
   * twice, so `kpi check` fails on it (exit 3). Absent when no two files share a row.
   */
  shared_rows?: SharedRows[];
  /**
   * With --by: groups of the report's period whose values differ only in case or surrounding spaces (report/
   * case-groups.ts), each spelling with the rows behind its figures, most first. Said, not merged.
   */
  case_groups?: CaseGroups[];
  /** Things that are not a bad value but make a figure doubtful (a revenue total of the wrong sign). */
  warnings?: string[];
  /** Values of fields with canonical values (status, category …) that map to none: per distinct value, first location. */
  unknown_values: UnknownValue[];
  /** Values said to be ignored (`ignore:`): known, none of the canonical values. */
  ignored_values: IgnoredValue[];
  /** A source with a currency column whose amounts are read: the currencies its rows carry (see CurrencyQuality). */
  currency?: CurrencyQuality;
}

/** Spellings of one --by value that differ only in case: its field(s) and each spelling's rows. */
export interface CaseGroups {
  field: string;
  groups: { value: string; rows: number }[];
}

/** Two files of one source that hold identical rows (engine/shared-rows.ts). */
export interface SharedRows {
  /** The earlier file read, then the later one. */
  files: [string, string];
  /** How many rows of the later file the earlier one holds too (an estimate past 131,072 rows: `exact` false). */
  rows: number;
  exact: boolean;
  /** The first and last period day of those rows (null for a source without a period field). */
  dates: { first: string; last: string } | null;
  /** The first shared row: its line in each file. */
  first: { lines: [number, number] };
}

/** Rows of one currency: how many, and where the first is. */
export interface CurrencyRows {
  rows: number;
  file: string;
  line: number;
}

/**
 * The currency column of a source, over every row: the rows per currency (upper case), the first of each located;
 * the empty cells, read as `assumed` (the project currency); and, with `fx:`, the rates file and how many amounts
 * it converted into the project currency.
 */
export interface CurrencyQuality {
  column: string;
  currencies: ({ currency: string } & CurrencyRows)[];
  empty: number;
  assumed: string | null;
  fx: string | null;
  converted: number;
}
