// The column heads of a budget sheet as finance writes them: month names in English, Norwegian, Swedish and Danish
// (`januar`, `jan.`, `mai`, `okt`, `maj`, `marts`), with or without a year (`jan 2026`, `jan.26`, `2026-01`, a
// date cell), and the heads that are not months but must not be taken for data either (`Sum`, `Q1`, `Kommentar`).

/** Month names and their short forms, each language's spelling; 1-based month numbers. */
const NAMES: readonly (readonly string[])[] = [
  ['january', 'januar', 'januari', 'jan'],
  ['february', 'februar', 'februari', 'feb', 'febr'],
  ['march', 'mars', 'marts', 'mar', 'mrs'],
  ['april', 'apr'],
  ['may', 'mai', 'maj'],
  ['june', 'juni', 'jun'],
  ['july', 'juli', 'jul'],
  ['august', 'augusti', 'aug'],
  ['september', 'sep', 'sept'],
  ['october', 'oktober', 'oct', 'okt'],
  ['november', 'nov'],
  ['december', 'desember', 'dec', 'des'],
];
const MONTH = new Map<string, number>(NAMES.flatMap((names, i) => names.map((n) => [n, i + 1] as [string, number])));

export type MonthHead =
  | { kind: 'month'; month: number; year?: number }
  /** A column of sums over the months (`Sum`, `Total`, `Året`, `Hele året`): read by no target. */
  | { kind: 'sum' }
  /** A quarter's or half's subtotal (`Q1`, `K2`, `1. kvartal`, `H1`): read by no target. */
  | { kind: 'subtotal' }
  /** A column of text beside the figures (`Kommentar`, `Note`, `Ansvarlig`). */
  | { kind: 'note' };

const SUM = /^(?:sum|summa|total|totalt|totals|i alt|år|året|year|full year|hele året|helår|helåret|budsjett|budget|ytd|fy|fy total|year total|sum år|sum året|totalsum)(?:\s+\d{4})?$/i;
const SUBTOTAL = /^(?:q|k|kv|kvartal|h|t)\s*[1-4]|^[1-4]\.?\s*(?:kvartal|kv|q|quarter|halvår|tertial)|^(?:quarter|halvår|halvår)\s*[1-4]/i;
const NOTE = /^(?:kommentar|kommentarer|comment|comments|note|notes|notat|merknad|merknader|anmärkning|bemærkning|ansvarlig|ansvar|owner|beskrivelse|description|forklaring)$/i;

/** Two-digit years in headers (`jan.26`, `jan-26`) are 20xx. */
const fullYear = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

/**
 * What a column head is: a month (and its year when the head says it), a sum, a subtotal or a note; undefined
 * for anything else (a KPI, account or group column, or a column the sheet should not have).
 */
export function monthHead(raw: string): MonthHead | undefined {
  const text = raw.trim().replace(/\s+/g, ' ');
  if (text === '') return undefined;
  // 2026-01, 2026-1, 2026/01, 2026M01, 2026.01; a date cell's ISO text (2026-01-01T00:00:00) on the first.
  let m = /^(\d{4})[-/.M](\d{1,2})(?:-01(?:T00:00(?::00(?:\.000)?)?)?)?$/i.exec(text);
  if (m && +m[2] >= 1 && +m[2] <= 12) return { kind: 'month', month: +m[2], year: +m[1] };
  // 01.2026, 1/2026, 01-2026
  m = /^(\d{1,2})[-/.](\d{4})$/.exec(text);
  if (m && +m[1] >= 1 && +m[1] <= 12) return { kind: 'month', month: +m[1], year: +m[2] };
  // jan, jan., januar, Jan 2026, jan.26, jan-26, januar 2026, 'jan 26
  m = /^([\p{L}]+)\.?(?:[\s.\-/']+'?(\d{4}|\d{2}))?$/u.exec(text);
  if (m) {
    const month = MONTH.get(m[1].toLowerCase());
    if (month !== undefined) return m[2] === undefined ? { kind: 'month', month } : { kind: 'month', month, year: fullYear(m[2]) };
  }
  if (SUM.test(text)) return { kind: 'sum' };
  if (SUBTOTAL.test(text) && text.length <= 20) return { kind: 'subtotal' };
  if (NOTE.test(text)) return { kind: 'note' };
  return undefined;
}

/** The years written in a text (a sheet's name, a file's name, a title): four-digit numbers from 1900 to 2199. */
export function yearsIn(text: string): number[] {
  const years = [...text.matchAll(/(?<!\d)(19\d{2}|2[01]\d{2})(?!\d)/g)].map((m) => Number(m[1]));
  return [...new Set(years)];
}
