// Deals whose status is ignored (SuperOffice Stoppet/Utsatt: "in no figure", README) were still counted open,
// in the pipeline and as created when their close date fell after the period's end (new-user trial F8).
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { reportValues, ROOT } from '../helpers/run-kpi.js';

const DIR = join(ROOT, 'fixtures', 'ignored-deals');
const ARGS = ['--period', '2026-09', '--as-of', '2027-03-01', '--compare', 'none', '--kpi', 'open_deals,pipeline_value,deals_created,lead_to_win'];
// By hand (fixtures/ignored-deals/README.md): open D1, D2 = 2; pipeline 100 + 200 = 300; created in September D2,
// D5 = 2; of them won D2 = 1/2. The on-hold D3 (closed after September) and D4 are in none.
const EXPECTED = { open_deals: 2, pipeline_value: 300, deals_created: 2, lead_to_win: 0.5 };

describe('ignored deal statuses are in no figure', () => {
  it('on the streaming engine', () => {
    expect(reportValues(['-c', join(DIR, 'kpi.yaml'), ...ARGS])).toEqual(EXPECTED);
  });

  it('on DuckDB, which runs the same built-in formulas', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-ignored-'));
    const config = join(dir, 'kpi.yaml');
    writeFileSync(config, `sources:\n  deals: { file: ${JSON.stringify(join(DIR, 'deals.csv'))}, kind: deals, engine: duckdb }\n`);
    expect(reportValues(['-c', config, ...ARGS])).toEqual(EXPECTED);
  });
});
