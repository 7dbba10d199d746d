// The terminal report: the title and the summary first, then the results in the layout that fits the width, then
// the notes. Three layouts (README "Fitting the terminal"):
//   - the table (as cli-table3 draws it), fitted to a known width by dropping empty columns, then lower-priority
//     ones, then clipping labels with an ellipsis;
//   - compact, one line per KPI (`✘ Win rate  25.0% vs 30.0%  −5.0 pp  prev 18.2% ↑`), below 100 columns;
//   - wide (`--by rep --layout wide`): the groups in rows, the KPIs in columns, in pages of columns that fit.
// Without a known width (piped into a file or a program, no COLUMNS) the table is drawn whole, never fitted, so a
// script reads the same columns whatever the terminal it ran from. Status marks read without colour (a symbol and a
// word); colour, when asked, follows good/bad for the KPI (render/order.ts judge), never the sign. Text from data
// and configs is shown with its control characters escaped, never sent raw.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { currencyOf } from '../report/model.js';
import { fill, formatterFor, STATUS_SYMBOL, type Formatter } from '../locale/format.js';
import type { Renderer, RenderOptions } from './types.js';
import { hiddenByOption, markUnknown, optionalColumns, otherTargetSets, paceNote, reportTitle, shownGroup, byHead, statusNotes, summaryParts, tableHead, targetSetCells, targetSetTitle, unknownNote, visibleResults } from './rows.js';
import { noiseText, noteLines, whyText } from './why.js';
import { hiddenNote, sectionsOf, type Section } from './sections.js';
import { qualityLines } from './quality.js';
import { displayWidth, tableLines, type Align } from './text-table.js';
import { visible } from '../util/text.js';
import { arrow, judge, type Judgement } from './order.js';
import { clip, COMPACT_BELOW, wrap } from './fit.js';

type Paint = (s: string) => string;

const paint = (chalk: ChalkInstance): Record<Status, Paint> => ({
  met: chalk.green,
  at_risk: chalk.yellow,
  missed: chalk.red.bold,
  early: chalk.cyan,
  no_target: chalk.dim,
  no_data: chalk.dim,
  incomplete: chalk.magenta.bold,
  error: chalk.red.bold,
});

/** Good green, bad red, no difference dim: the colour of a variance or a change, by the KPI's direction. */
const judged = (chalk: ChalkInstance): Record<Judgement, Paint> => ({ good: chalk.green, bad: chalk.red, even: chalk.dim });

/** The symbol of a status mark (`✘` of `✘ missed`). */
const symbolOf = (s: Status): string => STATUS_SYMBOL[s];

export const renderTable: Renderer = (report, context, options) => ({ chunks: tableText(report, context, options) });

interface Paints {
  /** The locale's numbers and words (locale/format.ts). */
  f: Formatter;
  chalk: ChalkInstance;
  status: Record<Status, Paint>;
  judged: Record<Judgement, Paint>;
}

/** A line (or a table) at a time (Rendered `chunks`); each row's cells are made when measured and when drawn, never all held. */
function* tableText(report: Report, context: ReportContext, options: RenderOptions): Generator<string> {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const f = formatterFor(context);
  const paints: Paints = { f, chalk, status: paint(chalk), judged: judged(chalk) };
  // `report:` in kpi.yaml: a table per section under its heading (one table, no heading, without sections).
  const { sections, hidden } = sectionsOf(visibleResults(report, options), context.layout, undefined, options.sort);
  const rows = sections.flatMap((s) => s.rows);
  const width = options.width;

  // The head: what the report is and how it went, before any row.
  const head: string[] = [...wrap(visible(reportTitle(report, context)), width, 0).map((l) => chalk.bold(l))];
  head.push(...summaryLines(report, paints, width));
  for (const note of [hiddenNote(hidden), hiddenByOption(report, options, f)]) if (note) head.push(...wrap(visible(note), width).map((l) => chalk.dim(l)));

  yield `${head.join('\n')}\n`;

  const layout = options.layout ?? 'auto';
  // The compact layout says each result's note, significance and drivers under its own line; the others under the table.
  let perResult = false;
  if (rows.length > 0) {
    const money = uniformCurrency(rows, context);
    let body: Iterable<string>;
    if (layout === 'wide') body = wideLines(rows, report, context, paints, width, money);
    else {
      const fitted = layout === 'compact' ? undefined : fitTable(rows, report, context, f, width, money, layout === 'table');
      perResult = fitted === undefined;
      body = fitted ? tableBlock(sections, fitted, context, paints, width) : compactLines(sections, context, paints, width, money, options.sort ?? 'registry');
    }
    for (const line of body) yield `${line}\n`;
  }

  const lines: string[] = [];
  for (const note of statusNotes(rows, context.by, f)) lines.push(...wrap(visible(note), width).map((l) => paints.status.incomplete(l)));
  if (!perResult) for (const line of resultNotes(rows, context)) lines.push(...wrap(visible(line), width));
  const paced = paceNote(rows, f);
  if (paced) lines.push(...wrap(paced, width));
  const unknown = unknownNote(report, f);
  if (unknown) lines.push(...wrap(visible(unknown), width).map((l) => chalk.yellow(l)));
  for (const q of report.data_quality) {
    for (const line of qualityLines(q, f)) lines.push(...wrap(visible(line), width).map((l) => chalk.yellow(l)));
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/** Each result's note and owner, why its interval does not call it missed, and what drove it (render/why.ts). */
const resultNotes = (rows: readonly ResultRow[], context: ReportContext): string[] => [...noteLines(rows, formatterFor(context)), ...noiseText(rows, context), ...whyText(rows, context)];

/** `10 met · 4 at risk · 4 missed · 51 without target · 1 without data`, each part in its status colour, wrapped between parts. */
function summaryLines(report: Report, { status, f }: Paints, width: number | undefined): string[] {
  const parts = summaryParts(report.summary, f);
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const [s, text] of parts) {
    const w = displayWidth(text);
    if (line !== '' && width !== undefined && used + 3 + w > width) {
      lines.push(`${line} ·`);
      line = '';
      used = 0;
    }
    const shown = report.summary[s] > 0 ? status[s](text) : text;
    line = line === '' ? shown : `${line} · ${shown}`;
    used += (used === 0 ? 0 : 3) + w;
  }
  lines.push(line);
  return lines;
}

/**
 * The currency every amount of these rows is in when it is one and the project's (`NOK`): the fitted layouts then
 * say `Amounts in NOK` once instead of on every cell. Undefined with groups in their own currencies (--by currency).
 */
function uniformCurrency(rows: readonly ResultRow[], context: ReportContext): string | undefined {
  if (context.currency === undefined) return undefined;
  let money = false;
  for (const r of rows) {
    if (r.currency !== undefined && r.currency !== context.currency) return undefined;
    if (r.unit === 'currency') money = true;
  }
  return money ? visible(context.currency) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The table

/** A column of the table; `set:forecast` and `set±:forecast` are a target set's target and variance beside the primary's. */
type ColKey = 'label' | 'group' | 'value' | 'projected' | 'target' | 'variance' | 'variance_pct' | 'status' | 'baseline' | 'benchmark' | 'previous' | 'change' | `set:${string}` | `set±:${string}`;

interface Column {
  key: ColKey;
  head: string;
  align: Align;
  /** The cell's text, uncoloured: measured, clipped, then painted. */
  text: (r: ResultRow, currency: string | undefined) => string;
  paint?: (r: ResultRow, text: string, p: Paints) => string;
}

/** Columns a fitted table may leave out when every cell is empty (`–` or blank): they say nothing. */
const DROP_WHEN_EMPTY: ReadonlySet<ColKey> = new Set(['projected', 'target', 'variance', 'variance_pct', 'baseline', 'benchmark', 'previous', 'change']);
const droppedWhenEmpty = (key: ColKey): boolean => DROP_WHEN_EMPTY.has(key) || key.startsWith('set');

interface FittedTable {
  columns: Column[];
  /** Amounts shown without their currency (said once above the table); undefined: each cell carries its own. */
  money: string | undefined;
  /** Widest label and group cell, when clipped. */
  maxWidth: Partial<Record<ColKey, number>>;
  /** Heads of the columns left out to fit (not the empty ones): said under the table. */
  dropped: string[];
  width: number | undefined;
}

function tableColumns(rows: readonly ResultRow[], report: Report, context: ReportContext, f: Formatter): Column[] {
  const columns = optionalColumns(rows, report, context);
  const heads = tableHead(columns, context, f).map(visible);
  const keys: ColKey[] = ['label', ...(columns.groups ? ['group' as const] : []), 'value', ...(columns.pace ? ['projected' as const] : []), 'target', 'variance', 'variance_pct', 'status'];
  for (const name of columns.sets) keys.push(`set:${name}`, `set±:${name}`);
  if (columns.refs) keys.push('baseline', 'benchmark');
  if (columns.compare) keys.push('previous', 'change');
  const money = (n: number | null, r: ResultRow, cur: string | undefined) => f.value(n, r.unit, cur, r.kpi);
  const optional = (n: number | null, r: ResultRow, cur: string | undefined) => (n === null ? '' : f.value(n, r.unit, cur, r.kpi));
  const byJudgement = (delta: (r: ResultRow) => number | null) => (r: ResultRow, text: string, p: Paints) => {
    const j = judge(delta(r), r.better, text);
    return j === null ? text : p.judged[j](text);
  };
  const make: Record<Exclude<ColKey, `set${string}`>, Omit<Column, 'key' | 'head'>> = {
    label: { align: 'left', text: (r) => (Object.keys(r.group).length > 0 ? `  ${visible(f.label(r.kpi, r.label))}` : visible(f.label(r.kpi, r.label))) },
    group: { align: 'left', text: (r) => (Object.keys(r.group).length > 0 ? visible(Object.values(r.group).map((v) => shownGroup(v, f)).join(' / ')) : f.msg.text.total) },
    value: { align: 'right', text: (r, cur) => markUnknown(money(r.value, r, cur), r) },
    projected: { align: 'right', text: (r, cur) => optional(r.projected, r, cur) },
    target: { align: 'right', text: (r, cur) => money(r.target, r, cur) },
    variance: { align: 'right', text: (r, cur) => f.delta(r.variance, r.unit, cur, r.kpi), paint: byJudgement((r) => r.variance) },
    variance_pct: { align: 'right', text: (r) => f.pct(r.variance_pct), paint: byJudgement((r) => r.variance_pct) },
    status: { align: 'left', text: (r) => `${f.statusMark(r.status)}${r.pace && r.target !== null ? ` ${f.msg.text.pace}` : ''}`, paint: (r, text, p) => p.status[r.status](text) },
    baseline: { align: 'right', text: (r, cur) => optional(r.baseline, r, cur) },
    benchmark: { align: 'right', text: (r, cur) => optional(r.benchmark, r, cur) },
    previous: { align: 'right', text: (r, cur) => money(r.previous, r, cur) },
    // The arrow shows which way the figure moved; its colour whether that is good for the KPI.
    change: {
      align: 'right',
      text: (r, cur) => {
        const shown = f.change(r.change, r.change_pct, r.unit, cur, r.kpi);
        const a = arrow(r.change, shown);
        return a === '' ? shown : `${shown} ${a}`;
      },
      paint: byJudgement((r) => r.change),
    },
  };
  // A target set's target, and its variance with its share coloured by whether it is good for the KPI.
  const setColumn = (key: `set${string}`): Omit<Column, 'key' | 'head'> => {
    const name = key.slice(key.indexOf(':') + 1);
    if (key.startsWith('set:')) return { align: 'right', text: (r, cur) => targetSetCells(r, name, cur, f)[0] };
    return {
      align: 'right',
      text: (r, cur) => targetSetCells(r, name, cur, f)[1],
      paint: byJudgement((r) => r.targets?.[name]?.variance ?? null),
    };
  };
  return keys.map((key, i) => ({ key, head: heads[i], ...(key.startsWith('set') ? setColumn(key as `set${string}`) : make[key as Exclude<ColKey, `set${string}`>]) }));
}

/**
 * The table's columns for this width: all of them without a width; else without empty columns, then (until it fits)
 * without Benchmark and Baseline, amounts without their currency, labels clipped to 30, without Var % and Previous,
 * labels clipped to 20, without Change, without the other target sets' columns (the last set first, its target
 * before its variance), labels and groups clipped to 12. Undefined when even that does not fit, or
 * below 100 columns (`auto`: the compact layout holds more); `force` (--layout table) keeps the table anyway.
 */
function fitTable(rows: readonly ResultRow[], report: Report, context: ReportContext, f: Formatter, width: number | undefined, uniform: string | undefined, force: boolean): FittedTable | undefined {
  let columns = tableColumns(rows, report, context, f);
  if (width === undefined) return { columns, money: undefined, maxWidth: {}, dropped: [], width };
  if (!force && width < COMPACT_BELOW) return undefined;
  // One pass over the rows: each column's widest cell with and without the currency, and whether any says anything.
  const full = new Map<ColKey, number>();
  const bare = new Map<ColKey, number>();
  const used = new Set<ColKey>();
  for (const c of columns) {
    full.set(c.key, displayWidth(c.head));
    bare.set(c.key, displayWidth(c.head));
  }
  for (const r of rows) {
    const cur = currencyOf(r, context);
    for (const c of columns) {
      const text = c.text(r, cur === undefined ? undefined : visible(cur));
      if (text !== '' && text !== '–') used.add(c.key);
      full.set(c.key, Math.max(full.get(c.key)!, displayWidth(text)));
      if (uniform !== undefined) bare.set(c.key, Math.max(bare.get(c.key)!, displayWidth(c.text(r, undefined))));
    }
  }
  columns = columns.filter((c) => !droppedWhenEmpty(c.key) || used.has(c.key));
  const fit: FittedTable = { columns, money: undefined, maxWidth: {}, dropped: [], width };
  const widthOf = (c: Column) => {
    const natural = (fit.money === undefined ? full : bare).get(c.key)!;
    const max = fit.maxWidth[c.key];
    return max === undefined ? natural : Math.max(displayWidth(c.head), Math.min(natural, max));
  };
  const total = () => fit.columns.reduce((sum, c) => sum + widthOf(c) + 3, 1);
  const drop = (key: ColKey) => () => {
    const c = fit.columns.find((x) => x.key === key);
    if (!c) return;
    fit.columns = fit.columns.filter((x) => x !== c);
    fit.dropped.push(c.head);
  };
  // The other target sets give up their columns after the comparison with the previous period (they are the
  // comparisons kpi.yaml asked for), the last-written set first, its target before its variance.
  const sets = [...optionalColumns(rows, report, context).sets].reverse();
  const steps: (() => void)[] = [
    drop('benchmark'),
    drop('baseline'),
    () => (fit.money = uniform),
    () => (fit.maxWidth.label = 30),
    drop('variance_pct'),
    drop('previous'),
    () => (fit.maxWidth.label = 20),
    drop('change'),
    ...sets.flatMap((name) => [drop(`set:${name}`), drop(`set±:${name}`)]),
    () => Object.assign(fit.maxWidth, { label: 12, group: 12 }),
  ];
  for (const step of steps) {
    if (total() <= width) break;
    step();
  }
  if (total() > width && !force) return undefined;
  // A label clipped by a step whose column then went too: given back the room that is left.
  const label = fit.columns.find((c) => c.key === 'label');
  if (label && fit.maxWidth.label !== undefined) fit.maxWidth.label += Math.max(0, width - total());
  return fit;
}

function* tableBlock(sections: readonly Section[], fit: FittedTable, context: ReportContext, p: Paints, width: number | undefined): Generator<string> {
  const { columns, money, maxWidth } = fit;
  if (money !== undefined) yield p.chalk.dim(fill(p.f.msg.terminal.amountsIn, { currency: p.f.currencyText(money) }));
  const cur = (r: ResultRow) => {
    if (money !== undefined) return undefined;
    const code = currencyOf(r, context);
    return code === undefined ? undefined : visible(code);
  };
  const cells = (r: ResultRow) =>
    columns.map((c) => {
      const max = maxWidth[c.key];
      const text = max === undefined ? c.text(r, cur(r)) : clip(c.text(r, cur(r)), max);
      return c.paint ? c.paint(r, text, p) : text;
    });
  const aligns = columns.map((c) => c.align);
  const heads = columns.map((c) => p.chalk.bold(c.head));
  for (const section of sections) {
    if (section.name !== undefined) yield `\n${p.chalk.bold(clip(visible(section.name), width ?? Infinity))}`;
    yield* tableLines(heads, function* () {
      for (const r of section.rows) yield cells(r);
    }, aligns);
  }
  if (fit.dropped.length > 0) yield* wrap(fill(p.f.msg.terminal.notShownToFit, { width: String(width), columns: fit.dropped.join(', ') }), width).map((l) => p.chalk.dim(l));
}

// ---------------------------------------------------------------------------------------------------------------
// Compact: one line per KPI

/** The narrowest a label is clipped to before a line is let run past the width. */
const LABEL_MIN = 12;
/** The narrowest a label is clipped to to make room for the previous value. */
const LABEL_WITH_PREVIOUS = 24;

/**
 * One line per result: status, label, actual, `vs` target, variance, and when there is room the previous value with
 * the arrow of the change and the change itself. Exceptions first under a heading per status (`✘ missed (4)`) when
 * sorted by status without groups or sections; else each line carries its status as a symbol and a word. Under a
 * result's line: each other target set's target and variance (`  ↳ Forecast  vs 1,500.00  +750.50  ✔`, aligned with
 * the primary's) and the result's note, significance and drivers (render/why.ts), wrapped under the label.
 */
function* compactLines(sections: readonly Section[], context: ReportContext, p: Paints, width: number | undefined, uniform: string | undefined, sort: string): Generator<string> {
  const rows = sections.flatMap((s) => s.rows);
  const grouped = context.by.length > 0;
  const headings = sort === 'status' && !grouped && sections.length === 1 && sections[0].name === undefined;
  const money = uniform;
  const cur = (r: ResultRow) => {
    if (money !== undefined) return undefined;
    const code = currencyOf(r, context);
    return code === undefined ? undefined : visible(code);
  };
  // Each field's text for a row, uncoloured; the label as it reads after the row before it.
  const fields = (r: ResultRow, before: ResultRow | undefined) => {
    const c = cur(r);
    const isGroup = Object.keys(r.group).length > 0;
    const groupName = visible(Object.values(r.group).map((v) => shownGroup(v, p.f)).join(' / '));
    const name = visible(p.f.label(r.kpi, r.label));
    const label = !isGroup ? name : before?.kpi === r.kpi ? `  ${groupName}` : `${name} · ${groupName}`;
    const value = markUnknown(p.f.value(r.value, r.unit, c, r.kpi), r);
    const projected = r.projected !== null && r.pace ? p.f.value(r.projected, r.unit, c, r.kpi) : '';
    const target = r.target === null ? '' : p.f.value(r.target, r.unit, c, r.kpi);
    const variance = r.variance === null ? '' : p.f.delta(r.variance, r.unit, c, r.kpi);
    const previous = r.previous === null ? '' : p.f.value(r.previous, r.unit, c, r.kpi);
    const change = r.change === null ? '' : p.f.change(r.change, r.change_pct, r.unit, c, r.kpi);
    const mark = headings ? symbolOf(r.status) : `${p.f.statusMark(r.status)}${r.pace && r.target !== null ? ` ${p.f.msg.text.pace}` : ''}`;
    return { mark, label, value, projected, target, variance, previous, change };
  };
  // The other target sets of a row that have a target for it: their name, target and variance (its share is the table's).
  const setNames = otherTargetSets(context);
  const setFields = (r: ResultRow) =>
    setNames.flatMap((name) => {
      const t = r.targets?.[name];
      if (!t || t.target === null) return [];
      const c = cur(r);
      // `↳ Forecast`, two in from the row's own label (a group's line is already two in), so it never reads as a group.
      const lead = Object.keys(r.group).length > 0 ? '    ' : '  ';
      return [{ name, label: `${lead}↳ ${visible(targetSetTitle(name))}`, target: p.f.value(t.target, r.unit, c, r.kpi), variance: t.variance === null ? '' : p.f.delta(t.variance, r.unit, c, r.kpi), delta: t.variance, status: t.status }];
    });
  type Fields = ReturnType<typeof fields>;
  const w: Record<keyof Fields, number> = { mark: 0, label: 0, value: 0, projected: 0, target: 0, variance: 0, previous: 0, change: 0 };
  let before: ResultRow | undefined;
  let anySet = false;
  for (const r of rows) {
    const f = fields(r, before);
    for (const k of Object.keys(w) as (keyof Fields)[]) w[k] = Math.max(w[k], displayWidth(f[k]));
    for (const sf of setFields(r)) {
      anySet = true;
      w.label = Math.max(w.label, displayWidth(sf.label));
      w.target = Math.max(w.target, displayWidth(sf.target));
      w.variance = Math.max(w.variance, displayWidth(sf.variance));
    }
    before = r;
  }
  // Field widths with their separators: `  value`, ` (proj. x)`, ` vs target`, `  variance`, `  prev x ↑`, ` (change)`,
  // the words in the report's locale (`mot`, `forrige` in bokmål).
  const t = p.f.msg.terminal;
  const projectedWord = (value: string) => fill(t.projected, { value });
  const part = {
    projected: w.projected ? w.projected + displayWidth(projectedWord('')) + 3 : 0,
    target: w.target ? w.target + displayWidth(t.versus) + 2 : 0,
    variance: w.variance ? w.variance + 2 : 0,
    previous: w.previous ? w.previous + displayWidth(t.previous) + 5 : 0,
    change: w.change ? w.change + 3 : 0,
  };
  // A target set's line ends with its status symbol (`  ✔`), past the primary's variance.
  const fixed = w.mark + 2 + 2 + w.value + part.projected + part.target + part.variance + (anySet ? 3 : 0);
  let label = w.label;
  let showPrevious = part.previous > 0;
  let showChange = part.change > 0 && showPrevious;
  if (width !== undefined) {
    label = Math.min(w.label, Math.max(LABEL_MIN, width - fixed));
    // The previous value is worth more than a label's last characters, down to LABEL_WITH_PREVIOUS of them.
    if (part.previous > 0 && width - fixed - label < part.previous && width - fixed - part.previous >= LABEL_WITH_PREVIOUS) label = width - fixed - part.previous;
    const room = width - fixed - label;
    showPrevious = part.previous > 0 && room >= part.previous;
    showChange = showPrevious && part.change > 0 && room >= part.previous + part.change;
  }
  if (money !== undefined) yield p.chalk.dim(fill(p.f.msg.terminal.amountsIn, { currency: p.f.currencyText(money) }));

  let status: Status | undefined;
  let section: string | undefined;
  before = undefined;
  const counts = new Map<Status, number>();
  if (headings) for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  for (const s of sections) {
    if (s.name !== undefined && s.name !== section) yield `\n${p.chalk.bold(clip(visible(s.name), width ?? Infinity))}`;
    section = s.name;
    for (const r of s.rows) {
      if (headings && r.status !== status) {
        status = r.status;
        yield `${before === undefined ? '' : '\n'}${p.status[status](p.chalk.bold(`${p.f.statusMark(status)} (${counts.get(status)})`))}`;
      }
      const f = fields(r, before);
      before = r;
      let line = `${p.status[r.status](f.mark.padEnd(w.mark))}  ${pad(clip(f.label, label), label)}  ${padStart(f.value, w.value)}`;
      if (part.projected) line += f.projected ? ` (${projectedWord(padStart(f.projected, w.projected))})` : ' '.repeat(part.projected);
      if (part.target) line += f.target ? ` ${t.versus} ${pad(f.target, w.target)}` : ' '.repeat(part.target);
      if (part.variance) {
        const j = judge(r.variance, r.better, f.variance);
        line += `  ${j === null ? padStart(f.variance, w.variance) : p.judged[j](padStart(f.variance, w.variance))}`;
      }
      if (showPrevious) {
        const j = judge(r.change, r.better, f.change);
        const a = arrow(r.change, f.change);
        const text = f.previous ? `  ${pad(`${t.previous} ${f.previous} ${a}`, part.previous - 2)}` : ' '.repeat(part.previous);
        line += j === null ? text : p.judged[j](text);
        if (showChange) line += f.change ? ` (${j === null ? f.change : p.judged[j](f.change)})` : '';
      }
      yield line.trimEnd();
      const indent = ' '.repeat(w.mark + 2);
      for (const sf of setFields(r)) {
        let sub = `${indent}${pad(clip(sf.label, label), label)}  ${' '.repeat(w.value)}${' '.repeat(part.projected)}`;
        sub += ` ${t.versus} ${pad(sf.target, w.target)}`;
        if (part.variance) {
          const j = judge(sf.delta, r.better, sf.variance);
          sub += `  ${j === null ? padStart(sf.variance, w.variance) : p.judged[j](padStart(sf.variance, w.variance))}`;
        }
        yield `${sub}  ${p.status[sf.status](symbolOf(sf.status))}`;
      }
      // Prose under the label, wrapped to the width (a hanging indent of two more).
      for (const note of resultNotes([r], context)) yield* wrap(`${indent}${visible(note)}`, width, indent.length + 2);
    }
  }
  // What a line has no room for is named, never left out unsaid: the shares of the variances, the references, and
  // the previous value and the change when the width left no room for them.
  const h = p.f.msg.head;
  const left: string[] = [];
  if (rows.some((r) => r.variance_pct !== null)) left.push(h.variancePct);
  if (rows.some((r) => r.baseline !== null)) left.push(h.baseline);
  if (rows.some((r) => r.benchmark !== null)) left.push(h.benchmark);
  if (!showPrevious && w.previous > 0) left.push(h.previous);
  if (!showChange && w.change > 0) left.push(h.change);
  if (left.length > 0) {
    const text = width === undefined ? fill(t.notShownCompact, { columns: left.join(', ') }) : fill(t.notShownToFit, { width: String(width), columns: left.join(', ') });
    yield* wrap(text, width).map((l) => p.chalk.dim(l));
  }
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

// ---------------------------------------------------------------------------------------------------------------
// Wide: the groups in rows, the KPIs in columns (`--by rep --layout wide`)

/** The widest a KPI's column head is before it is clipped (its cells may make the column wider). */
const HEAD_MAX = 16;

function* wideLines(rows: readonly ResultRow[], report: Report, context: ReportContext, p: Paints, width: number | undefined, money: string | undefined): Generator<string> {
  // The KPIs in the order given (exceptions first by default), the groups in the order they first come (the total first).
  const kpis = new Map<string, ResultRow>();
  const groups = new Map<string, Record<string, string>>();
  const cell = new Map<string, ResultRow>();
  for (const r of rows) {
    if (!kpis.has(r.kpi)) kpis.set(r.kpi, r);
    cell.set(`${r.kpi}|${JSON.stringify(r.group)}`, r);
  }
  // The groups in the report's own order (each KPI's largest first), not by status: a rep keeps their row.
  for (const r of report.results) {
    const g = JSON.stringify(r.group);
    if (!groups.has(g) && kpis.has(r.kpi)) groups.set(g, r.group);
  }
  const groupKeys = [...groups.keys()].sort((a, b) => Number(b === '{}') - Number(a === '{}'));
  const groupName = (g: Record<string, string>) => (Object.keys(g).length === 0 ? p.f.msg.text.total : visible(context.by.map((k) => shownGroup(g[k] ?? '', p.f)).join(' / ')));
  const text = (r: ResultRow | undefined) => {
    if (!r) return '–';
    const code = money !== undefined ? undefined : currencyOf(r, context);
    const value = markUnknown(p.f.value(r.value, r.unit, code === undefined ? undefined : visible(code), r.kpi), r);
    return r.target !== null || r.status === 'no_data' || r.status === 'incomplete' || r.status === 'error' ? `${value} ${symbolOf(r.status)}` : value;
  };
  const firstHead = visible(byHead(context.by, p.f));
  let firstWidth = displayWidth(firstHead);
  for (const g of groupKeys) firstWidth = Math.max(firstWidth, displayWidth(groupName(groups.get(g)!)));
  if (width !== undefined) firstWidth = Math.min(firstWidth, Math.max(12, Math.floor(width / 4)));
  const columns = [...kpis.values()].map((k) => {
    let cells = 0;
    for (const g of groupKeys) cells = Math.max(cells, displayWidth(text(cell.get(`${k.kpi}|${g}`))));
    const label = visible(p.f.label(k.kpi, k.label));
    const w = Math.max(cells, Math.min(displayWidth(label), HEAD_MAX));
    return { kpi: k.kpi, head: clip(label, w), width: w };
  });
  // Pages of columns that fit beside the group column; one page without a width.
  const pages: (typeof columns)[] = [];
  let page: typeof columns = [];
  let used = firstWidth + 4;
  for (const c of columns) {
    if (width !== undefined && page.length > 0 && used + c.width + 3 > width) {
      pages.push(page);
      page = [];
      used = firstWidth + 4;
    }
    page.push(c);
    used += c.width + 3;
  }
  if (page.length > 0) pages.push(page);
  if (money !== undefined) yield p.chalk.dim(fill(p.f.msg.terminal.amountsIn, { currency: p.f.currencyText(money) }));
  const marks = new Set(rows.filter((r) => r.target !== null || r.status !== 'no_target').map((r) => r.status));
  if (marks.size > 0) yield* wrap(fill(p.f.msg.terminal.marks, { marks: [...marks].map((s) => p.f.statusMark(s)).join(', ') }), width).map((l) => p.chalk.dim(l));
  // A cell is a value and its status: the targets, variances and changes behind the marks are said to be elsewhere.
  if (rows.some((r) => r.target !== null || r.previous !== null)) yield* wrap(p.f.msg.terminal.notShownWide, width).map((l) => p.chalk.dim(l));
  let at = 0;
  for (const cols of pages) {
    if (pages.length > 1) yield `\n${p.chalk.dim(fill(p.f.msg.terminal.kpisOf, { from: p.f.integer(at + 1), to: p.f.integer(at + cols.length), n: p.f.integer(columns.length) }))}`;
    at += cols.length;
    const heads = [firstHead, ...cols.map((c) => c.head)].map((h) => p.chalk.bold(h));
    const aligns: Align[] = ['left', ...cols.map(() => 'right' as const)];
    const body = () =>
      groupKeys.map((g) => [
        clip(groupName(groups.get(g)!), firstWidth),
        ...cols.map((c) => {
          const r = cell.get(`${c.kpi}|${g}`);
          const t = text(r);
          return r ? p.status[r.status](t) : t;
        }),
      ]);
    yield* tableLines(heads, body, aligns);
  }
}
