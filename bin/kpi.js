#!/usr/bin/env node
// Entry point: everything lives in the compiled CLI (npm install builds it via `prepare`). First the start guesses
// (dist/bundle/early.cjs, src/cli/prestart.ts): reading threads for a big CSV and the DuckDB thread are started while
// the rest of kpi loads; then the rest, one CommonJS file run from V8's code cache of it (bin/load.cjs).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const argv = process.argv;

if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
  // What main.ts prints (src/cli/version.ts reads the same file), without reading the CLI and its cache: 3.8 MB,
  // which made `kpi --version` some 18 ms slower than the module build did.
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  require('../dist/bundle/early.cjs').prestart(argv, new URL('../dist/bundle/worker.js', import.meta.url));
  const { compile, run } = require('./load.cjs');
  const cli = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
  run(compile(cli), cli)
    .main(argv)
    .then((code) => {
      process.exitCode = code;
    });
}
