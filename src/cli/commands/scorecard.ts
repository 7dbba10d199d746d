// `kpi scorecard`: KPIs in rows, the months of the year in columns, then year to date, last year's, the full-year
// target and what remains — every column in one pass over the data.
import type { Command } from 'commander';
import { SCORECARD_EXTENSIONS, SCORECARD_FORMATS, scorecardRenderers } from '../../render/scorecard/index.js';
import { addDataOptions, list, type CommonFlags } from '../options.js';
import { pickFormat, useColor, writeOutput } from '../output.js';
import type { SetExit } from './index.js';
import { progressReporter } from '../progress.js';
import { ConfigError } from '../../errors.js';

interface ScorecardFlags extends CommonFlags {
  last?: string;
}

const EXAMPLES = `
Examples:
  $ kpi scorecard                                January to the last complete month, YTD and the year's target
  $ kpi scorecard --period 2026-10               the year through October (YTD = 2026-01-01..2026-10-31)
  $ kpi scorecard --period 2025                  all of 2025, against 2024
  $ kpi scorecard --last 6                       the last six months (YTD still of the last month's year)
  $ kpi scorecard --kpi revenue,win_rate --by rep
  $ kpi scorecard -o scorecard.xlsx              a Scorecard sheet (also .html, .md, .csv, .json)

Each cell is the KPI's result for that month, as kpi report --period <month> gives it, with its status. YTD is
the KPI computed over the year to date (a ratio or average over all its rows, not a sum of the months).
Remaining = full-year target − YTD. Sections and hide: follow report: in kpi.yaml.`;

export function registerScorecard(program: Command, setExit: SetExit): void {
  const cmd = program.command('scorecard').description('KPIs in rows, the months of the year in columns, with year to date, last year, the full-year target and what remains');
  addDataOptions(cmd, SCORECARD_FORMATS)
    .option('--kpi <ids>', 'only these KPIs (comma-separated)')
    .option('--last <n>', 'the last N months ending with --period (default: January to it)')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: ScorecardFlags) => {
      const format = pickFormat(flags.format, flags.out, scorecardRenderers, SCORECARD_EXTENSIONS);
      const last = flags.last === undefined ? undefined : Number(flags.last);
      if (last !== undefined && !/^\s*\d+\s*$/.test(flags.last!)) throw new ConfigError(`--last ${flags.last}: give a whole number of months from 1 to 120`, [], 'KPI_OPTION_VALUE');
      const { computeScorecard } = await import('../../report/build-scorecard.js');
      const { scorecard, context } = await computeScorecard({
        config: flags.config,
        targets: flags.targets,
        period: flags.period,
        asOf: flags.asOf,
        by: list(flags.by),
        kpis: list(flags.kpi),
        sources: flags.source,
        strict: flags.strict,
        allowIncomplete: flags.allowIncomplete,
        allowBadValues: flags.allowBadValues,
        last,
        locale: flags.locale,
        onProgress: progressReporter(flags.quiet),
      });
      if (!flags.quiet) {
        const { warnAboutData } = await import('./report.js');
        warnAboutData(scorecard.data_quality);
      }
      const render = await scorecardRenderers[format]();
      // The terminal's width, when the table goes to one (a file or a pipe gets every column).
      const width = flags.out === undefined && process.stdout.isTTY ? (Number(process.env.COLUMNS) || process.stdout.columns || undefined) : Number(process.env.COLUMNS) || undefined;
      await writeOutput(await render(scorecard, context, { color: useColor(flags.color, flags.out), width }), flags.out, { force: flags.force });
      setExit(0);
    });
}
