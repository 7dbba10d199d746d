// Dates and datetimes (SPEC §2) read as wall-clock ms = Date.UTC(written fields), whatever the machine's zone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileDateFormat, fromExcelSerial, parseDate, parseIsoDate } from '../../src/sources/parse-date.js';

const U = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number => Date.UTC(y, m - 1, d, h, mi, s, ms);

function ok(raw: string, format?: string): number {
  const r = parseDate(raw, format ? compileDateFormat(format) : undefined);
  if (typeof r !== 'number') throw new Error(`'${raw}' did not parse: ${r.error}`);
  return r;
}
function errorOf(raw: string, format?: string): string {
  const r = parseDate(raw, format ? compileDateFormat(format) : undefined);
  if (typeof r === 'number') throw new Error(`'${raw}' parsed as ${new Date(r).toISOString()}, expected an error`);
  return r.error;
}

// An independent calendar: the Gregorian leap rule and month lengths.
const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysInMonth = (y: number, m: number): number => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

describe('parseIsoDate', () => {
  it('reads dates and datetimes', () => {
    expect(parseIsoDate('2026-10-31')).toBe(U(2026, 10, 31));
    expect(parseIsoDate('2026-1-5')).toBe(U(2026, 1, 5));
    expect(parseIsoDate('2024-02-29')).toBe(U(2024, 2, 29));
    expect(parseIsoDate('2026-10-31T14:05')).toBe(U(2026, 10, 31, 14, 5));
    expect(parseIsoDate('2026-10-31 14:05:09')).toBe(U(2026, 10, 31, 14, 5, 9));
    expect(parseIsoDate('2026-10-31T14:05:09.123')).toBe(U(2026, 10, 31, 14, 5, 9, 123));
    expect(parseIsoDate('2026-10-31T14:05:09,5')).toBe(U(2026, 10, 31, 14, 5, 9, 500));
    expect(parseIsoDate('2026-10-31T14:05:09.123456789')).toBe(U(2026, 10, 31, 14, 5, 9, 123));
    expect(parseIsoDate('2026-10-31t07:00')).toBe(U(2026, 10, 31, 7));
  });

  it('keeps the written wall-clock time of a zoned timestamp', () => {
    expect(parseIsoDate('2026-10-31T23:30:00Z')).toBe(U(2026, 10, 31, 23, 30));
    expect(parseIsoDate('2026-10-31T01:30:00+02:00')).toBe(U(2026, 10, 31, 1, 30));
    expect(parseIsoDate('2026-10-31T01:30:00+0200')).toBe(U(2026, 10, 31, 1, 30));
    expect(parseIsoDate('2026-10-31T01:30:00+02')).toBe(U(2026, 10, 31, 1, 30));
    expect(parseIsoDate('2026-10-31T22:15:00.250-05:00')).toBe(U(2026, 10, 31, 22, 15, 0, 250));
    expect(parseIsoDate('2026-10-31T22:15:00 Z')).toBe(U(2026, 10, 31, 22, 15));
  });

  it('keeps a fraction of a second at the end of the day on the same day', () => {
    // Rounding .9999 s up to the next second would carry into 2027-01-01 (or be rejected): truncate to ms.
    expect(parseIsoDate('2026-12-31T23:59:59.9999')).toBe(U(2026, 12, 31, 23, 59, 59, 999));
    expect(parseIsoDate('2026-12-31T23:59:59.9996Z')).toBe(U(2026, 12, 31, 23, 59, 59, 999));
  });

  it('rejects what is not a calendar date or time', () => {
    for (const raw of [
      '2026-02-29',
      '2025-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-10-32',
      '2026-04-31',
      '2026-10-00',
      '2026-10-31T25:00',
      '2026-10-31T24:00',
      '2026-10-31T12:60',
      '0099-01-01',
      '26-10-31',
      '2026-10-31T',
      '2026/10/31',
      '31.10.2026',
      '',
    ]) {
      expect(parseIsoDate(raw), raw).toBeUndefined();
    }
  });
});

describe('compileDateFormat', () => {
  it('dd.MM.yyyy, with an optional appended time', () => {
    const p = compileDateFormat('dd.MM.yyyy');
    expect(p('31.10.2026')).toBe(U(2026, 10, 31));
    expect(p('01.02.2026')).toBe(U(2026, 2, 1));
    expect(p('1.2.2026')).toBe(U(2026, 2, 1));
    expect(p('31.10.2026 14:05')).toBe(U(2026, 10, 31, 14, 5));
    expect(p('31.10.2026 00:00:00')).toBe(U(2026, 10, 31));
    expect(p('31.10.2026 14:05:09')).toBe(U(2026, 10, 31, 14, 5, 9));
    expect(p('31.02.2026')).toBeUndefined();
    expect(p('29.02.2026')).toBeUndefined();
    expect(p('29.02.2024')).toBe(U(2024, 2, 29));
    expect(p('2026-10-31')).toBeUndefined();
    expect(p('31.10.26')).toBeUndefined();
    expect(p('31/10/2026')).toBeUndefined();
  });

  it('d.M.yy with the two-digit-year pivot (00–29 → 20xx, 30–99 → 19xx)', () => {
    const p = compileDateFormat('d.M.yy');
    expect(p('5.3.26')).toBe(U(2026, 3, 5));
    expect(p('05.03.26')).toBe(U(2026, 3, 5));
    expect(p('5.3.00')).toBe(U(2000, 3, 5));
    expect(p('5.3.29')).toBe(U(2029, 3, 5));
    expect(p('5.3.30')).toBe(U(1930, 3, 5));
    expect(p('5.3.95')).toBe(U(1995, 3, 5));
    expect(p('5.3.2026')).toBeUndefined();
  });

  it('MM/dd/yyyy', () => {
    const p = compileDateFormat('MM/dd/yyyy');
    expect(p('10/31/2026')).toBe(U(2026, 10, 31));
    expect(p('02/01/2026')).toBe(U(2026, 2, 1));
    expect(p('31/10/2026')).toBeUndefined();
    expect(p('02/30/2026')).toBeUndefined();
  });

  it('yyyy-MM-dd HH:mm and with seconds and milliseconds', () => {
    const p = compileDateFormat('yyyy-MM-dd HH:mm');
    expect(p('2026-10-31 14:05')).toBe(U(2026, 10, 31, 14, 5));
    expect(p('2026-10-31 00:00')).toBe(U(2026, 10, 31));
    expect(p('2026-10-31 23:59')).toBe(U(2026, 10, 31, 23, 59));
    expect(p('2026-10-31 24:00')).toBeUndefined();
    expect(p('2026-10-31 12:61')).toBeUndefined();
    expect(p('2026-10-31')).toBeUndefined();
    const q = compileDateFormat('yyyy-MM-dd HH:mm:ss.SSS');
    expect(q('2026-10-31 14:05:09.5')).toBe(U(2026, 10, 31, 14, 5, 9, 500));
    expect(q('2026-10-31 14:05:09.045')).toBe(U(2026, 10, 31, 14, 5, 9, 45));
  });

  it('dd MMM yyyy with English and Norwegian month names', () => {
    const p = compileDateFormat('dd MMM yyyy');
    const cases: [string, number][] = [
      ['05 Jan 2026', 1], ['5 januar 2026', 1], ['05 Feb 2026', 2], ['05 februar 2026', 2],
      ['05 Mar 2026', 3], ['05 mars 2026', 3], ['05 Apr 2026', 4], ['05 april 2026', 4],
      ['05 May 2026', 5], ['05 mai 2026', 5], ['05 Jun 2026', 6], ['05 juni 2026', 6],
      ['05 Jul 2026', 7], ['05 juli 2026', 7], ['05 Aug 2026', 8], ['05 august 2026', 8],
      ['05 Sep 2026', 9], ['05 Sept 2026', 9], ['05 september 2026', 9],
      ['05 Oct 2026', 10], ['05 okt 2026', 10], ['05 okt. 2026', 10], ['05 oktober 2026', 10],
      ['05 Nov 2026', 11], ['05 november 2026', 11],
      ['05 Dec 2026', 12], ['05 des 2026', 12], ['05 des. 2026', 12], ['05 desember 2026', 12], ['05 DECEMBER 2026', 12],
    ];
    for (const [raw, month] of cases) expect(p(raw), raw).toBe(U(2026, month, 5));
    expect(p('05 Foo 2026')).toBeUndefined();
    expect(p('31 Feb 2026')).toBeUndefined();
    expect(p('31 april 2026')).toBeUndefined();
    expect(compileDateFormat('d MMMM yyyy')('17 mai 2026')).toBe(U(2026, 5, 17));
  });

  it('quoted literals', () => {
    const p = compileDateFormat("dd.MM.yyyy 'kl.' HH:mm");
    expect(p('31.10.2026 kl. 14:05')).toBe(U(2026, 10, 31, 14, 5));
    expect(p('31.10.2026 14:05')).toBeUndefined();
  });

  it('formats with tokens outside the fast path still give the written wall clock', () => {
    const p = compileDateFormat('MM/dd/yyyy hh:mm a');
    expect(p('10/31/2026 02:05 PM')).toBe(U(2026, 10, 31, 14, 5));
    expect(p('10/31/2026 12:30 AM')).toBe(U(2026, 10, 31, 0, 30));
    expect(p('not a date')).toBeUndefined();
    expect(compileDateFormat('EEE dd.MM.yyyy H:mm')('Sun 08.03.2026 2:45')).toBe(U(2026, 3, 8, 2, 45));
    expect(compileDateFormat('do MMMM yyyy')('27th September 2026')).toBe(U(2026, 9, 27));
    expect(compileDateFormat('dd.MM.yyyy h:mm a')('31.02.2026 2:45 PM')).toBeUndefined();
  });
});

describe('parseDate', () => {
  it('falls back to ISO forms, keeping the written wall clock', () => {
    expect(ok('2026-10-31')).toBe(U(2026, 10, 31));
    expect(ok('2026-10-31T14:05:09')).toBe(U(2026, 10, 31, 14, 5, 9));
    expect(ok('2026-10-31T14:05:09.75')).toBe(U(2026, 10, 31, 14, 5, 9, 750));
    expect(ok('2026-10-31T23:30:00Z')).toBe(U(2026, 10, 31, 23, 30));
    expect(ok('2026-11-01T00:30:00+02:00')).toBe(U(2026, 11, 1, 0, 30));
    expect(ok('  2026-10-31  ')).toBe(U(2026, 10, 31));
  });

  it('reads dotted day-first dates', () => {
    expect(ok('31.10.2026')).toBe(U(2026, 10, 31));
    expect(ok('1.2.2026')).toBe(U(2026, 2, 1));
    expect(ok('31.10.2026 14:05')).toBe(U(2026, 10, 31, 14, 5));
    expect(ok('31.10.26')).toBe(U(2026, 10, 31));
    expect(ok('29.02.2024')).toBe(U(2024, 2, 29));
  });

  it('decides slash dates only when a part is above 12', () => {
    expect(ok('13/01/2026')).toBe(U(2026, 1, 13));
    expect(ok('31/12/2026')).toBe(U(2026, 12, 31));
    expect(ok('01/13/2026')).toBe(U(2026, 1, 13));
    expect(ok('12/31/2026')).toBe(U(2026, 12, 31));
    expect(ok('04/04/2026')).toBe(U(2026, 4, 4));
    expect(errorOf('03/04/2026')).toMatch(/ambiguous/);
    expect(errorOf('12/11/2026')).toMatch(/ambiguous/);
    expect(errorOf('31/02/2026')).toMatch(/not a date/);
  });

  it('reads Excel serials above 10000 (1900 date system)', () => {
    // Known values: 2023-01-01 = 44927, 2024-01-01 = 45292, 2025-01-01 = 45658 (2024 has 366 days).
    expect(ok('44927')).toBe(U(2023, 1, 1));
    expect(ok('45292')).toBe(U(2024, 1, 1));
    expect(ok('45658')).toBe(U(2025, 1, 1));
    expect(ok('45657')).toBe(U(2024, 12, 31));
    expect(ok('45292.5')).toBe(U(2024, 1, 1, 12));
    expect(ok('45292.75')).toBe(U(2024, 1, 1, 18));
    // Serial 61 is 1900-03-01 (after Lotus' phantom 1900-02-29 = 60), read through fromExcelSerial.
    expect(fromExcelSerial(61)).toBe(U(1900, 3, 1));
    expect(errorOf('100')).toMatch(/not a date/);
    expect(errorOf('9999')).toMatch(/not a date/);
  });

  it('rejects invalid dates', () => {
    for (const raw of ['31.02.2026', '29.02.2025', '32.01.2026', '00.01.2026', '31.13.2026', 'abc', '', '2026-02-30', '13/13/2026', '45292x']) {
      expect(typeof parseDate(raw), raw).toBe('object');
    }
  });

  it('tries the configured format first, then ISO and serials', () => {
    const fmt = 'MM/dd/yyyy';
    expect(ok('10/31/2026', fmt)).toBe(U(2026, 10, 31));
    expect(ok('03/04/2026', fmt)).toBe(U(2026, 3, 4));
    expect(ok('2026-10-31', fmt)).toBe(U(2026, 10, 31));
    expect(ok('45292', fmt)).toBe(U(2024, 1, 1));
    expect(errorOf('31.10.2026', fmt)).toMatch(/configured date_format/);
    expect(errorOf('31/10/2026', fmt)).toMatch(/configured date_format/);
  });
});

// ---------------------------------------------------------------------------------------------

const dateArb = fc
  .record({ y: fc.integer({ min: 1900, max: 2199 }), m: fc.integer({ min: 1, max: 12 }), dd: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, dd }) => ({ y, m, d: Math.min(dd, daysInMonth(y, m)) }));
const timeArb = fc.record({ h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }) });

describe('date round trips (property)', () => {
  const dmy = compileDateFormat('dd.MM.yyyy');
  const iso = compileDateFormat('yyyy-MM-dd');
  const mdy = compileDateFormat('MM/dd/yyyy');
  const isoTime = compileDateFormat('yyyy-MM-dd HH:mm:ss');

  it('valid dates written as dd.MM.yyyy / yyyy-MM-dd / MM/dd/yyyy read back to Date.UTC of the fields', () => {
    fc.assert(
      fc.property(dateArb, ({ y, m, d }) => {
        const want = Date.UTC(y, m - 1, d);
        const a = `${pad(d)}.${pad(m)}.${y}`;
        const b = `${y}-${pad(m)}-${pad(d)}`;
        const c = `${pad(m)}/${pad(d)}/${y}`;
        expect(dmy(a), a).toBe(want);
        expect(iso(b), b).toBe(want);
        expect(mdy(c), c).toBe(want);
        expect(parseDate(a), a).toBe(want);
        expect(parseDate(b), b).toBe(want);
        expect(parseIsoDate(b), b).toBe(want);
        expect(parseDate(c, mdy), c).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('datetimes read back to the written fields', () => {
    fc.assert(
      fc.property(dateArb, timeArb, ({ y, m, d }, { h, mi, s }) => {
        const want = Date.UTC(y, m - 1, d, h, mi, s);
        const t = `${pad(h)}:${pad(mi)}:${pad(s)}`;
        expect(isoTime(`${y}-${pad(m)}-${pad(d)} ${t}`)).toBe(want);
        expect(parseDate(`${y}-${pad(m)}-${pad(d)}T${t}+05:30`)).toBe(want);
        expect(parseDate(`${y}-${pad(m)}-${pad(d)}T${t}Z`)).toBe(want);
        expect(dmy(`${pad(d)}.${pad(m)}.${y} ${t}`)).toBe(want);
      }),
      { numRuns: 500 },
    );
  });

  it('days past the end of the month are rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), (y, m, extra) => {
        const d = daysInMonth(y, m) + extra;
        fc.pre(d <= 31);
        expect(dmy(`${pad(d)}.${pad(m)}.${y}`)).toBeUndefined();
        expect(parseIsoDate(`${y}-${pad(m)}-${pad(d)}`)).toBeUndefined();
        expect(typeof parseDate(`${pad(d)}.${pad(m)}.${y}`)).toBe('object');
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The same parsing in other time zones, in child processes running the built module.

const DIST = fileURLToPath(new URL('../../dist/sources/parse-date.js', import.meta.url));
const haveDist = existsSync(DIST);
if (!haveDist) console.warn(`parse-date time-zone test skipped: ${DIST} is missing; run \`npm run build\` first`);

const TZ_INPUTS: { raw: string; format?: string; want: number }[] = [
  { raw: '2026-03-08T02:30:00', want: U(2026, 3, 8, 2, 30) }, // inside Los Angeles' spring-forward gap
  { raw: '2026-09-27T02:30:00', want: U(2026, 9, 27, 2, 30) }, // inside Auckland's spring-forward gap
  { raw: '2026-04-05T02:30:00', want: U(2026, 4, 5, 2, 30) }, // Auckland's repeated hour
  { raw: '2026-11-01T01:30:00-07:00', want: U(2026, 11, 1, 1, 30) }, // Los Angeles' repeated hour
  { raw: '2026-12-31T23:30:00Z', want: U(2026, 12, 31, 23, 30) },
  { raw: '2026-01-01T00:15:00+14:00', want: U(2026, 1, 1, 0, 15) },
  { raw: '31.10.2026', want: U(2026, 10, 31) },
  { raw: '08.03.2026 02:30', want: U(2026, 3, 8, 2, 30) },
  { raw: '13/01/2026', want: U(2026, 1, 13) },
  { raw: '45292', want: U(2024, 1, 1) },
  { raw: '45292.5', want: U(2024, 1, 1, 12) },
  { raw: '03/08/2026 02:30', format: 'MM/dd/yyyy HH:mm', want: U(2026, 3, 8, 2, 30) },
  { raw: '27 sep 2026', format: 'dd MMM yyyy', want: U(2026, 9, 27) },
  // Tokens outside the fast path go through date-fns: hours inside a DST gap must not move.
  { raw: '03/08/2026 02:30 AM', format: 'MM/dd/yyyy hh:mm a', want: U(2026, 3, 8, 2, 30) },
  { raw: '09/27/2026 02:30 AM', format: 'MM/dd/yyyy hh:mm a', want: U(2026, 9, 27, 2, 30) },
  { raw: 'Sun 08.03.2026 2:45', format: 'EEE dd.MM.yyyy H:mm', want: U(2026, 3, 8, 2, 45) },
  { raw: '27th September 2026', format: 'do MMMM yyyy', want: U(2026, 9, 27) },
];

describe('time-zone independence', () => {
  it.skipIf(!haveDist)(
    `gives the same results under TZ=Pacific/Auckland and TZ=America/Los_Angeles${haveDist ? '' : ' (skipped: dist missing; run npm run build)'}`,
    () => {
      const script = `
        const { parseDate, compileDateFormat } = await import(${JSON.stringify(pathToFileURL(DIST).href)});
        const inputs = JSON.parse(process.argv[1]);
        const out = inputs.map(({ raw, format }) => parseDate(raw, format ? compileDateFormat(format) : undefined));
        process.stdout.write(JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, out }));
      `;
      const run = (tz: string): { tz: string; out: unknown[] } => {
        const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(TZ_INPUTS)], {
          env: { ...process.env, TZ: tz },
          encoding: 'utf8',
          timeout: 15_000,
        });
        expect(r.status, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as { tz: string; out: unknown[] };
      };
      const auckland = run('Pacific/Auckland');
      const la = run('America/Los_Angeles');
      expect(auckland.tz).toBe('Pacific/Auckland');
      expect(la.tz).toBe('America/Los_Angeles');
      expect(la.out).toEqual(auckland.out);
      TZ_INPUTS.forEach(({ raw, format, want }, i) => {
        expect(auckland.out[i], `${raw}${format ? ` (${format})` : ''} in Auckland`).toBe(want);
        expect(la.out[i], `${raw}${format ? ` (${format})` : ''} in Los Angeles`).toBe(want);
      });
    },
  );
});

describe("Jira's export format dd/MMM/yy h:mm a", () => {
  it('reads 12-hour times, a four-digit year, a 24-hour time and a date alone', () => {
    expect(ok('01/Oct/26 9:15 AM')).toBe(U(2026, 10, 1, 9, 15));
    expect(ok('01/Oct/26 12:05 AM')).toBe(U(2026, 10, 1, 0, 5));
    expect(ok('03/Nov/26 12:30 PM')).toBe(U(2026, 11, 3, 12, 30));
    expect(ok('03/Nov/26 1:30 pm')).toBe(U(2026, 11, 3, 13, 30));
    expect(ok('15/okt/2026 14:05')).toBe(U(2026, 10, 15, 14, 5));
    expect(ok('01/Oct/26')).toBe(U(2026, 10, 1));
  });

  it('rejects an unknown month, an hour past 12 with AM/PM, and a day the month does not have', () => {
    expect(errorOf('01/Foo/26 9:15 AM')).toBe('not a date');
    expect(errorOf('01/Oct/26 13:15 PM')).toBe('not a date');
    expect(errorOf('31/Nov/26 9:15 AM')).toBe('not a date');
  });
});

describe('years in date cells', () => {
  it('a two-digit year follows Excel (00–29 are 20xx, 30–99 are 19xx); a four-digit year below 100 is not a date', () => {
    expect(parseDate('31.10.26')).toBe(Date.UTC(2026, 9, 31));
    expect(parseDate('31.10.29')).toBe(Date.UTC(2029, 9, 31));
    expect(parseDate('31.10.30')).toBe(Date.UTC(1930, 9, 31));
    // 0026-10-31 is a truncated year far likelier than the year 26: a located bad value, never 1926 or 2026.
    expect(parseDate('0026-10-31')).toEqual({ error: 'not a date' });
    expect(parseDate('31.10.0026')).toEqual({ error: 'not a date' });
  });
});
