// One run of bin/kpi.js in a worker thread of the test process (test/helpers/run-kpi.ts, runKpi). The thread is a new
// V8 isolate: kpi's modules are loaded afresh and its globals, process.env (the run's own copy) and exit code belong
// to this run alone, as in a new process; only Node's own start-up is saved (some 55 ms of CPU a run).
//
// stdout and stderr behave as pipes (not a TTY, no columns) whose reader takes everything at once; what kpi writes is
// kept here and handed over when the thread ends, with its exit code, however it ends (process.exitCode,
// process.exit(), an uncaught error).
import { workerData } from 'node:worker_threads';

const { port, done, bin } = workerData;
const kept = { stdout: [], stderr: [] };

for (const name of ['stdout', 'stderr']) {
  const stream = process[name];
  const chunks = kept[name];
  // At the stream's lowest level, so write(), console, pipe() and end() all land here in order.
  stream._write = (chunk, encoding, callback) => {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
    callback();
  };
  stream._writev = (entries, callback) => {
    for (const { chunk, encoding } of entries) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding));
    callback();
  };
}

process.on('exit', (code) => {
  port.postMessage({ code, stdout: Buffer.concat(kept.stdout).toString('utf8'), stderr: Buffer.concat(kept.stderr).toString('utf8') });
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
});

await import(bin);
