// `npm run build`, second step: bundles kpi into dist/bundle/ so it starts fast. Node loads a few large files much
// sooner than ~200 small ones (resolving, reading and compiling each module costs), and tree-shaking leaves out
// what kpi never calls (e.g. zod's locales).
//
// The threads' entry points first, as ES modules with split chunks: the parallel reader's dist/bundle/worker.js
// (src/report/build-report.ts finds it with new URL('./worker.js', import.meta.url)) and the DuckDB thread's
// dist/bundle/duckdb-worker.js (src/sources/database/duckdb-thread.ts). The CLI itself is the CommonJS files below.
// tsc's dist/ tree (module per file) is still built: tests and scripts import single modules from it.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'bundle');

// exceljs is CommonJS, large and needed only for .xlsx; it stays a package import, loaded only when used. So do
// DuckDB and the meeting formats' libraries (pptxgenjs, pdfkit and its fontkit, jszip): pdfkit reads its own data
// files from beside its code, which a bundle would move.
const EXTERNAL = ['exceljs', '@duckdb/node-api', 'pptxgenjs', 'pdfkit', 'fontkit', 'jszip'];

const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { worker: 'src/report/worker.ts', 'duckdb-worker': 'src/sources/database/duckdb-worker.ts' },
  outdir: OUT,
  // Every output file in one folder: dist/bundle/worker.js is as deep as dist/report/worker.js, so version.ts's
  // ../../package.json still resolves, and each thread's entry sits next to every chunk.
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // Less text to read and compile; names are kept so stack traces (KPI_DEBUG=1) stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'none',
  // Bundled CommonJS packages (commander, yaml, cli-table3) call require() for Node built-ins.
  banner: { js: "import { createRequire as __kpiCreateRequire } from 'node:module'; const require = __kpiCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
// The optional DuckDB package's JavaScript (@duckdb/node-api, about 190 CommonJS files) as one file,
// dist/bundle/duckdb-api-<version>.cjs: Node resolves, reads and compiles 190 small files in 65-130 ms, one in
// 21-25 ms, on a start that DuckDB's own hand-written SQL pays too (README "Scaling out"). The native part
// (@duckdb/node-bindings) stays a package import. The version is in the name: src/sources/database/duckdb-module.ts
// takes this file only when it was built from the version installed beside kpi, and requires the package otherwise.
const duckApi = join(ROOT, 'node_modules', '@duckdb', 'node-api');
const outputs = [result];
if (existsSync(join(duckApi, 'package.json'))) {
  const { version } = JSON.parse(readFileSync(join(duckApi, 'package.json'), 'utf8'));
  outputs.push(
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { [`duckdb-api-${version}`]: join(duckApi, 'lib', 'index.js') },
      outdir: OUT,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['@duckdb/node-bindings'],
      minifyWhitespace: true,
      minifySyntax: true,
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
    }),
  );
}
// The CLI again as CommonJS, which bin/kpi.js runs: dist/bundle/early.cjs, the start guesses (src/cli/prestart.ts
// and the modules it imports: reading threads, the DuckDB thread), then dist/bundle/cli.cjs, the rest, run from
// V8's code cache of it (bin/load.cjs; the cache is written by scripts/code-cache.mjs after this). Node 20 caches no
// compiled module code, and resolving, reading and compiling ~100 module chunks took half of a small report's
// start. The guesses are a file of their own so that they run before the big file is even read (the threads start
// that much sooner), and cli.cjs takes their modules from it (one copy: the thread prestart started is the one a
// source finds). The same sources and externals; dynamic import() of kpi's own modules becomes a lazy
// initialisation inside the file, and of a package a require(). import.meta.url is the file's own URL, so paths
// beside it (worker.js, duckdb-worker.js, ../../package.json) resolve as from a chunk.
const cjs = {
  absWorkingDir: ROOT,
  outdir: OUT,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  splitting: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__kpiModuleUrl' },
  banner: { js: "var __kpiModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};
const earlyInputs = Object.keys((await esbuild.build({ ...cjs, entryPoints: ['src/cli/prestart.ts'], write: false, sourcemap: false })).metafile.inputs).filter((p) => p.startsWith('src/'));
const earlyEntry = [
  ...earlyInputs.map((p, i) => `import * as m${i} from './${p}';`),
  `export { prestart } from './src/cli/prestart.ts';`,
  `export const modules = { ${earlyInputs.map((p, i) => `${JSON.stringify(p)}: m${i}`).join(', ')} };`,
].join('\n');
outputs.push(await esbuild.build({ ...cjs, stdin: { contents: earlyEntry, resolveDir: ROOT, sourcefile: 'early.ts', loader: 'ts' }, outfile: join(OUT, 'early.cjs'), outdir: undefined, outExtension: undefined }));
/** cli.cjs's imports of the early modules: each the module early.cjs holds. */
const fromEarly = {
  name: 'from-early',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const path = relative(ROOT, join(args.resolveDir, args.path.replace(/\.js$/, '.ts')));
      return earlyInputs.includes(path) ? { path, namespace: 'kpi-early' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'kpi-early' }, (args) => ({ contents: `module.exports = require('./early.cjs').modules[${JSON.stringify(args.path)}];`, loader: 'js' }));
  },
};
outputs.push(await esbuild.build({ ...cjs, entryPoints: { cli: 'src/cli/main.ts' }, external: [...EXTERNAL, './early.cjs'], plugins: [fromEarly] }));
// Chunks of earlier builds are removed only now, so a kpi running during the build never finds its files gone.
const written = new Set(outputs.flatMap((r) => Object.keys(r.metafile.outputs)).map((p) => relative(OUT, join(ROOT, p))));
mkdirSync(OUT, { recursive: true });
// (The code cache is the next build step's: a stale one would only be refused.)
written.add('cli.cjs.cache');
for (const name of readdirSync(OUT)) if (!written.has(name)) rmSync(join(OUT, name), { recursive: true, force: true });
if (process.env.BUNDLE_ANALYZE === '1') console.log(await esbuild.analyzeMetafile(result.metafile));
