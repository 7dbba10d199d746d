// What fields a configured source offers: canonical fields mapped to headers, plus every header as a field.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { SourceConfig, Project } from '../config/project.js';
import { ConfigError, DataError } from '../errors.js';
import { closest, editDistance, snakeCase } from '../util/text.js';
import { headerNames, matchField } from './auto-map.js';
import { bothOrAll, columnPositions, distinctHeaders, positionalColumn } from './headers.js';
import { exampleList, readsAs, sampledType, sampleFit, typeWords, type SampleFit } from './sample-fit.js';
import { readerFor } from './readers.js';
import { withChart } from './chart-column.js';
import type { RecordTable, SourceFile, Table } from './table.js';
import { rowsOfCells } from './typed-rows.js';
import { assertDistinctFiles } from './same-files.js';
import { displayPath, expandFiles } from './files.js';
import { joinedTable, joinSpecs, loadLookup, openingOrder, type Lookup } from './join.js';
import { sourceKind, type CanonicalField, type FieldType, type SourceKind } from './kinds.js';
import { unitFromHeader } from './parse-duration.js';
import type { DurationUnit } from '../model/vocabulary.js';

export type { ResolvedField } from '../model/vocabulary.js';
import type { ResolvedField } from '../model/vocabulary.js';
import { lookalikeFix } from './decode.js';

export interface SourceSchema {
  name: string;
  kind?: SourceKind;
  config: SourceConfig;
  files: Table[];
  headers: string[];
  periodField?: ResolvedField;
  /** Canonical fields that no column maps to, with the reason. */
  unmapped: Map<string, string>;
  /** Why kpi left some columns that looked right by name unmapped, and which headers the export repeats. */
  notes: string[];
  /** Of those, the guesses not taken (not `~`, not repeated headers): said by `kpi report` too, as KPIs go missing. */
  guessNotes: string[];
  /** Looks a field up by name, or by exact header (or `#5`, the fifth column) when written in backticks. */
  field(name: string, quoted: boolean): ResolvedField | undefined;
  /** Why a name is not a field although the export seems to have it: unmapped, or several columns answer to it. */
  whyNot(name: string, quoted: boolean): string | undefined;
  /** How the sampled values of a field's column read as a type (from the first file). */
  fit(field: ResolvedField, type: FieldType): SampleFit;
  /** What the sampled values of a field's column look like: how a field of the user's own is typed by its values. */
  sampledType(field: ResolvedField): FieldType | undefined;
  /** The YAML that would map a canonical field the export lacks to its likeliest column: `columns: { amount: "Beløp" }`. */
  mappingFor(field: string): string;
  /** Names offered in did-you-mean hints. */
  fieldNames(): string[];
}

/** How the reason of a field the export simply lacks begins. */
export const NO_COLUMN = 'no column is named';

export async function openSources(project: Project): Promise<Map<string, SourceSchema>> {
  const opened = new Map<string, SourceSchema>();
  // Looked-up sources first (join.ts): a source that joins another is opened with its lookups in memory.
  for (const name of openingOrder(project)) opened.set(name, await openSource(name, project.sources[name], project, opened));
  // In the order kpi.yaml names them, as before.
  return new Map(Object.keys(project.sources).map((name) => [name, opened.get(name)!]));
}

async function openSource(name: string, config: SourceConfig, project: Project, opened: ReadonlyMap<string, SourceSchema> = new Map()): Promise<SourceSchema> {
  const kindName = config.kind ?? name;
  const kind = sourceKind(kindName);
  if (config.kind !== undefined && !kind) {
    throw new ConfigError(`source '${name}': unknown kind '${config.kind}'`, [], 'KPI_SOURCE_KIND');
  }
  const files: Table[] = [];
  if (config.url !== undefined) files.push(withRows(await (await import('./database/open-table.js')).openDatabaseTable(name, config, project)));
  else {
    const paths = expandFiles(config.file!, project.dir, name);
    await assertDistinctFiles(name, paths);
    for (const path of paths) {
      // A Parquet file is DuckDB's to read, as a table typed by its schema (sources/database/duckdb-file.ts).
      if (/\.parquet$/i.test(path)) files.push(withRows(await (await import('./database/duckdb-file.js')).openParquet(path, name, config.engine)));
      else files.push(await openFile(path, config, name));
    }
  }
  const joins = joinSpecs(config);
  /** Each looked-up column's key column in this source. */
  const joinKeyOf = new Map<string, string>();
  const joinedBy = (header: string) => (joinKeyOf.has(header) ? { joinedBy: joinKeyOf.get(header)! } : {});
  /** The columns of the source's own files: a looked-up column is never taken for a number field by name. */
  const ownWidth = files[0].headers.length;
  if (joins.length) {
    const lookups: Lookup[] = [];
    for (const spec of joins) {
      const lookup = opened.get(spec.source)!;
      lookups.push(await loadLookup(name, files[0].headers, spec, lookup.files, lookup.config, project));
    }
    for (let i = 0; i < files.length; i++) files[i] = joinedTable(files[i], name, config, lookups);
    for (const l of lookups) for (const header of l.names) joinKeyOf.set(header, l.spec.on);
  }
  const first = files[0];
  const headers = first.headers;
  const duplicates = first.duplicateHeaders ?? new Map<string, number[]>();
  const byName = new Map<string, ResolvedField>();
  const byHeader = new Map<string, ResolvedField>();
  const unmapped = new Map<string, string>();
  /** For a canonical field the export lacks: the end of its reason, the YAML that maps it (see suggestColumn). */
  const absentHint = new Map<string, () => string>();
  const hints = new Map<string, string>();
  const notes: string[] = [];
  // Said by validate and explain only: what the user chose (`~`) and how repeated headers are named.
  const configNotes: string[] = [];
  const sampled = new Map<string, FieldType | undefined>();
  const { maps: valueMaps, ignored } = buildValueMaps(config, kind);
  const valuesOf = (field: string) => ({ values: valueMaps.get(field), ignored: ignored.get(field) });
  const at = (path: (string | number)[]) => (project.yaml ? `${project.yaml.locate(['sources', name, ...path])}: ` : '');
  const canonicalOf = (field: string) => kind?.fields.find((f) => f.name === field);
  // How a column's sample reads as a field's type depends on the column, the type and the field's own words: each is
  // worked out once (the money fields ask every VAT variant's column, and a sample is up to 500 rows in three formats).
  const fits = new Map<string, ReturnType<typeof sampleFit>>();
  const fitOf = (column: number, field: { name: string; type: FieldType }) => {
    const key = `${column}\u0000${field.type}\u0000${field.name}`;
    let fit = fits.get(key);
    if (!fit) fits.set(key, (fit = sampleFit(first, column, field.type, config, { ...valuesOf(field.name), duration: canonicalOf(field.name)?.duration ?? (config.units?.[field.name] ? {} : undefined) })));
    return fit;
  };
  const add = (field: string, header: string, canonical: CanonicalField | undefined) =>
    byName.set(field, { name: field, header, type: canonical?.type ?? (durationOf(field, header, canonical) ? 'number' : undefined), ...valuesOf(field), required: !!canonical?.required, ...withDuration(field, header, canonical), ...(canonical?.scale ? { scale: canonical.scale } : {}), ...joinedBy(header) });
  /** A canonical duration field, or a column `units:` names: read as a duration, plain numbers in the unit said. */
  const durationOf = (field: string, header: string, canonical: CanonicalField | undefined): { unit?: DurationUnit } | undefined => {
    const said = config.units?.[field] ?? config.units?.[header];
    if (!canonical?.duration && !said) return undefined;
    return { unit: said ?? unitFromHeader(snakeCase(header)) ?? canonical?.duration?.unit };
  };
  const withDuration = (field: string, header: string, canonical: CanonicalField | undefined) => {
    const duration = durationOf(field, header, canonical);
    return duration ? { duration } : {};
  };

  // 1. Explicit `columns:` mappings; `~` unmaps a field, as if the export had no such column.
  for (const [field, written] of Object.entries(config.columns ?? {})) {
    if (written === null) {
      unmapped.set(field, `unmapped in kpi.yaml (columns: { ${field}: ~ })`);
      configNotes.push(`${field} is unmapped in kpi.yaml (columns: { ${field}: ~ })`);
      continue;
    }
    const column = lookupColumn(written, headers, duplicates);
    if (typeof column === 'string') {
      throw new DataError(`${at(['columns', field])}source '${name}': columns: { ${field}: ${JSON.stringify(written)} } names no one column: ${column}`, [], {
        code: 'KPI_COLUMN_AMBIGUOUS',
        file: displayPath(first.path),
        column: written,
      });
    }
    if (column === undefined) {
      const hint = closest(written, headers);
      // A header misread in a declared encoding the bytes are not in (BelÃ¸p): the encoding is the fix, not the name.
      const fix = first.utf8Lookalike ? `; ${lookalikeFix(first.utf8Lookalike)}` : hint ? `; did you mean '${hint}'?` : '';
      throw new DataError(
        `${at(['columns', field])}source '${name}': column '${written}' (mapped to ${field}) not found in ${displayPath(first.path)}${fix}`,
        [`headers found: ${headers.join(', ')}`],
        { code: 'KPI_COLUMN_NOT_FOUND', file: displayPath(first.path), column: written },
      );
    }
    const canonical = canonicalOf(field);
    // A mapping the user wrote is not second-guessed, but one that cannot work is said now, not as every row skipped.
    if (canonical && canonical.type !== 'text') assertReads(first, column, canonical.type, fitOf(column, canonical), `${at(['columns', field])}source '${name}'`, field);
    add(field, headers[column], canonical);
  }
  /**
   * The header a field the export lacks by name most likely is, for the example YAML of the message: among the
   * columns no field took whose sample reads as the field's type (any column for text), the closest in spelling to
   * the field's name or a synonym. Sampled only up to MAX_SUGGEST_COLUMNS columns (an export of 40,000 columns is
   * offered its closest name).
   */
  const suggestColumn = (canonical: CanonicalField, taken: ReadonlySet<number>): string | undefined => {
    // Nor is a looked-up number suggested for an amount (see step 2).
    const free = headers.flatMap((h, c) => (taken.has(c) || (canonical.type === 'number' && joins.length > 0 && c >= ownWidth) ? [] : [c]));
    const typed =
      canonical.type === 'text' || free.length > MAX_SUGGEST_COLUMNS
        ? free
        : free.filter((c) => {
            // A column with no sampled value says nothing either way.
            const fit = fitOf(c, canonical);
            return fit.values > 0 && readsAs(fit);
          });
    // No column of the type: a placeholder saying what to look for, not a column that cannot work.
    return typed.length ? nearestHeader(canonical, typed.map((c) => headers[c])) : undefined;
  };
  // 2. Canonical fields by name or synonym, where the column's sample reads as the field's type.
  const names = headerNames(first.rawHeaders ?? headers);
  const mappedColumns = () => new Set([...byName.values()].map((f) => headers.indexOf(f.header)));
  for (const canonical of kind?.fields ?? []) {
    if (byName.has(canonical.name) || unmapped.has(canonical.name)) continue;
    const taken = mappedColumns();
    // A looked-up amount (an invoice's Total beside its lines) is never a line's amount by name: the date, the
    // customer or the team may come from a lookup, a number only by columns: or in a formula.
    const lookedUpNumber = canonical.type === 'number' && joins.length > 0;
    const match = matchField(canonical, { names, headers, taken: (c) => taken.has(c) || (lookedUpNumber && c >= ownWidth), fit: fitOf });
    notes.push(...match.notes);
    // Which of several fitting columns was taken (VAT excluded, company currency): validate and explain say it.
    configNotes.push(...(match.chosen ?? []));
    if (match.column !== undefined) add(canonical.name, headers[match.column], canonical);
    else {
      unmapped.set(
        canonical.name,
        match.notes.length
          ? match.notes.join('; ')
          : `${NO_COLUMN} ${canonical.name} or a synonym (${(canonical.synonyms ?? []).slice(0, 4).join(', ')})`,
      );
      // The example line samples columns: built only when a message asks why the field is missing.
      if (!match.notes.length) absentHint.set(canonical.name, () => `; map the column that holds it under sources: ${name}: in kpi.yaml, e.g. ${mappingLine(canonical.name, suggestColumn(canonical, taken), canonical.type)}`);
    }
  }
  // 3. Every header as a field under its snake_case name and its exact text. A canonical name left unmapped stays
  // unmapped (a Y/N `Resolved` is not `resolved`), and a snake_case name two headers share names neither.
  const snakeHeaders = headers.map((h) => [snakeCase(h), h] as const);
  const snakeCount = new Map<string, string[]>();
  for (const [snake, header] of snakeHeaders) {
    const same = snakeCount.get(snake);
    if (same) same.push(header);
    else snakeCount.set(snake, [header]);
  }
  // Headers are unique here (repeats were renamed Name_1, Name_2), so the fields mapped so far can be looked up by
  // header once, not searched per header: a 100,000-column export must not cost 100,000² comparisons.
  const mappedByHeader = new Map<string, ResolvedField>();
  for (const f of byName.values()) if (!mappedByHeader.has(f.header)) mappedByHeader.set(f.header, f);
  const ambiguous = new Map<string, string>();
  for (const [snake, header] of snakeHeaders) {
    const mapped = mappedByHeader.get(header);
    const same = snakeCount.get(snake)!;
    // A column whose snake_case name is not its own (unmapped, or shared) is named as formulas must write it.
    const own = !unmapped.has(snake) && same.length === 1;
    const said = mapped ? undefined : durationOf(snake, header, undefined);
    const field: ResolvedField = mapped ?? { name: own ? snake : `\`${header}\``, header, ...valuesOf(snake), required: false, ...(said ? { type: 'number', duration: said } : {}), ...joinedBy(header) };
    byHeader.set(header, field);
    if (byName.has(snake) || unmapped.has(snake)) continue;
    if (same.length > 1) {
      ambiguous.set(snake, `${same.length} columns read as '${snake}' (${same.map((h) => `'${h}', ${columnPositions([headers.indexOf(h)])}`).join('; ')}); name one in backticks, e.g. \`${same[0]}\``);
      continue;
    }
    byName.set(snake, mapped ? { ...mapped, name: snake } : field);
  }
  for (const [header, cols] of duplicates) {
    configNotes.push(`${columnPositions(cols)} are ${bothOrAll(cols.length)} named '${header}'; kpi names them ${cols.map((c) => `'${headers[c]}'`).join(', ')} (or by position, ${cols.map((c) => `"#${c + 1}"`).join(', ')})`);
  }

  // Other files of the source must have every mapped column.
  for (const file of files.slice(1)) {
    const set = new Set(file.headers);
    for (const field of byName.values()) {
      if (field.required && !set.has(field.header)) {
        throw new DataError(`source '${name}': ${displayPath(file.path)} has no column '${field.header}' (${field.name}), unlike ${displayPath(first.path)}`, [
          `headers found: ${file.headers.join(', ')}`,
        ], { code: 'KPI_COLUMN_NOT_FOUND', file: displayPath(file.path), column: field.header });
      }
    }
  }

  const periodName = config.period_field ?? kind?.periodField ?? (byName.has('date') ? 'date' : undefined);
  // period_field names a field; a column's own header that columns: maps to a field (period_field: Dato beside
  // columns: { date: Dato }) means that field, as a user who wrote both would expect (a new-user trial was told
  // "'Dato' is not a column").
  const periodField = periodName === undefined ? undefined : (byName.get(periodName) ?? (config.period_field !== undefined ? [...byName.values()].find((f) => f.header === config.period_field) : undefined));
  if (config.period_field !== undefined && !periodField) {
    const hint = closest(config.period_field, [...byName.keys()]);
    throw new ConfigError(`${at(['period_field'])}source '${name}': period_field '${config.period_field}' is neither a field nor a column of ${displayPath(first.path)}${hint ? `; did you mean '${hint}'?` : ''}`, [], 'KPI_SOURCE_SETTING');
  }
  if (config.period_field !== undefined && periodField && !periodField.type) {
    const column = headers.indexOf(periodField.header);
    assertReads(first, column, 'date', fitOf(column, { name: periodField.name, type: 'date' }), `${at(['period_field'])}source '${name}'`, 'period_field', 'period_field');
  }
  return {
    name,
    kind,
    config,
    files,
    headers,
    periodField: periodField ? { ...periodField, type: 'date' } : undefined,
    unmapped,
    notes: [...configNotes, ...notes],
    guessNotes: notes,
    field(fieldName, quoted) {
      if (quoted) {
        const column = lookupColumn(fieldName, headers, duplicates);
        if (typeof column === 'number') return byHeader.get(headers[column]);
        if (column !== undefined) return undefined;
        const loose = headers.find((h) => h.toLowerCase() === fieldName.trim().toLowerCase());
        return loose === undefined ? undefined : byHeader.get(loose);
      }
      return byName.get(fieldName) ?? byName.get(snakeCase(fieldName));
    },
    whyNot(fieldName, quoted) {
      if (quoted) {
        const column = lookupColumn(fieldName, headers, duplicates);
        return typeof column === 'string' ? column : undefined;
      }
      const why = unmapped.get(fieldName);
      const hint = absentHint.get(fieldName);
      if (why !== undefined && hint) {
        if (!hints.has(fieldName)) hints.set(fieldName, hint());
        return why + hints.get(fieldName);
      }
      return why ?? ambiguous.get(fieldName) ?? ambiguous.get(snakeCase(fieldName));
    },
    fit: (field, type) => fitOf(headers.indexOf(field.header), { name: field.name, type }),
    sampledType(field) {
      if (!sampled.has(field.header)) sampled.set(field.header, sampledType((type) => fitOf(headers.indexOf(field.header), { name: field.name, type })));
      return sampled.get(field.header);
    },
    mappingFor(field) {
      const canonical = canonicalOf(field);
      // Columns taken by canonical fields (after step 3 every header is a field under its own name).
      const taken = new Set([...byName.values()].filter((f) => canonicalOf(f.name) !== undefined).map((f) => headers.indexOf(f.header)));
      return mappingLine(field, canonical ? suggestColumn(canonical, taken) : undefined, canonical?.type);
    },
    fieldNames: () => [...byName.keys()],
  };
}

/** Columns sampled for a suggested mapping: past this many, the suggestion goes by name only. */
const MAX_SUGGEST_COLUMNS = 500;

/** The header closest in spelling to a field's name or one of its synonyms (relative to their length). */
function nearestHeader(field: CanonicalField, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  const names = [field.name, ...(field.synonyms ?? [])].map(snakeCase);
  for (const header of candidates) {
    const snake = snakeCase(header);
    for (const n of names) {
      // A header holding the name as a word (`net_amount_nok` for amount) is as near as a typo.
      const score = snake.split('_').includes(n) || n.split('_').includes(snake) ? 0.1 : editDistance(snake, n) / Math.max(snake.length, n.length, 1);
      if (score < bestScore) {
        best = header;
        bestScore = score;
      }
    }
  }
  return best;
}

/**
 * The exact YAML that maps a field to a column: `columns: { amount: "Beløp totalt" }`; without a column, a
 * placeholder saying what to look for (`"<a column of dates>"`).
 */
export function mappingLine(field: string, header: string | undefined, type?: FieldType): string {
  const key = /^[\p{L}_][\p{L}\p{N}_]*$/u.test(field) ? field : JSON.stringify(field);
  const placeholder = type === undefined || type === 'text' ? '"<header>"' : `"<a column of ${typeWords(type)}>"`;
  return `columns: { ${key}: ${header === undefined ? placeholder : JSON.stringify(header)} }`;
}

/**
 * The column a written header names: its exact text, or `#5` for the fifth column. A header the export repeats
 * names no column (a string saying why and how to pick one); undefined when nothing matches.
 */
function lookupColumn(written: string, headers: readonly string[], duplicates: ReadonlyMap<string, number[]>): number | string | undefined {
  const exact = headers.indexOf(written);
  if (exact >= 0) return exact;
  const cols = duplicates.get(written);
  if (cols) {
    return `${columnPositions(cols)} are ${bothOrAll(cols.length)} named '${written}'; pick one as ${cols.map((c) => `'${headers[c]}' (or "#${c + 1}")`).join(', ')}`;
  }
  return positionalColumn(written, headers.length);
}

/** An explicit mapping whose sampled values mostly do not read as the type: a data error naming column and values. */
function assertReads(file: SourceFile, column: number, type: FieldType, fit: SampleFit, where: string, field: string, how = 'columns:'): void {
  if (readsAs(fit)) return;
  const header = file.headers[column];
  const fix = how === 'columns:' ? `map ${field} to the column that holds its ${typeWords(type)}, or unmap it with columns: { ${field}: ~ }` : 'name a column of dates';
  throw new DataError(
    `${where}: column '${header}' (${how === 'columns:' ? `mapped to the ${type} field ${field} under columns:` : 'the period_field'}) is not a column of ${typeWords(type)}: ${fit.unreadable} of ${fit.values} sampled values do not read as ${typeWords(type)} ${exampleList(fit)}; ${fix}`,
    [],
    { code: 'KPI_COLUMN_TYPE', file: displayPath(file.path), column: header },
  );
}

/** A path that names no regular file (a FIFO, a pipe, a device): it can be read once, from its start. */
function isStream(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false; // the reader reports a missing file
  }
}

/** Opens one file with the reader the registry (readers.ts) picks for it; a reader's code is loaded only then. */
export async function openFile(path: string, config: SourceConfig, source: string): Promise<Table> {
  const { reader } = readerFor(path);
  // A workbook is a zip, read from its end (the central directory) and perhaps twice: it needs a real file.
  if (reader.needsFile && isStream(path)) {
    throw new DataError(
      `source '${source}': ${displayPath(path)} is a pipe or FIFO, and a workbook can only be read from a file; save it first (e.g. cat … > ${JSON.stringify(basename(path))}) and name that file, or export the sheet as CSV, which can be piped`,
      [],
      { code: 'KPI_FILE_UNREADABLE', file: displayPath(path) },
    );
  }
  const open = await reader.load();
  const file = withChart(nameColumns(await open(path, { source, encoding: config.encoding, delimiter: config.delimiter, skipRows: config.skip_rows, sheet: config.sheet, chart: config.chart })), config, source);
  return withRows(file);
}

/** A reader that streams only cells gets its typed rows from the shared value parsers (no total-row check). */
function withRows(file: RecordTable): Table {
  return file.rows ? (file as Table) : Object.assign(file, { rows: rowsOfCells(file, { totalRows: false }) });
}

/** Gives each column of a file its own name (see headers.ts), keeping the header row as written. */
function nameColumns(file: RecordTable): RecordTable {
  const { headers, duplicates } = distinctHeaders(file.headers);
  if (duplicates.size === 0) return file;
  file.rawHeaders = file.headers;
  file.headers = headers;
  file.duplicateHeaders = duplicates;
  return file;
}

/**
 * Canonical values: the kind's defaults, then the config's `values:` (which win). `ignore:` lists spellings that
 * are known but mean none of the canonical values (a SuperOffice "Stoppet" sale is neither won, lost nor open).
 */
export function buildValueMaps(config: Pick<SourceConfig, 'values'>, kind: SourceKind | undefined): { maps: Map<string, Map<string, string>>; ignored: Map<string, Set<string>> } {
  const maps = new Map<string, Map<string, string>>();
  const ignored = new Map<string, Set<string>>();
  const mapOf = (field: string) => {
    let map = maps.get(field);
    if (!map) maps.set(field, (map = new Map()));
    return map;
  };
  const ignore = (field: string, raws: readonly string[]) => {
    let set = ignored.get(field);
    if (!set) ignored.set(field, (set = new Set()));
    // An ignored spelling no longer maps (the user's `ignore:` wins over the kind's spellings).
    const map = mapOf(field);
    for (const raw of raws) {
      set.add(raw.trim().toLowerCase());
      map.delete(raw.trim().toLowerCase());
    }
  };
  const add = (field: string, canonical: string, raws: readonly string[]) => {
    const map = mapOf(field);
    map.set(canonical.trim().toLowerCase(), canonical);
    for (const raw of raws) {
      map.set(raw.trim().toLowerCase(), canonical);
      ignored.get(field)?.delete(raw.trim().toLowerCase());
    }
  };
  for (const field of kind?.fields ?? []) {
    for (const [canonical, raws] of Object.entries(field.values ?? {})) add(field.name, canonical, raws);
    if (field.ignore) ignore(field.name, field.ignore);
  }
  for (const [field, mapping] of Object.entries(config.values ?? {})) {
    for (const [canonical, raws] of Object.entries(mapping)) {
      const list = (Array.isArray(raws) ? raws : [raws]).map(String);
      if (canonical === 'ignore') ignore(field, list);
      else add(field, canonical, list);
    }
  }
  return { maps, ignored };
}
