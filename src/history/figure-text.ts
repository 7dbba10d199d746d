// `kpi diff`'s figures as a person reads them (README "History"): as the report showed them — money to the cent with
// its currency, percentages as %, their changes in percentage points, kpi.yaml's `decimals:`/`scale:`, the locale's
// digits — from the formats each history entry records. Two figures that differ are never shown alike: where the
// report's decimals would print the same text for both (41.23% and 41.2349%), more decimals are shown until they
// differ. A figure without a recorded format (an entry of an older kpi, a report JSON's money of no named currency)
// keeps what kpi diff always printed: its exact text.
import type { Unit } from '../model/vocabulary.js';
import { Formatter, type KpiDisplay, type LocaleId } from '../locale/index.js';
import type { FigureFormat } from './entry.js';
import { seriesKey, type Snapshot } from './snapshot.js';

/** Decimals beyond the report's that a distinction may take: the exact texts carry at most 15 significant digits. */
const MAX_EXTRA = 12;

export class FigureText {
  readonly f: Formatter;
  private readonly formats = new Map<string, FigureFormat>();
  private readonly currencies = new Map<string, string>();

  /** NEW's formats win over OLD's (a KPI whose unit changed is shown as it is now). */
  constructor(old: Snapshot, now: Snapshot, locale?: LocaleId) {
    for (const s of [old, now]) {
      for (const [k, v] of s.formats) this.formats.set(k, v);
      for (const [k, v] of s.currencies) this.currencies.set(k, v);
    }
    const display = new Map<string, KpiDisplay>();
    for (const [kpi, v] of this.formats) {
      if (v.decimals !== undefined || v.scale !== undefined) display.set(kpi, { ...(v.decimals !== undefined ? { decimals: v.decimals } : {}), ...(v.scale !== undefined ? { scale: v.scale } : {}) });
    }
    this.f = new Formatter(locale, display);
  }

  private format(kpi: string, group: Record<string, string>): { unit: Unit; currency?: string } | undefined {
    const f = this.formats.get(kpi);
    if (f === undefined) return undefined;
    const currency = f.unit === 'currency' ? (this.currencies.get(seriesKey(kpi, group)) ?? f.currency) : undefined;
    return currency === undefined ? { unit: f.unit } : { unit: f.unit, currency };
  }

  /** One figure (a target, a value with nothing to tell it from). */
  value(kpi: string, group: Record<string, string>, text: string | null | undefined): string {
    if (text === null || text === undefined) return '–';
    const fmt = this.format(kpi, group);
    if (fmt === undefined) return text;
    return this.f.value(Number(text), fmt.unit, fmt.currency, kpi);
  }

  /** Two figures of the same KPI and group that differ as exact text, shown so that they differ as shown too. */
  pair(kpi: string, group: Record<string, string>, old: string | null | undefined, now: string | null | undefined): [string, string] {
    const fmt = this.format(kpi, group);
    if (fmt === undefined || old === null || old === undefined || now === null || now === undefined) return [this.value(kpi, group, old), this.value(kpi, group, now)];
    const a = Number(old);
    const b = Number(now);
    const base = Math.max(this.f.decimalsOf(a, fmt.unit, kpi), this.f.decimalsOf(b, fmt.unit, kpi));
    for (let extra = 0; extra <= MAX_EXTRA; extra++) {
      const decimals = extra === 0 ? undefined : base + extra;
      const x = this.f.value(a, fmt.unit, fmt.currency, kpi, decimals);
      const y = this.f.value(b, fmt.unit, fmt.currency, kpi, decimals);
      if (x !== y || a === b) return [x, y];
    }
    return [old, now];
  }

  /** A change (new − old, exact text), signed, in the KPI's unit: points for percentages; never a bare `±0`. */
  change(kpi: string, group: Record<string, string>, text: string | null): string {
    if (text === null) return '';
    const fmt = this.format(kpi, group);
    if (fmt === undefined) return text.startsWith('-') ? text.replace('-', '−') : `+${text}`;
    const n = Number(text);
    const base = this.f.decimalsOf(n, fmt.unit, kpi);
    for (let extra = 0; extra <= MAX_EXTRA; extra++) {
      const shown = this.f.delta(n, fmt.unit, fmt.currency, kpi, extra === 0 ? undefined : base + extra);
      if (n === 0 || /[1-9]/.test(shown)) return shown;
    }
    return text.startsWith('-') ? text.replace('-', '−') : `+${text}`;
  }
}
