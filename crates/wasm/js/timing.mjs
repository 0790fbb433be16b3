// The JavaScript side of the JS-vs-native timing (run by `cargo xtask ci` after
// `examples/native_timing.rs`): times the calls of `timing-cases.json` through the Node
// build, prints both figures and their ratio, and flags a case with a `limit` that is
// slower than `limit` × native. The two sides run minutes apart, so on a shared or busy
// machine the ratio moves with the load: flagged cases fail the run only with
// WEIQUAN_TIMING_STRICT=1 (for a quiet machine); otherwise they are printed as a warning,
// and the figures for the record are taken with the strict setting.
//
//   node timing.mjs <native-timing.json>
import { readFileSync } from 'node:fs';
import { load, vectorFiles } from './test/harness.mjs';

const weiquan = load();
const native = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const spec = JSON.parse(readFileSync(new URL('./timing-cases.json', import.meta.url), 'utf8'));
const vectors = new Map(vectorFiles().map((f) => [f.file, f.cases]));

/** The median over 7 batches of the mean time per call, in nanoseconds. */
function time(iterations, f) {
  for (let i = 0; i < iterations / 4; i++) f();
  const batches = [];
  for (let b = 0; b < 7; b++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) f();
    batches.push(Number(process.hrtime.bigint() - t) / iterations);
  }
  return batches.sort((a, b) => a - b)[3];
}

const rows = [];
let failed = false;
for (const c of spec.cases) {
  const v = vectors.get(c.file).find((x) => x.name === c.name);
  const fn = weiquan[v.function];
  const ns = time(c.iterations ?? 2000, () => {
    try {
      fn(...v.args);
    } catch {
      // Errors are part of what is timed.
    }
  });
  const n = native.cases.find((x) => x.name === c.name);
  const ratio = ns / n.nativeCallNs;
  const over = c.limit !== undefined && ratio > c.limit;
  failed ||= over;
  rows.push({
    call: `${v.function} — ${c.name}`,
    'native µs': +(n.nativeCallNs / 1000).toFixed(1),
    'wasm from JS µs': +(ns / 1000).toFixed(1),
    ratio: +ratio.toFixed(2),
    limit: c.limit ?? '',
    'domain alone µs': n.domainNs ? +(n.domainNs / 1000).toFixed(1) : '',
    'ratio to domain': n.domainNs ? +(ns / n.domainNs).toFixed(2) : '',
    ...(over ? { '': 'TOO SLOW' } : {}),
  });
}
console.table(rows);
if (failed) {
  console.error('timing: a call from JavaScript is slower than its limit × native');
  if (process.env.WEIQUAN_TIMING_STRICT === '1') process.exit(1);
  console.error('timing: not failing (set WEIQUAN_TIMING_STRICT=1 on a quiet machine to fail)');
}
