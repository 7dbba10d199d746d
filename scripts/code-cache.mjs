// `npm run build`, last step: V8's code cache of dist/bundle/cli.cjs (bin/load.cjs), written to cli.cjs.cache.
// Made after warm-up runs in this process — kpi --help, kpi list, and the demo's report as JSON and as a table
// (their output thrown away) — so it holds the functions a run calls, compiled, not only the file's top level; a
// function no warm-up reached is compiled when first called, as without a cache. Node checks the cache against
// the file and its own V8 version and flags, and compiles afresh when they differ (a cache is never wrong, only
// unused): a build must run on the Node that runs kpi, as npm install's `prepare` does.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILE = join(ROOT, 'dist', 'bundle', 'cli.cjs');
const { compile, run } = createRequire(import.meta.url)(join(ROOT, 'bin', 'load.cjs'));

const script = compile(FILE, { cache: false });
const cli = run(script, FILE);
const demo = join(ROOT, 'fixtures', 'demo', 'kpi.yaml');
const warmUps = [
  ['--help'],
  ['list'],
  ['report', '-c', demo, '--period', '2026-10', '--as-of', '2026-11-03', '-f', 'json'],
  ['report', '-c', demo, '--period', '2026-10', '--as-of', '2026-11-03', '--by', 'rep'],
];
const write = { stdout: process.stdout.write, stderr: process.stderr.write };
for (const args of warmUps) {
  // Thrown away, each write's callback called (kpi waits for its output to be written).
  process.stdout.write = process.stderr.write = (_chunk, encoding, callback) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };
  try {
    await cli.main(['node', 'kpi', ...args]);
  } catch {
    // A warm-up is only for the cache: whatever it did not reach is compiled when used.
  } finally {
    Object.assign(process.stdout, { write: write.stdout });
    Object.assign(process.stderr, { write: write.stderr });
  }
}
const data = script.createCachedData();
writeFileSync(`${FILE}.cache`, data);
// (Nothing the warm-ups left behind may keep the build waiting.)
process.exit(0);
