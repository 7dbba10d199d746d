// The plan is plain data (src/plan/plan.ts): it survives structuredClone — what posting it to a reading thread does
// — whole, and the engine computes the same figures from the clone as from the original.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/report/build-report.js';
import { runSource } from '../../src/engine/run.js';
import { sourceAggregates } from '../../src/engine/run.js';
import { ROOT } from '../helpers/run-kpi.js';

/** Paths in the plan to every function (a closure would make structuredClone throw, or vanish from a clone). */
function functionsIn(value: unknown, path = 'plan', seen = new Set<unknown>()): string[] {
  if (typeof value === 'function') return [path];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Map) return [...value].flatMap(([k, v], i) => [...functionsIn(k, `${path}<key ${i}>`, seen), ...functionsIn(v, `${path}.get(${String(k)})`, seen)]);
  if (value instanceof Set) return [...value].flatMap((v, i) => functionsIn(v, `${path}<${i}>`, seen));
  return Object.entries(value).flatMap(([k, v]) => functionsIn(v, `${path}.${k}`, seen));
}

describe('the plan as data', () => {
  // Every source kind of the demo, conditions of every sort, period: none KPIs, a ledger's signs, --by.
  const cases = [
    { config: join(ROOT, 'fixtures/demo/kpi.yaml'), by: ['segment'] },
    { config: join(ROOT, 'fixtures/currency/kpi-fx.yaml') },
  ];
  for (const c of cases) {
    it(`${c.config.slice(ROOT.length + 1)}: no closure in it, structuredClone keeps it whole`, async () => {
      const { plan } = await prepare({ config: c.config, by: c.by, asOf: '2026-11-15', noTargets: true });
      expect(plan.sources.size).toBeGreaterThan(0);
      expect(functionsIn(plan)).toEqual([]);
      const clone = structuredClone(plan);
      expect(clone).toEqual(plan);
      // Aggregate nodes stay the keys of aggregateIndex in the clone (one object graph, references kept).
      for (const [id, k] of clone.kpis) {
        expect(id).toBe(k.def.id);
        const walk = (e: unknown): void => {
          if (e && typeof e === 'object') {
            if ((e as { kind?: string }).kind === 'aggregate') expect(clone.aggregateIndex.has(e as never)).toBe(true);
            Object.values(e).forEach(walk);
          }
        };
        walk(k.expr);
      }
    });
  }

  it('control: a closure in the plan is found, and structuredClone refuses it', async () => {
    const { plan } = await prepare({ config: join(ROOT, 'fixtures/demo/kpi.yaml'), asOf: '2026-11-15', noTargets: true });
    const broken = { ...plan, extra: { step: () => 0 } };
    expect(functionsIn(broken)).toEqual(['plan.extra.step']);
    expect(() => structuredClone(broken)).toThrow();
  });

  it('the engine computes the same values from a cloned source plan', async () => {
    const { plan, schemas } = await prepare({ config: join(ROOT, 'fixtures/demo/kpi.yaml'), by: ['segment'], asOf: '2026-11-15', noTargets: true });
    // 2026-10 (days since 1970-01-01: 20727 is 2026-10-01, 20757 is 2026-10-31), and all time.
    const windows = [{ start: 20727, end: 20757 }, { start: -Infinity, end: Infinity }];
    let compared = 0;
    for (const [name, sp] of plan.sources) {
      const table = schemas.get(name)!;
      const a = sourceAggregates(await runSource(sp, table, windows, { strict: false }));
      const b = sourceAggregates(await runSource(structuredClone(sp), table, windows, { strict: false }));
      for (let w = 0; w < windows.length; w++) {
        expect(b.rows(w)).toBe(a.rows(w));
        for (let i = 0; i < sp.aggregates.length; i++) {
          expect(b.value(w, i)).toEqual(a.value(w, i));
          compared++;
        }
      }
      expect(b.quality).toEqual(a.quality);
    }
    expect(compared).toBeGreaterThan(20);
  });
});
