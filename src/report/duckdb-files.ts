// File sources with `engine: duckdb` (README "Big files on DuckDB"): each CSV is handed to DuckDB with the columns
// the plan reads (sources/database/duckdb-file.ts) and computed by the SQL engine, as a table in a database is; a
// source DuckDB cannot read exactly as kpi would (a value kpi cannot read, a rejected line, a total row, an unknown
// value to locate by line) is left to the streaming engine, which gives the figures and the lines: DuckDB only ever
// makes a report faster, never different. Parquet files are opened as tables (source-schema.ts) and never come here.
import type { AggregateResults, EngineOptions, SourceAggregates } from '../engine/engine.js';
import type { Bounds, Plan, SourcePlan } from '../plan/plan.js';
import type { CsvTable } from '../sources/csv/csv-reader.js';
import type { Locate } from '../sources/database/duckdb-file.js';
import { withCellCurrency, type ColumnRequest, type RowRequest } from '../sources/table.js';
import type { SourceSchema } from '../sources/source-schema.js';
import type { Project } from '../config/project.js';
import { ConfigError } from '../errors.js';
import { mark } from '../util/timing.js';
import { spanPairs } from '../engine/run.js';

/** What happened to the sources that asked for DuckDB in this process (for tests and KPI_TIMING). */
export const duckDbRuns = { computed: 0, fallbacks: [] as string[] };

/**
 * Unknown and ignored values as the streaming engine gives them: each spelled as in its first row, with that row's
 * line, in the order they first occur (the SQL engine knows no lines, and spells a value by its smallest text).
 */
async function locateValues(result: SourceAggregates, locate: Locate): Promise<void> {
  const q = result.quality;
  const unknown = q.unknown_values.filter((u) => u.value !== '(other values)');
  const found = await locate([...unknown, ...q.ignored_values].map((u) => ({ column: u.column, value: u.value })));
  const firstLine = new Map<object, number>();
  [...unknown, ...q.ignored_values].forEach((u, i) => {
    const f = found[i];
    if (!f) return;
    u.value = f.value;
    if ('line' in u) u.line = f.line;
    firstLine.set(u, f.line);
  });
  // Column by column (their order stays), each column's values by their first line; `(other values)` last.
  const order = <T extends { column: string; value: string }>(xs: T[]): T[] => {
    const columns = [...new Set(xs.map((x) => x.column))];
    return columns.flatMap((c) => xs.filter((x) => x.column === c).sort((a, b) => (firstLine.get(a) ?? Infinity) - (firstLine.get(b) ?? Infinity)));
  };
  q.unknown_values = order(q.unknown_values);
  q.ignored_values = order(q.ignored_values);
  // The first empty cell of each amount column, on the streaming engine's line.
  const empties = await locate(q.empty_values.map((e) => ({ column: e.column, value: '', empty: true as const })));
  q.empty_values.forEach((e, i) => {
    if (empties[i]) e.first.line = empties[i].line;
  });
}

/**
 * `--engine` on the command line: `streaming` for every file source; `duckdb` for each source of one CSV or
 * Parquet file that kpi.yaml does not give an engine (workbooks and sources of several files keep kpi's own).
 */
export function applyEngineFlag(project: Project, engine: 'streaming' | 'duckdb'): void {
  for (const [name, config] of Object.entries(project.sources)) {
    if (config.file === undefined || config.url !== undefined) continue;
    // A Parquet file has no other engine.
    if (engine === 'streaming') project.sources[name] = { ...config, engine: typeof config.file === 'string' && /\.parquet$/i.test(config.file) ? 'duckdb' : engine };
    else if (config.engine === undefined && typeof config.file === 'string' && /\.(csv|tsv|txt|parquet)$/i.test(config.file) && !/[*?[{]/.test(config.file)) {
      project.sources[name] = { ...config, engine };
    }
  }
}

/** Does this source ask for DuckDB on its files (a table in a database has its own engine)? */
export const wantsDuckDb = (schema: SourceSchema | undefined): boolean => schema?.config.engine === 'duckdb' && schema.files[0]?.relation === undefined;

/** The request the streaming engine would make of the source's files (engine/run.ts): its slots, as their types. */
function requestOf(sp: SourcePlan, schema: SourceSchema): RowRequest {
  const columns: ColumnRequest[] = sp.slots.map((s) => ({ header: s.field.header, type: s.type, values: s.field.values, ignored: s.field.ignored, fieldType: s.field.type, duration: s.field.duration, scale: s.field.scale }));
  return { source: sp.name, settings: withCellCurrency(schema.config, sp.projectCurrency, sp.currency !== undefined), columns, period: sp.periodSlot };
}

/** Why DuckDB cannot read this source's files at all, whatever they hold: said before any row is read (exit 2). */
function refusal(sp: SourcePlan, schema: SourceSchema): string | undefined {
  const files = schema.files;
  if (files.length !== 1) return `it has ${files.length} files; engine: duckdb reads one CSV or Parquet file per source`;
  const file = files[0] as CsvTable;
  if (file.format !== 'csv' || !file.decided) return `${file.label} is ${file.format === 'csv.gz' ? 'a gzip-compressed CSV' : `not a CSV file (${file.format})`}; engine: duckdb reads a CSV or a Parquet file (.parquet)`;
  if (schema.config.join) return 'it looks fields up in another source (join:), which engine: duckdb does not do yet';
  if (schema.config.chart) return 'its categories come from a chart of accounts (chart:), which engine: duckdb does not do yet';
  return undefined;
}

/**
 * Runs the sources of `plan` that want DuckDB on it where DuckDB reads them exactly; the results of those only
 * (the others are the streaming engine's to read).
 */
export async function runFilesOnDuckDb(plan: Plan, windows: readonly Bounds[], schemas: ReadonlyMap<string, SourceSchema>, options: EngineOptions): Promise<AggregateResults> {
  const out = new Map<string, SourceAggregates>();
  const names = [...plan.sources.keys()].filter((n) => wantsDuckDb(schemas.get(n)));
  if (names.length === 0) return out;
  for (const name of names) {
    const why = refusal(plan.sources.get(name)!, schemas.get(name)!);
    if (why) throw new ConfigError(`source '${name}' has engine: duckdb, but ${why}; remove engine: duckdb to read it with kpi's own engine`, [], 'KPI_ENGINE_UNSUPPORTED');
  }
  const [{ csvOnDuckDb }, { SqlEngine }] = await Promise.all([import('../sources/database/duckdb-file.js'), import('../engine/sql/engine.js')]);
  for (const name of names) {
    const sp = plan.sources.get(name)!;
    const schema = schemas.get(name)!;
    const file = schema.files[0] as CsvTable;
    const opened = await csvOnDuckDb(file, requestOf(sp, schema));
    if ('fallback' in opened) {
      mark(`${name}: read by the streaming engine, not DuckDB: ${opened.fallback}`);
      duckDbRuns.fallbacks.push(opened.fallback);
      continue;
    }
    try {
      const one: Plan = { ...plan, sources: new Map([[name, sp]]) };
      const table = { name, config: schema.config, files: [{ ...file, relation: opened.relation }] };
      const result = (await new SqlEngine().run(one, windows, new Map([[name, table]]), options)).get(name)!;
      // A negative span (resolved before created) is a bad value to locate by line: the streaming engine's to give.
      const negative = result.quality.bad_values.find((b) => spanPairs(sp).some((p) => p.column === b.column));
      if (negative) {
        const why = `${negative.count} negative span(s) '${negative.column}' in ${file.label}, bad values that cannot be read as a duration`;
        mark(`${name}: read by the streaming engine, not DuckDB: ${why}`);
        duckDbRuns.fallbacks.push(why);
        continue;
      }
      await locateValues(result, opened.locate);
      mark(`${name}: computed by DuckDB`);
      duckDbRuns.computed++;
      out.set(name, result);
    } finally {
      await opened.release();
    }
  }
  return out;
}
