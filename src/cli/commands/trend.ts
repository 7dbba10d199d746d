// `kpi trend <kpi>`: the KPI over the last N periods with its target, as a terminal chart, JSON or CSV.
import { Option, type Command } from 'commander';
import type { TrendGrain } from '../../report/model.js';

/** Kept here, not imported from the pipeline, so registering commands stays light. */
const GRAINS: readonly TrendGrain[] = ['week', 'month', 'quarter', 'half', 'year'];
import { TREND_EXTENSIONS, TREND_FORMATS, trendRenderers } from '../../render/trend/index.js';
import { addDataOptions, list, type CommonFlags } from '../options.js';
import { pickFormat, terminalWidth, useColor, writeOutput } from '../output.js';
import type { SetExit } from './index.js';
import { progressReporter } from '../progress.js';
import { visibleLines } from '../../util/text.js';

interface TrendFlags extends CommonFlags {
  last: string;
  grain?: TrendGrain;
  plan?: boolean;
  cumulative?: boolean;
}

export function registerTrend(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('trend')
    .description('one KPI over the last N periods ending with --period, with its target, as a chart')
    .argument('<kpi>', 'KPI id (see kpi list)');
  addDataOptions(cmd, TREND_FORMATS)
    .option('--last <n>', 'how many periods', '12')
    .addOption(new Option('--grain <grain>', 'period size (default: that of --period, a month by default)').choices(GRAINS))
    .option('--cumulative', 'each point from the start of its year (the fiscal year when kpi.yaml sets fiscal_year_start:) to the end of the period, against the target to date')
    .option('--plan', 'print the plan instead (the buckets as windows, the columns read, each aggregate bound to them); reads no data row')
    .addHelpText(
      'after',
      `
Examples:
  $ kpi trend revenue                         the last 12 complete months
  $ kpi trend win_rate --last 8 --grain quarter
  $ kpi trend revenue --cumulative            year to date, month by month, with the target to date
  $ kpi trend revenue --by rep --format csv -o revenue-by-rep.csv`,
    )
    .action(async (kpi: string, flags: TrendFlags) => {
      if (flags.plan) {
        const [{ trendPlan }, { planJson, printPlan }] = await Promise.all([import('../../report/build-trend.js'), import('../../plan/print-plan.js')]);
        const { plan, windows } = await trendPlan({ kpi, last: Number(flags.last), grain: flags.grain, cumulative: flags.cumulative, config: flags.config, period: flags.period, asOf: flags.asOf, by: list(flags.by), sources: flags.source, noTargets: true });
        const json = flags.format === 'json' || flags.out?.endsWith('.json');
        await writeOutput({ text: json ? `${JSON.stringify(planJson(plan, windows), null, 2)}\n` : visibleLines(printPlan(plan, windows)) }, flags.out, { force: flags.force });
        setExit(0);
        return;
      }
      const format = pickFormat(flags.format, flags.out, trendRenderers, TREND_EXTENSIONS);
      const { computeTrend } = await import('../../report/build-trend.js');
      const { trend, context } = await computeTrend({
        kpi,
        last: Number(flags.last),
        grain: flags.grain,
        cumulative: flags.cumulative,
        config: flags.config,
        targets: flags.targets,
        period: flags.period,
        asOf: flags.asOf,
        by: list(flags.by),
        sources: flags.source,
        strict: flags.strict,
        engine: flags.engine,
        locale: flags.locale,
        onProgress: progressReporter(flags.quiet),
      });
      if (!flags.quiet) {
        const { warnAboutData } = await import('./report.js');
        warnAboutData(trend.data_quality);
      }
      const render = await trendRenderers[format]();
      await writeOutput(render(trend, context, { color: useColor(flags.color, flags.out), width: terminalWidth(flags.out) }), flags.out, { force: flags.force });
      setExit(0);
    });
}
