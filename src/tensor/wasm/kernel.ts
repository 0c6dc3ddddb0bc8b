// The GEMM over one WebAssembly memory: operand layout, memory growth, the float32 and float64
// modules' exports, the dense-layer epilogue and chain, and the seam where threads split a product.
// Imports the emitter's blocking helpers and wasm types only; no Node built-ins.

import type { FloatArray } from '../dtype.ts';
import { type GemmBlocking, packBytes } from './gemm.ts';
import type { WasmInstance, WasmMemory } from './wasm-api.ts';

/** A compiled GEMM over its own memory, float32 and float64 (each where its module compiles or was handed in). */
export interface WasmGemm {
  /**
   * C = op(A) . op(B) for three arrays of one float type, contract as `matmulReference`.
   * Returns false (C untouched) when the operands do not fit in a 32-bit memory, or their
   * float type has no module here.
   */
  matmul(
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
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
  denseChain(x: FloatArray, m: number, steps: readonly ChainStep[], out: FloatArray): boolean;
  /** Bytes of the float32 module compiled here, for reporting (0 for one handed in). */
  readonly moduleBytes: number;
  /** Whether the float32 kernels multiply-add with relaxed SIMD (fused where the engine fuses). */
  readonly fma: boolean;
  /** Threads a large product is split across (1 without a pool). */
  readonly threads: number;
  /** Why one float type's products decline here (its module neither compiled nor handed in), once known. */
  reason(): string | undefined;
}

/** One dense layer of `denseChain`: w stored k x n. */
export interface ChainStep {
  readonly w: FloatArray;
  readonly k: number;
  readonly n: number;
  readonly bias: FloatArray | null;
  readonly relu: boolean;
}

/** What a dense layer adds to the product while it is still in WebAssembly memory: a row-vector bias, then relu. */
export interface Epilogue {
  bias: FloatArray | null;
  relu: boolean;
}

type BiasActExport = (c: number, bias: number, m: number, n: number, relu: number) => void;
type CompactExport = (c: number, m: number, n: number, ldc: number) => void;
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
/** `tiles`: gemm's arguments plus ldc, C left padded (rows ldc elements apart). */
export type TilesExport = (
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
  ldc: number,
) => void;

/** One element type's instance: its exports, blocking and element size. */
export interface Lane {
  readonly bytes: 4 | 8;
  readonly blocking: GemmBlocking;
  readonly tiles: TilesExport;
  readonly gemv: GemvExport;
  readonly biasAct: BiasActExport;
  readonly compact: CompactExport;
}

/** The exports of an instance of `buildGemmModule`, or null when one is missing. */
export function laneOf(instance: WasmInstance, bytes: 4 | 8, blocking: GemmBlocking): Lane | null {
  const x = instance.exports;
  const lane = { bytes, blocking, tiles: x['tiles'], gemv: x['gemv'], biasAct: x['bias_act'], compact: x['compact'] };
  return [lane.tiles, lane.gemv, lane.biasAct, lane.compact].every((f) => typeof f === 'function')
    ? (lane as Lane)
    : null;
}

/** One product as `tiles` takes it (byte pointers, element strides), C padded to `ldc` columns. */
export interface TilesCall {
  a: number;
  b: number;
  c: number;
  m: number;
  k: number;
  n: number;
  aRow: number;
  aCol: number;
  bRow: number;
  bCol: number;
  ldc: number;
}

/**
 * Splits a product's register tiles across threads (scikeras-ts/threads). Each thread fills its own
 * panel of C with its own packing scratch; every element is still summed in depth order from zero,
 * so the bits are those of one thread.
 */
export interface ParallelGemm {
  /** Threads, this one included; the layout holds one packing scratch per thread. */
  readonly threads: number;
  /**
   * Runs `call` split into panels over the pool (this thread runs `local` on its share), or returns
   * false at once, nothing run, when the product is too small to pay. scratch[t] = [pa, pb] of thread t.
   */
  run(
    lane: 0 | 1,
    local: TilesExport,
    call: TilesCall,
    scratch: readonly (readonly [number, number])[],
    mr: number,
    nr: number,
  ): boolean;
}

const PAGE = 65536;
// Signed i32 address arithmetic in the module stays valid below 2 GiB.
const MAX_BYTES = 0x7fff0000;

// Plain arithmetic, not `(x + 15) & ~15`: bit operators wrap at 2^31 and would turn a too-large offset negative,
// so the memory check below would never decline.
const align16 = (x: number): number => Math.ceil(x / 16) * 16;

/** The parts `gemmKernel` runs on. */
export interface KernelParts {
  memory: WasmMemory;
  /** The float32 lane (null: float32 declines). */
  f32: Lane | null;
  /** The float64 lane, compiled at the first float64 product (null: float64 declines). */
  f64: () => Lane | null;
  moduleBytes: number;
  fma: boolean;
  parallel?: ParallelGemm;
  /** What `WasmGemm.reason` reports. */
  reason: () => string | undefined;
}

/** The GEMM of `parts` behind the `WasmGemm` contract. */
export function gemmKernel(parts: KernelParts): WasmGemm {
  const mem = parts.memory;
  const par = parts.parallel;
  const sets = par === undefined ? 1 : par.threads;
  let buffer = mem.buffer;
  let heap32 = new Float32Array(buffer);
  let heap64 = new Float64Array(buffer);
  const heapOf = (bytes: number): FloatArray => {
    // A shared memory grown elsewhere keeps its old buffer object valid but short: refresh by length.
    if (mem.buffer.byteLength !== buffer.byteLength) {
      buffer = mem.buffer;
      heap32 = new Float32Array(buffer);
      heap64 = new Float64Array(buffer);
    }
    return bytes === 8 ? heap64 : heap32;
  };
  // Grows the memory to `end` bytes; false when that is past 32-bit addressing or the runtime refuses
  // (the TypeScript kernels then take the work).
  const reserve = (end: number): boolean => {
    if (!(end >= 0 && end <= MAX_BYTES)) return false;
    if (mem.buffer.byteLength < end) {
      try {
        mem.grow(Math.ceil((end - mem.buffer.byteLength) / PAGE));
      } catch {
        return false;
      }
    }
    return true;
  };
  const laneFor = (x: FloatArray): Lane | null => (x instanceof Float64Array ? parts.f64() : parts.f32);
  // Packing scratch for every thread: [pa, pb] pairs from byte 0, rewritten in place (no allocation per
  // product); returns the first free byte.
  const pairs: [number, number][] = Array.from({ length: sets }, (): [number, number] => [0, 0]);
  const scratchFor = (lane: Lane, n: number): number => {
    const pk = packBytes(lane.blocking, n, lane.bytes);
    let at = 0;
    for (const pair of pairs) {
      pair[0] = at;
      pair[1] = align16(at + pk.a);
      at = align16(pair[1] + pk.b);
    }
    return at;
  };
  const call: TilesCall = { a: 0, b: 0, c: 0, m: 0, k: 0, n: 0, aRow: 0, aCol: 0, bRow: 0, bCol: 0, ldc: 0 };
  const padded = (lane: Lane, m: number, n: number): number => {
    const { mr, nv } = lane.blocking;
    const nr = (16 / lane.bytes) * nv;
    return Math.ceil(m / mr) * mr * Math.ceil(n / nr) * nr;
  };
  // One output column: the matrix-vector kernel, which packs w * k values of A at a time into the A scratch.
  const product = (
    lane: Lane,
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
  ): void => {
    const [pa, pb] = pairs[0] as [number, number];
    const { mr, nv } = lane.blocking;
    const nr = (16 / lane.bytes) * nv;
    if (n === 1 && nr * k * lane.bytes <= packBytes(lane.blocking, 1, lane.bytes).a) {
      lane.gemv(aOff, bOff, cOff, m, k, aRow, aCol, pa);
      return;
    }
    const ldc = Math.ceil(n / nr) * nr;
    if (par !== undefined) {
      call.a = aOff;
      call.b = bOff;
      call.c = cOff;
      call.m = m;
      call.k = k;
      call.n = n;
      call.aRow = aRow;
      call.aCol = aCol;
      call.bRow = bRow;
      call.bCol = bCol;
      call.ldc = ldc;
    }
    if (par === undefined || !par.run(lane.bytes === 8 ? 1 : 0, lane.tiles, call, pairs, mr, nr)) {
      lane.tiles(aOff, bOff, cOff, m, k, n, aRow, aCol, bRow, bCol, pa, pb, ldc);
    }
    if (ldc !== n) lane.compact(cOff, m, n, ldc);
  };

  return {
    moduleBytes: parts.moduleBytes,
    fma: parts.fma,
    threads: sets,
    reason: parts.reason,
    matmul(a, b, c, m, k, n, transA, transB, epilogue) {
      if (m <= 0 || n <= 0) return true;
      if (k <= 0 && epilogue !== undefined) return false; // nothing to fuse into: the caller's plain path handles it
      if (k <= 0) {
        c.fill(0, 0, m * n);
        return true;
      }
      const lane = laneFor(c);
      if (lane === null) return false;
      const B = lane.bytes;
      const aOff = scratchFor(lane, n);
      const bOff = align16(aOff + m * k * B);
      const cOff = align16(bOff + k * n * B);
      const biasOff = align16(cOff + padded(lane, m, n) * B);
      if (!reserve(biasOff + n * B)) return false;
      const heap = heapOf(B);
      heap.set(a.length === m * k ? a : a.subarray(0, m * k), aOff / B);
      heap.set(b.length === k * n ? b : b.subarray(0, k * n), bOff / B);
      product(lane, aOff, bOff, cOff, m, k, n, transA ? 1 : k, transA ? m : 1, transB ? 1 : n, transB ? k : 1);
      if (epilogue !== undefined) {
        if (epilogue.bias !== null) heap.set(epilogue.bias.subarray(0, n), biasOff / B);
        else heap.fill(0, biasOff / B, biasOff / B + n);
        lane.biasAct(cOff, biasOff, m, n, epilogue.relu ? 1 : 0);
      }
      c.set(heap.subarray(cOff / B, cOff / B + m * n));
      return true;
    },
    denseChain(x, m, steps, out) {
      const last = steps[steps.length - 1];
      if (m <= 0 || last === undefined || steps.some((st) => st.k <= 0)) return false;
      const lane = laneFor(out);
      if (lane === null) return false;
      const B = lane.bytes;
      // Layout: packing scratch, every layer's weights and bias, x, then two activation buffers in turn.
      let widest = 1;
      let outValues = 0;
      for (const st of steps) {
        widest = Math.max(widest, st.n);
        outValues = Math.max(outValues, padded(lane, m, st.n));
      }
      let cur = scratchFor(lane, widest);
      const offs = steps.map((st) => {
        const w = cur;
        const b = align16(w + st.k * st.n * B);
        cur = align16(b + st.n * B);
        return { w, b };
      });
      const xOff = cur;
      const buf0 = align16(xOff + m * (steps[0] as ChainStep).k * B);
      const buf1 = align16(buf0 + outValues * B);
      if (!reserve(buf1 + outValues * B)) return false;
      const heap = heapOf(B);
      const k0 = (steps[0] as ChainStep).k;
      heap.set(x.length === m * k0 ? x : x.subarray(0, m * k0), xOff / B);
      let input = xOff;
      steps.forEach((st, i) => {
        const o = offs[i] as { w: number; b: number };
        heap.set(st.w.length === st.k * st.n ? st.w : st.w.subarray(0, st.k * st.n), o.w / B);
        if (st.bias !== null) heap.set(st.bias.subarray(0, st.n), o.b / B);
        else heap.fill(0, o.b / B, o.b / B + st.n);
        const output = i % 2 === 0 ? buf0 : buf1;
        product(lane, input, o.w, output, m, st.k, st.n, st.k, 1, st.n, 1);
        lane.biasAct(output, o.b, m, st.n, st.relu ? 1 : 0);
        input = output;
      });
      out.set(heap.subarray(input / B, input / B + m * last.n));
      return true;
    },
  };
}
