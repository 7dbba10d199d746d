// A source that a KPI reads must have the columns of its kind's required fields.
import { DataError } from '../errors.js';
import { closest, snakeCase } from '../util/text.js';
import { displayPath } from './files.js';
import { NO_COLUMN, type SourceSchema } from './source-schema.js';
import { lookalikeFix } from './decode.js';

/** Checks that a source a KPI reads has its required columns. */
export function assertRequiredColumns(schema: SourceSchema): void {
  for (const canonical of schema.kind?.fields ?? []) {
    if (!canonical.required) continue;
    if (!schema.field(canonical.name, false)?.type) {
      const file = schema.files[0];
      // Unmapped on purpose (`~`), or a column that looked right by name but was not taken: that is the reason.
      const why = schema.whyNot(canonical.name, false);
      if (why !== undefined && !why.startsWith(NO_COLUMN)) {
        throw new DataError(`source '${schema.name}': required field '${canonical.name}' of ${displayPath(file.path)} is not mapped: ${why}`, [
          `headers found: ${schema.headers.join(', ')}`,
        ], { code: 'KPI_COLUMN_NOT_FOUND', file: displayPath(file.path), column: canonical.name });
      }
      const hint = closest(canonical.name, schema.headers.map(snakeCase));
      // Headers misread in a declared encoding the bytes are not in (BelÃ¸p): the encoding is the fix.
      const misread = file.utf8Lookalike ? `; ${lookalikeFix(file.utf8Lookalike)}` : undefined;
      throw new DataError(
        `source '${schema.name}': required column '${canonical.name}' not found in ${displayPath(file.path)}${misread ?? (hint ? `; did you mean '${hint}'? map it with columns: { ${canonical.name}: ${JSON.stringify(schema.headers[schema.headers.map(snakeCase).indexOf(hint)])} }` : `; map the column that holds it with ${schema.mappingFor(canonical.name)}`)}`,
        [`headers found: ${schema.headers.join(', ')}`],
        { code: 'KPI_COLUMN_NOT_FOUND', file: displayPath(file.path), column: canonical.name },
      );
    }
  }
}
