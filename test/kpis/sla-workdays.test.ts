// sla_rate with allowances in working days under business hours (fixtures/sla-workdays; new-user trial F18: `2d`
// was read as 48 business hours, six 8-hour days). Every figure worked out by hand below.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportValues, runKpi } from '../helpers/run-kpi.js';

/*
 * Open Mon–Fri 08:00–16:00 and Saturday 10:00–14:00; closed on Norway's public holidays. May 2026: Ascension Day
 * Thursday 14 May, Whit Monday 25 May (17 May and Whit Sunday are Sundays). sla: urgent 8h, high 2d, normal 1d,
 * low 5d. A deadline of n working days is the created time of day on the n-th working day after, kept within that
 * day's hours; created outside the hours counts from the next opening.
 *   1 high   Tue 12 May 14:00 → Wed 13 (1), [Thu 14 Ascension], Fri 15 May 14:00 (2); resolved Fri 13:30: met
 *   2 high   the same, resolved Fri 15 May 14:30: missed
 *   3 normal Fri 15 May 15:00 → Sat 16 May, 15:00 kept within 10–14: 14:00; resolved Sat 13:00: met
 *   4 normal the same, resolved Mon 18 May 08:30 (half an hour of Monday past the deadline): missed
 *   5 high   Fri 22 May 15:00 → Sat 23 (1), [Sun 24, Whit Monday 25], Tue 26 May 15:00 (2); resolved then: met
 *   6 high   Sat 23 May 12:00 → Tue 26 (1), Wed 27 May 12:00 (2); resolved Wed 12:30: missed
 *   7 normal Wed 20 May 17:30, after hours: from Thu 21 08:00 → Fri 22 May 08:00; resolved Fri 07:45, before
 *            opening, so still at Thursday's close on the business clock: met
 *   8 low    Mon 11 May 09:00 → Tue 12 (1), Wed 13 (2), [Thu 14], Fri 15 (3), Sat 16 (4), Mon 18 May 09:00 (5);
 *            resolved Mon 08:45: met
 *   9 urgent Fri 15 May 12:00 → Sat 16 May 13:00: 4 + 3 = 7 business hours ≤ 8: met
 * sla_rate 6 / 9 = 66.7 %.
 * Read as before, a day of 24 business hours (kpi-hours.yaml: 48h, 24h, 120h): 2 is Tue 2 + Wed 8 + Fri 6.5 =
 * 16.5 h ≤ 48; 4 is Fri 1 + Sat 4 + Mon 0.5 = 5.5 ≤ 24; 6 is Sat 2 + Tue 8 + Wed 4.5 = 14.5 ≤ 48: all 9 met, 100 %.
 */
const run = (config: string, extra: string[] = []) =>
  reportValues(['-c', config, '--period', '2026-05', '--as-of', '2026-06-10', '--compare', 'none', '--kpi', 'sla_rate', ...extra]);

describe('sla: in working days under business hours', () => {
  it('2d is two working days on the business clock (weekend, short Saturday, Ascension, Whit Monday)', () => {
    expect(run('fixtures/sla-workdays/kpi.yaml').sla_rate).toBeCloseTo(6 / 9, 12);
  });

  it('each ticket: the deadlines worked by hand', () => {
    const r = runKpi(['report', '-c', 'fixtures/sla-workdays/kpi.yaml', '--period', '2026-05', '--as-of', '2026-06-10', '--compare', 'none', '--kpi', 'sla_rate', '--by', 'ticket_id', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { results: { group?: Record<string, string>; value: number }[] }).results.filter((x) => x.group?.ticket_id !== undefined);
    const met = Object.fromEntries(rows.map((x) => [x.group!.ticket_id, x.value]));
    expect(met).toEqual({ 1: 1, 2: 0, 3: 1, 4: 0, 5: 1, 6: 0, 7: 1, 8: 1, 9: 1 });
  });

  it('hours keep the old reading: 48h is 48 business hours', () => {
    expect(run('fixtures/sla-workdays/kpi-hours.yaml').sla_rate).toBe(1);
  });

  it('explain says how each allowance is read', () => {
    const r = runKpi(['explain', 'sla_rate', '-c', 'fixtures/sla-workdays/kpi.yaml', '--period', '2026-05', '--as-of', '2026-06-10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('sla: urgent 8h = 8 business hours; high 2d = 2 working days; normal 1d = 1 working day; low 5d = 5 working days.');
    expect(r.stdout).toContain('priority = "high" and business_days(created, resolved) <= 2');
    expect(r.stdout).toContain('priority = "urgent" and business_hours(created, resolved) <= 8');
  });
});

describe('sla: spellings and mistakes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-sla-'));
  const tickets = resolve('fixtures/sla-workdays/tickets.csv');
  const config = (name: string, yaml: string) => {
    const path = join(dir, name);
    writeFileSync(path, `sources:\n  tickets: { file: ${JSON.stringify(tickets)} }\n${yaml}`);
    return path;
  };
  const hours = 'business_hours: { mon-fri: "08:00-16:00", sat: "10:00-14:00", holidays: NO }\n';

  it('"2 workdays", "2 working days" and "2 business days" are 2d; 90m is 1.5 business hours', () => {
    for (const spelling of ['2 workdays', '2 working days', '2 business days', '2wd']) {
      const path = config('w.yaml', `${hours}sla: { urgent: 8h, high: "${spelling}", normal: 1 working day, low: 5 days }\n`);
      expect(run(path).sla_rate, spelling).toBeCloseTo(6 / 9, 12);
    }
    // urgent 90m: ticket 9 took 7 business hours: missed, 5 of 9.
    expect(run(config('m.yaml', `${hours}sla: { urgent: 90m, high: 2d, normal: 1d, low: 5d }\n`)).sla_rate).toBeCloseTo(5 / 9, 12);
  });

  it('without business_hours a day stays 24 hours', () => {
    // Calendar hours: 2 is Tue 14:00 → Fri 14:30 = 72.5 h > 48 (missed); 4 is Fri 15:00 → Mon 08:30 = 65.5 h > 24
    // (missed); 6 is Sat 12:00 → Wed 12:30 = 96.5 h > 48 (missed); 5 is exactly 96 h > 48 (missed); 3 is 22 h
    // (met); 7 is 38.25 h > 24 (missed); 8 is 167.75 h > 120 (missed); 1 is 71.5 h > 48 (missed); 9 is 25 h > 8
    // (missed): 1 of 9.
    expect(run(config('plain.yaml', 'sla: { urgent: 8h, high: 2d, normal: 1d, low: 5d }\n')).sla_rate).toBeCloseTo(1 / 9, 12);
  });

  it('working days with holidays: alone count Mon–Fri whole days, holidays closed', () => {
    // Mon–Fri 00:00–24:00, Norwegian holidays. 1: Tue 14:00 + 2 = Fri 14:00 (Thu closed): met; 2 missed; 3 Fri
    // 15:00 + 1 = Mon 15:00: met; 4 met; 5 Fri 22 15:00 + 2 = Tue 26 (1), Wed 27 15:00 (2): met; 6 from Tue 26
    // 00:00 + 2 = Thu 28 00:00: met; 7 Wed 17:30 + 1 = Thu 17:30 < Fri 07:45: missed; 8 Mon 09:00 + 5 = Tue 19 May
    // 09:00: met; 9 urgent 8 calendar hours (hours stay elapsed without business_hours:), 25 h: missed. 6 of 9.
    expect(run(config('days.yaml', 'holidays: NO\nsla: { urgent: 8h, high: 2 workdays, normal: 1 workday, low: 5 workdays }\n')).sla_rate).toBeCloseTo(6 / 9, 12);
  });

  it('part of a working day, working days without a calendar, an unknown unit: exit 2, located', () => {
    let r = runKpi(['report', '-c', config('half.yaml', `${hours}sla: { high: 1.5d }\n`), '--period', '2026-05', '--as-of', '2026-06-10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/half\.yaml:4: sla: high: 1\.5d is part of a working day, which has no fixed length under business_hours: write whole working days \(2d\) or hours/);
    r = runKpi(['report', '-c', config('nocal.yaml', 'sla: { high: 2 workdays }\n'), '--period', '2026-05', '--as-of', '2026-06-10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nocal\.yaml:3: sla: high: 2 workdays counts working days, which need the working calendar: add to kpi\.yaml business_hours:/);
    r = runKpi(['report', '-c', config('weeks.yaml', 'sla: { high: 2 weeks }\n'), '--period', '2026-05', '--as-of', '2026-06-10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/weeks\.yaml:3: sla: high: "2 weeks" is not a time allowed/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
