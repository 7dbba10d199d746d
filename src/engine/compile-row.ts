// Type-checks an aggregate against its source's fields and compiles it into per-row closures over parsed slots.
import type { Aggregate, Cond, FieldRef, RowExpr, Value } from '../formula/ast.js';
import { FormulaError } from '../formula/formula-error.js';
import type { FieldType } from '../sources/kinds.js';
import { dayOf, MS_PER_DAY } from '../calendar/days.js';
import type { ResolvedField, SourceSchema } from '../sources/source-schema.js';
import { didYouMean } from '../util/text.js';
import { InternalError } from '../errors.js';

/**
 * One parsed value per slot: numbers and dates (wall-clock ms) in `num`, where NaN is an empty cell, and text in
 * `text`, where null is. Numbers in a typed array are never boxed, so reading a row allocates nothing.
 */
export interface Row {
  num: Float64Array;
  text: (string | null)[];
}
/** The period bounds in force for one evaluation window, in days. */
export interface Bounds {
  start: number;
  end: number;
}
export type RowFn = (row: Row) => number | null;
export type TextFn = (row: Row) => string | null;
export type CondFn = (row: Row, bounds: Bounds) => boolean;

/** Registers which column must be parsed as which type; returns the slot index. */
export interface SlotRegistry {
  slot(field: ResolvedField, type: FieldType): number;
}

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

export function compileAggregate(agg: Aggregate, schema: SourceSchema, slots: SlotRegistry): CompiledAggregate {
  const c = new RowCompiler(schema, slots);
  let value: RowFn | TextFn | undefined;
  if (agg.arg) {
    if (agg.fn === 'count_distinct') {
      if (agg.arg.kind !== 'field') throw new FormulaError('count_distinct takes a field', agg.arg.pos);
      value = c.text(agg.arg);
    } else {
      value = c.number(agg.arg, agg.fn);
    }
  }
  if (!agg.where) return { value };
  const where = c.cond(agg.where);
  const equals = c.equality(agg.where);
  return equals ? { value, where, equals } : { value, where };
}

class RowCompiler {
  constructor(
    private readonly schema: SourceSchema,
    private readonly slots: SlotRegistry,
  ) {}

  private resolve(ref: FieldRef): ResolvedField {
    const field = this.schema.field(ref.name, ref.quoted);
    if (!field) {
      const shown = ref.quoted ? `\`${ref.name}\`` : ref.name;
      const why = this.schema.whyNot(ref.name, ref.quoted);
      if (why) throw new FormulaError(`field '${shown}' of ${this.schema.name}: ${why}`, ref.pos);
      const candidates = ref.quoted ? this.schema.headers : this.schema.fieldNames();
      throw new FormulaError(`unknown field '${shown}' in ${this.schema.name}${didYouMean(ref.name, candidates)}`, ref.pos);
    }
    return field;
  }

  private slotFor(ref: FieldRef, type: FieldType, context: string): number {
    const field = this.resolve(ref);
    if (field.type !== undefined && field.type !== type && type !== 'text') {
      const advice =
        field.type === 'date' ? '; use days(a, b) or hours(a, b) for durations, or compare it with a date' : '';
      throw new FormulaError(`field '${ref.name}' of ${this.schema.name} holds ${field.type === 'date' ? 'dates' : field.type}; ${context} needs ${type === 'date' ? 'dates' : 'numbers'}${advice}`, ref.pos);
    }
    return this.slots.slot(field, type);
  }

  number(e: RowExpr, context = 'arithmetic'): RowFn {
    switch (e.kind) {
      case 'number': {
        const v = e.value;
        return () => v;
      }
      case 'field': {
        const i = this.slotFor(e, 'number', context);
        return (row) => {
          const v = row.num[i];
          return v !== v ? null : v;
        };
      }
      case 'neg': {
        const a = this.number(e.arg);
        return (row) => {
          const v = a(row);
          return v === null ? null : -v;
        };
      }
      case 'binary': {
        const a = this.number(e.left);
        const b = this.number(e.right);
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
      case 'call': {
        if (e.kind !== 'call') throw new InternalError('unreachable');
        const a = this.date(e.a, e.fn);
        const b = this.date(e.b, e.fn);
        const unit = e.fn === 'days' ? MS_PER_DAY : HOURS;
        return (row) => {
          const x = a(row), y = b(row);
          return x === null || y === null ? null : (y - x) / unit;
        };
      }
    }
  }

  private date(e: RowExpr, fn: string): RowFn {
    if (e.kind !== 'field') throw new FormulaError(`${fn}(a, b) takes two date fields`, e.pos);
    const i = this.slotFor(e, 'date', `${fn}()`);
    return (row) => {
      const v = row.num[i];
      return v !== v ? null : v;
    };
  }

  text(ref: FieldRef): TextFn {
    const i = this.slots.slot(this.resolve(ref), 'text');
    return (row) => row.text[i];
  }

  /**
   * A text field this condition can only be true with equal to a constant: `field = "text"`, or one of the sides of
   * an `and`. Called after cond(), which has checked the condition (and registered the slot).
   */
  equality(c: Cond): TextEquality | undefined {
    if (c.kind === 'and') return this.equality(c.left) ?? this.equality(c.right);
    if (c.kind !== 'compare' || c.op !== '=' || c.right.kind !== 'text' || c.left.kind !== 'field') return undefined;
    return { slot: this.slots.slot(this.resolve(c.left), 'text'), text: c.right.value.toLowerCase() };
  }

  cond(c: Cond): CondFn {
    switch (c.kind) {
      case 'and': {
        const a = this.cond(c.left), b = this.cond(c.right);
        return (row, w) => a(row, w) && b(row, w);
      }
      case 'or': {
        const a = this.cond(c.left), b = this.cond(c.right);
        return (row, w) => a(row, w) || b(row, w);
      }
      case 'not': {
        const a = this.cond(c.arg);
        return (row, w) => !a(row, w);
      }
      case 'empty': {
        const get = this.text(c.field);
        return c.negated ? (row) => get(row) !== null : (row) => get(row) === null;
      }
      case 'in': {
        const kinds = new Set(c.values.map((v) => v.kind));
        if (kinds.size === 1 && kinds.has('number')) {
          const get = this.number(c.field, 'in (…)');
          const set = new Set(c.values.map((v) => (v as { value: number }).value));
          return (row) => { const v = get(row); return v !== null && set.has(v); };
        }
        if (kinds.size === 1 && kinds.has('text')) {
          const get = this.text(c.field);
          const set = new Set(c.values.map((v) => (v as { value: string }).value.toLowerCase()));
          return (row) => { const v = get(row); return v !== null && set.has(v.toLowerCase()); };
        }
        throw new FormulaError('in (…) takes a list of texts or a list of numbers', c.pos);
      }
      case 'compare':
        return this.compare(c.left, c.op, c.right);
    }
  }

  /** `paid > due`, `revenue >= cost`: the two sides compare as dates, text or numbers, by the fields' types. */
  private compareFields(left: RowExpr, test: (d: number) => boolean, rightRef: FieldRef): CondFn {
    if (!this.schema.field(rightRef.name, rightRef.quoted)) {
      const shown = rightRef.quoted ? `\`${rightRef.name}\`` : rightRef.name;
      throw new FormulaError(`unknown field '${shown}' in ${this.schema.name}; to compare with the text, quote it: "${rightRef.name}"`, rightRef.pos);
    }
    const right = this.resolve(rightRef);
    const type = this.comparedAs(left.kind === 'field' ? this.resolve(left) : 'number', right);
    if (type === 'date') {
      if (left.kind !== 'field') throw new FormulaError('only a date field can be compared with a date field', left.pos);
      const a = this.date(left, 'a comparison of dates');
      const b = this.date(rightRef, 'a comparison of dates');
      return (row) => { const x = a(row), y = b(row); return x !== null && y !== null && test(x - y); };
    }
    if (left.kind === 'field' && type === 'text') {
      const a = this.text(left);
      const b = this.text(rightRef);
      return (row) => { const x = a(row), y = b(row); return x !== null && y !== null && test(compareText(x.toLowerCase(), y.toLowerCase())); };
    }
    const a = this.number(left, 'a comparison');
    const b = this.number(rightRef, 'a comparison');
    return (row) => { const x = a(row), y = b(row); return x !== null && y !== null && test(x - y); };
  }

  /**
   * How two sides compare: by the declared type of a canonical field (dates over text over numbers); when neither
   * side is declared (columns of a source of the user's own), by what their sampled values look like — two columns
   * of dates compare as dates, not as numbers that every row fails to be.
   */
  private comparedAs(left: ResolvedField | 'number', right: ResolvedField): FieldType {
    const pick = (types: (FieldType | undefined)[]): FieldType | undefined =>
      types.includes('date') ? 'date' : types.includes('text') ? 'text' : types.includes('number') ? 'number' : undefined;
    const declared = pick([left === 'number' ? 'number' : left.type, right.type]);
    if (declared) return declared;
    return pick([left === 'number' ? 'number' : this.schema.sampledType(left), this.schema.sampledType(right)]) ?? 'number';
  }

  /** Comparisons with an empty cell are false, whatever the operator: use `is empty` to test for it. */
  private compare(left: RowExpr, op: string, right: Value): CondFn {
    const test = comparator(op);
    switch (right.kind) {
      case 'field':
        return this.compareFields(left, test, right.field);
      case 'text': {
        if (left.kind !== 'field') throw new FormulaError('only a field can be compared with text', left.pos);
        const get = this.text(left);
        const want = right.value.toLowerCase();
        return (row) => { const v = get(row); return v !== null && test(compareText(v.toLowerCase(), want)); };
      }
      case 'number': {
        const get = this.number(left, 'a comparison with a number');
        const want = right.value;
        return (row) => { const v = get(row); return v !== null && test(v - want); };
      }
      default: {
        if (left.kind !== 'field') throw new FormulaError('only a date field can be compared with a date', left.pos);
        const get = this.date(left, 'a comparison with a date');
        if (right.kind === 'date') {
          const day = right.day;
          return (row) => { const v = get(row); return v !== null && test(dayOf(v) - day); };
        }
        const bound = right.kind;
        return (row, w) => {
          const v = get(row);
          return v !== null && test(dayOf(v) - (bound === 'period_start' ? w.start : w.end));
        };
      }
    }
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparator(op: string): (diff: number) => boolean {
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
