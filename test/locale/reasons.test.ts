// A result's reason in the locale's words (src/locale/reasons.ts). The templates are English texts the report writes
// elsewhere (report/coverage.ts, report/build-report.ts): the coverage reasons are made here by the real
// judgeCoverage, so a reworded reason there fails here instead of silently staying English in a Norwegian report.
import { describe, expect, it } from 'vitest';
import { judgeCoverage } from '../../src/report/coverage.js';
import { Formatter } from '../../src/locale/format.js';
import { runKpi } from '../helpers/run-kpi.js';

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
/** Every day from `from` to `to`: a source with a row each day (no gaps, so any missing day counts). */
const daily = (from: string, to: string) => Array.from({ length: day(to) - day(from) + 1 }, (_, i) => day(from) + i);
const OCTOBER = { id: '2026-10', start: day('2026-10-01'), end: day('2026-10-31') };
const reason = (days: number[], asOf: string) => judgeCoverage(days, OCTOBER, day(asOf)).reason!;

const nb = new Formatter('nb-NO');
const sv = new Formatter('sv-SE');
const da = new Formatter('da-DK');
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('coverage reasons in the locale, as report/coverage.ts writes them', () => {
  it('each of them matched and said in bokmål, dates in the locale', () => {
    const cases: [string, string][] = [
      [reason([], '2026-11-05'), 'ingen rad har en dato'],
      [reason(daily('2026-01-01', '2026-09-30'), '2026-11-05'), 'dataene slutter 30.09.2026, før 2026-10 begynner'],
      [reason(daily('2026-11-01', '2026-11-30'), '2026-12-05'), 'dataene begynner 01.11.2026, etter at 2026-10 er slutt'],
      // Running (as of the 15th: judged to the 14th), the data begins on the 16th.
      [reason(daily('2026-10-16', '2026-12-31'), '2026-10-15'), 'dataene begynner 16.10.2026, etter 14.10.2026, dagen før --as-of i 2026-10'],
      // Cut on the 20th: 31 − 20 = 11 days short of the finished month; on the 30th, 1 day.
      [reason(daily('2026-01-01', '2026-10-20'), '2026-11-05'), 'dataene slutter 20.10.2026, 11 dager før slutten av 2026-10 (31.10.2026)'],
      // September 2026 ends on a Wednesday: cut on the 29th, one weekday short (31 October is a Saturday, no gap).
      [judgeCoverage(daily('2026-01-01', '2026-09-29'), { id: '2026-09', start: day('2026-09-01'), end: day('2026-09-30') }, day('2026-10-05')).reason!, 'dataene slutter 29.09.2026, 1 dag før slutten av 2026-09 (30.09.2026)'],
      // Running as of the 20th (judged to the 19th), the data ends on the 5th: 14 days short.
      [reason(daily('2026-01-01', '2026-10-05'), '2026-10-20'), 'dataene slutter 05.10.2026, 14 dager før 19.10.2026, dagen før --as-of i 2026-10'],
      // Begins on the 10th of a finished month: 9 days after its start.
      [reason(daily('2026-10-10', '2027-03-31'), '2026-12-05'), 'dataene begynner 10.10.2026, 9 dager etter starten av 2026-10 (01.10.2026)'],
    ];
    for (const [english, bokmal] of cases) {
      expect(english.startsWith('the data') || english === 'no row has a date', english).toBe(true);
      // As sourceCoverage writes it, after the source's name.
      expect(nb.reason(`sales: ${english}`), english).toBe(`sales: ${bokmal}`);
    }
  });

  it('Swedish and Danish, and English as it is', () => {
    const short = `sales: ${reason(daily('2026-01-01', '2026-10-20'), '2026-11-05')}`;
    expect(sv.reason(short)).toBe('sales: underlaget slutar 2026-10-20, 11 dagar före slutet av 2026-10 (2026-10-31)');
    expect(da.reason(short)).toBe('sales: dataene slutter 20.10.2026, 11 dage før slutningen af 2026-10 (31.10.2026)');
    expect(new Formatter().reason(short)).toBe(short);
    expect(new Formatter('en-GB').reason(short)).toBe(short);
  });
});

describe("build-report's reasons", () => {
  it('cannot be computed (a source without rows, one whose rows cannot be read, a missing column), a window not covered', () => {
    expect(nb.reason('cannot be computed: deals has no data rows (deals.csv)')).toBe('kan ikke beregnes: deals har ingen datarader (deals.csv)');
    expect(plain(nb.reason('cannot be computed: deals: none of its 1200 rows could be read (kpi validate lists them)'))).toBe('kan ikke beregnes: deals: ingen av de 1 200 radene kunne leses (kpi validate viser dem)');
    expect(sv.reason('rolling(revenue, 12 months) reads 2025-11..2026-10: sales: the data begins on 2026-01-01, 61 days after the start of 2025-11..2026-10 (2025-11-01)')).toBe(
      'rolling(revenue, 12 months) läser 2025-11..2026-10: sales: underlaget börjar 2026-01-01, 61 dagar efter början av 2025-11..2026-10 (2025-11-01)',
    );
    // A reason kpi does not know stays as it is, inside a frame it knows the frame is said.
    expect(da.reason('cannot be computed: something new')).toBe('kan ikke beregnes: something new');
    expect(da.reason('its amounts of 2026-10 are in 2 currencies')).toBe('its amounts of 2026-10 are in 2 currencies');
    // A "reads" frame around a reason it does not know is not half translated.
    expect(nb.reason('x reads 2026-10: something new')).toBe('x reads 2026-10: something new');
  });

  it('in the report: md and the table in the locale, json and csv in English as ever', () => {
    // fixtures/coverage: sales cut on 20 October, deals without an amount column (README "Coverage").
    const args = ['report', '-c', 'fixtures/coverage/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-05', '-q'];
    const md = plain(runKpi([...args, '--locale', 'nb-NO', '-f', 'md']).stdout);
    expect(md).toContain('ufullstendig: sales: dataene slutter 20.10.2026, 11 dager før slutten av 2026-10 (31.10.2026) — Omsetning');
    expect(md).toContain("feil: kan ikke beregnes: feltet 'amount' i deals: ingen kolonne heter amount eller et synonym (amount, value, close\\_value, deal\\_value); angi kolonnen som har det under sources: deals: i kpi.yaml");
    const table = plain(runKpi([...args, '--locale', 'da-DK']).stdout);
    expect(table).toContain('sales: dataene slutter 20.10.2026, 11 dage før slutningen af 2026-10 (31.10.2026)');
    const json = JSON.parse(runKpi([...args, '--locale', 'nb-NO', '-f', 'json']).stdout) as { results: { kpi: string; reason: string | null }[] };
    expect(json.results.find((r) => r.kpi === 'revenue')!.reason).toBe('sales: the data ends on 2026-10-20, 11 days before the end of 2026-10 (2026-10-31)');
    expect(runKpi([...args, '--locale', 'nb-NO', '-f', 'csv']).stdout).toContain('sales: the data ends on 2026-10-20, 11 days before the end of 2026-10 (2026-10-31)');
  });

  it('how a target was found, in its plain cases (the xlsx Definitions sheet, kpi explain)', () => {
    expect([nb.reason('general target'), sv.reason('general target'), da.reason('general target')]).toEqual(['generelt mål', 'generellt mål', 'generelt mål']);
    expect(nb.reason("period override '2026-10'")).toBe("eget mål for perioden '2026-10'");
    expect(da.reason('no target in the targets file')).toBe('intet mål i målfilen');
    expect(sv.reason("group rep=Kari: period override '2026-10'")).toBe("grupp rep=Kari: eget mål för perioden '2026-10'");
    // Win rate's target in the demo is the general one (targets.yaml without a period override for it).
    const r = runKpi(['explain', 'win_rate', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-05', '--locale', 'nb-NO']);
    expect(plain(r.stdout)).toMatch(/\nMål {8}30,0 % {3}— generelt mål\n/);
  });

  it('rows dated after --as-of, in the explain trace', () => {
    const r = runKpi(['explain', 'revenue', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-10-15', '--locale', 'nb-NO']);
    expect(plain(r.stdout)).toContain('sales: rader datert 16.10.2026 – 31.10.2026 ligger etter --as-of 15.10.2026 innenfor 2026-10, så perioden løper ikke i disse dataene og fremskrives ikke');
  });
});
