// Reads a YAML file into a value plus a way to locate any path in it, so every message can name file:line.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { ConfigError, DataError } from '../errors.js';
import { noteInput } from '../util/inputs.js';
import type { z } from 'zod';

export interface YamlFile {
  path: string;
  data: unknown;
  /** `file:line` of the node at `path` (or of the nearest existing parent). */
  locate(path: readonly (string | number)[]): string;
  /** Line of the node at `path`, if it exists. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** The file holds no YAML value at all (empty, or only comments): `data` is then `{}`. */
  empty?: boolean;
}

export function readYamlFile(path: string, what: string): YamlFile {
  let text: string;
  noteInput(path);
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(`${what} not found: ${path}`, [], { code: 'KPI_FILE_NOT_FOUND', file: path });
    throw new DataError(`cannot read ${what} ${path}: ${(err as Error).message}`, [], { code: 'KPI_FILE_UNREADABLE', file: path });
  }
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lineCounter.linePos(e.pos[0]);
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
    throw new ConfigError(`${path}:${line}:${col}: invalid YAML: ${msg}`, [], { code: 'KPI_CONFIG_YAML', file: path, line, column: col });
  }
  const lineOf = (p: readonly (string | number)[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      // A key whose value is null has no value node: find the key itself.
      if (n > 0) {
        const parent = doc.getIn(p.slice(0, n - 1), true) as { items?: { key: unknown }[] } | undefined;
        const pair = parent?.items?.find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === p[n - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return lineCounter.linePos(pair.key.range[0]).line;
      }
    }
    return undefined;
  };
  return {
    path,
    data: doc.toJS({ maxAliasCount: 100 }) ?? {},
    empty: doc.contents === null,
    lineOf,
    locate: (p) => {
      const line = lineOf(p);
      return line === undefined ? path : `${path}:${line}`;
    },
  };
}

/** Validates with zod and turns the first issue into one located line (the rest as details). */
export function validateYaml<T>(file: YamlFile, schema: z.ZodType<T>, describe: (path: PropertyKey[]) => string): T {
  const result = schema.safeParse(file.data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
      return `${file.locate([...path, issue.keys[0]])}: ${describe(issue.path)}${message}`;
    }
    return `${file.locate(path)}: ${describe(issue.path)}${message}`;
  });
  throw new ConfigError(lines[0], lines.slice(1), { code: 'KPI_CONFIG_INVALID', file: file.path });
}
