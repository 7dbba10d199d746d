// `kpi validate` lists every bad value with where it is. One export often holds the same value for the same reason
// in many rows (30 voucher rows on an account no chart range holds), or several values for one reason (the lines of
// a SAF-T transaction of 40 lines that does not balance): the sentence is said once, with how many rows, which
// lines and the values, not once per row. Every row is still counted and located; only the repeated words go.
import { quoteValue } from '../util/text.js';
import type { DataIssue } from '../model/data-quality.js';

/** The bad values of one file and column with the same reason, their values and the lines they are on. */
export interface IssueGroup {
  file: string;
  column: string;
  /** The distinct values, in the order first read. */
  values: string[];
  reason: string;
  /** In the order the rows were read; 0 when the value has no line (a file-wide issue). */
  lines: number[];
}

/**
 * The issues grouped by file, column and reason, in the order each group's first issue came. A reason with several
 * values in a few rows (up to `few`) is said per value, each with its lines: a value is easiest found by its own line.
 */
export function groupIssues(issues: readonly DataIssue[], few = 3): IssueGroup[] {
  const groups = new Map<string, { group: IssueGroup; byValue: Map<string, number[]> }>();
  for (const i of issues) {
    const key = JSON.stringify([i.file, i.column, i.reason]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: { file: i.file, column: i.column, values: [], reason: i.reason, lines: [] }, byValue: new Map() }));
    g.group.lines.push(i.line);
    const lines = g.byValue.get(i.value);
    if (lines) lines.push(i.line);
    else {
      g.byValue.set(i.value, [i.line]);
      g.group.values.push(i.value);
    }
  }
  return [...groups.values()].flatMap(({ group, byValue }) =>
    group.values.length > 1 && group.lines.length <= few ? group.values.map((value) => ({ ...group, values: [value], lines: byValue.get(value)! })) : [group],
  );
}

/** A group's values and reason: `"9999": in no range`, or `3 values ("10500", "2500", "-12500"): does not balance`. */
export function valuesText(group: IssueGroup, describe: (issue: { value: string; reason: string }) => string, max = 5): string {
  if (group.values.length === 1) return describe({ value: group.values[0], reason: group.reason });
  const shown = group.values.slice(0, max).map((v) => quoteValue(v)).join(', ');
  return `${group.values.length} values (${shown}${group.values.length > max ? ', …' : ''}): ${group.reason}`;
}

/**
 * The lines as runs of consecutive numbers: `624–628, 632–637, 642`. With more than `max` runs, the first ones and
 * the last line: `624–628, 632–637, … 672`, so a line of output stays a line.
 */
export function linesText(lines: readonly number[], max = 6): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.length > max ? `${runs.slice(0, max - 1).join(', ')}, … ${sorted[sorted.length - 1]}` : runs.join(', ');
}
