// Auto-mapping takes a column by name only when its sampled values read as the field's type; repeated headers get
// one name per column. Expected values are read off the tiny samples below.
import { describe, expect, it } from 'vitest';
import { headerNames, matchField } from '../../src/sources/auto-map.js';
import { distinctHeaders, positionalColumn } from '../../src/sources/headers.js';
import { SOURCE_KINDS } from '../../src/sources/kinds.js';
import { readsAs, sampleFit } from '../../src/sources/sample-fit.js';
import type { Cell, SourceFile } from '../../src/sources/table.js';

function file(headers: string[], rows: Cell[][]): SourceFile {
  return {
    path: 'x.csv',
    format: 'csv',
    label: 'x.csv',
    lineWord: 'line',
    headers,
    settings: {},
    sample: rows,
    eachRecord: async () => undefined,
  };
}

const field = (kind: string, name: string) => SOURCE_KINDS[kind].fields.find((f) => f.name === name)!;

function match(kind: string, name: string, f: SourceFile) {
  return matchField(field(kind, name), {
    names: headerNames(f.headers),
    headers: f.headers,
    taken: () => false,
    fit: (c, fld) => sampleFit(f, c, fld.type),
  });
}

describe('sampleFit', () => {
  it('counts the values that do not read as the type, with distinct examples', () => {
    const f = file(['Resolved'], [['Y'], ['N'], [''], ['Y'], ['2026-01-03']]);
    // 4 non-empty values; Y, N, Y are not dates (3), 2026-01-03 is.
    expect(sampleFit(f, 0, 'date')).toEqual({ values: 4, unreadable: 3, examples: ['Y', 'N'], more: false });
    expect(readsAs(sampleFit(f, 0, 'date'))).toBe(false);
  });
  it('reads dates whatever their day/month order, and numbers whatever their decimal mark', () => {
    expect(readsAs(sampleFit(file(['d'], [['05/06/2026'], ['07/08/2026']]), 0, 'date'))).toBe(true);
    expect(readsAs(sampleFit(file(['n'], [['1,5'], ['1 234,50'], ['7']]), 0, 'number'))).toBe(true);
  });
  it('takes a column with a minority of bad values (those are located bad cells, not a wrong column)', () => {
    const f = file(['Date'], [['2026-01-01'], ['2026-01-02'], ['n/a']]);
    expect(readsAs(sampleFit(f, 0, 'date'))).toBe(true);
  });
  it('does not read small spreadsheet numbers as dates in 1899', () => {
    expect(readsAs(sampleFit(file(['Resolved'], [[1], [0], [1]]), 0, 'date'))).toBe(false);
    expect(readsAs(sampleFit(file(['Resolved'], [[46000], [46001]]), 0, 'date'))).toBe(true);
  });
  it('an empty sample says nothing against a type', () => {
    expect(readsAs(sampleFit(file(['Resolved'], [[''], ['']]), 0, 'date'))).toBe(true);
  });
});

describe('matchField', () => {
  it('passes over a synonym whose values are not of the type, and takes the next one that is', () => {
    const f = file(['Resolved', 'Closed At'], [['Y', '2026-01-02'], ['N', '2026-01-03']]);
    const m = match('tickets', 'resolved', f);
    expect(m.column).toBe(1);
    expect(m.notes).toEqual([
      "column 'Resolved' looks like the date field resolved by name, but its values (Y, N) are not dates; not mapped — map it with columns: { resolved: <column> } if it is",
    ]);
  });
  it('maps nothing when the only match is not of the type', () => {
    const m = match('tickets', 'resolved', file(['Resolved'], [['Y'], ['N']]));
    expect(m.column).toBeUndefined();
    expect(m.notes).toHaveLength(1);
  });
  it('maps none of several columns that answer to one name', () => {
    const f = file(['Order Date', 'order_date'], [['2026-01-01', '2026-01-02']]);
    const m = match('sales', 'date', f);
    expect(m.column).toBeUndefined();
    expect(m.notes[0]).toMatch(/^columns 1 and 2 \('Order Date' and 'order_date'\) both look like the date field date by name; not mapped/);
  });
  it('text fields take their match whatever the values', () => {
    expect(match('tickets', 'agent', file(['Agent'], [['1'], ['2']])).column).toBe(0);
  });
});

describe('distinctHeaders', () => {
  it('names each column of a repeated header, in column order', () => {
    // Columns 2 and 4 are both Name; Name_1 is free, so they become Name_1 and Name_2.
    expect(distinctHeaders(['Id', 'Name', 'Date', 'Name'])).toEqual({
      headers: ['Id', 'Name_1', 'Date', 'Name_2'],
      duplicates: new Map([['Name', [1, 3]]]),
    });
  });
  it('skips a generated name the file already has', () => {
    expect(distinctHeaders(['Name', 'Name_1', 'Name']).headers).toEqual(['Name_2', 'Name_1', 'Name_3']);
  });
  it('leaves a header row without repeats (and repeated empty headers) as it is', () => {
    expect(distinctHeaders(['a', '', '', 'b'])).toEqual({ headers: ['a', '', '', 'b'], duplicates: new Map() });
  });
  it('#5 is the fifth column', () => {
    expect(positionalColumn('#5', 5)).toBe(4);
    expect(positionalColumn('#6', 5)).toBeUndefined();
    expect(positionalColumn('5', 5)).toBeUndefined();
  });
});
