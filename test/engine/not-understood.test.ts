// What a figure did not understand is counted in the rows of its own period and group, fails `kpi check` (exit 3),
// and is said with its first location in JSON, JUnit and the table; `allow_bad_values:` and `--allow-bad-values`
// accept it knowingly. Expected figures are worked out by hand from fixtures/not-understood (see its README).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const SALES = 'fixtures/not-understood/sales.csv';
const DEALS = 'fixtures/not-understood/deals.csv';
const WIDE = 'fixtures/not-understood/wide.csv';
const AS_OF = ['--as-of', '2026-12-05'];

interface Result {
  kpi: string;
  group: Record<string, string>;
  value: number | null;
  unknown_values: number;
  bad_values: { count: number; accepted: boolean; first: { source: string; file: string; line: number; column: string; value: string } } | null;
}

function results(args: string[]): { code: number; results: Result[]; stderr: string } {
  const run = runKpi([...args, '-f', 'json', ...AS_OF]);
  return { code: run.code, results: (JSON.parse(run.stdout) as { results: Result[] }).results, stderr: run.stderr };
}

const total = (rs: Result[], kpi: string) => rs.find((r) => r.kpi === kpi && Object.keys(r.group).length === 0)!;
const group = (rs: Result[], kpi: string, value: string) => rs.find((r) => r.kpi === kpi && Object.values(r.group)[0] === value)!;

function project(yaml: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-not-understood-'));
  writeFileSync(join(dir, 'kpi.yaml'), yaml);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, 'kpi.yaml');
}

describe('unreadable values fail kpi check, in the period they are in', () => {
  it('a figure whose period holds an unreadable value in a column it reads says so and fails check (exit 3)', () => {
    // October: 400 + 500 + 600 read, "abc" (line 6) left out.
    const oct = results(['check', '--source', `sales=${SALES}`, '--kpi', 'revenue', '--period', '2026-10']);
    expect(oct.code).toBe(3);
    expect(total(oct.results, 'revenue').value).toBe(1500);
    expect(total(oct.results, 'revenue').bad_values).toEqual({ count: 1, accepted: false, first: { source: 'sales', file: SALES, line: 6, column: 'revenue', value: 'abc' } });
    expect(oct.stderr).toContain(`kpi: error: sales: left out 1 value it could not read (first: ${SALES}:6, column 'revenue', "abc" is not a number), in revenue; kpi check fails on them`);
  });

  it('a period whose rows were all read passes, though the file has unreadable values elsewhere', () => {
    // September: 100 + 200 + 300, every revenue cell read (the bad cost "x" is not in a column revenue reads).
    const sep = results(['check', '--source', `sales=${SALES}`, '--kpi', 'revenue', '--period', '2026-09']);
    expect(sep.code).toBe(0);
    expect(total(sep.results, 'revenue')).toMatchObject({ value: 600, bad_values: null });
    // Gross profit (sum of revenue − sum of cost) reads cost too: September's "x" (line 3) is left out of the cost
    // sum only: 600 − (40 + 100) = 460, and said.
    const gp = results(['check', '--source', `sales=${SALES}`, '--kpi', 'gross_profit', '--period', '2026-09']);
    expect(gp.code).toBe(3);
    expect(total(gp.results, 'gross_profit')).toMatchObject({ value: 460, bad_values: { count: 1, first: { line: 3, column: 'cost', value: 'x' } } });
  });

  it('per group: only the group whose rows held the value is flagged', () => {
    const by = results(['report', '--source', `sales=${SALES}`, '--kpi', 'revenue', '--period', '2026-10', '--by', 'rep']);
    // Ann: 400 + 500, all read; Bob: 600 read, "abc" left out.
    expect(group(by.results, 'revenue', 'Ann')).toMatchObject({ value: 900, bad_values: null });
    expect(group(by.results, 'revenue', 'Bob')).toMatchObject({ value: 600, bad_values: { count: 1 } });
  });

  it('a KPI using another in the previous period carries the values left out there', () => {
    // revenue_growth of November reads revenue[prev], October's, which left "abc" out; November's own rows are clean.
    const nov = results(['report', '--source', `sales=${SALES}`, '--kpi', 'revenue,revenue_growth', '--period', '2026-11']);
    expect(total(nov.results, 'revenue').bad_values).toBeNull();
    expect(total(nov.results, 'revenue_growth').bad_values).toMatchObject({ count: 1, first: { line: 6 } });
  });

  it('a row whose period cannot be read may be in any period: every period figure reading the source says so', () => {
    const config = project('sources:\n  sales: { file: s.csv }\n', { 's.csv': 'date,revenue\n2026-09-03,100\n2026-09-31,50\n2026-10-02,200\n' });
    const sep = results(['check', '-c', config, '--kpi', 'revenue', '--period', '2026-09']);
    expect(sep.code).toBe(3);
    expect(total(sep.results, 'revenue')).toMatchObject({ value: 100, bad_values: { count: 1, first: { line: 3, column: 'date', value: '2026-09-31' } } });
  });

  it('a row wider than the header is in no figure: every figure of its source says so', () => {
    // Line 3 (an unquoted 1,500.50) has 5 fields for 4; September's revenue is 100 and still said to have left it out.
    const sep = results(['check', '--source', `sales=${WIDE}`, '--kpi', 'revenue', '--period', '2026-09']);
    expect(sep.code).toBe(3);
    expect(total(sep.results, 'revenue')).toMatchObject({ value: 100, bad_values: { count: 1, first: { file: WIDE, line: 3, column: '' } } });
  });

  it('JUnit fails the test case with the file, the count and the first location', () => {
    const run = runKpi(['check', '--source', `sales=${SALES}`, '--kpi', 'revenue', '--period', '2026-10', '-f', 'junit', ...AS_OF]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`<failure message="revenue: sales: left out 1 value it could not read (first: ${SALES}:6, column &#39;revenue&#39;, &quot;abc&quot;); kpi check fails on them`);
    expect(run.stdout).toContain('type="bad_values"');
    expect(run.stdout).toMatch(/failures="1"/);
  });

  it('the table marks the figure and says what was left out under it', () => {
    const run = runKpi(['check', '--source', `sales=${SALES}`, '--kpi', 'revenue', '--period', '2026-10', '--no-color', ...AS_OF]);
    expect(run.stdout).toContain('1,500.00 ⚠');
    expect(run.stdout).toContain(`⚠ sales: left out 1 value it could not read (first: ${SALES}:6, column 'revenue', "abc")`);
  });
});

describe('accepting unreadable values knowingly', () => {
  const yaml = (allow: string) => `sources:\n  sales: { file: ${JSON.stringify(join(process.cwd(), SALES))}, allow_bad_values: ${allow} }\n`;

  it('allow_bad_values: a number of values per figure', () => {
    const ok = results(['check', '-c', project(yaml('1')), '--kpi', 'revenue', '--period', '2026-10']);
    expect(ok.code).toBe(0);
    expect(total(ok.results, 'revenue').bad_values).toMatchObject({ count: 1, accepted: true });
    // Accepted values are still counted and said; the figure is not marked.
    expect(ok.stderr).toContain("1 unreadable value in column 'revenue'");
  });

  it('allow_bad_values: a share of the source rows in the period', () => {
    // October has 4 rows: 25 % allows 1 value, 20 % allows 0.8.
    expect(results(['check', '-c', project(yaml('"25%"')), '--kpi', 'revenue', '--period', '2026-10']).code).toBe(0);
    expect(results(['check', '-c', project(yaml('20%')), '--kpi', 'revenue', '--period', '2026-10']).code).toBe(3);
  });

  it('--allow-bad-values accepts every one', () => {
    const run = results(['check', '--source', `sales=${SALES}`, '--kpi', 'revenue', '--period', '2026-10', '--allow-bad-values']);
    expect(run.code).toBe(0);
    expect(total(run.results, 'revenue').bad_values).toMatchObject({ count: 1, accepted: true });
  });

  it('a setting that is no tolerance is a configuration error naming it', () => {
    const run = runKpi(['check', '-c', project(yaml('-1')), ...AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('allow_bad_values must be a number of values (e.g. 5) or a percent of the rows (e.g. 0.1%)');
  });
});

describe('unknown values are counted in the periods and groups of their rows', () => {
  it("a period whose rows hold only known values is not flagged, and check passes", () => {
    // September: Won, Lost, Won: 2 of 3.
    const sep = results(['check', '--source', `deals=${DEALS}`, '--kpi', 'win_rate', '--period', '2026-09']);
    expect(sep.code).toBe(0);
    expect(total(sep.results, 'win_rate')).toMatchObject({ unknown_values: 0 });
    expect(total(sep.results, 'win_rate').value).toBeCloseTo(2 / 3, 12);
  });

  it('the period holding them is flagged with their count, and check fails', () => {
    // October: Won, Signed, Parked, Lost, Won: 2 won of 3 known, 2 unknown.
    const oct = results(['check', '--source', `deals=${DEALS}`, '--kpi', 'win_rate', '--period', '2026-10', '--by', 'rep']);
    expect(oct.code).toBe(3);
    expect(total(oct.results, 'win_rate')).toMatchObject({ unknown_values: 2 });
    // Both unknown values are Bob's deals; Ann's (Won, Lost) are known.
    expect(group(oct.results, 'win_rate', 'Ann')).toMatchObject({ unknown_values: 0, value: 0.5 });
    expect(group(oct.results, 'win_rate', 'Bob')).toMatchObject({ unknown_values: 2, value: 1 });
  });
});

describe('kpi validate on a KPI with a target that cannot be computed', () => {
  it('a source with no rows: listed with the reason, exit 3 (was "No problems found", exit 0)', () => {
    const config = project('sources:\n  sales: { file: s.csv }\ntargets: t.yaml\n', { 's.csv': 'date,revenue\n', 't.yaml': 'revenue: { target: 100 }\n' });
    const run = runKpi(['validate', '-c', config]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('✘ revenue has a target but cannot be computed: sales has no data rows (');
    expect(run.stdout).not.toContain('No problems found');
    const json = JSON.parse(runKpi(['validate', '-c', config, '-f', 'json']).stdout) as { kpis: { errors: { kpi: string; reason: string }[] } };
    expect(json.kpis.errors.map((e) => e.kpi)).toEqual(['revenue']);
  });

  it('a KPI without a target that cannot be computed is no problem', () => {
    const config = project('sources:\n  sales: { file: s.csv }\n', { 's.csv': 'date,revenue\n2026-10-01,5\n' });
    const run = runKpi(['validate', '-c', config]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No problems found');
  });
});

describe('a mapping written under columns: that fails for most rows after the sample', () => {
  /** 500 rows of numbers (the sample reads), then `after` rows whose Beløp is text (`TBD`, `ukjent`). */
  function export_(after: number): string {
    const lines = ['Dato,Kunde,Beløp'];
    for (let i = 0; i < 500; i++) lines.push(`2026-10-${String((i % 28) + 1).padStart(2, '0')},K${i},100`);
    for (let i = 0; i < after; i++) lines.push(`2026-10-${String((i % 28) + 1).padStart(2, '0')},K${i},${i % 2 ? 'ukjent' : 'TBD'}`);
    return `${lines.join('\n')}\n`;
  }
  const yaml = 'sources:\n  sales: { file: s.csv, columns: { revenue: Beløp } }\n';

  it('is a data error naming the column and its values (exit 3), never a figure from the sample alone', () => {
    // 500 values read, 1,000 not: most of the column is not numbers. The first text is on line 502 (header, 500 rows).
    const config = project(yaml, { 's.csv': export_(1000) });
    for (const env of [{ KPI_THREADS: '1' }, { KPI_THREADS: '2', KPI_PARALLEL_MIN_BYTES: '0' }]) {
      const run = runKpi(['check', '-c', config, '--kpi', 'revenue', '--period', '2026-10', ...AS_OF], { env });
      expect(run.code).toBe(3);
      const first = run.stderr.split('\n')[0];
      expect(first).toMatch(/^kpi: .*kpi\.yaml:2: source 'sales': column 'Beløp' \(mapped to the number field revenue under columns:\) is not a column of numbers: /);
      expect(first).toContain('its sampled rows read, but 1000 of its 1500 values do not ("TBD", "ukjent"; first at ');
      expect(first).toMatch(/s\.csv:502\); map revenue to the column that holds its numbers, or unmap it with columns: \{ revenue: ~ \}$/);
    }
  });

  it('a few unreadable values after the sample stay bad values of the figure (check fails on them, exit 3)', () => {
    const config = project(yaml, { 's.csv': export_(100) });
    const run = results(['report', '-c', config, '--kpi', 'revenue', '--period', '2026-10']);
    expect(run.code).toBe(0);
    // 500 × 100 read; the 100 text values left out and said.
    expect(total(run.results, 'revenue')).toMatchObject({ value: 50000, bad_values: { count: 100, first: { line: 502, value: 'TBD' } } });
  });
});
