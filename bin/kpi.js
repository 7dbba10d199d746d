#!/usr/bin/env node
// Entry point: everything lives in the compiled CLI (npm install builds it via `prepare`). Reading threads for a big
// CSV are started first, while the rest of kpi loads (src/cli/prestart.ts).
import { prestart } from '../dist/bundle/prestart.js';

prestart(process.argv, new URL('../dist/bundle/worker.js', import.meta.url));
const { main } = await import('../dist/bundle/main.js');

main(process.argv).then((code) => {
  process.exitCode = code;
});
