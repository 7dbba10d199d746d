// `node scripts/bench-side.mjs`: the 1M-row report next to DuckDB, interleaved in one loop so both run under the
// same load (the machine is shared): each round runs every variant once, in an order that rotates per round, and
// the figures are medians with the range (fastest–slowest). "paired" is the median of each round's own kpi ÷ DuckDB,
// which a load change between rounds does not move. Variants: kpi and DuckDB with their default threads, and both
// on one thread (KPI_THREADS=1, DuckDB `threads = 1`).
//
// BENCH_RUNS (default 11) rounds; BENCH_ROWS (default 1,000,000) rows; BENCH_BASE=<path to another bin/kpi.js>
// adds that build (e.g. a copy of main's) to the loop, for a before/after measured under the same load;
// BENCH_ONLY=kpi,duckdb,base (default all) picks variants by name prefix.
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DATA, KPI, ROOT, ensureCsv, median, timed } from './bench-data.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BASE = process.env.BENCH_BASE;
const ONLY = process.env.BENCH_ONLY?.split(',');

mkdirSync(DATA, { recursive: true });
const data = await ensureCsv(ROWS);
const report = (bin) => [bin, 'report', '-c', data.config, '--period', 'all', '--compare', 'none', '--kpi', 'revenue,gross_profit,gross_margin,orders,units,avg_order_value', '-f', 'json'];
const duck = (threads) => [join(ROOT, 'scripts', 'bench-duckdb.mjs'), data.csv, ...(threads ? [String(threads)] : [])];

const variants = [
  { name: 'kpi', args: report(KPI) },
  { name: 'duckdb', args: duck() },
  { name: 'kpi 1 thread', args: report(KPI), env: { KPI_THREADS: '1' } },
  { name: 'duckdb 1 thread', args: duck(1) },
  ...(BASE ? [{ name: 'base', args: report(BASE) }, { name: 'base 1 thread', args: report(BASE), env: { KPI_THREADS: '1' } }] : []),
].filter((v) => !ONLY || ONLY.some((o) => v.name.startsWith(o)));

const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
const startLoad = load();
const seconds = new Map(variants.map((v) => [v.name, []]));
for (let round = 0; round < RUNS; round++) {
  for (let i = 0; i < variants.length; i++) {
    const v = variants[(i + round) % variants.length];
    const r = await timed(v.args, ROOT, v.env);
    seconds.get(v.name).push(r.seconds);
  }
  process.stderr.write(`round ${round + 1}/${RUNS}: ${variants.map((v) => `${v.name} ${seconds.get(v.name).at(-1).toFixed(3)}`).join(', ')}\n`);
}

const fmt = (s) => s.toFixed(2);
const cell = (xs) => `${fmt(median(xs))} s (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
const paired = (a, b) => {
  const xs = seconds.get(a);
  const ys = seconds.get(b);
  if (!xs || !ys) return undefined;
  const ratios = xs.map((x, i) => x / ys[i]);
  return `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
};
const lines = [`${ROWS.toLocaleString('en-US')} rows, ${(data.bytes / 1e6).toFixed(0)} MB; ${RUNS} interleaved rounds; ${cpus().length} cores, Node ${process.version}; load average at start ${startLoad}, at end ${load()}`, ''];
lines.push('| variant | wall, median (range) | ÷ DuckDB, medians | ÷ DuckDB, paired per round (range) |', '| --- | ---: | ---: | ---: |');
for (const v of variants) {
  const xs = seconds.get(v.name);
  const against = v.name.endsWith('1 thread') ? 'duckdb 1 thread' : 'duckdb';
  const vs = v.name.startsWith('duckdb') ? undefined : seconds.get(against);
  lines.push(`| ${v.name} | ${cell(xs)} | ${vs ? (median(xs) / median(vs)).toFixed(2) : ''} | ${vs ? paired(v.name, against) : ''} |`);
}
console.log(lines.join('\n'));
