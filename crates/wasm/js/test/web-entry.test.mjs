// The web entry (web/weiquan.js, what browsers and bundlers import) run in Node: its two
// modules load when asked for, a function whose module is not loaded throws
// `module.not_loaded`, a failed load can be retried, and once both are loaded every shared
// vector gives through it what the Node entry gives. The tests run in order: each starts
// from the state the one before left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pkgDir, vectorFiles, errorShape, outcome } from './harness.mjs';

const web = await import(pathToFileURL(path.join(pkgDir, 'web/weiquan.js')).href);
/** A module's `.wasm`: Node's `fetch` cannot read a file URL, so the bytes are passed. */
const wasm = (name) => readFileSync(path.join(pkgDir, 'web', name, `weiquan_${name}_bg.wasm`));

const cases = vectorFiles().flatMap(({ file, cases }) => cases.map((c) => ({ file, ...c })));
const firstResult = (fn) => cases.find((c) => c.function === fn && 'result' in c);

function assertNotLoaded(fn, name) {
  const c = firstResult(fn);
  assert.throws(() => web[fn](...c.args), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'WeiquanError');
    assert.equal(e.code, 'module.not_loaded');
    assert.equal(e.pointer, '');
    assert.equal(e.value, name);
    assert.match(e.message, new RegExp(`^${fn} is in the ${name} module`));
    assert.match(e.messageZh, /模块尚未加载/);
    assert.deepStrictEqual(e.errors.map((x) => x.code), ['module.not_loaded']);
    return true;
  });
}

test('before any load, nothing is loaded and every function says which module it needs', () => {
  assert.equal(web.isLoaded('form'), false);
  assert.equal(web.isLoaded('follow'), false);
  assert.equal(web.isLoaded('tools'), false);
  assert.equal(web.memoryBytes(), 0);
  assertNotLoaded('validateComplaint', 'form');
  assertNotLoaded('caseDeadlines', 'follow');
  assertNotLoaded('assessCompensation', 'tools');
});

test('the form module alone answers the form, and only the form', async () => {
  await web.initForm(wasm('form'));
  assert.equal(web.isLoaded('form'), true);
  assert.equal(web.isLoaded('tools'), false);
  for (const fn of ['validateComplaint', 'routeComplaint', 'checkResidentId', 'codeLists']) {
    const c = firstResult(fn);
    assert.deepStrictEqual(web[fn](...c.args), c.result, fn);
  }
  for (const fn of ['assessCompensation', 'addWorkingDays', 'complaintFromDocument']) {
    assertNotLoaded(fn, 'tools');
  }
  assertNotLoaded('redactText', 'redact');
  assertNotLoaded('caseDeadlines', 'follow');
  // Loading again is the same load.
  assert.equal(web.initForm(), web.initForm());
});

test('the follow module answers a filed complaint\'s deadlines', async () => {
  await web.initFollow(wasm('follow'));
  assert.equal(web.isLoaded('follow'), true);
  const c = firstResult('caseDeadlines');
  assert.deepStrictEqual(web.caseDeadlines(...c.args), c.result);
  assertNotLoaded('assessCompensation', 'tools');
});

test('a failed load rejects, leaves the module unloaded, and can be retried', async () => {
  await assert.rejects(web.initTools(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9])));
  assert.equal(web.isLoaded('tools'), false);
  assertNotLoaded('assessCompensation', 'tools');
  await web.initTools(wasm('tools'));
  assert.equal(web.isLoaded('tools'), true);
  assert.ok(web.memoryBytes() > 0 && web.memoryBytes() % 65536 === 0);
});

test('the redact module answers redaction, and only redaction', async () => {
  assertNotLoaded('redactText', 'redact');
  await web.initRedact(wasm('redact'));
  assert.equal(web.isLoaded('redact'), true);
  const c = firstResult('redactText');
  assert.deepStrictEqual(web.redactText(...c.args), c.result);
});

test('init() with every module loaded resolves at once', async () => {
  await web.default();
});

test('every shared vector gives the same through the web entry', () => {
  for (const c of cases) {
    const got = outcome(web[c.function], c.args);
    if ('result' in c) {
      assert.ok(!got.error, `${c.file} ${c.name}: ${got.error?.stack}`);
      assert.deepStrictEqual(got.result, c.result, `${c.file} ${c.name}`);
    } else {
      assert.ok(got.error instanceof Error, `${c.file} ${c.name}`);
      assert.equal(got.error.name, 'WeiquanError');
      assert.deepStrictEqual(errorShape(got.error), c.error, `${c.file} ${c.name}`);
    }
  }
  // Every function of the entry was called.
  const loaders = ['default', 'initForm', 'initFollow', 'initTools', 'initRedact', 'isLoaded', 'memoryBytes'];
  const functions = Object.keys(web).filter((k) => !loaders.includes(k)).sort();
  assert.deepStrictEqual([...new Set(cases.map((c) => c.function))].sort(), functions);
});
