// What each result's figure did not understand: the unknown values and the unreadable values in the columns its
// aggregates read, counted in the rows of its period (and group), and the rows wider than the header of its sources.
// A value kpi did not understand in 2019 says nothing about the figure of 2026-10; one in its rows does.
import { forEachAggregate, forEachKpiRef, type Offset } from '../formula/ast.js';
import type { Plan } from '../plan/plan.js';
import type { AggregateResults } from '../engine/engine.js';
import type { Doubt, WindowDoubts } from '../engine/run.js';

/** A column a KPI reads, in one source; `allRows` when an aggregate of `period: none` reads it (it sees every row). */
interface ReadColumn {
  source: string;
  column: string;
  allRows: boolean;
}

/** The first value left out of a figure, where it is. */
export interface FirstBad {
  source: string;
  file: string;
  line: number;
  /** The column; empty for a row wider than the header (none of its cells can be trusted). */
  column: string;
  value: string;
}

export interface ResultDoubts {
  /** Cells with values kpi does not know (not ignored) in the columns read, in the rows of the period and group. */
  unknown: number;
  /** Values left out: unreadable cells in the columns read, in the rows of the period and group, and wide rows. */
  bad: number;
  /** Of `bad`, per source (tolerances are per source). */
  badBySource: Map<string, number>;
  /** Of `bad`, the rows with an empty period date the KPI would count. */
  undated: number;
  first: FirstBad | null;
}

export class Doubts {
  private readonly direct = new Map<string, ReadColumn[]>();
  private readonly periodAggregates = new Map<string, { source: string; index: number }[]>();

  constructor(
    private readonly plan: Plan,
    private readonly results: AggregateResults,
    /** The window a `[prev]`/`[yoy]` reference reads from window `w` (Windows.offset). */
    private readonly offset: (w: number, offset: Offset) => number | undefined,
  ) {}

  /** The columns read by a KPI's own aggregates, per source (with the period field for period aggregates). */
  private columns(id: string): ReadColumn[] {
    const known = this.direct.get(id);
    if (known) return known;
    const seen = new Map<string, ReadColumn>();
    const planned = this.plan.kpis.get(id);
    if (planned) {
      forEachAggregate(planned.expr, (agg) => {
        const at = this.plan.aggregateIndex.get(agg);
        const sp = at && this.plan.sources.get(at.source);
        if (!at || !sp) return;
        const a = sp.aggregates[at.index];
        const slots = new Set(a.reads);
        // A row whose period cannot be read is in no period: every period aggregate leaves it out.
        if (!a.allRows && sp.periodSlot !== undefined) slots.add(sp.periodSlot);
        // A ledger line whose category cannot be read has no known sign: its amount is left out too (run.ts).
        if (sp.signs && slots.has(sp.signs.amount)) slots.add(sp.signs.category);
        for (const slot of slots) {
          for (const column of columnsOf(sp.slots[slot].field)) {
            const c = { source: at.source, column, allRows: a.allRows };
            const key = `${c.source}\u001f${c.column}`;
            const was = seen.get(key);
            if (!was) seen.set(key, c);
            else was.allRows ||= c.allRows;
          }
        }
      });
    }
    const out = [...seen.values()];
    this.direct.set(id, out);
    return out;
  }

  /** A KPI's own period aggregates (not `period: none`), per source: an undated row it would count is in doubt. */
  private dated(id: string): { source: string; index: number }[] {
    const known = this.periodAggregates.get(id);
    if (known) return known;
    const out: { source: string; index: number }[] = [];
    const planned = this.plan.kpis.get(id);
    if (planned) {
      forEachAggregate(planned.expr, (agg) => {
        const at = this.plan.aggregateIndex.get(agg);
        const sp = at && this.plan.sources.get(at.source);
        if (!at || !sp || sp.periodSlot === undefined || sp.aggregates[at.index].allRows) return;
        if (!out.some((o) => o.source === at.source && o.index === at.index)) out.push({ source: at.source, index: at.index });
      });
    }
    this.periodAggregates.set(id, out);
    return out;
  }

  /**
   * What the figure of KPI `id` in window `w` (and group `group`, a key of run.ts) did not understand: its own
   * columns in `w`, and those of the KPIs it uses in the windows they are read in (`revenue[prev]` in the
   * previous period), each column and window counted once.
   */
  of(id: string, w: number, group?: string): ResultDoubts {
    const reads = new Map<string, ReadColumn & { w: number }>();
    const visited = new Set<string>();
    const undated = new Map<string, { source: string; index: number }>();
    const visit = (kpi: string, at: number) => {
      const key = `${kpi}@${at}`;
      if (visited.has(key)) return;
      visited.add(key);
      // An undated row may be in any window: counted once whatever windows read the aggregate.
      for (const a of this.dated(kpi)) undated.set(`${a.source}\u001f${a.index}`, a);
      for (const c of this.columns(kpi)) {
        // An aggregate over every row reads the same rows in every window.
        const k = c.allRows ? `${c.source}\u001f${c.column}\u001fall` : `${c.source}\u001f${c.column}\u001f${at}`;
        if (!reads.has(k)) reads.set(k, { ...c, w: at });
      }
      const planned = this.plan.kpis.get(kpi);
      if (!planned) return;
      forEachKpiRef(planned.expr, (ref) => {
        const next = ref.offset ? this.offset(at, ref.offset) : at;
        if (next !== undefined) visit(ref.id, next);
      });
    };
    visit(id, w);

    const out: ResultDoubts = { unknown: 0, bad: 0, badBySource: new Map(), undated: 0, first: null };
    const addBad = (source: string, n: number, first: FirstBad) => {
      if (n <= 0) return;
      out.bad += n;
      out.badBySource.set(source, (out.badBySource.get(source) ?? 0) + n);
      // The earliest line of the first file met.
      if (out.first === null || (first.file === out.first.file && first.line < out.first.line)) out.first = first;
    };
    const sources = new Set<string>();
    const windowsRead = new Set<string>();
    for (const c of reads.values()) {
      const res = this.results.get(c.source);
      if (!res) continue;
      sources.add(c.source);
      if (c.allRows) {
        // An aggregate over every row: every such value of the source is in its figure.
        for (const u of res.quality.unknown_values) if (u.column === c.column) out.unknown += u.count;
        const b = res.quality.bad_values.find((v) => v.column === c.column && !v.empty_period);
        if (b) addBad(c.source, b.count, { source: c.source, file: b.first.file, line: b.first.line, column: c.column, value: b.first.value });
        continue;
      }
      // The rows of the period, and those whose period cannot be read (they may be in it).
      for (const d of [res.doubts(c.w), res.unplacedDoubts]) {
        const at = pick(d, group);
        out.unknown += at?.get(`u:${c.column}`)?.count ?? 0;
        const b = at?.get(`b:${c.column}`);
        if (b) addBad(c.source, b.count, { source: c.source, file: b.file, line: b.line, column: c.column, value: b.value });
      }
      if (group !== undefined) windowsRead.add(`${c.source}\u001f${c.w}`);
    }
    // Rows the KPI's period aggregates would count but whose period field is empty (run.ts, noteUndated): one row
    // counted by several of its aggregates is one value left out per aggregate's source line, so count the rows
    // once per source: the most any one aggregate has (won deals and closed deals: the closed ones).
    const undatedBySource = new Map<string, { n: number; first: FirstBad }>();
    for (const a of undated.values()) {
      const res = this.results.get(a.source);
      const d = res && pick(res.unplacedDoubts, group)?.get(`e:${a.index}`);
      if (!d) continue;
      sources.add(a.source);
      const column = this.plan.sources.get(a.source)!.slots[this.plan.sources.get(a.source)!.periodSlot!].field.header;
      const was = undatedBySource.get(a.source);
      if (!was || d.count > was.n) undatedBySource.set(a.source, { n: d.count, first: { source: a.source, file: d.file, line: d.line, column, value: '' } });
    }
    for (const [source, u] of undatedBySource) {
      addBad(source, u.n, u.first);
      out.undated += u.n;
    }
    // A group's figure also misses the rows of its period whose --by value cannot be read: they are in no group.
    for (const key of windowsRead) {
      const [source, w] = key.split('\u001f');
      const sp = this.plan.sources.get(source)!;
      const res = this.results.get(source)!;
      for (const slot of sp.groupSlots ?? []) {
        for (const column of columnsOf(sp.slots[slot].field)) {
          for (const d of [res.doubts(Number(w)), res.unplacedDoubts]) {
            const b = d?.total.get(`b:${column}`);
            if (b) addBad(source, b.count, { source, file: b.file, line: b.line, column, value: b.value });
          }
        }
      }
    }
    for (const source of sources) {
      // A row wider than the header is in no figure, and its period cannot be trusted: it may be in any.
      const wide = this.results.get(source)!.quality.wide_rows;
      if (wide.first) addBad(source, wide.count, { source, file: wide.first.file, line: wide.first.line, column: '', value: '' });
    }
    return out;
  }
}

function pick(d: WindowDoubts | undefined, group: string | undefined): Map<string, Doubt> | undefined {
  if (!d) return undefined;
  return group === undefined ? d.total : d.groups.get(group);
}

/**
 * The columns whose values a field's figure depends on: its own, and for a looked-up field (join:) the key column,
 * where a line with no matching row is counted.
 */
function columnsOf(field: { header: string; joinedBy?: string }): string[] {
  return field.joinedBy === undefined || field.joinedBy === field.header ? [field.header] : [field.header, field.joinedBy];
}
