// Renders docs/kpis.md from the registry and the source kinds, so the documentation can never drift from the
// definitions. A use case (it reads both the registry and the readers' kinds), run by `npm run docs`.
import { forEachAggregate, forEachKpiRef } from '../formula/ast.js';
import { parseFormula } from '../formula/parser.js';
import { SOURCE_KINDS } from '../sources/kinds.js';
import { BUILTIN_BY_ID, BUILTIN_KPIS } from '../registry/index.js';
import { additivityOf, isAdditiveUnit, type KpiDefinition } from '../registry/types.js';

const ADDS_UP = {
  flow: 'an amount over the period: adds up over periods and across groups',
  stock: 'a level at the end of the period: adds up across groups, not over periods',
  none: 'an average or rate: does not add up',
} as const;

export function renderKpiDocs(): string {
  const out: string[] = [
    '# Built-in KPIs',
    '',
    '<!-- Generated from src/registry by `npm run docs`; a test fails when this file and the registry differ. -->',
    '',
    'Every built-in KPI is a formula in the language of SPEC §4, computed over the rows whose period field lies in the',
    'report period (unless marked *all rows*, where the formula itself uses `period_start`/`period_end`). Ratios are',
    'fractions (0.25 = 25 %). A KPI whose source or fields are not configured is left out of the report and shown by',
    '`kpi list -c kpi.yaml` with the reason. Empty cells are skipped by aggregates; a division by zero or an aggregate',
    'with no rows gives no value (status `no_data`).',
    '',
    'To use another definition, add your own KPI under `kpis:` in `kpi.yaml` with the same id: it replaces the built-in.',
    'Where definitions differ in practice, the built-in takes the most common one and its entry below shows the other',
    'as that one line of `kpi.yaml`.',
    '',
    '**Breakdowns.** Any KPI can be split by a field of the sources it reads: `kpi report --by channel --kpi revenue` gives',
    'revenue per channel, each group with its share of the total (for amounts and levels). So revenue per channel,',
    'partner, rep, product, segment or customer, invoiced per customer or partner, tickets per category or channel, deals',
    'per stage (`--by stage --kpi open_deals,pipeline_value`), activities per type, headcount per department and the most',
    'visited pages (`--by page --kpi visits`) are one flag away rather than KPIs of their own. Each entry lists the usual',
    'breakdowns.',
    '',
    `${BUILTIN_KPIS.length} built-in KPIs:`,
    '',
    '| KPI | label | unit | better | reads |',
    '|---|---|---|---|---|',
  ];
  for (const k of BUILTIN_KPIS) out.push(`| \`${k.id}\` | ${k.label} | ${k.unit} | ${k.better} | ${sourcesOf(k).join(', ')} |`);
  out.push('');
  const domains = [...new Set(BUILTIN_KPIS.map((k) => k.domain))];
  for (const domain of domains) {
    out.push(`## ${domain}`, '');
    for (const k of BUILTIN_KPIS.filter((x) => x.domain === domain)) {
      out.push(`### \`${k.id}\` — ${k.label}`, '');
      const facts = [`**Unit:** ${k.unit}`, `**Better:** ${k.better}`];
      if (k.period === 'none') facts.push('**Rows:** all rows (period bounds in the formula)');
      if (isAdditiveUnit(k.unit)) facts.push(`**Adds up:** ${ADDS_UP[additivityOf(k)]}`);
      out.push(`- ${facts.join(' · ')}`);
      out.push(`- **Formula:** \`${k.formula}\``);
      if (k.requires === 'sla') out.push('- **Needs:** `sla:` in kpi.yaml, time allowed per ticket priority, e.g. `sla: { high: 4h, normal: 24h, low: 3d }` (`3d` is 3 working days under `business_hours:`)');
      if (k.businessHours === 'follows') out.push('- **Business hours:** with `business_hours:` in kpi.yaml, its hours are business hours (`business_hours(a, b)`; README "Business hours and working days")');
      out.push(`- **Meaning:** ${k.description}`);
      if (k.reference) out.push(`- **Definition:** ${k.reference}`);
      if (k.breakdowns?.length) {
        out.push(`- **Breakdowns:** ${k.breakdowns.map((b) => `\`--by ${b}\``).join(', ')} (e.g. \`kpi report --by ${k.breakdowns[0]} --kpi ${k.id}\`)`);
      }
      if (k.alternative) {
        out.push(`- **Differs in practice:** ${k.alternative.note.replace(/[\s:.]+$/, '.')} In \`kpi.yaml\`:`, '');
        out.push('  ```yaml', '  kpis:', `    ${k.id}:`, `      formula: '${k.alternative.formula.replace(/'/g, "''")}'`);
        if (k.alternative.period) out.push(`      period: ${k.alternative.period}`);
        out.push('  ```');
      }
      out.push('');
    }
  }
  out.push('## Sources and fields', '');
  out.push('Fields marked * must exist as a column when a KPI reads the source. Columns are matched to fields by name or by');
  out.push('known synonyms (English and Norwegian), or mapped under `columns:`; values of enumerated fields are matched to the');
  out.push('canonical values shown (with their usual spellings, e.g. `Mersalg` → `upsell`, `Møte` → `meeting`,');
  out.push('`Varekostnad` → `cogs`), or mapped under `values:`. A source of another name reads as a kind with `kind:`.');
  out.push('');
  out.push('| source | fields | period field |', '|---|---|---|');
  for (const kind of Object.values(SOURCE_KINDS)) {
    const fields = kind.fields
      .map((f) => `${f.name}${f.required ? '*' : ''} (${f.type}${f.values && f.type === 'text' ? `: ${Object.keys(f.values).join(', ')}` : ''})`)
      .join(', ');
    out.push(`| \`${kind.name}\` | ${fields} | ${kind.periodField ?? '— (the formulas use the period bounds)'} |`);
  }
  out.push('');
  out.push('The `ledger` holds P&L lines; formulas see income and costs as positive amounts whichever sign the export');
  out.push('writes them with: `sign: credit_negative` (income negative, costs positive: the double-entry convention of a');
  out.push('general-ledger export), `costs_negative` or `as_is` on the source, or leave it out to have it detected from the');
  out.push('rows (the majority sign of the income lines and of the cost lines). A line with the other sign within its');
  out.push('category (a credit note) reduces that category. The old `costs_sign: negative` still means `costs_negative`.');
  out.push('');
  return out.join('\n');
}

/** The sources a KPI reads, through the KPIs it uses. */
function sourcesOf(k: KpiDefinition, seen = new Set<string>()): string[] {
  if (seen.has(k.id)) return [];
  seen.add(k.id);
  const found = new Set<string>();
  const expr = parseFormula(k.formula.replace('{sla}', 'priority = "high"'));
  forEachAggregate(expr, (agg) => found.add(agg.source));
  forEachKpiRef(expr, (ref) => {
    const other = BUILTIN_BY_ID.get(ref.id);
    if (other) for (const s of sourcesOf(other, seen)) found.add(s);
  });
  return [...found].sort();
}
