// Auto-mapping: which column a canonical field takes when `columns:` is silent. A match by name is only a guess, so a
// guess is taken only when it is the one column of that name and its sampled values read as the field's type.
import { snakeCase } from '../util/text.js';
import { bothOrAll, columnPositions } from './headers.js';
import type { CanonicalField } from './kinds.js';
import { exampleList, readsAs, typeWords, type SampleFit } from './sample-fit.js';

/** A header text of a file as auto-mapping sees it: once, with every column that carries it. */
export interface HeaderName {
  /** The header as written in the export. */
  text: string;
  snake: string;
  columns: number[];
}

/** The distinct header texts of a file's header row (`raw`, before repeated headers get their own names). */
export function headerNames(raw: readonly string[]): HeaderName[] {
  const byText = new Map<string, HeaderName>();
  raw.forEach((text, col) => {
    if (text === '') return;
    const known = byText.get(text);
    if (known) known.columns.push(col);
    else byText.set(text, { text, snake: snakeCase(text), columns: [col] });
  });
  return [...byText.values()];
}

/**
 * A field's name and synonyms in snake_case, in order, without repeats: worked out once per field (the kinds' fields
 * are constants; a source's mapping asks for every field of its kind, and snakeCase is a few regular expressions).
 */
const candidateNames = new WeakMap<CanonicalField, readonly string[]>();
function candidatesOf(field: CanonicalField): readonly string[] {
  let names = candidateNames.get(field);
  if (!names) candidateNames.set(field, (names = [...new Set([field.name, ...(field.synonyms ?? [])].map(snakeCase))]));
  return names;
}

/** A file's header names by snake_case name: one lookup per synonym instead of a pass over every header. */
const namesBySnake = new WeakMap<readonly HeaderName[], ReadonlyMap<string, readonly HeaderName[]>>();
function withSnake(names: readonly HeaderName[], snake: string): readonly HeaderName[] {
  let index = namesBySnake.get(names);
  if (!index) {
    const built = new Map<string, HeaderName[]>();
    for (const n of names) {
      const list = built.get(n.snake);
      if (list) list.push(n);
      else built.set(n.snake, [n]);
    }
    namesBySnake.set(names, (index = built));
  }
  return index.get(snake) ?? [];
}

export interface FieldMatch {
  /** The column taken (0-based), if any. */
  column?: number;
  /** Why a column that looked right by name was not taken: said by validate, explain and init. */
  notes: string[];
  /**
   * Which of several fitting columns was taken, and why (VAT-exclusive over VAT-inclusive, an amount already in the
   * company currency): said by validate, explain and init, not by every report (the figure is the right one).
   */
  chosen?: string[];
}

/**
 * VAT markers in a header's snake_case name, before or after the amount's own word (`Beløp eks. mva`, `Net amount`,
 * `Belopp inkl. moms`, `Amount incl. VAT`, `Gross amount`). Longer markers first, so `eks_mva` is not read as `eks`.
 */
const VAT_EXCLUSIVE = ['ekskl_mva', 'eksl_mva', 'eks_mva', 'ex_mva', 'uten_mva', 'exkl_moms', 'exklusive_moms', 'ex_moms', 'utan_moms', 'excl_vat', 'excluding_vat', 'exclusive_of_vat', 'ex_vat', 'excl_tax', 'ex_tax', 'before_tax', 'pre_tax', 'net_of_vat', 'netto', 'net', 'ekskl', 'eks', 'exkl', 'excl'];
const VAT_INCLUSIVE = ['inkludert_mva', 'inkl_mva', 'med_mva', 'inklusive_moms', 'inkl_moms', 'med_moms', 'including_vat', 'incl_vat', 'inc_vat', 'incl_tax', 'inc_tax', 'brutto', 'gross', 'inkl', 'incl'];

/** `beløp_eks_mva` → { base: 'beløp', vat: 'excl' }; a name with no VAT marker → undefined. */
export function vatVariant(snake: string): { base: string; vat: 'excl' | 'incl' } | undefined {
  for (const [vat, markers] of [['excl', VAT_EXCLUSIVE], ['incl', VAT_INCLUSIVE]] as const) {
    for (const m of markers) {
      if (snake.endsWith(`_${m}`)) return { base: snake.slice(0, -m.length - 1), vat };
      if (snake.startsWith(`${m}_`)) return { base: snake.slice(m.length + 1), vat };
    }
  }
  return undefined;
}

export interface MatchContext {
  names: readonly HeaderName[];
  /** How kpi names each column (repeated headers as `Name_1`, `Name_2`; see headers.ts). */
  headers: readonly string[];
  /** Columns already mapped to another field. */
  taken(column: number): boolean;
  /** What a column's sample says about the field's type (see sample-fit.ts). */
  fit(column: number, field: CanonicalField): SampleFit;
}

/**
 * The column a canonical field maps to by its name or a synonym, in the order of its synonyms. A synonym whose
 * column's sample cannot be read as the field's type is passed over (a `Resolved` column of Y/N is not the date
 * field `resolved`); the next synonym may still match. A name that several columns answer to maps to none of them.
 */
export function matchField(field: CanonicalField, ctx: MatchContext): FieldMatch {
  const notes: string[] = [];
  if (field.money) {
    const chosen = preferredMoneyColumn(field, ctx);
    if (chosen) return chosen;
  }
  for (const candidate of candidatesOf(field)) {
    const hits = withSnake(ctx.names, candidate);
    const columns = hits.flatMap((n) => n.columns).filter((c) => !ctx.taken(c));
    if (columns.length === 0) continue;
    if (columns.length > 1) {
      const texts = [...new Set(hits.map((n) => `'${n.text}'`))].join(' and ');
      const choices = columns.map((c) => `${JSON.stringify(ctx.headers[c])} (or "#${c + 1}")`).join(', ');
      notes.push(
        `${columnPositions(columns)} (${texts}) ${bothOrAll(columns.length)} look like the ${field.type} field ${field.name} by name; not mapped — pick one with columns: { ${field.name}: <column> }, where <column> is ${choices}`,
      );
      return { notes };
    }
    const column = columns[0];
    if (field.type !== 'text') {
      const fit = ctx.fit(column, field);
      if (!readsAs(fit)) {
        notes.push(
          `column '${ctx.headers[column]}' looks like the ${field.type} field ${field.name} by name, but its values ${exampleList(fit)} are not ${typeWords(field.type)}; not mapped — map it with columns: { ${field.name}: <column> } if it is`,
        );
        continue;
      }
    }
    return { column, notes };
  }
  return { notes };
}

/**
 * For an amount of money, the column to prefer when the export has several that fit, or undefined for the usual
 * match: one already in the company currency (HubSpot `Amount in company currency`) over the amount in the row's
 * currency; then a VAT-exclusive one (`Beløp eks. mva`, `Belopp exkl. moms`, `Amount excl. VAT`, `Net amount`)
 * over a VAT-inclusive one (`inkl. mva`, `inkl. moms`, `incl. VAT`, `Gross amount`) or a bare `Amount` beside it:
 * revenue is counted without VAT. A VAT-inclusive column alone is not taken (a note says so). Each choice is said.
 */
function preferredMoneyColumn(field: CanonicalField, ctx: MatchContext): FieldMatch | undefined {
  const words = candidatesOf(field);
  const own = new Set(words);
  const free = (n: HeaderName) => n.columns.length === 1 && !ctx.taken(n.columns[0]) && readsAs(ctx.fit(n.columns[0], field));
  const converted = new Set((field.inCompanyCurrency ?? []).map(snakeCase));
  const others = (taken: HeaderName, why: (n: HeaderName) => boolean) => ctx.names.filter((n) => n !== taken && why(n)).map((n) => `'${n.text}'`);
  for (const candidate of converted) {
    const hit = withSnake(ctx.names, candidate).find(free);
    if (!hit) continue;
    const passed = others(hit, (n) => own.has(n.snake) && !converted.has(n.snake));
    const chosen = passed.length ? [`${field.name} ← '${hit.text}' (already in the company currency), over ${passed.join(', ')} (in the row's own currency)`] : [];
    return { column: hit.columns[0], notes: [], chosen };
  }
  const variants = ctx.names.flatMap((n) => {
    const v = vatVariant(n.snake);
    return v && own.has(v.base) ? [{ name: n, ...v }] : [];
  });
  if (variants.length === 0) return undefined;
  const exclusive = variants
    .filter((v) => v.vat === 'excl' && free(v.name))
    .sort((a, b) => words.indexOf(a.base) - words.indexOf(b.base))[0];
  const inclusiveNames = variants.filter((v) => v.vat === 'incl').map((v) => v.name.text);
  const inclusive = inclusiveNames.map((t) => `'${t}'`);
  if (exclusive) {
    const plain = ctx.names.filter((n) => own.has(n.snake) && n !== exclusive.name).map((n) => `'${n.text}'`);
    const passed = [...inclusive.map((t) => `${t} (VAT included)`), ...plain.map((t) => `${t} (VAT not said, beside a VAT-exclusive column)`)];
    const chosen = passed.length ? [`${field.name} ← '${exclusive.name.text}' (VAT excluded), over ${passed.join(', ')}: revenue and amounts are counted without VAT; map another with columns: { ${field.name}: <column> }`] : [];
    return { column: exclusive.name.columns[0], notes: [], chosen };
  }
  // Only VAT-inclusive columns: the usual match may still find a bare synonym; say that the gross one was not taken.
  if (inclusive.length && !ctx.names.some((n) => own.has(n.snake))) {
    return {
      notes: [`column ${inclusive.join(', ')} includes VAT; not taken as the ${field.name} (amounts are counted without VAT) — map it with columns: { ${field.name}: ${JSON.stringify(inclusiveNames[0])} } if the figures should include VAT`],
    };
  }
  return undefined;
}
