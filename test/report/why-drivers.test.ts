// Drivers (issue 18, README "Why it moved"): which members of rep and product make up a result's variance and change.
// Expected figures are derived by hand from fixtures/why (beside each assertion), and on the demo company computed
// here from the CSV itself (a reader of its own: cents as integers, ratios in floats), never copied from kpi.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';

interface Member { member: string; contribution: number; rate?: number; mix?: number; value: number | null; previous: number | null; target?: number }
interface Split { dimension: string; against: 'target' | 'previous'; method: string; basis?: string; total: number; scale: number; rate?: number; mix?: number; members: (Member & { basis?: string })[]; unallocated?: { contribution: number; target?: number }; other: { members: number; contribution: number; rate?: number; mix?: number } | null }
interface Row { kpi: string; group: Record<string, string>; value: number; previous: number; change: number; variance: number | null; status: string; drivers?: Split[]; drivers_note?: string | null }

function report(config: string, args: string[]): Row[] {
  const run = runKpi(['report', '-c', config, '--period', '2026-10', '--as-of', '2026-11-15', '-f', 'json', ...args]);
  expect(run.stderr).not.toMatch(/internal/i);
  expect([0, 1]).toContain(run.code);
  return (JSON.parse(run.stdout) as { results: Row[] }).results;
}
const total = (rows: Row[], kpi: string) => rows.find((r) => r.kpi === kpi && Object.keys(r.group).length === 0)!;
const split = (r: Row, dimension: string, against: Split['against']) => r.drivers!.find((s) => s.dimension === dimension && s.against === against)!;
/** A JSON number as units of 10^-scale, exactly as printed (no float sum). */
const units = (x: number, scale: number): bigint => {
  const [int, frac = ''] = Math.abs(x).toFixed(scale).split('.');
  const u = BigInt(int + frac.padEnd(scale, '0'));
  return x < 0 ? -u : u;
};
/** The contributions (with other) add up to the total, exactly at the split's scale; and rate + mix to each. */
function addsUp(s: Split): void {
  const parts = [...s.members.map((m) => m.contribution), ...(s.unallocated ? [s.unallocated.contribution] : []), ...(s.other ? [s.other.contribution] : [])];
  expect(parts.reduce((a, x) => a + units(x, s.scale), 0n)).toBe(units(s.total, s.scale));
  if (s.rate !== undefined) {
    expect(units(s.rate, s.scale) + units(s.mix!, s.scale)).toBe(units(s.total, s.scale));
    for (const m of [...s.members, ...(s.other ? [s.other] : [])]) expect(units(m.rate!, s.scale) + units(m.mix!, s.scale)).toBe(units(m.contribution, s.scale));
    const rates = [...s.members.map((m) => m.rate!), ...(s.other ? [s.other.rate!] : [])];
    expect(rates.reduce((a, x) => a + units(x, s.scale), 0n)).toBe(units(s.rate, s.scale));
  }
}

describe('drivers on fixtures/why', () => {
  const rows = report('fixtures/why/kpi.yaml', ['--allow-incomplete', '--kpi', 'revenue,gross_margin,win_rate,avg_deal_size', '--drivers', 'rep,product']);
  const revenue = total(rows, 'revenue');

  it("revenue's change by rep is each rep's own change", () => {
    // October: Ann 900.00 + 650.25 = 1550.25, Bo 300 + 200 = 500, Cy 1200.40 (order 11 has no amount), Dee 99.99;
    // September: Ann 1000.10 + 500 = 1500.10, Bo 800 + 300.05 = 1100.05, Cy 400. Changes, largest first:
    const s = split(revenue, 'rep', 'previous');
    expect(s.method).toBe('sum');
    expect(s.total).toBe(350.49); // 3350.64 − 3000.15
    expect(s.members.map((m) => [m.member, m.contribution])).toEqual([
      ['Cy', 800.4],
      ['Bo', -600.05],
      ['Dee', 99.99],
      ['Ann', 50.15],
    ]);
    addsUp(s);
  });

  it("revenue's variance by rep shares the target by September's revenue, to the cent", () => {
    // Target 4000 shared by September: Ann 4000 × 1500.10/3000.15 = 2000.0333…, Bo 4000 × 1100.05/3000.15 =
    // 1466.6600003…, Cy 4000 × 400/3000.15 = 533.306668…, Dee 0. Contributions: Bo 500 − 1466.66… = −966.66,
    // Cy 1200.40 − 533.31 = +667.09 (667.093332), Ann 1550.25 − 2000.03 = −449.78, Dee +99.99; they add up to
    // −649.36 = 3350.64 − 4000, the variance, with no cent lost.
    const s = split(revenue, 'rep', 'target');
    expect(s.method).toBe('target_share');
    expect(s.total).toBe(revenue.variance);
    expect(s.total).toBe(-649.36);
    expect(s.members.map((m) => [m.member, m.contribution])).toEqual([
      ['Bo', -966.66],
      ['Cy', 667.09],
      ['Ann', -449.78],
      ['Dee', 99.99],
    ]);
    expect(s.members.find((m) => m.member === 'Bo')!.target).toBe(1466.66);
    addsUp(s);
  });

  it("gross margin's change by product splits into rate and mix that add up exactly", () => {
    // Alpha: Oct revenue 900 + 300 + 200 = 1400, cost 540 + 210 + 130 = 880 (order 11: no revenue, no cost);
    //        Sep revenue 1000.10 + 800 + 400 = 2200.10, cost 600 + 500 + 300 = 1400.
    // Beta:  Oct revenue 650.25 + 1200.40 + 99.99 = 1950.64, cost 250 + 400 + 20 = 670; Sep 500 + 300.05 = 800.05, cost 300.
    const a = { n1: 1400 - 880, d1: 1400, n0: 2200.1 - 1400, d0: 2200.1 };
    const b = { n1: 1950.64 - 670, d1: 1950.64, n0: 800.05 - 300, d0: 800.05 };
    const D1 = a.d1 + b.d1;
    const D0 = a.d0 + b.d0;
    const R1 = (a.n1 + b.n1) / D1;
    const R0 = (a.n0 + b.n0) / D0;
    // Midpoint split: rate = (r1 − r0)(w0 + w1)/2, mix = (w1 − w0)((r0 + r1)/2 − (R0 + R1)/2).
    const effect = (g: typeof a) => {
      const [r1, r0, w1, w0] = [g.n1 / g.d1, g.n0 / g.d0, g.d1 / D1, g.d0 / D0];
      return { rate: ((r1 - r0) * (w0 + w1)) / 2, mix: (w1 - w0) * ((r0 + r1) / 2 - (R0 + R1) / 2) };
    };
    const s = split(total(rows, 'gross_margin'), 'product', 'previous');
    expect(s.method).toBe('rate_mix');
    expect(Math.abs(s.total - (R1 - R0))).toBeLessThan(1e-10);
    for (const [name, g] of [['Alpha', a], ['Beta', b]] as const) {
      const m = s.members.find((x) => x.member === name)!;
      expect(Math.abs(m.rate! - effect(g).rate)).toBeLessThan(2e-10);
      expect(Math.abs(m.mix! - effect(g).mix)).toBeLessThan(2e-10);
    }
    // Most of the margin's rise is the mix moving to Beta (the higher-margin product: 62.5% in September against Alpha's 36.4%).
    expect(s.mix!).toBeGreaterThan(s.rate!);
    addsUp(s);
    expect(Math.abs(s.total - total(rows, 'gross_margin').change)).toBeLessThan(1e-10);
  });

  it("win rate's variance: each rep's weight times its gap to the target", () => {
    // October closed: Ann won 2 of 3, Bo won 1 of 4; 7 closed. Target 50%: Ann 3/7 × (2/3 − 0.5) = +1/14,
    // Bo 4/7 × (1/4 − 0.5) = −1/7; together 3/7 − 0.5 = −1/14, the variance.
    const s = split(total(rows, 'win_rate'), 'rep', 'target');
    expect(s.method).toBe('target_gap');
    expect(s.members.map((m) => m.member)).toEqual(['Bo', 'Ann']);
    expect(Math.abs(s.members[0].contribution - -1 / 7)).toBeLessThan(1e-10);
    expect(Math.abs(s.members[1].contribution - 1 / 14)).toBeLessThan(1e-10);
    addsUp(s);
  });

  it('says why a result is not split', () => {
    const wr = total(rows, 'win_rate');
    // deals has no product column.
    expect(wr.drivers_note).toMatch(/product: not a field of every source win_rate reads \(deals\)/);
    const avg = total(rows, 'avg_deal_size');
    expect(avg.drivers).toEqual([]);
  });

  it('materiality and top N fold the rest into other, still adding up', () => {
    const yaml = join(ROOT, 'fixtures/why/kpi.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'kpi-why-'));
    for (const f of ['sales.csv', 'deals.csv', 'surveys.csv', 'targets.yaml']) copyFileSync(join(ROOT, 'fixtures/why', f), join(dir, f));
    writeFileSync(join(dir, 'kpi.yaml'), `${readFileSync(yaml, 'utf8')}drivers: { by: [rep], top: 2, materiality: 100 }\n`);
    const r = total(report(join(dir, 'kpi.yaml'), ['--allow-incomplete', '--kpi', 'revenue']), 'revenue');
    // Change by rep: Cy +800.40, Bo −600.05 named (top 2); Dee +99.99 and Ann +50.15 below 100: other (2) +150.14.
    const s = split(r, 'rep', 'previous');
    expect(s.members.map((m) => m.member)).toEqual(['Cy', 'Bo']);
    expect(s.other).toEqual({ members: 2, contribution: 150.14 });
    addsUp(s);
  });

  it('the table and markdown say it in words', () => {
    const run = runKpi(['report', '-c', 'fixtures/why/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete', '--kpi', 'revenue', '--drivers', 'rep']);
    expect(run.stdout).toContain('Why Revenue — variance by rep: −649.36 NOK: Bo −966.66 NOK, Cy +667.09 NOK, Ann −449.78 NOK, Dee +99.99 NOK');
    const md = runKpi(['report', '-c', 'fixtures/why/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete', '--kpi', 'revenue', '--drivers', 'rep', '-f', 'md']);
    expect(md.stdout).toContain('- **Why Revenue** — change by rep: +350.49 NOK: Cy +800.40 NOK');
  });

  it('an unknown driver field is a usage error naming it', () => {
    const run = runKpi(['report', '-c', 'fixtures/why/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--drivers', 'regoin']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/drivers: no source of the report has a field 'regoin'/);
  });
});

describe('drivers on the demo company, against the CSV read here', () => {
  // sales.csv: Windows-1252, ';', decimal commas with space thousands, dd.MM.yyyy; Selger (rep), Produkt, Beløp, Kostpris.
  const text = new TextDecoder('windows-1252').decode(readFileSync(join(ROOT, 'fixtures/demo/sales.csv')));
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '');
  const cols = header.split(';');
  const at = (name: string) => cols.indexOf(name);
  const cents = (s: string): bigint | null => {
    const t = s.replace(/[\s\u00a0]/g, '');
    if (t === '') return null;
    const [int, frac = ''] = t.replace('-', '').split(',');
    const c = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0'));
    return t.startsWith('-') ? -c : c;
  };
  type Sums = Map<string, { rev: bigint; cost: bigint }>;
  const sums = (month: string, field: 'Selger' | 'Produkt'): Sums => {
    const out: Sums = new Map();
    for (const l of lines) {
      const c = l.split(';');
      const [, mm, yyyy] = c[at('Dato')].split('.');
      if (`${yyyy}-${mm}` !== month) continue;
      const key = c[at(field)];
      const g = out.get(key) ?? { rev: 0n, cost: 0n };
      g.rev += cents(c[at('Beløp')]) ?? 0n;
      g.cost += cents(c[at('Kostpris')]) ?? 0n;
      out.set(key, g);
    }
    return out;
  };
  const rows = report('fixtures/demo/kpi.yaml', ['--kpi', 'revenue,gross_margin', '--drivers', 'rep,product']);
  const revenue = total(rows, 'revenue');
  // Gross margin is met and moved 0.7 points (under drivers.change's 10%): a copy of the demo's kpi.yaml asking
  // for every change to be explained (its files by absolute path).
  const dir = mkdtempSync(join(tmpdir(), 'kpi-why-demo-'));
  const demo = readFileSync(join(ROOT, 'fixtures/demo/kpi.yaml'), 'utf8').replace(/file: (\S+\.csv)/g, (_, f: string) => `file: ${JSON.stringify(join(ROOT, 'fixtures/demo', f))}`);
  writeFileSync(join(dir, 'kpi.yaml'), `${demo}\ndrivers: { by: [rep, product], change: 0% }\n`);
  const margin = total(report(join(dir, 'kpi.yaml'), ['-t', join(ROOT, 'fixtures/demo/targets.yaml'), '--kpi', 'gross_margin']), 'gross_margin');

  it("names the reps and products behind revenue's miss, adding up to the variance to the cent", () => {
    expect(['missed', 'at_risk']).toContain(revenue.status);
    // Product has no targets of its own in targets.yaml: the total's target is shared by September's revenue. (Rep
    // has its own targets: the next test.)
    for (const field of ['Produkt'] as const) {
      const dim = 'product';
      const now = sums('2026-10', field);
      const before = sums('2026-09', field);
      const V = [...now.values()].reduce((a, g) => a + g.rev, 0n);
      const P = [...before.values()].reduce((a, g) => a + g.rev, 0n);
      const T = 150_000_000n; // targets.yaml: revenue 2026-10: 1_500_000, in cents
      const s = split(revenue, dim, 'target');
      expect(units(s.total, 2)).toBe(V - T); // the variance, −37,135.60 NOK
      expect(units(revenue.variance!, 2)).toBe(V - T);
      addsUp(s);
      // Each named member: its October revenue less its September share of the target (T × p / P), within a cent.
      for (const m of s.members) {
        const v = now.get(m.member)?.rev ?? 0n;
        const p = before.get(m.member)?.rev ?? 0n;
        const exact = Number(v) - (Number(T) * Number(p)) / Number(P);
        expect(Math.abs(Number(units(m.contribution, 2)) - exact)).toBeLessThanOrEqual(1);
      }
      // The change: each member's own October less September, to the cent.
      const c = split(revenue, dim, 'previous');
      expect(units(c.total, 2)).toBe(V - P);
      for (const m of c.members) expect(units(m.contribution, 2)).toBe((now.get(m.member)?.rev ?? 0n) - (before.get(m.member)?.rev ?? 0n));
      addsUp(c);
      expect(c.members.length).toBeGreaterThan(0);
    }
  });

  it("revenue's variance by rep is against each rep's own target, as the --by rep table shows it", () => {
    // targets.yaml gives six reps targets of their own (revenue by: rep:): Åse 300,000, Øystein 250,000, Jonas
    // 100,000, Kari 200,000, Magnus 200,000, Ingrid 200,000 — 1,250,000 of the company's 1,500,000 for 2026-10. Each
    // rep's contribution is its October revenue less its own target, the variance of its row in `--by rep`; Kari
    // Lærum: 135,463.00 (her October lines in sales.csv, summed below) − 200,000 = −64,537.00. The lines without a
    // rep (the web shop) have no target of their own: they take the 250,000 no rep holds. The parts add up to
    // 1,462,864.40 − 1,500,000 = −37,135.60, the variance.
    const own: Record<string, bigint> = { 'Åse Bjørnstad': 30_000_000n, 'Øystein Hæreid': 25_000_000n, 'Jonas Brække': 10_000_000n, 'Kari Lærum': 20_000_000n, 'Magnus Sæther': 20_000_000n, 'Ingrid Fjæra': 20_000_000n };
    const now = sums('2026-10', 'Selger');
    const s = split(revenue, 'rep', 'target');
    expect(s.basis).toBe('own_targets');
    expect(units(s.total, 2)).toBe(-3_713_560n);
    addsUp(s);
    expect(units(s.members.find((m) => m.member === 'Kari Lærum')!.contribution, 2)).toBe(-6_453_700n);
    expect(now.get('Kari Lærum')!.rev - own['Kari Lærum']).toBe(-6_453_700n);
    // The table's own row for Kari says the same.
    const byRep = report('fixtures/demo/kpi.yaml', ['--kpi', 'revenue', '--drivers', 'rep', '--by', 'rep']);
    expect(units(byRep.find((r) => r.kpi === 'revenue' && r.group.rep === 'Kari Lærum')!.variance!, 2)).toBe(-6_453_700n);
    for (const m of s.members) {
      const v = now.get(m.member)?.rev ?? 0n;
      if (m.member in own) {
        expect(m.basis).toBe('own_target');
        expect(units(m.contribution, 2)).toBe(v - own[m.member]);
      } else {
        // The blank rep: the whole rest, 1,500,000 − 1,250,000 = 250,000 (it is the only member without a target).
        expect(m.basis).toBe('rest_share');
        expect(units(m.contribution, 2)).toBe(v - 25_000_000n);
      }
    }
    expect(s.unallocated).toBeUndefined();
  });

  it("win rate's variance by rep: against each rep's own target, the targets' own gap a line of its own", () => {
    // deals.csv, October, closed deals by rep (the demo's win rate: won / closed): Åse 2 of 8, Jonas 1 of 14,
    // Øystein 4 of 6 — 7 of 28, 25 %, against 30 %: −5 pp. Own targets 35 %, 20 %, 30 % (targets.yaml). Each rep's
    // contribution is (won − own target × closed) / 28: Åse (2 − 2.8)/28 = −0.8/28, Jonas (1 − 2.8)/28 = −1.8/28,
    // Øystein (4 − 1.8)/28 = +2.2/28; the own targets weighed against the company's, Σ closed × (own − 30 %) / 28
    // = (8 × 5 % + 14 × −10 % + 0)/28 = −1/28. Sum: −1.4/28 = −0.05.
    const rows = report('fixtures/demo/kpi.yaml', ['--kpi', 'win_rate', '--drivers', 'rep']);
    const s = split(total(rows, 'win_rate'), 'rep', 'target');
    expect(s.basis).toBe('own_targets');
    const c = (who: string) => s.members.find((m) => m.member === who)!.contribution;
    expect(Math.abs(c('Åse Bjørnstad') - -0.8 / 28)).toBeLessThan(1e-10);
    expect(Math.abs(c('Jonas Brække') - -1.8 / 28)).toBeLessThan(1e-10);
    expect(Math.abs(c('Øystein Hæreid') - 2.2 / 28)).toBeLessThan(1e-10);
    expect(Math.abs(s.unallocated!.contribution - -1 / 28)).toBeLessThan(1e-10);
    addsUp(s);
  });

  it('the Why line says the basis in the locale', () => {
    const run = runKpi(['report', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue,win_rate', '--drivers', 'rep', '--locale', 'nb-NO']);
    // nb-NO groups thousands with a no-break space: compared as plain spaces.
    run.stdout = run.stdout.replace(/[\u00a0\u202f]/g, ' ');
    expect(run.stdout).toContain('avvik fordelt på selger, hver mot sitt eget mål: −37 135,60 kr');
    expect(run.stdout).toMatch(/Kari Lærum −64 537,00 kr/);
    expect(run.stdout).toMatch(/−65 618,50 kr \(andel av målet som ikke er fordelt på selger\)/);
    expect(run.stdout).toMatch(/egne mål mot totalens mål −3,6 p\.p\./);
  });

  it("gross margin's rate/mix split by product adds up to its change exactly, and matches a float computation", () => {
    const now = sums('2026-10', 'Produkt');
    const before = sums('2026-09', 'Produkt');
    const tot = (m: Sums) => [...m.values()].reduce((a, g) => ({ n: a.n + Number(g.rev - g.cost), d: a.d + Number(g.rev) }), { n: 0, d: 0 });
    const [t1, t0] = [tot(now), tot(before)];
    const [R1, R0] = [t1.n / t1.d, t0.n / t0.d];
    const s = split(margin, 'product', 'previous');
    expect(Math.abs(s.total - (R1 - R0))).toBeLessThan(1e-10);
    expect(Math.abs(s.total - margin.change)).toBeLessThan(1e-10);
    addsUp(s);
    for (const m of s.members) {
      const g1 = now.get(m.member);
      const g0 = before.get(m.member);
      const r1 = g1 && g1.rev !== 0n ? Number(g1.rev - g1.cost) / Number(g1.rev) : undefined;
      const r0 = g0 && g0.rev !== 0n ? Number(g0.rev - g0.cost) / Number(g0.rev) : undefined;
      const [a, b] = [r1 ?? r0!, r0 ?? r1!];
      const w1 = g1 ? Number(g1.rev) / t1.d : 0;
      const w0 = g0 ? Number(g0.rev) / t0.d : 0;
      expect(Math.abs(m.rate! - ((a - b) * (w0 + w1)) / 2)).toBeLessThan(1e-9);
      expect(Math.abs(m.mix! - (w1 - w0) * ((a + b) / 2 - (R0 + R1) / 2))).toBeLessThan(1e-9);
    }
  });
});

describe('drivers in html and xlsx', () => {
  const args = ['report', '-c', 'fixtures/why/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--allow-incomplete', '--kpi', 'revenue', '--drivers', 'rep'];
  it('html has a Why section with each split', () => {
    const run = runKpi([...args, '-f', 'html']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/<section id="why">/);
    expect(run.stdout).toContain('<strong>Revenue</strong> — variance by rep: −649.36 NOK: Bo −966.66 NOK');
  });
  it('xlsx has a Why sheet whose contributions add up to the total', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-why-xlsx-'));
    const out = join(dir, 'r.xlsx');
    expect(runKpi([...args, '-o', out]).code).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Why')!;
    const rows: unknown[][] = [];
    ws.eachRow((r, i) => i > 1 && rows.push((r.values as unknown[]).slice(1)));
    const variance = rows.filter((r) => r[1] === 'target');
    // Bo −966.66, Cy +667.09, Ann −449.78, Dee +99.99 (derived above): −649.36 in cents.
    expect(variance.map((r) => r[3])).toEqual(['Bo', 'Cy', 'Ann', 'Dee']);
    expect(variance.reduce((a, r) => a + Math.round((r[4] as number) * 100), 0)).toBe(-64936);
  });
});
