// The only place that touches the process: parses argv, runs a command, maps errors to exit codes.
import type { CommanderError } from 'commander';
import { ERROR_CODES, EXIT_CODES_SHORT, DataError, ExitCode, KpiError, clip, errorJson, type ErrorCode } from '../errors.js';
import { VERSION } from './version.js';
import { visibleLines } from '../util/text.js';

/** Set once commander is loaded: until then no CommanderError can exist. */
let commanderError: typeof CommanderError | undefined;

/** `--format json` prints errors as JSON on stderr too, so a script reading JSON can branch on the error code. */
let jsonErrors = false;

export async function main(argv: string[]): Promise<number> {
  jsonErrors = wantsJson(argv.slice(2));
  // Every write to stdout goes through writeStdout (cli/output.ts), whose callback turns its error into the exit
  // code: a closed pipe (`kpi check | head -1`) keeps the verdict's exit code, a full disk is exit 3. The stream's
  // own 'error' event must not end the process on its own.
  process.stdout.on('error', () => undefined);
  // Nothing can be said about a stderr that cannot be written; the exit code still says what happened.
  process.stderr.on('error', () => undefined);
  // An error escaping every handler is a bug: report it as one (exit 70), never as exit 1 ("target missed").
  process.on('uncaughtException', (err) => {
    process.exitCode = handleError(err);
    process.exit();
  });
  // `kpi --version` on its own prints what commander would print, without loading commander.
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const { Command, CommanderError } = await import('commander');
  commanderError = CommanderError;
  const program = new Command('kpi')
    .description('KPI calculator: reads CSV exports, evaluates KPI formulas and compares them with targets')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) =>
        write(jsonErrors ? `${errorJson({ code: 'KPI_USAGE', message: text.trim().replace(/^error: /, ''), exitCode: ExitCode.usage })}\n` : text.replace(/^error: /, 'kpi: ')),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ kpi report -c kpi.yaml                      last complete month, as a table
  $ kpi report --period 2026-Q3 --format json   one quarter as JSON
  $ kpi check --fail-on at-risk                 exit 1 when a target is missed or at risk
  $ kpi list                                    every KPI and what it needs

Exit codes: ${Object.entries(EXIT_CODES_SHORT).map(([code, meaning]) => `${code} ${meaning}`).join(' · ')}
Errors: with --format json, an error is one JSON line on stderr: {"error":{"code":"KPI_…","message":…,"exit":…}}`,
    );

  // Commands are loaded on demand so `kpi --version` stays fast, and only the one chosen (commands/index.ts).
  const { registerCommands } = await import('./commands/index.js');
  let exitCode: number = ExitCode.ok;
  await registerCommands(
    program,
    (code) => {
      exitCode = code;
    },
    argv,
  );
  program.commands.forEach((c) => c.exitOverride());

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    return handleError(err);
  }
}

/** Read and write failures of the machine (EIO from a failing disk or NFS, EACCES, ENOSPC) are not bugs in kpi. */
const SYSTEM_IO_ERRORS = new Set(['EIO', 'EACCES', 'EPERM', 'ENOENT', 'ENOSPC', 'EROFS', 'ENXIO', 'ENODEV', 'ESTALE', 'ETIMEDOUT', 'EISDIR', 'EMFILE', 'ENFILE']);

function asUserError(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException | undefined;
  if (err instanceof KpiError || !e || typeof e.code !== 'string' || typeof e.syscall !== 'string' || !SYSTEM_IO_ERRORS.has(e.code)) return err;
  const path = typeof e.path === 'string' ? e.path : undefined;
  return new DataError(`cannot ${e.syscall === 'write' ? 'write' : 'read'}${path ? ` ${path}` : ' an input'}: ${e.message}`, [], { code: 'KPI_FILE_UNREADABLE', file: path });
}

function handleError(caught: unknown): number {
  const err = asUserError(caught);
  if (commanderError && err instanceof commanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    // commander has already printed its message.
    return ExitCode.usage;
  }
  if (err instanceof KpiError) {
    const message = clipValues(err.message);
    const details = err.details.map(clipValues);
    if (jsonErrors) {
      process.stderr.write(`${errorJson({ code: err.code, exitCode: err.exitCode, file: err.file, line: err.line, column: err.column, message, details })}\n`);
      return err.exitCode;
    }
    // Messages quote values from the data: their control characters are shown escaped, never sent to the terminal.
    process.stderr.write(`kpi: ${visibleLines(message)}\n`);
    for (const line of details) process.stderr.write(`  ${visibleLines(line)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  if (jsonErrors) {
    const code: ErrorCode = 'KPI_INTERNAL';
    process.stderr.write(`${errorJson({ code, message: `internal error: ${e?.message ?? String(err)}`, exitCode: ERROR_CODES[code].exit })}\n`);
    if (process.env.KPI_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
    return ExitCode.internal;
  }
  process.stderr.write(
    `kpi: internal error: ${visibleLines(e?.message ?? String(err))}\n` +
      `This is a bug in kpi, not in your data. Please report it with the command you ran${process.env.KPI_DEBUG ? '' : ' and the output of KPI_DEBUG=1'}.\n`,
  );
  if (process.env.KPI_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  return ExitCode.internal;
}

/**
 * Values echoed in a message are cut to a readable length: a 1 MB identifier or cell is not printed whole. Any run
 * of more than 200 characters without a space or quote is a value, never words of a message.
 */
export function clipValues(message: string): string {
  return message.replace(/[^\s'"`]{201,}/g, (value) => clip(value));
}

/** Whether the command line asks for JSON output (`--format json`, `--format=json`, `-f json`, `-fjson`). */
export function wantsJson(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if ((a === '--format' || a === '-f') && args[i + 1] === 'json') return true;
    if (a === '--format=json' || a === '-fjson') return true;
  }
  return false;
}
