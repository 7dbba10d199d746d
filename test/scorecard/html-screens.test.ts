// The demo company's scorecard page in headless Chromium: a whole year of months (2025, twelve columns, YTD, last
// year, the full-year target and what remains) fits a 1024 px window with nothing scrolled out of sight and no KPI
// name split inside a word, the head at the window's top down the KPIs; on a phone (390 px) the table scrolls in its
// box with the KPI column and the head kept in view. Chromium draws with DejaVu Sans here, wider than the Segoe UI
// or San Francisco of most readers: what fits here fits there. KPI_SHOTS=<dir> keeps the PNGs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, chromiumOrSkip, OVERFLOW_PROBE } from '../helpers/chromium.js';
import { runKpi } from '../helpers/run-kpi.js';

const RUN = chromiumOrSkip('scorecard html screenshots');
const LOCALES = ['nb-NO', 'en-GB'];

interface Fit {
  scrollWidth: number;
  boxScrollWidth: number;
  boxClientWidth: number;
  /** Heads whose right edge lies past the table's box (a month behind the sideways scroll). */
  hidden: string[];
  /** KPI names drawn on more lines than they have words: broken inside a word (Bruttofortjenest|e). */
  split: string[];
  overflowing: string[];
}

const FIT = `(() => {
  const box = document.querySelector('.scroll');
  const right = box.getBoundingClientRect().right;
  const hidden = [...document.querySelectorAll('thead th')].filter((th) => th.getBoundingClientRect().right > right + 0.5).map((th) => th.textContent);
  const split = [...document.querySelectorAll('tbody th.kpi')].filter((th) => {
    const r = document.createRange();
    r.selectNodeContents(th);
    return r.getClientRects().length > th.textContent.trim().split(/[ -]/).length;
  }).map((th) => th.textContent);
  return { scrollWidth: document.documentElement.scrollWidth, boxScrollWidth: box.scrollWidth, boxClientWidth: box.clientWidth, hidden, split };
})()`;

describe.skipIf(!RUN)('the demo scorecard in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  const pages = new Map<string, string>();
  const keep = process.env.KPI_SHOTS;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-scorecard-shots-'));
    if (keep) mkdirSync(keep, { recursive: true });
    for (const locale of LOCALES) {
      // 2025 is a whole year: twelve month columns, the most a scorecard of a year has.
      const run = runKpi(['scorecard', '-c', 'fixtures/demo/kpi.yaml', '--period', '2025', '--as-of', '2026-11-15', '--locale', locale, '-f', 'html', '-q']);
      expect(run.code, run.stderr).toBe(0);
      // KPI, Jan … Dec, YTD, last year's YTD, the full-year target, remaining.
      expect(run.stdout.match(/<th scope="col"/g)).toHaveLength(1 + 12 + 4);
      const file = join(dir, `scorecard-${locale}.html`);
      writeFileSync(file, run.stdout);
      pages.set(locale, pathToFileURL(file).href);
    }
    // A running month (--period 2026-11 as of the 15th): its projections `20,62M (p) ◌` are the widest cells.
    const running = runKpi(['scorecard', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-11', '--as-of', '2026-11-15', '--locale', 'nb-NO', '-f', 'html', '-q']);
    expect(running.code, running.stderr).toBe(0);
    writeFileSync(join(dir, 'running-nb-NO.html'), running.stdout);
    pages.set('running', pathToFileURL(join(dir, 'running-nb-NO.html')).href);
    browser = await Browser.launch();
  }, 60_000);

  it('nb-NO in a running month at 1024 px: the projections fit too, no name split in a word', async () => {
    const page = await browser.open(pages.get('running')!, 1024, 800);
    const fit = { ...(await page.evaluate<Omit<Fit, 'overflowing'>>(FIT)), overflowing: (await page.evaluate<{ overflowing: string[] }>(OVERFLOW_PROBE)).overflowing };
    await page.close();
    // Before the (p) and the shares past 100 % were set small: Driftskostnadsandel broke inside the word.
    expect(fit).toEqual({ scrollWidth: 1024, boxScrollWidth: fit.boxClientWidth, boxClientWidth: fit.boxClientWidth, hidden: [], split: [], overflowing: [] });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const locale of LOCALES) {
    it(`${locale} at 1024 px: twelve months, YTD and the year in view, no sideways scroll, no name split in a word, the head in view`, async () => {
      const page = await browser.open(pages.get(locale)!, 1024, 800);
      const fit = { ...(await page.evaluate<Omit<Fit, 'overflowing'>>(FIT)), overflowing: (await page.evaluate<{ overflowing: string[] }>(OVERFLOW_PROBE)).overflowing };
      if (keep) writeFileSync(join(keep, `scorecard-${locale}-1024.png`), await page.screenshot());
      // Down at the 40th KPI the head is still at the window's top.
      const head = await page.evaluate<{ top: number; row: number }>(`(() => {
        const row = document.querySelectorAll('tbody tr')[40];
        row.scrollIntoView({ block: 'center' });
        return { top: document.querySelector('thead th:last-child').getBoundingClientRect().top, row: row.getBoundingClientRect().top };
      })()`);
      await page.close();
      // Before: 1,497 px of table in a 974 px box (nb-NO), Oct–Dec and every column after them behind the scroll.
      expect(fit).toEqual({ scrollWidth: 1024, boxScrollWidth: fit.boxClientWidth, boxClientWidth: fit.boxClientWidth, hidden: [], split: [], overflowing: [] });
      expect(head.row, 'the 40th KPI is in the middle of the window').toBeGreaterThan(200);
      expect(Math.abs(head.top), 'the head at the window top').toBeLessThanOrEqual(1);
    }, 30_000);

    it(`${locale} at 390 px: the table scrolls in its box, the KPI column and the head stay in view`, async () => {
      const page = await browser.open(pages.get(locale)!, 390, 844, { mobile: true });
      // The page's top at the box, then the 40th KPI and the last column brought into view.
      const seen = await page.evaluate<Record<string, number | boolean>>(`(() => {
        const box = document.querySelector('.scroll');
        window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY);
        const row = document.querySelectorAll('tbody tr')[40];
        row.scrollIntoView({ block: 'nearest' });
        box.scrollLeft = box.scrollWidth;
        const b = box.getBoundingClientRect();
        const kpi = row.querySelector('th.kpi').getBoundingClientRect();
        const head = document.querySelector('thead th:last-child').getBoundingClientRect();
        const last = document.querySelector('thead th:last-child').getBoundingClientRect();
        const r = row.getBoundingClientRect();
        return {
          pageWidth: document.documentElement.scrollWidth,
          scrolls: box.scrollWidth > box.clientWidth,
          kpiAtLeft: Math.abs(kpi.left - b.left) <= 1.5,
          headInView: head.top >= -0.5 && head.bottom <= r.top + 0.5,
          rowInView: r.bottom <= window.innerHeight + 0.5,
          lastInView: last.right <= b.right + 0.5,
        };
      })()`);
      if (keep) writeFileSync(join(keep, `scorecard-${locale}-390-scrolled.png`), await page.screenshot({ x: 0, y: await page.evaluate<number>('window.scrollY'), width: 390, height: 844 }));
      await page.close();
      // Before: the head scrolled away with the page (its box scrolled only sideways).
      expect(seen).toEqual({ pageWidth: 390, scrolls: true, kpiAtLeft: true, headInView: true, rowInView: true, lastInView: true });
    }, 30_000);
  }
});
