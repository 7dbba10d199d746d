// PowerPoint renderer (pptxgenjs, loaded only with this format): a deck for the monthly meeting. A title slide, one
// slide of what needs attention, one slide per section with its KPIs (status in words and a mark, value, target,
// variance, change and a trend sparkline), the data-quality notes whenever there are any, and slide numbers.
// Every text box is measured with the font's widths before it is placed (meeting-font.ts): numbers shrink to fit
// and are never cut; only labels are shortened, with an ellipsis, and the full label stays in the other formats.
import JSZip from 'jszip';
import pptxgen from 'pptxgenjs';
import type { ReportContext } from '../report/model.js';
import { BOLD_STATUS, buildMeeting, STATUS_COLOUR, type Meeting, type MeetingRow } from './meeting.js';
import { fitText, textWidth, wrapText, type Weight } from './meeting-font.js';
import type { Renderer } from './types.js';
import { fill } from '../locale/index.js';
import { fixZipTimes } from './zip-time.js';

/** LAYOUT_WIDE, 16:9, in inches. */
export const SLIDE_W = 13.333;
export const SLIDE_H = 7.5;
const MARGIN = 0.5;
const CONTENT_W = SLIDE_W - 2 * MARGIN;
/** Where tables start and end on a slide. */
const TABLE_TOP = 1.5;
const TABLE_BOTTOM = 6.8;
const HEAD_H = 0.38;
const ROW_H = 0.42;
/** KPI rows on one slide; a longer section continues on the next slide, `(2/3)` in its title. */
export const ROWS_PER_SLIDE = Math.floor((TABLE_BOTTOM - TABLE_TOP - HEAD_H) / ROW_H);
/** The inner padding of a cell on each side. */
const PAD = 0.08;

const FONT = 'Arial';
const INK = '1F2937';
const MUTED = '4B5563';
const RULE = '9CA3AF';
const ZEBRA = 'F3F4F6';


const pt = (inches: number) => inches * 72;

// pptxgenjs's types describe its CommonJS build (the class under `default`); Node's import gives its ES build,
// whose default export is the class itself.
type Pptx = InstanceType<typeof pptxgen.default>;
type Slide = ReturnType<Pptx['addSlide']>;
const PptxGenJS = ((pptxgen as unknown as { default?: typeof pptxgen.default }).default ?? pptxgen) as typeof pptxgen.default;

/** One text box of a slide: what the tests re-read and measure. */
interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  size: number;
  weight?: Weight;
  colour?: string;
  align?: 'left' | 'right' | 'center';
}

/** A slide before it is drawn: text boxes, stripes and sparklines, all in inches. */
interface SlidePlan {
  boxes: Box[];
  stripes: { y: number; h: number }[];
  rules: { y: number }[];
  sparks: { x: number; y: number; w: number; h: number; trend: (number | null)[]; target: number | null; colour: string }[];
}

export const renderPptx: Renderer = async (report, context, options) => {
  const meeting = buildMeeting(report, context, options);
  const plans = planDeck(meeting, context);
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.author = 'kpi';
  pptx.company = 'kpi';
  pptx.title = `${meeting.title} – ${meeting.period}`;
  plans.forEach((plan, i) => drawSlide(pptx, plan, i + 1, plans.length, meeting));
  const written = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  return { bytes: await fixedBytes(written) };
};

/**
 * The same report gives the same bytes: pptxgenjs stamps the document with the time of writing, so the archive is
 * read back, its dates set to a fixed day, and written again (deflated, entry times fixed by fixZipTimes).
 */
async function fixedBytes(written: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(written);
  const core = zip.file('docProps/core.xml');
  if (core) {
    const xml = (await core.async('string')).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:)/g, '$12000-01-01T00:00:00Z$2');
    zip.file('docProps/core.xml', xml);
  }
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return fixZipTimes(bytes);
}

function drawSlide(pptx: Pptx, plan: SlidePlan, n: number, total: number, meeting: Meeting): void {
  const slide = pptx.addSlide();
  slide.background = { color: 'FFFFFF' };
  for (const s of plan.stripes) slide.addShape(pptx.ShapeType.rect, { x: MARGIN, y: s.y, w: CONTENT_W, h: s.h, fill: { color: ZEBRA }, line: { color: ZEBRA, width: 0 } });
  for (const r of plan.rules) slide.addShape(pptx.ShapeType.line, { x: MARGIN, y: r.y, w: CONTENT_W, h: 0, line: { color: RULE, width: 1 } });
  for (const b of plan.boxes) addBox(slide, b);
  for (const s of plan.sparks) drawSpark(pptx, slide, s);
  // The footer: what this is, and the slide number (as text, so every viewer and a print shows the same).
  addBox(slide, { text: fitText(`${meeting.title} · ${meeting.period}`, pt(CONTENT_W - 1.5), 10), x: MARGIN, y: 7.0, w: CONTENT_W - 1.5, h: 0.3, size: 10, colour: MUTED });
  addBox(slide, { text: `${n} / ${total}`, x: SLIDE_W - MARGIN - 1.2, y: 7.0, w: 1.2, h: 0.3, size: 10, colour: MUTED, align: 'right' });
}

function addBox(slide: Slide, b: Box): void {
  slide.addText(b.text, {
    x: b.x,
    y: b.y,
    w: b.w,
    h: b.h,
    fontFace: FONT,
    fontSize: b.size,
    bold: b.weight === 'bold',
    color: b.colour ?? INK,
    align: b.align ?? 'left',
    valign: 'middle',
    margin: 0,
    wrap: b.text.includes('\n'),
    fit: 'none',
  });
}

/** A sparkline: the figures of the last periods as a line, the target dashed, the last point as a dot. */
function drawSpark(pptx: Pptx, slide: Slide, s: SlidePlan['sparks'][number]): void {
  const values = s.trend.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length < 2) return;
  const scale = [...values, ...(s.target === null ? [] : [s.target])];
  let lo = Math.min(...scale);
  let hi = Math.max(...scale);
  if (hi === lo) {
    hi += 1;
    lo -= 1;
  }
  const step = s.w / Math.max(s.trend.length - 1, 1);
  const yOf = (v: number) => s.h - ((v - lo) / (hi - lo)) * s.h;
  if (s.target !== null) {
    const y = s.y + yOf(s.target);
    slide.addShape(pptx.ShapeType.line, { x: s.x, y, w: s.w, h: 0, line: { color: RULE, width: 1, dashType: 'dash' } });
  }
  const points: { x: number; y: number; moveTo?: boolean }[] = [];
  let gap = true;
  s.trend.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      gap = true;
      return;
    }
    points.push({ x: i * step, y: yOf(v), ...(gap ? { moveTo: true } : {}) });
    gap = false;
  });
  // The freeform shape is in pptxgenjs's code but not in its types' ShapeType.
  slide.addShape('custGeom' as never, { x: s.x, y: s.y, w: s.w, h: s.h, points, line: { color: '374151', width: 1.5 } });
  const last = s.trend[s.trend.length - 1];
  if (last !== null && Number.isFinite(last)) {
    const d = 0.09;
    slide.addShape(pptx.ShapeType.ellipse, { x: s.x + s.w - d / 2, y: s.y + yOf(last) - d / 2, w: d, h: d, fill: { color: s.colour }, line: { color: s.colour, width: 0.5 } });
  }
}

/** Every slide of the deck, in order. */
export function planDeck(meeting: Meeting, context: ReportContext): SlidePlan[] {
  const hasTrend = context.series !== undefined && context.series.size > 0;
  const slides: SlidePlan[] = [titleSlide(meeting)];
  const subtitle = [meeting.period, meeting.compare, meeting.asOf].filter(Boolean).join(' · ');
  const exceptions = meeting.exceptions;
  if (exceptions.length === 0) {
    const plan = emptyPlan();
    heading(plan, meeting.words.attention, subtitle);
    plan.boxes.push({ text: fitText(meeting.words.nothing, pt(CONTENT_W), 24), x: MARGIN, y: 2.2, w: CONTENT_W, h: 0.6, size: 24, colour: STATUS_COLOUR.met });
    plan.boxes.push({ text: fitText(meeting.summary, pt(CONTENT_W), 16), x: MARGIN, y: 3.0, w: CONTENT_W, h: 0.5, size: 16, colour: MUTED });
    slides.push(plan);
  } else {
    const h = meeting.head;
    const columns: Column[] = [statusColumn(h.status), labelColumn(h.kpi), value(h.actual, (r) => r.actual), targetColumn(meeting), value(h.variance, (r) => r.variance), value(h.variancePct, (r) => r.variancePct)];
    slides.push(...tableSlides(`${meeting.words.attention} (${exceptions.length})`, subtitle, exceptions, columns, hasTrend, meeting.words.trend));
  }
  for (const section of meeting.sections) {
    const h = meeting.head;
    const columns: Column[] = [statusColumn(h.status), labelColumn(h.kpi), value(h.actual, (r) => r.actual), targetColumn(meeting), value(h.variance, (r) => r.variance)];
    meeting.sets.forEach((name, i) => columns.push(value(name, (r) => r.sets[i].target)));
    if (meeting.hasCompare) columns.push(value(h.change, (r) => r.change));
    slides.push(...tableSlides(section.name, subtitle, section.rows, columns, hasTrend, meeting.words.trend));
  }
  if (meeting.notes.length > 0) slides.push(...noteSlides(meeting, subtitle));
  return slides;
}

const emptyPlan = (): SlidePlan => ({ boxes: [], stripes: [], rules: [], sparks: [] });

function heading(plan: SlidePlan, title: string, subtitle: string): void {
  plan.boxes.push({ text: fitText(title, pt(CONTENT_W), 28, 'bold'), x: MARGIN, y: 0.35, w: CONTENT_W, h: 0.6, size: 28, weight: 'bold' });
  plan.boxes.push({ text: fitText(subtitle, pt(CONTENT_W), 13), x: MARGIN, y: 0.95, w: CONTENT_W, h: 0.35, size: 13, colour: MUTED });
}

function titleSlide(meeting: Meeting): SlidePlan {
  const plan = emptyPlan();
  const lines: Box[] = [
    { text: fitText(meeting.title, pt(CONTENT_W), 40, 'bold'), x: MARGIN, y: 2.0, w: CONTENT_W, h: 0.9, size: 40, weight: 'bold' },
    { text: fitText(meeting.period, pt(CONTENT_W), 22), x: MARGIN, y: 3.0, w: CONTENT_W, h: 0.5, size: 22 },
  ];
  const when = [meeting.compare, meeting.asOf].filter(Boolean).join(' · ');
  if (when) lines.push({ text: fitText(when, pt(CONTENT_W), 16), x: MARGIN, y: 3.55, w: CONTENT_W, h: 0.4, size: 16, colour: MUTED });
  if (meeting.company) lines.push({ text: fitText(meeting.company, pt(CONTENT_W), 18), x: MARGIN, y: 1.35, w: CONTENT_W, h: 0.4, size: 18, colour: MUTED });
  lines.push({ text: fitText(meeting.summary, pt(CONTENT_W), 16), x: MARGIN, y: 4.4, w: CONTENT_W, h: 0.4, size: 16 });
  if (meeting.notShown) lines.push({ text: fitText(meeting.notShown, pt(CONTENT_W), 12), x: MARGIN, y: 5.5, w: CONTENT_W, h: 0.35, size: 12, colour: MUTED });
  if (meeting.flagged) {
    lines.push({ text: fitText(meeting.words.flaggedDeck, pt(CONTENT_W), 14, 'bold'), x: MARGIN, y: 4.95, w: CONTENT_W, h: 0.4, size: 14, weight: 'bold', colour: STATUS_COLOUR.missed });
  }
  plan.boxes.push(...lines);
  plan.rules.push({ y: 1.85 });
  return plan;
}

interface Column {
  head: string;
  align: 'left' | 'right';
  text: (r: MeetingRow) => string;
  weight?: (r: MeetingRow) => Weight;
  colour?: (r: MeetingRow) => string;
  /** Labels may be shortened with an ellipsis; numbers never: they shrink instead. */
  cut?: boolean;
  /** Takes the width the other columns leave. */
  flex?: boolean;
}

const statusColumn = (head: string): Column => ({
  head,
  align: 'left',
  text: (r) => `${r.mark} ${r.word}${r.pace ? ` ${r.paceMark}` : ''}`,
  weight: (r) => (BOLD_STATUS.has(r.status) ? 'bold' : 'regular'),
  colour: (r) => STATUS_COLOUR[r.status],
});
const labelColumn = (head: string): Column => ({ head, align: 'left', text: (r) => (r.group === null ? r.label : `${r.label} (${r.group})`), cut: true, flex: true });
const value = (head: string, text: (r: MeetingRow) => string): Column => ({ head, align: 'right', text });
/**
 * The target, and in a running period its target to date on a second line (`hittil 725 806,45 kr`; the basis is
 * said on the notes slide): a column of its own left the label too little room beside six figures and a trend.
 */
const targetColumn = (meeting: Meeting): Column =>
  value(meeting.head.target, (r) => (meeting.hasToDate && r.targetToDate !== '–' ? `${r.target}\n${fill(meeting.words.toDate, { value: r.targetToDate })}` : r.target));

const CELL_SIZE = 13;
const HEAD_SIZE = 11;
const MIN_SIZE = 8;
const TREND_W = 1.5;
// A label narrower than this takes two lines (or ends in …); 2.2 in holds "Kundetilfredshet (CSAT)" at 12 pt.
const MIN_LABEL_W = 2.2;

/** A section's rows as table slides of ROWS_PER_SLIDE rows each, the columns sized to their widest cell. */
function tableSlides(title: string, subtitle: string, rows: readonly MeetingRow[], columns: Column[], hasTrend: boolean, trendHead: string): SlidePlan[] {
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_SLIDE));
  // The widths are the same on every slide of a section: measured over all its rows.
  // At each size the columns first stand closer (a quarter inch, then an eighth) before the type gets smaller:
  // three target sets set every figure at 8 pt with a quarter inch between them.
  let gap = 0.25;
  let size = CELL_SIZE;
  let widths: number[] = [];
  search: for (; size >= MIN_SIZE; size--) {
    for (gap of [0.25, 0.12]) {
      widths = columns.map((c) => {
        if (c.flex) return 0;
        const cells = rows.flatMap((r) => c.text(r).split('\n').map((line) => textWidth(line, size, c.weight?.(r) ?? 'regular')));
        return Math.max(textWidth(c.head, HEAD_SIZE, 'bold'), ...cells) / 72 + 2 * PAD;
      });
      const fixed = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1) + (hasTrend ? TREND_W + gap : 0);
      if (CONTENT_W - fixed >= MIN_LABEL_W || (size === MIN_SIZE && gap < 0.25)) {
        widths = widths.map((w, i) => (columns[i].flex ? Math.max(CONTENT_W - fixed, 1) : w));
        break search;
      }
    }
  }
  const plans: SlidePlan[] = [];
  for (let page = 0; page < pages; page++) {
    const plan = emptyPlan();
    // `Salg (1/2)`; a title that already ends in its count takes the slide's number after it, not a second pair of
    // brackets (`Needs attention (14) (2/2)` read as two counts).
    const part = `${page + 1}/${pages}`;
    heading(plan, pages === 1 ? title : /\)$/.test(title) ? `${title} · ${part}` : `${title} (${part})`, subtitle);
    const slice = rows.slice(page * ROWS_PER_SLIDE, (page + 1) * ROWS_PER_SLIDE);
    let x = MARGIN;
    const xs = widths.map((w) => {
      const at = x;
      x += w + gap;
      return at;
    });
    const trendX = x;
    columns.forEach((c, i) => plan.boxes.push({ text: c.head, x: xs[i] + PAD, y: TABLE_TOP, w: widths[i] - 2 * PAD, h: HEAD_H, size: HEAD_SIZE, weight: 'bold', colour: MUTED, align: c.align }));
    if (hasTrend) plan.boxes.push({ text: fitText(trendHead, pt(TREND_W - 2 * PAD), HEAD_SIZE, 'bold'), x: trendX + PAD, y: TABLE_TOP, w: TREND_W - 2 * PAD, h: HEAD_H, size: HEAD_SIZE, weight: 'bold', colour: MUTED, align: 'left' });
    plan.rules.push({ y: TABLE_TOP + HEAD_H });
    slice.forEach((r, n) => {
      const y = TABLE_TOP + HEAD_H + n * ROW_H;
      if (n % 2 === 1) plan.stripes.push({ y, h: ROW_H });
      columns.forEach((c, i) => {
        const weight = c.weight?.(r) ?? 'regular';
        const inner = widths[i] - 2 * PAD;
        let text = c.text(r);
        let cellSize = size;
        if (c.cut && textWidth(text, cellSize, weight) > pt(inner)) {
          // A long label: two lines at the row's size when they fit (two lines of 12 pt fill the row's height), else
          // two points smaller, the second ending in … if need be. A label alone in a smaller size looked like a
          // footnote beside its neighbours.
          const same = size <= 12 ? wrapText(text, pt(inner), size, weight) : [];
          if (same.length === 2) text = same.join('\n');
          else {
            cellSize = Math.max(size - 2, MIN_SIZE);
            const lines = wrapText(text, pt(inner), cellSize, weight);
            text = lines.length <= 2 ? lines.join('\n') : `${lines[0]}\n${fitText(lines.slice(1).join(' '), pt(inner), cellSize, weight)}`;
          }
        }
        // Two lines fill the row's height at 12 pt: never larger.
        if (text.includes('\n')) cellSize = Math.min(cellSize, 12);
        // A number wider than its column (only when even MIN_SIZE could not fit the table): smaller, never cut.
        while (Math.max(...text.split('\n').map((line) => textWidth(line, cellSize, weight))) > pt(inner) && cellSize > 5) cellSize -= 0.5;
        plan.boxes.push({ text, x: xs[i] + PAD, y, w: inner, h: ROW_H, size: cellSize, weight, colour: c.colour?.(r), align: c.align });
      });
      if (hasTrend) plan.sparks.push({ x: trendX + PAD, y: y + 0.08, w: TREND_W - 2 * PAD, h: ROW_H - 0.16, trend: r.trend, target: r.trendTarget, colour: STATUS_COLOUR[r.status] });
    });
    plans.push(plan);
  }
  return plans;
}

const NOTE_SIZE = 13;
const NOTE_LINE = 0.26;

/** The data-quality notes, wrapped to the slide's width, over as many slides as they need. */
function noteSlides(meeting: Meeting, subtitle: string): SlidePlan[] {
  const lines: { text: string; gapBefore: boolean }[] = [];
  for (const note of meeting.notes) {
    wrapText(note, pt(CONTENT_W - 0.3), NOTE_SIZE).forEach((text, i) => lines.push({ text, gapBefore: i === 0 }));
  }
  const plans: SlidePlan[] = [];
  let plan: SlidePlan | undefined;
  let y = 0;
  for (const line of lines) {
    const need = NOTE_LINE + (line.gapBefore ? 0.12 : 0);
    if (!plan || y + need > TABLE_BOTTOM) {
      plan = emptyPlan();
      plans.push(plan);
      y = TABLE_TOP;
    } else if (line.gapBefore) y += 0.12;
    if (line.gapBefore) {
      plan.boxes.push({ text: '•', x: MARGIN, y, w: 0.2, h: NOTE_LINE, size: NOTE_SIZE, colour: MUTED });
    }
    plan.boxes.push({ text: line.text, x: MARGIN + 0.3, y, w: CONTENT_W - 0.3, h: NOTE_LINE, size: NOTE_SIZE });
    y += NOTE_LINE;
  }
  // The heading first, as on every slide (its box is the slide's first: what a reader's tools take as its title).
  plans.forEach((p, i) => {
    const head = emptyPlan();
    heading(head, plans.length > 1 ? `${meeting.words.quality} (${i + 1}/${plans.length})` : meeting.words.quality, subtitle);
    p.boxes.unshift(...head.boxes);
  });
  return plans;
}
