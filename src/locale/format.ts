// Numbers, money, percentages, percentage points, durations and dates as a locale writes them, through Intl; and the
// words of the renderers in the locale's language (messages/). Without a locale, exactly what kpi always printed:
// en-US digits, `1,234.00 NOK`, `41.2%`, `+3.0 pp`, ISO dates — so scripts and goldens do not move.
import type { Status, Unit } from '../model/vocabulary.js';
import { localeSpec, type LocaleId, type LocaleSpec } from './locales.js';
import { en, type Messages } from './messages/en.js';
import { nb } from './messages/nb.js';
import { sv } from './messages/sv.js';
import { da } from './messages/da.js';
import { reasonText } from './reasons.js';

export const MESSAGES: Record<LocaleSpec['language'], Messages> = { en, nb, sv, da };

/** `scale:` of a KPI: its amounts in thousands or millions (kNOK / MNOK, `tusen kr` / `mill. kr`) for board packs. */
export const SCALES = ['thousands', 'millions'] as const;
export type Scale = (typeof SCALES)[number];
export const SCALE_FACTOR: Record<Scale, number> = { thousands: 1e3, millions: 1e6 };

/** How one KPI's figures are shown (kpi.yaml `display:`, or `decimals:`/`scale:` on a KPI of `kpis:`). */
export interface KpiDisplay {
  /** Decimals shown (of the percent for percentages); default by unit. */
  decimals?: number;
  scale?: Scale;
}

/** What a formatter is built from: a ReportContext has both (report/model.ts). */
export interface LocaleSettings {
  locale?: LocaleId;
  display?: ReadonlyMap<string, KpiDisplay>;
}

/** Status marks that read without colour, before the status word: `✔ met`. */
export const STATUS_SYMBOL: Record<Status, string> = {
  met: '✔',
  at_risk: '▲',
  missed: '✘',
  early: '◷',
  no_target: '·',
  no_data: '?',
  incomplete: '◌',
  error: '✘',
};

/** `{name}` in a message filled from params. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => (Object.hasOwn(params, key) ? String(params[key]) : all));
}

const NBSP = '\u00a0';

export class Formatter {
  readonly spec: LocaleSpec;
  readonly msg: Messages;
  /** Between a number and its unit: a no-break space in the Nordic locales (as Intl writes `41,2 %`), else a space. */
  private readonly sep: string;
  private readonly formats = new Map<number, Intl.NumberFormat>();
  private readonly ownSymbol: string | undefined;
  private readonly dateFormat: Intl.DateTimeFormat | undefined;

  constructor(
    locale?: LocaleId,
    private readonly display: ReadonlyMap<string, KpiDisplay> = new Map(),
  ) {
    this.spec = localeSpec(locale);
    this.msg = MESSAGES[this.spec.language];
    this.sep = this.spec.language === 'en' ? ' ' : NBSP;
    // The locale's own currency symbol as Intl writes it: `kr` (nb, sv), `kr.` (da).
    const own = this.spec.ownCurrency;
    this.ownSymbol = own === undefined ? undefined : new Intl.NumberFormat(this.spec.intl, { style: 'currency', currency: own }).formatToParts(1).find((p) => p.type === 'currency')?.value;
    this.dateFormat = locale === undefined ? undefined : new Intl.DateTimeFormat(this.spec.intl, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  }

  get locale(): LocaleId | undefined {
    return this.spec.id;
  }

  /** The display settings of a KPI (none: by its unit). */
  displayOf(kpi: string | undefined): KpiDisplay {
    return (kpi === undefined ? undefined : this.display.get(kpi)) ?? {};
  }

  /** One Intl formatter per number of decimals: toLocaleString builds a new one on every call (slow for 100,000 groups). */
  private numberFormat(decimals: number): Intl.NumberFormat {
    let f = this.formats.get(decimals);
    if (f === undefined) {
      f = new Intl.NumberFormat(this.spec.intl, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
      this.formats.set(decimals, f);
    }
    return f;
  }

  /** Grouped digits and a typographic minus; a value that rounds to zero has no sign (never "-0.0"). */
  number(n: number, decimals: number): string {
    const text = this.numberFormat(decimals).format(Math.abs(n));
    return n < 0 && /[1-9]/.test(text) ? `−${text}` : text;
  }

  /** A whole number in prose (`and 1,234 more`). */
  integer(n: number): string {
    return this.numberFormat(0).format(n);
  }

  /** The decimals a figure of this unit is shown with (`decimals:` of the KPI first). */
  decimalsOf(value: number, unit: Unit, kpi?: string): number {
    const d = this.displayOf(kpi);
    if (d.decimals !== undefined) return d.decimals;
    if (d.scale !== undefined && unit !== 'percent') return d.scale === 'thousands' ? 0 : 1;
    switch (unit) {
      case 'currency':
        return 2;
      case 'percent':
      case 'days':
      case 'hours':
      case 'score':
        return 1;
      case 'count':
        return Number.isInteger(value) ? 0 : 1;
      case 'number':
        return Number.isInteger(value) ? 0 : 2;
    }
  }

  /** The amount's currency as written after it: `kr` for the locale's own, else the code (`NOK`). */
  currencyText(currency: string): string {
    return currency === this.spec.ownCurrency && this.ownSymbol !== undefined ? this.ownSymbol : currency;
  }

  /** `thousands` of this currency: `kNOK`, `tusen kr`, `tkr`; of a plain number: `k`. */
  scaleText(scale: Scale, currency: string | undefined): string {
    const u = this.msg.units;
    if (currency === undefined) return scale === 'thousands' ? u.thousands : u.millions;
    const own = currency === this.spec.ownCurrency;
    return fill(own ? (scale === 'thousands' ? u.thousandsOwn : u.millionsOwn) : scale === 'thousands' ? u.thousandsCode : u.millionsCode, { code: currency });
  }

  /** A number with its unit written after it: a lone `k`/`M` right after the digits, words after a space. */
  private withUnit(digits: string, unit: string): string {
    return /^[kM]$/.test(unit) ? `${digits}${unit}` : `${digits}${this.sep}${unit}`;
  }

  /** currency: 1,234,567.89 NOK · percent: 41.2% · days/hours: 12.3 d · count: 1,234 · score: 42.0 (in the locale). */
  value(value: number | null, unit: Unit, currency?: string, kpi?: string, decimals: number = value === null ? 0 : this.decimalsOf(value, unit, kpi)): string {
    if (value === null) return '–';
    if (unit === 'percent') return this.percentText(this.number(value * 100, decimals));
    const scale = this.displayOf(kpi).scale;
    if (scale !== undefined) {
      const digits = this.number(value / SCALE_FACTOR[scale], decimals);
      return this.withUnit(digits, this.scaleText(scale, unit === 'currency' ? currency : undefined));
    }
    const digits = this.number(value, decimals);
    switch (unit) {
      case 'currency':
        return currency ? `${digits}${this.sep}${this.currencyText(currency)}` : digits;
      case 'days':
        return `${digits}${this.sep}${this.msg.units.day}`;
      case 'hours':
        return `${digits}${this.sep}${this.msg.units.hour}`;
      default:
        return digits;
    }
  }

  /** `41.2%` (en), `41,2 %` (nb, sv, da: a no-break space before the sign, as Intl and Språkrådet write it). */
  private percentText(digits: string): string {
    return this.spec.language === 'en' ? `${digits}%` : `${digits}${NBSP}%`;
  }

  /** A difference in the KPI's unit, signed: percent differences are percentage points (`+3.0 pp`, `+3,0 p.p.`). */
  delta(value: number | null, unit: Unit, currency?: string, kpi?: string, decimals: number = value === null ? 0 : this.decimalsOf(value, unit, kpi)): string {
    if (value === null) return '–';
    const abs = Math.abs(value);
    const shown = unit === 'percent' ? `${this.number(abs * 100, decimals)}${this.sep}${this.msg.units.pp}` : this.value(abs, unit, currency, kpi, decimals);
    // The sign follows what is shown: a change that rounds to zero has none.
    const sign = !/[1-9]/.test(shown) ? '±' : value > 0 ? '+' : '−';
    return `${sign}${shown}`;
  }

  /** A relative difference: `+12.5%`. */
  pct(value: number | null): string {
    if (value === null) return '–';
    const sign = Math.abs(value) < 0.0005 ? '±' : value > 0 ? '+' : '−';
    return `${sign}${this.percentText(this.number(Math.abs(value) * 100, 1))}`;
  }

  /** A change against the previous period: points for percents and scores (NPS), else a relative change. */
  change(change: number | null, changePct: number | null, unit: Unit, currency?: string, kpi?: string): string {
    return unit === 'percent' || unit === 'score' ? this.delta(change, unit, currency, kpi) : this.pct(changePct);
  }

  /** A group's value as people read it: the empty group (rows with the cell empty) as `(blank)`, `(tom)`. */
  groupValue(value: string): string {
    return value === '' ? this.msg.text.blank : value;
  }

  /**
   * A field a report is grouped or split by, as people read it: a built-in field in the language (`rep` → `selger`),
   * a column of your own as written; English as kpi.yaml writes it.
   */
  field(name: string): string {
    return Object.hasOwn(this.msg.fields, name) ? this.msg.fields[name] : name;
  }

  /**
   * A result's `reason` as a person of the locale reads it (locale/reasons.ts): kpi's own reasons in the language
   * (`sales: dataene slutter 20.10.2026, …`), any other as it is; in English as the model has it.
   */
  reason(text: string): string {
    return reasonText(text, { language: this.spec.language, date: (d) => this.date(d), integer: (n) => this.integer(n) });
  }

  /** A unit in words (`currency`, `beløp`). */
  unitName(unit: Unit): string {
    return this.msg.unitName[unit] ?? unit;
  }

  /** `✔ met`, `✔ nådd`. */
  statusMark(status: Status): string {
    return `${STATUS_SYMBOL[status]} ${this.msg.status[status]}`;
  }

  /** The word of a status in the locale: `at risk`, `i fare`. */
  statusWord(status: Status): string {
    return this.msg.status[status];
  }

  /** The status in the summary: `without target`, `uten mål`. */
  statusName(status: Status): string {
    return this.msg.statusName[status];
  }

  /**
   * A result's label in the locale: a built-in KPI's label (the English one, unchanged by kpi.yaml) is translated;
   * a label the user wrote is theirs and shown as written.
   */
  label(kpi: string, label: string): string {
    if (this.spec.language === 'en' || en.kpis[kpi] !== label) return label;
    return this.msg.kpis[kpi] ?? label;
  }

  /** A day (`2026-10-01`) in the locale: `01.10.2026`, `01/10/2026`; ISO without a locale (and in Swedish). */
  date(iso: string): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (this.dateFormat === undefined || m === null) return iso;
    return this.dateFormat.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  }

  /** A message of the locale with its values filled in: `t('text', 'comparedWith', { id })`. */
  t<G extends 'text' | 'head' | 'units' | 'scorecard'>(group: G, key: keyof Messages[G], params?: Record<string, string | number>): string {
    return fill(this.msg[group][key] as string, params);
  }
}

/** The formatter of no locale: today's output, for callers that have no context. */
export const DEFAULT_FORMATTER = new Formatter();

const cache = new WeakMap<object, Formatter>();

/** The formatter of a report (its ReportContext's `locale` and `display`), made once per context. */
export function formatterFor(settings: LocaleSettings | undefined): Formatter {
  if (settings === undefined || (settings.locale === undefined && (settings.display === undefined || settings.display.size === 0))) return DEFAULT_FORMATTER;
  let f = cache.get(settings);
  if (f === undefined) {
    f = new Formatter(settings.locale, settings.display);
    cache.set(settings, f);
  }
  return f;
}
