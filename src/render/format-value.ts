// Human formatting of numbers by unit, shared by the text renderers (table, markdown).
import type { Unit } from '../model/vocabulary.js';
import type { Status } from '../model/vocabulary.js';

/** One formatter per number of decimals: toLocaleString builds a new one on every call (slow for 100,000 groups). */
const formats = new Map<number, Intl.NumberFormat>();
function numberFormat(decimals: number): Intl.NumberFormat {
  let f = formats.get(decimals);
  if (f === undefined) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(decimals, f);
  }
  return f;
}

/** Thousands separators and a typographic minus; a value that rounds to zero has no sign (never "-0.0"). */
const group = (n: number, decimals: number): string => {
  const text = numberFormat(decimals).format(Math.abs(n));
  return n < 0 && /[1-9]/.test(text) ? `−${text}` : text;
};

/** currency: 1,234,567.89 · percent: 41.2% · days/hours: 12.3 · count: 1,234 · score: 42.0 */
export function formatValue(value: number | null, unit: Unit, currency?: string): string {
  if (value === null) return '–';
  switch (unit) {
    case 'currency':
      return currency ? `${group(value, 2)} ${currency}` : group(value, 2);
    case 'percent':
      return `${group(value * 100, 1)}%`;
    case 'days':
      return `${group(value, 1)} d`;
    case 'hours':
      return `${group(value, 1)} h`;
    case 'count':
      return Number.isInteger(value) ? group(value, 0) : group(value, 1);
    case 'score':
      return group(value, 1);
    case 'number':
      return Number.isInteger(value) ? group(value, 0) : group(value, 2);
  }
}

/** A difference in the KPI's unit: percent differences are percentage points. */
export function formatDelta(value: number | null, unit: Unit, currency?: string): string {
  if (value === null) return '–';
  // The sign follows what is shown: a change that rounds to zero has none.
  const shown = unit === 'percent' ? group(Math.abs(value) * 100, 1) : formatValue(Math.abs(value), unit, currency);
  const sign = !/[1-9]/.test(shown) ? '±' : value > 0 ? '+' : '−';
  const abs = Math.abs(value);
  if (unit === 'percent') return `${sign}${group(abs * 100, 1)} pp`;
  return `${sign}${formatValue(abs, unit, currency)}`;
}

export function formatPct(value: number | null): string {
  if (value === null) return '–';
  const sign = Math.abs(value) < 0.0005 ? '±' : value > 0 ? '+' : '−';
  return `${sign}${group(Math.abs(value) * 100, 1)}%`;
}

/** Status marks readable without colour. */
export const STATUS_MARK: Record<Status, string> = {
  met: '✔ met',
  at_risk: '▲ at risk',
  missed: '✘ missed',
  early: '◷ early',
  no_target: '· no target',
  no_data: '? no data',
  incomplete: '◌ incomplete',
  error: '✘ error',
};

/** A change against the previous period: points for percents and scores (NPS), else a relative change. */
export function formatChange(change: number | null, changePct: number | null, unit: Unit, currency?: string): string {
  return unit === 'percent' || unit === 'score' ? formatDelta(change, unit, currency) : formatPct(changePct);
}
