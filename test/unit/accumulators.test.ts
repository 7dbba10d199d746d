// createAccumulator for every aggregate against naive oracles; merge; ExactSum to the cent (BigInt oracle).
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createAccumulator, ExactSum, type Accumulator } from '../../src/engine/accumulators.js';
import { DistinctSet } from '../../src/engine/distinct-set.js';
import { AGGREGATE_FNS, type AggregateFn } from '../../src/formula/ast.js';

type Cell = number | string | null;

/** Feeds rows the way the engine does: every row is seen; matching rows are stepped. */
function run(fn: AggregateFn, cells: Cell[], opts: { q?: number; unmatched?: number } = {}): Accumulator {
  const acc = createAccumulator(fn, opts.q);
  acc.seen += opts.unmatched ?? 0;
  for (const c of cells) {
    acc.seen++;
    acc.step(c);
  }
  return acc;
}
const fin = (fn: AggregateFn, cells: Cell[], opts: { q?: number; unmatched?: number } = {}): number | null => run(fn, cells, opts).finish();

// ---------------------------------------------------------------------------------------------
// Oracles.

/** The double nearest to a BigInt count of cents (JS parses decimal text correctly rounded). */
function centsToNumber(c: bigint): number {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return Number(`${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`);
}
/** Linear interpolation between closest ranks (numpy's default, Excel PERCENTILE.INC). */
function percentileOracle(values: number[], q: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  if (lo + 1 >= s.length) return s[s.length - 1];
  return s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
}
const close = (a: number | null, b: number | null): boolean =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

// ---------------------------------------------------------------------------------------------

describe('no data', () => {
  it('sum, count and count_distinct are null when no row was seen, else 0', () => {
    for (const fn of ['sum', 'count', 'count_distinct'] as const) {
      expect(createAccumulator(fn).finish(), fn).toBeNull();
      expect(fin(fn, [], { unmatched: 3 }), fn).toBe(0);
    }
    // Rows that match, but every value empty: no data (SQL's SUM of only NULLs), never a figure of 0 the export
    // does not hold (a rep with revenue and no cost cells is no gross profit, not a 100 % margin).
    expect(fin('sum', [null, null])).toBeNull();
    expect(fin('sum', [null, null], { unmatched: 2 })).toBeNull();
    expect(fin('sum', [null, 0])).toBe(0);
    expect(fin('count_distinct', [null, ''])).toBe(0);
  });

  it('avg, min, max, median and percentile are null without values, whatever was seen', () => {
    for (const fn of ['avg', 'min', 'max', 'median', 'percentile'] as const) {
      expect(createAccumulator(fn, 0.9).finish(), fn).toBeNull();
      expect(fin(fn, [], { q: 0.9, unmatched: 5 }), fn).toBeNull();
      expect(fin(fn, [null, null], { q: 0.9 }), fn).toBeNull();
    }
  });
});

describe('each aggregate by hand', () => {
  it('sum skips empty cells and is exact in decimal', () => {
    expect(fin('sum', [1.5, 2.25, null, 4])).toBe(7.75);
    expect(fin('sum', [0.1, 0.2])).toBe(0.3);
    expect(fin('sum', [0.1, 0.2, -0.3])).toBe(0);
    expect(fin('sum', [1234567.89, 0.01, -0.9])).toBe(1234567);
    expect(fin('sum', [-5])).toBe(-5);
  });

  it('sum keeps values with more than six decimals (durations in hours) instead of cutting them to 1e-6', () => {
    expect(fin('sum', [1 / 3, 1 / 3, 1 / 3])).toBeCloseTo(1, 14);
    expect(fin('sum', [1e-9])).toBeCloseTo(1e-9, 20);
    expect(fin('sum', [0.1, 0.2, 1 / 3])).toBeCloseTo(0.1 + 0.2 + 1 / 3, 14);
    expect(fin('avg', [1e-7, 2e-7])).toBeCloseTo(1.5e-7, 20);
  });

  it('count counts matching rows, empty or not', () => {
    expect(fin('count', [null, null, null], { unmatched: 4 })).toBe(3);
    expect(fin('count', [1, 'a', null])).toBe(3);
  });

  it('count_distinct counts distinct non-empty values', () => {
    expect(fin('count_distinct', ['a', 'b', 'a', '', null, 'B', 'b'])).toBe(3);
    expect(fin('count_distinct', [1, 2, 2, 3.5, 3.5, -1, 17, 33, 49])).toBe(7); // 1, 17, 33, 49 share a shard
    expect(fin('count_distinct', ['Ålesund', 'ålesund', 'Ålesund'])).toBe(2);
  });

  it('avg divides the exact sum by the number of values (not rows)', () => {
    expect(fin('avg', [1, 2, 3, 4, null], { unmatched: 10 })).toBe(2.5);
    expect(fin('avg', [0.1, 0.2])).toBe(0.15);
    expect(fin('avg', [-3])).toBe(-3);
  });

  it('min and max', () => {
    expect(fin('min', [3, -1, 7, null])).toBe(-1);
    expect(fin('max', [3, -1, 7, null])).toBe(7);
    expect(fin('min', [0])).toBe(0);
    expect(fin('max', [-5, -2, -9])).toBe(-2);
  });

  it('median sorts numerically', () => {
    expect(fin('median', [5, 1, 3])).toBe(3);
    expect(fin('median', [4, 1, 3, 2])).toBe(2.5);
    expect(fin('median', [10, 9, 100])).toBe(10); // a text sort would say 100
    expect(fin('median', [-2, -10, 5])).toBe(-2);
    expect(fin('median', [7])).toBe(7);
  });

  it('percentile interpolates between closest ranks (Excel PERCENTILE.INC / numpy default)', () => {
    // PERCENTILE.INC({1,2,3,4}, 0.9): rank 0.9 × 3 = 2.7 → 3 + 0.7 × (4 − 3) = 3.7.
    expect(fin('percentile', [4, 1, 3, 2], { q: 0.9 })).toBeCloseTo(3.7, 12);
    // numpy.percentile([15, 20, 35, 40, 50], 40) = 29: rank 1.6 → 20 + 0.6 × 15.
    expect(fin('percentile', [15, 20, 35, 40, 50], { q: 0.4 })).toBeCloseTo(29, 12);
    // PERCENTILE.INC({1,3,2,4}, 0.25) = 1.75.
    expect(fin('percentile', [1, 3, 2, 4], { q: 0.25 })).toBeCloseTo(1.75, 12);
    expect(fin('percentile', [1, 3, 2, 4], { q: 0 })).toBe(1);
    expect(fin('percentile', [1, 3, 2, 4], { q: 1 })).toBe(4);
    expect(fin('percentile', [8], { q: 0.9 })).toBe(8);
    expect(fin('percentile', [10, 0], { q: 0.5 })).toBe(5);
    expect(fin('percentile', [-10, 0, 10, 20, 30, 40, 50, 60, 70, 80, 100], { q: 0.95 })).toBeCloseTo(90, 12);
  });

  it('holds more values than its initial buffer', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000); // a permutation of 0..999
    expect(fin('median', values)).toBe(499.5);
    expect(fin('percentile', values, { q: 0.9 })).toBeCloseTo(899.1, 9);
    expect(fin('count_distinct', values)).toBe(1000);
  });

  it('count_distinct counts merged parts once for finish and exact, and again after a step or merge', () => {
    const countNew = vi.spyOn(DistinctSet.prototype, 'countNew');
    // Parts {a, b, c} and {c, d}: the union is {a, b, c, d}, 4; then e in the first part, 5; then {f, a}, 6.
    const acc = run('count_distinct', ['a', 'b', 'c']);
    acc.merge(run('count_distinct', ['c', 'd']));
    expect(acc.finish()).toBe(4);
    expect(acc.exact()).toEqual({ units: 4n, scale: 0 });
    expect(countNew).toHaveBeenCalledTimes(1);
    acc.seen++;
    acc.step('e');
    expect(acc.finish()).toBe(5);
    acc.merge(run('count_distinct', ['f', 'a']));
    expect(acc.finish()).toBe(6);
    countNew.mockRestore();
  });
});

// ---------------------------------------------------------------------------------------------

const centsArb = fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }));
const moneyArb = centsArb.map((c) => c / 100);
const cellArb: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 6, arbitrary: moneyArb },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => (x === 0 ? 0 : x)) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const textCellArb: fc.Arbitrary<Cell> = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'Alice', 'Bob', 'ø', '', 'A'),
  fc.integer({ min: -20, max: 20 }),
  fc.constant(null),
);

describe('aggregates against naive oracles (property)', () => {
  it('every aggregate matches its oracle', () => {
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 200 }), fc.nat({ max: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), (cells, unmatched, q) => {
        const nums = cells.filter((c): c is number => typeof c === 'number');
        const seen = cells.length + unmatched;
        expect(fin('count', cells, { unmatched })).toBe(seen === 0 ? null : cells.length);
        expect(fin('min', cells)).toBe(nums.length ? nums.reduce((a, b) => (b < a ? b : a)) : null);
        expect(fin('max', cells)).toBe(nums.length ? nums.reduce((a, b) => (b > a ? b : a)) : null);
        expect(close(fin('median', cells), percentileOracle(nums, 0.5))).toBe(true);
        expect(close(fin('percentile', cells, { q }), percentileOracle(nums, q))).toBe(true);
        // Values with more than six decimals are not cut to micro-units: sums and averages keep float accuracy.
        const sum = nums.reduce((a, b) => a + b, 0);
        const scale = nums.reduce((a, b) => a + Math.abs(b), 0);
        const gotSum = fin('sum', cells, { unmatched });
        if (seen === 0) expect(gotSum).toBeNull();
        else expect(Math.abs(gotSum! - sum)).toBeLessThanOrEqual(1e-12 * Math.max(1, scale));
        const avg = fin('avg', cells);
        if (!nums.length) expect(avg).toBeNull();
        else expect(Math.abs(avg! - sum / nums.length)).toBeLessThanOrEqual((1e-12 * Math.max(1, scale)) / nums.length);
      }),
      { numRuns: 300 },
    );
  });

  it('sum and avg of amounts with cents match BigInt arithmetic exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(centsArb, fc.constant(null)), { maxLength: 300 }), fc.nat({ max: 5 }), (centCells, unmatched) => {
        const cells = centCells.map((c) => (c === null ? null : c / 100));
        const cents = centCells.filter((c): c is number => c !== null);
        const total = cents.reduce((s, c) => s + BigInt(c), 0n);
        const seen = cells.length + unmatched;
        // No data without rows, or with matching rows none of which has a value; 0 when no row matched.
        const known = seen > 0 && (cells.length === 0 || cents.length > 0);
        expect(fin('sum', cells, { unmatched })).toBe(known ? centsToNumber(total) : null);
        // avg = the exact sum divided by the count: one rounding of total/100/n.
        expect(fin('avg', cells, { unmatched })).toBe(cents.length ? centsToNumber(total) / cents.length : null);
      }),
      { numRuns: 300 },
    );
  });

  it('count_distinct matches a Set of non-empty values', () => {
    fc.assert(
      fc.property(fc.array(textCellArb, { maxLength: 100 }), (cells) => {
        const oracle = new Set(cells.filter((c) => c !== null && c !== ''));
        expect(fin('count_distinct', cells)).toBe(cells.length === 0 ? null : oracle.size);
      }),
    );
  });

  it('merging partial accumulators equals stepping everything into one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AGGREGATE_FNS),
        fc.array(fc.oneof(cellArb, textCellArb), { maxLength: 150 }),
        fc.array(fc.nat({ max: 150 }), { maxLength: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (fn, cells, cuts, q) => {
          const typed = fn === 'count_distinct' ? cells : cells.map((c) => (typeof c === 'string' ? null : c));
          const bounds = [0, ...cuts.map((c) => Math.min(c, typed.length)).sort((a, b) => a - b), typed.length];
          const parts = bounds.slice(1).map((end, i) => run(fn, typed.slice(bounds[i], end), { q }));
          const merged = createAccumulator(fn, q);
          for (const p of parts) merged.merge(p);
          const whole = run(fn, typed, { q });
          expect(merged.seen).toBe(whole.seen);
          expect(merged.finish()).toBe(whole.finish());
        },
      ),
      { numRuns: 400 },
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('ExactSum', () => {
  it('sums random cent amounts exactly (BigInt oracle)', () => {
    fc.assert(
      fc.property(fc.array(centsArb, { maxLength: 3000 }), (cents) => {
        const s = new ExactSum();
        for (const c of cents) s.add(c / 100);
        const total = cents.reduce((a, c) => a + BigInt(c), 0n);
        const v = s.value();
        expect(Math.round(v * 100) || 0).toBe(Number(total));
        expect(v || 0).toBe(centsToNumber(total) || 0);
        expect(s.count).toBe(cents.length);
      }),
      { numRuns: 150 },
    );
  });

  it('stays exact past 2^52 micro-units (the BigInt spill), in both signs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 900_000_000, max: 1_000_000_000 }), { minLength: 500, maxLength: 3000 }),
        fc.array(centsArb, { maxLength: 50 }),
        fc.boolean(),
        (large, noise, negative) => {
          const cents = [...large.map((c) => (negative ? -c : c)), ...noise];
          const s = new ExactSum();
          for (const c of cents) s.add(c / 100);
          const total = cents.reduce((a, c) => a + BigInt(c), 0n);
          const v = s.value();
          expect(Math.round(v * 100)).toBe(Number(total));
          expect(v).toBe(centsToNumber(total));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('merges exactly, including spilled parts', () => {
    fc.assert(
      fc.property(fc.array(fc.array(centsArb, { maxLength: 800 }), { maxLength: 5 }), (groups) => {
        const parts = groups.map((g) => {
          const s = new ExactSum();
          for (const c of g) s.add(c / 100);
          return s;
        });
        const merged = new ExactSum();
        for (const p of parts) merged.mergeFrom(p);
        const total = groups.flat().reduce((a, c) => a + BigInt(c), 0n);
        expect(merged.value() || 0).toBe(centsToNumber(total) || 0);
        expect(merged.count).toBe(groups.flat().length);
      }),
      { numRuns: 100 },
    );
  });

  it('1,000,000 × 0.1 is exactly 100000', () => {
    const acc = createAccumulator('sum');
    for (let i = 0; i < 1_000_000; i++) {
      acc.seen++;
      acc.step(0.1);
    }
    expect(acc.finish()).toBe(100000);
    const avg = createAccumulator('avg');
    for (let i = 0; i < 1000; i++) avg.step(0.1);
    avg.seen = 1000;
    expect(avg.finish()).toBe(0.1);
  });

  it('a float running sum would drift where ExactSum does not', () => {
    let naive = 0;
    const s = new ExactSum();
    for (let i = 0; i < 1000; i++) {
      naive += 0.1;
      s.add(0.1);
    }
    expect(naive).not.toBe(100); // the reason ExactSum exists
    expect(s.value()).toBe(100);
  });
});

describe('count_distinct past one Set', () => {
  it('stays exact when values spread over a chain of Sets (the limit lowered to 4 for the test)', async () => {
    const { DistinctAcc } = await import('../../src/engine/accumulators.js');
    const { DistinctSet } = await import('../../src/engine/distinct-set.js');
    const saved = DistinctSet.SET_LIMIT;
    DistinctSet.SET_LIMIT = 4;
    try {
      const acc = new DistinctAcc();
      // Numbers and characters past one byte take the chain of Sets; the rest the byte arena.
      const values = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? i % 23 : i % 3 === 1 ? `v${i % 23}` : `€${i % 23}`));
      for (const v of values) {
        acc.seen++;
        acc.step(v);
      }
      expect(acc.finish()).toBe(new Set(values).size);
      const other = new DistinctAcc();
      for (const v of ['v1', 'v30', 'v31', 'v30', '€30', 30]) {
        other.seen++;
        other.step(v);
      }
      acc.merge(other);
      expect(acc.finish()).toBe(new Set([...values, 'v30', 'v31', '€30', 30]).size);
    } finally {
      DistinctSet.SET_LIMIT = saved;
    }
  });
});
