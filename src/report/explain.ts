// `kpi explain`: everything needed to check one KPI by hand — formula, sources, rows, each aggregate, the target.
import { withCellCurrency } from '../sources/table.js';
import { calendarOf } from '../config/project.js';
import { forEachAggregate, forEachKpiRef } from '../formula/ast.js';
import { printExpr, printRef } from '../formula/print.js';
import { comparePeriod, comparisonNote, defaultPeriod, parsePeriod, periodJson, type Period } from '../periods/period.js';
import { describeColumns } from '../sources/formats.js';
import { definitionsOf, lastYearOf, prepare, ResultBuilder, runPasses, type ReportOptions } from './build-report.js';
import type { PeriodRef, ReportContext, ResultRow } from './model.js';
import { resultKey } from './model.js';
import type { DataQuality } from '../engine/run.js';
import type { SourceAggregates } from '../engine/engine.js';
import type { Plan, SourcePlan } from '../plan/plan.js';
import { Windows } from '../plan/windows.js';
import type { BadValues } from '../engine/run.js';
import type { Val } from '../util/exact.js';
import { joinSummaries, type JoinSummary } from '../sources/join.js';
import { printedValue } from '../util/exact.js';
import { explainResult } from './drivers.js';

export interface ExplainedSource {
  name: string;
  kind: string | null;
  period_field: string | null;
  files: { file: string; settings: Record<string, string | number> }[];
  columns: { field: string; header: string; read_as: string }[];
  /** Columns that looked right by name but were not taken, and headers the export repeats. */
  notes: string[];
  rows: number;
  rows_in_period: number;
  rows_in_compare: number | null;
  skipped: number;
  no_period: number;
  /** Ledger sources: the sign convention read, and how it was decided. */
  sign?: DataQuality['sign'];
  warnings?: string[];
  /** Columns with unreadable values, and the aggregates that leave those rows out. */
  bad_values: BadValues[];
  /** Number columns with empty cells that a sum or average reads (README "Empty amounts"). */
  empty_values: DataQuality['empty_values'];
  wide_rows: DataQuality['wide_rows'];
  short_rows: DataQuality['short_rows'];
  /** Which column was taken as the currency of the amounts, the currencies of the period's rows, and fx: rates. */
  currency?: string;
  /**
   * Which engine computed the source's aggregates: `streaming` (kpi read the files), or a database's SQL engine
   * with its strategy and how long its queries took (together, and each: they run concurrently).
   */
  engine: { name: string; strategy?: string; ms?: number; queries?: { purpose: string; ms: number }[] };
  /** `join:`: what each lookup gives, and the match counts of the lines this KPI read (none when it reads no looked-up field). */
  joins?: JoinSummary[];
}

export interface Explanation {
  kpi: string;
  label: string;
  unit: string;
  better: string;
  formula: string;
  description: string;
  reference: string | null;
  all_rows: boolean;
  period: PeriodRef;
  compare: PeriodRef | null;
  /** A retail calendar's comparison that is not like for like (a 53-week year against 52), said as it is compared. */
  compare_note?: string;
  sources: ExplainedSource[];
  aggregates: { aggregate: string; source: string; all_rows: boolean; value: number | null; previous: number | null; /** What it took in the period (Accumulator.taken). */ n: number }[];
  /** `window`/`previous_window`: the periods an offset reads (`rolling(revenue, 3 months)` in 2026-08..2026-10). */
  uses: { kpi: string; formula: string; value: number | null; previous: number | null; window?: string | null; previous_window?: string | null }[];
  result: ResultRow;
  target: string;
  /** With named target sets: how each set's target was found, by set name. */
  target_sets?: Record<string, string>;
}

/**
 * `kpi explain --plan [kpi]`: the plan of the report (or of one KPI and what it uses) and its windows, without
 * reading a data row — planning opens each source's header and sample only.
 */
export async function explainPlan(id: string | undefined, options: ReportOptions): Promise<{ plan: Plan; windows: Windows }> {
  const workspace = await prepare(id === undefined ? options : { ...options, kpis: [id] });
  const { project, plan, asOf } = workspace;
  const cal = calendarOf(project);
  const period: Period = options.period === undefined ? defaultPeriod(asOf, cal) : parsePeriod(options.period, asOf, cal);
  const compare = comparePeriod(period, options.compare ?? 'prev', asOf, cal);
  const windows = new Windows(cal);
  const base = [windows.add(period, 'period'), ...(compare ? [windows.add(compare, 'compare')] : [])];
  windows.expand(plan, base);
  return { plan, windows };
}

export async function explainKpi(id: string, options: ReportOptions): Promise<{ explanation: Explanation; context: ReportContext }> {
  const workspace = await prepare({ ...options, kpis: [id] });
  const { project, plan, asOf } = workspace;
  const cal = calendarOf(project);
  const period: Period = options.period === undefined ? defaultPeriod(asOf, cal) : parsePeriod(options.period, asOf, cal);
  const compare = comparePeriod(period, options.compare ?? 'prev', asOf, cal);
  // `pace: last_year` reads last year's same days and whole period, as the report does (else explain paced linearly).
  const asked = compare ? [period, compare] : [period];
  const lastYear = workspace.targets?.entries.get(id)?.pace === 'last_year' ? lastYearOf(period, asOf, cal) : [];
  const pass = await runPasses(workspace, [...asked, ...lastYear], options.strict ?? false);
  const [pw, cw] = compare ? pass.indices : [pass.indices[0], undefined];
  // The locale and display settings only word the verdict line of `kpi explain` (the JSON never changes with them).
  const context: ReportContext = { currency: project.currency, targetHow: new Map(), by: [], definitions: definitionsOf(plan), locale: options.locale ?? project.locale, display: project.display };
  const builder = new ResultBuilder(workspace, pass.evaluator, context, pass.results);
  if (lastYear.length === 2) builder.lastYearWindows = { toDate: pass.indices[asked.length], whole: pass.indices[asked.length + 1] };
  const result = builder.result(id, period, pw, cw, {}, undefined);
  // `--drivers`: the result split by the members of each driver field, whatever its status (README "Why it moved").
  if (plan.drivers?.length) {
    const explained = explainResult(plan, pass.results, pass.evaluator, result, pw, cw, { ...project.drivers, by: plan.drivers }, true, (dim, member) => builder.memberTarget(id, period, dim, member));
    result.drivers = explained.drivers;
    result.drivers_note = explained.note;
  }

  const planned = plan.kpis.get(id)!;
  const uses: Explanation['uses'] = [];
  const seen = new Set<string>();
  const aggregates: Explanation['aggregates'] = [];
  const seenAgg = new Set<string>();
  const walk = (kpi: string) => {
    const expr = plan.kpis.get(kpi)!.expr;
    forEachAggregate(expr, (agg) => {
      const at = plan.aggregateIndex.get(agg)!;
      const sp = plan.sources.get(at.source)!;
      const key = sp.aggregates[at.index].key;
      if (seenAgg.has(key)) return;
      seenAgg.add(key);
      const res = pass.results.get(at.source)!;
      aggregates.push({
        aggregate: printExpr(agg),
        source: at.source,
        all_rows: sp.aggregates[at.index].allRows,
        // A sum of amounts in several currencies is no figure: not shown (the status says why).
        value: mixedIn(sp, at.index, res, pw) ? null : aggregateValue(res.value(pw, at.index)),
        previous: cw === undefined || mixedIn(sp, at.index, res, cw) ? null : aggregateValue(res.value(cw, at.index)),
        n: res.taken(pw, at.index),
      });
    });
    forEachKpiRef(expr, (ref) => {
      const name = printRef(ref);
      if (!seen.has(name)) {
        seen.add(name);
        const w = ref.offset ? pass.windows.offset(pw, ref.offset) : pw;
        const wc = cw === undefined ? undefined : ref.offset ? pass.windows.offset(cw, ref.offset) : cw;
        uses.push({
          kpi: name,
          formula: plan.kpis.get(ref.id)!.def.formula,
          value: w === undefined ? null : pass.evaluator.value(ref.id, w),
          previous: wc === undefined ? null : pass.evaluator.value(ref.id, wc),
          ...(ref.offset
            ? { window: w === undefined ? null : pass.windows.periods[w].id, ...(cw === undefined ? {} : { previous_window: wc === undefined ? null : pass.windows.periods[wc].id }) }
            : {}),
        });
      }
      walk(ref.id);
    });
  };
  walk(id);

  const sources: ExplainedSource[] = [...planned.sources].map((name) => {
    const sp = plan.sources.get(name)!;
    const schema = workspace.schemas.get(name)!;
    const res = pass.results.get(name)!;
    return {
      name,
      kind: schema.kind?.name ?? null,
      period_field: schema.periodField ? `${schema.periodField.name} (${schema.periodField.header})` : null,
      files: schema.files.map((f) => ({ file: f.label, settings: f.settings })),
      columns: describeColumns(schema.files[0], name, withCellCurrency(schema.config, sp.projectCurrency, sp.currency !== undefined), sp.slots),
      notes: schema.notes,
      rows: res.quality.rows,
      rows_in_period: res.rows(pw),
      rows_in_compare: cw === undefined ? null : res.rows(cw),
      skipped: res.quality.skipped,
      no_period: res.quality.no_period,
      ...(res.quality.sign ? { sign: res.quality.sign } : {}),
      ...(res.quality.warnings ? { warnings: res.quality.warnings } : {}),
      bad_values: res.quality.bad_values,
      empty_values: res.quality.empty_values,
      engine: res.engine ?? { name: 'streaming' },
      wide_rows: res.quality.wide_rows,
      short_rows: res.quality.short_rows,
      ...(sp.currency ? { currency: currencyNote(sp, res, pw, cw, period.id, compare?.id) } : {}),
      ...(schema.config.join ? { joins: joinSummaries(schema.files) } : {}),
    };
  });

  const def = planned.def;
  return {
    explanation: {
      kpi: id,
      label: def.label,
      unit: def.unit,
      better: def.better,
      formula: def.formula,
      description: def.description,
      reference: def.reference ?? null,
      all_rows: def.period === 'none',
      period: periodJson(period),
      compare: compare ? periodJson(compare) : null,
      ...withNote(comparisonNote(period, compare, calendarOf(project))),
      sources,
      aggregates,
      uses,
      result,
      target: context.targetHow.get(resultKey(result)) ?? 'no targets file',
      // With named target sets: how each set's target was found (README "Budgets and forecasts").
      ...(context.targetSetHow?.has(resultKey(result)) ? { target_sets: context.targetSetHow.get(resultKey(result)) } : {}),
    },
    context,
  };
}

/** Whether a money aggregate's rows in a window carry several currencies, or one other than the project's. */
function mixedIn(sp: SourcePlan, index: number, res: SourceAggregates, w: number): boolean {
  const cur = sp.currency;
  if (!cur || cur.fx || !cur.moneyAggregates[index]) return false;
  const codes = [...(res.currencies(w, sp.aggregates[index].allRows)?.keys() ?? [])];
  return codes.length > 1 || (codes.length === 1 && cur.assumed !== undefined && codes[0] !== cur.assumed);
}

/** `the amounts' currency is column 'Valuta'; rows of 2026-10: NOK 2, EUR 1; no fx: rates` (or the rates that converted them). */
function currencyNote(sp: SourcePlan, res: SourceAggregates, pw: number, cw: number | undefined, period: string, compare: string | undefined): string {
  const cur = sp.currency!;
  const rowsOf = (w: number) => [...(res.currencies(w) ?? [])].map(([code, c]) => `${code} ${c.rows}`).join(', ') || 'none';
  const n = res.quality.currency?.empty ?? 0;
  const empty = n ? `; ${n} empty ${n === 1 ? 'cell' : 'cells'} read as ${cur.assumed ?? 'the currency of the other rows'}` : '';
  const fx = cur.fx ? `amounts in other currencies converted to ${cur.assumed} by fx: ${cur.fx.label} (${res.quality.currency?.converted ?? 0} amounts)` : 'no fx: rates (amounts of different currencies are never added)';
  return `the amounts' currency is column '${sp.slots[cur.slot].field.header}'; rows of ${period}: ${rowsOf(pw)}${cw === undefined ? '' : `; of ${compare}: ${rowsOf(cw)}`}${empty}; ${fx}`;
}

/** An aggregate's value as a report prints it: its exact decimal, or rounded once (util/exact.ts). */
function aggregateValue(val: Val | null): number | null {
  return val === null ? null : printedValue(val).value;
}

const withNote = (note: string | undefined): { compare_note?: string } => (note === undefined ? {} : { compare_note: note });
