// What the scorecard's human formats share: the column heads, a compact figure per cell, the status marks, the
// title, and the rows in the sections of `report:`.
import type { ReportContext, ScorecardCell, ScorecardReport, ScorecardRow } from '../../report/model.js';
import type { Status, Unit } from '../../model/vocabulary.js';
import { DEFAULT_FORMATTER, fill, STATUS_SYMBOL, type Formatter } from '../../locale/format.js';
import { shownGroup } from '../rows.js';
import { sectionsOf, type Sectioned } from '../sections.js';

/** `Jan`, or `Jan 25` when the columns span more than one year (`--last 18`); in the locale (`jan.`, `okt.`). */
export function monthHeads(scorecard: ScorecardReport, f: Formatter = DEFAULT_FORMATTER): string[] {
  const years = new Set(scorecard.months.map((m) => m.id.slice(0, 4)));
  const names = new Intl.DateTimeFormat(f.spec.intl, { month: 'short', timeZone: 'UTC' });
  return scorecard.months.map((m) => {
    // A retail calendar's fiscal months (FY2026-P01) are headed by their number: P01, or P01 FY26 across years.
    const fiscal = /^FY(\d{4})(?:\/\d{2})?-(P\d{2})$/.exec(m.id);
    if (fiscal) return scorecard.months.some((o) => !o.id.startsWith(m.id.slice(0, -4))) ? `${fiscal[2]} FY${fiscal[1].slice(2)}` : fiscal[2];
    const month = Number(m.id.slice(5, 7));
    const name = f.locale === undefined ? (MONTHS[month - 1] ?? m.id) : names.format(new Date(Date.UTC(Number(m.id.slice(0, 4)), month - 1, 1)));
    return years.size > 1 ? `${name} ${m.id.slice(2, 4)}` : name;
  });
}

/** Without a locale, the months as kpi always wrote them. */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The heads after the months (short ones for a narrow terminal). */
export const tailHeads = (f: Formatter = DEFAULT_FORMATTER, short = false): string[] => {
  const m = f.msg.scorecard;
  return [m.ytd, short ? m.lastYearYtdShort : m.lastYearYtd, short ? m.fullYearTargetShort : m.fullYearTarget, m.remaining];
};

/**
 * `Nordlys Sykkel AS — Scorecard 2026: 2026-01 – 2026-10, year to date 2026-01-01 – 2026-10-31`: the company of
 * `report:` (its title is the report's; a scorecard is a scorecard).
 */
export function scorecardTitle(scorecard: ScorecardReport, context: Pick<ReportContext, 'layout'>, f: Formatter = DEFAULT_FORMATTER): string {
  const { name, span } = scorecardHeading(scorecard, context, f);
  return `${name}: ${span}`;
}

/** The title in two parts: `Nordlys Sykkel AS — Scorecard 2026` and `2026-01 – 2026-10, year to date …`. */
export function scorecardHeading(scorecard: ScorecardReport, context: Pick<ReportContext, 'layout'>, f: Formatter = DEFAULT_FORMATTER): { name: string; span: string } {
  const company = context.layout?.company;
  const months = scorecard.months;
  const m = f.msg.scorecard;
  const ytd = scorecard.ytd;
  const span =
    months.length === 1 && ytd.start
      ? fill(m.span, { from: months[0].id, to: months[0].id, ytdFrom: f.date(ytd.start), ytdTo: f.date(ytd.end!) }).replace(/^(\S+) – \1/, '$1')
      : fill(m.span, { from: months[0].id, to: months[months.length - 1].id, ytdFrom: ytd.start ? f.date(ytd.start) : ytd.id, ytdTo: ytd.end ? f.date(ytd.end) : '' });
  return { name: `${company ? `${company} — ` : ''}${fill(m.title, { year: scorecard.full_year.id })}`, span };
}

/** One mark per status, so a cell reads without colour; no mark for a figure without a target. */
export const CELL_MARK: Record<Status, string> = { ...STATUS_SYMBOL, no_target: '' };

/**
 * A figure short enough for a column of twelve months: amounts in thousands or millions (`1.46M`, `557k`, `12.4k`,
 * `950`; `1,46M` in nb-NO), counts of 100 and more whole, shares past 100 % in whole percents (`1,381%`), the rest
 * as the report prints them (`25.0%`, `33.6 d`). The exact figure is in json, csv, xlsx and the html's tooltips.
 */
export function compactValue(value: number | null, unit: Unit, f: Formatter = DEFAULT_FORMATTER): string {
  if (value === null) return '–';
  if (unit === 'currency' || unit === 'number' || (unit === 'count' && Math.abs(value) >= 100_000)) {
    const abs = Math.abs(value);
    if (abs >= 999_500) return `${f.number(value / 1e6, 2)}M`;
    if (abs >= 99_950) return `${f.number(value / 1e3, 0)}k`;
    if (abs >= 9_999.5) return `${f.number(value / 1e3, 1)}k`;
    return unit === 'count' ? f.number(value, 0) : f.number(value, abs >= 100 || Number.isInteger(value) ? 0 : 2);
  }
  // A count's projection (visits 26,395.6 by the year's end) is whole here, as counts are; its tooltip is exact.
  if (unit === 'count' && Math.abs(value) >= 100) return f.number(value, 0);
  // A share past 100 % (a return on spend of 1,381.2 %) in whole percents: the tenth says nothing at that size.
  if (unit === 'percent' && Math.abs(value) > 1) return f.value(value, unit).replace(f.number(value * 100, 1), f.number(value * 100, 0));
  return f.value(value, unit);
}

/** A difference as compactValue shows figures: `+37.1k`, `−5.0 pp`. */
export function compactDelta(value: number | null, unit: Unit, f: Formatter = DEFAULT_FORMATTER): string {
  if (value === null) return '–';
  if (unit === 'percent' || unit === 'days' || unit === 'hours' || unit === 'score') return f.delta(value, unit);
  const shown = compactValue(Math.abs(value), unit, f);
  return `${!/[1-9]/.test(shown) ? '±' : value > 0 ? '+' : '−'}${shown}`;
}

/** `1.46M ▲`, `25.0% ✘`; a paced figure (a running period) shows its projection with `(p)`; flagged ones `⚠`. */
export function cellText(cell: ScorecardCell, unit: Unit, f: Formatter = DEFAULT_FORMATTER): string {
  const { figure, marks, mark } = cellParts(cell, unit, f);
  return `${figure}${marks}${mark ? ` ${mark}` : ''}`;
}

/**
 * cellText in its parts: the figure (`1.46M`), what is said of it (` (p)` a projection, ` ⚠` flagged; '' for
 * neither) and the status mark (`▲`, '' without a target).
 */
export function cellParts(cell: ScorecardCell, unit: Unit, f: Formatter = DEFAULT_FORMATTER): { figure: string; marks: string; mark: string } {
  const projected = cell.pace && cell.projected !== null;
  const flagged = cell.unknown_values > 0 || (cell.bad_values !== null && !cell.bad_values.accepted && cell.value !== null);
  return { figure: compactValue(projected ? cell.projected : cell.value, unit, f), marks: `${projected ? ' (p)' : ''}${flagged ? ' ⚠' : ''}`, mark: CELL_MARK[cell.status] };
}

/** The row's name: the label (in the locale), or `  Ann` for a group of `--by` (its values joined by ` / `). */
export function rowLabel(row: ScorecardRow, by: readonly string[], f: Formatter = DEFAULT_FORMATTER): string {
  if (Object.keys(row.group).length === 0) return f.label(row.kpi, row.label);
  const keys = by.length > 0 ? by : Object.keys(row.group);
  return `  ${keys.map((k) => shownGroup(row.group[k] ?? '', f)).join(' / ')}`;
}

/** The rows in the sections of `report:` (hide: judged on the year to date's status). */
export const scorecardSections = (scorecard: ScorecardReport, context: Pick<ReportContext, 'layout'>): Sectioned<ScorecardRow & { status: Status }> =>
  sectionsOf(
    scorecard.rows.map((r) => ({ ...r, status: r.ytd.status })),
    context.layout,
  );

/** Said under every human format: how to read the columns. */
export function scorecardNotes(scorecard: ScorecardReport, context: Pick<ReportContext, 'currency'>, f: Formatter = DEFAULT_FORMATTER, compact = true): string[] {
  const m = f.msg.scorecard;
  const marks = (['met', 'at_risk', 'missed', 'early', 'no_data', 'incomplete'] as const).map((s) => f.statusMark(s)).join(' · ');
  const amounts = [context.currency ? fill(m.noteAmounts, { currency: f.currencyText(context.currency) }) : '', compact ? m.noteCompact : ''].filter(Boolean).join('; ');
  const notes = [m.noteYtd, `${fill(m.noteMarks, { marks })}${amounts ? ` ${amounts}.` : ''}`];
  if (scorecard.rows.some((r) => [...r.months, r.ytd, r.last_year_ytd].some((c) => c.unknown_values > 0 || (c.bad_values !== null && !c.bad_values.accepted && c.value !== null)))) notes.push(m.noteFlagged);
  return notes;
}
