// HTML renderer: one self-contained page. Structure and escaping are checked on the text; when Chromium is installed,
// the page is rendered headless to check that it draws something and makes no network request.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP, STATUS_COLOUR, renderHtml } from '../../src/render/html.js';
import { runKpi } from '../helpers/run-kpi.js';
import { decodePng, sampleReport } from './helpers.js';
import { renderedText } from '../../src/render/stream.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['-c', 'test/render/fixtures/kpi.yaml', '--period', '2026-10', '--by', 'rep'];

function sampleHtml(): string {
  const { report, context } = sampleReport();
  const out = renderHtml(report, context, { color: false });
  if (out instanceof Promise) throw new Error('html renders at once');
  return renderedText(out);
}

/** Every place a page can name a resource: src/href/xlink:href/action/poster/srcset attributes and CSS url() / @import. */
function resourceReferences(html: string): string[] {
  const attrs = [...html.matchAll(/\s(?:src|href|xlink:href|action|poster|srcset|data)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]);
  const css = [...html.matchAll(/url\(\s*['"]?([^'")]*)|@import\s+['"]?([^'";\s]*)/gi)].map((m) => m[1] ?? m[2]);
  return [...attrs, ...css];
}

describe('renderHtml', () => {
  it('is one self-contained document with a CSP that forbids every request', () => {
    const html = sampleHtml();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP.replaceAll("'", '&#39;')}">`);
    expect(CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|<img/i);
    expect(resourceReferences(html).filter((r) => !r.startsWith('data:') && !r.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
  });

  it('has status cards, the summary with a bullet chart per KPI, the table of every result and print styles', () => {
    const html = sampleHtml();
    for (const s of ['met', 'at_risk', 'missed', 'early', 'no_target', 'no_data']) expect(html).toContain(`<div class="card s-${s}">`);
    expect(html).toContain('<table class="variance">');
    expect(html).toContain('<th class="num">Variance<small class="second">Var %</small></th>');
    // Exceptions first: the section of what needs attention comes before the one of what is on track.
    expect(html.indexOf('<section id="attention">')).toBeGreaterThan(0);
    expect(html.indexOf('<section id="attention">')).toBeLessThan(html.indexOf('<section id="on-track">'));
    // A bullet chart per result with a target or value in the summary, and the legend's own.
    expect(html.match(/<svg class="mini"/g)!.length).toBeGreaterThan(3);
    expect(html).toContain('How to read this');
    expect(html).toContain('@media print');
    expect(html).toContain('counter(page) " of " counter(pages)');
  });

  it('orders the summary missed, at risk, then met; without a target in the appendix', () => {
    const { report, context } = sampleReport();
    const html = renderedText(renderHtml(report, context, { color: false }) as { chunks: Iterable<string> });
    const summary = html.slice(html.indexOf('<div class="summary">'), html.indexOf('<div class="appendix">'));
    const statuses = [...summary.matchAll(/<tr class="k[^"]*"><td class="st"><span class="pill s-([a-z_]+)">/g)].map((m) => m[1]);
    // The sample's results are met, missed (a group), at risk, early, no target, no data, in that order. The summary
    // shows what needs attention (missed, at risk), then what is on track in the one order of render/order.ts: met
    // (a verdict) before early (too early for one).
    expect(statuses).toEqual(['missed', 'at_risk', 'met', 'early']);
    const appendix = html.slice(html.indexOf('<div class="appendix">'));
    expect(appendix).toContain('<section id="no-target">');
  });

  it('says a change is better or worse by the KPI\'s direction, not by its sign', () => {
    const { report, context } = sampleReport();
    const up = (better: 'higher' | 'lower') => ({ ...report.results[0], kpi: 'x', label: 'X', unit: 'number' as const, better, value: 12, previous: 10, change: 2, change_pct: 0.2, target: null, variance: null, variance_pct: null, status: 'no_target' as const });
    const page = (better: 'higher' | 'lower') => renderedText(renderHtml({ ...report, results: [up(better)] }, context, { color: false }) as { chunks: Iterable<string> });
    const cell = (html: string) => /<td class="num chg"[^>]*>(.*?)<\/td>/.exec(html)![1];
    expect(cell(page('higher'))).toMatch(/↑.*\+20\.0%.*better/);
    expect(cell(page('lower'))).toMatch(/↑.*\+20\.0%.*worse/);
  });

  it('escapes text from configs and data', () => {
    const html = sampleHtml();
    expect(html).toContain('Margin, &quot;gross&quot; &lt;b&gt;&amp;&lt;/b&gt;'.replaceAll('&quot;', '"'));
    expect(html).not.toContain('<b>&</b>');
    expect(html).toContain('<code>&lt;script&gt;&amp;</code>');
  });

  it('is the same bytes on every run', () => {
    const a = runKpi(['report', '-f', 'html', ...ARGS]);
    const b = runKpi(['report', '-f', 'html', ...ARGS]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});

interface Shot {
  image: ReturnType<typeof decodePng>;
  /** URLs the page itself asked the network for (Chromium's own background requests are left out). */
  pageRequests: string[];
}

describe.skipIf(!HAS_CHROMIUM)('html in headless Chromium', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kpi-html-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function screenshot(name: string, html: string): Shot {
    const page = join(dir, `${name}.html`);
    const png = join(dir, `${name}.png`);
    const netlog = join(dir, `${name}.netlog.json`);
    writeFileSync(page, html);
    const run = spawnSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        `--user-data-dir=${join(dir, `profile-${name}`)}`,
        `--log-net-log=${netlog}`,
        `--screenshot=${png}`,
        '--window-size=1200,1600',
        pathToFileURL(page).href,
      ],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(existsSync(png), `chromium wrote no screenshot (exit ${run.status}): ${run.stderr}`).toBe(true);
    return { image: decodePng(readFileSync(png)), pageRequests: pageRequests(netlog) };
  }

  /** Requests in the net log made on behalf of a file:// page (the browser's own update checks have another isolation key). */
  function pageRequests(netlog: string): string[] {
    const log = JSON.parse(readFileSync(netlog, 'utf8')) as { constants: { logEventTypes: Record<string, number> }; events: { type: number; params?: Record<string, string> }[] };
    const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
    return log.events
      .filter((e) => e.type === start && e.params?.url !== undefined && (e.params.network_isolation_key ?? '').includes('file://'))
      .map((e) => e.params!.url)
      .filter((url) => !url.startsWith('file:') && !url.startsWith('data:'));
  }

  const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

  /** Share of pixels within a small distance of a colour. */
  function share(image: Shot['image'], colour: number[]): number {
    let hits = 0;
    for (let i = 0; i < image.pixels.length; i += 4) {
      if (Math.abs(image.pixels[i] - colour[0]) + Math.abs(image.pixels[i + 1] - colour[1]) + Math.abs(image.pixels[i + 2] - colour[2]) < 12) hits++;
    }
    return hits / (image.pixels.length / 4);
  }

  it('renders the report: not blank, with the cards and bars in their status colours', () => {
    // A few KPIs, so the charts are inside the 1600-pixel-high window too.
    const run = runKpi(['report', '-f', 'html', '-c', 'test/render/fixtures/kpi.yaml', '--period', '2026-10', '--kpi', 'revenue,gross_margin,orders,win_rate,churn_rate,returns']);
    expect(run.code).toBe(0);
    const { image, pageRequests } = screenshot('report', run.stdout);
    expect(image.width).toBe(1200);
    // Not blank: the most common colour (the background) covers well under all of the page, and many colours appear.
    const counts = new Map<number, number>();
    for (let i = 0; i < image.pixels.length; i += 4) {
      const key = (image.pixels[i] << 16) | (image.pixels[i + 1] << 8) | image.pixels[i + 2];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const top = Math.max(...counts.values()) / (image.width * image.height);
    expect(top).toBeLessThan(0.9);
    expect(counts.size).toBeGreaterThan(50);
    // The inline CSS (cards) and the SVG bars were drawn: a CSP that blocked them would leave these colours out.
    expect(share(image, hex(STATUS_COLOUR.missed.bg))).toBeGreaterThan(0.002);
    expect(share(image, hex(STATUS_COLOUR.met.bar))).toBeGreaterThan(0.001);
    expect(pageRequests).toEqual([]);
  }, 120_000);

  it('would notice a page that asks the network for something (control for the check above)', () => {
    const leaky = '<!DOCTYPE html><html><body><img src="https://example.com/x.png"><link rel="stylesheet" href="http://example.org/a.css"></body></html>';
    expect(screenshot('leaky', leaky).pageRequests.sort()).toEqual(['http://example.org/a.css', 'https://example.com/x.png']);
  }, 120_000);
});

if (!HAS_CHROMIUM) console.warn(`html: ${CHROMIUM} not found (apt-get install chromium); skipping the headless Chromium rendering checks`);
