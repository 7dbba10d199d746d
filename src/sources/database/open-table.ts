// Opens a source that names a database table (`url:` and `table:`) as its one Table, with the engine's client
// loaded only now: a project of CSV files never loads a database driver.
import type { Project, SourceConfig } from '../../config/project.js';
import type { SourceFile } from '../table.js';
import { parseDatabaseUrl } from './database-url.js';

export async function openDatabaseTable(name: string, config: SourceConfig, project: Project): Promise<SourceFile> {
  const where = project.yaml ? `${project.yaml.locate(['sources', name, 'url'])}: ` : '';
  const url = parseDatabaseUrl(config.url!, project.dir, name, where);
  switch (url.engine) {
    case 'duckdb': {
      const { openDuckDbTable } = await import('./duckdb-table.js');
      return openDuckDbTable(url.path, config.table!, config.schema, name);
    }
    case 'postgres': {
      const { openPostgresTable } = await import('./postgres-table.js');
      return openPostgresTable(url, config.table!, config.schema, name);
    }
    case 'clickhouse': {
      const { openClickHouseTable } = await import('./clickhouse-table.js');
      return openClickHouseTable(url, config.table!, config.schema, name);
    }
  }
}
