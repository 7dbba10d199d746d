// Type-checks an aggregate against its source's fields and binds it: every field of its argument and condition
// becomes the slot (column and type) it reads, so an engine compiles the result without knowing the source.
import type { Aggregate, Cond, FieldRef, RowExpr, Value } from '../formula/ast.js';
import { FormulaError } from '../formula/formula-error.js';
import type { FieldType } from '../model/vocabulary.js';
import { didYouMean, textValue } from '../util/text.js';
import { InternalError } from '../errors.js';
import type { CalendarSpec } from '../calendar/business-time.js';
import type { CompareOp, PlanField, RowArg, RowCond, RowValue } from './plan.js';

/** What binding needs of a source: its fields by name, and why a name is not one (a source schema is one). */
export interface FieldLookup {
  name: string;
  headers: string[];
  field(name: string, quoted: boolean): PlanField | undefined;
  whyNot(name: string, quoted: boolean): string | undefined;
  fieldNames(): string[];
  /** What the sampled values of a field's column look like: how a field of the user's own is typed by its values. */
  sampledType(field: PlanField): FieldType | undefined;
}

/** Registers which column must be parsed as which type; returns the slot index. */
export interface SlotRegistry {
  slot(field: PlanField, type: FieldType): number;
}

export interface BoundAggregate {
  arg?: RowArg;
  where?: RowCond;
}

/** Binds an aggregate's argument and condition (in this order: slots are numbered as they are first read). */
export function bindAggregate(agg: Aggregate, source: FieldLookup, slots: SlotRegistry, calendar?: CalendarSpec): BoundAggregate {
  const b = new Binder(source, slots, calendar);
  let arg: RowArg | undefined;
  if (agg.arg) {
    if (agg.fn === 'count_distinct') {
      if (agg.arg.kind !== 'field') throw new FormulaError('count_distinct takes a field', agg.arg.pos);
      arg = { kind: 'text', slot: b.text(agg.arg) };
    } else {
      arg = { kind: 'number', value: b.number(agg.arg, agg.fn) };
    }
  }
  return { arg, where: agg.where ? b.cond(agg.where) : undefined };
}

class Binder {
  constructor(
    private readonly source: FieldLookup,
    private readonly slots: SlotRegistry,
    /** kpi.yaml's business_hours:/holidays:, for business_hours() and workdays(). */
    private readonly calendar?: CalendarSpec,
  ) {}

  private resolve(ref: FieldRef): PlanField {
    const field = this.source.field(ref.name, ref.quoted);
    if (!field) {
      const shown = ref.quoted ? `\`${ref.name}\`` : ref.name;
      const why = this.source.whyNot(ref.name, ref.quoted);
      if (why) throw new FormulaError(`field '${shown}' of ${this.source.name}: ${why}`, ref.pos);
      const candidates = ref.quoted ? this.source.headers : this.source.fieldNames();
      throw new FormulaError(`unknown field '${shown}' in ${this.source.name}${didYouMean(ref.name, candidates)}`, ref.pos);
    }
    return field;
  }

  private slotFor(ref: FieldRef, type: FieldType, context: string): number {
    const field = this.resolve(ref);
    if (field.type !== undefined && field.type !== type && type !== 'text') {
      const advice =
        field.type === 'date' ? '; use days(a, b) or hours(a, b) for durations, or compare it with a date' : '';
      throw new FormulaError(`field '${ref.name}' of ${this.source.name} holds ${field.type === 'date' ? 'dates' : field.type}; ${context} needs ${type === 'date' ? 'dates' : 'numbers'}${advice}`, ref.pos);
    }
    return this.slots.slot(field, type);
  }

  number(e: RowExpr, context = 'arithmetic'): RowValue {
    switch (e.kind) {
      case 'number':
        return { kind: 'number', value: e.value };
      case 'field':
        return { kind: 'slot', slot: this.slotFor(e, 'number', context) };
      case 'neg':
        return { kind: 'neg', arg: this.number(e.arg) };
      case 'binary': {
        const left = this.number(e.left);
        const right = this.number(e.right);
        return { kind: 'binary', op: e.op, left, right };
      }
      case 'call': {
        const from = this.date(e.a, e.fn);
        const to = this.date(e.b, e.fn);
        if (e.fn === 'days' || e.fn === 'hours') return { kind: 'span', unit: e.fn, from, to };
        if (e.fn !== 'business_hours' && e.fn !== 'business_days' && e.fn !== 'workdays') throw new InternalError(`unknown function ${String(e.fn)}`);
        // Without a calendar there are no working hours to count: guessing Mon–Fri 9–17 would be a wrong number.
        if (!this.calendar) throw new FormulaError(`${e.fn}(a, b) needs the working calendar: add to kpi.yaml business_hours: { mon-fri: "08:00-16:00", holidays: NO }`, e.pos);
        if (e.fn === 'business_hours' && !this.calendar.hours) throw new FormulaError('business_hours(a, b) needs the working hours: add to kpi.yaml business_hours: { mon-fri: "08:00-16:00" } (holidays: alone gives working days, for workdays())', e.pos);
        return { kind: 'span', unit: e.fn, from, to, calendar: this.calendar };
      }
    }
  }

  /** The slot of a date field. */
  private date(e: RowExpr, fn: string): number {
    if (e.kind !== 'field') throw new FormulaError(`${fn}(a, b) takes two date fields`, e.pos);
    return this.slotFor(e, 'date', `${fn}()`);
  }

  text(ref: FieldRef): number {
    return this.slots.slot(this.resolve(ref), 'text');
  }

  cond(c: Cond): RowCond {
    switch (c.kind) {
      case 'and':
      case 'or': {
        const left = this.cond(c.left);
        const right = this.cond(c.right);
        return { kind: c.kind, left, right };
      }
      case 'not':
        return { kind: 'not', arg: this.cond(c.arg) };
      case 'empty':
        return { kind: 'empty', slot: this.text(c.field), negated: c.negated };
      case 'in': {
        const kinds = new Set(c.values.map((v) => v.kind));
        if (kinds.size === 1 && kinds.has('number')) {
          const value = this.number(c.field, 'in (…)');
          return { kind: 'in_numbers', value, values: c.values.map((v) => (v as { value: number }).value) };
        }
        if (kinds.size === 1 && kinds.has('text')) {
          const slot = this.text(c.field);
          return { kind: 'in_texts', slot, values: c.values.map((v) => textValue((v as { value: string }).value).toLowerCase()) };
        }
        throw new FormulaError('in (…) takes a list of texts or a list of numbers', c.pos);
      }
      case 'compare':
        return this.compare(c.left, c.op, c.right);
    }
  }

  /** `paid > due`, `revenue >= cost`: the two sides compare as dates, text or numbers, by the fields' types. */
  private compareFields(left: RowExpr, op: CompareOp, rightRef: FieldRef): RowCond {
    if (!this.source.field(rightRef.name, rightRef.quoted)) {
      const shown = rightRef.quoted ? `\`${rightRef.name}\`` : rightRef.name;
      throw new FormulaError(`unknown field '${shown}' in ${this.source.name}; to compare with the text, quote it: "${rightRef.name}"`, rightRef.pos);
    }
    const right = this.resolve(rightRef);
    const type = this.comparedAs(left.kind === 'field' ? this.resolve(left) : 'number', right);
    if (type === 'date') {
      if (left.kind !== 'field') throw new FormulaError('only a date field can be compared with a date field', left.pos);
      const slot = this.date(left, 'a comparison of dates');
      return { kind: 'compare_dates', op, slot, right: { slot: this.date(rightRef, 'a comparison of dates') } };
    }
    if (left.kind === 'field' && type === 'text') {
      const slot = this.text(left);
      return { kind: 'compare_texts', op, slot, right: { slot: this.text(rightRef) } };
    }
    const a = this.number(left, 'a comparison');
    const b = this.number(rightRef, 'a comparison');
    return { kind: 'compare_numbers', op, left: a, right: b };
  }

  /**
   * How two sides compare: by the declared type of a canonical field (dates over text over numbers); when neither
   * side is declared (columns of a source of the user's own), by what their sampled values look like — two columns
   * of dates compare as dates, not as numbers that every row fails to be.
   */
  private comparedAs(left: PlanField | 'number', right: PlanField): FieldType {
    const pick = (types: (FieldType | undefined)[]): FieldType | undefined =>
      types.includes('date') ? 'date' : types.includes('text') ? 'text' : types.includes('number') ? 'number' : undefined;
    const declared = pick([left === 'number' ? 'number' : left.type, right.type]);
    if (declared) return declared;
    return pick([left === 'number' ? 'number' : this.source.sampledType(left), this.source.sampledType(right)]) ?? 'number';
  }

  /** Comparisons with an empty cell are false, whatever the operator: use `is empty` to test for it. */
  private compare(left: RowExpr, op: CompareOp, right: Value): RowCond {
    switch (right.kind) {
      case 'field':
        return this.compareFields(left, op, right.field);
      case 'text': {
        if (left.kind !== 'field') throw new FormulaError('only a field can be compared with text', left.pos);
        return { kind: 'compare_texts', op, slot: this.text(left), right: { text: textValue(right.value).toLowerCase() } };
      }
      case 'number':
        return { kind: 'compare_numbers', op, left: this.number(left, 'a comparison with a number'), right: { kind: 'number', value: right.value } };
      default: {
        if (left.kind !== 'field') throw new FormulaError('only a date field can be compared with a date', left.pos);
        const slot = this.date(left, 'a comparison with a date');
        if (right.kind === 'date') return { kind: 'compare_dates', op, slot, right: { day: right.day } };
        return { kind: 'compare_dates', op, slot, right: { bound: right.kind } };
      }
    }
  }
}
