// `npm run bench`: times `kpi report` as a whole process on a generated 1,000,000-row sales export.
// Prints wall time, rows/s, MB/s and peak RSS (median of runs), and checks the revenue sum to the cent.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench', '.data');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** mulberry32: a small seeded PRNG so the export is the same on every machine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPS = ['Ann Berg', 'Bjørn Dahl', 'Cecilie Ek', 'Dag Fjell', 'Eva Gran', 'Frode Holm', 'Guri Ims', 'Hans Juv'];
const PRODUCTS = Array.from({ length: 40 }, (_, i) => `Product ${String(i + 1).padStart(2, '0')}`);
const SEGMENTS = ['Enterprise', 'SMB', 'Consumer', 'Public'];
const CHANNELS = ['Web', 'Store', 'Partner', 'Phone'];

async function generate(path, rows) {
  const rand = prng(20261122);
  const out = createWriteStream(path);
  let revenueCents = 0n;
  let buffer = 'date,order_id,customer,rep,product,segment,channel,type,quantity,revenue,cost\n';
  const start = Date.UTC(2025, 0, 1);
  const days = 730;
  for (let i = 0; i < rows; i++) {
    const day = new Date(start + Math.floor(rand() * days) * 86_400_000).toISOString().slice(0, 10);
    const order = `SO-${String(Math.floor(i / 3) + 100000).padStart(7, '0')}`;
    const customer = `C${String(Math.floor(rand() * 50_000)).padStart(5, '0')}`;
    const quantity = 1 + Math.floor(rand() * 9);
    const cents = Math.floor(rand() * 500_000) - (rand() < 0.02 ? 600_000 : 0);
    const costCents = Math.floor(Math.abs(cents) * (0.4 + rand() * 0.3));
    revenueCents += BigInt(cents);
    buffer += `${day},${order},${customer},${REPS[i % REPS.length]},${PRODUCTS[Math.floor(rand() * PRODUCTS.length)]},${SEGMENTS[Math.floor(rand() * 4)]},${CHANNELS[Math.floor(rand() * 4)]},${rand() < 0.7 ? 'new' : 'upsell'},${quantity},${money(cents)},${money(costCents)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((r) => out.once('drain', r));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise((r) => out.end(r));
  return revenueCents;
}

function money(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Runs a command, sampling its peak resident memory (VmHWM) from /proc until it exits. */
function timed(args, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* the process has exited */
      }
    };
    const timer = setInterval(sample, 5);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) reject(new Error(`exit ${code}: ${stderr}`));
      else resolve({ seconds, peakMb: peakKb / 1024, stdout });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  mkdirSync(DATA, { recursive: true });
  const csv = join(DATA, `sales-${ROWS}.csv`);
  const sumFile = `${csv}.revenue-cents`;
  if (!existsSync(csv) || !existsSync(sumFile)) {
    process.stderr.write(`generating ${ROWS.toLocaleString('en-US')} rows into ${csv} …\n`);
    writeFileSync(sumFile, String(await generate(csv, ROWS)));
  }
  const expectedCents = BigInt(readFileSync(sumFile, 'utf8'));
  const config = join(DATA, 'kpi.yaml');
  writeFileSync(config, `currency: NOK\nsources:\n  sales: { file: sales-${ROWS}.csv }\n`);
  const bytes = statSync(csv).size;
  const args = [join(ROOT, 'bin', 'kpi.js'), 'report', '-c', config, '--period', 'all', '--compare', 'none', '-f', 'json'];

  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(args, ROOT));
  const report = JSON.parse(runs[0].stdout);
  const revenue = report.results.find((r) => r.kpi === 'revenue' && Object.keys(r.group).length === 0).value;
  const revenueCents = BigInt(Math.round(revenue * 100));
  const exact = revenueCents === expectedCents && Math.abs(revenue * 100 - Math.round(revenue * 100)) < 1e-6;

  const wall = median(runs.map((r) => r.seconds));
  const rss = median(runs.map((r) => r.peakMb));
  const mb = bytes / 1e6;
  const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`kpi report, ${ROWS.toLocaleString('en-US')} rows, ${mb.toFixed(1)} MB CSV, all built-in sales KPIs, median of ${RUNS} runs`);
  console.log(`machine: ${machine}`);
  console.log('');
  console.log('| metric | value |');
  console.log('|---|---|');
  console.log(`| wall time | ${wall.toFixed(2)} s |`);
  console.log(`| rows/s | ${Math.round(ROWS / wall).toLocaleString('en-US')} |`);
  console.log(`| MB/s | ${(mb / wall).toFixed(1)} |`);
  console.log(`| peak RSS | ${rss.toFixed(0)} MB |`);
  console.log(`| revenue | ${revenue.toFixed(2)} (expected ${(Number(expectedCents) / 100).toFixed(2)}: ${exact ? 'exact to the cent' : 'MISMATCH'}) |`);
  if (!exact) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
