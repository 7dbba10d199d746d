// `kpi diff OLD NEW` (README "History"): what moved between two runs. Figures are compared as the exact text each
// run wrote, per KPI × period × group:
// - a figure of NEW's own period that OLD has too, with another value, target or status: **changed** (a rerun of
//   the same month, a day later);
// - a figure of an earlier period that both hold with another value: **restated** — the period's value changed
//   since it was last reported (a late invoice, a corrected export);
// - a KPI whose definition's fingerprint differs: **definition changed**; KPIs in one run only: added, removed;
// - the status of each KPI × group in each run's own period, when the periods differ: a **status move**
//   (missed last month and met this month), and those **newly missed**.
// Inputs whose fingerprints differ are listed as context: a changed export explains the rest, and is no change
// by itself.
import type { Status } from '../model/vocabulary.js';
import { decSub, decText, toDec } from '../util/exact.js';
import type { InputFingerprint } from './entry.js';
import { groupKey, type Figure, type Snapshot } from './snapshot.js';

export interface Side {
  name: string;
  period: string;
  as_of: string | null;
  run_at: string | null;
}

export interface Pair<T> {
  old: T;
  new: T;
}

export interface FigureChange {
  kpi: string;
  label: string;
  group: Record<string, string>;
  period: string;
  value: Pair<string | null> | null;
  target: Pair<string | null> | null;
  status: Pair<Status | null> | null;
}

export interface Restatement {
  kpi: string;
  label: string;
  group: Record<string, string>;
  period: string;
  old: string | null;
  new: string | null;
  /** new − old, exactly; null when either has no value. */
  change: string | null;
}

export interface StatusMove {
  kpi: string;
  label: string;
  group: Record<string, string>;
  old: { period: string; status: Status } | null;
  new: { period: string; status: Status };
}

export interface InputChange {
  source: string;
  path: string;
  old: InputFingerprint | null;
  new: InputFingerprint | null;
}

export interface Diff {
  old: Side;
  new: Side;
  changed: FigureChange[];
  restated: Restatement[];
  /** Only when the two runs are of different periods (a month apart); [] otherwise (see `changed`). */
  statuses: StatusMove[];
  /** Totals and groups missed in NEW's period that were not missed in OLD's (or were not there). */
  newly_missed: StatusMove[];
  /** null when either side carries no fingerprints (a report JSON). */
  definitions: { kpi: string; label: string; old: string; new: string }[] | null;
  added: { kpi: string; label: string }[];
  removed: { kpi: string; label: string }[];
  /** null when either side carries no fingerprints. */
  inputs: InputChange[] | null;
  /** Whether anything above but the inputs changed: `kpi diff`'s exit 1. */
  differs: boolean;
}

const side = (s: Snapshot): Side => ({ name: s.name, period: s.period, as_of: s.as_of, run_at: s.run_at });

/** new − old as exact decimal text, from the texts each run wrote. */
export function exactChange(oldText: string | null, newText: string | null): string | null {
  if (oldText === null || newText === null) return null;
  return decText(decSub(toDec(Number(newText)), toDec(Number(oldText))));
}

const same = <T>(a: T, b: T): boolean => a === b;

export function diffSnapshots(a: Snapshot, b: Snapshot): Diff {
  const label = (kpi: string) => b.labels.get(kpi) ?? a.labels.get(kpi) ?? kpi;
  const changed: FigureChange[] = [];
  const restated: Restatement[] = [];
  // In NEW's order: its own period first (its results), then the earlier periods as NEW holds them, oldest first.
  for (const [key, nf] of b.figures) {
    const of = a.figures.get(key);
    if (!of) continue;
    if (nf.period === b.period) {
      const value = same(of.value, nf.value) ? null : { old: of.value, new: nf.value };
      // A target or status only where both runs judged this period (a past figure of OLD carries its value only).
      const target = of.target === undefined || nf.target === undefined || same(of.target, nf.target) ? null : { old: of.target, new: nf.target };
      const status = of.status === undefined || nf.status === undefined || same(of.status, nf.status) ? null : { old: of.status, new: nf.status };
      if (value || target || status) changed.push({ kpi: nf.kpi, label: label(nf.kpi), group: nf.group, period: nf.period, value, target, status });
    } else if (!same(of.value, nf.value) && !(a.running && of.period === a.period)) {
      // (OLD's own period while it ran was a figure to date: the whole period's figure is no restatement of it.)
      restated.push({ kpi: nf.kpi, label: label(nf.kpi), group: nf.group, period: nf.period, old: of.value, new: nf.value, change: exactChange(of.value, nf.value) });
    }
  }
  restated.sort((x, y) => (x.period < y.period ? -1 : x.period > y.period ? 1 : 0));

  // Status per KPI × group of each run's own period.
  const statusOf = (s: Snapshot) => new Map(s.current.map((f) => [`${f.kpi}|${groupKey(f.group)}`, f]));
  const oldStatus = statusOf(a);
  const statuses: StatusMove[] = [];
  const newlyMissed: StatusMove[] = [];
  for (const nf of b.current) {
    if (nf.status === undefined) continue;
    const of: Figure | undefined = oldStatus.get(`${nf.kpi}|${groupKey(nf.group)}`);
    const move: StatusMove = { kpi: nf.kpi, label: label(nf.kpi), group: nf.group, old: of?.status ? { period: of.period, status: of.status } : null, new: { period: nf.period, status: nf.status } };
    if (nf.status === 'missed' && of?.status !== 'missed') newlyMissed.push(move);
    if (a.period !== b.period && of?.status !== undefined && of.status !== nf.status) statuses.push(move);
  }

  const kpisOf = (s: Snapshot) => [...new Set(s.current.map((f) => f.kpi))];
  const oldKpis = new Set(kpisOf(a));
  const newKpis = new Set(kpisOf(b));
  const added = kpisOf(b).filter((k) => !oldKpis.has(k)).map((kpi) => ({ kpi, label: label(kpi) }));
  const removed = kpisOf(a).filter((k) => !newKpis.has(k)).map((kpi) => ({ kpi, label: label(kpi) }));
  // A newly missed KPI that was not there before is said as added too; it is still newly missed.

  let definitions: Diff['definitions'] = null;
  if (a.definitions && b.definitions) {
    definitions = [];
    for (const kpi of kpisOf(b)) {
      const o = a.definitions[kpi];
      const n = b.definitions[kpi];
      if (o !== undefined && n !== undefined && o !== n) definitions.push({ kpi, label: label(kpi), old: o, new: n });
    }
  }

  let inputs: InputChange[] | null = null;
  if (a.inputs && b.inputs) {
    inputs = [];
    const id = (f: InputFingerprint) => `${f.source}|${'path' in f ? f.path : f.database}`;
    const olds = new Map(a.inputs.map((f) => [id(f), f]));
    const seen = new Set<string>();
    for (const f of b.inputs) {
      const o = olds.get(id(f));
      seen.add(id(f));
      if (!o || JSON.stringify(o) !== JSON.stringify(f)) inputs.push({ source: f.source, path: 'path' in f ? f.path : f.database, old: o ?? null, new: f });
    }
    for (const [k, o] of olds) if (!seen.has(k)) inputs.push({ source: o.source, path: 'path' in o ? o.path : o.database, old: o, new: null });
  }

  const differs = changed.length + restated.length + statuses.length + newlyMissed.length + (definitions?.length ?? 0) + added.length + removed.length > 0;
  return { old: side(a), new: side(b), changed, restated, statuses, newly_missed: newlyMissed, definitions, added, removed, inputs, differs };
}
