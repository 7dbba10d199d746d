// The compact distinct set against a plain JS Set: same members, however values repeat, grow or merge.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctSet } from '../../src/engine/distinct-set.js';

const value = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'ø', 'Å', '€', '0', '1', ' ', '-'), maxLength: 8 }),
  fc.integer({ min: -5, max: 5 }),
  fc.string({ maxLength: 4 }),
);

describe('DistinctSet', () => {
  it('counts what a JS Set counts', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        const set = new DistinctSet();
        for (const v of values) set.add(v);
        expect(set.size).toBe(new Set(values).size);
      }),
      { numRuns: 500 },
    );
  });

  it('counts the union of parts (also after a structured clone, as from a worker thread): each part its new values', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { maxLength: 150 }), { minLength: 1, maxLength: 4 }), (parts) => {
        const sets = parts.map((values) => {
          const set = new DistinctSet();
          for (const v of values) set.add(v);
          return DistinctSet.revive(structuredClone(set));
        });
        const union = sets.reduce((n, set, i) => n + (i === 0 ? set.size : set.countNew(sets.slice(0, i))), 0);
        expect(union).toBe(new Set(parts.flat()).size);
      }),
      { numRuns: 300 },
    );
  });

  it('grows through many rehashes without losing or doubling a value', () => {
    const set = new DistinctSet();
    for (let round = 0; round < 2; round++) for (let i = 0; i < 200_000; i++) set.add(`SO-${i}`);
    expect(set.size).toBe(200_000);
    set.add('SO-199999');
    set.add('SO-200000');
    expect(set.size).toBe(200_001);
  });

  it('keeps long values (lengths past one byte) apart by every byte', () => {
    const set = new DistinctSet();
    const long = 'x'.repeat(300);
    for (const v of [long, `${long}y`, long, 'x'.repeat(44), `${'x'.repeat(299)}z`, 'x'.repeat(70_000)]) set.add(v);
    expect(set.size).toBe(5);
    const other = new DistinctSet();
    for (const v of [long, 'x'.repeat(301), 'x'.repeat(70_000)]) other.add(v);
    expect(other.countNew([set])).toBe(1);
  });

  it('tells apart strings that differ only in case, accents or a number with the same digits', () => {
    const set = new DistinctSet();
    for (const v of ['Ålesund', 'ålesund', 'Ålesund', '1', 1, 'ÿ', '\u0178']) set.add(v);
    expect(set.size).toBe(6);
  });
});
