// `kpi list`'s work, loaded only when the command runs.
import { existsSync } from 'node:fs';
import { projectFromSources } from '../../config/project.js';
import type { SlaAllowance } from '../../config/sla.js';
import { allDefinitions, buildPlan, formulaOf } from '../../report/build-plan.js';
import { forEachAggregate, forEachFieldInCond, forEachFieldInRow, forEachKpiRef } from '../../formula/ast.js';
import { parseFormula } from '../../formula/parser.js';
import type { KpiDefinition } from '../../registry/types.js';
import { plainGrid } from '../../render/grid.js';
import { terminalWidth, writeOutput } from '../output.js';
import { visible } from '../../util/text.js';
import { wrap } from '../../render/fit.js';
import { displayWidth } from '../../render/text-table.js';
import type { ListFlags } from './list.js';
import { fill, Formatter } from '../../locale/format.js';
import type { Unit, Better } from '../../model/vocabulary.js';

interface Entry {
  id: string;
  label: string;
  unit: string;
  better: string;
  formula: string;
  period: string | null;
  needs: string[];
  builtin: boolean;
  available: boolean | null;
  reason: string | null;
}

export async function runList(flags: ListFlags): Promise<number> {
  const configPath = flags.config ?? (existsSync('kpi.yaml') ? 'kpi.yaml' : undefined);
  // Without a config there is no YAML to read: the YAML and schema libraries are not even loaded.
  const project = configPath ? (await import('../../config/load-project.js')).loadProject(configPath) : projectFromSources(process.cwd());
  const defs = allDefinitions(project);
  let unavailable: Map<string, string> | undefined;
  if (configPath) {
    const { openSources } = await import('../../sources/source-schema.js');
    const plan = buildPlan(project, await openSources(project));
    unavailable = plan.unavailable;
  }
  const entries: Entry[] = [...defs.values()].map((def) => ({
    id: def.id,
    label: def.label,
    unit: def.unit,
    better: def.better,
    formula: def.formula,
    period: def.period ?? null,
    needs: needs(def, defs, project.sla),
    builtin: def.builtin,
    available: unavailable ? !unavailable.has(def.id) : null,
    reason: unavailable?.get(def.id) ?? null,
  }));
  if (flags.format === 'json') {
    await writeOutput({ text: `${JSON.stringify(entries, null, 2)}\n` }, flags.out, { force: flags.force });
    return 0;
  }
  const width = terminalWidth(flags.out);
  // The table in the locale (--locale, else kpi.yaml's locale:): heads, built-in labels, units and directions; ids,
  // formulas, fields and reasons as they are written (what --kpi, kpi.yaml and kpi explain take).
  const w = listWords(new Formatter(flags.locale ?? project.locale));
  const shown = entries.map((e) => ({ ...e, label: w.label(e), unit: w.unit(e.unit), better: w.better(e.better) }));
  const head = [w.head.kpi, w.head.label, w.head.unit, w.head.better, w.head.needs, ...(unavailable ? [w.head.available] : [])];
  const colWidths = fitWidths([22, 28, 10, 8, 44, ...(unavailable ? [30] : [])], width);
  const footer = `${w.footer(entries.length)}\n`;
  if (width !== undefined && colWidths.reduce((sum, w) => sum + w, colWidths.length + 1) > width) {
    // Narrower than the narrowest table: each KPI as a line of its own (id, label, unit, direction), what it needs
    // and whether it is available under it, wrapped to the width.
    await writeOutput({ text: `${compactList(shown, width, w).join('\n')}\n${footer}` }, flags.out, { force: flags.force });
    return 0;
  }
  // Labels and reasons come from kpi.yaml and the exports: their control characters are shown escaped.
  const rows = shown.map((e) => [e.id, e.label, e.unit, e.better, e.needs.join(', '), ...(unavailable ? [e.available ? w.yes : `${w.no}: ${e.reason}`] : [])].map(visible));
  // cli-table3 is loaded only for text plainGrid cannot measure (wide characters, colour codes, …).
  let text = plainGrid(head, rows, colWidths);
  if (text === undefined) {
    const { default: Table } = await import('cli-table3');
    const table = new Table({ head, style: { head: [], border: [] }, wordWrap: true, colWidths });
    for (const row of rows) table.push(row);
    text = table.toString();
  }
  await writeOutput({ text: `${text}\n${footer}` }, flags.out, { force: flags.force });
  return 0;
}

/** `source.field` for every field a KPI reads, through the KPIs it uses. */
function needs(def: KpiDefinition, defs: Map<string, KpiDefinition>, sla: Record<string, SlaAllowance> | undefined, seen = new Set<string>()): string[] {
  if (seen.has(def.id)) return [];
  seen.add(def.id);
  const out = new Set<string>();
  let expr;
  try {
    expr = parseFormula(formulaOf(def, sla));
  } catch {
    return [];
  }
  forEachAggregate(expr, (agg) => {
    const add = (f: { name: string }) => out.add(`${agg.source}.${f.name}`);
    if (agg.arg) forEachFieldInRow(agg.arg, add);
    if (agg.where) forEachFieldInCond(agg.where, add);
    if (!agg.arg && !agg.where) out.add(agg.source);
  });
  forEachKpiRef(expr, (ref) => {
    const other = defs.get(ref.id);
    if (other) needs(other, defs, sla, seen).forEach((n) => out.add(n));
  });
  return [...out].sort();
}

/**
 * The columns of the list for a known terminal width: Needs and Available (which wrap inside their cells) give up
 * room first, down to 16 each, then Label down to 16; Unit and Better are kept. Without a width, as they are.
 */
function fitWidths(widths: number[], width: number | undefined): number[] {
  if (width === undefined) return widths;
  const out = [...widths];
  const total = () => out.reduce((s, w) => s + w, 0) + out.length + 1;
  for (const [x, min] of [[5, 16], [4, 16], [1, 16]] as const) {
    if (x >= out.length) continue;
    out[x] = Math.max(min, out[x] - Math.max(0, total() - width));
  }
  return out;
}

/**
 * `kpi list` below the narrowest table (80 columns with the Available column): per KPI a line `revenue  Revenue
 * (currency, higher is better)`, then `needs sales.revenue` and, for one kpi cannot compute, `not available: …`,
 * indented and wrapped at spaces. Ids are never clipped: they are what `kpi explain` and `--kpi` take.
 */
function compactList(entries: readonly Entry[], width: number, w: ListWords): string[] {
  const idWidth = Math.min(24, entries.reduce((w, e) => Math.max(w, displayWidth(visible(e.id))), 0));
  const out: string[] = [];
  for (const e of entries) {
    const id = visible(e.id);
    const mark = e.available === null ? '' : e.available ? '✔ ' : '✘ ';
    out.push(...wrap(`${mark}${id.padEnd(idWidth)}  ${visible(e.label)} (${fill(w.msg.unitBetter, { unit: e.unit, better: e.better })})`, width, mark.length + idWidth + 2));
    const indent = ' '.repeat(mark.length + 2);
    const needs = fill(w.msg.needs, { fields: '' });
    if (e.needs.length > 0) out.push(...wrap(`${indent}${needs}${visible(e.needs.join(', '))}`, width, indent.length + displayWidth(needs)));
    if (e.available === false) out.push(...wrap(`${indent}${fill(w.msg.notAvailable, { reason: visible(e.reason ?? '') })}`, width, indent.length + 2));
  }
  return out;
}

/** The words of the list in a locale (messages' `list`); English without one, as kpi list always printed it. */
function listWords(f: Formatter) {
  const m = f.msg.list;
  const english = f.spec.language === 'en';
  return {
    msg: m,
    head: { kpi: f.msg.head.kpi, label: f.msg.head.label, unit: f.msg.head.unit, better: f.msg.head.better, needs: m.needsHead, available: m.availableHead },
    label: (e: Entry) => f.label(e.id, e.label),
    unit: (u: string) => (english ? u : f.unitName(u as Unit)),
    better: (b: string) => (english ? b : f.msg.text[b as Better] ?? b),
    yes: f.msg.text.yes,
    no: f.msg.text.no,
    footer: (n: number) => fill(m.footer, { n: f.locale === undefined ? String(n) : f.integer(n) }),
  };
}
type ListWords = ReturnType<typeof listWords>;
