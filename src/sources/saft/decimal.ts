// SAF-T writes every amount as an xs:decimal; kpi reads it as an exact decimal (no float), so sums are compared to
// the öre whatever their size.
import type { Dec } from '../../util/exact.js';

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** An xs:decimal as an exact decimal (`1234.50`, `-0.5`, `+7`, `.5`); undefined when it is not one. */
export function decimal(text: string): Dec | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const frac = m[3] ?? '';
  const units = BigInt(`${m[2] || '0'}${frac}`);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}
