// `engine: duckdb` on a file source (README "Big files on DuckDB"): the same report JSON as the streaming engine's,
// data quality and all, for the exports kpi reads — the demo's Windows-1252 sales with decimal commas, thousands
// spaces and dotted dates, UTF-8 with a BOM, null spellings, empty cells, unknown values located by line behind a
// quoted line break — and, where DuckDB cannot read a file as kpi would (a value kpi cannot read, a row wider or
// narrower than the header, a trailing total row), the streaming engine's report, lines and all, never another.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { computeReport } from '../../../src/report/build-report.js';
import { computeTrend } from '../../../src/report/build-trend.js';
import { jsonChunks } from '../../../src/render/json.js';
import { duckDbRuns } from '../../../src/report/duckdb-files.js';
import { closeDuckDbFiles } from '../../../src/sources/database/duckdb-file.js';
import { runKpi } from '../../helpers/run-kpi.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-duckfile-'));
afterAll(() => {
  closeDuckDbFiles();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  duckDbRuns.computed = 0;
  duckDbRuns.fallbacks.length = 0;
});

const DEMO = join(__dirname, '../../../fixtures/demo');

/** The report JSON as `kpi report --format json` prints it, data quality included. */
async function report(config: string, more: { period?: string; by?: string[]; compare?: string } = {}): Promise<string> {
  const { report } = await computeReport({ config, period: more.period ?? '2026-10', by: more.by, compare: more.compare, asOf: '2026-11-15' });
  return [...jsonChunks(report)].join('');
}

/** A project of one sales export, read by the streaming engine and by DuckDB; `settings` as YAML lines. */
function project(name: string, bytes: Buffer | string, settings: string[] = [], kpis = ''): { streaming: string; duckdb: string } {
  const csv = `${name}.csv`;
  writeFileSync(join(dir, csv), bytes);
  const yaml = (engine: string) => `currency: NOK\nsources:\n  sales:\n    file: ${csv}\n${engine}${settings.map((s) => `    ${s}\n`).join('')}${kpis ? `kpis:\n${kpis}` : ''}`;
  writeFileSync(join(dir, `${name}-s.yaml`), yaml(''));
  writeFileSync(join(dir, `${name}-d.yaml`), yaml('    engine: duckdb\n'));
  return { streaming: join(dir, `${name}-s.yaml`), duckdb: join(dir, `${name}-d.yaml`) };
}

describe('engine: duckdb on the demo (Windows-1252, ";", decimal comma, thousands spaces, dd.MM.yyyy)', { timeout: 120_000 }, () => {
  const demo = join(dir, 'demo');
  cpSync(DEMO, demo, { recursive: true });
  const yaml = readFileSync(join(demo, 'kpi.yaml'), 'utf8');
  writeFileSync(join(demo, 'duck.yaml'), yaml.replace(/^ {4}file: sales\.csv$/m, '    file: sales.csv\n    engine: duckdb'));
  const streaming = join(demo, 'kpi.yaml');
  const duck = join(demo, 'duck.yaml');

  it.each([
    ['a month with the previous', {}],
    ['--by rep', { by: ['rep'] }],
    ['a quarter --compare yoy --by segment, channel', { period: '2026-Q3', compare: 'yoy', by: ['segment', 'channel'] }],
    ['all time', { period: 'all' }],
  ])('%s: the same report JSON', async (_name, more) => {
    expect(await report(duck, more)).toBe(await report(streaming, more));
    expect(duckDbRuns).toEqual({ computed: 1, fallbacks: [] });
  });

  it('a trend: the same series', async () => {
    const trend = async (config: string) => [...jsonChunks((await computeTrend({ config, kpi: 'revenue', last: 12, asOf: '2026-11-15', by: ['rep'] })).trend, 'series')].join('');
    expect(await trend(duck)).toBe(await trend(streaming));
    expect(duckDbRuns.computed).toBe(1);
  });
});

// Lines of a small export: date, order, customer, rep, status-like type, quantity, amount.
const HEADER = 'Dato;Ordre;Kunde;Selger;Type;Antall;Beløp';
const ROWS = [
  '01.10.2026;1;Ærlig AS;Åse;Nysalg;2;1 234,50',
  '02.10.2026;2;"Øst ""Nord"" AS";Bjørn;Mersalg;1;-12,5',
  '03.10.2026;3;;Åse;nysalg;;',
  '04.10.2026;4;N/A;  bjørn ;NYSALG;3;7',
  '05.10.2026;5;Sør;NULL;Solgt;1;12 000,00',
  '31.10.2026;6;"Linje\nto";Åse;Mersalg;2;0,25',
  '31.10.2026;7;Vest;Carl;solgt;1;-',
];
const SETTINGS = ['delimiter: ";"', 'decimal: ","', 'columns: { date: Dato, order_id: Ordre, customer: Kunde, rep: Selger, type: Type, quantity: Antall, revenue: Beløp }', 'values: { type: { new: [Nysalg], upsell: [Mersalg] } }'];
const csv = (lines: string[], eol = '\n') => [HEADER, ...lines].join(eol) + eol;
const cp1252 = (text: string) => Buffer.from(text.replace(/[^\x00-\xff]/g, '?'), 'latin1');

describe('engine: duckdb gives the streaming engine\'s report, data quality and all', { timeout: 120_000 }, () => {
  it.each([
    ['UTF-8', csv(ROWS)],
    ['UTF-8 with a BOM and CR LF', `\ufeff${csv(ROWS, '\r\n')}`],
    ['Windows-1252', cp1252(csv(ROWS))],
  ])('%s: decimal comma, thousands spaces, day-first dates, empty cells, null spellings, unknown values', async (name, bytes) => {
    const p = project(name.replace(/\W+/g, '-'), bytes, SETTINGS);
    const fromStreaming = await report(p.streaming, { by: ['rep'] });
    expect(await report(p.duckdb, { by: ['rep'] })).toBe(fromStreaming);
    expect(duckDbRuns).toEqual({ computed: 1, fallbacks: [] });
    // By hand: revenue 1234.5 - 12.5 + 7 + 12000 + 0.25 + 0 ('-' is zero) = 13229.25 over 7 rows; "Solgt" is
    // unknown, first on line 6 (the header is line 1); "solgt" (line 9, after the record of two lines) is the same.
    const r = JSON.parse(fromStreaming) as { results: { kpi: string; group: object; value: number }[]; data_quality: { unknown_values: { value: string; line: number; count: number }[] }[] };
    expect(r.results.find((x) => x.kpi === 'revenue' && Object.keys(x.group).length === 0)?.value).toBe(13229.25);
    expect(r.data_quality[0].unknown_values.map((u) => [u.value, u.line, u.count])).toEqual([['Solgt', 6, 2]]);
  });

  it('an unknown value first seen after a quoted line break is located on the streaming engine\'s line', async () => {
    const p = project('late-unknown', csv([ROWS[0], ROWS[5], ROWS[1], '01.10.2026;8;X;Åse;Kreditt;1;5']), SETTINGS);
    const s = await report(p.streaming);
    expect(await report(p.duckdb)).toBe(s);
    // Lines: header 1, row 2, the two-line record 3–4, row 5, "Kreditt" on line 6.
    expect((JSON.parse(s) as { data_quality: { unknown_values: { line: number }[] }[] }).data_quality[0].unknown_values[0].line).toBe(6);
  });

  it.each([
    ['a value kpi cannot read', [...ROWS.slice(0, 3), '03.10.2026;9;X;Åse;Nysalg;1;12,3,4', ...ROWS.slice(3)], /cannot be read/],
    ['a date kpi cannot read', [...ROWS.slice(0, 2), '32.10.2026;9;X;Åse;Nysalg;1;5', ...ROWS.slice(2)], /cannot be read/],
    ['a row wider than the header', [...ROWS.slice(0, 2), '03.10.2026;9;X;Åse;Nysalg;1;5;6', ...ROWS.slice(2)], /refused \d+ line/],
    ['a row narrower than the header', [...ROWS.slice(0, 2), '03.10.2026;9;X', ...ROWS.slice(2)], /refused \d+ line/],
    ['a trailing total row', [...ROWS, 'Totalt;;;;;;13 229,25'], /total row/],
    // Total rows anywhere (trial4 F15/F16): a subtotal in the middle, its label past the first column, and a footer.
    ['a subtotal row in the middle', [...ROWS.slice(0, 3), ';;;Sum Åse;;;17', ...ROWS.slice(3)], /total row/],
    ['a footer line', [...ROWS, 'Utskrevet av: admin;;;;;;'], /total row/],
    ['a spreadsheet error', [...ROWS.slice(0, 2), '03.10.2026;9;X;Åse;#N/A;1;5', ...ROWS.slice(2)], /spreadsheet error/],
  ])('%s: the streaming engine reads the file (the same report, the same lines)', async (name, lines, why) => {
    const p = project(name.replace(/\W+/g, '-'), csv(lines), SETTINGS);
    expect(await report(p.duckdb)).toBe(await report(p.streaming));
    expect(duckDbRuns.computed).toBe(0);
    expect(duckDbRuns.fallbacks).toEqual([expect.stringMatching(why)]);
  });

  it('a number column also read as text (is not empty) is read both ways', async () => {
    const kpis = '  filled: { formula: "count(sales where revenue is not empty)" }\n  rev: { formula: "sum(sales.revenue)" }\n';
    const p = project('twice', csv(ROWS), SETTINGS, kpis);
    const s = await report(p.streaming);
    expect(await report(p.duckdb)).toBe(s);
    expect(duckDbRuns.computed).toBe(1);
    // By hand: row 3 has no amount, row 7's "-" is zero as a number and no value as text (a null spelling).
    expect((JSON.parse(s) as { results: { kpi: string; value: number }[] }).results.find((r) => r.kpi === 'filled')?.value).toBe(5);
  });
});

describe('durations on engine: duckdb', { timeout: 120_000 }, () => {
  // Helpdesk tickets of October 2026: first replies as text durations and plain minutes, with a decimal comma.
  const tickets = [
    'Opprettet;Sak;Første svar;Løsning (min)',
    '01.10.2026;1;2h 30m;90',
    '02.10.2026;2;01:15:00;30,5',
    '03.10.2026;3;PT45M;',
    '04.10.2026;4;;15',
    '05.10.2026;5;-1d 3h;1440',
    '06.11.2026;6;1h;60',
  ].join('\n') + '\n';
  const settings = ['delimiter: ";"', 'decimal: ","', 'columns: { created: Opprettet, ticket_id: Sak, first_response_time: Første svar, resolution_time: Løsning (min) }'];
  const kpis = '  reply_total: { formula: "sum(tickets.first_response_time)", unit: number }\n  reply_avg: { formula: "avg(tickets.first_response_time where first_response_time > 0)", unit: number }\n  resolved_h: { formula: "sum(tickets.resolution_time)", unit: number }\n';
  function ticketProject(name: string, body: string): { streaming: string; duckdb: string } {
    writeFileSync(join(dir, `${name}.csv`), body);
    const yaml = (engine: string) => `currency: NOK\nsources:\n  tickets:\n    file: ${name}.csv\n    kind: tickets\n${engine}${settings.map((s) => `    ${s}\n`).join('')}kpis:\n${kpis}`;
    writeFileSync(join(dir, `${name}-s.yaml`), yaml(''));
    writeFileSync(join(dir, `${name}-d.yaml`), yaml('    engine: duckdb\n'));
    return { streaming: join(dir, `${name}-s.yaml`), duckdb: join(dir, `${name}-d.yaml`) };
  }

  it('text durations and plain numbers in a unit are computed by DuckDB, with the streaming engine\'s figures', async () => {
    const p = ticketProject('durations', tickets);
    const s = await report(p.streaming);
    expect(await report(p.duckdb)).toBe(s);
    expect(duckDbRuns).toEqual({ computed: 1, fallbacks: [] });
    // By hand (hours, October): replies 2.5 + 1.25 + 0.75 − 27 = −22.5; above zero 2.5, 1.25, 0.75 → 4.5 / 3 = 1.5;
    // resolutions (the header's unit: minutes) 90 + 30.5 + 15 + 1440 = 1575.5 min = 26.258333… h.
    const values = Object.fromEntries((JSON.parse(s) as { results: { kpi: string; value: number }[] }).results.map((r) => [r.kpi, r.value]));
    expect(values.reply_total).toBe(-22.5);
    expect(values.reply_avg).toBe(1.5);
    expect(values.resolved_h).toBeCloseTo(1575.5 / 60, 12);
  });

  it('a duration kpi cannot read: the streaming engine reads the file (the same report, located by line)', async () => {
    const p = ticketProject('bad-duration', tickets.replace('PT45M', '45 parsecs'));
    const s = await report(p.streaming);
    expect(await report(p.duckdb)).toBe(s);
    expect(duckDbRuns.computed).toBe(0);
    expect(duckDbRuns.fallbacks).toEqual([expect.stringMatching(/cannot be read/)]);
  });
});

describe('headers DuckDB would take for one', { timeout: 120_000 }, () => {
  it('Amount and amount are two columns (DuckDB\'s names ignore case)', async () => {
    writeFileSync(join(dir, 'case.csv'), 'Dato;Amount;amount\n01.10.2026;1;2\n02.10.2026;10;20\n');
    const yaml = (engine: string) => `sources:\n  things: { file: case.csv${engine} }\nkpis:\n  a: { formula: "sum(things.\`Amount\`)" }\n  b: { formula: "sum(things.\`amount\`)" }\n`;
    writeFileSync(join(dir, 'case-s.yaml'), yaml(''));
    writeFileSync(join(dir, 'case-d.yaml'), yaml(', engine: duckdb'));
    const s = await report(join(dir, 'case-s.yaml'), { period: 'all' });
    expect(await report(join(dir, 'case-d.yaml'), { period: 'all' })).toBe(s);
    expect(duckDbRuns.computed).toBe(1);
    // By hand: Amount 1 + 10, amount 2 + 20.
    expect((JSON.parse(s) as { results: { value: number }[] }).results.map((r) => r.value)).toEqual([11, 22]);
  });
});

describe('--engine on the command line', { timeout: 120_000 }, () => {
  it('--engine duckdb reads a CSV source with DuckDB, --engine streaming one that asks for DuckDB with kpi\'s own engine', () => {
    const p = project('flag', csv(ROWS), SETTINGS);
    const args = (config: string, engine: string) => ['report', '-c', config, '--period', '2026-10', '--as-of', '2026-11-15', '-f', 'json', '--engine', engine];
    const plain = runKpi(args(p.streaming, 'streaming'), { env: { KPI_TIMING: '1' } });
    const duck = runKpi(args(p.streaming, 'duckdb'), { env: { KPI_TIMING: '1' } });
    const back = runKpi(args(p.duckdb, 'streaming'), { env: { KPI_TIMING: '1' } });
    expect(duck.stdout).toBe(plain.stdout);
    expect(back.stdout).toBe(plain.stdout);
    expect(duck.stderr).toMatch(/computed by DuckDB/);
    expect(plain.stderr + back.stderr).not.toMatch(/DuckDB/);
    expect(runKpi(['report', '--engine', 'sqlite']).code).toBe(2);
  });
});

describe('engine: duckdb refuses what it cannot read, before reading (exit 2)', { timeout: 120_000 }, () => {
  it('a workbook', async () => {
    writeFileSync(join(dir, 'book.yaml'), `sources:\n  sales: { file: ${JSON.stringify(join(__dirname, '../../../fixtures/xlsx/shared-strings-first.xlsx'))}, engine: duckdb }\n`);
    const r = await runKpi(['report', '-c', join(dir, 'book.yaml'), '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/source 'sales' has engine: duckdb, but .*shared-strings-first\.xlsx.* is not a CSV file \(xlsx\); engine: duckdb reads a CSV or a Parquet file/);
  });

  it('a source of two files', async () => {
    writeFileSync(join(dir, 'a1.csv'), csv(ROWS.slice(0, 3)));
    writeFileSync(join(dir, 'a2.csv'), csv(ROWS.slice(3)));
    writeFileSync(join(dir, 'two.yaml'), `sources:\n  sales:\n    file: [a1.csv, a2.csv]\n    engine: duckdb\n${SETTINGS.map((s) => `    ${s}\n`).join('')}`);
    const r = await runKpi(['report', '-c', join(dir, 'two.yaml'), '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/source 'sales' has engine: duckdb, but it has 2 files/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('engine: on a database source', async () => {
    writeFileSync(join(dir, 'db.yaml'), 'sources:\n  sales: { url: "duckdb:x.duckdb", table: sales, engine: duckdb }\n');
    const r = await runKpi(['report', '-c', join(dir, 'db.yaml'), '--period', '2026-10', '--as-of', '2026-11-15']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/engine: goes with file:/);
  });
});

describe('a Parquet file (engine: duckdb), typed by its schema', { timeout: 120_000 }, () => {
  it('gives the report of the CSV it was written from', async () => {
    const p = project('for-parquet', csv(ROWS.filter((r) => !r.includes('Solgt') && !r.includes('solgt'))), SETTINGS);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const parquet = join(dir, 'sales.parquet');
    await db.run(
      `COPY (SELECT strptime(Dato, '%d.%m.%Y')::DATE AS Dato, Ordre::INTEGER AS Ordre, Kunde, Selger, Type, NULLIF(Antall, '')::INTEGER AS Antall, CASE WHEN trim("Beløp") = '-' THEN 0 ELSE NULLIF(replace(replace("Beløp", ' ', ''), ',', '.'), '')::DECIMAL(18,2) END AS "Beløp" FROM read_csv('${join(dir, 'for-parquet.csv')}', delim = ';', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`,
    );
    db.closeSync();
    writeFileSync(join(dir, 'pq.yaml'), `currency: NOK\nsources:\n  sales:\n    file: sales.parquet\n    engine: duckdb\n    ${SETTINGS[2]}\n    ${SETTINGS[3]}\n`);
    // (A Parquet file has no lines, and another name: a figure's first value left out is located differently.)
    const strip = (json: string) => {
      const r = JSON.parse(json) as { data_quality: unknown[]; results: { bad_values: { count: number; accepted: boolean } | null }[] };
      const results = r.results.map((x) => ({ ...x, bad_values: x.bad_values && { count: x.bad_values.count, accepted: x.bad_values.accepted } }));
      return JSON.stringify({ ...r, results, data_quality: [] });
    };
    expect(strip(await report(join(dir, 'pq.yaml'), { by: ['rep'] }))).toBe(strip(await report(p.streaming, { by: ['rep'] })));
  });
});
