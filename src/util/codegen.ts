// Generated code (the row steppers and record parsers the streaming engine builds per plan) is made here, so every
// function has a name in stack traces and profiles (`//# sourceURL=kpi-codegen/<name>-<n>.js`) and can be read:
// `KPI_DEBUG=codegen kpi report …` prints each generated function to stderr as it is made.

let made = 0;

/** Whether KPI_DEBUG (a comma-separated list, e.g. `codegen` or `1,codegen`) asks for the generated code. */
export function debugCodegen(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.KPI_DEBUG ?? '').split(',').some((w) => w.trim().toLowerCase() === 'codegen');
}

/**
 * `new Function(...params, body)` with a source URL, dumped under KPI_DEBUG=codegen. `body` must not depend on data
 * values except through `params`: what is generated is the shape of the plan (column indexes, aggregate slots).
 */
export function generate<F>(name: string, params: readonly string[], body: string): (...args: unknown[]) => F {
  const url = `kpi-codegen/${name}-${++made}.js`;
  if (debugCodegen()) process.stderr.write(`// ---- ${url} (${params.join(', ')})\n${body}\n`);
  return new Function(...params, `${body}\n//# sourceURL=${url}`) as (...args: unknown[]) => F;
}
