// Every matrix-product backend (reference, blocked TypeScript, WASM SIMD, the
// dispatching chain) against the reference computed in float64.
import { test } from 'uvu';
import { withWebAssembly } from '../helpers/web-assembly.ts';
import * as assert from 'uvu/assert';
import { allclose } from '../helpers/allclose.ts';
import { Rng } from '../../src/tensor/rng.ts';
import type { FloatArray } from '../../src/tensor/dtype.ts';
import {
  backendInfo,
  forceCpuBackend,
  matmulInto,
  setCpuProvider,
  typescriptBackend,
} from '../../src/tensor/backend.ts';
import { matmulReference } from '../../src/tensor/kernels/matmul-reference.ts';
import { matmulBlocked } from '../../src/tensor/kernels/matmul-blocked.ts';
import { ModuleBuilder } from '../../src/tensor/wasm/emit.ts';
import {
  WASM_MIN_WORK,
  buildGemmModule,
  compileWasmGemm,
  relaxedSimd,
  wasmBackendOf,
  wasmProvider,
} from '../../src/tensor/wasm/index.ts';

type Kernel = (
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  tA: boolean,
  tB: boolean,
) => void;

const compiled = compileWasmGemm();
const wasmKernel: Kernel | null =
  typeof compiled === 'string'
    ? null
    : (a, b, c, m, k, n, tA, tB) => {
        assert.ok(
          compiled.matmul(a as Float32Array, b as Float32Array, c as Float32Array, m, k, n, tA, tB),
          'wasm gemm declined',
        );
      };

const kernels: [string, Kernel][] = [
  ['reference', matmulReference],
  ['blocked', matmulBlocked],
  ['typescriptBackend', (a, b, c, m, k, n, tA, tB) => void typescriptBackend.matmul(a, b, c, m, k, n, tA, tB)],
  ['matmulInto', matmulInto],
];
if (wasmKernel !== null) kernels.push(['wasm', wasmKernel]);

const FLAGS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

// Odd sizes, sizes straddling the TypeScript tile (4 x 4, KC 256, MC 64) and
// the WASM tile (5 x 8, KC 256, MC 80, NC 2048), and degenerate ones.
const SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [1, 7, 1],
  [1, 13, 9],
  [9, 13, 1],
  [2, 1, 3],
  [3, 5, 7],
  [4, 4, 4],
  [5, 3, 8],
  [6, 2, 9],
  [17, 33, 9],
  [65, 129, 31],
  [64, 256, 4],
  [63, 255, 3],
  [65, 257, 5],
  [5, 256, 8],
  [6, 257, 9],
  [80, 256, 16],
  [79, 300, 15],
  [81, 513, 17],
  [3, 2, 2049],
  [2, 3, 2051],
];

function randomArray(rng: Rng, n: number, ctor: Float32ArrayConstructor | Float64ArrayConstructor): FloatArray {
  const out = new ctor(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

function oracle(a: FloatArray, b: FloatArray, m: number, k: number, n: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  matmulReference(Float64Array.from(a), Float64Array.from(b), c, m, k, n, tA, tB);
  return c;
}

const describe = (name: string, m: number, k: number, n: number, tA: boolean, tB: boolean): string =>
  `${name}: matmul ${m}x${k}.${k}x${n} transA=${tA} transB=${tB}`;

// A length-k float32 dot product of values in [-1, 1] is off by at most about
// k * sqrt(k) units of 2^-24 (rounding after each add, partial sums ~ sqrt(k)).
const tolerance = (k: number): number => 2 ** -23 * (k * Math.sqrt(k) + 1);

test('the WASM SIMD GEMM compiles on this runtime, each module from under 4 KiB of bytes', () => {
  assert.type(compiled, 'object', `compileWasmGemm: ${String(compiled)}`);
  // Older Chrome refuses synchronous compiles of larger modules on the main thread.
  for (const options of [{}, { fma: true }, { dtype: 'float64' as const }, { sharedMaxPages: 32767 }]) {
    const size = buildGemmModule(undefined, options).length;
    assert.ok(size < 4096, `module ${JSON.stringify(options)} is ${size} bytes`);
  }
});

test('every backend matches the float64 reference in float32, all transposes, odd sizes', () => {
  const rng = new Rng(7);
  for (const [m, k, n] of SHAPES) {
    for (const [tA, tB] of FLAGS) {
      const a = randomArray(rng, m * k, Float32Array);
      const b = randomArray(rng, k * n, Float32Array);
      const want = oracle(a, b, m, k, n, tA, tB);
      for (const [name, kernel] of kernels) {
        const c = new Float32Array(m * n).fill(NaN); // every element must be written
        kernel(a, b, c, m, k, n, tA, tB);
        allclose(c, want, { atol: tolerance(k), rtol: 0, msg: describe(name, m, k, n, tA, tB) });
      }
    }
  }
});

test('one output column runs the matrix-vector kernel with the same bits as the GEMM (column 0 of a 2-column product)', () => {
  if (typeof compiled === 'string') return;
  const rng = new Rng(11);
  // m around the 8-row panel, k around the 256 depth block, and k past the kernel's scratch (3000: GEMM again)
  for (const [m, k] of [
    [1, 1],
    [7, 5],
    [8, 100],
    [9, 257],
    [33, 513],
    [1024, 20],
    [3, 3000],
  ] as const) {
    for (const tA of [false, true]) {
      const a = randomArray(rng, m * k, Float32Array) as Float32Array;
      const b1 = randomArray(rng, k, Float32Array) as Float32Array;
      const b2 = new Float32Array(2 * k);
      for (let p = 0; p < k; p++) {
        b2[2 * p] = b1[p] as number;
        b2[2 * p + 1] = 1;
      }
      const c1 = new Float32Array(m),
        c2 = new Float32Array(2 * m),
        ref = new Float32Array(m);
      assert.ok(compiled.matmul(a, b1, c1, m, k, 1, tA, false));
      assert.ok(compiled.matmul(a, b2, c2, m, k, 2, tA, false));
      for (let i = 0; i < m; i++) assert.is(c1[i], c2[2 * i], `${m}x${k} transA ${tA}: row ${i}`);
      matmulReference(a, b1, ref, m, k, 1, tA, false);
      allclose(c1, ref, { rtol: 1e-4, atol: 1e-4 * k, msg: `${m}x${k} against the reference` });
    }
  }
});

test('k = 0 gives zeros; m = 0 or n = 0 writes nothing', () => {
  for (const [name, kernel] of kernels) {
    for (const [tA, tB] of FLAGS) {
      const c = new Float32Array(12).fill(NaN);
      kernel(new Float32Array(0), new Float32Array(0), c, 3, 0, 4, tA, tB);
      allclose(c, new Float32Array(12), { msg: describe(name, 3, 0, 4, tA, tB) });
      const untouched = new Float32Array(2).fill(5);
      kernel(new Float32Array(0), new Float32Array(6), untouched, 0, 3, 2, tA, tB);
      allclose(untouched, [5, 5], { msg: describe(name, 0, 3, 2, tA, tB) });
    }
  }
});

test('float64: the TypeScript kernels and the WASM f64x2 kernel agree with the reference bit for bit', () => {
  const rng = new Rng(11);
  const wasm64: Kernel | null =
    typeof compiled === 'string'
      ? null
      : (a, b, c, m, k, n, tA, tB) => {
          assert.ok(compiled.matmul(a, b, c, m, k, n, tA, tB), 'wasm f64 gemm declined');
        };
  // past the f64 tile (5 x 4), its depth block (256), its row block (80) and column block (1024)
  for (const [m, k, n] of [
    ...SHAPES,
    [70, 600, 40] as const,
    [81, 257, 9] as const,
    [6, 3, 1030] as const,
    [41, 513, 1] as const,
  ]) {
    for (const [tA, tB] of FLAGS) {
      const a = randomArray(rng, m * k, Float64Array);
      const b = randomArray(rng, k * n, Float64Array);
      const want = new Float64Array(m * n);
      matmulReference(a, b, want, m, k, n, tA, tB);
      const ts: [string, Kernel][] = [
        ['blocked', matmulBlocked],
        ['typescriptBackend', kernels[2]![1]],
        ['matmulInto', matmulInto],
      ];
      if (wasm64 !== null) ts.push(['wasm', wasm64]);
      for (const [name, kernel] of ts) {
        const got = new Float64Array(m * n).fill(NaN);
        kernel(a, b, got, m, k, n, tA, tB);
        for (let i = 0; i < got.length; i++) {
          if (!Object.is(got[i], want[i]))
            assert.unreachable(`${describe(name, m, k, n, tA, tB)}: element ${i}: ${got[i]} vs ${want[i]}`);
        }
      }
    }
  }
});

test('float64 dense epilogue in WASM gives the bits of the product plus the JavaScript bias and relu', () => {
  if (typeof compiled === 'string') return;
  const rng = new Rng(4);
  for (const [m, k, n] of [
    [1, 3, 1],
    [7, 9, 5],
    [33, 20, 100],
    [6, 257, 3],
  ] as const) {
    const a = randomArray(rng, m * k, Float64Array),
      b = randomArray(rng, k * n, Float64Array),
      bias = randomArray(rng, n, Float64Array);
    for (const relu of [false, true]) {
      const want = new Float64Array(m * n);
      matmulReference(a, b, want, m, k, n, false, false);
      for (let i = 0; i < want.length; i++) {
        const v = (want[i] as number) + (bias[i % n] as number);
        want[i] = relu ? (v + Math.abs(v)) * 0.5 : v; // ops.ts' epilogue
      }
      const got = new Float64Array(m * n);
      assert.ok(compiled.matmul(a, b, got, m, k, n, false, false, { bias, relu }));
      for (let i = 0; i < got.length; i++)
        if (!Object.is(got[i], want[i]))
          assert.unreachable(`${m}x${k}x${n} relu=${relu}: element ${i}: ${got[i]} vs ${want[i]}`);
    }
  }
});

test('NaN and Infinity propagate through zero multiplies', () => {
  const m = 7,
    k = 9,
    n = 11;
  for (const [name, kernel] of kernels) {
    for (const [tA, tB] of FLAGS) {
      for (const bad of [NaN, Infinity]) {
        // op(A) has one non-finite value at (2, 3); op(B) is all zeros, so
        // row 2 of C is NaN (bad * 0) and every other row is exactly 0.
        const a = new Float32Array(m * k).fill(1);
        a[tA ? 3 * m + 2 : 2 * k + 3] = bad;
        const c = new Float32Array(m * n).fill(7);
        kernel(a, new Float32Array(k * n), c, m, k, n, tA, tB);
        const want = Array.from({ length: m * n }, (_, i) => (Math.floor(i / n) === 2 ? NaN : 0));
        allclose(c, want, { msg: `${describe(name, m, k, n, tA, tB)} with ${bad} in A` });
      }
      // Infinity in op(B) at (4, 5) times a finite row gives +-Infinity in column 5.
      const b = new Float32Array(k * n).fill(0);
      b[tB ? 5 * k + 4 : 4 * n + 5] = Infinity;
      const a = new Float32Array(m * k).fill(-1);
      const c = new Float32Array(m * n);
      kernel(a, b, c, m, k, n, tA, tB);
      for (let i = 0; i < m; i++) assert.is(c[i * n + 5], -Infinity, `${describe(name, m, k, n, tA, tB)}: row ${i}`);
    }
  }
});

test('operands may be longer views into a larger buffer', () => {
  const rng = new Rng(3);
  const m = 13,
    k = 21,
    n = 10;
  const store = randomArray(rng, 1000, Float32Array) as Float32Array;
  const a = store.subarray(5, 5 + m * k + 17); // offset and trailing slack
  const b = store.subarray(400, 400 + k * n + 3);
  const want = oracle(a.subarray(0, m * k), b.subarray(0, k * n), m, k, n, false, false);
  for (const [name, kernel] of kernels) {
    const out = new Float32Array(m * n + 4).fill(9);
    kernel(a, b, out, m, k, n, false, false);
    allclose(out.subarray(0, m * n), want, { atol: tolerance(k), rtol: 0, msg: describe(name, m, k, n, false, false) });
    allclose(out.subarray(m * n), [9, 9, 9, 9], { msg: `${name}: wrote past m*n` });
  }
});

test('WASM memory grows for a large product and stays correct for small ones after', () => {
  if (wasmKernel === null) return;
  const rng = new Rng(5);
  for (const [m, k, n] of [
    [3, 4, 5],
    [300, 700, 260],
    [6, 5, 4],
    [33, 17, 65],
  ] as const) {
    const a = randomArray(rng, m * k, Float32Array);
    const b = randomArray(rng, k * n, Float32Array);
    const c = new Float32Array(m * n);
    wasmKernel(a, b, c, m, k, n, true, false);
    allclose(c, oracle(a, b, m, k, n, true, false), {
      atol: tolerance(k),
      rtol: 0,
      msg: describe('wasm', m, k, n, true, false),
    });
  }
});

test('the WASM backend takes float32 and float64, declines mixed dtypes and tiny products', () => {
  if (typeof compiled === 'string') return;
  const backend = wasmBackendOf(compiled);
  const f32 = new Float32Array(64 * 64),
    f64 = new Float64Array(64 * 64);
  assert.is(backend.matmul(f64, f64, new Float64Array(64 * 64), 64, 64, 64, false, false), true);
  assert.is(backend.matmul(f32, f64, new Float32Array(64 * 64), 64, 64, 64, false, false), false);
  assert.is(backend.matmul(f64, f64, new Float32Array(64 * 64), 64, 64, 64, false, false), false);
  assert.is(
    backend.matmulBiasAct!(f64, f64, new Float64Array(64 * 64), 64, 64, 64, false, false, new Float32Array(64), false),
    false,
  );
  assert.is(backend.matmul(f32, f32, new Float32Array(4), 2, 2, 2, false, false), WASM_MIN_WORK <= 8);
  assert.is(backend.matmul(f32, f32, new Float32Array(64 * 64), 64, 64, 64, false, false), true);
});

test('backendInfo reports wasm by default on this runtime', () => {
  setCpuProvider(wasmProvider);
  const info = backendInfo();
  if (typeof compiled === 'string') {
    assert.is(info.backend, 'typescript');
    assert.is(info.reason, compiled);
  } else {
    assert.is(info.backend, 'wasm');
    assert.is(info.reason, undefined);
    assert.is(info.threads, 1);
    assert.is(info.fma, relaxedSimd(), 'FMA exactly where the engine validates relaxed SIMD');
  }
});

function checkFallback(reasonPattern: RegExp): void {
  const m = 9,
    k = 8,
    n = 10;
  const rng = new Rng(1);
  const a = randomArray(rng, m * k, Float32Array),
    b = randomArray(rng, k * n, Float32Array);
  const c = new Float32Array(m * n);
  matmulInto(a, b, c, m, k, n, false, true);
  allclose(c, oracle(a, b, m, k, n, false, true), { atol: tolerance(k), rtol: 0, msg: 'fallback matmulInto' });
  const info = backendInfo();
  assert.is(info.backend, 'typescript');
  assert.match(info.reason ?? '', reasonPattern);
}

test('a runtime without WebAssembly falls back to TypeScript and says why', () => {
  withWebAssembly(undefined, () => checkFallback(/not available/));
  assert.is(backendInfo().backend, typeof compiled === 'string' ? 'typescript' : 'wasm');
});

test('a runtime that forbids compiling (CSP) or lacks SIMD falls back and says why', () => {
  const real = (globalThis as { WebAssembly?: Record<string, unknown> }).WebAssembly;
  if (real === undefined) return;
  // The namespace's members are not enumerable, so copy the ones we keep by name.
  const like = (over: Record<string, unknown>): unknown => ({
    Module: real['Module'],
    Instance: real['Instance'],
    Memory: real['Memory'],
    validate: real['validate'],
    ...over,
  });
  const forbidden = like({
    validate: () => true,
    Module: function Module() {
      throw new Error('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    },
  });
  withWebAssembly(forbidden, () => checkFallback(/compilation failed: .*disallowed/));
  withWebAssembly(like({ validate: () => false }), () => checkFallback(/SIMD/));
});

test('detecting again reuses the compiled module (the engine keeps its optimised code); a swapped namespace compiles anew', () => {
  if (typeof compiled === 'string') return;
  const first = wasmProvider.detect();
  assert.is(wasmProvider.detect(), first);
  withWebAssembly(undefined, () => assert.type(wasmProvider.detect(), 'string'));
  assert.is(wasmProvider.detect(), first);
});

test('forceCpuBackend pins a backend; null restores detection', () => {
  forceCpuBackend(typescriptBackend);
  assert.is(backendInfo().backend, 'typescript');
  forceCpuBackend(null);
  assert.is(backendInfo().backend, typeof compiled === 'string' ? 'typescript' : 'wasm');
});

test('the emitter encodes LEB128 constants and control flow that run', () => {
  const api = (
    globalThis as {
      WebAssembly?: {
        Module: new (b: Uint8Array) => object;
        Instance: new (m: object, i: object) => { exports: Record<string, unknown> };
        Memory: new (d: { initial: number }) => object;
      };
    }
  ).WebAssembly;
  if (api === undefined) return;
  const mod = new ModuleBuilder().importMemory('env', 'memory', 1);
  // sum(n) = sum of (i * -3 + 1000000) for i in [0, n), with a loop and a branch.
  const f = mod.func(['i32'], ['i32']);
  const i = f.local('i32'),
    s = f.local('i32');
  f.block(() =>
    f.loop(() => {
      f.get(i).get(f.param(0)).geS().brIf(1);
      f.get(s).get(i).i32(-3).mul().add().i32(1000000).add().set(s);
      f.get(i).i32(1).add().set(i);
      f.br(0);
    }),
  );
  f.get(s);
  mod.export('sum', f);
  const inst = new api.Instance(new api.Module(mod.bytes()), { env: { memory: new api.Memory({ initial: 1 }) } });
  const sum = inst.exports['sum'] as (n: number) => number;
  for (const n of [0, 1, 5, 200]) {
    let want = 0;
    for (let j = 0; j < n; j++) want = (want + j * -3 + 1000000) | 0;
    assert.is(sum(n), want, `sum(${n})`);
  }
});

test.run();
