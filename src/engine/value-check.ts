// Canonical values are a closed set: a value of a mapped field (status, category, type, billable, any `values:`)
// that maps to nothing is an unknown value. It is counted per distinct value with its first location, so that
// `validate`, `report` and `check` can say exactly what to map, and results read from the field can be flagged.
import { DataError } from '../errors.js';
import { quoteValue } from '../util/text.js';
import type { Row } from './compile-row.js';
import type { Slot } from '../plan/plan.js';

export type { IgnoredValue, UnknownValue } from '../model/data-quality.js';
import type { IgnoredValue, UnknownValue } from '../model/data-quality.js';

/** Distinct unknown values kept per column; more are counted under the last one kept as `(other values)`. */
const MAX_DISTINCT = 200;

interface Tally {
  slot: number;
  field: string;
  column: string;
  canonical: ReadonlySet<string>;
  ignored: ReadonlySet<string>;
  seen: Map<string, UnknownValue & { ignored: boolean }>;
  other?: UnknownValue;
}

export interface ValueCheck {
  /** Looks at the mapped text slots of a parsed row; returns its unknown values (not ignored ones), if any. */
  check(row: Row, file: string, line: number): { column: string; value: string }[] | undefined;
  unknown(): UnknownValue[];
  ignored(): IgnoredValue[];
}

/** The canonical values of a field's `values` map (the map's targets). */
export function canonicalValues(values: ReadonlyMap<string, string>): string[] {
  return [...new Set(values.values())];
}

/** A check over the text slots of fields with canonical values; undefined when the plan reads none. */
export function valueCheck(slots: readonly Slot[], strict: boolean): ValueCheck | undefined {
  const tallies: Tally[] = [];
  slots.forEach((s, slot) => {
    // Only text fields are closed sets: a number field's words (`good` → 5) are read by its parser, and any other
    // word in it is a bad value, located as such.
    if (s.type !== 'text' || (s.field.type !== undefined && s.field.type !== 'text') || !s.field.values || s.field.values.size === 0) return;
    // A column read twice as text (two field names for one header) is counted once.
    if (tallies.some((t) => t.column === s.field.header)) return;
    tallies.push({
      slot,
      field: s.field.name,
      column: s.field.header,
      canonical: new Set(s.field.values.values()),
      ignored: s.field.ignored ?? new Set(),
      seen: new Map(),
    });
  });
  if (tallies.length === 0) return undefined;
  return {
    check(row, file, line) {
      let unknown: { column: string; value: string }[] | undefined;
      for (const t of tallies) {
        const v = row.text[t.slot];
        if (v === null || t.canonical.has(v)) continue;
        const key = v.toLowerCase();
        const entry = t.seen.get(key);
        if (entry) {
          entry.count++;
          if (!entry.ignored) (unknown ??= []).push({ column: t.column, value: v });
          continue;
        }
        const ignored = t.ignored.has(key);
        if (!ignored && strict) {
          throw new DataError(
            `${file}:${line}: column '${t.column}': ${unknownMessage(t.field, v, t.canonical)} (--strict stops at the first unknown value)`,
            [`map it in kpi.yaml under the source: ${valuesLine(t.field, v, t.canonical)}`],
            { code: 'KPI_UNKNOWN_VALUE', file, line, column: t.column },
          );
        }
        if (!ignored) (unknown ??= []).push({ column: t.column, value: v });
        if (t.seen.size >= MAX_DISTINCT) {
          if (t.other) t.other.count++;
          else t.other = { field: t.field, column: t.column, value: '(other values)', count: 1, file, line, expected: [...t.canonical] };
          continue;
        }
        t.seen.set(key, { field: t.field, column: t.column, value: v, count: 1, file, line, expected: [...t.canonical], ignored });
      }
      return unknown;
    },
    unknown: () =>
      tallies.flatMap((t) => [
        ...[...t.seen.values()].filter((e) => !e.ignored).map(({ ignored: _i, ...e }) => e),
        ...(t.other ? [t.other] : []),
      ]),
    ignored: () =>
      tallies.flatMap((t) => [...t.seen.values()].filter((e) => e.ignored).map(({ field, column, value, count }) => ({ field, column, value, count }))),
  };
}

/** Adds the tallies of a later part of the same file (lines already offset) to the earlier part's. */
export function mergeUnknown(into: UnknownValue[], more: readonly UnknownValue[]): void {
  for (const u of more) {
    const same = into.find((e) => e.column === u.column && e.value.toLowerCase() === u.value.toLowerCase());
    if (same) same.count += u.count;
    else into.push({ ...u });
  }
}

export function mergeIgnored(into: IgnoredValue[], more: readonly IgnoredValue[]): void {
  for (const u of more) {
    const same = into.find((e) => e.column === u.column && e.value.toLowerCase() === u.value.toLowerCase());
    if (same) same.count += u.count;
    else into.push({ ...u });
  }
}

/** `"Solgt" is not a known status (won, lost, open)` */
export function unknownMessage(field: string, value: string, canonical: Iterable<string>): string {
  return `${quoteValue(value)} is not a known ${field} (${[...canonical].join(', ')})`;
}

/**
 * The exact `values:` line that maps a value: `values: { status: { won: ["Signed"] } }   (or lost, open; …)`, with
 * the canonical value closest in meaning first (closestCanonical); when kpi cannot tell, a placeholder the user must
 * replace (`<revenue | cogs | …>`, which kpi.yaml refuses as it stands) — never a confident wrong mapping to paste.
 */
export function valuesLine(field: string, value: string, canonical: Iterable<string>): string {
  const names = [...canonical];
  const quoted = JSON.stringify(value);
  const key = /^[\p{L}_][\p{L}\p{N}_]*$/u.test(field) ? field : JSON.stringify(field);
  const ignore = `ignore: [${quoted}] counts it as none of them`;
  if (names.length === 0) return `values: { ${key}: { ignore: [${quoted}] } }`;
  const guess = names.length === 1 ? names[0] : closestCanonical(value, names);
  if (guess === undefined) return `values: { ${key}: { "<${names.join(' | ')}>": [${quoted}] } } (replace the <…> with the one it means; ${ignore})`;
  const others = names.filter((n) => n !== guess);
  return `values: { ${key}: { ${guess}: [${quoted}] } }${others.length ? ` (or ${others.join(', ')}; ${ignore})` : ''}`;
}

/**
 * Word parts of account and status names in the Nordic languages and English, and the canonical value each means;
 * the first rule whose canonical value the field has and whose pattern the value matches wins. A finance income
 * (`Finansinntekt`, `Renteinntekter`) means none of the ledger's values: no guess, so the user chooses.
 */
const MEANINGS: readonly [RegExp, string | null][] = [
  [/(finans|financ|rente|ränt|interest).*(inntekt|intäkt|indtægt|income)|(inntekt|intäkt|indtægt|income).*(finans|financ|rente|ränt|interest)/, null],
  [/finans|financ|rente|ränt|interest|agio/, 'interest'],
  [/\btax(es)?\b|skatt|\bskat/, 'tax'],
  [/avskriv|afskriv|depreci/, 'depreciation'],
  [/amorti/, 'amortization'],
  [/markeds|marknads|marketing|reklam|annonse|annons|advertis/, 'marketing'],
  [/provisj|provision|commission|salgskost|försäljningskost|selling/, 'sales'],
  [/vare|cogs|cost of (goods|sales|revenue)|innkjøp|inköp|indkøb|material|purchase/, 'cogs'],
  [/lønn|lön|løn|salar|payroll|personal|wage|husleie|hyra|husleje|\brent\b|driftskost|operating exp|kontor|office|expense|kostnad|kostnader|omkostning/, 'opex'],
  [/inntekt|intäkt|indtægt|omsetning|omsättning|omsætning|revenue|income|turnover|salg|försäljning/, 'revenue'],
  [/vunn|\bwon\b|solgt|\bsold\b|såld|signe|vundet|closed.?won/, 'won'],
  [/\btap|\blost\b|förlor|forlor|\btabt|closed.?lost|avbrut|cancel/, 'lost'],
  [/åpen|\bapen|öppen|åben|\bopen|pågå|active|aktiv/, 'open'],
];

/** The canonical value of `names` a value most likely means, by the words of its name; undefined when none tells. */
export function closestCanonical(value: string, names: readonly string[]): string | undefined {
  const text = value.normalize('NFC').toLowerCase();
  for (const [pattern, meaning] of MEANINGS) {
    if (meaning !== null && !names.includes(meaning)) continue;
    if (pattern.test(text)) return meaning ?? undefined;
  }
  return undefined;
}

/**
 * One line per column with unknown values, for stderr: `deals: column 'Status' (status): 2 values kpi does not
 * know in 5 of 40 rows: "Solgt" (3 rows, first at deals.csv:2), "Stoppet" (2 rows, …); map them under values:`
 */
export function unknownValueLines(q: { source: string; rows: number; unknown_values: readonly UnknownValue[] }): string[] {
  const columns = new Map<string, UnknownValue[]>();
  for (const u of q.unknown_values) columns.set(u.column, [...(columns.get(u.column) ?? []), u]);
  return [...columns].map(([column, us]) => {
    const rows = us.reduce((n, u) => n + u.count, 0);
    const shown = us.slice(0, 5).map((u) => `${quoteValue(u.value)} (${u.count} row${u.count === 1 ? '' : 's'}, first at ${u.file}:${u.line})`);
    const more = us.length > 5 ? `, and ${us.length - 5} more` : '';
    const expected = us[0].expected;
    return `${q.source}: column '${column}' (${us[0].field}: ${expected.join(', ')}) has ${us.length} value${us.length === 1 ? '' : 's'} kpi does not know, in ${rows} of ${q.rows} rows: ${shown.join(', ')}${more}; results read from it are flagged; map each under the source in kpi.yaml, e.g. ${valuesLine(us[0].field, us[0].value, expected)} (kpi validate lists them all)`;
  });
}
