// The sentences under the tables (why it moved, is it real, notes and owners, what was left out, why a figure may
// be wrong) in the report's locale: Norwegian words and Norwegian numbers with --locale nb-NO in md, html, xlsx and
// the meeting formats' notes (pptx, pdf). The English of a report without a locale is what it always was (goldens).
// Every expected sentence is written out by hand from the fixture below.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReportContext, ResultRow } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderHtml } from '../../src/render/html.js';
import { renderXlsx } from '../../src/render/xlsx.js';
import { buildMeeting } from '../../src/render/meeting.js';
import { renderedText } from '../../src/render/stream.js';
import { REPORT_WORDS } from '../../src/render/report-words.js';
import type { Rendered } from '../../src/render/types.js';
import { row, sampleReport } from './helpers.js';

const { report: base, context: baseContext } = sampleReport();

// Revenue missed by 1,462,864.40 − 1,500,000 = −37,135.60, split by rep: Kari −216,466.15, Ola +181,838.67, the
// rest (3 reps) −2,508.12 (together −37,135.60); a note with owner and action. Win rate at risk, not missed: 25.0 %
// on n 40 against 30 %, its 95 % interval 14.2 %–40.1 % holds the target. Orders on n 5 < min_n 30: not judged.
const revenue = row({
  kpi: 'revenue',
  label: 'Revenue',
  unit: 'currency',
  value: 1462864.4,
  target: 1500000,
  variance: -37135.6,
  variance_pct: -0.0248,
  status: 'missed',
  drivers: [
    {
      dimension: 'rep',
      against: 'target',
      method: 'target_share',
      total: -37135.6,
      scale: 2,
      members: [
        { member: 'Kari', contribution: -216466.15, value: null, previous: null },
        { member: 'Ola', contribution: 181838.67, value: null, previous: null },
      ],
      other: { members: 3, contribution: -2508.12 },
    },
  ],
  note: { note: 'To store flåteavtaler gled til november', owner: 'Kari', action: 'Lukk begge innen 15.11' },
  owner: 'Kari',
});
const winRate = row({ kpi: 'win_rate', label: 'Win rate', unit: 'percent', value: 0.25, target: 0.3, variance: -0.05, variance_pct: -0.1667, status: 'at_risk', n: 40, significant: false, interval: { low: 0.142, high: 0.401, confidence: 0.95, method: 'wilson' } });
const orders = row({ kpi: 'orders', label: 'Orders', unit: 'count', value: 3, target: 5, status: 'early', n: 5, reason: 'n = 5, below min_n: 30: shown, not judged' });
const calls = row({ kpi: 'calls', label: 'Calls', unit: 'count', value: 12, status: 'no_target' });
const report = { ...base, results: [revenue, winRate, orders, calls] };
const nb: ReportContext = { ...baseContext, by: [], locale: 'nb-NO' };
const en: ReportContext = { ...baseContext, by: [] };

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

// The lines, in Norwegian (nb-NO: spaces between thousands, decimal comma, `kr`, `p.p.`, `%` after a space).
const WHY = 'Hvorfor Omsetning — avvik fordelt på selger: −37 135,60 kr: Kari −216 466,15 kr, Ola +181 838,67 kr, øvrige (3) −2 508,12 kr';
const NOISE = 'Ikke signifikant ved 95 %: Vinnrate 25,0 % (n 40), intervallet 14,2 % – 40,1 % (Wilson) omfatter målet 30,0 %: «i fare», ikke «ikke nådd»';
const NOT_JUDGED = 'Ikke vurdert: Ordrer 3: n = 5, under min_n: 30: vist, ikke vurdert';
const NOTE = 'Merknad — Omsetning: To store flåteavtaler gled til november (ansvarlig Kari; tiltak: Lukk begge innen 15.11)';
const HIDDEN = '1 uten mål ikke vist (--hide no-target)';
const QUALITY = 'sales: 1 uleselig verdi i kolonnen \'Beløp\' (første: sales.csv:7 "<script>&" er ikke et tall); disse radene er utelatt fra revenue';

describe('the report sentences in nb-NO', () => {
  it('md says why, whether it is real, the note and what --hide left out in Norwegian', () => {
    const md = plain(renderedText(renderMarkdown(report, nb, { color: false, hide: ["no_target"] }) as Rendered));
    // md escapes its punctuation; compare on the text without the backslashes.
    const text = md.replace(/\\(.)/g, '$1');
    expect(text).toContain('**Hvorfor Omsetning** — avvik fordelt på selger: −37 135,60 kr: Kari −216 466,15 kr, Ola +181 838,67 kr, øvrige (3) −2 508,12 kr');
    expect(text).toContain(NOISE);
    expect(text).toContain(NOT_JUDGED);
    expect(text).toContain(NOTE);
    expect(text).toContain(HIDDEN);
    expect(text).not.toMatch(/\b(Why|Not significant|Not judged|Note —|not shown|unreadable value)\b/);
  });

  it('html the same, and its issue list in the locale', () => {
    const html = plain(renderedText(renderHtml(report, nb, { color: false, hide: ["no_target"] }) as Rendered));
    const decoded = html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(decoded).toContain('<h2>Hvorfor</h2>');
    expect(decoded).toContain('<strong>Omsetning</strong> — avvik fordelt på selger: −37 135,60 kr: Kari −216 466,15 kr, Ola +181 838,67 kr, øvrige (3) −2 508,12 kr');
    for (const line of [NOISE, NOT_JUDGED, NOTE, HIDDEN]) expect(decoded).toContain(line);
    expect(decoded).toContain('sumlinje, utelatt');
  });

  it('the meeting formats (pptx, pdf) take the same lines as their notes', () => {
    const meeting = buildMeeting(report, nb, { hide: ['no_target'] });
    const notes = meeting.notes.map(plain);
    for (const line of [WHY, NOISE, NOT_JUDGED, NOTE]) expect(notes).toContain(line);
    expect(notes).toContain(QUALITY);
    expect(plain(meeting.notShown)).toBe(HIDDEN);
  });

  it('xlsx: the Why and Notes sheets, their heads and the hidden note in Norwegian', async () => {
    const out = (await renderXlsx(report, nb, { color: false, hide: ['no_target'] })) as { bytes: Uint8Array };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Rapport', 'Datakvalitet', 'Definisjoner', 'Hvorfor', 'Merknader']);
    const values = (sheet: string) => {
      const rows: unknown[][] = [];
      wb.getWorksheet(sheet)!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      return rows;
    };
    expect(values('Hvorfor')[0]).toEqual(['Nøkkeltall', 'Mot', 'Fordelt på', 'Ledd', 'Bidrag', 'Rate', 'Miks', 'Totalt']);
    // The contributions as numbers; the other members named in Norwegian.
    expect(values('Hvorfor').slice(1).map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['Omsetning', 'mål', 'Kari', -216466.15],
      ['Omsetning', 'mål', 'Ola', 181838.67],
      ['Omsetning', 'mål', 'øvrige (3)', -2508.12],
    ]);
    expect(values('Merknader')).toEqual([
      ['Nøkkeltall', 'Gruppe', 'Status', 'Merknad', 'Ansvarlig', 'Tiltak'],
      ['Omsetning', undefined, 'ikke nådd', 'To store flåteavtaler gled til november', 'Kari', 'Lukk begge innen 15.11'],
    ]);
    const block = [1, 2, 3, 4].map((r) => String(wb.getWorksheet('Rapport')!.getRow(r).getCell(1).value ?? ''));
    expect(block).toContain(HIDDEN);
  });

  it('says the same in English without a locale, as before', () => {
    const meeting = buildMeeting(report, en, {});
    expect(meeting.notes).toContain('Why Revenue — variance by rep: −37,135.60 NOK: Kari −216,466.15 NOK, Ola +181,838.67 NOK, other (3) −2,508.12 NOK');
    expect(meeting.notes).toContain('Not significant at 95%: Win rate 25.0% (n 40), interval 14.2% – 40.1% (Wilson) holds the target 30.0%: at risk, not missed');
    expect(meeting.notes).toContain('Not judged: Orders 3: n = 5, below min_n: 30: shown, not judged');
  });

  it('has every sentence in every language, with the same {values}', () => {
    const keys = (w: object): string[] => Object.entries(w).flatMap(([k, v]) => (typeof v === 'string' ? [`${k}:${[...v.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',')}`] : keys(v).map((x) => `${k}.${x}`)));
    const english = keys(REPORT_WORDS.en);
    for (const lang of ['nb', 'sv', 'da'] as const) expect(keys(REPORT_WORDS[lang]), lang).toEqual(english);
  });
});
