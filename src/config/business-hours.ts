// kpi.yaml's `business_hours:` and `holidays:` read into a CalendarSpec (calendar/business-time.ts): the working
// spans per weekday and the closed days. Every mistake is located (file:line) and says what to write.
import { calendarDay } from '../calendar/days.js';
import { countryOf, COUNTRIES, type Country } from '../calendar/holidays.js';
import { parseSpans, weekdaysOf, type CalendarSpec } from '../calendar/business-time.js';
import { ConfigError } from '../errors.js';
import type { YamlFile } from './yaml-file.js';

const EXAMPLE = ['for example:', '  business_hours:', '    mon-fri: "08:00-16:00"', '    sat: "10:00-14:00"', '    holidays: [NO, 2026-12-24]'];

/**
 * The project's calendar from `business_hours:` (hours per weekday, `holidays:` inside it) and the top-level
 * `holidays:` (closed days only: with no business_hours the week is Mon–Fri, for working days but not hours).
 * Undefined when neither is written.
 */
export function readCalendar(businessHours: unknown, holidays: unknown, file: YamlFile | undefined): CalendarSpec | undefined {
  if (businessHours === undefined && holidays === undefined) return undefined;
  const at = (path: (string | number)[]) => (file ? `${file.locate(path)}: ` : '');
  const fail = (path: (string | number)[], message: string, hints: string[] = EXAMPLE): never => {
    const line = file?.lineOf(path);
    throw new ConfigError(`${at(path)}${message}`, hints, { code: 'KPI_CONFIG_INVALID', ...(file ? { file: file.path } : {}), ...(line === undefined ? {} : { line }) });
  };
  const countries: Country[] = [];
  const extra: number[] = [];
  const closed = (value: unknown, path: (string | number)[]) => {
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const here = Array.isArray(value) ? [...path, i] : path;
      if (item instanceof Date) {
        extra.push(calendarDay(item.getUTCFullYear(), item.getUTCMonth() + 1, item.getUTCDate())!);
        return;
      }
      const text = typeof item === 'string' ? item.trim() : typeof item === 'number' ? String(item) : undefined;
      const m = text === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (m) {
        const day = calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
        if (day === undefined) fail(here, `holidays: ${text} is not a date`);
        extra.push(day!);
        return;
      }
      const country = text === undefined ? undefined : countryOf(text);
      if (!country) fail(here, `holidays: ${JSON.stringify(item)} is neither a country (${COUNTRIES.join(', ')}) nor a date (2026-12-24)`);
      if (!countries.includes(country!)) countries.push(country!);
    });
  };

  const dates = new Map<number, [number, number][]>();
  let week: [number, number][][] = [0, 1, 2, 3, 4, 5, 6].map((d) => (d < 5 ? [[0, 1440]] : []));
  let hours = false;
  if (businessHours !== undefined) {
    if (businessHours === null || typeof businessHours !== 'object' || Array.isArray(businessHours) || businessHours instanceof Date) {
      fail(['business_hours'], 'business_hours: must map weekdays to hours');
    }
    hours = true;
    week = [[], [], [], [], [], [], []];
    const set = new Map<number, string>();
    for (const [key, value] of Object.entries(businessHours as Record<string, unknown>)) {
      if (key === 'holidays') {
        closed(value, ['business_hours', key]);
        continue;
      }
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key.trim());
      if (date) {
        const day = calendarDay(Number(date[1]), Number(date[2]), Number(date[3]));
        if (day === undefined) fail(['business_hours', key], `business_hours: ${key} is not a date`);
        const spans = value === null || value === false ? [] : typeof value === 'string' ? parseSpans(value) : `${JSON.stringify(value)} is not a text`;
        if (typeof spans === 'string') fail(['business_hours', key], `business_hours: ${key}: ${spans}`);
        dates.set(day!, spans as [number, number][]);
        continue;
      }
      const days = weekdaysOf(key);
      if (!days) fail(['business_hours', key], `business_hours: '${key}' is not a weekday or a range of them (mon, tue, …, sun, mon-fri, weekdays, weekend), a date with hours of its own (2026-12-23) nor holidays`);
      const spans = value === null || value === false ? [] : typeof value === 'string' ? parseSpans(value) : `${JSON.stringify(value)} is not a text`;
      if (typeof spans === 'string') fail(['business_hours', key], `business_hours: ${key}: ${spans}`);
      for (const d of days!) {
        // A day written twice (mon-fri and mon) is a contradiction, not an override to guess the order of.
        if (set.has(d)) fail(['business_hours', key], `business_hours: '${key}' sets a day that '${set.get(d)}' sets already`);
        set.set(d, key);
        week[d] = spans as [number, number][];
      }
    }
    if (week.every((s) => s.length === 0)) fail(['business_hours'], 'business_hours: no day has working hours');
  }
  if (holidays !== undefined) closed(holidays, ['holidays']);
  return { week, hours, countries, extra: [...new Set(extra)].sort((a, b) => a - b), ...(dates.size ? { dates: [...dates].sort((a, b) => a[0] - b[0]) } : {}) };
}
