// Currencies are never mixed: the currency a money KPI's result is in, or why it has none.
//
// A money KPI is one that reads an amount of money (sales revenue and cost, deal, invoice and ledger amounts,
// customers' mrr) from a source with a currency column, directly or through the KPIs it uses. Its result is in
// one currency when every row it reads in its period (and group) carries that currency: the project's (`currency:`
// in kpi.yaml), or — with `--by` a currency field — the group's own. Rows of several currencies, or of one that is
// not the project's, would add NOK to EUR: that result is an error naming the rows, and the fix. `fx:` rates
// convert the amounts as they are read (run.ts), so a source with rates is always in the project currency.
import { forEachAggregate, forEachKpiRef, type Offset } from '../formula/ast.js';
import type { Plan } from '../plan/plan.js';
import type { CurrencyQuality, CurrencyRows } from '../engine/run.js';
import type { AggregateResults } from '../engine/engine.js';

export interface CurrencyVerdict {
  /** The currency the figure is in, when the rows say one (undefined: no currency column read, or no rows). */
  currency?: string;
  /** Why the figure cannot be given: amounts of different currencies would be added. */
  problem?: string;
}

interface Seen {
  source: string;
  rows: Map<string, number>;
  first?: ReadonlyMap<string, CurrencyRows>;
  byCurrency: boolean;
}

/**
 * The currency of KPI `id` in window `w` and group `group` (its key; undefined for the total). `offset` finds the
 * window of `[prev]`/`[yoy]`; `periodId` names a window in messages.
 */
export function resultCurrency(
  plan: Plan,
  results: AggregateResults,
  projectCurrency: string | undefined,
  id: string,
  w: number,
  group: string | undefined,
  offset: (w: number, o: Offset) => number | undefined,
  periodId: (w: number) => string,
): CurrencyVerdict {
  const seen: Seen[] = [];
  const visited = new Set<string>();
  const visit = (kpi: string, win: number) => {
    const key = `${kpi}@${win}`;
    if (visited.has(key)) return;
    visited.add(key);
    const planned = plan.kpis.get(kpi);
    if (!planned) return;
    forEachAggregate(planned.expr, (agg) => {
      const at = plan.aggregateIndex.get(agg);
      const sp = at && plan.sources.get(at.source);
      const cur = sp?.currency;
      if (!at || !sp || !cur || cur.fx || !cur.moneyAggregates[at.index]) return;
      const res = results.get(at.source);
      if (!res) return;
      const byCurrency = cur.byCurrency === true;
      const rows = new Map<string, number>();
      // A `period: none` aggregate sees every row, whatever its date: so do its currencies.
      const allRows = sp.aggregates[at.index].allRows;
      const first = res.currencies(win, allRows);
      if (group === undefined) for (const [code, c] of first ?? []) rows.set(code, c.rows);
      else for (const [code, n] of res.groupCurrencies(win, group, allRows) ?? []) rows.set(code, n);
      seen.push({ source: at.source, rows, first: group === undefined ? first : undefined, byCurrency: byCurrency && group !== undefined });
    });
    forEachKpiRef(planned.expr, (ref) => {
      const target = ref.offset ? offset(win, ref.offset) : win;
      if (target !== undefined) visit(ref.id, target);
    });
  };
  visit(id, w);
  const codes = new Set(seen.flatMap((s) => [...s.rows.keys()]));
  if (codes.size === 0) return {};
  const project = projectCurrency?.trim().toUpperCase();
  if (codes.size === 1) {
    const [code] = codes;
    if (project === undefined || code === project || seen.every((s) => s.byCurrency || s.rows.size === 0)) return { currency: code };
  }
  const period = periodId(w);
  const where = seen
    .filter((s) => s.rows.size > 0)
    .filter((s, i, all) => all.findIndex((t) => t.source === s.source) === i)
    .map((s) => {
      const result = results.get(s.source)!;
      const column = result.quality.currency?.column ?? 'currency';
      // Most rows first, then by code: the same words whichever engine counted them (a table has no first line).
      const parts = [...s.rows].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([code, n]) => {
        const first = s.first?.get(code);
        return `${code} in ${n} ${n === 1 ? 'row' : 'rows'}${first ? ` (first ${first.line ? `${first.file}:${first.line}` : first.file})` : ''}`;
      });
      return `${s.source} (column '${column}') has ${joinAnd(parts)}`;
    });
  const fix = `convert them with fx: rates.csv in kpi.yaml (columns date or month, currency, rate${project ? ` in ${project} per unit` : ''}), or report each currency on its own with --by currency`;
  if (codes.size === 1) {
    const [code] = codes;
    return {
      problem: `its amounts of ${period} are in ${code}, not the project currency ${project}: ${where.join('; ')}; set currency: ${code} in kpi.yaml if the report is in ${code}, or ${fix}`,
    };
  }
  return { problem: `its amounts of ${period} are in ${codes.size} currencies (${[...codes].sort().join(', ')}), which kpi never adds: ${where.join('; ')}; ${fix}` };
}

function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * What `kpi validate` says of a source's currency column over the whole export: nothing when one currency (the
 * project's) or `fx:` rates; else the currencies with their rows and first lines, and the YAML that fixes it.
 * `rows` counts the rows whose amounts could not be reported in the project currency.
 */
export function sourceCurrencyProblem(q: CurrencyQuality, projectCurrency: string | undefined): { problem: string; rows: number } | null {
  if (q.fx !== null || q.currencies.length === 0) return null;
  const project = projectCurrency?.trim().toUpperCase();
  const codes = q.currencies;
  if (codes.length === 1 && (project === undefined || codes[0].currency === project)) return null;
  const list = joinAnd(codes.map((c) => `${c.currency} in ${c.rows} ${c.rows === 1 ? 'row' : 'rows'} (first ${c.line ? `${c.file}:${c.line}` : c.file})`));
  const fx = `add fx: rates.csv to kpi.yaml (a CSV with the columns date or month, currency, rate${project ? `: ${project} per 1 unit of the currency` : ''})`;
  if (codes.length === 1) {
    const [c] = codes;
    return {
      problem: `column '${q.column}' holds only ${list}, not the project currency ${project}: its amounts would be printed as ${project}; set currency: ${c.currency} in kpi.yaml if they are the report's, or ${fx}`,
      rows: c.rows,
    };
  }
  const main = project ?? [...codes].sort((a, b) => b.rows - a.rows)[0].currency;
  return {
    problem: `column '${q.column}' holds ${codes.length} currencies, ${list}: kpi never adds amounts of different currencies, so its money KPIs are errors until you ${fx}, or report them per currency with --by currency`,
    rows: codes.filter((c) => c.currency !== main).reduce((n, c) => n + c.rows, 0),
  };
}
