// The windows of a run: the periods one pass computes — the report's, its comparison's, a trend's buckets, and
// those `[prev]`/`[yoy]` reach from them. Part of the plan: an engine computes every aggregate in each of them.
import { forEachKpiRef } from '../formula/ast.js';
import { previousPeriod, yearAgo, type CalendarOptions, type Period } from '../periods/period.js';
import type { Plan } from './plan.js';

export class Windows {
  readonly periods: Period[] = [];
  /** Why each window is computed: `period`, `compare`, `trend`, or `prev of w0` / `yoy of w1` (first reason). */
  readonly reasons: string[] = [];
  private readonly offsets = new Map<string, number | undefined>();

  constructor(private readonly cal: CalendarOptions) {}

  add(p: Period, reason = 'period'): number {
    const i = this.periods.findIndex((q) => q.start === p.start && q.end === p.end && q.grain === p.grain);
    if (i >= 0) return i;
    this.periods.push(p);
    this.reasons.push(reason);
    return this.periods.length - 1;
  }

  offset(w: number, offset: 'prev' | 'yoy'): number | undefined {
    const key = `${w}:${offset}`;
    if (!this.offsets.has(key)) {
      const p = this.periods[w];
      const target = offset === 'prev' ? previousPeriod(p, this.cal) : yearAgo(p, this.cal);
      this.offsets.set(key, target ? this.add(target, `${offset} of w${w}`) : undefined);
    }
    return this.offsets.get(key);
  }

  /** Adds every window the plan's KPIs reach from the given base windows through offsets. */
  expand(plan: Plan, base: number[]): void {
    const seen = new Set<string>();
    const walk = (id: string, w: number) => {
      const key = `${id}@${w}`;
      if (seen.has(key)) return;
      seen.add(key);
      forEachKpiRef(plan.kpis.get(id)!.expr, (ref) => {
        const target = ref.offset ? this.offset(w, ref.offset) : w;
        if (target !== undefined) walk(ref.id, target);
      });
    };
    for (const w of base) for (const id of plan.order) walk(id, w);
  }
}
