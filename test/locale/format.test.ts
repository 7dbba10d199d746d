// The formatter of each locale, against figures written out by hand (Intl's CLDR data on Node 20: nb-NO groups with
// U+00A0, da-DK with '.', the Nordic percent sign after a no-break space).
import { describe, expect, it } from 'vitest';
import { Formatter, formatterFor } from '../../src/locale/format.js';
import { parseLocale } from '../../src/locale/locales.js';
import { displayWidth } from '../../src/render/text-table.js';

const NB = '\u00a0';
const nb = new Formatter('nb-NO');
const sv = new Formatter('sv-SE');
const da = new Formatter('da-DK');
const gb = new Formatter('en-GB');
const none = new Formatter();

describe('numbers and money', () => {
  it('writes the issue\'s figure as a Norwegian expects it', () => {
    expect(nb.value(1462864.4, 'currency', 'NOK')).toBe(`1${NB}462${NB}864,40${NB}kr`);
    expect(sv.value(1462864.4, 'currency', 'SEK')).toBe(`1${NB}462${NB}864,40${NB}kr`);
    expect(da.value(1462864.4, 'currency', 'DKK')).toBe(`1.462.864,40${NB}kr.`);
    expect(gb.value(1462864.4, 'currency', 'NOK')).toBe('1,462,864.40 NOK');
    expect(none.value(1462864.4, 'currency', 'NOK')).toBe('1,462,864.40 NOK');
  });

  it('writes another currency than the locale\'s own by its code (kr is NOK, SEK and DKK)', () => {
    expect(nb.value(1234.5, 'currency', 'SEK')).toBe(`1${NB}234,50${NB}SEK`);
    expect(sv.value(1234.5, 'currency', 'NOK')).toBe(`1${NB}234,50${NB}NOK`);
  });

  it('uses a typographic minus, and no sign on what rounds to zero', () => {
    expect(nb.value(-37135.6000000001, 'currency', 'NOK')).toBe(`−37${NB}135,60${NB}kr`);
    expect(da.value(-37135.6, 'currency', 'DKK')).toBe(`−37.135,60${NB}kr.`);
    expect(nb.value(-0.001, 'currency', 'NOK')).toBe(`0,00${NB}kr`);
  });

  it('percentages, points and relative changes', () => {
    expect(nb.value(0.412, 'percent')).toBe(`41,2${NB}%`);
    expect(gb.value(0.412, 'percent')).toBe('41.2%');
    expect(nb.delta(0.03, 'percent')).toBe(`+3,0${NB}p.p.`);
    expect(sv.delta(-0.05, 'percent')).toBe(`−5,0${NB}p.e.`);
    expect(da.delta(0.011, 'percent')).toBe(`+1,1${NB}pct.-point`);
    expect(gb.delta(0.068, 'percent')).toBe('+6.8 pp');
    expect(nb.pct(-0.025)).toBe(`−2,5${NB}%`);
    expect(nb.delta(0.0001, 'percent')).toBe(`±0,0${NB}p.p.`);
  });

  it('durations: days and hours in the language', () => {
    expect(nb.value(33.62, 'days')).toBe(`33,6${NB}d`);
    expect(nb.value(14.2, 'hours')).toBe(`14,2${NB}t`);
    expect(sv.value(14.2, 'hours')).toBe(`14,2${NB}h`);
    expect(da.value(14.2, 'hours')).toBe(`14,2${NB}t`);
    expect(gb.value(14.2, 'hours')).toBe('14.2 h');
  });

  it('counts and scores', () => {
    expect(nb.value(1234, 'count')).toBe(`1${NB}234`);
    expect(da.value(1234, 'count')).toBe('1.234');
    expect(nb.value(12.25, 'count')).toBe('12,3');
    expect(nb.value(-12.5, 'score')).toBe('−12,5');
  });
});

describe('display: decimals and scale', () => {
  const display = new Map([
    ['revenue', { scale: 'millions' as const }],
    ['pipeline_value', { scale: 'thousands' as const }],
    ['win_rate', { decimals: 2 }],
    ['visits', { scale: 'thousands' as const, decimals: 1 }],
  ]);
  it('millions and thousands of the own currency, of another, and of a count', () => {
    // 1,462,864.40 / 10^6 = 1.4628644 → 1.5 (one decimal by default); 2,391,910 / 10^3 = 2391.91 → 2 392.
    expect(new Formatter('nb-NO', display).value(1462864.4, 'currency', 'NOK', 'revenue')).toBe(`1,5${NB}mill. kr`);
    expect(new Formatter('nb-NO', display).value(2391910, 'currency', 'NOK', 'pipeline_value')).toBe(`2${NB}392${NB}tusen kr`);
    expect(new Formatter('sv-SE', display).value(1462864.4, 'currency', 'SEK', 'revenue')).toBe(`1,5${NB}mnkr`);
    expect(new Formatter('da-DK', display).value(2391910, 'currency', 'DKK', 'pipeline_value')).toBe(`2.392${NB}t.kr.`);
    expect(new Formatter('nb-NO', display).value(1462864.4, 'currency', 'EUR', 'revenue')).toBe(`1,5${NB}MEUR`);
    expect(new Formatter('en-GB', display).value(1462864.4, 'currency', 'NOK', 'revenue')).toBe('1.5 MNOK');
    expect(new Formatter(undefined, display).value(12345, 'count', undefined, 'visits')).toBe('12.3k');
    // A variance in the same scale: −37,135.60 → −0.037… M → −0.0 rounds to zero: no sign, ± by delta's rule.
    expect(new Formatter('en-GB', display).delta(-37135.6, 'currency', 'NOK', 'revenue')).toBe('±0.0 MNOK');
    expect(new Formatter('en-GB', display).delta(-137135.6, 'currency', 'NOK', 'revenue')).toBe('−0.1 MNOK');
  });
  it('decimals of a percentage are of the percent', () => {
    expect(new Formatter('nb-NO', display).value(0.25, 'percent', undefined, 'win_rate')).toBe(`25,00${NB}%`);
    expect(new Formatter('nb-NO', display).delta(-0.05, 'percent', undefined, 'win_rate')).toBe(`−5,00${NB}p.p.`);
  });
  it('a context without locale or display gets the default formatter', () => {
    expect(formatterFor({})).toBe(formatterFor(undefined));
    expect(formatterFor({ locale: 'nb-NO' }).locale).toBe('nb-NO');
  });
});

describe('words', () => {
  it('statuses and built-in labels in the language; a user\'s label as written', () => {
    expect(nb.statusMark('missed')).toBe('✘ ikke nådd');
    expect(sv.statusMark('at_risk')).toBe('▲ i riskzonen');
    expect(gb.statusMark('met')).toBe('✔ met');
    expect(nb.label('revenue', 'Revenue')).toBe('Omsetning');
    expect(nb.label('revenue', 'Salg (netto)')).toBe('Salg (netto)');
    expect(nb.label('my_kpi', 'My KPI')).toBe('My KPI');
  });
  it('dates', () => {
    expect(nb.date('2026-10-01')).toBe('01.10.2026');
    expect(da.date('2026-10-01')).toBe('01.10.2026');
    expect(sv.date('2026-10-01')).toBe('2026-10-01');
    expect(gb.date('2026-10-01')).toBe('01/10/2026');
    expect(new Formatter('en-US').date('2026-10-01')).toBe('10/01/2026');
    expect(none.date('2026-10-01')).toBe('2026-10-01');
  });
  it('reads the usual spellings of a locale', () => {
    expect(parseLocale('no')).toBe('nb-NO');
    expect(parseLocale('nb_NO')).toBe('nb-NO');
    expect(parseLocale('SV-se')).toBe('sv-SE');
    expect(parseLocale('fr-FR')).toBeUndefined();
  });
});

describe('terminal width', () => {
  it('counts a no-break space and a narrow no-break space as one column each', () => {
    expect(displayWidth(`1${NB}462${NB}864,40${NB}kr`)).toBe(15);
    // ICU after Node 20 may group with U+202F (as it does for French): still one column.
    expect(displayWidth('1\u202f462\u202f864,40\u00a0kr')).toBe(15);
  });
});
