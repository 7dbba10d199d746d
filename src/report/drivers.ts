// Why a result moved (README "Why it moved"): the members of each driver field (rep, product …) ranked by how much
// of the result's variance against its target, and of its change against the comparison period, each makes up.
// The members' figures come from the report's own pass (each row is also stepped into its member's group: plan.ts
// driverKey), so this module only does arithmetic — in exact rationals, rounded once at the end so that the named
// members and `other` add up to the figure explained exactly.
import type { Expr } from '../formula/ast.js';
import type { Evaluator } from '../engine/evaluate.js';
import type { AggregateResults } from '../engine/engine.js';
import type { Plan } from '../plan/plan.js';
import type { DriverSettings } from '../config/project.js';
import { toDec, type Val } from '../util/exact.js';
import type { DriverBasis, DriverMember, DriverSplit, ResultRow } from './model.js';

/** Defaults of `drivers:` (README): five members named, from 5% of the figure explained; a change from 10%. */
export const DRIVER_DEFAULTS = { top: 5, share: 0.05, change: 0.1 };
/** Decimals of a ratio's contributions (a margin's 0.0123456789 is 1.23456789 percentage points). */
const RATIO_SCALE = 10;

// ---- exact rationals -------------------------------------------------------------------------------------------
/** n / d with d > 0. */
export interface Q {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};
export const q = (n: bigint, d = 1n): Q => {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
export const ZERO: Q = { n: 0n, d: 1n };
export const qAdd = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const qSub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const qMul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const qDiv = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const qEq = (a: Q, b: Q): boolean => a.n === b.n && a.d === b.d;
const qAbsCmp = (a: Q, b: Q): number => {
  const x = (a.n < 0n ? -a.n : a.n) * b.d;
  const y = (b.n < 0n ? -b.n : b.n) * a.d;
  return x > y ? 1 : x < y ? -1 : 0;
};
const qSum = (xs: readonly Q[]): Q => xs.reduce(qAdd, ZERO);
/** A double as the decimal it prints as, exactly. */
export const qOfNumber = (x: number): Q => {
  const d = toDec(x);
  return q(d.units, 10n ** BigInt(d.scale));
};
const qOfVal = (v: Val | null): Q => (v === null ? ZERO : v.d ? q(v.d.units, 10n ** BigInt(v.d.scale)) : qOfNumber(v.v));
/** The decimals a rational needs (its denominator 2^a·5^b: max(a, b)); 99 when it is no finite decimal. */
export function decimalsOf(x: Q): number {
  let d = x.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) (d /= 2n), twos++;
  while (d % 5n === 0n) (d /= 5n), fives++;
  return d === 1n ? Math.max(twos, fives) : 99;
}
/** Units of 10^-scale, rounded half away from zero. */
export function qUnits(x: Q, scale: number): bigint {
  const num = x.n * 10n ** BigInt(scale);
  const neg = num < 0n;
  const a = neg ? -num : num;
  const r = (2n * a + x.d) / (2n * x.d);
  return neg ? -r : r;
}
const unitsToNumber = (u: bigint, scale: number): number => Number(u) / 10 ** scale;

/**
 * Rounds each part to units of 10^-scale so that the rounded parts add up exactly to the rounded total (largest
 * remainder: each part's floor, then one unit more to the parts with the largest remainders, ties in order). The
 * parts must add up to the total exactly.
 */
export function apportion(parts: readonly Q[], total: Q, scale: number): bigint[] {
  const p = 10n ** BigInt(scale);
  const floors = parts.map((x) => {
    const num = x.n * p;
    return num >= 0n ? num / x.d : -((-num + x.d - 1n) / x.d);
  });
  const rems = parts.map((x, i) => qSub(q(x.n * p, x.d), q(floors[i])));
  let left = qUnits(total, scale) - floors.reduce((a, b) => a + b, 0n);
  const order = parts.map((_, i) => i).sort((a, b) => -qAbsCmp(rems[a], rems[b]) || a - b);
  const out = [...floors];
  for (let k = 0; left > 0n && k < order.length; k++, left--) out[order[k]]++;
  return out;
}

// ---- which formulas split ----------------------------------------------------------------------------------------
/** A sum or count (or a linear combination of them, through the KPIs it uses): its members add up to it. */
function linear(plan: Plan, e: Expr): boolean {
  switch (e.kind) {
    case 'aggregate':
      return e.fn === 'sum' || e.fn === 'count';
    case 'kpi':
      return !e.offset && linear(plan, plan.kpis.get(e.id)!.expr);
    case 'neg':
      return linear(plan, e.arg);
    case 'binary':
      if (e.op === '+' || e.op === '-') return linear(plan, e.left) && linear(plan, e.right);
      if (e.op === '*') return (e.left.kind === 'number' && linear(plan, e.right)) || (linear(plan, e.left) && e.right.kind === 'number');
      return linear(plan, e.left) && e.right.kind === 'number';
    default:
      return false;
  }
}

export type Split = { kind: 'sum'; expr: Expr } | { kind: 'ratio'; num: Expr; den: Expr } | { kind: 'none'; why: string };

/** How a KPI's formula splits by member: a sum, a ratio of sums (a constant factor kept in the numerator), or not. */
export function splitOf(plan: Plan, id: string): Split {
  let e = plan.kpis.get(id)!.expr;
  while (e.kind === 'kpi' && !e.offset) e = plan.kpis.get(e.id)!.expr;
  if (linear(plan, e)) return { kind: 'sum', expr: e };
  if (e.kind === 'binary' && e.op === '/' && linear(plan, e.left) && linear(plan, e.right)) return { kind: 'ratio', num: e.left, den: e.right };
  if (e.kind === 'binary' && e.op === '*' && (e.left.kind === 'number' || e.right.kind === 'number')) {
    const [c, rest] = e.left.kind === 'number' ? [e.left, e.right] : [e.right, e.left];
    if (rest.kind === 'binary' && rest.op === '/' && linear(plan, rest.left) && linear(plan, rest.right)) {
      return { kind: 'ratio', num: { kind: 'binary', op: '*', left: c, right: rest.left, pos: e.pos }, den: rest.right };
    }
  }
  return { kind: 'none', why: 'its formula is not a sum or count, nor a ratio of them (an average, a median, a distinct count or a figure of another period does not split by member)' };
}

// ---- the split of one result -------------------------------------------------------------------------------------
export interface MemberFigures {
  member: string;
  /** Sum KPIs: the member's figure (now, before); ratios: numerator and denominator (now, before). */
  now: Q;
  before: Q;
  nowDen?: Q;
  beforeDen?: Q;
}

interface Part {
  member: string;
  exact: Q;
  rate?: Q;
  value: number | null;
  previous: number | null;
  /** target_share: the member's figure, exactly: its share of the target is shown as figure − contribution. */
  now?: Q;
  target?: number | null;
  /** Against whose target the member was measured (README "Why it moved": own targets first). */
  basis?: DriverBasis;
  /** The part of the target no member was given: its own line, never folded into `other`. */
  rest?: boolean;
}

/** The change of a sum: each member's own change. */
export function sumChange(members: readonly MemberFigures[]): { total: Q; parts: Part[] } {
  const total = qSub(qSum(members.map((m) => m.now)), qSum(members.map((m) => m.before)));
  return { total, parts: members.map((m) => ({ member: m.member, exact: qSub(m.now, m.before), value: num(m.now), previous: num(m.before) })) };
}

/**
 * The variance of a sum against target T: each member against its share of T — by its part of the previous
 * period's total when there is one (not 0), else of this period's — so the shares add up to T and the
 * contributions to the variance.
 */
export function sumVariance(members: readonly MemberFigures[], target: Q, byPrevious: boolean): { total: Q; parts: Part[] } {
  const now = qSum(members.map((m) => m.now));
  const before = qSum(members.map((m) => m.before));
  const usePrevious = byPrevious && before.n !== 0n;
  const base = usePrevious ? before : now;
  return {
    total: qSub(now, target),
    parts: members.map((m) => {
      // With no base to share it by (every member 0), the target is shared equally.
      const t = base.n === 0n ? qDiv(target, q(BigInt(members.length))) : qMul(target, qDiv(usePrevious ? m.before : m.now, base));
      return { member: m.member, exact: qSub(m.now, t), value: num(m.now), previous: num(m.before), now: m.now, target: num(t) };
    }),
  };
}

/** The part `xs` of `whole`, by `of` (its part of the previous period, else of this one, else equal shares). */
function shares(members: readonly MemberFigures[], whole: Q, byPrevious: boolean): Q[] {
  const before = qSum(members.map((m) => m.before));
  const now = qSum(members.map((m) => m.now));
  const usePrevious = byPrevious && before.n !== 0n;
  const base = usePrevious ? before : now;
  return members.map((m) => (base.n === 0n ? qDiv(whole, q(BigInt(members.length))) : qMul(whole, qDiv(usePrevious ? m.before : m.now, base))));
}

/**
 * The variance of a sum against target T when the targets give members of the field targets of their own (the
 * per-rep targets the report's group rows are judged by): each such member against its own target, so its
 * contribution is the variance its group row shows; the members without one share the rest of T (T less the
 * members' own targets) by their part of the previous period, as sumVariance shares T; and what no member was
 * given — the whole rest when every member has its own target, or when the rest is not positive (a negative
 * share of a target is no target) — is a line of its own. The parts add up to the variance exactly.
 */
export function sumVarianceOwn(members: readonly MemberFigures[], target: Q, own: ReadonlyMap<string, Q>, byPrevious: boolean): { total: Q; parts: Part[] } {
  const now = qSum(members.map((m) => m.now));
  const given = qSum(members.filter((m) => own.has(m.member)).map((m) => own.get(m.member)!));
  const rest = qSub(target, given);
  const without = members.filter((m) => !own.has(m.member));
  const shareRest = without.length > 0 && rest.n > 0n;
  const restShares = shareRest ? shares(without, rest, byPrevious) : [];
  const parts: Part[] = members.map((m) => {
    const t = own.get(m.member) ?? (shareRest ? restShares[without.indexOf(m)] : ZERO);
    const basis: DriverBasis = own.has(m.member) ? 'own_target' : shareRest ? 'rest_share' : 'no_target';
    return { member: m.member, exact: qSub(m.now, t), value: num(m.now), previous: num(m.before), now: m.now, target: num(t), basis };
  });
  // The target nobody holds: the variance it makes is 0 − rest (a rest of 250,000 is −250,000 of the variance).
  if (!shareRest && rest.n !== 0n) parts.push({ member: '', exact: qSub(ZERO, rest), value: null, previous: null, target: num(rest), rest: true });
  return { total: qSub(now, target), parts };
}

/**
 * The change of a ratio R = N/D = Σ wᵢ rᵢ (wᵢ = Dᵢ/D, rᵢ = Nᵢ/Dᵢ) between two periods, split per member into its
 * own-ratio effect (rᵢ' − rᵢ) × (wᵢ + wᵢ')/2 and its mix effect (wᵢ' − wᵢ) × ((rᵢ + rᵢ')/2 − (R + R')/2): the
 * midpoint (symmetric) split, whose two effects add up to wᵢ'rᵢ' − wᵢrᵢ exactly, and whose mix effects add up
 * over the members to Σ (wᵢ' − wᵢ) × rᵢ-midpoint because Σ wᵢ' = Σ wᵢ = 1 (the average subtracted only centres
 * each member's effect on whether it is above or below the whole). A member with no denominator in one period
 * takes its ratio of the other (no rate effect: it entered or left the mix). Null when a period's denominator is
 * 0, or a member has a numerator without a denominator.
 */
export function rateMix(members: readonly MemberFigures[]): { total: Q; rate: Q; parts: Part[] } | null {
  const N1 = qSum(members.map((m) => m.now));
  const N0 = qSum(members.map((m) => m.before));
  const D1 = qSum(members.map((m) => m.nowDen!));
  const D0 = qSum(members.map((m) => m.beforeDen!));
  if (D1.n === 0n || D0.n === 0n) return null;
  const R1 = qDiv(N1, D1);
  const R0 = qDiv(N0, D0);
  const mid = qDiv(qAdd(R0, R1), q(2n));
  const parts: Part[] = [];
  let rate = ZERO;
  for (const m of members) {
    const d1 = m.nowDen!;
    const d0 = m.beforeDen!;
    if ((d1.n === 0n && m.now.n !== 0n) || (d0.n === 0n && m.before.n !== 0n)) return null;
    if (d1.n === 0n && d0.n === 0n) continue;
    const r1 = d1.n === 0n ? qDiv(m.before, d0) : qDiv(m.now, d1);
    const r0 = d0.n === 0n ? r1 : qDiv(m.before, d0);
    const w1 = qDiv(d1, D1);
    const w0 = qDiv(d0, D0);
    const own = qMul(qSub(r1, r0), qDiv(qAdd(w0, w1), q(2n)));
    const mix = qMul(qSub(w1, w0), qSub(qDiv(qAdd(r0, r1), q(2n)), mid));
    rate = qAdd(rate, own);
    parts.push({ member: m.member, exact: qAdd(own, mix), rate: own, value: d1.n === 0n ? null : num(r1), previous: d0.n === 0n ? null : num(qDiv(m.before, d0)) });
  }
  return { total: qSub(R1, R0), rate, parts };
}

/**
 * The variance of a ratio against target T: each member's weight times its own ratio's gap, (Nᵢ − Tᵢ·Dᵢ)/D, where
 * Tᵢ is the member's own target when the targets give it one (`own`), else T. Then R − T = Σ wᵢ(rᵢ − Tᵢ) +
 * (Σ wᵢTᵢ − T): the last term, the members' own targets weighed against the total's, is a line of its own.
 */
export function ratioVariance(members: readonly MemberFigures[], target: Q, own: ReadonlyMap<string, Q> = new Map()): { total: Q; parts: Part[] } | null {
  const N1 = qSum(members.map((m) => m.now));
  const D1 = qSum(members.map((m) => m.nowDen!));
  if (D1.n === 0n) return null;
  const mixed = own.size > 0;
  const parts: Part[] = members.map((m) => {
    const t = own.get(m.member) ?? target;
    return {
      member: m.member,
      exact: qDiv(qSub(m.now, qMul(t, m.nowDen!)), D1),
      value: m.nowDen!.n === 0n ? null : num(qDiv(m.now, m.nowDen!)),
      previous: m.beforeDen!.n === 0n ? null : num(qDiv(m.before, m.beforeDen!)),
      ...(mixed ? { target: num(t), basis: own.has(m.member) ? ('own_target' as const) : ('total_target' as const) } : {}),
    };
  });
  if (mixed) {
    const weighed = qSum(members.map((m) => qMul(qDiv(m.nowDen!, D1), qSub(own.get(m.member) ?? target, target))));
    if (weighed.n !== 0n) parts.push({ member: '', exact: weighed, value: null, previous: null, rest: true });
  }
  return { total: qSub(qDiv(N1, D1), target), parts };
}

/** A rational as a figure (15 significant digits, as kpi prints): for the members' own values, never summed. */
const num = (x: Q): number => {
  const a = Number(x.n);
  const b = Number(x.d);
  const v = Math.abs(a) <= Number.MAX_SAFE_INTEGER && b <= Number.MAX_SAFE_INTEGER ? a / b : Number(decimalText(x, 20));
  return Number(v.toPrecision(15));
};
const decimalText = (x: Q, scale: number): string => {
  const u = qUnits(x, scale).toString();
  const neg = u.startsWith('-');
  const digits = (neg ? u.slice(1) : u).padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};

/** Ranks the parts, rounds them to add up exactly, and names the top N from the materiality; the rest is `other`. */
export function finishSplit(
  head: Pick<DriverSplit, 'dimension' | 'against' | 'method' | 'basis'>,
  split: { total: Q; rate?: Q; parts: Part[] },
  scale: number,
  settings: { top: number; share?: number; amount?: number },
): DriverSplit {
  const parts = [...split.parts].sort((a, b) => -qAbsCmp(a.exact, b.exact) || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  const units = apportion(
    parts.map((p) => p.exact),
    split.total,
    scale,
  );
  const totalUnits = qUnits(split.total, scale);
  const rateUnits = split.rate ? apportion(parts.map((p) => p.rate!), split.rate, scale) : undefined;
  const rateTotal = split.rate ? qUnits(split.rate, scale) : undefined;
  const floor = settings.amount !== undefined ? qOfNumber(settings.amount) : qMul(qOfNumber(settings.share ?? DRIVER_DEFAULTS.share), q(split.total.n < 0n ? -split.total.n : split.total.n, split.total.d));
  const named: DriverMember[] = [];
  let otherUnits = 0n;
  let otherRate = 0n;
  let others = 0;
  let rest: DriverSplit['unallocated'];
  parts.forEach((p, i) => {
    if (p.rest) {
      rest = { contribution: unitsToNumber(units[i], scale), ...(p.target !== undefined ? { target: p.target } : {}) };
      return;
    }
    const material = p.exact.n !== 0n && qAbsCmp(p.exact, floor) >= 0;
    if (named.length < settings.top && material) {
      const m: DriverMember = {
        member: p.member,
        contribution: unitsToNumber(units[i], scale),
        ...(rateUnits ? { rate: unitsToNumber(rateUnits[i], scale), mix: unitsToNumber(units[i] - rateUnits[i], scale) } : {}),
        value: p.value,
        previous: p.previous,
        // The share of the target as rounded: the figure less the contribution, so the three agree to the unit.
        ...(p.target !== undefined ? { target: p.now ? unitsToNumber(qUnits(p.now, scale) - units[i], scale) : p.target } : {}),
        ...(p.basis ? { basis: p.basis } : {}),
      };
      named.push(m);
    } else {
      others++;
      otherUnits += units[i];
      if (rateUnits) otherRate += rateUnits[i];
    }
  });
  const out: DriverSplit = {
    ...head,
    total: unitsToNumber(totalUnits, scale),
    scale,
    ...(rateTotal !== undefined ? { rate: unitsToNumber(rateTotal, scale), mix: unitsToNumber(totalUnits - rateTotal, scale) } : {}),
    members: named,
    ...(rest ? { unallocated: rest } : {}),
    other: others === 0 ? null : { members: others, contribution: unitsToNumber(otherUnits, scale), ...(rateUnits ? { rate: unitsToNumber(otherRate, scale), mix: unitsToNumber(otherUnits - otherRate, scale) } : {}) },
  };
  return out;
}

/** Whether a result is explained: missed or at risk (both splits), or changed by `change` of its previous value. */
export function wantsDrivers(row: ResultRow, change: number, always = false): { target: boolean; previous: boolean } {
  const bad = always || row.status === 'missed' || row.status === 'at_risk';
  return {
    target: bad && row.target !== null && row.value !== null && !row.pace,
    previous: row.change !== null && (bad || (row.change_pct !== null && Math.abs(row.change_pct) >= change) || (row.change_pct === null && row.change !== 0)),
  };
}

/** The splits of one total result by each driver field: what build-report.ts attaches to the row. */
export function explainResult(
  plan: Plan,
  results: AggregateResults,
  evaluator: Evaluator,
  row: ResultRow,
  w: number,
  cw: number | undefined,
  settings: DriverSettings,
  /** `kpi explain --drivers`: split the result whatever its status and change. */
  always = false,
  /**
   * A member's own target in the targets file (its group target for the field, e.g. `by: rep:`), undefined when
   * it has none: the variance is then split against those targets, as the group rows are judged.
   */
  ownTarget?: (dimension: string, member: string) => number | undefined,
): { drivers: DriverSplit[]; note: string | null } {
  const want = wantsDrivers(row, settings.change ?? DRIVER_DEFAULTS.change, always);
  if ((!want.target && !want.previous) || row.value === null) return { drivers: [], note: null };
  const id = row.kpi;
  const planned = plan.kpis.get(id)!;
  const split = splitOf(plan, id);
  if (split.kind === 'none') return { drivers: [], note: split.why };
  const dims = plan.drivers ?? [];
  const out: DriverSplit[] = [];
  const notes: string[] = [];
  const top = settings.top ?? DRIVER_DEFAULTS.top;
  const material = { top, ...(settings.materiality?.amount !== undefined && split.kind === 'sum' ? { amount: settings.materiality.amount } : { share: settings.materiality?.share ?? DRIVER_DEFAULTS.share }) };
  dims.forEach((dim, i) => {
    if (!planned.drivable?.[i]) {
      notes.push(`${dim}: not a field of every source ${id} reads (${[...planned.sources].join(', ')})`);
      return;
    }
    const members = new Map<string, string>();
    for (const s of planned.sources) {
      const res = results.get(s)!;
      if (!res.driverMembers) {
        notes.push(`${dim}: source '${s}' is read by an engine that does not compute drivers yet (a database or DuckDB source)`);
        return;
      }
      for (const win of cw === undefined ? [w] : [w, cw]) for (const [key, value] of res.driverMembers(win, i)) members.set(key, value);
    }
    let scale = 2;
    const at = (e: Expr, win: number | undefined, key?: string) => {
      if (win === undefined) return ZERO;
      const x = qOfVal(evaluator.evaluate(e, win, key));
      scale = Math.max(scale, decimalsOf(x));
      return x;
    };
    const [numE, denE] = split.kind === 'sum' ? [split.expr, undefined] : [split.num, split.den];
    const figures: MemberFigures[] = [...members].map(([key, member]) => ({
      member,
      now: at(numE, w, key),
      before: at(numE, cw, key),
      ...(denE ? { nowDen: at(denE, w, key), beforeDen: at(denE, cw, key) } : {}),
    }));
    // Never a split that does not add up: the members must make up the total exactly in each period.
    for (const [e, pick] of [[numE, 'now'], [numE, 'before'], [denE, 'nowDen'], [denE, 'beforeDen']] as const) {
      if (!e) continue;
      const win = pick === 'now' || pick === 'nowDen' ? w : cw;
      if (win === undefined) continue;
      if (!qEq(qSum(figures.map((f) => f[pick]!)), at(e, win))) {
        notes.push(`${dim}: its members do not add up to the total in ${win === w ? 'the period' : 'the comparison period'}`);
        return;
      }
    }
    const target = row.target === null ? undefined : qOfNumber(row.target);
    const own = new Map<string, Q>();
    if (want.target && target && ownTarget) {
      for (const f of figures) {
        const t = ownTarget(dim, f.member);
        if (t !== undefined) own.set(f.member, qOfNumber(t));
      }
    }
    const ownScale = Math.max(0, ...[...own.values()].map(decimalsOf));
    const basis = own.size > 0 ? { basis: 'own_targets' as const } : {};
    if (split.kind === 'sum') {
      const s = Math.min(scale, 6);
      const variance = own.size > 0 ? sumVarianceOwn(figures, target!, own, cw !== undefined) : target && sumVariance(figures, target, cw !== undefined);
      if (want.target && target && variance) out.push(finishSplit({ dimension: dim, against: 'target', method: 'target_share', ...basis }, variance, Math.min(6, Math.max(s, decimalsOf(target), ownScale)), material));
      if (want.previous) out.push(finishSplit({ dimension: dim, against: 'previous', method: 'sum' }, sumChange(figures), s, material));
    } else {
      if (want.target && target) {
        const v = ratioVariance(figures, target, own);
        if (v) out.push(finishSplit({ dimension: dim, against: 'target', method: 'target_gap', ...basis }, v, RATIO_SCALE, material));
      }
      if (want.previous) {
        const rm = rateMix(figures);
        if (rm) out.push(finishSplit({ dimension: dim, against: 'previous', method: 'rate_mix' }, rm, RATIO_SCALE, material));
        else notes.push(`${dim}: no rate/mix split (a period's denominator is 0, or a member has a numerator without a denominator)`);
      }
    }
  });
  return { drivers: out, note: notes.length ? notes.join('; ') : null };
}
