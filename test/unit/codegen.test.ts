import { describe, expect, it } from 'vitest';
import { debugCodegen, generate } from '../../src/util/codegen.js';
import { runKpi } from '../helpers/run-kpi.js';

describe('generated code (util/codegen.ts)', () => {
  it('is named in stack traces by its source URL', () => {
    const fail = generate<() => never>('boom', [], 'return function boom() { throw new Error("x"); };')();
    let stack = '';
    try {
      fail();
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    expect(stack).toMatch(/kpi-codegen\/boom-\d+\.js/);
  });

  it('KPI_DEBUG is a comma list; codegen is one of its words', () => {
    expect(debugCodegen({ KPI_DEBUG: 'codegen' })).toBe(true);
    expect(debugCodegen({ KPI_DEBUG: '1, CodeGen' })).toBe(true);
    expect(debugCodegen({ KPI_DEBUG: '1' })).toBe(false);
    expect(debugCodegen({})).toBe(false);
  });

  it('KPI_DEBUG=codegen prints each generated function on stderr, and stdout is unchanged', () => {
    const args = ['report', '-c', 'fixtures/catalogue/kpi.yaml', '--as-of', '2026-11-01', '--kpi', 'revenue', '-f', 'json'];
    const plain = runKpi(args);
    const debug = runKpi(args, { env: { KPI_DEBUG: 'codegen' } });
    expect(debug.stdout).toBe(plain.stdout);
    expect(debug.stderr).toMatch(/\/\/ ---- kpi-codegen\/step-\d+\.js/);
    expect(debug.stderr).toMatch(/kpi-codegen\/parseRecord-\d+\.js/);
    expect(plain.stderr).not.toContain('kpi-codegen');
  });
});
