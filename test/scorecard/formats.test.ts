// kpi scorecard's html, xlsx and --by: the page is self-contained with a cell per month and status; the workbook's
// Scorecard sheet holds the exact figures (the json's); each rep's row is that rep's report result.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const ARGS = ['scorecard', '-c', 'fixtures/layout/kpi.yaml', '--as-of', '2026-11-15'];

describe('kpi scorecard formats', () => {
  it('html: the CSP, the sections, a cell per month with its status class, every month in the head', { timeout: 60_000 }, () => {
    const run = runKpi([...ARGS, '-f', 'html']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:"`);
    expect(run.stdout).not.toMatch(/<script|https?:\/\//);
    expect([...run.stdout.matchAll(/<tr class="section"><th colspan="15" scope="colgroup">([^<]*)</g)].map((m) => m[1])).toEqual(['Sales', 'Customer service']);
    const revenue = /<th scope="row" class="kpi" title="revenue">Revenue<\/th>(.*?)<\/tr>/.exec(run.stdout)![1];
    // Jan … Oct (missed, missed, met × 7, at risk), then YTD (met), last year YTD, full-year target, remaining.
    expect([...revenue.matchAll(/class="num s-(\w+)/g)].map((m) => m[1])).toEqual(['missed', 'missed', 'met', 'met', 'met', 'met', 'met', 'met', 'met', 'at_risk', 'met']);
    expect(revenue).toContain('title="2026-10: 1,462,864.40 NOK · target 1,500,000.00 NOK · ▲ at risk"');
  });

  it('xlsx: the Scorecard sheet holds the json\'s figures as numbers, the Cells sheet every status in words', { timeout: 60_000 }, async () => {
    const json = JSON.parse(runKpi([...ARGS, '-f', 'json']).stdout) as { rows: { kpi: string; months: { value: number }[]; ytd: { value: number }; full_year_target: number; remaining: number }[] };
    const out = join(mkdtempSync(join(tmpdir(), 'kpi-sc-xlsx-')), 'sc.xlsx');
    const run = runKpi([...ARGS, '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Scorecard')!;
    expect(ws.getRow(3).getCell(1).value).toBe('KPI');
    expect(ws.getRow(4).getCell(1).value).toBe('Sales');
    const row = ws.getRow(5);
    const revenue = json.rows.find((r) => r.kpi === 'revenue')!;
    expect(row.getCell(1).value).toBe('Revenue');
    expect([2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((c) => row.getCell(c).value)).toEqual(revenue.months.map((m) => m.value));
    expect([row.getCell(12).value, row.getCell(14).value, row.getCell(15).value, row.getCell(16).value]).toEqual([revenue.ytd.value, revenue.full_year_target, revenue.remaining, 'met']);
    const cells = wb.getWorksheet('Cells')!;
    expect(cells.getRow(1).values).toEqual([undefined, 'KPI', 'Label', 'Column', 'Period', 'Value', 'Target', 'Variance', 'Status', 'Projected']);
    expect(cells.getRow(11).values).toEqual([undefined, 'revenue', 'Revenue', 'month', '2026-10', 1462864.4, 1500000, -37135.6, 'at risk']);
  });

  it('xlsx --locale nb-NO: a percent\'s remaining is in «p.p.», the Norwegian word, and the status column fits its words', { timeout: 60_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kpi-sc-xlsx-nb-')), 'sc.xlsx');
    const run = runKpi([...ARGS, '--locale', 'nb-NO', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet(1)!;
    const last = ws.getRow(3).cellCount;
    const formats: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 3 && typeof row.getCell(last - 1).value === 'number') formats.push(row.getCell(last - 1).numFmt);
    });
    // Win rate's remaining is a difference of percents: points, in the locale's word; none may say the English `pp`.
    expect(formats).toContain('[$-414]+0.0 "p.p.";-0.0 "p.p.";0.0 "p.p."');
    expect(formats.filter((f) => /"pp"/.test(f))).toEqual([]);
    // «under målet» / «i rute» and the like: wider than the 12 characters the other figures get.
    expect(ws.getColumn(last).width).toBeGreaterThanOrEqual(20);
  });

  it('--by rep: each rep\'s cells are that rep\'s results in the month\'s and the YTD\'s reports', { timeout: 60_000 }, () => {
    const by = ['--kpi', 'revenue,win_rate', '--by', 'rep', '-f', 'json', '-q'];
    const sc = JSON.parse(runKpi([...ARGS, ...by]).stdout) as { rows: { kpi: string; group: Record<string, string>; months: Record<string, unknown>[]; ytd: Record<string, unknown> }[] };
    const reps = sc.rows.filter((r) => r.group.rep !== undefined);
    expect(reps.length).toBeGreaterThan(6);
    for (const [period, at] of [['2026-03', 2], ['2026-01-01..2026-10-31', -1]] as const) {
      const report = JSON.parse(runKpi(['report', '-c', 'fixtures/layout/kpi.yaml', '--as-of', '2026-11-15', '--period', period, '--compare', 'none', ...by]).stdout) as { results: Record<string, unknown>[] };
      for (const r of sc.rows) {
        const expected = report.results.find((x) => x.kpi === r.kpi && JSON.stringify(x.group) === JSON.stringify(r.group));
        const cell = at < 0 ? r.ytd : r.months[at];
        // A rep with no rows in that month is no group of its report; the scorecard's row has no figure there.
        if (expected === undefined) {
          expect([null, 0], `${r.kpi} ${JSON.stringify(r.group)} ${period}`).toContain(cell.value);
          continue;
        }
        for (const f of ['value', 'target', 'variance', 'status']) expect(cell[f], `${r.kpi} ${JSON.stringify(r.group)} ${period} ${f}`).toEqual(expected[f]);
      }
    }
  });

  it('--locale nb-NO: Norwegian heads, months, labels and digits in table, md, html; json and csv the same bytes', { timeout: 60_000 }, () => {
    const nb = runKpi([...ARGS, '--locale', 'nb-NO', '--kpi', 'revenue,win_rate']);
    expect(nb.code, nb.stderr).toBe(0);
    expect(nb.stdout).toContain('Nordlys Sykkel AS — Målkort 2026: 2026-01 – 2026-10, hittil i år 01.01.2026 – 31.10.2026');
    expect(nb.stdout).toMatch(/│ Nøkkeltall +│ +jan │ .* okt │ Hittil i år │ Hittil i fjor │ Årsmål │ +Gjenstår │/);
    // 1 462 864,40 kr in October: 1,46M; the win rate's remaining 30 % − 35,6 % in percentage points.
    expect(nb.stdout).toMatch(/│ Omsetning +│ .*1,46M ▲ │ +18,02M ✔ │/);
    expect(nb.stdout).toContain('−5,6\u00a0p.p.');
    const md = runKpi([...ARGS, '--locale', 'nb-NO', '-f', 'md']).stdout;
    expect(md).toContain('**Hittil i år: 5 nådd · 0 i fare · 1 ikke nådd · 24 uten mål · 0 uten data**');
    const html = runKpi([...ARGS, '--locale', 'nb-NO', '-f', 'html']).stdout;
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('title="2026-10: 1\u00a0462\u00a0864,40\u00a0kr · mål 1\u00a0500\u00a0000,00\u00a0kr · ▲ i fare"');
    for (const format of ['json', 'csv']) expect(runKpi([...ARGS, '--locale', 'nb-NO', '-f', format]).stdout).toBe(runKpi([...ARGS, '-f', format]).stdout);
  });
});
