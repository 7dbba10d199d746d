// `kpi list`: the registry — id, label, unit, direction, formula, what it reads, and whether this config can compute it.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { SetExit } from './index.js';
import { LOCALES, type LocaleId } from '../../locale/locales.js';
import { localeOption } from '../options.js';

export interface ListFlags {
  config?: string;
  format: 'table' | 'json';
  out?: string;
  force?: boolean;
  quiet?: boolean;
  locale?: LocaleId;
}

export function registerList(program: Command, setExit: SetExit): void {
  program
    .command('list')
    .description('the KPI registry: id, label, unit, direction, formula, and the sources and fields each needs')
    .option('-c, --config <file>', 'project file (default: ./kpi.yaml if present): marks which KPIs it can compute')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --out <file>', 'write to a file')
    .option('--force', 'let -o overwrite a file this run reads (a data file, kpi.yaml, the targets file)')
    .option('--locale <locale>', `language of the table: ${LOCALES.join(', ')} (default: locale: in kpi.yaml, else English as before; json never changes)`, localeOption)
    // Accepted as on every command, so a script can pass the same flags to each: list writes neither colour nor
    // warnings.
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'no warnings on stderr')
    .addHelpText(
      'after',
      `
Examples:
  $ kpi list                        every built-in KPI and your own
  $ kpi list -c kpi.yaml            with which of them your sources support
  $ kpi list --format json | jq '.[].id'
  $ kpi list --locale nb-NO         labels, units and heads in Norwegian (locale: in kpi.yaml does the same)`,
    )
    .action(async (flags: ListFlags) => setExit(await (await import('./list-run.js')).runList(flags)));
}

