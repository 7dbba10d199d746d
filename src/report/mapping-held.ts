// A mapping the user wrote (`columns:`, `period_field:`) is checked on the sample when the source opens
// (source-schema.ts). One whose column reads for the sampled rows and then mostly does not — an export whose rows
// past the first few hundred hold text in the amount column — would give a quietly tiny figure: after the pass it is
// the same data error (exit 3, KPI_COLUMN_TYPE) as a mapping that fails on the sample, naming the column and values.
import { DataError } from '../errors.js';
import type { SourcePlan } from '../plan/plan.js';
import type { SourceAggregates } from '../engine/engine.js';
import { watchedSlots } from '../engine/run.js';
import type { SourceSchema } from '../sources/source-schema.js';
import { typeWords } from '../sources/sample-fit.js';
import { quoteValue } from '../util/text.js';
import { outOfRange, parseNumber, type DecimalMark } from '../sources/parse-number.js';

/** A value that reads as a number within range, read with either decimal mark (so not text, not beyond ±10^15). */
function isNumberKeptOut(value: string): boolean {
  return ([',', '.'] as DecimalMark[]).some((d) => {
    const n = parseNumber(value, d);
    return typeof n === 'number' && !outOfRange(n);
  });
}

/** `locate` names the kpi.yaml line of a setting (`kpi.yaml:4`), when the project has its YAML. */
export function assertMappingsHeld(sp: SourcePlan, schema: SourceSchema, result: SourceAggregates, locate?: (path: string[]) => string): void {
  const { quality } = result;
  const { config, name } = schema;
  for (const i of watchedSlots(sp, config)) {
    const slot = sp.slots[i];
    const isPeriod = i === sp.periodSlot && config.period_field !== undefined;
    const bad = quality.bad_values.find((b) => b.column === slot.field.header);
    // Most rows: more than half of the column's values (empty cells aside) cannot be read.
    const values = (result.mappedRead?.[slot.field.header] ?? 0) + (bad?.count ?? 0);
    if (!bad || bad.count * 2 <= values) continue;
    // Numbers kept out for what they say, not for what they are (an amount in another currency, the other percent
    // form: sources/column-format.ts) make a column of numbers all the same: they are bad values, said as such.
    if (slot.type === 'number' && bad.examples.length > 0 && bad.examples.every(isNumberKeptOut)) continue;
    const how = isPeriod ? 'the period_field' : `mapped to the ${slot.type} field ${slot.field.name} under columns:`;
    const fix = isPeriod ? 'name a column of dates as period_field' : `map ${slot.field.name} to the column that holds its ${typeWords(slot.type)}, or unmap it with columns: { ${slot.field.name}: ~ }`;
    const at = locate ? `${locate(['sources', name, ...(isPeriod ? ['period_field'] : ['columns', slot.field.name])])}: ` : '';
    throw new DataError(
      `${at}source '${name}': column '${slot.field.header}' (${how}) is not a column of ${typeWords(slot.type)}: its sampled rows read, but ${bad.count} of its ${values} values do not (${bad.examples.map((v) => quoteValue(v)).join(', ')}; first at ${bad.first.file}:${bad.first.line}); ${fix}`,
      [],
      { code: 'KPI_COLUMN_TYPE', file: bad.first.file, line: bad.first.line, column: slot.field.header },
    );
  }
}
