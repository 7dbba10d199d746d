// What `kpi diff` compares: a run's figures per KPI × period × group, as exact text, from a history entry or from a
// `kpi report --format json` file. A report JSON holds its own period and the comparison period (`previous`); a
// history entry also the earlier periods of the same pass (`past`) and the fingerprints of definitions and inputs.
import { readFileSync } from 'node:fs';
import { DataError } from '../errors.js';
import type { Status } from '../model/vocabulary.js';
import { STATUSES, UNITS, type Unit } from '../model/vocabulary.js';
import { isLocale, SCALES, type LocaleId } from '../locale/index.js';
import { exactText, type FigureFormat, type HistoryEntry, type InputFingerprint } from './entry.js';
import { readHistory } from './file.js';

export interface Figure {
  kpi: string;
  group: Record<string, string>;
  period: string;
  value: string | null;
  /** Only for figures of the run's own period (a past figure carries its value only). */
  target?: string | null;
  status?: Status;
  n?: number | null;
}

export interface Snapshot {
  /** How messages and the diff name it: `old.json`, `kpi-history.jsonl entry 3 (line 3)`. */
  name: string;
  period: string;
  /**
   * Its own period was still running when it ran (--as-of on or before the period's end): its figures of that period
   * were to date, so a later, whole figure of the period is no restatement.
   */
  running: boolean;
  as_of: string | null;
  run_at: string | null;
  /** null for a report JSON, which carries no fingerprints. */
  definitions: Record<string, string> | null;
  inputs: InputFingerprint[] | null;
  /** The results of its own period, in its order. */
  current: Figure[];
  /** Every figure it holds, by figureKey: its own period's, the comparison period's and the earlier periods'. */
  figures: Map<string, Figure>;
  labels: Map<string, string>;
  /** How each KPI's figures are shown, by KPI id; empty for an entry written before kpi recorded them. */
  formats: Map<string, FigureFormat>;
  /** The currency of a group whose money is not its KPI's (`kpi|groupKey`). */
  currencies: Map<string, string>;
  /** The run's locale, when it had one. */
  locale?: LocaleId;
}

/** A figure's key without its period: a group's currency holds in every period. */
export const seriesKey = (kpi: string, group: Record<string, string>): string => `${kpi}|${groupKey(group)}`;

/**
 * The formats an entry recorded, those this kpi understands: a unit it does not know (a newer kpi's), a currency
 * that is not a code or decimals that are not a small whole number leave that KPI's figures as exact text.
 */
function readFormats(raw: unknown): Map<string, FigureFormat> {
  const out = new Map<string, FigureFormat>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [kpi, value] of Object.entries(raw as Record<string, unknown>)) {
    const f = value as Record<string, unknown> | null;
    if (typeof f !== 'object' || f === null || !UNITS.includes(f.unit as Unit)) continue;
    const format: FigureFormat = { unit: f.unit as Unit };
    if (typeof f.currency === 'string' && /^[A-Z]{3}$/.test(f.currency)) format.currency = f.currency;
    if (typeof f.decimals === 'number' && Number.isInteger(f.decimals) && f.decimals >= 0 && f.decimals <= 10) format.decimals = f.decimals;
    if (SCALES.includes(f.scale as never)) format.scale = f.scale as FigureFormat['scale'];
    out.set(kpi, format);
  }
  return out;
}

export const groupKey = (group: Record<string, string>): string => JSON.stringify(Object.entries(group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
export const figureKey = (f: Pick<Figure, 'kpi' | 'period' | 'group'>): string => `${f.kpi}|${f.period}|${groupKey(f.group)}`;

export function entrySnapshot(entry: HistoryEntry, name: string): Snapshot {
  const figures = new Map<string, Figure>();
  const current: Figure[] = [];
  // Earlier periods first: the comparison period's and the run's own figures win where they meet (the same pass).
  for (const p of entry.past ?? []) figures.set(figureKey(p), { kpi: p.kpi, group: p.group, period: p.period, value: p.value });
  if (entry.compare) {
    for (const r of entry.results) {
      if (r.previous !== undefined && r.period === entry.period.id) figures.set(figureKey({ ...r, period: entry.compare.id }), { kpi: r.kpi, group: r.group, period: entry.compare.id, value: r.previous });
    }
  }
  const currencies = new Map<string, string>();
  for (const r of entry.results) {
    const f: Figure = { kpi: r.kpi, group: r.group, period: r.period, value: r.value, target: r.target ?? null, status: r.status, n: r.n ?? null };
    figures.set(figureKey(f), f);
    current.push(f);
    if (typeof r.currency === 'string' && /^[A-Z]{3}$/.test(r.currency)) currencies.set(seriesKey(r.kpi, r.group), r.currency);
  }
  const running = entry.period.end !== null && entry.as_of <= entry.period.end;
  const locale = typeof entry.locale === 'string' && isLocale(entry.locale) ? entry.locale : undefined;
  return {
    name,
    period: entry.period.id,
    running,
    as_of: entry.as_of,
    run_at: entry.run_at,
    definitions: entry.definitions,
    inputs: entry.inputs,
    current,
    figures,
    labels: new Map(Object.entries(entry.labels ?? {})),
    formats: readFormats(entry.formats),
    currencies,
    ...(locale !== undefined ? { locale } : {}),
  };
}

/** A `kpi report --format json` document (SPEC §6) as a snapshot; anything else is a located data error. */
export function reportSnapshot(doc: unknown, name: string): Snapshot {
  const bad = (why: string): never => {
    throw new DataError(`${name}: not a kpi report JSON: ${why}`, ['kpi diff compares kpi report --format json files, or entries of a history file (kpi diff --history kpi-history.jsonl)'], { code: 'KPI_DIFF_INPUT', file: name });
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return bad('it is not a JSON object');
  const d = doc as Record<string, unknown>;
  const period = d.period as { id?: unknown } | null | undefined;
  if (typeof period !== 'object' || period === null || typeof period.id !== 'string') return bad('it has no "period" with an id');
  if (!Array.isArray(d.results)) return bad('it has no "results" list');
  const compare = d.compare as { id?: unknown } | null | undefined;
  const compareId = compare && typeof compare.id === 'string' ? compare.id : undefined;
  const figures = new Map<string, Figure>();
  const current: Figure[] = [];
  const labels = new Map<string, string>();
  // A report JSON names each result's unit, and the currency of a result not in the project's (which it does not
  // name): money without a currency is shown to the cent without one.
  const formats = new Map<string, FigureFormat>();
  const currencies = new Map<string, string>();
  const number = (v: unknown, what: string, i: number): string | null => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`results[${i}].${what} is not a number`);
    return exactText(v);
  };
  d.results.forEach((raw, i) => {
    const r = raw as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null || typeof r.kpi !== 'string') return bad(`results[${i}] has no kpi`);
    const group = (r.group ?? {}) as Record<string, string>;
    if (typeof group !== 'object' || group === null || Array.isArray(group)) return bad(`results[${i}].group is not an object`);
    const status = STATUSES.includes(r.status as Status) ? (r.status as Status) : bad(`results[${i}].status is not a status (${STATUSES.join(', ')})`);
    if (typeof r.label === 'string' && !labels.has(r.kpi)) labels.set(r.kpi, r.label);
    if (UNITS.includes(r.unit as Unit) && (!formats.has(r.kpi) || Object.keys(group).length === 0)) formats.set(r.kpi, { unit: r.unit as Unit });
    if (typeof r.currency === 'string' && /^[A-Z]{3}$/.test(r.currency)) currencies.set(seriesKey(r.kpi, group), r.currency);
    if (compareId !== undefined && 'previous' in r) {
      const p: Figure = { kpi: r.kpi, group, period: compareId, value: number(r.previous, 'previous', i) };
      figures.set(figureKey(p), p);
    }
    const f: Figure = { kpi: r.kpi, group, period: period.id as string, value: number(r.value, 'value', i), target: number(r.target, 'target', i), status, n: typeof r.n === 'number' ? r.n : null };
    figures.set(figureKey(f), f);
    current.push(f);
  });
  // A report JSON has no --as-of: a result judged by its pace says the period was running.
  const running = d.results.some((r) => (r as { pace?: unknown }).pace === true);
  return { name, period: period.id, running, as_of: null, run_at: null, definitions: null, inputs: null, current, figures, labels, formats, currencies };
}

/**
 * A file given to `kpi diff`: a report JSON, or a history file (its last entry). `path` is read; `shown` names it.
 */
export function readSnapshot(path: string, shown: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new DataError(`kpi diff: file not found: ${shown}`, [], { code: 'KPI_FILE_NOT_FOUND', file: shown });
    throw new DataError(`kpi diff: cannot read ${shown}: ${e.code === 'EISDIR' ? 'it is a folder' : e.message}`, [], { code: 'KPI_FILE_UNREADABLE', file: shown });
  }
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  // A history line starts with its version key; a report JSON is one document (pretty-printed over many lines).
  if (/^\s*\{\s*"kpi_history"/.test(firstLine)) {
    const entries = readHistory(path, shown);
    const last = entries[entries.length - 1];
    if (!last) throw new DataError(`kpi diff: ${shown} holds no history entry`, [], { code: 'KPI_DIFF_INPUT', file: shown });
    return entrySnapshot(last.entry, `${shown} entry ${last.index}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new DataError(`${shown}: not a kpi report JSON: it is not JSON (${(err as Error).message})`, ['kpi diff compares kpi report --format json files, or entries of a history file (kpi diff --history kpi-history.jsonl)'], { code: 'KPI_DIFF_INPUT', file: shown });
  }
  return reportSnapshot(doc, shown);
}
