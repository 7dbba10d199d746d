// A file source read by DuckDB (`engine: duckdb`, README "Big files on DuckDB"): a CSV, read out of core by
// DuckDB's read_csv with the settings kpi decided for it (encoding, delimiter, header line, quoting) written out —
// never DuckDB's own sniffing — or a Parquet file, typed by its schema. The CSV's requested columns are loaded
// once into a temporary DuckDB table typed as kpi reads them, and the SQL engine (engine/sql/) runs its queries on
// that. Every value is kpi's: a cell in the plain form both read alike (`-1234.5`, `2026-10-31`) is cast by DuckDB;
// every other distinct text of a number or date column is read by kpi's own parser for the column (the decimal
// mark, date order, null spellings and words it decided) and the value written back. Whatever DuckDB cannot read
// exactly as kpi would — a line DuckDB rejects (a row wider or narrower than the header, a broken quote, bytes
// that are not UTF-8), a value kpi cannot read (to be left out of only the figures that read it, and located by
// line), a total, subtotal or footer row — is not guessed: the source is read by the streaming engine instead (`fallback`).
import { utcOffsetMs } from '../parse-date.js';
import { createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { ConfigError, DataError, InternalError } from '../../errors.js';
import { displayPath } from '../../util/display-path.js';
import { mark } from '../../util/timing.js';
import { codePageDecoder, isCodePage } from '../code-pages.js';
import type { CsvTable } from '../csv/csv-reader.js';
import { decodeWindows1252 } from '../decode.js';
import { nullSpellings } from '../column-format.js';
import { readPlan } from '../typed-rows.js';
import { TOTAL_FINALS, TOTAL_INITIALS } from '../total-rows.js';
import type { Cell, Relation, RowRequest, SourceFile } from '../table.js';
import { KPI_SQL_ERROR } from './duckdb-table.js';
import { DuckDbMissing } from './duckdb-module.js';
import { openDuckDb, type DuckDbConnection } from './duckdb-connection.js';

/** A relation DuckDB computes exactly as the streaming engine would, or why it cannot (then the streaming engine reads the source). */
export type FileRelation = { relation: Relation; release(): Promise<void>; locate: Locate } | { fallback: string };

/** A value of a text column to find the first row of: the header and the value, compared lower-cased and trimmed. */
export interface Wanted {
  column: string;
  value: string;
  /** Instead: the first empty cell of a number column (its number is NULL: a value kpi cannot read falls back). */
  empty?: true;
}

/**
 * Where each wanted value first occurs, as the streaming engine would say it: the line its first row starts on
 * and its spelling there (undefined when no row holds it).
 */
export type Locate = (wanted: readonly Wanted[]) => Promise<({ line: number; value: string } | undefined)[]>;

/** Thrown to end a scan once the last wanted record is passed. */
class Found extends DataError {}

/** Distinct texts of one column kpi reads itself before the source goes to the streaming engine instead. */
const MAX_HARD_TEXTS = 1_000_000;

/** What JavaScript's String.prototype.trim removes (as in engine/sql/duckdb.ts). */
const JS_WHITE_SPACE = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** Excel's error values, as sources/column-format.ts reads them: a bad value in any column. */
const SPREADSHEET_ERROR = '#(N/A|DIV/0!|VALUE!|REF!|NAME\\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|BUSY!|CONNECT!|UNKNOWN!)';

let connection: Promise<DuckDbConnection> | undefined;
let spill: string | undefined;

/** One in-memory DuckDB per process, spilling to a folder of its own in the system's temp folder. */
function connect(source: string): Promise<DuckDbConnection> {
  connection ??= (async () => {
    spill = join(tmpdir(), `kpi-duckdb-${process.pid}`);
    try {
      return await openDuckDb(':memory:', { temp_directory: spill, preserve_insertion_order: 'true' });
    } catch (err) {
      if (!(err instanceof DuckDbMissing)) throw err;
      throw new ConfigError(
        `source '${source}' has engine: duckdb, which needs the optional package @duckdb/node-api, and it does not load here (${firstLine(err)}): npm install @duckdb/node-api (next to kpi), or remove engine: duckdb to read the file with kpi's own engine`,
        [],
        'KPI_ENGINE_MISSING',
      );
    }
  })();
  connection.catch(() => (connection = undefined));
  return connection;
}

/** Removes the spill folder (a run of kpi ends with its process; tests open many sources). */
export function closeDuckDbFiles(): void {
  if (spill && existsSync(spill)) rmSync(spill, { recursive: true, force: true });
}

const firstLine = (err: unknown): string => String(err instanceof Error ? err.message : err).split('\n')[0].replace(/^Error: /, '');
const text = (value: string): string =>
  value
    .split('\0')
    .map((part) => `'${part.replace(/'/g, "''")}'`)
    .join(' || chr(0) || ');
/** As engine/sql/duckdb.ts trims: printable ASCII at both ends needs no trim (trim with a set is slow). */
const jsTrim = (x: string) => `CASE WHEN ascii(${x}) BETWEEN 33 AND 126 AND ascii(right(${x}, 1)) BETWEEN 33 AND 126 THEN ${x} ELSE trim(${x}, ${text(JS_WHITE_SPACE)}) END`;

let serial = 0;

async function run(c: DuckDbConnection, sql: string): Promise<unknown[][]> {
  return (await c.run(sql)).rows;
}

/**
 * The relation of a CSV for one request (the columns a plan reads, each as its type), read by DuckDB with the
 * settings kpi decided; or why DuckDB cannot read it as kpi would.
 */
export async function csvOnDuckDb(table: CsvTable, request: RowRequest): Promise<FileRelation> {
  const source = request.source;
  const decided = table.decided;
  if (!decided || table.format !== 'csv') throw new InternalError(`source '${source}': ${table.label} is not a CSV file`);
  const plan = readPlan(table, request);
  // The temporary table's columns are named by their place in the file, never by header: DuckDB's names ignore
  // case, so `Amount` and `amount` would be one column. A header read as text and as a number or a date
  // (`defects is not empty`) has a column of each.
  const position = new Map<string, number>();
  // A duration column's number column holds its hours, each text read by kpi's duration parser (compile.ts
  // takes them as they are: Relation.hours).
  const kindOf = new Map<string, 'number' | 'date' | 'duration'>();
  for (const [i, c] of request.columns.entries()) {
    if (plan.columnOf[i] < 0) return { fallback: `column '${c.header}' is not in ${table.label}` };
    position.set(c.header, plan.columnOf[i]);
    if (c.type === 'text') continue;
    const kind = c.type === 'number' && c.duration ? 'duration' : c.type;
    const had = kindOf.get(c.header);
    if (had !== undefined && had !== kind) return { fallback: `column '${c.header}' is read both as ${had}s and as ${kind}s` };
    kindOf.set(c.header, kind);
  }
  const columnOf = (header: string, type: 'text' | 'number' | 'date') => `${type === 'text' ? 'kpi_t' : 'kpi_v'}${position.get(header)}`;
  const hours = new Set([...kindOf].filter(([, k]) => k === 'duration').map(([h]) => columnOf(h, 'number')));
  const typeOf = new Map<string, string>();
  for (const c of request.columns) typeOf.set(columnOf(c.header, c.type), c.type === 'text' ? 'VARCHAR' : c.type === 'number' ? 'DOUBLE' : 'TIMESTAMP');
  const c = await connect(source);
  const id = ++serial;
  const name = `kpi_file_${id}`;
  const rejects = `kpi_rejects_${id}`;
  let transcoded: string | undefined;
  const release = async () => {
    await run(c, `DROP TABLE IF EXISTS ${name}; DROP TABLE IF EXISTS ${rejects}; DROP TABLE IF EXISTS kpi_scans_${id}`).catch(() => undefined);
    if (transcoded) rmSync(transcoded, { force: true });
  };
  /** Nothing of a source the streaming engine reads instead is kept. */
  const fallback = async (why: string): Promise<FileRelation> => {
    await release();
    return { fallback: why };
  };
  try {
    // UTF-8 files are read as they are; a single-byte code page (Windows-1252, DOS, ISO-8859-15) or UTF-16 is
    // decoded by kpi's own decoder into a UTF-8 copy first (DuckDB's latin-1 refuses Windows-1252's € and „).
    let path = table.path;
    if (decided.encoding !== 'utf-8' && decided.encoding !== 'utf-8-bom') {
      transcoded = join(tmpdir(), `kpi-${process.pid}-${id}.csv`);
      await transcode(table.path, decided.encoding, transcoded);
      path = transcoded;
    }
    // LF and CR LF are both line breaks to DuckDB's reader without new_line (which, set to CR LF, read no rows
    // under strict_mode in DuckDB 1.5); a lone CR is not.
    if (lineBreaks(path) === undefined) return fallback(`${table.label} breaks lines with a lone CR, which DuckDB's reader does not take`);
    const width = table.headers.length;
    const columns = Array.from({ length: width }, (_, k) => `${text(`c${k}`)}: 'VARCHAR'`).join(', ');
    const read = `read_csv(${text(path)}, columns = {${columns}}, header = false, skip = ${decided.skipRows + 1}, delim = ${text(decided.delimiter)}, quote = '"', escape = '"', comment = '', auto_detect = false, strict_mode = true, null_padding = false, nullstr = chr(10), allow_quoted_nulls = false, store_rejects = true, rejects_table = ${text(rejects)}, rejects_scan = ${text(`kpi_scans_${id}`)})`;

    // One column per requested header, typed; `kpi_hard_<k>`: the text of a number or date cell DuckDB does not
    // read in the plain form, for kpi to read.
    const select: string[] = [];
    const hard: { k: number; header: string; column: string; slot: number; kind: 'number' | 'date' }[] = [];
    const texts: string[] = [];
    const done = new Set<string>();
    // A null spelling written as a number (null_values: [0]) is no value in kpi: no cell of a number column is cast.
    const numericNull = [...nullSpellings(request.settings)].some((v) => /^-?[0-9]+([.,][0-9]+)?$/.test(v));
    request.columns.forEach((col, slot) => {
      const k = plan.columnOf[slot];
      const cell = `c${k}`;
      const fast = plan.formats[slot].fast;
      if (col.type === 'text') {
        const as = columnOf(col.header, 'text');
        if (done.has(as)) return;
        done.add(as);
        select.push(`${cell} AS ${as}`);
        texts.push(as);
        return;
      }
      const as = columnOf(col.header, col.type);
      if (done.has(as)) return;
      done.add(as);
      let value: string | undefined;
      if (col.type === 'number' && !col.duration && fast?.type === 'number' && !col.values?.size && !col.ignored?.size && !numericNull) {
        // kpi's plain number (parse-number.ts, plainNumber): at most 15 characters, an optional '-', digits and at
        // most one decimal mark, which DuckDB's CAST reads to the same double (both round the decimal once).
        const pattern = fast.decimal === ',' ? '-?[0-9]+(,[0-9]+)?' : fast.decimal === '.' ? '-?[0-9]+([.][0-9]+)?' : '-?[0-9]+';
        const plain = `(strlen(${cell}) <= 15 AND regexp_full_match(${cell}, '${pattern}'))`;
        value = `CASE WHEN ${plain} THEN CAST(${fast.decimal === ',' ? `replace(${cell}, ',', '.')` : cell} AS DOUBLE) END`;
      } else if (col.type === 'date' && fast?.type === 'date') {
        // An ISO date (yyyy-MM-dd, a year from 1000): the same day in both (parse-date.ts, parseIsoDate).
        value = `CAST(TRY_CAST(CASE WHEN strlen(${cell}) = 10 AND regexp_full_match(${cell}, '[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}') THEN ${cell} END AS DATE) AS TIMESTAMP)`;
      }
      const type = col.type === 'number' ? 'DOUBLE' : 'TIMESTAMP';
      select.push(`${value ?? `CAST(NULL AS ${type})`} AS ${as}`);
      select.push(value ? `CASE WHEN ${value} IS NULL AND ${cell} <> '' THEN ${cell} END AS kpi_hard_${k}` : `CASE WHEN ${cell} <> '' THEN ${cell} END AS kpi_hard_${k}`);
      hard.push({ k, header: col.header, column: as, slot, kind: col.type });
    });
    // Could the record be a total, subtotal or footer row (total-rows.ts), anywhere in the file? Only if its period
    // cell could be blank or a label, and its first filled cell (in any column) starts with a letter a total or
    // footer label starts with (or a non-ASCII one): a yes on any record sends the source to the streaming engine,
    // which decides. Cheap per row: first characters only.
    const letters = (set: ReadonlySet<number>) => [...set].map((b) => `'${String.fromCharCode(b).replace(/'/g, "''")}'`).join(', ');
    const initials = letters(TOTAL_INITIALS);
    const finals = letters(TOTAL_FINALS);
    const firstFilled = `coalesce(${Array.from({ length: width }, (_, k) => `nullif(${jsTrim(`c${k}`)}, '')`).join(', ')}, '')`;
    const mayLabel = (x: string) => `(${x} <> '' AND (ascii(${x}) > 127 OR left(${x}, 1) IN (${initials}) OR right(${x}, 1) IN (${finals}) OR ascii(right(${x}, 1)) > 127))`;
    const periodCell = plan.periodColumn >= 0 ? `coalesce(c${plan.periodColumn}, '')` : undefined;
    const period = periodCell ? `(${jsTrim(periodCell)} = '' OR NOT regexp_matches(${jsTrim(periodCell)}, '^[0-9]'))` : 'TRUE';
    select.push(`(${period} AND ${mayLabel(firstFilled)}) AS kpi_totalish`);
    // A record of one blank field is no record (csv-reader.ts); DuckDB rejects it as too short in a wider file.
    const where = width === 1 ? ` WHERE ${jsTrim('c0')} <> ''` : '';
    try {
      await run(c, `CREATE TEMP TABLE ${name} AS SELECT ${select.join(', ')} FROM ${read}${where}`);
    } catch (err) {
      // What DuckDB's reader stops at (headers that differ only in case, bytes it cannot decode …) is the
      // streaming engine's to read and locate; running out of disk or memory is said as such.
      const message = firstLine(err);
      if (/^(Out of Memory|IO) Error/i.test(message)) throw new DataError(`source '${source}': DuckDB cannot read ${table.label}: ${message}`, ['free memory or space in the temp folder, or remove engine: duckdb to read it with kpi\'s own engine'], { code: 'KPI_FILE_UNREADABLE', file: table.label });
      return fallback(`DuckDB's reader stopped: ${message}`);
    }
    mark(`${source}: ${table.label} loaded into DuckDB`);
    const [rejected] = await run(c, `SELECT count(*), min(line), min(error_type) FROM ${rejects} WHERE ${jsTrim('csv_line')} <> ''`);
    if (Number(rejected[0]) > 0) return fallback(`DuckDB's reader refused ${Number(rejected[0])} line(s) of ${table.label} (the first at line ${Number(rejected[1])}: ${String(rejected[2]).toLowerCase()})`);
    const [totalish] = await run(c, `SELECT count(*) FROM ${name} WHERE kpi_totalish`);
    if (Number(totalish?.[0]) > 0) return fallback(`${table.label} may hold total rows (sum, subtotal or footer lines)`);
    if (texts.length) {
      const [errors] = await run(c, `SELECT ${texts.map((h) => `count(*) FILTER (WHERE contains(${h}, '#') AND regexp_full_match(${jsTrim(h)}, '${SPREADSHEET_ERROR}', 'i'))`).join(', ')} FROM ${name}`);
      const n = errors.reduce<number>((s, v) => s + Number(v), 0);
      if (n > 0) return fallback(`${n} spreadsheet error value(s) (#N/A …) in ${table.label}`);
    }
    mark(`${source}: DuckDB's checks`);
    // The other texts of number and date columns, read by kpi's own parser for the column.
    for (const h of hard) {
      const rows = await run(c, `SELECT DISTINCT kpi_hard_${h.k} FROM ${name} WHERE kpi_hard_${h.k} IS NOT NULL LIMIT ${MAX_HARD_TEXTS + 1}`);
      if (rows.length > MAX_HARD_TEXTS) return fallback(`column '${h.header}' of ${table.label} has over ${MAX_HARD_TEXTS.toLocaleString('en-US')} distinct values in forms kpi reads itself`);
      if (rows.length === 0) continue;
      const parse = plan.formats[h.slot].parse;
      const pairs: string[] = [];
      let bad = 0;
      for (const [raw] of rows) {
        // A datetime written with its UTC offset: days() and hours() span instants, read from the cells as written
        // (engine/run.ts), which the table of wall-clock times does not keep.
        if (h.kind === 'date' && utcOffsetMs(String(raw)) !== undefined) return fallback(`column '${h.header}' of ${table.label} has datetimes written with a UTC offset (${String(raw)})`);
        const v = parse(String(raw) as Cell);
        if (v !== null && typeof v === 'object') bad++;
        else if (typeof v === 'number') pairs.push(`(${text(String(raw))}, ${h.kind === 'number' ? `CAST('${String(v)}' AS DOUBLE)` : `epoch_ms(CAST(${v} AS BIGINT))`})`);
      }
      if (bad > 0) return fallback(`${bad} distinct value(s) of column '${h.header}' of ${table.label} cannot be read`);
      if (pairs.length === 0) continue;
      const lookup = `kpi_lookup_${id}_${h.k}`;
      await run(c, `CREATE TEMP TABLE ${lookup} (raw VARCHAR, v ${h.kind === 'number' ? 'DOUBLE' : 'TIMESTAMP'})`);
      for (let i = 0; i < pairs.length; i += 1000) await run(c, `INSERT INTO ${lookup} VALUES ${pairs.slice(i, i + 1000).join(', ')}`);
      mark(`${source}: ${pairs.length} texts of '${h.header}' read by kpi`);
      await run(c, `UPDATE ${name} SET ${h.column} = ${lookup}.v FROM ${lookup} WHERE ${name}.kpi_hard_${h.k} = ${lookup}.raw; DROP TABLE ${lookup}`);
    }
    const relation: Relation = {
      engine: 'duckdb',
      table: name,
      types: typeOf,
      columnOf,
      hours,
      query: async (sql) => {
        try {
          return await run(c, sql);
        } catch (err) {
          const message = firstLine(err);
          if (KPI_SQL_ERROR.test(message)) throw new InternalError(`source '${source}': DuckDB refused kpi's query (${message}); SQL: ${sql}`);
          throw new DataError(`source '${source}': ${table.label}: DuckDB: ${message}`, [], { code: 'KPI_FILE_UNREADABLE', file: table.label });
        }
      },
    };
    const locate: Locate = async (wanted) => {
      if (wanted.length === 0) return [];
      // The first row (rowid: the record's place among the file's records, as both read them) of each value.
      const parts = wanted.map((w, i) => {
        if (w.empty) return `SELECT ${i} AS i, min(rowid) AS r, '' AS v FROM ${name} WHERE ${columnOf(w.column, 'number')} IS NULL`;
        const col = columnOf(w.column, 'text');
        return `SELECT ${i} AS i, min(rowid) AS r, arg_min(${jsTrim(col)}, rowid) AS v FROM ${name} WHERE lower(${jsTrim(col)}) = lower(${text(w.value)})`;
      });
      const rows = await run(c, parts.join(' UNION ALL '));
      const firsts = new Map(rows.filter((r) => r[1] !== null).map((r) => [Number(r[0]), { record: Number(r[1]), value: String(r[2]) }]));
      const lines = await recordLines(table, [...firsts.values()].map((f) => f.record));
      return wanted.map((_w, i) => {
        const f = firsts.get(i);
        const line = f && lines.get(f.record);
        return f && line !== undefined ? { line, value: f.value } : undefined;
      });
    };
    return { relation, release, locate };
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * The line each record (its place among the data records, 0 the first) starts on, read by kpi's own scanner:
 * the file is read up to the last record asked for.
 */
async function recordLines(table: CsvTable, records: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (records.length === 0) return out;
  const wanted = new Set(records);
  const last = Math.max(...records);
  let n = 0;
  const stop = new Found('found');
  const onRecord = (line: number) => {
    if (wanted.has(n)) out.set(n, line);
    if (n++ >= last) throw stop;
  };
  try {
    if (table.bytes) await table.bytes.eachRecord((rec) => onRecord(rec.line), 0);
    else await table.eachRecord((_cells, line) => onRecord(line), undefined, [0]);
  } catch (err) {
    if (err !== stop) throw err;
  }
  return out;
}

/** The line break DuckDB is told: CR LF when the file's first one is, LF otherwise; undefined for a lone CR. */
function lineBreaks(path: string): string | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(1 << 16);
    const n = readSync(fd, head, 0, head.length, 0);
    const lf = head.subarray(0, n).indexOf(10);
    const cr = head.subarray(0, n).indexOf(13);
    if (cr >= 0 && (lf < 0 || cr < lf - 1)) return undefined;
    return cr >= 0 && cr === lf - 1 ? '\r\n' : '\n';
  } finally {
    closeSync(fd);
  }
}

/** A copy of the file in UTF-8, decoded as kpi decodes it (decode.ts, code-pages.ts). */
async function transcode(from: string, encoding: string, to: string): Promise<void> {
  let decode: (bytes: Uint8Array, last: boolean) => string;
  if (encoding === 'windows-1252') decode = (b) => decodeWindows1252(b);
  else if (isCodePage(encoding)) {
    const page = codePageDecoder(encoding);
    decode = (b) => page(b);
  } else if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const d = new TextDecoder(encoding);
    decode = (b, last) => d.decode(b, { stream: !last });
  } else throw new InternalError(`no decoder for ${encoding}`);
  mkdirSync(tmpdir(), { recursive: true });
  await pipeline(
    createReadStream(from, { highWaterMark: 1 << 20 }),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        done(null, Buffer.from(decode(chunk, false), 'utf8'));
      },
      flush(done) {
        const rest = decode(new Uint8Array(0), true);
        done(null, rest ? Buffer.from(rest, 'utf8') : undefined);
      },
    }),
    createWriteStream(to),
  );
}

/** A Parquet file as a source: a DuckDB view over it, typed by the file's schema (as a table in a database). */
export async function openParquet(path: string, source: string, engine: string | undefined): Promise<SourceFile> {
  const shown = displayPath(path);
  if (engine === 'streaming') {
    throw new ConfigError(`source '${source}': ${shown} is a Parquet file, which only DuckDB reads: remove engine: streaming (or write engine: duckdb)`, [], 'KPI_ENGINE_UNSUPPORTED');
  }
  if (!existsSync(path)) throw new DataError(`source '${source}': file not found: ${shown}`, [], { code: 'KPI_FILE_NOT_FOUND', file: shown });
  const c = await connect(source);
  const name = `kpi_parquet_${++serial}`;
  try {
    await run(c, `CREATE TEMP VIEW ${name} AS SELECT * FROM read_parquet(${text(path)})`);
  } catch (err) {
    throw new DataError(`source '${source}': ${shown} cannot be read as Parquet: ${firstLine(err)}`, [], { code: 'KPI_FILE_UNREADABLE', file: shown });
  }
  const head = await c.run(`SELECT * FROM ${name} LIMIT 500`);
  const headers = head.columns;
  const types = new Map(headers.map((h, i) => [h, head.types[i]]));
  const query = async (sql: string): Promise<unknown[][]> => {
    try {
      return await run(c, sql);
    } catch (err) {
      const message = firstLine(err);
      if (KPI_SQL_ERROR.test(message)) throw new InternalError(`source '${source}': DuckDB refused kpi's query (${message}); SQL: ${sql}`);
      throw new DataError(`source '${source}': ${shown}: DuckDB: ${message}`, [], { code: 'KPI_FILE_UNREADABLE', file: shown });
    }
  };
  return {
    path,
    format: 'parquet',
    label: shown,
    lineWord: 'row',
    headers,
    settings: { engine: 'duckdb', format: 'parquet' },
    sample: head.rows.map((r) => r.map(cellOf)),
    relation: { engine: 'duckdb', table: name, types, query },
    async eachRecord(onRecord) {
      let line = 0;
      await c.stream(`SELECT * FROM ${name}`, (rows) => {
        for (const r of rows) onRecord(r.map(cellOf), ++line);
      });
      return line;
    },
  };
}

/** A DuckDB value as a cell, as a spreadsheet gives it: numbers as numbers, dates as ISO wall-clock text. */
function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 19);
  return String(v);
}
