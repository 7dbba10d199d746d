// `kpi sql [kpi…]`: the SQL a report (or a trend, with --last) would send each database source, per source and
// engine; runs no data query (the sources' catalogs and samples are read to plan, as for a report).
import { Option, type Command } from 'commander';
import { addDataOptions, list, type CommonFlags } from '../options.js';
import { writeOutput } from '../output.js';
import type { SetExit } from './index.js';
import type { SqlPlan } from '../../report/sql.js';
import type { TrendGrain } from '../../report/model.js';
import { visibleLines } from '../../util/text.js';

/** Kept here, not imported from the pipeline, so registering commands stays light. */
const GRAINS: readonly TrendGrain[] = ['week', 'month', 'quarter', 'half', 'year'];

interface SqlFlags extends CommonFlags {
  last?: string;
  grain?: TrendGrain;
}

export function registerSql(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('sql')
    .description('print the SQL a report would send each database source (per source and engine); runs no data query')
    .argument('[kpi...]', 'only the queries these KPIs need (default: every KPI of the report)');
  addDataOptions(cmd, ['text', 'json'])
    .option('--compare <what>', 'prev, yoy, none or a period id', 'prev')
    .option('--kpi <ids>', 'only these KPIs (comma-separated), as the arguments')
    .option('--last <n>', "the queries of a trend of the last n periods instead (as kpi trend's)")
    .addOption(new Option('--grain <grain>', 'with --last: the period size (default: that of --period)').choices(GRAINS))
    .addHelpText(
      'after',
      `
Each database source (url: with table: or query:) gets the queries its engine would run, in its dialect
(DuckDB, PostgreSQL, ClickHouse), each after a comment saying what it computes; sources read from files are
named, with no SQL (the streaming engine reads them). Windows are listed first (w0 is --period, or the oldest
period of a trend).

Examples:
  $ kpi sql                                   every query of last month's report
  $ kpi sql revenue orders --period 2026-Q3 --compare yoy
  $ kpi sql revenue --by rep                  with the --by groups and the total
  $ kpi sql revenue --last 24                 the queries of kpi trend revenue --last 24
  $ kpi sql -f json | jq -r '.sources[0].queries[].sql'
  $ kpi sql revenue > report.sql && psql "$SHOP_DB" -f report.sql`,
    )
    .action(async (kpis: string[], flags: SqlFlags) => {
      const { planSql } = await import('../../report/sql.js');
      const last = flags.last === undefined ? undefined : Number(flags.last);
      if (last !== undefined && (!Number.isInteger(last) || last < 1 || last > 520)) {
        const { ConfigError } = await import('../../errors.js');
        throw new ConfigError(`--last ${flags.last}: give a whole number of periods from 1 to 520`, [], 'KPI_OPTION_VALUE');
      }
      const chosen = [...new Set([...kpis, ...(list(flags.kpi) ?? [])])];
      const plan = await planSql({
        config: flags.config,
        period: flags.period,
        asOf: flags.asOf,
        compare: flags.compare,
        by: list(flags.by),
        kpis: chosen.length ? chosen : undefined,
        sources: flags.source,
        last,
        grain: flags.grain,
      });
      const json = flags.format === 'json' || flags.out?.endsWith('.json');
      const text = json ? `${JSON.stringify(plan, null, 2)}\n` : renderSql(plan);
      // On a terminal, control characters of names from a catalog are shown escaped; a file or pipe gets the SQL.
      await writeOutput({ text: flags.out === undefined && process.stdout.isTTY ? visibleLines(text) : text }, flags.out, { force: flags.force });
      setExit(0);
    });
}

function renderSql(plan: SqlPlan): string {
  const out: string[] = [];
  out.push(`-- windows (w as in the queries; day numbers count from 1970-01-01):`);
  plan.windows.forEach((w, i) => out.push(`--   w${i} ${w.id}${w.start ? ` ${w.start} – ${w.end}` : ''}: ${w.why}`));
  if (plan.by.length) out.push(`-- --by ${plan.by.join(', ')}`);
  for (const f of plan.files) out.push(`-- source ${f.source}: ${f.files.join(', ')}, read by the streaming engine (no SQL)`);
  if (plan.sources.length === 0) out.push('-- no source of these KPIs is a database table: nothing to print');
  for (const s of plan.sources) {
    out.push('', `-- source ${s.source}: ${s.engine}, ${s.table}; ${s.strategy === 'buckets' ? 'the windows as a group key' : 'a FILTER per window'}`);
    s.queries.forEach((q, i) => out.push(`-- ${i + 1}. ${q.purpose}${q.when ? ` (sent ${q.when})` : ''}`, `${q.sql};`));
  }
  return `${out.join('\n')}\n`;
}
