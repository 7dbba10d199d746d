// Attacks tried on a fresh clone (issue 12, "tried as an attacker") that the other tests did not cover; each of
// these failed before its fix. The whole walk, with the ones that passed as they were, is in the session's note.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runKpi } from '../helpers/run-kpi.js';

// 2026-10: revenue 5 + 7 = 12.
const CSV = 'date,revenue\n2026-10-01,5\n2026-10-02,7\n';
const ARGS = ['--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue'];

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-attack-'));
  writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales: { file: s.csv }\n');
  writeFileSync(join(dir, 's.csv'), CSV);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('attacks on the edges', () => {
  it('an emoji delimiter is exit 2 naming the setting (was exit 70 from the CSV scanner)', () => {
    const dir = project({ 'kpi.yaml': 'sources:\n  sales: { file: s.csv, delimiter: "😀" }\n' });
    const run = runKpi(['report', ...ARGS], { cwd: dir });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.stderr).toMatch(/^kpi: kpi\.yaml:2: sources\.sales\.delimiter: delimiter must be a character up to U\+FFFF/);
    expect(run.code).toBe(2);
  });

  it('-o /dev/stdout without --format writes the table there, as stdout gets (was exit 2 "cannot tell the format")', () => {
    const dir = project();
    const run = runKpi(['report', ...ARGS, '-o', '/dev/stdout'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Revenue +│ +12\.00/);
    expect(run.code).toBe(0);
  });

  it('-o onto a FIFO without --format writes the table into it; a new extension-less file still asks for --format', () => {
    const dir = project();
    const fifo = join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    // The reader runs alongside: a FIFO opened for writing waits for one.
    const reader = spawnSync('sh', ['-c', `cat "${fifo}" > "${join(dir, 'got.txt')}" & node "${BIN}" report ${ARGS.join(' ')} -o "${fifo}"; s=$?; wait; exit $s`], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
      encoding: 'utf8',
    });
    expect(reader.stderr).toBe('');
    expect(reader.status).toBe(0);
    expect(readFileSync(join(dir, 'got.txt'), 'utf8')).toMatch(/Revenue +│ +12\.00/);
    const named = runKpi(['report', ...ARGS, '-o', 'report'], { cwd: dir });
    expect(named.stderr).toMatch(/^kpi: cannot tell the format of report from its extension/);
    expect(named.code).toBe(2);
    expect(existsSync(join(dir, 'report'))).toBe(false);
  });

  it('a kpi.yaml nested a thousand levels deep says so, not "Maximum call stack size exceeded"', () => {
    const deep = '['.repeat(1000) + ']'.repeat(1000);
    const dir = project({ 'kpi.yaml': `sources:\n  sales: { file: s.csv }\nx: ${deep}\n` });
    const run = runKpi(['report', ...ARGS], { cwd: dir });
    expect(run.stderr).not.toMatch(/call stack|internal error/);
    expect(run.stderr).toMatch(/^kpi: kpi\.yaml:3:\d+: invalid YAML: it nests too deep to read/);
    expect(run.code).toBe(2);
    const json = runKpi(['report', ...ARGS, '-f', 'json'], { cwd: dir });
    expect(JSON.parse(json.stderr.trim()).error.code).toBe('KPI_CONFIG_YAML');
  });

  it.skipIf(!existsSync('/proc/version'))('-o into /proc: the folder exists and takes no new files (was "the folder /proc does not exist")', () => {
    const dir = project();
    const run = runKpi(['report', ...ARGS, '-o', '/proc/kpi-report.json'], { cwd: dir });
    expect(run.stderr.trim()).toBe('kpi: cannot write /proc/kpi-report.json: the folder /proc takes no new files');
    expect(run.code).toBe(3);
    // A folder that is really missing is still called that.
    const missing = runKpi(['report', ...ARGS, '-o', 'no/such/r.json'], { cwd: dir });
    expect(missing.stderr.trim()).toBe('kpi: cannot write no/such/r.json: the folder no/such does not exist');
  });

  it('a period before the year 0000 is exit 2 KPI_PERIOD (was a report of "-1-12" running from "-000001-12")', () => {
    const dir = project();
    // --as-of 0000-01-01: the last complete month is December of the year -1.
    const run = runKpi(['report', '--as-of', '0000-01-01', '--kpi', 'revenue', '-f', 'json'], { cwd: dir });
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr.trim()).error).toMatchObject({ code: 'KPI_PERIOD', exit: 2 });
    expect(run.stderr).toMatch(/the year -1 is outside the calendar kpi holds \(the years 0000 to 9999\)/);
    // --period 0000-01 compares with the month before it unless told not to.
    expect(runKpi(['report', '--period', '0000-01', '--as-of', '2026-11-15', '--kpi', 'revenue'], { cwd: dir }).code).toBe(2);
    const alone = runKpi(['report', '--period', '0000-01', '--as-of', '2026-11-15', '--kpi', 'revenue', '--compare', 'none', '-f', 'json', '--allow-incomplete'], { cwd: dir });
    expect(JSON.parse(alone.stdout).period).toMatchObject({ id: '0000-01', start: '0000-01-01', end: '0000-01-31' });
  });

  it('a quoted number with a line break inside ("1\\n0") is not read as 10, and the note shows it escaped', () => {
    // Four of five sampled values are not numbers: the column is not taken for revenue by name.
    const dir = project({ 's.csv': 'date,revenue\n2026-10-01,"1\n0"\n2026-10-02,"1 0"\n2026-10-03,"1\n000"\n2026-10-04,"2 0"\n2026-10-05,"1 000"\n' });
    const run = runKpi(['validate'], { cwd: dir });
    const note = run.stdout.split('\n').find((l) => l.includes("looks like the number field revenue"));
    expect(note).toContain('its values (1\\n0, 1 0, 1\\n000');
    expect(run.stdout).not.toMatch(/\(1\n0/);
  });
});

describe('repeated names in a list option', () => {
  it('--by rep,rep groups by rep once (was a "rep / rep" column)', () => {
    const dir = project({ 's.csv': 'date,revenue,rep\n2026-10-01,5,Ann\n2026-10-02,7,Bob\n' });
    const run = runKpi(['report', ...ARGS, '--by', 'rep,rep, rep'], { cwd: dir });
    expect(run.stdout).not.toMatch(/rep \/ rep/);
    expect(run.stdout).toMatch(/│ KPI +│ rep +│/);
    expect(run.code).toBe(0);
  });
});

describe('a zero byte in a path', () => {
  it('targets: with a NUL is exit 2 in our words (was exit 3 with Node\'s "must be a string … without null bytes")', () => {
    const dir = project({ 'kpi.yaml': 'sources:\n  sales: { file: s.csv }\ntargets: "t\\0.yaml"\n' });
    const run = runKpi(['report', ...ARGS], { cwd: dir });
    expect(run.stderr).not.toMatch(/null bytes|argument/i);
    expect(run.stderr).toMatch(/^kpi: targets file ".*t\\u0000\.yaml": a file name cannot hold a zero byte$/m);
    expect(run.code).toBe(2);
  });
});

describe('kpi init as a new user meets it', () => {
  it('a helpdesk export without a creation date says which kind it nearly is and what to map', () => {
    // Shaped like Kaggle's "Customer Support Ticket Dataset": priority, channel, type, first response and a 1–5
    // rating, but no ticket-creation timestamp. It was "custom source, 0 columns mapped" with no word why.
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-'));
    writeFileSync(
      join(dir, 'tickets.csv'),
      'Ticket ID,Ticket Type,Ticket Priority,Ticket Channel,First Response Time,Customer Satisfaction Rating\n' +
        '1,Refund request,Critical,Email,2023-06-01 12:15:00,3\n2,Technical issue,Low,Chat,2023-06-01 16:45:00,5\n3,Billing inquiry,High,Phone,2023-06-01 11:14:00,\n',
    );
    const run = runKpi(['init', 'tickets.csv'], { cwd: dir });
    expect(run.stderr).not.toMatch(/required column/);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/note: closest kind: tickets \(found [^)]*first_response[^)]*; no column for the required created\); if the export has one, add kind: tickets and columns: \{ created: <column> \}/);
    expect(readFileSync(join(dir, 'kpi.yaml'), 'utf8')).toMatch(/# note: closest kind: tickets/);
    // Named tickets.csv but no tickets source: the source is tickets_export, else it would be read as the kind
    // tickets and fail on its missing created column (init exited 3 "required column 'created' not found").
    expect(readFileSync(join(dir, 'kpi.yaml'), 'utf8')).toMatch(/^  tickets_export:/m);
    expect(runKpi(['validate'], { cwd: dir }).code).toBe(0);
  });

  it('the targets skeleton offers per: month only for KPIs that add up over time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-'));
    writeFileSync(join(dir, 'orders.csv'), 'Order Date,Order ID,Sales\n2026-10-01,A1,100\n2026-10-02,A2,50\n2026-10-03,A2,25\n');
    expect(runKpi(['init', 'orders.csv'], { cwd: dir }).code).toBe(0);
    const skeleton = readFileSync(join(dir, 'targets.yaml'), 'utf8');
    // Revenue for a quarter is three months' revenue; an average order value is not three months' average.
    expect(skeleton).toMatch(/^# revenue: \{ target: 0, per: month, tolerance: 5% \}/m);
    expect(skeleton).toMatch(/^# avg_order_value: \{ target: 0, tolerance: 5% \}/m);
  });
});

