// User-facing errors: each carries an exit code and a stable error code, so only the CLI decides how to exit
// and scripts can branch on what went wrong. The tables below are the one home of both: README's exit-code table
// and error-code list, the `--help` text and the error mapping are generated from them or checked against them.

/** Exit codes are part of the interface (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  targetMissed: 1,
  usage: 2,
  data: 3,
  /** `kpi notify`: the check passed but its summary could not be posted (a failed check keeps its own code). */
  notifyFailed: 4,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What each exit code means, in the words of README's table and `--help`. */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: 'ok',
  1: 'a target was missed (or at risk, with --fail-on at-risk); with --notify-on, a KPI newly missed (or anything changed) since the last run of the history; kpi diff: something changed',
  2: 'usage or configuration error: bad flag, bad YAML, unknown KPI, formula error, unknown period, a setting the data needs but cannot decide, an output that would overwrite an input',
  3: 'data error: missing or unreadable file, missing required column, a bad row under --strict (and kpi validate finding problems), no KPI computable from the sources (report too), an output that cannot be written',
  4: 'kpi notify: the check passed (exit 0) but the webhook could not be posted after its retries; a check that failed keeps its own code (1 or 3) and says the failed post on stderr',
  70: 'internal error: a bug in kpi (please report it, with KPI_DEBUG=1 output); never a problem with your data or flags',
};

/** The short form for `--help`: "0 ok · 1 … · 70 …". */
export const EXIT_CODES_SHORT: Readonly<Record<ExitCode, string>> = {
  0: 'ok',
  1: 'target missed (--fail-on), kpi diff: changed',
  2: 'usage or configuration error',
  3: 'data error',
  4: 'kpi notify: the post failed',
  70: 'internal error (a bug in kpi)',
};

/**
 * Stable error codes (printed in JSON errors: `--format json`). A code never changes meaning or exit code once
 * released; add new ones here, with the exit code they go with and one line for README's list.
 */
export const ERROR_CODES = {
  // Exit 2: usage and configuration.
  KPI_USAGE: { exit: 2, meaning: 'a bad command line: unknown option or command, missing or invalid option value' },
  KPI_CONFIG: { exit: 2, meaning: 'a configuration error without a more specific code' },
  KPI_NO_CONFIG: { exit: 2, meaning: 'no kpi.yaml found and no --source given' },
  KPI_CONFIG_YAML: { exit: 2, meaning: 'kpi.yaml or the targets file is not valid YAML (syntax, alias bomb, duplicate key)' },
  KPI_CONFIG_NOT_UTF8: { exit: 2, meaning: 'kpi.yaml or the targets file is not UTF-8 text' },
  KPI_CONFIG_INVALID: { exit: 2, meaning: 'a setting in kpi.yaml has the wrong type or value' },
  KPI_SOURCE_OPTION: { exit: 2, meaning: '--source is not of the form <name>=<path>, or names a source kpi.yaml does not have and no KPI reads' },
  KPI_SOURCE_KIND: { exit: 2, meaning: 'a source has an unknown kind' },
  KPI_SOURCE_SETTING: { exit: 2, meaning: 'a source setting names a column that does not exist, or cannot be used' },
  KPI_PERIOD: { exit: 2, meaning: 'an unknown or impossible --period' },
  KPI_AS_OF: { exit: 2, meaning: '--as-of is not a date' },
  KPI_OPTION_VALUE: { exit: 2, meaning: 'an option value out of range (e.g. --last)' },
  KPI_FORMAT: { exit: 2, meaning: 'an unknown --format, or an -o file whose extension names no format' },
  KPI_FORMULA: { exit: 2, meaning: 'a KPI formula does not parse or uses something that does not exist' },
  KPI_KPI_CYCLE: { exit: 2, meaning: 'KPIs refer to each other in a cycle' },
  KPI_KPI_DEPTH: { exit: 2, meaning: 'KPIs use each other in a chain nested deeper than 1,024 levels (formulas counted in full)' },
  KPI_KPI_UNKNOWN: { exit: 2, meaning: 'an unknown KPI id (--kpi, the targets file, a formula)' },
  KPI_KPI_UNAVAILABLE: { exit: 2, meaning: 'a KPI cannot be computed with this configuration' },
  KPI_BY_FIELD: { exit: 2, meaning: '--by names a field no source of the report has' },
  KPI_NOTES: { exit: 2, meaning: 'the notes file is not a list of notes, or names an unknown KPI' },
  KPI_DRIVERS_FIELD: { exit: 2, meaning: '--drivers or drivers: names a field no source of the report has' },
  KPI_TARGETS: { exit: 2, meaning: 'the targets file has an invalid entry (type, bounds, weights, periods)' },
  KPI_AMBIGUOUS_DECIMAL: { exit: 2, meaning: 'a column has numbers that read differently by locale; set decimal:' },
  KPI_AMBIGUOUS_DATE: { exit: 2, meaning: 'a column has dates that read as day/month or month/day; set date_format:' },
  KPI_AMBIGUOUS_SIGN: { exit: 2, meaning: 'a ledger whose income and cost lines are both mostly negative; set sign:' },
  KPI_CHART: { exit: 2, meaning: 'a chart: setting or chart file kpi cannot use (an unknown chart, a bad range or category)' },
  KPI_INIT_EXISTS: { exit: 2, meaning: 'kpi init would overwrite an existing file (use --force)' },
  KPI_SOURCE_URL: { exit: 2, meaning: "a source's url: names no engine kpi reads, or no database (e.g. url: duckdb:data/shop.duckdb)" },
  KPI_ENGINE_MISSING: { exit: 2, meaning: "a database source's package is not installed (npm install @duckdb/node-api, or postgres)" },
  KPI_ENGINE_UNSUPPORTED: { exit: 2, meaning: 'a KPI needs something the SQL engine of its source cannot compute exactly as kpi does (the message names the KPI and the engine)' },
  KPI_JOIN: { exit: 2, meaning: 'a join: in kpi.yaml that cannot work: an unknown source, a cycle of lookups, a field the looked-up source lacks, a database source' },
  KPI_OUTPUT_IS_INPUT: { exit: 2, meaning: '-o names a file this run reads (a data file, kpi.yaml, the targets file); use --force to overwrite it' },
  KPI_NOTIFY_ENV: { exit: 2, meaning: 'kpi notify: the --webhook-env variable is not set, or not an http(s) URL' },
  // Exit 3: data.
  KPI_DATA: { exit: 3, meaning: 'a data error without a more specific code' },
  KPI_FILE_NOT_FOUND: { exit: 3, meaning: 'a file (export, kpi.yaml, targets) does not exist' },
  KPI_FILE_UNREADABLE: { exit: 3, meaning: 'a file exists but cannot be read (permissions, a folder, an I/O error, a `.csv.gz` cut short or damaged)' },
  KPI_FILE_CHANGED: { exit: 3, meaning: 'an export changed (grew, shrank, was rewritten) while kpi read it' },
  KPI_NO_FILE_MATCHES: { exit: 3, meaning: 'a source pattern matches no file' },
  KPI_DUPLICATE_FILE: { exit: 3, meaning: 'two files of one source (a glob or a list under file:) have the same content: their rows would count twice' },
  KPI_NO_HEADER: { exit: 3, meaning: 'an export has no header row' },
  KPI_NOT_CSV: { exit: 3, meaning: 'a file read as CSV is not CSV text: compressed (zip, a gzip not named `.csv`/`.csv.gz`), binary, or UTF-16 without a byte-order mark' },
  KPI_CSV_SYNTAX: { exit: 3, meaning: 'a CSV file cannot be parsed (e.g. an unclosed quote)' },
  KPI_SIE_SYNTAX: { exit: 3, meaning: 'a SIE file has a line kpi cannot read (an unclosed quote or object list, a voucher row outside a voucher, a file cut short inside a voucher)' },
  KPI_TABLE_NOT_FOUND: { exit: 3, meaning: "a source's table: is not in its database" },
  KPI_DATABASE_VALUES: { exit: 3, meaning: 'a database column used as a --by or --drivers field (or a ledger category) holds values kpi cannot read exactly (beyond ±10^15, more than 15 significant digits, spreadsheet errors); the message names the column and one value' },
  KPI_DATABASE_UNREADABLE: { exit: 3, meaning: "a database cannot be opened (not a database file, locked), or fails a query (its data, memory, a killed query, an error of the server's own)" },
  KPI_DATABASE_UNREACHABLE: { exit: 3, meaning: 'a database server does not answer (host, port, network), or the connection dropped during a query' },
  KPI_DATABASE_AUTH: { exit: 3, meaning: 'a database server refused the user, password or database of the url:' },
  KPI_DATABASE_QUERY: { exit: 3, meaning: "a source's query: is refused by its database (the message is the server's)" },
  KPI_DATABASE_TIMEOUT: { exit: 3, meaning: "connecting to a database or one of kpi's queries took longer than the source's timeout:" },
  KPI_COLUMN_NOT_FOUND: { exit: 3, meaning: 'a required or mapped column is not in the export' },
  KPI_COLUMN_TYPE: { exit: 3, meaning: "a column mapped under columns: (or the period_field) has sampled values that mostly are not of the field's type" },
  KPI_COLUMN_AMBIGUOUS: { exit: 3, meaning: 'a header mapped under columns: names several columns (the export repeats it)' },
  KPI_BAD_ROW: { exit: 3, meaning: 'a bad row under --strict' },
  KPI_CSV_WIDE_ROW: { exit: 3, meaning: 'a row with more fields than the header (an unquoted delimiter or decimal comma in a value), under --strict' },
  KPI_UNKNOWN_VALUE: { exit: 3, meaning: 'a value of a mapped field (status, category …) that no canonical value names, under --strict' },
  KPI_XLSX_UNREADABLE: { exit: 3, meaning: 'a workbook that is not a readable .xlsx (an old .xls, cut off, not a zip)' },
  KPI_XLSX_SHEET: { exit: 3, meaning: 'the sheet asked for does not exist or holds no cells' },
  KPI_FX_RATES: { exit: 3, meaning: 'the fx: rates file has a line kpi cannot read (columns date or month, currency, rate)' },
  KPI_EXACT_RANGE: { exit: 3, meaning: 'an exact figure has more significant digits than kpi prints exactly (amounts to the cent: below 7 × 10^13)' },
  KPI_JOIN_KEY: { exit: 3, meaning: 'a looked-up source (join:) has a key twice, or more rows than kpi holds in memory' },
  KPI_VALIDATE_PROBLEMS: { exit: 3, meaning: 'kpi validate found problems in the data' },
  KPI_WRITE: { exit: 3, meaning: 'the output (-o file, stdout, the --history file) cannot be written: no space, no permission, no folder' },
  KPI_HISTORY: { exit: 3, meaning: 'a line of the history file (--history) is not a kpi history entry (cut short, edited, of a newer kpi); the message names its line' },
  KPI_DIFF_INPUT: { exit: 3, meaning: 'a file given to kpi diff is not a kpi report JSON or history file, or holds no entry' },
  // Exit 4.
  KPI_NOTIFY_FAILED: { exit: 4, meaning: 'kpi notify could not post to the webhook (connection, timeout, or an HTTP error after the retries); the URL is never printed' },
  // Exit 70.
  KPI_INTERNAL: { exit: 70, meaning: 'a bug in kpi' },
} as const satisfies Record<string, { exit: ExitCode; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
/** The codes that go with one exit code: a ConfigError can only carry a code of exit 2, a DataError one of exit 3. */
export type ErrorCodeFor<E extends ExitCode> = { [K in ErrorCode]: (typeof ERROR_CODES)[K]['exit'] extends E ? K : never }[ErrorCode];

/** What an error can say besides its message: its code and where it is (for JSON errors). */
export interface ErrorInfo<C extends ErrorCode = ErrorCode> {
  code?: C;
  file?: string;
  line?: number;
  column?: string | number;
}

/** A mistake the user can fix: printed as one line, never with a stack trace. */
export class KpiError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: string | number;
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Extra lines (hints, further problems) printed after the message. */
    readonly details: readonly string[] = [],
    /** Its stable code (or the code with a location); without one, the default code of its exit code. */
    info: ErrorCode | ErrorInfo = {},
  ) {
    super(message);
    this.name = 'KpiError';
    const i: ErrorInfo = typeof info === 'string' ? { code: info } : info;
    this.code = i.code ?? DEFAULT_CODE[exitCode];
    if (i.file !== undefined) this.file = i.file;
    if (i.line !== undefined) this.line = i.line;
    if (i.column !== undefined) this.column = i.column;
  }
}

const DEFAULT_CODE: Record<ExitCode, ErrorCode> = { 0: 'KPI_INTERNAL', 1: 'KPI_INTERNAL', 2: 'KPI_CONFIG', 3: 'KPI_DATA', 4: 'KPI_NOTIFY_FAILED', 70: 'KPI_INTERNAL' };

/** Configuration, formula or usage error: exit 2. Pass a code, e.g. `new ConfigError(msg, [], 'KPI_PERIOD')`. */
export class ConfigError extends KpiError {
  constructor(message: string, details: readonly string[] = [], info: ErrorCodeFor<2> | ErrorInfo<ErrorCodeFor<2>> = {}) {
    super(message, ExitCode.usage, details, info);
    this.name = 'ConfigError';
  }
}

/** Missing/unreadable file, missing required column, bad row under --strict: exit 3. */
export class DataError extends KpiError {
  constructor(message: string, details: readonly string[] = [], info: ErrorCodeFor<3> | ErrorInfo<ErrorCodeFor<3>> = {}) {
    super(message, ExitCode.data, details, info);
    this.name = 'DataError';
  }
}

/**
 * A broken invariant inside kpi: a bug, never anything a user's input or setup can cause. The CLI prints it as
 * "internal error … a bug in kpi" and exits 70, like any other error that is not a KpiError. Throw this (not a
 * bare Error) for a should-never-happen, so a reader of the code can tell a bug from a user error at the throw.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** Echoed user values are cut to a readable length: a 1 MB identifier is not repeated whole in a message. */
export function clip(text: string, max = 80): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}

/** The JSON form of an error on stderr with `--format json`: `{"error":{"code","message","exit",…}}`. */
export function errorJson(err: { code: ErrorCode; message: string; exitCode: number; details?: readonly string[]; file?: string; line?: number; column?: string | number }): string {
  const body: Record<string, unknown> = { code: err.code, message: err.message, exit: err.exitCode };
  if (err.file !== undefined) body.file = err.file;
  if (err.line !== undefined) body.line = err.line;
  if (err.column !== undefined) body.column = err.column;
  if (err.details && err.details.length) body.details = err.details;
  return JSON.stringify({ error: body });
}
