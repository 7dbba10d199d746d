// The "Why" of a report in words (README "Why it moved"): per explained result, one line per driver split — the
// figure explained and its named members' contributions, `other` last — for the formats people read. The numbers
// are the report model's (report/drivers.ts); this only words them, in the report's locale.
import type { DriverMember, DriverSplit, ReportContext, ResultRow } from '../report/model.js';
import { currencyOf } from '../report/model.js';
import { DEFAULT_FORMATTER, fill, formatterFor, type Formatter } from '../locale/format.js';
import { shownGroup } from './rows.js';
import { countText, reportWords } from './report-words.js';

export interface WhyLine {
  /** The result's label (and its status word), e.g. "Revenue". */
  kpi: string;
  /** "variance by rep" or "change by rep". */
  what: string;
  /** "−37,135.60 NOK: Kari Lærum −216,466.15 NOK, …, other (3) +12.00 NOK". */
  text: string;
}

/** The results that carry a split, and one line per split, in the report's locale (words and numbers). */
export function whyLines(rows: readonly ResultRow[], context: ReportContext): WhyLine[] {
  const f = formatterFor(context);
  const w = reportWords(f);
  const out: WhyLine[] = [];
  for (const r of rows) {
    for (const s of r.drivers ?? []) {
      const money = currencyOf(r, context);
      const d = (x: number) => f.delta(x, r.unit, money, r.kpi);
      const part = (name: string, c: number, rate?: number, mix?: number) =>
        rate !== undefined && mix !== undefined ? fill(w.memberRateMix, { name, contribution: d(c), rate: d(rate), mix: d(mix) }) : `${name} ${d(c)}`;
      // Against their own targets, a member measured otherwise says so: `(blank) −65,618.50 NOK (share of …)`.
      const tag = (m: DriverMember) => (s.basis && m.basis && m.basis !== 'own_target' ? ` (${fill(w.basisTag[m.basis], { by: f.field(s.dimension) })})` : '');
      const members = s.members.map((m) => part(shownGroup(m.member, f), m.contribution, m.rate, m.mix) + tag(m));
      if (s.unallocated) members.push(fill(s.method === 'target_gap' ? w.unallocatedRatio : w.unallocated, { by: f.field(s.dimension), contribution: d(s.unallocated.contribution) }));
      if (s.other) members.push(part(fill(w.otherMembers, { n: countText(s.other.members, f) }), s.other.contribution, s.other.rate, s.other.mix));
      const head = s.rate !== undefined && s.mix !== undefined ? fill(w.rateMix, { total: d(s.total), rate: d(s.rate), mix: d(s.mix) }) : d(s.total);
      const what = fill(s.against === 'target' ? (s.basis === 'own_targets' ? w.varianceByOwn : w.varianceBy) : w.changeBy, { by: f.field(s.dimension) });
      out.push({ kpi: f.label(r.kpi, r.label), what, text: `${head}: ${members.join(', ') || w.noMember}` });
    }
  }
  return out;
}

/** One line of text per split: "Why Revenue — variance by rep: −37,135.60 NOK: Kari Lærum −216,466.15 NOK, …". */
export const whyText = (rows: readonly ResultRow[], context: ReportContext): string[] => {
  const w = reportWords(formatterFor(context));
  return whyLines(rows, context).map((l) => fill(w.whyLine, { kpi: l.kpi, what: l.what, text: l.text }));
};

/** A confidence as the locale writes it: `95%`, `99.5%`; `95 %` in the Nordic locales. */
const confidenceText = (c: number, f: Formatter): string => new Intl.NumberFormat(f.spec.intl, { style: 'percent', maximumFractionDigits: 1 }).format(c);

/** A result's name in a sentence: its label in the locale, its group's values after it (`Win rate (Ann, Web)`). */
const nameOf = (r: ResultRow, f: Formatter): string => `${f.label(r.kpi, r.label)}${Object.keys(r.group).length ? ` (${Object.values(r.group).map((v) => shownGroup(v, f)).join(', ')})` : ''}`;

/**
 * README "Is it real": the results not called missed because their interval holds the target, and those not
 * judged for standing on fewer than min_n rows or answers — one line each, naming the group, n and the interval.
 */
export function noiseText(rows: readonly ResultRow[], context: ReportContext): string[] {
  const f = formatterFor(context);
  const w = reportWords(f);
  const out: string[] = [];
  for (const r of rows) {
    const name = nameOf(r, f);
    const v = (x: number | null) => f.value(x, r.unit, currencyOf(r, context), r.kpi);
    if (r.significant === false && r.interval && r.status === 'at_risk' && r.target !== null) {
      const method = r.interval.method === 'wilson' ? w.wilson : w.adjustedWald;
      out.push(fill(w.notSignificant, { confidence: confidenceText(r.interval.confidence, f), name, value: v(r.value), n: r.n === null ? '–' : countText(r.n, f), low: v(r.interval.low), high: v(r.interval.high), method, target: v(r.target) }));
    } else if (r.status === 'early' && r.reason?.includes('min_n')) {
      // The model's reason is `n = 5, below min_n: 30: shown, not judged`: said again in the locale's words.
      const min = /min_n: (\d+)/.exec(r.reason)?.[1];
      out.push(min !== undefined && r.n !== null ? fill(w.notJudgedMinN, { name, value: v(r.value), n: countText(r.n, f), min: countText(Number(min), f) }) : fill(w.notJudged, { name, value: v(r.value), reason: f.reason(r.reason) }));
    }
  }
  return out;
}

/**
 * README "Notes and owners": one line per result with a note (or an owner): "Note — Revenue: … (owner Kari;
 * action: …)", in the language of `f` (English without one).
 */
export function noteLines(rows: readonly ResultRow[], f: Formatter = DEFAULT_FORMATTER): string[] {
  const w = reportWords(f);
  const out: string[] = [];
  for (const r of rows) {
    if (!r.note && !r.owner) continue;
    const name = nameOf(r, f);
    const who = [r.owner ? fill(w.owner, { owner: r.owner }) : '', r.note?.action ? fill(w.action, { action: r.note.action }) : ''].filter(Boolean).join('; ');
    if (r.note) out.push(fill(w.note, { name, note: r.note.note, who: who ? ` (${who})` : '' }));
    else if (r.status === 'missed' || r.status === 'at_risk') out.push(fill(w.noteNone, { name, who }));
  }
  return out;
}

export type { DriverSplit };
