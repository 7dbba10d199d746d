// kpi.yaml's `sla:` (the time allowed to resolve a ticket, per priority, for the built-in sla_rate) read into
// allowances of hours or of working days. Under business_hours: a day is a working day, not 24 business hours: a
// support manager who writes `high: 2d` against an 8-hour day means two working days (Freshdesk counted its
// day-based SLAs that way, Jira Service Management shows its days in the calendar's working days), and 48 business
// hours would be six of them. Others count a day as 24 business hours (ServiceNow; Freshdesk from 2026): that is
// written in hours, `48h`, so neither reading is a guess.
import type { CalendarSpec } from '../calendar/business-time.js';
import { ConfigError } from '../errors.js';
import type { YamlFile } from './yaml-file.js';

/** One priority's allowance: hours (business hours when the calendar has hours) or working days on its clock. */
export interface SlaAllowance {
  unit: 'hours' | 'workdays';
  amount: number;
  /** As kpi.yaml writes it (`2d`, `4h`, `8`), for explain. */
  written: string;
}

const FORM = /^\s*(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|d|days?|wd|work\s*days?|working\s+days?|business\s+days?)?\s*$/i;

/** `sla:` as allowances by lower-cased priority; undefined when kpi.yaml has none. */
export function readSla(sla: Record<string, number | string> | undefined, calendar: CalendarSpec | undefined, file: YamlFile | undefined): Record<string, SlaAllowance> | undefined {
  if (sla === undefined) return undefined;
  const out: Record<string, SlaAllowance> = {};
  for (const [priority, value] of Object.entries(sla)) out[priority.toLowerCase()] = allowance(priority, value, calendar, file);
  return out;
}

function allowance(priority: string, value: number | string, calendar: CalendarSpec | undefined, file: YamlFile | undefined): SlaAllowance {
  const fail = (message: string): never => {
    const line = file?.lineOf(['sla', priority]);
    throw new ConfigError(`${file ? `${file.locate(['sla', priority])}: ` : ''}sla: ${priority}: ${message}`, [], {
      code: 'KPI_CONFIG_INVALID',
      ...(file ? { file: file.path } : {}),
      ...(line === undefined ? {} : { line }),
    });
  };
  if (typeof value === 'number') return { unit: 'hours', amount: value, written: String(value) };
  const m = FORM.exec(value);
  if (!m) return fail(`${JSON.stringify(value)} is not a time allowed: write hours (4h, or 4), minutes (90m), days (2d) or working days (2 workdays)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'h').toLowerCase().replace(/\s+/g, ' ');
  const written = value.trim();
  if (n <= 0) return fail(`${written} allows no time at all: write a positive time (4h, 2d)`);
  if (/^h/.test(unit)) return { unit: 'hours', amount: n, written };
  if (/^m/.test(unit)) return { unit: 'hours', amount: n / 60, written };
  const calendarDays = unit === 'd' || unit.startsWith('day');
  // Without working hours a day is 24 elapsed hours, as it always was.
  if (calendarDays && !calendar?.hours) return { unit: 'hours', amount: n * 24, written };
  if (!calendar) {
    return fail(`${written} counts working days, which need the working calendar: add to kpi.yaml business_hours: { mon-fri: "08:00-16:00", holidays: NO } (or write ${n * 24}h for elapsed hours)`);
  }
  if (!Number.isInteger(n)) {
    const perDay = calendar.hours ? ' under business_hours' : '';
    return fail(`${written} is part of a working day, which has no fixed length${perDay}: write whole working days (${Math.max(1, Math.round(n))}d) or hours (${calendar.hours ? 'business hours, ' : ''}e.g. 12h)`);
  }
  return { unit: 'workdays', amount: n, written };
}

/** How sla_rate reads each allowance, for the KPI's description: `high 2d = 2 working days; urgent 8h = 8 business hours`. */
export function describeSla(sla: Record<string, SlaAllowance>, businessHours: boolean): string {
  const hours = businessHours ? 'business hours' : 'hours';
  const parts = Object.entries(sla).map(([priority, a]) => {
    const amount = a.unit === 'workdays' ? `${a.amount} working ${a.amount === 1 ? 'day' : 'days'}` : `${round(a.amount)} ${a.amount === 1 ? hours.replace(/s$/, '') : hours}`;
    return `${priority} ${a.written} = ${amount}`;
  });
  const day = Object.values(sla).find((a) => a.unit === 'workdays');
  const rule = day
    ? ` Working days are a deadline on the business clock: the same time of day that many working days later, kept within that day's hours (Tuesday 14:00 + 2 working days is Thursday 14:00; weekends, holidays and closed days are skipped); a day of 24 business hours is written in hours (${day.amount * 24}h for ${day.amount} × 24).`
    : '';
  return `sla: ${parts.join('; ')}.${rule}`;
}

const round = (n: number): string => String(Math.round(n * 1000) / 1000);
