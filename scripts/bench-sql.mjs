// `npm run bench:sql` (README "Scaling out"): kpi on every engine over the same 10M-row sales table, beside the
// streaming engine on its CSV export and DuckDB's own SQL for the same figures, in interleaved rounds (each round
// runs every leg of a workload, in an order that rotates, so a change of the machine's load hits all legs alike).
// Workloads: the all-time report of 4 KPIs (revenue, gross profit, distinct orders, units), June 2026 with May
// `--by rep`, and a 24-month revenue trend `--by rep` (40 reps). Every figure must equal the streaming engine's to
// the cent (and DuckDB's SQL's): a difference, or a failed run, fails the bench (exit 1). Per leg: wall time, the
// CPU time of its process (the machine's load moves it less), peak RSS, and for ClickHouse the largest query's
// memory from system.query_log; the table goes to stdout and bench/.data/bench-sql-latest.md, every run to
// bench-sql-latest.json.
//
// The database servers are those of scripts/test-servers.sh (`scripts/test-servers.sh run -- npm run bench:sql`,
// or `start <dir>` and `. <dir>/env`): PostgreSQL, ClickHouse on one server and the two-shard cluster. A server
// that is not there is left out with one line. BENCH_RUNS rounds (5), BENCH_SQL_ROWS rows (10,000,000),
// BENCH_SQL_WORKLOADS=all,month,trend, BENCH_SQL_LEGS (the legs' names, comma-separated, to run only some).
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DATA, KPI, ROOT } from './bench-data.mjs';
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

/**
 * Runs a process; resolves with its wall time, peak RSS (VmHWM) and CPU time (user + system, all its threads: a
 * measure the machine's load moves less than the wall), sampled from /proc until it exits. A failure resolves too,
 * with its exit code and stderr (the bench reports it and goes on).
 */
function timed(args) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    let ticks = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks = Math.max(ticks, Number(fields[11]) + Number(fields[12]));
      } catch {
        /* the process has exited */
      }
    };
    const timer = setInterval(sample, 5);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let seconds = 0;
    let code = 0;
    child.on('exit', (c) => {
      seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      code = c ?? 1;
      clearInterval(timer);
    });
    child.on('close', () => resolve({ seconds, peakMb: peakKb / 1024, cpu: ticks / 100, stdout, stderr, code }));
  });
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
  if (RUNS === 0) return;
  const results = new Map();
  let failed = false;
  const loads = [];
  for (let round = 0; round < RUNS; round++) {
    loads.push(loadavg()[0]);
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
        const r = await timed(args);
        const key = `${w}\u0000${leg.name}`;
        if (!results.has(key)) results.set(key, []);
        if (r.code !== 0) {
          // (A failed run is reported with its message, and left out of the figures.)
          const message = (() => {
            try {
              return JSON.parse(r.stderr).error.code;
            } catch {
              return r.stderr.split('\n')[0].slice(0, 120);
            }
          })();
          log(`${w} ${leg.name}: exit ${r.code}: ${message}`);
          // The whole message of a failure, for the report of a bug (exit 70) or of a server under load.
          log(`  ${r.stderr.trim().split('\n').join('\n  ')}`);
          results.get(key).push({ failed: `exit ${r.code} ${message}`, load: loadavg()[0] });
          continue;
        }
        const figures = leg.hand ? Object.fromEntries(Object.entries(JSON.parse(r.stdout)).map(([k, v]) => [k, cents(v)])) : kpiFigures(r.stdout, work);
        const serverMb = leg.servers ? await serverMemory(leg.servers, since) : undefined;
        results.get(key).push({ seconds: r.seconds, cpu: r.cpu, peakMb: r.peakMb, serverMb, figures, load: loadavg()[0] });
      }
    }
    log(`round ${round + 1}/${RUNS} done, load average ${load()}`);
  }

  const lines = [
    `machine: ${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${ROWS.toLocaleString('en-US')} rows (CSV ${(data.bytes / 1e6).toFixed(0)} MB); ${RUNS} interleaved rounds; load average at the end ${load()}`,
    '',
    "| workload | engine | wall, median (range) | ÷ DuckDB's SQL, wall | CPU of the process | ÷ DuckDB's SQL, CPU | peak RSS of the process | server memory | same figures |",
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const referenceOf = new Map();
  for (const w of WORKLOADS) {
    const ok = (name) => (results.get(`${w}\u0000${name}`) ?? []).filter((r) => !r.failed);
    const streaming = ok('streaming');
    const all = (name) => results.get(`${w}\u0000${name}`) ?? [];
    // Without the streaming leg (BENCH_SQL_LEGS), DuckDB's own SQL is the independent reference of the figures.
    const reference = streaming[0]?.figures ?? ok('duckdb-sql')[0]?.figures;
    referenceOf.set(w, streaming.length ? "the streaming engine's" : ok('duckdb-sql').length ? "DuckDB's own SQL's" : undefined);
    for (const leg of active) {
      const runs = all(leg.name);
      const good = runs.filter((r) => !r.failed);
      const failures = runs.length - good.length;
      if (!good.length) {
        failed = true;
        lines.push(`| ${WORK[w].label} | ${leg.label} | failed: ${runs[0]?.failed ?? 'not run'} |  |  |  |  |  |  |`);
        continue;
      }
      // Every run's figures: equal to the streaming engine's (all of them), and DuckDB's SQL's to kpi's.
      const same = good.every((r) => (reference ? (leg.hand ? sameFigures(reference, r.figures) : sameFigures(r.figures, reference) && sameFigures(reference, r.figures)) : true));
      if (!same || failures) failed = true;
      // Each round's own ratio to DuckDB's SQL in the same round (a load change between rounds does not move it).
      const hand = all('duckdb-sql');
      const pairs = runs.map((r, i) => [r, hand[i]]).filter(([r, h]) => !r.failed && h && !h.failed);
      const n = Object.keys(good[0].figures).length;
      const ratio = (f) => (leg.hand || !pairs.length ? '' : spread(pairs.map(([r, h]) => f(r) / f(h))));
      lines.push(
        `| ${WORK[w].label} | ${leg.label} | ${spread(good.map((r) => r.seconds))} s | ${ratio((r) => r.seconds)} | ${spread(good.map((r) => r.cpu))} s | ${ratio((r) => r.cpu)} | ${fmt(median(good.map((r) => r.peakMb)), 0)} MB | ${good[0].serverMb === undefined ? (leg.name === 'postgres' ? 'not read' : '') : `${fmt(median(good.map((r) => r.serverMb)), 0)} MB`} | ${reference ? (same ? `yes (${n} figures)` : 'NO') : ''}${failures ? `; ${failures} of ${runs.length} runs failed (${runs.find((r) => r.failed).failed})` : ''} |`,
      );
    }
  }
  // Two shards against one server, round by round (the same load).
  for (const w of WORKLOADS) {
    const one = results.get(`${w}\u0000clickhouse`) ?? [];
    const two = results.get(`${w}\u0000clickhouse-2`) ?? [];
    const pairs = one.map((r, i) => [r, two[i]]).filter(([a, b]) => a && b && !a.failed && !b.failed);
    if (pairs.length) lines.push('', `${WORK[w].label}: ClickHouse two shards ÷ one server, wall, per round: ${spread(pairs.map(([a, b]) => b.seconds / a.seconds))} (${pairs.length} rounds where both ran)`);
  }
  lines.push('', `÷ DuckDB's SQL is the median (range) of each round's own ratio; CPU is the process's own (user + system, every thread; a server's work is not in it); server memory is the peak of a query's memory in ClickHouse's system.query_log (summed over the two shards); the load average was ${loads.map((l) => l.toFixed(1)).join(', ')} at the start of each round.${[...referenceOf].map(([w, r]) => ` "same figures" for ${WORK[w].label}: ${r ? `equal, to the cent, to ${r}` : 'no reference leg ran'}.`).join('')}`);
  const text = lines.join('\n');
  console.log(text);
  writeFileSync(join(DATA, 'bench-sql-latest.md'), `${text}\n`);
  // Every run, for a second look (figures left out).
  writeFileSync(join(DATA, 'bench-sql-latest.json'), JSON.stringify(Object.fromEntries([...results].map(([k, runs]) => [k.replace('\u0000', ' '), runs.map(({ figures: _f, ...r }) => r)])), null, 1));
  if (failed) {
    console.error('bench:sql: a run failed, or FIGURES DIFFER from the streaming engine\'s');
    for (const w of WORKLOADS) {
      const ref = results.get(`${w}\u0000streaming`)?.find((r) => !r.failed)?.figures ?? {};
      for (const leg of active) {
        const f = results.get(`${w}\u0000${leg.name}`)?.find((r) => !r.failed)?.figures;
        if (!f) continue;
        const diff = Object.keys({ ...ref, ...f }).filter((k) => ref[k] !== f[k] && (!leg.hand || k in f)).slice(0, 5);
        if (diff.length) console.error(`  ${w} ${leg.name}: ${diff.map((k) => `${k}: ${f[k]} vs ${ref[k]}`).join('; ')}`);
      }
    }
    process.exitCode = 1;
  }
}

await main();
