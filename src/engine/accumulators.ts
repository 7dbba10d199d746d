// Mergeable aggregate accumulators (init, step, merge, finish); sums are exact to the micro-unit.
import type { AggregateFn } from '../formula/ast.js';
import { DistinctSet } from './distinct-set.js';
import { decAdd, decDiv, decMul, decSub, toDec, type Dec } from '../util/exact.js';

export interface Accumulator {
  /** Rows that reached this aggregate (in the window), matching its condition or not. */
  seen: number;
  /** Memory that can be moved (not copied) when the accumulator is posted to another thread. */
  buffers?(): ArrayBuffer[];
  step(value: number | string | null): void;
  merge(other: Accumulator): void;
  /** The aggregate's value; null when it has no data. */
  finish(): number | null;
  /** The value as an exact decimal, when it is one (a sum of values with up to six decimals, a count); else null. */
  exact(): Dec | null;
  /**
   * The result's `n` from this aggregate (README "n"): the rows counted (count), the values taken — rows matching
   * the condition with a value (sum, avg, min, max, median, percentile) — or the distinct values (count_distinct).
   */
  taken(): number;
}

/** Money sums are exact for values with up to six decimals: they are added as integers of 1e-6. */
const SCALE = 1_000_000;
const SPILL = 2 ** 52;
/**
 * Below this magnitude, `Math.round(value × 1e6)` is the value's micro-units exactly (the double's error and the
 * product's rounding stay below 0.2 micro-units). Above it, the micro-units come from the value's decimal form.
 */
const FAST_LIMIT = 2 ** 30;

/**
 * Exact decimal sum. Each value with at most six decimals is scaled to an integer number of micro-units and
 * added to a float that stays exact below 2^53; past 2^52 it spills into a BigInt, so a billion rows cannot
 * drift. A value with more decimals (a duration of 20 minutes is 0.333… hours) would be cut off at 1e-6, so
 * from the first such value the sum is the compensated (Neumaier) float sum of every value instead.
 */
export class ExactSum {
  private small = 0;
  private big = 0n;
  private exact = true;
  private float = 0;
  private compensation = 0;
  count = 0;

  add(value: number): void {
    this.count++;
    const t = this.float + value;
    this.compensation += Math.abs(this.float) >= Math.abs(value) ? this.float - t + value : value - t + this.float;
    this.float = t;
    if (!this.exact) return;
    if (!(Math.abs(value) < FAST_LIMIT)) {
      this.addLarge(value);
      return;
    }
    const scaled = value * SCALE;
    const units = Math.round(scaled);
    if (Math.abs(scaled - units) > Math.abs(scaled) * 1e-12 + 1e-9) {
      this.exact = false;
      return;
    }
    this.small += units;
    if (this.small >= SPILL || this.small <= -SPILL) this.spill();
  }

  /** A value of 2^30 or more: its micro-units from its decimal form, exactly as the export wrote it. */
  private addLarge(value: number): void {
    const d = toDec(value);
    if (d.scale > 6) {
      this.exact = false;
      return;
    }
    this.big += d.units * 10n ** BigInt(6 - d.scale);
  }

  private spill(): void {
    this.big += BigInt(this.small);
    this.small = 0;
  }

  mergeFrom(other: ExactSum): void {
    this.count += other.count;
    const t = this.float + other.float;
    this.compensation += (Math.abs(this.float) >= Math.abs(other.float) ? this.float - t + other.float : other.float - t + this.float) + other.compensation;
    this.float = t;
    this.exact &&= other.exact;
    if (!this.exact) return;
    this.big += other.big;
    this.small += other.small;
    if (this.small >= SPILL || this.small <= -SPILL) this.spill();
  }

  value(): number {
    if (!this.exact) return this.float + this.compensation;
    if (this.big === 0n) return this.small / SCALE;
    // The double nearest the exact total: Number() of its decimal text rounds once.
    const d = this.decimal()!;
    return Number(`${d.units}e-${d.scale}`);
  }

  /** The sum as an exact decimal (micro-units), or null once a value with more than six decimals was added. */
  decimal(): Dec | null {
    if (!this.exact) return null;
    // Whole totals (the common case) as whole numbers: no decimal text on the way to a double.
    if (this.big === 0n && this.small % SCALE === 0) return { units: BigInt(this.small / SCALE), scale: 0 };
    return { units: this.big + BigInt(this.small), scale: 6 };
  }
}

/**
 * The exact decimal of a value as stepped: a value read from an export is the decimal it prints as, up to six
 * decimals as in sums; a value with more (hours(a, b) = 66.23333333333333, float noise of a row's product) is not
 * an exact decimal, and is rounded once when printed.
 */
function readDecimal(v: number): Dec | null {
  const d = toDec(v);
  return d.scale > 6 ? null : d;
}

abstract class Base implements Accumulator {
  seen = 0;
  abstract step(value: number | string | null): void;
  abstract merge(other: Accumulator): void;
  abstract finish(): number | null;
  abstract taken(): number;
  /** By default the value is one of the values stepped (min, max) or a count: see readDecimal. */
  exact(): Dec | null {
    const v = this.finish();
    return v === null ? null : readDecimal(v);
  }
}

class SumAcc extends Base {
  readonly sum = new ExactSum();
  /** Rows that matched the condition, with a value or not. */
  matched = 0;
  step(v: number | string | null): void {
    this.matched++;
    if (typeof v === 'number') this.sum.add(v);
  }
  merge(o: Accumulator): void {
    this.seen += o.seen;
    this.matched += (o as SumAcc).matched;
    this.sum.mergeFrom((o as SumAcc).sum);
  }
  /**
   * No rows in the period: no data. Rows but none matching: 0 (a month with deals, none won, sold 0). Rows that
   * match but none with a value (1,589 open deals, every amount empty): no data, as SQL's SUM of only NULLs — 0
   * would claim a pipeline of nothing, which the export does not say.
   */
  private get known(): boolean {
    return this.seen > 0 && (this.matched === 0 || this.sum.count > 0);
  }
  finish(): number | null {
    return this.known ? this.sum.value() : null;
  }
  override exact(): Dec | null {
    return this.known ? this.sum.decimal() : null;
  }
  taken(): number {
    return this.sum.count;
  }
}

class CountAcc extends Base {
  n = 0;
  step(): void {
    this.n++;
  }
  merge(o: Accumulator): void {
    this.seen += o.seen;
    this.n += (o as CountAcc).n;
  }
  finish(): number | null {
    return this.seen === 0 ? null : this.n;
  }
  taken(): number {
    return this.n;
  }
}

class AvgAcc extends SumAcc {
  override finish(): number | null {
    return this.sum.count === 0 ? null : this.sum.value() / this.sum.count;
  }
  /** Exact when the sum divides evenly (3 values adding to 7.5: 2.5). */
  override exact(): Dec | null {
    const d = this.sum.count === 0 ? null : this.sum.decimal();
    return d && decDiv(d, { units: BigInt(this.sum.count), scale: 0 });
  }
}

class MinMaxAcc extends Base {
  best: number | null = null;
  /** Values taken (the result's `n`). */
  n = 0;
  constructor(private readonly isMax: boolean) {
    super();
  }
  step(v: number | string | null): void {
    if (typeof v !== 'number') return;
    this.n++;
    this.keep(v);
  }
  private keep(v: number): void {
    if (this.best === null || (this.isMax ? v > this.best : v < this.best)) this.best = v;
  }
  merge(o: Accumulator): void {
    this.seen += o.seen;
    this.n += (o as MinMaxAcc).n ?? 0;
    const other = (o as MinMaxAcc).best;
    if (other !== null) this.keep(other);
  }
  finish(): number | null {
    return this.best;
  }
  taken(): number {
    return this.n;
  }
}

/** Holds every value: a median needs them all. A growable Float64Array keeps it to 8 bytes a value. */
class QuantileAcc extends Base {
  private values = new Float64Array(64);
  private n = 0;
  constructor(private readonly q: number) {
    super();
  }
  step(v: number | string | null): void {
    if (typeof v !== 'number') return;
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = v;
  }
  merge(o: Accumulator): void {
    this.seen += o.seen;
    const other = o as QuantileAcc;
    for (let i = 0; i < other.n; i++) this.step(other.values[i]);
  }
  /** The memory of its values, to be moved (not copied) to another thread. */
  buffers(): ArrayBuffer[] {
    return [this.values.buffer as ArrayBuffer];
  }
  /** Linear interpolation between closest ranks (Excel PERCENTILE.INC, numpy's default). */
  finish(): number | null {
    if (this.n === 0) return null;
    const sorted = this.values.subarray(0, this.n).sort();
    const rank = this.q * (this.n - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  }
  /** The same interpolation in exact decimals: lo + (hi − lo) × (rank − ⌊rank⌋), rank = q × (n − 1). */
  override exact(): Dec | null {
    if (this.finish() === null) return null;
    const sorted = this.values.subarray(0, this.n);
    const rank = decMul(toDec(this.q), { units: BigInt(this.n - 1), scale: 0 });
    const lo = Number(rank.units / 10n ** BigInt(rank.scale));
    const frac = decSub(rank, { units: BigInt(lo), scale: 0 });
    const a = readDecimal(sorted[lo]);
    if (a === null || frac.units === 0n) return a;
    const b = readDecimal(sorted[lo + 1]);
    return b && decAdd(a, decMul(decSub(b, a), frac));
  }
  taken(): number {
    return this.n;
  }
}

/**
 * Exact distinct count, in a compact set that stays exact past the 2^24 values one JS Set can hold. Merged parts
 * keep their own sets; the count of the union is taken at the end (each set counts the values no earlier set has).
 */
export class DistinctAcc extends Base {
  private sets = [new DistinctSet()];
  /** The previous value: order lines of one order come together in exports, and a repeat needs no hashing. */
  private last: number | string | null = null;
  /** The count of the union once taken: exact() asks for it again, and counting merged sets is work. */
  private counted: number | undefined;
  step(v: number | string | null): void {
    if (v === null || v === '' || v === this.last) return;
    this.last = v;
    this.counted = undefined;
    this.sets[0].add(v);
  }
  merge(o: Accumulator): void {
    const other = o as DistinctAcc;
    this.seen += other.seen;
    this.counted = undefined;
    for (const set of other.sets) this.sets.push(set instanceof DistinctSet ? set : DistinctSet.revive(set));
  }
  finish(): number | null {
    if (this.seen === 0) return null;
    return (this.counted ??= this.sets.reduce((n, set, i) => n + (i === 0 ? set.size : set.countNew(this.sets.slice(0, i))), 0));
  }
  /** The memory of its sets, to be moved (not copied) to another thread. */
  buffers(): ArrayBuffer[] {
    return this.sets.flatMap((s) => s.buffers());
  }
  taken(): number {
    return this.finish() ?? 0;
  }
}

export function createAccumulator(fn: AggregateFn, q?: number): Accumulator {
  switch (fn) {
    case 'sum':
      return new SumAcc();
    case 'count':
      return new CountAcc();
    case 'avg':
      return new AvgAcc();
    case 'min':
      return new MinMaxAcc(false);
    case 'max':
      return new MinMaxAcc(true);
    case 'median':
      return new QuantileAcc(0.5);
    case 'percentile':
      return new QuantileAcc(q ?? 0.5);
    case 'count_distinct':
      return new DistinctAcc();
  }
}

/**
 * An accumulator rebuilt from its structured clone (what a worker thread posts back): the fields come over,
 * the class does not.
 */
export function reviveAccumulator(fn: AggregateFn, q: number | undefined, state: Record<string, unknown>): Accumulator {
  const acc = createAccumulator(fn, q);
  Object.assign(acc, state);
  if ('sum' in state) (acc as unknown as { sum: ExactSum }).sum = Object.assign(new ExactSum(), state.sum);
  if (acc instanceof DistinctAcc) (acc as unknown as { sets: DistinctSet[] }).sets = (state.sets as DistinctSet[]).map((s) => DistinctSet.revive(s));
  return acc;
}
