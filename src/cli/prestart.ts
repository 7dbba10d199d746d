// Reading threads for a big CSV, started by bin/kpi.js before the rest of kpi loads: a thread takes 50–100 ms to
// start (Node's own start-up, then the engine's code), and started here it is ready about when the main thread
// starts reading, where started after kpi.yaml is loaded it was ready some 100 ms later (the main thread read on
// alone meanwhile). The reader pool takes these threads (engine/threads.ts) instead of starting its own.
//
// Only a guess, made from the command line and the text of kpi.yaml without loading commander or a YAML parser:
// a big CSV file named by `--source` or by a `file:` of the project file. When the guess is wrong, the pool starts
// its threads as before (none were started), or the threads started are never used and do not keep kpi running.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { MAX_THREADS, readInParallel, keepStartedEarly } from '../engine/threads.js';
import { startDuckDbEarly } from '../sources/database/duckdb-connection.js';
import { parseDatabaseUrl } from '../sources/database/database-url.js';
import { databaseFileKind } from '../sources/database/duckdb-module.js';

/** The commands that read every source in parallel (report/build-report.ts, report/build-trend.ts). */
const READING_COMMANDS = new Set(['report', 'check', 'trend']);

/** The commands that open a project's sources (and so its DuckDB databases). */
const OPENING_COMMANDS = new Set([...READING_COMMANDS, 'scorecard', 'explain', 'validate', 'sql', 'notify']);

/** Names the CSV reader reads and may split (sources/readers.ts): not compressed, not a workbook. */
const CSV_NAME = /\.(csv|tsv|txt)$/i;

/**
 * The value after a `file:` key in kpi.yaml, up to the end of its line: `x`, `"x"` or `'x'`, block or flow style;
 * a list (`[a, b]`) is never split.
 */
const FILE_VALUE = /^[ \t]*(?:"([^"]+)"|'([^']+)'|([^\s"'[{,}#][^,}#]*?))[ \t]*(?:[,}#]|$)/;

/** Bytes that may come before a key: a space, a line break, `{` or `,` (not the end of a word: `profile:`). */
const BEFORE_KEY = new Set([0x20, 0x09, 0x0a, 0x0d, 0x7b, 0x2c]);

/** Starts the reading threads of `entry` when the command in `argv` will read a big CSV file in parallel. */
export function prestart(argv: readonly string[], entry: URL): void {
  try {
    const args = argv.slice(3);
    // DuckDB loads on a thread of its own (sources/database/duckdb-thread.ts) while kpi loads on this one.
    if (OPENING_COMMANDS.has(argv[2]) && namesDuckDb(args)) {
      startDuckDbEarly(duckDbFiles(args));
    }
    if (!READING_COMMANDS.has(argv[2]) || MAX_THREADS < 2 || args.includes('--strict')) return;
    // DuckDB reads the files itself (report/duckdb-files.ts): no reading threads.
    if (args.includes('--engine=duckdb') || args.some((a, i) => a === '--engine' && args[i + 1] === 'duckdb')) return;
    if (!namedFiles(args).some(isBigCsv)) return;
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    for (let i = 1; i < MAX_THREADS; i++) keepStartedEarly(new Worker(entry), entry);
  } catch {
    // A guess only: whatever fails here is found and said when the command runs.
  }
}

/** The files `--source` names, and those the project file names (`-c`, `--config`, else ./kpi.yaml). */
export function namedFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const spec = args[i] === '--source' ? (args[++i] ?? '') : args[i].startsWith('--source=') ? args[i].slice('--source='.length) : undefined;
    const at = spec?.indexOf('=') ?? -1;
    if (spec !== undefined && at > 0) files.push(resolve(spec.slice(at + 1)));
  }
  const config = configPath(args);
  let text: Buffer;
  try {
    text = readFileSync(config);
  } catch {
    return files;
  }
  // A project that reads files with DuckDB (engine: duckdb) is guessed to need no reading threads.
  if (/\bengine:\s*["']?duckdb\b/.test(text.toString('latin1'))) return files;
  // Searched as bytes, each `file:` line decoded alone: a project of 10,000 KPIs is a megabyte of text.
  const dir = dirname(resolve(config));
  for (let at = text.indexOf('file:'); at >= 0; at = text.indexOf('file:', at + 5)) {
    if (at > 0 && !BEFORE_KEY.has(text[at - 1])) continue;
    const eol = text.indexOf(0x0a, at);
    const m = FILE_VALUE.exec(text.toString('utf8', at + 5, eol < 0 ? text.length : eol).replace(/\r$/, ''));
    if (m) files.push(resolve(dir, (m[1] ?? m[2] ?? m[3]).trim()));
  }
  return files;
}

/**
 * Whether the command line or the project file names DuckDB: `--engine duckdb`, a Parquet file, or the word in
 * kpi.yaml (`url: duckdb:…`, `engine: duckdb`). A wrong yes costs a thread that loads DuckDB and is never asked.
 */
export function namesDuckDb(args: readonly string[]): boolean {
  const engine = args.flatMap((a, i) => (a.startsWith('--engine=') ? [a.slice(9)] : a === '--engine' ? [args[i + 1]] : []));
  if (engine.includes('duckdb') || args.some((a) => /\.parquet$/i.test(a))) return true;
  try {
    const text = readFileSync(configPath(args)).toString('latin1');
    // With --engine streaming, only a DuckDB database (url: duckdb:…) still needs DuckDB.
    return engine.includes('streaming') ? /\burl:\s*["']?duckdb:/i.test(text) : /duckdb|\.parquet\b/i.test(text);
  } catch {
    return false;
  }
}

/** `url: duckdb:…` in kpi.yaml, as the path DuckDB opens (sources/database/database-url.ts); not one in ${VARIABLE}. */
const DUCKDB_URL = /\burl:[ \t]*["']?(duckdb:[^"'\s,}#]+)/gi;

/**
 * The DuckDB database files kpi.yaml names with url:, resolved as kpi will (relative to its folder), each with the
 * tables named beside its url: (`table: sales`, whose sample the DuckDB thread then asks at once).
 */
export function duckDbFiles(args: readonly string[]): { path: string; tables: string[] }[] {
  let text: string;
  const config = configPath(args);
  try {
    text = readFileSync(config, 'utf8');
  } catch {
    return [];
  }
  const files = new Map<string, Set<string>>();
  for (const m of text.matchAll(DUCKDB_URL)) {
    if (m[1].includes('${')) continue;
    try {
      const url = parseDatabaseUrl(m[1], dirname(resolve(config)), '');
      // Only a DuckDB file: no file, or another kind, is left to the source to say.
      if (url.engine !== 'duckdb' || databaseFileKind(url.path) !== 'duckdb') continue;
      const tables = files.get(url.path) ?? new Set<string>();
      files.set(url.path, tables);
      const table = tableBeside(text, m.index);
      if (table !== undefined) tables.add(table);
    } catch {
      // Said when the source is opened.
    }
  }
  return [...files].map(([path, tables]) => ({ path, tables: [...tables] }));
}

/** A plain table name (no schema, no quoting): the only kind guessed from the text. */
const PLAIN_TABLE = /^table:[ \t]*["']?([A-Za-z_][A-Za-z0-9_]*)["']?[ \t]*(?:#.*)?$/;

/**
 * The `table:` of the mapping that holds the url: at `at` (flow style on its line, or block style: the keys as
 * indented as url:), when it has no `schema:` or `query:`; undefined otherwise. A guess: a wrong one costs a sample.
 */
export function tableBeside(text: string, at: number): string | undefined {
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  const line = text.slice(start, end);
  const open = line.lastIndexOf('{', at - start);
  if (open >= 0) {
    const close = line.indexOf('}', at - start);
    const keys = line.slice(open + 1, close < 0 ? line.length : close).split(',').map((k) => k.trim());
    if (keys.some((k) => /^(schema|query):/.test(k))) return undefined;
    return keys.map((k) => PLAIN_TABLE.exec(k)?.[1]).find((t) => t !== undefined);
  }
  const lines = text.split(/\r?\n/);
  const here = text.slice(0, start).split('\n').length - 1;
  const indent = (l: string) => /^[ ]*/.exec(l)![0].length;
  const own = indent(line.replace(/^([ ]*)- /, '$1  '));
  const siblings: string[] = [];
  const take = (l: string): boolean => {
    if (l.trim() === '' || /^\s*#/.test(l)) return true;
    if (indent(l) < own) return false;
    if (indent(l) === own) siblings.push(l.trim());
    return true;
  };
  for (let i = here + 1; i < lines.length && take(lines[i]); i++);
  for (let i = here - 1; i >= 0 && take(lines[i]); i--);
  if (siblings.some((k) => /^(schema|query):/.test(k))) return undefined;
  return siblings.map((k) => PLAIN_TABLE.exec(k)?.[1]).find((t) => t !== undefined);
}

/** The project file of the command line: `-c`, `--config`, else ./kpi.yaml. */
function configPath(args: readonly string[]): string {
  let config = 'kpi.yaml';
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') && args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    if (flag === '-c' || flag === '--config') config = inline ?? args[++i] ?? '';
    else if (flag.startsWith('-c') && flag.length > 2 && !flag.startsWith('--')) config = flag.slice(2);
  }
  return config;
}

function isBigCsv(path: string): boolean {
  if (!CSV_NAME.test(path)) return false;
  try {
    const s = statSync(path);
    return s.isFile() && readInParallel(s.size, false);
  } catch {
    return false;
  }
}
