// fx: conversion of amounts into the project currency: exact decimals, per row, rounded to the cent half to even.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertAmount, loadFxRates, MAX_RATE_AGE_DAYS } from '../../src/engine/fx.js';
import { parseDayText } from '../../src/periods/period.js';

const dec = (text: string) => {
  const [int, frac = ''] = text.split('.');
  return { units: BigInt(int + frac), scale: frac.length };
};
const day = (text: string) => parseDayText(text)!;

describe('convertAmount', () => {
  it('multiplies exactly and rounds to the cent half to even', () => {
    // 1000.00 × 11.7050 = 11705.0000 exactly.
    expect(convertAmount(1000, dec('11.7050'))).toBe(11705);
    // 2500.50 × 11.8125 = 29537.15625: the cents' fraction .625 is above a half, so up: 29537.16.
    expect(convertAmount(2500.5, dec('11.8125'))).toBe(29537.16);
    // 0.1 × 3 in doubles is 0.30000000000000004; in decimals it is 0.3.
    expect(convertAmount(0.1, dec('3'))).toBe(0.3);
    // Ties go to the even cent: 100.005 → 100.00 (10000.5 cents, 10000 is even), 100.015 → 100.02 (10001.5 → 10002).
    expect(convertAmount(100.005, dec('1'))).toBe(100);
    expect(convertAmount(100.015, dec('1'))).toBe(100.02);
    // 1.25 × 0.1 = 0.125 → 0.12 (12.5 cents, 12 even); 1.35 × 0.1 = 0.135 → 0.14 (13.5 cents, 14 even).
    expect(convertAmount(1.25, dec('0.1'))).toBe(0.12);
    expect(convertAmount(1.35, dec('0.1'))).toBe(0.14);
    // Negative amounts (credit notes) round the same way by magnitude: −0.125 → −0.12; −0.135 → −0.14.
    expect(convertAmount(-1.25, dec('0.1'))).toBe(-0.12);
    expect(convertAmount(-1.35, dec('0.1'))).toBe(-0.14);
    // A large amount stays exact: 12,345,678,901.23 × 1.1 = 13,580,246,791.353 → 13,580,246,791.35.
    expect(convertAmount(12345678901.23, dec('1.1'))).toBe(13580246791.35);
  });
});

describe('loadFxRates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-fx-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('takes the last daily rate on or before the day, for at most MAX_RATE_AGE_DAYS days', () => {
    const fx = loadFxRates(file('d.csv', 'date,currency,rate\n2026-10-02,EUR,11.6810\n2026-10-05,eur,11.7050\n'), 'd.csv');
    expect(fx.rate('EUR', day('2026-10-02'))).toEqual(dec('11.6810'));
    // Saturday 3 and Sunday 4 October: Friday's rate.
    expect(fx.rate('EUR', day('2026-10-04'))).toEqual(dec('11.6810'));
    expect(fx.rate('EUR', day('2026-10-05'))).toEqual(dec('11.7050'));
    expect(MAX_RATE_AGE_DAYS).toBe(7);
    expect(fx.rate('EUR', day('2026-10-12'))).toEqual(dec('11.7050'));
    expect(fx.rate('EUR', day('2026-10-13'))).toMatch(/no EUR rate in d.csv for 2026-10-13 \(the last before it is of 2026-10-05/);
    expect(fx.rate('EUR', day('2026-10-01'))).toMatch(/no EUR rate in d.csv for 2026-10-01/);
    expect(fx.rate('USD', day('2026-10-02'))).toBe('d.csv has no rates for USD');
    expect(fx.rate('EUR', null)).toMatch(/no date/);
  });

  it('reads monthly rates, with decimal commas in a ; file', () => {
    const fx = loadFxRates(file('m.csv', 'month;currency;rate\n2026-10;SEK;0,9871\n'), 'm.csv');
    expect(fx.rate('SEK', day('2026-10-31'))).toEqual(dec('0.9871'));
    expect(fx.rate('SEK', day('2026-11-01'))).toMatch(/no SEK rate/);
  });

  it("reads a central bank's SDMX CSV (Norges Bank: TIME_PERIOD, BASE_CUR, QUOTE_CUR, OBS_VALUE, UNIT_MULT)", () => {
    const head = 'FREQ;Frequency;BASE_CUR;Base Currency;QUOTE_CUR;Quote Currency;TENOR;Tenor;DECIMALS;CALCULATED;UNIT_MULT;Unit Multiplier;COLLECTION;Collection Indicator;TIME_PERIOD;OBS_VALUE';
    const rows = [
      'B;Business;EUR;Euro;NOK;Norwegian krone;SP;Spot;4;false;0;Units;C;ECB concertation time 14:15 CET;2026-10-05;11,7050',
      // SEK is quoted per 100 units (UNIT_MULT 2): 98,71 NOK per 100 SEK is 0.9871 per 1.
      'B;Business;SEK;Swedish krona;NOK;Norwegian krone;SP;Spot;4;false;2;Hundreds;C;ECB concertation time 14:15 CET;2026-10-05;98,71',
      'M;Monthly;USD;US dollar;NOK;Norwegian krone;SP;Spot;4;false;0;Units;A;Average of observations through period;2026-10;10,5012',
    ];
    const fx = loadFxRates(file('nb.csv', `${head}\n${rows.join('\n')}\n`), 'nb.csv');
    expect(fx.rate('EUR', day('2026-10-06'))).toEqual(dec('11.7050'));
    expect(fx.rate('SEK', day('2026-10-05'))).toEqual({ units: 9871n, scale: 4 });
    // 1,000 SEK × 0.9871 = 987.10 NOK.
    expect(convertAmount(1000, fx.rate('SEK', day('2026-10-05')) as never)).toBe(987.1);
    expect(fx.rate('USD', day('2026-10-20'))).toEqual(dec('10.5012'));
    expect(fx.quotes).toEqual(['NOK']);
  });

  it('refuses a line it cannot read, naming it', () => {
    expect(() => loadFxRates(file('bad.csv', 'date,currency,rate\n2026-10-02,EUR,abc\n'), 'bad.csv')).toThrow(/bad.csv:2: rate "abc" is not a positive number/);
    expect(() => loadFxRates(file('zero.csv', 'date,currency,rate\n2026-10-02,EUR,0\n'), 'zero.csv')).toThrow(/zero.csv:2/);
    expect(() => loadFxRates(file('twice.csv', 'date,currency,rate\n2026-10-02,EUR,1\n2026-10-02,EUR,2\n'), 'twice.csv')).toThrow(/twice.csv:3: a second EUR rate/);
    expect(() => loadFxRates(file('cols.csv', 'day,ccy,kurs\n'), 'cols.csv')).toThrow(/needs the columns date \(or month\), currency and rate/);
    expect(() => loadFxRates(join(dir, 'missing.csv'), 'missing.csv')).toThrow(/file not found/);
  });
});
