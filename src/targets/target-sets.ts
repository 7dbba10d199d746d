// Target sets (README "Budgets and forecasts"): `targets:` as one file, or named sets — a budget workbook, a
// forecast CSV, a stretch targets.yaml — each read into the same TargetsFile. Status follows the primary set;
// every other set is shown beside it with its own variance.
import type { TargetSetConfig } from '../config/project.js';
import { ConfigError } from '../errors.js';
import type { CalendarOptions } from '../periods/period.js';
import { isSheetPath, loadBudgetSheet, type KpiInfo } from './budget-sheet.js';
import { loadTargets, type TargetsFile } from './targets-file.js';

export interface TargetSet {
  name: string;
  file: TargetsFile;
}

export interface TargetSetContext {
  kpis: ReadonlyMap<string, KpiInfo>;
  cal: CalendarOptions;
  ledgerChart?: TargetSetConfig['chart'];
  currency?: string;
}

/** One set's targets: a spreadsheet (CSV, XLSX) by its extension, else a targets.yaml. */
export async function loadTargetSet(config: TargetSetConfig, ctx: TargetSetContext): Promise<TargetsFile> {
  if (isSheetPath(config.file)) return loadBudgetSheet(config, ctx);
  if (config.tolerance !== undefined) {
    // A targets.yaml says its tolerances per KPI; one for the whole set beside it would be a second place to look.
    throw new ConfigError(`${config.file}: tolerance: on a target set is for a spreadsheet (CSV, XLSX); in a targets file write it under each KPI (revenue: { target: 1000, tolerance: 5% })`, [], { code: 'KPI_TARGETS', file: config.file });
  }
  if (config.pace !== undefined) {
    throw new ConfigError(`${config.file}: pace: on a target set is for a spreadsheet (CSV, XLSX); in a targets file write it under each KPI (revenue: { target: 1000, per: month, pace: ${config.pace} })`, [], { code: 'KPI_TARGETS', file: config.file });
  }
  return loadTargets(config.file, ctx.kpis.keys(), ctx.cal, new Map([...ctx.kpis].map(([id, k]) => [id, k.unit])));
}
