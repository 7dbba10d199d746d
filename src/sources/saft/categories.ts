// The P&L category of a SAF-T account. Norwegian files map every account to a standard account: v1.0–v1.20 by
// `StandardAccountID` (2- or 4-character NS 4102 accounts), v1.30 by `GroupingCategory` + `GroupingCode` (the
// næringsspesifikasjon / RF-1167 / RF-1175 codes, NS 4102-numbered). The category comes from that standard
// account through NS 4102 (src/charts), else from the account number itself when it is NS 4102-numbered. A chart
// given with `chart:` wins. An account none of these place is a bad value on each of its lines, saying why.
import { builtinChart, type CompiledChart } from '../../charts/index.js';
import type { Cell } from '../table.js';
import type { SaftHeader, SaftMaster } from './scan.js';

export function categorizer(master: SaftMaster, header: SaftHeader, chart?: CompiledChart): { cell: (account: string | undefined) => Cell; how: string } {
  const ns = builtinChart('ns4102');
  const danish = (header.country ?? '').toUpperCase() === 'DK';
  const cache = new Map<string, Cell>();
  const count = { standard: 0, grouping: 0, number: 0, none: 0 };
  const categoryOf = (id: string): { cell: Cell; by: keyof typeof count } => {
    const account = master.accounts.get(id);
    const name = account?.description ? ` (${account.description})` : '';
    if (chart) {
      const r = chart.lookup(id);
      if (r) return { cell: r.category, by: 'number' };
      return { cell: { error: id, message: `account ${id}${name} is in no range of the chart ${chart.label}; add a range for it to the chart file` }, by: 'none' };
    }
    if (danish) {
      return {
        cell: { error: id, message: `account ${id}${name}: kpi has no built-in chart for Danish SAF-T standard accounts; give the categories with chart: my-chart.yaml under the source (ranges of account numbers → category)` },
        by: 'none',
      };
    }
    const standard = account?.standard?.trim();
    if (standard && /^\d+$/.test(standard)) {
      const r = ns.lookup(standard);
      if (r) return { cell: r.category, by: 'standard' };
    }
    const code = account?.groupingCode?.trim();
    if (code && /^\d{2,}$/.test(code)) {
      const r = ns.lookup(code);
      if (r) return { cell: r.category, by: 'grouping' };
    }
    const r = ns.lookup(id);
    if (r) return { cell: r.category, by: 'number' };
    const mapped = standard ? `StandardAccountID ${standard}` : code ? `GroupingCategory ${account?.groupingCategory ?? '?'} / GroupingCode ${code}` : 'no StandardAccountID or GroupingCode';
    return {
      cell: {
        error: id,
        message: /^\d+$/.test(id)
          ? `account ${id}${name} has no P&L category: ${mapped}, and its number is in no range of NS 4102; give it one: chart: { file: my-chart.yaml, base: ns4102 } with ranges: { "${id}": opex }`
          : `account ${id}${name} has no P&L category: ${mapped}, and ${JSON.stringify(id)} is not an account number; give the accounts' categories with a chart file of their numbers (chart: my-chart.yaml)`,
      },
      by: 'none',
    };
  };
  // The master files' accounts first: how categories were found is said before a line is read.
  for (const id of master.accounts.keys()) {
    const { cell, by } = categoryOf(id);
    cache.set(id, cell);
    count[by]++;
  }
  const parts = [
    count.standard ? `${count.standard} by StandardAccountID` : '',
    count.grouping ? `${count.grouping} by GroupingCode` : '',
    count.number ? `${count.number} by account number` : '',
    count.none ? `${count.none} in no category` : '',
  ].filter(Boolean);
  const how = `${chart ? chart.label : danish ? 'none built in for Danish SAF-T (give chart:)' : 'NS 4102'}: ${parts.join(', ') || 'no accounts in the master files'}`;
  return {
    how,
    cell(account) {
      if (account === undefined || account === '') return { error: '(none)', message: 'the line has no AccountID' };
      let cell = cache.get(account);
      if (cell === undefined) {
        cell = categoryOf(account).cell;
        cache.set(account, cell);
      }
      return cell;
    },
  };
}
