#!/usr/bin/env node
// SAF-T streaming benchmark (issue 14): a SAF-T Financial file of 100 MB and of 1 GB, made by repeating the
// transactions of fixtures/saf-t/tripletex-style/company.xml (header totals scaled to match), is read by
// `kpi report`; prints seconds, general-ledger lines per second and peak RSS (GNU time's %M) for each size,
// median and range over the runs, and the 1 GB file's peak RSS over the 100 MB file's. The figures are checked:
// revenue must be 133,000 × the number of repetitions. The files are generated under the system's temp folder
// (not committed) and removed afterwards unless --keep.
//
//   npm run bench:saft                      # 100 MB and 1 GB, 3 runs each
//   node scripts/bench-saft.mjs --sizes 100,1000 --runs 5 --keep
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'kpi.js');
const FIXTURE = join(ROOT, 'fixtures', 'saf-t', 'tripletex-style', 'company.xml');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '100,1000').split(',').map(Number);
const runs = Number(arg('runs', '3'));
const keep = process.argv.includes('--keep');
const dir = arg('dir', join(tmpdir(), 'kpi-bench-saft'));
mkdirSync(dir, { recursive: true });

const xml = readFileSync(FIXTURE, 'utf8');
const start = xml.indexOf('      <Transaction>');
const end = xml.lastIndexOf('      </Transaction>') + '      </Transaction>\n'.length;
const head = xml.slice(0, start);
const block = xml.slice(start, end);
const tail = xml.slice(end);
const cents = (re) => [...block.matchAll(re)].reduce((s, m) => s + BigInt(m[1].replace('.', '')), 0n);
const blockDebit = cents(/<DebitAmount>\s*<Amount>([\d.]+)<\/Amount>/g);
const blockLines = (block.match(/<Line>/g) ?? []).length;
const blockTx = (block.match(/<Transaction>/g) ?? []).length;
const money = (c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

/** Writes a file of about `mb` MB; resolves with its repetitions and lines. */
async function generate(mb) {
  const path = join(dir, `saft-${mb}mb.xml`);
  const reps = Math.max(1, Math.round((mb * 1e6 - head.length - tail.length) / block.length));
  const meta = join(dir, `saft-${mb}mb.json`);
  if (existsSync(path) && existsSync(meta) && JSON.parse(readFileSync(meta, 'utf8')).reps === reps) return { path, reps, lines: reps * blockLines };
  const total = money(blockDebit * BigInt(reps));
  const h = head
    .replace(/<NumberOfEntries>\d+<\/NumberOfEntries>/, `<NumberOfEntries>${reps * blockTx}</NumberOfEntries>`)
    .replace(/<TotalDebit>[\d.]+<\/TotalDebit>/, `<TotalDebit>${total}</TotalDebit>`)
    .replace(/<TotalCredit>[\d.]+<\/TotalCredit>/, `<TotalCredit>${total}</TotalCredit>`);
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(h);
  for (let i = 0; i < reps; i++) await write(block.replace(/<TransactionID>(\d+)<\/TransactionID>/g, (_, id) => `<TransactionID>${i}-${id}</TransactionID>`));
  await write(tail);
  await new Promise((r) => out.end(r));
  writeFileSync(meta, JSON.stringify({ reps }));
  return { path, reps, lines: reps * blockLines };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs, digits = 1) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

console.log(`SAF-T bench: node ${process.version}, ${runs} runs per size, files in ${dir}; load ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const results = [];
for (const mb of sizes) {
  const { path, reps, lines } = await generate(mb);
  const bytes = statSync(path).size;
  writeFileSync(join(dir, 'kpi.yaml'), `sources:\n  ledger: { file: ${JSON.stringify(path)} }\n`);
  const secs = [];
  const rss = [];
  for (let r = 0; r < runs; r++) {
    const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, 'report', '-c', join(dir, 'kpi.yaml'), '--period', '2025-Q1', '--compare', 'none', '--as-of', '2025-04-15', '-f', 'json', '--kpi', 'ledger_revenue,ebitda,net_income'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const last = run.stderr.trim().split('\n').pop();
    const [s, kb] = last.split(' ').map(Number);
    if (run.status !== 0) throw new Error(`kpi exited ${run.status}: ${run.stderr}`);
    const revenue = JSON.parse(run.stdout).results.find((x) => x.kpi === 'ledger_revenue').value;
    if (revenue !== 133000 * reps) throw new Error(`revenue ${revenue}, expected ${133000 * reps}`);
    secs.push(s);
    rss.push(kb / 1024);
  }
  const rate = secs.map((s) => lines / s / 1000);
  results.push({ mb, bytes, lines, secs, rss, rate });
  console.log(`${(bytes / 1e6).toFixed(0)} MB, ${lines.toLocaleString('en-US')} lines: ${fmt(secs, 2)} s, ${fmt(rate, 0)} k lines/s, peak RSS ${fmt(rss, 0)} MB`);
  if (!keep) rmSync(path, { force: true });
}
if (results.length >= 2) {
  const [small, big] = [results[0], results[results.length - 1]];
  console.log(`peak RSS ${big.mb} MB file / ${small.mb} MB file: ${(median(big.rss) / median(small.rss)).toFixed(2)}×`);
}
