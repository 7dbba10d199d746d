// parseNumber (SPEC §2 number forms): fixed examples and locale-formatting round trips checked in integer cents.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNumber, type DecimalMark } from '../../src/sources/parse-number.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

function ok(raw: string, decimal?: DecimalMark): number {
  const r = parseNumber(raw, decimal);
  if (typeof r !== 'number') throw new Error(`'${raw}' did not parse: ${r.error}`);
  return r;
}
function isError(raw: string, decimal?: DecimalMark): boolean {
  const r = parseNumber(raw, decimal);
  return typeof r === 'object' && typeof r.error === 'string' && r.error.length > 0;
}

describe('parseNumber: the forms of SPEC §2', () => {
  it('reads plain and US-grouped numbers', () => {
    expect(ok('1234.5')).toBe(1234.5);
    expect(ok('1234')).toBe(1234);
    expect(ok('0.25')).toBe(0.25);
    expect(ok('1,234.50')).toBe(1234.5);
    expect(ok('1,234,567.89')).toBe(1234567.89);
    expect(ok('  42  ')).toBe(42);
    expect(ok('+5')).toBe(5);
  });

  it('reads European decimals with space, no-break space and narrow no-break space grouping', () => {
    expect(ok('1 234,50')).toBe(1234.5);
    expect(ok(`1${NBSP}234,50`)).toBe(1234.5);
    expect(ok(`1${NNBSP}234,50`)).toBe(1234.5);
    expect(ok(`12${NBSP}345${NBSP}678,09`)).toBe(12345678.09);
    expect(ok('1.234,50')).toBe(1234.5);
    expect(ok('1.234.567,89')).toBe(1234567.89);
    expect(ok('12,5')).toBe(12.5);
    expect(ok('0,05')).toBe(0.05);
    expect(ok("1'234.50")).toBe(1234.5);
  });

  it('strips currency before or after the amount', () => {
    expect(ok('kr 1 234,50')).toBe(1234.5);
    expect(ok('kr. 1 234,50')).toBe(1234.5);
    expect(ok('NOK 1 234,50')).toBe(1234.5);
    expect(ok('1 234,50 kr')).toBe(1234.5);
    expect(ok('1 234,50 NOK')).toBe(1234.5);
    expect(ok('$1,234.50')).toBe(1234.5);
    expect(ok('€ 12,50')).toBe(12.5);
    expect(ok('12,50 €')).toBe(12.5);
    expect(ok('£7.25')).toBe(7.25);
    expect(ok('USD 1,000.00')).toBe(1000);
  });

  it('reads negatives: parentheses, trailing minus, U+2212, and minus around the currency', () => {
    expect(ok('(1 234,50)')).toBe(-1234.5);
    expect(ok('($1,234.50)')).toBe(-1234.5);
    expect(ok('1234-')).toBe(-1234);
    expect(ok('1 234,50-')).toBe(-1234.5);
    expect(ok('\u22125')).toBe(-5);
    expect(ok('\u22121 234,50')).toBe(-1234.5);
    expect(ok('-1 234,50')).toBe(-1234.5);
    expect(ok('-kr 1 234,50')).toBe(-1234.5);
    expect(ok('kr -1 234,50')).toBe(-1234.5);
    expect(ok('-$1,234.50')).toBe(-1234.5);
  });

  it('reads percents as fractions', () => {
    expect(ok('12 %')).toBe(0.12);
    expect(ok('12%')).toBe(0.12);
    expect(ok('12,5 %')).toBe(0.125);
    expect(ok('-3.5%')).toBe(-0.035);
    expect(ok('(7 %)')).toBe(-0.07);
    expect(ok('1,1 %')).toBe(0.011);
    expect(ok('100 %')).toBe(1);
  });

  it('rejects what is not a number', () => {
    for (const raw of ['-', 'abc', '1,2,3', '', '   ', 'kr', '$', '()', '12abc', '1.2.3', '--5', '1 2 3,4,5', '%']) {
      expect(isError(raw), JSON.stringify(raw)).toBe(true);
    }
  });

  it('reads dot-grouped integers without a decimal part', () => {
    // "1.234.567" can only be a grouped integer: a decimal mark does not repeat.
    expect(ok('1.234.567')).toBe(1234567);
    expect(ok('1,234,567')).toBe(1234567);
  });

  it('follows an explicit decimal mark', () => {
    expect(ok('1.234', ',')).toBe(1234);
    expect(ok('1,234', ',')).toBe(1.234);
    expect(ok('1,234', '.')).toBe(1234);
    expect(ok('1.234', '.')).toBe(1.234);
    expect(ok('1.234,5', ',')).toBe(1234.5);
    expect(ok('1 234,5', ',')).toBe(1234.5);
    expect(ok('1234', ',')).toBe(1234);
    expect(ok('12,5', ',')).toBe(12.5);
    expect(ok('12.5', '.')).toBe(12.5);
    expect(ok('kr 1.234.567,00', ',')).toBe(1234567);
    // Under one mark, the other one must group by three or it is an error, not a silent 15.
    expect(isError('1,5', '.')).toBe(true);
    expect(isError('1.5', ',')).toBe(true);
    expect(isError('12.34,5', ',')).toBe(true);
    expect(isError('1,2', ',') ).toBe(false);
    expect(isError('1,2,3', ',')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: amounts written the way exports write them parse back to exactly the same cents.

type Style = {
  decimal: DecimalMark;
  thousands: string;
  prefix: string;
  suffix: string;
  negative: 'minus' | 'minus-inside' | 'parens' | 'trailing' | 'unicode';
};

const styleArb: fc.Arbitrary<Style> = fc
  .record({
    decimal: fc.constantFrom<DecimalMark>('.', ','),
    sep: fc.constantFrom('', 'other', ' ', NBSP, NNBSP),
    currency: fc.constantFrom('', 'kr ', 'kr', 'NOK ', '$', '€ ', 'USD ', ' kr', ' NOK', ' €', ' kr.'),
    negative: fc.constantFrom('minus', 'minus-inside', 'parens', 'trailing', 'unicode' as const),
  })
  .map(({ decimal, sep, currency, negative }) => {
    const isSuffix = currency.startsWith(' ');
    return {
      decimal,
      thousands: sep === 'other' ? (decimal === '.' ? ',' : '.') : sep,
      prefix: isSuffix ? '' : currency,
      suffix: isSuffix ? currency : '',
      negative,
    };
  });

/** Amounts in cents up to ±10^13 (±100 billion), biased towards small ones. */
const centsArb = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
  fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }).map(Number),
);

function group(digits: string, sep: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
    out += digits[i];
  }
  return out;
}

/** Writes `cents` in a style; `withFraction` false drops ",00" (only sensible for whole amounts). */
function write(cents: number, s: Style, withFraction = true): string {
  const abs = BigInt(Math.abs(cents));
  const whole = (abs / 100n).toString();
  const frac = (abs % 100n).toString().padStart(2, '0');
  const core = group(whole, s.thousands) + (withFraction ? `${s.decimal}${frac}` : '');
  if (cents >= 0) return `${s.prefix}${core}${s.suffix}`;
  switch (s.negative) {
    case 'minus':
      return `-${s.prefix}${core}${s.suffix}`;
    case 'minus-inside':
      return `${s.prefix}-${core}${s.suffix}`;
    case 'parens':
      return `(${s.prefix}${core}${s.suffix})`;
    case 'trailing':
      return `${s.prefix}${core}-${s.suffix}`;
    case 'unicode':
      return `\u2212${s.prefix}${core}${s.suffix}`;
  }
}

function expectCents(raw: string, value: number | { error: string }, cents: number): void {
  if (typeof value !== 'number') throw new Error(`'${raw}' did not parse: ${value.error}`);
  // Integer comparison first (the contract), then the exact double: the one nearest to cents / 100.
  expect(Math.round(value * 100) || 0, raw).toBe(cents);
  expect(value === cents / 100 || (cents === 0 && value === 0), `${raw} → ${value}, expected ${cents / 100}`).toBe(true);
}

describe('parseNumber: locale round trips (property)', () => {
  it('with two decimals, the decimal mark is recognised without being told', () => {
    fc.assert(
      fc.property(centsArb, styleArb, (cents, style) => {
        const raw = write(cents, style);
        expectCents(raw, parseNumber(raw), cents);
      }),
      { numRuns: 1500 },
    );
  });

  it('with an explicit decimal mark, every style reads back, with or without decimals', () => {
    fc.assert(
      fc.property(centsArb, styleArb, fc.boolean(), (cents, style, dropFraction) => {
        const whole = dropFraction ? cents - (cents % 100) : cents;
        const raw = write(whole, style, !dropFraction);
        expectCents(raw, parseNumber(raw, style.decimal), whole);
      }),
      { numRuns: 1500 },
    );
  });

  it('percents read back as hundredths of the written number', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.constantFrom<DecimalMark>('.', ','), fc.constantFrom('%', ' %', `${NBSP}%`), (cents, mark, pct) => {
        // cents/100 percent = cents/10000 as a fraction.
        const abs = Math.abs(cents);
        const raw = `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}${mark}${String(abs % 100).padStart(2, '0')}${pct}`;
        const v = parseNumber(raw, mark);
        expect(v, raw).toBe(cents === 0 ? v : cents / 10_000);
        if (cents === 0) expect(Math.abs(v as number)).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('a lone thousands separator not grouped by three is rejected under an explicit mark', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 99 }), (a, b) => {
        // "a,b" with b of one or two digits (or a of four-plus digits) cannot be a thousands grouping.
        const raw = `${a},${b}`;
        expect(isError(raw, '.'), raw).toBe(true);
        expect(isError(`${a}.${b}`, ','), `${a}.${b}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the fast path for plain numbers', () => {
  it('gives exactly what Number() gives for every plain decimal of up to 15 characters', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^\d{1,8}$/), fc.option(fc.stringMatching(/^\d{1,6}$/)), (neg, int, frac) => {
        const text = `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}`;
        fc.pre(text.length <= 15);
        expect(parseNumber(text)).toBe(Number(text));
        expect(parseNumber(text.replace('.', ','), ',')).toBe(Number(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('parseNumber: exponents and the range kpi reads (issue 12 item 11)', () => {
  it('reads scientific notation as Excel and databases write it, in either case, signed or not', () => {
    // 1E5 = 1 × 10^5 = 100000; 1.5e7 = 15000000; 2.5E-3 = 0.0025.
    expect(ok('1E5')).toBe(100000);
    expect(ok('1e5')).toBe(100000);
    expect(ok('1E+5')).toBe(100000);
    expect(ok('1.5e7')).toBe(15000000);
    expect(ok('1.5E+07')).toBe(15000000);
    expect(ok('2.5E-3')).toBe(0.0025);
    expect(ok('-1E3')).toBe(-1000);
    expect(ok('(1E3)')).toBe(-1000);
    // Under a decimal comma the mantissa uses the comma, as a Norwegian Excel writes it: 1,5E+07 = 15000000.
    expect(ok('1,5E+07', ',')).toBe(15000000);
    expect(ok('1,5E+07')).toBe(15000000);
  });

  it('refuses exponents after thousands separators and malformed exponents', () => {
    expect(isError('1,234E5', '.')).toBe(true);
    expect(isError('1.5E7', ',')).toBe(true);
    expect(isError('E5')).toBe(true);
    expect(isError('1E')).toBe(true);
    expect(isError('1E5E2')).toBe(true);
  });

  it('makes values beyond ±10^15 a bad value saying so, never Infinity', () => {
    for (const raw of ['1.0e308', '1e400', '-1E+15', '1000000000000000', '1,000,000,000,000,000.00']) {
      const r = parseNumber(raw);
      expect(r, raw).toEqual({ error: expect.stringMatching(/^number out of range: .* is beyond ±10\^15, the largest kpi reads$/) });
    }
    // Just below the bound: 999 999 999 999 999 (15 nines) is read as written.
    expect(ok('999999999999999')).toBe(999999999999999);
    expect(ok('9.99E14')).toBe(999000000000000);
  });
});

describe('parseNumber: spaces only as thousands separators (attacks on a fresh clone)', () => {
  it('reads groups of three parted by spaces, NBSP, thin spaces or apostrophes', () => {
    expect(parseNumber('1 234,50', ',')).toBe(1234.5);
    expect(parseNumber('12 345 678', ',')).toBe(12345678);
    expect(parseNumber('1\u00a0234\u202f567,5', ',')).toBe(1234567.5);
    expect(parseNumber("1'234.50", '.')).toBe(1234.5);
    expect(parseNumber('kr 1 234,50', ',')).toBe(1234.5);
    expect(parseNumber('1 234,50 kr', ',')).toBe(1234.5);
    expect(parseNumber('- 1 234', ',')).toBe(-1234);
    expect(parseNumber('  5  ')).toBe(5);
    expect(parseNumber('12 %')).toBe(0.12);
  });

  it('refuses a space or line break that parts no group of three (a quoted "1\\n0" read as 10)', () => {
    for (const raw of ['1 0', '1\n0', '1\r\n0', '1\t000', '1\n000', '1 2345', '12 34', '1 234,5 6', "5'"]) {
      expect(parseNumber(raw, ','), JSON.stringify(raw)).toEqual({ error: expect.stringMatching(/^not a number/) });
    }
  });
});
