// The meeting formats as a manager sees them, with three target sets (fixtures/demo-sets: budget, forecast,
// stretch) and with --by rep, the widest tables kpi makes: measured in the renderings themselves (Chromium for the
// html), not in the markup.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, chromiumOrSkip } from '../helpers/chromium.js';
import { runKpi } from '../helpers/run-kpi.js';

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
    ['three sets en-GB', ['-c', 'fixtures/demo-sets/kpi.yaml', ...DEMO, '--locale', 'en-GB']],
    // With the group column too: 1,054 px in nb-NO before.
    ['three sets by rep nb-NO', ['-c', 'fixtures/demo-sets/kpi.yaml', ...DEMO, '--locale', 'nb-NO', '--by', 'rep']],
    // The plain demo's table was 995 px (nb-NO) and 1,075 with --by rep: it scrolled inside its box, which the page's
    // own width did not show.
    ['demo nb-NO', ['-c', 'fixtures/demo/kpi.yaml', ...DEMO, '--locale', 'nb-NO']],
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
