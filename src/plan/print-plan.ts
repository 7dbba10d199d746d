// `kpi explain --plan`: the plan as an engine receives it — windows, KPIs, and per source the columns it reads (its
// slots, numbered), the groups and each aggregate with its argument and condition bound to those slots — as text
// for people and as JSON (the plan's own data, maps as lists) for tools and snapshots.
import { printExpr } from '../formula/print.js';
import { formatDay } from '../calendar/days.js';
import { periodJson } from '../periods/period.js';
import type { Plan, PlannedAggregate, RowArg, RowCond, RowValue, SourcePlan } from './plan.js';
import type { Windows } from './windows.js';

export interface PlanJson {
  version: 1;
  /** The KPIs reported, in order. */
  report: string[];
  by: string[];
  windows: { window: number; period: string; start: string | null; end: string | null; why: string }[];
  kpis: { kpi: string; formula: string; sources: string[]; groupable: boolean; all_rows: boolean }[];
  sources: SourceJson[];
}

interface SourceJson {
  source: string;
  slots: { slot: number; field: string; header: string; read_as: string; values?: Record<string, string>; ignored?: string[] }[];
  period_slot: number | null;
  group_slots: number[] | null;
  signs: { convention: string; negate: string | null; amount: number; category: number; income: string[] } | null;
  currency: { slot: number; money: number[]; assumed: string | null; fx: string | null; by_currency: boolean } | null;
  aggregates: { aggregate: number; formula: string; fn: string; q?: number; all_rows: boolean; arg: RowArg | null; where: RowCond | null; reads: number[] }[];
}

/** The KPIs in the plan: those reported first, in order, then the ones they use. */
function kpiOrder(plan: Plan): string[] {
  return [...plan.order, ...[...plan.kpis.keys()].filter((id) => !plan.order.includes(id))];
}

export function planJson(plan: Plan, windows: Windows): PlanJson {
  return {
    version: 1,
    report: plan.order,
    by: plan.by,
    windows: windows.periods.map((p, w) => ({ window: w, period: p.id, start: periodJson(p).start, end: periodJson(p).end, why: windows.reasons[w] })),
    kpis: kpiOrder(plan).map((id) => {
      const k = plan.kpis.get(id)!;
      return { kpi: id, formula: printExpr(k.expr), sources: [...k.sources], groupable: k.groupable, all_rows: k.def.period === 'none' };
    }),
    sources: [...plan.sources.values()].map(sourceJson),
  };
}

function sourceJson(sp: SourcePlan): SourceJson {
  return {
    source: sp.name,
    slots: sp.slots.map((s, slot) => ({
      slot,
      field: s.field.name,
      header: s.field.header,
      read_as: s.type,
      ...(s.type === 'text' && s.field.values?.size ? { values: Object.fromEntries(s.field.values) } : {}),
      ...(s.type === 'text' && s.field.ignored?.size ? { ignored: [...s.field.ignored] } : {}),
    })),
    period_slot: sp.periodSlot ?? null,
    group_slots: sp.groupSlots ?? null,
    signs: sp.signs
      ? { convention: sp.signs.decision.convention, negate: sp.signs.decision.negate, amount: sp.signs.amount, category: sp.signs.category, income: [...sp.signs.income] }
      : null,
    currency: sp.currency
      ? { slot: sp.currency.slot, money: sp.currency.money, assumed: sp.currency.assumed ?? null, fx: sp.currency.fx?.label ?? null, by_currency: sp.currency.byCurrency === true }
      : null,
    aggregates: sp.aggregates.map((a, i) => ({
      aggregate: i,
      formula: printExpr(a.node),
      fn: a.fn,
      ...(a.q === undefined ? {} : { q: a.q }),
      all_rows: a.allRows,
      arg: a.arg ?? null,
      where: a.where ?? null,
      reads: a.reads,
    })),
  };
}

export function printPlan(plan: Plan, windows: Windows): string {
  const out: string[] = [];
  const kpis = kpiOrder(plan);
  const used = kpis.length - plan.order.length;
  out.push(
    `Plan: ${plan.order.length} KPI${plan.order.length === 1 ? '' : 's'} reported${used ? `, ${used} more used by them` : ''}; ${plan.sources.size} source${plan.sources.size === 1 ? '' : 's'} read${plan.by.length ? `; by ${plan.by.join(', ')}` : ''}`,
  );
  out.push('', 'Windows');
  windows.periods.forEach((p, w) => {
    const j = periodJson(p);
    out.push(`  w${w}  ${p.id}${j.start ? ` (${j.start} – ${j.end})` : ''}   ${windows.reasons[w]}`);
  });
  out.push('', 'KPIs');
  for (const id of kpis) {
    const k = plan.kpis.get(id)!;
    const notes = [k.def.period === 'none' ? 'period: none' : '', plan.by.length ? (k.groupable ? 'by groups' : 'total only') : ''].filter(Boolean);
    out.push(`  ${id}${plan.order.includes(id) ? '' : ' (used)'} = ${printExpr(k.expr)}${notes.length ? `   [${notes.join('; ')}]` : ''}`);
  }
  for (const sp of plan.sources.values()) {
    out.push('', `Source ${sp.name}`);
    out.push(`  reads    ${sp.slots.map((s, i) => `#${i} ${s.field.name} ← '${s.field.header}' as ${s.type}`).join('; ')}`);
    out.push(`  period   ${sp.periodSlot === undefined ? 'none: every row is in every window' : `#${sp.periodSlot}`}`);
    if (sp.groupSlots) out.push(`  groups   ${sp.groupSlots.map((s) => `#${s}`).join(', ')}`);
    if (sp.signs) {
      const { decision, amount, category, income } = sp.signs;
      out.push(`  signs    ${decision.convention}: ${decision.negate === null ? 'amounts as written' : `#${amount} negated on ${decision.negate} lines`} (income: #${category} in ${[...income].join(', ')})`);
    }
    if (sp.currency) {
      const c = sp.currency;
      out.push(`  currency #${c.slot} of the amounts #${c.money.join(', #')}${c.assumed ? `; empty is ${c.assumed}` : ''}${c.fx ? `; converted by fx: ${c.fx.label}` : ''}`);
    }
    out.push('  aggregates');
    sp.aggregates.forEach((a, i) => out.push(`    a${i}  ${aggregateLine(a)}`));
  }
  return `${out.join('\n')}\n`;
}

/** `sum(sales.revenue)  →  sum of #1 where #4 = "new"` (the aggregate as written, then as bound). */
function aggregateLine(a: PlannedAggregate): string {
  const bound = [a.fn === 'percentile' ? `percentile ${a.q}` : a.fn, a.arg ? `of ${a.arg.kind === 'text' ? `#${a.arg.slot}` : value(a.arg.value, 0)}` : 'of rows', a.where ? `where ${cond(a.where, 0)}` : '', a.allRows ? '[all rows]' : '']
    .filter(Boolean)
    .join(' ');
  return `${printExpr(a.node)}   →   ${bound}`;
}

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

function value(v: RowValue, min: number): string {
  switch (v.kind) {
    case 'number':
      return String(v.value);
    case 'slot':
      return `#${v.slot}`;
    case 'neg':
      return `-${value(v.arg, 3)}`;
    case 'span':
      return `${v.unit}(#${v.from}, #${v.to})`;
    case 'binary': {
      const p = PRECEDENCE[v.op];
      const text = `${value(v.left, p)} ${v.op} ${value(v.right, p + 1)}`;
      return p < min ? `(${text})` : text;
    }
  }
}

const COND_PRECEDENCE = { or: 1, and: 2 } as const;

function cond(c: RowCond, min: number): string {
  switch (c.kind) {
    case 'and':
    case 'or': {
      const p = COND_PRECEDENCE[c.kind];
      const text = `${cond(c.left, p)} ${c.kind} ${cond(c.right, p + 1)}`;
      return p < min ? `(${text})` : text;
    }
    case 'not':
      return `not ${cond(c.arg, 3)}`;
    case 'empty':
      return `#${c.slot} is ${c.negated ? 'not ' : ''}empty`;
    case 'in_numbers':
      return `${value(c.value, 0)} in (${c.values.join(', ')})`;
    case 'in_texts':
      return `#${c.slot} in (${c.values.map((v) => JSON.stringify(v)).join(', ')})`;
    case 'compare_numbers':
      return `${value(c.left, 0)} ${c.op} ${value(c.right, 0)}`;
    case 'compare_texts':
      return `#${c.slot} ${c.op} ${'text' in c.right ? JSON.stringify(c.right.text) : `#${c.right.slot}`}`;
    case 'compare_dates': {
      const r = c.right;
      return `#${c.slot} ${c.op} ${'slot' in r ? `#${r.slot}` : 'day' in r ? formatDay(r.day) : r.bound}`;
    }
  }
}
