#!/usr/bin/env node
// Entry point: everything lives in the compiled CLI (npm install builds it via `prepare`). Reading threads for a big
// CSV are started first, while the rest of kpi loads (src/cli/prestart.ts).
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code of kpi's modules on disk between runs; Node 20 has no such cache.
module.enableCompileCache?.();
const { prestart } = await import('../dist/bundle/prestart.js');
prestart(process.argv, new URL('../dist/bundle/worker.js', import.meta.url));
const { main } = await import('../dist/bundle/main.js');

main(process.argv).then((code) => {
  process.exitCode = code;
});
