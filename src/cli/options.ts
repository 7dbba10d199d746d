// Options shared by the computing commands (SPEC §1), defined once.
import { Option, type Command } from 'commander';
import { FORMATS } from '../render/index.js';
import type { ReportOptions } from '../report/build-report.js';
import { LOCALES, parseLocale, type LocaleId } from '../locale/locales.js';
import { ConfigError } from '../errors.js';

/** `--locale nb-NO` (or nb, no, nb_NO …): a locale kpi speaks, else a usage error naming them. */
export function localeOption(text: string): LocaleId {
  const id = parseLocale(text);
  if (id === undefined) throw new ConfigError(`--locale ${text}: kpi speaks ${LOCALES.join(', ')}`, [], 'KPI_OPTION_VALUE');
  return id;
}
import { HIDE_WORDS, SORT_KEYS, defaultSort, parseHide, type SortKey } from '../render/order.js';
import { TABLE_LAYOUTS, type RenderOptions, type TableLayout } from '../render/types.js';

export interface CommonFlags {
  config?: string;
  targets?: string;
  period?: string;
  asOf?: string;
  compare?: string;
  by?: string;
  kpi?: string;
  source?: string[];
  format?: string;
  out?: string;
  force?: boolean;
  strict?: boolean;
  failOn?: 'missed' | 'at-risk' | 'never';
  color: boolean;
  quiet?: boolean;
  allowIncomplete?: boolean;
  allowBadValues?: boolean;
  locale?: LocaleId;
  engine?: 'streaming' | 'duckdb';
  /** `--drivers rep,product` (explain: `--drivers` alone takes kpi.yaml's). */
  drivers?: string | boolean;
  sort?: SortKey;
  hide?: string;
  /** `kpi check --require-note missed[,at-risk]`. */
  requireNote?: string;
  layout?: TableLayout;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
// Each name once: `--by rep,rep` grouped by rep twice (a `rep / rep` column; 10,000 repeats, a 1 MB wide table).
export const list = (text: string | undefined) =>
  text === undefined ? undefined : [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];

/** Options of every command that reads the data: config, targets, period, sources, output. */
export function addDataOptions(cmd: Command, formats: readonly string[]): Command {
  return cmd
    .option('-c, --config <file>', 'project file (default: ./kpi.yaml)')
    .option('-t, --targets <file>', 'targets file (default: targets: in the config, else ./targets.yaml)')
    .option('-p, --period <period>', '2026-10, 2026-Q4, 2026-H2, 2026, 2026-W42, 2026-10-01..2026-10-15, 2025-11..2026-10, FY2026, FY2026-Q1, FY2026-H2, FY2026-P03 and FY2026-W05 (with fiscal_calendar:), mtd, qtd, ytd, fytd, ltm, l3m, last-90d, all (default: last complete month, fiscal with fiscal_calendar:)')
    .option('--as-of <date>', '"today" for default periods and to-date periods (YYYY-MM-DD)')
    .option('--by <fields>', 'break results down by fields, e.g. rep or product,segment')
    .option('--source <name=path>', 'add or replace a source file (repeatable)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices(formats))
    .option('-o, --out <file>', 'write the output to a file (format from its extension unless --format is given)')
    .option('--force', 'let -o overwrite a file this run reads (a data file, kpi.yaml, the targets file)')
    .option('--strict', 'a bad data row is an error (exit 3) instead of being skipped and reported')
    .option('--allow-incomplete', 'judge a period the data does not cover (status incomplete) as usual: met, at risk or missed')
    .option('--allow-bad-values', 'judge figures that left out unreadable values as usual (per source: allow_bad_values: in kpi.yaml)')
    .option('--locale <locale>', `language and number format of tables, md, html, xlsx: ${LOCALES.join(', ')} (default: locale: in kpi.yaml, else en-US as before; json and csv never change)`, localeOption)
    .addOption(new Option('--engine <engine>', 'which engine reads the CSV and Parquet file sources: streaming (kpi\'s own) or duckdb (DuckDB, out of core); default: engine: in kpi.yaml, else streaming').choices(['streaming', 'duckdb']))
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'no warnings or progress on stderr');
}

/** `report` and `check`: the data options plus comparison, KPI selection and the exit policy. */
export function addComputeOptions(cmd: Command, failOnDefault: 'missed' | 'never'): Command {
  return addDataOptions(cmd, FORMATS)
    .option('--compare <what>', 'prev, yoy, none or a period id', 'prev')
    .option('--kpi <ids>', 'only these KPIs (comma-separated)')
    .option('--drivers <fields>', 'explain each missed, at-risk or moved result by the members of these fields, e.g. rep,product (default: drivers: in kpi.yaml)')
    .addOption(new Option('--fail-on <when>', 'when to exit 1').choices(['missed', 'at-risk', 'never']).default(failOnDefault))
    .addOption(new Option('--sort <order>', 'order of the results: status (exceptions first; default of table, md, html, xlsx), variance (worst first), registry (default of json, csv, junit)').choices(SORT_KEYS))
    .addOption(new Option('--layout <layout>', 'the terminal table: auto (fits the width: the table, one line per KPI below 100 columns), table, compact, wide (with --by: the groups in rows, the KPIs in columns)').choices(TABLE_LAYOUTS))
    .option('--hide <statuses>', `leave out results with these statuses, e.g. no-target (${HIDE_WORDS.join(', ')}); the summary still counts them`);
}

/** `--sort` and `--hide` as render options: the format's default order unless --sort says otherwise. */
export function arrangeOptions(flags: Pick<CommonFlags, 'sort' | 'hide'>, format: string): Pick<RenderOptions, 'sort' | 'hide'> {
  let hide: RenderOptions['hide'];
  if (flags.hide !== undefined) {
    const parsed = parseHide(flags.hide.split(','));
    if ('unknown' in parsed) throw new ConfigError(`--hide: unknown status '${parsed.unknown}'; use one or more of ${HIDE_WORDS.join(', ')}, e.g. --hide no-target`, [], 'KPI_USAGE');
    hide = parsed.statuses;
  }
  return { sort: flags.sort ?? defaultSort(format), hide };
}

export function toReportOptions(flags: CommonFlags): ReportOptions {
  return {
    config: flags.config,
    targets: flags.targets,
    period: flags.period,
    asOf: flags.asOf,
    compare: flags.compare,
    by: list(flags.by),
    kpis: list(flags.kpi),
    sources: flags.source,
    strict: flags.strict,
    allowIncomplete: flags.allowIncomplete,
    allowBadValues: flags.allowBadValues,
    locale: flags.locale,
    engine: flags.engine,
    drivers: typeof flags.drivers === 'string' ? list(flags.drivers) : undefined,
  };
}
