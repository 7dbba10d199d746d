// PDF renderer (pdfkit, loaded only with this format; pure JavaScript, no browser): a 1–2 page summary for the
// board pack — what needs attention first, then each section's KPIs with a trend sparkline — and an appendix with
// every result and the data-quality notes. The font is embedded (DejaVu Sans: æøå and the status marks), every
// page is numbered, numbers shrink to fit their column and are never cut.
import PDFDocument from 'pdfkit';
import { BOLD_STATUS, buildMeeting, STATUS_COLOUR, type Meeting, type MeetingRow } from './meeting.js';
import { fitText, fontBytes, textWidth, wrapText } from './meeting-font.js';
import { fill } from '../locale/index.js';
import type { Renderer } from './types.js';

/** A4 portrait, in points. */
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 40;
/** The room the footer takes below the body. */
const FOOT = 14;

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
  /** The appendix is landscape: its table has room for every column at a readable size. */
  landscape = false;
  constructor(readonly doc: Doc) {}

  /** The width between the margins, and where the body ends. */
  get w(): number {
    return (this.landscape ? PAGE_H : PAGE_W) - 2 * MARGIN;
  }
  get bottom(): number {
    return (this.landscape ? PAGE_W : PAGE_H) - MARGIN - FOOT;
  }

  need(h: number): boolean {
    if (this.y + h <= this.bottom) return false;
    this.newPage();
    return true;
  }

  newPage(landscape = this.landscape): void {
    this.landscape = landscape;
    this.doc.addPage({ size: 'A4', layout: landscape ? 'landscape' : 'portrait', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } });
    this.y = MARGIN;
  }

  /** One line of text at (x, y), never wrapped; text wider than `w` shrinks (numbers) or is cut with … (labels). */
  text(text: string, x: number, y: number, w: number, size: number, opts: { bold?: boolean; colour?: string; align?: 'left' | 'right'; cut?: boolean } = {}): void {
    const doc = this.doc;
    const weight = opts.bold ? 'bold' : 'regular';
    const shown = opts.cut ? fitText(text, w, size, weight) : text;
    let s = size;
    while (textWidth(shown, s, weight) > w && s > 4) s -= 0.5;
    doc.font(weight).fontSize(s).fillColor(opts.colour ?? INK).text(shown, x, y, { width: w, align: opts.align ?? 'left', lineBreak: false });
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
  // With room for a table header and two rows after it: a heading never ends a page.
  page.need(before + size * 1.4 + 46);
  page.y += before;
  page.text(text, MARGIN, page.y, page.w, size, { bold: true, cut: true });
  page.y += size * 1.4;
}

interface Column {
  head: string;
  align: 'left' | 'right';
  text: (r: MeetingRow) => string;
  status?: boolean;
  /** Labels are cut with … when the column is too narrow; numbers never (they shrink). */
  cut?: boolean;
  /** Takes the width the other columns leave. */
  flex?: boolean;
  /** At most this wide: a longer cell wraps to two lines and is cut with … there (the group names of --by). */
  max?: number;
}

const TREND_W = 64;
const GAP = 6;

const statusCol = (head: string): Column => ({ head, align: 'left', text: (r) => `${r.mark} ${r.word}${r.pace ? ` ${r.paceMark}` : ''}`, status: true });
const labelCol = (head: string): Column => ({ head, align: 'left', text: (r) => (r.group === null ? r.label : `${r.label} (${r.group})`), cut: true, flex: true });
const num = (head: string, text: (r: MeetingRow) => string): Column => ({ head, align: 'right', text });

/** How a table is set: each column's width, the type size and the sparkline's width. */
interface TableLayout {
  widths: number[];
  size: number;
  trendW: number;
  /** Between columns: GAP, or less where the columns need the room. */
  gap: number;
}

/** The widest word of a cell: the narrowest its column can be without breaking inside a word. */
const widestWord = (text: string, size: number): number => Math.max(0, ...text.split(/[^\S\u00a0\u202f\u2007\u2060]+/).map((word) => textWidth(word, size)));

/**
 * Column widths from the content: each fixed column as wide as its widest cell among `rows` (all the tables of one
 * part measure the same rows, so their columns line up), the flexible one (the KPI's name) takes the rest, and at
 * least its widest word: a name wraps between words, never inside one (`Omsetni|ng` in a 40 pt column, when three
 * target sets took the page). When the columns do not leave that, the table is set smaller, half a point at a
 * time down to `size - 1.5`, then with narrower gaps; past that the other columns shrink to what is left, and their
 * figures with them (a cell's text shrinks to its width, never cut). The table, its sparkline included, never runs
 * past the page.
 */
function layoutFor(width: number, columns: Column[], rows: readonly MeetingRow[], size: number, trend: boolean): TableLayout {
  const flex = columns.findIndex((c) => c.flex);
  const measure = (s: number, gap: number) => {
    const widths = columns.map((c) => {
      if (c.flex) return 0;
      let w = textWidth(c.head, s - 0.5, 'bold');
      for (const r of rows) w = Math.max(w, textWidth(c.text(r), s, c.status && BOLD_STATUS.has(r.status) ? 'bold' : 'regular'));
      return Math.min(Math.ceil(w + 1), c.max ?? Infinity);
    });
    const trendW = trend ? Math.round((TREND_W * s) / size) : 0;
    const gaps = gap * (columns.length - 1) + (trend ? gap : 0);
    const wordW = flex < 0 ? 0 : Math.ceil(Math.max(textWidth(columns[flex].head, s - 0.5, 'bold'), ...rows.map((r) => widestWord(columns[flex].text(r), s))) + 1);
    return { s, gap, widths, trendW, gaps, wordW, need: widths.reduce((a, b) => a + b, 0) + trendW + gaps + wordW };
  };
  let m = measure(size, GAP);
  while (m.need > width && m.s > size - 1.5) m = measure(m.s - 0.5, GAP);
  if (m.need > width) m = measure(m.s, GAP - 2);
  const widths = [...m.widths];
  let trendW = m.trendW;
  if (m.need > width) {
    // The name keeps its widest word (up to half the page); the other columns give up the same share each.
    const name = Math.min(m.wordW, width / 2);
    const scale = (width - name - m.gaps) / (m.need - m.wordW - m.gaps);
    widths.forEach((w, i) => (widths[i] = Math.floor(w * scale)));
    trendW = Math.floor(trendW * scale);
  }
  const used = widths.reduce((a, b) => a + b, 0) + trendW + m.gaps;
  if (flex >= 0) widths[flex] = Math.max(width - used, 0);
  return { widths, size: m.s, trendW, gap: m.gap };
}

/** A table of rows with a repeated header on each page it runs onto; with `trend`, a sparkline column at the end. */
function table(page: Pager, rows: readonly MeetingRow[], columns: Column[], layout: TableLayout, rowH: number, trend: string | undefined, after = 0): void {
  const { widths, size, trendW, gap } = layout;
  const head = () => {
    let x = MARGIN;
    columns.forEach((c, i) => {
      page.text(c.head, x, page.y + 2, widths[i], size - 0.5, { bold: true, colour: MUTED, align: c.align });
      x += widths[i] + gap;
    });
    if (trend !== undefined) page.text(trend, x, page.y + 2, trendW, size - 0.5, { bold: true, colour: MUTED });
    page.y += rowH;
    page.doc.moveTo(MARGIN, page.y - 1).lineTo(MARGIN + page.w, page.y - 1).lineWidth(0.6).strokeColor(RULE).stroke();
  };
  // The header never stands alone at the foot of a page; nor does a short table's last row leave its note behind.
  page.need(rowH * (rows.length <= 3 ? rows.length + 1 : 2) + (rows.length <= 3 ? after : 0));
  head();
  rows.forEach((r, n) => {
    // A label wider than its column takes a second line (the row grows); past two lines it ends in …
    const cells = columns.map((c, i) => {
      const text = c.text(r);
      if (!c.cut) return [text];
      const lines = wrapText(text, widths[i], size);
      return lines.length <= 2 ? lines : [lines[0], fitText(lines.slice(1).join(' '), widths[i], size)];
    });
    const extra = (Math.max(...cells.map((l) => l.length)) - 1) * size * 1.2;
    const h = rowH + extra;
    if (page.need(h + (n === rows.length - 1 ? after : 0))) head();
    if (n % 2 === 1) page.doc.rect(MARGIN, page.y - 1, page.w, h).fillColor(ZEBRA).fill();
    let x = MARGIN;
    columns.forEach((c, i) => {
      const bold = c.status === true && BOLD_STATUS.has(r.status);
      const lines = cells[i];
      // Single-line cells sit on the middle of the row; a two-line label fills it.
      const top = page.y + (h - size - (lines.length - 1) * size * 1.2) / 2 - 1;
      lines.forEach((line, k) => page.text(line, x, top + k * size * 1.2, widths[i], size, { bold, colour: c.status ? `#${STATUS_COLOUR[r.status]}` : INK, align: c.align, cut: c.cut }));
      x += widths[i] + gap;
    });
    if (trend !== undefined) spark(page.doc, r, x, page.y + 2 + extra / 2, trendW, rowH - 5);
    page.y += h;
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
  // The last point's dot (radius 1.8) stays inside the cell: the line ends short of its right edge by the dot.
  const DOT = 1.8;
  const step = (w - DOT) / Math.max(r.trend.length - 1, 1);
  const yOf = (v: number) => y + h - ((v - lo) / (hi - lo)) * h;
  doc.save();
  if (r.trendTarget !== null) doc.moveTo(x, yOf(r.trendTarget)).lineTo(x + w - DOT, yOf(r.trendTarget)).lineWidth(0.6).dash(2, { space: 1.5 }).strokeColor(RULE).stroke().undash();
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
  if (last !== null && Number.isFinite(last)) doc.circle(x + (r.trend.length - 1) * step, yOf(last), DOT).fillColor(`#${STATUS_COLOUR[r.status]}`).fill();
  doc.restore();
}

const SUMMARY_SIZE = 8.5;
const SUMMARY_ROW = 14;

function summary(page: Pager, meeting: Meeting): void {
  const hasTrend = meeting.all.some((r) => r.trend.length > 0);
  if (meeting.company) {
    page.text(meeting.company, MARGIN, page.y, page.w, 11, { colour: MUTED, cut: true });
    page.y += 16;
  }
  page.text(meeting.title, MARGIN, page.y, page.w, 20, { bold: true, cut: true });
  page.y += 28;
  page.text(meeting.period, MARGIN, page.y, page.w, 11, { cut: true });
  page.y += 15;
  const when = [meeting.compare, meeting.asOf].filter(Boolean).join(' · ');
  if (when) {
    page.text(when, MARGIN, page.y, page.w, 10, { colour: MUTED, cut: true });
    page.y += 14;
  }
  page.text(meeting.summary, MARGIN, page.y, page.w, 10, { cut: true });
  page.y += 16;
  if (meeting.flagged) page.paragraph(meeting.words.flaggedPdf, MARGIN, page.w, 9.5, { bold: true, colour: `#${STATUS_COLOUR.missed}` });

  // The summary holds totals; groups (--by) are in the appendix. When all of it would run past SUMMARY_PAGES, the
  // KPIs without a verdict (no target, no data) are left to the appendix too, and the summary says how many.
  const totals = meeting.sections.map((s) => ({ name: s.name, rows: s.rows.filter((r) => r.group === null) }));
  const rowsLeft = (page.bottom - page.y) / SUMMARY_ROW - meeting.exceptions.length - 4 + (SUMMARY_PAGES - 1) * ((page.bottom - MARGIN) / SUMMARY_ROW);
  const judgedOnly = totals.reduce((a, s) => a + s.rows.length + 3, 0) > rowsLeft;
  const shown = totals.map((s) => ({ ...s, shown: judgedOnly ? s.rows.filter((r) => r.status !== 'no_target' && r.status !== 'no_data') : s.rows }));

  const h = meeting.head;
  const w = meeting.words;
  const trend = hasTrend ? w.trend : undefined;
  // A running period's target to date beside the target; its basis is in the appendix and the notes.
  const toDate = meeting.hasToDate ? [num(h.targetToDate, (r) => r.targetToDate)] : [];
  const attention = [statusCol(h.status), labelCol(h.kpi), num(h.actual, (r) => r.actual), num(h.target, (r) => r.target), ...toDate, num(h.variance, (r) => r.variance), num(h.variancePct, (r) => r.variancePct)];
  heading(page, meeting.exceptions.length > 0 ? `${w.attention} (${meeting.exceptions.length})` : `${w.attention}: ${w.nothing}`, 13, 8);
  if (meeting.exceptions.length > 0) table(page, meeting.exceptions, attention, layoutFor(page.w, attention, meeting.exceptions, SUMMARY_SIZE, hasTrend), SUMMARY_ROW, trend);

  const sets = meeting.sets.map((name, i) => num(name, (r) => r.sets[i].target));
  const section = [statusCol(h.status), labelCol(h.kpi), num(h.actual, (r) => r.actual), num(h.target, (r) => r.target), ...toDate, num(h.variance, (r) => r.variance), ...sets, ...(meeting.hasCompare ? [num(h.change, (r) => r.change)] : [])];
  const layout = layoutFor(page.w, section, shown.flatMap((s) => s.shown), SUMMARY_SIZE, hasTrend);
  const quiet: string[] = [];
  let left = 0;
  for (const s of shown) {
    left += s.rows.length - s.shown.length;
    if (s.shown.length === 0) {
      if (s.rows.length > 0) quiet.push(s.name);
      continue;
    }
    heading(page, s.name, 11);
    table(page, s.shown, section, layout, SUMMARY_ROW, trend);
  }
  if (meeting.notShown) {
    page.y += 6;
    page.paragraph(meeting.notShown, MARGIN, page.w, 8.5, { colour: MUTED });
  }
  if (left > 0) {
    page.y += 6;
    const where = quiet.length > 0 ? fill(w.allOf, { names: quiet.join(', ') }) : '';
    page.paragraph(fill(w.leftToAppendix, { count: left, where }), MARGIN, page.w, 8.5, { colour: MUTED });
  }
}

function appendix(page: Pager, meeting: Meeting): void {
  page.newPage(true);
  heading(page, meeting.words.appendix, 14, 0);
  const h = meeting.head;
  const hasGroups = meeting.all.some((r) => r.group !== null);
  const cols: Column[] = [
    { head: h.kpi, align: 'left', text: (r) => r.label, cut: true, flex: true },
    ...(hasGroups ? [{ head: h.group, align: 'left' as const, text: (r: MeetingRow) => r.group ?? meeting.totalWord }] : []),
    statusCol(h.status),
    num(h.actual, (r) => r.actual),
    num(h.target, (r) => r.target),
    ...(meeting.hasToDate ? [num(h.targetToDate, (r) => r.targetToDate), { head: h.paceBasis, align: 'left' as const, text: (r: MeetingRow) => r.paceBasis }] : []),
    num(h.variance, (r) => r.variance),
    num(h.variancePct, (r) => r.variancePct),
    ...meeting.sets.flatMap((name, i) => [num(name, (r) => r.sets[i].target), num(`± ${name}`, (r) => r.sets[i].variance)]),
    ...(meeting.hasCompare ? [num(h.previous, (r) => r.previous), num(h.change, (r) => r.change)] : []),
  ];
  // A group name longer than a fifth of the page is cut; its full name is in every other format.
  if (hasGroups) {
    cols[1].max = Math.floor(page.w / 5);
    cols[1].cut = meeting.all.some((r) => textWidth(cols[1].text(r), 7) + 1 > cols[1].max!);
  }
  table(page, meeting.all, cols, layoutFor(page.w, cols, meeting.all, 7, false), 11.5, undefined);
  if (meeting.notes.length > 0) {
    heading(page, meeting.words.quality, 12, 14);
    for (const note of meeting.notes) {
      page.paragraph(`• ${note}`, MARGIN, page.w, 8.5);
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
    const y = doc.page.height - MARGIN + 4;
    const width = doc.page.width - 2 * MARGIN;
    const label = fill(meeting.words.page, { n: i + 1, total: range.count });
    const left = `${meeting.title} · ${meeting.period}`;
    doc.text(fitText(left, width - 90, 8), MARGIN, y, { width: width - 80, lineBreak: false });
    doc.text(label, MARGIN + width - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
