// Compiles the emitted GEMM at first use, owns its one growable memory, and
// wraps it as a MatmulBackend. Imports backend.ts for types only (no cycle); no Node built-ins.

import type { CpuProvider, MatmulBackend } from '../backend.ts';
import { matmulReference } from '../kernels/matmul-reference.ts';
import { DEFAULT_BLOCKING, type GemmBlocking, buildGemmModule, packBytes } from './gemm.ts';
import { wasmApi, type WasmApi, type WasmMemory } from './wasm-api.ts';

/**
 * Smallest m * k * n the default WASM backend takes; smaller products go to
 * the TypeScript kernels. A call costs about 0.16 us whatever its size
 * (copies, packing, the JS-to-WASM transition): 4x4x4 is a tie with the
 * reference loop (0.18 vs 0.20 us), 5x5x5 and 2x8x8 already take 0.19 us here
 * against 0.31-0.34 us (bench/matmul.ts), so WASM pays from about 100 up.
 */
export const WASM_MIN_WORK = 100;

/** A compiled f32 GEMM over its own memory. */
export interface WasmGemm {
  /**
   * C = op(A) . op(B) for float32 arrays, contract as `matmulReference`.
   * Returns false (C untouched) when the operands do not fit in a 32-bit memory.
   */
  matmul(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    epilogue?: Epilogue,
  ): boolean;
  /**
   * Dense layers in a row on the m rows of x, each output staying in this memory as the next
   * input (inference: no copy out and back per layer); the same calls, so the same bits, as one
   * `matmul` with its epilogue per layer. Returns false (out untouched) when it does not fit.
   */
  denseChain(x: Float32Array, m: number, steps: readonly ChainStep[], out: Float32Array): boolean;
  /** Bytes of the module, for reporting. */
  readonly moduleBytes: number;
}

/** One float32 dense layer of `denseChain`: w stored k x n. */
export interface ChainStep {
  readonly w: Float32Array;
  readonly k: number;
  readonly n: number;
  readonly bias: Float32Array | null;
  readonly relu: boolean;
}

/** What a dense layer adds to the product while it is still in WebAssembly memory: a row-vector bias, then relu. */
export interface Epilogue {
  bias: Float32Array | null;
  relu: boolean;
}

type BiasActExport = (c: number, bias: number, m: number, n: number, relu: number) => void;

type GemmExport = (
  a: number,
  b: number,
  c: number,
  m: number,
  k: number,
  n: number,
  aRow: number,
  aCol: number,
  bRow: number,
  bCol: number,
  pa: number,
  pb: number,
) => void;

type GemvExport = (
  a: number,
  b: number,
  c: number,
  m: number,
  k: number,
  aRow: number,
  aCol: number,
  pa: number,
) => void;

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

const PAGE = 65536;
// Signed i32 address arithmetic in the module stays valid below 2 GiB.
const MAX_BYTES = 0x7fff0000;

const align16 = (x: number): number => (x + 15) & ~15;

/**
 * Compiles the GEMM synchronously (so the sync API stays sync; the module is
 * about 2 KiB, under the 4 KiB older Chrome allows for a synchronous compile
 * on the main thread) and checks it
 * on a small product. Returns the kernel, or the reason it cannot run here:
 * no WebAssembly, no SIMD, compilation forbidden (a content security policy
 * or an edge runtime), or a failed self-check.
 */
export function compileWasmGemm(blocking: GemmBlocking = DEFAULT_BLOCKING): WasmGemm | string {
  const api = wasmApi();
  if (api === undefined) return 'WebAssembly is not available in this runtime';
  let gemm: GemmExport;
  let gemv: GemvExport;
  let biasAct: BiasActExport;
  let memory: WasmMemory;
  let bytes: Uint8Array;
  try {
    if (!api.validate(SIMD_PROBE)) return 'WebAssembly SIMD is not supported in this runtime';
    bytes = buildGemmModule(blocking);
    memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    gemm = instance.exports['gemm'] as GemmExport;
    biasAct = instance.exports['bias_act'] as BiasActExport;
    gemv = instance.exports['gemv'] as GemvExport;
    if (typeof gemm !== 'function' || typeof biasAct !== 'function' || typeof gemv !== 'function')
      return 'WebAssembly GEMM module lacks its exports';
  } catch (e) {
    return `WebAssembly compilation failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const { mr, nv } = blocking;
  const nr = 4 * nv;
  const mem = memory;
  let heap = new Float32Array(mem.buffer);
  // Grows the memory to `end` bytes; false when that is past 32-bit addressing or the runtime refuses
  // (the TypeScript kernels then take the work).
  const reserve = (end: number): boolean => {
    if (end > MAX_BYTES) return false;
    if (mem.buffer.byteLength < end) {
      try {
        mem.grow(Math.ceil((end - mem.buffer.byteLength) / PAGE));
      } catch {
        return false;
      }
      heap = new Float32Array(mem.buffer);
    }
    return true;
  };
  // One output column: the matrix-vector kernel, which packs w * k floats of A at a time into the A scratch.
  const gemvFits = (n: number, k: number): boolean => n === 1 && nr * k * 4 <= packBytes(blocking, 1).a;
  const product = (
    aOff: number,
    bOff: number,
    cOff: number,
    m: number,
    k: number,
    n: number,
    aRow: number,
    aCol: number,
    bRow: number,
    bCol: number,
    pa: number,
    pb: number,
  ): void => {
    if (gemvFits(n, k)) gemv(aOff, bOff, cOff, m, k, aRow, aCol, pa);
    else gemm(aOff, bOff, cOff, m, k, n, aRow, aCol, bRow, bCol, pa, pb);
  };

  const kernel: WasmGemm = {
    moduleBytes: bytes.length,
    matmul(a, b, c, m, k, n, transA, transB, epilogue) {
      if (m <= 0 || n <= 0) return true;
      if (k <= 0 && epilogue !== undefined) return false; // nothing to fuse into: the caller's plain path handles it
      if (k <= 0) {
        c.fill(0, 0, m * n);
        return true;
      }
      const pk = packBytes(blocking, n);
      const pa = 0;
      const pb = align16(pa + pk.a);
      const aOff = align16(pb + pk.b);
      const bOff = align16(aOff + m * k * 4);
      const cOff = align16(bOff + k * n * 4);
      const biasOff = align16(cOff + Math.ceil(m / mr) * mr * Math.ceil(n / nr) * nr * 4);
      if (!reserve(biasOff + n * 4)) return false;
      heap.set(a.length === m * k ? a : a.subarray(0, m * k), aOff >> 2);
      heap.set(b.length === k * n ? b : b.subarray(0, k * n), bOff >> 2);
      product(aOff, bOff, cOff, m, k, n, transA ? 1 : k, transA ? m : 1, transB ? 1 : n, transB ? k : 1, pa, pb);
      if (epilogue !== undefined) {
        if (epilogue.bias !== null) heap.set(epilogue.bias.subarray(0, n), biasOff >> 2);
        else heap.fill(0, biasOff >> 2, (biasOff >> 2) + n);
        biasAct(cOff, biasOff, m, n, epilogue.relu ? 1 : 0);
      }
      c.set(heap.subarray(cOff >> 2, (cOff >> 2) + m * n));
      return true;
    },
    denseChain(x, m, steps, out) {
      const last = steps[steps.length - 1];
      if (m <= 0 || last === undefined || steps.some((st) => st.k <= 0)) return false;
      // Layout: packing scratch, every layer's weights and bias, x, then two activation buffers in turn.
      let packB = 0;
      let outFloats = 0;
      for (const st of steps) {
        packB = Math.max(packB, packBytes(blocking, st.n).b);
        outFloats = Math.max(outFloats, Math.ceil(m / mr) * mr * Math.ceil(st.n / nr) * nr);
      }
      const pa = 0;
      const pb = align16(pa + packBytes(blocking, 1).a);
      let cur = align16(pb + packB);
      const offs = steps.map((st) => {
        const w = cur;
        const b = align16(w + st.k * st.n * 4);
        cur = align16(b + st.n * 4);
        return { w, b };
      });
      const xOff = cur;
      const buf0 = align16(xOff + m * (steps[0] as ChainStep).k * 4);
      const buf1 = align16(buf0 + outFloats * 4);
      if (!reserve(buf1 + outFloats * 4)) return false;
      const k0 = (steps[0] as ChainStep).k;
      heap.set(x.length === m * k0 ? x : x.subarray(0, m * k0), xOff >> 2);
      let input = xOff;
      steps.forEach((st, i) => {
        const o = offs[i] as { w: number; b: number };
        heap.set(st.w.length === st.k * st.n ? st.w : st.w.subarray(0, st.k * st.n), o.w >> 2);
        if (st.bias !== null) heap.set(st.bias.subarray(0, st.n), o.b >> 2);
        else heap.fill(0, o.b >> 2, (o.b >> 2) + st.n);
        const output = i % 2 === 0 ? buf0 : buf1;
        product(input, o.w, output, m, st.k, st.n, st.k, 1, st.n, 1, pa, pb);
        biasAct(output, o.b, m, st.n, st.relu ? 1 : 0);
        input = output;
      });
      out.set(heap.subarray(input >> 2, (input >> 2) + m * last.n));
      return true;
    },
  };
  return selfCheck(kernel) ? kernel : 'WebAssembly GEMM disagreed with the TypeScript kernel on its self-check';
}

// Small integers keep every sum exact in float32, so agreement must be exact.
// The shape straddles the register block in every dimension.
function selfCheck(kernel: WasmGemm): boolean {
  return checkShape(kernel, 7, 5, 11) && checkShape(kernel, 19, 6, 1);
}

function checkShape(kernel: WasmGemm, m: number, k: number, n: number): boolean {
  const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 11) - 5);
  const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 13) - 6);
  const want = new Float32Array(m * n);
  const got = new Float32Array(m * n);
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
 * Wraps a compiled GEMM as a backend: it takes float32 products of at least
 * `minWork` multiply-adds (m * k * n) and declines the rest (float64, mixed
 * dtypes, tiny products), which then go to the TypeScript kernels.
 */
export function wasmBackendOf(kernel: WasmGemm, minWork: number = WASM_MIN_WORK): MatmulBackend {
  return {
    name: 'wasm',
    matmul(a, b, c, m, k, n, transA, transB) {
      if (!(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) return false;
      if (m * k * n < minWork) return false;
      return kernel.matmul(a, b, c, m, k, n, transA, transB);
    },
    matmulBiasAct(a, b, c, m, k, n, transA, transB, bias, relu) {
      if (
        !(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) ||
        !(bias === null || bias instanceof Float32Array)
      )
        return false;
      if (m * k * n < minWork) return false;
      return kernel.matmul(a, b, c, m, k, n, transA, transB, { bias, relu });
    },
    denseChain(x, m, steps, out) {
      // Only where every layer would have run here on its own, so the chain gives the same bits.
      if (!(x instanceof Float32Array && out instanceof Float32Array)) return false;
      for (const st of steps) {
        if (
          !(st.w instanceof Float32Array) ||
          !(st.bias === null || st.bias instanceof Float32Array) ||
          m * st.k * st.n < minWork
        )
          return false;
      }
      return kernel.denseChain(x, m, steps as readonly ChainStep[], out);
    },
  };
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
