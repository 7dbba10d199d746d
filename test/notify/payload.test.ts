// Text from the data in a chat message is shown, never obeyed: Slack's mrkdwn control characters and Adaptive
// Card Markdown are escaped (src/notify/payload.ts).
import { describe, expect, it } from 'vitest';
import { kindOf, payload } from '../../src/notify/payload.js';
import type { CheckSummary } from '../../src/notify/summary.js';

const summary: CheckSummary = {
  title: 'KPI check 2026-10',
  period: '2026-10',
  exit: 1,
  verdict: 'failed',
  counts: '0 met · 0 at risk · 1 missed',
  summary: { met: 0, at_risk: 0, missed: 1, early: 0, no_target: 0, no_data: 0, incomplete: 0, error: 0 },
  exceptions: [{ kpi: 'revenue', label: 'Revenue (<!channel> *Bo* [x](http://evil))', group: { rep: '<!channel> *Bo* [x](http://evil)' }, status: 'missed', status_text: '✘ missed', value: '1', target: '2', variance: '−1', why: [], note: 'a & b', owner: null, reason: null }],
  more: 0,
  since: null,
};

describe('webhook payloads', () => {
  it('Slack: <, > and & escaped, so <!channel> notifies no one', () => {
    const body = JSON.stringify(payload('slack', summary));
    expect(body).toContain('*Revenue (&lt;!channel&gt; *Bo* [x](http://evil))*');
    expect(body).toContain('>Note — a &amp; b');
    expect(body).not.toContain('<!channel>');
  });

  it('Teams: Markdown marks escaped, so a name is neither bold nor a link', () => {
    const body = JSON.stringify(payload('teams', summary));
    // In JSON a backslash is doubled: the card's text is `\*Bo\*` and `\[x\](http://evil)`.
    expect(body).toContain('Revenue (<!channel> \\\\*Bo\\\\* \\\\[x\\\\](http://evil))');
  });

  it('the kind from the webhook host', () => {
    expect(kindOf(new URL('https://hooks.slack.com/services/T/B/x'))).toBe('slack');
    expect(kindOf(new URL('https://contoso.webhook.office.com/webhookb2/x'))).toBe('teams');
    expect(kindOf(new URL('https://prod-01.westeurope.logic.azure.com/workflows/x'))).toBe('teams');
    expect(kindOf(new URL('http://127.0.0.1:8080/hook'))).toBe('json');
  });
});
