// CSV renderer: one tidy row per result, RFC 4180, raw numbers, and text cells that no spreadsheet runs as a formula.
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { visibleResults } from './rows.js';
import type { Renderer, RenderOptions } from './types.js';
import { withoutBidi } from '../util/text.js';

type Cell = string | number | boolean | null;

/** Columns after the per-`--by` ones; each reads one field of the result (or the report). */
const TAIL: readonly [string, (r: ResultRow, report: Report) => Cell][] = [
  ['value', (r) => r.value],
  ['target', (r) => r.target],
  ['variance', (r) => r.variance],
  ['variance_pct', (r) => r.variance_pct],
  ['status', (r) => r.status],
  ['previous', (r) => r.previous],
  ['change', (r) => r.change],
  ['change_pct', (r) => r.change_pct],
  ['projected', (r) => r.projected],
  ['pace', (r) => r.pace],
  ['share', (r) => r.share],
  ['baseline', (r) => r.baseline],
  ['benchmark', (r) => r.benchmark],
  ['period', (_r, report) => report.period.id],
  ['compare_period', (_r, report) => report.compare?.id ?? null],
  // Cells with values kpi does not know in the columns the result is read from: the figure may be wrong.
  ['unknown_values', (r) => r.unknown_values],
  // Appended last, so scripts reading the columns above by position keep working.
  ['coverage_last', (r) => r.coverage?.last ?? null],
  ['complete', (r) => r.coverage?.complete ?? null],
  ['reason', (r) => r.reason],
  // Values the figure left out because they cannot be read (in its period and group), and whether that is accepted.
  ['bad_values', (r) => r.bad_values?.count ?? 0],
  ['bad_values_accepted', (r) => r.bad_values?.accepted ?? null],
];

const HEAD = ['kpi', 'label', 'unit', 'better'];

/** The columns of each named target set, `<set>_target`, `<set>_variance`, …, after all the others. */
const SET_FIELDS = ['target', 'variance', 'variance_pct', 'status'] as const;

/** A row at a time (Rendered `chunks`): a million groups are never one string. */
export const renderCsv: Renderer = (report, context, options) => ({ chunks: csvLines(report, context, options) });

function* csvLines(report: Report, context: ReportContext, options: RenderOptions): Generator<string> {
  const fixed = new Set([...HEAD, ...TAIL.map(([name]) => name)]);
  // A --by field named like a fixed column (`--by status` on deals) gets a prefix, so every header is unique.
  const byColumns = context.by.map((field) => (fixed.has(field) ? `by_${field}` : field));
  // Named target sets (targets: { budget, forecast }): each set's target, variance and status, appended.
  const sets = context.targetSets?.names ?? [];
  // With --by, the last column says whether a row is the total or a group: both leave an empty group value empty
  // (the rows with no rep are a group of their own), so a script filtering rep == "" would take the total too.
  const grouped = context.by.length > 0;
  const header = [...HEAD, ...byColumns, ...TAIL.map(([name]) => name), ...sets.flatMap((s) => SET_FIELDS.map((field) => `${s}_${field}`)), ...(grouped ? [fixed.has('level') || context.by.includes('level') ? 'row_level' : 'level'] : [])];
  yield `${header.map((h) => csvField(h)).join(',')}\r\n`;
  for (const r of visibleResults(report, options)) {
    const setCells = sets.flatMap((s) => SET_FIELDS.map((field) => r.targets?.[s]?.[field] ?? null));
    const level = grouped ? [Object.keys(r.group).length === 0 ? 'total' : 'group'] : [];
    yield `${[...csvRow(r, report, context), ...setCells, ...level].map(csvField).join(',')}\r\n`;
  }
}

function csvRow(r: ResultRow, report: Report, context: ReportContext): Cell[] {
  // A total row leaves the --by columns empty; a group row fills them.
  const groups = context.by.map((field) => r.group[field] ?? null);
  return [r.kpi, r.label, r.unit, r.better, ...groups, ...TAIL.map(([, read]) => read(r, report))];
}

/** Text cells a spreadsheet would read as a formula (OWASP "CSV injection"): =, +, -, @, tab, CR. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: numbers raw with `.` decimals, null empty, text neutralised against formulas and quoted when needed. */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return plainNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  // Bidirectional overrides would show a value reordered in every viewer ("Trojan Source"): written as `\u202e`.
  const safe = withoutBidi(cell);
  const text = FORMULA_START.test(safe) ? `'${safe}` : safe;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A number as written in the model, without exponent notation (1e-7 → 0.0000001, 1e21 → 1000000000000000000000),
 * so every CSV reader sees a plain decimal. No rounding and no grouping.
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = lead + frac;
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  return digits.length <= intLen ? `${sign}${digits}${'0'.repeat(intLen - digits.length)}` : `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}
