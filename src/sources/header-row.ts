// The header row of an export read as rows of text (CSV, a sheet): which row it is, below any title lines, and
// whether it is data (an export written without its header line), said before a single cell is taken for data.

/**
 * The header row: the first row as wide as the data below it, with mostly non-empty, non-numeric cells.
 * Title lines ("Sales report, October") and notes above it are narrower or mostly empty.
 */
export function detectHeader(records: string[][]): number | undefined {
  if (records.length === 0) return undefined;
  const widths = new Map<number, number>();
  for (const r of records.slice(0, 200)) widths.set(r.length, (widths.get(r.length) ?? 0) + 1);
  const width = [...widths].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
  const filled = (r: string[]) => r.filter((c) => c.trim() !== '').length;
  const numeric = (c: string) => /^[-+(]?[\d\s.,%]+\)?$/.test(c.trim());
  for (let i = 0; i < Math.min(records.length, 50); i++) {
    const r = records[i];
    if (r.length < width) continue;
    const n = filled(r);
    if (width >= 2 && n < Math.max(2, Math.ceil(width / 2))) continue;
    if (r.filter((c) => c.trim() !== '' && numeric(c)).length > n / 2) continue;
    return i;
  }
  return 0;
}

const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMERIC_DATE = /^\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const NUMBER = /^[-+(]?[$€£]?\s*\d[\d\s.,]*%?\)?$/;

/**
 * Why a header row is data (an export written without its header line), or undefined. Only a row that holds a
 * date and is mostly values counts: a header may well have a year or a number in it (`Region, 2025, 2026`).
 */
export function headerIsData(cells: readonly string[]): string | undefined {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (filled.length < 2) return undefined;
  const date = filled.find((c) => ISO_DATE.test(c) || NUMERIC_DATE.test(c));
  if (date === undefined) return undefined;
  const values = filled.filter((c) => ISO_DATE.test(c) || NUMERIC_DATE.test(c) || NUMBER.test(c)).length;
  if (values * 2 < filled.length) return undefined;
  return `has no header row: its first row holds values (${JSON.stringify(date.length > 40 ? `${date.slice(0, 40)}…` : date)}), not column names; add the header line the export left out (or set skip_rows if the header is further down)`;
}
