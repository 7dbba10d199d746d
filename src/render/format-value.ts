// Human formatting of numbers by unit, shared by the text renderers (table, markdown). The formatting itself is the
// locale's (src/locale/format.ts): these are the formatter of no locale, today's en-US output, for the callers that
// have no report context. Renderers with one call formatterFor(context) and get the user's locale and display:.
import type { Unit } from '../model/vocabulary.js';
import type { Status } from '../model/vocabulary.js';
import { DEFAULT_FORMATTER as f, STATUS_SYMBOL } from '../locale/format.js';
import { en } from '../locale/messages/en.js';

export { formatterFor, type Formatter } from '../locale/format.js';

/** currency: 1,234,567.89 · percent: 41.2% · days/hours: 12.3 · count: 1,234 · score: 42.0 */
export const formatValue = (value: number | null, unit: Unit, currency?: string): string => f.value(value, unit, currency);

/** A difference in the KPI's unit: percent differences are percentage points. */
export const formatDelta = (value: number | null, unit: Unit, currency?: string): string => f.delta(value, unit, currency);

export const formatPct = (value: number | null): string => f.pct(value);

/** Status marks readable without colour (English; Formatter.statusMark in the report's locale). */
export const STATUS_MARK: Record<Status, string> = Object.fromEntries(Object.entries(STATUS_SYMBOL).map(([s, mark]) => [s, `${mark} ${en.status[s as Status]}`])) as Record<Status, string>;

/** A change against the previous period: points for percents and scores (NPS), else a relative change. */
export const formatChange = (change: number | null, changePct: number | null, unit: Unit, currency?: string): string => f.change(change, changePct, unit, currency);
