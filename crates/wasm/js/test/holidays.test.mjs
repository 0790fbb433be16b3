// The shared assessment vectors of weiquan-compensation (holiday extensions, working-day
// deadlines, a year beyond the calendar) against the built module: `assessCompensation` gives
// the last days that the library, `weiquan assess` and the C ABI give (they check the same
// file: crates/compensation/tests/vectors/holidays.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(here, '../../../compensation/tests/vectors/holidays.json');
const { cases } = JSON.parse(readFileSync(file, 'utf8'));
const weiquan = load();

/** A claim document's keys in camelCase, as JavaScript writes them. */
function camel(v) {
  if (Array.isArray(v)) return v.map(camel);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), camel(x)]),
  );
}

/** What the vectors compare, from the camelCase assessment. */
function projection(a) {
  const remedies = a.remedies.map((r) => {
    const o = { kind: r.kind.code, rule: r.rule, status: r.status.code };
    if (r.window) {
      o.window = { from: r.window.from, last_day: r.window.lastDay, extension: r.window.extension.code };
      if (r.window.extendedTo !== undefined) o.window.extended_to = r.window.extendedTo;
    }
    if (r.operatorDeadlines) {
      o.operator_deadlines = r.operatorDeadlines.map((d) =>
        d.due === undefined ? { param: d.parameter.id } : { param: d.parameter.id, due: d.due },
      );
    }
    return o;
  });
  return { total: a.total, flags: a.flags.map((f) => f.code), remedies };
}

test('the holiday vectors are there', () => assert.ok(cases.length > 0));

for (const c of cases) {
  test(`assessCompensation — ${c.name}`, () => {
    assert.deepStrictEqual(projection(weiquan.assessCompensation(camel(c.claim))), c.expect);
  });
}
