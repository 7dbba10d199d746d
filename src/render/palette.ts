// The status colours of the drawn formats (html; pptx and pdf may use them too): the Okabe–Ito palette, which stays
// distinct under the common colour-vision deficiencies (blue against orange and vermillion, never green against
// red). Colour is never the only cue: every status also has its mark (STATUS_MARK: ✔ ▲ ✘ …) and its word.
import type { Status } from '../model/vocabulary.js';

/** `bg`/`fg`: a status pill or card (dark text on a pale tint, contrast ≥ 7:1); `bar`: a mark drawn in a chart. */
export const STATUS_COLOUR: Record<Status, { bg: string; fg: string; bar: string }> = {
  met: { bg: '#ddebf7', fg: '#00406b', bar: '#0072b2' },
  at_risk: { bg: '#fdf0cf', fg: '#5c3d00', bar: '#e69f00' },
  missed: { bg: '#fbe1d3', fg: '#7a2900', bar: '#d55e00' },
  early: { bg: '#e2f1fb', fg: '#14466b', bar: '#56b4e9' },
  no_target: { bg: '#eceef1', fg: '#3d4650', bar: '#6b7480' },
  no_data: { bg: '#eceef1', fg: '#4b5360', bar: '#9aa1ab' },
  incomplete: { bg: '#f6e4ef', fg: '#6b2350', bar: '#cc79a7' },
  error: { bg: '#fbe1d3', fg: '#7a2900', bar: '#d55e00' },
};

/** A change for the better and for the worse (by the KPI's `better`), as text colours on white (contrast ≥ 4.5:1). */
export const GOOD = '#005a8c';
export const BAD = '#b34700';

/** The target marker and the comparison (previous period) marker of the bullet charts, and the sparkline's line. */
export const INK = '#1f2328';
export const PREVIOUS = '#6b7480';
export const TRACK = '#e8ebef';
