// The pipeline of one report: config → sources → plan → one pass per source → evaluation → targets → report model.
import { unmatchedGroupLine, unmatchedGroupTargets } from '../targets/unmatched-groups.js';
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { calendarOf, projectFromSources, type Project } from '../config/project.js';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../util/text.js';
import { Evaluator, Windows } from '../engine/evaluate.js';
import { clean, printedValue, valAbs, valDiv, valSub, type Val } from '../util/exact.js';
import { allDefinitions, buildPlan, kpisByAggregate, type Plan } from './build-plan.js';
import type { RunOptions } from '../engine/run.js';
import { sharedRowsLine } from '../engine/shared-rows.js';
import type { AggregateResults, EngineOptions } from '../engine/engine.js';
import type { Bounds } from '../plan/plan.js';
import { reachedWindows } from '../plan/windows.js';
import { printRef } from '../formula/print.js';
import { ReaderPool, readInParallel } from '../engine/parallel.js';
import { readerFor } from '../sources/readers.js';
import { StreamingEngine } from '../engine/streaming.js';
import { expandFiles } from '../sources/files.js';
import { noteCaseGroups } from './case-groups.js';
import { addsUpAcrossGroups, addsUpOverTime } from '../registry/types.js';
import { comparePeriod, defaultPeriod, parsePeriod, parseDayText, periodJson, previousPeriod, todayDay, yearAgo, type Period } from '../periods/period.js';
import { openSources, type SourceSchema } from '../sources/source-schema.js';
import { lookalikeFix } from '../sources/decode.js';
import type { DataQuality } from '../model/data-quality.js';
import { displayPath } from '../util/display-path.js';
import { compareWithTarget, resolveTarget, type ResolvedTarget, type TargetCalendar } from '../targets/compare.js';
import type { RelativeTarget } from '../targets/targets-file.js';
import { STATUSES, type Status } from '../model/vocabulary.js';
import { formatDay } from '../calendar/days.js';
import type { TargetOverride, TargetsFile } from '../targets/targets-file.js';
import type { TargetSet } from '../targets/target-sets.js';
import { pacedText, paceOf, project as projectToEnd, runningOf, targetToDate } from '../targets/pace.js';
import { mark } from '../util/timing.js';
import { Doubts } from './doubts.js';
import { assertMappingsHeld } from './mapping-held.js';
import type { LocaleId } from '../locale/locales.js';
import { MESSAGES } from '../locale/format.js';
import { applyEngineFlag, runFilesOnDuckDb, wantsDuckDb } from './duckdb-files.js';
import { resultKey, type Report, type ReportContext, type ReportLayout, type ResultBadValues, type ResultRow } from './model.js';
import { resolveLayout } from './layout.js';
import { sourceCoverage, weakest, type SourceCoverage } from './coverage.js';
import { resultCurrency, type CurrencyVerdict } from './currency.js';
import { judgeNoise, sampleSize } from './noise.js';
import { explainResult } from './drivers.js';
import { loadNotes, noteFor, notesMatchingNoGroup } from '../notes/notes.js';
import { periodsBefore, seriesPoint, SERIES_GROUPS } from './series.js';

export { SERIES_PERIODS } from './series.js';

/** What a reading thread runs; in the bundle it is dist/bundle/worker.js, next to every chunk (scripts/bundle.mjs). */
const READING_THREAD = new URL('./worker.js', import.meta.url);

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
  /** Judge a period the data does not cover as usual (met/missed) instead of giving the status `incomplete`. */
  allowIncomplete?: boolean;
  /** Accept every value a figure leaves out because it cannot be read: `kpi check` does not fail on them. */
  allowBadValues?: boolean;
  /** `--locale`: the language and number format of the output, over the project's `locale:`. */
  locale?: LocaleId;
  /** Plan without reading any targets file (kpi init, before it writes one). */
  noTargets?: boolean;
  onProgress?: RunOptions['onProgress'];
  /**
   * `--drivers rep,product`: the fields whose members explain each result (README "Why it moved"); `why`: use
   * kpi.yaml's `drivers:` when no flag names them (report, check, explain --drivers).
   */
  drivers?: string[];
  why?: boolean;
  /** `--engine`: the engine of the file sources DuckDB can read (README "Big files on DuckDB"), over kpi.yaml's. */
  engine?: 'streaming' | 'duckdb';
  /**
   * Also compute each result's series over this many periods of the report's grain (its own included) in the same
   * pass, as ReportContext.series: for the formats that draw sparklines. Unset: no extra windows, nothing extra read.
   */
  series?: number;
}

export interface Workspace {
  project: Project;
  schemas: Map<string, SourceSchema>;
  plan: Plan;
  /** The primary target set (the only one for `targets: file`): status, `kpi check` and exit codes follow it. */
  targets?: TargetsFile;
  /** `targets:` as named sets, in the order written (the primary among them); undefined for one file. */
  targetSets?: TargetSet[];
  primaryTarget?: string;
  asOf: number;
  allowIncomplete: boolean;
  allowBadValues: boolean;
  /** Reading threads planned with the same options, started before planning when a big file is to be read. */
  readers?: ReaderPool;
  /** `report:` in kpi.yaml, its KPI ids checked (undefined without one). */
  layout?: ReportLayout;
}

/** Loads the config, applies --source, opens every source's header and plans the KPIs. No data rows are read yet. */
export async function prepare(options: ReportOptions, readInParallel = false): Promise<Workspace> {
  mark('preparing');
  const { project, added } = await loadProjectFor(options);
  if (options.engine) applyEngineFlag(project, options.engine);
  const readers = readInParallel ? warmReaders(options.strict ?? false, project) : undefined;
  try {
    const asOf = options.asOf === undefined ? todayDay() : parseAsOf(options.asOf);
    // A layout naming a KPI that does not exist is said before any export is opened.
    const layout = resolveLayout(project, new Set(allDefinitions(project).keys()));
    const schemas = await openSources(project);
    mark('sources opened');
    const drivers = options.drivers ?? (options.why ? project.drivers?.by : undefined);
    const plan = buildPlan(project, schemas, { only: options.kpis, by: options.by, drivers });
    mark('planned');
    if (!options.kpis?.length) assertAddedSourcesRead(project, added, plan);
    const targetsPath = options.noTargets ? undefined : (options.targets ?? project.targetsPath ?? defaultTargetsPath(project));
    const definitions = allDefinitions(project);
    // Loaded only when there is a targets file: reading threads never have one. `-t` reads one file, over kpi.yaml's sets.
    const sets = options.noTargets ? [] : options.targets === undefined && project.targetSets ? project.targetSets : targetsPath === undefined ? [] : [{ name: '', config: { file: targetsPath } }];
    let targetSets: TargetSet[] | undefined;
    let targets: TargetsFile | undefined;
    if (sets.length > 0) {
      const { loadTargetSet } = await import('../targets/target-sets.js');
      // A built-in KPI is also known by its label in each language (a Norwegian budget's `Omsetning`).
      const names = (id: string, label: string) => (MESSAGES.en.kpis[id] === label ? (['nb', 'sv', 'da'] as const).flatMap((l) => MESSAGES[l].kpis[id] ?? []) : []);
      const kpis = new Map([...definitions].map(([id, d]) => [id, { label: d.label, unit: d.unit, additive: addsUpOverTime(d), acrossGroups: addsUpAcrossGroups(d), names: names(id, d.label) }]));
      const ctx = { kpis, cal: calendarOf(project), ledgerChart: project.sources.ledger?.chart, currency: project.currency };
      const loaded = await Promise.all(sets.map(async (s) => ({ name: s.name, file: await loadTargetSet(s.config, ctx) })));
      const primary = sets.length === 1 && sets[0].name === '' ? '' : (project.primaryTarget ?? sets[0].name);
      targets = loaded.find((s) => s.name === primary)!.file;
      if (primary !== '') targetSets = loaded;
    }
    return { project, schemas, plan, targets, targetSets, primaryTarget: project.primaryTarget, asOf, allowIncomplete: options.allowIncomplete ?? false, allowBadValues: options.allowBadValues ?? false, readers, layout };
  } catch (err) {
    readers?.close();
    throw err;
  }
}

/**
 * Starts reading threads before planning when a source is one CSV file big enough to be read in parallel (the
 * same test the engine applies later): their start-up then costs no wall time. Undefined when none would be used.
 */
function warmReaders(strict: boolean, project: Project): ReaderPool | undefined {
  const big = Object.entries(project.sources).flatMap(([name, config]) => {
    try {
      if (config.file === undefined || config.engine === 'duckdb') return []; // a database table, or DuckDB's to read
      const files = expandFiles(config.file, project.dir, name);
      return files.length === 1 && readerFor(files[0]).reader.splits === true && readInParallel(statSync(files[0]).size, strict) ? [{ name, config, path: files[0] }] : [];
    } catch {
      return []; // reported when the source is opened
    }
  });
  if (big.length === 0) return undefined;
  const pool = new ReaderPool(READING_THREAD);
  pool.start();
  // The threads open the big files now, while this thread opens every source and plans.
  for (const { name, config, path } of big) pool.open(path, config, name);
  mark('reading threads started');
  return pool;
}

/** `--source <name>=<path>`: a name as kpi.yaml's source names are spelled, then the path (`-` is stdin). */
const SOURCE_SPEC = /^([\p{L}_][\p{L}\p{N}_]*)=(.+)$/u;

/**
 * `--source salg=sales.csv` on a kpi.yaml whose source is `sales` added a source no KPI reads and reported on the
 * configured file: a typo that looks like a run. A name kpi.yaml does not have is a config error unless some KPI
 * reads the source it adds (`--source tickets=…` beside kpi.yaml's sales) or another source looks it up (join:).
 */
function assertAddedSourcesRead(project: Project, added: ReadonlyMap<string, string[]>, plan: Plan): void {
  if (added.size === 0) return;
  const lookedUp = new Set(Object.values(project.sources).flatMap((s) => Object.keys(s.join ?? {})));
  for (const [name, configured] of added) {
    if (plan.sources.has(name) || lookedUp.has(name)) continue;
    const hint = didYouMean(name, configured);
    const where = project.path ?? 'kpi.yaml';
    const names = configured.length ? `its sources are ${configured.join(', ')}` : 'it has no sources';
    throw new ConfigError(`--source ${name}=…: ${where} has no source '${name}' and no KPI reads one${hint || `; ${names}`} (a new source needs a kind: --source tickets=<file>, or kind: under sources: in kpi.yaml)`, [], 'KPI_SOURCE_OPTION');
  }
}

async function loadProjectFor(options: ReportOptions): Promise<{ project: Project; added: Map<string, string[]> }> {
  const configPath = options.config ?? 'kpi.yaml';
  let project: Project;
  if (options.config !== undefined || existsSync(configPath)) project = (await import('../config/load-project.js')).loadProject(configPath);
  else if (options.sources?.length) project = projectFromSources(process.cwd());
  else {
    throw new ConfigError(`no kpi.yaml here; pass -c <config> or --source <name>=<file> (e.g. --source sales=export.csv)`, [], 'KPI_NO_CONFIG');
  }
  // Standard input can be read once: two sources on it would leave the second one empty.
  const fromStdin = new Set<string>();
  for (const spec of options.sources ?? []) {
    const m = SOURCE_SPEC.exec(spec);
    if (m && (m[2] === '-' || m[2] === '/dev/stdin')) fromStdin.add(m[1]);
  }
  if (fromStdin.size > 1) {
    const names = [...fromStdin].join(', ');
    throw new ConfigError(`--source: ${names} all read standard input ('-'), which can be read only once; give all but one a file (e.g. --source ${[...fromStdin][1]}=<file>)`, [], 'KPI_SOURCE_OPTION');
  }
  // Names --source adds to a kpi.yaml that does not have them, with kpi.yaml's own names (for the did-you-mean).
  const configured = Object.keys(project.sources);
  const added = new Map<string, string[]>();
  const fromConfig = options.config !== undefined || existsSync(configPath);
  for (const spec of options.sources ?? []) {
    const m = SOURCE_SPEC.exec(spec);
    if (m && fromConfig && !configured.includes(m[1])) added.set(m[1], configured);
    if (!m) throw new ConfigError(`--source ${spec}: expected <name>=<path>, e.g. --source sales=exports/sales.csv`, [], 'KPI_SOURCE_OPTION');
    const [, name, file] = m;
    const existing = project.sources[name];
    // A path from the command line is relative to the working directory, not to kpi.yaml; `-` is stdin.
    // A file given for a source of kpi.yaml that names a database table reads the file instead of the table.
    const { url: _url, table: _table, schema: _schema, query: _query, timeout: _timeout, ...settings } = existing ?? {};
    project.sources[name] = { ...settings, file: file === '-' ? '/dev/stdin' : resolve(file) };
  }
  return { project, added };
}

function defaultTargetsPath(project: Project): string | undefined {
  for (const candidate of [resolve(project.dir, 'targets.yaml'), resolve('targets.yaml')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function parseAsOf(text: string): number {
  const day = parseDayText(text);
  if (day === undefined) throw new ConfigError(`--as-of ${text}: expected a date like 2026-11-15`, [], 'KPI_AS_OF');
  return day;
}

export interface ComputedReport {
  report: Report;
  context: ReportContext;
  workspace: Workspace;
  results: AggregateResults;
  /** Notes on this period whose group matches no result: said on stderr by the command (README "Notes and owners"). */
  unmatchedNotes?: string[];
}

/**
 * Reads every source once for the given periods: the single pass all commands share. `parallel`: big files may be
 * read by several threads (each is sent its source's plan).
 */
export async function runPasses(workspace: Workspace, periods: Period[], strict: boolean, onProgress?: RunOptions['onProgress'], parallel = false): Promise<Pass> {
  const readers = parallel ? (workspace.readers ?? new ReaderPool(READING_THREAD)) : undefined;
  const windows = new Windows(calendarOf(workspace.project));
  const indices = periods.map((p) => windows.add(p));
  windows.expand(workspace.plan, [...indices, ...relativeWindows(workspace, windows, indices)]);
  const bounds = windows.periods.map((p) => ({ start: p.start, end: p.end }));
  const results = await runEngines(workspace, bounds, { strict, onProgress }, readers);
  mark('engines done');
  // A mapping the user wrote that held on the sample and not after it: the same data error as on the sample.
  for (const [name, sp] of workspace.plan.sources) {
    assertMappingsHeld(sp, workspace.schemas.get(name)!, results.get(name)!, workspace.project.yaml ? (path) => workspace.project.yaml!.locate(path) : undefined);
  }
  for (const [name, result] of results) {
    noteUtf8Lookalike(workspace.schemas.get(name)!, result.quality);
    const kpis = kpisByAggregate(workspace.plan, name);
    for (const bad of result.quality.bad_values) {
      const ids = new Set(bad.aggregates.flatMap((a) => kpis.get(a) ?? []));
      bad.kpis = workspace.plan.order.filter((id) => ids.has(id));
    }
    const empty = workspace.project.sources[name]?.empty;
    for (const e of result.quality.empty_values) {
      const ids = new Set(e.aggregates.flatMap((a) => kpis.get(a) ?? []));
      e.kpis = workspace.plan.order.filter((id) => ids.has(id));
      if (emptyIsZero(empty, e.column, e.field)) e.read_as = 'zero';
    }
  }
  return { windows, indices, results, evaluator: new Evaluator(workspace.plan, windows, results) };
}

/** Whether a source's `empty:` says an empty cell of this column (its header, or its field) is 0. */
export function emptyIsZero(empty: 'zero' | Readonly<Record<string, 'zero'>> | undefined, column: string, field: string): boolean {
  if (empty === undefined) return false;
  if (empty === 'zero') return true;
  return empty[column] === 'zero' || empty[field] === 'zero';
}

/**
 * A file declared windows-1252 whose bytes are UTF-8: its names and categories are misread (`Ã˜ystein`), which no
 * value check sees, so it is said and `kpi check` fails on it (exit 3) unless the source confirms the encoding.
 */
function noteUtf8Lookalike(schema: SourceSchema, quality: DataQuality): void {
  if (schema.config.encoding_confirmed) return;
  const file = schema.files.find((f) => f.utf8Lookalike);
  if (!file) return;
  const l = file.utf8Lookalike!;
  quality.utf8_lookalike = { file: displayPath(file.path), ...l };
  (quality.warnings ??= []).push(
    `${schema.name}: ${displayPath(file.path)} is read as ${l.declared}, but ${lookalikeFix(l)} (kpi check fails on it; if ${l.declared} is right, set encoding_confirmed: true under sources: ${schema.name}:)`,
  );
}

/**
 * Each source on its engine: a database table (`url:`) on the SQL engine of its database, where it lives; files on
 * the streaming engine. The results are one map, whichever engine computed them.
 */
async function runEngines(workspace: Workspace, bounds: Bounds[], options: EngineOptions, readers: ReaderPool | undefined): Promise<AggregateResults> {
  const { plan, schemas } = workspace;
  const only = (keep: (name: string) => boolean): Plan => ({ ...plan, sources: new Map([...plan.sources].filter(([name]) => keep(name))) });
  // Files with `engine: duckdb` that DuckDB reads exactly as kpi would (the others stay with the streaming engine).
  const onDuckDb = [...plan.sources.keys()].some((name) => wantsDuckDb(schemas.get(name)))
    ? await runFilesOnDuckDb(only((name) => wantsDuckDb(schemas.get(name))), bounds, schemas, options)
    : new Map();
  const inDatabase = (name: string) => schemas.get(name)?.files[0]?.relation !== undefined;
  const sql = only(inDatabase);
  if (sql.sources.size === 0 && onDuckDb.size === 0) return new StreamingEngine(readers).run(plan, bounds, schemas, options);
  const files = only((name) => !inDatabase(name) && !onDuckDb.has(name));
  const fromFiles = files.sources.size ? await new StreamingEngine(readers).run(files, bounds, schemas, options) : (readers?.close(), new Map());
  const fromSql = sql.sources.size ? await new (await import('../engine/sql/engine.js')).SqlEngine().run(sql, bounds, schemas, options) : new Map();
  // In the plan's order of sources, as the streaming engine gives them.
  return new Map([...plan.sources.keys()].map((name) => [name, (fromFiles.get(name) ?? onDuckDb.get(name) ?? fromSql.get(name))!]));
}

/**
 * The windows relative targets (`revenue[yoy] * 110%`) read: last year's or the previous period of each period
 * asked, and of the whole period a running one is judged against, so they are computed in the same pass.
 */
function relativeWindows(workspace: Workspace, windows: Windows, indices: number[]): number[] {
  const offsets = new Set<'yoy' | 'prev'>();
  const note = (o: TargetOverride) => {
    if (o.relative && 'offset' in o.relative.base) offsets.add(o.relative.base.offset);
  };
  for (const set of workspace.targetSets?.map((s) => s.file) ?? (workspace.targets ? [workspace.targets] : [])) {
    for (const e of set.entries.values()) {
      note(e);
      for (const o of e.periodOverrides) note(o.spec);
      for (const values of Object.values(e.by ?? {})) for (const o of Object.values(values)) note(o);
    }
  }
  if (offsets.size === 0) return [];
  const cal = calendarOf(workspace.project);
  const out: number[] = [];
  for (const w of indices) {
    const p = windows.periods[w];
    for (const base of p.whole ? [p, p.whole] : [p]) {
      for (const o of offsets) {
        const ref = o === 'yoy' ? yearAgo(base, cal) : previousPeriod(base, cal);
        if (ref) out.push(windows.add(ref, `${o} of a relative target`));
      }
    }
  }
  return out;
}

export interface Pass {
  /** The window of each period asked for, in order. */
  indices: number[];
  windows: Windows;
  results: AggregateResults;
  evaluator: Evaluator;
}

export async function computeReport(options: ReportOptions): Promise<ComputedReport> {
  // A report explains its results by kpi.yaml's drivers: unless told otherwise.
  const workspace = await prepare({ why: true, ...options }, true);
  const { project, plan, asOf, targets } = workspace;
  const cal = calendarOf(project);
  const period: Period = options.period === undefined ? defaultPeriod(asOf, cal) : parsePeriod(options.period, asOf, cal);
  const compare = comparePeriod(period, options.compare ?? 'prev', asOf, cal);
  const before = options.series === undefined ? [] : periodsBefore(period, options.series - 1, cal);
  const asked = compare ? [period, compare] : [period];
  const lastYear = targets && [...targets.entries.values()].some((e) => e.pace === 'last_year') ? lastYearOf(period, asOf, cal) : [];
  const pass = await runPasses(workspace, [...asked, ...before, ...lastYear], options.strict ?? false, options.onProgress, true);
  const [pw, cw] = compare ? pass.indices : [pass.indices[0], undefined];
  const beforeWindows = pass.indices.slice(asked.length);

  const context: ReportContext = { currency: project.currency, targetHow: new Map(), by: plan.by, definitions: definitionsOf(plan), locale: options.locale ?? project.locale, display: project.display, asOf: formatDay(asOf), project: basename(project.dir), ...(workspace.layout ? { layout: workspace.layout } : {}) };
  if (workspace.targetSets) context.targetSets = { names: workspace.targetSets.map((s) => s.name), primary: workspace.primaryTarget ?? workspace.targetSets[0].name };
  const builder = new ResultBuilder(workspace, pass.evaluator, context, pass.results);
  if (lastYear.length === 2) builder.lastYearWindows = { toDate: pass.indices[asked.length + before.length], whole: pass.indices[asked.length + before.length + 1] };
  // The earlier points are results of their own periods: built apart, so their targets' "how" stays out of the report's.
  const series = options.series === undefined ? undefined : (context.series = new Map());
  const pointsBuilder = series && new ResultBuilder(workspace, pass.evaluator, { ...context, targetHow: new Map() }, pass.results);
  const addSeries = (row: ResultRow, key: string | undefined) => {
    if (!series || !pointsBuilder) return;
    const points = before.map((p, i) => seriesPoint(p, pointsBuilder.result(row.kpi, p, beforeWindows[i], undefined, row.group, key)));
    series.set(resultKey(row), [...points, seriesPoint(period, row)]);
  };
  const rows: ResultRow[] = [];
  // Drivers (README "Why it moved"): the settings of kpi.yaml's drivers:, over the fields --drivers names.
  const why = plan.drivers?.length ? { ...project.drivers, by: plan.drivers } : undefined;
  // Noise (README "Is it real"): min_n and significance judge each result by what it stands on.
  const noise = project.significance !== undefined || project.minN !== undefined ? { significance: project.significance, minN: project.minN } : undefined;
  for (const id of plan.order) {
    const total = builder.result(id, period, pw, cw, {}, undefined);
    if (noise) judgeNoise(plan, pass.evaluator, total, pw, undefined, noise);
    if (why) {
      const explained = explainResult(plan, pass.results, pass.evaluator, total, pw, cw, why, false, (dim, member) => builder.memberTarget(id, period, dim, member));
      total.drivers = explained.drivers;
      total.drivers_note = explained.note;
    }
    rows.push(total);
    addSeries(total, undefined);
    const groups = builder.groupsOf(id, pass.results, cw === undefined ? [pw] : [pw, cw]);
    const groupRows = groups.map(([key, group]) => builder.result(id, period, pw, cw, group, key));
    if (noise) groupRows.forEach((r, i) => judgeNoise(plan, pass.evaluator, r, pw, groups[i][0], noise));
    if (why) for (const r of groupRows) Object.assign(r, { drivers: [], drivers_note: null });
    const keyOf = series && new Map(groupRows.map((r, i) => [r, groups[i][0]]));
    if (addsUpAcrossGroups(plan.kpis.get(id)!.def) && total.value) {
      const whole = pass.evaluator.raw(id, pw);
      groupRows.forEach((r, i) => {
        const part = pass.evaluator.raw(id, pw, groups[i][0]);
        r.share = part === null || whole === null ? null : printed(valDiv(part, whole));
      });
    }
    // A loop, not push(...groups): a spread passes every group as an argument and overflows the stack past ~125k.
    const sorted = sortGroups(groupRows);
    for (const r of sorted) rows.push(r);
    if (keyOf) for (const r of sorted.slice(0, SERIES_GROUPS)) addSeries(r, keyOf.get(r));
  }
  // A KPI the targets file sets a target for, but which cannot be computed here, is a result too: never left out.
  if (!options.kpis?.length) {
    for (const [id, why] of plan.unavailable) {
      if (targets?.entries.has(id)) rows.push(builder.unavailable(id, why, period));
    }
  }

  // Notes and owners (README "Notes and owners"): what the meeting said, beside each result.
  const notes = project.notesPath ? loadNotes(project.notesPath, allDefinitions(project).keys()) : undefined;
  const unmatchedNotes = notesMatchingNoGroup(notes, periodJson(period).id, rows);
  if (notes || project.owners) {
    const id = periodJson(period).id;
    for (const r of rows) {
      const n = noteFor(notes, r.kpi, id, r.group);
      r.note = n ? { note: n.note, owner: n.owner ?? null, action: n.action ?? null } : null;
      r.owner = n?.owner ?? project.owners?.[r.kpi] ?? null;
    }
  }
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of rows) summary[r.status]++;
  // Groups of the period that differ only in case (`KARI LÆRUM` beside `Kari Lærum`) are said, not merged.
  noteCaseGroups(plan, pass.results, pw);
  const dataQuality = [...pass.results.values()].map((r) => r.quality);
  // A group's target that no group of the data has (a name mis-decoded, a department renamed): said with the
  // data-quality warnings of the KPI's source, on stderr and in JSON, the run unchanged.
  const sets = workspace.targetSets ?? (targets ? [{ name: '', file: targets }] : []);
  for (const u of unmatchedGroupTargets(sets, rows, plan.by)) {
    const source = [...(plan.kpis.get(u.kpi)?.sources ?? [])][0];
    const q = dataQuality.find((d) => d.source === source) ?? dataQuality[0];
    if (q) (q.warnings ??= []).push(unmatchedGroupLine(u));
  }
  const report: Report = {
    version: 1,
    period: periodJson(period),
    compare: compare ? periodJson(compare) : null,
    results: rows,
    summary,
    data_quality: dataQuality,
  };
  mark('report built');
  return { report, context, workspace, results: pass.results, unmatchedNotes };
}

/**
 * For `pace: last_year` while a period runs: the same elapsed days a year earlier (the whole period's start to
 * --as-of) and the whole period a year earlier; none for a finished period.
 */
export function lastYearOf(period: Period, asOf: number, cal: ReturnType<typeof calendarOf>): Period[] {
  const running = runningOf(period, asOf);
  if (!running) return [];
  const toDate = yearAgo(parsePeriod(`${formatDay(running.whole.start)}..${formatDay(running.through)}`, asOf, cal), cal);
  const whole = yearAgo(running.whole, cal);
  return toDate && whole ? [toDate, whole] : [];
}

/** Biggest first, then by name: deterministic, and every group is shown. */
export function sortGroups(rows: ResultRow[]): ResultRow[] {
  // Names joined once per row, not once per comparison (n log n of them with 100,000 groups).
  const names = new Map(rows.map((r) => [r, Object.values(r.group).join('\u001f')]));
  return rows.sort((a, b) => {
    const av = a.value ?? -Infinity;
    const bv = b.value ?? -Infinity;
    if (av !== bv) return bv - av;
    const an = names.get(a)!;
    const bn = names.get(b)!;
    return an < bn ? -1 : an > bn ? 1 : 0;
  });
}

/** Turns evaluated values into result rows: target resolution, pacing, variance, status and change. */
export class ResultBuilder {
  private readonly coverages = new Map<string, SourceCoverage>();
  private doubts?: Doubts;
  /**
   * For `pace: last_year`: the windows of the same elapsed days a year earlier and of the whole period a year
   * earlier, when the pass computed them (computeReport adds them for a running period).
   */
  lastYearWindows?: { toDate: number; whole: number };

  /** The calendar targets scale with: working days for `per: workday`, the fiscal year for quarters' weights. */
  private get targetCalendar(): TargetCalendar {
    const p = this.workspace.project;
    const retail = p.fiscalCalendar;
    // A retail year's quarters start the month after its end month (NRF: February, May, August, November).
    const fiscalYearStart = retail ? (retail.endMonth % 12) + 1 : p.fiscalYearStart;
    return { ...(p.calendar ? { workdays: p.calendar } : {}), ...(fiscalYearStart === undefined ? {} : { fiscalYearStart }), ...(retail ? { retail } : {}) };
  }

  constructor(
    private readonly workspace: Workspace,
    private readonly evaluator: Evaluator,
    private readonly context: ReportContext,
    private readonly results: AggregateResults,
  ) {}

  /** The coverage of one source in window `w` (the period `period`), computed once per source and window. */
  /**
   * Why a running period is not running in the data, or undefined: a source of the KPI has rows dated after
   * --as-of and inside the period (an export taken later than --as-of says, or rows dated ahead).
   */
  private datedAfterAsOf(id: string, period: Period): string | undefined {
    const asOf = this.workspace.asOf;
    for (const source of this.workspace.plan.kpis.get(id)!.sources) {
      if (this.workspace.plan.sources.get(source)?.periodSlot === undefined) continue;
      const after = this.results.get(source)!.days.filter((d) => d > asOf && d <= period.end);
      if (after.length === 0) continue;
      return `${source}: rows dated ${formatDay(after[0])}${after.length > 1 ? ` – ${formatDay(after[after.length - 1])}` : ''} lie after --as-of ${formatDay(asOf)} inside ${period.id}, so the period is not running in this data and is not projected; give the export's date as --as-of (or a later one), or --period mtd/qtd/ytd for the part up to --as-of`;
    }
    return undefined;
  }

  private coverageOf(source: string, period: Period, w: number): SourceCoverage {
    const key = `${source}|${w}`;
    let c = this.coverages.get(key);
    if (!c) {
      const res = this.results.get(source)!;
      const dated = this.workspace.plan.sources.get(source)?.periodSlot !== undefined;
      c = sourceCoverage({ source, dated, days: res.days, rows: res.rows(w) }, period, this.workspace.asOf);
      this.coverages.set(key, c);
    }
    return c;
  }

  /**
   * Why a window the KPI reads through `rolling(revenue, 12 months)`, `cumulative(revenue)`, `revenue[yoy]` or
   * `revenue[prev]` is not covered by the data, or undefined: twelve months rolled over nine months of data are no
   * twelve-month figure, and growth against half of last January is no growth. (A `[prev]`/`[yoy]` window the data
   * has no row in is no value at all, as before: no_data.)
   */
  private reachedShort(id: string, w: number): string | undefined {
    const windows = this.evaluator.windows;
    for (const { ref, w: at } of reachedWindows(this.workspace.plan, windows, id, w)) {
      if (!ref.offset) continue;
      const whole = ref.offset === 'cumulative' || ref.offset.startsWith('rolling:');
      for (const source of this.workspace.plan.kpis.get(ref.id)!.sources) {
        const c = this.coverageOf(source, windows.periods[at], at);
        if (c.complete === false && (whole || c.first !== null)) return `${printRef(ref)} reads ${windows.periods[at].id}: ${c.reason}`;
      }
    }
    return undefined;
  }

  /**
   * Why KPI `id`'s figure in window `w` stands on data that does not cover it, or undefined: a source of it that
   * does not cover the window, or a window it reads (reachedShort). For the comparison period and the window a
   * relative target reads, judged as the period itself is. A window the KPI's data has no row in is not judged
   * here: its figure is no value (no previous, no target), which says itself.
   */
  private windowShort(id: string, w: number): string | undefined {
    const period = this.evaluator.windows.periods[w];
    for (const source of this.workspace.plan.kpis.get(id)!.sources) {
      const c = this.coverageOf(source, period, w);
      if (c.complete === false && c.first !== null) return c.reason ?? undefined;
    }
    return this.reachedShort(id, w);
  }

  /**
   * Why `pace: last_year` cannot stand on last year's windows (the same elapsed days a year earlier, and that whole
   * period): the data covers only part of one. Judged as the comparison period is (windowShort).
   */
  private lastYearShort(id: string, windows: { toDate: number; whole: number }): string | undefined {
    for (const w of [windows.toDate, windows.whole]) {
      const short = this.windowShort(id, w);
      if (short !== undefined) {
        const from = this.evaluator.windows.periods[windows.whole];
        return `pace: last_year reads ${this.evaluator.windows.periods[w].id}, which the data does not cover: ${short}; no projection from part of last year (give data from ${formatDay(from.start)}, or pace: linear)`;
      }
    }
    return undefined;
  }

  /**
   * Why a KPI cannot be computed from what its sources hold, or undefined: a source with no rows, or none it could
   * read. (A KPI whose columns or sources are missing is not planned at all: see `unavailable`.)
   */
  private emptySource(id: string): string | undefined {
    for (const source of this.workspace.plan.kpis.get(id)!.sources) {
      const q = this.results.get(source)!.quality;
      if (q.rows === 0) return `${source} has no data rows (${q.files.join(', ') || 'no file'})`;
      if (q.skipped >= q.rows) return `${source}: none of its ${q.rows} rows could be read (kpi validate lists them)`;
    }
    return undefined;
  }

  /**
   * README "Why it moved": a driver member's own target — the targets file's target for the group `field = member`
   * in this period, as the group row of `--by field` is judged — or undefined when it has none. A relative target
   * (a figure of another period) is left out: it is the group's own figure, not an amount to split.
   */
  memberTarget(id: string, period: Period, field: string, member: string): number | undefined {
    const def = this.workspace.plan.kpis.get(id)!.def;
    const r = this.targetOf(id, addsUpOverTime(def), period, { [field]: member }, this.workspace.targets);
    return r && !r.relative && r.target !== null ? r.target : undefined;
  }

  /**
   * The target in force. `--period all` has no length, so a target per month (or day, week, …) is scaled to the
   * span of the data, the first to the last date of the KPI's sources, as if that range had been asked; with no
   * dated source such a target cannot apply (no target). Targets that are not per a period apply as written.
   */
  private targetFor(id: string, additive: boolean, period: Period, group: Record<string, string>, targets = this.workspace.targets, key?: string): Resolved | undefined {
    const found = this.targetOf(id, additive, period, group, targets);
    return found?.relative ? this.resolveRelative(found, found.relative, period, key) : found;
  }

  /**
   * A relative target in its period and group: the figure it reads (the KPI last year or in the previous period, in
   * the same group; or the baseline) times its factor. No figure there is no target, with the reason, never 0.
   */
  private resolveRelative(r: ResolvedTarget, rel: RelativeTarget, period: Period, key: string | undefined): Resolved {
    const cal = calendarOf(this.workspace.project);
    let base: number | null;
    let what: string;
    let short: string | undefined;
    if ('baseline' in rel.base) {
      base = r.baseline;
      what = 'baseline';
    } else {
      const { kpi, offset } = rel.base;
      const ref = offset === 'yoy' ? yearAgo(period, cal) : previousPeriod(period, cal);
      const windows = this.evaluator.windows;
      const w = ref ? windows.periods.findIndex((p) => p.start === ref.start && p.end === ref.end && p.grain === ref.grain) : -1;
      what = `${kpi}[${offset}]${ref ? ` (${ref.id})` : ''}`;
      if (!ref || w < 0) base = null;
      else if (!this.workspace.plan.kpis.has(kpi)) {
        return { ...r, how: `no target: ${rel.text} reads ${kpi}, which this run does not compute (add it to --kpi)`, noTarget: `${rel.text}: ${kpi} is not computed in this run` };
      } else {
        base = this.evaluator.value(kpi, w, key);
        // Last January's figure from the half of it the data holds is no target (README "Coverage").
        if (base !== null) short = this.windowShort(kpi, w);
      }
    }
    if (base === null) {
      const why = `${what} has no value${key === undefined ? '' : ' for this group'}`;
      return { ...r, how: `no target: ${rel.text}, and ${why}`, noTarget: `${rel.text}: ${why}` };
    }
    if (short !== undefined && !this.workspace.allowIncomplete) {
      return { ...r, target: null, upper: null, how: `no target: ${rel.text} reads ${what} = ${base}, which the data does not cover: ${short}`, incomplete: `${rel.text} reads ${what}: ${short}` };
    }
    const target = clean(base * rel.factor + rel.add);
    const step = `${rel.factor !== 1 ? ` × ${clean(rel.factor)}` : ''}${rel.add !== 0 ? ` ${rel.add > 0 ? '+' : '−'} ${Math.abs(rel.add)}` : ''}`;
    const upper = rel.bound === 'min' ? r.upper : null;
    const partial = short === undefined ? '' : ` (from data that does not cover it, judged as usual by --allow-incomplete: ${short})`;
    return { ...r, target, upper, how: `${rel.text}: ${what} = ${base}${step} = ${target}${partial}` };
  }

  private targetOf(id: string, additive: boolean, period: Period, group: Record<string, string>, targets: TargetsFile | undefined): ResolvedTarget | undefined {
    const { plan } = this.workspace;
    const entry = targets?.entries.get(id);
    const def = plan.kpis.get(id)!.def;
    if (!entry || Number.isFinite(period.start) || !additive || !entry.per) return resolveTarget(entry, def.better, additive, period, group, this.targetCalendar);
    let first = Infinity;
    let last = -Infinity;
    for (const source of plan.kpis.get(id)!.sources) {
      const days = this.results.get(source)!.days;
      if (days.length === 0) continue;
      first = Math.min(first, days[0]);
      last = Math.max(last, days[days.length - 1]);
    }
    if (!Number.isFinite(first)) {
      const r = resolveTarget(entry, def.better, additive, period, group, this.targetCalendar);
      return r && { ...r, target: null, upper: null, how: `a target per ${entry.per} cannot apply to all: the data has no dates to measure its span` };
    }
    const span = parsePeriod(`${formatDay(first)}..${formatDay(last)}`, this.workspace.asOf);
    const r = resolveTarget(entry, def.better, additive, span, group, this.targetCalendar);
    return r && { ...r, how: `${r.how} (all: the data's span ${span.id})` };
  }

  /** The result of a KPI with a target that the plan left out: status `error`, with the plan's reason. */
  unavailable(id: string, why: string, period: Period): ResultRow {
    const def = allDefinitions(this.workspace.project).get(id)!;
    const entry = this.workspace.targets?.entries.get(id);
    const found = resolveTarget(entry, def.better, addsUpOverTime(def), period, {}, this.targetCalendar);
    // A target per month has no length to scale to in `all` without the data's dates, which this KPI never read.
    const resolved = found && !Number.isFinite(period.start) && entry?.per && addsUpOverTime(def) ? { ...found, target: null } : found;
    const row: ResultRow = {
      kpi: id,
      label: def.label,
      unit: def.unit,
      better: resolved?.better ?? def.better,
      group: {},
      value: null,
      previous: null,
      change: null,
      change_pct: null,
      target: resolved?.target ?? null,
      variance: null,
      variance_pct: null,
      status: 'error',
      baseline: resolved?.baseline ?? null,
      benchmark: resolved?.benchmark ?? null,
      projected: null,
      n: null,
      pace: false,
      share: null,
      unknown_values: 0,
      bad_values: null,
      coverage: null,
      reason: `cannot be computed: ${why}`,
    };
    this.context.targetHow.set(resultKey(row), resolved ? resolved.how : 'no target in the targets file');
    return row;
  }

  /** The currency of a KPI's figure in window `w` (and group), or why amounts of several would be added. */
  currencyOf(id: string, w: number, key: string | undefined): CurrencyVerdict {
    const windows = this.evaluator.windows;
    return resultCurrency(this.workspace.plan, this.results, this.workspace.project.currency, id, w, key, (win, o) => windows.offset(win, o), (win) => windows.periods[win].id);
  }

  /**
   * The values a figure left out, and whether they are accepted: each source's count within its
   * `allow_bad_values:` (a number of values, or a share of the source's rows in the period), or `--allow-bad-values`.
   */
  private badValues(id: string, w: number, doubts: ReturnType<Doubts['of']>): ResultBadValues | null {
    const bad = this.unreadable(id, w, doubts);
    // Rows whose empty amount the figure mixes with their other amounts: said when nothing unreadable is (accepted
    // or not) that already fails the figure; accepted only by --allow-bad-values (`empty: zero` settles them).
    if (!doubts.empty || (bad && !bad.accepted)) return bad;
    const { count, first } = doubts.empty;
    return { count, accepted: this.workspace.allowBadValues || this.allowed(first.source, count, w), first, empty: true };
  }

  /** Whether `n` values left out of a figure in window `w` are within the source's `allow_bad_values:`. */
  private allowed(source: string, n: number, w: number): boolean {
    const allow = this.workspace.project.sources[source]?.allow_bad_values;
    if (allow === undefined) return false;
    return allow.share === undefined ? n <= allow.count : n <= allow.share * this.results.get(source)!.rows(w);
  }

  private unreadable(id: string, w: number, doubts: ReturnType<Doubts['of']>): ResultBadValues | null {
    if (doubts.bad === 0 || doubts.first === null) return null;
    let accepted = this.workspace.allowBadValues;
    if (!accepted) {
      accepted = [...doubts.badBySource].every(([source, n]) => this.allowed(source, n, w));
    }
    return { count: doubts.bad, accepted, first: doubts.first, ...(doubts.undated > 0 ? { no_period: doubts.undated } : {}) };
  }

  /**
   * Rows a KPI's figure in `period` may count wrongly though they were read (ResultRow.doubtful_rows): rows two files
   * of one of its sources share, dated in the period (or undated, or any for a `period: none` KPI); and rows that
   * read like subtotals but do not add up (total-rows.ts), read as data. Empty when none.
   */
  private doubtfulRows(id: string, period: Period): { doubtful_rows?: { rows: number; reason: string } } {
    const planned = this.workspace.plan.kpis.get(id)!;
    const always = planned.def.period === 'none';
    let rows = 0;
    const reasons: string[] = [];
    for (const source of planned.sources) {
      const q = this.results.get(source)?.quality;
      if (!q) continue;
      for (const p of q.shared_rows ?? []) {
        const inPeriod = always || p.dates === null || ((parseDayText(p.dates.last) ?? Infinity) >= period.start && (parseDayText(p.dates.first) ?? -Infinity) <= period.end);
        if (!inPeriod) continue;
        rows += p.rows;
        reasons.push(sharedRowsLine(source, p));
      }
      const possible = q.possible_total_rows ?? [];
      if (possible.length > 0) {
        rows += possible.length;
        const first = possible[0];
        reasons.push(`${source}: ${possible.length === 1 ? 'a row reads' : `${possible.length} rows read`} like a subtotal but ${possible.length === 1 ? 'its amounts are' : 'their amounts are'} not the sum of the rows above (first: ${first.file}:${first.line} ${JSON.stringify(first.label ?? '')}), so ${possible.length === 1 ? 'it is' : 'they are'} counted as data; remove such a line from the export if it is a subtotal, or give it its date if it is data (kpi check fails on it)`);
      }
    }
    return rows === 0 ? {} : { doubtful_rows: { rows, reason: reasons.join('; ') } };
  }

  /** The groups (key and field values) a KPI has in the given windows, when it can be broken down. */
  groupsOf(id: string, results: AggregateResults, windows: number[]): [string, Record<string, string>][] {
    const { plan } = this.workspace;
    const planned = plan.kpis.get(id)!;
    if (!planned.groupable) return [];
    const groups = new Map<string, string[]>();
    for (const source of planned.sources) {
      for (const w of windows) {
        for (const [key, values] of results.get(source)!.groups(w)) groups.set(key, values as string[]);
      }
    }
    return [...groups].map(([key, values]) => [key, Object.fromEntries(plan.by.map((f, i) => [f, values[i]]))]);
  }

  result(id: string, period: Period, w: number, cw: number | undefined, group: Record<string, string>, key: string | undefined): ResultRow {
    const { project, plan, targets, asOf } = this.workspace;
    const def = plan.kpis.get(id)!.def;
    const value = this.evaluator.value(id, w, key);
    let previous = cw === undefined ? null : this.evaluator.value(id, cw, key);
    // A comparison period the data only partly covers is judged as the period is: its figure (and the change from
    // it) is withheld, with why, unless --allow-incomplete takes it as it is (said all the same).
    const compareShort = cw === undefined || previous === null ? undefined : this.windowShort(id, cw);
    const previousReason = compareShort === undefined ? undefined : `${this.workspace.allowIncomplete ? 'previous from data that does not cover it' : 'previous withheld'} (${this.evaluator.windows.periods[cw!].id}): ${compareShort}`;
    if (compareShort !== undefined && !this.workspace.allowIncomplete) previous = null;
    // Amounts over the period scale their targets and are projected; stocks (headcount) and averages are not.
    const additive = addsUpOverTime(def);
    // The plan's shape for a running period (`pace:` of the target): linear by days unless it says otherwise.
    const entry = targets?.entries.get(id);
    // A running period is judged on pace: additive KPIs by their projection against the whole period's target.
    const running = runningOf(period, asOf);
    const resolved = this.targetFor(id, additive, running ? running.whole : period, group, undefined, key);
    // A target made of its months' own figures (a budget sheet) paces by them unless its pace: says otherwise.
    const mode = additive ? (entry?.pace ?? (resolved?.months ? 'months' : 'linear')) : 'linear';
    const lastYear = mode === 'last_year' && this.lastYearWindows ? { toDate: this.evaluator.value(id, this.lastYearWindows.toDate, key), whole: this.evaluator.value(id, this.lastYearWindows.whole, key) } : undefined;
    // Last year's shape from a year the data holds only part of is no shape (README "Coverage"): judged as a
    // comparison window is; the pace is withheld, with why, unless --allow-incomplete takes it as it is.
    const lastYearShort = lastYear && this.lastYearWindows ? this.lastYearShort(id, this.lastYearWindows) : undefined;
    const paceWithheld = lastYearShort !== undefined && !this.workspace.allowIncomplete;
    const pace = paceOf(period, asOf, mode, { monthWeights: entry?.monthWeights, calendar: project.calendar, lastYear, months: resolved?.months, ...(project.fiscalCalendar ? { retail: project.fiscalCalendar } : {}) });
    // Rows dated after --as-of inside a "running" period: the value already holds them, so projecting it from the
    // days so far would count the rest of the period twice (a month's 1.46 M "on pace" for 3.0 M). No projection
    // then, and no verdict on pace: the data says the period is not running.
    const ahead = pace ? this.datedAfterAsOf(id, period) : undefined;
    const projected = pace && additive && value !== null && ahead === undefined && !paceWithheld ? projectToEnd(value, pace) : null;
    const toDate = pace && additive && resolved && resolved.target !== null && !paceWithheld ? targetToDate(resolved.target, pace) : null;
    const rawValue = this.evaluator.raw(id, w, key);
    const cmp = compareWithTarget(projected ?? value, resolved, projected === null ? rawValue : null);
    if (pace && pace.share < project.paceMinShare && (cmp.status === 'met' || cmp.status === 'at_risk' || cmp.status === 'missed')) {
      cmp.status = 'early';
    }
    // No verdict on data that does not cover the period, nor on a KPI with a target that has nothing to read.
    const coverage = weakest([...plan.kpis.get(id)!.sources].map((s) => this.coverageOf(s, period, w))) ?? null;
    let reason: string | null = null;
    const empty = this.emptySource(id);
    if (empty !== undefined) {
      // With a target it is an error (`kpi check` fails); without one there is simply no data.
      if (targets?.entries.has(id)) {
        cmp.status = 'error';
        reason = `cannot be computed: ${empty}`;
      } else cmp.status = 'no_data';
    } else if (coverage?.complete === false && !this.workspace.allowIncomplete) {
      cmp.status = 'incomplete';
      reason = coverage.reason;
    } else if (!this.workspace.allowIncomplete) {
      const short = this.reachedShort(id, w);
      if (short !== undefined) {
        cmp.status = 'incomplete';
        reason = short;
      }
    }
    // A relative target whose base has no figure: no target, and why. One read from a window the data does not
    // cover is no target either, and no verdict: incomplete, as the period's own would be.
    if (reason === null && cmp.status === 'no_target' && resolved?.noTarget) reason = resolved.noTarget;
    if (reason === null && resolved?.incomplete !== undefined && cmp.status !== 'no_data') {
      cmp.status = 'incomplete';
      reason = resolved.incomplete;
    }
    if (paceWithheld && reason === null && cmp.status !== 'no_data' && cmp.status !== 'no_target') {
      // The value so far against the whole period's target is no variance either: nothing is compared.
      Object.assign(cmp, { status: 'incomplete', variance: null, variance_pct: null });
      reason = lastYearShort!;
    }
    if (ahead !== undefined && reason === null && cmp.status !== 'no_data') {
      // With a target it is an error (`kpi check` fails); without one the figure stands, unprojected, with why.
      if (cmp.status !== 'no_target') cmp.status = 'error';
      reason = ahead;
    }
    const doubts = (this.doubts ??= new Doubts(plan, this.results, (at, o) => this.evaluator.windows.offset(at, o), (source, column, field) => emptyIsZero(this.workspace.project.sources[source]?.empty, column, field))).of(id, w, key);
    // Change and its share from the unrounded figures, each rounded once (exact.ts): 0.25 against 2/11 is +0.375.
    const rawPrevious = cw === undefined || previous === null ? null : this.evaluator.raw(id, cw, key);
    const delta = value === null || previous === null || rawValue === null || rawPrevious === null ? null : valSub(rawValue, rawPrevious);
    const change = printed(delta);
    const row: ResultRow = {
      kpi: id,
      label: def.label,
      unit: def.unit,
      better: resolved?.better ?? def.better,
      group,
      value,
      previous,
      change,
      change_pct: delta === null || previous === 0 || rawPrevious === null ? null : printed(valDiv(delta, valAbs(rawPrevious))),
      target: cmp.target,
      variance: cmp.variance,
      variance_pct: cmp.variance_pct,
      status: cmp.status,
      baseline: resolved?.baseline ?? null,
      benchmark: resolved?.benchmark ?? null,
      projected,
      n: sampleSize(plan, this.results, id, w, key),
      pace: projected !== null,
      ...(pace && additive ? { target_to_date: toDate, pace_by: pace.by } : {}),
      share: null,
      unknown_values: doubts.unknown,
      bad_values: this.badValues(id, w, doubts),
      ...this.doubtfulRows(id, period),
      coverage: coverage === null ? null : { source: coverage.source, first: coverage.first, last: coverage.last, rows: coverage.rows, complete: coverage.complete },
      reason,
      ...(previousReason === undefined ? {} : { previous_reason: previousReason }),
    };
    const paced = !(pace && additive)
      ? ''
      : paceWithheld
        ? `; not paced: ${lastYearShort}`
        : `; ${pacedText(pace, mode, toDate, asOf)}${lastYearShort === undefined ? '' : ` (from data that does not cover it, taken as it is by --allow-incomplete: ${lastYearShort})`}`;
    this.context.targetHow.set(resultKey(row), `${resolved ? resolved.how : 'no target in the targets file'}${paced}`);
    if (this.workspace.targetSets) {
      // Each set judged as the primary is (pacing, early, no data), its figures beside the primary's.
      const sets: NonNullable<ResultRow['targets']> = {};
      const hows: Record<string, string> = {};
      for (const set of this.workspace.targetSets) {
        if (set.name === this.workspace.primaryTarget || (this.workspace.primaryTarget === undefined && set === this.workspace.targetSets[0])) {
          sets[set.name] = { target: cmp.target, variance: cmp.variance, variance_pct: cmp.variance_pct, status: cmp.status };
          hows[set.name] = resolved ? resolved.how : 'no target';
          continue;
        }
        const r = this.targetFor(id, additive, pace ? pace.whole : period, group, set.file, key);
        const c = compareWithTarget(projected ?? value, r, projected === null ? rawValue : null);
        let status = c.status;
        // What keeps the primary set from a verdict keeps every set from one.
        if (r?.incomplete !== undefined && value !== null && cmp.status !== 'error') status = 'incomplete';
        else if (c.target === null) status = value === null ? 'no_data' : 'no_target';
        else if (cmp.status === 'error' || cmp.status === 'incomplete' || cmp.status === 'no_data') status = cmp.status;
        else if (cmp.status === 'early' && (status === 'met' || status === 'at_risk' || status === 'missed')) status = 'early';
        sets[set.name] = { target: c.target, variance: c.variance, variance_pct: c.variance_pct, status };
        hows[set.name] = r ? r.how : 'no target';
      }
      row.targets = sets;
      (this.context.targetSetHow ??= new Map()).set(resultKey(row), hows);
    }
    this.applyCurrency(row, id, w, cw, key);
    this.applySignDoubt(row, id);
    // A figure the currencies took away (applyCurrency) has no variance against any set either.
    if (row.targets && row.value === null) {
      for (const t of Object.values(row.targets)) Object.assign(t, { variance: null, variance_pct: null, ...(row.status === 'error' || row.status === 'no_data' ? { status: row.status } : {}) });
    }
    return row;
  }

  /**
   * A ledger whose sign convention was detected from lines that do not settle it (engine/run.ts, noteSigns): every
   * figure read from it may have the wrong sign (revenue −90,000), so it has no value and the status `error`, with
   * the `sign:` that settles it — never a confident negative revenue.
   */
  private applySignDoubt(row: ResultRow, id: string): void {
    const doubt = [...this.workspace.plan.kpis.get(id)!.sources].map((s) => this.results.get(s)?.quality.sign?.doubt).find((d) => d !== undefined);
    if (doubt === undefined) return;
    Object.assign(row, { value: null, previous: null, change: null, change_pct: null, variance: null, variance_pct: null, projected: null, pace: false, status: 'error', reason: doubt } satisfies Partial<ResultRow>);
    if (row.targets) for (const t of Object.values(row.targets)) Object.assign(t, { variance: null, variance_pct: null, status: 'error' });
  }

  /**
   * Amounts of different currencies are never added: a figure whose rows carry several (or one that is not the
   * project's) has no value and the status `error`, with the rows and the fix; a previous period like that is no
   * previous value. With --by currency, the total across currencies is no figure (`no_data`): the groups are.
   */
  private applyCurrency(row: ResultRow, id: string, w: number, cw: number | undefined, key: string | undefined): void {
    const now = this.currencyOf(id, w, key);
    const before = cw === undefined ? {} : this.currencyOf(id, cw, key);
    if (before.problem && !now.problem) Object.assign(row, { previous: null, change: null, change_pct: null });
    if (!now.problem) {
      if (now.currency !== undefined && now.currency !== this.context.currency?.trim().toUpperCase()) row.currency = now.currency;
      return;
    }
    // Grouped by the currency column (--by currency, or its header's name): the groups are the figures.
    const planned = this.workspace.plan.kpis.get(id)!;
    const perGroup = key === undefined && planned.groupable && [...planned.sources].some((s) => this.workspace.plan.sources.get(s)?.currency?.byCurrency === true);
    Object.assign(row, {
      value: null,
      previous: null,
      change: null,
      change_pct: null,
      variance: null,
      variance_pct: null,
      projected: null,
      pace: false,
      status: perGroup ? 'no_data' : 'error',
      reason: perGroup ? `no total across currencies: ${now.problem.replace(/; convert them with fx:.*$/, '')}; each currency is a group below` : now.problem,
    } satisfies Partial<ResultRow>);
  }
}

/** A resolved target; `incomplete`: why a relative target's base window is not covered by the data (no target then). */
type Resolved = ResolvedTarget & { incomplete?: string };

/** A derived figure as printed; null for no value (a division by zero). */
function printed(val: Val | null): number | null {
  return val === null ? null : printedValue(val).value;
}

/** The definitions of every KPI the plan evaluates. */
export function definitionsOf(plan: Plan): ReportContext['definitions'] {
  return new Map([...plan.kpis].map(([id, k]) => [id, { formula: k.def.formula, description: k.def.description, reference: k.def.reference }]));
}
