// One line of a history file (`--history kpi-history.jsonl`, README "History"): what a run of `kpi report` or
// `kpi check` computed, from which inputs and definitions, so a later run can say what moved since. Plain data:
// written as one JSON line, read back by history/file.ts, compared by history/diff.ts.
import type { Status, Unit } from '../model/vocabulary.js';
import type { PeriodRef } from '../report/model.js';
import type { LocaleId, Scale } from '../locale/index.js';

/** The version of the line's shape: a reader refuses a line of a version it does not know. */
export const HISTORY_VERSION = 1;

export interface HistoryEntry {
  kpi_history: typeof HISTORY_VERSION;
  /** When the run finished, ISO 8601 UTC. */
  run_at: string;
  /** `report` or `check`. */
  command: string;
  /** The run's "today" (--as-of, else the day it ran), YYYY-MM-DD. */
  as_of: string;
  period: PeriodRef;
  compare: PeriodRef | null;
  /** kpi.yaml as shown (relative to the working directory when inside it); null with no kpi.yaml (--source only). */
  config: string | null;
  /** Per KPI reported: the sha256 of its definition (formula, unit, better, period: none) — a changed formula shows. */
  definitions: Record<string, string>;
  /** Each KPI's label, for the diff's lines. */
  labels?: Record<string, string>;
  /**
   * How the report showed each KPI's figures, so `kpi diff` shows them the same way (`1,462,864.40 NOK`, `41.2%`):
   * its unit, the currency of its money, and kpi.yaml's `decimals:`/`scale:`. Absent in entries of kpi before it
   * (their figures are shown as the exact text), and a unit this kpi does not know is shown as exact text too.
   */
  formats?: Record<string, FigureFormat>;
  /** The run's `locale:` (kpi.yaml or --locale), the number format and language `kpi diff` uses by default. */
  locale?: LocaleId;
  /** Per source: each file's path, size and sha256, or a database table's identity. */
  inputs: InputFingerprint[];
  /** Every result of the run (totals and --by groups), in the report's order. */
  results: HistoryResult[];
  /** Earlier periods' figures computed in the same pass (the 11 periods before, for totals and the first groups). */
  past: PastFigure[];
}

export type InputFingerprint =
  | { source: string; path: string; size: number; sha256: string }
  /** Standard input or a FIFO: read once by the run, so it cannot be hashed after it. */
  | { source: string; path: string; stream: true }
  /** A database table or query: identified (url without its password, table or the query's sha256), not hashed. */
  | { source: string; database: string; table?: string; query_sha256?: string };

export interface HistoryResult {
  kpi: string;
  group: Record<string, string>;
  period: string;
  /** The figure as JSON writes it (the shortest text that reads back as the same number): compared as text. */
  value: string | null;
  target: string | null;
  status: Status;
  n: number | null;
  /** The figure of the comparison period (`compare`), as text. */
  previous: string | null;
  /** A money figure in another currency than its KPI's (`--by currency`: each group its own). */
  currency?: string;
}

/** How a KPI's figures are shown (HistoryEntry.formats). */
export interface FigureFormat {
  unit: Unit;
  /** The currency of a money KPI's figures (the project's, or the one its rows carry). */
  currency?: string;
  /** kpi.yaml `decimals:` (of the percent for percentages) and `scale:`, when set. */
  decimals?: number;
  scale?: Scale;
}

export interface PastFigure {
  kpi: string;
  group: Record<string, string>;
  period: string;
  value: string | null;
}

/** A figure as exact text: `String(n)` is the shortest decimal that reads back as n, the text JSON writes. */
export const exactText = (n: number | null | undefined): string | null => (n === null || n === undefined ? null : String(n));
