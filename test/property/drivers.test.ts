// The drivers' arithmetic (report/drivers.ts) on random members: every split adds up exactly — rate + mix to each
// member's contribution, the contributions to the ratio's change, the rounded parts to the rounded total — which
// is what "exact" means in README "Why it moved". Checked in rationals (BigInt), not floats.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, finishSplit, q, qAdd, qDiv, qSub, qUnits, rateMix, ratioVariance, sumChange, sumVariance, sumVarianceOwn, ZERO, type MemberFigures, type Q } from '../../src/report/drivers.js';

const cents = fc.bigInt({ min: -10_000_000n, max: 10_000_000n });
// Denominators from 1.00: ratios stay below 10^5, where a double printed to 10 decimals is still exact.
const positive = fc.bigInt({ min: 100n, max: 10_000_000n });
const member = fc.record({ n1: cents, d1: positive, n0: cents, d0: positive, in1: fc.boolean(), in0: fc.boolean() });
const sum = (xs: Q[]) => xs.reduce(qAdd, ZERO);

/** Members of a ratio: a member absent from a period has neither numerator nor denominator there. */
const ratioMembers = fc.array(member, { minLength: 1, maxLength: 12 }).map((ms) =>
  ms.map((m, i): MemberFigures => ({
    member: `m${i}`,
    now: m.in1 ? q(m.n1, 100n) : ZERO,
    nowDen: m.in1 ? q(m.d1, 100n) : ZERO,
    before: m.in0 ? q(m.n0, 100n) : ZERO,
    beforeDen: m.in0 ? q(m.d0, 100n) : ZERO,
  })),
);

describe('drivers arithmetic', () => {
  it('against own targets: the members, their shares of the rest and the unallocated line add up exactly to the variance', () => {
    const ownCase = fc.record({ ms: fc.array(fc.record({ now: cents, before: cents, own: fc.option(cents) }), { minLength: 1, maxLength: 10 }), target: cents, previous: fc.boolean() });
    fc.assert(
      fc.property(ownCase, ({ ms, target, previous }) => {
        const figures: MemberFigures[] = ms.map((m, i) => ({ member: `m${i}`, now: q(m.now, 100n), before: q(m.before, 100n) }));
        const own = new Map<string, Q>(ms.flatMap((m, i): [string, Q][] => (m.own === null ? [] : [[`m${i}`, q(m.own, 100n)]])));
        const T = q(target, 100n);
        const split = sumVarianceOwn(figures, T, own, previous);
        const variance = qSub(sum(figures.map((f) => f.now)), T);
        expect(split.total).toEqual(variance);
        expect(sum(split.parts.map((p) => p.exact))).toEqual(variance);
        // A member with its own target contributes exactly its figure less that target.
        for (const p of split.parts) if (!p.rest && own.has(p.member)) expect(p.exact).toEqual(qSub(figures.find((f) => f.member === p.member)!.now, own.get(p.member)!));
        const rounded = finishSplit({ dimension: 'rep', against: 'target', method: 'target_share', basis: 'own_targets' }, split, 2, { top: 3, share: 0.05 });
        const parts = [...rounded.members.map((m) => m.contribution), rounded.unallocated?.contribution ?? 0, rounded.other?.contribution ?? 0];
        expect(parts.reduce((a, x) => a + BigInt(Math.round(x * 100)), 0n)).toBe(qUnits(variance, 2));
      }),
    );
  });

  it('rate + mix of each member add up exactly to the change of the ratio', () => {
    fc.assert(
      fc.property(ratioMembers, (ms) => {
        const split = rateMix(ms);
        const D1 = sum(ms.map((m) => m.nowDen!));
        const D0 = sum(ms.map((m) => m.beforeDen!));
        if (D1.n === 0n || D0.n === 0n) {
          expect(split).toBeNull();
          return;
        }
        const change = qSub(qDiv(sum(ms.map((m) => m.now)), D1), qDiv(sum(ms.map((m) => m.before)), D0));
        expect(split!.total).toEqual(change);
        expect(sum(split!.parts.map((p) => p.exact))).toEqual(change);
        // The rate effects alone are a part of it; mix is the rest, member by member.
        expect(qAdd(split!.rate, sum(split!.parts.map((p) => qSub(p.exact, p.rate!))))).toEqual(change);
      }),
      { numRuns: 300 },
    );
  });

  it('the gaps to the target add up exactly to the variance of the ratio', () => {
    fc.assert(
      fc.property(ratioMembers, cents, (ms, t) => {
        const target = q(t, 1_000_000n);
        const v = ratioVariance(ms, target);
        if (v === null) return;
        expect(sum(v.parts.map((p) => p.exact))).toEqual(v.total);
      }),
    );
  });

  it("a sum's change and variance add up exactly, whatever the target's share", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ now: cents, before: cents }), { minLength: 1, maxLength: 12 }), cents, fc.boolean(), (xs, t, byPrevious) => {
        const ms = xs.map((x, i): MemberFigures => ({ member: `m${i}`, now: q(x.now, 100n), before: q(x.before, 100n) }));
        const c = sumChange(ms);
        expect(sum(c.parts.map((p) => p.exact))).toEqual(c.total);
        const v = sumVariance(ms, q(t, 100n), byPrevious);
        expect(sum(v.parts.map((p) => p.exact))).toEqual(v.total);
      }),
    );
  });

  it('the rounded parts add up to the rounded total, each within one unit of its exact value', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cents, positive), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 10 }), (xs, scale) => {
        const parts = xs.map(([n, d]) => q(n, d));
        const total = sum(parts);
        const units = apportion(parts, total, scale);
        expect(units.reduce((a, b) => a + b, 0n)).toBe(qUnits(total, scale));
        const unit = q(1n, 10n ** BigInt(scale));
        parts.forEach((p, i) => {
          const err = qSub(q(units[i], 10n ** BigInt(scale)), p);
          expect(err.n * unit.d <= unit.n * err.d && -err.n * unit.d <= unit.n * err.d).toBe(true);
        });
      }),
    );
  });

  it('a finished split (named members and other) adds up to its total, rate and mix too', () => {
    fc.assert(
      fc.property(ratioMembers, fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (ms, top, share) => {
        const split = rateMix(ms);
        if (split === null) return;
        const s = finishSplit({ dimension: 'd', against: 'previous', method: 'rate_mix' }, split, 10, { top, share });
        // A printed figure as units of 10^-10, from its decimal text (no float multiplication).
        const u = (x: number) => {
          const [int, frac = ''] = Math.abs(x).toFixed(10).split('.');
          const v = BigInt(int + frac);
          return x < 0 ? -v : v;
        };
        const all = [...s.members, ...(s.other ? [s.other] : [])];
        expect(all.reduce((a, m) => a + u(m.contribution), 0n)).toBe(u(s.total));
        expect(all.reduce((a, m) => a + u(m.rate!), 0n)).toBe(u(s.rate!));
        expect(u(s.rate!) + u(s.mix!)).toBe(u(s.total));
        for (const m of all) expect(u(m.rate!) + u(m.mix!)).toBe(u(m.contribution));
        expect(s.members.length).toBeLessThanOrEqual(top);
      }),
      { numRuns: 200 },
    );
  });
});
