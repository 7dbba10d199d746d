// How validate and explain say what a source's joins found, for people (the JSON carries the JoinSummary as is).
import type { JoinSummary } from '../sources/join.js';

export type { JoinSummary };

/** One line on a join for people: `join orders: OrderID = orders.OrderID: 41 lines, 41 matched`. */
export function joinLine(j: JoinSummary, read = true): string {
  const held = `${j.keys} keys${j.empty_keys ? `, ${j.empty_keys} rows with no key` : ''}; takes ${j.fields.join(', ')}`;
  const head = `join ${j.source}: ${j.on} = ${j.source}.${j.key} (${held})`;
  if (!read) return head;
  const parts = [`${j.lines} lines`, `${j.matched} matched`];
  if (j.unmatched) parts.push(`${j.unmatched} with a key in no row${j.first_unmatched ? ` (first ${j.first_unmatched.file}:${j.first_unmatched.line} ${JSON.stringify(j.first_unmatched.key)})` : ''}`);
  if (j.empty) parts.push(`${j.empty} with an empty key`);
  return `join ${j.source}: ${j.on} = ${j.source}.${j.key}: ${parts.join(', ')} (${held})`;
}
