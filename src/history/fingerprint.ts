// Fingerprints of what a run read: a file's sha256 (streamed, so a 10 GB export costs no memory) and a KPI
// definition's (so a changed formula is told apart from changed data).
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { DataError } from '../errors.js';

/** sha256 (hex) and size of a regular file, read as a stream. A read error is a located data error. */
export async function fileFingerprint(path: string, shown: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    throw new DataError(`--history: cannot read ${shown} to fingerprint it: ${(err as Error).message}`, [], { code: 'KPI_FILE_UNREADABLE', file: shown });
  }
  return { size, sha256: hash.digest('hex') };
}

/** Whether a path is a regular file (a FIFO or stdin was read once by the run and cannot be hashed after it). */
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The parts of a KPI's definition that decide its figure (its label and description do not). */
export interface DefinitionParts {
  formula: string;
  unit: string;
  better: string;
  period?: string;
}

/** sha256 (hex) of a definition's deciding parts, in a fixed key order. */
export function definitionFingerprint(d: DefinitionParts): string {
  const text = JSON.stringify({ formula: d.formula, unit: d.unit, better: d.better, period: d.period ?? null });
  return createHash('sha256').update(text).digest('hex');
}

export const textFingerprint = (text: string): string => createHash('sha256').update(text).digest('hex');
