// Targets for groups that no result has (README "Budgets and forecasts", "Targets"): a target for `rep: Øystein
// Hæreid` when the data's names were decoded as `Ã˜ystein HÃ¦reid`, or a department renamed since the budget,
// would leave that group "no target" and the target unused without a word. Said, not failed: the run's figures
// are right, only a target goes unused (as an unknown category value is said and counted).
import { closest } from '../util/text.js';
import type { TargetsFile } from './targets-file.js';

/** A target set's file and name (`budget`), or '' for the one targets file. */
export interface NamedTargets {
  name: string;
  file: TargetsFile;
}

export interface UnmatchedGroupTarget {
  kpi: string;
  field: string;
  value: string;
  /** file:line of the target. */
  at: string;
  /** The nearest group value the results have, if one is near. */
  closest?: string;
  /** The source whose data the KPI reads (for the data-quality record it belongs to). */
  set: string;
}

/**
 * Each group target whose group value no result row of its KPI has, for the group fields of the run (`--by rep`):
 * a group field the run does not group by is not checked (its targets are simply not asked for).
 */
export function unmatchedGroupTargets(sets: readonly NamedTargets[], rows: readonly { kpi: string; group: Record<string, string> }[], by: readonly string[]): UnmatchedGroupTarget[] {
  if (by.length === 0) return [];
  const seen = new Map<string, Set<string>>();
  for (const r of rows) {
    const fields = Object.keys(r.group);
    if (fields.length === 0) continue;
    for (const f of fields) add(seen, `${r.kpi}|${f}`, r.group[f]);
    if (fields.length > 1) add(seen, `${r.kpi}|${fields.join(',')}`, fields.map((f) => r.group[f]).join('\u001f'));
  }
  const out: UnmatchedGroupTarget[] = [];
  const ran = new Set(rows.map((r) => r.kpi));
  for (const { name, file } of sets) {
    for (const [kpi, entry] of file.entries) {
      if (!ran.has(kpi)) continue;
      const check = (field: string, value: string, at: string) => {
        if (!field.split(',').every((f) => by.includes(f))) return;
        const have = seen.get(`${kpi}|${field}`) ?? new Set<string>();
        if (have.has(value)) return;
        const near = closest(value, have);
        out.push({ kpi, field, value: value.split('\u001f').join(' / '), at, ...(near === undefined ? {} : { closest: near.split('\u001f').join(' / ') }), set: name });
      };
      for (const [field, values] of Object.entries(entry.by ?? {})) for (const value of Object.keys(values)) check(field, value, file.locateGroup?.(kpi, field, value) ?? file.locate(kpi));
      for (const [field, values] of Object.entries(entry.groupEntries ?? {})) for (const value of Object.keys(values)) check(field, value, file.locateGroup?.(kpi, field, value) ?? file.locate(kpi));
    }
  }
  return out;
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let s = map.get(key);
  if (!s) map.set(key, (s = new Set()));
  s.add(value);
}

/** The warning line of one: `targets.yaml:12: the target for revenue rep 'Øystein Hæreid' matches no rep in the data; the closest is 'Ã˜ystein HÃ¦reid'`. */
export function unmatchedGroupLine(u: UnmatchedGroupTarget): string {
  const field = u.field.split(',').join(' / ');
  return `${u.at}: the target${u.set ? ` (${u.set})` : ''} for ${u.kpi} ${field} '${u.value}' matches no ${field} in the data, so it is used nowhere${u.closest === undefined ? '' : `; the closest is '${u.closest}'`} (correct the name in the targets, or the data's encoding:)`;
}
