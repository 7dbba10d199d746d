// The plan: plain, structured-clonable data between planning and an engine. Per source the columns it reads (as
// which type), the aggregates (function, formula AST and the bound argument and condition every engine compiles),
// the groups; per KPI its formula. No closures and no reader in it: it can be printed (`kpi explain --plan`),
// snapshot-tested, posted to a reading thread, and compiled — to closures by the streaming engine, to SQL later.
import { forEachAggregate, forEachKpiRef, type Aggregate, type AggregateFn, type Expr } from '../formula/ast.js';
import { printExpr } from '../formula/print.js';
import type { KpiDefinition } from '../registry/types.js';
import type { FieldType, ResolvedField } from '../model/vocabulary.js';
import type { CalendarSpec } from '../calendar/business-time.js';

/** A field of a source as the plan reads it: the column (header) behind a formula's name. */
export type PlanField = ResolvedField;

/** A column parsed as one type: what an engine reads from every row. Slots are numbered per source. */
export interface Slot {
  field: PlanField;
  type: FieldType;
}

/**
 * A number computed from a row, every field bound to its slot: a number or date slot (dates in wall-clock ms) is
 * null when its cell is empty; arithmetic with null is null, and so is a division by zero.
 */
export type RowValue =
  | { kind: 'number'; value: number }
  | { kind: 'slot'; slot: number }
  | { kind: 'neg'; arg: RowValue }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: RowValue; right: RowValue }
  /**
   * days(a, b) and hours(a, b): (b − a) in days or hours, from two date slots; business_hours(a, b) and
   * workdays(a, b) count only the working time of `calendar` (kpi.yaml's business_hours:, calendar/business-time.ts).
   */
  | { kind: 'span'; unit: 'days' | 'hours'; from: number; to: number }
  | { kind: 'span'; unit: 'business_hours' | 'business_days' | 'workdays'; from: number; to: number; calendar: CalendarSpec };

export type { CompareOp } from '../formula/ast.js';
import type { CompareOp } from '../formula/ast.js';

/**
 * A row condition, bound. Comparisons with an empty cell are false whatever the operator; text compares
 * case-insensitively. Dates compare in ms with another date field, by day with a date or a period bound.
 */
export type RowCond =
  | { kind: 'and' | 'or'; left: RowCond; right: RowCond }
  | { kind: 'not'; arg: RowCond }
  | { kind: 'empty'; slot: number; negated: boolean }
  | { kind: 'in_numbers'; value: RowValue; values: number[] }
  /** Lower-cased. */
  | { kind: 'in_texts'; slot: number; values: string[] }
  | { kind: 'compare_numbers'; op: CompareOp; left: RowValue; right: RowValue }
  /** `right` lower-cased when a text. */
  | { kind: 'compare_texts'; op: CompareOp; slot: number; right: { slot: number } | { text: string } }
  | { kind: 'compare_dates'; op: CompareOp; slot: number; right: { slot: number } | { day: number } | { bound: 'period_start' | 'period_end' } };

/** What an aggregate steps with each row: a number, a text (count_distinct), or nothing (count). */
export type RowArg = { kind: 'number'; value: RowValue } | { kind: 'text'; slot: number };

export interface PlannedAggregate {
  /** As the aggregate prints (`all:` first for one of a `period: none` KPI): the same key, the same aggregate. */
  key: string;
  /** The aggregate as the formula wrote it (for messages and SQL). */
  node: Aggregate;
  fn: AggregateFn;
  /** percentile's fraction. */
  q?: number;
  /** Sees every row, not only the window's: from a KPI with `period: none`. */
  allRows: boolean;
  arg?: RowArg;
  where?: RowCond;
  /**
   * The slots its value and condition read: for flagging results read from columns with unknown values, and a
   * value of one of them that cannot be read leaves the row out of this aggregate (and only of those that read it).
   */
  reads: number[];
}

/** A ledger's sign convention as the plan applies it (see sources/sign-convention.ts). */
export interface PlannedSigns {
  decision: { convention: 'credit_negative' | 'costs_negative' | 'as_is'; negate: 'income' | 'costs' | null; detected: boolean; why: string; tentative?: boolean };
  /** Slots of the amount and the category; the income categories, lower-cased. */
  amount: number;
  category: number;
  income: ReadonlySet<string>;
}

/** A number column an aggregate's value reads, whose empty cells are counted (engine/run.ts, amountSlots). */
export interface Amount {
  slot: number;
  column: string;
  /** The aggregates reading it, as they print. */
  aggregates: string[];
}

export interface SourcePlan {
  /** The source's name in kpi.yaml. */
  name: string;
  /**
   * The amounts whose empty cells are counted, when not those of `aggregates` (kpi validate reads every row with no
   * aggregate, for the amounts the report's plan reads: same slots).
   */
  amounts?: Amount[];
  /** The project's `currency:`, upper case: a currency written in a number cell is judged against it (column-format.ts). */
  projectCurrency?: string;
  slots: Slot[];
  aggregates: PlannedAggregate[];
  periodSlot?: number;
  /** Slots of the --by fields, when this source has all of them. */
  groupSlots?: number[];
  /**
   * Per driver field of the plan (Plan.drivers), its slot, or -1 when this source has no such field: each row is
   * also stepped into the group of its member there, keyed by driverKey (README "Why it moved").
   */
  driverSlots?: number[];
  /**
   * A ledger's sign convention, and the slots that apply it: the amount of income lines (`negate: 'income'`) or of
   * cost lines (`'costs'`) is negated, so formulas see both as positive amounts.
   */
  signs?: PlannedSigns;
  /** The currency of the amounts read, when the source has a currency column (see planCurrency). */
  currency?: CurrencyPlan;
}

/**
 * A source's currency column and the amounts of money it gives the currency of. Amounts in different currencies
 * are never added: each window and group counts its rows per currency (run.ts), and a money KPI reading rows of
 * several currencies, or of one other than the project's, is an error (report/currency.ts) — unless `fx:` rates
 * convert them (the engine converts each amount as its row is read).
 */
export interface CurrencyPlan {
  slot: number;
  /** Slots of the amounts of money (canonical fields marked `money` in kinds.ts) the plan reads. */
  money: number[];
  /** Per aggregate: whether it reads an amount (in its value or its condition); its KPIs are money KPIs. */
  moneyAggregates: boolean[];
  /** The currency an empty cell is taken to be: the project's (undefined when kpi.yaml names none). */
  assumed?: string;
  /** `fx:` rates that convert amounts in another currency than the project's as they are read: the file. */
  fx?: { path: string; label: string };
  /** A --by field is the currency column: each group is in its own currency. */
  byCurrency?: boolean;
}

export interface PlannedKpi {
  def: KpiDefinition;
  expr: Expr;
  /** Sources read by this KPI and the KPIs it uses. */
  sources: Set<string>;
  /** Every source it reads has the --by fields. */
  groupable: boolean;
  /** Per driver field (Plan.drivers): every source it reads has it. */
  drivable?: boolean[];
}

export interface Plan {
  /** KPIs to report, in registry order then the user's. */
  order: string[];
  /** Every KPI evaluated: those reported and those they use. */
  kpis: Map<string, PlannedKpi>;
  /** Built-in KPIs left out, with the reason (for `kpi list`). */
  unavailable: Map<string, string>;
  sources: Map<string, SourcePlan>;
  /** Where each aggregate node's value lives (keys are the nodes of the KPIs' formulas; a clone keeps them so). */
  aggregateIndex: Map<Aggregate, { source: string; index: number }>;
  by: string[];
  /** The fields whose members explain results (`--drivers`, `drivers:`), computed as extra groups of the same pass. */
  drivers?: string[];
}

/**
 * The group key of member `value` of driver field `dim` (an index into Plan.drivers): beside the --by groups of a
 * window, never one of them (a --by key never starts with U+0002); the empty member is keyed U+0000 as a group is.
 */
export const driverKey = (dim: number, value: string): string => `\u0002${dim}\u001f${value || '\u0000'}`;
export const isDriverKey = (key: string): boolean => key.charCodeAt(0) === 2;
/** The driver field index of a driver key. */
export const driverDimOf = (key: string): number => Number(key.slice(1, key.indexOf('\u001f')));

/** The period bounds in force for one evaluation window, in days. */
export interface Bounds {
  start: number;
  end: number;
}

/** An aggregate as messages name it: as written, and `[all rows]` when it is one of a `period: none` KPI. */
export function aggregateLabel(a: Pick<PlannedAggregate, 'node' | 'allRows'>): string {
  return `${printExpr(a.node)}${a.allRows ? ' [all rows]' : ''}`;
}

/**
 * The reported KPIs computed from each aggregate of a source (keyed as the aggregate prints), directly or through
 * the KPIs they use: what a value that leaves its row out of that aggregate touches.
 */
export function kpisByAggregate(plan: Plan, source: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of plan.order) {
    const seen = new Set<string>();
    const visit = (kpi: string) => {
      if (seen.has(kpi)) return;
      seen.add(kpi);
      const expr = plan.kpis.get(kpi)!.expr;
      forEachAggregate(expr, (agg) => {
        if (agg.source !== source) return;
        const at = plan.aggregateIndex.get(agg)!;
        const text = aggregateLabel(plan.sources.get(at.source)!.aggregates[at.index]);
        const ids = out.get(text) ?? [];
        // One KPI's visit pushes only its own id, so a repeat is the last one: no scan (40,000 KPIs on one
        // aggregate made `includes` quadratic).
        if (ids[ids.length - 1] !== id) ids.push(id);
        out.set(text, ids);
      });
      forEachKpiRef(expr, (ref) => visit(ref.id));
    };
    visit(id);
  }
  return out;
}
