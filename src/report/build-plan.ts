// Turns a project's KPI definitions and its sources' schemas into the plan (plan/plan.ts, plain data): which KPIs can
// run, and per source the columns to parse and the aggregates to fill. A use case, not the engine's: it resolves
// fields against the tables the readers opened, which only the workspace has (docs/architecture.md).
import type { Project } from '../config/project.js';
import { describeSla, type SlaAllowance } from '../config/sla.js';
import { describeCalendar, type CalendarSpec } from '../calendar/business-time.js';
import { ConfigError, DataError } from '../errors.js';
import { forEachAggregate, forEachKpiRef, kpiRefDepths, type Aggregate, type Expr } from '../formula/ast.js';
import { FormulaError } from '../formula/formula-error.js';
import { parseFormula } from '../formula/parser.js';
import { printExpr } from '../formula/print.js';
import { BUILTIN_KPIS } from '../registry/index.js';
import type { KpiDefinition } from '../registry/types.js';
import type { FieldType } from '../sources/kinds.js';
import { NO_COLUMN, type ResolvedField, type SourceSchema } from '../sources/source-schema.js';
import { exampleList, readsAs, typeWords } from '../sources/sample-fit.js';
import { assertRequiredColumns } from '../sources/required-columns.js';
import { signConvention } from '../sources/sign-convention.js';
import { didYouMean, snakeCase } from '../util/text.js';
import { bindAggregate, type SlotRegistry } from '../plan/bind.js';
import type { CurrencyPlan, Plan, PlannedAggregate, PlannedKpi, Slot, SourcePlan } from '../plan/plan.js';
import { assertFxProject, fxRatesOf } from '../engine/fx.js';

export { aggregateLabel, kpisByAggregate } from '../plan/plan.js';
export type { CurrencyPlan, Plan, PlannedAggregate, PlannedKpi, Slot, SourcePlan } from '../plan/plan.js';

export interface PlanOptions {
  only?: string[];
  by?: string[];
  /** Driver fields (README "Why it moved"): each row also steps into its member of each, in the same pass. */
  drivers?: string[];
}

/** Every KPI definition in force: the built-ins, replaced or extended by the project's own. */
export function allDefinitions(project: Project): Map<string, KpiDefinition> {
  const defs = new Map<string, KpiDefinition>(BUILTIN_KPIS.map((k) => [k.id, withSla(project.calendar?.hours && k.businessHours === 'follows' ? inBusinessHours(k, project.calendar) : k, project)]));
  for (const [id, k] of Object.entries(project.kpis)) {
    const builtin = defs.get(id);
    defs.set(id, {
      id,
      label: k.label ?? builtin?.label ?? id.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      unit: k.unit ?? builtin?.unit ?? 'number',
      better: k.better ?? builtin?.better ?? 'higher',
      formula: k.formula,
      period: k.period,
      description: k.description ?? '',
      domain: 'Custom',
      builtin: false,
    });
  }
  return defs;
}

/**
 * A built-in measured in hours, counted in business hours because kpi.yaml sets business_hours: its label and
 * description say so, and the helpdesk's own duration column (calendar minutes) is no longer its figure.
 */
function inBusinessHours(def: KpiDefinition, calendar: CalendarSpec): KpiDefinition {
  return {
    ...def,
    formula: def.formula.replace(/\bhours\(/g, 'business_hours('),
    // `Resolution time (median)` becomes `Resolution time (median, business hours)`.
    label: def.label.endsWith(')') ? `${def.label.slice(0, -1)}, business hours)` : `${def.label} (business hours)`,
    description: `${def.description.replace(/ When the export has .*? instead\./, '').replace(/calendar hours/g, 'business hours')} Counted in business hours: ${describeCalendar(calendar)} (business_hours: in kpi.yaml).`,
    ...(def.reference === undefined ? {} : { reference: def.reference.replace(/(elapsed )?calendar hours/g, 'business hours') }),
    fromField: undefined,
    businessHours: 'counted',
  };
}

/** sla_rate's description says how each priority's allowance is read (`high 2d = 2 working days`), as explain shows it. */
function withSla(def: KpiDefinition, project: Project): KpiDefinition {
  if (def.requires !== 'sla' || !project.sla) return def;
  return { ...def, description: `${def.description} ${describeSla(project.sla, def.businessHours === 'counted')}` };
}

const scratchSlots: SlotRegistry = { slot: () => 0 };

export function buildPlan(project: Project, schemas: Map<string, SourceSchema>, options: PlanOptions = {}): Plan {
  const defs = allDefinitions(project);
  const by = options.by ?? [];
  const parsed = new Map<string, Expr>();
  const problems = new Map<string, string>();
  const userErrors: string[] = [];
  const where = (id: string) => (project.yaml ? `${project.yaml.locate(['kpis', id, 'formula'])}: ` : '');

  // 1. Parse and check each definition on its own: sources, fields, types.
  for (let def of defs.values()) {
    const variant = durationVariant(def, schemas);
    if (variant) defs.set(def.id, (def = variant));
    if (def.requires === 'sla' && !project.sla) {
      problems.set(def.id, 'needs sla: in kpi.yaml (hours allowed to resolve a ticket, per priority)');
      continue;
    }
    try {
      const expr = parseFormula(formulaOf(def, project.sla));
      checkAggregates(expr, schemas, project.calendar);
      const undated = def.builtin && def.period !== 'none' ? undatedSource(expr, schemas) : undefined;
      if (undated) {
        problems.set(def.id, undated);
        continue;
      }
      parsed.set(def.id, expr);
    } catch (err) {
      if (!(err instanceof FormulaError)) throw err;
      if (def.builtin) problems.set(def.id, err.message);
      else {
        parsed.set(def.id, { kind: 'number', value: 0, pos: err.pos });
        userErrors.push(`${where(def.id)}${err.format(def.id)}`);
      }
    }
  }
  if (userErrors.length) throw new ConfigError(userErrors[0], userErrors.slice(1), 'KPI_FORMULA');
  checkNesting(parsed, (id, ref, message) => new ConfigError(`${where(id)}${new FormulaError(message, ref.pos).format(id)}`, [], 'KPI_KPI_DEPTH'));

  // 2. KPI references: unknown ids, cycles, and unavailability passed on from what a KPI uses.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, stack: string[]): void => {
    if (state.get(id) === 'done') return;
    state.set(id, 'visiting');
    const def = defs.get(id)!;
    const expr = parsed.get(id);
    if (expr) {
      forEachKpiRef(expr, (ref) => {
        if (!defs.has(ref.id)) {
          const msg = `unknown KPI '${ref.id}'${didYouMean(ref.id, defs.keys())}`;
          if (def.builtin) problems.set(id, msg);
          else throw new ConfigError(`${where(id)}${new FormulaError(msg, ref.pos).format(id)}`, [], 'KPI_KPI_UNKNOWN');
          return;
        }
        if (state.get(ref.id) === 'visiting') {
          const cycle = [...stack.slice(stack.indexOf(ref.id)), id, ref.id].join(' → ');
          throw new ConfigError(`${where(id)}${new FormulaError(`KPIs refer to each other in a cycle: ${cycle}`, ref.pos).format(id)}`, [], 'KPI_KPI_CYCLE');
        }
        visit(ref.id, [...stack, id]);
        const why = problems.get(ref.id);
        if (why !== undefined && !problems.has(id)) {
          if (def.builtin) problems.set(id, `uses ${ref.id}, which is not available (${why})`);
          else {
            throw new ConfigError(
              `${where(id)}${new FormulaError(`uses built-in KPI '${ref.id}', which is not available: ${why}`, ref.pos).format(id)}`,
              [],
              'KPI_KPI_UNAVAILABLE',
            );
          }
        }
      });
    }
    state.set(id, 'done');
  };
  for (const id of defs.keys()) visit(id, []);

  // 3. What to report: --kpi ids, or everything available.
  let order: string[];
  if (options.only && options.only.length) {
    order = [];
    for (const id of options.only) {
      if (!defs.has(id)) throw new ConfigError(`unknown KPI '${id}'${didYouMean(id, defs.keys())}; \`kpi list\` shows them all`, [], 'KPI_KPI_UNKNOWN');
      const why = problems.get(id);
      if (why !== undefined) {
        const message = `KPI '${id}' cannot be computed with this configuration: ${why}`;
        // A column the export lacks is a data error (exit 3), like a required column that is missing; an unknown
        // source or a setting the config lacks is a configuration error (exit 2).
        if (why.includes(NO_COLUMN)) throw new DataError(message, [], 'KPI_COLUMN_NOT_FOUND');
        throw new ConfigError(message, [], 'KPI_KPI_UNAVAILABLE');
      }
      if (!order.includes(id)) order.push(id);
    }
  } else {
    order = [...defs.keys()].filter((id) => !problems.has(id));
  }

  // 4. The closure of what they use, then the per-source plans.
  const plan: Plan = { order, kpis: new Map(), unavailable: problems, sources: new Map(), aggregateIndex: new Map(), by };
  const need = (id: string): PlannedKpi => {
    const existing = plan.kpis.get(id);
    if (existing) return existing;
    const def = defs.get(id)!;
    const expr = parsed.get(id)!;
    const planned: PlannedKpi = { def, expr, sources: new Set(), groupable: true };
    plan.kpis.set(id, planned);
    forEachAggregate(expr, (agg) => {
      planned.sources.add(agg.source);
      addAggregate(plan, schemas.get(agg.source)!, agg, def.period === 'none', () => `${where(id)}${id}: `, project.calendar);
    });
    forEachKpiRef(expr, (ref) => need(ref.id).sources.forEach((s) => planned.sources.add(s)));
    return planned;
  };
  for (const id of order) need(id);
  for (const sp of plan.sources.values()) {
    const schema = schemas.get(sp.name)!;
    assertRequiredColumns(schema);
    const signs = schema.kind?.signs;
    const decision = signs ? signConvention(schema) : undefined;
    if (signs && decision) {
      const amount = schema.field(signs.amount, false)!;
      const category = schema.field(signs.category, false)!;
      sp.signs = { decision, amount: slotOf(sp, amount, 'number'), category: slotOf(sp, category, 'text'), income: new Set(signs.income) };
      // An amount's sign then depends on the row's category: what reads the amount reads the category.
      for (const a of sp.aggregates) if (a.reads.includes(sp.signs.amount) && !a.reads.includes(sp.signs.category)) a.reads.push(sp.signs.category);
    }
  }
  let fx: CurrencyPlan['fx'];
  const fxRates = () => {
    if (fx === undefined && project.fxPath !== undefined) {
      assertFxProject(project.currency, project.yaml ? `${project.yaml.locate(['fx'])}: ` : '');
      // Read now, so a bad rates file is said before any data is; the plan keeps the file, the engine its rates.
      const rates = fxRatesOf({ path: project.fxPath });
      const wrong = rates.quotes.filter((q) => q !== project.currency!.trim().toUpperCase());
      if (wrong.length) {
        throw new DataError(`fx: ${rates.label}: its rates are quoted in ${wrong.join(', ')} (QUOTE_CUR), but the project currency is ${project.currency}; download the rates against ${project.currency}, or set currency: ${wrong[0]}`, [], { code: 'KPI_FX_RATES', file: rates.label });
      }
      fx = { path: project.fxPath, label: rates.label };
    }
    return fx;
  };
  for (const sp of plan.sources.values()) {
    const schema = schemas.get(sp.name)!;
    sp.currency = planCurrency(schema, sp.slots, sp.aggregates, project.currency, fxRates, (field) => slotOf(sp, field, 'text'));
    if (project.currency !== undefined) sp.projectCurrency = project.currency.trim().toUpperCase();
    if (sp.currency) {
      const header = sp.slots[sp.currency.slot].field.header;
      sp.currency.byCurrency = by.some((f) => schema.field(f, false)?.header === header);
    }
  }
  for (const sp of plan.sources.values()) {
    const schema = schemas.get(sp.name)!;
    const fields = by.map((name) => schema.field(name, false));
    if (by.length && fields.every((f) => f !== undefined)) {
      sp.groupSlots = fields.map((f) => slotOf(sp, f!, 'text'));
    }
  }
  for (const planned of plan.kpis.values()) {
    planned.groupable = by.length > 0 && [...planned.sources].every((s) => plan.sources.get(s)?.groupSlots !== undefined);
  }
  const drivers = options.drivers ?? [];
  if (drivers.length) {
    plan.drivers = drivers;
    for (const sp of plan.sources.values()) {
      const schema = schemas.get(sp.name)!;
      const slots = drivers.map((name) => {
        const f = schema.field(name, false);
        return f ? slotOf(sp, f, 'text') : -1;
      });
      if (slots.some((slot) => slot >= 0)) sp.driverSlots = slots;
    }
    for (const planned of plan.kpis.values()) {
      planned.drivable = drivers.map((_, i) => [...planned.sources].every((s) => (plan.sources.get(s)?.driverSlots?.[i] ?? -1) >= 0));
    }
    const read = [...plan.sources.keys()].map((name) => schemas.get(name)!);
    const missing = drivers.filter((name) => !read.some((schema) => schema.field(name, false)));
    if (missing.length) {
      const names = read.flatMap((schema) => schema.fieldNames());
      throw new ConfigError(`drivers: no source of the report has a field '${missing[0]}'${didYouMean(missing[0], names)}; name fields of the sources (kpi validate lists them), e.g. --drivers rep,product`, [], 'KPI_DRIVERS_FIELD');
    }
  }
  if (by.length) {
    const read = [...plan.sources.keys()].map((name) => schemas.get(name)!);
    const missing = by.filter((name) => !read.some((schema) => schema.field(name, false)));
    if (missing.length) {
      const names = read.flatMap((schema) => schema.fieldNames());
      const why = read.map((schema) => schema.whyNot(missing[0], false)).find((w) => w !== undefined && !w.startsWith(NO_COLUMN));
      throw new ConfigError(`--by ${missing[0]}: no source of the report has a field '${missing[0]}'${why ? ` (${why})` : didYouMean(missing[0], names)}`, [], 'KPI_BY_FIELD');
    }
  }
  return plan;
}

/**
 * How deep a KPI nests with the KPIs it uses, their formulas counted in full: planning, evaluation and explain walk
 * KPI references recursively, so a chain of thousands of KPIs (or of deep formulas) is an error here, not a stack
 * overflow later. Computed with an explicit stack; a cycle is left to the check that names it.
 */
export const MAX_KPI_NESTING = 1024;

type KpiRef = Extract<Expr, { kind: 'kpi' }>;

function checkNesting(parsed: Map<string, Expr>, error: (id: string, ref: KpiRef, message: string) => Error): void {
  const info = new Map<string, ReturnType<typeof kpiRefDepths>>();
  const infoOf = (id: string) => {
    let i = info.get(id);
    if (i === undefined) info.set(id, (i = kpiRefDepths(parsed.get(id)!)));
    return i;
  };
  const nesting = new Map<string, number>();
  const open = new Set<string>();
  for (const start of parsed.keys()) {
    if (nesting.has(start)) continue;
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    open.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const { depth, refs } = infoOf(top.id);
      if (top.next < refs.length) {
        const target = refs[top.next++].ref.id;
        if (parsed.has(target) && !nesting.has(target) && !open.has(target)) {
          open.add(target);
          stack.push({ id: target, next: 0 });
        }
        continue;
      }
      let total = depth;
      for (const { ref, depth: at } of refs) {
        const below = nesting.get(ref.id) ?? 0;
        if (at + below > total) total = at + below;
        if (total > MAX_KPI_NESTING) {
          throw error(
            top.id,
            ref,
            `uses '${ref.id}', and with the KPIs they use the formulas nest ${total} levels deep, over the limit of ${MAX_KPI_NESTING}; compute a long chain in fewer KPIs`,
          );
        }
      }
      nesting.set(top.id, total);
      open.delete(top.id);
      stack.pop();
    }
  }
}

function checkAggregates(expr: Expr, schemas: Map<string, SourceSchema>, calendar: CalendarSpec | undefined): void {
  forEachAggregate(expr, (agg) => {
    const schema = schemas.get(agg.source);
    if (!schema) {
      const hint = didYouMean(agg.source, schemas.keys());
      throw new FormulaError(
        `unknown source '${agg.source}'${hint || (schemas.size ? `; configured sources: ${[...schemas.keys()].join(', ')}` : '; no sources are configured')}`,
        agg.sourcePos,
      );
    }
    bindAggregate(agg, schema, scratchSlots, calendar);
  });
}

/**
 * The currency plan of a source of a built-in kind with a currency column, when it reads amounts of money (or, for
 * validate, maps them); undefined otherwise. `slotFor` adds the currency column to what is read.
 */
export function planCurrency(
  schema: SourceSchema,
  slots: readonly Slot[],
  aggregates: readonly PlannedAggregate[],
  projectCurrency: string | undefined,
  fx: () => CurrencyPlan['fx'],
  slotFor: (field: ResolvedField) => number,
): CurrencyPlan | undefined {
  const field = schema.field('currency', false);
  if (!schema.kind || field?.type !== 'text') return undefined;
  // A column already in the company currency (HubSpot `Amount in company currency`) is not in the row's currency.
  const moneyHeaders = new Set(
    schema.kind.fields.filter((f) => f.money).flatMap((f) => {
      const mapped = schema.field(f.name, false);
      return mapped?.type === 'number' && !f.inCompanyCurrency?.includes(snakeCase(mapped.header)) ? [mapped.header] : [];
    }),
  );
  const money = slots.flatMap((s, i) => (s.type === 'number' && moneyHeaders.has(s.field.header) ? [i] : []));
  if (money.length === 0) return undefined;
  const moneyAggregates = aggregates.map((a) => a.reads.some((slot) => money.includes(slot)));
  return { slot: slotFor(field), money, moneyAggregates, assumed: projectCurrency === undefined ? undefined : projectCurrency.trim().toUpperCase(), fx: fx() };
}

function slotOf(sp: SourcePlan, field: ResolvedField, type: FieldType): number {
  const i = sp.slots.findIndex((s) => s.field.header === field.header && s.type === type);
  if (i >= 0) return i;
  sp.slots.push({ field, type });
  return sp.slots.length - 1;
}

/** Each source plan's aggregates by key, as addAggregate adds them. */
const aggregateKeys = new WeakMap<SourcePlan, Map<string, number>>();

function addAggregate(plan: Plan, schema: SourceSchema, agg: Aggregate, allRows: boolean, usedIn: () => string, calendar: CalendarSpec | undefined): void {
  let sp = plan.sources.get(schema.name);
  if (!sp) {
    sp = { name: schema.name, slots: [], aggregates: [] };
    if (schema.periodField) sp.periodSlot = slotOf(sp, schema.periodField, 'date');
    plan.sources.set(schema.name, sp);
  }
  const key = `${allRows ? 'all:' : ''}${printExpr(agg)}`;
  // A lookup, not a search of the aggregates so far: 10,000 KPIs are 10,000 aggregates.
  let keys = aggregateKeys.get(sp);
  if (!keys) aggregateKeys.set(sp, (keys = new Map(sp.aggregates.map((a, i) => [a.key, i]))));
  let index = keys.get(key) ?? -1;
  if (index < 0) {
    const target = sp;
    const reads: number[] = [];
    const before = target.slots.length;
    const bound = bindAggregate(agg, schema, {
      slot: (field, type) => {
        const slot = slotOf(target, field, type);
        if (!reads.includes(slot)) reads.push(slot);
        return slot;
      },
    }, calendar);
    for (const slot of target.slots.slice(before)) assertSlotReads(schema, slot, `${usedIn()}${printExpr(agg)}`);
    sp.aggregates.push({ key, node: agg, fn: agg.fn, ...(agg.q === undefined ? {} : { q: agg.q }), allRows, ...bound, reads });
    index = sp.aggregates.length - 1;
    keys.set(key, index);
  }
  plan.aggregateIndex.set(agg, { source: schema.name, index });
}

/**
 * A column of the user's own takes its type from how a formula uses it; a use its sampled values cannot serve (a
 * column of dates summed as numbers) would skip every row, so it is an error naming the column, the use and values.
 */
function assertSlotReads(schema: SourceSchema, slot: Slot, use: string): void {
  if (slot.field.type !== undefined || slot.type === 'text') return;
  const fit = schema.fit(slot.field, slot.type);
  if (readsAs(fit)) return;
  const actual = schema.sampledType(slot.field);
  const advice =
    actual === 'date'
      ? 'it holds dates: use days(a, b) or hours(a, b) for durations, or compare it with a date or a date field'
      : actual === 'number'
        ? 'it holds numbers: use it in arithmetic or compare it with a number'
        : 'it holds text: compare it with text ("…"), test it with is empty, or count_distinct it';
  throw new DataError(
    `${use}: column '${slot.field.header}' of ${schema.name} is read as ${typeWords(slot.type)} here, but ${fit.unreadable} of ${fit.values} sampled values are not ${typeWords(slot.type)} ${exampleList(fit)}; ${advice}`,
    [],
    { code: 'KPI_COLUMN_TYPE', file: schema.files[0].label, column: slot.field.header },
  );
}

/** A built-in that reads the export's own measure when the source maps it (see KpiDefinition.fromField). */
function durationVariant(def: KpiDefinition, schemas: Map<string, SourceSchema>): KpiDefinition | undefined {
  if (!def.fromField || !def.builtin) return undefined;
  const mapped = (ref: string) => {
    const [source, field] = ref.split('.');
    // A canonical field the export maps (a typed one: every header is also a field of its own name, untyped).
    return schemas.get(source)?.field(field, false)?.type !== undefined;
  };
  if (!mapped(def.fromField.field) || (def.fromField.unless && mapped(def.fromField.unless))) return undefined;
  return { ...def, formula: def.fromField.formula, fromField: undefined };
}

/**
 * The formula a definition computes: with `requires: 'sla'`, `{sla}` becomes one clause per priority of `sla:`
 * (`(priority = "high" and hours(created, resolved) <= 4) or …`); without `sla:`, a stand-in that reads the same fields.
 */
export function formulaOf(def: Pick<KpiDefinition, 'formula' | 'requires' | 'businessHours'>, sla: Record<string, SlaAllowance> | undefined): string {
  return def.requires === 'sla' ? def.formula.replace('{sla}', slaCondition(sla ?? { any: { unit: 'hours', amount: 0, written: '0' } }, def.businessHours === 'counted' ? 'business_hours' : 'hours')) : def.formula;
}

/** Hours compare business or calendar hours; working days compare business_days(), a deadline on the business clock. */
function slaCondition(sla: Record<string, SlaAllowance>, fn: 'hours' | 'business_hours'): string {
  return Object.entries(sla)
    .map(([priority, a]) => `(priority = ${JSON.stringify(priority)} and ${a.unit === 'workdays' ? 'business_days' : fn}(created, resolved) <= ${a.amount})`)
    .join(' or ');
}

/**
 * Why a built-in per-period KPI cannot run: a source of its whose kind puts rows in a period by a field (deals by
 * `closed`) the export does not have. Without it every row would be in every window, so a deals export with no close
 * date would give one all-time win rate under each month's name — a confident wrong number, not a figure.
 */
function undatedSource(expr: Expr, schemas: Map<string, SourceSchema>): string | undefined {
  let why: string | undefined;
  forEachAggregate(expr, (agg) => {
    const schema = schemas.get(agg.source);
    const field = schema?.kind?.periodField;
    if (why || !schema || !field || schema.periodField || schema.config.period_field !== undefined) return;
    // A required period field (sales' date) that is missing is the required-column error, said later with its YAML.
    if (schema.kind!.fields.some((f) => f.name === field && f.required)) return;
    why = `${agg.source} has no ${field} column, which puts its rows in a period (map it with columns: { ${field}: <column> })`;
  });
  return why;
}
