// A chart of accounts as data: account-number ranges, each with the ledger category its lines count in (the
// canonical values of the ledger kind's `category`, src/sources/kinds.ts), so a ledger that carries only account
// numbers gets its P&L without a category column. A leaf: readers (CSV/XLSX with `chart:`, SAF-T, SIE) import it.
//
// Ranges are written on account-number prefixes: `3` is every account that starts with 3, `6000-6019` the
// accounts whose first four digits lie between those. An account matches a range when its leading digits (as many
// as the range's bounds have) lie in it; the range with the longest bounds wins (`6020-6029` over `6`), and the
// user's ranges win over the base chart's at any length. An account in no range has no category: the reader says
// so where it is (counted, located, failing `kpi check`), it is never put in a category of kpi's choosing.
import { InternalError } from '../errors.js';

/** The P&L categories of the ledger kind a chart may give a line (what the finance KPIs sum). */
export const PNL_CATEGORIES = ['revenue', 'cogs', 'opex', 'sales', 'marketing', 'depreciation', 'amortization', 'interest', 'appropriations', 'tax'] as const;
/**
 * Lines that are in the books but in no P&L figure: balance-sheet accounts (classes 1–2), and the closing entries
 * that carry the year's result to equity (NS 4102 88–89, BAS 8990–8999) — counting those would cancel the result.
 * The ledger kind lists them under `ignore:`: known values, counted as ignored, in no KPI.
 */
export const NON_PNL_CATEGORIES = ['balance sheet', 'result transfer'] as const;
export const CHART_CATEGORIES: readonly string[] = [...PNL_CATEGORIES, ...NON_PNL_CATEGORIES];
export type ChartCategory = (typeof PNL_CATEGORIES)[number] | (typeof NON_PNL_CATEGORIES)[number];

export interface ChartRange {
  /** First and last prefix of the range, as digits of the same length (`6000`, `6019`). */
  from: string;
  to: string;
  category: string;
  /** What the range is, in the chart's own words, for explain and messages. */
  name?: string;
}

export interface Chart {
  /** `ns4102`, `bas`, or the user's file. */
  id: string;
  /** How messages name it: `NS 4102`, `BAS`, `my-chart.csv over NS 4102`. */
  label: string;
  ranges: readonly ChartRange[];
}

/**
 * An account number's digits: `3000`, `30001`, and `3000 Salgsinntekt` (number and name in one column, as many
 * exports write it); an account with other characters (`3000-01`, `A12`, `30.00`) has none.
 */
export function accountDigits(account: string | number): string | undefined {
  if (typeof account === 'number') return Number.isInteger(account) && account >= 0 ? String(account) : undefined;
  return /^\s*(\d+)(?:\s+[^\d\s].*)?$/s.exec(account)?.[1];
}

/** A chart compiled for lookups: ranges by prefix length, longest first, the user's before the base's. */
export interface CompiledChart extends Chart {
  /** The category of an account, with the range that gave it; undefined when no range holds it. */
  lookup(account: string | number): ChartRange | undefined;
}

export function compileChart(chart: Chart): CompiledChart {
  const ranges = [...chart.ranges];
  // Longest prefix first; among equal lengths, the earlier (the user's, listed first) wins.
  const order = ranges.map((r, i) => ({ r, i })).sort((a, b) => b.r.from.length - a.r.from.length || a.i - b.i).map((x) => x.r);
  const cache = new Map<string, ChartRange | null>();
  return {
    ...chart,
    lookup(account) {
      const digits = accountDigits(account);
      if (digits === undefined) return undefined;
      const known = cache.get(digits);
      if (known !== undefined) return known ?? undefined;
      let found: ChartRange | null = null;
      for (const r of order) {
        if (digits.length < r.from.length) continue;
        const head = digits.slice(0, r.from.length);
        if (head >= r.from && head <= r.to) {
          found = r;
          break;
        }
      }
      // Accounts repeat a great deal in a ledger; the set of distinct accounts is small.
      if (cache.size < 100_000) cache.set(digits, found);
      return found ?? undefined;
    },
  };
}

/**
 * A range as written: `3`, `6000-6019`, `6000..6019`, `6000–6019`. Undefined when it is not one (the caller says
 * where); both ends must have the same number of digits, the first not above the last.
 */
export function parseRange(text: string): { from: string; to: string } | undefined {
  const m = /^\s*(\d+)\s*(?:(?:-|–|\.\.)\s*(\d+)\s*)?$/.exec(text);
  if (!m) return undefined;
  const from = m[1];
  const to = m[2] ?? m[1];
  if (from.length !== to.length || from > to) return undefined;
  return { from, to };
}

/** `ranges` over `base`: the user's ranges are listed first, so at the same prefix length they win. */
export function overlay(id: string, label: string, ranges: readonly ChartRange[], base?: Chart): Chart {
  return { id, label: base ? `${label} over ${base.label}` : label, ranges: [...ranges, ...(base?.ranges ?? [])] };
}

const r = (range: string, category: ChartCategory, name?: string): ChartRange => {
  const parsed = parseRange(range);
  if (!parsed) throw new InternalError(`bad built-in range ${range}`);
  return { ...parsed, category, ...(name ? { name } : {}) };
};
export { r as range };
