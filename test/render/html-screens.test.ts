// Screenshots of the demo company's HTML report in headless Chromium at a desktop (1400 px), a small laptop or
// tablet (1024 px) and a phone (390 px): not blank, nothing wider than the window, no text spilling out of its box;
// printed, a summary of at most two pages before the appendix, with page numbers. KPI_SHOTS=<dir> keeps the PNGs
// and the PDF there to look at.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, chromiumOrSkip, OVERFLOW_PROBE } from '../helpers/chromium.js';
import { runKpi } from '../helpers/run-kpi.js';
import { decodePng } from './helpers.js';
import { fill, MESSAGES } from '../../src/locale/format.js';
import { localeSpec, type LocaleId } from '../../src/locale/locales.js';

const RUN = chromiumOrSkip('html screenshots');
const WIDTHS = [1400, 1024, 390];
const LOCALES = ['en-GB', 'nb-NO'];

interface Probe {
  scrollWidth: number;
  innerWidth: number;
  overflowing: string[];
}

describe.skipIf(!RUN)('the demo report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  const pages = new Map<string, string>();
  const keep = process.env.KPI_SHOTS;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-shots-'));
    if (keep) mkdirSync(keep, { recursive: true });
    for (const locale of LOCALES) {
      const run = runKpi(['report', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-11-15', '--locale', locale, '-f', 'html']);
      expect(run.code, run.stderr).toBe(0);
      const file = join(dir, `demo-${locale}.html`);
      writeFileSync(file, run.stdout);
      pages.set(locale, pathToFileURL(file).href);
    }
    // A running period in Norwegian: the projections, the pace marks and the targets to date under each figure (the
    // widest summary there is) made the page 1,207 px wide at 1024 before those lines could wrap.
    const running = runKpi(['report', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-10-15', '--locale', 'nb-NO', '-f', 'html']);
    expect(running.code, running.stderr).toBe(0);
    writeFileSync(join(dir, 'running-nb-NO.html'), running.stdout);
    pages.set('running', pathToFileURL(join(dir, 'running-nb-NO.html')).href);
    browser = await Browser.launch();
  }, 60_000);

  it('nb-NO in a running period at 1024 px: nothing wider than the window, no KPI name split inside a word', async () => {
    const page = await browser.open(pages.get('running')!, 1024, 900);
    const probe = await page.evaluate<Probe>(OVERFLOW_PROBE);
    // A name whose text takes more lines than it has words was broken inside one (Kundetilfredsh|et).
    const split = await page.evaluate<string[]>(`[...document.querySelectorAll('table.kpis td.name')].filter((td) => { const r = document.createRange(); r.selectNodeContents(td.firstChild); return r.getClientRects().length > td.firstChild.textContent.split(/[ -]/).length; }).map((td) => td.firstChild.textContent)`);
    await page.close();
    expect({ scrollWidth: probe.scrollWidth, overflowing: probe.overflowing, split }).toEqual({ scrollWidth: 1024, overflowing: [], split: [] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const locale of LOCALES) {
    for (const width of WIDTHS) {
      it(`${locale} at ${width} px: drawn, nothing wider than the window, no text out of its box`, async () => {
        const page = await browser.open(pages.get(locale)!, width, 900, { mobile: width < 600 });
        const probe = await page.evaluate<Probe>(OVERFLOW_PROBE);
        // The first two screens are checked for being drawn (decoding the whole page's pixels would be most of the time).
        const png = await page.screenshot({ x: 0, y: 0, width, height: 1800 });
        if (keep) {
          const whole = await page.screenshot();
          writeFileSync(join(keep, `demo-${locale}-${width}.png`), whole);
          // Screen-high tiles too, to look at (an image viewer shrinks a whole page to nothing).
          const tile = width < 600 ? 844 : 1000;
          const height = decodePng(whole).height;
          for (let y = 0, i = 0; y < height && i < 12; y += tile, i++) {
            writeFileSync(join(keep, `demo-${locale}-${width}-${i}.png`), await page.screenshot({ x: 0, y, width: Math.max(width, probe.scrollWidth), height: Math.min(tile, height - y) }));
          }
          // And the first screen in greyscale: the charts must read without their colours.
          await page.evaluate(`document.documentElement.style.filter = 'grayscale(1)'`);
          writeFileSync(join(keep, `demo-${locale}-${width}-grey.png`), await page.screenshot({ x: 0, y: 0, width, height: Math.min(tile, height) }));
        }
        await page.close();
        expect({ scrollWidth: probe.scrollWidth, overflowing: probe.overflowing }, 'the page scrolls sideways, or text spills out of its box').toEqual({ scrollWidth: Math.min(probe.scrollWidth, width), overflowing: [] });
        const image = decodePng(png);
        expect(image.width).toBe(width);
        // Not blank: the commonest colour (the background) covers well under the page, and many colours appear.
        const counts = new Map<number, number>();
        for (let i = 0; i < image.pixels.length; i += 4) {
          const key = (image.pixels[i] << 16) | (image.pixels[i + 1] << 8) | image.pixels[i + 2];
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        expect(Math.max(...counts.values()) / (image.width * image.height)).toBeLessThan(0.9);
        expect(counts.size).toBeGreaterThan(50);
      }, 30_000);
    }

    it(`${locale} printed: the summary on one or two A4 pages, then the appendix, every page numbered`, async () => {
      const page = await browser.open(pages.get(locale)!, 1400);
      const pdf = await page.pdf();
      await page.close();
      const file = join(keep ?? dir, `demo-${locale}.pdf`);
      writeFileSync(file, pdf);
      const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
      if (info.error) {
        if (process.env.CI === "true") throw new Error("pdfinfo not found, and CI=true: .ci/run must install poppler-utils");
        return void console.warn("html print: pdfinfo not found (apt-get install poppler-utils); the PDF's pages are not checked");
      }
      const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1]);
      // A4 landscape: 842 × 595 points.
      expect(info.stdout).toMatch(/Page size:\s+841\.9\d* x 59[45]\.\d* pts/);
      const texts = Array.from({ length: pageCount }, (_, i) => spawnSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).stdout);
      const appendix = texts.findIndex((t) => new RegExp(`^\\s*${MESSAGES[localeSpec(locale as LocaleId).language].html.appendix}\\s*$`, 'm').test(t));
      expect(appendix, 'the page where the appendix starts').toBeGreaterThanOrEqual(1);
      expect(appendix).toBeLessThanOrEqual(2);
      // The summary's pages hold every KPI that needs attention and every one on track.
      const words = MESSAGES[localeSpec(locale as LocaleId).language].html;
      expect(texts.slice(0, appendix).join('\n')).toMatch(new RegExp(`${words.needsAttention}[\\s\\S]*${words.onTrack}`));
      texts.forEach((t, i) => expect(t, `page ${i + 1}`).toContain(fill(words.page, { page: i + 1, pages: pageCount })));
      if (keep) spawnSync('pdftoppm', ['-png', '-r', '60', file, join(keep, `demo-${locale}-print`)]);
    }, 30_000);
  }
});
