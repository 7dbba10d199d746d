// Lookups (`join:` in kpi.yaml): a source takes fields from another source by a key — each order line gets its
// order's date and customer, each sale its rep's team. The looked-up source is held in memory (one row per key,
// only the columns taken); the joining source is streamed as before, each record given the looked-up cells.
// A joined source is one Table (sources/table.ts) whose headers are its own plus the looked-up columns, so mapping,
// formulas, `where`, `--by` and the period field read a joined column like any other.
//
// What a user must be able to trust: a key the looked-up source has twice is an error naming both lines (never a
// silent pick), and a line whose key is empty or in no row of the looked-up source is a located bad value of every
// joined field the report reads (file, line, the key column, the key), counted and failing `kpi check` like any
// value kpi could not read.
import type { Project, SourceConfig } from '../config/project.js';
import { ConfigError, DataError } from '../errors.js';
import { closest } from '../util/text.js';
import { displayPath } from '../util/display-path.js';
import { isCellError, type BadCell, type Cell, type ColumnRequest, type OnRow, type Table, type TypedRow } from './table.js';
import { cellText, readPlan } from './typed-rows.js';
import type { ColumnFormat } from './column-format.js';

/** One `join:` entry, with the defaults filled in. */
export interface JoinSpec {
  /** The looked-up source's name. */
  source: string;
  /** The key column of the joining source. */
  on: string;
  /** The key column of the looked-up source. */
  key: string;
  /** The looked-up columns taken (default: all but the key). */
  fields?: string[];
}

export function joinSpecs(config: Pick<SourceConfig, 'join'>): JoinSpec[] {
  return Object.entries(config.join ?? {}).map(([source, j]) =>
    typeof j === 'string' ? { source, on: j, key: j } : { source, on: j.on, key: j.key ?? j.on, ...(j.fields ? { fields: j.fields } : {}) },
  );
}

/** Rows a looked-up source may have: it is held in memory (KPI_JOIN_MAX_ROWS overrides it, for tests). */
const MAX_LOOKUP_ROWS = Number(process.env.KPI_JOIN_MAX_ROWS ?? 5_000_000);
/** A key in no row is told the closest key of a lookup up to this size (a typo, a space left out). */
const MAX_HINT_KEYS = 2_000;

/**
 * The order to open sources in: every looked-up source before the sources that join it (lines after orders after
 * customers). A join naming no source, a source joining itself or a cycle of joins is a ConfigError; so is a join
 * from or to a database table, which the SQL engine does not join (yet): never a figure computed without the join.
 */
export function openingOrder(project: Project): string[] {
  const sources = project.sources;
  const at = (name: string, lookup?: string) => (project.yaml ? `${project.yaml.locate(['sources', name, 'join', ...(lookup ? [lookup] : [])])}: ` : '');
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new ConfigError(
        `${at(path[path.length - 1], name)}sources join each other in a cycle: ${cycle.join(' → ')}; a looked-up source cannot take fields from the source that looks it up`,
        [],
        'KPI_JOIN',
      );
    }
    state.set(name, 'open');
    const config = sources[name];
    for (const spec of joinSpecs(config)) {
      const lookup = sources[spec.source];
      if (!lookup) {
        const hint = closest(spec.source, Object.keys(sources).filter((s) => s !== name));
        throw new ConfigError(
          `${at(name, spec.source)}source '${name}': join: { ${spec.source}: … } names no source${hint ? `; did you mean '${hint}'?` : ''}; the sources are ${Object.keys(sources).join(', ')}`,
          [],
          'KPI_JOIN',
        );
      }
      for (const [side, s] of [[name, config], [spec.source, lookup]] as const) {
        if (s.url !== undefined) {
          const engine = s.url.split(':')[0];
          throw new ConfigError(
            `${at(name, spec.source)}source '${name}': join: with a database table (source '${side}', engine ${engine}) is not supported yet: the SQL engine would compute '${name}' without the joined fields; join two files, or join the tables in ${engine} (a view) and read the view`,
            [],
            'KPI_JOIN',
          );
        }
      }
      visit(spec.source, [...path, name]);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(sources)) visit(name, []);
  return order;
}

/** What one lookup found while a joining table was read: its lines matched, with no match, with an empty key. */
export interface JoinCounts {
  matched: number;
  unmatched: number;
  empty: number;
  /** The first line with a key the lookup lacks, and that key. */
  firstUnmatched?: { file: string; line: number; key: string };
}

/** A looked-up source in memory: the cells of the columns taken, one row per key. */
export interface Lookup {
  spec: JoinSpec;
  /** Its files, as opened (a looked-up source may itself join another: its cells then carry those fields). */
  files: Table[];
  config: SourceConfig;
  /** The looked-up headers taken, and the name each has in the joined table (renamed when the joining source has it). */
  columns: string[];
  names: string[];
  /** Per key: the row's cells of `columns`, its file and line. */
  index: Map<string, number>;
  cells: Cell[][];
  fileOf: number[];
  lineOf: number[];
  /** Rows with an empty key (they join nothing). */
  emptyKeys: number;
  rows: number;
}

/** The text of a key cell as a text column reads it (trimmed; a null spelling or empty cell is no key). */
function keyReader(file: Table, source: string, config: SourceConfig, header: string): (cell: Cell | undefined) => string | null {
  const format = readPlan(file, { source, settings: config, columns: [{ header, type: 'text' }] }).formats[0];
  return (cell) => {
    if (isCellError(cell)) return null;
    const v = format.parse(cell);
    return typeof v === 'string' ? v : null;
  };
}

/**
 * Reads a looked-up source into memory: every row's key and the cells of the columns taken. A key twice is a
 * DataError naming both lines; so is a source past MAX_LOOKUP_ROWS rows.
 */
export async function loadLookup(joining: string, joiningHeaders: readonly string[], spec: JoinSpec, files: Table[], config: SourceConfig, project: Project): Promise<Lookup> {
  const at = project.yaml ? `${project.yaml.locate(['sources', joining, 'join', spec.source])}: ` : '';
  const first = files[0];
  const where = `source '${joining}': join: { ${spec.source}: ${spec.on === spec.key ? spec.on : `{ on: ${spec.on}, key: ${spec.key} }`} }`;
  if (!joiningHeaders.includes(spec.on)) {
    const hint = closest(spec.on, joiningHeaders);
    throw new DataError(`${at}${where}: '${joining}' has no column '${spec.on}'${hint ? `; did you mean '${hint}'?` : ''}`, [`headers found: ${joiningHeaders.join(', ')}`], {
      code: 'KPI_COLUMN_NOT_FOUND',
      column: spec.on,
    });
  }
  for (const file of files) {
    if (!file.headers.includes(spec.key)) {
      const hint = closest(spec.key, file.headers);
      throw new DataError(
        `${at}${where}: ${file.label} (source '${spec.source}') has no column '${spec.key}'${hint ? `; did you mean '${hint}'? (write join: { ${spec.source}: { on: ${spec.on}, key: ${hint} } })` : ''}`,
        [`headers found: ${file.headers.join(', ')}`],
        { code: 'KPI_COLUMN_NOT_FOUND', file: file.label, column: spec.key },
      );
    }
  }
  const columns = spec.fields ?? first.headers.filter((h) => h !== spec.key);
  for (const field of spec.fields ?? []) {
    if (!first.headers.includes(field)) {
      const hint = closest(field, first.headers);
      throw new ConfigError(`${at}${where}: fields: names '${field}', which is no column of ${first.label}${hint ? `; did you mean '${hint}'?` : ''}`, [`headers found: ${first.headers.join(', ')}`], 'KPI_JOIN');
    }
  }
  // A looked-up column the joining source has itself keeps the joining source's; the looked-up one is `orders.Date`.
  const taken = new Set(joiningHeaders);
  const names = columns.map((c) => {
    const name = taken.has(c) ? `${spec.source}.${c}` : c;
    if (taken.has(name)) throw new ConfigError(`${at}${where}: the column '${c}' of '${spec.source}' is named '${name}' in '${joining}', which it has already; take fewer with fields: [...]`, [], 'KPI_JOIN');
    taken.add(name);
    return name;
  });
  const index = new Map<string, number>();
  const cells: Cell[][] = [];
  const fileOf: number[] = [];
  const lineOf: number[] = [];
  let emptyKeys = 0;
  let rows = 0;
  for (const [f, file] of files.entries()) {
    const keyColumn = file.headers.indexOf(spec.key);
    const columnOf = columns.map((c) => file.headers.indexOf(c));
    const keyOf = keyReader(file, spec.source, config, spec.key);
    await file.eachRecord(
      (record, line) => {
        if (++rows > MAX_LOOKUP_ROWS) {
          throw new DataError(
            `${at}${where}: '${spec.source}' is looked up, so kpi holds it in memory, and it has more than ${MAX_LOOKUP_ROWS.toLocaleString('en-US')} rows (${file.label}); a lookup is a table of one row per key (orders, reps, products): join the big file to the small one, not the other way round`,
            [],
            { code: 'KPI_JOIN_KEY', file: file.label },
          );
        }
        const key = keyOf(record[keyColumn]);
        if (key === null) {
          emptyKeys++;
          return;
        }
        const seen = index.get(key);
        if (seen !== undefined) {
          const other = files[fileOf[seen]];
          const firstAt = `${other === file ? '' : `${other.label} `}${other.lineWord} ${lineOf[seen]}`;
          throw new DataError(
            `${file.label}:${line}: '${spec.source}' has ${spec.key} ${JSON.stringify(key)} twice (${firstAt} and ${file.lineWord} ${line}); a looked-up source needs one row per key, or kpi would have to pick one — remove the repeated row, or join on a column that is unique`,
            [],
            { code: 'KPI_JOIN_KEY', file: file.label, line, column: spec.key },
          );
        }
        index.set(key, cells.length);
        cells.push(columnOf.map((c) => (c < 0 ? '' : (record[c] ?? ''))));
        fileOf.push(f);
        lineOf.push(line);
      },
      undefined,
      [keyColumn, ...columnOf.filter((c) => c >= 0)],
    );
  }
  return { spec, files, config, columns, names, index, cells, fileOf, lineOf, emptyKeys, rows };
}

/** What a joined table says about each of its lookups (for validate and explain): the lookup and its counts. */
export interface JoinFacts {
  lookup: Lookup;
  counts: JoinCounts;
}

/** A joined table is a Table with its joins' facts. */
export type JoinedTable = Table & { joins: JoinFacts[] };

export const isJoined = (table: Table): table is JoinedTable => Array.isArray((table as Partial<JoinedTable>).joins);

/**
 * The table `inner` with each record given the looked-up cells of `lookups`. It is read whole on this thread
 * (no `split`): a reading thread opens its file itself and would not have the lookups.
 */
export function joinedTable(inner: Table, source: string, config: SourceConfig, lookups: Lookup[]): JoinedTable {
  const width = inner.headers.length;
  const joined = lookups.flatMap((l, li) => l.names.map((name, ci) => ({ name, li, ci })));
  const byHeader = new Map(joined.map((j, k) => [j.name, { ...j, column: width + k }]));
  const keyColumns = lookups.map((l) => inner.headers.indexOf(l.spec.on));
  const keyOf = lookups.map((l) => keyReader(inner, source, config, l.spec.on));
  // A record's width counts the looked-up cells too, so a record as wide as its own header is as wide as the joined
  // one (a wider record stays wider, by as many fields).
  const widthOf = (fields: number | undefined) => (fields === undefined ? undefined : fields + joined.length);
  const facts: JoinFacts[] = lookups.map((lookup) => ({ lookup, counts: { matched: 0, unmatched: 0, empty: 0 } }));
  /** Per lookup, the reason of each key it lacks (with the closest key it has, for a small lookup: `GTXPro` → `GTX Pro`). */
  const reasons = lookups.map(() => new Map<string, string>());
  const reason = (l: Lookup, key: string | null) => {
    if (key === null) return `empty ${l.spec.on}: the line joins no row of ${l.spec.source}`;
    const known = reasons[lookups.indexOf(l)];
    let text = known.get(key);
    if (text === undefined) {
      const near = l.index.size <= MAX_HINT_KEYS && known.size < MAX_HINT_KEYS ? closest(key, l.index.keys()) : undefined;
      text = `no row of ${l.spec.source} (${l.files.map((f) => displayPath(f.path)).join(', ')}) has ${l.spec.key} ${JSON.stringify(key)}${near ? ` (it has ${JSON.stringify(near)})` : ''}`;
      if (known.size < 10_000) known.set(key, text);
    }
    return text;
  };
  /** The error cells of keys with no row (the sample leaves them out: they say nothing of how a column reads). */
  const noRow = new WeakSet<object>();
  /** The record's cells with the looked-up ones after them; a key with no row gives error cells saying so. */
  const extend = (cells: readonly Cell[], into: Cell[]) => {
    for (let i = 0; i < width; i++) into[i] = cells[i];
    let k = width;
    lookups.forEach((l, li) => {
      const key = keyOf[li](cells[keyColumns[li]]);
      const row = key === null ? undefined : l.index.get(key);
      if (row === undefined) {
        const error: Cell = { error: key ?? '', message: reason(l, key) };
        noRow.add(error);
        for (let c = 0; c < l.columns.length; c++) into[k++] = error;
      } else for (const cell of l.cells[row]) into[k++] = cell;
    });
    return into;
  };
  // The sample joined as the rows will be: what each looked-up column holds decides how it reads (sample-fit.ts).
  const sample = inner.sample.map((cells) => extend(cells, []).map((c) => (isCellError(c) && noRow.has(c) ? '' : c)));
  const settings: Record<string, string | number> = { ...inner.settings };

  const table: JoinedTable = {
    path: inner.path,
    format: inner.format,
    label: inner.label,
    lineWord: inner.lineWord,
    headers: [...inner.headers, ...joined.map((j) => j.name)],
    ...(inner.rawHeaders ? { rawHeaders: [...inner.rawHeaders, ...joined.map((j) => j.name)] } : {}),
    ...(inner.duplicateHeaders ? { duplicateHeaders: inner.duplicateHeaders } : {}),
    settings,
    sample,
    ...(inner.signConvention ? { signConvention: inner.signConvention } : {}),
    ...(inner.size !== undefined ? { size: inner.size } : {}),
    ...(inner.unchanged ? { unchanged: () => inner.unchanged!() } : {}),
    joins: facts,
    eachRecord(onRecord, onProgress, columns, range) {
      const wanted = columns === undefined ? undefined : [...new Set([...columns.filter((c) => c < width), ...keyColumns])];
      const out: Cell[] = [];
      return inner.eachRecord((cells, line, fields) => onRecord(extend(cells, out), line, widthOf(fields)), onProgress, wanted, range);
    },
    async rows(request, into, onRow, options) {
      const at = request.columns.map((c) => byHeader.get(c.header));
      // A report that reads no looked-up field reads the table as it is (and as fast).
      if (at.every((j) => j === undefined)) return inner.rows(request, into, (line, bad, fields, w) => onRow(line, bad, widthOf(fields), w), options);
      const innerColumns: ColumnRequest[] = [];
      const innerSlot = request.columns.map((c, i) => (at[i] ? -1 : innerColumns.push(c) - 1));
      const used = [...new Set(at.flatMap((j) => (j ? [j.li] : [])))];
      const keySlot = new Map(used.map((li) => [li, innerColumns.push({ header: lookups[li].spec.on, type: 'text' }) - 1]));
      // Per lookup used: its slots, each with the looked-up column's format (the looked-up source's settings decide).
      const reads = used.map((li) => {
        const l = lookups[li];
        const slots = request.columns.flatMap((c, i) => (at[i]?.li === li ? [i] : []));
        const requests = slots.map((i) => ({ ...request.columns[i], header: l.columns[at[i]!.ci] }));
        const formats: ColumnFormat[][] = l.files.map((file) => readPlan(file, { source: l.spec.source, settings: l.config, columns: requests }).formats);
        // Each looked-up row's values, parsed the first time a line joins it (a row joined by many lines is read once).
        const size = l.cells.length * slots.length;
        const parsed = { done: new Uint8Array(l.cells.length), num: new Float64Array(size), text: new Array<string | null>(size).fill(null), bad: new Map<number, string[]>() };
        return { li, l, slots, cols: slots.map((i) => at[i]!.ci), formats, counts: facts[li].counts, parsed, lastKey: null as string | null, lastRow: -1 };
      });
      for (const r of reads) r.counts = facts[r.li].counts = { matched: 0, unmatched: 0, empty: 0 };
      const isText = request.columns.map((c) => c.type === 'text');
      const period = request.period !== undefined && innerSlot[request.period] >= 0 ? innerSlot[request.period] : undefined;
      const row: TypedRow = { num: new Float64Array(innerColumns.length).fill(NaN), text: new Array(innerColumns.length).fill(null) };
      /** The looked-up row of each lookup used, for the current line (-1: none). */
      const rowOf = new Int32Array(lookups.length).fill(-1);
      let writtenInner: (slot: number) => string = () => '';
      const written = (slot: number): string => {
        const j = at[slot];
        if (!j) return writtenInner(innerSlot[slot]);
        const r = rowOf[j.li];
        return r < 0 ? '' : cellText(lookups[j.li].cells[r][j.ci]);
      };
      const onInner: OnRow = (line, innerBad, fields, w) => {
        writtenInner = w;
        let bad: BadCell[] | undefined;
        for (let i = 0; i < innerSlot.length; i++) {
          const s = innerSlot[i];
          if (s < 0) continue;
          if (isText[i]) into.text[i] = row.text[s];
          else into.num[i] = row.num[s];
        }
        if (innerBad) {
          for (const b of innerBad) {
            const own = innerSlot.indexOf(b.slot);
            if (own >= 0) (bad ??= []).push({ ...b, slot: own });
          }
        }
        for (const r of reads) {
          const { l, slots, cols, formats, counts } = r;
          const key = row.text[keySlot.get(r.li)!];
          // Lines of one order are mostly next to each other: the last key's row is kept.
          let found: number | undefined;
          if (key !== null && key === r.lastKey) found = r.lastRow;
          else if (key !== null) {
            found = l.index.get(key);
            if (found !== undefined) {
              r.lastKey = key;
              r.lastRow = found;
            }
          }
          rowOf[r.li] = found ?? -1;
          if (found === undefined) {
            if (key === null) counts.empty++;
            else {
              counts.unmatched++;
              counts.firstUnmatched ??= { file: inner.label, line, key };
            }
            for (const i of slots) {
              if (isText[i]) into.text[i] = null;
              else into.num[i] = NaN;
              (bad ??= []).push({ slot: i, file: inner.label, line, column: l.spec.on, value: key ?? '', reason: reason(l, key) });
            }
            continue;
          }
          counts.matched++;
          const { parsed } = r;
          const n = slots.length;
          if (parsed.done[found] === 0) {
            parsed.done[found] = 1;
            const cells = l.cells[found];
            const fileFormats = formats[l.fileOf[found]];
            for (let k = 0; k < n; k++) {
              const v = fileFormats[k].parse(cells[cols[k]]);
              if (v !== null && typeof v === 'object') {
                let errors = parsed.bad.get(found);
                if (!errors) parsed.bad.set(found, (errors = new Array<string>(n).fill('')));
                errors[k] = v.error;
                parsed.num[found * n + k] = NaN;
              } else if (isText[slots[k]]) parsed.text[found * n + k] = v as string | null;
              else parsed.num[found * n + k] = v === null ? NaN : (v as number);
            }
          }
          for (let k = 0; k < n; k++) {
            const i = slots[k];
            if (isText[i]) into.text[i] = parsed.text[found * n + k];
            else into.num[i] = parsed.num[found * n + k];
          }
          const errors = parsed.bad.size ? parsed.bad.get(found) : undefined;
          if (errors) {
            const lookupFile = l.files[l.fileOf[found]];
            for (let k = 0; k < n; k++) {
              if (errors[k] === '') continue;
              (bad ??= []).push({
                slot: slots[k],
                file: inner.label,
                line,
                column: request.columns[slots[k]].header,
                value: cellText(l.cells[found][cols[k]]),
                reason: `${errors[k]} (in ${lookupFile.label}:${l.lineOf[found]}, the ${l.spec.source} row with ${l.spec.key} ${JSON.stringify(key)})`,
              });
            }
          }
        }
        onRow(line, bad, widthOf(fields), written);
      };
      return inner.rows({ ...request, columns: innerColumns, period }, row, onInner, options);
    },
  };
  return table;
}

/** What a source's joins found over all its files (validate, explain): per lookup, in the order kpi.yaml names them. */
export interface JoinSummary {
  source: string;
  on: string;
  key: string;
  /** The looked-up columns, as the joining source names them. */
  fields: string[];
  /** Keys the looked-up source holds, and its rows with an empty key. */
  keys: number;
  empty_keys: number;
  lines: number;
  matched: number;
  unmatched: number;
  empty: number;
  first_unmatched: { file: string; line: number; key: string } | null;
}

export function joinSummaries(files: readonly Table[]): JoinSummary[] {
  const out: JoinSummary[] = [];
  for (const file of files) {
    if (!isJoined(file)) continue;
    file.joins.forEach(({ lookup, counts }, i) => {
      const s = (out[i] ??= {
        source: lookup.spec.source,
        on: lookup.spec.on,
        key: lookup.spec.key,
        fields: lookup.names,
        keys: lookup.index.size,
        empty_keys: lookup.emptyKeys,
        lines: 0,
        matched: 0,
        unmatched: 0,
        empty: 0,
        first_unmatched: null,
      });
      s.matched += counts.matched;
      s.unmatched += counts.unmatched;
      s.empty += counts.empty;
      s.lines += counts.matched + counts.unmatched + counts.empty;
      s.first_unmatched ??= counts.firstUnmatched ?? null;
    });
  }
  return out;
}

