// Rows that two files of one source both hold: an overlapping re-export in a folder of exports (`file: exp/*.csv`,
// Jul–Sep and Sep–Oct) is read as one source, so its shared days would be added twice. Each row's cells (every
// column, as text) are hashed; a row of a later file whose hash an earlier file already had is a shared row.
// Memory is bounded however big the exports: past SAMPLE_CAP hashes only the rows whose hash falls in a shrinking
// share (1/2, 1/4 …) are kept, the same share in every file — an identical row is kept in both files or in
// neither — so the count is then an estimate (`exact: false`), never a miss of a large overlap.
import { formatDay } from '../calendar/days.js';
import type { SharedRows } from '../model/data-quality.js';

/** Row hashes kept at most (about 20 MB of maps). */
const SAMPLE_CAP = 1 << 17;
/** Files per source told apart in a hash's stored location (file × 2^40 + line). */
const LINE_SPAN = 2 ** 40;

/** A shared-rows pair while reading: the sampled rows shared, the first located, and the days they carry. */
interface Pair {
  count: number;
  lines: [number, number];
  firstDay: number;
  lastDay: number;
}

export interface SharedRowsTracker {
  /** One row of file `file` (0-based, in reading order) at `line`, its period day (or null) and its cells. */
  row(file: number, line: number, day: number | null, cells: readonly (string | null)[], from: number): void;
  /** The pairs of files that share rows, earlier file first. */
  result(labels: readonly string[]): SharedRows[];
}

export function sharedRowsTracker(cap = SAMPLE_CAP): SharedRowsTracker {
  /** Hash → where the first file holding it had it (file × LINE_SPAN + line). */
  const seen = new Map<number, number>();
  /** Hash of a shared row → the pair key and its day (re-filtered when the share kept shrinks). */
  const matched = new Map<number, { key: string; day: number | null; times: number }>();
  let mask = 0;
  const shrink = () => {
    mask = mask * 2 + 1;
    for (const h of seen.keys()) if ((h & mask) !== 0) seen.delete(h);
    for (const h of matched.keys()) if ((h & mask) !== 0) matched.delete(h);
  };
  return {
    row(file, line, day, cells, from) {
      const h = rowHash(cells, from);
      if ((h & mask) !== 0) return;
      const at = seen.get(h);
      if (at === undefined) {
        seen.set(h, file * LINE_SPAN + line);
        if (seen.size > cap) shrink();
        return;
      }
      const other = Math.floor(at / LINE_SPAN);
      // Repeated rows within one file are that file's own (two equal order lines): only another file's count.
      if (other === file) return;
      const m = matched.get(h);
      if (m) m.times++;
      else {
        matched.set(h, { key: `${other},${file},${at % LINE_SPAN},${line}`, day, times: 1 });
      }
    },
    result(labels) {
      const pairs = new Map<string, Pair>();
      for (const m of matched.values()) {
        const [a, b, la, lb] = m.key.split(',').map(Number);
        const key = `${a},${b}`;
        let p = pairs.get(key);
        if (!p) pairs.set(key, (p = { count: 0, lines: [la, lb], firstDay: Infinity, lastDay: -Infinity }));
        p.count += m.times;
        if (lb < p.lines[1]) p.lines = [la, lb];
        if (m.day !== null) {
          if (m.day < p.firstDay) p.firstDay = m.day;
          if (m.day > p.lastDay) p.lastDay = m.day;
        }
      }
      return [...pairs].map(([key, p]) => {
        const [a, b] = key.split(',').map(Number);
        return {
          files: [labels[a], labels[b]] as [string, string],
          rows: p.count * (mask + 1),
          exact: mask === 0,
          dates: Number.isFinite(p.firstDay) ? { first: formatDay(p.firstDay), last: formatDay(p.lastDay) } : null,
          first: { lines: p.lines },
        };
      });
    },
  };
}

/**
 * A 52-bit hash of a row's cells from index `from` on (FNV-1a twice, with different offsets): an empty cell and an
 * empty text differ from each other and from the separator, so shifted cells never hash alike.
 */
export function rowHash(cells: readonly (string | null)[], from: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = from; i < cells.length; i++) {
    const c = cells[i];
    const s = c === null ? '\u0000' : c;
    for (let k = 0; k < s.length; k++) {
      const ch = s.charCodeAt(k);
      h1 = Math.imul(h1 ^ ch, 0x01000193);
      h2 = Math.imul(h2 ^ ch, 0x01000193) + 0x9e3779b9;
    }
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x01000193) + 0x9e3779b9;
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

/** The warning for a shared-rows pair, with what to do. */
export function sharedRowsLine(source: string, s: SharedRows): string {
  const [a, b] = s.files;
  const rows = `${s.exact ? '' : 'about '}${s.rows.toLocaleString('en-US')} identical row${s.rows === 1 ? '' : 's'}`;
  const dates = s.dates ? (s.dates.first === s.dates.last ? `, dated ${s.dates.first}` : `, dated ${s.dates.first} … ${s.dates.last}`) : '';
  return (
    `${source}: ${a} and ${b} share ${rows}${dates} (first: ${a}:${s.first.lines[0]} = ${b}:${s.first.lines[1]}); ` +
    `they are counted twice — an overlapping re-export? Remove the overlap from one file, or list the files under file: without it (kpi check fails on it)`
  );
}
