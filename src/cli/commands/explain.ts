// `kpi explain <kpi>`: the formula, the plan, the values of each aggregate and how the target was resolved.
import { Option, type Command } from 'commander';
import type { Explanation } from '../../report/explain.js';
import { addDataOptions, toReportOptions, type CommonFlags } from '../options.js';
import { terminalWidth, writeOutput } from '../output.js';
import { fill, formatterFor, type Formatter, type LocaleSettings } from '../../locale/format.js';
import { reportWords, rowsText } from '../../render/report-words.js';
import { UNKNOWN_MARK, badValuesText } from '../../render/rows.js';
import { wrap } from '../../render/fit.js';
import { emptyValuesLine, qualityLines } from '../../render/quality.js';
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
      const text = flags.format === 'json' || flags.out?.endsWith('.json') ? `${JSON.stringify(explanation, null, 2)}\n` : renderText(explanation, explanation.result.currency ?? context.currency, terminalWidth(flags.out), formatterFor(context), context);
      await writeOutput({ text }, flags.out, { force: flags.force });
      setExit(0);
    });
}

/** `engine: streaming (kpi read the files)`, or the database's engine, its strategy and each query's time. */
function engineLines(e: Explanation['sources'][number]['engine'], f: Formatter): string[] {
  const x = f.msg.explain;
  if (e.name === 'streaming' || e.ms === undefined) return [fill(x.engineStreaming, { name: e.name })];
  const queries = e.queries ?? [];
  return [
    fill(x.engineSql, { name: e.name, how: e.strategy === 'buckets' ? x.howBuckets : x.howFilter, queries: fill(queries.length === 1 ? x.queryOne : x.queryMany, { n: queries.length }), ms: e.ms }),
    ...queries.map((q) => `  ${String(q.ms).padStart(6)} ms  ${q.purpose}`),
  ];
}

/**
 * The trace, in the report's locale: the heads of its lines, its phrases, the figures (as the report shows them),
 * dates and counts. What it traces stays as written — formulas, files and their settings, column headers, how a
 * target was found, a KPI's description — and the aggregates' values are the exact numbers (as JSON writes them),
 * to be checked by hand.
 */
function renderText(e: Explanation, currency: string | undefined, width: number | undefined, f: Formatter, settings: LocaleSettings): string {
  const unit = e.unit as Unit;
  const x = f.msg.explain;
  const english = f.spec.language === 'en';
  const v = (n: number | null) => f.value(n, unit, currency, e.kpi);
  const d = (n: number | null) => f.delta(n, unit, currency, e.kpi);
  const raw = (n: number | null) => (n === null ? '–' : String(n));
  // Counts and dates as kpi always wrote them without a locale (`3779`, `2026-10-01`), in the locale's otherwise.
  const count = (n: number | null) => (n === null || f.locale === undefined ? String(n) : f.integer(n));
  const day = (iso: string | null) => (iso === null ? '' : f.date(iso));
  // Each head padded to one width, so the values line up under each other in every language (`Föregående`).
  const heads = [x.formula, x.period, x.value, x.projected, x.previous, x.target, x.status, x.why, x.coverage];
  const pad = Math.max(11, ...heads.map((h) => h.length + 2));
  const head = (h: string) => h.padEnd(pad);
  const under = ' '.repeat(pad);
  const out: string[] = [];
  const unitWords = english ? { unit: e.unit, better: e.better } : { unit: f.unitName(unit), better: f.msg.text[e.better as 'higher' | 'lower'] ?? e.better };
  out.push(`${e.kpi} — ${f.label(e.kpi, e.label)} (${fill(f.msg.list.unitBetter, unitWords)})`);
  if (e.description) out.push(`  ${e.description}`);
  if (e.reference) out.push(`  ${f.msg.head.definition}: ${e.reference}`);
  // The verdict first, as the report's compact line says it (`--locale nb-NO`: `▲ i fare: 1 462 864,40 kr mot
  // 1 500 000,00 kr`): status (a symbol and a word), value (and its projection), target, variance.
  {
    const r = e.result;
    const t = f.msg.terminal;
    const projected = r.pace && r.projected !== null ? ` (${fill(t.projected, { value: v(r.projected) })})` : '';
    const target = r.target === null ? '' : ` ${t.versus} ${v(r.target)}`;
    const variance = r.variance === null ? '' : `  ${d(r.variance)} (${f.pct(r.variance_pct)})`;
    out.push(`  ${f.statusMark(r.status)}${r.pace && r.target !== null ? ` ${f.msg.text.pace}` : ''}: ${v(r.value)}${projected}${target}${variance}`);
  }
  out.push('', `${head(x.formula)}${e.formula}${e.all_rows ? `   ${x.allRows}` : ''}`);
  const range = (p: { id: string; start: string | null; end: string | null }) => (p.start ? `${p.id} (${day(p.start)} – ${day(p.end)})` : p.id);
  out.push(`${head(x.period)}${range(e.period)}${e.compare ? fill(f.msg.text.comparedWith, { id: range(e.compare) }) : ''}`);
  if (e.compare_note) out.push(`${under}${e.compare_note}`);
  for (const s of e.sources) {
    out.push('', `${x.source} ${s.name}${s.kind && s.kind !== s.name ? fill(x.kind, { kind: s.kind }) : ''}; ${fill(x.rowPeriod, { field: s.period_field ?? x.noPeriodField })}`);
    for (const file of s.files) {
      out.push(`  ${file.file}: ${Object.entries(file.settings).map(([k, val]) => `${k} ${val}`).join(', ')}`);
    }
    for (const j of s.joins ?? []) out.push(`  ${joinLine(j, j.lines > 0)}`);
    out.push(...engineLines(s.engine, f).map((l) => `  ${l}`));
    out.push(`  ${fill(x.columns, { columns: s.columns.map((c) => `${c.field} ← '${c.header}' (${c.read_as})`).join('; ') })}`);
    if (s.sign) out.push(`  ${fill(x.amounts, { convention: s.sign.convention, why: s.sign.why })}`);
    if (s.currency) out.push(`  ${s.currency}`);
    for (const w of s.warnings ?? []) out.push(`  ${fill(x.warning, { text: w })}`);
    for (const n of s.notes) out.push(`  ${fill(x.note, { text: n })}`);
    const compare = e.compare ? fill(x.rowsCompare, { period: e.compare.id, n: count(s.rows_in_compare) }) : '';
    out.push(`  ${fill(x.rows, { rows: count(s.rows), period: e.period.id, inPeriod: count(s.rows_in_period), compare, skipped: count(s.skipped), noPeriod: count(s.no_period) })}`);
    for (const line of qualityLines({ source: s.name, bad_values: s.bad_values, wide_rows: s.wide_rows, short_rows: s.short_rows }, f)) out.push(`  ${line}`);
    for (const empty of s.empty_values) out.push(`  ${emptyValuesLine(s.name, empty)}`);
  }
  out.push('', `${x.aggregates} (${e.period.id}${e.compare ? ` | ${e.compare.id}` : ''})`);
  for (const a of e.aggregates) {
    out.push(`  ${a.aggregate}${a.all_rows ? x.allRowsTag : ''} = ${raw(a.value)}${e.compare ? ` | ${raw(a.previous)}` : ''}   (n ${count(a.n)})`);
  }
  if (e.uses.length) {
    out.push('', x.uses);
    for (const u of e.uses) {
      // An offset's own windows: rolling(revenue, 3 months) in 2026-08..2026-10 | 2026-07..2026-09.
      const windows = u.window === undefined ? '' : fill(x.usesIn, { window: `${u.window ?? x.noPeriod}${e.compare ? ` | ${u.previous_window ?? x.noPeriod}` : ''}` });
      out.push(`  ${u.kpi}${windows} = ${raw(u.value)}${e.compare ? ` | ${raw(u.previous)}` : ''}   (${u.formula})`);
    }
  }
  const r = e.result;
  out.push('', `${head(x.value)}${v(r.value)}   ${fill(x.exact, { value: raw(r.value) })}${r.n === null ? '' : `   n ${count(r.n)}`}`);
  if (r.projected !== null) out.push(`${head(x.projected)}${fill(x.atPace, { value: v(r.projected) })}`);
  if (e.compare) out.push(`${head(x.previous)}${v(r.previous)}   ${fill(x.change, { delta: d(r.change), pct: f.pct(r.change_pct) })}`);
  out.push(`${head(x.target)}${r.target === null ? x.none : v(r.target)}   — ${f.reason(e.target)}`);
  out.push(`${head(x.status)}${f.statusMark(r.status)}${r.pace ? ` ${f.msg.text.pace}` : ''}${r.variance !== null ? `   ${fill(x.variance, { delta: d(r.variance), pct: f.pct(r.variance_pct) })}` : ''}`);
  if (r.reason) out.push(`${under}${f.reason(r.reason)}`);
  // A figure mixing rows with an empty amount with their other amounts (README "Empty amounts"): said here, where
  // the aggregates' n (178 beside 197) show it.
  if (r.bad_values?.empty) out.push(`${under}${UNKNOWN_MARK} ${r.bad_values.first.source}: ${badValuesText(r.bad_values, undefined, f)}${r.bad_values.accepted ? '' : `; ${reportWords(f).badValuesFix}`}`);
  // Each target set (targets: { budget: …, forecast: … }): its target, variance and how it was found.
  for (const [name, t] of Object.entries(r.targets ?? {})) {
    const variance = t.variance === null ? '' : `   ${fill(x.variance, { delta: d(t.variance), pct: f.pct(t.variance_pct) })}`;
    out.push(`  ${name.padEnd(9)}${t.target === null ? x.none : v(t.target)}   ${f.statusMark(t.status)}${variance}   — ${f.reason(e.target_sets?.[name] ?? '')}`);
  }
  if (r.drivers) {
    const context = { targetHow: new Map(), by: [], definitions: new Map(), ...(currency ? { currency } : {}), ...(settings.locale !== undefined ? { locale: settings.locale } : {}), ...(settings.display ? { display: settings.display } : {}) };
    for (const w of whyLines([r], context)) out.push(`${head(x.why)}${w.what}: ${w.text}`);
    if (r.drivers_note) out.push(`${under}${fill(x.notSplit, { note: r.drivers_note })}`);
  }
  if (r.coverage) {
    const c = r.coverage;
    const span = c.first === null ? x.noDates : fill(x.datesIn, { first: day(c.first), last: day(c.last) });
    const judged = c.complete === null ? x.notJudged : c.complete ? x.complete : x.incomplete;
    out.push(`${head(x.coverage)}${fill(x.coverageLine, { source: c.source, span, rows: rowsText(c.rows, f), judged })}`);
  }
  // Names, headers and values come from the data and configs: their control characters are shown escaped. A line
  // wider than the terminal wraps at a space under its own text (`Target     ` or its indentation), not at column 0.
  const lines = visibleLines(out.join('\n')).split('\n');
  if (width === undefined) return `${lines.join('\n')}\n`;
  return `${lines.flatMap((line) => wrap(line, width, hangingIndent(line))).join('\n')}\n`;
}

/** Where a wrapped line goes on: under the text after `Target     `/`Mål        ` or `columns: `/`kolonner: `, else two in from its indentation. */
function hangingIndent(line: string): number {
  const key = /^( *)(?:\p{Lu}\p{Ll}+ {2,}|\p{Ll}+: )/u.exec(line);
  if (key) return key[0].length;
  return /^ */.exec(line)![0].length + 2;
}
