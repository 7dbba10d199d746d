// Reads a YAML file into a value plus a way to locate any path in it, so every message can name file:line.
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isNode, isPair, isScalar, isSeq, type Document } from 'yaml';
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
  let bytes: Buffer;
  // A zero byte ends a path for the system: Node refuses it with its own words (exit 3 before).
  if (path.includes('\0')) throw new ConfigError(`${what} ${JSON.stringify(path)}: a file name cannot hold a zero byte`, [], { code: 'KPI_CONFIG_INVALID', file: path.replace(/\0/g, '\\0') });
  noteInput(path);
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(`${what} not found: ${path}`, [], { code: 'KPI_FILE_NOT_FOUND', file: path });
    // `-c exports/` names the project's folder, not its file: say so, with the file it likely means.
    if (code === 'EISDIR') {
      const inside = `${path.replace(/[\\/]+$/, '')}/${what === 'config file' ? 'kpi.yaml' : what === 'targets file' ? 'targets.yaml' : 'notes.yaml'}`;
      throw new ConfigError(`${what} ${path} is a folder, not a file; name the file in it${what === 'config file' ? `: -c ${inside}` : `, e.g. ${inside}`}`, [], { code: 'KPI_CONFIG_INVALID', file: path });
    }
    throw new DataError(`cannot read ${what} ${path}: ${(err as Error).message}`, [], { code: 'KPI_FILE_UNREADABLE', file: path });
  }
  // Read as UTF-8 without a word, a Latin-1 file would turn 'Omsætning' into 'Oms\uFFFDtning'.
  if (!isUtf8(bytes)) throw notUtf8(path, what, bytes);
  const text = bytes.toString('utf8');
  const lineCounter = new LineCounter();
  const invalid = (offset: number, msg: string) => {
    const { line, col } = lineCounter.linePos(offset);
    return new ConfigError(`${path}:${line}:${col}: invalid YAML: ${msg}`, [], { code: 'KPI_CONFIG_YAML', file: path, line, column: col });
  };
  // The library's own duplicate-key check compares each key with every earlier one (quadratic: 40,000 KPIs took
  // 35 s); duplicateKey below does the same check with a set per map.
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
    // The library parses by recursion and reports its own stack overflow as a parse error; say what it means.
    if (/Maximum call stack/i.test(message)) throw invalid(e.pos[0], 'it nests too deep to read (hundreds of levels of { or [ here); a kpi.yaml or targets file needs only a few levels');
    throw invalid(e.pos[0], message);
  }
  const duplicate = duplicateKey(doc);
  if (duplicate !== undefined) {
    const first = lineCounter.linePos(duplicate.first).line;
    throw invalid(duplicate.at, `Map keys must be unique: '${duplicate.key}' is written twice in the same map (first at line ${first}); keep one`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An alias bomb ("billion laughs"): the library stops it; it is the file's fault, not a bug in kpi.
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new ConfigError(
        `${path}: invalid YAML: its aliases (*name) expand to too many nodes (more than 100 per alias); write the values out instead of nesting aliases`,
        [],
        { code: 'KPI_CONFIG_YAML', file: path },
      );
    }
    throw err;
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
    data: data ?? {},
    empty: doc.contents === null,
    lineOf,
    locate: (p) => {
      const line = lineOf(p);
      return line === undefined ? path : `${path}:${line}`;
    },
  };
}

/** The first key that repeats an earlier key of its map (offsets of both), in one pass over the document. */
function duplicateKey(doc: Document): { key: string; at: number; first: number } | undefined {
  // An explicit stack: a deeply nested file must not overflow the call stack.
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        // Scalar keys compare by value, as the library does (1 and "1" differ); other keys are left alone.
        const k = isScalar(key) ? key.value : key;
        if (seen.has(k) && isScalar(key)) return { key: String(key.value), at: key.range?.[0] ?? 0, first: seen.get(k)! };
        seen.set(k, isScalar(key) ? (key.range?.[0] ?? 0) : 0);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return undefined;
}

/** A file that is not UTF-8: where its first such byte is, and how to fix it. */
function notUtf8(path: string, what: string, bytes: Buffer): ConfigError {
  const at = firstInvalidUtf8(bytes);
  const before = bytes.subarray(0, at);
  const line = before.filter((b) => b === 0x0a).length + 1;
  const column = at - (before.lastIndexOf(0x0a) + 1) + 1;
  const byte = bytes[at].toString(16).toUpperCase().padStart(2, '0');
  return new ConfigError(
    `${path}:${line}:${column}: the ${what} is not UTF-8 text (byte 0x${byte}; Latin-1 or Windows-1252?); save it as UTF-8, e.g. iconv -f windows-1252 -t utf-8 ${JSON.stringify(path)} > fixed.yaml`,
    [],
    { code: 'KPI_CONFIG_NOT_UTF8', file: path, line, column },
  );
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > bytes.length || !isUtf8(bytes.subarray(i, i + n))) return i;
    i += n;
  }
  return 0;
}

/** Validates with zod and turns the first issue into one located line (the rest as details). */
export function validateYaml<T>(file: YamlFile, schema: z.ZodType<T>, describe: (path: PropertyKey[]) => string): T {
  const result = schema.safeParse(file.data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const said = new Set<unknown>();
  const lines = issues.flatMap((issue) => {
    if (said.has(issue)) return [];
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    let message = issue.message;
    // A required key left out (zod: "expected string, received undefined"): most often misspelt, which zod reports
    // as a second issue (an unknown key in the same map). Said as one line at the written key, naming the key expected.
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message) && typeof path.at(-1) === 'string') {
      const parent = path.slice(0, -1);
      const key = path.at(-1) as string;
      const unknown = issues.find((i) => i.code === 'unrecognized_keys' && i.path.length === parent.length && i.path.every((p, n) => p === parent[n]));
      if (unknown?.code === 'unrecognized_keys') {
        said.add(unknown);
        return `${file.locate([...parent, unknown.keys[0]])}: ${describe(parent)}unknown key '${unknown.keys[0]}'; expected '${key}' (write ${key}: instead)`;
      }
      return `${file.locate(parent)}: ${describe(parent)}missing key '${key}'`;
    }
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
      return `${file.locate([...path, issue.keys[0]])}: ${describe(issue.path)}${message}`;
    }
    return `${file.locate(path)}: ${describe(issue.path)}${message}`;
  });
  throw new ConfigError(lines[0], lines.slice(1), { code: 'KPI_CONFIG_INVALID', file: file.path });
}
