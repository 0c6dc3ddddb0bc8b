// Cloudflare's workerd (the edge-worker runtime, pinned dev dependency) serves the installed package bundled into
// Workers: detecting at a request, the TypeScript kernels run (workerd refuses compiling WebAssembly there) and the
// reason names useWasmModule; with the README's recipe (scikeras-ts/gemm.wasm as a wasm module) the WASM kernels run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import {
  bundleEntries,
  compare,
  GEMM_WASM_EXPORT,
  once,
  preparePackage,
  referenceRun,
  specifierOf,
  WORK,
} from '../../scripts/portability/harness.ts';
import type { SmokeResult } from '../../scripts/portability/smoke.ts';
import { ensureWorkerd, serveWorkerd, workerdConfig, type Served } from '../../scripts/portability/workerd.ts';

const TOL = 1e-5;
const GEMM = specifierOf(GEMM_WASM_EXPORT);
const WORKERS = ['fallback', 'module', 'startup'] as const;

/** Leaves `import gemm from 'scikeras-ts/gemm.wasm'` for workerd, as wrangler does, and copies the installed file beside the bundle. */
function wasmModulePlugin(consumer: string, outdir: string): Plugin {
  return {
    name: 'wasm-module',
    setup(build) {
      build.onResolve({ filter: /\.wasm$/ }, (args) => {
        if (args.path !== GEMM) return { errors: [{ text: `unexpected .wasm import ${args.path}` }] };
        // Node's resolution through the installed package's exports map (not build.resolve: that would come back here).
        const file = createRequire(join(consumer, 'package.json')).resolve(GEMM);
        mkdirSync(outdir, { recursive: true });
        copyFileSync(file, join(outdir, 'gemm.wasm'));
        return { path: './gemm.wasm', external: true };
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
    { fallback: 'entry-workerd.ts', module: 'entry-workerd-module.ts', startup: 'entry-workerd-startup.ts' },
    { outdir, format: 'esm', platform: 'neutral', plugins: [wasmModulePlugin(packed.consumer, outdir)] },
  );
  const workers = WORKERS.map((name) => ({
    name,
    modules: [
      { name: 'worker.js', kind: 'esModule' as const, file: `${name}.js` },
      { name: 'gemm.wasm', kind: 'wasm' as const, file: 'gemm.wasm' },
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

test("the README recipe (useWasmModule(gemm) at module scope, gemm.wasm a wasm module): the WASM kernels train with Node's WASM bits", async () => {
  const info = await get<{ setup: unknown; backend: unknown }>('module', '/info');
  assert.equal(info.setup, { backend: 'wasm', mode: null, threshold: null });
  assert.equal(info.backend, { backend: 'wasm', mode: null, threshold: null });
  check(
    await get<SmokeResult>('module', '/smoke'),
    await referenceRun('default'),
    'wasm',
    'workerd with useWasmModule',
  );
});

test('at module scope (startup) workerd does compile the GEMM from bytes: detection there finds the WASM kernels', async () => {
  const info = await get<{ setup: unknown }>('startup', '/info');
  assert.equal(info.setup, { backend: 'wasm', mode: null, threshold: null });
});

test.after(async () => {
  const s = await server().catch(() => null);
  await s?.stop();
});

test.run();
