// The relaxed-SIMD (fused multiply-add) float32 kernels: within float32 rounding of the float64 reference,
// close to the plain SIMD kernel but not promised bit-equal, and the bit-exact mode still reachable through
// forceCpuBackend(wasmBackend({ fma: false })). Node 20 validates relaxed SIMD only behind a V8 flag, so
// there this file runs itself again in a child process with the flag.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { allclose } from '../helpers/allclose.ts';
import { Rng } from '../../src/tensor/rng.ts';
import { backendInfo, forceCpuBackend, matmulInto, setCpuProvider } from '../../src/tensor/backend.ts';
import { matmulReference } from '../../src/tensor/kernels/matmul-reference.ts';
import { compileWasmGemm, relaxedSimd, wasmBackend, wasmProvider } from '../../src/tensor/wasm/index.ts';
import { BackendUnavailableError } from '../../src/core/errors.ts';

const FLAG = '--experimental-wasm-relaxed-simd';
const FLAGS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;
const SHAPES = [
  [1, 1, 1],
  [3, 5, 7],
  [6, 2, 9],
  [7, 13, 8],
  [13, 257, 17],
  [73, 300, 25],
  [145, 40, 2051],
  [9, 600, 1],
] as const;
const tolerance = (k: number): number => 2 ** -23 * (k * Math.sqrt(k) + 1);

const hasWasm = typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object';

if (hasWasm && !relaxedSimd() && !process.execArgv.includes(FLAG)) {
  test('without relaxed SIMD the default kernel does not fuse, and asking for fma says why', () => {
    const plain = compileWasmGemm();
    if (typeof plain === 'string') return;
    assert.is(plain.fma, false);
    assert.throws(
      () => wasmBackend({ fma: true }),
      (e: unknown) => e instanceof BackendUnavailableError && /relaxed SIMD/.test((e as Error).message),
    );
  });
  test(`the fused kernels, in a child process with ${FLAG}`, () => {
    const r = spawnSync(process.execPath, [FLAG, '--import', 'tsx', fileURLToPath(import.meta.url)], {
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const out = `${r.stdout}${r.stderr}`;
    assert.is(r.status, 0, out);
    const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
    assert.ok(passed >= 4, `child ran ${passed} tests:\n${out}`);
  });
} else if (hasWasm) {
  const fused = compileWasmGemm(undefined, { fma: true });
  const plain = compileWasmGemm(undefined, { fma: false });

  test('relaxed SIMD is detected and the default kernel fuses', () => {
    assert.ok(relaxedSimd());
    assert.type(fused, 'object', String(fused));
    if (typeof fused === 'string') return;
    assert.is(fused.fma, true);
    setCpuProvider(wasmProvider);
    assert.is(backendInfo().fma, true);
  });

  test('fused float32 products are within float32 rounding of the float64 reference, all transposes, odd sizes', () => {
    if (typeof fused === 'string' || typeof plain === 'string') return;
    const rng = new Rng(17);
    let differing = 0;
    for (const [m, k, n] of SHAPES) {
      for (const [tA, tB] of FLAGS) {
        const a = Float32Array.from({ length: m * k }, () => rng.uniform(-1, 1));
        const b = Float32Array.from({ length: k * n }, () => rng.uniform(-1, 1));
        const want = new Float64Array(m * n);
        matmulReference(Float64Array.from(a), Float64Array.from(b), want, m, k, n, tA, tB);
        const got = new Float32Array(m * n).fill(NaN);
        const ref = new Float32Array(m * n);
        assert.ok(fused.matmul(a, b, got, m, k, n, tA, tB));
        assert.ok(plain.matmul(a, b, ref, m, k, n, tA, tB));
        const msg = `${m}x${k}x${n} transA=${tA} transB=${tB}`;
        allclose(got, want, { atol: tolerance(k), rtol: 0, msg: `fused vs float64 reference, ${msg}` });
        allclose(got, ref, { atol: 2 * tolerance(k), rtol: 0, msg: `fused vs plain SIMD, ${msg}` });
        for (let i = 0; i < got.length; i++) if (got[i] !== ref[i]) differing++;
      }
    }
    // Not a promise of the API, a check that fusing happened: one rounding per step changes some last bits.
    assert.ok(differing > 0, "the fused kernel gave the plain kernel's bits everywhere: is it fusing?");
  });

  test('forceCpuBackend(wasmBackend({ fma: false })) is the bit-exact mode: the plain SIMD bits, reported as fma false', () => {
    if (typeof plain === 'string') return;
    const exact = wasmBackend({ fma: false });
    forceCpuBackend(exact);
    try {
      assert.is(backendInfo().fma, false);
      const rng = new Rng(3);
      const [m, k, n] = [37, 129, 21];
      const a = Float32Array.from({ length: m * k }, () => rng.uniform(-1, 1));
      const b = Float32Array.from({ length: k * n }, () => rng.uniform(-1, 1));
      const got = new Float32Array(m * n),
        want = new Float32Array(m * n);
      matmulInto(a, b, got, m, k, n, false, true);
      assert.ok(plain.matmul(a, b, want, m, k, n, false, true));
      assert.equal(Array.from(got), Array.from(want));
    } finally {
      forceCpuBackend(null);
    }
    assert.is(backendInfo().fma, true);
  });

  test("fused kernels split across 2 threads keep one thread's fused bits", async () => {
    if (typeof fused === 'string') return;
    const { useThreads, useSingleThread } = await import('../../src/threads/index.ts');
    assert.equal(await useThreads({ threads: 2, minWork: 1 }), { threads: 2 });
    try {
      assert.is(backendInfo().fma, true);
      const rng = new Rng(8);
      for (const [m, k, n] of SHAPES.filter(([m, k, n]) => m * k * n >= 100)) {
        for (const [tA, tB] of FLAGS) {
          const a = Float32Array.from({ length: m * k }, () => rng.uniform(-1, 1));
          const b = Float32Array.from({ length: k * n }, () => rng.uniform(-1, 1));
          const got = new Float32Array(m * n),
            want = new Float32Array(m * n);
          matmulInto(a, b, got, m, k, n, tA, tB);
          assert.ok(fused.matmul(a, b, want, m, k, n, tA, tB));
          assert.equal(Array.from(got), Array.from(want), `${m}x${k}x${n} transA=${tA} transB=${tB}`);
        }
      }
    } finally {
      useSingleThread();
    }
  });
}

test.run();
