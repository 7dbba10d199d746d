// The meeting formats as a manager sees them, with three target sets (fixtures/demo-sets: budget, forecast,
// stretch) and with --by rep, the widest tables kpi makes: measured in the renderings themselves (Chromium for the
// html), not in the markup.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Browser, chromiumOrSkip } from '../helpers/chromium.js';
import { runKpi } from '../helpers/run-kpi.js';
import type { Report } from '../../src/report/model.js';
import { HEADER_ROW } from '../../src/render/xlsx.js';
import { Formatter } from '../../src/locale/format.js';
import { decodePng } from './helpers.js';
import { iconsShown, needs, PDFTOPPM, pdfPages, PDFTOTEXT, pdfWords, readDeck, textFaults } from './office.js';

const DEMO = ['--period', '2026-10', '--as-of', '2026-11-05'];

/** What scrolls sideways at this width: the page, or any box in it (a table's `overflow-x: auto` wrapper too). */
const SIDEWAYS = `(() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) out.push('the page: ' + doc.scrollWidth + ' > ' + window.innerWidth);
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg')) continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).display !== 'inline') {
      const id = el.closest('section')?.id ?? '';
      out.push(el.tagName.toLowerCase() + '.' + el.className + ' in #' + id + ': ' + el.scrollWidth + ' > ' + el.clientWidth);
    }
  }
  return out;
})()`;

describe.skipIf(!chromiumOrSkip('meeting formats with target sets'))('html with three target sets', () => {
  let browser: Browser;
  let dir: string;
  const pages = new Map<string, string>();
  const CASES: [string, string[]][] = [
    // Before: the appendix's table of every result was 1,530 px in its 970 (a column a figure, two a target set).
    ['three sets nb-NO', ['-c', 'fixtures/demo-sets/kpi.yaml', ...DEMO, '--locale', 'nb-NO']],
    // With the group column too: 1,054 px in nb-NO before.
    ['three sets by rep nb-NO', ['-c', 'fixtures/demo-sets/kpi.yaml', ...DEMO, '--locale', 'nb-NO', '--by', 'rep']],
    // The plain demo's table was 1,075 px with --by rep (995 without): it scrolled inside its box, which the page's
    // own width did not show.
    ['demo by rep nb-NO', ['-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--locale', 'nb-NO', '--by', 'rep']],
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-sets-'));
    CASES.forEach(([name, args], i) => {
      const run = runKpi(['report', ...args, '-f', 'html']);
      expect(run.code, run.stderr).toBe(0);
      writeFileSync(join(dir, `${i}.html`), run.stdout);
      pages.set(name, pathToFileURL(join(dir, `${i}.html`)).href);
    });
    browser = await Browser.launch();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES.map(([name]) => name))('%s at 1024 px: nothing scrolls sideways, not even a table in its box', async (name) => {
    const page = await browser.open(pages.get(name)!, 1024, 900);
    const sideways = await page.evaluate<string[]>(SIDEWAYS);
    await page.close();
    expect(sideways).toEqual([]);
  }, 30_000);

  it('three sets: each other set is one column, its target over its variance and percent', async () => {
    const page = await browser.open(pages.get('three sets nb-NO')!, 1024, 900);
    const table = await page.evaluate<{ heads: string[]; revenue: string[] }>(`(() => {
      const t = document.querySelector('table.variance');
      const cell = (c) => [...c.childNodes].map((n) => n.textContent.trim()).filter((s) => s !== '').join(' | ');
      const revenue = [...t.querySelectorAll('tbody tr')].find((tr) => tr.cells[0].textContent === 'Omsetning');
      return { heads: [...t.querySelectorAll('thead th')].map(cell), revenue: [...revenue.cells].map(cell) };
    })()`);
    await page.close();
    expect(table.heads).toEqual(['Nøkkeltall', 'Faktisk', 'Budget', 'Avvik | Avvik %', 'Status', 'Forecast | ± Forecast', 'Stretch | ± Stretch', 'Utgangspunkt | Referanse', 'Forrige | Endring']);
    // Revenue: actual 1,462,864.40 (fixtures/demo), budget 1,500,000 (its targets.yaml), forecast 1,420,000 and
    // stretch 1,650,000 (fixtures/demo-sets): 1,462,864.40 − 1,420,000 = +42,864.40 (+3.0 %), − 1,650,000 =
    // −187,135.60 (−11.3 %). No baseline; September 1,341,581.10, so +9.0 %.
    // The figures keep their no-break spaces (read here as spaces): a figure never breaks over two lines.
    expect(table.revenue.map((c) => c.replace(/\u00a0/g, ' '))).toEqual([
      'Omsetning',
      '1 462 864,40 kr',
      '1 500 000,00 kr',
      '−37 135,60 kr | −2,5 %',
      '▲ i fare',
      '1 420 000,00 kr | +42 864,40 kr (+3,0 %)',
      '1 650 000,00 kr | −187 135,60 kr (−11,3 %)',
      '',
      '1 341 581,10 kr | +9,0 %',
    ]);
  }, 30_000);
});

describe('xlsx with three target sets', () => {
  it('each variance column has its set\'s status as an icon of its own shape: cross, exclamation mark, tick', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sets-'));
    try {
      const args = ['report', '-c', 'fixtures/demo-sets/kpi.yaml', ...DEMO, '--locale', 'nb-NO', '--sort', 'registry'];
      const json = JSON.parse(runKpi([...args, '-f', 'json']).stdout) as Report;
      expect(runKpi([...args, '-o', join(dir, 'r.xlsx')]).code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'r.xlsx'));
      const ws = wb.worksheets[0];
      const heads = (ws.getRow(HEADER_ROW).values as string[]).slice(1);
      const ICON: Record<string, number> = { missed: 1, at_risk: 2, met: 3 };
      for (const [head, set] of [['Avvik', undefined], ['Avvik Forecast', 'forecast'], ['Avvik Stretch', 'stretch']] as const) {
        const col = ws.getColumn(heads.indexOf(head) + 1).letter;
        const expected = new Map<number, number>();
        json.results.forEach((r, i) => {
          const t = set === undefined ? r : r.targets![set];
          if (t && t.variance !== null && ICON[t.status] !== undefined) expected.set(HEADER_ROW + 1 + i, ICON[t.status]);
        });
        expect(iconsShown(ws, col), head).toEqual(expected);
      }
      // Revenue by hand: 1,462,864.40 against the budget 1,500,000 with 5 % tolerance is at risk (−2.5 %), against
      // the forecast 1,420,000 met, against the stretch 1,650,000 (no tolerance) missed: the three icons in one row.
      const revenue = HEADER_ROW + 1 + json.results.findIndex((r) => r.kpi === 'revenue');
      const icon = (head: string) => iconsShown(ws, ws.getColumn(heads.indexOf(head) + 1).letter).get(revenue);
      expect([icon('Avvik'), icon('Avvik Forecast'), icon('Avvik Stretch')]).toEqual([2, 3, 1]);
      // `Avvik i % Forecast` wraps in its 17 characters: the head row is two lines high, not one drawn over itself.
      expect(ws.getRow(HEADER_ROW).height).toBeGreaterThanOrEqual(30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(!needs(PDFTOTEXT && PDFTOPPM, 'pdftotext/pdftoppm', 'poppler-utils'))('pdf with three target sets', () => {
  // (en-GB's names are as long as Norwegian's in a narrower column: Average revenue per account (ARPA) ends in …)
  it.each([
    ['nb-NO', ['--by', 'rep']],
    ['en-GB', []],
  ] as const)('%s %s: every KPI name in whole words, nothing past the right margin', (locale, extra) => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sets-'));
    try {
      const args = ['report', '-c', 'fixtures/demo-sets/kpi.yaml', ...DEMO, '--locale', locale, ...extra];
      const json = JSON.parse(runKpi([...args, '-f', 'json']).stdout) as Report;
      const pdf = join(dir, 'r.pdf');
      expect(runKpi([...args, '-o', pdf]).code).toBe(0);
      const pages = pdfWords(pdf);
      const words = new Set(pages.flatMap((p) => p.words.map((w) => w.text)));
      const cut = [...words].filter((w) => w.endsWith('…')).map((w) => w.slice(0, -1));
      // Each word of each KPI's name (as the locale shows it) is one word on the page, or the start of one a long
      // name ends with (`…`). Before, three target sets left the name column 40 pt: `Omsetni` `ng`, `Bruttom` `argin`.
      const broken = new Set<string>();
      const f = new Formatter(locale);
      for (const r of json.results) {
        const name = f.label(r.kpi, r.label).split(' ');
        for (const [i, word] of name.entries()) {
          if (words.has(word)) continue;
          // Cut here (`revenue per…`: the words after it are left out, as the name ran past two lines).
          if (cut.some((c) => (c !== '' && word.startsWith(c)) || c === name[i - 1])) break;
          broken.add(word);
        }
      }
      expect([...broken]).toEqual([]);
      expect(pages.flatMap((p, i) => textFaults(p, `page ${i + 1}`))).toEqual([]);
      // Nothing drawn in the right margin (40 pt): the sparklines ran 60 pt past the page's edge.
      for (const { file } of pdfPages(pdf, dir, 36)) {
        const { width, height, pixels } = decodePng(readFileSync(file));
        const from = Math.ceil(width - (36 / 72) * 36);
        let ink = 0;
        for (let y = 0; y < height; y++) for (let x = from; x < width; x++) if (pixels[(y * width + x) * 4] < 200) ink++;
        expect(ink, file).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('pptx with --by rep', () => {
  it('a section over two slides numbers them once: `Needs attention (14) · 2/2`, not `(14) (2/2)`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-sets-'));
    try {
      const file = join(dir, 'r.pptx');
      expect(runKpi(['report', '-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--locale', 'en-GB', '--by', 'rep', '-o', file]).code).toBe(0);
      const titles = (await readDeck(file)).map((s) => s[0].text);
      // The demo by rep: 14 results need attention (8 KPIs' totals; 4 reps' revenue and 2 reps' win rate missed or at
      // risk), 11 a slide: two slides.
      expect(titles.slice(1, 3)).toEqual(['Needs attention (14) · 1/2', 'Needs attention (14) · 2/2']);
      expect(titles.filter((t) => /\) \(/.test(t))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
