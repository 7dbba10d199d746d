// The words every layer shares: units of a KPI, which direction is better, and the statuses of a result.
// A leaf, so that the model, the targets and every renderer can name them without importing each other.

export const UNITS = ['number', 'currency', 'percent', 'count', 'days', 'hours', 'score'] as const;
export type Unit = (typeof UNITS)[number];
export const DIRECTIONS = ['higher', 'lower'] as const;
export type Better = (typeof DIRECTIONS)[number];

/**
 * `early`: the period has only just begun, too little has elapsed for a paced verdict. `incomplete`: the data does
 * not cover the period (src/report/coverage.ts), so no verdict is given. `error`: a KPI with a target could not be
 * computed at all (a column or source missing, no rows); its `reason` says why. The two last ones fail `kpi check`.
 */
export type Status = 'met' | 'at_risk' | 'missed' | 'early' | 'no_target' | 'no_data' | 'incomplete' | 'error';
/** In the order of the JSON summary: the first six are the keys of SPEC §6, the new ones follow. */
export const STATUSES: readonly Status[] = ['met', 'at_risk', 'missed', 'early', 'no_target', 'no_data', 'incomplete', 'error'];

/** How a column is read: as numbers, dates or text (a source's declared fields, and every column a plan reads). */
export type FieldType = 'number' | 'date' | 'text';

/** The unit of a duration column written as plain numbers (Zendesk `First reply time in minutes`). */
export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
/** Hours in one of each unit: a plain number of a duration column is read as number × this (parse-duration.ts, and the SQL engine). */
export const HOURS_PER_UNIT: Readonly<Record<DurationUnit, number>> = { seconds: 1 / 3600, minutes: 1 / 60, hours: 1, days: 24 };

/** A field of a source resolved to its column: what the readers map and the plan reads (the header behind a formula's name). */
/** The lowest and highest value a score can have. */
export interface Scale {
  min: number;
  max: number;
}

/** Why a score off its field's scale is a bad value: the same words from every engine (CSV and SQL). */
export const offScaleReason = (scale: Scale): string => `outside the scale ${scale.min}–${scale.max} of this field: is the right column mapped? (columns: in kpi.yaml)`;

export interface ResolvedField {
  /** Field name as formulas write it. */
  name: string;
  /** Header in the export. */
  header: string;
  /** Declared type for canonical fields; other columns take their type from how formulas use them. */
  type?: FieldType;
  /** Lower-cased raw value → canonical value. A field with values is a closed set: any other value is unknown. */
  values?: ReadonlyMap<string, string>;
  /** Lower-cased raw values that are known but mean none of the canonical values (`ignore:`). */
  ignored?: ReadonlySet<string>;
  required: boolean;
  /**
   * A number field whose cells are durations (`2h 30m`, `01:30:00`, `PT2H`), read as hours; `unit` is the unit of
   * plain numbers in the column, if known (from `units:`, the header or the system's export).
   */
  duration?: { unit?: DurationUnit };
  /** The scale a score field's values lie on (csat 1–5, an NPS score 0–10): a value outside it is a bad value. */
  scale?: Scale;
  /**
   * A looked-up field (`join:`): the joining source's key column. A line whose key is empty or in no row of the
   * looked-up source is a bad value of that column, and so of every figure that reads this field.
   */
  joinedBy?: string;
}
