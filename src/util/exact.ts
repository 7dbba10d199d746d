// Exact decimal arithmetic for printed figures: sums, differences and products of exact decimals stay exact, so a
// report never shows float noise (-37135.6000000001) and never cuts a figure to 15 digits.
//
// The rule (README "Exact figures"): a figure built from exact decimals — sums of values with up to six decimals,
// counts, literals, and +, −, × of them, and a division that comes out even — is carried as an exact decimal and
// printed as exactly that decimal. A double holds it when it has at most 15 significant digits (any amount to
// the cent below 10^13), and in fact every amount to the cent below 2^46 ≈ 7.0 × 10^13; an exact figure a double
// cannot hold is an error, never a rounded number. A figure that is not an exact decimal (a ratio such as 1/3, an
// interpolated percentile, a sum of values with more than six decimals) is computed in doubles — a quotient of two
// exact decimals correctly rounded, from 21 digits of it — and rounded once, to 15 significant digits, when it is
// printed. Its error is then a few units in the 17th digit, so the 15 digits printed carry no float noise.
import { InternalError } from '../errors.js';

/** An exact decimal: `units` × 10^−`scale`. */
export interface Dec {
  units: bigint;
  scale: number;
}

/** A computed figure: its double, and its exact decimal when it has one. */
export interface Val {
  v: number;
  d: Dec | null;
}

/** Significant digits kept for a figure that is not an exact decimal. */
export const INEXACT_DIGITS = 15;

const POW10: bigint[] = [1n];
const pow10 = (n: number): bigint => {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
};

/** The exact decimal a double prints as (its shortest round-trip form): 0.1 is 1/10, not 0.1000000000000000055…. */
export function toDec(x: number): Dec {
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return { units: BigInt(x), scale: 0 };
  const s = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) throw new InternalError(`not a finite number: ${s}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  let scale = frac.length - Number(exp);
  let units = BigInt(`${sign}${int}${frac}`);
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return { units, scale };
}

const align = (a: Dec, b: Dec): [bigint, bigint, number] => {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * pow10(a.scale - b.scale), a.scale];
  return [a.units * pow10(b.scale - a.scale), b.units, b.scale];
};

/** Trailing zeros dropped, so scales stay small through long chains. */
function normalize(d: Dec): Dec {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

export const decAdd = (a: Dec, b: Dec): Dec => {
  const [x, y, scale] = align(a, b);
  return normalize({ units: x + y, scale });
};
export const decSub = (a: Dec, b: Dec): Dec => {
  const [x, y, scale] = align(a, b);
  return normalize({ units: x - y, scale });
};
export const decMul = (a: Dec, b: Dec): Dec => normalize({ units: a.units * b.units, scale: a.scale + b.scale });
export const decNeg = (a: Dec): Dec => ({ units: -a.units, scale: a.scale });
export const decAbs = (a: Dec): Dec => (a.units < 0n ? decNeg(a) : a);
export const decIsZero = (a: Dec): boolean => a.units === 0n;

/** a / b when the quotient is a decimal of at most 12 more places than a and b (100 / 8 = 12.5); else null (1 / 3). */
export function decDiv(a: Dec, b: Dec): Dec | null {
  if (b.units === 0n) return null;
  // a / b = (a.units × 10^(b.scale + 12)) / (b.units × 10^(a.scale + 12)): exact when nothing is left over.
  const num = a.units * pow10(b.scale + 12);
  return num % b.units === 0n ? normalize({ units: num / b.units, scale: a.scale + 12 }) : null;
}

/** The decimal as plain text (no exponent): -37135.6, 0.000001, 1200. */
export function decText(d: Dec): string {
  const n = normalize(d);
  const negative = n.units < 0n;
  const digits = (negative ? -n.units : n.units).toString();
  if (n.scale === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(n.scale + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -n.scale)}.${padded.slice(-n.scale)}`;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** A whole number a double holds exactly (the common case of counts and whole amounts: no text needed). */
const safeInteger = (d: Dec): boolean => d.scale === 0 && d.units <= SAFE && d.units >= -SAFE;

/** The double nearest the decimal (Number() of its text rounds once, correctly). */
export const decToNumber = (d: Dec): number => (safeInteger(d) ? Number(d.units) : Number(decText(d)));

/** Does the double nearest `d` print back as `d` (its shortest form has the same digits)? */
export function held(d: Dec): boolean {
  if (safeInteger(d)) return true;
  return Number.isFinite(decToNumber(d)) && decEquals(toDec(decToNumber(d)), d);
}

const decEquals = (a: Dec, b: Dec): boolean => {
  const [x, y] = align(a, b);
  return x === y;
};

/** A figure that is not an exact decimal, rounded once for printing (and never −0). */
export function roundInexact(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const r = Number(x.toPrecision(INEXACT_DIGITS));
  return r === 0 ? 0 : r;
}

/** A computed value as it is printed: the exact decimal when it has one and a double holds it, else rounded. */
export function printedValue(val: Val): { value: number; lost: string | null } {
  if (val.d === null) return { value: roundInexact(val.v), lost: null };
  const value = decToNumber(val.d);
  if (!held(val.d)) return { value, lost: decText(val.d) };
  return { value: value === 0 ? 0 : value, lost: null };
}

// Arithmetic on Vals: exact when both sides are, doubles otherwise.
export const valOf = (x: number): Val => ({ v: x, d: toDec(x) });
export const inexact = (x: number): Val => ({ v: x, d: null });

export function valAdd(a: Val, b: Val): Val {
  if (a.d && b.d) {
    const d = decAdd(a.d, b.d);
    return { v: decToNumber(d), d };
  }
  return inexact(a.v + b.v);
}

export function valSub(a: Val, b: Val): Val {
  if (a.d && b.d) {
    const d = decSub(a.d, b.d);
    return { v: decToNumber(d), d };
  }
  return inexact(a.v - b.v);
}

export function valMul(a: Val, b: Val): Val {
  if (a.d && b.d) {
    const d = decMul(a.d, b.d);
    return { v: decToNumber(d), d };
  }
  return inexact(a.v * b.v);
}

/** a / b; null when b is 0 (no value, never Infinity). */
export function valDiv(a: Val, b: Val): Val | null {
  if (b.v === 0 && (b.d === null || decIsZero(b.d))) return null;
  if (a.d && b.d) {
    const d = decDiv(a.d, b.d);
    // A quotient that comes out even stays exact only when a double holds it: 14515.677197265625 (a sum / 1024)
    // is a ratio, not an amount, and is rounded once like 1/3 — an error about exactness would be a false alarm.
    if (d && held(d)) return { v: decToNumber(d), d };
    // Two whole numbers a double holds exactly: IEEE division is already the correctly rounded quotient.
    return inexact(safeInteger(a.d) && safeInteger(b.d) ? a.v / b.v : quotient(a.d, b.d));
  }
  return inexact(a.v / b.v);
}

/** a / b of exact decimals as the double nearest the true quotient (from 21 of its digits), not of the rounded operands. */
function quotient(a: Dec, b: Dec): number {
  const digits = (x: bigint) => (x < 0n ? -x : x).toString().length;
  const k = Math.max(0, 21 - digits(a.units) + digits(b.units));
  const q = (a.units * pow10(b.scale + k)) / b.units;
  return Number(`${q}e-${a.scale + k}`);
}

export const valNeg = (a: Val): Val => ({ v: -a.v, d: a.d && decNeg(a.d) });
export const valAbs = (a: Val): Val => ({ v: Math.abs(a.v), d: a.d && decAbs(a.d) });

/** a − b of two printed figures, exactly as written (variance = value − target): no float noise. */
export function difference(a: number, b: number): number {
  return printedValue(valSub(valOf(a), valOf(b))).value;
}

/**
 * Removes float noise (0.30000000000000004 → 0.3) by rounding to 15 significant digits. Figures of the report go
 * through exact.ts instead (exact decimals printed exactly, others rounded once); this stays for scale factors.
 */
export function clean(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const v = Number(x.toPrecision(15));
  return Object.is(v, -0) ? 0 : v;
}
