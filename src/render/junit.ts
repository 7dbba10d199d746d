// JUnit XML renderer for CI test reports (GitLab, Jenkins): each KPI result is a test case, a missed target a failure.
import type { ReportContext, ResultRow } from '../report/model.js';
import { resultKey } from '../report/model.js';
import type { Status } from '../targets/compare.js';
import { xmlAttr, xmlText } from './escape.js';
import { formatDelta, formatPct, formatValue } from './format-value.js';
import { STATUS_NAME, shownGroup } from './rows.js';
import type { Renderer } from './types.js';

type Outcome = 'passed' | 'failure' | 'skipped';

/**
 * `at_risk` passes (with a note in system-out): whether it should fail is `--fail-on`'s business, which sets the exit
 * code; a test report that disagreed with the exit code would confuse. Results without a verdict are skipped.
 */
const OUTCOME: Record<Status, Outcome> = {
  met: 'passed',
  at_risk: 'passed',
  missed: 'failure',
  early: 'skipped',
  no_target: 'skipped',
  no_data: 'skipped',
};

const SKIP_REASON: Record<Status, string> = {
  met: '',
  at_risk: '',
  missed: '',
  early: 'too early in the period for a paced verdict',
  no_target: 'no target',
  no_data: 'no data for the period',
};

/**
 * Every result is a test case, also under `kpi check` (`onlyProblems`): CI tools track test cases from run to run,
 * and a report holding only failures would be empty on a good day (Jenkins' junit step rejects an empty report).
 */
export const renderJunit: Renderer = (report, context, options) => {
  const outcomeOf = (status: Status): Outcome => (status === 'at_risk' && options.failOn === 'at-risk' ? 'failure' : OUTCOME[status]);
  // A figure read from values kpi does not know fails whatever its status, as `kpi check` exits 3 on it.
  const cases = report.results.map((r) => ({ r, outcome: r.unknown_values > 0 ? ('failure' as const) : outcomeOf(r.status) }));
  const tests = cases.length;
  const failures = cases.filter((c) => c.outcome === 'failure').length;
  const skipped = cases.filter((c) => c.outcome === 'skipped').length;
  const suiteName = `kpi report ${report.period.id}`;
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0"`;
  const properties: [string, string | null][] = [
    ['period', report.period.id],
    ['period_start', report.period.start],
    ['period_end', report.period.end],
    ['compare', report.compare?.id ?? null],
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kpi" ${counts}>`,
    `  <testsuite name="${xmlAttr(suiteName)}" ${counts}>`,
    '    <properties>',
    ...properties.filter(([, v]) => v !== null).map(([k, v]) => `      <property name="${k}" value="${xmlAttr(v!)}"/>`),
    '    </properties>',
  ];
  for (const { r, outcome } of cases) lines.push(...testcase(r, outcome, context));
  lines.push('  </testsuite>', '</testsuites>');
  return { text: `${lines.join('\n')}\n` };
};

/** `revenue`, or `revenue [rep=Ann]` for a group. */
export function testName(r: ResultRow): string {
  const group = Object.entries(r.group).map(([k, v]) => `${k}=${shownGroup(v)}`);
  return group.length > 0 ? `${r.kpi} [${group.join(', ')}]` : r.kpi;
}

function testcase(r: ResultRow, outcome: Outcome, context: ReportContext): string[] {
  const open = `    <testcase classname="kpi" name="${xmlAttr(testName(r))}" time="0"`;
  if (outcome === 'skipped') return [`${open}>`, `      <skipped message="${xmlAttr(SKIP_REASON[r.status])}"/>`, '    </testcase>'];
  const details = detailText(r, context);
  const out = [`${open}>`];
  if (outcome === 'failure' && r.unknown_values > 0) {
    const message = `${testName(r)}: read from ${r.unknown_values} value${r.unknown_values === 1 ? '' : 's'} kpi does not know; map them under values: in kpi.yaml or ignore them (kpi validate lists them)`;
    out.push(`      <failure message="${xmlAttr(message)}" type="unknown_values">${xmlText(details)}</failure>`);
  } else if (outcome === 'failure') out.push(`      <failure message="${xmlAttr(failureMessage(r, context))}" type="${r.status}">${xmlText(details)}</failure>`);
  else out.push(`      <system-out>${xmlText(`${r.status === 'at_risk' ? 'AT RISK\n' : ''}${details}`)}</system-out>`);
  out.push('    </testcase>');
  return out;
}

/** `Revenue (rep=Bob) missed its target: 1,067,707.70 NOK against 1,400,000.00 NOK, variance −332,292.30 NOK (−23.7%)`. */
function failureMessage(r: ResultRow, context: ReportContext): string {
  const cur = context.currency;
  const actual = r.pace ? `projected ${formatValue(r.projected, r.unit, cur)}` : formatValue(r.value, r.unit, cur);
  const group = Object.entries(r.group).map(([k, v]) => `${k}=${shownGroup(v)}`);
  const who = group.length > 0 ? `${r.label} (${group.join(', ')})` : r.label;
  return `${who} ${STATUS_NAME[r.status]} its target: ${actual} against ${formatValue(r.target, r.unit, cur)}, variance ${formatDelta(r.variance, r.unit, cur)} (${formatPct(r.variance_pct)})`;
}

function detailText(r: ResultRow, context: ReportContext): string {
  const cur = context.currency;
  const lines: [string, string][] = [
    ['kpi', `${r.kpi} (${r.label})`],
    ['value', formatValue(r.value, r.unit, cur)],
    ...(r.pace ? [['projected', `${formatValue(r.projected, r.unit, cur)} (the period is still running)`] as [string, string]] : []),
    ['target', formatValue(r.target, r.unit, cur)],
    ['variance', `${formatDelta(r.variance, r.unit, cur)} (${formatPct(r.variance_pct)})`],
    ['status', r.status],
  ];
  const how = context.targetHow.get(resultKey(r));
  if (how) lines.push(['target from', how]);
  return lines.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`).join('\n');
}
