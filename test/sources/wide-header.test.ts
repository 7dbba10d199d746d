// Opening an export with very many columns (a 10 MB header line: 800,000 columns) must cost time linear in the
// columns. columnFormats sniffs every column; it used to find each column's position with a search of the header
// row, so 40,000 columns took 10 s and 800,000 columns hours. The test counts the searches instead of timing them.
import { describe, expect, it } from 'vitest';
import { columnFormats } from '../../src/sources/formats.js';
import type { SourceFile } from '../../src/sources/table.js';

class CountingHeaders extends Array<string> {
  static searches = 0;
  override indexOf(value: string, from?: number): number {
    CountingHeaders.searches++;
    return super.indexOf(value, from);
  }
}

function wideFile(columns: number): SourceFile {
  const headers = CountingHeaders.from(['date', 'revenue', ...Array.from({ length: columns }, (_, i) => `c${i}`)]) as CountingHeaders;
  const row = ['2026-10-01', '1 234,50', ...Array.from({ length: columns }, () => '')];
  return {
    path: 'wide.csv', format: 'csv', label: 'wide.csv', lineWord: 'line', headers, settings: {}, sample: [row],
    eachRecord: async () => 0,
  };
}

describe('an export with many columns', () => {
  it('sniffs every column without searching the header row per column', () => {
    CountingHeaders.searches = 0;
    const file = wideFile(20_000);
    const [date, revenue] = columnFormats(file, 'sales', {} as never, [
      { header: 'date', type: 'date' },
      { header: 'revenue', type: 'number' },
    ]);
    // Read right: `1 234,50` decides a decimal comma for its column (independently: 1234.5).
    expect(revenue.parse('1 234,50')).toBe(1234.5);
    expect(date).toBeDefined();
    // At most a handful of searches, not one per column (20,002 before the fix).
    expect(CountingHeaders.searches).toBeLessThan(10);
  });
});
