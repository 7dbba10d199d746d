// GitHub Actions: the markdown report appended to the job summary, and one annotation per missed or at-risk KPI.
import { appendFileSync } from 'node:fs';
import type { Report, ReportContext } from '../report/model.js';
import { currencyOf } from '../report/model.js';
import { formatDelta, formatValue } from '../render/format-value.js';
import { renderers } from '../render/index.js';
import { renderedBlocks } from '../render/stream.js';
import { describeErrno, writeStdout } from './output.js';
import { BAD_VALUES_FIX, badValuesText, failsOnBadValues, shownGroup } from '../render/rows.js';
import { visible } from '../util/text.js';

export const inGitHubActions = (): boolean => process.env.GITHUB_ACTIONS === 'true';

/** Workflow-command escaping (actions/toolkit: escapeData and escapeProperty). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function annotations(report: Report, context: ReportContext): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    const group = Object.entries(r.group).map(([k, v]) => `${k}=${shownGroup(v)}`).join(', ');
    const name = `${r.label}${group ? ` (${group})` : ''}`;
    if (r.unknown_values > 0) {
      const text = `${name}: read from ${r.unknown_values} value${r.unknown_values === 1 ? '' : 's'} kpi does not know in ${report.period.id}; map them under values: in kpi.yaml or ignore them (kpi validate lists them)`;
      lines.push(`::error title=${escapeProperty(`KPI read from unknown values: ${r.kpi}`)}::${escapeData(text)}`);
    }
    if (r.bad_values && failsOnBadValues(r)) {
      const text = `${name} in ${report.period.id}: ${r.bad_values.first.source}: ${badValuesText(r.bad_values)}; ${BAD_VALUES_FIX}`;
      lines.push(`::error title=${escapeProperty(`KPI left out unreadable values: ${r.kpi}`)}::${escapeData(visible(text))}`);
    }
    if (r.status === 'incomplete' || r.status === 'error') {
      const title = `KPI ${r.status === 'error' ? 'not computed' : 'incomplete'}: ${r.kpi}`;
      lines.push(`::error title=${escapeProperty(title)}::${escapeData(`${name} in ${report.period.id}: ${r.reason ?? r.status}`)}`);
      continue;
    }
    if (r.status !== 'missed' && r.status !== 'at_risk') continue;
    const compared = r.pace ? `projected ${formatValue(r.projected, r.unit, currencyOf(r, context))}` : formatValue(r.value, r.unit, currencyOf(r, context));
    const text = `${name}: ${compared} against target ${formatValue(r.target, r.unit, currencyOf(r, context))} (${formatDelta(r.variance, r.unit, currencyOf(r, context))}) in ${report.period.id}`;
    const title = `KPI ${r.status === 'missed' ? 'missed' : 'at risk'}: ${r.kpi}`;
    // Printed on the job's log: control characters from the data shown escaped.
    lines.push(`::${r.status === 'missed' ? 'error' : 'warning'} title=${escapeProperty(visible(title))}::${escapeData(visible(text))}`);
  }
  return lines;
}

/** Appends the markdown report to $GITHUB_STEP_SUMMARY and prints the annotations on stdout. */
export async function reportToGitHub(report: Report, context: ReportContext): Promise<void> {
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    const markdown = await (await renderers.md())(report, context, { color: false });
    try {
      for (const block of renderedBlocks(markdown)) appendFileSync(summaryFile, block);
      appendFileSync(summaryFile, '\n');
    } catch (err) {
      // The summary is a courtesy: the check's verdict (its exit code and annotations) stands without it.
      process.stderr.write(`kpi: warning: cannot write the job summary to ${summaryFile} ($GITHUB_STEP_SUMMARY): ${describeErrno(err)}\n`);
    }
  }
  const lines = annotations(report, context);
  if (lines.length) await writeStdout(`${lines.join('\n')}\n`);
}
