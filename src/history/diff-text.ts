// `kpi diff` as text (the terminal), Markdown (a PR comment, a wiki) or JSON (scripts). The text and Markdown show
// figures as the report did (history/figure-text.ts), with as many more decimals as two differing figures need (a
// diff that rounded 0.41234 and 0.41236 both to 41.2% would say "changed" and show none); JSON keeps the exact text.
import { mdText } from '../render/markdown.js';
import type { Diff, Side } from './diff.js';
import { DEFAULT_FORMATTER, fill, type Formatter } from '../locale/index.js';

/**
 * How the figures of a diff are shown (history/figure-text.ts: as the report showed them, in its locale); without
 * it, the exact text each run wrote, in English, as kpi diff always printed them.
 */
export interface DiffFigures {
  /** The words (messages' `diff`, status words, labels) and the locale. */
  readonly f: Formatter;
  value(kpi: string, group: Record<string, string>, text: string | null | undefined): string;
  pair(kpi: string, group: Record<string, string>, old: string | null | undefined, now: string | null | undefined): [string, string];
  change(kpi: string, group: Record<string, string>, text: string | null): string;
}

const shownValue = (v: string | null | undefined): string => (v === null || v === undefined ? '–' : v);
export const EXACT_FIGURES: DiffFigures = {
  f: DEFAULT_FORMATTER,
  value: (_k, _g, text) => shownValue(text),
  pair: (_k, _g, old, now) => [shownValue(old), shownValue(now)],
  change: (_k, _g, v) => (v === null ? '' : v.startsWith('-') ? v.replace('-', '−') : `+${v}`),
};

/** The lines of a diff, each section with a heading and items; `md` for Markdown's headings and escaping. */
function sections(d: Diff, show: DiffFigures): { title: string; items: string[] }[] {
  const { f } = show;
  const w = f.msg.diff;
  const n = (x: number) => (f.locale === undefined ? String(x) : f.integer(x));
  const out: { title: string; items: string[] }[] = [];
  // A field's value as the report shows it (the empty group `(blank)`, `(tom)`), the field as written: it is how
  // --by and the history name it.
  const groupText = (g: Record<string, string>): string => {
    const parts = Object.entries(g).map(([k, v]) => `${k}=${f.groupValue(v)}`);
    return parts.length ? ` (${parts.join(', ')})` : '';
  };
  const name = (x: { kpi: string; label: string; group: Record<string, string> }) => `${f.label(x.kpi, x.label)}${groupText(x.group)}`;
  const arrow = (kpi: string, group: Record<string, string>, old: string | null | undefined, now: string | null | undefined) => show.pair(kpi, group, old, now).join(' → ');
  const status = (s: Parameters<Formatter['statusWord']>[0] | null | undefined) => (s ? f.statusWord(s) : '–');
  const statusIn = (x: { period: string; status: Parameters<Formatter['statusWord']>[0] }) => fill(w.statusIn, { status: f.statusWord(x.status), period: x.period });
  out.push({
    title: fill(w.restated, { n: n(d.restated.length) }),
    items: d.restated.map((r) => {
      const change = show.change(r.kpi, r.group, r.change);
      return `${name(r)} ${r.period}: ${arrow(r.kpi, r.group, r.old, r.new)}${change ? ` (${change})` : ''}`;
    }),
  });
  out.push({
    title: fill(w.changed, { period: d.new.period, n: n(d.changed.length) }),
    items: d.changed.map((c) => {
      const parts: string[] = [];
      if (c.value) parts.push(`${w.value} ${arrow(c.kpi, c.group, c.value.old, c.value.new)}`);
      if (c.target) parts.push(`${w.target} ${arrow(c.kpi, c.group, c.target.old, c.target.new)}`);
      if (c.status) parts.push(`${w.status} ${status(c.status.old)} → ${status(c.status.new)}`);
      return `${name(c)}: ${parts.join('; ')}`;
    }),
  });
  if (d.old.period !== d.new.period) {
    out.push({
      title: fill(w.statuses, { period: d.old.period, n: n(d.statuses.length) }),
      items: d.statuses.map((m) => `${name(m)}: ${m.old ? statusIn(m.old) : '–'} → ${statusIn(m.new)}`),
    });
  }
  out.push({ title: fill(w.newlyMissed, { n: n(d.newly_missed.length) }), items: d.newly_missed.map((m) => `${name(m)} (${m.old ? fill(w.was, { was: statusIn(m.old) }) : w.notInOld})`) });
  out.push({
    title: d.definitions === null ? w.definitionsNotCompared : fill(w.definitions, { n: n(d.definitions.length) }),
    items: (d.definitions ?? []).map((c) => `${f.label(c.kpi, c.label)} (${c.kpi}): ${fill(w.definition, { old: c.old.slice(0, 12), new: c.new.slice(0, 12) })}`),
  });
  out.push({ title: fill(w.added, { n: n(d.added.length) }), items: d.added.map((k) => `${f.label(k.kpi, k.label)} (${k.kpi})`) });
  out.push({ title: fill(w.removed, { n: n(d.removed.length) }), items: d.removed.map((k) => `${f.label(k.kpi, k.label)} (${k.kpi})`) });
  if (d.inputs && d.inputs.length) {
    const fp = (x: NonNullable<Diff['inputs']>[number]['old']): string => {
      if (x === null) return w.none;
      if ('sha256' in x) return fill(w.bytes, { size: n(x.size), sha: x.sha256.slice(0, 12) });
      if ('stream' in x) return w.stream;
      return [x.table ? fill(w.table, { table: x.table }) : '', x.query_sha256 ? fill(w.query, { sha: x.query_sha256.slice(0, 12) }) : ''].filter(Boolean).join(', ');
    };
    out.push({ title: fill(w.inputs, { n: n(d.inputs.length) }), items: d.inputs.map((i) => `${i.source}: ${i.path}: ${fp(i.old)} → ${fp(i.new)}`) });
  }
  return out;
}

const verdict = (d: Diff, f: Formatter): string => {
  const n = (x: number) => (f.locale === undefined ? String(x) : f.integer(x));
  return d.differs
    ? fill(f.msg.diff.verdict, { restated: n(d.restated.length), changed: n(d.changed.length), moves: n(d.statuses.length), missed: n(d.newly_missed.length), definitions: n(d.definitions?.length ?? 0), added: n(d.added.length), removed: n(d.removed.length) })
    : f.msg.diff.nothing;
};

/**
 * `kpi-history.jsonl entry 2 (2026-11, as of 2026-12-05)`: a history's entry (named so by cli/commands/diff.ts and
 * readSnapshot) in the locale's word, `oppføring 2`; a report JSON by its file name.
 */
const sideText = (s: Side, f: Formatter): string => {
  const entry = / entry (\d+)$/.exec(s.name);
  const name = entry === null ? s.name : `${s.name.slice(0, entry.index)} ${fill(f.msg.diff.entry, { n: entry[1] })}`;
  return `${name} (${s.period}${s.as_of ? `, ${fill(f.msg.diff.asOf, { date: f.date(s.as_of) })}` : ''})`;
};

export function diffText(d: Diff, show: DiffFigures = EXACT_FIGURES): string {
  const lines = [`kpi diff: ${sideText(d.old, show.f)} → ${sideText(d.new, show.f)}`];
  for (const s of sections(d, show)) {
    // An empty section is one line: the reader sees it was compared.
    lines.push(s.items.length ? `${s.title}:` : `${s.title}.`);
    for (const item of s.items) lines.push(`  ${item}`);
  }
  lines.push(verdict(d, show.f));
  return `${lines.join('\n')}\n`;
}

export function diffMarkdown(d: Diff, show: DiffFigures = EXACT_FIGURES): string {
  const lines = [`### kpi diff: ${mdText(sideText(d.old, show.f))} → ${mdText(sideText(d.new, show.f))}`, '', `**${verdict(d, show.f)}**`, ''];
  for (const s of sections(d, show)) {
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
