// Evaluates KPI expressions from finished aggregates, per window and group; null wherever a value cannot exist.
import type { Expr } from '../formula/ast.js';
import type { Windows } from '../plan/windows.js';
import { driverDimOf, isDriverKey, type Plan } from '../plan/plan.js';
import type { AggregateResults } from './engine.js';
import { DataError } from '../errors.js';
import { printedValue, valAdd, valDiv, valMul, valNeg, valOf, valSub, type Val } from '../util/exact.js';

// The windows are the plan's (plan/windows.ts); re-exported for the callers that took them from here.
export { Windows } from '../plan/windows.js';

export class Evaluator {
  private readonly memo = new Map<string, Val | null>();

  constructor(
    private readonly plan: Plan,
    /** The windows evaluated, with the offsets of `[prev]`/`[yoy]` (report/doubts.ts follows them too). */
    readonly windows: Windows,
    private readonly results: AggregateResults,
  ) {}

  /**
   * The KPI's value in window `w`, for one group (its key) or the total (undefined), as printed: an exact decimal
   * exactly, anything else rounded once (exact.ts). An exact figure a double cannot hold is an error.
   */
  value(id: string, w: number, group?: string): number | null {
    const val = this.raw(id, w, group);
    if (val === null) return null;
    const { value, lost } = printedValue(val);
    if (lost !== null) {
      const period = this.windows.periods[w];
      throw new DataError(
        `${id}${group ? ` (group ${group.split('\u001f').join(', ')})` : ''} in ${period.id} is ${lost}: more significant digits than kpi prints exactly (every amount to the cent below 7 × 10^13; at most 15 significant digits)`,
        ['report a shorter period or split it with --by, or compute the figure in smaller units'],
        'KPI_EXACT_RANGE',
      );
    }
    return Number.isFinite(value) ? value : null;
  }

  /** The value before printing: a double, and its exact decimal when it has one. */
  raw(id: string, w: number, group?: string): Val | null {
    const key = `${id}@${w}@${group ?? ''}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    const planned = this.plan.kpis.get(id)!;
    // A KPI that cannot be split by the --by fields (or a driver field) has only a total.
    const splits = group !== undefined && (isDriverKey(group) ? planned.drivable?.[driverDimOf(group)] === true : planned.groupable);
    const g = splits ? group : undefined;
    if (group !== undefined && g === undefined) return null;
    const v = this.expr(planned.expr, w, g);
    const val = v === null || !Number.isFinite(v.v) ? null : v;
    this.memo.set(key, val);
    return val;
  }

  /** Any expression of the plan's KPIs in window `w` for a group or the total (report/drivers.ts splits formulas). */
  evaluate(e: Expr, w: number, group: string | undefined): Val | null {
    const v = this.expr(e, w, group);
    return v === null || !Number.isFinite(v.v) ? null : v;
  }

  private expr(e: Expr, w: number, group: string | undefined): Val | null {
    switch (e.kind) {
      case 'number':
        return valOf(e.value);
      case 'period_days': {
        const p = this.windows.periods[w];
        return Number.isFinite(p.start) && Number.isFinite(p.end) ? valOf(p.end - p.start + 1) : null;
      }
      case 'kpi': {
        const target = e.offset ? this.windows.offset(w, e.offset) : w;
        return target === undefined ? null : this.raw(e.id, target, group);
      }
      case 'aggregate': {
        const at = this.plan.aggregateIndex.get(e)!;
        return this.results.get(at.source)!.value(w, at.index, group);
      }
      case 'neg': {
        const v = this.expr(e.arg, w, group);
        return v === null ? null : valNeg(v);
      }
      case 'binary': {
        const a = this.expr(e.left, w, group);
        const b = this.expr(e.right, w, group);
        if (a === null || b === null) return null;
        switch (e.op) {
          case '+':
            return valAdd(a, b);
          case '-':
            return valSub(a, b);
          case '*':
            return valMul(a, b);
          case '/':
            return valDiv(a, b);
        }
      }
    }
  }
}
