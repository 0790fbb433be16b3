// The JavaScript side of the JS-vs-native timing (run by `cargo xtask ci` after
// `examples/native_timing.rs`): times the calls of `timing-cases.json` through the Node
// build and, in Debian's headless Chromium, through the web build on the consumer page
// (examples/web), prints both figures against native and their ratios, and flags a case with
// a `limit` that is slower than `limit` × native. The sides run minutes apart, so on a shared
// or busy machine the ratio moves with the load: flagged cases fail the run only with
// WEIQUAN_TIMING_STRICT=1 (for a quiet machine); otherwise they are printed as a warning,
// and the figures for the record are taken with the strict setting.
//
//   node timing.mjs <native-timing.json>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.mjs';
import { load, vectorFiles } from './test/harness.mjs';
import { serve } from './serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const native = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const spec = JSON.parse(readFileSync(new URL('./timing-cases.json', import.meta.url), 'utf8'));
const vectors = new Map(vectorFiles().map((f) => [f.file, f.cases]));
const cases = spec.cases.map((c) => {
  const v = vectors.get(c.file).find((x) => x.name === c.name);
  return { ...c, function: v.function, args: v.args, iterations: c.iterations ?? 2000 };
});

/**
 * The median over 7 batches of the mean time per call, in nanoseconds. The same function
 * runs in Node and, serialised, in the page (so it uses only `performance.now()`).
 */
function time(fn, args, iterations) {
  const f = () => {
    try {
      fn(...args);
    } catch {
      // Errors are part of what is timed.
    }
  };
  for (let i = 0; i < iterations / 4; i++) f();
  const batches = [];
  for (let b = 0; b < 7; b++) {
    const t = performance.now();
    for (let i = 0; i < iterations; i++) f();
    batches.push(((performance.now() - t) * 1e6) / iterations);
  }
  return batches.sort((a, b) => a - b)[3];
}

const weiquan = load();
const node = cases.map((c) => time(weiquan[c.function], c.args, c.iterations));

/** The same calls in headless Chromium, on the consumer page's web build. */
async function inChromium() {
  const server = await serve(path.resolve(here, '../../../examples/web'));
  try {
    const { context, close } = await launchChromium();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.url}/index.html`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      return await page.evaluate(
        async ({ cases, timeSource }) => {
          const w = await import('./pkg/weiquan.js');
          await w.default(); // the page loads the tools module only when the calculator is used
          const time = new Function(`return (${timeSource})`)();
          return cases.map((c) => time(w[c.function], c.args, c.iterations));
        },
        { cases, timeSource: time.toString() },
      );
    } finally {
      await close();
    }
  } finally {
    await server.close();
  }
}

const browser = await inChromium();
const rows = [];
let failed = false;
cases.forEach((c, i) => {
  const n = native.cases.find((x) => x.name === c.name);
  const ratios = [node[i] / n.nativeCallNs, browser[i] / n.nativeCallNs];
  const over = c.limit !== undefined && ratios.some((r) => r > c.limit);
  failed ||= over;
  rows.push({
    call: `${c.function} — ${c.name}`,
    'native µs': +(n.nativeCallNs / 1000).toFixed(1),
    'Node µs': +(node[i] / 1000).toFixed(1),
    'Node ratio': +ratios[0].toFixed(2),
    'Chromium µs': +(browser[i] / 1000).toFixed(1),
    'Chromium ratio': +ratios[1].toFixed(2),
    limit: c.limit ?? '',
    'domain alone µs': n.domainNs ? +(n.domainNs / 1000).toFixed(1) : '',
    ...(over ? { '': 'TOO SLOW' } : {}),
  });
});
console.table(rows);
if (failed) {
  console.error('timing: a call from JavaScript is slower than its limit × native');
  if (process.env.WEIQUAN_TIMING_STRICT === '1') process.exit(1);
  console.error('timing: not failing (set WEIQUAN_TIMING_STRICT=1 on a quiet machine to fail)');
}
