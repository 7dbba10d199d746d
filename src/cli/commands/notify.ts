// `kpi notify --webhook-env VAR`: runs the check and posts its summary to a webhook (README "Notifications"). Glue
// only: the summary is notify/summary.ts's, the payloads notify/payload.ts's, the post notify/post.ts's. The URL
// comes only from the environment (a URL on a command line is in the shell history and `ps` for every user), and is
// never printed: messages name the variable and the webhook's host.
import { Option, type Command } from 'commander';
import { ConfigError, ExitCode, KpiError } from '../../errors.js';
import { addComputeOptions } from '../options.js';
import type { SetExit } from './index.js';
import { run, type HistoryFlags } from './report.js';
import { writeStdout } from '../output.js';
import { visibleLines } from '../../util/text.js';

const EXAMPLES = `
Examples:
  $ export KPI_WEBHOOK=https://hooks.slack.com/services/…      (a secret: kept out of kpi.yaml and the command line)
  $ kpi notify --webhook-env KPI_WEBHOOK                      post the check's summary (Slack, from the URL's host)
  $ kpi notify --webhook-env TEAMS_WEBHOOK --kind teams --drivers rep,product
  $ kpi notify --webhook-env KPI_WEBHOOK --history kpi-history.jsonl --notify-on newly-missed
                                                              post only when a KPI is newly missed since the last run
  $ kpi notify --kind slack --dry-run                         print the payload instead of posting it

Exit codes: the check's (0 passed, 1 a target missed, 3 a data problem) when the post succeeded, or when the check
failed and the post failed too (said on stderr); 4 when the check passed and the post failed; 2 usage.`;

interface NotifyFlags extends HistoryFlags {
  webhookEnv?: string;
  kind?: 'slack' | 'teams' | 'json';
  timeout: string;
  retries: string;
  dryRun?: boolean;
  requireNote?: string;
}

export function registerNotify(program: Command, setExit: SetExit): void {
  const cmd = program.command('notify').description("run the check and post its summary (exceptions first, with drivers and notes) to a Slack, Teams or JSON webhook");
  addComputeOptions(cmd, 'missed')
    .option('--webhook-env <var>', 'the environment variable holding the webhook URL (never printed)')
    .addOption(new Option('--kind <kind>', 'payload: slack (Block Kit), teams (Adaptive Card), json (kpi\'s own); default: from the URL\'s host (hooks.slack.com, *.webhook.office.com, *.logic.azure.com), else json').choices(['slack', 'teams', 'json']))
    .option('--timeout <seconds>', 'per attempt', '10')
    .option('--retries <n>', 'attempts after the first on a 5xx, 429, a refused connection or a timeout (backoff 1 s, 2 s, 4 s …)', '3')
    .option('--dry-run', 'print the payload on stdout instead of posting it (needs no webhook)')
    .option('--require-note <statuses>', 'as kpi check: fail (exit 1) when a KPI of these statuses (missed, at-risk) has no note')
    .option('--history <file>', "append this run's entry to a history file (as kpi check --history)")
    .addOption(new Option('--notify-on <what>', 'with --history: post (and exit 1) only for KPIs newly missed since the last run, or for any change').choices(['newly-missed', 'changed']))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: NotifyFlags) => setExit(await notify(flags)));
}

async function notify(flags: NotifyFlags): Promise<number> {
  const timeout = Number(flags.timeout);
  const retries = Number(flags.retries);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600) throw new ConfigError(`--timeout ${flags.timeout}: expected seconds, more than 0 and at most 600, e.g. --timeout 10`, [], 'KPI_OPTION_VALUE');
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) throw new ConfigError(`--retries ${flags.retries}: expected a whole number from 0 to 10, e.g. --retries 3`, [], 'KPI_OPTION_VALUE');
  // The webhook is checked before the data is read: a cron job learns of a missing variable at once.
  const url = flags.dryRun ? undefined : webhookUrl(flags.webhookEnv);
  const [{ checkSummary }, { payload, kindOf }, { postJson, PostFailure }] = await Promise.all([import('../../notify/summary.js'), import('../../notify/payload.js'), import('../../notify/post.js')]);
  return run(
    flags,
    true,
    async (report, context, code, news) => {
      const kind = flags.kind ?? (url ? kindOf(url) : 'json');
      const summary = checkSummary(report, context, code, news ? { previous: news.previous, lines: news.lines } : null);
      const body = JSON.stringify(payload(kind, summary));
      if (flags.dryRun) {
        await writeStdout(`${body}\n`);
        return code;
      }
      // With --notify-on, a run with no news posts nothing (the summary would repeat the last one).
      if (news && !news.news && code === ExitCode.ok) {
        if (!flags.quiet) process.stderr.write(`kpi: note: nothing new since the last run: not posted\n`);
        return code;
      }
      const where = `the webhook in $${flags.webhookEnv} (${url!.host})`;
      try {
        const posted = await postJson(url!, body, {
          timeoutMs: timeout * 1000,
          retries,
          backoffMs: 1000,
          onRetry: (attempt, why, wait) => {
            if (!flags.quiet) process.stderr.write(visibleLines(`kpi: warning: posting to ${where} failed (attempt ${attempt}: ${why}); again in ${wait / 1000} s\n`));
          },
        });
        if (!flags.quiet) process.stderr.write(`kpi: posted the check summary (${kind}) to ${where}${posted.attempts > 1 ? ` on attempt ${posted.attempts}` : ''}\n`);
        return code;
      } catch (err) {
        if (!(err instanceof PostFailure)) throw err;
        const message = `could not post the check summary to ${where}: ${err.why} (${err.attempts} attempt${err.attempts === 1 ? '' : 's'})`;
        // The check's own verdict is never hidden by the post: a failed check keeps its code and says the post too.
        if (code !== ExitCode.ok) {
          process.stderr.write(visibleLines(`kpi: error: ${message}; the exit code is the check's (${code})\n`));
          return code;
        }
        throw new KpiError(message, ExitCode.notifyFailed, ['the check passed; exit 4 says only that the summary was not posted'], 'KPI_NOTIFY_FAILED');
      }
    },
    !flags.dryRun,
  );
}

/** The URL in the environment variable --webhook-env names: set, and http(s). Its value is never printed. */
function webhookUrl(name: string | undefined): URL {
  if (name === undefined) throw new ConfigError('kpi notify: --webhook-env <var> names the environment variable holding the webhook URL, e.g. --webhook-env KPI_WEBHOOK (or --dry-run to see the payload)', [], 'KPI_NOTIFY_ENV');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(`--webhook-env ${name}: expected the name of an environment variable, e.g. KPI_WEBHOOK (the URL itself belongs in the variable, not on the command line)`, [], 'KPI_NOTIFY_ENV');
  const value = process.env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(`--webhook-env ${name}: the environment variable ${name} is not set; export ${name}=<the webhook URL> before running kpi notify`, [], 'KPI_NOTIFY_ENV');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`--webhook-env ${name}: the value of ${name} is not a URL (it is not shown: it may hold a secret)`, [], 'KPI_NOTIFY_ENV');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`--webhook-env ${name}: the value of ${name} is a ${url.protocol.replace(':', '')} URL; a webhook is http(s)`, [], 'KPI_NOTIFY_ENV');
  return url;
}
