// Groups whose --by values differ only in case (`Kari Lærum` and `KARI LÆRUM`): conditions and values: ignore case,
// so a user reads them as one person, but a group is its value as written, and her figure was split in two with no
// word. Said from the groups the engine returns (either engine: the streaming one and SQL give the same groups), not
// merged: whether two spellings are one person is the export's to say.
import type { Plan } from '../plan/plan.js';
import type { AggregateResults } from '../engine/engine.js';
import type { CaseGroups } from '../model/data-quality.js';

/** How a value compares in a condition: trimmed, ignoring case. */
const folded = (values: readonly string[]): string => values.map((v) => v.trim().toLowerCase()).join('\u001f');

/**
 * Per source, the groups of window `w` that differ only in case (or surrounding spaces), each with the rows behind
 * its figures (the most any aggregate of the source took in that group), most first; noted in the source's
 * data quality with one warning per spelling beside the commonest.
 */
export function noteCaseGroups(plan: Plan, results: AggregateResults, w: number): void {
  if (plan.by.length === 0) return;
  for (const [name, sp] of plan.sources) {
    const res = results.get(name);
    if (!res || sp.groupSlots === undefined) continue;
    const byFold = new Map<string, { values: readonly string[]; rows: number }[]>();
    for (const [key, values] of res.groups(w)) {
      let rows = 0;
      for (let i = 0; i < sp.aggregates.length; i++) rows = Math.max(rows, res.taken(w, i, key));
      const f = folded(values);
      const list = byFold.get(f);
      if (list) list.push({ values, rows });
      else byFold.set(f, [{ values, rows }]);
    }
    const found: CaseGroups[] = [];
    for (const list of byFold.values()) {
      if (list.length < 2) continue;
      list.sort((a, b) => b.rows - a.rows || (a.values.join() < b.values.join() ? -1 : 1));
      found.push({ field: plan.by.join(', '), groups: list.map((g) => ({ value: g.values.join(', '), rows: g.rows })) });
    }
    if (found.length === 0) continue;
    res.quality.case_groups = found;
    for (const c of found) {
      const [main, ...others] = c.groups;
      for (const o of others) (res.quality.warnings ??= []).push(caseGroupLine(name, c.field, o, main));
    }
  }
}

const rowsText = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

function caseGroupLine(source: string, field: string, other: { value: string; rows: number }, main: { value: string; rows: number }): string {
  const how = other.value.toLowerCase() === main.value.toLowerCase() ? 'only in case' : 'only in case and spaces';
  return `${source}: ${field}: '${other.value}' (${rowsText(other.rows)}) differs from '${main.value}' (${rowsText(main.rows)}) ${how}: two groups; if they are one, fix the spelling in the export`;
}
