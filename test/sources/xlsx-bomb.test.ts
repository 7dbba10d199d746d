// A workbook whose sheet unpacks past what V8 holds in one string (found by hand: a 2 MB .xlsx whose sheet inflates
// to 2 GB) said "is not a readable Excel workbook: Invalid string length". The mapping is tested on the error
// itself; the real bomb costs 20 s and 700 MB, too much for `npm test`.
import { describe, expect, it } from 'vitest';
import { unreadable } from '../../src/sources/xlsx/xlsx-reader.js';

describe('a workbook too large to unpack', () => {
  it("says so in the user's words, exit 3 KPI_XLSX_UNREADABLE", () => {
    const err = unreadable('/tmp/x/bomb.xlsx', new RangeError('Invalid string length'));
    expect(err.code).toBe('KPI_XLSX_UNREADABLE');
    expect(err.message).toMatch(/bomb\.xlsx is not a readable Excel workbook: a part of it unpacks to more than kpi can hold in memory \(a zip bomb, or a sheet of gigabytes\?\); export the data as CSV$/);
    expect(err.message).not.toMatch(/Invalid string length/);
  });

  it('other reader messages pass through as before', () => {
    expect(unreadable('/tmp/x/b.xlsx', new Error('FILE_ENDED')).message).toMatch(/the file ends early/);
  });
});
