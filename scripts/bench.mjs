// `npm run bench`: kpi and DuckDB side by side, as whole processes, on generated 1M- and 3M-row sales exports and a
// 200k-row workbook; wall time, rows/s, MB/s, peak RSS, the ratio, and whether both give the same figures to the cent.
// BENCH_QUICK=1 skips the 3M-row export (and the million-group runs); BENCH_SCALE_ONLY=1 runs only the scale cases
// (100,000 groups in every format, 10,000 KPIs).
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { CHANNELS, DATA, KPI, PRODUCTS, REPS, ROOT, SEGMENTS, ensureCsv, median, money, prng, timed } from './bench-data.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/**
 * Runs each command RUNS times, alternating between them (the same load for each), and returns the median time
 * with its range (fastest, slowest) and the median memory of each.
 */
async function alternate(commands) {
  const runs = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (let c = 0; c < commands.length; c++) runs[c].push(await timed(commands[c], ROOT));
  }
  return runs.map((r) => {
    const s = r.map((x) => x.seconds);
    return { seconds: median(s), min: Math.min(...s), max: Math.max(...s), peakMb: median(r.map((x) => x.peakMb)), stdout: r[0].stdout };
  });
}

/** A wall time as `0.64 s (0.60–0.70)`: the median and the range of the runs. */
const wall = (r) => `${fmt(r.seconds)} s (${fmt(r.min)}–${fmt(r.max)})`;

const cents = (decimal) => {
  const [whole, frac = ''] = String(decimal).split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt((frac + '00').slice(0, 2)));
};
const toCents = (n) => BigInt(Math.round(n * 100));

async function ensureXlsx(rows) {
  const path = join(DATA, `sales-${rows}.xlsx`);
  if (!existsSync(path)) {
    process.stderr.write(`writing a ${rows.toLocaleString('en-US')}-row workbook into ${path} …\n`);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const ws = wb.addWorksheet('Orders');
    ws.addRow(['date', 'order_id', 'customer', 'rep', 'product', 'segment', 'channel', 'type', 'quantity', 'revenue', 'cost']).commit();
    const rand = prng(7);
    for (let i = 0; i < rows; i++) {
      const c = Math.floor(rand() * 500_000);
      ws.addRow([
        new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 730) * 86_400_000),
        `SO-${100000 + Math.floor(i / 3)}`,
        `C${Math.floor(rand() * 50_000)}`,
        REPS[i % REPS.length],
        PRODUCTS[Math.floor(rand() * PRODUCTS.length)],
        SEGMENTS[i % 4],
        CHANNELS[(i >> 2) % 4],
        rand() < 0.7 ? 'new' : 'upsell',
        1 + Math.floor(rand() * 9),
        c / 100,
        Math.floor(c * 0.55) / 100,
      ]).commit();
    }
    await ws.commit();
    await wb.commit();
  }
  writeFileSync(join(DATA, `kpi-xlsx.yaml`), `sources:\n  sales: { file: sales-${rows}.xlsx }\n`);
  return { path, config: join(DATA, 'kpi-xlsx.yaml'), bytes: statSync(path).size };
}

function kpiFigures(stdout) {
  const results = JSON.parse(stdout).results.filter((r) => Object.keys(r.group).length === 0);
  const get = (id) => results.find((r) => r.kpi === id)?.value;
  return { revenue: get('revenue'), gross_profit: get('gross_profit'), orders: get('orders'), units: get('units') };
}

/**
 * count_distinct past 2^24 values, where one JS Set throws a RangeError: kpi's own accumulator (from dist/) fed
 * 2^24 + 1000 distinct ids, each twice (the second round in another accumulator, merged as a worker's would be).
 */
async function distinctPastOneSet() {
  const { DistinctAcc } = await import(join(ROOT, 'dist', 'engine', 'accumulators.js'));
  const n = 2 ** 24 + 1000;
  const t0 = process.hrtime.bigint();
  const a = new DistinctAcc();
  const b = new DistinctAcc();
  for (let i = 0; i < n; i++) {
    a.seen++;
    a.step(`C${i}`);
  }
  for (let i = n - 1; i >= n / 2; i--) {
    b.seen++;
    b.step(`C${i}`);
  }
  a.merge(b);
  const got = a.finish();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (got !== n) process.exitCode = 1;
  return `count_distinct of ${n.toLocaleString('en-US')} distinct values (2^24 + 1000): ${got.toLocaleString('en-US')} ${got === n ? '(exact)' : '(WRONG)'} in ${fmt(seconds)} s`;
}

const row = (cells) => `| ${cells.join(' | ')} |`;
const fmt = (n, d = 2) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });


/**
 * Scale: `--by` over 10,000 and 100,000 groups in every format (and 1,000,000 in the text formats), and projects
 * of 1,000 and 10,000 KPIs. Each case RUNS times: median and range; "× per 10×" is the median at the larger size
 * over the smaller one (10 when linear). BENCH_SCALE_ONLY=1 runs only this part.
 */
async function ensureGroups(groups) {
  const csv = join(DATA, `groups-${groups}.csv`);
  if (!existsSync(csv)) {
    process.stderr.write(`generating ${groups.toLocaleString('en-US')} groups into ${csv} …\n`);
    const out = createWriteStream(csv);
    let buffer = 'date,rep,revenue,cost\n';
    for (let i = 0; i < groups; i++) {
      buffer += `2026-10-${String(1 + (i % 28)).padStart(2, '0')},Rep ${String(i).padStart(7, '0')},${money(1000 + ((i * 7919) % 500_000))},${money(500 + ((i * 104729) % 250_000))}\n`;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await new Promise((r) => out.once('drain', r));
        buffer = '';
      }
    }
    out.write(buffer);
    await new Promise((r) => out.end(r));
  }
  return csv;
}

async function ensureKpis(count) {
  const config = join(DATA, `kpis-${count}.yaml`);
  if (!existsSync(config)) {
    const lines = ['sources:', '  sales: { file: groups-10000.csv }', 'kpis:'];
    for (let i = 0; i < count; i++) {
      lines.push(`  k${i}: { label: "Rep ${i} revenue", formula: 'sum(sales.revenue where rep = "Rep ${String(i).padStart(7, '0')}") - sum(sales.cost) / ${i + 1}', unit: currency }`);
    }
    writeFileSync(config, `${lines.join('\n')}\n`);
  }
  return config;
}

/** Every run of one command: median, fastest and slowest wall time, median peak memory. */
async function repeat(args) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(args, ROOT));
  const s = runs.map((r) => r.seconds);
  return { seconds: median(s), min: Math.min(...s), max: Math.max(...s), peakMb: median(runs.map((r) => r.peakMb)) };
}

const range = (r) => `${fmt(r.seconds)} s (${fmt(r.min)}–${fmt(r.max)})`;

/** The machine's load (1, 5, 15 minutes), to read the figures by: on a shared machine they vary with it. */
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

async function scale() {
  const lines = [`Scale (median of ${RUNS} runs, range in brackets; the 1,000,000 column is one run; load average at the start ${load()}):`, ''];
  lines.push(row(['case', 'format', '10,000', '100,000', '× per 10×', 'peak RSS at 100,000', '1,000,000']));
  lines.push(row(['---', '---', '---:', '---:', '---:', '---:', '---:']));
  const small = await ensureGroups(10_000);
  const large = await ensureGroups(100_000);
  const huge = process.env.BENCH_QUICK ? undefined : await ensureGroups(1_000_000);
  const args = (csv, format) => [KPI, 'report', '--source', `sales=${csv}`, '--kpi', 'revenue', '--by', 'rep', '--period', '2026-10', '--as-of', '2026-11-15', '-f', format, '-o', join(DATA, `out.${format}`)];
  for (const format of ['table', 'json', 'csv', 'md', 'html', 'junit', 'xlsx']) {
    const a = await repeat(args(small, format));
    const b = await repeat(args(large, format));
    // A million groups once each, in the text formats (the workbook format is bounded by Excel's 1,048,576 rows).
    const c = huge && format !== 'xlsx' ? await timed(args(huge, format), ROOT) : undefined;
    lines.push(row(['--by rep', format, range(a), range(b), fmt(b.seconds / a.seconds, 1), `${fmt(b.peakMb, 0)} MB`, c ? `${fmt(c.seconds)} s, ${fmt(c.peakMb, 0)} MB` : '']));
  }
  // kpi trend takes --by too: three months of every group.
  const trendArgs = (csv) => [KPI, 'trend', 'revenue', '--source', `sales=${csv}`, '--by', 'rep', '--period', '2026-10', '--last', '3', '--as-of', '2026-11-15', '-f', 'json', '-o', join(DATA, 'out-trend.json')];
  {
    const a = await repeat(trendArgs(small));
    const b = await repeat(trendArgs(large));
    const c = huge ? await timed(trendArgs(huge), ROOT) : undefined;
    lines.push(row(['trend --by rep --last 3', 'json', range(a), range(b), fmt(b.seconds / a.seconds, 1), `${fmt(b.peakMb, 0)} MB`, c ? `${fmt(c.seconds)} s, ${fmt(c.peakMb, 0)} MB` : '']));
  }
  const k1 = await repeat([KPI, 'report', '-c', await ensureKpis(1_000), '--period', '2026-10', '--as-of', '2026-11-15', '-f', 'json', '-o', join(DATA, 'out-kpis.json')]);
  const k10 = await repeat([KPI, 'report', '-c', await ensureKpis(10_000), '--period', '2026-10', '--as-of', '2026-11-15', '-f', 'json', '-o', join(DATA, 'out-kpis.json')]);
  lines.push(row(['KPIs (1,000 → 10,000)', 'json', range(k1), range(k10), fmt(k10.seconds / k1.seconds, 1), `${fmt(k10.peakMb, 0)} MB`, '']));
  lines.push('', `load average at the end: ${load()} (${cpus().length} cores)`);
  return lines.join('\n');
}

async function main() {
  if (process.env.BENCH_SCALE_ONLY) {
    mkdirSync(DATA, { recursive: true });
    console.log(await scale());
    return;
  }
  mkdirSync(DATA, { recursive: true });
  const sizes = process.env.BENCH_QUICK ? [ROWS] : [ROWS, ROWS * 3];
  const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const lines = [`machine: ${machine}; median (range) of ${RUNS} runs each, kpi and DuckDB alternating; load average at the start ${load()}`, ''];
  lines.push(row(['export', 'tool', 'wall', 'rows/s', 'MB/s', 'peak RSS', 'kpi ÷ DuckDB', 'same figures']));
  lines.push(row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---']));
  let failed = false;
  const rssByRows = {};
  let trendLine = '';
  for (const rows of sizes) {
    const data = await ensureCsv(rows);
    const kpiArgs = [KPI, 'report', '-c', data.config, '--period', 'all', '--compare', 'none', '--kpi', 'revenue,gross_profit,gross_margin,orders,units,avg_order_value', '-f', 'json'];
    const [k, d] = await alternate([kpiArgs, [join(ROOT, 'scripts', 'bench-duckdb.mjs'), data.csv]]);
    const kf = kpiFigures(k.stdout);
    const df = JSON.parse(d.stdout);
    const same =
      toCents(kf.revenue) === cents(df.revenue) &&
      toCents(kf.revenue) === data.expectedCents &&
      toCents(kf.gross_profit) === cents(df.gross_profit) &&
      kf.orders === df.orders &&
      kf.units === df.units;
    if (!same) failed = true;
    rssByRows[rows] = k.peakMb;
    const mb = data.bytes / 1e6;
    const label = `${(rows / 1e6).toFixed(0)}M rows, ${mb.toFixed(0)} MB CSV`;
    lines.push(row([label, 'kpi', wall(k), fmt(rows / k.seconds, 0), fmt(mb / k.seconds, 1), `${fmt(k.peakMb, 0)} MB`, fmt(k.seconds / d.seconds), same ? `yes (revenue ${kf.revenue.toFixed(2)}, orders ${kf.orders})` : `NO: kpi ${JSON.stringify(kf)} duckdb ${JSON.stringify(df)}`]));
    lines.push(row([label, 'DuckDB', wall(d), fmt(rows / d.seconds, 0), fmt(mb / d.seconds, 1), `${fmt(d.peakMb, 0)} MB`, '', '']));
    if (rows === ROWS) {
      // A 12-month trend reads the data once: compare it with one month's report on the same export.
      const [t, r] = await alternate([
        [KPI, 'trend', 'revenue', '-c', data.config, '--last', '12', '--period', '2026-12', '-f', 'json'],
        [KPI, 'report', '-c', data.config, '--period', '2026-12', '--compare', 'none', '--kpi', 'revenue', '-f', 'json'],
      ]);
      trendLine = `kpi trend revenue --last 12: ${fmt(t.seconds)} s; kpi report --kpi revenue for one month: ${fmt(r.seconds)} s; ratio ${fmt(t.seconds / r.seconds)} (limit 1.5)`;
    }
  }
  const xlsx = await ensureXlsx(200_000);
  const [kx, ex] = await alternate([
    [KPI, 'report', '-c', xlsx.config, '--period', 'all', '--compare', 'none', '--kpi', 'revenue,orders,units', '-f', 'json'],
    [join(ROOT, 'scripts', 'bench-exceljs.mjs'), xlsx.path],
  ]);
  lines.push(row(['200k rows, xlsx', 'kpi', wall(kx), fmt(200_000 / kx.seconds, 0), fmt(xlsx.bytes / 1e6 / kx.seconds, 1), `${fmt(kx.peakMb, 0)} MB`, '', '']));
  lines.push(row(['200k rows, xlsx', 'exceljs streaming read alone', wall(ex), fmt(200_000 / ex.seconds, 0), fmt(xlsx.bytes / 1e6 / ex.seconds, 1), `${fmt(ex.peakMb, 0)} MB`, '', '']));
  lines.push('');
  lines.push(`Excel overhead over exceljs's own streaming read: ${fmt((kx.seconds / ex.seconds - 1) * 100, 1)}% (limit 10%)`);
  if (trendLine) lines.push(trendLine);
  if (sizes.length > 1) lines.push(`peak RSS 3M ÷ 1M rows: ${fmt(rssByRows[sizes[1]] / rssByRows[sizes[0]])} (limit 1.25)`);
  lines.push(await distinctPastOneSet());
  const startup = async (args) => {
    const times = [];
    for (let i = 0; i < 5; i++) times.push((await timed(args, ROOT)).seconds);
    return median(times);
  };
  const version = await startup([KPI, '--version']);
  const list = await startup([KPI, 'list']);
  // What Node itself costs here, for reading the figures above (NODE_EXTRA_CA_CERTS makes every start load a CA file).
  const bare = await startup(['-e', '0']);
  const certs = process.env.NODE_EXTRA_CA_CERTS ? '; NODE_EXTRA_CA_CERTS is set, which Node reads on every start' : '';
  lines.push('', await scale(), '');
  lines.push(`start-up: kpi --version ${fmt(version * 1000, 0)} ms (limit 150), kpi list ${fmt(list * 1000, 0)} ms (limit 300); node -e 0 alone ${fmt(bare * 1000, 0)} ms${certs}`);
  console.log(lines.join('\n'));
  if (failed) {
    console.error('bench: kpi and DuckDB disagree');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
