// `kpi report` and `kpi check`: compute, render, and pick the exit code from --fail-on.
import { Option, type Command } from 'commander';
import { visibleLines } from '../../util/text.js';
import { ConfigError, ExitCode } from '../../errors.js';
import type { Report, ReportContext } from '../../report/model.js';
import type { ComputedReport } from '../../report/build-report.js';
import type { NotifyOn } from '../../history/judge.js';
import type { DataQuality } from '../../engine/run.js';
import { addComputeOptions, arrangeOptions, toReportOptions, type CommonFlags } from '../options.js';
import { chooseFormat, loadRenderer, terminalWidth, useColor, writeOutput } from '../output.js';
import { SERIES_FORMATS } from '../../render/index.js';
import type { SetExit } from './index.js';
import { inGitHubActions, reportToGitHub } from '../github.js';
import { progressReporter } from '../progress.js';
import { unknownValueLines } from '../../engine/value-check.js';
import { qualityLines } from '../../render/quality.js';
import { BAD_VALUES_FIX, badValuesText, failsOnBadValues, isGroupRow } from '../../render/rows.js';

const REPORT_EXAMPLES = `
Examples:
  $ kpi report                                   last complete month, all KPIs the sources support
  $ kpi report -c fixtures/demo/kpi.yaml --period 2026-10
  $ kpi report --period 2026-Q3 --compare yoy --kpi revenue,gross_margin
  $ kpi report --format json -o report.json      machine-readable (SPEC §6)
  $ kpi report --source sales=export.csv         no config: columns mapped by name
  $ kpi report --history kpi-history.jsonl       append this run's results to a history (kpi diff reads it)`;

const CHECK_EXAMPLES = `
Examples:
  $ kpi check                                    exit 1 when a target is missed
  $ kpi check --fail-on at-risk --period mtd     stricter, on the month so far
  $ kpi check --allow-incomplete                 judge a month the export does not cover to its end
  $ kpi check --allow-bad-values                 judge figures that left out unreadable values anyway
  $ kpi check --format json | jq .summary
  $ kpi check --history kpi-history.jsonl --notify-on newly-missed
                                                 exit 1 only for KPIs missed since the last run`;

export function registerReport(program: Command, setExit: SetExit): void {
  const cmd = program.command('report').description('compute the KPIs for one period, compare with targets, print the variance report');
  addComputeOptions(cmd, 'never')
    .option('--history <file>', "append this run's results, inputs' and definitions' fingerprints as one JSON line to <file> (created if missing; kpi diff --history reads it)")
    .addHelpText('after', REPORT_EXAMPLES)
    .action(async (flags: CommonFlags) => setExit(await run(flags, false)));
}

export function registerCheck(program: Command, setExit: SetExit): void {
  const cmd = program.command('check').description('the report for CI: prints only what is at risk or missed, exits 1 on a miss');
  addComputeOptions(cmd, 'missed')
    .option('--require-note <statuses>', 'fail (exit 1) when a KPI with one of these statuses (missed, at-risk) has no note for the period in the notes file (kpi note add)')
    .option('--history <file>', "append this run's results, inputs' and definitions' fingerprints as one JSON line to <file> (created if missing; kpi diff --history reads it)")
    .addOption(new Option('--notify-on <what>', 'with --history: judge against the last run in it — exit 1 only for KPIs newly missed since then, or for any change (newly missed, restated, changed figures or definitions)').choices(['newly-missed', 'changed']))
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (flags: CommonFlags) => setExit(await run(flags, true)));
}

/** What `kpi notify` does after the check, with its verdict: returns the exit code (README "Notifications"). */
export type AfterCheck = (report: Report, context: ReportContext, code: number, news: SinceLastRun | undefined) => Promise<number>;

/** With `--notify-on`: the last run of the history and what is news since it. */
export interface SinceLastRun {
  previous: string | null;
  news: boolean;
  lines: string[];
}

export async function run(flags: HistoryFlags, check: boolean, after?: AfterCheck, print = true): Promise<number> {
  const format = chooseFormat(flags.format, flags.out);
  const arrange = arrangeOptions(flags, format);
  if (flags.notifyOn && !flags.history) throw new ConfigError(`--notify-on ${flags.notifyOn} judges against the last run of a history: add --history <file>, e.g. --history kpi-history.jsonl`, [], 'KPI_USAGE');
  if (flags.layout !== undefined && flags.layout !== 'auto' && format !== 'table') throw new ConfigError(`--layout ${flags.layout} is a layout of the terminal table; leave out --format ${format} (and -o), or leave out --layout`, [], 'KPI_USAGE');
  if (flags.layout === 'wide' && !flags.by) throw new ConfigError('--layout wide puts the groups in rows and the KPIs in columns: add --by, e.g. --by rep --layout wide', [], 'KPI_USAGE');
  // The pipeline is loaded only when a command runs, so `kpi --help` and `kpi --version` start fast.
  const { computeReport, SERIES_PERIODS } = await import('../../report/build-report.js');
  // A history keeps the periods before the report's too (the same pass): a later run finds them restated.
  const series = SERIES_FORMATS.has(format) || flags.history ? SERIES_PERIODS : undefined;
  const computed = await computeReport({ ...toReportOptions(flags), series, onProgress: progressReporter(flags.quiet) });
  const { report, context, workspace } = computed;
  if (flags.history) (await import('../../report/history-entry.js')).assertHistoryNotInput(flags.history);
  if (!flags.quiet) {
    const { mappingNotes } = await import('../../report/mapping-notes.js');
    for (const line of mappingNotes(workspace, flags.kpi !== undefined)) process.stderr.write(visibleLines(`kpi: note: ${line}\n`));
    warnAboutData(report.data_quality, report.period, saidPerFigure(report));
    for (const line of computed.unmatchedNotes ?? []) process.stderr.write(visibleLines(`kpi: warning: ${line}\n`));
  }
  // No figure at all is a data error for report too (README "Exit codes"), unless --fail-on never asked for exit 0.
  const nothing = report.results.length === 0 && flags.failOn !== 'never';
  if (!flags.quiet) warnAboutStatuses(report, check, nothing);
  const render = await loadRenderer(format);
  const failOn = flags.failOn ?? (check ? 'missed' : 'never');
  // (`kpi notify --dry-run` prints its payload instead.)
  if (print) {
    const rendered = await render(report, context, { color: useColor(flags.color, flags.out), onlyProblems: check, failOn, ...arrange, width: terminalWidth(flags.out), layout: flags.layout });
    await writeOutput(rendered, flags.out, { force: flags.force });
  }
  if (check && inGitHubActions()) await reportToGitHub(report, context);
  let code = nothing ? ExitCode.data : exitCodeFor(report, failOn);
  const news = flags.history ? await recordHistory(computed, flags, check ? 'check' : 'report') : undefined;
  // Judged against the last run (--notify-on): a miss that was a miss then too is no news (README "History"). A data
  // problem (exit 3) stays what it is.
  if (news && failOn !== 'never' && code !== ExitCode.data) {
    code = news.news ? ExitCode.targetMissed : ExitCode.ok;
    if (!flags.quiet || news.news) {
      const head = news.previous ? `since the last run (${news.previous})` : 'no earlier run in the history: judged on its own';
      const none = `nothing ${flags.notifyOn === 'changed' ? 'changed' : 'newly missed'}`;
      process.stderr.write(visibleLines(`kpi: ${news.news ? 'error' : 'note'}: ${head}${news.lines.length ? ':' : `: ${none}`}\n`));
      for (const line of news.lines) process.stderr.write(visibleLines(`  ${line}\n`));
    }
  }
  if (check && flags.requireNote) code = Math.max(code, requireNotes(report, flags.requireNote));
  return after ? after(report, context, code, news) : code;
}

export interface HistoryFlags extends CommonFlags {
  history?: string;
  notifyOn?: NotifyOn;
}

/**
 * `--history F`: the run's entry appended to F; with `--notify-on`, compared first with the last entry there (the
 * previous run). Without an earlier entry every miss is news, as a check without a history would say.
 */
async function recordHistory(computed: ComputedReport, flags: HistoryFlags, command: string): Promise<SinceLastRun | undefined> {
  const path = flags.history!;
  const [{ historyEntry }, { appendEntry, readHistory }, { entrySnapshot }, { diffSnapshots }, { sinceLastRun }, { FigureText }] = await Promise.all([
    import('../../report/history-entry.js'),
    import('../../history/file.js'),
    import('../../history/snapshot.js'),
    import('../../history/diff.js'),
    import('../../history/judge.js'),
    import('../../history/figure-text.js'),
  ]);
  const entry = await historyEntry(computed, command);
  let news: SinceLastRun | undefined;
  if (flags.notifyOn) {
    const entries = readHistory(path, path, true);
    const last = entries[entries.length - 1];
    const current = entrySnapshot(entry, 'this run');
    if (last) {
      const previous = entrySnapshot(last.entry, `${path} entry ${last.index}`);
      // The figures as the report shows them (en-US, as stderr speaks English): `2,400.50 NOK → 2,350.50 NOK`.
      const judged = sinceLastRun(diffSnapshots(previous, current), flags.notifyOn, new FigureText(previous, current));
      news = { previous: `${path} entry ${last.index}: ${last.entry.period.id} as of ${last.entry.as_of}`, ...judged };
    } else {
      const missed = computed.report.results.filter((r) => r.status === 'missed');
      news = { previous: null, news: missed.length > 0, lines: missed.map((r) => `missed: ${r.label}${Object.keys(r.group).length ? ` (${Object.entries(r.group).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''} in ${computed.report.period.id}`) };
    }
  }
  appendEntry(path, path, entry);
  return news;
}

/**
 * `--require-note missed`: "every red has an explanation" — each total result of those statuses needs a note for
 * the period (README "Notes and owners"); those without are named on stderr with the command that adds one: exit 1.
 */
function requireNotes(report: Report, statuses: string): number {
  const wanted = new Set(statuses.split(',').map((s) => s.trim().replace('-', '_')));
  for (const s of wanted) {
    if (s !== 'missed' && s !== 'at_risk') throw new ConfigError(`--require-note ${statuses}: expected missed or at-risk (or both: missed,at-risk)`, [], 'KPI_OPTION_VALUE');
  }
  const missing = report.results.filter((r) => Object.keys(r.group).length === 0 && wanted.has(r.status) && !r.note);
  for (const r of missing) process.stderr.write(visibleLines(`kpi: error: ${r.kpi} is ${r.status.replace('_', ' ')} in ${report.period.id} and has no note; add one: kpi note add ${r.kpi} ${report.period.id} "why, and what is being done"\n`));
  return missing.length ? ExitCode.targetMissed : ExitCode.ok;
}

/** A total whose figure left out values and fails check on them: said on stderr once, with the values' reason. */
const saysBadValues = (r: Report['results'][number]): boolean => failsOnBadValues(r) && !isGroupRow(r);

/** `source|file|line|column` of a located value. */
const locationKey = (source: string, file: string, line: number, column: string) => `${source}|${file}|${line}|${column}`;

/**
 * The first bad values that warnAboutStatuses names with the figures they are left out of: the source's own line
 * about the same values would say it twice, so it is left out (a column whose first bad value lies in another
 * period keeps its line: it is news).
 */
function saidPerFigure(report: Report): Set<string> {
  const said = new Set<string>();
  for (const r of report.results) {
    if (r.bad_values && saysBadValues(r)) {
      const { source, file, line, column } = r.bad_values.first;
      said.add(locationKey(source, file, line, column));
    }
  }
  return said;
}

export function warnAboutData(quality: readonly DataQuality[], period?: { id: string; start: string | null; end: string | null }, said: ReadonlySet<string> = new Set()): void {
  // Warnings quote file names, headers and values from the data: control characters shown escaped.
  const stderr = (text: string) => process.stderr.write(visibleLines(text));
  for (const q of quality) {
    // A period the data does not reach is the usual reason for a report of "no data": say where the data is.
    if (period?.start && period.end && q.dates && (q.dates.last < period.start || q.dates.first > period.end)) {
      stderr(`kpi: note: ${q.source} has no rows in ${period.id}; its dates run from ${q.dates.first} to ${q.dates.last} (choose one with --period)\n`);
    }
    for (const w of q.warnings ?? []) stderr(`kpi: warning: ${w}\n`);
    const news = {
      ...q,
      bad_values: q.bad_values.filter((b) => !said.has(locationKey(q.source, b.first.file, b.first.line, b.column))),
      wide_rows: q.wide_rows?.first && said.has(locationKey(q.source, q.wide_rows.first.file, q.wide_rows.first.line, '')) ? undefined : q.wide_rows,
    };
    for (const line of qualityLines(news)) stderr(`kpi: warning: ${line}\n`);
    for (const line of unknownValueLines(q)) stderr(`kpi: warning: ${line}\n`);
  }
}

/** One line per result without a verdict because of the data (`incomplete`, `error`), and one when nothing was computed. */
function warnAboutStatuses(report: Report, check: boolean, nothingFails: boolean): void {
  const stderr = (text: string) => process.stderr.write(visibleLines(text));
  const incomplete = new Set<string>();
  const badValues = new Map<string, string[]>();
  // One reason (a source's mixed currencies, a missing column) is often why several KPIs fail: said once, with them.
  const errors = new Map<string, string[]>();
  for (const r of report.results) {
    if (r.status === 'error' && Object.keys(r.group).length === 0) errors.set(r.reason ?? '', [...(errors.get(r.reason ?? '') ?? []), r.kpi]);
    // The same values are left out of several KPIs: said once, with the KPIs.
    if (r.bad_values && saysBadValues(r)) {
      // The source's record of the same value says why it could not be read.
      const { source, file, line, column } = r.bad_values.first;
      const reason = report.data_quality.find((q) => q.source === source)?.bad_values.find((b) => b.column === column && b.first.file === file && b.first.line === line)?.first.reason;
      const text = `${source}: ${badValuesText(r.bad_values, reason)}`;
      badValues.set(text, [...(badValues.get(text) ?? []), r.kpi]);
    }
    if (r.previous_reason !== undefined && !incomplete.has(r.previous_reason)) {
      incomplete.add(r.previous_reason);
      stderr(`kpi: warning: ${r.previous_reason}\n`);
    }
    // The reason names the source, which is the same for every KPI it feeds: said once per source.
    if (r.status === 'incomplete' && r.reason && !incomplete.has(r.reason)) {
      incomplete.add(r.reason);
      stderr(`kpi: warning: ${r.reason}; its results are 'incomplete' (--allow-incomplete judges them anyway)\n`);
    }
  }
  for (const [reason, kpis] of errors) stderr(`kpi: error: ${kpis.join(', ')}: ${reason}\n`);
  // An error where it fails the run (check), a warning for a report.
  for (const [text, kpis] of badValues) stderr(`kpi: ${check ? 'error' : 'warning'}: ${text}, in ${kpis.join(', ')}; ${BAD_VALUES_FIX}\n`);
  if (report.results.length === 0) process.stderr.write(`kpi: ${nothingFails ? 'error' : 'warning'}: no KPI could be computed from the sources; \`kpi list -c <config>\` shows why each is not available\n`);
}

/**
 * The exit code of report/check (README "Exit codes"), in priority order: a data problem (a result with status
 * `error` or `incomplete`, or no result at all) is 3, a missed target 1. `--fail-on never` always exits 0.
 */
export function exitCodeFor(report: Report, failOn: 'missed' | 'at-risk' | 'never'): number {
  if (failOn === 'never') return ExitCode.ok;
  // A figure read from values kpi does not know may be wrong: a data error, before any verdict on targets.
  if (report.results.some((r) => r.unknown_values > 0)) return ExitCode.data;
  // So is a file read in an encoding its bytes say it is not in (encoding: windows-1252 on UTF-8): text misread.
  if (report.data_quality.some((q) => q.utf8_lookalike)) return ExitCode.data;
  // So is a source two of whose files hold the same rows (an overlapping re-export): those rows count twice.
  if (report.data_quality.some((q) => q.shared_rows?.length)) return ExitCode.data;
  // So is one that left out values it could not read, unless the user accepted them (allow_bad_values:).
  if (report.results.some(failsOnBadValues)) return ExitCode.data;
  const s = report.summary;
  if (s.error > 0 || s.incomplete > 0 || report.results.length === 0) return ExitCode.data;
  if (s.missed > 0 || (failOn === 'at-risk' && s.at_risk > 0)) return ExitCode.targetMissed;
  return ExitCode.ok;
}
