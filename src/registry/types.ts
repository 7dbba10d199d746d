// What a KPI definition is, for built-ins and the user's own alike.
import type { Better, Unit } from '../model/vocabulary.js';

export interface KpiDefinition {
  id: string;
  label: string;
  unit: Unit;
  better: Better;
  /** In the formula language of SPEC §4. */
  formula: string;
  /** `none`: aggregates see every row, not only the period's (period bounds still apply in conditions). */
  period?: 'none';
  /** What the number means, in one or two sentences. */
  description: string;
  /** Where the definition comes from (for built-ins). */
  reference?: string;
  /** Business area, for grouping in lists and docs. */
  domain: string;
  builtin: boolean;
  /**
   * A setting of kpi.yaml the formula is built from: `sla` fills the placeholder `{sla}` with one condition per
   * ticket priority. Without the setting the KPI is not available.
   */
  requires?: 'sla';
  /**
   * The formula used instead when the source maps this field (and not `unless`): the export's own measure, such as
   * a duration column (Zendesk `First reply time in minutes`) rather than the difference of two timestamps, or a
   * profit column (Superstore `Profit`) where the export has no cost.
   */
  fromField?: { field: string; unless?: string; formula: string };
  /**
   * How values add up, when the unit alone does not say (default: `flow` for currency and count, `stock` for those
   * with `period: none`, else `none`). `flow`: an amount over the period (adds up over time and across groups).
   * `stock`: a level at the end of the period (adds up across groups, not over time). `none`: an average, ratio or
   * rate (adds up neither way, though its unit may be currency).
   */
  additivity?: Additivity;
  /** Where definitions differ in practice: the other common one, as the user's own formula (docs/kpis.md). */
  alternative?: { note: string; formula: string; period?: 'none' };
  /** Dimensions the KPI is commonly broken down by with `--by` (docs/kpis.md). */
  breakdowns?: readonly string[];
  /**
   * `follows`: a built-in measured in hours whose hours(a, b) become business_hours(a, b) when kpi.yaml sets
   * business_hours: (first response, resolution, SLA); `counted`: it is, here (set by allDefinitions), and says so.
   */
  businessHours?: 'follows' | 'counted';
}

export type Additivity = 'flow' | 'stock' | 'none';

export type BuiltinKpi = Omit<KpiDefinition, 'builtin' | 'domain'>;

/** Additive KPIs (sums and counts) scale with period length: their targets can be given per month. */
export const isAdditiveUnit = (unit: Unit): boolean => unit === 'currency' || unit === 'count';

/** How a KPI's values add up: its own `additivity`, else from its unit and `period`. */
export function additivityOf(def: Pick<KpiDefinition, 'unit' | 'period' | 'additivity'>): Additivity {
  if (def.additivity) return def.additivity;
  if (!isAdditiveUnit(def.unit)) return 'none';
  return def.period === 'none' ? 'stock' : 'flow';
}

/** Targets scale with period length and running periods are projected to their end: amounts over the period. */
export const addsUpOverTime = (def: Pick<KpiDefinition, 'unit' | 'period' | 'additivity'>): boolean => additivityOf(def) === 'flow';

/** Groups of a --by breakdown are shares of the total: amounts and levels, not averages or ratios. */
export const addsUpAcrossGroups = (def: Pick<KpiDefinition, 'unit' | 'period' | 'additivity'>): boolean => additivityOf(def) !== 'none';
