// The built-in KPI registry: plain data, one business domain per file, in the formula language itself.
import { activityKpis } from './activities.js';
import { customerKpis } from './customers.js';
import { dealKpis } from './deals.js';
import { financeKpis } from './finance.js';
import { invoiceKpis } from './invoices.js';
import { peopleKpis } from './people.js';
import { salesKpis } from './sales.js';
import { supportKpis } from './support.js';
import { webKpis } from './web.js';
import type { BuiltinKpi, KpiDefinition } from './types.js';

const DOMAINS: ReadonlyArray<[string, BuiltinKpi[]]> = [
  ['Sales', salesKpis],
  ['Pipeline', dealKpis],
  ['Sales activities', activityKpis],
  ['Invoices and cash', invoiceKpis],
  ['Support', supportKpis],
  ['Customers', customerKpis],
  ['Company and finance', financeKpis],
  ['People and operations', peopleKpis],
  ['Website', webKpis],
];

export const BUILTIN_KPIS: readonly KpiDefinition[] = DOMAINS.flatMap(([domain, kpis]) =>
  kpis.map((k) => ({ ...k, domain, builtin: true })),
);

export const BUILTIN_BY_ID: ReadonlyMap<string, KpiDefinition> = new Map(BUILTIN_KPIS.map((k) => [k.id, k]));
