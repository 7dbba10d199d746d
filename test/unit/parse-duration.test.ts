// Durations as exports write them, read as hours: examples worked by hand, and properties over generated durations
// (each written in every supported form must read back as the same hours; text that is no duration is an error).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, unitFromHeader } from '../../src/sources/parse-duration.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);

describe('parseDuration: the forms exports write', () => {
  it.each([
    ['2h 30m', 2.5],
    ['2h30m', 2.5],
    ['1d 3h', 27],
    ['1w 2d 3h 4m', 168 + 48 + 3 + 4 / 60],
    ['45m', 0.75],
    ['90s', 90 / 3600],
    ['1.5h', 1.5],
    ['1,5 t', 1.5],
    ['2 hours 30 minutes', 2.5],
    ['1 hour, 15 minutes', 1.25],
    ['3 timer og 30 minutter', 3.5],
    ['2 tim 15 min', 2.25],
    ['-1d 3h', -27], // Jira Service Management: time left on a breached SLA
    ['−2h', -2],
    ['+30m', 0.5],
    ['01:30:00', 1.5],
    ['1:30', 1.5],
    ['27:00:00', 27],
    ['-0:30:00', -0.5],
    ['00:00:36.5', 36.5 / 3600],
    ['1.02:30:00', 26.5], // .NET TimeSpan d.hh:mm:ss
    ['2 days 04:00:00', 52], // PostgreSQL interval
    ['PT2H30M', 2.5],
    ['P1DT4H', 28],
    ['PT1.5H', 1.5],
    ['PT90M', 1.5],
    ['PT36S', 0.01],
    ['P1W', 168],
    ['-PT30M', -0.5],
    ['pt2h', 2],
  ])('%s is %d hours', (text, hours) => {
    expect(parseDuration(text)).toBeCloseTo(hours, 12);
  });

  it('plain numbers are read in the unit of the column, and refused without one', () => {
    expect(parseDuration('90', 'minutes')).toBe(1.5);
    expect(parseDuration('1.5', 'hours')).toBe(1.5);
    expect(parseDuration('7200', 'seconds')).toBe(2);
    expect(parseDuration('2', 'days')).toBe(48);
    expect(parseDuration('-30', 'minutes')).toBe(-0.5);
    expect(parseDuration('90')).toEqual({ error: expect.stringContaining('units: { <field>: minutes }') });
    // With the column's own number reader (decimal comma, grouping).
    expect(parseDuration('1 234,5', 'minutes', (t) => Number(t.replace(/\s/g, '').replace(',', '.')))).toBeCloseTo(1234.5 / 60, 12);
  });

  it.each([
    ['2x 30m', "'x' is no unit"],
    ['2h 3h', 'hours written twice'],
    ['abc', 'not a duration'],
    ['2h 30', 'not a duration'],
    ['-', 'a sign alone'],
    ['P1Y', 'years or months'],
    ['P2M', 'years or months'],
    ['PT', 'not an ISO 8601 duration'],
    ['P', 'not an ISO 8601 duration'],
    ['1:75', 'not a duration'],
    ['2026-10-01', 'not a duration'],
    ['2 months', "'months' is no unit"],
  ])('%s is a bad value (%s)', (text, why) => {
    const r = parseDuration(text, 'minutes');
    expect(typeof r).toBe('object');
    expect((r as { error: string }).error).toContain(why);
  });

  it('headers that name their unit', () => {
    expect(unitFromHeader('first_reply_time_in_minutes')).toBe('minutes');
    expect(unitFromHeader('first_reply_time_min')).toBe('minutes');
    expect(unitFromHeader('full_resolution_time_hrs')).toBe('hours');
    expect(unitFromHeader('handle_time_sec')).toBe('seconds');
    expect(unitFromHeader('full_resolution_time')).toBeUndefined();
  });
});

describe('parseDuration: properties', () => {
  // A duration as whole weeks, days, hours, minutes and seconds (seconds keep the float sums exact enough).
  const parts = fc.record({
    w: fc.integer({ min: 0, max: 9 }),
    d: fc.integer({ min: 0, max: 6 }),
    h: fc.integer({ min: 0, max: 23 }),
    m: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    negative: fc.boolean(),
  });
  const hoursOf = (p: { w: number; d: number; h: number; m: number; s: number; negative: boolean }) =>
    (p.negative ? -1 : 1) * (p.w * 168 + p.d * 24 + p.h + p.m / 60 + p.s / 3600);

  it('every form of the same duration reads as the same hours', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const total = p.w * 604800 + p.d * 86400 + p.h * 3600 + p.m * 60 + p.s;
        const sign = p.negative && total > 0 ? '-' : '';
        const expected = total === 0 ? 0 : hoursOf(p);
        const jira = [p.w && `${p.w}w`, p.d && `${p.d}d`, p.h && `${p.h}h`, p.m && `${p.m}m`, p.s && `${p.s}s`].filter(Boolean).join(' ') || '0m';
        const words = [p.w && `${p.w} weeks`, p.d && `${p.d} days`, p.h && `${p.h} hours`, p.m && `${p.m} minutes`, p.s && `${p.s} seconds`].filter(Boolean).join(' ') || '0 seconds';
        const clockHours = Math.floor(total / 3600);
        const clock = `${clockHours}:${String(p.m).padStart(2, '0')}:${String(p.s).padStart(2, '0')}`;
        const iso = `P${p.w ? `${p.w}W` : ''}${p.d ? `${p.d}D` : ''}T${p.h}H${p.m}M${p.s}S`;
        for (const text of [jira, words, clock, iso]) {
          const got = parseDuration(`${sign}${text}`);
          if (typeof got !== 'number' || Math.abs(got - expected) > 1e-9) throw new Error(`${sign}${text} read as ${JSON.stringify(got)}, expected ${expected}`);
        }
        // And as plain numbers in each unit.
        for (const [unit, per] of [['seconds', 1], ['minutes', 60]] as const) {
          const got = parseDuration(`${sign}${total / per}`, unit);
          if (typeof got !== 'number' || Math.abs(got - expected) > 1e-9) throw new Error(`${sign}${total / per} ${unit} read as ${JSON.stringify(got)}`);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never throws, and returns a finite number or an error for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        const got = parseDuration(text.trim() === '' ? 'x' : text);
        return typeof got === 'number' ? Number.isFinite(got) : typeof got.error === 'string';
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('a duration with a letter that is no unit appended is never read', () => {
    fc.assert(
      fc.property(parts, fc.constantFrom('x', 'q', 'y', 'z', 'months'), (p, junk) => {
        const got = parseDuration(`${p.h}h ${p.m}${junk}`);
        return typeof got === 'object';
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
