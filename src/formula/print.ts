// Prints syntax trees back as formula text: canonical keys for deduplicating aggregates, and `kpi explain`.
import { offsetParts, type Cond, type Expr, type FieldRef, type Offset, type RowExpr, type Value } from './ast.js';
import { formatDay } from '../calendar/days.js';

const PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** A KPI reference as written: `revenue`, `revenue[prev:3]`, `rolling(revenue, 3 months)`, `cumulative(revenue)`. */
export function printRef(e: { id: string; offset?: Offset }): string {
  if (!e.offset) return e.id;
  const o = offsetParts(e.offset);
  if (o.kind === 'cumulative') return `cumulative(${e.id})`;
  if (o.kind === 'rolling') return `rolling(${e.id}, ${o.n} ${o.unit}${o.n === 1 ? '' : 's'})`;
  return `${e.id}[${e.offset}]`;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'period_days':
      return 'period_days';
    case 'kpi':
      return printRef(e);
    case 'neg':
      return `-${wrap(e.arg, 3, printExpr)}`;
    case 'binary':
      return `${wrap(e.left, PRECEDENCE[e.op], printExpr)} ${e.op} ${wrap(e.right, PRECEDENCE[e.op] + 1, printExpr)}`;
    case 'aggregate': {
      const where = e.where ? ` where ${printCond(e.where)}` : '';
      if (e.fn === 'count') return `count(${e.source}${where})`;
      const q = e.fn === 'percentile' ? `, ${e.q}` : '';
      // Fields print as written (`source.field` where qualified), so the parser finds the same source again.
      return `${e.fn}(${printRow(e.arg!)}${q}${where})`;
    }
  }
}

function wrap<T extends Expr | RowExpr>(e: T, min: number, print: (e: T) => string): string {
  const p = e.kind === 'binary' ? PRECEDENCE[e.op] : 3;
  return p < min ? `(${print(e)})` : print(e);
}

function fieldName(f: FieldRef): string {
  const name = f.quoted ? `\`${f.name.replace(/[`\\]/g, '\\$&')}\`` : f.name;
  return f.source !== undefined ? `${f.source}.${name}` : name;
}

export function printRow(e: RowExpr): string {
  switch (e.kind) {
    case 'field':
      return fieldName(e);
    case 'number':
      return String(e.value);
    case 'neg':
      return `-${wrap(e.arg, 3, (x) => printRow(x))}`;
    case 'binary':
      return `${wrap(e.left, PRECEDENCE[e.op], (x) => printRow(x))} ${e.op} ${wrap(e.right, PRECEDENCE[e.op] + 1, (x) => printRow(x))}`;
    case 'call':
      return `${e.fn}(${printRow(e.a)}, ${printRow(e.b)})`;
  }
}

export function printValue(v: Value): string {
  switch (v.kind) {
    case 'text':
      // The lexer reads only \" and \\ as escapes (JSON.stringify would write a tab as \t).
      return `"${v.value.replace(/["\\]/g, '\\$&')}"`;
    case 'number':
      return String(v.value);
    case 'date':
      return formatDay(v.day);
    case 'field':
      return printRow(v.field);
    default:
      return v.kind;
  }
}

export function printCond(c: Cond): string {
  switch (c.kind) {
    case 'compare':
      return `${printRow(c.left)} ${c.op} ${printValue(c.right)}`;
    case 'in':
      return `${fieldName(c.field)} in (${c.values.map(printValue).join(', ')})`;
    case 'empty':
      return `${fieldName(c.field)} is ${c.negated ? 'not ' : ''}empty`;
    case 'and':
      // and/or are left-associative: a right operand of the same kind keeps its parentheses.
      return `${c.left.kind === 'or' ? `(${printCond(c.left)})` : printCond(c.left)} and ${c.right.kind === 'or' || c.right.kind === 'and' ? `(${printCond(c.right)})` : printCond(c.right)}`;
    case 'or':
      return `${printCond(c.left)} or ${c.right.kind === 'or' ? `(${printCond(c.right)})` : printCond(c.right)}`;
    case 'not':
      return `not ${c.arg.kind === 'and' || c.arg.kind === 'or' ? `(${printCond(c.arg)})` : printCond(c.arg)}`;
  }
}
