// The formula language's syntax tree (SPEC §4). Positions are 1-based line:col inside the formula text.

export interface Pos {
  line: number;
  col: number;
}

export type AggregateFn = 'sum' | 'avg' | 'min' | 'max' | 'median' | 'count_distinct' | 'percentile' | 'count';
export const AGGREGATE_FNS: readonly AggregateFn[] = [
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'count_distinct',
  'percentile',
  'count',
];

/** The unit of a rolling window: `rolling(revenue, 12 months)`. */
export type RollUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * The window a KPI reference is read in, relative to the window being evaluated: `[prev]` (one period back),
 * `[prev:3]` (three back), `[yoy]`, `[yoy:2]`, `rolling(kpi, 3 months)` (the 3 months ending with the period's
 * last day) and `cumulative(kpi)` (from the start of its year to that day). Plain text, so a plan stays
 * structured-clonable and an offset is its own cache key; a count of one is always written without it.
 */
export type Offset = 'prev' | 'yoy' | `prev:${number}` | `yoy:${number}` | `rolling:${number}:${RollUnit}` | 'cumulative';

/** The parts of an offset (see Offset). */
export function offsetParts(o: Offset): { kind: 'prev' | 'yoy'; n: number } | { kind: 'rolling'; n: number; unit: RollUnit } | { kind: 'cumulative' } {
  if (o === 'cumulative') return { kind: 'cumulative' };
  const [kind, n, unit] = o.split(':');
  if (kind === 'rolling') return { kind, n: Number(n), unit: unit as RollUnit };
  return { kind: kind as 'prev' | 'yoy', n: n === undefined ? 1 : Number(n) };
}
export type ArithOp = '+' | '-' | '*' | '/';
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** KPI-level expression: combines aggregates, constants and other KPIs. */
export type Expr =
  | { kind: 'number'; value: number; pos: Pos }
  | { kind: 'kpi'; id: string; offset?: Offset; pos: Pos }
  /** The number of days in the period being evaluated (for DSO-style formulas). */
  | { kind: 'period_days'; pos: Pos }
  | Aggregate
  | { kind: 'neg'; arg: Expr; pos: Pos }
  | { kind: 'binary'; op: ArithOp; left: Expr; right: Expr; pos: Pos };

export interface Aggregate {
  kind: 'aggregate';
  fn: AggregateFn;
  /** The source named by `source.` in the aggregate (filled by the parser). */
  source: string;
  sourcePos: Pos;
  /** Absent for count(source). */
  arg?: RowExpr;
  /** percentile's fraction. */
  q?: number;
  where?: Cond;
  pos: Pos;
}

/** A field reference: `revenue`, `sales.revenue` or `` sales.`Order Date` ``. */
export interface FieldRef {
  kind: 'field';
  name: string;
  /** True when written in backticks: the exact header, not a field name. */
  quoted: boolean;
  /** The source prefix, when written. */
  source?: string;
  pos: Pos;
}

/** Per-row expression inside an aggregate. */
export type RowExpr =
  | FieldRef
  | { kind: 'number'; value: number; pos: Pos }
  | { kind: 'neg'; arg: RowExpr; pos: Pos }
  | { kind: 'binary'; op: ArithOp; left: RowExpr; right: RowExpr; pos: Pos }
  | { kind: 'call'; fn: RowFn; a: RowExpr; b: RowExpr; pos: Pos };

/**
 * Row functions of two dates: b minus a in days or hours; business_hours, business_days (working days on the
 * business clock, as an SLA of `2d` counts them) and workdays (working dates between) by kpi.yaml's calendar.
 */
export const ROW_FNS = ['days', 'hours', 'business_hours', 'business_days', 'workdays'] as const;
export type RowFn = (typeof ROW_FNS)[number];

export type Value =
  | { kind: 'text'; value: string; pos: Pos }
  | { kind: 'number'; value: number; pos: Pos }
  /** Days since 1970-01-01. */
  | { kind: 'date'; day: number; pos: Pos }
  | { kind: 'period_start'; pos: Pos }
  | { kind: 'period_end'; pos: Pos }
  /** Another field of the same row: `paid > due`. */
  | { kind: 'field'; field: FieldRef; pos: Pos };

export type Cond =
  | { kind: 'compare'; op: CompareOp; left: RowExpr; right: Value; pos: Pos }
  | { kind: 'in'; field: FieldRef; values: Value[]; pos: Pos }
  | { kind: 'empty'; field: FieldRef; negated: boolean; pos: Pos }
  | { kind: 'and' | 'or'; left: Cond; right: Cond; pos: Pos }
  | { kind: 'not'; arg: Cond; pos: Pos };

/** Calls `visit` on every aggregate of an expression, left to right. */
export function forEachAggregate(expr: Expr, visit: (agg: Aggregate) => void): void {
  switch (expr.kind) {
    case 'aggregate':
      visit(expr);
      return;
    case 'neg':
      forEachAggregate(expr.arg, visit);
      return;
    case 'binary':
      forEachAggregate(expr.left, visit);
      forEachAggregate(expr.right, visit);
      return;
    default:
      return;
  }
}

/** Calls `visit` on every KPI reference of an expression. */
export function forEachKpiRef(expr: Expr, visit: (ref: Extract<Expr, { kind: 'kpi' }>) => void): void {
  switch (expr.kind) {
    case 'kpi':
      visit(expr);
      return;
    case 'neg':
      forEachKpiRef(expr.arg, visit);
      return;
    case 'binary':
      forEachKpiRef(expr.left, visit);
      forEachKpiRef(expr.right, visit);
      return;
    default:
      return;
  }
}

export function forEachFieldInRow(expr: RowExpr, visit: (f: FieldRef) => void): void {
  switch (expr.kind) {
    case 'field':
      visit(expr);
      return;
    case 'neg':
      forEachFieldInRow(expr.arg, visit);
      return;
    case 'binary':
      forEachFieldInRow(expr.left, visit);
      forEachFieldInRow(expr.right, visit);
      return;
    case 'call':
      forEachFieldInRow(expr.a, visit);
      forEachFieldInRow(expr.b, visit);
      return;
    default:
      return;
  }
}

export function forEachFieldInCond(cond: Cond, visit: (f: FieldRef) => void): void {
  switch (cond.kind) {
    case 'compare':
      forEachFieldInRow(cond.left, visit);
      if (cond.right.kind === 'field') visit(cond.right.field);
      return;
    case 'in':
    case 'empty':
      visit(cond.field);
      return;
    case 'and':
    case 'or':
      forEachFieldInCond(cond.left, visit);
      forEachFieldInCond(cond.right, visit);
      return;
    case 'not':
      forEachFieldInCond(cond.arg, visit);
      return;
  }
}

/**
 * An expression's own depth (the root is 1) and the depth at which each of its KPI references sits, walked with an
 * explicit stack. A KPI's references continue its tree: the plan adds them up to bound the whole nesting.
 */
export function kpiRefDepths(expr: Expr): { depth: number; refs: { ref: Extract<Expr, { kind: 'kpi' }>; depth: number }[] } {
  let depth = 0;
  const refs: { ref: Extract<Expr, { kind: 'kpi' }>; depth: number }[] = [];
  const stack: [Expr, number][] = [[expr, 1]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    if (d > depth) depth = d;
    if (e.kind === 'kpi') refs.push({ ref: e, depth: d });
    else if (e.kind === 'neg') stack.push([e.arg, d + 1]);
    else if (e.kind === 'binary') stack.push([e.right, d + 1], [e.left, d + 1]);
  }
  return { depth, refs };
}
