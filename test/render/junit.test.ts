// JUnit renderer: well-formed XML in the testsuites > testsuite > testcase shape GitLab and Jenkins read, with counts that add up.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/render/format-value.js';
import { renderJunit } from '../../src/render/junit.js';
import { runKpi } from '../helpers/run-kpi.js';
import { parseXml, sampleReport, type XmlElement } from './helpers.js';
import { renderedText } from '../../src/render/stream.js';

const FIXTURE = ['-c', 'test/render/fixtures/kpi.yaml', '--period', '2026-10'];

function render(onlyProblems = false): string {
  const { report, context } = sampleReport();
  const out = renderJunit(report, context, { color: false, onlyProblems });
  if (out instanceof Promise) throw new Error('junit renders at once');
  return renderedText(out);
}

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

/** Checks the schema's shape and that every count attribute matches the test cases, and returns the suite. */
function checkStructure(xml: string): XmlElement {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const root = parseXml(xml);
  expect(root.name).toBe('testsuites');
  const suites = root.children.filter((c) => c.name === 'testsuite');
  expect(suites).toHaveLength(1);
  const suite = suites[0];
  const cases = suite.children.filter((c) => c.name === 'testcase');
  expect(suite.children.every((c) => c.name === 'testcase' || c.name === 'properties')).toBe(true);
  const failures = cases.filter((c) => child(c, 'failure')).length;
  const skipped = cases.filter((c) => child(c, 'skipped')).length;
  for (const el of [root, suite]) {
    expect(el.attrs).toMatchObject({ tests: String(cases.length), failures: String(failures), errors: '0', skipped: String(skipped), time: '0' });
    expect(el.attrs.timestamp).toBeUndefined();
  }
  for (const c of cases) {
    expect(c.attrs.classname).toBe('kpi');
    expect(c.attrs.name).toBeTruthy();
    expect(c.children.filter((x) => x.name === 'failure' || x.name === 'skipped' || x.name === 'error').length).toBeLessThanOrEqual(1);
  }
  return suite;
}

describe('renderJunit', () => {
  it('maps statuses: missed fails, at-risk passes with a note, no target/no data/early are skipped', () => {
    const suite = checkStructure(render());
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(['revenue', 'revenue [rep==HYPERLINK("x")]', 'margin', 'orders', 'cycle', 'nps']);
    const outcome = (c: XmlElement) => child(c, 'failure')?.name ?? child(c, 'skipped')?.name ?? 'passed';
    expect(cases.map(outcome)).toEqual(['passed', 'failure', 'passed', 'skipped', 'skipped', 'skipped']);

    const failure = child(cases[1], 'failure')!;
    expect(failure.attrs.type).toBe('missed');
    const actual = formatValue(-12.5, 'currency', 'NOK');
    expect(failure.attrs.message).toBe(`Revenue (rep==HYPERLINK("x")) missed its target: ${actual} against 100.00 NOK, variance −112.50 NOK (−112.5%)`);
    expect(failure.text).toContain(`value:       ${actual}`);
    expect(failure.text).toContain('target:      100.00 NOK');
    expect(failure.text).toContain('variance:    −112.50 NOK (−112.5%)');

    const atRisk = child(cases[2], 'system-out')!;
    expect(atRisk.text).toMatch(/^AT RISK\n/);
    expect(atRisk.text).toContain('kpi:         margin (Margin, "gross" <b>&</b>)');
    expect(child(cases[3], 'skipped')!.attrs.message).toBe('too early in the period for a paced verdict');
    expect(child(cases[5], 'skipped')!.attrs.message).toBe('no data for the period');
  });

  it('keeps every test case under kpi check, so CI tools can track them from run to run', () => {
    expect(render(true)).toBe(render(false));
  });

  it('counts what the report summary counts, through the binary', () => {
    const json = JSON.parse(runKpi(['report', '-f', 'json', ...FIXTURE, '--by', 'rep']).stdout) as { summary: Record<string, number>; results: unknown[] };
    const run = runKpi(['report', '-f', 'junit', ...FIXTURE, '--by', 'rep']);
    expect(run.code).toBe(0);
    const suite = checkStructure(run.stdout);
    const s = json.summary;
    expect(suite.attrs.tests).toBe(String(json.results.length));
    // Data that does not cover the period fails like a miss; a KPI that could not be computed is an error.
    expect(suite.attrs.failures).toBe(String(s.missed + s.incomplete));
    expect(suite.attrs.errors).toBe(String(s.error));
    expect(suite.attrs.skipped).toBe(String(s.no_target + s.no_data + s.early));
  });

  it('is chosen by the .xml extension', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-junit-'));
    try {
      const out = join(dir, 'kpi.xml');
      expect(runKpi(['report', ...FIXTURE, '-o', out]).code).toBe(0);
      checkStructure(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
