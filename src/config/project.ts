// A project (SPEC §2): what kpi.yaml says, with defaults; paths are resolved relative to the file.
// Loading kpi.yaml (and with it zod and yaml) is in load-project.ts, so what runs without a config loads neither.
import type * as z from 'zod';
import type { kpiSchema, reportSchema, sourceSchema } from './load-project.js';
import type { YamlFile } from './yaml-file.js';
import type { CalendarSpec } from '../calendar/business-time.js';
import type { SlaAllowance } from './sla.js';
import type { LocaleId } from '../locale/locales.js';
import type { KpiDisplay } from '../locale/format.js';
import type { RetailCalendar } from '../calendar/retail.js';

export const DEFAULT_PACE_MIN_SHARE = 0.1;

export { DIRECTIONS, UNITS, type Better, type Unit } from '../model/vocabulary.js';
export const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', 'cp437', 'cp850', 'cp865', 'iso-8859-15'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export type SourceConfig = z.infer<typeof sourceSchema>;
export type KpiConfig = z.infer<typeof kpiSchema>;
export type ReportConfig = z.infer<typeof reportSchema>;

export interface Project {
  /** The config file, or undefined when running from --source only. */
  path?: string;
  dir: string;
  currency?: string;
  /** `locale:` — the language and number format of the human-readable formats (none: today's en-US output). */
  locale?: LocaleId;
  /** How KPIs' figures are shown: `display:` and `decimals:`/`scale:` on a KPI (README "Language and number format"). */
  display?: ReadonlyMap<string, KpiDisplay>;
  /** `fx:` — the exchange rates file that converts amounts in other currencies into `currency`. */
  fxPath?: string;
  weekStarts: 'monday' | 'sunday';
  /** `fiscal_year_start:` — the month (2–12) a fiscal year starts in; absent: the calendar year. */
  fiscalYearStart?: number;
  /** `fiscal_year_label: FY2025/26`: fiscal years named by both years; absent: by the year they end in. */
  fiscalYearLabel?: 'end' | 'split';
  /** `fiscal_calendar:` — a retail calendar of 52/53-week years (periods/retail.ts); absent: months of the calendar. */
  fiscalCalendar?: RetailCalendar;
  paceMinShare: number;
  sources: Record<string, SourceConfig>;
  kpis: Record<string, KpiConfig>;
  /** The primary target set's file (`targets:`), the one status follows. */
  targetsPath?: string;
  /**
   * `targets:` as a map of named sets (`{ budget: budget-2026.xlsx, forecast: forecast.csv }`), in the order written,
   * files resolved against kpi.yaml's folder; absent for `targets: file` (one unnamed set, as before).
   */
  targetSets?: { name: string; config: TargetSetConfig }[];
  /** `primary:` in the `targets:` map (default: its first set): the set status, `kpi check` and exit codes follow. */
  primaryTarget?: string;
  yaml?: YamlFile;
  /** Time to resolution allowed per ticket priority (lower-cased): hours (business hours when `calendar` has hours) or working days. */
  sla?: Record<string, SlaAllowance>;
  /**
   * `business_hours:` and `holidays:` (config/business-hours.ts): the working week and the closed days, for
   * business_hours()/workdays(), the support KPIs in business hours, `per: workday` and `pace: workdays`.
   */
  calendar?: CalendarSpec;
  /** `report:` as written (report/layout.ts checks its KPI ids and gives the renderers a ReportLayout). */
  report?: ReportConfig;
  /** `drivers:` (README "Why it moved"): the fields whose members explain a result, how many, from what size. */
  drivers?: DriverSettings;
  /** `significance: 95%` (README "Is it real"): a miss within the interval of a proportion or NPS is not a miss. */
  significance?: number;
  /** `min_n: 30`: results standing on fewer rows or answers are shown but not judged. */
  minN?: number;
  /** The notes file (`notes:`, default notes.yaml beside kpi.yaml; README "Notes and owners"). */
  notesPath?: string;
  /** The owner of each KPI (`owners:`, `owner:` on a KPI of kpis:). */
  owners?: Record<string, string>;
}

export interface DriverSettings {
  by: string[];
  top?: number;
  materiality?: { share?: number; amount?: number };
  change?: number;
}

/** One target set of `targets:` (README "Budgets and forecasts"): a targets.yaml, or a CSV/XLSX budget and its settings. */
export interface TargetSetConfig {
  file: string;
  sheet?: string | number;
  year?: number;
  kpi?: string;
  rows?: string;
  chart?: string | { file: string; base?: string };
  skip_rows?: number;
  delimiter?: string;
  encoding?: Encoding;
  decimal?: ',' | '.';
  /** The tolerance of every target a spreadsheet set gives (a share: 0.05 for 5%). */
  tolerance?: number;
  /** How a running period paces every target a spreadsheet set gives (default: by the sheet's months). */
  pace?: (typeof SHEET_PACES)[number];
}

/** The paces a spreadsheet set may take (`weights` needs a targets file's weights:). */
export const SHEET_PACES = ['months', 'workdays', 'linear', 'last_year'] as const;

/** A project made only of --source flags (config-less use). */
export function projectFromSources(cwd: string): Project {
  return { dir: cwd, weekStarts: 'monday', paceMinShare: DEFAULT_PACE_MIN_SHARE, sources: {}, kpis: {} };
}

/** The calendar a project's periods are read in: its first weekday and its fiscal year. */
export function calendarOf(
  project: Pick<Project, 'weekStarts' | 'fiscalYearStart' | 'fiscalYearLabel' | 'fiscalCalendar'>,
): { weekStarts: 'monday' | 'sunday'; fiscalYearStart?: number; fiscalYearLabel?: 'end' | 'split'; retail?: RetailCalendar } {
  return {
    weekStarts: project.weekStarts,
    ...(project.fiscalCalendar === undefined ? {} : { retail: project.fiscalCalendar }),
    ...(project.fiscalYearStart === undefined ? {} : { fiscalYearStart: project.fiscalYearStart }),
    ...(project.fiscalYearLabel === undefined ? {} : { fiscalYearLabel: project.fiscalYearLabel }),
  };
}
