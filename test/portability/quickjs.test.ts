// QuickJS (quickjs-emscripten, pinned dev dependencies): the installed package bundled into one classic script runs
// in a QuickJS context with a 2 MiB heap limit and no WebAssembly: TypeScript kernels, with Node's TypeScript bits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntries, compare, once, preparePackage, referenceRun } from '../../scripts/portability/harness.ts';
import type { SmokeResult } from '../../scripts/portability/smoke.ts';
import type { QuickJSSyncVariant } from 'quickjs-emscripten-core';

const TOL = 1e-5;
/** The heap limit the smoke runs under (it passed at 1 MiB too when this test was written). */
const HEAP_LIMIT = 2 * 1024 * 1024;
/** An interpreter: fewer seed-workload epochs than the JIT runtimes time. */
const SEED_EPOCHS = 3;

const setup = once(async () => {
  const { newQuickJSWASMModuleFromVariant, shouldInterruptAfterDeadline } = await import('quickjs-emscripten-core');
  // Its ESM entry's default export is the variant (the CJS typings describe it one level deeper).
  const variant = ((await import('@jitl/quickjs-wasmfile-release-sync')) as unknown as { default: QuickJSSyncVariant })
    .default;
  const quickjs = await newQuickJSWASMModuleFromVariant(variant);
  const { outdir } = await bundleEntries(
    preparePackage(),
    { 'smoke-quickjs': 'entry-global.ts' },
    { format: 'iife', platform: 'neutral' },
  );
  return { quickjs, shouldInterruptAfterDeadline, code: readFileSync(join(outdir, 'smoke-quickjs.js'), 'utf8') };
});

type Setup = Awaited<ReturnType<typeof setup>>;

/** Evaluates `code` in a fresh context under the heap limit; returns the named globals as strings, or the error QuickJS raised. */
function evaluate(
  s: Setup,
  code: string,
  globals: Record<string, number | string>,
  read: string[],
): { error: string | null; values: Record<string, string> } {
  const runtime = s.quickjs.newRuntime();
  runtime.setMemoryLimit(HEAP_LIMIT);
  runtime.setMaxStackSize(1024 * 1024);
  runtime.setInterruptHandler(s.shouldInterruptAfterDeadline(Date.now() + 180_000));
  const vm = runtime.newContext();
  try {
    for (const [k, v] of Object.entries(globals)) {
      const h = typeof v === 'number' ? vm.newNumber(v) : vm.newString(v);
      vm.setProp(vm.global, k, h);
      h.dispose();
    }
    const r = vm.evalCode(code, 'smoke-quickjs.js');
    if (r.error !== undefined) {
      const error = JSON.stringify(vm.dump(r.error));
      r.error.dispose();
      return { error, values: {} };
    }
    r.value.dispose();
    const values: Record<string, string> = {};
    for (const k of read) {
      const h = vm.getProp(vm.global, k);
      values[k] = String(vm.dump(h));
      h.dispose();
    }
    return { error: null, values };
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}

test('the context has no WebAssembly, console or timers, and its heap limit holds (a 4 MiB array is refused)', async () => {
  const s = await setup();
  const r = evaluate(
    s,
    'globalThis.__probe = [typeof WebAssembly, typeof console, typeof setTimeout].join(); globalThis.__big = (() => { try { new Float64Array(1 << 19); return "allocated"; } catch (e) { return String(e); } })();',
    {},
    ['__probe', '__big'],
  );
  assert.is(r.error, null);
  assert.is(r.values['__probe'], 'undefined,undefined,undefined');
  assert.match(r.values['__big'] ?? '', /out of memory/i);
});

test(`an MLPClassifier fits and predicts under a ${HEAP_LIMIT / 1048576} MiB heap: TypeScript kernels, Node's TypeScript bits`, async () => {
  const s = await setup();
  const t0 = Date.now();
  const r = evaluate(s, s.code, { __runtime: 'quickjs-emscripten (QuickJS)', __seedEpochs: SEED_EPOCHS }, [
    '__quietResult',
    '__smokeResult',
  ]);
  assert.is(r.error, null, `QuickJS threw: ${r.error}`);
  assert.is(r.values['__quietResult'], 'ok', 'verbose output and the default warning handler with no console');
  const got = JSON.parse(r.values['__smokeResult'] as string) as SmokeResult;
  const ref = await referenceRun('typescript');
  const c = compare(got, ref);
  console.log(`${c.text}; reason "${got.backend.reason}"; the whole script ${Date.now() - t0} ms`);
  assert.is(got.backend.backend, 'typescript', JSON.stringify(got.backend));
  assert.match(got.backend.reason ?? '', /WebAssembly is not available/);
  assert.ok(got.accuracy >= 0.9, `accuracy ${got.accuracy}`);
  assert.ok(c.labelsEqual, `labels ${JSON.stringify(got.labels)} vs ${JSON.stringify(ref.labels)}`);
  assert.ok(c.maxProbaDiff <= TOL, `max |dproba| ${c.maxProbaDiff} > ${TOL}`);
  assert.ok(c.bitsEqual, 'the TypeScript kernels gave other bits in QuickJS than in Node');
});

test.run();
