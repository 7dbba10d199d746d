// Helpdesk KPIs in business hours with Norwegian holidays (fixtures/bizhours: Freshdesk-shaped export,
// business_hours: { mon-fri: "08:00-16:00", holidays: NO }), every figure worked out by hand below.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportValues, runKpi } from '../helpers/run-kpi.js';

/*
 * Open 08:00–16:00 Monday to Friday; closed on Norway's public holidays. Spring 2026: Easter Sunday is 5 April, so
 * Maundy Thursday 2 April, Good Friday 3 April and Easter Monday 6 April are closed; Ascension Day is Thursday
 * 14 May; 17 May (Constitution Day) is a Sunday in 2026 — closed anyway, and Norway does not move a holiday that
 * falls on a Sunday, so Monday 18 May is an ordinary working day.
 *
 * FR = business hours created → first response; H = first response → resolved; R = created → resolved.
 * March
 *   101 Fri 13 Mar 15:00 → Mon 16 Mar 09:30 (weekend): FR = Fri 15–16 (1) + Mon 08–09:30 (1.5) = 2.5;
 *       resolved Mon 11:00: H = 1.5, R = 4.0 (normal, SLA 8: met)
 *   102 Tue 10 Mar 18:30 (after hours) → Wed 11 Mar 08:45: FR = 08:00–08:45 = 0.75; resolved 09:15: H = 0.5,
 *       R = 1.25 (high, SLA 4: met)
 *   103 Mon 9 Mar 09:00 → 09:45: FR = 0.75; resolved Tue 10 Mar 10:00: H = Mon 09:45–16 (6.25) + Tue 08–10 (2)
 *       = 8.25, R = 9.0 (normal, SLA 8: missed)
 *   104 Sat 14 Mar 10:00 → Sat 12:00 (all on a weekend): FR = 0; resolved Sat 12:30: H = 0, R = 0 (low: met)
 *   105 Sat 14 Mar 10:00 → Mon 16 Mar 08:15: FR = 0.25; resolved Mon 15:15: H = 7.0, R = 7.25 (high, 4: missed)
 *   first_response_hours (2.5 + 0.75 + 0.75 + 0 + 0.25) / 5 = 0.85   handling_hours (1.5+0.5+8.25+0+7)/5 = 3.45
 *   resolution_hours median(0, 1.25, 4, 7.25, 9) = 4                 sla_rate 3/5 = 0.6
 * April (Easter)
 *   201 Wed 1 Apr 14:00 → Tue 7 Apr 10:00: FR = Wed 14–16 (2) + [Thu 2, Fri 3, Sat, Sun 5, Mon 6 closed]
 *       + Tue 08–10 (2) = 4; resolved Wed 8 Apr 10:00: H = Tue 10–16 (6) + Wed 08–10 (2) = 8, R = 12
 *       (normal, SLA 8: missed); working days [1 Apr, 8 Apr) = Wed 1, Tue 7 = 2
 *   202 created and answered on Maundy Thursday, 2 Apr 11:00 → 13:00, resolved 15:00: FR = H = R = 0
 *       (urgent, SLA 2: met); working days [2 Apr, 2 Apr) = 0
 *   first_response_hours (4 + 0) / 2 = 2   handling_hours (8 + 0) / 2 = 4   resolution_hours median(0, 12) = 6
 *   sla_rate 1/2 = 0.5   resolution_workdays (2 + 0) / 2 = 1
 * May (Ascension, 17 May)
 *   301 Wed 13 May 15:00 → Fri 15 May 09:00: FR = Wed 15–16 (1) + [Thu 14 Ascension] + Fri 08–09 (1) = 2;
 *       resolved Fri 10:00: H = 1, R = 3 (normal: met)
 *   302 Fri 15 May 15:30 → Mon 18 May 08:30: FR = Fri 0.5 + [Sat, Sun 17 May] + Mon 0.5 = 1; resolved Mon
 *       12:30: H = 4, R = 5 (high, SLA 4: missed)
 *   303 Fri 29 May 17:00, still open: no first response, not resolved
 *   first_response_hours (2 + 1) / 2 = 1.5   handling_hours 2.5   resolution_hours median(3, 5) = 4
 *   sla_rate 1/2 = 0.5   tickets 3   backlog 1
 * March–May: first_response_hours (4.25 + 4 + 3) / 9 = 1.25
 *
 * Without business_hours (kpi-wallclock.yaml), March's first responses in elapsed hours: 66.5 + 14.25 + 0.75 + 2
 * + 46.25 = 129.75, / 5 = 25.95.
 */
const run = (period: string, config = 'fixtures/bizhours/kpi.yaml') =>
  reportValues(['-c', config, '--period', period, '--as-of', '2026-06-10', '--compare', 'none']);

describe('helpdesk KPIs in business hours (Norwegian holidays)', () => {
  it('March: a weekend, after hours, a ticket wholly on a Saturday', () => {
    const v = run('2026-03');
    expect(v.first_response_hours).toBeCloseTo(0.85, 12);
    expect(v.handling_hours).toBeCloseTo(3.45, 12);
    expect(v.resolution_hours).toBe(4);
    expect(v.sla_rate).toBe(0.6);
  });

  it('April: Maundy Thursday to Easter Monday closed, a ticket created and answered on a holiday', () => {
    const v = run('2026-04');
    expect(v.first_response_hours).toBe(2);
    expect(v.handling_hours).toBe(4);
    expect(v.resolution_hours).toBe(6);
    expect(v.sla_rate).toBe(0.5);
    expect(v.resolution_workdays).toBe(1);
  });

  it('May: Ascension Day closed; 17 May on a Sunday leaves Monday 18 May open', () => {
    const v = run('2026-05');
    expect(v.first_response_hours).toBe(1.5);
    expect(v.handling_hours).toBe(2.5);
    expect(v.resolution_hours).toBe(4);
    expect(v.sla_rate).toBe(0.5);
    expect(v.tickets).toBe(3);
    expect(v.backlog).toBe(1);
  });

  it('the three months together', () => {
    expect(run('2026-03-01..2026-05-31').first_response_hours).toBeCloseTo(1.25, 12);
  });

  it('each ticket with --by ticket_id', () => {
    const r = runKpi(['report', '-c', 'fixtures/bizhours/kpi.yaml', '--period', '2026-03-01..2026-05-31', '--as-of', '2026-06-10', '--compare', 'none', '--kpi', 'first_response_hours', '--by', 'ticket_id', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = (JSON.parse(r.stdout) as { results: { group: Record<string, string>; value: number | null }[] }).results.filter((x) => x.group.ticket_id);
    expect(Object.fromEntries(rows.map((x) => [x.group.ticket_id, x.value]))).toEqual({ '101': 2.5, '102': 0.75, '103': 0.75, '104': 0, '105': 0.25, '201': 4, '202': 0, '301': 2, '302': 1, '303': null });
  });

  it('says business hours in the label and in explain', () => {
    const r = runKpi(['explain', 'first_response_hours', '-c', 'fixtures/bizhours/kpi.yaml', '--period', '2026-04', '--as-of', '2026-06-10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('First response time (business hours)');
    expect(r.stdout).toContain('avg(business_hours(tickets.created, tickets.first_response))');
    expect(r.stdout).toContain('Mon–Fri 08:00–16:00; closed on Norwegian public holidays');
  });

  it('control: without business_hours the same tickets are in elapsed hours', () => {
    const v = run('2026-03', 'fixtures/bizhours/kpi-wallclock.yaml');
    expect(v.first_response_hours).toBeCloseTo(25.95, 12);
  });
});

describe('mistakes and what cannot be computed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bizhours-'));
  const tickets = resolve('fixtures/bizhours/tickets.csv');
  const config = (name: string, yaml: string) => {
    const path = join(dir, name);
    writeFileSync(path, `sources:\n  tickets: { file: ${JSON.stringify(tickets)} }\n${yaml}`);
    return path;
  };
  const report = (path: string, extra: string[] = []) => runKpi(['report', '-c', path, '--period', '2026-03', '--as-of', '2026-06-10', ...extra]);

  it('business_hours() without a calendar says what to write (exit 2)', () => {
    const r = report(config('none.yaml', 'kpis:\n  fr: { formula: "avg(business_hours(tickets.created, tickets.first_response))", unit: hours }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('business_hours(a, b) needs the working calendar: add to kpi.yaml business_hours: { mon-fri: "08:00-16:00", holidays: NO }');
  });

  it('holidays: alone gives working days but no hours', () => {
    const path = config('days.yaml', 'holidays: NO\nkpis:\n  wd: { formula: "avg(workdays(tickets.created, tickets.resolved))", unit: days }\n  fr: { formula: "avg(business_hours(tickets.created, tickets.first_response))", unit: hours }\n');
    const r = report(path, ['--kpi', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('business_hours(a, b) needs the working hours');
  });

  it('a date with hours of its own wins over the holiday', () => {
    // Maundy Thursday 2026 opened 10:00–14:00: 201 is Wed 14–16 (2) + Thu 10–14 (4) + Tue 08–10 (2) = 8 h,
    // 202 (11:00 → 13:00 that day) is 2 h: the mean is 5.
    const path = config('open.yaml', 'business_hours:\n  mon-fri: "08:00-16:00"\n  2026-04-02: "10:00-14:00"\n  holidays: NO\n');
    const r = runKpi(['report', '-c', path, '--period', '2026-04', '--as-of', '2026-06-10', '--compare', 'none', '--kpi', 'first_response_hours', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { results: { value: number }[] }).results[0].value).toBe(5);
  });

  it('a span that ends before it starts, an unknown weekday, an unknown country: located', () => {
    let r = report(config('a.yaml', 'business_hours:\n  mon-fri: "16:00-08:00"\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\.yaml:4: business_hours: mon-fri: '16:00-08:00' ends before it starts/);
    r = report(config('b.yaml', 'business_hours:\n  mon-fry: "08:00-16:00"\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b\.yaml:4: business_hours: 'mon-fry' is not a weekday/);
    r = report(config('c.yaml', 'business_hours:\n  mon-fri: "08:00-16:00"\n  holidays: [NO, XX]\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c\.yaml:5: holidays: "XX" is neither a country \(NO, SE, DK, FI\) nor a date/);
  });

  it('the SQL engine refuses business hours at plan time, naming the KPIs and the engine (never an approximation)', () => {
    const path = config('duck.yaml', 'business_hours: { mon-fri: "08:00-16:00", holidays: NO }\n');
    writeFileSync(path, readFileSync(path, 'utf8').replace('tickets.csv" }', 'tickets.csv", engine: duckdb }'));
    const r = report(path, ['--kpi', 'first_response_hours,tickets']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("source 'tickets' (duckdb): first_response_hours counts business hours or working days");
    expect(r.stderr).toContain('engine: streaming');
    // What needs no calendar still runs on DuckDB.
    expect(report(path, ['--kpi', 'tickets']).code).toBe(0);
  });
});
