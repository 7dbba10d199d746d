// JUnit XML renderer for CI test reports (GitLab, Jenkins): each KPI result is a test case, a missed target a failure.
import type { Report, ReportContext, ResultRow } from '../report/model.js';
import { currencyOf } from '../report/model.js';
import { resultKey } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { xmlAttr, xmlText } from './escape.js';
import { formatDelta, formatPct, formatValue } from './format-value.js';
import { BAD_VALUES_FIX, STATUS_NAME, badValuesText, failsOnBadValues, shownGroup } from './rows.js';
import type { Renderer, RenderOptions } from './types.js';

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

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
  // Data that does not cover the period fails like a miss (`kpi check` exits 3 on it); a KPI that could not be
  // computed at all is an <error>, JUnit's word for a test that could not run.
  incomplete: 'failure',
  error: 'error',
};

const SKIP_REASON: Record<Status, string> = {
  met: '',
  at_risk: '',
  missed: '',
  early: 'too early in the period for a paced verdict',
  no_target: 'no target',
  no_data: 'no data for the period',
  incomplete: '',
  error: '',
};

/**
 * Every result is a test case, also under `kpi check` (`onlyProblems`): CI tools track test cases from run to run,
 * and a report holding only failures would be empty on a good day (Jenkins' junit step rejects an empty report).
 */
export const renderJunit: Renderer = (report, context, options) => ({ chunks: junitLines(report, context, options) });

/** A test case at a time (Rendered `chunks`): the counts are taken in a first pass, the cases written in a second. */
function* junitLines(report: Report, context: ReportContext, options: RenderOptions): Generator<string> {
  const outcomeOf = (status: Status): Outcome => (status === 'at_risk' && options.failOn === 'at-risk' ? 'failure' : OUTCOME[status]);
  // A figure read from values kpi does not know fails whatever its status, as `kpi check` exits 3 on it.
  // So does one that left out values it could not read (unless accepted: allow_bad_values:).
  const outcome = (r: ResultRow): Outcome => (r.status !== 'error' && (r.unknown_values > 0 || failsOnBadValues(r)) ? 'failure' : outcomeOf(r.status));
  const tests = report.results.length;
  let failures = 0;
  let skipped = 0;
  let errors = 0;
  for (const r of report.results) {
    const o = outcome(r);
    if (o === 'failure') failures++;
    else if (o === 'skipped') skipped++;
    else if (o === 'error') errors++;
  }
  // A report with no result at all is one error, never an empty (passing) suite.
  if (tests === 0) errors++;
  const suiteName = `kpi report ${report.period.id}`;
  const counts = `tests="${Math.max(tests, 1)}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0"`;
  const properties: [string, string | null][] = [
    ['period', report.period.id],
    ['period_start', report.period.start],
    ['period_end', report.period.end],
    ['compare', report.compare?.id ?? null],
  ];
  const head = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kpi" ${counts}>`,
    `  <testsuite name="${xmlAttr(suiteName)}" ${counts}>`,
    '    <properties>',
    ...properties.filter(([, v]) => v !== null).map(([k, v]) => `      <property name="${k}" value="${xmlAttr(v!)}"/>`),
    '    </properties>',
  ];
  yield `${head.join('\n')}\n`;
  for (const r of report.results) yield `${testcase(r, outcome(r), context).join('\n')}\n`;
  if (tests === 0) {
    yield [
      '    <testcase classname="kpi" name="kpi report" time="0">',
      `      <error message="${xmlAttr(NOTHING_COMPUTED)}" type="error"/>`,
      '    </testcase>',
      '',
    ].join('\n');
  }
  yield '  </testsuite>\n</testsuites>\n';
}

/** Said when a report has no result at all: the one error of its otherwise empty suite. */
export const NOTHING_COMPUTED = 'no KPI could be computed from the sources (kpi list -c shows why each is not available)';

/** `sales 2026-10-01 – 2026-10-20, 412 rows, incomplete`. */
function coverageText(c: NonNullable<ResultRow['coverage']>): string {
  const span = c.first === null ? 'no dated rows' : `${c.first} – ${c.last}`;
  const judged = c.complete === null ? '' : c.complete ? ', complete' : ', incomplete';
  return `${c.source} ${c.first === null && c.complete === null ? '' : `${span}, `}${c.rows} rows${judged}`;
}

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
  if (outcome === 'error' || (outcome === 'failure' && r.status === 'incomplete')) {
    const tag = outcome === 'error' ? 'error' : 'failure';
    out.push(`      <${tag} message="${xmlAttr(`${testName(r)}: ${r.status} — ${r.reason ?? ''}`)}" type="${r.status}">${xmlText(details)}</${tag}>`);
  } else if (outcome === 'failure' && r.unknown_values > 0) {
    const message = `${testName(r)}: read from ${r.unknown_values} value${r.unknown_values === 1 ? '' : 's'} kpi does not know; map them under values: in kpi.yaml or ignore them (kpi validate lists them)`;
    out.push(`      <failure message="${xmlAttr(message)}" type="unknown_values">${xmlText(details)}</failure>`);
  } else if (outcome === 'failure' && r.status !== 'incomplete' && r.bad_values && failsOnBadValues(r)) {
    const message = `${testName(r)}: ${r.bad_values.first.source}: ${badValuesText(r.bad_values)}; ${BAD_VALUES_FIX}`;
    out.push(`      <failure message="${xmlAttr(message)}" type="bad_values">${xmlText(details)}</failure>`);
  } else if (outcome === 'failure') out.push(`      <failure message="${xmlAttr(failureMessage(r, context))}" type="${r.status}">${xmlText(details)}</failure>`);
  else out.push(`      <system-out>${xmlText(`${r.status === 'at_risk' ? 'AT RISK\n' : ''}${details}`)}</system-out>`);
  out.push('    </testcase>');
  return out;
}

/** `Revenue (rep=Bob) missed its target: 1,067,707.70 NOK against 1,400,000.00 NOK, variance −332,292.30 NOK (−23.7%)`. */
function failureMessage(r: ResultRow, context: ReportContext): string {
  const cur = currencyOf(r, context);
  const actual = r.pace ? `projected ${formatValue(r.projected, r.unit, cur)}` : formatValue(r.value, r.unit, cur);
  const group = Object.entries(r.group).map(([k, v]) => `${k}=${shownGroup(v)}`);
  const who = group.length > 0 ? `${r.label} (${group.join(', ')})` : r.label;
  return `${who} ${STATUS_NAME[r.status]} its target: ${actual} against ${formatValue(r.target, r.unit, cur)}, variance ${formatDelta(r.variance, r.unit, cur)} (${formatPct(r.variance_pct)})`;
}

function detailText(r: ResultRow, context: ReportContext): string {
  const cur = currencyOf(r, context);
  const lines: [string, string][] = [
    ['kpi', `${r.kpi} (${r.label})`],
    ['value', formatValue(r.value, r.unit, cur)],
    ...(r.pace ? [['projected', `${formatValue(r.projected, r.unit, cur)} (the period is still running)`] as [string, string]] : []),
    ['target', formatValue(r.target, r.unit, cur)],
    ['variance', `${formatDelta(r.variance, r.unit, cur)} (${formatPct(r.variance_pct)})`],
    ['status', r.status],
    ...(r.reason ? [['reason', r.reason] as [string, string]] : []),
    ...(r.coverage ? [['data', coverageText(r.coverage)] as [string, string]] : []),
    ...(r.bad_values ? [['bad values', `${r.bad_values.first.source}: ${badValuesText(r.bad_values)}${r.bad_values.accepted ? ' (accepted)' : ''}`] as [string, string]] : []),
  ];
  const how = context.targetHow.get(resultKey(r));
  if (how) lines.push(['target from', how]);
  return lines.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`).join('\n');
}
