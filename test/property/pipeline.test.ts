// The first promise as a property, through the whole report pipeline: exports with unreadable cells in random
// columns, rows wider and narrower than the header and unknown values of a canonical column; every figure must
// equal the one computed here, independently, from the understood values only, and every value not understood
// must be counted. A fixed seed and a few runs in `npm test`; `npm run fuzz:property` runs many more
// (PROPERTY_RUNS, PROPERTY_SEED).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../src/report/build-report.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 12);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261201);

const dir = mkdtempSync(join(tmpdir(), 'kpi-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The export's columns, in order: a short row loses the last ones.
const HEADER = ['date', 'order_id', 'revenue', 'cost', 'quantity', 'type'];
const KNOWN_TYPES: Record<string, 'new' | 'upsell'> = { new: 'new', Nysalg: 'new', upsell: 'upsell', Mersalg: 'upsell' };
const UNKNOWN_TYPES = ['Frobnicated', 'Renewal'];
const BAD_NUMBERS = ['abc', '#N/A', '12.3.4', 'n.a.'];
const BAD_DATES = ['not a date', '2026-10-xx', '#REF!'];

/** What one cell holds: a value, nothing, or text its column cannot read. */
type Cell<T> = { kind: 'value'; value: T; text: string } | { kind: 'empty' } | { kind: 'bad'; text: string };

interface GenRow {
  date: Cell<number>; // day of October 2026 (1–31), or 0 for a September day
  order: Cell<string>;
  revenue: Cell<number>; // cents
  cost: Cell<number>;
  quantity: Cell<number>;
  type: Cell<string>;
  shape: { kind: 'normal' } | { kind: 'wide' } | { kind: 'short'; drop: number };
}

const cents = (n: number) => `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;

function cell<T>(value: fc.Arbitrary<T>, show: (v: T) => string, bad: readonly string[], weights = { value: 8, empty: 1, bad: 1 }): fc.Arbitrary<Cell<T>> {
  return fc.oneof(
    { weight: weights.value, arbitrary: value.map((v) => ({ kind: 'value', value: v, text: show(v) }) as Cell<T>) },
    { weight: weights.empty, arbitrary: fc.constant({ kind: 'empty' } as Cell<T>) },
    { weight: weights.bad, arbitrary: fc.constantFrom(...bad).map((text) => ({ kind: 'bad', text }) as Cell<T>) },
  );
}

const genRow: fc.Arbitrary<GenRow> = fc.record({
  date: cell(fc.integer({ min: 0, max: 31 }), (d) => (d === 0 ? '2026-09-15' : `2026-10-${String(d).padStart(2, '0')}`), BAD_DATES),
  order: cell(fc.constantFrom('O1', 'O2', 'O3', 'O4', 'O5', 'O6'), (o) => o, ['#N/A']),
  revenue: cell(fc.integer({ min: -50_000, max: 500_000 }), cents, BAD_NUMBERS),
  cost: cell(fc.integer({ min: 0, max: 300_000 }), cents, BAD_NUMBERS),
  quantity: cell(fc.integer({ min: 0, max: 9 }), String, BAD_NUMBERS),
  type: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.keys(KNOWN_TYPES)).map((t) => ({ kind: 'value', value: t, text: t }) as Cell<string>) },
    { weight: 1, arbitrary: fc.constant({ kind: 'empty' } as Cell<string>) },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_TYPES).map((t) => ({ kind: 'value', value: t, text: t }) as Cell<string>) },
  ),
  shape: fc.oneof(
    { weight: 8, arbitrary: fc.constant({ kind: 'normal' } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: 'wide' } as const) },
    // At least two fields stay: a line of one empty field is a blank line, not a record.
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((drop) => ({ kind: 'short', drop }) as const) },
  ),
});

/** Three rows every value of which reads: the sample decides each column's type and format from them. */
const anchor: GenRow = {
  date: { kind: 'value', value: 1, text: '2026-10-01' },
  order: { kind: 'value', value: 'O1', text: 'O1' },
  revenue: { kind: 'value', value: 10_050, text: '100.50' },
  cost: { kind: 'value', value: 4_025, text: '40.25' },
  quantity: { kind: 'value', value: 2, text: '2' },
  type: { kind: 'value', value: 'new', text: 'new' },
  shape: { kind: 'normal' },
};

const text = (c: Cell<unknown>) => (c.kind === 'empty' ? '' : c.text);

function line(r: GenRow): string {
  const cells = [r.date, r.order, r.revenue, r.cost, r.quantity, r.type].map(text);
  // Wide: a revenue written with an unquoted thousands comma (12,345.00), the classic; short: the last cells gone.
  if (r.shape.kind === 'wide') cells.splice(2, 1, '12', '345.00');
  if (r.shape.kind === 'short') cells.length -= r.shape.drop;
  return cells.join(',');
}

/** The figures and counts kpi must give, from the understood values only (a KPI with no rows reaching it: null). */
function expected(rows: GenRow[]) {
  // Cells a short row does not have are empty.
  const present = (r: GenRow, column: number) => r.shape.kind !== 'short' || column < HEADER.length - r.shape.drop;
  const get = <T,>(r: GenRow, key: 'date' | 'order' | 'revenue' | 'cost' | 'quantity' | 'type'): Cell<T> =>
    (present(r, HEADER.indexOf(key === 'order' ? 'order_id' : key)) ? r[key] : { kind: 'empty' }) as Cell<T>;
  const understood = rows.filter((r) => r.shape.kind !== 'wide');
  // In October: a date that reads and is an October day.
  const october = understood.filter((r) => {
    const d = get<number>(r, 'date');
    return d.kind === 'value' && d.value > 0;
  });
  /** sum() over the rows whose cell is not bad; null when no October row reaches it. */
  const sum = (key: 'revenue' | 'cost' | 'quantity', where: (r: GenRow) => boolean = () => true) => {
    const reaching = october.filter((r) => get(r, key).kind !== 'bad');
    if (reaching.length === 0) return null;
    let total = 0;
    for (const r of reaching) {
      const c = get<number>(r, key);
      if (c.kind === 'value' && where(r)) total += c.value;
    }
    return total;
  };
  const revenueCents = sum('revenue');
  const costCents = sum('cost');
  const units = sum('quantity');
  const orderRows = october.filter((r) => get(r, 'order').kind !== 'bad');
  const orders = orderRows.length === 0 ? null : new Set(orderRows.flatMap((r) => { const o = get<string>(r, 'order'); return o.kind === 'value' ? [o.value] : []; })).size;
  // upsell_sales = sum(revenue where type = "upsell"): rows whose revenue reads; an unknown type is not "upsell".
  const isUpsell = (r: GenRow) => {
    const t = get<string>(r, 'type');
    return t.kind === 'value' && KNOWN_TYPES[t.value] === 'upsell';
  };
  const upsellCents = sum('revenue', isUpsell);
  // big_lines = count(sales where quantity > 2): rows whose quantity reads (a bad one cannot decide the condition).
  const qtyRows = october.filter((r) => get(r, 'quantity').kind !== 'bad');
  const big = qtyRows.length === 0 ? null : qtyRows.filter((r) => {
    const q = get<number>(r, 'quantity');
    return q.kind === 'value' && q.value > 2;
  }).length;
  // Every value not understood, counted over every row of the file (any period): per column, wide rows, unknowns.
  const bad: Record<string, number> = {};
  for (const r of understood) {
    for (const [key, column] of [['date', 'date'], ['order', 'order_id'], ['revenue', 'revenue'], ['cost', 'cost'], ['quantity', 'quantity']] as const) {
      if (get(r, key).kind === 'bad') bad[column] = (bad[column] ?? 0) + 1;
    }
  }
  const unknown: Record<string, number> = {};
  for (const r of understood) {
    const t = get<string>(r, 'type');
    if (t.kind === 'value' && !(t.value in KNOWN_TYPES)) unknown[t.value.toLowerCase()] = (unknown[t.value.toLowerCase()] ?? 0) + 1;
  }
  // Rows with an empty date that some period aggregate would count (a readable revenue, cost, order or quantity):
  // they may be in any period, so they are in doubt (data_quality lists them as empty_period).
  const undated = understood.filter((r) => get(r, 'date').kind === 'empty' && (['revenue', 'cost', 'order', 'quantity'] as const).some((k) => get(r, k).kind === 'value')).length;
  const skipped = understood.filter((r) => (['date', 'order', 'revenue', 'cost', 'quantity'] as const).some((k) => get(r, k).kind === 'bad')).length + (rows.length - understood.length);
  const money = (c: number | null) => (c === null ? null : c / 100);
  return {
    figures: {
      revenue: money(revenueCents),
      gross_profit: revenueCents === null || costCents === null ? null : money(revenueCents - costCents),
      orders,
      units,
      upsell_sales: money(upsellCents),
      big_lines: big,
    },
    counts: {
      rows: rows.length,
      skipped,
      bad,
      wide: rows.length - understood.length,
      short: rows.filter((r) => r.shape.kind === 'short').length,
      unknown,
      undated,
    },
  };
}

const KPIS = ['revenue', 'gross_profit', 'orders', 'units', 'upsell_sales', 'big_lines'];
let n = 0;

function writeProject(rows: GenRow[]): string {
  const path = join(dir, `p${n++}`);
  mkdirSync(path);
  writeFileSync(join(path, 'sales.csv'), `${HEADER.join(',')}\n${rows.map(line).join('\n')}\n`);
  writeFileSync(
    join(path, 'kpi.yaml'),
    'sources:\n  sales: { file: sales.csv }\nkpis:\n  big_lines: { formula: "count(sales where quantity > 2)", unit: count }\n',
  );
  return join(path, 'kpi.yaml');
}

describe('every printed figure is built from understood values only, and every other value is counted', () => {
  it('holds on random exports with bad cells, wide and short rows and unknown values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genRow, { minLength: 1, maxLength: 40 }), async (generated) => {
        const rows = [anchor, anchor, anchor, ...generated];
        const config = writeProject(rows);
        const want = expected(rows);
        const options = { config, period: '2026-10', compare: 'none', asOf: '2026-11-05' } as const;
        const { report } = await computeReport({ ...options, kpis: KPIS });
        const got = Object.fromEntries(report.results.filter((r) => Object.keys(r.group).length === 0).map((r) => [r.kpi, r.value]));
        for (const kpi of KPIS) {
          const w = want.figures[kpi as keyof typeof want.figures];
          if (w === null) expect(got[kpi], kpi).toBeNull();
          else expect(got[kpi], kpi).toBeCloseTo(w, 6);
        }
        // A KPI's figure does not depend on the others in the report.
        const alone = await computeReport({ ...options, kpis: ['gross_profit'] });
        expect(alone.report.results[0].value).toBe(got.gross_profit);

        const q = report.data_quality[0];
        expect(q.rows).toBe(want.counts.rows);
        expect(q.skipped).toBe(want.counts.skipped);
        expect(Object.fromEntries(q.bad_values.filter((b) => !b.empty_period).map((b) => [b.column, b.count]))).toEqual(want.counts.bad);
        expect(q.bad_values.find((b) => b.empty_period)?.count ?? 0).toBe(want.counts.undated);
        expect(q.wide_rows.count).toBe(want.counts.wide);
        expect(q.short_rows.count).toBe(want.counts.short);
        expect(Object.fromEntries(q.unknown_values.map((u) => [u.value.toLowerCase(), u.count]))).toEqual(want.counts.unknown);
        // Every bad value and wide row is listed with its line (the first 100 of a source).
        expect(q.issues.length).toBe(Math.min(100, Object.values(want.counts.bad).reduce((a, b) => a + b, 0) + want.counts.wide + want.counts.undated));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});
