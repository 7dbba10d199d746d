// Recursive-descent parser for the formula language of SPEC §4; errors carry line:col.
import {
  AGGREGATE_FNS,
  ROW_FNS,
  type Aggregate,
  type AggregateFn,
  type ArithOp,
  type CompareOp,
  type Cond,
  type Expr,
  type FieldRef,
  type Offset,
  type RollUnit,
  type Pos,
  type RowExpr,
  type Value,
} from './ast.js';
import { FormulaError } from './formula-error.js';
import { tokenize, type Token } from './lexer.js';

const COMPARE_OPS: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];
const KEYWORDS = new Set(['where', 'and', 'or', 'not', 'in', 'is', 'empty', 'period_start', 'period_end', 'period_days']);

/**
 * How deeply a formula may nest: parentheses, signs and `not` each add a level, and so does each operator of a chain
 * (`a + b + c` is `(a + b) + c`). The parser, the compiler, the evaluator and the printer all walk the tree
 * recursively; 256 levels keeps every walk far inside the stack, and no real KPI comes near it (split a longer one
 * into KPIs of their own).
 */
export const MAX_FORMULA_DEPTH = 256;

/** The most periods an offset reaches back, and the longest rolling window, in its units (ten years of months is 120). */
const MAX_OFFSET = 1000;

const ROLL_UNITS: Record<string, RollUnit> = {
  day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month',
  quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year',
};

export function parseFormula(source: string): Expr {
  const parser = new Parser(tokenize(source));
  const expr = parser.expr();
  parser.expectEnd();
  checkDepth(expr);
  return expr;
}

/** The message of a formula over MAX_FORMULA_DEPTH, at the node where it crosses the limit. */
function tooDeep(pos: Pos): FormulaError {
  return new FormulaError(
    `the formula nests deeper than ${MAX_FORMULA_DEPTH} levels here (each parenthesis, sign, 'not' and chained operator is a level); split it into KPIs of their own and combine them, e.g. part_a + part_b`,
    pos,
  );
}

/**
 * The tree's depth, walked with an explicit stack (a long chain of operators is a deep tree, and this walk must not
 * be the one that overflows). Children are the node-valued properties, so every node kind is covered.
 */
function checkDepth(root: object): void {
  const stack: [object, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_FORMULA_DEPTH) throw tooDeep((node as { pos: Pos }).pos);
    for (const child of Object.values(node)) {
      if (Array.isArray(child)) {
        for (const c of child) if (isNode(c)) stack.push([c, depth + 1]);
      } else if (isNode(child)) stack.push([child, depth + 1]);
    }
  }
}

const isNode = (x: unknown): x is { kind: string; pos: Pos } => typeof x === 'object' && x !== null && 'kind' in x && 'pos' in x;

class Parser {
  private i = 0;
  /** Nesting of the rule being parsed (see MAX_FORMULA_DEPTH): deeper input is an error, not a stack overflow. */
  private depth = 0;
  /** Sources named inside the aggregate being parsed; the first decides the aggregate's source. */
  private aggSource: { name: string; pos: Pos } | undefined;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  private expectOp(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) throw this.unexpected(t, `expected '${text}' ${what}`);
    return this.next();
  }
  private unexpected(t: Token, expected: string): FormulaError {
    const found = t.kind === 'eof' ? 'end of formula' : `'${describe(t)}'`;
    return new FormulaError(`${expected}, found ${found}`, t.pos);
  }

  /** One level deeper, at the token that opens it; `leave` when its rule is done. */
  private enter(pos: Pos): void {
    if (++this.depth > MAX_FORMULA_DEPTH) throw tooDeep(pos);
  }
  private leave(): void {
    this.depth--;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpected(t, 'expected an operator or the end of the formula');
  }

  /**
   * One level of left-associative arithmetic: `operand (op operand)*`. Both the KPI level and the row level use
   * it, with `+ -` over `* /` over their unary operands.
   */
  private binary<T extends Expr | RowExpr>(operand: () => T, ops: readonly [string, string]): T {
    let left = operand();
    while (this.isOp(ops[0]) || this.isOp(ops[1])) {
      const op = this.next();
      const right = operand();
      left = { kind: 'binary', op: op.text as ArithOp, left, right, pos: op.pos } as T;
    }
    return left;
  }

  // expr := term (('+'|'-') term)*;  term := unary (('*'|'/') unary)*
  expr(): Expr {
    return this.binary(() => this.binary(() => this.unary(), ['*', '/']), ['+', '-']);
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      const op = this.next();
      this.enter(op.pos);
      const arg = this.unary();
      this.leave();
      return { kind: 'neg', arg, pos: op.pos };
    }
    if (this.isOp('+')) this.next();
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'number' || t.kind === 'percent') {
      this.next();
      return { kind: 'number', value: t.value, pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next();
      this.enter(t.pos);
      const inner = this.expr();
      this.expectOp(')', 'to close the parenthesis');
      this.leave();
      return inner;
    }
    if (t.kind === 'ident') {
      this.next();
      const name = t.text;
      if (this.isOp('(')) {
        const fn = name.toLowerCase();
        if (fn === 'rolling' || fn === 'cumulative') return this.window(fn, t.pos);
        if (!(AGGREGATE_FNS as readonly string[]).includes(fn)) {
          throw new FormulaError(
            `unknown function '${name}'; aggregates are ${AGGREGATE_FNS.join(', ')}, and rolling(kpi, 3 months) and cumulative(kpi) read a KPI over a window`,
            t.pos,
          );
        }
        return this.aggregate(fn as AggregateFn, t.pos);
      }
      if (name.toLowerCase() === 'period_days') return { kind: 'period_days', pos: t.pos };
      if (KEYWORDS.has(name.toLowerCase())) throw this.unexpected(t, 'expected a number, KPI or aggregate');
      if (this.isOp('.')) {
        throw new FormulaError(
          `'${name}.${describe(this.peek(1))}' must be inside an aggregate, e.g. sum(${name}.${describe(this.peek(1))})`,
          t.pos,
        );
      }
      if (this.isOp('[')) return { kind: 'kpi', id: name, offset: this.offset(), pos: t.pos };
      return { kind: 'kpi', id: name, pos: t.pos };
    }
    throw this.unexpected(t, 'expected a number, KPI or aggregate');
  }

  /** `[prev]`, `[prev:3]` (or `[prev3]`), `[yoy]`, `[yoy:2]`: the offset of a KPI reference, `[` next. */
  private offset(): Offset {
    this.next();
    const off = this.next();
    const word = off.kind === 'ident' ? /^(prev|yoy)(\d*)$/i.exec(off.text) : null;
    if (!word) throw this.unexpected(off, "expected 'prev' or 'yoy' in the offset: [prev], [prev:3] (three periods back), [yoy]");
    const kind = word[1].toLowerCase() as 'prev' | 'yoy';
    let n = word[2] === '' ? 1 : Number(word[2]);
    let at = off;
    if (word[2] === '' && this.isOp(':')) {
      this.next();
      at = this.next();
      if (at.kind !== 'number') throw this.unexpected(at, `expected how many periods back, e.g. [${kind}:3]`);
      n = at.value;
    }
    if (!Number.isInteger(n) || n < 1 || n > MAX_OFFSET) {
      throw new FormulaError(`[${kind}:${at === off ? word[2] : at.text}]: give a whole number of ${kind === 'prev' ? 'periods' : 'years'} from 1 to ${MAX_OFFSET}`, at.pos);
    }
    this.expectOp(']', 'to close the offset');
    return n === 1 ? kind : `${kind}:${n}`;
  }

  /**
   * `rolling(kpi, 12 months)` and `cumulative(kpi)`: a KPI read in another window than the one evaluated (the
   * `n` units ending with its last day; its year to that day). The argument is a KPI's name, so a ratio rolls as
   * the ratio of its rolled parts; a formula to roll is a KPI of its own.
   */
  private window(fn: 'rolling' | 'cumulative', pos: Pos): Expr {
    this.expectOp('(', `after ${fn}`);
    const k = this.next();
    const example = fn === 'rolling' ? 'rolling(revenue, 12 months)' : 'cumulative(revenue)';
    if (k.kind !== 'ident' || KEYWORDS.has(k.text.toLowerCase()) || this.isOp('(') || this.isOp('[') || this.isOp('.')) {
      throw new FormulaError(
        `${fn} reads a KPI by its name, e.g. ${example}; to ${fn === 'rolling' ? 'roll' : 'accumulate'} a formula or an offset, make it a KPI of its own and name that`,
        k.pos,
      );
    }
    if (fn === 'cumulative') {
      this.expectOp(')', 'to close cumulative(');
      return { kind: 'kpi', id: k.text, offset: 'cumulative', pos };
    }
    this.expectOp(',', 'after the KPI, then the window, e.g. rolling(revenue, 12 months)');
    const n = this.next();
    if (n.kind !== 'number' || !Number.isInteger(n.value) || n.value < 1 || n.value > MAX_OFFSET) {
      throw this.unexpected(n, `expected a whole number of days, weeks, months, quarters or years from 1 to ${MAX_OFFSET}, e.g. rolling(${k.text}, 12 months)`);
    }
    const u = this.next();
    const unit = u.kind === 'ident' ? ROLL_UNITS[u.text.toLowerCase()] : undefined;
    if (!unit) throw this.unexpected(u, `expected the unit of the window: days, weeks, months, quarters or years, e.g. rolling(${k.text}, ${n.value} months)`);
    this.expectOp(')', 'to close rolling(');
    return { kind: 'kpi', id: k.text, offset: `rolling:${n.value}:${unit}`, pos };
  }

  private aggregate(fn: AggregateFn, pos: Pos): Aggregate {
    this.expectOp('(', `after ${fn}`);
    this.aggSource = undefined;
    let arg: RowExpr | undefined;
    let q: number | undefined;
    if (fn === 'count') {
      const src = this.next();
      if (src.kind !== 'ident') throw this.unexpected(src, 'expected a source name, e.g. count(tickets)');
      if (this.isOp('.')) {
        throw new FormulaError(
          `count takes a source, not a field: write count(${src.text} where ${describe(this.peek(1))} is not empty)`,
          src.pos,
        );
      }
      this.aggSource = { name: src.text, pos: src.pos };
    } else {
      arg = this.rowExpr();
      if (fn === 'percentile') {
        this.expectOp(',', 'before the percentile fraction, e.g. percentile(tickets.x, 0.9)');
        const qt = this.next();
        if ((qt.kind !== 'number' && qt.kind !== 'percent') || qt.value < 0 || qt.value > 1) {
          throw this.unexpected(qt, 'expected a fraction between 0 and 1');
        }
        q = qt.value;
      }
    }
    let where: Cond | undefined;
    if (this.isWord('where')) {
      this.next();
      where = this.cond();
    }
    this.expectOp(')', `to close ${fn}(`);
    const source = this.aggSource as { name: string; pos: Pos } | undefined;
    if (!source) {
      throw new FormulaError(`${fn} needs a source: write ${fn}(source.field), e.g. ${fn}(sales.revenue)`, pos);
    }
    this.aggSource = undefined;
    return { kind: 'aggregate', fn, source: source.name, sourcePos: source.pos, arg, q, where, pos };
  }

  // rowexpr := rterm (('+'|'-') rterm)*;  rterm := runary (('*'|'/') runary)*
  private rowExpr(): RowExpr {
    return this.binary(() => this.binary(() => this.rowUnary(), ['*', '/']), ['+', '-']);
  }

  private rowUnary(): RowExpr {
    if (this.isOp('-')) {
      const op = this.next();
      this.enter(op.pos);
      const arg = this.rowUnary();
      this.leave();
      return { kind: 'neg', arg, pos: op.pos };
    }
    return this.rowPrimary();
  }

  private rowPrimary(): RowExpr {
    const t = this.peek();
    if (t.kind === 'number' || t.kind === 'percent') {
      this.next();
      return { kind: 'number', value: t.value, pos: t.pos };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next();
      this.enter(t.pos);
      const inner = this.rowExpr();
      this.expectOp(')', 'to close the parenthesis');
      this.leave();
      return inner;
    }
    if (t.kind === 'ident' && this.isOp('(', 1)) {
      const fn = ROW_FNS.find((f) => f === t.text.toLowerCase());
      if (fn === undefined) {
        throw new FormulaError(`unknown function '${t.text}' inside an aggregate; row functions are days, hours, business_hours, business_days and workdays`, t.pos);
      }
      this.next();
      this.next();
      this.enter(t.pos);
      const a = this.rowExpr();
      this.expectOp(',', `between the two dates of ${fn}(a, b)`);
      const b = this.rowExpr();
      this.expectOp(')', `to close ${fn}(`);
      this.leave();
      return { kind: 'call', fn, a, b, pos: t.pos };
    }
    return this.fieldRef();
  }

  private fieldRef(): FieldRef {
    const t = this.next();
    if (t.kind === 'quoted') return this.noteField({ kind: 'field', name: t.text, quoted: true, pos: t.pos });
    if (t.kind !== 'ident' || KEYWORDS.has(t.text.toLowerCase())) {
      throw this.unexpected(t, 'expected a field');
    }
    if (this.isOp('.')) {
      this.next();
      const f = this.next();
      if (f.kind !== 'ident' && f.kind !== 'quoted') throw this.unexpected(f, `expected a field of ${t.text}`);
      return this.noteField({
        kind: 'field',
        name: f.text,
        quoted: f.kind === 'quoted',
        source: t.text,
        pos: f.pos,
      }, t.pos);
    }
    return this.noteField({ kind: 'field', name: t.text, quoted: false, pos: t.pos });
  }

  /** Records the aggregate's source from the first qualified field and rejects a second, different one. */
  private noteField(field: FieldRef, sourcePos?: Pos): FieldRef {
    if (field.source !== undefined) {
      if (!this.aggSource) this.aggSource = { name: field.source, pos: sourcePos ?? field.pos };
      else if (this.aggSource.name !== field.source) {
        throw new FormulaError(
          `an aggregate reads one source: '${field.source}' differs from '${this.aggSource.name}'; combine two aggregates instead`,
          sourcePos ?? field.pos,
        );
      }
    }
    return field;
  }

  // cond := and ('or' and)*
  private cond(): Cond {
    let left = this.andCond();
    while (this.isWord('or')) {
      const op = this.next();
      left = { kind: 'or', left, right: this.andCond(), pos: op.pos };
    }
    return left;
  }

  private andCond(): Cond {
    let left = this.notCond();
    while (this.isWord('and')) {
      const op = this.next();
      left = { kind: 'and', left, right: this.notCond(), pos: op.pos };
    }
    return left;
  }

  private notCond(): Cond {
    if (this.isWord('not')) {
      const op = this.next();
      this.enter(op.pos);
      const arg = this.notCond();
      this.leave();
      return { kind: 'not', arg, pos: op.pos };
    }
    return this.condAtom();
  }

  private condAtom(): Cond {
    if (this.isOp('(')) {
      // Either a parenthesised condition or a parenthesised row expression being compared.
      const save = this.i;
      const savedSource = this.aggSource;
      const savedDepth = this.depth;
      try {
        this.enter(this.next().pos);
        const inner = this.cond();
        this.expectOp(')', 'to close the parenthesis');
        this.leave();
        return inner;
      } catch (err) {
        this.i = save;
        this.aggSource = savedSource;
        this.depth = savedDepth;
        if (!(err instanceof FormulaError)) throw err;
      }
    }
    const left = this.rowExpr();
    const t = this.peek();
    if (this.isWord('is')) {
      this.next();
      const negated = this.isWord('not');
      if (negated) this.next();
      const e = this.next();
      if (e.kind !== 'ident' || e.text.toLowerCase() !== 'empty') throw this.unexpected(e, "expected 'empty'");
      return { kind: 'empty', field: this.asField(left, 'is empty'), negated, pos: t.pos };
    }
    if (this.isWord('in') || (this.isWord('not') && this.isWord('in', 1))) {
      const negated = this.isWord('not');
      if (negated) this.next();
      this.next();
      this.expectOp('(', "after 'in'");
      const values: Value[] = [this.value()];
      while (this.isOp(',')) {
        this.next();
        values.push(this.value());
      }
      this.expectOp(')', "to close the 'in' list");
      const cond: Cond = { kind: 'in', field: this.asField(left, 'in (…)'), values, pos: t.pos };
      return negated ? { kind: 'not', arg: cond, pos: t.pos } : cond;
    }
    if (t.kind === 'op' && COMPARE_OPS.includes(t.text)) {
      this.next();
      return { kind: 'compare', op: t.text as CompareOp, left, right: this.value(), pos: t.pos };
    }
    throw this.unexpected(t, "expected a comparison (=, !=, <, <=, >, >=), 'in' or 'is empty'");
  }

  private asField(expr: RowExpr, what: string): FieldRef {
    if (expr.kind !== 'field') throw new FormulaError(`'${what}' applies to a field`, expr.pos);
    return expr;
  }

  private value(): Value {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'text', value: t.text, pos: t.pos };
      case 'number':
      case 'percent':
        return { kind: 'number', value: t.value, pos: t.pos };
      case 'date':
        return { kind: 'date', day: t.value, pos: t.pos };
      case 'op':
        if (t.text === '-') {
          const n = this.next();
          if (n.kind === 'number' || n.kind === 'percent') return { kind: 'number', value: -n.value, pos: t.pos };
          throw this.unexpected(n, 'expected a number after -');
        }
        break;
      case 'ident': {
        const w = t.text.toLowerCase();
        if (w === 'period_start' || w === 'period_end') return { kind: w, pos: t.pos };
        if (KEYWORDS.has(w)) throw this.unexpected(t, 'expected a value ("text", number, 2026-01-31, period_start, period_end or a field)');
        // Another field of the row (`paid > due`); text values are quoted ("won").
        this.i--;
        return { kind: 'field', field: this.fieldRef(), pos: t.pos };
      }
      case 'quoted':
        this.i--;
        return { kind: 'field', field: this.fieldRef(), pos: t.pos };
      default:
        break;
    }
    throw this.unexpected(t, 'expected a value ("text", number, 2026-01-31, period_start or period_end)');
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of formula';
    case 'string':
      return `"${t.text}"`;
    case 'quoted':
      return `\`${t.text}\``;
    default:
      return t.text;
  }
}
