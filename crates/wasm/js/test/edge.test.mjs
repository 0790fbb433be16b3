// The JavaScript edge: what the package exports, what it throws, and that no bad input —
// wrong types, cycles, BigInt, symbols, throwing getters, megabytes of text, deep nesting —
// leaks memory or poisons the instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, vectorFiles, outcome } from './harness.mjs';

const weiquan = load();
/** Exports that are not part of the vectors: diagnostics whose value depends on the run. */
const DIAGNOSTICS = ['memoryBytes'];

const functions = Object.keys(weiquan)
  .filter((k) => typeof weiquan[k] === 'function' && !DIAGNOSTICS.includes(k))
  .sort();

test('every exported function has vectors, and every vector names an export', () => {
  const inVectors = [...new Set(vectorFiles().flatMap((f) => f.cases.map((c) => c.function)))].sort();
  assert.deepStrictEqual(functions, inVectors);
});

test('memoryBytes is the size of the linear memory', () => {
  const bytes = weiquan.memoryBytes();
  assert.ok(Number.isInteger(bytes) && bytes > 0 && bytes % 65536 === 0, `${bytes}`);
});

/** A valid first argument for each function, from the vectors (the first case that succeeds). */
const goodCalls = new Map();
for (const { cases } of vectorFiles()) {
  for (const c of cases) {
    if ('result' in c && !goodCalls.has(c.function)) goodCalls.set(c.function, c);
  }
}

// A valid complaint: the one `parseComplaint` accepts first in the vectors.
const sample = goodCalls.get('parseComplaint').result;
const text = 'x'.repeat(4_000);
const cyclic = { id: 'c' };
cyclic.self = cyclic;
let deep = [];
for (let i = 0; i < 5_000; i++) deep = [deep];
const badComplaint = {
  ...sample,
  description: text,
  consumer: { ...sample.consumer, mobile: text, residentId: text, resident_id: text },
  purchase: { ...sample.purchase, amountPaid: text, quantity: -1 },
  claims: Array.from({ length: 10 }, () => ({ kind: text, amount: text })),
  [text]: 1,
};

const badArgs = [
  undefined,
  null,
  42,
  -1.5,
  Number.NaN,
  true,
  text,
  '１'.repeat(4_000),
  '\u0000\ud800',
  {},
  [],
  [1, 'two', null],
  cyclic,
  10n,
  Symbol('s'),
  () => 1,
  deep,
  { toJSON() { throw new Error('toJSON throws'); } },
  new Proxy({}, { get() { throw new Error('getter throws'); }, ownKeys() { throw new Error('keys throw'); } }),
  badComplaint,
];

/** Calls every function with every bad argument, alone and after a good first argument. */
function battery() {
  let calls = 0;
  for (const name of functions) {
    const fn = weiquan[name];
    const good = goodCalls.get(name)?.args ?? [];
    for (const bad of badArgs) {
      for (const args of [[bad], [good[0], bad], [bad, bad]]) {
        const got = outcome(fn, args);
        calls++;
        if (got.error) {
          assert.equal(got.error.name, 'WeiquanError', `${name}: ${got.error.stack}`);
          assert.equal(typeof got.error.code, 'string');
          assert.equal(typeof got.error.pointer, 'string');
          assert.ok(Array.isArray(got.error.errors) && got.error.errors.length > 0);
        }
      }
    }
  }
  return calls;
}

test('thousands of bad calls leave the memory flat and the instance working', () => {
  const before = new Map([...goodCalls].map(([name, c]) => [name, weiquan[name](...c.args)]));
  // Two rounds to reach the allocator's steady state, then measure.
  battery();
  battery();
  const start = weiquan.memoryBytes();
  let calls = 0;
  for (let round = 0; round < 3; round++) calls += battery();
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => weiquan.parseComplaint(badComplaint), { name: 'WeiquanError', code: 'complaint.invalid' });
    assert.throws(() => weiquan.checkResidentId(text), { name: 'WeiquanError', code: 'resident_id.length' });
    assert.throws(() => weiquan.assessCompensation(cyclic), { name: 'WeiquanError', code: 'argument.unreadable' });
    calls += 3;
  }
  const end = weiquan.memoryBytes();
  assert.ok(calls > 3000, `${calls} calls`);
  assert.equal(end, start, `memory grew from ${start} to ${end} bytes over ${calls} bad calls`);
  for (const [name, c] of goodCalls) {
    assert.deepStrictEqual(weiquan[name](...c.args), before.get(name), `${name} still answers`);
  }
});

test('a leak would show: retained memory grows memoryBytes', () => {
  // Not a leak test of the module, a test of the measure: an 8 MB argument must be copied
  // into linear memory, which then has to grow.
  const start = weiquan.memoryBytes();
  assert.throws(() => weiquan.checkMobile('9'.repeat(8 * 1024 * 1024)), { code: 'mobile.format' });
  assert.ok(weiquan.memoryBytes() > start);
});
