// `kpi validate` lists every bad value with where it is. One export often holds the same value for the same reason
// in many rows (30 voucher rows on an account no chart range holds): the sentence is said once, with how many rows
// and which lines, not once per row. Every row is still counted and located; only the repeated words go.
import type { DataIssue } from '../model/data-quality.js';

/** The bad values of one file and column with the same value and the same reason, and the lines they are on. */
export interface IssueGroup {
  file: string;
  column: string;
  value: string;
  reason: string;
  /** In the order the rows were read; 0 when the value has no line (a file-wide issue). */
  lines: number[];
}

/** The issues grouped by file, column, value and reason, in the order each group's first issue came. */
export function groupIssues(issues: readonly DataIssue[]): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const i of issues) {
    const key = JSON.stringify([i.file, i.column, i.value, i.reason]);
    const group = groups.get(key);
    if (group) group.lines.push(i.line);
    else groups.set(key, { file: i.file, column: i.column, value: i.value, reason: i.reason, lines: [i.line] });
  }
  return [...groups.values()];
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
