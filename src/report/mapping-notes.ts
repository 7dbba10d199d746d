// What the report says on stderr about how its sources were mapped: guesses not taken, and sources no KPI reads.
import type { Workspace } from './build-report.js';

/**
 * One line per thing about the mapping that changes what the report shows: a column that looked right by name but
 * was not taken (its KPIs are then missing), a repeated header, and a source that no KPI reads at all — without it,
 * `kpi report --source customers=churn.csv` on an export without start dates prints an empty report and nothing else.
 */
export function mappingNotes(workspace: Workspace, onlyKpis: boolean): string[] {
  const lines: string[] = [];
  // A source another source looks up (join:) is read for its fields: it needs no KPIs of its own.
  const lookedUp = new Set([...workspace.schemas.values()].flatMap((s) => Object.keys(s.config.join ?? {})));
  for (const [name, schema] of workspace.schemas) {
    for (const note of schema.guessNotes) lines.push(`${name}: ${note}`);
    if (onlyKpis || workspace.plan.sources.has(name) || lookedUp.has(name)) continue;
    const kind = schema.kind;
    if (!kind) {
      lines.push(`source '${name}' is read by no KPI: it is not a built-in kind and no KPI of yours reads it; give it a kind (kind: tickets, or --source tickets=…) or write KPIs under kpis:`);
      continue;
    }
    const missing = kind.fields.filter((f) => f.required && !schema.field(f.name, false)?.type);
    if (missing.length === 0) continue;
    const why = missing.map((f) => `${f.name} (${schema.whyNot(f.name, false) ?? 'not mapped'})`).join('; ');
    lines.push(`source '${name}' is read by no KPI: the ${kind.name} KPIs need ${why}`);
  }
  return lines;
}
