// Fault injection over whole runs of the binary: random exports (structured and raw bytes), random kpi.yaml and
// targets files, random commands and flags. Whatever the input, kpi must behave:
//   - the exit code is one of the documented ones (0, 1, 2, 3), never 70: generated input is user input;
//   - stderr never carries a stack trace;
//   - stdout parses in its format (json parses, csv is rectangular RFC 4180);
//   - an existing -o target is afterwards either the old file or a complete new one.
// `npm test` runs a few cases with a fixed seed; `npm run fuzz` runs many (FUZZ_RUNS, FUZZ_SEED to vary or replay).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runKpi } from '../helpers/run-kpi.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const DOCUMENTED = [0, 1, 2, 3];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// ---- exports ------------------------------------------------------------------------------------------------

const HEADERS = ['date', 'Dato', 'revenue', 'Beløp', 'cost', 'rep', 'Selger', 'product', 'quantity', 'order_id', 'customer', 'segment', 'channel', 'type', 'status', 'created', 'closed', 'amount', 'Total', ''];
const nasty = fc.constantFrom('"', '""', ',', ';', '\t', '\n', '\r\n', '\r', '\u0000', '\u001b[2J', '\u202e', '\ufeff', '\uffff', 'é', '€', '😀', '=1+1', '-', 'NULL', 'N/A', '#N/A', 'Total', '1e308', '1E5', '(12,50)', '12 %', 'kr 1 234,50');
const dateCell = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1899, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-10-05', '05.10.2026', '10/05/2026', '13/06/2026', '2026-02-30', '0000-01-01', '2026-10-05T25:00', '45123', '5th Jan 2020', '1. okt 2026'),
);
const numberCell = fc.oneof(
  fc.double({ noNaN: true }).map(String),
  fc.integer().map(String),
  fc.constantFrom('1 234,50', '1,234.50', '1.234,50', '-0', '.5', '5.', '1e400', '-1e-400', '99999999999999999999', '1234-', '$1,234.50', ''),
);
const cell = fc.oneof({ weight: 3, arbitrary: dateCell }, { weight: 3, arbitrary: numberCell }, { weight: 2, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 2, arbitrary: nasty }, { weight: 1, arbitrary: fc.constant('') });

function csvQuote(text: string, delimiter: string): string {
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** An export: a header from field names and noise, ragged rows of dates, numbers and hostile text; or raw bytes. */
const exportFile: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        delimiter: fc.constantFrom(',', ';', '\t', '|'),
        header: fc.array(fc.oneof(fc.constantFrom(...HEADERS), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 7 }),
        rows: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 25 }),
        bom: fc.boolean(),
        eol: fc.constantFrom('\n', '\r\n', '\r'),
        quoteAll: fc.boolean(),
        latin1: fc.boolean(),
        cut: fc.option(fc.nat(), { nil: undefined }),
      })
      .map(({ delimiter, header, rows, bom, eol, quoteAll, latin1, cut }) => {
        const line = (cells: string[]) => cells.map((c) => (quoteAll ? `"${c.replaceAll('"', '""')}"` : csvQuote(c, delimiter))).join(delimiter);
        const text = [line(header), ...rows.map(line)].join(eol) + eol;
        let bytes = latin1 ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
        if (bom && !latin1) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        // Cut anywhere: a file still being written, or truncated by a full disk.
        return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
      }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)) },
);

/**
 * A plausible export: the columns a sales export has, in any order (the formulas and --by of the plausible runs
 * read them all; missing columns are the hostile runs' business), dates around the reported months and numbers kpi
 * reads, now and then a hostile cell. Most runs on it get past the configuration
 * and the flags to reading the data and rendering, where a purely random input stops at its first bad setting.
 */
const plausibleCell = (column: string): fc.Arbitrary<string> => {
  const good: Record<string, fc.Arbitrary<string>> = {
    date: fc.integer({ min: 0, max: 120 }).map((d) => new Date(Date.UTC(2026, 7, 15) + d * 86_400_000).toISOString().slice(0, 10)),
    revenue: fc.integer({ min: -50_000, max: 500_000 }).map((c) => (c / 100).toFixed(2)),
    cost: fc.integer({ min: 0, max: 300_000 }).map((c) => (c / 100).toFixed(2)),
    quantity: fc.integer({ min: 0, max: 20 }).map(String),
    rep: fc.constantFrom('Ann', 'Bob', 'Cecilie', 'Dag', ''),
    product: fc.constantFrom('A', 'B', 'C'),
    order_id: fc.integer({ min: 1, max: 40 }).map((n) => `SO-${n}`),
  };
  return fc.oneof({ weight: 12, arbitrary: good[column] ?? fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: cell });
};
const PLAUSIBLE_COLUMNS = ['cost', 'quantity', 'rep', 'product', 'order_id'];
const plausibleExport: fc.Arbitrary<Buffer> = fc
  .record({
    extra: fc.shuffledSubarray(PLAUSIBLE_COLUMNS, { minLength: PLAUSIBLE_COLUMNS.length }),
    delimiter: fc.constantFrom(',', ';'),
    eol: fc.constantFrom('\n', '\r\n'),
    rows: fc.integer({ min: 0, max: 30 }),
  })
  .chain(({ extra, delimiter, eol, rows }) => {
    const header = ['date', 'revenue', ...extra];
    return fc.array(fc.tuple(...header.map(plausibleCell)), { minLength: rows, maxLength: rows }).map((body) => {
      const line = (cells: string[]) => cells.map((c) => csvQuote(c, delimiter)).join(delimiter);
      return Buffer.from([line(header), ...body.map(line)].join(eol) + eol, 'utf8');
    });
  });

// ---- kpi.yaml and targets -----------------------------------------------------------------------------------

const fieldName = fc.constantFrom('revenue', 'cost', 'quantity', 'rep', 'product', 'date', 'order_id', 'amount', 'status', 'nosuch', '`Beløp`', '`date`');
const rowExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldName.map((f) => `sales.${f}`),
    fc.constantFrom('1', '0', '2.5', '40%'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('e').map((e) => `(${e})`),
    fc.tuple(fieldName, fieldName).map(([a, b]) => `days(sales.${a}, sales.${b})`),
  ),
})).e;
const cond = fc.oneof(
  fc.tuple(fieldName, fc.constantFrom('=', '!=', '<', '>=', '>'), fc.constantFrom('"Ann"', '0', '2026-10-01', 'period_start', 'sales.cost')).map(([f, op, v]) => `sales.${f} ${op} ${v}`),
  fieldName.map((f) => `sales.${f} is empty`),
  fieldName.map((f) => `not sales.${f} in ("a", "b")`),
);
const formula: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('sum', 'avg', 'min', 'max', 'median', 'count_distinct'), rowExpr, fc.option(cond, { nil: undefined })).map(([fn, e, w]) => `${fn}(${e}${w ? ` where ${w}` : ''})`),
  fc.tuple(rowExpr, fc.constantFrom('0.5', '0.9', '1.5')).map(([e, q]) => `percentile(${e}, ${q})`),
  fc.option(cond, { nil: undefined }).map((w) => `count(sales${w ? ` where ${w}` : ''})`),
  fc.constantFrom('revenue', 'gross_margin', 'revenue[prev]', 'mine / 0', 'mine + revenue[yoy]', 'mine', 'period_days', '1 / (revenue - revenue)'),
  fc.string({ maxLength: 30 }),
);
const unit = fc.constantFrom('number', 'currency', 'percent', 'count', 'days', 'hours', 'score', 'furlongs');
const yamlScalar = (s: string) => JSON.stringify(s);

/** A kpi.yaml that is usually well-formed, with random settings, and sometimes random text. */
const kpiYaml: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        kind: fc.option(fc.constantFrom('sales', 'deals', 'ledger', 'nosuchkind'), { nil: undefined }),
        delimiter: fc.option(fc.constantFrom(',', ';', '\t', '§', '"', ''), { nil: undefined }),
        decimal: fc.option(fc.constantFrom(',', '.', 'x'), { nil: undefined }),
        dateFormat: fc.option(fc.constantFrom('dd.MM.yyyy', 'MM/dd/yyyy', 'yyyy', 'QQQ'), { nil: undefined }),
        skipRows: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
        encoding: fc.option(fc.constantFrom('utf-8', 'windows-1252', 'utf-16le', 'ebcdic'), { nil: undefined }),
        mapping: fc.option(fc.dictionary(fc.constantFrom('date', 'revenue', 'rep', 'cost'), fc.constantFrom(...HEADERS)), { nil: undefined }),
        kpis: fc.array(fc.tuple(formula, unit, fc.constantFrom('higher', 'lower', 'sideways'), fc.boolean()), { maxLength: 3 }),
        currency: fc.option(fc.constantFrom('NOK', 'EUR', '"', '\u001b[2J'), { nil: undefined }),
        pace: fc.option(fc.constantFrom('10%', '0', '150%', 'soon'), { nil: undefined }),
      })
      .map((c) => {
        const lines = [];
        if (c.currency !== undefined) lines.push(`currency: ${yamlScalar(c.currency)}`);
        if (c.pace !== undefined) lines.push(`pace_min_share: ${yamlScalar(c.pace)}`);
        lines.push('sources:', '  sales:', '    file: sales.csv');
        if (c.kind) lines.push(`    kind: ${c.kind}`);
        if (c.delimiter !== undefined) lines.push(`    delimiter: ${yamlScalar(c.delimiter)}`);
        if (c.decimal !== undefined) lines.push(`    decimal: ${yamlScalar(c.decimal)}`);
        if (c.dateFormat !== undefined) lines.push(`    date_format: ${c.dateFormat}`);
        if (c.skipRows !== undefined) lines.push(`    skip_rows: ${c.skipRows}`);
        if (c.encoding !== undefined) lines.push(`    encoding: ${c.encoding}`);
        if (c.mapping && Object.keys(c.mapping).length) {
          lines.push('    columns:');
          for (const [k, v] of Object.entries(c.mapping)) lines.push(`      ${k}: ${yamlScalar(v)}`);
        }
        if (c.kpis.length) {
          lines.push('kpis:');
          c.kpis.forEach(([f, u, better, none], i) => {
            lines.push(`  ${i === 0 ? 'mine' : `mine_${i}`}:`, `    label: ${yamlScalar(`Mine ${i}`)}`, `    formula: ${yamlScalar(f)}`, `    unit: ${u}`, `    better: ${better}`);
            if (none) lines.push('    period: none');
          });
        }
        return `${lines.join('\n')}\n`;
      }),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('sources: [', 'a: &a [*a, *a]\nb: *a', 'sources:\n  sales: { file: "../../../../etc/passwd" }\n', '\ufeffsources: {}\n', 'kpis: 5\n') },
);

/** A kpi.yaml kpi accepts: valid settings only, KPIs whose formulas parse (their fields may be missing: exit 3). */
const plausibleFormula = fc.constantFrom(
  'sum(sales.revenue)',
  'sum(sales.revenue where rep = "Ann")',
  'sum(sales.revenue - sales.cost)',
  'count(sales)',
  'count(sales where sales.quantity > 5)',
  'avg(sales.quantity)',
  'median(sales.revenue)',
  'count_distinct(sales.order_id)',
  'sum(sales.revenue) / count(sales)',
  'revenue',
  'revenue[prev]',
  'percentile(sales.revenue, 0.9)',
);
const plausibleYaml: fc.Arbitrary<string> = fc
  .record({
    kind: fc.boolean(),
    currency: fc.boolean(),
    kpis: fc.array(fc.tuple(plausibleFormula, fc.constantFrom('number', 'currency', 'count'), fc.constantFrom('higher', 'lower')), { minLength: 1, maxLength: 3 }),
  })
  .map(({ kind, currency, kpis }) => {
    const lines = currency ? ['currency: NOK'] : [];
    lines.push('sources:', '  sales:', '    file: sales.csv');
    if (kind) lines.push('    kind: sales');
    if (kpis.length) {
      lines.push('kpis:');
      kpis.forEach(([f, u, better], i) => lines.push(`  ${i === 0 ? 'mine' : `mine_${i}`}:`, `    formula: ${yamlScalar(f)}`, `    unit: ${u}`, `    better: ${better}`));
    }
    return `${lines.join('\n')}\n`;
  });
const plausibleTargets: fc.Arbitrary<string | undefined> = fc.option(
  fc
    .array(fc.tuple(fc.constantFrom('revenue', 'mine', 'orders'), fc.constantFrom('1000', '1_200_000', '{ min: 5 }', '{ target: 100, per: month, tolerance: 5% }', '{ max: 10 }')), { maxLength: 3 })
    .map((entries) => `${[...new Map(entries)].map(([k, v]) => `${k}: ${v}`).join('\n')}\n`),
  { nil: undefined },
);

const targetsYaml: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(
    fc
      .array(
        fc.tuple(
          fc.constantFrom('revenue', 'mine', 'gross_margin', 'orders', 'nosuch'),
          fc.oneof(
            fc.double({ noNaN: false }).map(String),
            fc.constantFrom('1_200_000', '{ min: 40% }', '{ max: 2%, warn: 1.5% }', '{ target: 100, per: month, tolerance: 5% }', '{ target: 10, per: year, weights: { jan: -1 } }', '.nan', '.inf', '1e400', 'null', '[]', '{ by: { rep: { Ann: 5 } } }', '{ periods: { 2026-13: 5 } }'),
          ),
        ),
        { maxLength: 4 },
      )
      .map((entries) => `${entries.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`),
    fc.string({ maxLength: 60 }),
  ),
  { nil: undefined },
);

// ---- command lines ------------------------------------------------------------------------------------------

const FORMAT_EXT: Record<string, string> = { table: '.txt', json: '.json', csv: '.csv', md: '.md', xlsx: '.xlsx', html: '.html', junit: '.xml' };
const command = fc.record({
  cmd: fc.constantFrom('report', 'report', 'check', 'trend', 'explain', 'validate', 'list'),
  kpi: fc.constantFrom('revenue', 'mine', 'gross_margin', 'nosuch'),
  period: fc.option(fc.constantFrom('2026-10', '2026-Q4', '2026', 'all', 'mtd', '2026-W53', '2026-10-01..2026-10-15', '2026-13', 'yesterday', '0099-01'), { nil: undefined }),
  compare: fc.option(fc.constantFrom('prev', 'yoy', 'none', '2025-10', 'nonsense'), { nil: undefined }),
  by: fc.option(fc.constantFrom('rep', 'product', 'rep,product', 'nosuch', ''), { nil: undefined }),
  format: fc.option(fc.constantFrom('table', 'json', 'csv', 'md', 'xlsx', 'html', 'junit', 'yaml'), { nil: undefined }),
  strict: fc.boolean(),
  failOn: fc.option(fc.constantFrom('missed', 'at-risk', 'never', 'always'), { nil: undefined }),
  last: fc.option(fc.constantFrom('1', '12', '0', '-3', 'x', '500'), { nil: undefined }),
  out: fc.boolean(),
});

/** Command lines with values each command takes (formats it has, periods and flags that parse). */
const plausibleCommand = fc.record({
  cmd: fc.constantFrom('report', 'report', 'check', 'check', 'trend', 'explain', 'validate', 'list'),
  kpi: fc.constantFrom('revenue', 'mine', 'revenue'),
  period: fc.option(fc.constantFrom('2026-10', '2026-Q4', '2026', 'all', 'mtd', '2026-10-01..2026-10-15', '2026-09'), { nil: undefined }),
  compare: fc.option(fc.constantFrom('prev', 'yoy', 'none', '2025-10'), { nil: undefined }),
  by: fc.option(fc.constantFrom('rep', 'product', 'rep,product'), { nil: undefined }),
  format: fc.option(fc.constantFrom('table', 'json', 'csv', 'md', 'xlsx', 'html', 'junit'), { nil: undefined }),
  strict: fc.constant(false),
  failOn: fc.option(fc.constantFrom('missed', 'at-risk', 'never'), { nil: undefined }),
  last: fc.option(fc.constantFrom('1', '3', '12'), { nil: undefined }),
  out: fc.boolean(),
  // The plausible exports rarely reach a month's last day: without this, check mostly stops at incomplete (exit 3).
  allowIncomplete: fc.boolean(),
});

/** The formats each command takes; a plausible command line asks another command's format as json. */
const COMMAND_FORMATS: Record<string, readonly string[]> = {
  trend: ['table', 'json', 'csv'],
  explain: ['table', 'json'],
  validate: ['table', 'json'],
};
const plausibleFormat = (c: Cmd): Cmd => (c.format !== undefined && COMMAND_FORMATS[c.cmd] && !COMMAND_FORMATS[c.cmd].includes(c.format) ? { ...c, format: 'json' } : c);

interface Cmd {
  cmd: string;
  kpi: string;
  period?: string;
  compare?: string;
  by?: string;
  format?: string;
  strict: boolean;
  failOn?: string;
  last?: string;
  out: boolean;
  allowIncomplete?: boolean;
}

function argv(c: Cmd, dir: string, out: string | undefined): string[] {
  const args: string[] = [c.cmd];
  if (c.cmd === 'trend' || c.cmd === 'explain') args.push(c.kpi);
  args.push('-c', join(dir, 'kpi.yaml'));
  if (c.cmd === 'list') return args;
  if (c.cmd === 'validate') {
    if (c.format === 'json') args.push('--format', 'json');
    return out ? [...args, '-o', out] : args;
  }
  args.push('--as-of', '2026-11-15');
  if (c.period !== undefined) args.push('--period', c.period);
  if (c.compare !== undefined && c.cmd !== 'trend') args.push('--compare', c.compare);
  if (c.by !== undefined && c.cmd !== 'explain') args.push('--by', c.by);
  if (c.format !== undefined) args.push('--format', c.cmd === 'explain' && c.format === 'table' ? 'text' : c.format);
  if (c.strict) args.push('--strict');
  if (c.allowIncomplete) args.push('--allow-incomplete');
  if (c.failOn !== undefined && (c.cmd === 'report' || c.cmd === 'check')) args.push('--fail-on', c.failOn);
  if (c.last !== undefined && c.cmd === 'trend') args.push('--last', c.last);
  if (c.cmd === 'report' || c.cmd === 'check') args.push('--kpi', c.kpi === 'nosuch' ? 'revenue,mine' : c.kpi);
  if (out) args.push('-o', out);
  return args;
}

/** Whether `text` is what a complete file or stdout of `format` looks like. */
function parsesAs(format: string, data: Buffer): string | undefined {
  const text = data.toString('utf8');
  try {
    if (format === 'json') JSON.parse(text);
    else if (format === 'csv') {
      const rows = parseCsv(text, { relax_column_count: false }) as string[][];
      if (rows.length === 0) return 'empty csv';
    } else if (format === 'xlsx') {
      if (data.readUInt32LE(0) !== 0x04034b50 || data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0) return 'not a complete zip';
    } else if (format === 'html') {
      if (!text.trimEnd().endsWith('</html>')) return 'html cut short';
    } else if (format === 'junit') {
      if (!text.trimEnd().endsWith('</testsuites>')) return 'junit cut short';
    } else if (!text.endsWith('\n')) return 'text without its final newline';
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

const OLD = 'the previous report, which must survive a failed run\n';

/** How often each exit code came out: FUZZ_STATS=1 prints it, to see that the inputs reach past the first check. */
const codes = new Map<number, number>();
afterAll(() => {
  if (process.env.FUZZ_STATS) console.log('exit codes:', Object.fromEntries([...codes].sort((a, b) => a[0] - b[0])));
});

describe('fault injection: whole CLI runs on random input', () => {
  it(`${RUNS} runs (seed ${SEED}): documented exit codes, no stack traces, well-formed output`, () => {
    // Half the runs hostile everywhere, half plausible (past the settings and flags, into the data and renderers);
    // FUZZ_STATS=1 prints the exit codes they came to.
    const inputs = fc.oneof(
      fc.record({ csv: exportFile, yaml: kpiYaml, targets: targetsYaml, c: command }),
      fc.record({ csv: plausibleExport, yaml: plausibleYaml, targets: plausibleTargets, c: plausibleCommand.map(plausibleFormat) }),
    );
    fc.assert(
      fc.property(inputs, (k) => {
        const dir = mkdtempSync(join(tmpdir(), 'kpi-fuzz-'));
        dirs.push(dir);
        writeFileSync(join(dir, 'sales.csv'), k.csv);
        writeFileSync(join(dir, 'kpi.yaml'), k.yaml);
        if (k.targets !== undefined) writeFileSync(join(dir, 'targets.yaml'), k.targets);
        const trendFormats = ['table', 'json', 'csv'];
        const format = k.c.format ?? 'table';
        const ext = k.c.cmd === 'validate' || k.c.cmd === 'explain' ? '.txt' : (FORMAT_EXT[format] ?? '.txt');
        const out = k.c.out ? join(dir, `out${ext}`) : undefined;
        if (out) writeFileSync(out, OLD);
        const args = argv(k.c, dir, out);
        const run = runKpi(args, { cwd: dir, timeoutMs: 60_000 });
        codes.set(run.code, (codes.get(run.code) ?? 0) + 1);
        const where = `kpi ${args.join(' ')}\nexit ${run.code}\nstderr: ${run.stderr.slice(0, 600)}`;
        expect(DOCUMENTED, where).toContain(run.code);
        expect(run.stderr, where).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
        // What a successful run printed parses in its format.
        const shown = k.c.cmd === 'validate' || k.c.cmd === 'explain' || k.c.cmd === 'list' ? 'text' : format;
        if (!out && (run.code === 0 || run.code === 1) && (shown === 'json' || shown === 'csv') && (k.c.cmd !== 'trend' || trendFormats.includes(format))) {
          expect(parsesAs(shown, Buffer.from(run.stdout)), where).toBeUndefined();
        }
        // An existing -o target is the old file or a complete new one.
        if (out) {
          const after = readFileSync(out);
          if (after.toString('utf8') !== OLD) {
            expect([0, 1, 3], where).toContain(run.code);
            const as = k.c.cmd === 'validate' || k.c.cmd === 'explain' ? (format === 'json' ? 'json' : 'text') : format;
            expect(parsesAs(as === 'text' || as === 'table' || as === 'md' ? 'text' : as, after), where).toBeUndefined();
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // A run spawns the binary: seconds each on a loaded machine.
  }, 30_000 + RUNS * 15_000);
});
