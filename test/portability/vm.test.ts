// A constrained runtime: a Node vm context with code generation from strings and WebAssembly forbidden (and no
// console, timers or module loader) runs the installed package bundled into one script: TypeScript kernels, and backendInfo() says why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext, Script } from 'node:vm';
import { bundleEntries, compare, once, preparePackage, referenceRun } from '../../scripts/portability/harness.ts';
import type { SmokeResult } from '../../scripts/portability/smoke.ts';

const TOL = 1e-5;

const script = once(async () => {
  const packed = preparePackage();
  const { outdir } = await bundleEntries(
    packed,
    { 'smoke-vm': 'entry-global.ts' },
    { format: 'iife', platform: 'neutral' },
  );
  const code = readFileSync(join(outdir, 'smoke-vm.js'), 'utf8');
  return new Script(code, { filename: 'smoke-vm.js' });
});
const typescriptReference = once(() => referenceRun('typescript'));

/** A context with only the ECMAScript built-ins; `keepWebAssembly` leaves the global but compilation stays forbidden. */
function constrained(keepWebAssembly: boolean): object {
  const ctx = createContext({}, { name: 'constrained', codeGeneration: { strings: false, wasm: false } });
  // V8 gives every context a console (silent without an inspector); a bare embedding may have none.
  runInContext('delete globalThis.console', ctx);
  if (!keepWebAssembly) runInContext('delete globalThis.WebAssembly', ctx);
  return ctx;
}

function probe(ctx: object, code: string): string {
  return runInContext(
    `(() => { try { ${code}; return 'allowed'; } catch (e) { return e.name + ': ' + e.message; } })()`,
    ctx,
  ) as string;
}

async function runIn(ctx: object): Promise<SmokeResult> {
  (await script()).runInContext(ctx, { timeout: 120_000 });
  // verbose output and the default warning handler with no console: skipped, not a ReferenceError
  assert.is(runInContext('globalThis.__quietResult', ctx), 'ok');
  const json = runInContext('globalThis.__smokeResult', ctx) as unknown;
  assert.type(json, 'string', 'the bundle left no result');
  return JSON.parse(json as string) as SmokeResult;
}

async function check(got: SmokeResult, what: string): Promise<void> {
  const ref = await typescriptReference();
  const c = compare(got, ref);
  console.log(`${what}: ${c.text}; reason "${got.backend.reason}"`);
  assert.is(got.backend.backend, 'typescript', `${what}: ${JSON.stringify(got.backend)}`);
  assert.ok(got.accuracy >= 0.9, `${what}: accuracy ${got.accuracy}`);
  assert.ok(c.labelsEqual, `${what}: labels ${JSON.stringify(got.labels)} vs ${JSON.stringify(ref.labels)}`);
  assert.ok(c.maxProbaDiff <= TOL, `${what}: max |dproba| ${c.maxProbaDiff} > ${TOL}`);
  assert.ok(c.bitsEqual, `${what}: the TypeScript kernels gave other bits than in Node`);
}

test('the context really forbids eval, new Function and WebAssembly, and has no console, timers or require', () => {
  const ctx = constrained(false);
  assert.match(probe(ctx, 'eval("1")'), /^EvalError/);
  assert.match(probe(ctx, 'new Function("return 1")()'), /^EvalError/);
  assert.is(
    runInContext('[typeof WebAssembly, typeof console, typeof setTimeout, typeof require, typeof process].join()', ctx),
    'undefined,undefined,undefined,undefined,undefined',
  );
  const withWasm = constrained(true);
  assert.match(
    probe(withWasm, 'new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))'),
    /CompileError|EvalError/,
  );
});

test('no WebAssembly global: trains and predicts on the TypeScript kernels; backendInfo() says WebAssembly is missing', async () => {
  const got = await runIn(constrained(false));
  await check(got, 'vm without WebAssembly');
  assert.match(got.backend.reason ?? '', /WebAssembly is not available/);
});

test('WebAssembly present but compilation forbidden (as under a CSP): same fallback, and the reason says compilation failed', async () => {
  const got = await runIn(constrained(true));
  await check(got, 'vm with wasm codegen off');
  assert.match(got.backend.reason ?? '', /WebAssembly compilation failed/);
});

test.run();
