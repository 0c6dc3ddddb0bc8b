// gpu.js matrix-product kernels: their source text, one compiled kernel per
// shape (cached), and the copy of each result into the caller's array. Must not import gpu.js.

import { BackendUnavailableError } from '../core/errors.ts';
import type { GpuJsInstance, GpuJsKernel } from './gpujs-types.ts';

/**
 * How a kernel splits the work. `rows4`: each thread computes 4 output rows of
 * one column and returns them as `Array(4)`, so on webasm one gathered read of
 * B feeds 4 multiply-adds: gpu.js's webasm SIMD turns every read indexed by thread.x
 * into a 4-lane gather, and this kernel needs one per 16 multiply-adds instead of per 4
 * (measured 2x the one-cell kernel: 3.6 against 1.8 GFLOP/s at 128^3).
 * `plain`: one output cell per thread, the textbook kernel that every GL backend runs.
 */
export type Formulation = 'rows4' | 'plain';

// op(A)[row, p] and op(B)[p, x] read in place: a transposed operand is only a different index.
function aAt(row: string, transA: boolean): string {
  return transA ? `a[p * this.constants.M + ${row}]` : `a[${row} * this.constants.K + p]`;
}

function bAt(col: string, transB: boolean): string {
  return transB ? `b[${col} * this.constants.K + p]` : `b[p * this.constants.N + ${col}]`;
}

/**
 * Kernel source for C = op(A) . op(B). Loop bounds are the constants M, K, N:
 * gpu.js caps a loop whose bound is an argument at 1000 iterations, silently.
 * `rows4` clamps the rows past M to row M - 1 (computed, then dropped on copy),
 * so any M works without padding A.
 */
export function kernelSource(form: Formulation, transA: boolean, transB: boolean): string {
  if (form === 'plain') {
    return `function (a, b) {
  const x = this.thread.x;
  const y = this.thread.y;
  let s = 0;
  for (let p = 0; p < this.constants.K; p++) {
    s += ${aAt('y', transA)} * ${bAt('x', transB)};
  }
  return s;
}`;
  }
  return `function (a, b) {
  const x = this.thread.x;
  const r0 = this.thread.y * 4;
  const r1 = Math.min(r0 + 1, this.constants.M - 1);
  const r2 = Math.min(r0 + 2, this.constants.M - 1);
  const r3 = Math.min(r0 + 3, this.constants.M - 1);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let p = 0; p < this.constants.K; p++) {
    const bv = ${bAt('x', transB)};
    s0 += ${aAt('r0', transA)} * bv;
    s1 += ${aAt('r1', transA)} * bv;
    s2 += ${aAt('r2', transA)} * bv;
    s3 += ${aAt('r3', transA)} * bv;
  }
  return [s0, s1, s2, s3];
}`;
}

type Cells = ArrayLike<ArrayLike<ArrayLike<number>>>;

/**
 * Copies a `rows4` result (`out[y][x][j]` = C[4y + j, x]) into row-major `c`.
 * webasm hands back views on one fresh buffer laid out `((y * n + x) * 4 + j)`;
 * when the views really are laid out that way the copy reads the buffer directly.
 */
export function copyRows4(out: unknown, c: Float32Array, m: number, n: number): void {
  const grid = out as Cells;
  const groups = Math.ceil(m / 4);
  const first = grid[0]?.[0];
  const last = grid[groups - 1]?.[n - 1];
  if (
    first instanceof Float32Array &&
    last instanceof Float32Array &&
    last.buffer === first.buffer &&
    last.byteOffset === first.byteOffset + (groups * n - 1) * 16
  ) {
    const d = new Float32Array(first.buffer, first.byteOffset, groups * n * 4);
    for (let y = 0; y < groups; y++) {
      for (let j = 0; j < 4 && 4 * y + j < m; j++) {
        const ci = (4 * y + j) * n;
        const base = y * n * 4 + j;
        for (let x = 0; x < n; x++) c[ci + x] = d[base + 4 * x] as number;
      }
    }
    return;
  }
  for (let y = 0; y < groups; y++) {
    const row = grid[y] as ArrayLike<ArrayLike<number>>;
    for (let j = 0; j < 4 && 4 * y + j < m; j++) {
      const ci = (4 * y + j) * n;
      for (let x = 0; x < n; x++) c[ci + x] = (row[x] as ArrayLike<number>)[j] as number;
    }
  }
}

/** Copies a `plain` result (`out[i]` = row i of C) into row-major `c`. */
export function copyPlain(out: unknown, c: Float32Array, m: number, n: number): void {
  const rows = out as ArrayLike<ArrayLike<number>>;
  for (let i = 0; i < m; i++) {
    const row = rows[i] as ArrayLike<number>;
    if (row instanceof Float32Array && row.length === n) c.set(row, i * n);
    else for (let x = 0; x < n; x++) c[i * n + x] = row[x] as number;
  }
}

interface Entry {
  kernel: GpuJsKernel;
  checked: boolean;
}

/** How many compiled kernels a cache keeps before destroying the least recently used. */
export const KERNEL_CACHE_LIMIT = 64;

/**
 * One compiled gpu.js kernel per (m, k, n, transA, transB), created at the
 * shape's first product. The cache is bounded: a webasm kernel owns its own
 * WebAssembly memory, and predicting on ever-new batch sizes must not pin them all.
 *
 * @example
 * const kernels = new MatmulKernels(new GPU({ mode: 'webasm' }), 'webasm', 'rows4');
 * kernels.run(a, b, c, m, k, n, false, false); // c = a . b
 */
export class MatmulKernels {
  private readonly cache = new Map<string, Entry>();
  /** Products run so far. */
  products = 0;

  private readonly gpu: GpuJsInstance;
  /** The gpu.js mode the instance was created with; a kernel that ends up elsewhere is an error. */
  readonly mode: string;
  /** Which kernel formulation this cache compiles. */
  readonly form: Formulation;
  /** Most kernels kept (least recently used destroyed first). */
  readonly limit: number;

  constructor(gpu: GpuJsInstance, mode: string, form: Formulation, limit: number = KERNEL_CACHE_LIMIT) {
    this.gpu = gpu;
    this.mode = mode;
    this.form = form;
    this.limit = limit;
  }

  /** Number of compiled kernels held. */
  get size(): number {
    return this.cache.size;
  }

  /** The cached shapes, least recently used first, as `${m}x${k}x${n}` plus N/T for each operand. */
  shapes(): string[] {
    return [...this.cache.keys()];
  }

  /** c (m x n) = op(a) . op(b); `a` and `b` hold at least m*k and k*n elements. */
  run(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void {
    const key = `${m}x${k}x${n}${transA ? 'T' : 'N'}${transB ? 'T' : 'N'}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      const rows = this.form === 'rows4' ? Math.ceil(m / 4) : m;
      entry = {
        kernel: this.gpu.createKernel(kernelSource(this.form, transA, transB), {
          output: [n, rows],
          constants: { M: m, K: k, N: n },
          precision: 'single',
        }),
        checked: false,
      };
      if (this.cache.size >= this.limit) this.evictOldest();
    } else {
      this.cache.delete(key); // re-inserted below: Map order is the recency order
    }
    this.cache.set(key, entry);
    // webasm rejects an argument whose length changes between calls: pass exactly the operand.
    const out = entry.kernel(
      a.length === m * k ? a : a.subarray(0, m * k),
      b.length === k * n ? b : b.subarray(0, k * n),
    );
    if (!entry.checked) {
      this.checkMode(entry.kernel, key);
      entry.checked = true;
    }
    if (this.form === 'rows4') copyRows4(out, c, m, n);
    else copyPlain(out, c, m, n);
    this.products++;
  }

  /** Destroys every compiled kernel. */
  destroy(): void {
    for (const { kernel } of this.cache.values()) kernel.destroy(true);
    this.cache.clear();
  }

  private evictOldest(): void {
    const oldest = this.cache.keys().next();
    if (oldest.done === true) return;
    this.cache.get(oldest.value)?.kernel.destroy(true);
    this.cache.delete(oldest.value);
  }

  // gpu.js degrades a kernel it cannot compile for webasm to its cpu backend
  // with only a console warning; here that is an error, not a silent fallback.
  private checkMode(kernel: GpuJsKernel, key: string): void {
    const impl = kernel.kernel;
    const actual = impl?.constructor.mode;
    // gpu.js's GL kernel classes (WebGL, WebGL2, headless-gl) all report the static mode 'gpu'.
    const expected = this.mode === 'webgl2' || this.mode === 'webgl' || this.mode === 'headlessgl' ? 'gpu' : this.mode;
    if (actual === expected) return;
    const why = typeof impl?.fallbackReason === 'string' ? `: ${impl.fallbackReason}` : '';
    throw new BackendUnavailableError(
      `gpu.js mode '${this.mode}': the ${key} matmul kernel runs on '${String(actual)}' instead${why}`,
    );
  }
}
