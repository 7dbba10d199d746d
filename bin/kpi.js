#!/usr/bin/env node
// Entry point: everything lives in the compiled CLI (npm install builds it via `prepare`).
import { main } from '../dist/bundle/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
