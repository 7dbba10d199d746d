// The house as a test (docs/architecture.md): data flows one way, from the CLI through the use cases to the
// engine and the readers, and out through the report model to the renderers. This reads the imports of `src/`
// (static, dynamic and worker-thread URLs) and checks two things:
//   1. every import between layers goes in an allowed direction;
//   2. no runtime import cycle between files.
// Today's violations are listed below. The lists may only shrink: an entry that is no longer a violation fails
// the test too, so whoever removes a violation also removes its line.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

/** Layers everything may use: they import nothing but each other. */
const LEAVES = ['util', 'errors', 'vocabulary', 'calendar'];

/** For each layer, the layers it may import besides the leaves (`*` = any). */
const ALLOWED: Record<string, readonly string[] | '*'> = {
  cli: '*',
  app: ['config', 'locale', 'charts', 'sources', 'table', 'plan', 'engine', 'formula', 'registry', 'periods', 'targets', 'model', 'render', 'notes', 'history'],
  plan: ['formula', 'registry', 'periods', 'table', 'config'],
  engine: ['plan', 'formula', 'periods', 'table'],
  sources: ['config', 'table', 'charts'],
  table: [],
  // Charts of accounts as data (account ranges → ledger category): readers use them; they use only the leaves.
  charts: [],
  // kpi.yaml's locale: and display: are checked against the locale layer's lists.
  config: ['locale'],
  // Formatting and translations as data (src/locale): numbers, dates and words of the renderers; leaves only.
  locale: [],
  formula: [],
  registry: ['formula'],
  periods: [],
  // Budget spreadsheets are read by the source readers (CSV, XLSX) and roll up through the charts of accounts.
  targets: ['periods', 'config', 'sources', 'table', 'charts'],
  // notes.yaml (README "Notes and owners"): read and written as a YAML file of the config layer's reader.
  notes: ['config'],
  // The history of runs (README "History"): entries built from the report model, compared and shown as text and
  // Markdown (render's escaping, locale's status words); the app builds an entry from its workspace.
  history: ['model', 'render', 'locale'],
  // kpi notify's summary and payloads (README "Notifications"): the report model worded as the renderers word it.
  notify: ['model', 'render', 'locale'],
  // The report model names the locale and display settings renderers format with (type-only).
  model: ['locale'],
  render: ['model', 'locale'],
  util: ['errors'],
  errors: [],
  vocabulary: [],
  calendar: [],
};

/** Imports against the flow that exist today, `from -> to` as paths under src/. May only shrink. */
const KNOWN_VIOLATIONS = new Set<string>([]);

/** Runtime import cycles that exist today, each as its files sorted and joined by ` · `. May only shrink. */
const KNOWN_CYCLES = new Set<string>([]);

/** The layer of a file under src/: its folder, with the few files that already stand for a layer of their own. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return parts[0].replace(/\.ts$/, '');
  const [folder, name] = parts;
  if (folder === 'report') return name === 'model.ts' ? 'model' : 'app';
  if (folder === 'sources' && name === 'table.ts') return 'table';
  if (folder === 'model') return 'vocabulary';
  return folder;
}

interface Edge {
  from: string;
  to: string;
  /** A type-only import is erased by the compiler: it counts for the layers, not for runtime cycles. */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [relative(SRC, path).split(sep).join('/')] : [];
  });
}

// `import … from './x.js'`, `export … from './x.js'`, `import './x.js'`, `import('./x.js')`, and
// `new URL('./x.js', import.meta.url)` (how a worker thread's file is named). Only relative specifiers are ours.
const IMPORT = /(?:^|\n)[ \t]*(?:import|export)[ \t]+(type[ \t]+)?(?:([^'";]*?)[ \t]*from[ \t]+)?['"](\.{1,2}\/[^'"]+)['"]/g;
const DYNAMIC = /(?:import|new\s+URL)\(\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** `{ type A, type B }` names only types: the compiler erases the import. */
function onlyTypes(clause: string | undefined): boolean {
  const names = clause === undefined ? undefined : /^\{([^}]*)\}$/s.exec(clause.trim())?.[1];
  if (names === undefined) return false;
  const list = names.split(',').map((n) => n.trim()).filter((n) => n !== '');
  return list.length > 0 && list.every((n) => n.startsWith('type '));
}

export function importsOf(file: string, text: string): Edge[] {
  const target = (spec: string) => join(dirname(file), spec.replace(/\.js$/, '.ts')).split(sep).join('/');
  const edges: Edge[] = [];
  for (const m of text.matchAll(IMPORT)) edges.push({ from: file, to: target(m[3]), typeOnly: m[1] !== undefined || onlyTypes(m[2]) });
  for (const m of text.matchAll(DYNAMIC)) edges.push({ from: file, to: target(m[1]), typeOnly: false });
  // package.json and other data files are not modules of the house.
  return edges.filter((e) => e.to.endsWith('.ts') && !e.to.startsWith('../'));
}

function allEdges(): Edge[] {
  return sourceFiles(SRC).flatMap((f) => importsOf(f, readFileSync(join(SRC, f), 'utf8')));
}

export function allowed(from: string, to: string): boolean {
  const a = layerOf(from);
  const b = layerOf(to);
  if (a === b) return true;
  const rule = ALLOWED[a];
  if (rule === undefined) return false;
  if (rule === '*') return true;
  // Leaves may use only what their own rule names; everyone else may use every leaf.
  return rule.includes(b) || (!LEAVES.includes(a) && LEAVES.includes(b));
}

/** Strongly connected components of more than one file (Tarjan), each as its sorted files. */
export function cycles(edges: Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1) found.push(members.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

describe('the house (docs/architecture.md)', () => {
  const edges = allEdges();

  it('finds the imports it is meant to check (control: the reader is not blind)', () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges.some((e) => e.from === 'cli/main.ts')).toBe(true);
    // A violation and a cycle built by hand are seen.
    expect(allowed('render/table.ts', 'engine/run.ts')).toBe(false);
    expect(allowed('sources/csv/csv-reader.ts', 'cli/main.ts')).toBe(false);
    expect(allowed('cli/main.ts', 'engine/run.ts')).toBe(true);
    expect(allowed('report/build-report.ts', 'cli/main.ts')).toBe(false);
    expect(cycles([
      { from: 'a.ts', to: 'b.ts', typeOnly: false },
      { from: 'b.ts', to: 'a.ts', typeOnly: false },
      { from: 'b.ts', to: 'c.ts', typeOnly: false },
    ])).toEqual([['a.ts', 'b.ts']]);
    expect(cycles([{ from: 'a.ts', to: 'b.ts', typeOnly: false }, { from: 'b.ts', to: 'a.ts', typeOnly: true }])).toEqual([]);
    expect(importsOf('engine/x.ts', "import type { A } from '../report/model.js';\nimport { type B, type C } from './y.js';\nimport { D } from './z.js';"))
      .toEqual([
        { from: 'engine/x.ts', to: 'report/model.ts', typeOnly: true },
        { from: 'engine/x.ts', to: 'engine/y.ts', typeOnly: true },
        { from: 'engine/x.ts', to: 'engine/z.ts', typeOnly: false },
      ]);
  });

  it('every file belongs to a layer the rules know', () => {
    const unknown = [...new Set(edges.flatMap((e) => [e.from, e.to]))].filter((f) => !(layerOf(f) in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it('imports go with the flow (the allow-list of old violations only shrinks)', () => {
    const violations = new Set(edges.filter((e) => !allowed(e.from, e.to)).map((e) => `${e.from} -> ${e.to}`));
    const added = [...violations].filter((v) => !KNOWN_VIOLATIONS.has(v)).sort();
    const fixed = [...KNOWN_VIOLATIONS].filter((v) => !violations.has(v)).sort();
    expect(added, 'new imports against the flow (see docs/architecture.md)').toEqual([]);
    expect(fixed, 'no longer violations: remove these lines from KNOWN_VIOLATIONS').toEqual([]);
  });

  it('no runtime import cycle between files (the allow-list of old cycles only shrinks)', () => {
    const found = new Set(cycles(edges).map((c) => c.join(' · ')));
    const added = [...found].filter((c) => !KNOWN_CYCLES.has(c)).sort();
    const fixed = [...KNOWN_CYCLES].filter((c) => !found.has(c)).sort();
    expect(added, 'new import cycles').toEqual([]);
    expect(fixed, 'no longer cycles: remove these lines from KNOWN_CYCLES').toEqual([]);
  });

  // The SQL engine (engine/sql/) is of the engine layer; its dialects (dialect.ts, one file per database) write SQL
  // text only: they import the dialect interface and the leaves, never the compiler, a client, a reader or a use
  // case, so a new database is one small file (docs/architecture.md).
  it('a SQL dialect imports only the dialect interface and the leaves; the SQL engine no use case', () => {
    const SQL = 'engine/sql/';
    const dialects = sourceFiles(SRC).filter((f) => f.startsWith(SQL) && !['compile.ts', 'engine.ts'].includes(f.slice(SQL.length)));
    expect(dialects).toContain('engine/sql/duckdb.ts');
    for (const e of edges.filter((e) => dialects.includes(e.from))) {
      expect(e.to === 'engine/sql/dialect.ts' || LEAVES.includes(layerOf(e.to)), `${e.from} -> ${e.to}`).toBe(true);
    }
    for (const e of edges.filter((e) => e.from.startsWith(SQL))) expect(layerOf(e.to), `${e.from} -> ${e.to}`).not.toBe('app');
    expect(layerOf('engine/sql/compile.ts')).toBe('engine');
  });

  it('a bug is thrown as InternalError, a user error as a KpiError: no bare `throw new Error` in src/', () => {
    const bare = sourceFiles(SRC).flatMap((f) =>
      readFileSync(join(SRC, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bthrow new Error\(/.test(line) ? [`${f}:${i + 1}`] : [])),
    );
    expect(bare, 'throw InternalError (a bug) or ConfigError/DataError (the user can fix it)').toEqual([]);
  });
});
