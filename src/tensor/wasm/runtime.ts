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

/**
 * How `compileWasmGemm` builds and where it runs (defaults: both modules compiled here, a private
 * memory, FMA where the engine has it).
 */
export interface WasmGemmOptions {
  /** float64 blocking (float32's is the first argument). */
  blocking64?: GemmBlocking;
  /** Relaxed-SIMD multiply-add in the float32 kernels; true where relaxed SIMD is unsupported fails. */
  fma?: boolean;
  /**
   * Modules compiled elsewhere, instantiated instead of compiling: a host's `.wasm` imports (useWasmModule)
   * or the thread pool's shared-memory modules. Each must be emitted with the blocking (and, float32, the
   * `fma`) given here; a module not given is compiled here, and where that is refused its products run
   * on the TypeScript kernels (`reason()` says so).
   */
  modules?: { f32?: WasmModule; f64?: WasmModule };
  /** The memory the modules import (default a fresh private one; the pool's is shared). */
  memory?: WasmMemory;
  /** The pool that splits large products across threads (scikeras-ts/threads), over a shared `memory`. */
  parallel?: ParallelGemm;
  /** Instantiate and check the float64 module now rather than at the first float64 product. */
  eager?: boolean;
}

// The hint a refused compilation ends with: where the module can come from instead.
const HINTS = { 4: 'scikeras-ts/gemm.wasm', 8: 'scikeras-ts/gemm-f64.wasm' } as const;

/**
 * Compiles the GEMM synchronously (so the sync API stays sync; each module is
 * under 3 KiB, below the 4 KiB older Chrome allows for a synchronous compile
 * on the main thread), or instantiates the modules handed in (which compiles
 * nothing, so hosts that refuse compilation allow it), and checks it on a
 * small product; the float64 module is set up at the first float64 product
 * unless `eager`. Returns the kernel, or the reason it cannot run here: no
 * WebAssembly, no SIMD, compilation forbidden (a content security policy or
 * an edge runtime) with no module handed in, or a failed self-check.
 */
export function compileWasmGemm(blockingArg?: GemmBlocking, options: WasmGemmOptions = {}): WasmGemm | string {
  const api = wasmApi();
  if (api === undefined) return 'WebAssembly is not available in this runtime';
  const blocking64 = options.blocking64 ?? DEFAULT_BLOCKING_F64;
  const given = options.modules ?? {};
  let memory: WasmMemory;
  let fma: boolean;
  let blocking: GemmBlocking;
  try {
    if (!api.validate(SIMD_PROBE)) return 'WebAssembly SIMD is not supported in this runtime';
    fma = options.fma ?? relaxedSimd(api);
    if (fma && !relaxedSimd(api)) return 'WebAssembly relaxed SIMD (fma) is not supported in this runtime';
    blocking = blockingArg ?? (fma ? DEFAULT_BLOCKING_FMA : DEFAULT_BLOCKING);
    memory = options.memory ?? new api.Memory({ initial: 1 });
  } catch (e) {
    return `WebAssembly compilation failed: ${message(e)}`;
  }
  const mem = memory;
  const f32 = laneFrom(api, mem, 4, blocking, given.f32, () => buildGemmModule(blocking, { fma }));
  // Without a float32 lane there is no backend, unless a float64 module was handed in; a module handed in
  // that does not run is an error, not a fallback.
  if (typeof f32 === 'string' && (given.f64 === undefined || given.f32 !== undefined)) return f32;
  let f64: Lane | null | undefined;
  let f64Reason: string | undefined;
  const float64 = (): Lane | null => {
    if (f64 !== undefined) return f64;
    f64 = null; // a failed compile or self-check leaves float64 on the TypeScript kernels
    // float64 never fuses: its products stay bit-identical to the TypeScript kernels'.
    const made = laneFrom(api, mem, 8, blocking64, given.f64, () => buildGemmModule(blocking64, { dtype: 'float64' }));
    if (typeof made === 'string') {
      f64Reason = made;
      return null;
    }
    f64 = made.lane;
    if (!selfCheck(kernel, Float64Array)) {
      f64 = null;
      f64Reason = SELF_CHECK_FAILED;
    }
    return f64;
  };
  const kernel = gemmKernel({
    memory: mem,
    f32: typeof f32 === 'string' ? null : f32.lane,
    moduleBytes: typeof f32 === 'string' ? 0 : f32.bytes,
    fma: fma && typeof f32 !== 'string',
    ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
    f64: float64,
    reason: () => {
      const why: string[] = [];
      if (typeof f32 === 'string') why.push(`float32 products run on the TypeScript kernels: ${f32}`);
      if (f64Reason !== undefined) why.push(`float64 products run on the TypeScript kernels: ${f64Reason}`);
      return why.length === 0 ? undefined : why.join('; ');
    },
  });
  if (typeof f32 !== 'string' && !selfCheck(kernel, Float32Array)) return SELF_CHECK_FAILED;
  if (options.eager === true || typeof f32 === 'string') float64();
  if (f64 === null && given.f64 !== undefined) return `the float64 module: ${f64Reason ?? SELF_CHECK_FAILED}`;
  return kernel;
}

const SELF_CHECK_FAILED = 'WebAssembly GEMM disagreed with the TypeScript kernel on its self-check';
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');

/**
 * One element type's lane over `memory`: the module handed in, else the one `build` emits compiled
 * here; or why not, naming the precompiled file that would do where compiling was refused.
 */
function laneFrom(
  api: WasmApi,
  memory: WasmMemory,
  bytes: 4 | 8,
  blocking: GemmBlocking,
  given: WasmModule | undefined,
  build: () => Uint8Array,
): { lane: Lane; bytes: number } | string {
  let module = given;
  let size = 0;
  if (module === undefined) {
    try {
      const code = build();
      size = code.length;
      module = new api.Module(code);
    } catch (e) {
      // Edge hosts (workerd) refuse compiling at run time but instantiate a module imported as a .wasm file.
      return `WebAssembly compilation failed: ${message(e)}. Where the host accepts a precompiled module (edge workers import .wasm files), pass '${HINTS[bytes]}' to useWasmModule()`;
    }
  }
  let lane: Lane | null;
  try {
    lane = laneOf(new api.Instance(module, { env: { memory } }), bytes, blocking);
  } catch (e) {
    return `WebAssembly instantiation failed: ${message(e)}`;
  }
  return lane === null ? 'WebAssembly GEMM module lacks its exports' : { lane, bytes: size };
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
// The shape straddles the register block in every dimension. A trap (a module emitted with other
// blocking reads past its scratch) fails the check too.
function selfCheck(kernel: WasmGemm, ctor: Float32ArrayConstructor | Float64ArrayConstructor): boolean {
  try {
    return checkShape(kernel, ctor, 7, 5, 11) && checkShape(kernel, ctor, 19, 6, 1);
  } catch {
    return false;
  }
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
    describe: () => {
      const reason = kernel.reason();
      return { threads: kernel.threads, fma: kernel.fma, ...(reason === undefined ? {} : { reason }) };
    },
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

/** Makes `kernel` what `wasmProvider` finds from now on for the current WebAssembly namespace (useWasmModule). */
export function adoptWasmGemm(kernel: WasmGemm): MatmulBackend {
  const backend = wasmBackendOf(kernel);
  detected = { api: wasmApi(), backend };
  return backend;
}
