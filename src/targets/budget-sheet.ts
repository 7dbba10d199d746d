// Targets from a spreadsheet (README "Budgets and forecasts"): a CSV or XLSX in the shapes finance makes them, read
// by the same readers as exports (sources/readers.ts: encoding, delimiter, header row below title lines, decimal
// comma and thousands separators sniffed) into the same TargetEntry a targets.yaml gives, so resolving a target
// for a period, a group or a running month is one code path (compare.ts):
//   wide — a row per KPI (or per ledger account, or per department of one KPI) and a column per month;
//   long — a row per (kpi, period, [group columns], value).
// Every cell that is not a number is an error naming the file, sheet, row, column and value: a budget read
// wrongly would judge every month against a wrong figure.
import { basename } from 'node:path';
import { clip, ConfigError } from '../errors.js';
import { readerFor } from '../sources/readers.js';
import { isTotalRow } from '../sources/total-rows.js';
import { columnFormat, sniffColumn } from '../sources/column-format.js';
import type { Cell, RecordTable } from '../sources/table.js';
import type { Encoding } from '../config/project.js';
import { cellText } from '../sources/typed-rows.js';
import { accountDigits, chartOf, detectChart, PNL_CATEGORIES, type ChartSetting, type CompiledChart } from '../charts/index.js';
import { didYouMean, snakeCase } from '../util/text.js';
import { clean } from '../util/exact.js';
import { parsePeriod, todayDay, type CalendarOptions, type Period } from '../periods/period.js';
import { monthHead, yearsIn, type MonthHead } from './month-headers.js';
import type { TargetEntry, TargetsFile } from './targets-file.js';

/** A spreadsheet target set as kpi.yaml gives it (`targets: { budget: { file: …, sheet: … } }`). */
export interface SheetSetting {
  file: string;
  sheet?: string | number;
  /** The year of month columns that do not say it (default: from the sheet, its name or the file's name). */
  year?: number;
  /** The KPI of every row when the rows are departments or other groups (`rows:` names their field). */
  kpi?: string;
  /** What the first column holds: `kpi` (default), `account`, or the field of the groups (e.g. `department`). */
  rows?: string;
  /** The chart of accounts of rows by account (default: the ledger source's `chart:`, else detected). */
  chart?: ChartSetting;
  skip_rows?: number;
  delimiter?: string;
  encoding?: Encoding;
  decimal?: ',' | '.';
  /** The tolerance of every target of the sheet (a share, 0.05 for `tolerance: 5%`): a row has no place for one. */
  tolerance?: number;
  /** The pace of every target of the sheet that adds up over time (`pace: workdays`); default: by its months. */
  pace?: 'months' | 'workdays' | 'linear' | 'last_year';
}

/** What a spreadsheet needs to know about each KPI. */
export interface KpiInfo {
  label: string;
  unit: string;
  /** Adds up over time (an amount): months add up to quarters and years (`per: month`). */
  additive: boolean;
  /** Adds up across groups: the departments of a sheet make the company's target when it gives none. */
  acrossGroups: boolean;
  /** Other names a row may give it: a built-in KPI's label in Norwegian, Swedish and Danish (`Omsetning`). */
  names?: readonly string[];
}

export interface SheetContext {
  kpis: ReadonlyMap<string, KpiInfo>;
  cal: CalendarOptions;
  /** The ledger source's `chart:` (paths resolved), for rows by account. */
  ledgerChart?: ChartSetting;
  /** The project's currency, which tips the chart of accounts detected (NOK: NS 4102, SEK: BAS). */
  currency?: string;
}

const SHEET_EXT = /\.(xlsx|xlsm|csv|tsv|txt)$/i;
/** A targets file that is a spreadsheet (else YAML). */
export const isSheetPath = (path: string): boolean => SHEET_EXT.test(path);

const KPI_HEAD = /^(?:kpi|kpi[ _-]?id|id|metric|measure|nøkkeltall|nyckeltal|nøgletal|indikator|måltall|mål)$/i;
const ACCOUNT_HEAD = /^(?:account|account no\.?|account number|acct|gl account|konto|kontonr\.?|kontonummer|konto nr\.?|kontoid|kto)$/i;
const PERIOD_HEAD = /^(?:period|periode|månad|måned|maaned|month|date|dato|datum)$/i;
const VALUE_HEAD = /^(?:value|verdi|värde|værdi|target|mål|budget|budsjett|forecast|prognose|prognos|amount|beløp|belopp|beløb)$/i;
/** A column that names or describes the row beside its KPI or account (`Kontonavn`, `Beskrivelse`): no group. */
const NAME_HEAD = /^(?:name|navn|namn|kontonavn|kontonamn|kontonavn|account name|description|beskrivelse|beskrivning|beskrivelse|tekst|text|kommentar|comment|note|notat|merknad|ansvarlig|owner|enhet|unit)$/i;
const YEAR_HEAD = /^(?:year|år|aar|fiscal year|regnskapsår|räkenskapsår|regnskabsår)$/i;

/** A located problem in the sheet: ConfigError KPI_TARGETS (a targets file's error, exit 2). */
class At {
  constructor(
    private readonly table: RecordTable,
    private readonly file: string,
  ) {}
  fail(line: number | undefined, column: number | undefined, message: string): never {
    const where = [this.table.label, line === undefined ? undefined : `${this.table.lineWord} ${line}`, column === undefined ? undefined : `column ${columnLetter(column)} '${clip(this.table.headers[column] ?? '', 40)}'`]
      .filter(Boolean)
      .join(', ');
    throw new ConfigError(`${where}: ${message}`, [], { code: 'KPI_TARGETS', file: this.file, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column: this.table.headers[column] }) });
  }
  place(line: number): string {
    return `${this.table.label} ${this.table.lineWord} ${line}`;
  }
}

/** A, B, …, Z, AA: how a sheet names column `i` (0-based). */
function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface Row {
  cells: Cell[];
  line: number;
}

/** Reads a budget or forecast spreadsheet into targets, as loadTargets reads a targets.yaml. */
export async function loadBudgetSheet(setting: SheetSetting, ctx: SheetContext): Promise<TargetsFile> {
  const path = setting.file;
  const open = await readerFor(path).reader.load();
  const table = await open(path, { source: 'targets', sheet: setting.sheet, skipRows: setting.skip_rows, delimiter: setting.delimiter, encoding: setting.encoding });
  const rows: Row[] = [];
  await table.eachRecord((cells, line) => {
    rows.push({ cells, line });
  });
  const at = new At(table, path);
  const heads = table.headers.map((h) => monthHead(h));
  const sink = new Entries(setting.chart === undefined ? ctx : { ...ctx, ledgerChart: setting.chart }, at);
  if (heads.some((h) => h?.kind === 'month')) readWide(table, rows, heads, setting, ctx, at, sink);
  else readLong(table, rows, setting, ctx, at, sink);
  return sink.finish(path, table.label, setting.tolerance, setting.pace);
}

/**
 * The number reader of the figure columns: their decimal mark sniffed over all of them (or `decimal:`). A budget
 * cell is a number or blank, nothing between: the export readers' "no value" words (`N/A`, `NULL`) and their
 * "a dash is zero" are for exports, and in a budget `n/a` or a typed `-` could mean "no budget" as well as 0, so
 * both are an error like `abc` (README "Budgets and forecasts"). A numeric 0 that Excel's accounting format shows
 * as `-` is a number cell and stays 0.
 */
function numberParser(table: RecordTable, columns: number[], decimal: ',' | '.' | undefined) {
  const sample = table.sample.flatMap((r) => columns.map((c) => r[c]).filter((c): c is Cell => c !== undefined));
  const parse = columnFormat('number', sniffColumn(sample), { null_values: [], ...(decimal ? { decimal } : {}) }, {}).parse;
  return (cell: Cell | undefined): ReturnType<typeof parse> => {
    if (typeof cell === 'string' && DASH.test(cell.trim())) return { error: 'not a number (a dash could mean 0 or no budget; write 0 for a target of 0)' };
    return parse(cell);
  };
}
/** A dash typed as text: hyphen, en dash, em dash, minus sign. */
const DASH = /^[-\u2013\u2014\u2212]$/;

const textOf = (cell: Cell | undefined): string => (cell === undefined ? '' : cellText(cell).trim());

function readWide(table: RecordTable, rows: Row[], heads: (MonthHead | undefined)[], setting: SheetSetting, ctx: SheetContext, at: At, sink: Entries): void {
  const first = heads.findIndex((h) => h?.kind === 'month');
  if (first === 0) at.fail(undefined, 0, `the first column is a month; put the KPI ids (or accounts) in a column before the months`);
  const yearColumn = table.headers.findIndex((h, i) => i < first && YEAR_HEAD.test(h.trim()));
  const labels = table.headers.map((_, i) => i).filter((i, n) => i < first && i !== yearColumn && (n === 0 || !NAME_HEAD.test(table.headers[i].trim())));
  // Columns after the first month: months, sums and subtotals (left alone), notes, or nothing at all.
  const months: { column: number; month: number; year?: number }[] = [];
  const seen = new Map<string, number>();
  for (let c = first; c < table.headers.length; c++) {
    const h = heads[c];
    if (h === undefined) {
      const empty = rows.every((r) => textOf(r.cells[c]) === '');
      if (empty || /^column_\d+$/.test(table.headers[c])) {
        if (!empty) at.fail(undefined, c, `a column without a head holds figures; give it a month as its head (januar, jan, 2026-01) or remove it`);
        continue;
      }
      at.fail(undefined, c, `'${clip(table.headers[c], 40)}' is not a month; the columns after the KPIs are months (januar…desember, jan…des, January…December, 2026-01), a Sum column, quarter subtotals (Q1) or a Kommentar column`);
    }
    if (h.kind !== 'month') continue;
    const key = `${h.year ?? ''}-${h.month}`;
    if (seen.has(key)) at.fail(undefined, c, `the month is also column ${columnLetter(seen.get(key)!)}: each month has one column`);
    seen.set(key, c);
    months.push({ column: c, month: h.month, year: h.year });
  }
  if (months.some((m) => m.year === undefined) && months.some((m) => m.year !== undefined)) {
    at.fail(undefined, months.find((m) => m.year === undefined)!.column, `some month columns say their year and this one does not; write the year in every head (jan 2026) or in none`);
  }
  // The year of months that do not say it: a year column, `year:`, else the one year the heads, the sheet's name
  // and the file's name write (several or none: said, never guessed).
  const sheetYear = months[0].year === undefined && yearColumn < 0 ? yearOfSheet(table, labels, setting, at) : undefined;
  const yearOf = (row: Row): number | undefined => {
    if (months[0].year !== undefined) return undefined;
    if (yearColumn < 0) return sheetYear;
    const text = textOf(row.cells[yearColumn]);
    const y = /^\d{4}$/.test(text) ? Number(text) : undefined;
    if (y === undefined) at.fail(row.line, yearColumn, `${JSON.stringify(clip(text, 40))} is not a year (2026)`);
    return y;
  };
  const parse = numberParser(table, months.map((m) => m.column), setting.decimal);
  const kind = rowKind(table, rows, labels, setting, ctx, at);
  for (const row of rows) {
    const labelTexts = labels.map((c) => textOf(row.cells[c]));
    const figures = months.map((m) => ({ m, cell: row.cells[m.column] })).filter(({ cell }) => textOf(cell) !== '');
    const head = labelTexts[0];
    const id = kind.kind === 'kpi' ? sink.kpiId(head) : undefined;
    // Title, heading and empty rows have no figures; a sum line ("Sum", "Totalt", "Sum inntekter") is no KPI.
    if (figures.length === 0) continue;
    if (id === undefined && isTotalRow(labelTexts)) continue;
    // In a sheet of accounts, a line without a digit (Driftsresultat, Resultat før skatt) is the sheet's own sum.
    if (kind.kind === 'account' && !/\d/.test(head)) continue;
    if (head === '') at.fail(row.line, labels[0], `a row with figures and no ${kind.kind === 'account' ? 'account' : kind.kind === 'kpi' ? 'KPI' : kind.field}; fill it in or remove the row`);
    const year = yearOf(row);
    const values = figures.map(({ m, cell }) => {
      const v = parse(cell);
      if (v === null) return undefined;
      if (typeof v !== 'number') at.fail(row.line, m.column, `${JSON.stringify(clip(textOf(cell), 40))} is ${v && typeof v === 'object' ? v.error : 'not a number'}; a month's target is a number, or blank for no target`);
      return { month: monthPeriod(m.year ?? year!, m.month, !!(m.year === undefined && yearColumn < 0 && ctx.cal.fiscalYearStart && ctx.cal.fiscalYearStart > 1), ctx.cal), value: v, column: m.column, text: textOf(cell) };
    });
    for (const v of values) {
      if (v === undefined) continue;
      if (kind.kind === 'account') sink.account(head, v.month, v.value, row.line, labels[0]);
      else {
        const kpi = kind.kind === 'kpi' ? (id ?? sink.unknownKpi(head, row.line, labels[0])) : kind.kpi;
        const group: Record<string, string> = {};
        if (kind.kind === 'group') group[kind.field] = head;
        labels.slice(1).forEach((c, i) => {
          if (labelTexts[i + 1] !== '') group[snakeCase(table.headers[c])] = labelTexts[i + 1];
        });
        sink.add(kpi, group, v.month, v.value, row.line, v.column, v.text);
      }
    }
  }
}

/** A month of a calendar year; with a fiscal year and the year taken from a name, the month of that fiscal year. */
function monthPeriod(year: number, month: number, fiscal: boolean, cal: CalendarOptions): Period {
  let y = year;
  if (fiscal) {
    const fy = parsePeriod(`FY${year}`, todayDay(), cal);
    const startYear = new Date(fy.start * 86_400_000).getUTCFullYear();
    y = month >= cal.fiscalYearStart! ? startYear : startYear + 1;
  }
  return parsePeriod(`${y}-${String(month).padStart(2, '0')}`, todayDay(), cal);
}

function yearOfSheet(table: RecordTable, labels: number[], setting: SheetSetting, at: At): number {
  if (setting.year !== undefined) return setting.year;
  const found = new Map<number, string>();
  const note = (text: string, where: string) => {
    for (const y of yearsIn(text)) if (!found.has(y)) found.set(y, where);
  };
  for (const c of labels) note(table.headers[c], `the head '${table.headers[c]}'`);
  const sheet = table.settings.sheet;
  if (typeof sheet === 'string') note(sheet.replace(/ \((?:first sheet|sheet \d+)\)$/, ''), `the sheet's name`);
  note(basename(table.path), `the file's name`);
  if (found.size === 1) return [...found.keys()][0];
  if (found.size === 0) at.fail(undefined, undefined, `the month columns do not say their year, nor does the sheet or the file's name; write it in the heads (2026-01, jan 2026) or in kpi.yaml: targets: { budget: { file: ${basename(table.path)}, year: 2026 } }`);
  const list = [...found].map(([y, where]) => `${y} (${where})`).join(', ');
  return at.fail(undefined, undefined, `which year do the months belong to: ${list}? Write it in kpi.yaml: targets: { budget: { file: ${basename(table.path)}, year: ${[...found.keys()][0]} } }`);
}

type RowKind = { kind: 'kpi' } | { kind: 'account' } | { kind: 'group'; kpi: string; field: string };

/** What the first column holds: KPIs, accounts (its head says so, or every label is an account number), or groups. */
function rowKind(table: RecordTable, rows: Row[], labels: number[], setting: SheetSetting, ctx: SheetContext, at: At): RowKind {
  const head = table.headers[labels[0]].trim();
  if (setting.kpi !== undefined) {
    if (!ctx.kpis.has(setting.kpi)) at.fail(undefined, undefined, `kpi: '${setting.kpi}' is not a KPI${didYouMean(setting.kpi, ctx.kpis.keys())}`);
    return { kind: 'group', kpi: setting.kpi, field: setting.rows ?? snakeCase(head) };
  }
  if (setting.rows === 'account' || ACCOUNT_HEAD.test(head)) return { kind: 'account' };
  if (setting.rows !== undefined && setting.rows !== 'kpi') {
    at.fail(undefined, labels[0], `rows: ${setting.rows} makes the rows groups of one KPI; say which with kpi: (e.g. kpi: revenue)`);
  }
  if (setting.rows === 'kpi' || KPI_HEAD.test(head)) return { kind: 'kpi' };
  // Accounts written as numbers (3000, 3000 Salgsinntekt) with no KPI among them.
  const texts = rows.map((r) => textOf(r.cells[labels[0]])).filter((t) => t !== '' && !isTotalRow([t]));
  if (texts.length > 0 && texts.every((t) => accountDigits(t)?.length && accountDigits(t)!.length >= 4)) return { kind: 'account' };
  return { kind: 'kpi' };
}

function readLong(table: RecordTable, rows: Row[], setting: SheetSetting, ctx: SheetContext, at: At, sink: Entries): void {
  const find = (re: RegExp) => table.headers.findIndex((h) => re.test(h.trim()));
  let kpiCol = find(KPI_HEAD);
  const accountCol = find(ACCOUNT_HEAD);
  const periodCol = find(PERIOD_HEAD);
  const valueCol = find(VALUE_HEAD);
  if (kpiCol < 0 && accountCol < 0 && setting.kpi === undefined) kpiCol = -1;
  if ((kpiCol < 0 && accountCol < 0 && setting.kpi === undefined) || periodCol < 0 || valueCol < 0) {
    at.fail(undefined, undefined, `has neither month columns (januar…desember, jan…des, January…December, 2026-01) nor the columns of the long form (kpi, period, value); its heads are ${table.headers.map((h) => `'${clip(h, 30)}'`).join(', ')}`);
  }
  const parse = numberParser(table, [valueCol], setting.decimal);
  const used = new Set([kpiCol, accountCol, periodCol, valueCol]);
  const groupCols = table.headers.map((_, i) => i).filter((i) => !used.has(i) && monthHead(table.headers[i])?.kind !== 'note' && !/^column_\d+$/.test(table.headers[i]));
  for (const row of rows) {
    const valueText = textOf(row.cells[valueCol]);
    const labelCol = kpiCol >= 0 ? kpiCol : accountCol;
    const label = labelCol >= 0 ? textOf(row.cells[labelCol]) : '';
    if (valueText === '' && (label === '' || isTotalRow([label]))) continue;
    if (labelCol >= 0 && isTotalRow([label]) && sink.kpiId(label) === undefined) continue;
    if (labelCol >= 0 && label === '') at.fail(row.line, labelCol, `a row with a value and no ${kpiCol >= 0 ? 'KPI' : 'account'}; fill it in or remove the row`);
    const period = periodOfCell(row.cells[periodCol], ctx.cal);
    if (typeof period === 'string') at.fail(row.line, periodCol, period);
    const v = parse(row.cells[valueCol]);
    if (v === null) continue;
    if (typeof v !== 'number') at.fail(row.line, valueCol, `${JSON.stringify(clip(valueText, 40))} is ${v && typeof v === 'object' ? v.error : 'not a number'}; a target is a number, or blank for no target`);
    if (kpiCol < 0 && accountCol >= 0) {
      sink.account(label, period, v, row.line, accountCol);
      continue;
    }
    const kpi = kpiCol >= 0 ? (sink.kpiId(label) ?? sink.unknownKpi(label, row.line, kpiCol)) : setting.kpi!;
    const group: Record<string, string> = {};
    for (const c of groupCols) {
      const t = textOf(row.cells[c]);
      if (t !== '') group[snakeCase(table.headers[c])] = t;
    }
    sink.add(kpi, group, period, v, row.line, valueCol, valueText);
  }
}

/** The period of a long sheet's period cell: `2026-01`, `2026-Q3`, `FY2026`, `jan 2026`, a date (its month). */
function periodOfCell(cell: Cell | undefined, cal: CalendarOptions): Period | string {
  const text = textOf(cell);
  if (text === '') return `the period is empty; write a month (2026-01), a quarter (2026-Q3) or a year`;
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00(?:\.000)?)?)?$/.exec(text);
  if (date) return parsePeriod(`${date[1]}-${date[2]}`, todayDay(), cal);
  const head = monthHead(text);
  if (head?.kind === 'month' && head.year !== undefined) return parsePeriod(`${head.year}-${String(head.month).padStart(2, '0')}`, todayDay(), cal);
  try {
    const p = parsePeriod(text, todayDay(), cal);
    if (!Number.isFinite(p.start) || /^(?:mtd|qtd|ytd|fytd|ltm|all|l\d+m|last-)/i.test(text)) return `${JSON.stringify(text)} moves with the day of the report; a budget's period is fixed (2026-01, 2026-Q3, 2026, FY2026)`;
    return p;
  } catch {
    return `${JSON.stringify(clip(text, 40))} is not a period; write a month (2026-01), a quarter (2026-Q3), a year (2026) or FY2026`;
  }
}

/** Where an entry's value came from, for explain and for the error of a value given twice. */
interface Origin {
  line: number;
  column: number;
}

/** The targets being gathered: per KPI (and group), per period, each value once. */
class Entries {
  private readonly values = new Map<string, { kpi: string; group: Record<string, string>; periods: Map<string, { period: Period; value: number; at: Origin }> }>();
  /** Ledger account lines by P&L category, per period (a budget by account). */
  private readonly accounts: { account: string; period: Period; value: number; line: number; column: number }[] = [];
  private readonly byLabel = new Map<string, string>();
  private firstLine = new Map<string, number>();
  /** How a KPI's targets were made from the rows, when not read as written (`ledger accounts through NS 4102`). */
  private readonly madeBy = new Map<string, string>();

  constructor(
    private readonly ctx: SheetContext,
    private readonly at: At,
  ) {
    for (const [id, k] of ctx.kpis) this.byLabel.set(id.toLowerCase(), id);
    for (const [id, k] of ctx.kpis) {
      for (const name of [k.label, ...(k.names ?? [])]) if (!this.byLabel.has(name.toLowerCase())) this.byLabel.set(name.toLowerCase(), id);
    }
  }

  /** A KPI by its id or its label (`Revenue`, `revenue`), any case. */
  kpiId(text: string): string | undefined {
    const t = text.trim().toLowerCase();
    return this.byLabel.get(t) ?? this.byLabel.get(snakeCase(t));
  }

  unknownKpi(text: string, line: number, column: number): never {
    const names = [...this.ctx.kpis.values()].flatMap((k) => [k.label, ...(k.names ?? [])]);
    const hint = didYouMean(snakeCase(text), this.ctx.kpis.keys()) || didYouMean(text.trim(), names);
    return this.at.fail(line, column, `unknown KPI '${clip(text, 40)}'${hint} (a row names a KPI by its id or its label; kpi list shows them)`);
  }

  add(kpi: string, group: Record<string, string>, period: Period, value: number, line: number, column: number, text: string): void {
    const info = this.ctx.kpis.get(kpi)!;
    // 40 on a percent KPI is 4,000 %: written without the % (a number cell formatted as percent is 0.4).
    if (info.unit === 'percent' && Math.abs(value) > 1.5 && !text.endsWith('%')) {
      this.at.fail(line, column, `${text} on a percent KPI (${kpi}) means ${Math.round(value * 100).toLocaleString('en-US')} %; write ${text}% (or ${value / 100})`);
    }
    const key = `${kpi}|${JSON.stringify(Object.entries(group).sort())}`;
    let e = this.values.get(key);
    if (!e) this.values.set(key, (e = { kpi, group, periods: new Map() }));
    const before = e.periods.get(period.id);
    if (before) this.at.fail(line, column, `${kpi}${Object.keys(group).length ? ` (${Object.values(group).join(' / ')})` : ''} for ${period.id} is also at ${this.at.place(before.at.line)}; give each month once`);
    e.periods.set(period.id, { period, value, at: { line, column } });
    if (!this.firstLine.has(kpi)) this.firstLine.set(kpi, line);
  }

  account(account: string, period: Period, value: number, line: number, column: number): void {
    this.accounts.push({ account, period, value, line, column });
  }

  finish(path: string, origin: string, tolerance?: number, pace?: SheetSetting['pace']): TargetsFile {
    if (this.accounts.length > 0) this.rollUpAccounts();
    const entries = new Map<string, TargetEntry>();
    const entryOf = (kpi: string, periods: Map<string, { period: Period; value: number }>): TargetEntry => {
      const info = this.ctx.kpis.get(kpi)!;
      return {
        ...(info.additive ? { per: 'month' as const, ...(pace === undefined ? {} : { pace }) } : {}),
        ...(tolerance === undefined ? {} : { tolerance }),
        origin: this.madeBy.has(kpi) ? `${origin}, ${this.madeBy.get(kpi)}` : origin,
        periodOverrides: [...periods.entries()].map(([key, { period, value }]) => ({ key, period, spec: { target: value } })),
      };
    };
    const groupsOf = new Map<string, typeof this.values extends Map<string, infer V> ? V[] : never>();
    for (const e of this.values.values()) {
      if (Object.keys(e.group).length === 0) entries.set(e.kpi, entryOf(e.kpi, e.periods));
      else groupsOf.set(e.kpi, [...(groupsOf.get(e.kpi) ?? []), e]);
    }
    for (const [kpi, groups] of groupsOf) {
      let entry = entries.get(kpi);
      if (!entry) {
        // The groups' months added up are the company's, for an amount that adds up across groups (a sheet of
        // departments without a total row of its own, or with one that is left out as a sum line).
        const sum = new Map<string, { period: Period; value: number }>();
        if (this.ctx.kpis.get(kpi)!.acrossGroups) {
          const counts = new Map<string, number>();
          for (const g of groups) {
            for (const [id, { period, value }] of g.periods) {
              sum.set(id, { period, value: clean((sum.get(id)?.value ?? 0) + value)! });
              counts.set(id, (counts.get(id) ?? 0) + 1);
            }
          }
          // A month that some groups leave blank has no company total: it would be the others' alone.
          for (const [id, n] of counts) if (n < groups.length) sum.delete(id);
        }
        entry = entryOf(kpi, sum);
        entries.set(kpi, entry);
      }
      const byEntries: NonNullable<TargetEntry['groupEntries']> = {};
      for (const g of groups) {
        const fields = Object.keys(g.group);
        // A group of several fields (department and product) is matched on all of them (compare.ts).
        const field = fields.join(',');
        (byEntries[field] ??= {})[fields.map((f) => g.group[f]).join('\u001f')] = entryOf(kpi, g.periods);
      }
      entry.groupEntries = byEntries;
    }
    const lines = this.firstLine;
    const groupLine = new Map<string, number>();
    for (const g of groupsOf.values()) {
      for (const e of g) {
        const fields = Object.keys(e.group);
        const first = Math.min(...[...e.periods.values()].map((p) => p.at.line));
        groupLine.set(`${e.kpi}|${fields.join(',')}|${fields.map((f) => e.group[f]).join('\u001f')}`, first);
      }
    }
    return {
      path,
      entries,
      locate: (id) => (lines.has(id) ? this.at.place(lines.get(id)!) : path),
      locateGroup: (kpi, field, value) => {
        const line = groupLine.get(`${kpi}|${field}|${value}`);
        return line === undefined ? path : this.at.place(line);
      },
    };
  }

  /**
   * A budget by ledger account: each line's category from the chart of accounts, and the ledger KPIs' targets
   * from the categories as their formulas make them (registry/finance.ts): ledger_revenue the revenue lines,
   * ebitda less the operating costs, ebit less depreciation and amortization, net_income less interest,
   * appropriations and tax. A KPI gets a target only when the sheet has lines of what it takes away (a sheet of
   * revenue accounts alone budgets no EBITDA).
   */
  private rollUpAccounts(): void {
    const chart = this.chart();
    const sums = new Map<string, Map<string, { period: Period; value: number }>>();
    for (const a of this.accounts) {
      const range = chart.lookup(a.account);
      if (range === undefined) {
        this.at.fail(a.line, a.column, `account '${clip(a.account, 30)}' is in no range of ${chart.label}; correct the account, or add it to a chart file (chart: in kpi.yaml)`);
      }
      if (!(PNL_CATEGORIES as readonly string[]).includes(range.category)) continue; // balance sheet, result transfer
      let byPeriod = sums.get(range.category);
      if (!byPeriod) sums.set(range.category, (byPeriod = new Map()));
      const was = byPeriod.get(a.period.id);
      byPeriod.set(a.period.id, { period: a.period, value: clean((was?.value ?? 0) + a.value)! });
      if (!this.firstLine.has(`account:${range.category}`)) this.firstLine.set(`account:${range.category}`, a.line);
    }
    // The ledger KPIs count income and costs both positive. Income written negative (credit, as the books sign it),
    // or costs written negative under positive income, are turned: by the sign of their totals, so a discount
    // account written against the rest keeps its sign relative to them.
    const total = (cats: readonly string[]) => cats.reduce((s, c) => s + [...(sums.get(c)?.values() ?? [])].reduce((a, b) => a + b.value, 0), 0);
    const costCats = PNL_CATEGORIES.filter((c) => c !== 'revenue');
    const flipRevenue = total(['revenue']) < 0;
    const flipCosts = total(costCats) < 0;
    for (const [cat, byPeriod] of sums) {
      if (cat === 'revenue' ? flipRevenue : flipCosts) for (const v of byPeriod.values()) v.value = -v.value;
    }
    const steps: [string, string[], 1 | -1][] = [
      ['ledger_revenue', ['revenue'], 1],
      ['ebitda', ['cogs', 'opex', 'marketing', 'sales'], -1],
      ['ebit', ['depreciation', 'amortization'], -1],
      ['net_income', ['interest', 'appropriations', 'tax'], -1],
    ];
    let running: Map<string, { period: Period; value: number }> | undefined;
    const firstAccountLine = Math.min(...this.accounts.map((a) => a.line));
    for (const [kpi, cats, sign] of steps) {
      if (!cats.some((c) => sums.has(c))) break;
      const next = new Map<string, { period: Period; value: number }>(running ? [...running].map(([k, v]) => [k, { ...v }]) : []);
      for (const c of cats) {
        for (const [id, { period, value }] of sums.get(c) ?? []) {
          const was = next.get(id);
          next.set(id, { period, value: clean((was?.value ?? 0) + sign * value)! });
        }
      }
      running = next;
      if (!this.ctx.kpis.has(kpi)) continue;
      this.madeBy.set(kpi, `its ledger accounts through ${chart.label}${flipRevenue || flipCosts ? ` (${flipRevenue ? 'income' : 'costs'} written negative, turned)` : ''}`);
      for (const { period, value } of next.values()) this.add(kpi, {}, period, value, firstAccountLine, 0, String(value));
    }
  }

  private chart(): CompiledChart {
    const accounts = this.accounts.map((a) => a.account);
    if (this.ctx.ledgerChart !== undefined) return chartOf(this.ctx.ledgerChart);
    const currency = this.ctx.currency?.toUpperCase();
    const guess = detectChart(accounts, currency === 'NOK' ? 'ns4102' : currency === 'SEK' ? 'bas' : undefined);
    if (guess?.chart) return chartOf(guess.chart);
    return this.at.fail(undefined, undefined, `rows by account need a chart of accounts to reach the KPIs, and these accounts fit none kpi knows${guess ? ` (${guess.why})` : ''}; write chart: ns4102 (or bas, or a chart file) under this target set in kpi.yaml`);
  }
}
