// Small inline SVG charts for the HTML report, one per KPI and drawn on that KPI's own numbers only (its own unit and
// scale, never beside another KPI's bar): a bullet chart (actual against target, with the previous period marked)
// and a sparkline of its recent periods. No scripts, no external assets; the same bytes on every run.
import { xmlAttr, xmlText } from './escape.js';
import { INK, PREVIOUS, TRACK } from './palette.js';

/** Coordinates with one decimal: compact, and the same bytes on every run. */
const n = (x: number): string => String(Math.round(x * 10) / 10);

const finite = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

export interface Bullet {
  value: number | null;
  /** The pace-based end-of-period value, drawn as a paler bar behind the actual one. */
  projected: number | null;
  target: number | null;
  /** The comparison period's value: a small triangle above the track. */
  previous: number | null;
  /** Fill of the actual bar (the status colour). */
  colour: string;
  /** What the chart says, for screen readers and as a tooltip. */
  label: string;
}

export const BULLET_W = 150;
export const BULLET_H = 26;

/**
 * Actual against target: a bar from zero to the actual value in the status colour, a dark bar across it at the
 * target, a grey triangle at the previous period's value. Zero is always on the scale, so bar lengths are honest.
 */
export function bulletSvg(b: Bullet, width = BULLET_W, height = BULLET_H): string {
  const values = [b.value, b.projected, b.target, b.previous].filter(finite);
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  const pad = (hi - lo) * 0.06;
  if (hi > 0) hi += pad;
  if (lo < 0) lo -= pad;
  // Room for the previous period's triangle (8 wide) at either end of the scale.
  const left = 5;
  const w = width - 10;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * w;
  const mid = height / 2 + 3;
  const bar = (v: number, h: number, fill: string, extra = '') => {
    const a = x(0);
    const c = x(v);
    return `<rect x="${n(Math.min(a, c))}" y="${n(mid - h / 2)}" width="${n(Math.max(Math.abs(c - a), 1))}" height="${n(h)}" fill="${fill}"${extra}/>`;
  };
  const parts = [`<rect x="${left}" y="${n(mid - 7)}" width="${n(w)}" height="14" fill="${TRACK}"/>`];
  if (finite(b.projected)) parts.push(bar(b.projected, 8, b.colour, ' fill-opacity="0.4"'));
  if (finite(b.value)) parts.push(bar(b.value, 8, b.colour));
  if (lo < 0) parts.push(`<rect x="${n(x(0) - 0.5)}" y="${n(mid - 7)}" width="1" height="14" fill="${PREVIOUS}"/>`);
  if (finite(b.target)) parts.push(`<rect x="${n(x(b.target) - 1.5)}" y="${n(mid - 10)}" width="3" height="20" fill="${INK}"/>`);
  if (finite(b.previous)) {
    const p = x(b.previous);
    parts.push(`<path d="M${n(p - 4)} ${n(mid - 12)}h8l-4 5z" fill="${PREVIOUS}"/>`);
  }
  return svg(width, height, b.label, parts);
}

export interface SparkPoint {
  value: number | null;
  target: number | null;
}

export const SPARK_W = 132;
export const SPARK_H = 30;

/**
 * A KPI's recent periods: its values as a line (a period without a value leaves a gap), its targets as a dashed line,
 * and the last point (the report's period) as a dot in its status colour. Scaled to the KPI's own values and targets.
 */
export function sparklineSvg(points: readonly SparkPoint[], lastColour: string, label: string, width = SPARK_W, height = SPARK_H): string {
  const values = points.flatMap((p) => [p.value, p.target]).filter(finite);
  if (values.length === 0 || points.length === 0) return svg(width, height, label, [`<path d="M2 ${n(height / 2)}H${width - 2}" stroke="${TRACK}" stroke-width="2"/>`]);
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) {
    hi += Math.abs(hi) * 0.1 || 1;
    lo -= Math.abs(lo) * 0.1 || 1;
  }
  const top = 4;
  const bottom = height - 4;
  const left = 3;
  const right = width - 5;
  const step = points.length > 1 ? (right - left) / (points.length - 1) : 0;
  const x = (i: number) => (points.length > 1 ? left + i * step : right);
  const y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
  const line = (pick: (p: SparkPoint) => number | null): string => {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const v = pick(p);
      if (!finite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${n(x(i))} ${n(y(v))}`;
      pen = true;
    });
    return d;
  };
  const parts: string[] = [];
  const targets = line((p) => p.target);
  if (targets !== '') parts.push(`<path d="${targets}" fill="none" stroke="${INK}" stroke-width="1" stroke-dasharray="3 2"/>`);
  const actual = line((p) => p.value);
  if (actual !== '') parts.push(`<path d="${actual}" fill="none" stroke="${PREVIOUS}" stroke-width="1.6" stroke-linejoin="round"/>`);
  // A lone value between gaps draws no line: a small dot instead, so it is not lost.
  points.forEach((p, i) => {
    const before = points[i - 1]?.value;
    const after = points[i + 1]?.value;
    if (finite(p.value) && !finite(before) && !finite(after) && i !== points.length - 1) parts.push(`<circle cx="${n(x(i))}" cy="${n(y(p.value))}" r="1.5" fill="${PREVIOUS}"/>`);
  });
  const last = points[points.length - 1];
  if (finite(last.value)) parts.push(`<circle cx="${n(x(points.length - 1))}" cy="${n(y(last.value))}" r="3.2" fill="${lastColour}" stroke="${INK}" stroke-width="1"/>`);
  return svg(width, height, label, parts);
}

function svg(width: number, height: number, label: string, parts: string[]): string {
  return `<svg class="mini" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${xmlAttr(label)}"><title>${xmlText(label)}</title>${parts.join('')}</svg>`;
}
