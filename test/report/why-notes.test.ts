// Notes and owners (issue 18, README "Notes and owners") on a copy of the demo company: `kpi check --require-note
// missed` fails until `kpi note add` writes a note for each missed KPI, and the note is then in every format.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';
import { readDeck } from '../render/office.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-notes-'));
cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
const config = join(dir, 'kpi.yaml');
const base = ['-c', config, '--period', '2026-10', '--as-of', '2026-11-15'];

describe('notes and owners on the demo', () => {
  // targets.yaml gives the demo four misses in 2026-10: win_rate (25% < 30%), outstanding (810,929.90 > 750,000),
  // csat (79.3% < 80%) and conversion_rate (1.04% < 1.5%).
  const missed = ['win_rate', 'outstanding', 'csat', 'conversion_rate'];

  it('check --require-note missed fails on each missed KPI without a note, naming the command', () => {
    const run = runKpi(['check', ...base, '--fail-on', 'never', '--require-note', 'missed']);
    expect(run.code).toBe(1);
    for (const id of missed) expect(run.stderr).toContain(`kpi: error: ${id} is missed in 2026-10 and has no note; add one: kpi note add ${id} 2026-10`);
    // Without --require-note the same run passes (control).
    expect(runKpi(['check', ...base, '--fail-on', 'never']).code).toBe(0);
  });

  it('kpi note add writes notes.yaml; then the check passes and the note is in every format', async () => {
    expect(runKpi(['note', 'add', 'win_rate', '2026-10', 'Two large fleet deals slipped to November', '-c', config, '--owner', 'Kari Lærum', '--action', 'Close both by 15 Nov']).code).toBe(0);
    expect(runKpi(['note', 'add', 'outstanding', '2026-10', 'Municipal invoices paid late', '-c', config]).code).toBe(0);
    expect(runKpi(['note', 'add', 'csat', '2026-10', 'Workshop queue in the tyre season', '-c', config, '--owner', 'Ingrid']).code).toBe(0);
    expect(runKpi(['note', 'add', 'conversion_rate', '2026-10', 'Web shop checkout broken 3 days', '-c', config]).code).toBe(0);
    const yaml = readFileSync(join(dir, 'notes.yaml'), 'utf8');
    expect(yaml).toContain('kpi: win_rate');
    expect(yaml).toContain('note: Two large fleet deals slipped to November');
    expect(runKpi(['check', ...base, '--fail-on', 'never', '--require-note', 'missed']).code).toBe(0);

    const json = JSON.parse(runKpi(['report', ...base, '-f', 'json']).stdout) as { results: { kpi: string; group: object; note: unknown; owner: unknown }[] };
    const wr = json.results.find((r) => r.kpi === 'win_rate' && Object.keys(r.group).length === 0)!;
    expect(wr.note).toEqual({ note: 'Two large fleet deals slipped to November', owner: 'Kari Lærum', action: 'Close both by 15 Nov' });
    expect(wr.owner).toBe('Kari Lærum');
    const line = 'Note — Win rate: Two large fleet deals slipped to November (owner Kari Lærum; action: Close both by 15 Nov)';
    expect(runKpi(['report', ...base]).stdout).toContain(line);
    expect(runKpi(['report', ...base, '-f', 'md']).stdout).toContain(line);
    expect(runKpi(['report', ...base, '-f', 'html']).stdout).toContain('Note — Win rate: Two large fleet deals slipped to November');
    const xlsx = join(dir, 'r.xlsx');
    expect(runKpi(['report', ...base, '-o', xlsx]).code).toBe(0);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const notes: unknown[][] = [];
    wb.getWorksheet('Notes')!.eachRow((r, i) => i > 1 && notes.push((r.values as unknown[]).slice(1)));
    expect(notes.find((r) => r[3] === 'Two large fleet deals slipped to November')).toBeDefined();
    const pptx = join(dir, 'r.pptx');
    expect(runKpi(['report', ...base, '-o', pptx]).code).toBe(0);
    const text = (await readDeck(pptx)).flat().map((b) => b.text).join('\n');
    expect(text).toContain('Two large fleet deals slipped to November');
  });

  it('a notes file naming an unknown KPI is a config error with its line', () => {
    const bad = mkdtempSync(join(tmpdir(), 'kpi-notes-bad-'));
    cpSync(join(ROOT, 'fixtures/why'), bad, { recursive: true });
    writeFileSync(join(bad, 'notes.yaml'), '- { kpi: revenue, period: 2026-10, note: ok }\n- { kpi: revnue, period: 2026-10, note: typo }\n');
    const run = runKpi(['report', '-c', join(bad, 'kpi.yaml'), '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/notes\.yaml:2.*unknown KPI 'revnue'/);
  });

  it('kpi note add refuses a period no report can name (2026-13), as --period does: exit 2, nothing written', () => {
    const own = mkdtempSync(join(tmpdir(), 'kpi-notes-period-'));
    cpSync(join(ROOT, 'fixtures/demo'), own, { recursive: true });
    const run = runKpi(['note', 'add', 'win_rate', '2026-13', 'bad', '-c', join(own, 'kpi.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown period '2026-13'");
    expect(() => readFileSync(join(own, 'notes.yaml'), 'utf8')).toThrow();
    // A period that moves with the day names no period a later report matches.
    expect(runKpi(['note', 'add', 'win_rate', 'mtd', 'moving', '-c', join(own, 'kpi.yaml')]).code).toBe(2);
    // A spelling --period reads is stored as the report names the period (2026q4 → 2026-Q4), so the note shows.
    expect(runKpi(['note', 'add', 'win_rate', '2026q4', 'fine', '-c', join(own, 'kpi.yaml')]).code).toBe(0);
    expect(readFileSync(join(own, 'notes.yaml'), 'utf8')).toContain('period: 2026-Q4');
  });

  it('a note whose group matches no group of the report is said once on stderr, not silently dropped', () => {
    const own = mkdtempSync(join(tmpdir(), 'kpi-notes-group-'));
    cpSync(join(ROOT, 'fixtures/demo'), own, { recursive: true });
    const cfg = join(own, 'kpi.yaml');
    // The demo's reps are Norwegian names (deals.csv: Øystein Hæreid, Åse Bjørnstad …): there is no rep Bo.
    expect(runKpi(['note', 'add', 'win_rate', '2026-10', 'ramping up', '--group', 'rep=Bo', '-c', cfg]).code).toBe(0);
    const run = runKpi(['report', '-c', cfg, '--period', '2026-10', '--as-of', '2026-11-15', '--by', 'rep']);
    const lines = run.stderr.split('\n').filter((l) => l.includes('matches no rep'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('notes.yaml: the note on win_rate 2026-10 for rep=Bo matches no rep');
    // Without --by rep the report shows no rep at all: nothing to say (control).
    expect(runKpi(['report', '-c', cfg, '--period', '2026-10', '--as-of', '2026-11-15']).stderr).not.toContain('matches no rep');
  });
});
