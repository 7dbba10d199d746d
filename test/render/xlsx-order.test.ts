// The xlsx Report sheet arranges its rows by render/order.ts, as html, pptx and pdf do: exceptions first (missed →
// at risk → incomplete/error → met → no target), --sort and --hide honoured, within the sections of `report:`.
// The expected orders are written from the rule, not from a run.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReportContext } from '../../src/report/model.js';
import { HEADER_ROW, renderXlsx } from '../../src/render/xlsx.js';
import type { RenderOptions } from '../../src/render/types.js';
import { row, sampleReport } from './helpers.js';

// Registry order a..h:
//   a met · b no target · c missed (variance_pct −0.05) · d at risk, lower is better (+0.40: bad) · e error ·
//   f missed (−0.10) · g incomplete · h at risk (−0.30), with a group row Bob (missed) and Ann (met)
const results = [
  row({ kpi: 'a', label: 'A', status: 'met', target: 10, value: 11, variance: 1, variance_pct: 0.1 }),
  row({ kpi: 'b', label: 'B', status: 'no_target', value: 1 }),
  row({ kpi: 'c', label: 'C', status: 'missed', target: 20, value: 19, variance: -1, variance_pct: -0.05 }),
  row({ kpi: 'd', label: 'D', better: 'lower', status: 'at_risk', target: 10, value: 14, variance: 4, variance_pct: 0.4 }),
  row({ kpi: 'e', label: 'E', status: 'error', target: 5 }),
  row({ kpi: 'f', label: 'F', status: 'missed', target: 10, value: 9, variance: -1, variance_pct: -0.1 }),
  row({ kpi: 'g', label: 'G', status: 'incomplete', target: 5, value: 2 }),
  row({ kpi: 'h', label: 'H', status: 'at_risk', target: 10, value: 7, variance: -3, variance_pct: -0.3 }),
  row({ kpi: 'h', label: 'H', group: { rep: 'Ann' }, status: 'met', target: 5, value: 6, variance: 1, variance_pct: 0.2 }),
  row({ kpi: 'h', label: 'H', group: { rep: 'Bob' }, status: 'missed', target: 5, value: 1, variance: -4, variance_pct: -0.8 }),
];
const { report: base, context: baseContext } = sampleReport();
const report = { ...base, results, data_quality: [] };

/** The Report sheet's rows as `A`, `H:Bob` …, and the lines of its title block. */
async function sheet(options: Partial<RenderOptions>, context: ReportContext = baseContext): Promise<{ ids: string[]; block: string[] }> {
  const out = (await renderXlsx(report, context, { color: false, ...options })) as { bytes: Uint8Array };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(out.bytes) as unknown as ExcelJS.Buffer);
  const ws = book.getWorksheet('Report')!;
  const heads = (ws.getRow(HEADER_ROW).values as ExcelJS.CellValue[]).slice(1).map(String);
  const kpi = heads.indexOf('KPI') + 1;
  const rep = heads.indexOf('rep') + 1;
  const ids: string[] = [];
  for (let r = HEADER_ROW + 1; r <= ws.rowCount; r++) {
    const group = ws.getRow(r).getCell(rep).value;
    ids.push(`${String(ws.getRow(r).getCell(kpi).value)}${group ? `:${String(group)}` : ''}`);
  }
  const block = [1, 2, 3, 4].map((r) => String(ws.getRow(r).getCell(1).value ?? ''));
  return { ids, block };
}

describe('xlsx Report sheet order', () => {
  it('puts the exceptions first by status, registry order within a status; a KPI’s groups under its total', async () => {
    // missed: c, f, and h (its worst row, Bob, is missed; within h: the total, then Bob, then Ann) — in registry
    // order c, f, h · at risk: d · incomplete: g · error: e (each its own rank, render/order.ts) · met: a · no target: b
    expect((await sheet({ sort: 'status' })).ids).toEqual(['C', 'F', 'H', 'H:Bob', 'H:Ann', 'D', 'G', 'E', 'A', 'B']);
  });

  it('keeps registry order with --sort registry, and the worst variance first with --sort variance', async () => {
    expect((await sheet({ sort: 'registry' })).ids).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'H:Ann', 'H:Bob']);
    // Goodness = variance_pct, negated for `lower`: h's worst is Bob −0.80; d −0.40; f −0.10; c −0.05; a +0.10;
    // then those without a variance in status order: g (incomplete), e (error), b (no target).
    // Within h the total first, then Bob (−0.80), Ann (+0.20).
    expect((await sheet({ sort: 'variance' })).ids).toEqual(['H', 'H:Bob', 'H:Ann', 'D', 'F', 'C', 'A', 'G', 'E', 'B']);
  });

  it('leaves out what --hide names and says so in the title block', async () => {
    const { ids, block } = await sheet({ sort: 'status', hide: ['no_target', 'met'] });
    // met: a and h's Ann; no target: b — gone. The rest as in status order.
    expect(ids).toEqual(['C', 'F', 'H', 'H:Bob', 'D', 'G', 'E']);
    expect(block.some((line) => line.includes('not shown') && line.includes('--hide'))).toBe(true);
  });

  it('orders within each section of report:, the sections in the order written', async () => {
    const layout = { sections: [{ name: 'Sales', kpis: ['a', 'h', 'b', 'c'] }, { name: 'Service', kpis: ['g', 'd', 'e'] }], other: 'Other', hide: ['no_target' as const] };
    // Sales lists a, h, b, c: the missed h (its Bob) and c in the section's order, so h before c; then met a; then
    // no target b (the layout's hide: is not applied to the workbook). Service lists g, d, e: at risk d, then
    // incomplete/error g, e in the section's order. Other (in no section): f.
    expect((await sheet({ sort: 'status' }, { ...baseContext, layout })).ids).toEqual(['H', 'H:Bob', 'H:Ann', 'C', 'A', 'B', 'D', 'G', 'E', 'F']);
  });
});
