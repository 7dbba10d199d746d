// Mergeable aggregate accumulators (init, step, merge, finish); sums are exact to the micro-unit.
import type { AggregateFn } from '../formula/ast.js';
import { DistinctSet } from './distinct-set.js';

export interface Accumulator {
  /** Rows that reached this aggregate (in the window), matching its condition or not. */
  seen: number;
  /** Memory that can be moved (not copied) when the accumulator is posted to another thread. */
  buffers?(): ArrayBuffer[];
  step(value: number | string | null): void;
  merge(other: Accumulator): void;
  /** The aggregate's value; null when it has no data. */
  finish(): number | null;
}

/** Money sums are exact for values with up to six decimals: they are added as integers of 1e-6. */
const SCALE = 1_000_000;
const SPILL = 2 ** 52;

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
    const scaled = value * SCALE;
    const units = Math.round(scaled);
    if (Math.abs(scaled - units) > Math.abs(scaled) * 1e-12 + 1e-9) {
      this.exact = false;
      return;
    }
    this.small += units;
    if (this.small >= SPILL || this.small <= -SPILL) this.spill();
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
    const total = this.big + BigInt(this.small);
    const whole = total / BigInt(SCALE);
    const frac = total % BigInt(SCALE);
    return Number(whole) + Number(frac) / SCALE;
  }
}

abstract class Base implements Accumulator {
  seen = 0;
  abstract step(value: number | string | null): void;
  abstract merge(other: Accumulator): void;
  abstract finish(): number | null;
}

class SumAcc extends Base {
  readonly sum = new ExactSum();
  step(v: number | string | null): void {
    if (typeof v === 'number') this.sum.add(v);
  }
  merge(o: Accumulator): void {
    this.seen += o.seen;
    this.sum.mergeFrom((o as SumAcc).sum);
  }
  /** No rows in the period: no data. Rows but none matching: 0. */
  finish(): number | null {
    return this.seen === 0 ? null : this.sum.value();
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
}

class AvgAcc extends SumAcc {
  override finish(): number | null {
    return this.sum.count === 0 ? null : this.sum.value() / this.sum.count;
  }
}

class MinMaxAcc extends Base {
  best: number | null = null;
  constructor(private readonly isMax: boolean) {
    super();
  }
  step(v: number | string | null): void {
    if (typeof v !== 'number') return;
    if (this.best === null || (this.isMax ? v > this.best : v < this.best)) this.best = v;
  }
  merge(o: Accumulator): void {
    this.seen += o.seen;
    const other = (o as MinMaxAcc).best;
    if (other !== null) this.step(other);
  }
  finish(): number | null {
    return this.best;
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
}

/**
 * Exact distinct count, in a compact set that stays exact past the 2^24 values one JS Set can hold. Merged parts
 * keep their own sets; the count of the union is taken at the end (each set counts the values no earlier set has).
 */
export class DistinctAcc extends Base {
  private sets = [new DistinctSet()];
  /** The previous value: order lines of one order come together in exports, and a repeat needs no hashing. */
  private last: number | string | null = null;
  step(v: number | string | null): void {
    if (v === null || v === '' || v === this.last) return;
    this.last = v;
    this.sets[0].add(v);
  }
  merge(o: Accumulator): void {
    const other = o as DistinctAcc;
    this.seen += other.seen;
    for (const set of other.sets) this.sets.push(set instanceof DistinctSet ? set : DistinctSet.revive(set));
  }
  finish(): number | null {
    if (this.seen === 0) return null;
    return this.sets.reduce((n, set, i) => n + (i === 0 ? set.size : set.countNew(this.sets.slice(0, i))), 0);
  }
  /** The memory of its sets, to be moved (not copied) to another thread. */
  buffers(): ArrayBuffer[] {
    return this.sets.flatMap((s) => s.buffers());
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
