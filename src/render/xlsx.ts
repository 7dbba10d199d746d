// Excel renderer (exceljs, loaded only with this format): a workbook finance can forward. The Report sheet opens with
// a title block, then the label column and header frozen, the figures rounded to their unit's precision (no float
// noise) with number formats by unit (money with its currency, %, percentage points, d, h) in the report's locale,
// status in words coloured by conditional formatting, direction-aware icons on the variance, a named sans font and a
// landscape print one page wide. Then the data quality of every source, and the KPI definitions used.
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Unit } from '../model/vocabulary.js';
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { currencyOf } from '../report/model.js';
import { resultKey } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { DEFAULT_FORMATTER, SCALE_FACTOR, fill, formatterFor, type Formatter } from '../locale/format.js';
import type { LocaleId } from '../locale/locales.js';
import { groupText, hiddenByOption, isGroupRow, otherTargetSets, paceNote, reportTitle, shownGroup, summaryText, targetHead, targetSetTitle, visibleResults } from './rows.js';
import { fixZipTimes } from './zip-time.js';
import { layoutRows, sectionOfKpi } from './sections.js';
import { xlsxText } from './escape.js';
import { reportWords, rowsText } from './report-words.js';
import { paceBasisText } from './to-date.js';
import type { Renderer, RenderOptions } from './types.js';

/**
 * The font of every cell, named: a cell style without a name made LibreOffice fall back to a serif. Calibri is what
 * Excel uses; family 2 (swiss) makes an application without it take its sans (LibreOffice: Carlito, else the
 * system's sans, e.g. DejaVu Sans).
 */
export const FONT: Partial<ExcelJS.Font> = { name: 'Calibri', family: 2, size: 11 };
const BOLD: Partial<ExcelJS.Font> = { ...FONT, bold: true };

/** The row of the Report sheet's column heads, under the title block (title, summary, note, a blank row). */
export const HEADER_ROW = 5;

/** Excel's locale ids: `[$-414]` before a format makes Excel and LibreOffice show it with Norwegian separators. */
const LCID: Record<LocaleId, string> = { 'nb-NO': '414', 'sv-SE': '41D', 'da-DK': '406', 'en-GB': '809', 'en-US': '409' };

/**
 * The decimals a cell stores, by unit: cents for money, 0.01 percentage point for a share (4 decimals of the
 * fraction), hundredths of a day, hour and score. A figure is rounded to them, so -37135.6000000001 is stored as
 * -37135.6; money past 10^13 keeps every cent (toFixed works on the exact binary value).
 */
export const STORED_DECIMALS: Record<Unit, number> = { currency: 2, percent: 4, days: 2, hours: 2, count: 2, score: 2, number: 4 };

/**
 * A number rounded to `decimals` places, half away from zero, on its shortest decimal text — the figure the other
 * formats print. (toFixed rounds the binary value: CAC 10003.925 is 10003.92499… as a double, so the workbook held
 * 10 003,92 where the table, html and pdf say 10 003,93.) Money past 10^13 keeps every cent: the shortest text of a
 * double holds all its digits.
 */
export function roundTo(n: number, decimals: number): number {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return n;
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) return Number(n.toFixed(decimals));
  const [, sign, whole, fraction = '', exp = '0'] = m;
  // digits × 10^(shift) is |n|; scaled to 10^-decimals units, then rounded half up on the dropped digits.
  const digits = BigInt(whole + fraction);
  const shift = Number(exp) - fraction.length + decimals;
  let units: bigint;
  if (shift >= 0) units = digits * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    units = digits / div;
    if ((digits % div) * 2n >= div) units += 1n;
  }
  const r = Number(`${sign}${units}e-${decimals}`);
  return Object.is(r, -0) || r === 0 ? 0 : r;
}

/** What a cell holds: the figure as shown, or (a difference of percentages) in percentage points. */
export type CellKind = 'value' | 'delta' | 'ratio';

/**
 * The stored number of a figure: a value in its unit; a difference (`delta`) of a percent KPI in percentage points
 * (3.0 for +3.0 pp: Excel cannot show a fraction as points, `%` would say +3.0 %); a relative change (`ratio`) as a
 * fraction with 0.01 % precision.
 */
export function storedValue(n: number | null, unit: Unit, kind: CellKind): number | null {
  if (n === null) return null;
  if (kind === 'ratio') return roundTo(n, 4);
  if (kind === 'delta' && unit === 'percent') return roundTo(n * 100, 2);
  return roundTo(n, STORED_DECIMALS[unit]);
}

/** Excel quotes literal text in a format with "…": no quote, no control character, at most 60 characters. */
const literal = (text: string): string => `"${xlsxText(text).replace(/["\\]/g, '').replace(/[\u0000-\u001f]/g, '').slice(0, 60)}"`;

/** `#,##0.00`, `0.0` … for a number of decimals, with or without thousands. */
const digits = (decimals: number, grouped: boolean): string => `${grouped ? '#,##0' : '0'}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;

/**
 * The Excel number format of a figure of this unit in the formatter's locale: `#,##0.00 [$kr-414]` (kroner in
 * Norwegian), `#,##0.00 "EUR"`, `0.0 %`, `+0.0 "p.p."` (percentage points, kind delta), `0.0 "d"`, `#,##0, "tusen kr"`
 * (scale: thousands: Excel divides by 1000 for each comma after the digits; the cell keeps the amount). Without a
 * locale the formats of before (`#,##0.00 "NOK"`, `0.0%`).
 */
export function numberFormat(unit: Unit, currency: string | undefined, f: Formatter = DEFAULT_FORMATTER, kpi?: string, kind: CellKind = 'value'): string {
  const locale = f.locale;
  const prefix = locale === undefined ? '' : `[$-${LCID[locale]}]`;
  const nordic = f.spec.language !== 'en';
  const display = f.displayOf(kpi);
  const fixed = display.decimals;
  if (kind === 'ratio') return `${prefix}${signed(nordic ? '0.0 %' : '0.0%')}`;
  if (unit === 'percent') {
    const d = fixed ?? 1;
    if (kind === 'delta') return `${prefix}${signed(`${digits(d, false)} ${literal(f.msg.units.pp)}`)}`;
    return `${prefix}${digits(d, false)}${nordic ? ' %' : '%'}`;
  }
  const scale = display.scale;
  let body: string;
  if (scale !== undefined) {
    const d = fixed ?? (scale === 'thousands' ? 0 : 1);
    const commas = ','.repeat(Math.round(Math.log10(SCALE_FACTOR[scale]) / 3));
    const after = f.scaleText(scale, unit === 'currency' ? currency : undefined);
    body = `${digits(d, true)}${commas}${/^[kM]$/.test(after) ? '' : ' '}${literal(after)}`;
  } else {
    switch (unit) {
      case 'currency': {
        const d = fixed ?? 2;
        const own = currency !== undefined && locale !== undefined && currency === f.spec.ownCurrency;
        // Excel's own spelling of a currency symbol of a locale: what Excel writes for "kr (Norwegian)".
        body = currency === undefined ? digits(d, true) : own ? `${digits(d, true)} [$${f.currencyText(currency)}-${LCID[locale!]}]` : `${digits(d, true)} ${literal(currency)}`;
        break;
      }
      case 'days':
        body = `${digits(fixed ?? 1, false)} ${literal(f.msg.units.day)}`;
        break;
      case 'hours':
        body = `${digits(fixed ?? 1, false)} ${literal(f.msg.units.hour)}`;
        break;
      case 'count':
        body = digits(fixed ?? 0, true);
        break;
      case 'score':
        body = digits(fixed ?? 1, false);
        break;
      case 'number':
        body = digits(fixed ?? 2, true);
        break;
    }
  }
  return `${prefix}${kind === 'delta' ? signed(body) : body}`;
}

/** A difference shows its sign: `+#,##0.00 "NOK";-#,##0.00 "NOK";0.00 "NOK"`. */
const signed = (format: string): string => `+${format};-${format};${format.replace(/^#,##/, '')}`;

/** Excel's Good / Neutral / Bad cell styles, plus quiet ones for results without a verdict. */
export const STATUS_STYLE: Record<Status, { fill: string; font: string }> = {
  met: { fill: 'FFC6EFCE', font: 'FF006100' },
  at_risk: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  missed: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  early: { fill: 'FFDDEBF7', font: 'FF1F4E79' },
  no_target: { fill: 'FFF2F2F2', font: 'FF595959' },
  no_data: { fill: 'FFF2F2F2', font: 'FF7F7F7F' },
  incomplete: { fill: 'FFE4DFEC', font: 'FF5B2A86' },
  error: { fill: 'FFFFC7CE', font: 'FF9C0006' },
};

interface Column {
  header: string;
  width: number;
  /** The cell value; numbers stay numbers. */
  value: (r: ResultRow, report: Report) => ExcelJS.CellValue;
  /** The number format of the cell, by the result's unit. */
  format?: (r: ResultRow) => string;
  /** Numbers right, text left; the figures' block is printed, the columns for machines after it are not. */
  printed: boolean;
  /** Which column this is, for the rules that find it whatever its header says in the locale. */
  role?: 'status' | 'statusCode' | 'variance';
  /** A variance column's status (the primary's, or its target set's): its icon (varianceIcons). */
  statusOf?: (r: ResultRow) => Status | undefined;
}

function reportColumns(report: Report, rows: readonly ResultRow[], context: ReportContext, f: Formatter): Column[] {
  const h = f.msg.head;
  // `report: sections:` in kpi.yaml: each result's section after its label (absent without sections).
  const sectionOf = sectionOfKpi(context.layout, rows.map((r) => r.kpi));
  const cur = (r: ResultRow) => currencyOf(r, context);
  const measure = (header: string, read: (r: ResultRow) => number | null, kind: CellKind = 'value', role?: Column['role']): Column => ({
    header,
    width: 17,
    value: (r) => storedValue(read(r), r.unit, kind),
    format: (r) => numberFormat(r.unit, cur(r), f, r.kpi, kind),
    printed: true,
    role,
  });
  // Columns every row leaves empty are left out of the block people read (no pace, no references, no comparison).
  const any = (read: (r: ResultRow) => unknown) => rows.some((r) => read(r) !== null);
  const compare = report.compare !== null;
  return [
    { header: h.kpi, width: 38, value: (r) => f.label(r.kpi, r.label), printed: true },
    ...(sectionOf.size > 0 ? [{ header: h.section, width: 18, value: (r: ResultRow) => sectionOf.get(r.kpi) ?? null, printed: true }] : []),
    // The group as people read it: the rows with an empty grouping cell as `(blank)`, the total's cell empty.
    ...context.by.map((field): Column => ({ header: f.field(field), width: 16, value: (r) => (r.group[field] === undefined ? null : shownGroup(r.group[field], f)), printed: true })),
    measure(h.actual, (r) => r.value),
    ...(any((r) => r.projected) ? [measure(h.projected, (r) => r.projected)] : []),
    measure(targetHead(context, f), (r) => r.target),
    // A running period (issue 17: pacing): the part of the target due by --as-of, and the pace basis that gave it.
    ...(any((r) => r.target_to_date ?? null)
      ? [
          measure(reportWords(f).targetToDate, (r) => r.target_to_date ?? null),
          { header: reportWords(f).paceBasisHead, width: 18, value: (r: ResultRow) => (r.target_to_date == null ? null : paceBasisText(r, f)), printed: true },
        ]
      : []),
    { ...measure(h.variance, (r) => r.variance, 'delta', 'variance'), statusOf: (r) => r.status },
    measure(h.variancePctLong, (r) => r.variance_pct, 'ratio'),
    { header: h.status, width: 16, value: (r) => `${f.statusWord(r.status)}${r.pace && r.target !== null ? ` ${f.msg.text.pace}` : ''}`, printed: true, role: 'status' },
    // Each other target set (targets: { budget, forecast }): its target and the variance against it.
    ...otherTargetSets(context).flatMap((name) => [
      measure(targetSetTitle(name), (r) => r.targets?.[name]?.target ?? null),
      { ...measure(`${h.variance} ${targetSetTitle(name)}`, (r) => r.targets?.[name]?.variance ?? null, 'delta'), statusOf: (r: ResultRow) => r.targets?.[name]?.status },
      measure(`${h.variancePctLong} ${targetSetTitle(name)}`, (r) => r.targets?.[name]?.variance_pct ?? null, 'ratio'),
    ]),
    ...(compare
      ? [
          measure(h.previous, (r) => r.previous),
          measure(h.change, (r) => r.change, 'delta'),
          measure(h.changePct, (r) => r.change_pct, 'ratio'),
        ]
      : []),
    ...(any((r) => r.baseline) ? [measure(h.baseline, (r) => r.baseline)] : []),
    ...(any((r) => r.benchmark) ? [measure(h.benchmark, (r) => r.benchmark)] : []),
    // For machines and filters: codes, not words.
    { header: 'ID', width: 22, value: (r) => r.kpi, printed: false },
    { header: h.unit, width: 10, value: (r) => r.unit, printed: false },
    { header: h.better, width: 8, value: (r) => r.better, printed: false },
    { header: h.statusCode, width: 12, value: (r) => r.status, printed: false, role: 'statusCode' },
    { header: h.pace, width: 8, value: (r) => r.pace, printed: false },
    { header: h.period, width: 12, value: (_r, rep) => rep.period.id, printed: false },
    { header: h.comparedWith, width: 14, value: (_r, rep) => rep.compare?.id ?? null, printed: false },
    // Cells with values kpi does not know in the columns the result is read from: the figure may be wrong.
    { header: h.unknownValues, width: 10, value: (r) => r.unknown_values, printed: false },
    { header: h.dataUntil, width: 12, value: (r) => r.coverage?.last ?? null, printed: false },
    { header: h.reason, width: 40, value: (r) => (r.reason === null ? null : f.reason(r.reason)), printed: false },
    // Values the figure left out because they cannot be read (in its period and group).
    { header: h.badValues, width: 10, value: (r) => r.bad_values?.count ?? 0, printed: false },
  ];
}

/** Fixed document dates (and zip entry times, see zip-time.ts): the same report gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/**
 * exceljs's streaming writer: each row is written (and let go) as it is added, where the in-memory workbook held
 * every cell as an object until the end (100,000 groups took 2.2 GB and 33 s). Strings are inline, not shared: a
 * shared-strings table would hold every distinct group name anyway.
 */
export type Book = ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * A workbook written with kpi's settings (fixed dates, inline strings), its sheets added by `fill`, as bytes: the
 * scorecard and any other workbook use it so every workbook kpi writes is the same bytes on every run.
 */
export async function writeWorkbook(title: string, fill: (wb: Book) => void | Promise<void>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = 'kpi';
  wb.lastModifiedBy = 'kpi';
  wb.title = xlsxText(title);
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  await fill(wb);
  await wb.commit();
  return fixZipTimes(new Uint8Array(Buffer.concat(chunks)));
}

/**
 * The Report sheet's rows in order: `options.sort` (the CLI's default for xlsx is `status`: missed → at risk →
 * incomplete/error → met → early → no target → no data) within each section of `report:`, `--hide` applied.
 */
export function xlsxRows(report: Report, context: ReportContext, options: Pick<RenderOptions, 'onlyProblems' | 'sort' | 'hide'>): ResultRow[] {
  return layoutRows(visibleResults(report, options), context.layout && { ...context.layout, hide: [] }, options.sort);
}

export const renderXlsx: Renderer = async (report, context, options) => {
  const f = formatterFor(context);
  // The order of every format (render/order.ts): exceptions first unless --sort says otherwise, within each section
  // of `report:` (in the layout's order); --hide leaves results out and the title block says how many. Every other
  // result is kept: `hide:` of the layout is for the formats read on screen, a workbook is filtered by its reader.
  const rows = xlsxRows(report, context, options);
  const bytes = await writeWorkbook(reportTitle(report, context), (wb) => {
    addReportSheet(wb, report, context, rows, f, hiddenByOption(report, options, f));
    addQualitySheet(wb, report, context, f);
    addDefinitionsSheet(wb, report, context, f);
    // The Why and Notes sheets list their results in the Report sheet's order.
    if (rows.some((r) => r.drivers?.length)) addWhySheet(wb, rows, report, context, f);
    if (rows.some((r) => r.note || r.owner)) addNotesSheet(wb, rows, report, context, f);
  });
  return { bytes };
};

/**
 * Print settings of a sheet people print: A4 landscape, one page wide and as many long as it takes, the head rows
 * repeated, the title in the page header and `Page 1 of 3` in the footer (in the locale).
 */
export function printLayout(title: string, headRows: string, f: Formatter): Partial<ExcelJS.WorksheetProperties> & { pageSetup: Partial<ExcelJS.PageSetup>; headerFooter: Partial<ExcelJS.HeaderFooter> } {
  return {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: headRows,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: `&L&"Calibri"&10${xlsxText(title).replaceAll('&', '&&')}`, oddFooter: `&R&"Calibri"&9${f.msg.text.pageOf}` },
  };
}

/**
 * A title block in the first rows of a sheet: the title (bold, larger), then lines of smaller grey text; the
 * scorecard's sheet uses it too.
 */
export function addTitleBlock(ws: ExcelJS.Worksheet, lines: readonly string[]): void {
  lines.forEach((line, i) => {
    const row = ws.getRow(i + 1);
    row.getCell(1).value = xlsxText(line);
    row.font = i === 0 ? { ...BOLD, size: 15 } : { ...FONT, size: 10, color: { argb: 'FF57606A' } };
    if (i === 0) row.height = 22;
    row.commit();
  });
}

function addReportSheet(wb: Book, report: Report, context: ReportContext, rows: ResultRow[], f: Formatter, notShown: string): void {
  const title = reportTitle(report, context);
  const columns = reportColumns(report, rows, context, f);
  const printed = columns.filter((c) => c.printed).length;
  const first = HEADER_ROW + 1;
  const last = Math.max(rows.length, 1) + HEADER_ROW;
  const layout = printLayout(title, `${HEADER_ROW}:${HEADER_ROW}`, f);
  const ws = wb.addWorksheet(f.msg.text.sheetReport, {
    // The label column and the head stay in view.
    views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW, topLeftCell: `B${first}`, activeCell: `B${first}` }],
    // exceljs writes `$` before the column only: `A$1` makes the reference `$A$1`, which LibreOffice reads too.
    pageSetup: { ...layout.pageSetup, printArea: `A$1:${columnLetter(printed)}$${last}` },
    headerFooter: layout.headerFooter,
  });
  // The status word stands a space off the right-aligned percent before it (`-16.7%missed` in LibreOffice's PDF).
  ws.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width, style: { font: FONT, ...(c.role === 'status' ? { alignment: { horizontal: 'left', indent: 1 } } : {}) } }));
  const hasPercent = rows.some((r) => r.unit === 'percent' && (r.variance !== null || r.change !== null));
  // Two lines of notes fit above the head row: the points of percent KPIs, what a paced status means (and which
  // KPIs follow another shape than the days), what --hide left out; past two, the later ones share the second.
  const notes = [hasPercent ? f.msg.text.ppNote : '', paceNote(rows, f) ?? '', notShown].filter(Boolean);
  addTitleBlock(ws, [title, summaryText(report.summary, f), ...(notes.length > 2 ? [notes[0], notes.slice(1).join('  ·  ')] : notes)]);
  const head = ws.getRow(HEADER_ROW);
  head.values = columns.map((c) => xlsxText(c.header));
  styleHeader(head, columns.map((c) => c.format !== undefined));
  // A head that wraps (`Variance % Forecast` in 17 characters) needs the lines to show: neither Excel nor
  // LibreOffice grows a row on opening, and LibreOffice drew the second line over the first. About a character a
  // unit of width for bold Calibri 11, a line 15 points.
  const lines = Math.min(3, Math.max(1, ...columns.map((c) => Math.ceil((c.header.length * 1.1 + 1) / c.width))));
  if (lines > 1) head.height = 15 * lines;
  head.commit();
  // The rows of each status, per variance column: the icons follow them (varianceIcons).
  const iconColumns = columns.flatMap((c, x) => (c.statusOf ? [{ letter: columnLetter(x + 1), statusOf: c.statusOf, rows: new Map<Status, number[]>() }] : []));
  rows.forEach((r, i) => {
    const values = cellValues(columns.map((c) => c.value(r, report)));
    const row = ws.addRow(values);
    // Only numbers need a number format: exceljs resolves each cell's style by serialising it, the most of its time.
    columns.forEach((c, x) => {
      if (c.format && typeof values[x] === 'number') row.getCell(x + 1).numFmt = c.format(r);
      // The icon is drawn at the left of its cell: the target before it stands a space off, or the icon read as
      // the target's (LibreOffice's PDF, which has no grid lines: `750 000,00 kr⊗`).
      if (columns[x + 1]?.statusOf && typeof values[x] === 'number') row.getCell(x + 1).alignment = { horizontal: 'right', indent: 1 };
    });
    if (isGroupRow(r)) row.getCell(1).alignment = { indent: 1 };
    else row.getCell(1).font = BOLD;
    for (const c of iconColumns) {
      const status = c.statusOf(r);
      if (status !== undefined) c.rows.set(status, [...(c.rows.get(status) ?? []), first + i]);
    }
    row.commit();
  });
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: last, column: columns.length } };
  const letterOf = (role: Column['role']) => columnLetter(columns.findIndex((c) => c.role === role) + 1);
  const status = letterOf('status');
  ws.addConditionalFormatting({ ref: `${status}${first}:${status}${last}`, rules: statusRules(letterOf('statusCode'), first) });
  for (const c of iconColumns) for (const rule of varianceIcons(c.letter, c.rows)) ws.addConditionalFormatting(rule);
}

/** A column's letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * One expression rule per status, read from the status code column (the same in every language): `$P6="missed"` →
 * Excel's "Bad" colours on the status word, and so on.
 */
export function statusRules(codeColumn: string, firstRow = 2): ExcelJS.ConditionalFormattingRule[] {
  return (Object.entries(STATUS_STYLE) as [Status, { fill: string; font: string }][]).map(([status, style], i) => ({
    type: 'expression',
    priority: i + 1,
    formulae: [`$${codeColumn}${firstRow}="${status}"`],
    style: {
      fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: style.fill } },
      font: { color: { argb: style.font } },
    },
  }));
}

/** Consecutive row numbers as ranges of one column: `E6:E9 E12`. */
function ranges(column: string, rows: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    parts.push(rows[i] === rows[j] ? `${column}${rows[i]}` : `${column}${rows[i]}:${column}${rows[j]}`);
    i = j + 1;
  }
  return parts.join(' ');
}

/**
 * Icons on a variance that say its status in shape as well as colour: a green tick (met), a yellow exclamation mark
 * (at risk), a red cross (missed), Excel's 3 Symbols (icon 1 the cross, 2 the mark, 3 the tick). An icon set picks
 * by the cell's value; these rules pick by the row instead, one rule a status over its rows, with thresholds that
 * put every value in that status's icon. Before, the icon said only the side of the target (a tick or a cross by
 * the KPI's direction), so an at-risk variance had the same red cross as a missed one. Other statuses, and a
 * variance with no figure, have no icon.
 */
export function varianceIcons(column: string, rowsByStatus: ReadonlyMap<Status, readonly number[]>): ExcelJS.ConditionalFormattingOptions[] {
  const LOW = -1e300;
  const HIGH = 1e300;
  // Icon 3 from the third threshold up, icon 2 from the second, icon 1 below it.
  const thresholds: Partial<Record<Status, [number, number]>> = { met: [LOW, LOW], at_risk: [LOW, HIGH], missed: [HIGH, HIGH] };
  const out: ExcelJS.ConditionalFormattingOptions[] = [];
  for (const status of ['missed', 'at_risk', 'met'] as const) {
    const rows = rowsByStatus.get(status);
    if (!rows || rows.length === 0) continue;
    const [second, third] = thresholds[status]!;
    out.push({
      ref: ranges(column, rows),
      rules: [
        {
          type: 'iconSet',
          priority: 20 + out.length,
          iconSet: '3Symbols',
          showValue: true,
          cfvo: [
            { type: 'num', value: LOW },
            { type: 'num', value: second },
            { type: 'num', value: third },
          ],
        } as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }
  return out;
}

/** A sheet of rows under one head row: the head frozen and repeated on every printed page, titled with the report. */
function listSheet(wb: Book, name: string, title: string, report: Report, context: ReportContext, f: Formatter): ExcelJS.Worksheet {
  return wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }], ...printLayout(`${reportTitle(report, context)} · ${title}`, '1:1', f) });
}

function addQualitySheet(wb: Book, report: Report, context: ReportContext, f: Formatter): void {
  const h = f.msg.head;
  const ws = listSheet(wb, f.msg.text.sheetQuality, f.msg.text.sheetQuality, report, context, f);
  ws.columns = [
    { header: h.source, width: 14 },
    { header: h.files, width: 40 },
    { header: h.rows, width: 10 },
    { header: h.skipped, width: 12 },
    { header: h.noPeriod, width: 12 },
    { header: h.totalRows, width: 10 },
  ].map((c) => ({ ...c, style: { font: FONT } }));
  styleHeader(ws.getRow(1), [false, false, true, true, true, true]);
  for (const q of report.data_quality) {
    const row = ws.addRow(cellValues([q.source, q.files.join('\n'), q.rows, q.skipped, q.no_period, q.total_rows.length]));
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    for (const c of [3, 4, 5, 6]) row.getCell(c).numFmt = '#,##0';
  }
  // Trailing total lines of an export are left out on purpose; they are listed with the unreadable rows.
  const issues = report.data_quality.flatMap((q) => [
    ...q.issues.map((i) => ({ source: q.source, ...i })),
    ...(q.unknown_values ?? []).map((u) => ({ source: q.source, file: u.file, line: u.line, column: u.column, value: u.value, reason: fill(reportWords(f).notKnown, { field: u.field, expected: u.expected.join(', '), rows: rowsText(u.count, f) }) })),
    ...q.total_rows.map((t) => ({ source: q.source, file: t.file, line: t.line, column: '', value: '', reason: reportWords(f).totalRow })),
  ]);
  ws.addRow([]);
  const title = ws.addRow([issues.length > 0 ? f.msg.text.issues : f.msg.text.issuesNone]);
  title.font = BOLD;
  if (issues.length === 0) return;
  styleHeader(ws.addRow([h.source, h.file, h.line, h.column, h.value, h.reason]), [false, false, true, false, false, false]);
  for (const i of issues) ws.addRow(cellValues([i.source, i.file, i.line, i.column, i.value, i.reason]));
}

/**
 * README "Why it moved": one row per member of each driver split (then `other`), its contribution, rate and mix
 * effects in the KPI's number format, so a contribution column adds up to the split's total in the sheet too.
 */
function addWhySheet(wb: Book, rows: readonly ResultRow[], report: Report, context: ReportContext, f: Formatter): void {
  const h = f.msg.head;
  const w = reportWords(f);
  const ws = listSheet(wb, sheetName(w.why), w.why, report, context, f);
  const wh = w.whyHead;
  ws.columns = [
    { header: h.kpi, width: 34 },
    { header: wh.against, width: 10 },
    { header: wh.by, width: 14 },
    { header: wh.member, width: 30 },
    { header: wh.contribution, width: 18 },
    { header: wh.rate, width: 14 },
    { header: wh.mix, width: 14 },
    { header: wh.total, width: 18 },
  ].map((c) => ({ ...c, style: { font: FONT } }));
  styleHeader(ws.getRow(1), [false, false, false, false, true, true, true, true]);
  for (const r of rows) {
    for (const s of r.drivers ?? []) {
      const fmt = numberFormat(r.unit, currencyOf(r, context), f, r.kpi, 'delta');
      // README "Why it moved": the part of the target no member holds is a row of its own (basis own_targets).
      const rest = s.unallocated ? [{ name: fill(s.method === 'target_gap' ? w.unallocatedRatio : w.unallocated, { by: f.field(s.dimension), contribution: '' }).trim(), ...s.unallocated, rate: undefined, mix: undefined }] : [];
      const members = [...s.members.map((m) => ({ name: shownGroup(m.member, f), ...m })), ...rest, ...(s.other ? [{ name: fill(w.otherMembers, { n: f.integer(s.other.members) }), ...s.other }] : [])];
      for (const m of members) {
        const row = ws.addRow(cellValues([f.label(r.kpi, r.label), w.against[s.against], f.field(s.dimension), m.name, ...[m.contribution, m.rate ?? null, m.mix ?? null, s.total].map((x) => storedValue(x, r.unit, 'delta'))]));
        for (const c of [5, 6, 7, 8]) row.getCell(c).numFmt = fmt;
      }
    }
  }
}

/** README "Notes and owners": a row per result with a note or an owner. */
function addNotesSheet(wb: Book, rows: readonly ResultRow[], report: Report, context: ReportContext, f: Formatter): void {
  const h = f.msg.head;
  const w = reportWords(f);
  const nh = w.notesHead;
  const ws = listSheet(wb, sheetName(w.notesSheet), w.notesSheet, report, context, f);
  ws.columns = [
    { header: h.kpi, width: 34 },
    { header: nh.group, width: 20 },
    { header: h.status, width: 14 },
    { header: nh.note, width: 60 },
    { header: nh.owner, width: 20 },
    { header: nh.action, width: 40 },
  ].map((c) => ({ ...c, style: { font: FONT } }));
  styleHeader(ws.getRow(1));
  for (const r of rows) {
    if (!r.note && !r.owner) continue;
    const row = ws.addRow(cellValues([f.label(r.kpi, r.label), isGroupRow(r) ? groupText(r, context.by, f) : null, f.statusWord(r.status), r.note?.note ?? '', r.owner ?? '', r.note?.action ?? '']));
    for (const c of [4, 6]) row.getCell(c).alignment = { wrapText: true, vertical: 'top' };
  }
}

/** A sheet's name as Excel takes it: at most 31 characters, none of : \\ / ? * [ ]. */
const sheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

function addDefinitionsSheet(wb: Book, report: Report, context: ReportContext, f: Formatter): void {
  const h = f.msg.head;
  const ws = listSheet(wb, f.msg.text.sheetDefinitions, f.msg.text.sheetDefinitions, report, context, f);
  ws.columns = [
    { header: 'ID', width: 22 },
    { header: h.kpi, width: 34 },
    { header: h.unit, width: 12 },
    { header: h.better, width: 8 },
    { header: h.formula, width: 60 },
    { header: h.definition, width: 60 },
    { header: h.target, width: 40 },
  ].map((c) => ({ ...c, style: { font: FONT } }));
  styleHeader(ws.getRow(1));
  const seen = new Set<string>();
  for (const r of report.results) {
    if (seen.has(r.kpi)) continue;
    seen.add(r.kpi);
    const how = context.targetHow.get(resultKey({ kpi: r.kpi, group: {} })) ?? '';
    const def = context.definitions.get(r.kpi);
    // The unit and direction in the locale's words (`beløp (kr)`, `høyere`); in English as kpi.yaml writes them.
    const money = r.unit === 'currency' ? currencyOf(r, context) : undefined;
    const unit = f.spec.language === 'en' ? r.unit : `${f.unitName(r.unit)}${money === undefined ? '' : ` (${f.currencyText(money)})`}`;
    const better = f.spec.language === 'en' ? r.better : f.msg.text[r.better];
    const row = ws.addRow(cellValues([r.kpi, f.label(r.kpi, r.label), unit, better, def?.formula ?? '', def?.description ?? '', f.reason(how)]));
  }
}

/** Every string cell through the workbook's character policy and cell limit; numbers, booleans and empties as they are. */
function cellValues(values: ExcelJS.CellValue[]): ExcelJS.CellValue[] {
  return values.map((v) => (typeof v === 'string' ? xlsxText(v) : v));
}

/** Column heads: bold on a pale blue, a rule under them, numbers' heads right-aligned over their numbers. */
export function styleHeader(row: ExcelJS.Row, numeric: readonly boolean[] = []): void {
  row.font = BOLD;
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  row.border = { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } };
  row.alignment = { vertical: 'middle', wrapText: true };
  numeric.forEach((isNumber, i) => {
    if (isNumber) row.getCell(i + 1).alignment = { vertical: 'middle', horizontal: 'right', wrapText: true };
  });
}
