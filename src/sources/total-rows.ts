// A spreadsheet's sum line at the end of an export ("Total", "Sum", "Totalt" and no date): not data. Readers whose
// records can end with one (CSV, XLSX) hold their last record back and leave it out when it is one; the table
// reports its line (RowsRead.totalRow), which the data quality names.
import type { Cell } from './table.js';

const TOTAL_WORDS = /^(grand\s+)?(total|totals|sum|summa|totalt|i\s+alt|sum\s+total|totalsum)\b/i;

/** First letters of the words in TOTAL_WORDS, for a check on bytes that needs no text (csv/byte-rows.ts). */
export const TOTAL_INITIALS: ReadonlySet<number> = new Set([...'gGtTsSiI'].map((c) => c.charCodeAt(0)));

/** A last row whose first non-empty cell says Total / Sum / Totalt: a spreadsheet's sum line, not data. */
export function isTotalRow(cells: readonly Cell[]): boolean {
  const first = cells.find((c) => typeof c === 'string' && c.trim() !== '');
  return typeof first === 'string' && TOTAL_WORDS.test(first.trim());
}

/**
 * A total row without a date (its period cell, at `periodColumn` when >= 0, empty or a total word): a real row
 * named "Total Gym AS" still has its date; a sum line has none.
 */
export function isUndatedTotalRow(cells: readonly Cell[], periodColumn: number): boolean {
  const periodCell = periodColumn >= 0 ? cells[periodColumn] : undefined;
  const undated = periodCell === undefined || (typeof periodCell === 'string' && (periodCell.trim() === '' || TOTAL_WORDS.test(periodCell.trim())));
  return undated && isTotalRow(cells);
}

/** The columns a total row is told by besides the requested ones: it says so in one of the first. */
export const TOTAL_ROW_COLUMNS: readonly number[] = [0, 1, 2];
