// `kpi validate`: reads every row of every configured source and collects every problem, grouped by source.
import type { DataIssue } from '../engine/run.js';
import { runSource } from '../engine/run.js';
import type { SourcePlan, Slot } from '../engine/plan.js';
import { describeColumns } from '../sources/formats.js';
import { prepare, type ReportOptions } from './build-report.js';

export interface ValidatedSource {
  source: string;
  kind: string | null;
  files: { file: string; settings: Record<string, string | number> }[];
  columns: { field: string; header: string; read_as: string }[];
  unmapped: string[];
  rows: number;
  skipped: number;
  no_period: number;
  total_rows: { file: string; line: number }[];
  issues: DataIssue[];
}

export interface Validation {
  sources: ValidatedSource[];
  kpis: { available: string[]; unavailable: { kpi: string; reason: string }[] };
  targets: string | null;
  problems: number;
}

const MAX_ISSUES = 1000;

export async function validateProject(options: ReportOptions): Promise<Validation> {
  const workspace = await prepare(options);
  const { schemas, plan, targets } = workspace;
  const sources: ValidatedSource[] = [];
  for (const [name, schema] of schemas) {
    // Every canonical field the source maps, plus whatever the KPIs read from it, typed as they will be read.
    const planned = plan.sources.get(name);
    const slots: Slot[] = [...(planned?.slots ?? [])];
    for (const canonical of schema.kind?.fields ?? []) {
      const field = schema.field(canonical.name, false);
      if (field?.type && !slots.some((s) => s.field.header === field.header && s.type === field.type)) {
        slots.push({ field, type: field.type });
      }
    }
    const periodSlot = schema.periodField ? slots.findIndex((s) => s.field.header === schema.periodField!.header && s.type === 'date') : -1;
    const sp: SourcePlan = { schema, slots, aggregates: [], periodSlot: periodSlot >= 0 ? periodSlot : undefined };
    const result = await runSource(sp, [], { strict: options.strict ?? false, maxIssues: MAX_ISSUES });
    sources.push({
      source: name,
      kind: schema.kind?.name ?? null,
      files: schema.files.map((f) => ({ file: f.label, settings: f.settings })),
      columns: describeColumns(schema.files[0], name, schema.config, slots),
      unmapped: [...schema.unmapped.keys()],
      rows: result.quality.rows,
      skipped: result.quality.skipped,
      no_period: result.quality.no_period,
      total_rows: result.quality.total_rows,
      issues: result.quality.issues,
    });
  }
  return {
    sources,
    kpis: {
      available: plan.order,
      unavailable: [...plan.unavailable].map(([kpi, reason]) => ({ kpi, reason })),
    },
    targets: targets ? `${targets.path} (${targets.entries.size} KPIs)` : null,
    problems: sources.reduce((n, s) => n + s.skipped, 0),
  };
}
