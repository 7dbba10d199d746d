// What `npm run bench` (scripts/bench.mjs) and the side-by-side loop (scripts/bench-side.mjs) share: the seeded
// sales export, and timing a whole process with its peak memory.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = join(ROOT, 'bench', '.data');
export const KPI = join(ROOT, 'bin', 'kpi.js');

import { mulberry32 as prng } from './prng.mjs';

export { prng };

export const REPS = ['Ann Berg', 'Bjørn Dahl', 'Cecilie Ek', 'Dag Fjell', 'Eva Gran', 'Frode Holm', 'Guri Ims', 'Hans Juv'];
export const PRODUCTS = Array.from({ length: 40 }, (_, i) => `Product ${String(i + 1).padStart(2, '0')}`);
export const SEGMENTS = ['Enterprise', 'SMB', 'Consumer', 'Public'];
export const CHANNELS = ['Web', 'Store', 'Partner', 'Phone'];

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

export function money(cents) {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Runs a command, sampling its peak resident memory (VmHWM) from /proc until it exits. */
export function timed(args, cwd, env) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, env: env ? { ...process.env, ...env } : process.env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    // Timed at exit; answered at close, when all of its output has been read.
    let seconds = 0;
    let exitCode = 0;
    child.on('exit', (code) => {
      seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      exitCode = code;
      clearInterval(timer);
    });
    child.on('close', () => {
      if (exitCode !== 0) reject(new Error(`${args.join(' ')}: exit ${exitCode}: ${stderr}`));
      else resolve({ seconds, peakMb: peakKb / 1024, stdout, stderr });
    });
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function ensureCsv(rows) {
  const csv = join(DATA, `sales-${rows}.csv`);
  const sumFile = `${csv}.revenue-cents`;
  if (!existsSync(csv) || !existsSync(sumFile)) {
    process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows into ${csv} …\n`);
    writeFileSync(sumFile, String(await generate(csv, rows)));
  }
  writeFileSync(join(DATA, `kpi-${rows}.yaml`), `currency: NOK\nsources:\n  sales: { file: sales-${rows}.csv }\n`);
  return { csv, config: join(DATA, `kpi-${rows}.yaml`), bytes: statSync(csv).size, expectedCents: BigInt(readFileSync(sumFile, 'utf8')) };
}

