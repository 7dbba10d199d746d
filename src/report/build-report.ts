// The pipeline of one report: config → sources → plan → one pass per source → evaluation → targets → report model.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadProject, projectFromSources, type Project } from '../config/project.js';
import { ConfigError } from '../errors.js';
import { Evaluator, Windows, clean } from '../engine/evaluate.js';
import { allDefinitions, buildPlan, type Plan } from '../engine/plan.js';
import { runSource, type SourceResult } from '../engine/run.js';
import { isAdditiveUnit } from '../registry/types.js';
import { comparePeriod, defaultPeriod, parsePeriod, parseDayText, periodJson, todayDay, type Period } from '../periods/period.js';
import { openSources, type SourceSchema } from '../sources/source-schema.js';
import { compareWithTarget, resolveTarget, STATUSES, type Status } from '../targets/compare.js';
import { loadTargets, type TargetsFile } from '../targets/targets-file.js';
import { paceOf, project as projectToEnd } from '../targets/pace.js';
import { resultKey, type Report, type ReportContext, type ResultRow } from './model.js';

export interface ReportOptions {
  config?: string;
  targets?: string;
  period?: string;
  asOf?: string;
  compare?: string;
  by?: string[];
  kpis?: string[];
  sources?: string[];
  strict?: boolean;
}

export interface Workspace {
  project: Project;
  schemas: Map<string, SourceSchema>;
  plan: Plan;
  targets?: TargetsFile;
  asOf: number;
}

/** Loads the config, applies --source, opens every source's header and plans the KPIs. No data rows are read yet. */
export async function prepare(options: ReportOptions): Promise<Workspace> {
  const project = loadProjectFor(options);
  const asOf = options.asOf === undefined ? todayDay() : parseAsOf(options.asOf);
  const schemas = await openSources(project);
  const plan = buildPlan(project, schemas, { only: options.kpis, by: options.by });
  const targetsPath = options.targets ?? project.targetsPath ?? defaultTargetsPath(project);
  const targets = targetsPath === undefined ? undefined : loadTargets(targetsPath, allDefinitions(project).keys(), { weekStarts: project.weekStarts });
  return { project, schemas, plan, targets, asOf };
}

function loadProjectFor(options: ReportOptions): Project {
  const configPath = options.config ?? 'kpi.yaml';
  let project: Project;
  if (options.config !== undefined || existsSync(configPath)) project = loadProject(configPath);
  else if (options.sources?.length) project = projectFromSources(process.cwd());
  else {
    throw new ConfigError(`no kpi.yaml here; pass -c <config> or --source <name>=<file> (e.g. --source sales=export.csv)`);
  }
  for (const spec of options.sources ?? []) {
    const m = /^([\p{L}_][\p{L}\p{N}_]*)=(.+)$/u.exec(spec);
    if (!m) throw new ConfigError(`--source ${spec}: expected <name>=<path>, e.g. --source sales=exports/sales.csv`);
    const [, name, file] = m;
    const existing = project.sources[name];
    // A path from the command line is relative to the working directory, not to kpi.yaml.
    project.sources[name] = { ...(existing ?? {}), file: resolve(file) };
  }
  return project;
}

function defaultTargetsPath(project: Project): string | undefined {
  for (const candidate of [resolve(project.dir, 'targets.yaml'), resolve('targets.yaml')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function parseAsOf(text: string): number {
  const day = parseDayText(text);
  if (day === undefined) throw new ConfigError(`--as-of ${text}: expected a date like 2026-11-15`);
  return day;
}

export interface ComputedReport {
  report: Report;
  context: ReportContext;
  workspace: Workspace;
  results: Map<string, SourceResult>;
}

export async function computeReport(options: ReportOptions): Promise<ComputedReport> {
  const workspace = await prepare(options);
  const { project, plan, targets, asOf } = workspace;
  const cal = { weekStarts: project.weekStarts };
  const period: Period = options.period === undefined ? defaultPeriod(asOf) : parsePeriod(options.period, asOf, cal);
  const compare = comparePeriod(period, options.compare ?? 'prev', asOf, cal);

  const windows = new Windows(cal);
  const pw = windows.add(period);
  const cw = compare ? windows.add(compare) : undefined;
  windows.expand(plan, cw === undefined ? [pw] : [pw, cw]);

  const results = new Map<string, SourceResult>();
  const bounds = windows.periods.map((p) => ({ start: p.start, end: p.end }));
  for (const [name, sp] of plan.sources) {
    results.set(name, await runSource(sp, bounds, { strict: options.strict ?? false }));
  }

  const evaluator = new Evaluator(plan, windows, results);
  const pace = paceOf(period, asOf);
  const context: ReportContext = { currency: project.currency, targetHow: new Map(), by: plan.by };
  const rows: ResultRow[] = [];
  for (const id of plan.order) {
    const planned = plan.kpis.get(id)!;
    const def = planned.def;
    const entry = targets?.entries.get(id);
    const makeRow = (group: Record<string, string>, key: string | undefined): ResultRow => {
      const value = evaluator.value(id, pw, key);
      const previous = cw === undefined ? null : evaluator.value(id, cw, key);
      const additive = isAdditiveUnit(def.unit);
      // A running period is judged on pace: additive KPIs by their projection against the whole period's target.
      const resolved = resolveTarget(entry, def.better, additive, pace ? pace.whole : period, group);
      const projected = pace && additive && value !== null ? projectToEnd(value, pace) : null;
      const cmp = compareWithTarget(projected ?? value, resolved);
      if (pace && pace.share < project.paceMinShare && (cmp.status === 'met' || cmp.status === 'at_risk' || cmp.status === 'missed')) {
        cmp.status = 'early';
      }
      const change = value === null || previous === null ? null : clean(value - previous);
      const row: ResultRow = {
        kpi: id,
        label: def.label,
        unit: def.unit,
        better: resolved?.better ?? def.better,
        group,
        value,
        previous,
        change,
        change_pct: change === null || previous === 0 || previous === null ? null : clean(change / Math.abs(previous)),
        target: cmp.target,
        variance: cmp.variance,
        variance_pct: cmp.variance_pct,
        status: cmp.status,
        baseline: resolved?.baseline ?? null,
        benchmark: resolved?.benchmark ?? null,
        projected,
        pace: projected !== null,
      };
      context.targetHow.set(resultKey(row), resolved ? resolved.how : 'no target in the targets file');
      return row;
    };
    rows.push(makeRow({}, undefined));
    if (planned.groupable) {
      const groups = new Map<string, string[]>();
      for (const source of planned.sources) {
        for (const w of [pw, ...(cw === undefined ? [] : [cw])]) {
          for (const [key, g] of results.get(source)!.windows[w].groups) groups.set(key, g.values);
        }
      }
      const groupRows = [...groups].map(([key, values]) =>
        makeRow(Object.fromEntries(plan.by.map((f, i) => [f, values[i]])), key),
      );
      // Biggest first, then by name: deterministic, and every group is shown.
      groupRows.sort((a, b) => {
        const av = a.value ?? -Infinity;
        const bv = b.value ?? -Infinity;
        if (av !== bv) return bv - av;
        const an = Object.values(a.group).join('\u001f');
        const bn = Object.values(b.group).join('\u001f');
        return an < bn ? -1 : an > bn ? 1 : 0;
      });
      rows.push(...groupRows);
    }
  }

  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of rows) summary[r.status]++;
  const report: Report = {
    version: 1,
    period: periodJson(period),
    compare: compare ? periodJson(compare) : null,
    results: rows,
    summary,
    data_quality: [...results.values()].map((r) => r.quality),
  };
  return { report, context, workspace, results };
}
