// The JSON renderer builds its text a result at a time (a million groups pass V8's longest string): the bytes must be
// exactly JSON.stringify(report, null, 2) and a newline.
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/render/json.js';
import { sampleReport } from './helpers.js';

describe('json', () => {
  it('is JSON.stringify(report, null, 2), with results and without', () => {
    const { report } = sampleReport();
    // 40 results: parts of 16 (16, 16, 8), so the joints between parts are checked too.
    const many = { ...report, results: Array.from({ length: 40 }, (_, i) => ({ ...report.results[i % report.results.length], group: { rep: `r${i}` } })) };
    for (const r of [report, many, { ...report, results: [] }, { ...report, compare: null, results: report.results.slice(0, 1) }]) {
      expect([...jsonChunks(r)].join('')).toBe(`${JSON.stringify(r, null, 2)}\n`);
    }
  });
});
