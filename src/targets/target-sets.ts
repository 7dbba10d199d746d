// Target sets (README "Budgets and forecasts"): `targets:` as one file, or named sets — a budget workbook, a
// forecast CSV, a stretch targets.yaml — each read into the same TargetsFile. Status follows the primary set;
// every other set is shown beside it with its own variance.
import type { TargetSetConfig } from '../config/project.js';
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
  return loadTargets(config.file, ctx.kpis.keys(), ctx.cal, new Map([...ctx.kpis].map(([id, k]) => [id, k.unit])));
}
