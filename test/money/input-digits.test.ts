// Inputs beyond what a double holds exactly (issue 11 §13) are a located bad value, never silently rounded.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../../src/sources/parse-number.js';
import { runKpi } from '../helpers/run-kpi.js';

describe('numbers with more digits than a double holds', () => {
  it('refuses a value that would be rounded (17 significant digits: …123.4567 reads as …123.4568)', () => {
    const r = parseNumber('1234567890123.4567');
    expect(r).toEqual({ error: expect.stringContaining('has 17 significant digits and would read as 1234567890123.4568') });
    expect(parseNumber('1 234 567 890 123,4567', ',')).toEqual({ error: expect.stringContaining('17 significant digits') });
    expect(parseNumber('9007199254740993')).toEqual({ error: expect.stringContaining('16 significant digits') });
  });

  it('reads every value of up to 15 significant digits, and longer ones a double holds as written', () => {
    expect(parseNumber('999999999999.999')).toBe(999999999999.999);
    expect(parseNumber('12345678901234.56')).toBe(12345678901234.56); // 16 digits, the double's own shortest form
    expect(parseNumber('0.30000000000000004')).toBe(0.30000000000000004); // how Python and JavaScript write floats
    expect(parseNumber('1234.5000000000000000')).toBe(1234.5); // trailing zeros are not digits that matter
    expect(parseNumber('0000000000000001234.5')).toBe(1234.5);
  });

  it('is a located bad value in a report: file, line, column, value and reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-digits-'));
    writeFileSync(join(dir, 'sales.csv'), 'date,revenue\n2026-10-01,100.25\n2026-10-02,1234567890123.4567\n');
    const run = runKpi(['report', '-f', 'json', '--source', `sales=${join(dir, 'sales.csv')}`, '--kpi', 'revenue', '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results[0].value).toBe(100.25);
    expect(report.data_quality[0].issues).toEqual([
      { file: expect.stringContaining('sales.csv'), line: 3, column: 'revenue', value: '1234567890123.4567', reason: expect.stringContaining('17 significant digits') },
    ]);
    const strict = runKpi(['report', '--strict', '--source', `sales=${join(dir, 'sales.csv')}`, '--kpi', 'revenue', '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('sales.csv:3');
  });
});
