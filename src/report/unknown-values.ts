// Which results are read from columns with unknown values: a KPI is flagged with the number of such cells in every
// column its aggregates read, through the KPIs it uses (win_rate's status column flags sales_velocity too).
import { forEachAggregate, forEachKpiRef } from '../formula/ast.js';
import type { Plan } from '../engine/plan.js';
import type { AggregateResults } from '../engine/engine.js';

export function unknownValuesByKpi(plan: Plan, results: AggregateResults): Map<string, number> {
  const out = new Map<string, number>();
  // Columns (per source) read by each KPI and the KPIs it uses.
  const columnsOf = new Map<string, Set<string>>();
  const visit = (id: string): Set<string> => {
    const known = columnsOf.get(id);
    if (known) return known;
    const columns = new Set<string>();
    columnsOf.set(id, columns);
    const planned = plan.kpis.get(id);
    if (!planned) return columns;
    forEachAggregate(planned.expr, (agg) => {
      const at = plan.aggregateIndex.get(agg);
      const sp = at && plan.sources.get(at.source);
      if (!at || !sp) return;
      for (const slot of sp.aggregates[at.index].reads) columns.add(`${at.source}\u001f${sp.slots[slot].field.header}`);
    });
    forEachKpiRef(planned.expr, (ref) => visit(ref.id).forEach((c) => columns.add(c)));
    return columns;
  };
  for (const id of plan.kpis.keys()) {
    let n = 0;
    for (const key of visit(id)) {
      const [source, column] = key.split('\u001f');
      for (const u of results.get(source)?.quality.unknown_values ?? []) if (u.column === column) n += u.count;
    }
    out.set(id, n);
  }
  return out;
}
