// `kpi scorecard -o scorecard.xlsx`: a Scorecard sheet (KPIs in rows, months, YTD, last year's YTD, full-year
// target, remaining; each cell a number in its unit's format, filled by its status, the status in words beside
// YTD) and a Cells sheet of every cell as a tidy row (period, value, target, variance, status) to filter or pivot.
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ScorecardCell, ScorecardReport, ScorecardRow } from '../../report/model.js';
import type { Status } from '../../model/vocabulary.js';
import { numberFormat, STATUS_STYLE } from '../xlsx.js';
import { xlsxText } from '../escape.js';
import { fixZipTimes } from '../zip-time.js';
import { hiddenNote } from '../sections.js';
import { monthHeads, rowLabel, scorecardNotes, scorecardSections, scorecardTitle, tailHeads } from './shared.js';
import { formatterFor, type Formatter } from '../../locale/format.js';
import type { ScorecardRenderer } from './index.js';

const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const FONT = { name: 'Calibri', size: 11 };

export const renderScorecardXlsx: ScorecardRenderer = async (scorecard, context) => {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const f = formatterFor(context);
  const title = scorecardTitle(scorecard, context, f);
  wb.creator = 'kpi';
  wb.lastModifiedBy = 'kpi';
  wb.title = xlsxText(title);
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const currency = (r: ScorecardRow) => r.currency ?? context.currency;
  const months = monthHeads(scorecard, f);
  const head = [f.msg.head.kpi, ...months, ...tailHeads(f), f.msg.scorecard.ytdStatus];
  const ws = wb.addWorksheet(f.msg.scorecard.sheetScorecard, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: 3, topLeftCell: 'B4', activeCell: 'B4' }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3', margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: `&L&8kpi scorecard&R&8${f.msg.text.pageOf}` },
  });
  ws.columns = head.map((_, x) => ({ width: x === 0 ? 36 : x === head.length - 1 ? 20 : x > months.length ? 14 : 12 }));
  const titleRow = ws.addRow([xlsxText(title)]);
  titleRow.font = { ...FONT, size: 14, bold: true };
  titleRow.commit();
  const sub = ws.addRow([xlsxText(`${f.msg.scorecard.yearToDate}: ${Object.entries(scorecard.summary).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${f.statusName(s as Status)}`).join(' · ')}`)]);
  sub.font = { ...FONT, color: { argb: 'FF57606A' } };
  sub.commit();
  const headRow = ws.addRow(head.map((h) => xlsxText(h)));
  headRow.font = { ...FONT, bold: true };
  headRow.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  headRow.eachCell((c, x) => (c.alignment = { horizontal: x === 1 ? 'left' : 'right', vertical: 'middle', wrapText: true }));
  headRow.commit();
  const { sections, hidden } = scorecardSections(scorecard, context);
  for (const s of sections) {
    if (s.name !== undefined) {
      const row = ws.addRow([xlsxText(s.name)]);
      row.font = { ...FONT, bold: true, color: { argb: 'FF3D4752' } };
      row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F4' } };
      row.commit();
    }
    for (const r of s.rows) {
      const shown = (c: ScorecardCell) => (c.pace && c.projected !== null ? c.projected : c.value);
      // A percent's remaining is a difference of percents: percentage points, written as such (`+3.9 pp`, the value
      // in points), never as `+3.9%` (a relative change). The Cells sheet and json keep the fraction.
      const remaining = r.remaining !== null && r.unit === 'percent' ? Math.round(r.remaining * 1e12) / 1e10 : r.remaining;
      const values: ExcelJS.CellValue[] = [xlsxText(`${rowLabel(r, context.by, f)}${unitSuffix(r.unit, f)}`), ...r.months.map(shown), shown(r.ytd), r.last_year_ytd.value, r.full_year_target, remaining, xlsxText(f.statusWord(r.ytd.status))];
      const row = ws.addRow(values);
      row.font = FONT;
      // Whole amounts, the currency said once under the table: twelve months of `1,462,864.40 NOK` do not fit a page.
      const format = r.unit === 'currency' ? '#,##0' : numberFormat(r.unit, currency(r));
      for (let x = 2; x <= values.length - 1; x++) if (typeof values[x - 1] === 'number') row.getCell(x).numFmt = x === values.length - 1 ? (r.unit === 'percent' ? points(f) : signed(format)) : format;
      row.getCell(values.length).alignment = { horizontal: 'left', indent: 1 };
      // Each month and the YTD filled by its status (Excel's Good / Neutral / Bad); none for a figure without a target.
      [...r.months, r.ytd].forEach((c, i) => {
        if (c.status === 'no_target') return;
        const style = STATUS_STYLE[c.status];
        const cell = row.getCell(i + 2);
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
        cell.font = { ...FONT, color: { argb: style.font }, bold: i === r.months.length };
      });
      if (Object.keys(r.group).length > 0) row.getCell(1).alignment = { indent: 2 };
      row.commit();
    }
  }
  ws.addRow([]).commit();
  const notShown = hiddenNote(hidden);
  for (const note of [...(notShown ? [notShown] : []), ...scorecardNotes(scorecard, context, f, false), f.msg.scorecard.colours]) {
    const row = ws.addRow([xlsxText(note)]);
    row.font = { ...FONT, size: 9, color: { argb: 'FF57606A' } };
    row.commit();
  }
  ws.commit();
  addCellsSheet(wb, scorecard, context.by, currency, f);
  await wb.commit();
  return { bytes: fixZipTimes(new Uint8Array(Buffer.concat(chunks))) };
};

/** The unit of a figure whose number format does not show it: ` (d)`, ` (h)` (`t` in Norwegian and Danish). */
const unitSuffix = (unit: ScorecardRow['unit'], f: Formatter): string => (unit === 'days' ? ` (${f.msg.units.day})` : unit === 'hours' ? ` (${f.msg.units.hour})` : '');

/** Percentage points in the locale's word (`pp`, `p.p.`, `p.e.`, `pct.-point`), signed: the value is in points. */
const points = (f: Formatter): string => {
  const pp = f.msg.units.pp.replaceAll('"', '');
  return `+0.0" ${pp}";-0.0" ${pp}";0.0" ${pp}"`;
};

/** A difference shows its sign. */
const signed = (format: string): string => `+${format};-${format};${format.replace(/^#,##/, '')}`;

/** Every cell as a row: what a pivot table or a filter needs, the status in words. */
function addCellsSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, scorecard: ScorecardReport, by: readonly string[], currency: (r: ScorecardRow) => string | undefined, f: Formatter): void {
  const ws = wb.addWorksheet(f.msg.scorecard.sheetCells, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  const h = f.msg.head;
  const head = [h.kpi, h.label, ...by, h.column, h.period, h.value, h.target, h.variance, h.status, h.projected];
  ws.columns = head.map((name, x) => ({ header: xlsxText(name), width: x === 1 ? 34 : x === 3 + by.length ? 24 : 14 }));
  const headRow = ws.getRow(1);
  headRow.font = { ...FONT, bold: true };
  headRow.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
  for (const r of scorecard.rows) {
    const format = numberFormat(r.unit, currency(r));
    const line = (column: string, period: string, c: ScorecardCell) => {
      const row = ws.addRow([xlsxText(r.kpi), xlsxText(f.label(r.kpi, r.label)), ...by.map((field) => xlsxText(r.group[field] ?? '')), column, period, c.value, c.target, c.variance, xlsxText(f.statusWord(c.status)), c.projected]);
      for (const x of [6, 7, 8, 10].map((n) => n + by.length)) row.getCell(x).numFmt = x === 8 + by.length ? signed(format) : format;
      row.font = FONT;
      row.commit();
    };
    scorecard.months.forEach((m, i) => line(f.msg.scorecard.month, m.id, r.months[i]));
    line(f.msg.scorecard.ytd, scorecard.ytd.id, r.ytd);
    line(f.msg.scorecard.lastYear, scorecard.last_year_ytd.id, r.last_year_ytd);
  }
  ws.commit();
}
