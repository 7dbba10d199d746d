// Renders `kpi report` as a terminal shows it (colours on, COLUMNS set) to a PNG for README: ANSI SGR → HTML, then
// Chromium headless takes the screenshot. Run: node scripts/terminal-screenshot.mjs [columns] [out.png] [kpi options…]
// e.g. `node scripts/terminal-screenshot.mjs 80 docs/img/terminal-report-80-nb.png --locale nb-NO`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const columns = Number(process.argv[2] ?? 100);
const out = process.argv[3] ?? 'docs/img/terminal-report.png';
const args = ['bin/kpi.js', 'report', '-c', 'fixtures/demo/kpi.yaml', '--period', '2026-10', '--as-of', '2026-12-01', '--hide', 'no-target', ...process.argv.slice(4)];
const ansi = execFileSync(process.execPath, args, { env: { ...process.env, COLUMNS: String(columns), FORCE_COLOR: '1', NO_COLOR: '' }, encoding: 'utf8' });

const COLOURS = { 31: '#ff6b6b', 32: '#51cf66', 33: '#fcc419', 35: '#da77f2', 36: '#66d9e8' };
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
let html = '';
let state = { bold: false, dim: false, colour: undefined };
for (const part of ansi.split(/(\u001b\[[\d;]*m)/)) {
  const m = /^\u001b\[([\d;]*)m$/.exec(part);
  if (!m) {
    if (part === '') continue;
    const style = [state.colour ? `color:${COLOURS[state.colour]}` : '', state.bold ? 'font-weight:bold' : '', state.dim ? 'opacity:0.6' : ''].filter(Boolean).join(';');
    html += style ? `<span style="${style}">${esc(part)}</span>` : esc(part);
    continue;
  }
  for (const code of m[1].split(';').map(Number)) {
    if (code === 0) state = { bold: false, dim: false, colour: undefined };
    else if (code === 1) state.bold = true;
    else if (code === 2) state.dim = true;
    else if (code === 22) state.bold = state.dim = false;
    else if (code === 39) state.colour = undefined;
    else if (COLOURS[code]) state.colour = code;
  }
}
const lines = ansi.split('\n').length;
const page = `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#1e1e1e}pre{margin:0;padding:14px 16px;color:#e0e0e0;font:14px/1.35 'DejaVu Sans Mono',monospace;white-space:pre}</style><pre>${html}</pre>`;
const dir = mkdtempSync(join(tmpdir(), 'kpi-shot-'));
try {
  writeFileSync(join(dir, 'page.html'), page);
  const width = Math.ceil(columns * 8.45) + 32;
  const height = Math.ceil(lines * 14 * 1.35) + 28;
  execFileSync('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--hide-scrollbars', `--window-size=${width},${height}`, `--screenshot=${join(process.cwd(), out)}`, `file://${join(dir, 'page.html')}`], { stdio: 'ignore' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${out}: ${columns} columns, ${lines} lines`);
