// `kpi check --notify-on newly-missed|changed --history F` (README "History"): the check judged against the
// previous run of the history instead of on its own — a KPI missed for the third month running is no news, one
// missed for the first time, or a past month restated, is.
import type { Diff } from './diff.js';
import { EXACT_FIGURES, type DiffFigures } from './diff-text.js';

export const NOTIFY_ON = ['newly-missed', 'changed'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

const groupText = (g: Record<string, string>): string => {
  const parts = Object.entries(g).map(([k, v]) => `${k}=${v === '' ? '(blank)' : v}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
};

/**
 * Whether the run is news under `on`, and one line per thing that is (for stderr and the notification): in English,
 * as stderr is, the figures as `show` gives them (history/figure-text.ts: as the report showed them).
 */
export function sinceLastRun(diff: Diff, on: NotifyOn, show: DiffFigures = EXACT_FIGURES): { news: boolean; lines: string[] } {
  const lines: string[] = [];
  const pair = (kpi: string, group: Record<string, string>, p: { old: string | null; new: string | null }) => show.pair(kpi, group, p.old, p.new).join(' → ');
  for (const m of diff.newly_missed) lines.push(`newly missed: ${m.label}${groupText(m.group)} in ${m.new.period}${m.old ? ` (was ${m.old.status.replace('_', ' ')} in ${m.old.period})` : ''}`);
  if (on === 'changed') {
    for (const r of diff.restated) lines.push(`restated: ${r.label}${groupText(r.group)} ${r.period}: ${pair(r.kpi, r.group, r)}`);
    for (const c of diff.changed) {
      const parts = [c.value && `value ${pair(c.kpi, c.group, c.value)}`, c.target && `target ${pair(c.kpi, c.group, c.target)}`, c.status && `status ${c.status.old ?? '–'} → ${c.status.new ?? '–'}`].filter(Boolean);
      lines.push(`changed: ${c.label}${groupText(c.group)} ${c.period}: ${parts.join('; ')}`);
    }
    for (const m of diff.statuses) if (m.new.status !== 'missed' || m.old?.status === 'missed') lines.push(`status: ${m.label}${groupText(m.group)}: ${m.old ? `${m.old.status.replace('_', ' ')} in ${m.old.period}` : '–'} → ${m.new.status.replace('_', ' ')} in ${m.new.period}`);
    for (const d of diff.definitions ?? []) lines.push(`definition changed: ${d.label} (${d.kpi})`);
    for (const k of diff.added) lines.push(`added: ${k.label} (${k.kpi})`);
    for (const k of diff.removed) lines.push(`removed: ${k.label} (${k.kpi})`);
  }
  return { news: on === 'changed' ? diff.differs : diff.newly_missed.length > 0, lines };
}
