// parseFormula (SPEC §4) on every construct, its errors with exact line:col, and a print → parse round trip.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormula } from '../../src/formula/parser.js';
import { printExpr } from '../../src/formula/print.js';
import { FormulaError } from '../../src/formula/formula-error.js';
import type { Aggregate, AggregateFn, Cond, Expr, FieldRef, Offset, RowExpr, Value } from '../../src/formula/ast.js';

// ---------------------------------------------------------------------------------------------
// Helpers: trees without positions, written by hand.

/** Deep copy without `pos`/`sourcePos` and without keys whose value is undefined. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'pos' || k === 'sourcePos' || v === undefined) continue;
      out[k] = strip(v);
    }
    return out;
  }
  return node;
}
const parsed = (text: string): unknown => strip(parseFormula(text));

const num = (value: number) => ({ kind: 'number', value });
const kpi = (id: string, offset?: Offset) => (offset ? { kind: 'kpi', id, offset } : { kind: 'kpi', id });
const neg = (arg: unknown) => ({ kind: 'neg', arg });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'binary', op, left, right });
const fld = (name: string, source?: string, quoted = false) =>
  source === undefined ? { kind: 'field', name, quoted } : { kind: 'field', name, quoted, source };
const agg = (fn: string, source: string, arg?: unknown, where?: unknown, q?: number) => {
  const out: Record<string, unknown> = { kind: 'aggregate', fn, source };
  if (arg !== undefined) out.arg = arg;
  if (q !== undefined) out.q = q;
  if (where !== undefined) out.where = where;
  return out;
};
const cmp = (left: unknown, op: string, right: unknown) => ({ kind: 'compare', op, left, right });
const text = (value: string) => ({ kind: 'text', value });
const vnum = (value: number) => ({ kind: 'number', value });

/** The FormulaError thrown by parsing `src`. */
function errorOf(src: string): FormulaError {
  try {
    parseFormula(src);
  } catch (err) {
    if (err instanceof FormulaError) return err;
    throw new Error(`expected a FormulaError, got ${String(err)}`);
  }
  throw new Error(`expected '${src}' to fail`);
}

// ---------------------------------------------------------------------------------------------

describe('parseFormula: KPI-level expressions', () => {
  it('reads numbers, underscores, leading-dot and exponent forms', () => {
    expect(parsed('42')).toEqual(num(42));
    expect(parsed('1_200_000')).toEqual(num(1200000));
    expect(parsed('.5')).toEqual(num(0.5));
    expect(parsed('2.25')).toEqual(num(2.25));
    expect(parsed('1e3')).toEqual(num(1000));
  });

  it('reads percent literals as fractions', () => {
    expect(parsed('40%')).toEqual(num(0.4));
    expect(parsed('12.5%')).toEqual(num(0.125));
    expect(parsed('100%')).toEqual(num(1));
    // 1.1/100 in floating point is 0.011000000000000001; the literal must be exactly 0.011.
    expect(parsed('1.1%')).toEqual(num(0.011));
    expect(parsed('0.7%')).toEqual(num(0.007));
  });

  it('reads KPI references and their offsets', () => {
    expect(parsed('revenue')).toEqual(kpi('revenue'));
    expect(parsed('revenue[prev]')).toEqual(kpi('revenue', 'prev'));
    expect(parsed('revenue[yoy]')).toEqual(kpi('revenue', 'yoy'));
    expect(parsed('revenue[YOY]')).toEqual(kpi('revenue', 'yoy'));
    expect(parsed('omsetning_år')).toEqual(kpi('omsetning_år'));
  });

  it('reads offsets of several periods, rolling windows and cumulative figures', () => {
    expect(parsed('revenue[prev:3]')).toEqual(kpi('revenue', 'prev:3'));
    expect(parsed('revenue[ prev : 3 ]')).toEqual(kpi('revenue', 'prev:3'));
    expect(parsed('revenue[prev3]')).toEqual(kpi('revenue', 'prev:3'));
    // One period back is [prev], however written: the same window, the same cache key.
    expect(parsed('revenue[prev:1]')).toEqual(kpi('revenue', 'prev'));
    expect(parsed('revenue[yoy:2]')).toEqual(kpi('revenue', 'yoy:2'));
    expect(parsed('rolling(revenue, 12 months)')).toEqual(kpi('revenue', 'rolling:12:month'));
    expect(parsed('ROLLING(win_rate, 1 quarter)')).toEqual(kpi('win_rate', 'rolling:1:quarter'));
    expect(parsed('rolling(revenue, 90 days) / 90')).toEqual(bin('/', kpi('revenue', 'rolling:90:day'), num(90)));
    expect(parsed('rolling(revenue, 4 weeks)')).toEqual(kpi('revenue', 'rolling:4:week'));
    expect(parsed('rolling(revenue, 2 years)')).toEqual(kpi('revenue', 'rolling:2:year'));
    expect(parsed('cumulative(revenue)')).toEqual(kpi('revenue', 'cumulative'));
    expect(printExpr(parseFormula('rolling(revenue,3 month) - cumulative(cost) + revenue[prev:2]'))).toBe(
      'rolling(revenue, 3 months) - cumulative(cost) + revenue[prev:2]',
    );
  });

  it('says what an offset, a rolling window or a cumulative figure takes', () => {
    expect(errorOf('revenue[prev:0]').message).toMatch(/\[prev:0\]: give a whole number of periods from 1 to 1000/);
    expect(errorOf('revenue[prev:1.5]').message).toMatch(/whole number/);
    expect(errorOf('revenue[prev:]').message).toMatch(/how many periods back, e.g. \[prev:3\]/);
    expect(errorOf('rolling(revenue, 12)').message).toMatch(/unit of the window: days, weeks, months, quarters or years/);
    expect(errorOf('rolling(revenue, 12 fortnights)').pos).toEqual({ line: 1, col: 21 });
    expect(errorOf('rolling(revenue)').message).toMatch(/after the KPI, then the window/);
    expect(errorOf('rolling(sum(sales.revenue), 3 months)').message).toMatch(/reads a KPI by its name.*make it a KPI of its own/);
    expect(errorOf('rolling(revenue[prev], 3 months)').message).toMatch(/reads a KPI by its name/);
    expect(errorOf('cumulative(revenue, 3 months)').message).toMatch(/to close cumulative/);
    expect(errorOf('rolling(revenue, 0 months)').message).toMatch(/from 1 to 1000/);
  });

  it('gives * and / precedence over + and -, left-associative', () => {
    expect(parsed('a - b * c')).toEqual(bin('-', kpi('a'), bin('*', kpi('b'), kpi('c'))));
    expect(parsed('a * b - c')).toEqual(bin('-', bin('*', kpi('a'), kpi('b')), kpi('c')));
    expect(parsed('a - b - c')).toEqual(bin('-', bin('-', kpi('a'), kpi('b')), kpi('c')));
    expect(parsed('a / b / c')).toEqual(bin('/', bin('/', kpi('a'), kpi('b')), kpi('c')));
    expect(parsed('(a - b) * c')).toEqual(bin('*', bin('-', kpi('a'), kpi('b')), kpi('c')));
    expect(parsed('a - (b - c)')).toEqual(bin('-', kpi('a'), bin('-', kpi('b'), kpi('c'))));
  });

  it('reads unary minus tighter than * and a redundant unary plus', () => {
    expect(parsed('-a * b')).toEqual(bin('*', neg(kpi('a')), kpi('b')));
    expect(parsed('-(a * b)')).toEqual(neg(bin('*', kpi('a'), kpi('b'))));
    expect(parsed('2 * -x')).toEqual(bin('*', num(2), neg(kpi('x'))));
    expect(parsed('--x')).toEqual(neg(neg(kpi('x'))));
    expect(parsed('+x')).toEqual(kpi('x'));
  });

  it('combines KPIs, offsets and constants', () => {
    expect(parsed('revenue / revenue[prev] - 1')).toEqual(
      bin('-', bin('/', kpi('revenue'), kpi('revenue', 'prev')), num(1)),
    );
    expect(parsed('revenue * 40%')).toEqual(bin('*', kpi('revenue'), num(0.4)));
  });

  it('ignores spaces, tabs and line breaks', () => {
    expect(parsed('  a\t+\r\n   b  ')).toEqual(bin('+', kpi('a'), kpi('b')));
  });
});

describe('parseFormula: aggregates', () => {
  it('reads sum/avg/min/max/median/count_distinct over source.field', () => {
    for (const fn of ['sum', 'avg', 'min', 'max', 'median', 'count_distinct']) {
      expect(parsed(`${fn}(sales.revenue)`)).toEqual(agg(fn, 'sales', fld('revenue', 'sales')));
    }
    // Function names are case-insensitive.
    expect(parsed('SUM(sales.revenue)')).toEqual(agg('sum', 'sales', fld('revenue', 'sales')));
  });

  it('records the aggregate position and the source position', () => {
    const e = parseFormula('1 + sum(sales.revenue)') as Extract<Expr, { kind: 'binary' }>;
    const a = e.right as Aggregate;
    expect(a.pos).toEqual({ line: 1, col: 5 });
    expect(a.sourcePos).toEqual({ line: 1, col: 9 });
    expect((a.arg as FieldRef).pos).toEqual({ line: 1, col: 15 });
  });

  it('reads count(source) with and without a condition', () => {
    expect(parsed('count(deals)')).toEqual(agg('count', 'deals'));
    expect(parsed('count(deals where status = "won")')).toEqual(
      agg('count', 'deals', undefined, cmp(fld('status'), '=', text('won'))),
    );
  });

  it('reads percentile with a fraction (or a percent) and an optional condition', () => {
    expect(parsed('percentile(tickets.resolution_hours, 0.9)')).toEqual(
      agg('percentile', 'tickets', fld('resolution_hours', 'tickets'), undefined, 0.9),
    );
    expect(parsed('percentile(tickets.x, 0.9 where channel = "email")')).toEqual(
      agg('percentile', 'tickets', fld('x', 'tickets'), cmp(fld('channel'), '=', text('email')), 0.9),
    );
    expect(parsed('percentile(tickets.x, 95%)')).toEqual(agg('percentile', 'tickets', fld('x', 'tickets'), undefined, 0.95));
    expect(parsed('percentile(tickets.x, 0)')).toEqual(agg('percentile', 'tickets', fld('x', 'tickets'), undefined, 0));
    expect(parsed('percentile(tickets.x, 1)')).toEqual(agg('percentile', 'tickets', fld('x', 'tickets'), undefined, 1));
  });

  it('reads row arithmetic with precedence inside an aggregate', () => {
    expect(parsed('sum(sales.revenue - cost)')).toEqual(
      agg('sum', 'sales', bin('-', fld('revenue', 'sales'), fld('cost'))),
    );
    expect(parsed('sum(sales.revenue - sales.cost * 2)')).toEqual(
      agg('sum', 'sales', bin('-', fld('revenue', 'sales'), bin('*', fld('cost', 'sales'), num(2)))),
    );
    expect(parsed('sum((sales.revenue - cost) / quantity)')).toEqual(
      agg('sum', 'sales', bin('/', bin('-', fld('revenue', 'sales'), fld('cost')), fld('quantity'))),
    );
    expect(parsed('sum(-sales.revenue)')).toEqual(agg('sum', 'sales', neg(fld('revenue', 'sales'))));
    expect(parsed('sum(2 * sales.quantity)')).toEqual(agg('sum', 'sales', bin('*', num(2), fld('quantity', 'sales'))));
  });

  it('reads days(a, b) and hours(a, b)', () => {
    expect(parsed('avg(days(invoices.issued, paid))')).toEqual(
      agg('avg', 'invoices', { kind: 'call', fn: 'days', a: fld('issued', 'invoices'), b: fld('paid') }),
    );
    expect(parsed('median(hours(tickets.created, tickets.first_response))')).toEqual(
      agg('median', 'tickets', {
        kind: 'call',
        fn: 'hours',
        a: fld('created', 'tickets'),
        b: fld('first_response', 'tickets'),
      }),
    );
    expect(parsed('avg(days(invoices.issued, paid) - 30)')).toEqual(
      agg('avg', 'invoices', bin('-', { kind: 'call', fn: 'days', a: fld('issued', 'invoices'), b: fld('paid') }, num(30))),
    );
  });

  it('reads backtick field names as exact headers', () => {
    expect(parsed('sum(sales.`Order Amount`)')).toEqual(agg('sum', 'sales', fld('Order Amount', 'sales', true)));
    expect(parsed('count(sales where `Order Date` >= 2026-01-01)')).toEqual(
      agg('count', 'sales', undefined, cmp(fld('Order Date', undefined, true), '>=', { kind: 'date', day: 20454 })),
    );
  });

  it('reads the spec example', () => {
    expect(parsed('sum(sales.revenue where segment = "Enterprise") / revenue')).toEqual(
      bin('/', agg('sum', 'sales', fld('revenue', 'sales'), cmp(fld('segment'), '=', text('Enterprise'))), kpi('revenue')),
    );
  });
});

describe('parseFormula: where conditions', () => {
  const where = (cond: string): unknown => (parsed(`count(deals where ${cond})`) as { where: unknown }).where;

  it('reads every comparison operator, with <> and == as aliases', () => {
    for (const op of ['=', '!=', '<', '<=', '>', '>=']) {
      expect(where(`amount ${op} 100`)).toEqual(cmp(fld('amount'), op, vnum(100)));
    }
    expect(where('amount <> 1')).toEqual(cmp(fld('amount'), '!=', vnum(1)));
    expect(where('amount == 1')).toEqual(cmp(fld('amount'), '=', vnum(1)));
  });

  it('reads text (double or single quoted, with escapes), numbers, negative numbers and percents', () => {
    expect(where('stage = "Closed won"')).toEqual(cmp(fld('stage'), '=', text('Closed won')));
    expect(where("stage = 'Closed won'")).toEqual(cmp(fld('stage'), '=', text('Closed won')));
    expect(where('stage = "say \\"hi\\""')).toEqual(cmp(fld('stage'), '=', text('say "hi"')));
    expect(where('amount > -5')).toEqual(cmp(fld('amount'), '>', vnum(-5)));
    expect(where('discount >= 12.5%')).toEqual(cmp(fld('discount'), '>=', vnum(0.125)));
  });

  it('reads date literals as days since 1970-01-01', () => {
    // 2026-01-01: 56 years after 1970 with 14 leap days (1972 … 2024) = 20454; January 31 is 30 days later.
    expect(where('closed < 2026-01-31')).toEqual(cmp(fld('closed'), '<', { kind: 'date', day: 20484 }));
    expect(where('closed = 1970-01-01')).toEqual(cmp(fld('closed'), '=', { kind: 'date', day: 0 }));
    expect(where('closed = 2024-02-29')).toEqual(cmp(fld('closed'), '=', { kind: 'date', day: 19782 }));
    expect(where('closed = 1969-12-31')).toEqual(cmp(fld('closed'), '=', { kind: 'date', day: -1 }));
  });

  it('reads a date literal in the years 0–99 as the year written, not 19xx', () => {
    // Date.UTC maps the years 0–99 to 1900–1999; the literal is the year written, as `--period 0050-03` is.
    // Expected days from Python's proleptic Gregorian calendar: (date(26,1,31) - date(1970,1,1)).days = -710001,
    // date(99,1,1) → -683368, date(4,2,29) → -718008 (4 is a leap year); 0000-01-01 is 366 days (year 0 is a leap
    // year) before date(1,1,1) → -719162 - 366 = -719528.
    expect(where('closed < 0026-01-31')).toEqual(cmp(fld('closed'), '<', { kind: 'date', day: -710001 }));
    expect(where('closed < 0099-01-01')).toEqual(cmp(fld('closed'), '<', { kind: 'date', day: -683368 }));
    expect(where('closed = 0004-02-29')).toEqual(cmp(fld('closed'), '=', { kind: 'date', day: -718008 }));
    expect(where('closed = 0000-01-01')).toEqual(cmp(fld('closed'), '=', { kind: 'date', day: -719528 }));
    expect(() => parseFormula('count(deals where closed < 0003-02-29)')).toThrow(/not a calendar date/);
    expect(() => parseFormula('count(deals where closed < 0026-13-01)')).toThrow(/not a calendar date/);
  });

  it('reads period_start and period_end', () => {
    expect(where('closed >= period_start and closed <= period_end')).toEqual({
      kind: 'and',
      left: cmp(fld('closed'), '>=', { kind: 'period_start' }),
      right: cmp(fld('closed'), '<=', { kind: 'period_end' }),
    });
  });

  it('reads in (…) and not in (…)', () => {
    expect(where('segment in ("SMB", "Mid-market")')).toEqual({
      kind: 'in',
      field: fld('segment'),
      values: [text('SMB'), text('Mid-market')],
    });
    expect(where('amount in (1, 2, 2026-01-01)')).toEqual({
      kind: 'in',
      field: fld('amount'),
      values: [vnum(1), vnum(2), { kind: 'date', day: 20454 }],
    });
    expect(where('segment not in ("SMB")')).toEqual({
      kind: 'not',
      arg: { kind: 'in', field: fld('segment'), values: [text('SMB')] },
    });
  });

  it('reads is empty and is not empty', () => {
    expect(where('closed is empty')).toEqual({ kind: 'empty', field: fld('closed'), negated: false });
    expect(where('closed is not empty')).toEqual({ kind: 'empty', field: fld('closed'), negated: true });
    expect(where('deals.closed IS NOT EMPTY')).toEqual({ kind: 'empty', field: fld('closed', 'deals'), negated: true });
  });

  it('gives not > and > or, and honours parentheses', () => {
    const a = cmp(fld('a'), '=', vnum(1));
    const b = cmp(fld('b'), '=', vnum(2));
    const c = cmp(fld('c'), '=', vnum(3));
    expect(where('a = 1 or b = 2 and c = 3')).toEqual({ kind: 'or', left: a, right: { kind: 'and', left: b, right: c } });
    expect(where('a = 1 and b = 2 or c = 3')).toEqual({ kind: 'or', left: { kind: 'and', left: a, right: b }, right: c });
    expect(where('(a = 1 or b = 2) and c = 3')).toEqual({ kind: 'and', left: { kind: 'or', left: a, right: b }, right: c });
    expect(where('not a = 1 and b = 2')).toEqual({ kind: 'and', left: { kind: 'not', arg: a }, right: b });
    expect(where('not (a = 1 and b = 2)')).toEqual({ kind: 'not', arg: { kind: 'and', left: a, right: b } });
    expect(where('a = 1 and (b = 2 or not c = 3)')).toEqual({
      kind: 'and',
      left: a,
      right: { kind: 'or', left: b, right: { kind: 'not', arg: c } },
    });
    expect(where('a = 1 or b = 2 or c = 3')).toEqual({ kind: 'or', left: { kind: 'or', left: a, right: b }, right: c });
  });

  it('compares parenthesised row expressions', () => {
    expect(where('(amount - cost) * 2 > 10')).toEqual(
      cmp(bin('*', bin('-', fld('amount'), fld('cost')), num(2)), '>', vnum(10)),
    );
    expect(where('((amount) > 10)')).toEqual(cmp(fld('amount'), '>', vnum(10)));
    expect(where('days(created, closed) <= 30')).toEqual(
      cmp({ kind: 'call', fn: 'days', a: fld('created'), b: fld('closed') }, '<=', vnum(30)),
    );
  });

  it('takes the source from a qualified field in the condition', () => {
    expect(parsed('sum(1 where sales.segment = "SMB")')).toEqual(
      agg('sum', 'sales', num(1), cmp(fld('segment', 'sales'), '=', text('SMB'))),
    );
  });
});

describe('parseFormula: errors with line:col', () => {
  const cases: { src: string; line: number; col: number; message: RegExp }[] = [
    { src: 'foo(sales.x)', line: 1, col: 1, message: /unknown function 'foo'/ },
    { src: 'revenue + sumx(sales.x)', line: 1, col: 11, message: /unknown function 'sumx'/ },
    { src: 'sum(sales.foo(x))', line: 1, col: 14, message: /expected '\)' to close sum\(, found '\('/ },
    { src: 'avg(weeks(tickets.a, b))', line: 1, col: 5, message: /unknown function 'weeks' inside an aggregate/ },
    { src: 'count(deals where status = "won)', line: 1, col: 28, message: /unterminated string/ },
    { src: "count(deals where status = 'won)", line: 1, col: 28, message: /unterminated string/ },
    { src: 'sum(sales.`Order Amount)', line: 1, col: 11, message: /unterminated backtick/ },
    { src: 'sum(sales.revenue', line: 1, col: 18, message: /expected '\)' to close sum\(, found end of formula/ },
    { src: '(revenue + cost', line: 1, col: 16, message: /expected '\)'.*end of formula/ },
    { src: 'sum(sales.revenue where a = 1', line: 1, col: 30, message: /expected '\)'/ },
    { src: 'sum(sales.revenue where deals.status = "won")', line: 1, col: 25, message: /one source.*'deals'.*'sales'/ },
    { src: 'sum(sales.revenue - deals.amount)', line: 1, col: 21, message: /one source/ },
    { src: 'count(sales where deals.x = 1)', line: 1, col: 19, message: /one source/ },
    { src: 'sum(1)', line: 1, col: 1, message: /sum needs a source/ },
    { src: '2 * avg(1 + 2)', line: 1, col: 5, message: /avg needs a source/ },
    { src: 'sum(revenue)', line: 1, col: 1, message: /needs a source/ },
    { src: 'sales.revenue / 2', line: 1, col: 1, message: /must be inside an aggregate/ },
    { src: 'revenue - sales.cost', line: 1, col: 11, message: /'sales\.cost' must be inside an aggregate/ },
    { src: 'count(deals.id)', line: 1, col: 7, message: /count takes a source, not a field/ },
    { src: 'percentile(tickets.x, 1.5)', line: 1, col: 23, message: /fraction between 0 and 1/ },
    { src: 'percentile(tickets.x)', line: 1, col: 21, message: /expected ','/ },
    { src: 'count(invoices where due < 2026-02-30)', line: 1, col: 28, message: /not a calendar date/ },
    { src: 'revenue cost', line: 1, col: 9, message: /expected an operator or the end of the formula, found 'cost'/ },
    { src: 'revenue $ 2', line: 1, col: 9, message: /unexpected character '\$'/ },
    { src: 'revenue[last]', line: 1, col: 9, message: /'prev' or 'yoy'/ },
    { src: 'revenue +', line: 1, col: 10, message: /expected a number, KPI or aggregate, found end of formula/ },
    { src: 'count(deals where segment = where)', line: 1, col: 29, message: /expected a value/ },
    { src: 'count(deals where segment)', line: 1, col: 26, message: /expected a comparison/ },
    { src: 'count(deals where amount + 1 is empty)', line: 1, col: 26, message: /applies to a field/ },
    // Line and column count from the start of the line the problem is on.
    { src: 'sum(sales.revenue)\n  / sum(sales.cst', line: 2, col: 18, message: /expected '\)'/ },
    { src: 'revenue\n  -\n    avgg(sales.x)', line: 3, col: 5, message: /unknown function 'avgg'/ },
    { src: 'revenue\r\n  - foo(x)', line: 2, col: 5, message: /unknown function 'foo'/ },
    { src: 'count(deals\n  where status = "won\n  and x = 1)', line: 2, col: 18, message: /unterminated string/ },
    { src: 'sum(sales.revenue\n    where deals.status = "won")', line: 2, col: 11, message: /one source/ },
    { src: '\trevenue $', line: 1, col: 10, message: /unexpected character/ },
  ];

  for (const { src, line, col, message } of cases) {
    it(`${JSON.stringify(src)} → ${line}:${col}`, () => {
      const err = errorOf(src);
      expect(err.pos).toEqual({ line, col });
      expect(err.message).toMatch(message);
      expect(err.format('my_kpi')).toBe(`my_kpi: ${line}:${col} ${err.message}`);
    });
  }

  it('formats as `id: line:col message`', () => {
    expect(errorOf('foo(sales.x)').format('win_rate')).toMatch(/^win_rate: 1:1 unknown function 'foo'/);
  });

});

// ---------------------------------------------------------------------------------------------
// Round trip: printExpr(tree) parses back to the same tree (positions aside).

const KEYWORDS = ['where', 'and', 'or', 'not', 'in', 'is', 'empty', 'period_start', 'period_end'];
const ident = fc.constantFrom('revenue', 'cost', 'x', 'win_rate', 'omsetning_år', 'Beløp', '_a1', 'sum', 'days', 'prev');
const sourceName = fc.constantFrom('sales', 'deals', 'tickets', 'kundar');
const quotedName = fc
  .array(fc.constantFrom('a', 'B', ' ', 'ø', '-', '.', '(', '"', "'", '`', '\\', '1'), { maxLength: 8 })
  .map((cs) => cs.join(''));
const textValue = fc
  .array(fc.constantFrom('a', 'Z', ' ', 'å', '"', "'", '\\', '`', '\t', ',', ')', '%', '€'), { maxLength: 8 })
  .map((cs) => cs.join(''));
const nonNegative = fc.oneof(
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.double({ min: 0, max: 1e25, noNaN: true, noDefaultInfinity: true }).map((x) => Math.abs(x)),
);
const anyNumber = fc
  .double({ min: -1e25, max: 1e25, noNaN: true, noDefaultInfinity: true })
  .map((x) => (x === 0 ? 0 : x));
const fraction = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => Math.abs(x));
const arithOp = fc.constantFrom('+', '-', '*', '/' as const);
// Days from 0000-01-01 (-719528, see above) to 9999-12-31: four-digit years, as the date literal is written.
const dayNumber = fc.integer({ min: -719528, max: Date.UTC(9999, 11, 31) / 86_400_000 });

/** A field of an aggregate over `src`: unqualified or qualified by that same source. */
function fieldArb(src: string): fc.Arbitrary<FieldRef> {
  return fc.oneof(
    fc.record({ name: ident.filter((n) => !KEYWORDS.includes(n)), q: fc.boolean() }).map(({ name, q }) =>
      q ? { kind: 'field' as const, name, quoted: false, source: src, pos: P } : { kind: 'field' as const, name, quoted: false, pos: P },
    ),
    fc.record({ name: quotedName, q: fc.boolean() }).map(({ name, q }) =>
      q ? { kind: 'field' as const, name, quoted: true, source: src, pos: P } : { kind: 'field' as const, name, quoted: true, pos: P },
    ),
  );
}
const P = { line: 0, col: 0 };

function rowArb(src: string): fc.Arbitrary<RowExpr> {
  const { row } = fc.letrec<{ row: RowExpr }>((tie) => ({
    row: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fieldArb(src),
      nonNegative.map((value): RowExpr => ({ kind: 'number', value, pos: P })),
      tie('row').map((arg): RowExpr => ({ kind: 'neg', arg, pos: P })),
      fc.record({ op: arithOp, left: tie('row'), right: tie('row') }).map(
        ({ op, left, right }): RowExpr => ({ kind: 'binary', op, left, right, pos: P }),
      ),
      fc.record({ fn: fc.constantFrom('days', 'hours' as const), a: tie('row'), b: tie('row') }).map(
        ({ fn, a, b }): RowExpr => ({ kind: 'call', fn, a, b, pos: P }),
      ),
    ),
  }));
  return row;
}

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  textValue.map((value): Value => ({ kind: 'text', value, pos: P })),
  anyNumber.map((value): Value => ({ kind: 'number', value, pos: P })),
  dayNumber.map((day): Value => ({ kind: 'date', day, pos: P })),
  fc.constantFrom<Value>({ kind: 'period_start', pos: P }, { kind: 'period_end', pos: P }),
);

function condArb(src: string): fc.Arbitrary<Cond> {
  const { cond } = fc.letrec<{ cond: Cond }>((tie) => ({
    cond: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ op: fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const), left: rowArb(src), right: valueArb }).map(
        ({ op, left, right }): Cond => ({ kind: 'compare', op, left, right, pos: P }),
      ),
      fc.record({ field: fieldArb(src), values: fc.array(valueArb, { minLength: 1, maxLength: 3 }) }).map(
        ({ field, values }): Cond => ({ kind: 'in', field, values, pos: P }),
      ),
      fc.record({ field: fieldArb(src), negated: fc.boolean() }).map(
        ({ field, negated }): Cond => ({ kind: 'empty', field, negated, pos: P }),
      ),
      fc.record({ kind: fc.constantFrom('and', 'or' as const), left: tie('cond'), right: tie('cond') }).map(
        ({ kind, left, right }): Cond => ({ kind, left, right, pos: P }),
      ),
      tie('cond').map((arg): Cond => ({ kind: 'not', arg, pos: P })),
    ),
  }));
  return cond;
}

function hasQualified(row: RowExpr | undefined, cond: Cond | undefined): boolean {
  let found = false;
  const visitRow = (e: RowExpr): void => {
    if (e.kind === 'field') found ||= e.source !== undefined;
    else if (e.kind === 'neg') visitRow(e.arg);
    else if (e.kind === 'binary') (visitRow(e.left), visitRow(e.right));
    else if (e.kind === 'call') (visitRow(e.a), visitRow(e.b));
  };
  const visitCond = (c: Cond): void => {
    if (c.kind === 'compare') visitRow(c.left);
    else if (c.kind === 'in' || c.kind === 'empty') visitRow(c.field);
    else if (c.kind === 'not') visitCond(c.arg);
    else (visitCond(c.left), visitCond(c.right));
  };
  if (row) visitRow(row);
  if (cond) visitCond(cond);
  return found;
}

const aggregateArb: fc.Arbitrary<Aggregate> = sourceName.chain((src) =>
  fc
    .record({
      fn: fc.constantFrom<AggregateFn>('sum', 'avg', 'min', 'max', 'median', 'count_distinct', 'percentile', 'count'),
      arg: rowArb(src),
      q: fraction,
      where: fc.option(condArb(src), { nil: undefined }),
    })
    .map(({ fn, arg, q, where }): Aggregate => {
      if (fn === 'count') return { kind: 'aggregate', fn, source: src, sourcePos: P, where, pos: P };
      // The parser takes an aggregate's source from a qualified field: make sure there is one.
      const a: RowExpr = hasQualified(arg, where)
        ? arg
        : { kind: 'binary', op: '*', left: { kind: 'field', name: 'n', quoted: false, source: src, pos: P }, right: arg, pos: P };
      return { kind: 'aggregate', fn, source: src, sourcePos: P, arg: a, q: fn === 'percentile' ? q : undefined, where, pos: P };
    }),
);

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nonNegative.map((value): Expr => ({ kind: 'number', value, pos: P })),
    fc.record({ id: ident, offset: fc.constantFrom<Offset | undefined>(undefined, 'prev', 'yoy', 'prev:3', 'yoy:2', 'rolling:12:month', 'rolling:1:week', 'cumulative') }).map(
      ({ id, offset }): Expr => (offset ? { kind: 'kpi', id, offset, pos: P } : { kind: 'kpi', id, pos: P }),
    ),
    aggregateArb,
    tie('expr').map((arg): Expr => ({ kind: 'neg', arg, pos: P })),
    fc.record({ op: arithOp, left: tie('expr'), right: tie('expr') }).map(
      ({ op, left, right }): Expr => ({ kind: 'binary', op, left, right, pos: P }),
    ),
  ),
})).expr;

describe('printExpr round trip', () => {
  it('prints hand-written formulas that parse back to the same tree', () => {
    const formulas = [
      'sum(sales.revenue where segment = "Enterprise") / revenue',
      'sum(sales.revenue - sales.cost - sales.discount)',
      'sum(2 * sales.quantity)',
      'sum(-sales.revenue)',
      'avg(days(invoices.issued, invoices.paid))',
      'sum(1 where sales.segment = "SMB")',
      'percentile(tickets.x, 0.9 where channel = "email" and not (a = 1 or b is empty))',
      'count(deals where a = 1 or (b = 2 or c = 3))',
      'count(deals where a = 1 and (b = 2 and c = 3))',
      'count(deals where segment not in ("a", "b") and closed <= 2026-01-31)',
      'count(deals where name = "tab\there")',
      'sum(sales.`Order \\`Amount\\``)',
      'sum(sales.`C:\\\\path`)',
      'a - (b - c) * -d / revenue[prev]',
      'count(deals where amount > -1.5e-7)',
      '1e+21 * 40%',
    ];
    for (const f of formulas) {
      const tree = parseFormula(f);
      const printed = printExpr(tree);
      expect(strip(parseFormula(printed)), `${f} → ${printed}`).toEqual(strip(tree));
    }
  });

  it('random syntax trees print to text that parses back to the same tree', () => {
    fc.assert(
      fc.property(exprArb, (tree) => {
        const printed = printExpr(tree);
        let back: Expr;
        try {
          back = parseFormula(printed);
        } catch (err) {
          throw new Error(`'${printed}' does not parse: ${String(err)}`);
        }
        expect(strip(back), printed).toEqual(strip(tree));
      }),
      { numRuns: 400 },
    );
  });

  it('printing is idempotent on parsed formulas', () => {
    fc.assert(
      fc.property(exprArb, (tree) => {
        const once = printExpr(tree);
        expect(printExpr(parseFormula(once))).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});
