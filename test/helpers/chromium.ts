// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: fd 3 in, fd 4 out, JSON
// messages ended by NUL). No library and no browser download: the system's /usr/bin/chromium, one process for all
// the pages of a test file. Evaluating in the page through the protocol is not subject to the page's CSP, so the
// report keeps forbidding scripts while the tests measure it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = process.env.KPI_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Under CI=true a missing Chromium fails the rendering tests instead of skipping them (.ci/run installs it). */
export function chromiumOrSkip(what: string): boolean {
  if (HAS_CHROMIUM) return true;
  if (process.env.CI === 'true') throw new Error(`${what}: ${CHROMIUM} not found, and CI=true: .ci/run must install chromium`);
  console.warn(`${what}: ${CHROMIUM} not found (apt-get install chromium); skipping the headless Chromium rendering checks`);
  return false;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  method: string;
}

export class Browser {
  private readonly child: ChildProcess;
  private readonly profile: string;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: ((msg: { method: string; params: unknown; sessionId?: string }) => void)[] = [];
  private nextId = 1;
  private buffer = '';
  private stderr = '';

  private constructor() {
    this.profile = mkdtempSync(join(tmpdir(), 'kpi-chromium-'));
    this.child = spawn(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        '--font-render-hinting=none',
        '--host-resolver-rules=MAP * ~NOTFOUND',
        `--user-data-dir=${this.profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    (this.child.stderr as Readable).on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    const out = this.child.stdio[4] as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 1);
        if (msg.id !== undefined) {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (msg.error) p?.reject(new Error(`${p.method}: ${msg.error.message}`));
          else p?.resolve(msg.result);
        } else for (const l of this.listeners) l(msg);
      }
    });
    this.child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited (${code}) during ${p.method}: ${this.stderr}`));
      this.pending.clear();
    });
  }

  static async launch(): Promise<Browser> {
    const b = new Browser();
    await b.send('Browser.getVersion');
    return b;
  }

  send<T = any>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      (this.child.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  /** Resolves with the first event of that name (in that session) from now on. */
  once(method: string, sessionId?: string): Promise<unknown> {
    return new Promise((resolve) => {
      const l = (msg: { method: string; params: unknown; sessionId?: string }) => {
        if (msg.method !== method || (sessionId && msg.sessionId !== sessionId)) return;
        this.listeners.splice(this.listeners.indexOf(l), 1);
        resolve(msg.params);
      };
      this.listeners.push(l);
    });
  }

  /** A new tab of the given CSS width (and height), `mobile` for a phone's viewport, with the page at `url` loaded. */
  async open(url: string, width: number, height = 900, options: { mobile?: boolean; media?: 'print' | 'screen' } = {}): Promise<Page> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, sessionId, targetId);
    await page.send('Page.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: options.mobile ?? false });
    if (options.media) await page.send('Emulation.setEmulatedMedia', { media: options.media });
    const loaded = this.once('Page.loadEventFired', sessionId);
    await page.send('Page.navigate', { url });
    await loaded;
    return page;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(
    private readonly browser: Browser,
    readonly sessionId: string,
    private readonly targetId: string,
  ) {}

  send<T = any>(method: string, params: object = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  /** The value of a JavaScript expression in the page (returned by value: plain data only). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  }

  /** A PNG of the whole page (not only the viewport), or of a part of it (CSS pixels from the top left). */
  async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const { data } = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, ...(clip ? { clip: { ...clip, scale: 1 } } : {}) });
    return Buffer.from(data, 'base64');
  }

  /** The page printed as Chromium prints it (its @page rules decide size and margins). */
  async pdf(): Promise<Buffer> {
    const { data } = await this.send('Page.printToPDF', { preferCSSPageSize: true, printBackground: true });
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }
}

/**
 * What overflows in the page: the document wider than the viewport, and elements whose content is wider than their
 * box where that box clips or lets it spill (text cut off or running into its neighbour). Each as a short
 * description (tag, class, text) for the failure message.
 */
export const OVERFLOW_PROBE = `(() => {
  const doc = document.documentElement;
  const out = { scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, overflowing: [] };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.display === 'inline' || style.display === 'contents') continue;
    // A box that scrolls on purpose (overflow-x: auto) holds its content; one that clips or spills does not.
    if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
      out.overflowing.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' (' + el.scrollWidth + ' > ' + el.clientWidth + '): ' + text);
    }
  }
  return out;
})()`;
