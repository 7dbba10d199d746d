// Ledger sign conventions: whether an export writes costs as negative amounts, from the setting or its rows.
import type { SourceSchema } from './source-schema.js';
import { parseNumber } from './parse-number.js';

/** True when the source's costs are negative: from `costs_sign`, else from most cost rows of its first file. */
export function costsAreNegative(schema: SourceSchema): boolean | undefined {
  const signs = schema.kind?.signs;
  if (!signs) return undefined;
  if (schema.config.costs_sign) return schema.config.costs_sign === 'negative';
  const amount = schema.field(signs.amount, false);
  const category = schema.field(signs.category, false);
  if (!amount || !category) return undefined;
  const file = schema.files[0];
  const a = file.headers.indexOf(amount.header);
  const c = file.headers.indexOf(category.header);
  let negative = 0;
  let positive = 0;
  for (const row of file.sample) {
    const cat = row[c];
    const text = typeof cat === 'string' ? (category.values?.get(cat.trim().toLowerCase()) ?? cat.trim()).toLowerCase() : '';
    if (text === '' || signs.income.includes(text)) continue;
    const v = row[a];
    const n = typeof v === 'number' ? v : typeof v === 'string' ? parseNumber(v, schema.config.decimal) : NaN;
    if (typeof n !== 'number' || n === 0) continue;
    if (n < 0) negative++;
    else positive++;
  }
  return negative > positive;
}
