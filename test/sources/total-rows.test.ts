// Total, subtotal and footer rows (sources/total-rows.ts): told by their label and an empty date wherever they
// stand; a label that also names something is a subtotal only when its amounts add up (trial4 F15/F16).
import { describe, expect, it } from 'vitest';
import { numberSlots, sumsMatch, totalCandidate, TotalRows } from '../../src/sources/total-rows.js';
import { rowsOfCells } from '../../src/sources/typed-rows.js';
import type { RecordTable, RowRequest } from '../../src/sources/table.js';

describe('totalCandidate', () => {
  it('tells total, subtotal and footer labels in any column of an undated row', () => {
    expect(totalCandidate(['', '', '', 'Sum', '17 000,00', '', '21 250,00'], 1)).toEqual({ label: 'Sum', kind: 'total' });
    expect(totalCandidate(['Grand Totals', '', '5'], 1)).toEqual({ label: 'Grand Totals', kind: 'total' });
    expect(totalCandidate(['', '', '', 'Sum kunde 1001', '5'], 1)).toEqual({ label: 'Sum kunde 1001', kind: 'subtotal' });
    expect(totalCandidate(['Kari Totalt', '', '300,00'], 1)).toEqual({ label: 'Kari Totalt', kind: 'subtotal' });
    expect(totalCandidate(['Delsum', '', '3'], 1)).toEqual({ label: 'Delsum', kind: 'total' });
    expect(totalCandidate(['Confidential Information - Do Not Distribute'], 1)).toEqual({ label: 'Confidential Information - Do Not Distribute', kind: 'footer' });
    // The label in the date column itself (a `Dato` column first).
    expect(totalCandidate(['Utskrevet av: admin', '', ''], 0)).toEqual({ label: 'Utskrevet av: admin', kind: 'footer' });
    expect(totalCandidate(['Sum', '', '3 000,00'], 0)).toEqual({ label: 'Sum', kind: 'total' });
  });

  it('leaves data alone: a dated row, a row whose first cell is data, a footer word beside values', () => {
    // A customer named "Total Sport AS" with its date is data, and so is one after its invoice number.
    expect(totalCandidate(['3003', '10.10.2026', '', 'Total Sport AS', '1 000,00'], 1)).toBeUndefined();
    expect(totalCandidate(['3003', '', '', 'Total Sport AS', '1 000,00'], 1)).toBeUndefined();
    expect(totalCandidate(['Copyright AS', '', '5'], 1)).toBeUndefined();
    expect(totalCandidate(['Summit AS', '', '5'], 1)).toBeUndefined();
    expect(totalCandidate(['Ann', '', '5'], 1)).toBeUndefined();
  });
});

describe('TotalRows', () => {
  it('leaves a subtotal out when its amounts are the sum since the previous total row, or of every row', () => {
    const t = new TotalRows([0], 1);
    t.add([100]);
    t.add([200]);
    // 100 + 200 = 300: a subtotal.
    expect(t.decide({ label: 'Kari Totalt', kind: 'subtotal' }, 4, [300])).toBe(true);
    t.add([400]);
    expect(t.decide({ label: 'Ola Totalt', kind: 'subtotal' }, 6, [400])).toBe(true);
    // 100 + 200 + 400 = 700: the grand total is the sum of every row.
    expect(t.decide({ label: 'Total Sport AS', kind: 'subtotal' }, 7, [700])).toBe(true);
    // 500 is neither 0 (since the last) nor 700: not sure, read as data.
    expect(t.decide({ label: 'Total Sport AS', kind: 'subtotal' }, 8, [500])).toBe(false);
    expect(t.seen.map((s) => [s.line, s.sure])).toEqual([[4, true], [6, true], [7, true], [8, false]]);
  });

  it('is not sure of a subtotal without a single amount to check', () => {
    expect(sumsMatch([NaN], [0], [5], [5])).toBe(false);
    expect(new TotalRows([], 0).decide({ label: 'Sum Nordvik AS', kind: 'subtotal' }, 2, [])).toBe(false);
    // A total word or a footer needs no sums.
    expect(new TotalRows([], 0).decide({ label: 'Total', kind: 'total' }, 2, [])).toBe(true);
  });

  it('checks only number slots', () => {
    expect(numberSlots({ columns: [{ type: 'date' }, { type: 'number' }, { type: 'text' }, { type: 'number' }] })).toEqual([1, 3]);
  });
});

describe('rowsOfCells with total rows (XLSX and the CSV text path)', () => {
  it('leaves subtotals, totals and footers out wherever they stand, and reads an uncertain one as data', async () => {
    const table: RecordTable = {
      path: 'x',
      format: 'test',
      label: 'x.xlsx',
      lineWord: 'row',
      headers: ['nr', 'date', 'customer', 'amount'],
      settings: {},
      sample: [['1', '2026-10-01', 'A', '10']],
      async eachRecord(onRecord) {
        onRecord(['1', '2026-10-01', 'A', 10], 2);
        onRecord(['2', '2026-10-02', 'A', 5], 3);
        onRecord(['', '', 'Sum A', 15], 4);
        onRecord(['3', '2026-10-03', 'Total Sport AS', 7], 5);
        onRecord(['', '', 'Total Gym AS', 3], 6);
        onRecord(['', '', 'Sum', 25], 7);
        onRecord(['Printed by admin'], 8);
      },
    };
    const request: RowRequest = { source: 's', settings: {}, columns: [{ header: 'date', type: 'date' }, { header: 'amount', type: 'number' }], period: 0 };
    const into = { num: new Float64Array(2), text: [null, null] };
    const lines: number[] = [];
    const amounts: number[] = [];
    const read = await rowsOfCells(table, { totalRows: true })(request, into, (line) => {
      lines.push(line);
      amounts.push(into.num[1]);
    });
    // 10 + 5 = 15 (line 4 a subtotal); line 6's 3 is neither 7 (since line 4) nor 22: read as data, in doubt; the
    // grand total 25 = 10 + 5 + 7 + 3.
    expect(lines).toEqual([2, 3, 5, 6]);
    expect(amounts).toEqual([10, 5, 7, 3]);
    expect(read.totalRows?.map((t) => [t.line, t.kind, t.sure])).toEqual([[4, 'subtotal', true], [6, 'subtotal', false], [7, 'total', true], [8, 'footer', true]]);
  });
});
