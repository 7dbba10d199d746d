// `kpi validate`: config, targets and every data row; every problem listed by source; exit 0 clean, 3 when rows are bad.
import { Option, type Command } from 'commander';
import { ExitCode } from '../../errors.js';
import type { Validation } from '../../report/validate.js';
import type { TotalRow } from '../../model/data-quality.js';
import { joinLine } from '../../report/join-line.js';
import { describeIssue } from '../../engine/describe-issue.js';
import { groupIssues, linesText, valuesText } from '../../report/repeated-issues.js';
import { unknownMessage, valuesLine } from '../../engine/value-check.js';
import { writeOutput } from '../output.js';
import { progressReporter } from '../progress.js';
import type { SetExit } from './index.js';
import { visibleLines } from '../../util/text.js';
import { emptyValuesLine } from '../../render/quality.js';

interface ValidateFlags {
  config?: string;
  targets?: string;
  source?: string[];
  format: 'text' | 'json';
  out?: string;
  force?: boolean;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerValidate(program: Command, setExit: SetExit): void {
  program
    .command('validate')
    .description('check the config, the targets and every data row; list every problem; exit 0 when clean, 3 when a row is bad or a KPI with a target cannot be computed')
    .option('-c, --config <file>', 'project file (default: ./kpi.yaml)')
    .option('-t, --targets <file>', 'targets file')
    .option('--source <name=path>', 'add or replace a source file (repeatable)', collect)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --out <file>', 'write to a file')
    .option('--force', 'let -o overwrite a file this run reads (a data file, kpi.yaml, the targets file)')
    // Accepted as on every command: the report has no colour, and -q leaves out the progress line.
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      `
Examples:
  $ kpi validate                       the project in ./kpi.yaml
  $ kpi validate -c kpi.yaml --format json | jq '.sources[].skipped'`,
    )
    .action(async (flags: ValidateFlags) => {
      const { validateProject } = await import('../../report/validate.js');
      const v = await validateProject({ config: flags.config, targets: flags.targets, sources: flags.source, onProgress: progressReporter(flags.quiet) });
      await writeOutput({ text: flags.format === 'json' ? `${JSON.stringify(v, null, 2)}\n` : renderText(v) }, flags.out, { force: flags.force });
      setExit(v.problems > 0 ? ExitCode.data : ExitCode.ok);
    });
}

/** `currencies in 'Valuta': NOK 3 rows, EUR 1; 2 empty (read as NOK); converted by fx: rates.csv (1 amount)`. */
function currencyLine(c: NonNullable<Validation['sources'][number]['currency']>): string {
  const parts = c.currencies.map((x) => `${x.currency} ${rows(x.rows)}`).join(', ') || 'no rows';
  const empty = c.empty ? `; ${c.empty} empty (read as ${c.assumed ?? 'the currency of the other rows'})` : '';
  const fx = c.fx ? `; amounts in other currencies converted to ${c.assumed} by fx: ${c.fx} (${c.converted})` : '';
  return `currencies in '${c.column}': ${parts}${empty}${fx}`;
}

/** A total row left out, as validate lists it: what kind, and its label. */
export function totalRowText(t: TotalRow): string {
  const label = t.label === undefined ? '' : ` (${JSON.stringify(t.label)})`;
  if (t.kind === 'footer') return `a report footer line${label}, left out`;
  if (t.kind === 'subtotal') return `a subtotal row${label}, its amounts the sum of the rows above, left out of every figure`;
  return `a total row${label}, left out of every figure`;
}

/** A row that looks like a subtotal but whose amounts do not add up: read as data, and what to do. */
export function possibleTotalRowText(t: TotalRow): string {
  return `${JSON.stringify(t.label ?? '')} has no date and reads like a subtotal row, but its amounts are not the sum of the rows above: it is read as data, so the figures of this source are in doubt and kpi check fails (exit 3); remove the line from the export if it is a subtotal, or give it its date if it is data`;
}

const rows = (n: number, what = 'row') => `${n} ${what}${n === 1 ? '' : 's'}`;

function renderText(v: Validation): string {
  const out: string[] = [];
  let unknownRows = 0;
  let badRows = 0;
  let currencyProblems = 0;
  for (const s of v.sources) {
    const unknown = s.unknown_values.reduce((n, u) => n + u.count, 0);
    unknownRows += unknown;
    badRows += s.skipped;
    const currency = s.currency?.problem ?? null;
    if (currency) currencyProblems++;
    const shared = (s.shared_rows ?? []).reduce((n, r) => n + r.rows, 0);
    out.push(`${s.skipped || unknown || currency || shared || s.possible_total_rows?.length || s.sign?.doubt ? '✘' : '✔'} ${s.source}${s.kind && s.kind !== s.source ? ` (kind ${s.kind})` : ''}: ${s.rows} rows${s.skipped ? `, ${s.skipped} bad` : ''}${shared ? `, ${shared} in two files` : ''}${s.no_period ? `, ${s.no_period} without a period date` : ''}`);
    for (const f of s.files) out.push(`    ${f.file}: ${Object.entries(f.settings).map(([k, val]) => `${k} ${val}`).join(', ')}`);
    for (const j of s.joins ?? []) out.push(`    ${joinLine(j)}`);
    for (const c of s.columns) out.push(`    ${c.field} ← '${c.header}': ${c.read_as}`);
    if (s.absent.length) out.push(`    not in the export: ${s.absent.join(', ')}`);
    if (s.sign) out.push(`    amounts: sign ${s.sign.convention} (${s.sign.why})`);
    if (s.sign?.doubt) out.push(`    problem: ${s.sign.doubt}`);
    if (s.currency) out.push(`    ${currencyLine(s.currency)}`);
    if (currency) out.push(`    problem: ${currency}`);
    for (const w of s.warnings ?? []) out.push(`    warning: ${w}`);
    for (const n of s.notes) out.push(`    note: ${n}`);
    for (const t of s.total_rows) out.push(`    ${t.file}:${t.line}: ${totalRowText(t)}`);
    for (const t of s.possible_total_rows ?? []) out.push(`    ${t.file}:${t.line}: ${possibleTotalRowText(t)}`);
    // A row wider than its header is an issue of the row, not of a column.
    // One reason in many rows is said once, with the rows' count, lines and values (trial F9).
    for (const g of groupIssues(s.issues)) {
      const lines = g.lines.filter((l) => l > 0);
      const at = g.lines.length === 1 ? (g.column === '' || lines.length ? `${g.file}:${g.lines[0]}` : g.file) : `${g.file}${lines.length ? `:${linesText(lines)}` : ''} (${g.lines.length} rows)`;
      out.push(g.column === '' ? `    ${at}: ${g.reason}` : `    ${at}: column '${g.column}': ${valuesText(g, describeIssue)}`);
    }
    const bad = s.bad_values.reduce((n, b) => n + b.count, 0) + s.wide_rows.count;
    if (bad > s.issues.length) out.push(`    … and ${bad - s.issues.length} more bad values`);
    if (s.short_rows.first) {
      const { file, line, fields, header } = s.short_rows.first;
      out.push(`    ${s.short_rows.count} ${s.short_rows.count === 1 ? 'row has' : 'rows have'} fewer fields than the header (first: ${file}:${line}, ${fields} of ${header}); the missing cells read as empty`);
    }
    for (const e of s.empty_values) out.push(`    ${emptyValuesLine(s.source, e)}`);
    for (const u of s.unknown_values) {
      out.push(`    ${u.file}:${u.line}: column '${u.column}': ${unknownMessage(u.field, u.value, u.expected)}, in ${rows(u.count)}; map it: ${valuesLine(u.field, u.value, u.expected)}`);
    }
    for (const i of s.ignored_values) out.push(`    column '${i.column}': ${JSON.stringify(i.value)} ignored (values: ignore), in ${rows(i.count)}`);
  }
  out.push('', `KPIs: ${v.kpis.available.length} computable${v.kpis.unavailable.length ? `, ${v.kpis.unavailable.length} not (kpi list -c shows why)` : ''}`);
  out.push(`Targets: ${v.targets ?? 'none'}`);
  for (const e of v.kpis.errors) out.push(`✘ ${e.kpi} has a target but ${e.reason}; kpi check exits 3 on it`);
  if (badRows) out.push(`${badRows} bad rows: kpi report leaves each out of the figures that read its unreadable value (or stop it with --strict).`);
  if (unknownRows) out.push(`${rows(unknownRows)} with values kpi does not know: results read from those columns are flagged and kpi check fails until they are mapped or ignored under values: in kpi.yaml.`);
  if (currencyProblems) out.push(`${currencyProblems === 1 ? 'A source holds' : `${currencyProblems} sources hold`} amounts in more than one currency, or in another than the project's: their money KPIs are errors until converted (fx:) or reported --by currency.`);
  if (!v.problems) out.push('No problems found.');
  // Headers, values and file names come from the data: their control characters are shown escaped.
  return `${visibleLines(out.join('\n'))}\n`;
}
