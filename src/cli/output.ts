// Writing results: stdout, or a file written atomically (temp file, then rename) so cron never sees half a report.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, extname, join } from 'node:path';
import { ConfigError, DataError } from '../errors.js';
import { EXTENSIONS, renderers, type Format } from '../render/index.js';
import type { Rendered } from '../render/types.js';

/** The format from --format, else from the -o extension, else the table. */
export function chooseFormat(format: string | undefined, out: string | undefined): Format {
  return pickFormat(format, out, renderers, EXTENSIONS);
}

export function pickFormat<F extends string>(format: string | undefined, out: string | undefined, registry: Record<F, unknown>, extensions: Record<string, F>): F {
  if (format !== undefined) {
    if (!Object.hasOwn(registry, format)) throw new ConfigError(`unknown format '${format}'`, [], 'KPI_FORMAT');
    return format as F;
  }
  if (out !== undefined) {
    const byExt = extensions[extname(out).toLowerCase()];
    if (byExt) return byExt;
    throw new ConfigError(`cannot tell the format of ${out} from its extension; add --format (${Object.keys(extensions).join(', ')})`, [], 'KPI_FORMAT');
  }
  return 'table' as F;
}

export async function loadRenderer(format: Format) {
  return renderers[format]();
}

export function writeOutput(rendered: Rendered, out: string | undefined): void {
  const data = 'text' in rendered ? rendered.text : rendered.bytes;
  if (out === undefined) {
    process.stdout.write(data);
    return;
  }
  const tmp = join(dirname(out), `.kpi-tmp-${process.pid}-${basename(out)}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, out);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is unusable (missing, not a folder): there is no temp file to remove.
    }
    throw new DataError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR' ? `the folder ${dirname(out)} does not exist` : (err as Error).message}`, [], { code: 'KPI_WRITE', file: out });
  }
}

/** Colour only on a TTY, never with NO_COLOR or --no-color, never into a file. */
export function useColor(flagColor: boolean, out: string | undefined): boolean {
  if (!flagColor || out !== undefined) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
