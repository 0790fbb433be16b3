// Shared by the Node tests: loads the built Node package and the shared vectors.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The package built by `cargo xtask ci` (WEIQUAN_PKG), else `target/wasm-pkg`. */
export const pkgDir = process.env.WEIQUAN_PKG ?? path.resolve(here, '../../../../target/wasm-pkg');

/** The Node build of the package, as a consumer would `require('weiquan')`. */
export function load() {
  const require = createRequire(import.meta.url);
  return require(path.join(pkgDir, 'node/weiquan.js'));
}

export const vectorsDir = path.resolve(here, '../../tests/vectors');

/** Every vector file: `{ file, about, cases: [{ name, function, args, result | error }] }`. */
export function vectorFiles() {
  return readdirSync(vectorsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(path.join(vectorsDir, file), 'utf8')) }));
}

/** The properties of a thrown WeiquanError, in the shape the vectors record. */
export function errorShape(e) {
  const shape = { code: e.code, pointer: e.pointer, message: e.message, messageZh: e.messageZh };
  if (e.value !== undefined) shape.value = e.value;
  shape.errors = e.errors;
  return shape;
}

/** Calls `fn` and returns `{ result }` or `{ error }` (the error's shape). */
export function outcome(fn, args) {
  try {
    return { result: fn(...args) };
  } catch (e) {
    return { error: e };
  }
}
