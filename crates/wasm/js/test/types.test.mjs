// The generated TypeScript declarations compile, and type-check a consumer's code
// (types/consumer.ts) strictly, with the TypeScript compiler from the test harness's
// node_modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pkgDir } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.resolve(here, '../node_modules/typescript/bin/tsc');

function typecheck(declarations, files = ['consumer.ts']) {
  const dir = mkdtempSync(path.join(tmpdir(), 'weiquan-ts-'));
  try {
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        types: [],
        lib: ['es2022', 'dom'],
        paths: { weiquan: [declarations] },
      },
      files: files.map((f) => path.resolve(here, '../types', f)),
    };
    const file = path.join(dir, 'tsconfig.json');
    writeFileSync(file, JSON.stringify(config));
    return execFileSync(process.execPath, [tsc, '-p', file], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a consumer type-checks against the Node declarations', () => {
  typecheck(path.join(pkgDir, 'node/weiquan.d.ts'));
});

test('a consumer type-checks against the web declarations, module loaders included', () => {
  typecheck(path.join(pkgDir, 'web/weiquan.d.ts'), ['consumer.ts', 'web-consumer.ts']);
});
