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

export interface FieldMatch {
  /** The column taken (0-based), if any. */
  column?: number;
  /** Why a column that looked right by name was not taken: said by validate, explain and init. */
  notes: string[];
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
  for (const candidate of new Set([field.name, ...(field.synonyms ?? [])].map(snakeCase))) {
    const hits = ctx.names.filter((n) => n.snake === candidate);
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
