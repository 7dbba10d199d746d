// The windows of a run: the periods one pass computes — the report's, its comparison's, a trend's buckets, and
// those their KPIs' offsets reach from them (`[prev]`, `[prev:3]`, `[yoy]`, `rolling(kpi, 3 months)`,
// `cumulative(kpi)`). Part of the plan: an engine computes every aggregate in each of them, so a rolling or
// cumulative figure is read in the same single pass as the period's own, by every engine alike.
import { forEachKpiRef, offsetParts, type Expr, type Offset } from '../formula/ast.js';
import { cumulativeWindow, previousPeriod, rollingWindow, yearAgo, type CalendarOptions, type Period } from '../periods/period.js';
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

  /** The window an offset reads from window `w`; undefined when there is none (`[prev]` of `all`). */
  offset(w: number, offset: Offset): number | undefined {
    const key = `${w}:${offset}`;
    if (!this.offsets.has(key)) {
      const target = windowOf(this.periods[w], offset, this.cal);
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

/** The period an offset reads from period `p` (see Offset). */
export function windowOf(p: Period, offset: Offset, cal: CalendarOptions): Period | undefined {
  const o = offsetParts(offset);
  switch (o.kind) {
    case 'prev':
      return previousPeriod(p, cal, o.n);
    case 'yoy':
      return yearAgo(p, cal, o.n);
    case 'rolling':
      return rollingWindow(p, o.n, o.unit);
    case 'cumulative':
      return cumulativeWindow(p, cal);
  }
}

/**
 * The windows other than `w` that KPI `id` reads through its offsets, directly or through the KPIs it uses: each
 * with the reference that reaches it (`rolling(revenue, 3 months)`) and the KPI read there. A figure is only as
 * complete as the data in those windows (report/build-report.ts judges their coverage too).
 */
export function reachedWindows(plan: Plan, windows: Windows, id: string, w: number): { ref: Extract<Expr, { kind: 'kpi' }>; w: number }[] {
  const out: { ref: Extract<Expr, { kind: 'kpi' }>; w: number }[] = [];
  const seen = new Set<string>();
  const walk = (kpi: string, at: number) => {
    const key = `${kpi}@${at}`;
    if (seen.has(key)) return;
    seen.add(key);
    const planned = plan.kpis.get(kpi);
    if (!planned) return;
    forEachKpiRef(planned.expr, (ref) => {
      const next = ref.offset ? windows.offset(at, ref.offset) : at;
      if (next === undefined) return;
      if (next !== w && ref.offset) out.push({ ref, w: next });
      walk(ref.id, next);
    });
  };
  walk(id, w);
  return out;
}
