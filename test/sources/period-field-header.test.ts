// period_field names a field; a user who maps a column under columns: and names the same column's header as the
// period_field (period_field: Dato beside columns: { date: Dato }) means that field (a new-user trial was told
// "'Dato' is not a column" of a file that has it). A name that is neither is exit 2 with the closest field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-period-field-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// By hand: March 100.10 + 50.00 = 150.10; the February row is the comparison.
writeFileSync(join(dir, 'salg.csv'), 'Dato,Beløp\n2026-03-02,100.10\n2026-03-05,50.00\n2026-02-14,75.25\n');
const project = (periodField: string) => {
  writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  sales:\n    file: salg.csv\n    period_field: ${periodField}\n    columns: { date: Dato, revenue: Beløp }\n`);
  return runKpi(['report', '-f', 'json', '--as-of', '2026-04-15', '--period', '2026-03', '--kpi', 'revenue'], { cwd: dir });
};

describe('period_field', () => {
  it("the mapped column's own header means its field, the same report as the field's name", () => {
    const byField = project('date');
    const byHeader = project('Dato');
    expect(byHeader.code, byHeader.stderr).toBe(0);
    expect(byHeader.stdout).toBe(byField.stdout);
    expect((JSON.parse(byHeader.stdout) as { results: { value: number }[] }).results[0].value).toBe(150.1);
  });

  it('a name that is neither a field nor a column is exit 2 with the closest', () => {
    const run = project('Datum');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("period_field 'Datum' is neither a field nor a column");
  });
});
