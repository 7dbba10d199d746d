// `kpi validate`: reads every row of every configured source and collects every problem, grouped by source.
import { withCellCurrency } from '../sources/table.js';
import { amountSlots, type BadValues, type DataIssue, type DataQuality, type EmptyValues } from '../engine/run.js';
import type { SharedRows } from '../model/data-quality.js';
import type { IgnoredValue, UnknownValue } from '../engine/value-check.js';
import { StreamingEngine } from '../engine/streaming.js';
import { kpisByAggregate, type SourcePlan, type Slot } from '../plan/plan.js';
import { describeColumns } from '../sources/formats.js';
import { signConvention } from '../sources/sign-convention.js';
import { NO_COLUMN, type SourceSchema } from '../sources/source-schema.js';
import { emptyIsZero, prepare, type ReportOptions } from './build-report.js';
import { joinSummaries, type JoinSummary } from '../sources/join.js';
import { planCurrency } from './build-plan.js';
import { sourceCurrencyProblem } from './currency.js';

export interface ValidatedSource {
  source: string;
  kind: string | null;
  files: { file: string; settings: Record<string, string | number> }[];
  columns: { field: string; header: string; read_as: string }[];
  /** Canonical fields the source does not map (for whatever reason). */
  unmapped: string[];
  /** Of those, the ones no column of the export is named like. */
  absent: string[];
  /** Columns that looked right by name but were not taken, and headers the export repeats (see auto-map.ts). */
  notes: string[];
  rows: number;
  skipped: number;
  no_period: number;
  total_rows: DataQuality['total_rows'];
  /** Rows that look like subtotals whose amounts do not add up: read as data, in doubt (a problem each). */
  possible_total_rows?: DataQuality['possible_total_rows'];
  /** Per column: the unreadable values. */
  bad_values: BadValues[];
  empty_values: EmptyValues[];
  wide_rows: DataQuality['wide_rows'];
  short_rows: DataQuality['short_rows'];
  issues: DataIssue[];
  /** Ledger sources: the sign convention read, and how it was decided. */
  sign?: DataQuality['sign'];
  warnings?: string[];
  /** Pairs of its files that hold identical rows (an overlapping re-export). */
  shared_rows?: SharedRows[];
  /** Values of mapped fields that map to nothing (with the canonical values they could be mapped to). */
  unknown_values: UnknownValue[];
  ignored_values: IgnoredValue[];
  /** `join:`: per looked-up source, its keys and how many lines matched one, had a key in no row, or an empty key. */
  joins?: JoinSummary[];
  /** A currency column: the currencies of the rows, and what is wrong when amounts of several would be added. */
  currency?: DataQuality['currency'] & { problem: string | null };
}

export interface Validation {
  sources: ValidatedSource[];
  /**
   * `errors`: KPIs the targets file sets a target for that cannot be computed (a column or source missing, a source
   * with no rows): `kpi report` and `kpi check` give them the status `error`, so they are problems here too.
   */
  kpis: { available: string[]; unavailable: { kpi: string; reason: string }[]; errors: { kpi: string; reason: string }[] };
  targets: string | null;
  problems: number;
}

const MAX_ISSUES = 1000;

export async function validateProject(options: ReportOptions): Promise<Validation> {
  const workspace = await prepare(options);
  const { schemas, plan, targets } = workspace;
  const sources: ValidatedSource[] = [];
  let currencyRows = 0;
  for (const [name, schema] of schemas) {
    // Every canonical field the source maps, plus whatever the KPIs read from it, typed as they will be read.
    const planned = plan.sources.get(name);
    const slots: Slot[] = [...(planned?.slots ?? [])];
    for (const canonical of schema.kind?.fields ?? []) {
      const field = schema.field(canonical.name, false);
      if (field?.type && !slots.some((s) => s.field.header === field.header && s.type === field.type)) {
        slots.push({ field, type: field.type });
      }
    }
    // Every join is read, whether or not a KPI reads a looked-up field: a key in no row is a problem of the export.
    for (const j of joinSummaries(schema.files)) {
      const field = schema.field(j.fields[0], true);
      if (field && !slots.some((s) => j.fields.includes(s.field.header))) slots.push({ field, type: 'text' });
    }
    const periodSlot = schema.periodField ? slots.findIndex((s) => s.field.header === schema.periodField!.header && s.type === 'date') : -1;
    // The sign convention as report applies it, so validate can state it and check the income lines' total.
    const sp: SourcePlan = { name, slots, aggregates: [], periodSlot: periodSlot >= 0 ? periodSlot : undefined, signs: planned?.signs ?? signSlots(schema, slots), ...(planned ? { amounts: amountSlots(planned) } : {}) };
    sp.currency = planCurrency(schema, slots, [], workspace.project.currency, () => planned?.currency?.fx, (field) => {
      const i = slots.findIndex((s) => s.field.header === field.header && s.type === 'text');
      if (i >= 0) return i;
      slots.push({ field, type: 'text' });
      return slots.length - 1;
    });
    if (workspace.project.currency !== undefined) sp.projectCurrency = workspace.project.currency.trim().toUpperCase();
    // A plan of this source alone, with no aggregate and no window: the engine reads every row for its quality.
    const only = { order: [], kpis: new Map(), unavailable: new Map(), sources: new Map([[name, sp]]), aggregateIndex: new Map(), by: [] };
    const result = (await new StreamingEngine().run(only, [], schemas, { strict: options.strict ?? false, maxIssues: MAX_ISSUES, onProgress: options.onProgress })).get(name)!;
    // The empty amounts, with the KPIs reading them and what the source says they are (as report says them).
    const byAggregate = kpisByAggregate(plan, name);
    for (const e of result.quality.empty_values) {
      const ids = new Set(e.aggregates.flatMap((a) => byAggregate.get(a) ?? []));
      e.kpis = plan.order.filter((id) => ids.has(id));
      if (emptyIsZero(schema.config.empty, e.column, e.field)) e.read_as = 'zero';
    }
    sources.push({
      source: name,
      kind: schema.kind?.name ?? null,
      files: schema.files.map((f) => ({ file: f.label, settings: f.settings })),
      columns: describeColumns(schema.files[0], name, withCellCurrency(schema.config, sp.projectCurrency, sp.currency !== undefined), slots),
      unmapped: [...schema.unmapped.keys()],
      absent: [...schema.unmapped].filter(([, why]) => why.startsWith(NO_COLUMN)).map(([field]) => field),
      notes: schema.notes,
      rows: result.quality.rows,
      skipped: result.quality.skipped,
      no_period: result.quality.no_period,
      total_rows: result.quality.total_rows,
      ...(result.quality.possible_total_rows ? { possible_total_rows: result.quality.possible_total_rows } : {}),
      bad_values: result.quality.bad_values,
      empty_values: result.quality.empty_values,
      wide_rows: result.quality.wide_rows,
      short_rows: result.quality.short_rows,
      issues: result.quality.issues,
      ...(result.quality.sign ? { sign: result.quality.sign } : {}),
      ...(result.quality.warnings ? { warnings: result.quality.warnings } : {}),
      ...(result.quality.shared_rows ? { shared_rows: result.quality.shared_rows } : {}),
      unknown_values: result.quality.unknown_values,
      ignored_values: result.quality.ignored_values,
      ...(schema.config.join ? { joins: joinSummaries(schema.files) } : {}),
      ...(result.quality.currency ? { currency: { ...result.quality.currency, problem: sourceCurrencyProblem(result.quality.currency, workspace.project.currency)?.problem ?? null } } : {}),
    });
    currencyRows += result.quality.currency ? (sourceCurrencyProblem(result.quality.currency, workspace.project.currency)?.rows ?? 0) : 0;
  }
  // A KPI with a target that cannot be computed is an `error` result in report and check: a problem here too.
  const errors: { kpi: string; reason: string }[] = [];
  for (const id of targets?.entries.keys() ?? []) {
    const why = plan.unavailable.get(id);
    if (why !== undefined) {
      errors.push({ kpi: id, reason: `cannot be computed: ${why}` });
      continue;
    }
    for (const source of plan.kpis.get(id)?.sources ?? []) {
      const s = sources.find((v) => v.source === source);
      if (!s) continue;
      // As report says it (build-report.ts, emptySource).
      if (s.rows === 0) errors.push({ kpi: id, reason: `cannot be computed: ${source} has no data rows (${s.files.map((f) => f.file).join(', ') || 'no file'})` });
      else if (s.skipped >= s.rows) errors.push({ kpi: id, reason: `cannot be computed: ${source}: none of its ${s.rows} rows could be read` });
      else continue;
      break;
    }
  }
  return {
    sources,
    kpis: {
      available: plan.order,
      unavailable: [...plan.unavailable].map(([kpi, reason]) => ({ kpi, reason })),
      errors,
    },
    targets: targets ? `${targets.path} (${targets.entries.size} KPIs)` : null,
    // An unknown value is a problem per row it is in: every such row is read without its meaning.
    // Rows in another currency than the report's: their amounts cannot be added (see report/currency.ts).
    // Rows a later file of a source repeats from an earlier one (engine/shared-rows.ts) count twice: each a problem.
    // A ledger whose sign convention is in doubt has none of its figures (report: error): one problem.
    problems: sources.reduce((n, s) => n + s.skipped + s.unknown_values.reduce((k, u) => k + u.count, 0) + (s.shared_rows ?? []).reduce((k, r) => k + r.rows, 0) + (s.possible_total_rows?.length ?? 0) + (s.sign?.doubt ? 1 : 0), 0) + currencyRows + errors.length,
  };
}

/** The sign slots of a ledger source that no KPI of the report reads (validate still states its convention). */
function signSlots(schema: SourceSchema, slots: Slot[]): SourcePlan['signs'] {
  const signs = schema.kind?.signs;
  const decision = signs ? signConvention(schema) : undefined;
  if (!signs || !decision) return undefined;
  const slotOf = (name: string, type: Slot['type']) => {
    const field = schema.field(name, false)!;
    const i = slots.findIndex((s) => s.field.header === field.header && s.type === type);
    if (i >= 0) return i;
    slots.push({ field, type });
    return slots.length - 1;
  };
  return { decision, amount: slotOf(signs.amount, 'number'), category: slotOf(signs.category, 'text'), income: new Set(signs.income) };
}
