// Column formats: null spellings (issue 11 items "Null spellings" and "NULL becomes a group").
import { describe, expect, it } from 'vitest';
import { columnFormat, NULL_VALUES, type ColumnSniff } from '../../src/sources/column-format.js';

const noSniff: ColumnSniff = { ambiguousDecimal: false, ambiguousDates: false, conflictingDates: false };

describe('null spellings', () => {
  const text = columnFormat('text', noSniff, {}, {});
  const number = columnFormat('number', noSniff, { decimal: '.' }, {});
  const date = columnFormat('date', noSniff, {}, {});

  it('reads the default spellings as empty in text, number and date columns, ignoring case and spaces', () => {
    expect(NULL_VALUES).toEqual(['NULL', '\\N', '(null)', 'N/A', '-']);
    for (const cell of ['NULL', 'null', 'Null', ' NULL ', '\\N', '(null)', 'N/A', 'n/a']) {
      expect(text.parse(cell), cell).toBeNull();
      expect(number.parse(cell), cell).toBeNull();
      expect(date.parse(cell), cell).toBeNull();
    }
    // A lone '-' is empty text and no date, but zero in a number column (accounting exports write it so).
    expect(text.parse('-')).toBeNull();
    expect(date.parse('-')).toBeNull();
    expect(number.parse('-')).toBe(0);
  });

  it('keeps words that only contain a spelling, and spreadsheet errors, as what they are', () => {
    expect(text.parse('NULLS')).toBe('NULLS');
    expect(text.parse('Nulland AS')).toBe('Nulland AS');
    expect(text.parse('N/A/B')).toBe('N/A/B');
    // #N/A is Excel's error value: an error cell (and its text in a CSV) is a failed formula, not an empty cell.
    expect(text.parse({ error: '#N/A' })).toEqual({ error: 'spreadsheet error #N/A' });
    expect(number.parse({ error: '#N/A' })).toEqual({ error: 'spreadsheet error #N/A' });
    // Its text in a CSV saved from Excel is the same bad value, in every column (a failed VLOOKUP is no group).
    for (const f of [text, number, date]) {
      expect(f.parse('#N/A')).toEqual({ error: 'spreadsheet error #N/A' });
      expect(f.parse(' #div/0! ')).toEqual({ error: 'spreadsheet error #DIV/0!' });
      expect(f.parse('#REF!')).toEqual({ error: 'spreadsheet error #REF!' });
    }
    expect(text.parse('#1 seller')).toBe('#1 seller');
    expect(text.parse('#N/A-ish')).toBe('#N/A-ish');
  });

  it('takes the list of the source instead when null_values is set; [] turns them off', () => {
    const own = columnFormat('text', noSniff, { null_values: ['tom', '?'] }, {});
    expect(own.parse('Tom')).toBeNull();
    expect(own.parse('?')).toBeNull();
    expect(own.parse('NULL')).toBe('NULL');
    const none = columnFormat('number', noSniff, { decimal: '.', null_values: [] }, {});
    expect(none.parse('N/A')).toEqual({ error: 'not a number' });
    expect(none.parse('')).toBeNull();
  });
});

describe('scores on a scale (trial4 F26)', () => {
  const csat = columnFormat('number', noSniff, { decimal: '.' }, {}, new Map([['good', '5'], ['bad', '1']]), undefined, undefined, { min: 1, max: 5 });

  it('makes a number off the field scale a bad value, naming the scale', () => {
    // A 0–10 answer mapped to csat (1–5): 7 and 0 are no answer on it; 5, 1 and 3.5 are.
    expect(csat.parse('5')).toBe(5);
    expect(csat.parse('1')).toBe(1);
    expect(csat.parse('3.5')).toBe(3.5);
    expect(csat.parse('7')).toEqual({ error: 'outside the scale 1–5 of this field: is the right column mapped? (columns: in kpi.yaml)' });
    expect(csat.parse('0')).toEqual({ error: 'outside the scale 1–5 of this field: is the right column mapped? (columns: in kpi.yaml)' });
    // A spreadsheet's number cell likewise; words read as their number first (good is 5, on the scale).
    expect(csat.parse(6)).toMatchObject({ error: expect.stringContaining('outside the scale 1–5') });
    expect(csat.parse('Good')).toBe(5);
    // Empty stays empty, not a bad value.
    expect(csat.parse('')).toBeNull();
    // No fast path reads around the test, and validate says the scale.
    expect(csat.fast).toBeUndefined();
    expect(csat.describe).toMatch(/, on the scale 1–5$/);
    // Without a scale a number is any number.
    expect(columnFormat('number', noSniff, { decimal: '.' }, {}).parse('85')).toBe(85);
  });
});
