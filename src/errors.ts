// User-facing errors: each carries the exit code of SPEC §1, so only the CLI decides how to exit.

/** Exit codes are part of the interface (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  targetMissed: 1,
  usage: 2,
  data: 3,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake the user can fix: printed as one line, never with a stack trace. */
export class KpiError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** Extra lines (hints, further problems) printed after the message. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'KpiError';
  }
}

/** Configuration, formula or usage error: exit 2. */
export class ConfigError extends KpiError {
  constructor(message: string, details: readonly string[] = []) {
    super(message, ExitCode.usage, details);
    this.name = 'ConfigError';
  }
}

/** Missing/unreadable file, missing required column, bad row under --strict: exit 3. */
export class DataError extends KpiError {
  constructor(message: string, details: readonly string[] = []) {
    super(message, ExitCode.data, details);
    this.name = 'DataError';
  }
}
