// The check summary as each webhook wants it (README "Notifications"): Slack's Block Kit message, a Microsoft Teams
// Adaptive Card in the message envelope Teams' Workflows webhooks take, or kpi's own JSON for anything else (a
// script, Zapier, n8n, a Matrix or Mattermost bridge). Text from the data is escaped for each: `<`, `>` and `&` in
// Slack's mrkdwn; Adaptive Card TextBlocks render a subset of Markdown, so its characters are escaped there.
import type { CheckSummary } from './summary.js';
import { summaryPlainText } from './summary.js';

export const KINDS = ['slack', 'teams', 'json'] as const;
export type Kind = (typeof KINDS)[number];

/** The kind a webhook URL's host says (Slack's and Teams' own hosts), else the generic JSON. */
export function kindOf(url: URL): Kind {
  const host = url.hostname.toLowerCase();
  if (host === 'hooks.slack.com' || host.endsWith('.slack.com')) return 'slack';
  if (host.endsWith('.webhook.office.com') || host.endsWith('.logic.azure.com') || host.endsWith('.powerplatform.com')) return 'teams';
  return 'json';
}

export function payload(kind: Kind, s: CheckSummary): unknown {
  if (kind === 'slack') return slack(s);
  if (kind === 'teams') return teams(s);
  return { kpi_check: 1, title: s.title, period: s.period, verdict: s.verdict, exit: s.exit, counts: s.counts, summary: s.summary, exceptions: s.exceptions, more: s.more, since_last_run: s.since, text: summaryPlainText(s) };
}

const slackText = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Slack cuts a section's text at 3,000 characters: a long Why line is cut with a mark rather than refused. */
const cut = (t: string, max: number): string => (t.length <= max ? t : `${t.slice(0, max - 1)}…`);

function slack(s: CheckSummary): unknown {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`${s.title}: ${s.verdict}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: slackText(s.counts) } },
  ];
  if (s.since) {
    const lines = s.since.lines.length ? s.since.lines : ['nothing new'];
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(slackText(`${s.since.previous ? `Since the last run (${s.since.previous})` : 'No earlier run'}: ${lines.join('; ')}`), 3000) }] });
  }
  if (s.exceptions.length) blocks.push({ type: 'divider' });
  for (const e of s.exceptions) {
    const lines = [`*${slackText(e.label)}* ${slackText(e.status_text)}: ${slackText(e.value)} (target ${slackText(e.target)}, ${slackText(e.variance)})`];
    for (const w of e.why) lines.push(`>Why — ${slackText(w)}`);
    if (e.note) lines.push(`>Note — ${slackText(e.note)}`);
    if (e.reason) lines.push(`_${slackText(e.reason)}_`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(lines.join('\n'), 3000) } });
  }
  if (s.more > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `and ${s.more} more (kpi check shows all)` }] });
  return { text: cut(slackText(`${s.title}: ${s.verdict} — ${s.counts}`), 3000), blocks };
}

/**
 * Adaptive Card TextBlocks read a little Markdown (bold, italic, links, lists): the marks that start one are
 * escaped, so a rep named `*Bo*` is not bold and `[x](y)` is no link. Only those: other escapes show as backslashes
 * in some clients, and "(CSAT)" needs none.
 */
const cardText = (t: string): string => t.replace(/([\\`*_[\]])/g, '\\$1').replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3');

function teams(s: CheckSummary): unknown {
  const color = s.exit === 0 ? 'Good' : s.exit === 1 ? 'Attention' : 'Warning';
  const body: unknown[] = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: cardText(`${s.title}: ${s.verdict}`), color },
    { type: 'TextBlock', wrap: true, text: cardText(s.counts) },
  ];
  if (s.since) body.push({ type: 'TextBlock', wrap: true, isSubtle: true, text: cardText(`${s.since.previous ? `Since the last run (${s.since.previous})` : 'No earlier run'}: ${(s.since.lines.length ? s.since.lines : ['nothing new']).join('; ')}`) });
  for (const e of s.exceptions) {
    const items: unknown[] = [
      { type: 'TextBlock', wrap: true, weight: 'Bolder', text: cardText(`${e.status_text} ${e.label}`), color: e.status === 'missed' ? 'Attention' : 'Warning' },
      { type: 'FactSet', facts: [{ title: 'Actual', value: e.value }, { title: 'Target', value: e.target }, { title: 'Variance', value: e.variance }] },
      ...e.why.map((w) => ({ type: 'TextBlock', wrap: true, isSubtle: true, text: cardText(`Why — ${w}`) })),
      ...(e.note ? [{ type: 'TextBlock', wrap: true, text: cardText(`Note — ${e.note}`) }] : []),
      ...(e.reason ? [{ type: 'TextBlock', wrap: true, isSubtle: true, text: cardText(e.reason) }] : []),
    ];
    body.push({ type: 'Container', separator: true, items });
  }
  if (s.more > 0) body.push({ type: 'TextBlock', wrap: true, isSubtle: true, text: `and ${s.more} more (kpi check shows all)` });
  return {
    type: 'message',
    summary: `${s.title}: ${s.verdict}`,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body } }],
  };
}
