// What fields a configured source offers: canonical fields mapped to headers, plus every header as a field.
import type { SourceConfig, Project } from '../config/project.js';
import { ConfigError, DataError } from '../errors.js';
import { closest, snakeCase } from '../util/text.js';
import { openCsv } from './csv-reader.js';
import type { SourceFile } from './source-file.js';
import { displayPath, expandFiles } from './files.js';
import { sourceKind, type FieldType, type SourceKind } from './kinds.js';

export interface ResolvedField {
  /** Field name as formulas write it. */
  name: string;
  /** Header in the export. */
  header: string;
  /** Declared type for canonical fields; other columns take their type from how formulas use them. */
  type?: FieldType;
  /** Lower-cased raw value → canonical value. A field with values is a closed set: any other value is unknown. */
  values?: ReadonlyMap<string, string>;
  /** Lower-cased raw values that are known but mean none of the canonical values (`ignore:`). */
  ignored?: ReadonlySet<string>;
  required: boolean;
}

export interface SourceSchema {
  name: string;
  kind?: SourceKind;
  config: SourceConfig;
  files: SourceFile[];
  headers: string[];
  periodField?: ResolvedField;
  /** Canonical fields that no column maps to, with the reason. */
  unmapped: Map<string, string>;
  /** Looks a field up by name, or by exact header when written in backticks. */
  field(name: string, quoted: boolean): ResolvedField | undefined;
  /** Names offered in did-you-mean hints. */
  fieldNames(): string[];
}

export async function openSources(project: Project): Promise<Map<string, SourceSchema>> {
  const schemas = new Map<string, SourceSchema>();
  for (const [name, config] of Object.entries(project.sources)) {
    schemas.set(name, await openSource(name, config, project));
  }
  return schemas;
}

async function openSource(name: string, config: SourceConfig, project: Project): Promise<SourceSchema> {
  const kindName = config.kind ?? name;
  const kind = sourceKind(kindName);
  if (config.kind !== undefined && !kind) {
    throw new ConfigError(`source '${name}': unknown kind '${config.kind}'`, [], 'KPI_SOURCE_KIND');
  }
  const paths = expandFiles(config.file, project.dir, name);
  const files: SourceFile[] = [];
  for (const path of paths) files.push(await openFile(path, config, name));
  const headers = files[0].headers;
  const byName = new Map<string, ResolvedField>();
  const byHeader = new Map<string, ResolvedField>();
  const unmapped = new Map<string, string>();
  const headerSet = new Set(headers);
  const { maps: valueMaps, ignored } = buildValueMaps(config, kind);
  const valuesOf = (field: string) => ({ values: valueMaps.get(field), ignored: ignored.get(field) });

  // 1. Explicit `columns:` mappings.
  for (const [field, header] of Object.entries(config.columns ?? {})) {
    if (!headerSet.has(header)) {
      const hint = closest(header, headers);
      throw new DataError(
        `source '${name}': column '${header}' (mapped to ${field}) not found in ${displayPath(files[0].path)}${hint ? `; did you mean '${hint}'?` : ''}`,
        [`headers found: ${headers.join(', ')}`],
        { code: 'KPI_COLUMN_NOT_FOUND', file: displayPath(files[0].path), column: header },
      );
    }
    const canonical = kind?.fields.find((f) => f.name === field);
    byName.set(field, { name: field, header, type: canonical?.type, ...valuesOf(field), required: !!canonical?.required });
  }
  // 2. Canonical fields by name or synonym.
  const snakeHeaders = headers.map((h) => [snakeCase(h), h] as const);
  for (const canonical of kind?.fields ?? []) {
    if (byName.has(canonical.name)) continue;
    const candidates = [canonical.name, ...(canonical.synonyms ?? [])].map(snakeCase);
    let header: string | undefined;
    for (const candidate of candidates) {
      header = snakeHeaders.find(([snake, h]) => snake === candidate && !isMappedHeader(byName, h, canonical.name))?.[1];
      if (header) break;
    }
    if (header) {
      byName.set(canonical.name, {
        name: canonical.name,
        header,
        type: canonical.type,
        ...valuesOf(canonical.name),
        required: !!canonical.required,
      });
    } else {
      unmapped.set(canonical.name, `no column named ${canonical.name} or a synonym (${(canonical.synonyms ?? []).slice(0, 4).join(', ')}); map it under columns:`);
    }
  }
  // 3. Every header as a field under its snake_case name and its exact text.
  for (const [snake, header] of snakeHeaders) {
    const mapped = [...byName.values()].find((f) => f.header === header);
    const field: ResolvedField = mapped ?? { name: snake, header, ...valuesOf(snake), required: false };
    byHeader.set(header, field);
    if (!byName.has(snake)) byName.set(snake, mapped ? { ...mapped, name: snake } : field);
  }

  // Other files of the source must have every mapped column.
  for (const file of files.slice(1)) {
    const set = new Set(file.headers);
    for (const field of byName.values()) {
      if (field.required && !set.has(field.header)) {
        throw new DataError(`source '${name}': ${displayPath(file.path)} has no column '${field.header}' (${field.name}), unlike ${displayPath(files[0].path)}`, [
          `headers found: ${file.headers.join(', ')}`,
        ], { code: 'KPI_COLUMN_NOT_FOUND', file: displayPath(file.path), column: field.header });
      }
    }
  }

  const periodName = config.period_field ?? kind?.periodField ?? (byName.has('date') ? 'date' : undefined);
  const periodField = periodName === undefined ? undefined : byName.get(periodName);
  if (config.period_field !== undefined && !periodField) {
    throw new ConfigError(`source '${name}': period_field '${config.period_field}' is not a column of ${displayPath(files[0].path)}`, [], 'KPI_SOURCE_SETTING');
  }
  return {
    name,
    kind,
    config,
    files,
    headers,
    periodField: periodField ? { ...periodField, type: 'date' } : undefined,
    unmapped,
    field(fieldName, quoted) {
      if (quoted) {
        const exact = byHeader.get(fieldName);
        if (exact) return exact;
        const loose = headers.find((h) => h.toLowerCase() === fieldName.trim().toLowerCase());
        return loose === undefined ? undefined : byHeader.get(loose);
      }
      return byName.get(fieldName) ?? byName.get(snakeCase(fieldName));
    },
    fieldNames: () => [...byName.keys()],
  };
}

/** Opens one file with the reader its extension calls for; Excel is loaded only when a workbook is read. */
export async function openFile(path: string, config: SourceConfig, source: string): Promise<SourceFile> {
  if (/\.(xlsx|xlsm)$/i.test(path)) {
    const { openXlsx } = await import('./xlsx-reader.js');
    return openXlsx(path, { sheet: config.sheet, skipRows: config.skip_rows });
  }
  if (/\.(xls|xlsb|ods|numbers)$/i.test(path)) {
    throw new DataError(
      `source '${source}': ${displayPath(path)} is an old or non-Excel spreadsheet format that kpi cannot read; open it in Excel or LibreOffice and save it as .xlsx or CSV (UTF-8), e.g. \`libreoffice --headless --convert-to xlsx ${JSON.stringify(displayPath(path))}\``,
      [],
      { code: 'KPI_XLSX_UNREADABLE', file: displayPath(path) },
    );
  }
  return openCsv(path, { encoding: config.encoding, delimiter: config.delimiter, skipRows: config.skip_rows });
}

function isMappedHeader(byName: Map<string, ResolvedField>, header: string, except: string): boolean {
  for (const f of byName.values()) if (f.header === header && f.name !== except) return true;
  return false;
}

/**
 * Canonical values: the kind's defaults, then the config's `values:` (which win). `ignore:` lists spellings that
 * are known but mean none of the canonical values (a SuperOffice "Stoppet" sale is neither won, lost nor open).
 */
function buildValueMaps(config: SourceConfig, kind: SourceKind | undefined): { maps: Map<string, Map<string, string>>; ignored: Map<string, Set<string>> } {
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
