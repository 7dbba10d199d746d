// Lookups (sources/join.ts) on real readers: a joined table's rows equal a nested-loop join of the two files
// (fast-check, random small tables), a key in no row and an empty key are located bad values of the looked-up
// fields only, and a key the looked-up file has twice is an error naming both lines.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openFile } from '../../src/sources/source-schema.js';
import { joinedTable, loadLookup, openingOrder, type JoinSpec } from '../../src/sources/join.js';
import type { BadCell, RowRequest, Table } from '../../src/sources/table.js';
import type { Project } from '../../src/config/project.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-join-'));
let n = 0;
function write(text: string): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  return path;
}

const project = (sources: Project['sources'] = {}): Project => ({ dir, weekStarts: 'monday', paceMinShare: 0.1, sources, kpis: {} });

async function joined(linesCsv: string, ordersCsv: string, spec: JoinSpec = { source: 'orders', on: 'order_id', key: 'order_id' }): Promise<Table & { joins: { counts: { matched: number; unmatched: number; empty: number } }[] }> {
  const lines = await openFile(write(linesCsv), {}, 'lines');
  const orders = await openFile(write(ordersCsv), {}, 'orders');
  const lookup = await loadLookup('lines', lines.headers, spec, [orders], {}, project());
  return joinedTable(lines, 'lines', {}, [lookup]);
}

interface Read {
  line: number;
  num: number[];
  text: (string | null)[];
  bad: Omit<BadCell, 'file'>[];
}

async function readAll(table: Table, request: RowRequest): Promise<Read[]> {
  const into = { num: new Float64Array(request.columns.length).fill(NaN), text: new Array<string | null>(request.columns.length).fill(null) };
  const out: Read[] = [];
  await table.rows(request, into, (line, bad, fields) => {
    expect(fields === undefined || fields === table.headers.length).toBe(true);
    out.push({ line, num: [...into.num], text: [...into.text], bad: (bad ?? []).map(({ file: _file, ...b }) => b) });
  });
  return out;
}

const request: RowRequest = {
  source: 'lines',
  settings: {},
  columns: [
    { header: 'amount', type: 'number' },
    { header: 'order_date', type: 'date' },
    { header: 'customer', type: 'text' },
  ],
};

describe('a joined table', () => {
  it('gives each line its order’s fields, and a key in no row or an empty key is a bad value of the key column', async () => {
    const table = await joined('order_id,amount\nA1,100\nA9,40\n,7\nA2,5\n', 'order_id,order_date,customer\nA1,2026-10-02,Acme\nA2,2026-11-03,Birk\n');
    expect(table.headers).toEqual(['order_id', 'amount', 'order_date', 'customer']);
    const rows = await readAll(table, request);
    expect(rows.map((r) => r.text[2])).toEqual(['Acme', null, null, 'Birk']);
    expect(rows[0].num.slice(0, 2)).toEqual([100, Date.UTC(2026, 9, 2)]);
    // The line's own amount is read whatever its key: only the looked-up fields are bad.
    expect(rows[1].num[0]).toBe(40);
    expect(rows[1].bad).toEqual([
      { slot: 1, line: 3, column: 'order_id', value: 'A9', reason: expect.stringMatching(/^no row of orders \(.*\) has order_id "A9" \(it has "A1"\)$/) },
      { slot: 2, line: 3, column: 'order_id', value: 'A9', reason: expect.stringMatching(/^no row of orders/) },
    ]);
    expect(rows[2].bad.map((b) => [b.slot, b.line, b.column, b.value, b.reason])).toEqual([
      [1, 4, 'order_id', '', 'empty order_id: the line joins no row of orders'],
      [2, 4, 'order_id', '', 'empty order_id: the line joins no row of orders'],
    ]);
    expect(table.joins[0].counts).toMatchObject({ matched: 2, unmatched: 1, empty: 1 });
  });

  it('tells a key in no row the closest key of a small lookup', async () => {
    const table = await joined('order_id,amount\nGTXPro,1\n', 'order_id,customer\nGTX Pro,Acme\nMG Special,Birk\n');
    const rows = await readAll(table, { source: 'lines', settings: {}, columns: [{ header: 'customer', type: 'text' }] });
    expect(rows[0].bad[0].reason).toMatch(/has order_id "GTXPro" \(it has "GTX Pro"\)$/);
  });

  it('parses a looked-up row once however many lines join it, and each line gets its values', async () => {
    const table = await joined('order_id,amount\nA1,1\nA2,2\nA1,3\nA1,4\n', 'order_id,order_date,customer\nA1,2026-10-02,Acme\nA2,bad,Birk\n');
    const rows = await readAll(table, request);
    expect(rows.map((r) => [r.num[0], r.num[1], r.text[2], r.bad.length])).toEqual([
      [1, Date.UTC(2026, 9, 2), 'Acme', 0],
      [2, NaN, 'Birk', 1],
      [3, Date.UTC(2026, 9, 2), 'Acme', 0],
      [4, Date.UTC(2026, 9, 2), 'Acme', 0],
    ]);
  });

  it('reads a line as it is when no looked-up field is asked for (no lookups, no bad values)', async () => {
    const table = await joined('order_id,amount\nA9,40\n', 'order_id,order_date\nA1,2026-10-02\n');
    const rows = await readAll(table, { source: 'lines', settings: {}, columns: [{ header: 'amount', type: 'number' }] });
    expect(rows).toEqual([{ line: 2, num: [40], text: [null], bad: [] }]);
  });

  it('locates a looked-up value that cannot be read at the line, naming the looked-up row', async () => {
    const table = await joined('order_id,amount\nA1,1\nA2,2\n', 'order_id,order_date,customer\nA1,2026-10-02,Acme\nA2,soon,Birk\n');
    const rows = await readAll(table, request);
    expect(rows[1].bad).toEqual([{ slot: 1, line: 3, column: 'order_date', value: 'soon', reason: expect.stringMatching(/\(in .*:3, the orders row with order_id "A2"\)$/) }]);
    expect(rows[1].text[2]).toBe('Birk');
  });

  it('refuses a looked-up source with a key twice, naming both lines', async () => {
    await expect(joined('order_id,amount\nA1,1\n', 'order_id,order_date\nA1,2026-10-02\nA2,2026-10-03\nA1,2026-10-09\n')).rejects.toThrow(
      /:4: 'orders' has order_id "A1" twice \(line 2 and line 4\)/,
    );
  });

  it('takes a key named differently on each side, and only the fields: asked for', async () => {
    const table = await joined('OrderID,amount\n7,1\n', 'id,order_date,customer\n7,2026-10-02,Acme\n', { source: 'orders', on: 'OrderID', key: 'id', fields: ['customer'] });
    expect(table.headers).toEqual(['OrderID', 'amount', 'customer']);
    const rows = await readAll(table, { source: 'lines', settings: {}, columns: [{ header: 'customer', type: 'text' }] });
    expect(rows[0].text).toEqual(['Acme']);
  });

  it('names a looked-up column the joining source has as <source>.<column>', async () => {
    const table = await joined('order_id,customer\nA1,Me\n', 'order_id,customer\nA1,Acme\n');
    expect(table.headers).toEqual(['order_id', 'customer', 'orders.customer']);
  });
});

describe('the order sources are opened in', () => {
  it('puts looked-up sources first, follows chains and refuses cycles and unknown sources', () => {
    const order = openingOrder(project({ lines: { file: 'l.csv', join: { orders: 'id' } }, orders: { file: 'o.csv', join: { customers: 'c' } }, customers: { file: 'c.csv' } }));
    expect(order).toEqual(['customers', 'orders', 'lines']);
    expect(() => openingOrder(project({ a: { file: 'a.csv', join: { b: 'k' } }, b: { file: 'b.csv', join: { a: 'k' } } }))).toThrow(/cycle: a → b → a/);
    expect(() => openingOrder(project({ a: { file: 'a.csv', join: { a: 'k' } } }))).toThrow(/cycle: a → a/);
    expect(() => openingOrder(project({ a: { file: 'a.csv', join: { ordrs: 'k' } }, orders: { file: 'o.csv' } }))).toThrow(/names no source; did you mean 'orders'\?/);
  });

  it('refuses a join with a database table, naming the source and the engine', () => {
    expect(() => openingOrder(project({ a: { url: 'duckdb:shop.duckdb', table: 'lines', join: { b: 'k' } }, b: { file: 'b.csv' } }))).toThrow(/source 'a'.*engine duckdb/);
  });
});

// Random small tables: a joined table's rows equal a nested-loop join — for each line, the looked-up rows whose key
// equals the line's (trimmed; an empty key matches none), and with none, the looked-up fields bad.
describe('join = nested loop (property)', () => {
  const key = fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', ' k2 ', '');
  it('on random tables', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ key: fc.constantFrom('k1', 'k2', 'k3', 'k4'), value: fc.integer({ min: -999, max: 999 }), tag: fc.constantFrom('a', 'b', 'c') }), { selector: (r) => r.key, maxLength: 4 }),
        fc.array(fc.record({ key, amount: fc.integer({ min: 0, max: 99 }) }), { maxLength: 12 }),
        async (lookup, lines) => {
          const table = await joined(
            `order_id,amount\n${lines.map((l) => `${l.key},${l.amount}`).join('\n')}\n`,
            `order_id,value,tag\n${lookup.map((r) => `${r.key},${r.value},${r.tag}`).join('\n')}\n`,
          );
          const rows = await readAll(table, { source: 'lines', settings: {}, columns: [{ header: 'amount', type: 'number' }, { header: 'value', type: 'number' }, { header: 'tag', type: 'text' }] });
          expect(rows).toHaveLength(lines.length);
          lines.forEach((line, i) => {
            const matches = lookup.filter((r) => line.key.trim() !== '' && r.key === line.key.trim());
            expect(matches.length).toBeLessThanOrEqual(1);
            const row = rows[i];
            expect(row.num[0]).toBe(line.amount);
            if (matches.length === 1) {
              expect([row.num[1], row.text[2]]).toEqual([matches[0].value, matches[0].tag]);
              expect(row.bad).toEqual([]);
            } else {
              expect(Number.isNaN(row.num[1])).toBe(true);
              expect(row.text[2]).toBeNull();
              expect(row.bad.map((b) => [b.slot, b.column, b.value])).toEqual([
                [1, 'order_id', line.key.trim()],
                [2, 'order_id', line.key.trim()],
              ]);
            }
          });
          const counts = table.joins[0].counts;
          expect(counts.matched + counts.unmatched + counts.empty).toBe(lines.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
