// `locale:` and `--locale` from the command line: the human formats speak the locale, the machine formats never move.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const NB = '\u00a0';
const ARGS = ['-c', 'fixtures/locale/kpi.yaml', '--period', '2026-10'];

describe('locale from kpi.yaml and --locale', () => {
  it('a Norwegian table: Norwegian headings, statuses, labels, dates, and display: settings', () => {
    const r = runKpi(['report', ...ARGS, '--kpi', 'revenue,win_rate,returns,gross_margin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('KPI-rapport 2026-10 (01.10.2026 – 31.10.2026), sammenlignet med 2026-09');
    expect(r.stdout).toMatch(/Nøkkeltall .*Faktisk .*Mål .*Avvik .*Avvik % .*Status/);
    // revenue 1,550 in thousands with two decimals (display:); target 1,500.
    expect(r.stdout).toContain(`Omsetning    │ 1,55${NB}tusen kr │ 1,50${NB}tusen kr`);
    // win rate 50 % against 40 % with two decimals: +10.00 percentage points.
    expect(r.stdout).toMatch(new RegExp(`Vinnrate +│ +50,00${NB}% │ +40,00${NB}% │ +\\+10,00${NB}p\\.p\\. │`));
    // A user's own label is shown as written; returns 50.05 in whole kroner (decimals: 0 on the KPI).
    expect(r.stdout).toMatch(new RegExp(`Returer +│ +50${NB}kr │`));
    expect(r.stdout).toContain('▲ i fare');
    expect(r.stdout).toContain('2 nådd · 1 i fare · 1 ikke nådd · 0 uten mål · 0 uten data');
  });

  it('--locale over kpi.yaml: en-GB numbers and British dates', () => {
    const r = runKpi(['report', ...ARGS, '--kpi', 'revenue,gross_margin', '--locale', 'en-GB', '-f', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('### KPI report 2026-10 (01/10/2026 – 31/10/2026), compared with 2026-09');
    expect(r.stdout).toContain('| Revenue | 1.55 kNOK | 1.50 kNOK | +0.05 kNOK |');
    expect(r.stdout).toContain('| Gross margin | 60.0% | 65.0% | −5.0 pp |');
  });

  it('json and csv are the same bytes in every locale', () => {
    for (const format of ['json', 'csv']) {
      const base = runKpi(['report', ...ARGS, '-f', format, '--locale', 'en-US']);
      expect(base.code, base.stderr).toBe(0);
      for (const locale of ['nb-NO', 'sv-SE', 'da-DK', 'en-GB']) expect(runKpi(['report', ...ARGS, '-f', format, '--locale', locale]).stdout, `${format} ${locale}`).toBe(base.stdout);
    }
  });

  it('a locale kpi does not speak is a usage error naming the ones it does', () => {
    const r = runKpi(['report', ...ARGS, '--locale', 'fr-FR']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--locale fr-FR: kpi speaks nb-NO, sv-SE, da-DK, en-GB, en-US');
    const dir = mkdtempSync(join(tmpdir(), 'kpi-locale-'));
    try {
      const config = join(dir, 'kpi.yaml');
      writeFileSync(config, 'locale: fr-FR\ndisplay:\n  revenue: { scale: billions }\nsources: {}\n');
      const bad = runKpi(['report', '-c', config]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/kpi\.yaml:1.*locale "fr-FR" is not one kpi speaks: use one of nb-NO, sv-SE, da-DK, en-GB, en-US/);
      expect(bad.stderr).toMatch(/kpi\.yaml:3.*scale must be thousands or millions/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the usual spellings of a locale are understood', () => {
    const r = runKpi(['report', ...ARGS, '--kpi', 'revenue', '--locale', 'sv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Intäkter');
  });
});
