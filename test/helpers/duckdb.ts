// Writes small DuckDB databases for tests: a table with typed columns and rows, written as SQL literals.
import { DuckDBInstance } from '@duckdb/node-api';

export interface TableSpec {
  name: string;
  columns: { name: string; type: string }[];
  rows: unknown[][];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** Creates (or replaces) the database at `path` with these tables. */
export async function writeDuckDb(path: string, tables: TableSpec[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  try {
    for (const t of tables) {
      await c.run(`CREATE OR REPLACE TABLE ${ident(t.name)} (${t.columns.map((col) => `${ident(col.name)} ${col.type}`).join(', ')})`);
      for (let i = 0; i < t.rows.length; i += 500) {
        const chunk = t.rows.slice(i, i + 500);
        await c.run(`INSERT INTO ${ident(t.name)} VALUES ${chunk.map((r) => `(${r.map(literal).join(', ')})`).join(', ')}`);
      }
    }
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
