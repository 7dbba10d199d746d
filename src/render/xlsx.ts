// Excel renderer (exceljs, loaded only with this format): the report with number formats by unit and status colours
// as conditional formatting, the data quality of every source, and the KPI definitions used.
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Unit } from '../model/vocabulary.js';
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { currencyOf } from '../report/model.js';
import { resultKey } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { reportTitle, visibleResults } from './rows.js';
import { fixZipTimes } from './zip-time.js';
import { layoutRows, sectionOfKpi } from './sections.js';
import { xlsxText } from './escape.js';
import type { Renderer } from './types.js';

/** Excel number formats by unit; `currency` gets the currency code, e.g. `#,##0.00 "NOK"`. */
export function numberFormat(unit: Unit, currency: string | undefined): string {
  const formats: Record<Unit, string> = {
    currency: currency ? `#,##0.00 "${xlsxText(currency).replaceAll('"', '').slice(0, 60)}"` : '#,##0.00',
    percent: '0.0%',
    days: '0.0',
    hours: '0.0',
    count: '#,##0',
    score: '0.0',
    number: '#,##0.00',
  };
  return formats[unit];
}

/** A difference shows its sign: `+1,234.00 "NOK";-1,234.00 "NOK";0.00 "NOK"`. */
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
}

function reportColumns(context: ReportContext, sectionOf: ReadonlyMap<string, string>): Column[] {
  const unitFormat = (r: ResultRow) => numberFormat(r.unit, currencyOf(r, context));
  const deltaFormat = (r: ResultRow) => signed(numberFormat(r.unit, currencyOf(r, context)));
  const pct = () => signed('0.0%');
  const measure = (header: string, read: (r: ResultRow) => number | null, format = unitFormat): Column => ({ header, width: 18, value: read, format });
  return [
    // `report: sections:` in kpi.yaml: each result's section first (absent without sections, so the columns stay).
    ...(sectionOf.size > 0 ? [{ header: 'Section', width: 20, value: (r: ResultRow) => sectionOf.get(r.kpi) ?? null }] : []),
    { header: 'KPI', width: 22, value: (r) => r.kpi },
    { header: 'Label', width: 34, value: (r) => r.label },
    ...context.by.map((field): Column => ({ header: field, width: 18, value: (r) => r.group[field] ?? null })),
    { header: 'Unit', width: 10, value: (r) => r.unit },
    { header: 'Better', width: 8, value: (r) => r.better },
    measure('Actual', (r) => r.value),
    measure('Projected', (r) => r.projected),
    measure('Target', (r) => r.target),
    measure('Variance', (r) => r.variance, deltaFormat),
    measure('Variance %', (r) => r.variance_pct, pct),
    { header: 'Status', width: 11, value: (r) => r.status },
    measure('Previous', (r) => r.previous),
    measure('Change', (r) => r.change, deltaFormat),
    measure('Change %', (r) => r.change_pct, pct),
    measure('Baseline', (r) => r.baseline),
    measure('Benchmark', (r) => r.benchmark),
    { header: 'Pace', width: 7, value: (r) => r.pace },
    { header: 'Period', width: 12, value: (_r, report) => report.period.id },
    { header: 'Compared with', width: 14, value: (_r, report) => report.compare?.id ?? null },
    // Cells with values kpi does not know in the columns the result is read from: the figure may be wrong.
    { header: 'Unknown values', width: 10, value: (r) => r.unknown_values },
    { header: 'Data until', width: 12, value: (r) => r.coverage?.last ?? null },
    { header: 'Reason', width: 40, value: (r) => r.reason },
    // Values the figure left out because they cannot be read (in its period and group).
    { header: 'Bad values', width: 10, value: (r) => r.bad_values?.count ?? 0 },
  ];
}

/** Fixed document dates (and zip entry times, see zip-time.ts): the same report gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/**
 * exceljs's streaming writer: each row is written (and let go) as it is added, where the in-memory workbook held
 * every cell as an object until the end (100,000 groups took 2.2 GB and 33 s). Strings are inline, not shared: a
 * shared-strings table would hold every distinct group name anyway.
 */
type Book = ExcelJS.stream.xlsx.WorkbookWriter;

export const renderXlsx: Renderer = async (report, context, options) => {
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
  wb.title = xlsxText(reportTitle(report, context));
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  // In the layout's order (`report: sections:`); every result is kept (hide: is for the formats read on screen).
  addReportSheet(wb, report, context, layoutRows(visibleResults(report, options), context.layout && { ...context.layout, hide: [] }));
  addQualitySheet(wb, report);
  addDefinitionsSheet(wb, report, context);
  await wb.commit();
  return { bytes: fixZipTimes(new Uint8Array(Buffer.concat(chunks))) };
};

function addReportSheet(wb: Book, report: Report, context: ReportContext, rows: ResultRow[]): void {
  const ws = wb.addWorksheet('Report', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    headerFooter: { oddHeader: `&C${xlsxText(reportTitle(report, context)).replaceAll('&', '&&')}`, oddFooter: '&RPage &P of &N' },
  });
  const columns = reportColumns(context, sectionOfKpi(context.layout, rows.map((r) => r.kpi)));
  ws.columns = columns.map((c) => ({ header: xlsxText(c.header), width: c.width }));
  styleHeader(ws.getRow(1));
  for (const r of rows) {
    const values = cellValues(columns.map((c) => c.value(r, report)));
    const row = ws.addRow(values);
    // Only numbers need a number format: exceljs resolves each cell's style by serialising it, the most of its time.
    columns.forEach((c, i) => {
      if (c.format && typeof values[i] === 'number') row.getCell(i + 1).numFmt = c.format(r);
    });
    row.commit();
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(rows.length, 1) + 1, column: columns.length } };
  const status = ws.getColumn(columns.findIndex((c) => c.header === 'Status') + 1).letter;
  ws.addConditionalFormatting({ ref: `${status}2:${status}${Math.max(rows.length, 1) + 1}`, rules: statusRules(status) });
}

/** One expression rule per status on the Status column: `$M2="missed"` → Excel's "Bad" colours, and so on. */
export function statusRules(column: string): ExcelJS.ConditionalFormattingRule[] {
  return (Object.entries(STATUS_STYLE) as [Status, { fill: string; font: string }][]).map(([status, style], i) => ({
    type: 'expression',
    priority: i + 1,
    formulae: [`$${column}2="${status}"`],
    style: {
      fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: style.fill } },
      font: { color: { argb: style.font } },
    },
  }));
}

function addQualitySheet(wb: Book, report: Report): void {
  const ws = wb.addWorksheet('Data quality', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = [
    { header: 'Source', width: 14 },
    { header: 'Files', width: 40 },
    { header: 'Rows', width: 10 },
    { header: 'Skipped', width: 10 },
    { header: 'No period', width: 10 },
    { header: 'Total rows', width: 10 },
  ];
  styleHeader(ws.getRow(1));
  for (const q of report.data_quality) {
    const row = ws.addRow(cellValues([q.source, q.files.join('\n'), q.rows, q.skipped, q.no_period, q.total_rows.length]));
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    for (const c of [3, 4, 5, 6]) row.getCell(c).numFmt = '#,##0';
  }
  // Trailing total lines of an export are left out on purpose; they are listed with the unreadable rows.
  const issues = report.data_quality.flatMap((q) => [
    ...q.issues.map((i) => ({ source: q.source, ...i })),
    ...(q.unknown_values ?? []).map((u) => ({ source: q.source, file: u.file, line: u.line, column: u.column, value: u.value, reason: `not a known ${u.field} (${u.expected.join(', ')}), in ${u.count} row${u.count === 1 ? '' : 's'}` })),
    ...q.total_rows.map((t) => ({ source: q.source, file: t.file, line: t.line, column: '', value: '', reason: 'total row, left out' })),
  ]);
  ws.addRow([]);
  const title = ws.addRow([issues.length > 0 ? 'Issues' : 'Issues: none']);
  title.font = { bold: true };
  if (issues.length === 0) return;
  styleHeader(ws.addRow(['Source', 'File', 'Line', 'Column', 'Value', 'Reason']));
  for (const i of issues) ws.addRow(cellValues([i.source, i.file, i.line, i.column, i.value, i.reason]));
}

function addDefinitionsSheet(wb: Book, report: Report, context: ReportContext): void {
  const ws = wb.addWorksheet('Definitions', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = [
    { header: 'KPI', width: 22 },
    { header: 'Label', width: 34 },
    { header: 'Unit', width: 10 },
    { header: 'Better', width: 8 },
    { header: 'Formula', width: 60 },
    { header: 'Definition', width: 60 },
    { header: 'Target', width: 40 },
  ];
  styleHeader(ws.getRow(1));
  const seen = new Set<string>();
  for (const r of report.results) {
    if (seen.has(r.kpi)) continue;
    seen.add(r.kpi);
    const how = context.targetHow.get(resultKey({ kpi: r.kpi, group: {} })) ?? '';
    const def = context.definitions.get(r.kpi);
    ws.addRow(cellValues([r.kpi, r.label, r.unit, r.better, def?.formula ?? '', def?.description ?? '', how]));
  }
}

/** Every string cell through the workbook's character policy and cell limit; numbers, booleans and empties as they are. */
function cellValues(values: ExcelJS.CellValue[]): ExcelJS.CellValue[] {
  return values.map((v) => (typeof v === 'string' ? xlsxText(v) : v));
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  row.alignment = { vertical: 'middle' };
}
