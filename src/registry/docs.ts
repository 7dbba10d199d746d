// Renders docs/kpis.md from the registry, so the documentation can never drift from the definitions.
import { SOURCE_KINDS } from '../sources/kinds.js';
import { BUILTIN_KPIS } from './index.js';

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
    '',
  ];
  const domains = [...new Set(BUILTIN_KPIS.map((k) => k.domain))];
  for (const domain of domains) {
    out.push(`## ${domain}`, '');
    for (const k of BUILTIN_KPIS.filter((x) => x.domain === domain)) {
      out.push(`### \`${k.id}\` — ${k.label}`, '');
      out.push(`- **Unit:** ${k.unit} · **Better:** ${k.better}${k.period === 'none' ? ' · **Rows:** all rows (period bounds in the formula)' : ''}`);
      out.push(`- **Formula:** \`${k.formula}\``);
      out.push(`- **Meaning:** ${k.description}`);
      if (k.reference) out.push(`- **Definition:** ${k.reference}`);
      out.push('');
    }
  }
  out.push('## Sources and fields', '', 'Fields marked * must exist as a column when a KPI reads the source.', '');
  out.push('| source | fields | period field |', '|---|---|---|');
  for (const kind of Object.values(SOURCE_KINDS)) {
    const fields = kind.fields.map((f) => `${f.name}${f.required ? '*' : ''} (${f.type})`).join(', ');
    out.push(`| \`${kind.name}\` | ${fields} | ${kind.periodField ?? '— (the formulas use the period bounds)'} |`);
  }
  out.push('');
  return out.join('\n');
}
