// The streaming engine, the first implementation of the Engine contract: one pass per source over its files,
// the plan compiled to closures and generated code (compile-row.ts, stepper.ts), big CSV files split over threads.
import type { Bounds, Plan } from '../plan/plan.js';
import type { AggregateResults, Engine, EngineOptions, SourceAggregates } from './engine.js';
import { runSourceParallel, type ReaderPool } from './parallel.js';
import { noteSigns, runSource, sourceAggregates, type SourceTable } from './run.js';

export class StreamingEngine implements Engine<SourceTable> {
  /** `readers`: threads for reading parts of big files; without them every source is read on this thread. */
  constructor(private readonly readers?: ReaderPool) {}

  async run(plan: Plan, windows: readonly Bounds[], tables: ReadonlyMap<string, SourceTable>, options: EngineOptions): Promise<AggregateResults> {
    const results = new Map<string, SourceAggregates>();
    const bounds = [...windows];
    try {
      for (const [name, sp] of plan.sources) {
        const table = tables.get(name)!;
        const result = this.readers ? await runSourceParallel(sp, table, bounds, options, this.readers) : await runSource(sp, table, bounds, options);
        noteSigns(sp, result);
        results.set(name, sourceAggregates(result));
      }
    } finally {
      this.readers?.close();
    }
    return results;
  }
}
