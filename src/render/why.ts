// The "Why" of a report in words (README "Why it moved"): per explained result, one line per driver split — the
// figure explained and its named members' contributions, `other` last — for the formats people read. The numbers
// are the report model's (report/drivers.ts); this only words them, in the report's locale.
import type { DriverSplit, ReportContext, ResultRow } from '../report/model.js';
import { currencyOf } from '../report/model.js';
import { formatterFor } from '../locale/format.js';
import { shownGroup } from './rows.js';

export interface WhyLine {
  /** The result's label (and its status word), e.g. "Revenue". */
  kpi: string;
  /** "variance by rep" or "change by rep". */
  what: string;
  /** "−37,135.60 NOK: Kari Lærum −216,466.15 NOK, …, other (3) +12.00 NOK". */
  text: string;
}

/** The results that carry a split, and one line per split. */
export function whyLines(rows: readonly ResultRow[], context: ReportContext): WhyLine[] {
  const f = formatterFor(context);
  const out: WhyLine[] = [];
  for (const r of rows) {
    for (const s of r.drivers ?? []) {
      const money = currencyOf(r, context);
      const d = (x: number) => f.delta(x, r.unit, money, r.kpi);
      const part = (name: string, c: number, rate?: number, mix?: number) => `${name} ${d(c)}${rate !== undefined && mix !== undefined ? ` (rate ${d(rate)}, mix ${d(mix)})` : ''}`;
      const members = s.members.map((m) => part(shownGroup(m.member), m.contribution, m.rate, m.mix));
      if (s.other) members.push(part(`other (${s.other.members})`, s.other.contribution, s.other.rate, s.other.mix));
      const head = s.rate !== undefined && s.mix !== undefined ? `${d(s.total)} = rate ${d(s.rate)} + mix ${d(s.mix)}` : d(s.total);
      out.push({ kpi: r.label, what: `${s.against === 'target' ? 'variance' : 'change'} by ${s.dimension}`, text: `${head}: ${members.join(', ') || 'no member material'}` });
    }
  }
  return out;
}

/** One line of text per split: "Why Revenue — variance by rep: −37,135.60 NOK: Kari Lærum −216,466.15 NOK, …". */
export const whyText = (rows: readonly ResultRow[], context: ReportContext): string[] => whyLines(rows, context).map((w) => `Why ${w.kpi} — ${w.what}: ${w.text}`);

/**
 * README "Is it real": the results not called missed because their interval holds the target, and those not
 * judged for standing on fewer than min_n rows or answers — one line each, naming the group, n and the interval.
 */
export function noiseText(rows: readonly ResultRow[], context: ReportContext): string[] {
  const f = formatterFor(context);
  const out: string[] = [];
  for (const r of rows) {
    const name = `${r.label}${Object.keys(r.group).length ? ` (${Object.values(r.group).map(shownGroup).join(', ')})` : ''}`;
    const v = (x: number | null) => f.value(x, r.unit, currencyOf(r, context), r.kpi);
    if (r.significant === false && r.interval && r.status === 'at_risk' && r.target !== null) {
      const method = r.interval.method === 'wilson' ? 'Wilson' : 'adjusted Wald';
      out.push(`Not significant at ${Math.round(r.interval.confidence * 1000) / 10}%: ${name} ${v(r.value)} (n ${r.n}), interval ${v(r.interval.low)} – ${v(r.interval.high)} (${method}) holds the target ${v(r.target)}: at risk, not missed`);
    } else if (r.status === 'early' && r.reason?.includes('min_n')) {
      out.push(`Not judged: ${name} ${v(r.value)}: ${r.reason}`);
    }
  }
  return out;
}

/** README "Notes and owners": one line per result with a note (or an owner): "Note — Revenue: … (owner Kari; action: …)". */
export function noteLines(rows: readonly ResultRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    if (!r.note && !r.owner) continue;
    const name = `${r.label}${Object.keys(r.group).length ? ` (${Object.values(r.group).map(shownGroup).join(', ')})` : ''}`;
    const who = [r.owner ? `owner ${r.owner}` : '', r.note?.action ? `action: ${r.note.action}` : ''].filter(Boolean).join('; ');
    if (r.note) out.push(`Note — ${name}: ${r.note.note}${who ? ` (${who})` : ''}`);
    else if (r.status === 'missed' || r.status === 'at_risk') out.push(`Note — ${name}: none yet (${who})`);
  }
  return out;
}

export type { DriverSplit };
