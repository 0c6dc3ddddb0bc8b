// Compiles the emitted GEMM at first use, owns its one growable memory, and
// wraps it as a MatmulBackend. Imports backend.ts for types only (no cycle); no Node built-ins.

import type { CpuProvider, MatmulBackend } from '../backend.ts';
import type { FloatArray } from '../dtype.ts';
import { BackendUnavailableError } from '../../core/errors.ts';
import { matmulReference } from '../kernels/matmul-reference.ts';
import { ModuleBuilder } from './emit.ts';
import {
  DEFAULT_BLOCKING,
  DEFAULT_BLOCKING_F64,
  DEFAULT_BLOCKING_FMA,
  type GemmBlocking,
  buildGemmModule,
} from './gemm.ts';
import { type Lane, type ParallelGemm, type WasmGemm, gemmKernel, laneOf } from './kernel.ts';
import { wasmApi, type WasmApi, type WasmMemory, type WasmModule } from './wasm-api.ts';

/**
 * Smallest m * k * n the default WASM backend takes; smaller products go to
 * the TypeScript kernels. A call costs about 0.16 us whatever its size
 * (copies, packing, the JS-to-WASM transition): 4x4x4 is a tie with the
 * reference loop (0.18 vs 0.20 us), 5x5x5 and 2x8x8 already take 0.19 us here
 * against 0.31-0.34 us (bench/matmul.ts), so WASM pays from about 100 up.
 */
export const WASM_MIN_WORK = 100;

// (module (func v128.const 0 drop)): validates only where SIMD is supported.
const SIMD_PROBE = Uint8Array.of(
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00,
  0x01,
  0x04,
  0x01,
  0x60,
  0x00,
  0x00,
  0x03,
  0x02,
  0x01,
  0x00,
  0x0a,
  0x17,
  0x01,
  0x15,
  0x00,
  0xfd,
  0x0c,
  ...new Array<number>(16).fill(0),
  0x1a,
  0x0b,
);

/** How `compileWasmGemm` builds and where it runs (defaults: a private memory, FMA where the engine has it). */
export interface WasmGemmOptions {
  /** float64 blocking (float32's is the first argument). */
  blocking64?: GemmBlocking;
  /** Relaxed-SIMD multiply-add in the float32 kernels; true where relaxed SIMD is unsupported fails. */
  fma?: boolean;
  /** A shared memory and the modules compiled for it, with the pool that splits products (scikeras-ts/threads). */
  shared?: { memory: WasmMemory; f32: WasmModule; f64: WasmModule; parallel: ParallelGemm };
}

/**
 * Compiles the GEMM synchronously (so the sync API stays sync; each module is
 * under 3 KiB, below the 4 KiB older Chrome allows for a synchronous compile
 * on the main thread) and checks it on a small product; the float64 module
 * compiles at the first float64 product. Returns the kernel, or the reason it
 * cannot run here: no WebAssembly, no SIMD, compilation forbidden (a content
 * security policy or an edge runtime), or a failed self-check.
 */
export function compileWasmGemm(blockingArg?: GemmBlocking, options: WasmGemmOptions = {}): WasmGemm | string {
  const api = wasmApi();
  if (api === undefined) return 'WebAssembly is not available in this runtime';
  const blocking64 = options.blocking64 ?? DEFAULT_BLOCKING_F64;
  const shared = options.shared;
  let memory: WasmMemory;
  let f32: Lane | null;
  let bytes = 0;
  let fma: boolean;
  let blocking: GemmBlocking;
  try {
    if (!api.validate(SIMD_PROBE)) return 'WebAssembly SIMD is not supported in this runtime';
    fma = options.fma ?? relaxedSimd(api);
    if (fma && !relaxedSimd(api)) return 'WebAssembly relaxed SIMD (fma) is not supported in this runtime';
    blocking = blockingArg ?? (fma ? DEFAULT_BLOCKING_FMA : DEFAULT_BLOCKING);
    memory = shared?.memory ?? new api.Memory({ initial: 1 });
    let module = shared?.f32;
    if (module === undefined) {
      const b = buildGemmModule(blocking, { fma });
      bytes = b.length;
      module = new api.Module(b);
    }
    f32 = laneOf(new api.Instance(module, { env: { memory } }), 4, blocking);
    if (f32 === null) return 'WebAssembly GEMM module lacks its exports';
  } catch (e) {
    return `WebAssembly compilation failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const mem = memory;
  let f64: Lane | null | undefined;
  const kernel = gemmKernel({
    memory: mem,
    f32,
    moduleBytes: bytes,
    fma,
    ...(shared === undefined ? {} : { parallel: shared.parallel }),
    f64: () => {
      if (f64 !== undefined) return f64;
      f64 = null; // a failed compile or self-check leaves float64 on the TypeScript kernels
      try {
        // float64 never fuses: its products stay bit-identical to the TypeScript kernels'.
        const module = shared?.f64 ?? new api.Module(buildGemmModule(blocking64, { dtype: 'float64' }));
        const lane = laneOf(new api.Instance(module, { env: { memory: mem } }), 8, blocking64);
        f64 = lane;
        if (lane !== null && !selfCheck(kernel, Float64Array)) f64 = null;
      } catch {
        f64 = null;
      }
      return f64;
    },
  });
  return selfCheck(kernel, Float32Array)
    ? kernel
    : 'WebAssembly GEMM disagreed with the TypeScript kernel on its self-check';
}

// (module (func v128.const 0 x3, f32x4.relaxed_madd, drop)).
let relaxedProbe: Uint8Array | null = null;

/** Whether this engine validates relaxed SIMD (f32x4.relaxed_madd): Chromium, Deno, Node >= 22; not Node 20 by default. */
export function relaxedSimd(api: WasmApi | undefined = wasmApi()): boolean {
  if (api === undefined) return false;
  if (relaxedProbe === null) {
    const mod = new ModuleBuilder();
    mod.func([]).v128Zero().v128Zero().v128Zero().f32x4RelaxedMadd().drop();
    relaxedProbe = mod.bytes();
  }
  try {
    return api.validate(relaxedProbe);
  } catch {
    return false;
  }
}

// Small integers keep every sum exact (float32 or float64, fused or not), so agreement must be exact.
// The shape straddles the register block in every dimension.
function selfCheck(kernel: WasmGemm, ctor: Float32ArrayConstructor | Float64ArrayConstructor): boolean {
  return checkShape(kernel, ctor, 7, 5, 11) && checkShape(kernel, ctor, 19, 6, 1);
}

function checkShape(
  kernel: WasmGemm,
  ctor: Float32ArrayConstructor | Float64ArrayConstructor,
  m: number,
  k: number,
  n: number,
): boolean {
  const a = new ctor(m * k).map((_, i) => ((i * 7) % 11) - 5);
  const b = new ctor(k * n).map((_, i) => ((i * 5) % 13) - 6);
  const want = new ctor(m * n);
  const got = new ctor(m * n);
  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    matmulReference(a, b, want, m, k, n, ta, tb);
    if (!kernel.matmul(a, b, got, m, k, n, ta, tb)) return false;
    for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return false;
  }
  return true;
}

/**
 * Wraps a compiled GEMM as a backend: it takes float32 or float64 products of at
 * least `minWork` multiply-adds (m * k * n) and declines the rest (mixed dtypes,
 * tiny products, float64 where its module does not compile), which then go to the
 * TypeScript kernels.
 */
export function wasmBackendOf(kernel: WasmGemm, minWork: number = WASM_MIN_WORK): MatmulBackend {
  return {
    name: 'wasm',
    describe: () => ({ threads: kernel.threads, fma: kernel.fma }),
    matmul(a, b, c, m, k, n, transA, transB) {
      if (!oneType(c, a, b) || m * k * n < minWork) return false;
      return kernel.matmul(a, b, c, m, k, n, transA, transB);
    },
    matmulBiasAct(a, b, c, m, k, n, transA, transB, bias, relu) {
      if (!oneType(c, a, b, bias) || m * k * n < minWork) return false;
      return kernel.matmul(a, b, c, m, k, n, transA, transB, { bias, relu });
    },
    denseChain(x, m, steps, out) {
      // Only where every layer would have run here on its own, so the chain gives the same bits.
      if (!oneType(out, x)) return false;
      for (const st of steps) if (!oneType(out, st.w, st.bias) || m * st.k * st.n < minWork) return false;
      return kernel.denseChain(x, m, steps, out);
    },
  };
}

// Whether every array (null skipped) has the type of `c`: both float32, or both float64.
function oneType(c: FloatArray, ...xs: (FloatArray | null)[]): boolean {
  const f64 = c instanceof Float64Array;
  return xs.every((x) => x === null || x instanceof Float64Array === f64);
}

/**
 * A WASM backend built with `options`, for `forceCpuBackend`. `wasmBackend({ fma: false })` is the
 * bit-exact mode: plain SIMD multiply then add, the same bits on every engine, where the default
 * fuses on engines with relaxed SIMD. Throws BackendUnavailableError (with the reason) where
 * WebAssembly cannot run, or relaxed SIMD is missing for `fma: true`.
 *
 * @example
 * forceCpuBackend(wasmBackend({ fma: false })); // reproducible float32 bits across engines
 */
export function wasmBackend(options: { fma?: boolean } = {}): MatmulBackend {
  const kernel = compileWasmGemm(undefined, options);
  if (typeof kernel === 'string') throw new BackendUnavailableError(`wasmBackend: ${kernel}`);
  return wasmBackendOf(kernel);
}

/**
 * The default CPU provider: compiles the WASM SIMD GEMM at the first product
 * and otherwise reports why the TypeScript kernels run instead.
 *
 * @example
 * setCpuProvider(wasmProvider); // re-run detection, e.g. after a test hid WebAssembly
 * backendInfo(); // { backend: 'wasm', ... } or { backend: 'typescript', reason: '...' }
 */
export const wasmProvider: CpuProvider = {
  detect() {
    // Compiled once per WebAssembly namespace: detecting again (forceCpuBackend(null), setCpuProvider)
    // keeps the instance the engine has already optimised, and its grown memory, for the process's
    // life; a namespace swapped out (as tests and some sandboxes do) is detected afresh, one patched
    // in place is not.
    const api = wasmApi();
    if (api !== undefined && detected !== null && detected.api === api) return detected.backend;
    const kernel = compileWasmGemm();
    if (typeof kernel === 'string') return kernel;
    detected = { api, backend: wasmBackendOf(kernel) };
    return detected.backend;
  },
};

let detected: { api: WasmApi | undefined; backend: MatmulBackend } | null = null;
