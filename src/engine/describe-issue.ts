// How a bad value reads in messages, shared by --strict errors, warnings and `kpi validate`.
import { quoteValue } from '../util/text.js';
import type { DataIssue } from './run.js';

/** `"abc" is not a number`, `"1,2,3": more than one decimal mark '.'` */
export function describeIssue(issue: Pick<DataIssue, 'value' | 'reason'>): string {
  return `${quoteValue(issue.value)}${issue.reason.startsWith('not ') ? ' is ' : ': '}${issue.reason}`;
}
