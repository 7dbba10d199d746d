// What `kpi notify` says (README "Notifications"): the check's verdict, its counts, and the exceptions first —
// missed, at risk, incomplete, error, figures flagged as maybe wrong — each with its figure against the target,
// its drivers ("Why") and its note, in the report's locale. The payloads of notify/payload.ts only lay this out.
import type { ReportContext, Report, ResultRow } from '../report/model.js';
import { currencyOf } from '../report/model.js';
import type { Status } from '../model/vocabulary.js';
import { formatterFor } from '../locale/format.js';
import { groupText, reportTitle, summaryText, visibleResults } from '../render/rows.js';
import { whyLines } from '../render/why.js';

/** Exceptions named in a message; the rest are counted ("and 12 more"): chat messages have limits (Slack: 50 blocks). */
export const MAX_EXCEPTIONS = 20;

export interface Exception {
  kpi: string;
  label: string;
  group: Record<string, string>;
  status: Status;
  /** The status in words, with its mark: "✘ missed". */
  status_text: string;
  /** The figures as the report shows them: "25.0%", "30.0%", "−5.0 pp". */
  value: string;
  target: string;
  variance: string;
  /** One line per driver split: "variance by rep: −5.0 pp: Jonas Brække −11.4 pp, …". */
  why: string[];
  note: string | null;
  owner: string | null;
  /** Why there is no verdict (incomplete, error), or that a figure left out values. */
  reason: string | null;
}

export interface CheckSummary {
  title: string;
  period: string;
  /** The check's exit code and its word: passed (0), failed (1), data problem (3). */
  exit: number;
  verdict: 'passed' | 'failed' | 'data problem';
  counts: string;
  summary: Record<Status, number>;
  exceptions: Exception[];
  /** Exceptions not named (past MAX_EXCEPTIONS). */
  more: number;
  /** With --notify-on: what is news since the last run of the history. */
  since: { previous: string | null; lines: string[] } | null;
}

export function checkSummary(report: Report, context: ReportContext, exit: number, since: CheckSummary['since']): CheckSummary {
  const f = formatterFor(context);
  const rows = visibleResults(report, { onlyProblems: true, sort: 'status' });
  const exceptions = rows.slice(0, MAX_EXCEPTIONS).map((r) => exception(r, context, f));
  return {
    // The report's title (its company and locale), as the check's: "KPI check 2026-10 (…)".
    title: reportTitle(report, context).replace(/^KPI report\b/, 'KPI check'),
    period: report.period.id,
    exit,
    verdict: exit === 0 ? 'passed' : exit === 1 ? 'failed' : 'data problem',
    counts: summaryText(report.summary, f),
    summary: report.summary,
    exceptions,
    more: rows.length - exceptions.length,
    since,
  };
}

function exception(r: ResultRow, context: ReportContext, f: ReturnType<typeof formatterFor>): Exception {
  const money = currencyOf(r, context);
  const group = Object.keys(r.group).length ? ` (${groupText(r, context.by, f)})` : '';
  const noteParts = [r.note?.action ? `action: ${r.note.action}` : '', r.note?.owner ? `owner ${r.note.owner}` : ''].filter(Boolean);
  return {
    kpi: r.kpi,
    label: `${r.label}${group}`,
    group: r.group,
    status: r.status,
    status_text: f.statusMark(r.status),
    value: f.value(r.value, r.unit, money, r.kpi),
    target: f.value(r.target, r.unit, money, r.kpi),
    variance: f.delta(r.variance, r.unit, money, r.kpi),
    why: whyLines([r], context).map((w) => `${w.what}: ${w.text}`),
    note: r.note ? `${r.note.note}${noteParts.length ? ` (${noteParts.join('; ')})` : ''}` : null,
    owner: r.owner ?? null,
    reason: r.reason,
  };
}

/** The summary as plain text: the fallback text of a chat message, and the body of the generic JSON payload. */
export function summaryPlainText(s: CheckSummary): string {
  const lines = [`${s.title}: ${s.verdict} — ${s.counts}`];
  for (const e of s.exceptions) {
    lines.push(`${e.status_text} ${e.label}: ${e.value} (target ${e.target}, ${e.variance})`);
    for (const w of e.why) lines.push(`  why — ${w}`);
    if (e.note) lines.push(`  note — ${e.note}`);
    if (e.reason) lines.push(`  ${e.reason}`);
  }
  if (s.more > 0) lines.push(`and ${s.more} more (kpi check shows all)`);
  if (s.since) {
    lines.push(s.since.previous ? `Since the last run (${s.since.previous}):` : 'No earlier run in the history.');
    for (const l of s.since.lines) lines.push(`  ${l}`);
  }
  return lines.join('\n');
}
