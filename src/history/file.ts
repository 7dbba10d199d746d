// The history file (README "History"): JSON Lines, one entry per run, appended and never rewritten. Appending is
// one write(2) of the whole line to a file opened O_APPEND (created if missing), so two runs appending at once do
// not interleave their lines and a reader never sees half of a line that was written whole. Reading checks every
// line: a line that is not an entry (cut short by a full disk, edited by hand) is an error naming its line, never
// skipped, since the comparison would otherwise be against the wrong run.
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { DataError } from '../errors.js';
import { HISTORY_VERSION, type HistoryEntry } from './entry.js';

/** Appends one entry as one line. A write that fails (no space, no permission) is exit 3 naming the file. */
export function appendEntry(path: string, shown: string, entry: HistoryEntry): void {
  const line = `${JSON.stringify(entry)}\n`;
  let fd: number | undefined;
  let written = 0;
  let length = 0;
  try {
    // a+: appends (O_APPEND: every write goes to the end, whatever another writer did) and can read the last byte.
    fd = openSync(path, 'a+');
    // A line left without its newline (a run killed mid-write on another system, a hand edit) would swallow this
    // one: start on a line of our own, and the broken line stays an error of its own when read.
    const size = fstatSync(fd).size;
    let text = line;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = `\n${line}`;
    }
    const bytes = Buffer.from(text, 'utf8');
    length = bytes.length;
    written = writeSync(fd, bytes);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOSPC' ? 'no space left on device' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'ENOENT' ? 'its folder does not exist' : e.message;
    throw new DataError(`--history: cannot append to ${shown}: ${why}`, [], { code: 'KPI_WRITE', file: shown });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  // One write, or the line is not whole: said, never left as if it were (a reader names the broken line).
  if (written !== length) throw new DataError(`--history: cannot append to ${shown}: only ${written} of ${length} bytes were written (no space left on device?)`, [], { code: 'KPI_WRITE', file: shown });
}

/** One entry of a history file with the line it is on (1-based), for messages and `--from`/`--to`. */
export interface NumberedEntry {
  line: number;
  /** Its position among the file's entries, 1-based (what `kpi diff --history F --from 3` counts). */
  index: number;
  entry: HistoryEntry;
}

/** Every entry of a history file, checked; a missing file is none when `missingIsEmpty`. */
export function readHistory(path: string, shown: string, missingIsEmpty = false): NumberedEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      if (missingIsEmpty) return [];
      throw new DataError(`history file not found: ${shown} (kpi report --history ${shown} writes it)`, [], { code: 'KPI_FILE_NOT_FOUND', file: shown });
    }
    throw new DataError(`cannot read the history ${shown}: ${e.code === 'EISDIR' ? 'it is a folder' : e.message}`, [], { code: 'KPI_FILE_UNREADABLE', file: shown });
  }
  const out: NumberedEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    // Blank lines hold no entry (a file edited by hand); they are not a line that lost its entry.
    if (raw.trim() === '') continue;
    out.push({ line: i + 1, index: out.length + 1, entry: parseEntry(raw, shown, i + 1) });
  }
  return out;
}

function parseEntry(raw: string, shown: string, line: number): HistoryEntry {
  const bad = (why: string, column?: number): never => {
    throw new DataError(
      `${shown}:${line}${column ? `:${column}` : ''}: not a kpi history entry: ${why}`,
      [`every line of a history file is one run's entry, written by kpi report/check --history; repair or remove line ${line} (kpi reads every line, so that no run is compared with the wrong one)`],
      { code: 'KPI_HISTORY', file: shown, line, ...(column ? { column } : {}) },
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const column = at ? Number(at[1]) + 1 : undefined;
    bad(raw.length > 0 && !raw.trimEnd().endsWith('}') ? `the line is cut short (${raw.length} characters, no closing brace)` : `it is not JSON (${message.replace(/^.*?: /, '')})`, column);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('it is not a JSON object');
  const e = value as Record<string, unknown>;
  if (e.kpi_history === undefined) return bad('it has no "kpi_history" version (is this a kpi report JSON? kpi diff takes those as OLD NEW files)');
  if (typeof e.kpi_history !== 'number' || !Number.isInteger(e.kpi_history)) return bad('"kpi_history" is not a version number');
  if (e.kpi_history > HISTORY_VERSION) return bad(`it is of version ${e.kpi_history}, written by a newer kpi (this one reads version ${HISTORY_VERSION})`);
  if (typeof e.period !== 'object' || e.period === null || typeof (e.period as { id?: unknown }).id !== 'string') return bad('"period" has no id');
  if (typeof e.as_of !== 'string' || typeof e.run_at !== 'string') return bad('"as_of" or "run_at" is missing');
  if (!Array.isArray(e.results)) return bad('"results" is not a list');
  for (const [i, r] of e.results.entries()) {
    const result = r as Record<string, unknown> | null;
    if (typeof result !== 'object' || result === null || typeof result.kpi !== 'string' || typeof result.period !== 'string' || typeof result.group !== 'object' || result.group === null) {
      return bad(`result ${i + 1} has no kpi, period or group`);
    }
    if (result.value !== null && typeof result.value !== 'string') return bad(`result ${i + 1} (${result.kpi}): "value" is not exact text or null`);
  }
  if (e.past !== undefined && !Array.isArray(e.past)) return bad('"past" is not a list');
  for (const [i, p] of ((e.past as unknown[] | undefined) ?? []).entries()) {
    const f = p as Record<string, unknown> | null;
    if (typeof f !== 'object' || f === null || typeof f.kpi !== 'string' || typeof f.period !== 'string' || typeof f.group !== 'object' || f.group === null || (f.value !== null && typeof f.value !== 'string')) {
      return bad(`past figure ${i + 1} has no kpi, period, group or exact value`);
    }
  }
  if (e.labels !== undefined && (typeof e.labels !== 'object' || e.labels === null || Object.values(e.labels).some((l) => typeof l !== 'string'))) return bad('"labels" is not a map of KPI labels');
  if (e.formats !== undefined && (typeof e.formats !== 'object' || e.formats === null || Array.isArray(e.formats))) return bad('"formats" is not a map of KPI formats');
  if (typeof e.definitions !== 'object' || e.definitions === null) return bad('"definitions" is missing');
  if (!Array.isArray(e.inputs)) return bad('"inputs" is not a list');
  return { past: [], compare: null, config: null, command: 'report', ...e } as unknown as HistoryEntry;
}
