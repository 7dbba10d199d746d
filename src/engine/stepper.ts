// Steps a row into the accumulators of a set of aggregates. The function is generated per source plan, one line per
// aggregate, so every call in it always meets the same condition, value and accumulator class: V8 then inlines
// them, where one shared loop over all aggregates made each call site megamorphic (the hot path's largest cost
// after splitting the bytes). It calls the same compiled closures in the same order as that loop did.
import type { Accumulator } from './accumulators.js';
import type { Bounds, CondFn, Row } from './compile-row.js';
import type { PlannedAggregate } from './plan.js';
import { InternalError } from '../errors.js';
import { generate } from '../util/codegen.js';

/** Steps the aggregates into a window's totals `t` and, when grouping, the row's group `g`. */
export type Stepper = (row: Row, t: Accumulator[], g: Accumulator[] | undefined, bounds: Bounds) => void;

export function compileStepper(aggregates: readonly PlannedAggregate[], which: readonly number[]): Stepper {
  const names: string[] = [];
  const closures: unknown[] = [];
  const lines: string[] = [];
  for (const a of which) {
    const agg = aggregates[a];
    if (!Number.isInteger(a)) throw new InternalError('aggregate index must be an integer');
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
