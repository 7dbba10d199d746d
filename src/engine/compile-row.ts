// The streaming engine's compiler: turns a plan's bound aggregates (data) into per-row closures over parsed slots.
import { dayOf, MS_PER_DAY } from '../calendar/days.js';
import { BusinessCalendar } from '../calendar/business-time.js';
import type { Bounds, CompareOp, PlannedAggregate, RowArg, RowCond, RowValue } from '../plan/plan.js';

export type { Bounds } from '../plan/plan.js';

/**
 * One parsed value per slot: numbers and dates (wall-clock ms) in `num`, where NaN is an empty cell, and text in
 * `text`, where null is. Numbers in a typed array are never boxed, so reading a row allocates nothing.
 */
export interface Row {
  num: Float64Array;
  text: (string | null)[];
  /**
   * The instants of the date slots days() and hours() read (engine/run.ts fills them): wall-clock ms less the UTC
   * offset the cell was written with (`2026-03-29T03:30:00+02:00` is 01:30 UTC), the wall-clock ms when it has
   * none. Absent: the wall-clock ms.
   */
  inst?: Float64Array;
}
export type RowFn = (row: Row) => number | null;
export type TextFn = (row: Row) => string | null;
export type CondFn = (row: Row, bounds: Bounds) => boolean;

export interface CompiledAggregate {
  value?: RowFn | TextFn;
  where?: CondFn;
  /**
   * A text slot that `where` requires to equal a constant (`rep = "Ann"`, alone or in an `and`), the constant
   * lower-cased as `=` compares text: the stepper looks such aggregates up by the row's value (stepper.ts).
   */
  equals?: TextEquality;
}

export interface TextEquality {
  slot: number;
  text: string;
}

const HOURS = 3_600_000;

export function compileAggregate(a: Pick<PlannedAggregate, 'arg' | 'where'>): CompiledAggregate {
  const value = a.arg ? arg(a.arg) : undefined;
  if (!a.where) return { value };
  const equals = equality(a.where);
  return equals ? { value, where: cond(a.where), equals } : { value, where: cond(a.where) };
}

/** A text slot this condition can only be true with equal to a constant: `field = "text"`, or a side of an `and`. */
function equality(c: RowCond): TextEquality | undefined {
  if (c.kind === 'and') return equality(c.left) ?? equality(c.right);
  if (c.kind !== 'compare_texts' || c.op !== '=' || !('text' in c.right)) return undefined;
  return { slot: c.slot, text: c.right.text };
}

function arg(a: RowArg): RowFn | TextFn {
  return a.kind === 'text' ? text(a.slot) : number(a.value);
}

function slotValue(i: number): RowFn {
  return (row) => {
    const v = row.num[i];
    return v !== v ? null : v;
  };
}

function text(i: number): TextFn {
  return (row) => row.text[i];
}

function number(e: RowValue): RowFn {
  switch (e.kind) {
    case 'number': {
      const v = e.value;
      return () => v;
    }
    case 'slot':
      return slotValue(e.slot);
    case 'neg': {
      const a = number(e.arg);
      return (row) => {
        const v = a(row);
        return v === null ? null : -v;
      };
    }
    case 'binary': {
      const a = number(e.left);
      const b = number(e.right);
      switch (e.op) {
        case '+':
          return (row) => { const x = a(row), y = b(row); return x === null || y === null ? null : x + y; };
        case '-':
          return (row) => { const x = a(row), y = b(row); return x === null || y === null ? null : x - y; };
        case '*':
          return (row) => { const x = a(row), y = b(row); return x === null || y === null ? null : x * y; };
        case '/':
          return (row) => { const x = a(row), y = b(row); return x === null || y === null || y === 0 ? null : x / y; };
      }
    }
    // falls through: unreachable, every operator returns
    case 'span': {
      if (e.kind !== 'span') return () => null;
      const a = slotValue(e.from);
      const b = slotValue(e.to);
      if (e.unit === 'business_hours' || e.unit === 'business_days' || e.unit === 'workdays') {
        const calendar = new BusinessCalendar(e.calendar);
        if (e.unit === 'business_days') {
          return (row) => {
            const x = a(row), y = b(row);
            return x === null || y === null ? null : calendar.businessDays(x, y);
          };
        }
        if (e.unit === 'workdays') {
          return (row) => {
            const x = a(row), y = b(row);
            return x === null || y === null ? null : calendar.workdays(dayOf(x), dayOf(y));
          };
        }
        return (row) => {
          const x = a(row), y = b(row);
          return x === null || y === null ? null : calendar.businessMs(x, y) / HOURS;
        };
      }
      // Between the instants: two cells written with their offsets (across a DST change, one in UTC) differ by
      // the time that passed, not by their wall clocks.
      const unit = e.unit === 'days' ? MS_PER_DAY : HOURS;
      const from = e.from, to = e.to;
      return (row) => {
        const at = row.inst ?? row.num;
        const x = at[from], y = at[to];
        return x !== x || y !== y ? null : (y - x) / unit;
      };
    }
  }
}

function cond(c: RowCond): CondFn {
  switch (c.kind) {
    case 'and': {
      const a = cond(c.left), b = cond(c.right);
      return (row, w) => a(row, w) && b(row, w);
    }
    case 'or': {
      const a = cond(c.left), b = cond(c.right);
      return (row, w) => a(row, w) || b(row, w);
    }
    case 'not': {
      const a = cond(c.arg);
      return (row, w) => !a(row, w);
    }
    case 'empty': {
      const get = text(c.slot);
      return c.negated ? (row) => get(row) !== null : (row) => get(row) === null;
    }
    case 'in_numbers': {
      const get = number(c.value);
      const set = new Set(c.values);
      return (row) => { const v = get(row); return v !== null && set.has(v); };
    }
    case 'in_texts': {
      const get = text(c.slot);
      const set = new Set(c.values);
      return (row) => { const v = get(row); return v !== null && set.has(v.toLowerCase()); };
    }
    case 'compare_numbers': {
      const test = comparator(c.op);
      const a = number(c.left);
      if (c.right.kind === 'number') {
        const want = c.right.value;
        return (row) => { const v = a(row); return v !== null && test(v - want); };
      }
      const b = number(c.right);
      return (row) => { const x = a(row), y = b(row); return x !== null && y !== null && test(x - y); };
    }
    case 'compare_texts': {
      const test = comparator(c.op);
      const a = text(c.slot);
      const right = c.right;
      if ('text' in right) {
        const want = right.text;
        return (row) => { const v = a(row); return v !== null && test(compareText(v.toLowerCase(), want)); };
      }
      const b = text(right.slot);
      return (row) => { const x = a(row), y = b(row); return x !== null && y !== null && test(compareText(x.toLowerCase(), y.toLowerCase())); };
    }
    case 'compare_dates': {
      const test = comparator(c.op);
      const get = slotValue(c.slot);
      const right = c.right;
      // Two date fields compare in ms; a date field with a date or a period bound, by day.
      if ('slot' in right) {
        const b = slotValue(right.slot);
        return (row) => { const x = get(row), y = b(row); return x !== null && y !== null && test(x - y); };
      }
      if ('day' in right) {
        const day = right.day;
        return (row) => { const v = get(row); return v !== null && test(dayOf(v) - day); };
      }
      const bound = right.bound;
      return (row, w) => {
        const v = get(row);
        return v !== null && test(dayOf(v) - (bound === 'period_start' ? w.start : w.end));
      };
    }
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparator(op: CompareOp): (diff: number) => boolean {
  switch (op) {
    case '=':
      return (d) => d === 0;
    case '!=':
      return (d) => d !== 0;
    case '<':
      return (d) => d < 0;
    case '<=':
      return (d) => d <= 0;
    case '>':
      return (d) => d > 0;
    default:
      return (d) => d >= 0;
  }
}
