// `kpi note add <kpi> <period> "<note>"`: writes a note to the notes file for people who do not edit YAML (README
// "Notes and owners"). Glue only: the file's format is src/notes/notes.ts's.
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { SetExit } from './index.js';

const EXAMPLES = `
Examples:
  $ kpi note add revenue 2026-10 "Two deals slipped to November" --owner "Kari Lærum" --action "Close both by 15 Nov"
  $ kpi note add win_rate 2026-10 "New rep ramping up" --group rep=Bo
  $ kpi check --require-note missed     # exit 1 while a missed KPI has no note for the period
`;

export function registerNote(program: Command, setExit: SetExit): void {
  // -q and --no-color as on every command (the group takes them too, so `kpi note --help` lists them).
  const note = program
    .command('note')
    .description('notes and owners beside the results: kpi note add revenue 2026-10 "…"')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'no message on stderr')
    .addHelpText('after', EXAMPLES);
  note
    .command('add')
    .addHelpText('after', EXAMPLES)
    .description('add a note on a KPI in a period (and a group) to the notes file (notes: in kpi.yaml, else notes.yaml beside it)')
    .argument('<kpi>', 'KPI id (see kpi list)')
    .argument('<period>', 'the period as the report names it: 2026-10, 2026-Q4, FY2026 …')
    .argument('<note>', 'what happened, in a sentence')
    .option('-c, --config <file>', 'project file (default: ./kpi.yaml)')
    .option('--owner <name>', 'who answers for it')
    .option('--action <text>', 'what is being done about it')
    .option('--group <field=value>', 'the group it is about, e.g. rep=Bo (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-q, --quiet', 'no message on stderr')
    .action(async (kpi: string, period: string, text: string, flags: { config?: string; owner?: string; action?: string; group?: string[]; quiet?: boolean }) => {
      const [{ loadProject }, { allDefinitions }, { addNote, loadNotes }, { didYouMean }, { parsePeriod, todayDay }, { calendarOf }] = await Promise.all([
        import('../../config/load-project.js'),
        import('../../report/build-plan.js'),
        import('../../notes/notes.js'),
        import('../../util/text.js'),
        import('../../periods/period.js'),
        import('../../config/project.js'),
      ]);
      const project = loadProject(flags.config ?? 'kpi.yaml');
      const ids = [...allDefinitions(project).keys()];
      if (!ids.includes(kpi)) throw new ConfigError(`kpi note add: unknown KPI '${kpi}'${didYouMean(kpi, ids)}; kpi list shows the ids`, [], 'KPI_KPI_UNKNOWN');
      // The period as --period reads it (fiscal forms with fiscal_year_start:), so a note on 2026-13 is refused rather
      // than written where no report will ever show it; stored under the id the report names it by (2026q4 → 2026-Q4).
      let parsed;
      try {
        parsed = parsePeriod(period, todayDay(), calendarOf(project));
      } catch (e) {
        if (e instanceof ConfigError) throw new ConfigError(`kpi note add ${kpi} ${period}: ${e.message}`, [], 'KPI_PERIOD');
        throw e;
      }
      // A period that moves with the day (mtd, ltm, last-90d) names no fixed period a later report would match.
      if (parsed.id !== period.trim() && /[:.]/.test(parsed.id)) {
        throw new ConfigError(`kpi note add ${kpi} ${period}: a note is on a fixed period; give it as the report names it, e.g. ${parsed.whole?.id ?? '2026-10'}`, [], 'KPI_PERIOD');
      }
      period = parsed.id;
      const group: Record<string, string> = {};
      for (const g of flags.group ?? []) {
        const m = /^([^=]+)=(.*)$/.exec(g);
        if (!m) throw new ConfigError(`--group ${g}: expected <field>=<value>, e.g. --group rep=Bo`, [], 'KPI_OPTION_VALUE');
        group[m[1].trim()] = m[2];
      }
      const path = project.notesPath!;
      loadNotes(path, ids); // a file that is not a notes file is said before it is written to
      addNote(path, { kpi, period, ...(Object.keys(group).length ? { group } : {}), note: text, owner: flags.owner, action: flags.action });
      if (!flags.quiet && !note.opts().quiet) process.stderr.write(`kpi: noted ${kpi} ${period} in ${path}\n`);
      setExit(0);
    });
}
