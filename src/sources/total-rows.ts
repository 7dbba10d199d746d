// Total, subtotal and footer rows of an export ("Sum", "Total", "Sum Nordvik AS", "Kari Totalt", Salesforce's
// "Total" line and its "Confidential Information" footer, an ERP's "Utskrevet av: admin"): not data, wherever
// they stand in the file. Readers (CSV, XLSX) look at every record and leave such a row out of every figure; the
// table reports its line (RowsRead.totalRows), which the data quality names. A row is only told by what it says:
// its first filled cell is a total label (or a footer line, the only filled cell) and its period cell is empty —
// a customer named "Total Sport AS" still has its invoice date, or its invoice number before the name.
// A label that also names something ("Sum Nordvik AS", "Total Sport AS") is a subtotal only when its amounts are
// the sum of the rows above it (since the previous total row, or from the start); otherwise kpi is not sure: the
// row is read as data, counted and said, and the figures that read it are in doubt (`kpi check` exits 3).
import type { Cell, TotalLabel, TotalRowSeen } from './table.js';
export type { TotalLabel, TotalRowSeen } from './table.js';

const TOTAL_WORD = String.raw`(?:grand\s+totals?|sum\s+total|totalsum|totalt|totals?|summa|sum|i\s+alt|delsum(?:ma)?|sub-?\s?totals?|samlet)`;
/** The whole label is a total word: `Total`, `Sum:`, `Grand Totals`, `Delsum`. */
const EXACT = new RegExp(String.raw`^${TOTAL_WORD}\s*[:.]?$`, 'i');
/** A total word, then what it totals: `Sum Nordvik AS`, `Sum kunde 1001`, `Total: Q4` (or a customer "Total Sport AS"). */
const PREFIX = new RegExp(String.raw`^${TOTAL_WORD}\s*[:.]?\s+\S`, 'i');
/** What is totalled, then a total word: `Kari Totalt`, `Nordvik AS Total` (Excel's Subtotal writes so). */
const SUFFIX = new RegExp(String.raw`\S\s+${TOTAL_WORD}\s*[:.]?$`, 'i');
/** A report's footer line: Salesforce's notices, an ERP's "printed by" line. Only when it is the row's only cell. */
const FOOTER = /^(?:confidential\s+information|copyright\b|\(c\)\s|©|printed\s+(?:by|on|at)\b|generated\s+(?:by|on|at)\b|utskrevet\s+(?:av|den)\b|utskrift\b|skrevet\s+ut\b|generert\s+(?:av|den)\b|utskriven\s+(?:av|den)\b|udskrevet\s+(?:af|den)\b)/i;

/** First letters of the words in TOTAL_WORD and FOOTER, for a check on bytes that needs no text (csv/byte-rows.ts). */
export const TOTAL_INITIALS: ReadonlySet<number> = new Set([...'gGtTsSiIdDcCpPuU('].map((c) => c.charCodeAt(0)));

/** Last letters of the words in TOTAL_WORD (and a label's closing `:` or `.`), for the same check on a label's end. */
export const TOTAL_FINALS: ReadonlySet<number> = new Set([...'lLtTsSmMaA:.'].map((c) => c.charCodeAt(0)));


/** What a total-looking row is: its label and how it reads. */
export interface TotalCandidate {
  label: string;
  kind: TotalLabel;
}


/** The first filled text cell of a record, trimmed, and whether it is the record's only filled cell. */
function firstFilled(cells: readonly Cell[]): { text: string; only: boolean } | undefined {
  let found: string | undefined;
  for (const c of cells) {
    if (c === undefined || c === null) continue;
    if (typeof c === 'string' && c.trim() === '') continue;
    if (found !== undefined) return { text: found, only: false };
    if (typeof c !== 'string') return undefined;
    found = c.trim();
  }
  return found === undefined ? undefined : { text: found, only: true };
}

/**
 * Whether a record looks like a total, subtotal or footer row: its first filled cell is a label of one, and its
 * period cell (at `periodColumn` when >= 0) is empty or a label too.
 */
export function totalCandidate(cells: readonly Cell[], periodColumn: number): TotalCandidate | undefined {
  const periodCell = periodColumn >= 0 ? cells[periodColumn] : undefined;
  // The period cell may hold the label itself (`Sum;;300`, `Utskrevet av: admin;;` under a `Dato` column).
  if (periodCell !== undefined && periodCell !== null && !(typeof periodCell === 'string' && (periodCell.trim() === '' || isLabel(periodCell.trim()) || FOOTER.test(periodCell.trim())))) return undefined;
  const first = firstFilled(cells);
  if (!first) return undefined;
  if (EXACT.test(first.text)) return { label: first.text, kind: 'total' };
  if (PREFIX.test(first.text) || SUFFIX.test(first.text)) return { label: first.text, kind: 'subtotal' };
  if (first.only && FOOTER.test(first.text)) return { label: first.text, kind: 'footer' };
  return undefined;
}

const isLabel = (text: string): boolean => EXACT.test(text) || PREFIX.test(text) || SUFFIX.test(text);

const LEADING_TOTAL_WORD = /^(grand\s+)?(total|totals|sum|summa|totalt|i\s+alt|sum\s+total|totalsum)\b/i;

/** A row whose first non-empty cell starts with Total / Sum / Totalt: a budget sheet's sum line (targets/budget-sheet.ts). */
export function isTotalRow(cells: readonly Cell[]): boolean {
  const first = cells.find((c) => typeof c === 'string' && c.trim() !== '');
  return typeof first === 'string' && LEADING_TOTAL_WORD.test(first.trim());
}

/**
 * Whether a subtotal's amounts (`values`, NaN where empty) are the sums of the rows above it: each filled one equals
 * `since` (the rows since the previous total row) or `all` (every row read), at least one filled. Compared to a
 * cent's hundredth, as an export prints its sums rounded.
 */
export function sumsMatch(values: ArrayLike<number>, slots: readonly number[], since: ArrayLike<number>, all: ArrayLike<number>): boolean {
  let filled = 0;
  for (const i of slots) {
    const v = values[i];
    if (v !== v) continue;
    filled++;
    const close = (s: number) => Math.abs(v - s) <= 1e-4 + Math.abs(s) * 1e-12;
    if (!close(since[i]) && !close(all[i])) return false;
  }
  return filled > 0;
}

/**
 * Keeps the sums a subtotal is checked against (sumsMatch), per number slot of the request: a reader adds each data
 * row it hands over, and decides each candidate row.
 */
export class TotalRows {
  readonly seen: TotalRowSeen[] = [];
  private readonly since: Float64Array;
  private readonly all: Float64Array;
  constructor(private readonly numberSlots: readonly number[], width: number) {
    this.since = new Float64Array(width);
    this.all = new Float64Array(width);
  }
  /** A data row read (its numbers in `num`). */
  add(num: ArrayLike<number>): void {
    for (const i of this.numberSlots) {
      const v = num[i];
      if (v === v) {
        this.since[i] += v;
        this.all[i] += v;
      }
    }
  }
  /**
   * Decides a candidate row read into `num`: true when it is left out (a total word, a footer, or a subtotal
   * whose amounts add up), false when it is read as data (a subtotal-looking row kpi is not sure of, recorded).
   */
  decide(candidate: TotalCandidate, line: number, num: ArrayLike<number>): boolean {
    const sure = candidate.kind !== 'subtotal' || sumsMatch(num, this.numberSlots, this.since, this.all);
    this.seen.push({ line, label: candidate.label, kind: candidate.kind, sure });
    if (sure && candidate.kind !== 'footer') this.since.fill(0);
    return sure;
  }
}

/** The slots of a request read as numbers (not dates, not text): the amounts a subtotal adds up. */
export function numberSlots(request: { columns: readonly { type: string }[] }): number[] {
  return request.columns.flatMap((c, i) => (c.type === 'number' ? [i] : []));
}
