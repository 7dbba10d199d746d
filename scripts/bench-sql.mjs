// `npm run bench:sql` (README "Scaling out"): kpi on every engine over the same 10M-row sales table, beside the
// streaming engine on its CSV export and DuckDB's own SQL for the same figures, in interleaved rounds (each round
// runs every leg of a workload, in an order that rotates, so a change of the machine's load hits all legs alike).
// Workloads: the all-time report of 4 KPIs (revenue, gross profit, distinct orders, units), June 2026 with May
// `--by rep`, and a 24-month revenue trend `--by rep` (40 reps). Every figure must equal the streaming engine's to
// the cent (and DuckDB's SQL's): a difference fails the run (exit 1).
//
// The database servers are those of scripts/test-servers.sh (`scripts/test-servers.sh run -- npm run bench:sql`,
// or `start <dir>` and `. <dir>/env`): PostgreSQL, ClickHouse on one server and the two-shard cluster. A server
// that is not there is left out with one line. BENCH_RUNS rounds (5), BENCH_SQL_ROWS rows (10,000,000),
// BENCH_SQL_WORKLOADS=all,month,trend, BENCH_SQL_LEGS (the legs' names, comma-separated, to run only some).
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { DATA, KPI, ROOT, timed } from './bench-data.mjs';
import { chQuery, ensureClickHouse, ensureDuckDb, ensurePostgres, writeYaml } from './bench-sql-data.mjs';

const ROWS = Number(process.env.BENCH_SQL_ROWS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WORKLOADS = (process.env.BENCH_SQL_WORKLOADS ?? 'all,month,trend').split(',');
const ONLY = process.env.BENCH_SQL_LEGS ? new Set(process.env.BENCH_SQL_LEGS.split(',')) : undefined;
const AS_OF = ['--as-of', '2027-01-15'];
const KPIS = 'revenue,gross_profit,orders,units';

const log = (s) => process.stderr.write(`bench:sql: ${s}\n`);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

const WORK = {
  all: { label: 'all-time, 4 KPIs', args: ['report', '--period', 'all', '--compare', 'none', '--kpi', KPIS, '-f', 'json', ...AS_OF], periods: { cur: 'all' } },
  month: { label: 'June 2026 + May, --by rep', args: ['report', '--period', '2026-06', '--compare', 'prev', '--by', 'rep', '--kpi', KPIS, '-f', 'json', ...AS_OF], periods: { cur: '2026-06', prev: '2026-05' } },
  trend: { label: '24-month trend --by rep', args: ['trend', 'revenue', '--last', '24', '--period', '2026-12', '--by', 'rep', '-f', 'json', ...AS_OF] },
};

/** A kpi JSON answer as { "kpi|rep|period": cents }: a report's value (and previous), a trend's points. */
function kpiFigures(stdout, work) {
  const out = {};
  const json = JSON.parse(stdout);
  const put = (kpi, group, period, v) => {
    if (v !== null && v !== undefined) out[`${kpi}|${group.rep ?? ''}|${period}`] = cents(v);
  };
  if (json.series) for (const s of json.series) for (const p of s.points) put(json.kpi, s.group, p.period.id, p.value);
  else
    for (const r of json.results) {
      put(r.kpi, r.group, work.periods.cur, r.value);
      if (work.periods.prev) put(r.kpi, r.group, work.periods.prev, r.previous);
    }
  return out;
}

/** Cents of a number or a decimal text, as a BigInt (figures compared to the cent). */
function cents(v) {
  if (typeof v === 'number') return BigInt(Math.round(v * 100));
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(String(v));
  if (!m) throw new Error(`not a number: ${v}`);
  const frac = (m[3] ?? '').padEnd(2, '0');
  if (/[^0]/.test(frac.slice(2))) throw new Error(`more than cents: ${v}`);
  return BigInt(`${m[1]}${m[2]}${frac.slice(0, 2)}`);
}

const sameFigures = (a, b, keys = Object.keys(b)) => keys.length > 0 && keys.every((k) => a[k] !== undefined && a[k] === b[k]);

async function serverMemory(urls, since) {
  // The peak memory of the queries each server ran since `since` (system.query_log; test-servers.sh logs them).
  let peak = 0;
  for (const url of urls) {
    await chQuery(url, 'SYSTEM FLUSH LOGS');
    peak += Number(await chQuery(url, `SELECT max(memory_usage) FROM system.query_log WHERE type = 2 AND query_start_time >= toDateTime(${since}) AND query NOT LIKE '%system.%'`));
  }
  return peak / 2 ** 20;
}

const fmt = (x, d = 2) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs, d = 2) => `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;

async function main() {
  log(`load average ${load()} at the start; ${ROWS.toLocaleString('en-US')} rows, ${RUNS} rounds`);
  const data = await ensureDuckDb(ROWS, log);
  const yaml = (name, source) => {
    const path = join(DATA, `bench-sql-${name}.yaml`);
    writeYaml(path, source);
    return path;
  };
  const legs = [
    { name: 'streaming', label: 'kpi, streaming engine on the CSV', config: yaml('csv', `    file: sql-${ROWS}.csv`) },
    { name: 'duckdb', label: 'kpi on DuckDB', config: yaml('duckdb', `    url: duckdb:sql-${ROWS}.duckdb\n    table: sales`) },
    { name: 'duckdb-sql', label: "DuckDB's own SQL (same figures)", hand: true },
  ];
  const pg = process.env.KPI_TEST_POSTGRES_URL;
  if (pg) {
    const table = ensurePostgres(pg, ROWS, data.csv, log);
    legs.push({ name: 'postgres', label: 'kpi on PostgreSQL 15', config: yaml('postgres', `    url: ${pg}\n    table: ${table}`) });
  } else log('no PostgreSQL (KPI_TEST_POSTGRES_URL; scripts/test-servers.sh): left out');
  const ch1 = process.env.KPI_TEST_CLICKHOUSE_URL;
  const ch2 = process.env.KPI_TEST_CLICKHOUSE_SHARD2_URL;
  if (ch1) {
    const t = await ensureClickHouse(ch1, ch2, ROWS, data.csv, log);
    legs.push({ name: 'clickhouse', label: 'kpi on ClickHouse 18.16, one server', config: yaml('clickhouse', `    url: ${ch1}\n    table: ${t.one}`), servers: [ch1] });
    if (t.two) legs.push({ name: 'clickhouse-2', label: 'kpi on ClickHouse, Distributed over 2 shards', config: yaml('clickhouse-2', `    url: ${ch1}\n    table: ${t.two}`), servers: [ch1, ch2] });
  } else log('no ClickHouse (KPI_TEST_CLICKHOUSE_URL; scripts/test-servers.sh): left out');
  const active = legs.filter((l) => !ONLY || ONLY.has(l.name));
  const results = new Map();
  let failed = false;
  for (let round = 0; round < RUNS; round++) {
    for (const w of WORKLOADS) {
      const work = WORK[w];
      // The order rotates per round: no leg always runs right after another.
      const order = active.map((_, i) => active[(i + round) % active.length]);
      for (const leg of order) {
        const args = leg.hand ? [join(ROOT, 'scripts', 'bench-sql-duckdb.mjs'), data.db, w] : [KPI, ...work.args, '-c', leg.config];
        let since;
        if (leg.servers) {
          // query_log has seconds: start on a fresh second, so the peak is this run's queries'.
          await new Promise((r) => setTimeout(r, 1010 - (Date.now() % 1000)));
          since = Math.floor(Date.now() / 1000);
        }
        const r = await timed(args, ROOT);
        const figures = leg.hand ? Object.fromEntries(Object.entries(JSON.parse(r.stdout)).map(([k, v]) => [k, cents(v)])) : kpiFigures(r.stdout, work);
        const serverMb = leg.servers ? await serverMemory(leg.servers, since) : undefined;
        const key = `${w}\u0000${leg.name}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key).push({ seconds: r.seconds, peakMb: r.peakMb, serverMb, figures, load: loadavg()[0] });
      }
    }
    log(`round ${round + 1}/${RUNS} done, load average ${load()}`);
  }

  const lines = [
    `machine: ${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${ROWS.toLocaleString('en-US')} rows (CSV ${(data.bytes / 1e6).toFixed(0)} MB); ${RUNS} interleaved rounds; load average at the end ${load()}`,
    '',
    '| workload | engine | wall, median (range) | ÷ DuckDB\'s SQL | peak RSS of kpi | server memory | same figures |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const w of WORKLOADS) {
    const streaming = results.get(`${w}\u0000streaming`);
    const hand = results.get(`${w}\u0000duckdb-sql`);
    const reference = streaming?.[0].figures;
    for (const leg of active) {
      const runs = results.get(`${w}\u0000${leg.name}`);
      // Every run's figures: equal to the streaming engine's (all of them), and DuckDB's SQL's to kpi's.
      const same = runs.every((r) => (reference ? (leg.hand ? sameFigures(reference, r.figures) : sameFigures(r.figures, reference) && sameFigures(reference, r.figures)) : true));
      if (!same) failed = true;
      const ratio = hand && leg !== undefined ? runs.map((r, i) => r.seconds / hand[i].seconds) : [];
      const n = Object.keys(runs[0].figures).length;
      lines.push(
        `| ${WORK[w].label} | ${leg.label} | ${spread(runs.map((r) => r.seconds))} s | ${leg.hand || !hand ? '' : spread(ratio)} | ${fmt(median(runs.map((r) => r.peakMb)), 0)} MB | ${runs[0].serverMb === undefined ? '' : `${fmt(median(runs.map((r) => r.serverMb)), 0)} MB`} | ${reference ? (same ? `yes (${n} figures)` : 'NO') : ''} |`,
      );
    }
  }
  lines.push('', `÷ DuckDB's SQL is the median (range) of each round's own ratio; server memory is the peak of a query's memory in system.query_log (summed over the two shards).`);
  const text = lines.join('\n');
  console.log(text);
  writeFileSync(join(DATA, 'bench-sql-latest.md'), `${text}\n`);
  if (failed) {
    console.error('bench:sql: FIGURES DIFFER from the streaming engine\'s');
    for (const w of WORKLOADS) {
      const ref = results.get(`${w}\u0000streaming`)?.[0].figures ?? {};
      for (const leg of active) {
        const f = results.get(`${w}\u0000${leg.name}`)[0].figures;
        const diff = Object.keys({ ...ref, ...f }).filter((k) => ref[k] !== f[k] && (!leg.hand || k in f)).slice(0, 5);
        if (diff.length) console.error(`  ${w} ${leg.name}: ${diff.map((k) => `${k}: ${f[k]} vs ${ref[k]}`).join('; ')}`);
      }
    }
    process.exitCode = 1;
  }
}

await main();
