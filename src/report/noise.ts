// How many rows, answers or deals a result stands on (`n`, README "n: what a figure stands on"), from what each
// aggregate of its formula took in the result's own window and group — the same count on every engine.
import { forEachAggregate, forEachKpiRef } from '../formula/ast.js';
import type { Plan } from '../plan/plan.js';
import type { AggregateResults } from '../engine/engine.js';
import type { Expr } from '../formula/ast.js';
import type { Evaluator } from '../engine/evaluate.js';
import type { ResultInterval, ResultRow } from './model.js';

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

// ---- is it real? (README "Is it real: intervals and significance") --------------------------------------------------

/**
 * The two-sided normal quantile of a confidence level (0.95 → 1.959964): Acklam's rational approximation of the
 * inverse normal, relative error below 1.2e-9 — far below the interval's own.
 */
export function zOf(confidence: number): number {
  const p = 1 - (1 - confidence) / 2;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Wilson's score interval of x successes in n: never outside [0, 1], sound for small n and for 0 or n successes. */
export function wilson(x: number, n: number, z: number): [number, number] {
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * An interval of NPS from P promoters and D detractors of n answers: each answer scores +1, 0 or −1 and NPS/100 is
 * their mean. Adjusted Wald in the manner of Agresti–Coull: z²/3 pseudo-answers of each kind are added (z² in all,
 * as Agresti–Coull add z² to a proportion), then mean ± z × √(variance / n'), variance = p' + d' − (p' − d')²,
 * clipped to [−100, 100]. The added answers keep a small sample of all promoters from a zero-width interval.
 */
export function npsInterval(promoters: number, detractors: number, n: number, z: number, scale = 100): [number, number] {
  const z2 = z * z;
  const n2 = n + z2;
  const p = (promoters + z2 / 3) / n2;
  const d = (detractors + z2 / 3) / n2;
  const mean = p - d;
  const half = z * Math.sqrt((p + d - mean * mean) / n2);
  return [Math.max(-1, mean - half) * scale, Math.min(1, mean + half) * scale];
}

type Count = Extract<Expr, { kind: 'aggregate' }>;
/** A KPI's expression with its KPI references (same period) replaced by their formulas, for matching shapes. */
function inline(plan: Plan, e: Expr): Expr {
  switch (e.kind) {
    case 'kpi':
      return e.offset ? e : inline(plan, plan.kpis.get(e.id)!.expr);
    case 'neg':
      return { ...e, arg: inline(plan, e.arg) };
    case 'binary':
      return { ...e, left: inline(plan, e.left), right: inline(plan, e.right) };
    default:
      return e;
  }
}
const isCount = (e: Expr): e is Count => e.kind === 'aggregate' && e.fn === 'count';

/** The shape of a proportion (count / count) or an NPS (c × (count − count) / count), or undefined. */
export type NoiseShape = { kind: 'proportion'; x: Count; n: Count } | { kind: 'nps'; scale: number; promoters: Count; detractors: Count; n: Count };

export function noiseShapeOf(plan: Plan, id: string): NoiseShape | undefined {
  const e = inline(plan, plan.kpis.get(id)!.expr);
  if (e.kind !== 'binary' || e.op !== '/' || !isCount(e.right)) return undefined;
  const num = e.left;
  if (isCount(num) && num.source === e.right.source) return { kind: 'proportion', x: num, n: e.right };
  if (num.kind === 'binary' && num.op === '*') {
    const [c, diff] = num.left.kind === 'number' ? [num.left, num.right] : [num.right, num.left];
    if (c.kind === 'number' && diff.kind === 'binary' && diff.op === '-' && isCount(diff.left) && isCount(diff.right)) {
      return { kind: 'nps', scale: c.value, promoters: diff.left, detractors: diff.right, n: e.right };
    }
  }
  return undefined;
}

export interface NoiseSettings {
  significance?: number;
  minN?: number;
}

/**
 * Judges a result by its noise, in place: `min_n` — fewer rows or answers than that: status `early` (shown, not
 * judged), with the reason; `significance` — a proportion's or NPS's interval at that confidence (`interval`), and
 * a miss whose interval holds the target is `at_risk` with `significant: false`.
 */
export function judgeNoise(plan: Plan, evaluator: Evaluator, row: ResultRow, w: number, key: string | undefined, settings: NoiseSettings): void {
  const judged = row.status === 'met' || row.status === 'at_risk' || row.status === 'missed';
  if (settings.minN !== undefined && judged && row.n !== null && row.n < settings.minN) {
    row.status = 'early';
    row.reason = `n = ${row.n}, below min_n: ${settings.minN}: shown, not judged`;
    return;
  }
  if (settings.significance === undefined || row.value === null) return;
  const shape = noiseShapeOf(plan, row.kpi);
  if (!shape) return;
  const count = (a: Count) => evaluator.evaluate(a, w, key)?.v ?? null;
  const n = count(shape.n);
  if (n === null || n === 0) return;
  const z = zOf(settings.significance);
  let interval: ResultInterval;
  if (shape.kind === 'proportion') {
    const x = count(shape.x);
    if (x === null) return;
    const [low, high] = wilson(x, n, z);
    interval = { low: round(low), high: round(high), confidence: settings.significance, method: 'wilson' };
  } else {
    const p = count(shape.promoters);
    const d = count(shape.detractors);
    if (p === null || d === null) return;
    const [low, high] = npsInterval(p, d, n, z, shape.scale);
    interval = { low: round(low), high: round(high), confidence: settings.significance, method: 'adjusted_wald_nps' };
  }
  row.interval = interval;
  const holds = row.target !== null && row.target >= interval.low && row.target <= interval.high;
  row.significant = row.target === null ? null : !holds;
  if (row.status === 'missed' && holds) row.status = 'at_risk';
}

const round = (x: number): number => Number(x.toPrecision(12));
