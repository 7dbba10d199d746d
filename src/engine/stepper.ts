// Steps a row into the accumulators of a set of aggregates. The function is generated per source plan, one line per
// aggregate, so every call in it always meets the same condition, value and accumulator class: V8 then inlines
// them, where one shared loop over all aggregates made each call site megamorphic (the hot path's largest cost
// after splitting the bytes). It calls the same compiled closures as that loop did (each aggregate has its own
// accumulator, so their order does not matter).
//
// Aggregates filtered on one text column equal to a constant (`where rep = "Ann"`: a KPI per team, region or
// product), when a column has INDEX_MIN of them or more, are looked up by the row's value instead of tested one by
// one: a row steps only the aggregates whose constant it holds, so a project of thousands of such KPIs costs a
// lookup a row, not a test per KPI (10,000 of them took 15 s of CPU on 10,000 rows, now under 2). Each still tests
// its whole condition, so the lookup only skips rows the condition would refuse.
import type { Accumulator } from './accumulators.js';
import type { Bounds, CompiledAggregate, CondFn, Row } from './compile-row.js';
import { InternalError } from '../errors.js';
import { generate } from '../util/codegen.js';

/** Steps the aggregates into a window's totals `t` and, when grouping, the row's group `g`. */
export type Stepper = (row: Row, t: Accumulator[], g: Accumulator[] | undefined, bounds: Bounds) => void;

/** Aggregates on one column's equality before they are looked up instead of tested. */
export const INDEX_MIN = 16;

export function compileStepper(aggregates: readonly CompiledAggregate[], which: readonly number[]): Stepper {
  for (const a of which) if (!Number.isInteger(a)) throw new InternalError('aggregate index must be an integer');
  // Aggregates by the text slot their condition requires equal to a constant.
  const bySlot = new Map<number, number[]>();
  for (const a of which) {
    const eq = aggregates[a].equals;
    if (eq === undefined) continue;
    const list = bySlot.get(eq.slot);
    if (list) list.push(a);
    else bySlot.set(eq.slot, [a]);
  }
  const indexed = new Set<number>();
  const parts: Stepper[] = [];
  for (const [slot, list] of bySlot) {
    if (list.length < INDEX_MIN) continue;
    for (const a of list) indexed.add(a);
    parts.push(indexStepper(aggregates, slot, list));
  }
  const lines = lineStepper(aggregates, indexed.size === 0 ? which : which.filter((a) => !indexed.has(a)));
  if (parts.length === 0) return lines;
  parts.push(lines);
  return (row, t, g, bounds) => {
    for (let i = 0; i < parts.length; i++) parts[i](row, t, g, bounds);
  };
}

/** One line per aggregate: its count of rows seen, then its condition and value. */
function lineStepper(aggregates: readonly CompiledAggregate[], which: readonly number[]): Stepper {
  const names: string[] = [];
  const closures: unknown[] = [];
  const lines: string[] = [];
  for (const a of which) {
    const agg = aggregates[a];
    lines.push(`t[${a}].seen++; if (g !== undefined) g[${a}].seen++;`);
    let value = 'null';
    if (agg.value) {
      names.push(`value${a}`);
      closures.push(agg.value);
      value = `value${a}(row)`;
    }
    const step = `v = ${value}; t[${a}].step(v); if (g !== undefined) g[${a}].step(v);`;
    if (agg.where) {
      names.push(`where${a}`);
      closures.push(agg.where satisfies CondFn);
      lines.push(`if (where${a}(row, bounds)) { ${step} }`);
    } else {
      lines.push(step);
    }
  }
  const factory = generate<Stepper>('step', names, `return function step(row, t, g, bounds) {\n  let v;\n  ${lines.join('\n  ')}\n};`);
  return factory(...closures);
}

/**
 * Aggregates whose conditions each require text slot `slot` to equal a constant (lower-cased, as `=` compares
 * text): every one counts the row as seen, and only those of the row's value test their condition and step.
 */
function indexStepper(aggregates: readonly CompiledAggregate[], slot: number, which: readonly number[]): Stepper {
  type Hit = (row: Row, t: Accumulator[], g: Accumulator[] | undefined, bounds: Bounds) => void;
  const index = new Map<string, Hit[]>();
  for (const a of which) {
    const { where, value, equals } = aggregates[a];
    if (where === undefined || equals === undefined) throw new InternalError('an indexed aggregate has a text equality in its condition');
    const hit: Hit = (row, t, g, bounds) => {
      if (!where(row, bounds)) return;
      const v = value ? value(row) : null;
      t[a].step(v);
      if (g !== undefined) g[a].step(v);
    };
    const hits = index.get(equals.text);
    if (hits) hits.push(hit);
    else index.set(equals.text, [hit]);
  }
  const all = Int32Array.from(which);
  return (row, t, g, bounds) => {
    for (let i = 0; i < all.length; i++) t[all[i]].seen++;
    if (g !== undefined) for (let i = 0; i < all.length; i++) g[all[i]].seen++;
    const v = row.text[slot];
    if (v === null) return;
    const hits = index.get(v.toLowerCase());
    if (hits !== undefined) for (let i = 0; i < hits.length; i++) hits[i](row, t, g, bounds);
  };
}
