// Registers the subcommands; each lives in its own file and is glue only. Only the chosen command's file is loaded:
// `kpi report …` never reads the code of explain, sql or notify (some 20 ms of loading each run). Without a command
// (`kpi --help`, `kpi help`, a misspelt name) every command is registered, in this order, so the help lists them all
// and commander can suggest the closest name.
import type { Command } from 'commander';

export type SetExit = (code: number) => void;

type Register = (program: Command, setExit: SetExit) => void;

/** Every command in the order `kpi --help` lists them, with how to load its registration. */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register>]> = [
  ['report', async () => (await import('./report.js')).registerReport],
  ['check', async () => (await import('./report.js')).registerCheck],
  ['trend', async () => (await import('./trend.js')).registerTrend],
  ['scorecard', async () => (await import('./scorecard.js')).registerScorecard],
  ['explain', async () => (await import('./explain.js')).registerExplain],
  ['validate', async () => (await import('./validate.js')).registerValidate],
  ['sql', async () => (await import('./sql.js')).registerSql],
  ['init', async () => (await import('./init.js')).registerInit],
  ['list', async () => (await import('./list.js')).registerList],
  ['note', async () => (await import('./note.js')).registerNote],
  ['diff', async () => (await import('./diff.js')).registerDiff],
  ['notify', async () => (await import('./notify.js')).registerNotify],
];

/**
 * Registers the command named first on the command line (`argv[2]`; kpi itself has no options that take a value, so
 * a command name there is the command), else every command.
 */
export async function registerCommands(program: Command, setExit: SetExit, argv: readonly string[]): Promise<void> {
  const chosen = COMMANDS.filter(([name]) => name === argv[2]);
  const registers = await Promise.all((chosen.length > 0 ? chosen : COMMANDS).map(([, load]) => load()));
  for (const register of registers) register(program, setExit);
}
