// Inline SVG bar charts for the HTML report: one row per KPI, each on its own scale, no scripts and no external assets.
import { xmlAttr, xmlText } from './escape.js';

export interface BulletRow {
  label: string;
  value: number | null;
  /** Drawn as a lighter bar behind the actual one: the pace-based end-of-period value. */
  projected: number | null;
  target: number | null;
  /** What is written at the end of the row, already formatted. */
  text: string;
  /** Fill of the actual bar (the status colour). */
  colour: string;
}

export interface CompareRow {
  label: string;
  previous: number | null;
  value: number | null;
  text: string;
}

const WIDTH = 1120;
const LABEL_W = 260;
const BAR_W = 420;
const ROW_H = 34;
const TOP = 8;
const BAR_X = LABEL_W + 10;
const TEXT_X = BAR_X + BAR_W + 14;

const ACTUAL = '#4a7fb5';
const PREVIOUS = '#a8b0ba';

/** Coordinates with one decimal: compact, and the same bytes on every run. */
const n = (x: number): string => String(Math.round(x * 10) / 10);

/** A scale from the row's own numbers to the bar area; 0 is always on it so bar lengths compare honestly. */
function scaleFor(values: readonly (number | null)[]): (x: number) => number {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  let lo = 0;
  let hi = 0;
  for (const v of finite) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi === lo) hi = lo + 1;
  const pad = (hi - lo) * 0.08;
  if (hi > 0) hi += pad;
  if (lo < 0) lo -= pad;
  return (x) => BAR_X + ((x - lo) / (hi - lo)) * BAR_W;
}

/** The part of a bar between zero and x, whichever side of zero x is on. */
function bar(scale: (x: number) => number, x: number, y: number, h: number, fill: string, extra = ''): string {
  const a = scale(0);
  const b = scale(x);
  return `<rect x="${n(Math.min(a, b))}" y="${n(y)}" width="${n(Math.max(Math.abs(b - a), 1))}" height="${n(h)}" fill="${fill}"${extra}/>`;
}

function frame(title: string, rows: number, body: string[], legend: string): string {
  const height = TOP + rows * ROW_H + 30;
  return [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${xmlAttr(title)}" font-family="system-ui, sans-serif" font-size="13">`,
    `<title>${xmlText(title)}</title>`,
    ...body,
    `<g transform="translate(${BAR_X} ${n(TOP + rows * ROW_H + 14)})" font-size="12" fill="#555">${legend}</g>`,
    '</svg>',
  ].join('\n');
}

/** Labels longer than the label column are cut with an ellipsis; the full text stays as a tooltip. */
const LABEL_CHARS = 36;

function label(text: string, y: number): string {
  const chars = [...text];
  const shown = chars.length > LABEL_CHARS ? `${chars.slice(0, LABEL_CHARS - 1).join('').trimEnd()}…` : text;
  const tip = shown === text ? '' : `<title>${xmlText(text)}</title>`;
  return `<text x="${LABEL_W}" y="${n(y)}" text-anchor="end" dominant-baseline="middle" fill="#222">${tip}${xmlText(shown)}</text>`;
}

function valueText(text: string, y: number): string {
  return `<text x="${TEXT_X}" y="${n(y)}" dominant-baseline="middle" fill="#333">${xmlText(text)}</text>`;
}

/** Actual against target: a bar per KPI in its status colour, the projection behind it, a dark tick at the target. */
export function bulletChart(title: string, rows: readonly BulletRow[]): string {
  const body: string[] = [];
  rows.forEach((r, i) => {
    const y = TOP + i * ROW_H;
    const mid = y + ROW_H / 2;
    const scale = scaleFor([r.value, r.projected, r.target]);
    body.push('<g>', label(r.label, mid), `<rect x="${BAR_X}" y="${n(mid - 10)}" width="${BAR_W}" height="20" fill="#eef0f3"/>`);
    if (r.projected !== null) body.push(bar(scale, r.projected, mid - 7, 14, r.colour, ' fill-opacity="0.35"'));
    if (r.value !== null) body.push(bar(scale, r.value, mid - 7, 14, r.colour));
    if (r.target !== null) body.push(`<rect x="${n(scale(r.target) - 1.5)}" y="${n(mid - 13)}" width="3" height="26" fill="#1f2328"/>`);
    body.push(valueText(r.text, mid), '</g>');
  });
  const projected = rows.some((r) => r.projected !== null);
  const legend = [
    `<rect x="0" y="-6" width="14" height="10" fill="${ACTUAL}"/><text x="20" y="0" dominant-baseline="middle">actual (in its status colour)</text>`,
    projected ? `<rect x="210" y="-6" width="14" height="10" fill="${ACTUAL}" fill-opacity="0.35"/><text x="230" y="0" dominant-baseline="middle">projected</text>` : '',
    `<rect x="${projected ? 320 : 210}" y="-8" width="3" height="14" fill="#1f2328"/><text x="${projected ? 330 : 220}" y="0" dominant-baseline="middle">target</text>`,
  ].join('');
  return frame(title, rows.length, body, legend);
}

/** Previous against actual: a thin grey bar for the comparison period above the actual one. */
export function compareChart(title: string, rows: readonly CompareRow[]): string {
  const body: string[] = [];
  rows.forEach((r, i) => {
    const y = TOP + i * ROW_H;
    const mid = y + ROW_H / 2;
    const scale = scaleFor([r.previous, r.value]);
    body.push('<g>', label(r.label, mid));
    if (r.previous !== null) body.push(bar(scale, r.previous, mid - 11, 8, PREVIOUS));
    if (r.value !== null) body.push(bar(scale, r.value, mid - 1, 12, ACTUAL));
    body.push(`<rect x="${n(scale(0) - 0.5)}" y="${n(mid - 13)}" width="1" height="26" fill="#8c959f"/>`, valueText(r.text, mid), '</g>');
  });
  const legend =
    `<rect x="0" y="-5" width="14" height="8" fill="${PREVIOUS}"/><text x="20" y="0" dominant-baseline="middle">previous</text>` +
    `<rect x="100" y="-6" width="14" height="12" fill="${ACTUAL}"/><text x="120" y="0" dominant-baseline="middle">actual</text>`;
  return frame(title, rows.length, body, legend);
}
