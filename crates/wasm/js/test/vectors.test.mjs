// The shared vectors against the WebAssembly build: the same files `cargo test -p
// weiquan-wasm --test vectors` checks natively, so both sides are proven to give the same
// results and the same errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, vectorFiles, errorShape, outcome } from './harness.mjs';

const weiquan = load();

for (const { file, cases } of vectorFiles()) {
  for (const c of cases) {
    test(`${file}: ${c.function} — ${c.name}`, () => {
      const fn = weiquan[c.function];
      assert.equal(typeof fn, 'function', `the package exports ${c.function}`);
      const got = outcome(fn, c.args);
      if ('result' in c) {
        assert.ok(!got.error, `expected a result, got ${got.error?.stack}`);
        assert.deepStrictEqual(got.result, c.result);
      } else {
        assert.ok(got.error, `expected an error, got ${JSON.stringify(got.result)}`);
        assert.ok(got.error instanceof Error, 'thrown as an Error');
        assert.equal(got.error.name, 'WeiquanError');
        assert.deepStrictEqual(errorShape(got.error), c.error);
      }
    });
  }
}
