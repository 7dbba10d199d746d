// A run's history entry (README "History"): its results as exact text, the earlier periods of the same pass, the
// fingerprint of each KPI's definition and of every input. Built here, where the workspace is known; the entry's
// shape, the file and the comparison are src/history's.
import { statSync } from 'node:fs';
import { displayPath } from '../util/display-path.js';
import { ConfigError } from '../errors.js';
import { inputAt } from '../util/inputs.js';
import { exactText, HISTORY_VERSION, type FigureFormat, type HistoryEntry, type InputFingerprint, type PastFigure } from '../history/entry.js';
import { definitionFingerprint, fileFingerprint, isRegularFile, textFingerprint } from '../history/fingerprint.js';
import { maskUrl } from '../sources/database/database-url.js';
import type { ComputedReport } from './build-report.js';
import { currencyOf, resultKey } from './model.js';

/** `--history F` must not name a file this run reads: appending a line to an export or kpi.yaml would change it. */
export function assertHistoryNotInput(path: string): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return; // a new file is no input
  }
  const input = inputAt(stat);
  if (input !== undefined) {
    throw new ConfigError(`--history ${path}: this run reads that file (${displayPath(input)}); appending the run's line there would change it; name another file, e.g. --history kpi-history.jsonl`, [], { code: 'KPI_OUTPUT_IS_INPUT', file: path });
  }
}

export async function historyEntry(computed: ComputedReport, command: string): Promise<HistoryEntry> {
  const { report, context, workspace } = computed;
  const definitions: Record<string, string> = {};
  for (const id of workspace.plan.order) {
    const def = workspace.plan.kpis.get(id)?.def;
    if (def) definitions[id] = definitionFingerprint(def);
  }
  const inputs: InputFingerprint[] = [];
  for (const [name, schema] of workspace.schemas) {
    if (!workspace.plan.sources.has(name)) continue;
    const config = schema.config;
    if (config.url !== undefined) {
      inputs.push({ source: name, database: maskUrl(config.url), ...(config.table ? { table: config.schema ? `${config.schema}.${config.table}` : config.table } : {}), ...(config.query ? { query_sha256: textFingerprint(config.query) } : {}) });
      continue;
    }
    for (const file of schema.files) {
      const shown = displayPath(file.path);
      if (!isRegularFile(file.path)) {
        inputs.push({ source: name, path: shown, stream: true });
        continue;
      }
      // The fingerprint is of the file the run read: one rewritten since (or while it is hashed) is KPI_FILE_CHANGED.
      file.unchanged?.();
      const fingerprint = await fileFingerprint(file.path, shown);
      file.unchanged?.();
      inputs.push({ source: name, path: shown, ...fingerprint });
    }
  }
  // How each KPI's figures are shown (README "History"): its unit, the currency of its total, the display settings.
  const formats: Record<string, FigureFormat> = {};
  for (const r of report.results) {
    if (Object.hasOwn(formats, r.kpi) && Object.keys(r.group).length > 0) continue;
    const money = r.unit === 'currency' ? currencyOf(r, context) : undefined;
    const display = context.display?.get(r.kpi);
    formats[r.kpi] = { unit: r.unit, ...(money !== undefined ? { currency: money } : {}), ...(display?.decimals !== undefined ? { decimals: display.decimals } : {}), ...(display?.scale !== undefined ? { scale: display.scale } : {}) };
  }
  const results = report.results.map((r) => {
    // A group in a currency of its own (--by currency) says so; the others show their KPI's.
    const money = r.unit === 'currency' ? currencyOf(r, context) : undefined;
    return {
      kpi: r.kpi,
      group: r.group,
      period: report.period.id,
      value: exactText(r.value),
      target: exactText(r.target),
      status: r.status,
      n: r.n,
      previous: exactText(r.previous),
      ...(money !== undefined && money !== formats[r.kpi]?.currency ? { currency: money } : {}),
    };
  });
  // The series of the same pass (context.series): the periods before the report's, whose figures a later run can
  // find restated. The report's own period (the series' last point) is in results already.
  const past: PastFigure[] = [];
  if (context.series) {
    const byKey = new Map(report.results.map((r) => [resultKey(r), r]));
    for (const [key, points] of context.series) {
      const r = byKey.get(key);
      if (!r) continue;
      for (const p of points) {
        if (p.period.id === report.period.id || p.period.id === report.compare?.id) continue;
        past.push({ kpi: r.kpi, group: r.group, period: p.period.id, value: exactText(p.value) });
      }
    }
  }
  return {
    kpi_history: HISTORY_VERSION,
    run_at: new Date().toISOString(),
    command,
    as_of: context.asOf ?? '',
    period: report.period,
    compare: report.compare,
    config: workspace.project.path ? displayPath(workspace.project.path) : null,
    definitions,
    labels: Object.fromEntries(report.results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.kpi, r.label])),
    formats,
    ...(context.locale !== undefined ? { locale: context.locale } : {}),
    inputs,
    results,
    past,
  };
}
