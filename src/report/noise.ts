// How many rows, answers or deals a result stands on (`n`, README "n: what a figure stands on"), from what each
// aggregate of its formula took in the result's own window and group — the same count on every engine.
import { forEachAggregate, forEachKpiRef } from '../formula/ast.js';
import type { Plan } from '../plan/plan.js';
import type { AggregateResults } from '../engine/engine.js';

/**
 * A KPI's `n` in window `w` for a group (its key) or the total: the largest count any of its aggregates took there,
 * through the KPIs it uses in the same window (an offset like `revenue[prev]` is another period: not counted). Per
 * aggregate: count → the rows counted; sum, avg, min, max, median, percentile → the rows matching the condition
 * with a value; count_distinct → the distinct values. So a ratio's n is its denominator's (win rate: the deals
 * closed; NPS: the answers), a sum's the rows with an amount. Null for a KPI that reads no aggregate in its window,
 * or a group of a KPI that cannot be split by it.
 */
export function sampleSize(plan: Plan, results: AggregateResults, id: string, w: number, key: string | undefined): number | null {
  let n: number | null = null;
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const kpi = stack.pop()!;
    if (seen.has(kpi)) continue;
    seen.add(kpi);
    const planned = plan.kpis.get(kpi)!;
    if (key !== undefined && !planned.groupable) return null;
    forEachAggregate(planned.expr, (agg) => {
      const at = plan.aggregateIndex.get(agg)!;
      const taken = results.get(at.source)!.taken(w, at.index, key);
      n = n === null ? taken : Math.max(n, taken);
    });
    forEachKpiRef(planned.expr, (ref) => {
      if (!ref.offset) stack.push(ref.id);
    });
  }
  return n;
}
