// Nested `periods:` entries of an additive target compose (trial4 F11). The rule:
//   - the most specific entry wins for its own period: December's 3M is December's target, whatever Q4 says;
//   - what a wider entry says about the rest of it is what is left of it after the narrower entries inside it,
//     spread over the parts of it they do not cover: Q4 8M with December 3M leaves 5M for October and November,
//     2.5M each; a year of 30M with October 4M leaves 26M for its other eleven months, so its Q4 is
//     4M + 2 × 26M/11;
//   - the spread is by months when the wider entry is whole months (each month the same, a part of a month by its
//     share of the month's days), else by days;
//   - narrower entries that add up to more than the wider one (or, covering all of it, to a different amount) are
//     a config error naming the entries: a negative or vanishing rest is never a target.
// Entries nest by containment; an entry that only overlaps a sibling (a week across two months inside a quarter)
// is left out of the wider entry's sum and keeps its own target for its own period.
import { ConfigError } from '../errors.js';
import { clean } from '../util/exact.js';
import { lengthInDays, monthsIn, periodContaining, type Period } from '../periods/period.js';
import type { TargetOverride } from './targets-file.js';

export interface PlanEntry {
  key: string;
  period: Period;
  spec: TargetOverride;
  /** `file:line` of the entry, for messages. */
  where?: string;
}

interface Node {
  key: string;
  period: Period;
  amount: number;
  where?: string;
  /** By months: each whole month weighs 1, a day 1/(days of its month); else each day weighs 1. */
  byMonths: boolean;
  children: Node[];
}

const contains = (a: Period, b: Period) => a.start <= b.start && b.end <= a.end;
const overlaps = (a: Period, b: Period) => a.start <= b.end && b.start <= a.end;
const amountOf = (s: TargetOverride): number | undefined => (s.relative ? undefined : (s.target ?? s.min ?? s.max));
const fmt = (n: number) => (clean(n) ?? n).toLocaleString('en-US', { maximumFractionDigits: 2 });

const plans = new WeakMap<readonly PlanEntry[], Map<string, Node>>();

/** The entries as a tree, checked; keyed by entry key. Throws a ConfigError on entries that cannot compose. */
function planOf(entries: readonly PlanEntry[]): Map<string, Node> {
  const cached = plans.get(entries);
  if (cached) return cached;
  const nodes: Node[] = [];
  for (const e of entries) {
    const amount = amountOf(e.spec);
    if (amount === undefined || !Number.isFinite(e.period.start) || !Number.isFinite(e.period.end)) continue;
    nodes.push({ key: e.key, period: e.period, amount, where: e.where, byMonths: monthsIn(e.period) !== undefined, children: [] });
  }
  // Widest first, so each entry finds the narrowest one already placed that contains it.
  nodes.sort((a, b) => lengthInDays(b.period) - lengthInDays(a.period));
  const placed: Node[] = [];
  for (const n of nodes) {
    const parent = placed.filter((p) => contains(p.period, n.period)).sort((a, b) => lengthInDays(a.period) - lengthInDays(b.period))[0];
    if (parent && !parent.children.some((c) => overlaps(c.period, n.period))) parent.children.push(n);
    placed.push(n);
  }
  for (const n of nodes) checkNode(n);
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  plans.set(entries, byKey);
  return byKey;
}

function checkNode(n: Node): void {
  if (n.children.length === 0) return;
  // Only amounts of one sign can be over-committed; a plan of losses and gains is left as written.
  if (n.amount < 0 || n.children.some((c) => c.amount < 0)) return;
  const inside = n.children.reduce((s, c) => s + c.amount, 0);
  // The parent's file:line leads the message; the entries inside it by their lines.
  const list = n.children.map((c) => `${c.key} ${fmt(c.amount)}${c.where && /:(\d+)$/.test(c.where) ? ` on line ${/:(\d+)$/.exec(c.where)![1]}` : ''}`).join(', ');
  const at = n.where ? `${n.where}: ` : '';
  if (inside > n.amount * (1 + 1e-12) + 1e-9) {
    throw new ConfigError(
      `${at}periods: ${n.key} is ${fmt(n.amount)}, but the entries inside it add up to ${fmt(inside)} (${list}), ${fmt(inside - n.amount)} more than all of it, which would leave a negative target for the rest of ${n.key}; raise ${n.key} to at least ${fmt(inside)} or lower the entries inside it`,
      [],
      'KPI_TARGETS',
    );
  }
  if (restWeight(n) <= 1e-9 && Math.abs(inside - n.amount) > Math.abs(n.amount) * 1e-12 + 1e-9) {
    throw new ConfigError(
      `${at}periods: the entries inside ${n.key} cover all of it and add up to ${fmt(inside)} (${list}), not its ${fmt(n.amount)}; make them agree or drop ${n.key}`,
      [],
      'KPI_TARGETS',
    );
  }
}

/** Weight of the days from..to inside node n, by n's spread (months or days). */
function weight(n: Node, from: number, to: number): number {
  const a = Math.max(from, n.period.start);
  const b = Math.min(to, n.period.end);
  if (a > b) return 0;
  if (!n.byMonths) return b - a + 1;
  let w = 0;
  for (let day = a; day <= b; ) {
    const m = periodContaining(day, 'month');
    const last = Math.min(m.end, b);
    w += (last - day + 1) / lengthInDays(m);
    day = last + 1;
  }
  return w;
}

/** Weight of the part of n its children do not cover, within from..to (the whole of n by default). */
function restWeight(n: Node, from = n.period.start, to = n.period.end): number {
  return weight(n, from, to) - n.children.reduce((s, c) => s + weight(n, Math.max(from, c.period.start), Math.min(to, c.period.end)), 0);
}

/** n's plan over the days from..to. */
function amountIn(n: Node, from: number, to: number): number {
  if (from <= n.period.start && n.period.end <= to) return n.amount;
  if (to < n.period.start || from > n.period.end) return 0;
  const inside = n.children.reduce((s, c) => s + c.amount, 0);
  const rest = restWeight(n);
  let sum = n.children.reduce((s, c) => s + amountIn(c, from, to), 0);
  if (rest > 1e-12) sum += ((n.amount - inside) / rest) * restWeight(n, from, to);
  return sum;
}

/**
 * The target of `period` from the entry `key` that contains it, composed with the narrower entries inside that
 * one; undefined when the entry has no amount (a relative target) or no entry inside it (then the plain share of
 * the entry applies). `how` says it for explain; `months` lists the period's months with their
 * whole-month targets when the period is several whole months, for pacing by them.
 */
export function composedTarget(
  entries: readonly PlanEntry[],
  key: string,
  period: Period,
): { target: number; how: string; months?: { month: Period; target: number; from: number; to: number }[] } | undefined {
  const node = planOf(entries).get(key);
  if (!node || node.children.length === 0) return undefined;
  const touched = node.children.filter((c) => overlaps(c.period, period));
  const target = clean(amountIn(node, period.start, period.end)) ?? NaN;
  const inside = node.children.reduce((s, c) => s + c.amount, 0);
  const own = touched.map((c) => (contains(period, c.period) ? `${c.key}'s own ${fmt(c.amount)}` : `part of ${c.key}'s ${fmt(c.amount)}`)).join(' + ');
  const restHere = restWeight(node, period.start, period.end);
  const unit = node.byMonths ? 'months' : 'days';
  const rest =
    restHere > 1e-12
      ? ` + ${fmt(restHere)} of the ${fmt(restWeight(node))} other ${unit} of ${node.key}, which share the ${fmt(node.amount - inside)} left of its ${fmt(node.amount)} after ${node.children.map((c) => c.key).join(', ')}`
      : '';
  const how = `period override '${key}' with the entries inside it: ${[own, rest.replace(/^ \+ /, '')].filter(Boolean).join(' + ')}`;
  const n = monthsIn(period);
  let months: { month: Period; target: number; from: number; to: number }[] | undefined;
  if (n !== undefined && n > 1) {
    months = [];
    for (let day = period.start; day <= period.end; ) {
      const m = periodContaining(day, 'month');
      months.push({ month: m, target: clean(amountIn(node, m.start, m.end)) ?? NaN, from: m.start, to: m.end });
      day = m.end + 1;
    }
  }
  return { target, how, months };
}
