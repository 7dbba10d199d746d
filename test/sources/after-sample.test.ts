// The sample's decisions hold for the whole file (issue 11 item 8): a value past the first 500 rows or 256 KB that
// contradicts the column's decimal mark, date order or the file's encoding is a located bad value, never a guess.
// Run through the built CLI, in the byte reader (UTF-8 with ',') and the text reader (the same rows split by '§').
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-after-sample-'));

/** A sales export: 600 plain rows (past the 500-row sample and, padded, past 256 KB), then `late` rows. */
function exportFile(name: string, delimiter: string, late: Buffer[], firstDate = (i: number) => `2026-10-${String((i % 28) + 1).padStart(2, '0')}`): string {
  const pad = 'x'.repeat(440);
  const rows = Array.from({ length: 600 }, (_, i) => Buffer.from(`${firstDate(i)}${delimiter}100${delimiter}Acme${delimiter}${pad}\n`));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.from(`date${delimiter}revenue${delimiter}customer${delimiter}note\n`), ...rows, ...late]));
  const yaml = join(dir, `${name}.yaml`);
  writeFileSync(yaml, `sources:\n  sales:\n    file: ${name}\n    delimiter: ${JSON.stringify(delimiter)}\n`);
  return yaml;
}

/** One line; a text cell holding the delimiter is quoted. */
const row = (delimiter: string, ...cells: (string | Buffer)[]) =>
  Buffer.concat([
    ...cells.flatMap((c, i) => [i ? Buffer.from(delimiter) : Buffer.alloc(0), Buffer.isBuffer(c) ? c : Buffer.from(c.includes(delimiter) ? `"${c}"` : c)]),
    Buffer.from('\n'),
  ]);

function validate(yaml: string) {
  const run = runKpi(['validate', '-c', yaml]);
  return { code: run.code, problems: run.stdout.split('\n').filter((l) => /\.csv:\d+:/.test(l)).map((l) => l.trim()) };
}

function revenue(yaml: string, by?: string): unknown {
  const run = runKpi(['report', '-c', yaml, '--kpi', 'revenue', '--period', '2026-10', '--as-of', '2026-11-05', '-f', 'json', ...(by ? ['--by', by] : [])]);
  expect(run.code, run.stderr).toBe(0);
  const results = (JSON.parse(run.stdout) as { results: { group: Record<string, string>; value: number }[] }).results;
  return by ? results.map((r) => [r.group[by] ?? 'total', r.value]) : results[0].value;
}

describe.each([
  ['byte reader', ','],
  ['text reader', '§'],
])('past the sample, in the %s', (name, d) => {
  const tag = name.split(' ')[0];

  it('a number that reads differently by locale, in a column whose mark the sample did not decide, is a bad value', () => {
    // 1,500 would be 1500 (US) and 1.500 would be 1.5 (Europe) under the per-value guess of before; 12.5 decides itself.
    const yaml = exportFile(`decimal-${tag}.csv`, d, [row(d, '2026-10-05', '1,500', 'Acme', ''), row(d, '2026-10-05', '1.500', 'Acme', ''), row(d, '2026-10-05', '12.5', 'Acme', '')]);
    const { code, problems } = validate(yaml);
    expect(code).toBe(3);
    expect(problems).toEqual([
      expect.stringMatching(/:602: column 'revenue': "1,500": reads differently by locale .* set decimal: "," or decimal: "." for the source$/),
      expect.stringMatching(/:603: column 'revenue': "1\.500": reads differently by locale/),
    ]);
    // 600 × 100 + 12.5 = 60,012.5: the two ambiguous values are left out, not read as 1500 and 1.5.
    expect(revenue(yaml)).toBe(60012.5);
  });

  it('a numeric date against the column\'s sniffed order is a bad value naming the order', () => {
    // The sample's 13/10/2026-style dates decide day-first; 10/13/2026 later cannot be day 10 of month 13.
    const yaml = exportFile(`order-${tag}.csv`, d, [row(d, '10/13/2026', '5', 'Acme', ''), row(d, '05/10/2026', '7', 'Acme', '')], (i) => `${(i % 18) + 13}/10/2026`);
    const { code, problems } = validate(yaml);
    expect(code).toBe(3);
    expect(problems).toEqual([expect.stringMatching(/:602: column 'date': "10\/13\/2026" is not a date in the column's day\/month\/year order .* set date_format: MM\/dd\/yyyy for the source$/)]);
    // 600 × 100 + 7 (05/10/2026 read day-first: 5 October).
    expect(revenue(yaml)).toBe(60007);
  });

  it('a byte that is not UTF-8 past the sniffed 256 KB is a bad value, not a group of its own with U+FFFD in it', () => {
    // M\xfcller is Windows-1252 "Müller"; Caf\xc3\xa9 is UTF-8 "Café"; \xef\xbf\xbd is a U+FFFD the file itself wrote.
    const yaml = exportFile(`bytes-${tag}.csv`, d, [
      row(d, '2026-10-06', '7', Buffer.from('M\xfcller', 'latin1'), ''),
      row(d, '2026-10-06', '9', Buffer.from('Café', 'utf8'), ''),
      row(d, '2026-10-06', '11', Buffer.from('Bad\ufffd', 'utf8'), ''),
    ]);
    const { code, problems } = validate(yaml);
    expect(code).toBe(3);
    expect(problems).toEqual([expect.stringMatching(/:602: column 'customer': "M\ufffdller" is not valid UTF-8 .* set encoding: windows-1252 for the source$/)]);
    // The unreadable customer leaves its row (7) out of every group only: revenue does not read the customer, so
    // the total still counts it: 60000 + 7 + 9 + 11.
    expect(revenue(yaml, 'customer')).toEqual([
      ['total', 60027],
      ['Acme', 60000],
      ['Bad\ufffd', 11],
      ['Café', 9],
    ]);
  });
});

describe('a column whose every value reads differently by locale', () => {
  it('asks for decimal: (exit 2) instead of calling the column text, and reads once it is set', () => {
    // Attendance written "12,000" throughout (the Preppin' Data Chelsea file): 12000 in the US, 12 in Europe.
    writeFileSync(join(dir, 'att.csv'), 'date,att\n2026-10-01,"12,000"\n2026-10-02,"6,500"\n');
    const kpis = 'kpis:\n  attendance: { formula: sum(games.att), unit: number }\n';
    writeFileSync(join(dir, 'att.yaml'), `sources:\n  games: { file: att.csv, period_field: date }\n${kpis}`);
    const run = runKpi(['validate', '-c', join(dir, 'att.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/column 'att' of .*att\.csv has numbers like 1,234 or 1\.234 that read differently by locale, and no value decides; set decimal: "," or decimal: "\." for the source/);
    writeFileSync(join(dir, 'att-us.yaml'), `sources:\n  games: { file: att.csv, period_field: date, decimal: "." }\n${kpis}`);
    const report = runKpi(['report', '-c', join(dir, 'att-us.yaml'), '--period', '2026-10', '--as-of', '2026-11-05', '-f', 'json']);
    expect(report.code, report.stderr).toBe(0);
    // 12,000 + 6,500 = 18,500.
    expect(JSON.parse(report.stdout).results[0].value).toBe(18500);
  });
});
