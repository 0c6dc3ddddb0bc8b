// Cloudflare's workerd (the edge-worker runtime, pinned dev dependency) serves the installed package bundled into
// Workers: detecting at a request, the TypeScript kernels run (workerd refuses compiling WebAssembly there) and the
// reason names useWasmModule; with the README's recipe (scikeras-ts/gemm.wasm as a wasm module) the WASM kernels run,
// and float64 runs on WASM once scikeras-ts/gemm-f64.wasm is handed in too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import {
  bundleEntries,
  compare,
  GEMM_F64_WASM_EXPORT,
  GEMM_WASM_EXPORT,
  once,
  preparePackage,
  referenceRun,
  specifierOf,
  WORK,
} from '../../scripts/portability/harness.ts';
import type { SmokeResult } from '../../scripts/portability/smoke.ts';
import type { Float64Steps } from '../../scripts/portability/entry-workerd-float64.ts';
import { ensureWorkerd, serveWorkerd, workerdConfig, type Served } from '../../scripts/portability/workerd.ts';

const TOL = 1e-5;
/** The package's .wasm specifiers and the file name each gets beside the bundle. */
const WASM_FILES: Record<string, string> = {
  [specifierOf(GEMM_WASM_EXPORT)]: 'gemm.wasm',
  [specifierOf(GEMM_F64_WASM_EXPORT)]: 'gemm-f64.wasm',
};
const WORKERS = ['fallback', 'module', 'startup', 'float64'] as const;
const WASM_INFO = { backend: 'wasm', mode: null, threshold: null, threads: 1, fma: false };

/** Leaves `import gemm from 'scikeras-ts/gemm.wasm'` (and gemm-f64.wasm) for workerd, as wrangler does, and copies the installed file beside the bundle. */
function wasmModulePlugin(consumer: string, outdir: string): Plugin {
  return {
    name: 'wasm-module',
    setup(build) {
      build.onResolve({ filter: /\.wasm$/ }, (args) => {
        const name = WASM_FILES[args.path];
        if (name === undefined) return { errors: [{ text: `unexpected .wasm import ${args.path}` }] };
        // Node's resolution through the installed package's exports map (not build.resolve: that would come back here).
        const file = createRequire(join(consumer, 'package.json')).resolve(args.path);
        mkdirSync(outdir, { recursive: true });
        copyFileSync(file, join(outdir, name));
        return { path: `./${name}`, external: true };
      });
    },
  };
}

const server = once(async (): Promise<Served> => {
  const workerd = ensureWorkerd();
  console.log(workerd.log);
  const packed = preparePackage();
  const outdir = join(WORK, 'workerd');
  rmSync(outdir, { recursive: true, force: true });
  await bundleEntries(
    packed,
    {
      fallback: 'entry-workerd.ts',
      module: 'entry-workerd-module.ts',
      startup: 'entry-workerd-startup.ts',
      float64: 'entry-workerd-float64.ts',
    },
    { outdir, format: 'esm', platform: 'neutral', plugins: [wasmModulePlugin(packed.consumer, outdir)] },
  );
  const workers = WORKERS.map((name) => ({
    name,
    modules: [
      { name: 'worker.js', kind: 'esModule' as const, file: `${name}.js` },
      { name: 'gemm.wasm', kind: 'wasm' as const, file: 'gemm.wasm' },
      { name: 'gemm-f64.wasm', kind: 'wasm' as const, file: 'gemm-f64.wasm' },
    ],
    data: name === 'fallback' ? { GEMM_BYTES: 'gemm.wasm' } : {},
  }));
  writeFileSync(join(outdir, 'config.capnp'), workerdConfig(workers, '2025-06-01'));
  const t0 = Date.now();
  const served = await serveWorkerd(workerd.bin, outdir, 'config.capnp', [...WORKERS]);
  console.log(
    `workerd serving ${Object.entries(served.urls)
      .map(([k, v]) => `${k} on ${v}`)
      .join(', ')} after ${Date.now() - t0} ms`,
  );
  return served;
});

async function get<T>(worker: (typeof WORKERS)[number], path: string): Promise<T> {
  const s = await server();
  const r = await fetch(`${s.urls[worker]}${path}`);
  const body = await r.text();
  if (!r.ok) throw new Error(`${worker} ${path}: HTTP ${r.status}: ${body}\nworkerd output:\n${s.output()}`);
  return JSON.parse(body) as T;
}

function check(got: SmokeResult, ref: SmokeResult, backend: string, what: string): void {
  const c = compare(got, ref);
  console.log(`${what}: ${c.text}`);
  assert.is(got.backend.backend, backend, `${what}: ${JSON.stringify(got.backend)}`);
  assert.ok(got.accuracy >= 0.9, `${what}: accuracy ${got.accuracy}`);
  assert.ok(c.labelsEqual, `${what}: labels ${JSON.stringify(got.labels)} vs Node ${JSON.stringify(ref.labels)}`);
  assert.ok(c.maxProbaDiff <= TOL, `${what}: max |dproba| ${c.maxProbaDiff} > ${TOL}`);
  assert.ok(c.bitsEqual, `${what}: the ${backend} kernels gave other bits than in Node`);
}

test("without useWasmModule: workerd refuses compiling, the TypeScript kernels train with Node's TypeScript bits, and the reason names useWasmModule", async () => {
  const info = await get<{ setup: { backend: string; reason?: string } }>('fallback', '/info');
  assert.is(info.setup.backend, 'typescript', JSON.stringify(info));
  assert.match(info.setup.reason ?? '', /^WebAssembly compilation failed: .*useWasmModule/);
  console.log(`workerd fallback reason: "${info.setup.reason}"`);
  check(
    await get<SmokeResult>('fallback', '/smoke'),
    await referenceRun('typescript'),
    'typescript',
    'workerd without useWasmModule',
  );
});

test('handing in the bytes where compiling is refused: a BackendUnavailableError that says to pass the host-compiled module', async () => {
  const r = await get<{ error?: string; ok?: unknown }>('fallback', '/bytes');
  assert.match(
    r.error ?? JSON.stringify(r),
    /^BackendUnavailableError: useWasmModule: this runtime refused to compile the bytes .*import gemm from 'scikeras-ts\/gemm\.wasm'/,
  );
});

test("the README recipe (useWasmModule(gemm), useWasmModule(gemm64) at module scope, both wasm modules): the WASM kernels train with Node's WASM bits", async () => {
  const info = await get<{ setup: unknown; backend: unknown }>('module', '/info');
  assert.equal(info.setup, WASM_INFO);
  assert.equal(info.backend, WASM_INFO);
  check(
    await get<SmokeResult>('module', '/smoke'),
    await referenceRun('default'),
    'wasm',
    'workerd with useWasmModule',
  );
});

test('at module scope (startup) workerd does compile the GEMM from bytes: detection there finds the WASM kernels', async () => {
  const info = await get<{ setup: { backend: string; reason?: string; threads?: number; fma?: boolean } }>(
    'startup',
    '/info',
  );
  // fma: whatever this V8 validates (relaxed SIMD), as in any runtime that compiles the GEMM itself.
  assert.is(info.setup.backend, 'wasm', JSON.stringify(info.setup));
  assert.is(info.setup.reason, undefined);
  assert.is(info.setup.threads, 1);
  assert.type(info.setup.fma, 'boolean');
  console.log(`workerd startup detection: ${JSON.stringify(info.setup)}`);
});

test('float64 during a request: gemm.wasm alone leaves it on TypeScript (the reason names gemm-f64.wasm); gemm-f64.wasm moves it to WASM, with the same bits', async () => {
  const got = await get<Float64Steps>('float64', '/float64');
  const { reason, ...rest } = got.float32Only.info;
  assert.equal(rest, WASM_INFO);
  assert.match(
    reason ?? '',
    /^float64 products run on the TypeScript kernels: WebAssembly compilation failed: .*'scikeras-ts\/gemm-f64\.wasm' to useWasmModule\(\)$/,
  );
  console.log(`workerd float64 reason with gemm.wasm alone: "${reason}"`);
  assert.equal(got.both.info, WASM_INFO);
  // The float64 WASM kernel has the TypeScript kernels' bits, so the two steps agree bit for bit.
  const steps = compare(got.both.smoke, got.float32Only.smoke);
  console.log(`workerd float64, WASM vs TypeScript kernels: ${steps.text}`);
  assert.ok(steps.bitsEqual, 'float64 on the WASM kernel gave other bits than on the TypeScript kernels');
  // Against Node 20 only closeness: newer V8s round Math.exp / log / tanh / pow differently in the last bit (Deno's do).
  const ref = await referenceRun('default', 'float64');
  for (const [smoke, what] of [
    [got.float32Only.smoke, 'TypeScript kernels'],
    [got.both.smoke, 'WASM kernels'],
  ] as const) {
    const c = compare(smoke, ref);
    console.log(`workerd float64 on the ${what}: ${c.text}`);
    assert.ok(c.labelsEqual && smoke.accuracy >= 0.9, `float64 on the ${what}: ${c.text}`);
    assert.ok(c.maxProbaDiff <= 1e-12, `float64 on the ${what}: max |dproba| ${c.maxProbaDiff} vs Node`);
  }
});

test.after(async () => {
  const s = await server().catch(() => null);
  await s?.stop();
});

test.run();
