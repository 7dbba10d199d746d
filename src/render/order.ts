// The one ordering and hiding of results that every format uses (table, md, html, xlsx, csv, json, pptx, pdf …), and
// the direction-aware reading of a difference: whether a variance or a change is good or bad for this KPI (its
// `better`), so colours and arrows follow good/bad and not the sign (churn +1.1 pp is bad, win rate +6.8 pp good).
// Renderers lay out what `arrangeResults` gives them; none sorts or hides on its own.
import type { ResultRow } from '../report/model.js';
import type { Better, Status } from '../model/vocabulary.js';
import { STATUSES } from '../model/vocabulary.js';

/** `--sort`: exceptions first (`status`), worst variance first (`variance`), or as the registry lists them. */
export const SORT_KEYS = ['status', 'variance', 'registry'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/**
 * The default order of a format when `--sort` is not given: people's formats put the exceptions first; the machine
 * formats (json, csv, junit) keep registry order, so a cron job's diff or `jq '.results[0]'` reads the same KPI
 * every month whatever its status.
 */
export function defaultSort(format: string): SortKey {
  return MACHINE_FORMATS.has(format) ? 'registry' : 'status';
}

const MACHINE_FORMATS: ReadonlySet<string> = new Set(['json', 'csv', 'junit']);

/**
 * The rank of each status in the `status` order: what needs attention first — missed, at risk, then the results
 * without a verdict because of the data (incomplete, then error: each its own rank so a list under a heading per
 * status never interleaves them), then met, early, and last those without a target or data. A Record so a new
 * status forces a decision here.
 */
export const STATUS_RANK: Record<Status, number> = {
  missed: 0,
  at_risk: 1,
  incomplete: 2,
  error: 3,
  met: 4,
  early: 5,
  no_target: 6,
  no_data: 7,
};

/** Statuses in the `status` order (summary cards, legends, pills): `[...statuses].sort(byStatusRank)`. */
export const byStatusRank = (a: Status, b: Status): number => STATUS_RANK[a] - STATUS_RANK[b];

export interface ArrangeOptions {
  /** Default `registry` (the order the report holds); the CLI passes `defaultSort(format)` unless `--sort` is given. */
  sort?: SortKey;
  /** Results with these statuses are left out (`--hide no-target`, `hide:` in a `report:` section). */
  hide?: readonly Status[];
}

/**
 * A figure that left out values it could not read, not accepted (`allow_bad_values:`), or that counts rows in
 * doubt (`doubtful_rows`: rows two files share, a subtotal-like row read as data): `kpi check` fails on it. A
 * result without a figure prints no wrong number (a KPI with a target and nothing readable is an `error` anyway).
 */
export const failsOnBadValues = (r: ResultRow): boolean => r.value !== null && ((r.bad_values !== null && !r.bad_values.accepted) || r.doubtful_rows !== undefined);

/** A figure that may be wrong (values kpi does not know, or bad values not accepted) is never hidden by its status. */
export const isHidden = (r: ResultRow, hide: ReadonlySet<Status>): boolean => hide.has(r.status) && r.unknown_values === 0 && !failsOnBadValues(r);

/**
 * The results in the order to show them, without the hidden ones. A KPI's rows stay together (its total, then its
 * groups): the KPIs are ordered by their most urgent row, and the groups within a KPI by the same key, the total
 * first. Ties keep the order they came in (registry order; groups largest first), so the output is stable.
 */
export function arrangeResults(rows: readonly ResultRow[], options: ArrangeOptions = {}): ResultRow[] {
  const hide = new Set(options.hide ?? []);
  const shown = hide.size === 0 ? rows : rows.filter((r) => !isHidden(r, hide));
  const sort = options.sort ?? 'registry';
  if (sort === 'registry') return shown === rows ? [...rows] : (shown as ResultRow[]);
  const key = sort === 'status' ? statusKey : varianceKey;
  // Blocks of one KPI in the order they first appear.
  const blocks = new Map<string, { at: number; rows: ResultRow[] }>();
  for (const r of shown) {
    let block = blocks.get(r.kpi);
    if (!block) blocks.set(r.kpi, (block = { at: blocks.size, rows: [] }));
    block.rows.push(r);
  }
  const ordered = [...blocks.values()].map((b) => {
    const keyed = b.rows.map((r, at) => ({ r, at, k: key(r), total: Object.keys(r.group).length === 0 }));
    keyed.sort((x, y) => Number(y.total) - Number(x.total) || compareKeys(x.k, y.k) || x.at - y.at);
    const worst = keyed.reduce((w, x) => (compareKeys(x.k, w) < 0 ? x.k : w), keyed[0].k);
    return { at: b.at, worst, rows: keyed.map((x) => x.r) };
  });
  ordered.sort((x, y) => compareKeys(x.worst, y.worst) || x.at - y.at);
  return ordered.flatMap((b) => b.rows);
}

/** How many results `hide` leaves out, per status (for the note under a report: nothing disappears silently). */
export function hiddenCounts(rows: readonly ResultRow[], hide: readonly Status[] | undefined): Map<Status, number> {
  const counts = new Map<Status, number>();
  if (!hide || hide.length === 0) return counts;
  const set = new Set(hide);
  for (const r of rows) if (isHidden(r, set)) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return counts;
}

type Key = readonly number[];

const compareKeys = (a: Key, b: Key): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

const statusKey = (r: ResultRow): Key => [STATUS_RANK[r.status]];

/**
 * Worst variance first: the variance relative to the target (variance_pct) signed so that negative is bad for this
 * KPI; results without a variance follow, in status order.
 */
const varianceKey = (r: ResultRow): Key => {
  const v = r.variance_pct ?? (r.variance !== null && r.target === 0 ? r.variance : null);
  if (v === null || !Number.isFinite(v)) return [1, 0, STATUS_RANK[r.status]];
  return [0, r.better === 'lower' ? -v : v, STATUS_RANK[r.status]];
};

/** Whether a difference (a variance against the target, a change against the previous period) is good for the KPI. */
export type Judgement = 'good' | 'bad' | 'even';

/**
 * `good` when the KPI moved the way it is better (`better: higher` and up, `lower` and down), `bad` the other way,
 * `even` for no difference (or one that rounds to nothing as shown: pass `shown` to judge the text people see);
 * null without a difference.
 */
export function judge(delta: number | null, better: Better, shown?: string): Judgement | null {
  // A difference shown as no figure (`–`: a change against a previous 0 has no percentage) is not judged.
  if (delta === null || Number.isNaN(delta) || (shown !== undefined && !/\d/.test(shown))) return null;
  if (delta === 0 || (shown !== undefined && !/[1-9]/.test(shown))) return 'even';
  return delta > 0 === (better === 'higher') ? 'good' : 'bad';
}

/** The arrow of a movement, up or down as the number moved (its colour says good or bad): `↑`, `↓`, or `→` for none. */
export function arrow(delta: number | null, shown?: string): string {
  if (delta === null || Number.isNaN(delta) || (shown !== undefined && !/\d/.test(shown))) return '';
  if (delta === 0 || (shown !== undefined && !/[1-9]/.test(shown))) return '→';
  return delta > 0 ? '↑' : '↓';
}

/**
 * Parses `--hide no-target,no-data` (also `hide: [no_target]`): status names with `-` or `_`, `no-target` also as
 * `no_target`. Returns the statuses, or the first word it does not know (the caller says what is accepted).
 */
export function parseHide(words: readonly string[]): { statuses: Status[] } | { unknown: string } {
  const statuses: Status[] = [];
  for (const word of words) {
    const w = word.trim().toLowerCase().replace(/[- ]/g, '_');
    if (w === '') continue;
    const status = (STATUSES as readonly string[]).includes(w) ? (w as Status) : HIDE_ALIASES[w];
    if (status === undefined) return { unknown: word };
    if (!statuses.includes(status)) statuses.push(status);
  }
  return { statuses };
}

/** Other spellings people write. */
const HIDE_ALIASES: Record<string, Status> = { without_target: 'no_target', no_targets: 'no_target', without_data: 'no_data' };

/** The words `--hide` accepts, as the help and errors list them. */
export const HIDE_WORDS = STATUSES.map((s) => s.replace(/_/g, '-'));
