// Human formatting of numbers by unit, shared by the text renderers (table, markdown).
import type { Unit } from '../config/project.js';
import type { Status } from '../targets/compare.js';

const group = (n: number, decimals: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

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
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const abs = Math.abs(value);
  if (unit === 'percent') return `${sign}${group(abs * 100, 1)} pp`;
  return `${sign}${formatValue(abs, unit, currency)}`;
}

export function formatPct(value: number | null): string {
  if (value === null) return '–';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
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
};
