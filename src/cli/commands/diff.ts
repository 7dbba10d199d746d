// `kpi diff OLD NEW` / `kpi diff --history F`: what moved between two runs (README "History"). Glue only: reading
// the inputs is history/snapshot.ts's, the comparison history/diff.ts's, the text history/diff-text.ts's.
import { Option, type Command } from 'commander';
import { ConfigError, ExitCode } from '../../errors.js';
import type { SetExit } from './index.js';
import { writeOutput } from '../output.js';
import { visibleLines } from '../../util/text.js';
import { LOCALES, type LocaleId } from '../../locale/locales.js';
import { localeOption } from '../options.js';

const EXAMPLES = `
Examples:
  $ kpi report --period 2026-10 -f json -o oct.json; …; kpi report --period 2026-11 -f json -o nov.json
  $ kpi diff oct.json nov.json                    changed figures, restated months (October as the November run sees it)
  $ kpi diff --history kpi-history.jsonl          the last two runs of a history (kpi report/check --history)
  $ kpi diff --history kpi-history.jsonl --from 3 --to 5
  $ kpi diff --history kpi-history.jsonl -f md    for a PR comment or a wiki page
  $ kpi diff --history kpi-history.jsonl --locale nb-NO   figures as the Norwegian report shows them

Exit codes: 0 nothing changed · 1 something changed (restated, changed figures, status moves, definitions, KPIs
added or removed) · 2 usage · 3 an input that is not a report JSON or history (its line named)`;

interface DiffFlags {
  history?: string;
  from?: string;
  to?: string;
  format?: 'table' | 'json' | 'md';
  locale?: LocaleId;
  out?: string;
  color: boolean;
  quiet?: boolean;
}

export function registerDiff(program: Command, setExit: SetExit): void {
  program
    .command('diff')
    .description('what changed between two runs: figures, restated past periods, definitions, KPIs added or removed; exit 1 when anything did')
    .argument('[old]', 'a kpi report --format json file (or a history file: its last entry)')
    .argument('[new]', 'the later run, the same way')
    .option('--history <file>', 'compare two entries of a history file (kpi report/check --history): by default the last two')
    .option('--from <n>', 'with --history: the older entry, counted from 1 (the first line); a negative number counts from the end (-2: the one before the last)')
    .option('--to <n>', 'with --history: the newer entry (default: the last)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'md']).default('table'))
    .option('-o, --out <file>', 'write the output to a file')
    .option('--locale <locale>', `number format (and language) of table and md: ${LOCALES.join(', ')} (default: the locale of the newer run, else en-US; json never changes)`, localeOption)
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'nothing on stderr but errors')
    .addHelpText('after', EXAMPLES)
    .action(async (oldPath: string | undefined, newPath: string | undefined, flags: DiffFlags) => {
      const [{ readSnapshot, entrySnapshot }, { readHistory }, { diffSnapshots }, text, { FigureText }] = await Promise.all([
        import('../../history/snapshot.js'),
        import('../../history/file.js'),
        import('../../history/diff.js'),
        import('../../history/diff-text.js'),
        import('../../history/figure-text.js'),
      ]);
      let pair;
      if (flags.history !== undefined) {
        if (oldPath !== undefined) throw new ConfigError(`kpi diff: give OLD and NEW files, or --history <file> (with --from/--to), not both`, [], 'KPI_USAGE');
        const entries = readHistory(flags.history, flags.history);
        if (entries.length < 2) {
          throw new ConfigError(`kpi diff --history ${flags.history}: it holds ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}; a diff needs two runs (kpi report --history ${flags.history} adds one per run)`, [], 'KPI_OPTION_VALUE');
        }
        const pick = (text: string | undefined, fallback: number, what: string): number => {
          if (text === undefined) return fallback;
          if (!/^-?\d+$/.test(text.trim()) || Number(text) === 0) throw new ConfigError(`--${what} ${text}: expected an entry's number, 1 to ${entries.length} (or -1 for the last, -2 for the one before)`, [], 'KPI_OPTION_VALUE');
          const n = Number(text);
          const index = n > 0 ? n : entries.length + 1 + n;
          if (index < 1 || index > entries.length) throw new ConfigError(`--${what} ${text}: ${flags.history} holds ${entries.length} entries (1 to ${entries.length})`, [], 'KPI_OPTION_VALUE');
          return index;
        };
        const to = pick(flags.to, entries.length, 'to');
        const from = pick(flags.from, to - 1 >= 1 ? to - 1 : 1, 'from');
        if (from === to) throw new ConfigError(`kpi diff: --from and --to name the same entry (${from}); name two`, [], 'KPI_OPTION_VALUE');
        const side = (i: number) => entrySnapshot(entries[i - 1].entry, `${flags.history} entry ${i}`);
        pair = [side(from), side(to)] as const;
      } else {
        if (oldPath === undefined || newPath === undefined) throw new ConfigError('kpi diff: give two files, OLD and NEW (kpi report --format json outputs), or --history <file>', ['e.g. kpi diff oct.json nov.json, or kpi diff --history kpi-history.jsonl'], 'KPI_USAGE');
        if (flags.from !== undefined || flags.to !== undefined) throw new ConfigError('kpi diff: --from and --to go with --history <file>', [], 'KPI_USAGE');
        pair = [readSnapshot(oldPath, oldPath), readSnapshot(newPath, newPath)] as const;
      }
      const diff = diffSnapshots(pair[0], pair[1]);
      const format = flags.format ?? 'table';
      // Figures as the report showed them, in --locale, else the locale NEW's run had (its kpi.yaml's locale:).
      const show = new FigureText(pair[0], pair[1], flags.locale ?? pair[1].locale ?? pair[0].locale);
      const out = format === 'json' ? text.diffJson(diff) : format === 'md' ? text.diffMarkdown(diff, show) : visibleLines(text.diffText(diff, show));
      await writeOutput({ text: out }, flags.out);
      setExit(diff.differs ? ExitCode.targetMissed : ExitCode.ok);
    });
}
