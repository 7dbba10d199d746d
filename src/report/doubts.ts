// What each result's figure did not understand: the unknown values and the unreadable values in the columns its
// aggregates read, counted in the rows of its period (and group), and the rows wider than the header of its sources.
// A value kpi did not understand in 2019 says nothing about the figure of 2026-10; one in its rows does.
import { forEachAggregate, forEachKpiRef, type Offset } from '../formula/ast.js';
import type { Plan, PlannedAggregate, RowCond } from '../plan/plan.js';
import { spanPairs, valueSlots, type SpanPair } from '../engine/run.js';
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
  /**
   * Rows of the period (and group) an amount of the figure skipped for an empty cell while another aggregate of the
   * same figure and source may count them (revenue − cost: a line with a cost and no amount); null when none.
   */
  empty: { count: number; first: FirstBad } | null;
}

export class Doubts {
  private readonly direct = new Map<string, ReadColumn[]>();
  private readonly periodAggregates = new Map<string, { source: string; index: number }[]>();
  private readonly spans = new Map<string, SpanPair[]>();

  constructor(
    private readonly plan: Plan,
    private readonly results: AggregateResults,
    /** The window a `[prev]`/`[yoy]` reference reads from window `w` (Windows.offset). */
    private readonly offset: (w: number, offset: Offset) => number | undefined,
    /** Whether the source says an empty cell of this column (header, field) is 0 (`empty: zero`). */
    private readonly emptyIsZero: (source: string, column: string, field: string) => boolean = () => false,
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
        // A negative span (resolved before created) is a bad value of the pair, named as run.ts names it.
        const spans = this.spans.get(at.source) ?? this.spans.set(at.source, spanPairs(sp)).get(at.source)!;
        const pairs = spans.filter((p) => p.aggregates.includes(at.index)).map((p) => p.column);
        for (const column of [...[...slots].flatMap((slot) => columnsOf(sp.slots[slot].field)), ...pairs]) {
          const c = { source: at.source, column, allRows: a.allRows };
          const key = `${c.source}\u001f${c.column}`;
          const was = seen.get(key);
          if (!was) seen.set(key, c);
          else was.allRows ||= c.allRows;
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
   * An amount among `indices` (aggregates of one figure over one source in window `w`) that skipped rows of the
   * window for an empty cell, while another of them may count those rows — it does not need a value in that cell —
   * or its own value reads another amount of the row (sum(revenue - cost)). Its skipped rows, and the first empty
   * cell of the window (else of the source); null when none, or when the source says the cell is 0 (`empty: zero`).
   */
  private mixed(source: string, w: number, indices: number[], group: string | undefined): { count: number; first: FirstBad } | null {
    const res = this.results.get(source);
    const sp = this.plan.sources.get(source);
    if (!res?.matched || !sp) return null;
    let best: { count: number; first: FirstBad } | null = null;
    for (const a of indices) {
      const agg = sp.aggregates[a];
      if ((agg.fn !== 'sum' && agg.fn !== 'avg') || agg.arg?.kind !== 'number') continue;
      const slots = valueSlots(agg.arg.value);
      // A span (days, hours) of dates: an empty date is a state (not answered yet), not an amount.
      if (slots.length === 0 || slots.some((s) => sp.slots[s].type !== 'number')) continue;
      const open = slots.filter((s) => !this.emptyIsZero(source, sp.slots[s].field.header, sp.slots[s].field.name));
      if (open.length === 0) continue;
      const matched = res.matched(w, a, group);
      const skipped = matched === undefined ? 0 : matched - res.taken(w, a, group);
      if (skipped <= 0) continue;
      // (By column: `defects is not empty` reads the column as text, its sum as a number: two slots, one column.)
      const others = slots.length > 1 || indices.some((b) => {
        if (b === a) return false;
        const needs = new Set([...requiredSlots(sp.aggregates[b])].map((s) => sp.slots[s].field.header));
        return !slots.every((s) => needs.has(sp.slots[s].field.header));
      });
      if (!others || (best && best.count >= skipped)) continue;
      const column = sp.slots[open[0]].field.header;
      const near = pick(res.doubts(w), group)?.get(`z:${column}`);
      const q = res.quality.empty_values.find((e) => e.column === column);
      const first: FirstBad = near ? { source, file: near.file, line: near.line, column, value: '' } : { source, file: q?.first.file ?? '', line: q?.first.line ?? 0, column, value: '' };
      best = { count: skipped, first };
    }
    return best;
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
    /** The aggregates the figure combines, per source and window (`all` for those over every row). */
    const combined = new Map<string, { source: string; w: number; indices: Set<number> }>();
    const visit = (kpi: string, at: number) => {
      const key = `${kpi}@${at}`;
      if (visited.has(key)) return;
      visited.add(key);
      const own = this.plan.kpis.get(kpi);
      if (own) {
        forEachAggregate(own.expr, (agg) => {
          const where = this.plan.aggregateIndex.get(agg);
          const sp = where && this.plan.sources.get(where.source);
          if (!where || !sp) return;
          const all = sp.aggregates[where.index].allRows;
          const k = `${where.source}\u001f${all ? 'all' : at}`;
          let c = combined.get(k);
          if (!c) combined.set(k, (c = { source: where.source, w: at, indices: new Set() }));
          c.indices.add(where.index);
        });
      }
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

    const out: ResultDoubts = { unknown: 0, bad: 0, badBySource: new Map(), undated: 0, first: null, empty: null };
    for (const c of combined.values()) {
      const found = this.mixed(c.source, c.w, [...c.indices], group);
      if (found && (out.empty === null || found.count > out.empty.count)) out.empty = found;
    }
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

/**
 * The slots a row must have a value in for an aggregate to take it: those of its value (a count takes the row
 * whatever its cells), and those its condition cannot hold without (`x is not empty`, `x > 0`: a comparison with an
 * empty cell is false). An `or` needs what both sides need; a `not`, nothing known.
 */
export function requiredSlots(a: Pick<PlannedAggregate, 'fn' | 'arg' | 'where'>): Set<number> {
  const out = new Set<number>();
  if (a.fn !== 'count' && a.arg) for (const s of a.arg.kind === 'text' ? [a.arg.slot] : valueSlots(a.arg.value)) out.add(s);
  if (a.where) for (const s of conditionSlots(a.where)) out.add(s);
  return out;
}

function conditionSlots(c: RowCond): Set<number> {
  switch (c.kind) {
    case 'and':
      return new Set([...conditionSlots(c.left), ...conditionSlots(c.right)]);
    case 'or': {
      const right = conditionSlots(c.right);
      return new Set([...conditionSlots(c.left)].filter((s) => right.has(s)));
    }
    case 'not':
      return new Set();
    case 'empty':
      return new Set(c.negated ? [c.slot] : []);
    case 'in_numbers':
      return new Set(valueSlots(c.value));
    case 'in_texts':
      return new Set([c.slot]);
    case 'compare_numbers':
      return new Set([...valueSlots(c.left), ...valueSlots(c.right)]);
    case 'compare_texts':
    case 'compare_dates':
      return new Set([c.slot, ...('slot' in c.right ? [c.right.slot] : [])]);
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
