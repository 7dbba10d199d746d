// The built-in KPI registry: plain data, one business domain per file, in the formula language itself.
import { customerKpis } from './customers.js';
import { dealKpis } from './deals.js';
import { invoiceKpis } from './invoices.js';
import { salesKpis } from './sales.js';
import { supportKpis } from './support.js';
import type { BuiltinKpi, KpiDefinition } from './types.js';

const DOMAINS: ReadonlyArray<[string, BuiltinKpi[]]> = [
  ['Sales', salesKpis],
  ['Pipeline', dealKpis],
  ['Invoices and cash', invoiceKpis],
  ['Support', supportKpis],
  ['Customers', customerKpis],
];

export const BUILTIN_KPIS: readonly KpiDefinition[] = DOMAINS.flatMap(([domain, kpis]) =>
  kpis.map((k) => ({ ...k, domain, builtin: true })),
);

export const BUILTIN_BY_ID: ReadonlyMap<string, KpiDefinition> = new Map(BUILTIN_KPIS.map((k) => [k.id, k]));
