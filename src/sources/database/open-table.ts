// Opens a source that names a database table or query (`url:` with `table:` or `query:`) as its one Table, with
// the engine's client loaded only now: a project of CSV files never loads a database driver.
import type { Project, SourceConfig } from '../../config/project.js';
import type { SourceFile } from '../table.js';
import { parseDatabaseUrl } from './database-url.js';
import type { DatabaseTarget } from './target.js';

export async function openDatabaseTable(name: string, config: SourceConfig, project: Project): Promise<SourceFile> {
  const where = project.yaml ? `${project.yaml.locate(['sources', name, 'url'])}: ` : '';
  const url = parseDatabaseUrl(config.url!, project.dir, name, where);
  const target: DatabaseTarget = { source: name, table: config.table, schema: config.schema, query: config.query, timeoutMs: config.timeout };
  switch (url.engine) {
    case 'duckdb': {
      const { openDuckDbTable } = await import('./duckdb-table.js');
      return openDuckDbTable(url.path, target);
    }
    case 'postgres': {
      const { openPostgresTable } = await import('./postgres-table.js');
      return openPostgresTable(url, target);
    }
    case 'clickhouse': {
      const { openClickHouseTable } = await import('./clickhouse-table.js');
      return openClickHouseTable(url, target);
    }
  }
}
