// `kpi scorecard -o scorecard.xlsx`: a Scorecard sheet (KPIs in rows, months, YTD, last year's YTD, full-year
// target, remaining; each cell a number in its unit's format, filled by its status, the status in words beside
// YTD) and a Cells sheet of every cell as a tidy row (period, value, target, variance, status) to filter or pivot.
import ExcelJS from 'exceljs';
import type { ScorecardCell, ScorecardReport, ScorecardRow } from '../../report/model.js';
import type { Unit } from '../../model/vocabulary.js';
import { addTitleBlock, FONT, numberFormat, printLayout, STATUS_STYLE, storedValue, styleHeader, writeWorkbook, type Book, type CellKind } from '../xlsx.js';
import { xlsxText } from '../escape.js';
import { hiddenNote } from '../sections.js';
import { summaryText } from '../rows.js';
import { monthHeads, rowLabel, scorecardNotes, scorecardSections, scorecardTitle, tailHeads } from './shared.js';
import { formatterFor, type Formatter } from '../../locale/format.js';
import type { ScorecardRenderer } from './index.js';

/**
 * The figures are numbers in the report's workbook formats (xlsx.ts numberFormat): money with its currency and
 * cents, `%`, `p.p.`, `d`, in the locale (`[$-414]` shows `1 462 864,40 kr` in Excel and LibreOffice whatever the
 * reader's system); a percent's remaining and variance in percentage points, as the report's variance. The cells
 * hold the same numbers in every locale.
 */
export const renderScorecardXlsx: ScorecardRenderer = async (scorecard, context) => {
  const f = formatterFor(context);
  const title = scorecardTitle(scorecard, context, f);
  const bytes = await writeWorkbook(title, (wb) => {
    addScorecardSheet(wb, scorecard, context, title, f);
    addCellsSheet(wb, scorecard, title, context.by, (r) => r.currency ?? context.currency, f);
  });
  return { bytes };
};

/** The head row of the Scorecard sheet, under the title and the year to date's summary. */
const HEAD_ROW = 3;

function addScorecardSheet(wb: Book, scorecard: ScorecardReport, context: Parameters<ScorecardRenderer>[1], title: string, f: Formatter): void {
  const currency = (r: ScorecardRow) => r.currency ?? context.currency;
  const months = monthHeads(scorecard, f);
  const head = [f.msg.head.kpi, ...months, ...tailHeads(f), f.msg.scorecard.ytdStatus];
  const layout = printLayout(title, `${HEAD_ROW}:${HEAD_ROW}`, f);
  const ws = wb.addWorksheet(f.msg.scorecard.sheetScorecard, {
    views: [{ state: 'frozen', xSplit: 1, ySplit: HEAD_ROW, topLeftCell: `B${HEAD_ROW + 1}`, activeCell: `B${HEAD_ROW + 1}` }],
    pageSetup: layout.pageSetup,
    headerFooter: layout.headerFooter,
  });
  const { sections, hidden } = scorecardSections(scorecard, context);
  const shown = (c: ScorecardCell) => (c.pace && c.projected !== null ? c.projected : c.value);
  // Each row's figures, stored as the report stores them, with the kind that picks their format.
  const figures = (r: ScorecardRow): [number | null, CellKind][] => [
    ...r.months.map((c): [number | null, CellKind] => [shown(c), 'value']),
    [shown(r.ytd), 'value'],
    [r.last_year_ytd.value, 'value'],
    [r.full_year_target, 'value'],
    // What remains is a difference: a percent's in points (+3.9 p.p.), signed, as the report's variance.
    [r.remaining, 'delta'],
  ];
  const rows = sections.flatMap((s) => s.rows);
  // Each column as wide as its widest figure as shown (`1 462 864,40 kr`), the status words' column as its words.
  const widths = head.map((h, x) => {
    if (x === 0) return 36;
    if (x === head.length - 1) return Math.max(14, h.length + 2, ...rows.map((r) => f.statusWord(r.ytd.status).length + 3));
    const texts = rows.map((r) => {
      const [n, kind] = figures(r)[x - 1];
      return n === null ? '' : kind === 'delta' ? f.delta(n, r.unit, currency(r), r.kpi) : f.value(n, r.unit, currency(r), r.kpi);
    });
    return Math.min(24, Math.max(10, h.length + 2, ...texts.map((t) => t.length + 2)));
  });
  ws.columns = widths.map((width) => ({ width }));
  addTitleBlock(ws, [title, `${f.msg.scorecard.yearToDate}: ${summaryText(scorecard.summary, f)}`]);
  const headRow = ws.getRow(HEAD_ROW);
  headRow.values = head.map((h) => xlsxText(h));
  styleHeader(headRow, head.map((_, x) => x > 0 && x < head.length - 1));
  headRow.commit();
  let at = HEAD_ROW;
  for (const s of sections) {
    if (s.name !== undefined) {
      const row = ws.getRow(++at);
      row.getCell(1).value = xlsxText(s.name);
      row.font = { ...FONT, bold: true, color: { argb: 'FF3D4752' } };
      row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEF1F4' } };
      row.commit();
    }
    for (const r of s.rows) {
      const cells = figures(r);
      const row = ws.getRow(++at);
      row.font = FONT;
      row.getCell(1).value = xlsxText(rowLabel(r, context.by, f));
      cells.forEach(([n, kind], i) => {
        const value = storedValue(n, r.unit, kind);
        if (value === null) return;
        const cell = row.getCell(i + 2);
        cell.value = value;
        cell.numFmt = numberFormat(r.unit, currency(r), f, r.kpi, kind);
      });
      const status = row.getCell(cells.length + 2);
      status.value = xlsxText(f.statusWord(r.ytd.status));
      status.alignment = { horizontal: 'left', indent: 1 };
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
  at++;
  const notShown = hiddenNote(hidden, f);
  for (const note of [...(notShown ? [notShown] : []), ...scorecardNotes(scorecard, context, f, false), f.msg.scorecard.colours]) {
    const row = ws.getRow(++at);
    row.getCell(1).value = xlsxText(note);
    row.font = { ...FONT, size: 9, color: { argb: 'FF57606A' } };
    row.commit();
  }
  ws.commit();
}

/** The Cells sheet's figures (before any --by columns): value, target, variance, projected (status is column 8). */
const NUMBERS: [number, CellKind][] = [[5, 'value'], [6, 'value'], [7, 'delta'], [9, 'value']];

/** Every cell as a row: what a pivot table or a filter needs, the status in words. */
function addCellsSheet(wb: Book, scorecard: ScorecardReport, title: string, by: readonly string[], currency: (r: ScorecardRow) => string | undefined, f: Formatter): void {
  const layout = printLayout(title, '1:1', f);
  const ws = wb.addWorksheet(f.msg.scorecard.sheetCells, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: layout.pageSetup,
    headerFooter: layout.headerFooter,
  });
  const h = f.msg.head;
  const head = [h.kpi, h.label, ...by, h.column, h.period, h.value, h.target, h.variance, h.status, h.projected];
  // The figures' columns as the report's (17: `−1 462 864,40 kr`), the period's for a year to date's range.
  const numeric = head.map((_, x) => NUMBERS.some(([n]) => n + by.length === x + 1));
  ws.columns = head.map((name, x) => ({ header: xlsxText(name), width: x === 1 ? 34 : x === 3 + by.length ? 24 : numeric[x] ? 17 : 14 }));
  styleHeader(ws.getRow(1), numeric);
  for (const r of scorecard.rows) {
    const format = (kind: CellKind) => numberFormat(r.unit, currency(r), f, r.kpi, kind);
    const line = (column: string, period: string, c: ScorecardCell) => {
      // The variance as the report's: a percent's in points.
      const figures: [number | null, CellKind][] = [[c.value, 'value'], [c.target, 'value'], [c.variance, 'delta']];
      const row = ws.addRow([xlsxText(r.kpi), xlsxText(f.label(r.kpi, r.label)), ...by.map((field) => xlsxText(r.group[field] ?? '')), xlsxText(column), period, ...figures.map(([n, kind]) => storedValue(n, r.unit, kind)), xlsxText(f.statusWord(c.status)), storedValue(c.projected, r.unit, 'value')]);
      for (const [x, kind] of NUMBERS) {
        const cell = row.getCell(x + by.length);
        if (typeof cell.value === 'number') cell.numFmt = format(kind);
      }
      row.font = FONT;
      row.commit();
    };
    scorecard.months.forEach((m, i) => line(f.msg.scorecard.month, m.id, r.months[i]));
    line(f.msg.scorecard.ytd, scorecard.ytd.id, r.ytd);
    line(f.msg.scorecard.lastYear, scorecard.last_year_ytd.id, r.last_year_ytd);
  }
  ws.commit();
}
