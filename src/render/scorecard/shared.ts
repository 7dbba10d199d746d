// What the scorecard's human formats share: the column heads, a compact figure per cell, the status marks, the
// title, and the rows in the sections of `report:`.
import type { ReportContext, ScorecardCell, ScorecardReport, ScorecardRow } from '../../report/model.js';
import type { Status, Unit } from '../../model/vocabulary.js';
import { formatDelta, formatValue } from '../format-value.js';
import { shownGroup } from '../rows.js';
import { sectionsOf, type Sectioned } from '../sections.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan`, or `Jan 25` when the columns span more than one year (`--last 18`). */
export function monthHeads(scorecard: ScorecardReport): string[] {
  const years = new Set(scorecard.months.map((m) => m.id.slice(0, 4)));
  return scorecard.months.map((m) => {
    const name = MONTHS[Number(m.id.slice(5, 7)) - 1] ?? m.id;
    return years.size > 1 ? `${name} ${m.id.slice(2, 4)}` : name;
  });
}

/** The heads after the months. */
export const TAIL_HEADS = ['YTD', 'Last year YTD', 'Full-year target', 'Remaining'] as const;

/**
 * `Nordlys Sykkel AS — Scorecard 2026: 2026-01 – 2026-10, year to date 2026-01-01 – 2026-10-31`: the company of
 * `report:` (its title is the report's; a scorecard is a scorecard).
 */
export function scorecardTitle(scorecard: ScorecardReport, context: Pick<ReportContext, 'layout'>): string {
  const { name, span } = scorecardHeading(scorecard, context);
  return `${name}: ${span}`;
}

/** The title in two parts: `Nordlys Sykkel AS — Scorecard 2026` and `2026-01 – 2026-10, year to date …`. */
export function scorecardHeading(scorecard: ScorecardReport, context: Pick<ReportContext, 'layout'>): { name: string; span: string } {
  const company = context.layout?.company;
  const months = scorecard.months;
  const span = months.length === 1 ? months[0].id : `${months[0].id} – ${months[months.length - 1].id}`;
  const ytd = scorecard.ytd.start ? `${scorecard.ytd.start} – ${scorecard.ytd.end}` : scorecard.ytd.id;
  return { name: `${company ? `${company} — ` : ''}Scorecard ${scorecard.full_year.id}`, span: `${span}, year to date ${ytd}` };
}

/** One mark per status, so a cell reads without colour; no mark for a figure without a target. */
export const CELL_MARK: Record<Status, string> = {
  met: '✔',
  at_risk: '▲',
  missed: '✘',
  early: '◷',
  no_target: '',
  no_data: '?',
  incomplete: '◌',
  error: '✘',
};

const compactFormats = new Map<number, Intl.NumberFormat>();
const fixed = (n: number, decimals: number): string => {
  let f = compactFormats.get(decimals);
  if (!f) compactFormats.set(decimals, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  const text = f.format(Math.abs(n));
  return n < 0 && /[1-9]/.test(text) ? `−${text}` : text;
};

/**
 * A figure short enough for a column of twelve months: amounts in thousands or millions (`1.46M`, `557k`, `12.4k`,
 * `950`), the rest as the report prints them (`25.0%`, `33.6 d`). The exact figure is in json, csv and xlsx.
 */
export function compactValue(value: number | null, unit: Unit): string {
  if (value === null) return '–';
  if (unit === 'currency' || unit === 'number' || (unit === 'count' && Math.abs(value) >= 100_000)) {
    const abs = Math.abs(value);
    if (abs >= 999_500) return `${fixed(value / 1e6, 2)}M`;
    if (abs >= 99_950) return `${fixed(value / 1e3, 0)}k`;
    if (abs >= 9_999.5) return `${fixed(value / 1e3, 1)}k`;
    return unit === 'count' ? fixed(value, 0) : fixed(value, abs >= 100 || Number.isInteger(value) ? 0 : 2);
  }
  return formatValue(value, unit);
}

/** A difference as compactValue shows figures: `+37.1k`, `−5.0 pp`. */
export function compactDelta(value: number | null, unit: Unit): string {
  if (value === null) return '–';
  if (unit === 'percent' || unit === 'days' || unit === 'hours' || unit === 'score') return formatDelta(value, unit);
  const shown = compactValue(Math.abs(value), unit);
  return `${!/[1-9]/.test(shown) ? '±' : value > 0 ? '+' : '−'}${shown}`;
}

/** `1.46M ▲`, `25.0% ✘`; a paced figure (a running period) shows its projection with `(p)`; flagged ones `⚠`. */
export function cellText(cell: ScorecardCell, unit: Unit): string {
  const shown = cell.pace && cell.projected !== null ? `${compactValue(cell.projected, unit)} (p)` : compactValue(cell.value, unit);
  const flagged = cell.unknown_values > 0 || (cell.bad_values !== null && !cell.bad_values.accepted && cell.value !== null) ? ' ⚠' : '';
  const mark = CELL_MARK[cell.status];
  return `${shown}${flagged}${mark ? ` ${mark}` : ''}`;
}

/** The row's name: the label, or `  Ann` for a group of `--by` (its values joined by ` / `). */
export function rowLabel(row: ScorecardRow, by: readonly string[]): string {
  if (Object.keys(row.group).length === 0) return row.label;
  const keys = by.length > 0 ? by : Object.keys(row.group);
  return `  ${keys.map((k) => shownGroup(row.group[k] ?? '')).join(' / ')}`;
}

/** The rows in the sections of `report:` (hide: judged on the year to date's status). */
export const scorecardSections = (scorecard: ScorecardReport, context: Pick<ReportContext, 'layout'>): Sectioned<ScorecardRow & { status: Status }> =>
  sectionsOf(
    scorecard.rows.map((r) => ({ ...r, status: r.ytd.status })),
    context.layout,
  );

/** Said under every human format: how to read the columns. */
export function scorecardNotes(scorecard: ScorecardReport, context: Pick<ReportContext, 'currency'>, compact = true): string[] {
  const notes = [
    'YTD is each KPI computed over the year to date (a ratio or an average of all its rows, not a sum of the months); Remaining = full-year target − YTD.',
    `Marks: ✔ met · ▲ at risk · ✘ missed · ◷ early · ? no data · ◌ incomplete; (p) a running period's projection to its end.${context.currency ? ` Amounts in ${context.currency}${compact ? '; k thousand, M million' : ''}.` : compact ? ' k thousand, M million.' : ''}`,
  ];
  if (scorecard.rows.some((r) => [...r.months, r.ytd, r.last_year_ytd].some((c) => c.unknown_values > 0 || (c.bad_values !== null && !c.bad_values.accepted && c.value !== null)))) {
    notes.push('⚠ a figure read from values kpi does not know or could not read: kpi report --period <that month> says which (kpi check fails on it).');
  }
  return notes;
}
