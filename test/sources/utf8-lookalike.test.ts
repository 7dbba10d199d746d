// A UTF-8 export read as the windows-1252 kpi.yaml declares gave mojibake silently (reps `Ã˜ystein HÃ¦reid`, exit 0):
// now a warning names the file and a misread word, `kpi check` fails (exit 3) unless the source confirms the
// encoding, and a column not found because its header was misread says to fix encoding: instead of `did you mean`.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKpi } from '../helpers/run-kpi.js';
import { decodeWindows1252, utf8Lookalike } from '../../src/sources/decode.js';

const FIXTURE = join(ROOT, 'fixtures/utf8-as-1252');
const base = ['--period', '2026-10', '--as-of', '2026-11-15', '--kpi', 'revenue'];
const copy = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-utf8-lookalike-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
};

describe('UTF-8 read as a declared single-byte encoding', () => {
  it('finds the first multi-byte word and how windows-1252 misreads it', () => {
    // "Ø" is C3 98 in UTF-8; windows-1252 reads C3 as Ã and 98 as ˜ (U+02DC).
    const bytes = Buffer.from('date,rep\n2026-10-01,Øystein Hæreid\n', 'utf8');
    expect(utf8Lookalike(bytes, decodeWindows1252)).toEqual({ utf8: 'Øystein', misread: 'Ã˜ystein' });
    // Real windows-1252 (Ø is the single byte D8) is no valid UTF-8: nothing to say.
    expect(utf8Lookalike(Buffer.from([0x72, 0x65, 0x70, 0x2c, 0xd8, 0x79, 0x0a]), decodeWindows1252)).toBeUndefined();
    // Plain ASCII is the same in both: nothing to say.
    expect(utf8Lookalike(Buffer.from('date,rep\n2026-10-01,Bo\n'), decodeWindows1252)).toBeUndefined();
  });

  it('report warns naming the file and a misread word; check exits 3', () => {
    const cfg = join(FIXTURE, 'kpi.yaml');
    const report = runKpi(['report', '-c', cfg, ...base, '--by', 'rep']);
    expect(report.code).toBe(0);
    expect(report.stderr).toContain("sales.csv is read as windows-1252, but the file looks like UTF-8 ('Øystein' read as 'Ã˜ystein'): remove encoding: windows-1252 or set encoding: utf-8");
    // Revenue 100 + 250 + 50 = 400: the figure itself is right, the names are not.
    expect(runKpi(['check', '-c', cfg, ...base]).code).toBe(3);
  });

  it('encoding_confirmed: true accepts the declared encoding; a real windows-1252 file is no doubt (controls)', () => {
    const dir = copy();
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales:\n    file: sales.csv\n    encoding: windows-1252\n    encoding_confirmed: true\n');
    const confirmed = runKpi(['check', '-c', join(dir, 'kpi.yaml'), ...base]);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stderr).not.toContain('looks like UTF-8');
    const real = copy();
    const text = readFileSync(join(real, 'sales.csv'), 'utf8');
    writeFileSync(join(real, 'sales.csv'), Buffer.from(text, 'latin1').length === text.length ? Buffer.from(text, 'latin1') : text);
    const run = runKpi(['check', '-c', join(real, 'kpi.yaml'), ...base]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('looks like UTF-8');
  });

  it('a mapped column whose header was misread says to fix encoding:, not did-you-mean the mojibake', () => {
    const dir = copy();
    writeFileSync(join(dir, 'sales.csv'), 'Dato,Selger,Beløp\n2026-10-01,Øystein Hæreid,100\n');
    writeFileSync(join(dir, 'kpi.yaml'), 'sources:\n  sales:\n    file: sales.csv\n    encoding: windows-1252\n    columns: { date: Dato, rep: Selger, revenue: Beløp }\n');
    const run = runKpi(['report', '-c', join(dir, 'kpi.yaml'), ...base]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("column 'Beløp' (mapped to revenue) not found in");
    expect(run.stderr).toContain("sales.csv; the file looks like UTF-8 ('Beløp' read as 'BelÃ¸p'): remove encoding: windows-1252 or set encoding: utf-8");
    expect(run.stderr).not.toContain('did you mean');
  });
});
