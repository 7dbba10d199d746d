// What a KPI definition is, for built-ins and the user's own alike.
import type { Better, Unit } from '../config/project.js';

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
}

export type BuiltinKpi = Omit<KpiDefinition, 'builtin' | 'domain'>;

/** Additive KPIs (sums and counts) scale with period length: their targets can be given per month. */
export const isAdditiveUnit = (unit: Unit): boolean => unit === 'currency' || unit === 'count';
