// Targets that cannot be meant are errors in the targets file, naming the line (issue 11): min above max, a negative
// tolerance, a warn across zero from its target, and a percent bound above 1.5 written without `%`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadTargets } from '../../src/targets/targets-file.js';

const UNITS = new Map([
  ['revenue', 'currency'],
  ['win_rate', 'percent'],
  ['ebitda', 'currency'],
]);

function load(yaml: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'kpi-targets-')), 'targets.yaml');
  writeFileSync(file, yaml);
  return { file, load: () => loadTargets(file, UNITS.keys(), { weekStarts: 'monday' }, UNITS) };
}

function errorOf(yaml: string): string {
  const t = load(yaml);
  try {
    t.load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message.replace(t.file, 'targets.yaml');
  }
  throw new Error('no error');
}

describe('target sanity', () => {
  it('min above max', () => {
    expect(errorOf('# budget\nrevenue: { min: 1000, max: 10 }\n')).toBe('targets.yaml:2: revenue: min 1000 is above max 10: no value can meet both; swap them');
  });

  it('a negative tolerance, also in a period override', () => {
    expect(errorOf('revenue: { target: 1000, tolerance: -5% }\n')).toMatch(/^targets\.yaml:1: revenue: tolerance -5% is negative/);
    expect(errorOf('revenue:\n  target: 1000\n  periods:\n    2026-10: { target: 900, tolerance: -0.1 }\n')).toMatch(/^targets\.yaml:4: revenue\.periods\.2026-10: tolerance -0\.1 is negative/);
  });

  it('a warn below zero for a target above it, but not for a target of zero', () => {
    expect(errorOf('revenue: { target: 1000, warn: -50 }\n')).toMatch(/^targets\.yaml:1: revenue: warn -50 is below zero while the target is 1000/);
    expect(() => load('ebitda: { target: 0, warn: -10000 }\n').load()).not.toThrow();
  });

  it('a percent bound above 1.5 without %, in the entry or a group', () => {
    // min: 40 on a rate is 40 × 100 % = 4,000 %.
    expect(errorOf('win_rate: { min: 40 }\n')).toBe('targets.yaml:1: win_rate: min 40 on a percent KPI means 4,000 %; write 40% (or 0.4)');
    expect(errorOf('win_rate:\n  target: 30%\n  by:\n    rep:\n      Ann: 35\n')).toMatch(/^targets\.yaml:5: win_rate\.by\.rep\.Ann: target 35 on a percent KPI means 3,500 %/);
    // Written with %, any size is meant; a fraction up to 1.5 is a fraction; a money KPI has no such bound.
    expect(() => load('win_rate: { min: 40%, max: 150% }\n').load()).not.toThrow();
    expect(() => load('win_rate: { target: 0.4, benchmark: 1.5 }\n').load()).not.toThrow();
    expect(() => load('revenue: { target: 40 }\n').load()).not.toThrow();
  });
});
