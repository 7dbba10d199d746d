// `engine: duckdb` on a big CSV beside the streaming engine (README "Big files on DuckDB"): the seeded sales export
// of scripts/bench-data.mjs (10,000,000 rows by default, BENCH_ROWS; generated into bench/.data/, not committed),
// `kpi report --period all` and a month `--by rep` on each engine, alternating, BENCH_RUNS rounds (3 by default):
// wall time and peak RSS (the DuckDB in kpi's process included), median and range, and both engines' JSON compared.
//   npm run build && node scripts/bench-duckfiles.mjs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA, KPI, ensureCsv, median, timed } from './bench-data.mjs';

const rows = Number(process.env.BENCH_ROWS ?? 10_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const { csv, bytes } = await ensureCsv(rows);
const name = csv.split('/').pop();
const configs = {
  streaming: join(DATA, `kpi-streaming-${rows}.yaml`),
  duckdb: join(DATA, `kpi-duckdb-${rows}.yaml`),
};
writeFileSync(configs.streaming, `currency: NOK\nsources:\n  sales: { file: ${name} }\n`);
writeFileSync(configs.duckdb, `currency: NOK\nsources:\n  sales: { file: ${name}, engine: duckdb }\n`);
const cases = {
  'all time': ['--period', 'all'],
  'a month with the previous, --by rep': ['--period', '2026-06', '--by', 'rep'],
};
const range = (xs) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
const mb = (xs) => `${Math.round(median(xs))} MB (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;
process.stdout.write(`${rows.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB CSV, ${runs} rounds, engines alternating\n\n`);
process.stdout.write('| case | engine | wall s, median (range) | peak RSS, median (range) | same JSON |\n| --- | --- | ---: | ---: | --- |\n');
for (const [label, args] of Object.entries(cases)) {
  const seen = { streaming: { s: [], mb: [] }, duckdb: { s: [], mb: [] } };
  const out = {};
  for (let round = 0; round < runs; round++) {
    // Which engine goes first alternates, so both see the same load on a shared machine.
    const order = round % 2 === 0 ? ['streaming', 'duckdb'] : ['duckdb', 'streaming'];
    for (const engine of order) {
      const r = await timed([KPI, 'report', '-c', configs[engine], ...args, '--as-of', '2026-12-01', '--format', 'json'], DATA, { KPI_TIMING: '1' });
      seen[engine].s.push(r.seconds);
      seen[engine].mb.push(r.peakMb);
      out[engine] = r.stdout;
      if (engine === 'duckdb' && !/computed by DuckDB/.test(r.stderr)) throw new Error(`${label}: DuckDB did not compute the report:\n${r.stderr}`);
    }
  }
  const same = out.streaming === out.duckdb.split(configs.duckdb).join(configs.streaming);
  for (const engine of ['streaming', 'duckdb']) process.stdout.write(`| ${label} | ${engine} | ${range(seen[engine].s)} | ${mb(seen[engine].mb)} | ${engine === 'duckdb' ? (same ? 'yes' : 'NO') : ''} |\n`);
  if (!same) process.exitCode = 1;
}
