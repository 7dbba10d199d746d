// `kpi diff` as text (the terminal), Markdown (a PR comment, a wiki) or JSON (scripts). Figures are shown as the
// exact text the runs wrote: a diff that rounded 0.41234 and 0.41236 to 41.2% would say "changed" and show none.
import type { Status } from '../model/vocabulary.js';
import { mdText } from '../render/markdown.js';
import type { Diff, Side } from './diff.js';
import { en } from '../locale/messages/en.js';

// The English status words of every report (the diff itself speaks English, as its headings do).
const STATUS_WORD: Readonly<Record<Status, string>> = en.status;

const shownValue = (v: string | null | undefined): string => (v === null || v === undefined ? '–' : v);
const signed = (v: string | null): string => (v === null ? '' : v.startsWith('-') ? ` (${v.replace('-', '−')})` : ` (+${v})`);
const groupText = (g: Record<string, string>): string => {
  const parts = Object.entries(g).map(([k, v]) => `${k}=${v === '' ? '(blank)' : v}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
};
const sideText = (s: Side): string => `${s.name} (${s.period}${s.as_of ? `, as of ${s.as_of}` : ''})`;

/** The lines of a diff, each section with a heading and items; `md` for Markdown's headings and escaping. */
function sections(d: Diff): { title: string; items: string[] }[] {
  const out: { title: string; items: string[] }[] = [];
  out.push({
    title: `Restated past periods (${d.restated.length})`,
    items: d.restated.map((r) => `${r.label}${groupText(r.group)} ${r.period}: ${shownValue(r.old)} → ${shownValue(r.new)}${signed(r.change)}`),
  });
  out.push({
    title: `Changed figures of ${d.new.period} (${d.changed.length})`,
    items: d.changed.map((c) => {
      const parts: string[] = [];
      if (c.value) parts.push(`value ${shownValue(c.value.old)} → ${shownValue(c.value.new)}`);
      if (c.target) parts.push(`target ${shownValue(c.target.old)} → ${shownValue(c.target.new)}`);
      if (c.status) parts.push(`status ${c.status.old ? STATUS_WORD[c.status.old] : '–'} → ${c.status.new ? STATUS_WORD[c.status.new] : '–'}`);
      return `${c.label}${groupText(c.group)}: ${parts.join('; ')}`;
    }),
  });
  if (d.old.period !== d.new.period) {
    out.push({
      title: `Status since ${d.old.period} (${d.statuses.length})`,
      items: d.statuses.map((m) => `${m.label}${groupText(m.group)}: ${m.old ? `${STATUS_WORD[m.old.status]} in ${m.old.period}` : '–'} → ${STATUS_WORD[m.new.status]} in ${m.new.period}`),
    });
  }
  out.push({ title: `Newly missed (${d.newly_missed.length})`, items: d.newly_missed.map((m) => `${m.label}${groupText(m.group)}${m.old ? ` (was ${STATUS_WORD[m.old.status]} in ${m.old.period})` : ' (not in the old run)'}`) });
  out.push({
    title: d.definitions === null ? 'Changed definitions (not compared: a report JSON carries no fingerprints; compare history entries)' : `Changed definitions (${d.definitions.length})`,
    items: (d.definitions ?? []).map((c) => `${c.label} (${c.kpi}): definition ${c.old.slice(0, 12)} → ${c.new.slice(0, 12)} (its formula, unit, better or period: none changed)`),
  });
  out.push({ title: `KPIs added (${d.added.length})`, items: d.added.map((k) => `${k.label} (${k.kpi})`) });
  out.push({ title: `KPIs removed (${d.removed.length})`, items: d.removed.map((k) => `${k.label} (${k.kpi})`) });
  if (d.inputs && d.inputs.length) {
    const fp = (f: NonNullable<Diff['inputs']>[number]['old']): string => {
      if (f === null) return 'none';
      if ('sha256' in f) return `${f.size} bytes, sha256 ${f.sha256.slice(0, 12)}`;
      if ('stream' in f) return 'a stream (not hashed)';
      return [f.table ? `table ${f.table}` : '', f.query_sha256 ? `query ${f.query_sha256.slice(0, 12)}` : ''].filter(Boolean).join(', ');
    };
    out.push({ title: `Inputs that differ (${d.inputs.length})`, items: d.inputs.map((i) => `${i.source}: ${i.path}: ${fp(i.old)} → ${fp(i.new)}`) });
  }
  return out;
}

const verdict = (d: Diff): string =>
  d.differs
    ? `${d.restated.length} restated, ${d.changed.length} changed, ${d.statuses.length} status moves, ${d.newly_missed.length} newly missed, ${d.definitions?.length ?? 0} definitions changed, ${d.added.length} added, ${d.removed.length} removed`
    : 'nothing changed';

export function diffText(d: Diff): string {
  const lines = [`kpi diff: ${sideText(d.old)} → ${sideText(d.new)}`];
  for (const s of sections(d)) {
    // An empty section is one line: the reader sees it was compared.
    lines.push(s.items.length ? `${s.title}:` : `${s.title}.`);
    for (const item of s.items) lines.push(`  ${item}`);
  }
  lines.push(verdict(d));
  return `${lines.join('\n')}\n`;
}

export function diffMarkdown(d: Diff): string {
  const lines = [`### kpi diff: ${mdText(sideText(d.old))} → ${mdText(sideText(d.new))}`, '', `**${verdict(d)}**`, ''];
  for (const s of sections(d)) {
    if (!s.items.length) continue;
    lines.push(`#### ${mdText(s.title)}`, '');
    for (const item of s.items) lines.push(`- ${mdText(item)}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

export function diffJson(d: Diff): string {
  return `${JSON.stringify({ version: 1, ...d }, null, 2)}\n`;
}
