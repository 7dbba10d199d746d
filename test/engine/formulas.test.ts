// Formula semantics on a tiny export, expected values counted by hand from the rows below.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/report/build-report.js';

const ROWS = `number,issued,due,paid,amount,segment
1,2026-10-01,2026-10-10,2026-10-12,100.10,SMB
2,2026-10-02,2026-10-20,2026-10-15,50.20,smb
3,2026-10-03,2026-10-20,,70.30,Enterprise
4,2026-09-30,2026-10-05,2026-10-05,10.00,Enterprise
`;

async function values(kpis: Record<string, string>, period = '2026-10'): Promise<Record<string, number | null>> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-f-'));
  writeFileSync(join(dir, 'invoices.csv'), ROWS);
  const defs = Object.entries(kpis).map(([id, f]) => `  ${id}: { formula: ${JSON.stringify(f)} }`).join('\n');
  writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  invoices: { file: invoices.csv }\nkpis:\n${defs}\n`);
  const { report } = await computeReport({ config: join(dir, 'kpi.yaml'), period, compare: 'none', kpis: Object.keys(kpis) });
  return Object.fromEntries(report.results.map((r) => [r.kpi, r.value]));
}

describe('formulas', () => {
  it('compares two fields of a row by their types (dates here)', async () => {
    // October invoices paid: #1 (12th > due 10th: late), #2 (15th ≤ 20th: on time).
    expect(await values({ late: 'count(invoices where paid > due)', on_time: 'count(invoices where paid <= due)' })).toEqual({ late: 1, on_time: 1 });
  });
  it('knows the length of the period (period_days)', async () => {
    // October has 31 days; 2026-10-01..2026-10-10 has 10.
    expect(await values({ d: 'period_days' })).toEqual({ d: 31 });
    expect(await values({ d: 'period_days' }, '2026-10-01..2026-10-10')).toEqual({ d: 10 });
  });
  it('compares text ignoring case, tests emptiness, and lists with in', async () => {
    // SMB rows: #1, #2 (written "smb"); unpaid: #3; in (Enterprise): #3 in October (#4 is September).
    expect(
      await values({ smb: 'sum(invoices.amount where segment = "SMB")', unpaid: 'count(invoices where paid is empty)', ent: 'count(invoices where segment in ("enterprise"))' }),
    ).toEqual({ smb: 150.3, unpaid: 1, ent: 1 });
  });
  it('sees every row with period: none semantics through the bounds', async () => {
    // Unpaid at 31 October among all invoices issued by then: #3 only → 70.30.
    const dir = mkdtempSync(join(tmpdir(), 'kpi-f-'));
    writeFileSync(join(dir, 'invoices.csv'), ROWS);
    writeFileSync(
      join(dir, 'kpi.yaml'),
      'sources:\n  invoices: { file: invoices.csv }\nkpis:\n  open: { formula: "sum(invoices.amount where issued <= period_end and (paid is empty or paid > period_end))", period: none }\n',
    );
    const { report } = await computeReport({ config: join(dir, 'kpi.yaml'), period: '2026-10', compare: 'none', kpis: ['open'] });
    expect(report.results[0].value).toBe(70.3);
  });
});
