// Runs dist/bundle/cli.cjs (scripts/bundle.mjs) from V8's code cache of it, dist/bundle/cli.cjs.cache
// (scripts/code-cache.mjs): the functions a run calls are then not parsed and compiled again on every start. A cache
// V8 refuses (another Node or V8 version, other flags) or none at all only costs that compiling: the source is the
// same. This is what `require` does, with the cache: the same wrapper, so line and column numbers stay the file's.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const vm = require('node:vm');

/** The wrapper a CommonJS file runs in; the file's source follows on the same line. */
const WRAP = '(function (exports, require, module, __filename, __dirname) { ';

/** The script of `file` compiled, with its code cache when there is one V8 accepts. */
function compile(file, options = {}) {
  let cachedData;
  try {
    cachedData = options.cache === false ? undefined : readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  return new vm.Script(`${WRAP}${readFileSync(file, 'utf8')}\n})`, { filename: file, cachedData, importModuleDynamically: undefined });
}

/** Runs a compiled script as the module `file`; returns its exports. */
function run(script, file) {
  const module = { exports: {}, filename: file, id: file };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

module.exports = { compile, run };
