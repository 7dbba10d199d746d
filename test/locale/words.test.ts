// The words left in English in a Nordic report (last session's review): the empty --by group, the fields a report
// is grouped and split by. The formats people read say them in the locale; the formats for machines keep what
// scripts match: JSON and CSV carry the empty group as "", junit names it `(blank)`.
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

// fixtures/demo: some sales rows have no rep (the `(blank)` group of --by rep).
const DEMO = ['-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-05', '--kpi', 'revenue', '--by', 'rep'];

describe('the empty group and the grouping field in the locale', () => {
  it('md in bokmål: the empty group is (tom), the rep column is selger', () => {
    const r = runKpi(['report', ...DEMO, '--locale', 'nb-NO', '-f', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| Nøkkeltall | selger | Faktisk |');
    // 184 381,50 kr: the demo's October sales without a rep (the sum the English report shows as (blank)).
    expect(r.stdout).toMatch(/\| Omsetning \| \(tom\) \| 184\u00a0381,50\u00a0kr \|/);
    expect(r.stdout).not.toContain('(blank)');
  });

  it('the table in Swedish and Danish', () => {
    const sv = runKpi(['report', ...DEMO, '--locale', 'sv-SE']);
    expect(sv.stdout).toMatch(/│ Nyckeltal +│ säljare +│/);
    expect(sv.stdout).toMatch(/│ \(tom\) +│/);
    const da = runKpi(['report', ...DEMO, '--locale', 'da-DK']);
    expect(da.stdout).toMatch(/│ Nøgletal +│ sælger +│/);
    expect(da.stdout).toMatch(/│ \(tom\) +│/);
  });

  it('without a locale as before: (blank) and rep', () => {
    const r = runKpi(['report', ...DEMO, '-f', 'md']);
    expect(r.stdout).toContain('| KPI | rep | Actual |');
    expect(r.stdout).toContain('| Revenue | (blank) |');
  });

  it('json and csv carry "", junit (blank), in every locale', () => {
    const json = JSON.parse(runKpi(['report', ...DEMO, '--locale', 'nb-NO', '-f', 'json']).stdout) as { results: { group: Record<string, string> }[] };
    expect(json.results.filter((r) => r.group.rep === '').length).toBe(1);
    expect(json.results.some((r) => Object.values(r.group).includes('(tom)'))).toBe(false);
    const csv = runKpi(['report', ...DEMO, '--locale', 'nb-NO', '-f', 'csv']).stdout.split('\n');
    // The head names the field as kpi.yaml does; the group's cell (the fifth) is empty on the total and the blank rep.
    expect(csv[0]).toMatch(/^kpi,label,unit,better,rep,value,/);
    expect(csv.filter((l) => /^revenue,Revenue,currency,higher,,/.test(l)).length).toBe(2);
    expect(csv.join('\n')).not.toContain('(tom)');
    const junit = runKpi(['report', ...DEMO, '--locale', 'nb-NO', '-f', 'junit']).stdout;
    expect(junit).toContain('rep=(blank)');
    expect(junit).not.toContain('(tom)');
  });
});

describe('kpi list in the locale', () => {
  it('--locale: heads, built-in labels, units and directions in the language; ids and fields as written', () => {
    const r = runKpi(['list', '--locale', 'nb-NO']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ Nøkkeltall +│ Navn +│ Enhet +│ Bedre +│ Trenger +│/);
    expect(r.stdout).toMatch(/│ revenue +│ Omsetning +│ beløp +│ høyere +│ sales\.revenue +│/);
    expect(r.stdout).toMatch(/│ churn_rate +│ Kundefrafall +│ prosent +│ lavere +│/);
    expect(r.stdout).toMatch(/\d+ nøkkeltall\. `kpi explain <kpi>` viser en formel i sin helhet\.\n$/);
    const sv = runKpi(['list', '--locale', 'sv-SE']);
    expect(sv.stdout).toMatch(/│ revenue +│ Intäkter +│ belopp +│ högre +│/);
  });

  it("kpi.yaml's locale: does the same, --locale wins; a narrow terminal's lines too; json never moves", () => {
    // fixtures/locale/kpi.yaml has locale: nb-NO.
    const nb = runKpi(['list', '-c', 'fixtures/locale/kpi.yaml'], { env: { COLUMNS: '60' } });
    expect(nb.code, nb.stderr).toBe(0);
    expect(nb.stdout).toContain('✔ revenue                Omsetning (beløp, høyere er bedre)\n    trenger sales.revenue\n');
    const en = runKpi(['list', '-c', 'fixtures/locale/kpi.yaml', '--locale', 'en-US']);
    expect(en.stdout).toMatch(/│ revenue +│ Revenue +│ currency +│ higher +│/);
    expect(runKpi(['list', '-c', 'fixtures/locale/kpi.yaml', '-f', 'json']).stdout).toBe(runKpi(['list', '-c', 'fixtures/locale/kpi.yaml', '-f', 'json', '--locale', 'en-US']).stdout);
    expect(runKpi(['list', '--help']).stdout).toContain('$ kpi list --locale nb-NO');
    const bad = runKpi(['list', '--locale', 'fr']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--locale fr: kpi speaks nb-NO, sv-SE, da-DK, en-GB, en-US')]);
  });
});

describe("kpi explain's trace in the locale", () => {
  it('heads, phrases, figures, dates and counts in Danish; formulas, files and exact values as written', () => {
    const r = runKpi(['explain', 'revenue', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-05', '--locale', 'da-DK']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.replace(/[\u00a0\u202f]/g, ' ');
    // The demo's money is NOK: another currency than Danish kroner, so by its code (README "Language and number format").
    expect(out).toContain('revenue — Omsætning (beløb, højere er bedre)\n');
    expect(out).toContain('\nFormel     sum(sales.revenue)\n');
    expect(out).toContain('\nPeriode    2026-10 (01.10.2026 – 31.10.2026), sammenlignet med 2026-09 (01.09.2026 – 30.09.2026)\n');
    // 3779 rows in the demo's sales.csv, 197 of them in October (its Danish thousands dot: 3.779).
    expect(out).toMatch(/\n  læste rækker 3\.779 · i 2026-10: 197 · i 2026-09: 195 · sprunget over \(ulæselige\) 0 · uden periodedato 0\n/);
    expect(out).toContain('\n  sum(sales.revenue) = 1462864.4 | 1341581.1   (n 197)\n');
    expect(out).toContain('\nVærdi      1.462.864,40 NOK   (præcis: 1462864.4)   n 197\n');
    expect(out).toContain('\nStatus     ▲ i risiko   afvigelse −37.135,60 NOK (−2,5 %)\n');
    expect(out).toContain('\nDækning    sales: datoer 01.10.2026 – 31.10.2026 i perioden, 197 rækker; fuldstændig\n');
    expect(out).not.toMatch(/\n(Formula|Period|Value|Previous|Target|Coverage) /);
  });

  it('without a locale the trace reads as it always did', () => {
    const r = runKpi(['explain', 'revenue', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-05']);
    expect(r.stdout).toContain('revenue — Revenue (currency, higher is better)\n');
    expect(r.stdout).toContain('\n  rows read 3779 · in 2026-10: 197 · in 2026-09: 195 · skipped (unreadable) 0 · without a period date 0\n');
    expect(r.stdout).toContain('\nValue      1,462,864.40 NOK   (exact: 1462864.4)   n 197\n');
  });
});
