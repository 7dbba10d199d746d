// PDF renderer (pdfkit, loaded only with this format; pure JavaScript, no browser): a 1–2 page summary for the
// board pack — what needs attention first, then each section's KPIs with a trend sparkline — and an appendix with
// every result and the data-quality notes. The font is embedded (DejaVu Sans: æøå and the status marks), every
// page is numbered, numbers shrink to fit their column and are never cut.
import PDFDocument from 'pdfkit';
import { BOLD_STATUS, buildMeeting, STATUS_COLOUR, type Meeting, type MeetingRow } from './meeting.js';
import { fontBytes, wrapText } from './meeting-font.js';
import type { Renderer } from './types.js';

/** A4 portrait, in points. */
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 40;
const CONTENT_W = PAGE_W - 2 * MARGIN;
/** Where the body ends: the footer sits below. */
const BOTTOM = PAGE_H - MARGIN - 14;

const INK = '#1F2937';
const MUTED = '#4B5563';
const RULE = '#9CA3AF';
const ZEBRA = '#F3F4F6';

/** Fixed document dates: the same report gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/** The summary's pages: past this many, the KPIs without a target are left to the appendix. */
const SUMMARY_PAGES = 2;

type Doc = PDFKit.PDFDocument;

export const renderPdf: Renderer = async (report, context, options) => {
  const meeting = buildMeeting(report, context, options);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${meeting.title} – ${meeting.period}`, Author: 'kpi', Creator: 'kpi', Producer: 'kpi', CreationDate: FIXED_DATE, ModDate: FIXED_DATE },
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontBytes('regular'));
  doc.registerFont('bold', fontBytes('bold'));
  doc.font('regular');

  const page = new Pager(doc);
  summary(page, meeting);
  appendix(page, meeting);
  footers(doc, meeting);
  doc.end();
  await done;
  return { bytes: new Uint8Array(Buffer.concat(chunks)) };
};

/** The cursor down the pages: `need` asks for room, and starts a new page when the rest of this one is too short. */
class Pager {
  y = MARGIN;
  pages = 1;
  constructor(readonly doc: Doc) {}

  need(h: number): boolean {
    if (this.y + h <= BOTTOM) return false;
    this.newPage();
    return true;
  }

  newPage(): void {
    this.doc.addPage();
    this.pages++;
    this.y = MARGIN;
  }

  /** One line of text at (x, y), never wrapped; text wider than `w` shrinks (numbers) or is cut with … (labels). */
  text(text: string, x: number, y: number, w: number, size: number, opts: { bold?: boolean; colour?: string; align?: 'left' | 'right'; cut?: boolean } = {}): void {
    const doc = this.doc;
    doc.font(opts.bold ? 'bold' : 'regular').fontSize(size);
    let shown = text;
    if (opts.cut && doc.widthOfString(shown) > w) {
      const chars = [...text];
      while (chars.length > 1 && doc.widthOfString(`${chars.join('').trimEnd()}…`) > w) chars.pop();
      shown = `${chars.join('').trimEnd()}…`;
    }
    let s = size;
    while (doc.widthOfString(shown) > w && s > 4) doc.fontSize((s -= 0.5));
    doc.fillColor(opts.colour ?? INK).text(shown, x, y, { width: w, align: opts.align ?? 'left', lineBreak: false });
  }

  /** A paragraph wrapped to `w` with the embedded font's widths; returns its height. */
  paragraph(text: string, x: number, w: number, size: number, opts: { bold?: boolean; colour?: string } = {}): void {
    const lineH = size * 1.35;
    for (const line of wrapText(text, w, size, opts.bold ? 'bold' : 'regular')) {
      this.need(lineH);
      this.text(line, x, this.y, w, size, opts);
      this.y += lineH;
    }
  }
}

function heading(page: Pager, text: string, size: number, before = 10): void {
  page.need(before + size * 1.4 + 14);
  page.y += before;
  page.text(text, MARGIN, page.y, CONTENT_W, size, { bold: true, cut: true });
  page.y += size * 1.4;
}

interface Column {
  head: string;
  /** A share of the content width; the flexible column takes what is left. */
  w: number;
  align: 'left' | 'right';
  text: (r: MeetingRow) => string;
  status?: boolean;
  cut?: boolean;
}

const TREND_W = 64;

const statusCol: Column = { head: 'Status', w: 66, align: 'left', text: (r) => `${r.mark} ${r.word}${r.pace ? ' (pace)' : ''}`, status: true };
const labelCol = (w: number): Column => ({ head: 'KPI', w, align: 'left', text: (r) => (r.group === null ? r.label : `${r.label} (${r.group})`), cut: true });
const num = (head: string, w: number, text: (r: MeetingRow) => string): Column => ({ head, w, align: 'right', text });

/** A table of rows with a repeated header on each page it runs onto; with `trend`, a sparkline column at the end. */
function table(page: Pager, rows: readonly MeetingRow[], columns: Column[], size: number, rowH: number, trend: boolean): void {
  const gap = 6;
  const fixed = columns.reduce((a, c) => a + c.w, 0) + gap * (columns.length - 1) + (trend ? TREND_W + gap : 0);
  if (fixed > CONTENT_W + 0.01) throw new Error(`pdf table wider than the page (${fixed} > ${CONTENT_W})`);
  const head = () => {
    let x = MARGIN;
    for (const c of columns) {
      page.text(c.head, x, page.y + 2, c.w, size - 0.5, { bold: true, colour: MUTED, align: c.align });
      x += c.w + gap;
    }
    if (trend) page.text('Trend', x, page.y + 2, TREND_W, size - 0.5, { bold: true, colour: MUTED });
    page.y += rowH;
    page.doc.moveTo(MARGIN, page.y - 1).lineTo(MARGIN + CONTENT_W, page.y - 1).lineWidth(0.6).strokeColor(RULE).stroke();
  };
  page.need(rowH * 2);
  head();
  rows.forEach((r, n) => {
    if (page.need(rowH)) head();
    if (n % 2 === 1) page.doc.rect(MARGIN, page.y - 1, CONTENT_W, rowH).fillColor(ZEBRA).fill();
    let x = MARGIN;
    for (const c of columns) {
      const bold = c.status === true && BOLD_STATUS.has(r.status);
      page.text(c.text(r), x, page.y + (rowH - size) / 2 - 1, c.w, size, { bold, colour: c.status ? `#${STATUS_COLOUR[r.status]}` : INK, align: c.align, cut: c.cut });
      x += c.w + gap;
    }
    if (trend) spark(page.doc, r, x, page.y + 2, TREND_W, rowH - 5);
    page.y += rowH;
  });
}

/** The figures of the last periods as a line, the target dashed, the last point as a dot in the status colour. */
function spark(doc: Doc, r: MeetingRow, x: number, y: number, w: number, h: number): void {
  const values = r.trend.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length < 2) return;
  const all = r.trendTarget === null ? values : [...values, r.trendTarget];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const step = w / Math.max(r.trend.length - 1, 1);
  const yOf = (v: number) => y + h - ((v - lo) / (hi - lo)) * h;
  doc.save();
  if (r.trendTarget !== null) doc.moveTo(x, yOf(r.trendTarget)).lineTo(x + w, yOf(r.trendTarget)).lineWidth(0.6).dash(2, { space: 1.5 }).strokeColor(RULE).stroke().undash();
  let open = false;
  r.trend.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      open = false;
      return;
    }
    if (open) doc.lineTo(x + i * step, yOf(v));
    else doc.moveTo(x + i * step, yOf(v));
    open = true;
  });
  doc.lineWidth(1).strokeColor('#374151').stroke();
  const last = r.trend[r.trend.length - 1];
  if (last !== null && Number.isFinite(last)) doc.circle(x + w, yOf(last), 1.8).fillColor(`#${STATUS_COLOUR[r.status]}`).fill();
  doc.restore();
}

const SUMMARY_SIZE = 8.5;
const SUMMARY_ROW = 14;

function summary(page: Pager, meeting: Meeting): void {
  const hasTrend = meeting.all.some((r) => r.trend.length > 0);
  page.text(meeting.title, MARGIN, page.y, CONTENT_W, 20, { bold: true, cut: true });
  page.y += 28;
  page.text(meeting.period, MARGIN, page.y, CONTENT_W, 11, { cut: true });
  page.y += 15;
  const when = [meeting.compare, meeting.asOf].filter(Boolean).join(' · ');
  if (when) {
    page.text(when, MARGIN, page.y, CONTENT_W, 10, { colour: MUTED, cut: true });
    page.y += 14;
  }
  page.text(meeting.summary, MARGIN, page.y, CONTENT_W, 10, { cut: true });
  page.y += 16;
  if (meeting.flagged) page.paragraph('⚠ Some figures were read from values kpi does not know or could not read (marked ⚠): see "Data quality and notes" in the appendix.', MARGIN, CONTENT_W, 9.5, { bold: true, colour: `#${STATUS_COLOUR.missed}` });

  const labelW = (others: number) => CONTENT_W - others - (hasTrend ? TREND_W + 6 : 0);
  const attention = [statusCol, num('Actual', 84, (r) => r.actual), num('Target', 84, (r) => r.target), num('Variance', 80, (r) => r.variance), num('Var %', 44, (r) => r.variancePct)];
  const attentionCols = [attention[0], labelCol(labelW(attention.reduce((a, c) => a + c.w, 0) + 6 * attention.length)), ...attention.slice(1)];
  heading(page, meeting.exceptions.length > 0 ? `Needs attention (${meeting.exceptions.length})` : 'Needs attention: nothing missed, at risk or incomplete', 13, 8);
  if (meeting.exceptions.length > 0) table(page, meeting.exceptions, attentionCols, SUMMARY_SIZE, SUMMARY_ROW, hasTrend);

  const section = [statusCol, num('Actual', 84, (r) => r.actual), num('Target', 84, (r) => r.target), num('Variance', 80, (r) => r.variance), ...(meeting.hasCompare ? [num('Change', 44, (r) => r.change)] : [])];
  const sectionCols = [section[0], labelCol(labelW(section.reduce((a, c) => a + c.w, 0) + 6 * section.length)), ...section.slice(1)];
  // The summary holds totals; groups (--by) are in the appendix. When all of it would run past SUMMARY_PAGES, the
  // KPIs without a verdict (no target, no data) are left to the appendix too, and each section says how many.
  const totals = meeting.sections.map((s) => ({ name: s.name, rows: s.rows.filter((r) => r.group === null) }));
  const rowsLeft = (BOTTOM - page.y) / SUMMARY_ROW + (SUMMARY_PAGES - 1) * ((BOTTOM - MARGIN) / SUMMARY_ROW);
  const wanted = totals.reduce((a, s) => a + s.rows.length + 3, 0);
  const judgedOnly = wanted > rowsLeft;
  for (const s of totals) {
    const rows = judgedOnly ? s.rows.filter((r) => r.status !== 'no_target' && r.status !== 'no_data') : s.rows;
    const left = s.rows.length - rows.length;
    if (rows.length === 0 && left === 0) continue;
    heading(page, s.name, 11);
    if (rows.length > 0) table(page, rows, sectionCols, SUMMARY_SIZE, SUMMARY_ROW, hasTrend);
    if (left > 0) {
      page.need(12);
      page.text(`and ${left} KPI${left === 1 ? '' : 's'} without a target or data: in the appendix`, MARGIN, page.y + 2, CONTENT_W, 8, { colour: MUTED });
      page.y += 12;
    }
  }
}

function appendix(page: Pager, meeting: Meeting): void {
  page.newPage();
  heading(page, 'Appendix: all results', 14, 0);
  const hasGroups = meeting.all.some((r) => r.group !== null);
  const cols: Column[] = [
    { head: 'KPI', w: 0, align: 'left', text: (r) => r.label, cut: true },
    ...(hasGroups ? [{ head: 'Group', w: 60, align: 'left' as const, text: (r: MeetingRow) => r.group ?? 'total', cut: true }] : []),
    statusCol,
    num('Actual', 70, (r) => r.actual),
    num('Target', 70, (r) => r.target),
    num('Variance', 66, (r) => r.variance),
    num('Var %', 36, (r) => r.variancePct),
    ...(meeting.hasCompare ? [num('Previous', 70, (r) => r.previous), num('Change', 38, (r) => r.change)] : []),
  ];
  cols[0].w = CONTENT_W - cols.slice(1).reduce((a, c) => a + c.w, 0) - 6 * (cols.length - 1);
  table(page, meeting.all, cols, 7, 11.5, false);
  if (meeting.notes.length > 0) {
    heading(page, 'Data quality and notes', 12, 14);
    for (const note of meeting.notes) {
      page.paragraph(`• ${note}`, MARGIN, CONTENT_W, 8.5);
      page.y += 3;
    }
  }
}

/** `Page 3 of 5` and the report's name at the foot of every page, written once the page count is known. */
function footers(doc: Doc, meeting: Meeting): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer is in the bottom margin: without this, pdfkit would start a new page to write it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor(MUTED);
    const y = PAGE_H - MARGIN + 4;
    const label = `Page ${i + 1} of ${range.count}`;
    const left = `${meeting.title} · ${meeting.period}`;
    doc.text(left.length > 110 ? `${left.slice(0, 109)}…` : left, MARGIN, y, { width: CONTENT_W - 80, lineBreak: false });
    doc.text(label, MARGIN + CONTENT_W - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
