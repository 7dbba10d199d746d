// Notes and owners (README "Notes and owners"): what the meeting said about a KPI in a period — a note, who owns it
// and what is being done — kept in a notes.yaml beside kpi.yaml (or `notes:`), read into each result, and written
// by `kpi note add` for people who do not edit YAML. A list, so a file grows by appending and diffs read well.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isSeq, parseDocument } from 'yaml';
import * as z from 'zod';
import { readYamlFile, validateYaml } from '../config/yaml-file.js';
import { ConfigError } from '../errors.js';

// Built on first use: zod takes milliseconds to build a schema, and most reports (which load this module) have no
// notes file to read.
const entrySchema = () =>
  z.strictObject({
    kpi: z.string().min(1, 'kpi is empty'),
    /** As the report names it: 2026-10, 2026-Q4, FY2026 … */
    period: z.union([z.string(), z.number()]).transform((p) => String(p)),
    /** The group it is about (`{ rep: Bo }`), none for the total. */
    group: z.record(z.string(), z.union([z.string(), z.number()]).transform((v) => String(v))).optional(),
    note: z.string().min(1, 'note is empty'),
    owner: z.string().optional(),
    action: z.string().optional(),
  });
const makeNotesSchema = () => z.array(entrySchema(), { error: 'a notes file is a list of notes, e.g.\n- { kpi: revenue, period: 2026-10, note: "…" }' });
let notesSchema: ReturnType<typeof makeNotesSchema> | undefined;

export type NoteEntry = z.infer<ReturnType<typeof entrySchema>>;

export interface Notes {
  path: string;
  entries: NoteEntry[];
}

/** The notes file, or none when it does not exist (nothing has been noted yet). */
export function loadNotes(path: string, knownKpis: Iterable<string>): Notes | undefined {
  if (!existsSync(path)) return undefined;
  const file = readYamlFile(path, 'notes file');
  if (file.empty) return { path, entries: [] };
  // Named by note (`note 1:`), the line saying where: `0.note:` read as a path into the list.
  const entries = validateYaml(file, (notesSchema ??= makeNotesSchema()), (p) => (p.length ? `note ${Number(p[0]) + 1}${p.length > 1 ? ` ${p.slice(1).map(String).join('.')}` : ''}: ` : ''));
  const known = new Set(knownKpis);
  entries.forEach((e, i) => {
    if (!known.has(e.kpi)) throw new ConfigError(`${file.locate([i, 'kpi'])}: unknown KPI '${e.kpi}' in the notes file (kpi list shows the ids)`, [], { code: 'KPI_NOTES', file: path });
  });
  return { path, entries };
}

const sameGroup = (a: Record<string, string> | undefined, b: Record<string, string>): boolean => {
  const x = Object.entries(a ?? {});
  return x.length === Object.keys(b).length && x.every(([k, v]) => b[k] === v);
};

/** The note of a KPI in a period (its id as the report names it) for a group; the last written wins. */
export function noteFor(notes: Notes | undefined, kpi: string, period: string, group: Record<string, string>): NoteEntry | undefined {
  if (!notes) return undefined;
  for (let i = notes.entries.length - 1; i >= 0; i--) {
    const e = notes.entries[i];
    if (e.kpi === kpi && e.period === period && sameGroup(e.group, group)) return e;
  }
  return undefined;
}

/**
 * Notes on this period of a grouped report whose group matches no result (`--group rep=Bo` with no rep Bo): said
 * rather than silently dropped. A note on a grouping the report does not show (no `--by rep`) is left alone.
 */
export function notesMatchingNoGroup(notes: Notes | undefined, period: string, rows: readonly { kpi: string; group: Record<string, string> }[]): string[] {
  if (!notes) return [];
  const keysOf = (g: Record<string, string>) => Object.keys(g).sort().join('\u001f');
  const lines: string[] = [];
  for (const e of notes.entries) {
    if (e.period !== period || !e.group || Object.keys(e.group).length === 0) continue;
    const shown = rows.filter((r) => r.kpi === e.kpi && keysOf(r.group) === keysOf(e.group!));
    if (shown.length === 0 || shown.some((r) => sameGroup(e.group, r.group))) continue;
    const group = Object.entries(e.group).map(([k, v]) => `${k}=${v}`).join(', ');
    lines.push(`${notes.path}: the note on ${e.kpi} ${e.period} for ${group} matches no ${Object.keys(e.group).join(', ')} in the report, so it is not shown (check the spelling against the report's groups)`);
  }
  return lines;
}

/** Appends a note to the file (made when missing), keeping its comments and layout. */
export function addNote(path: string, entry: NoteEntry): void {
  // Read once as any YAML file is (UTF-8, valid YAML, errors with file:line), then edited as a document.
  if (existsSync(path)) readYamlFile(path, 'notes file');
  const doc = parseDocument(existsSync(path) ? readFileSync(path, 'utf8') : '[]\n');
  if (doc.contents === null) doc.contents = doc.createNode([]) as never;
  if (!isSeq(doc.contents)) throw new ConfigError(`${path}: a notes file is a list of notes; this one is not (fix it, or move it away and run kpi note add again)`, [], { code: 'KPI_NOTES', file: path });
  const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
  (doc.contents.items as unknown[]).push(doc.createNode(clean));
  // A list written in flow style ([]) turns block style once it holds a note: one note a few lines.
  doc.contents.flow = false;
  writeFileSync(path, doc.toString({ lineWidth: 0 }));
}
