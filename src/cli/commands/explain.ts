// `kpi explain <kpi>`: the formula, the plan, the values of each aggregate and how the target was resolved.
import { Option, type Command } from 'commander';
import type { Explanation } from '../../report/explain.js';
import { formatDelta, formatPct, formatValue, STATUS_MARK } from '../../render/format-value.js';
import { addDataOptions, toReportOptions, type CommonFlags } from '../options.js';
import { terminalWidth, writeOutput } from '../output.js';
import { DEFAULT_FORMATTER, fill, formatterFor, type Formatter } from '../../locale/format.js';
import { wrap } from '../../render/fit.js';
import { qualityLines } from '../../render/quality.js';
import type { SetExit } from './index.js';
import type { Unit } from '../../model/vocabulary.js';
import { visibleLines } from '../../util/text.js';
import { ConfigError } from '../../errors.js';
import { joinLine } from '../../report/join-line.js';
import { whyLines } from '../../render/why.js';

export function registerExplain(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('explain')
    .description('how one KPI is computed: formula, sources, files, rows, each aggregate, and how the target was resolved')
    .argument('[kpi]', 'KPI id (see kpi list); with --plan, optional: the whole report\'s plan');
  addDataOptions(cmd, ['text', 'json'])
    .addOption(new Option('--compare <what>', 'prev, yoy, none or a period id').default('prev'))
    .option('--drivers [fields]', 'split the result by the members of these fields (rep,product; alone: drivers: in kpi.yaml), whatever its status')
    .option('--plan', 'print the plan instead (windows, KPIs, per source the columns read and each aggregate bound to them); reads no data row')
    .addHelpText(
      'after',
      `
Examples:
  $ kpi explain gross_margin                  last complete month
  $ kpi explain win_rate --period 2026-Q3 --compare yoy
  $ kpi explain revenue --format json
  $ kpi explain --plan                        the plan of the whole report
  $ kpi explain --plan revenue_growth -f json`,
    )
    .action(async (kpi: string | undefined, flags: CommonFlags & { plan?: boolean }) => {
      const json = flags.format === 'json' || flags.out?.endsWith('.json');
      if (flags.plan) {
        const [{ explainPlan }, { planJson, printPlan }] = await Promise.all([import('../../report/explain.js'), import('../../plan/print-plan.js')]);
        const { plan, windows } = await explainPlan(kpi, toReportOptions(flags));
        const text = json ? `${JSON.stringify(planJson(plan, windows), null, 2)}\n` : visibleLines(printPlan(plan, windows));
        await writeOutput({ text }, flags.out, { force: flags.force });
        setExit(0);
        return;
      }
      if (kpi === undefined) throw new ConfigError('explain needs a KPI id (kpi list shows them), or --plan for the whole report\'s plan', [], 'KPI_USAGE');
      const { explainKpi } = await import('../../report/explain.js');
      const { explanation, context } = await explainKpi(kpi, { ...toReportOptions(flags), why: flags.drivers === true });
      const text = flags.format === 'json' || flags.out?.endsWith('.json') ? `${JSON.stringify(explanation, null, 2)}\n` : renderText(explanation, explanation.result.currency ?? context.currency, terminalWidth(flags.out), formatterFor(context));
      await writeOutput({ text }, flags.out, { force: flags.force });
      setExit(0);
    });
}

/** `engine: streaming (kpi read the files)`, or the database's engine, its strategy and each query's time. */
function engineLines(e: Explanation['sources'][number]['engine']): string[] {
  if (e.name === 'streaming' || e.ms === undefined) return [`engine: ${e.name} (kpi read the files)`];
  const how = e.strategy === 'buckets' ? 'the windows as a group key' : 'a FILTER per window';
  const queries = e.queries ?? [];
  return [
    `engine: ${e.name}, SQL run in the database (${how}): ${queries.length} ${queries.length === 1 ? 'query' : 'queries'} in ${e.ms} ms (kpi sql prints them)`,
    ...queries.map((q) => `  ${String(q.ms).padStart(6)} ms  ${q.purpose}`),
  ];
}

function renderText(e: Explanation, currency: string | undefined, width?: number, f: Formatter = DEFAULT_FORMATTER): string {
  const unit = e.unit as Unit;
  const v = (x: number | null) => formatValue(x, unit, currency);
  const raw = (x: number | null) => (x === null ? '–' : String(x));
  const out: string[] = [];
  out.push(`${e.kpi} — ${e.label} (${e.unit}, ${e.better} is better)`);
  if (e.description) out.push(`  ${e.description}`);
  if (e.reference) out.push(`  Definition: ${e.reference}`);
  // The verdict first, as the report's compact line says it and in the report's locale (`--locale nb-NO`: `▲ i fare:
  // 1 462 864,40 kr mot 1 500 000,00 kr`): status (a symbol and a word), value (and its projection), target,
  // variance. The trace below stays as kpi computed it: raw values, formulas, files and settings as written.
  {
    const r = e.result;
    const t = f.msg.terminal;
    const fv = (x: number | null) => f.value(x, unit, currency, e.kpi);
    const projected = r.pace && r.projected !== null ? ` (${fill(t.projected, { value: fv(r.projected) })})` : '';
    const target = r.target === null ? '' : ` ${t.versus} ${fv(r.target)}`;
    const variance = r.variance === null ? '' : `  ${f.delta(r.variance, unit, currency, e.kpi)} (${f.pct(r.variance_pct)})`;
    out.push(`  ${f.statusMark(r.status)}${r.pace && r.target !== null ? ` ${f.msg.text.pace}` : ''}: ${fv(r.value)}${projected}${target}${variance}`);
  }
  out.push('', `Formula    ${e.formula}${e.all_rows ? '   (period: none — every row, period bounds in the conditions)' : ''}`);
  const range = (p: { id: string; start: string | null; end: string | null }) => (p.start ? `${p.id} (${p.start} – ${p.end})` : p.id);
  out.push(`Period     ${range(e.period)}${e.compare ? `, compared with ${range(e.compare)}` : ''}`);
  if (e.compare_note) out.push(`           ${e.compare_note}`);
  for (const s of e.sources) {
    out.push('', `Source ${s.name}${s.kind && s.kind !== s.name ? ` (kind ${s.kind})` : ''}; a row's period: ${s.period_field ?? 'none (every row; the formula uses the period bounds)'}`);
    for (const f of s.files) {
      out.push(`  ${f.file}: ${Object.entries(f.settings).map(([k, val]) => `${k} ${val}`).join(', ')}`);
    }
    for (const j of s.joins ?? []) out.push(`  ${joinLine(j, j.lines > 0)}`);
    out.push(...engineLines(s.engine).map((l) => `  ${l}`));
    out.push(`  columns: ${s.columns.map((c) => `${c.field} ← '${c.header}' (${c.read_as})`).join('; ')}`);
    if (s.sign) out.push(`  amounts: sign ${s.sign.convention} (${s.sign.why})`);
    if (s.currency) out.push(`  ${s.currency}`);
    for (const w of s.warnings ?? []) out.push(`  warning: ${w}`);
    for (const n of s.notes) out.push(`  note: ${n}`);
    out.push(
      `  rows read ${s.rows} · in ${e.period.id}: ${s.rows_in_period}${e.compare ? ` · in ${e.compare.id}: ${s.rows_in_compare}` : ''} · skipped (unreadable) ${s.skipped} · without a period date ${s.no_period}`,
    );
    for (const line of qualityLines({ source: s.name, bad_values: s.bad_values, wide_rows: s.wide_rows, short_rows: s.short_rows })) out.push(`  ${line}`);
  }
  out.push('', `Aggregates (${e.period.id}${e.compare ? ` | ${e.compare.id}` : ''})`);
  for (const a of e.aggregates) {
    out.push(`  ${a.aggregate}${a.all_rows ? ' [all rows]' : ''} = ${raw(a.value)}${e.compare ? ` | ${raw(a.previous)}` : ''}   (n ${a.n})`);
  }
  if (e.uses.length) {
    out.push('', 'Uses');
    for (const u of e.uses) {
      // An offset's own windows: rolling(revenue, 3 months) in 2026-08..2026-10 | 2026-07..2026-09.
      const windows = u.window === undefined ? '' : ` in ${u.window ?? 'no period'}${e.compare ? ` | ${u.previous_window ?? 'no period'}` : ''}`;
      out.push(`  ${u.kpi}${windows} = ${raw(u.value)}${e.compare ? ` | ${raw(u.previous)}` : ''}   (${u.formula})`);
    }
  }
  const r = e.result;
  out.push('', `Value      ${v(r.value)}   (exact: ${raw(r.value)})${r.n === null ? '' : `   n ${r.n}`}`);
  if (r.projected !== null) out.push(`Projected  ${v(r.projected)} at the current pace (the period is still running)`);
  if (e.compare) out.push(`Previous   ${v(r.previous)}   change ${formatDelta(r.change, unit, currency)} (${formatPct(r.change_pct)})`);
  out.push(`Target     ${r.target === null ? 'none' : v(r.target)}   — ${e.target}`);
  out.push(`Status     ${STATUS_MARK[r.status]}${r.pace ? ' (pace)' : ''}${r.variance !== null ? `   variance ${formatDelta(r.variance, unit, currency)} (${formatPct(r.variance_pct)})` : ''}`);
  if (r.reason) out.push(`           ${r.reason}`);
  // Each target set (targets: { budget: …, forecast: … }): its target, variance and how it was found.
  for (const [name, t] of Object.entries(r.targets ?? {})) {
    const variance = t.variance === null ? '' : `   variance ${formatDelta(t.variance, unit, currency)} (${formatPct(t.variance_pct)})`;
    out.push(`  ${name.padEnd(9)}${t.target === null ? 'none' : v(t.target)}   ${STATUS_MARK[t.status]}${variance}   — ${e.target_sets?.[name] ?? ''}`);
  }
  if (r.drivers) {
    for (const w of whyLines([r], { targetHow: new Map(), by: [], definitions: new Map(), ...(currency ? { currency } : {}) })) out.push(`Why        ${w.what}: ${w.text}`);
    if (r.drivers_note) out.push(`           not split: ${r.drivers_note}`);
  }
  if (r.coverage) {
    const c = r.coverage;
    const span = c.first === null ? 'no dated rows in the period' : `dates ${c.first} – ${c.last} in the period`;
    const judged = c.complete === null ? 'not judged (no period field, too few dates, a period not begun or all)' : c.complete ? 'complete' : 'incomplete';
    out.push(`Coverage   ${c.source}: ${span}, ${c.rows} rows; ${judged}`);
  }
  // Names, headers and values come from the data and configs: their control characters are shown escaped. A line
  // wider than the terminal wraps at a space under its own text (`Target     ` or its indentation), not at column 0.
  const lines = visibleLines(out.join('\n')).split('\n');
  if (width === undefined) return `${lines.join('\n')}\n`;
  return `${lines.flatMap((line) => wrap(line, width, hangingIndent(line))).join('\n')}\n`;
}

/** Where a wrapped line goes on: under the text after `Target     ` or `columns: `, else two in from its indentation. */
function hangingIndent(line: string): number {
  const key = /^( *)(?:[A-Z][a-z]+ {2,}|[a-z]+: )/.exec(line);
  if (key) return key[0].length;
  return /^ */.exec(line)![0].length + 2;
}
