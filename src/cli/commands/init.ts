// `kpi init <files>...`: writes a starter kpi.yaml and targets.yaml from sniffed exports.
import type { Command } from 'commander';
import { visibleLines } from '../../util/text.js';
import type { SetExit } from './index.js';

interface InitFlags {
  config: string;
  targets: string;
  force?: boolean;
  quiet?: boolean;
}

export function registerInit(program: Command, setExit: SetExit): void {
  program
    .command('init')
    .description('sniff exports, guess each source kind and column mapping, write a starter kpi.yaml and targets.yaml')
    .argument('<files...>', 'CSV or Excel exports')
    .option('-c, --config <file>', 'project file to write', 'kpi.yaml')
    .option('-t, --targets <file>', 'targets file to write', 'targets.yaml')
    .option('--force', 'overwrite existing files')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'nothing on stderr but errors (no summary of what was found and written)')
    .addHelpText(
      'after',
      `
Examples:
  $ kpi init exports/salg.csv exports/avtaler.csv
  $ kpi init exports/*.csv && kpi report`,
    )
    .action(async (files: string[], flags: InitFlags) => {
      const { initProject } = await import('../../report/init.js');
      const result = await initProject({ files, config: flags.config, targets: flags.targets, force: flags.force ?? false });
      if (flags.quiet) return setExit(0);
      for (const s of result.sources) {
        process.stderr.write(visibleLines(`${s.name}: ${s.files.map((f) => f.label).join(', ')} → ${s.kind ? `kind ${s.kind.name}` : 'custom source'}, ${Object.keys(s.columns).length} columns mapped
`));
        for (const line of s.why) process.stderr.write(visibleLines(`  ${line}
`));
        if (s.sheets) process.stderr.write(visibleLines(`  ${s.sheets}
`));
        for (const note of s.notes) process.stderr.write(visibleLines(`  note: ${note}
`));
      }
      process.stderr.write(visibleLines(`wrote ${result.config} and ${result.targets} (${result.kpis.length} KPIs computable). Next: kpi validate, then kpi report\n`));
      setExit(0);
    });
}
