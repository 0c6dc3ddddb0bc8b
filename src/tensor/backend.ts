// The matmul backend seam: the one place where a faster implementation
// (WebAssembly SIMD, gpu.js) plugs in. Only matrix products cross it; every
// other kernel is plain TypeScript. Must not import autograd, nn or gpu code.

import type { FloatArray } from './dtype.ts';
import { ShapeError } from '../core/errors.ts';
import { matmulBlocked } from './kernels/matmul-blocked.ts';
import { matmulReference } from './kernels/matmul-reference.ts';
import { wasmProvider } from './wasm/index.ts';

/**
 * A provider of dense matrix products over row-major contiguous arrays.
 *
 * `matmul` computes C (m x n) = op(A) . op(B), where op(A) is m x k and op(B)
 * is k x n; `transA` means A is stored k x m, `transB` means B is stored
 * n x k. It overwrites every element of `c` and never builds a transpose.
 * It returns false to decline (a dtype or size it does not take), and the
 * caller then falls back to the next backend.
 */
export interface MatmulBackend {
  readonly name: 'typescript' | 'wasm' | 'gpu.js' | (string & {});
  matmul(
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): boolean;
  /**
   * Optional: the same product followed by C += bias (a row vector, or none)
   * and, with `relu`, C = max(C, 0) keeping NaN, done while the result is
   * still in the backend's own memory. Returning false (or not having it)
   * makes the caller apply them itself after `matmul`.
   */
  matmulBiasAct?(
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    bias: FloatArray | null,
    relu: boolean,
  ): boolean;
  /**
   * Optional: several dense layers in a row (inference), each layer's output staying in the
   * backend's memory as the next one's input; the same values as one matmulBiasAct per layer.
   * Returning false makes the caller run the layers one by one.
   */
  denseChain?(x: FloatArray, m: number, steps: readonly DenseStep[], out: FloatArray): boolean;
  /** Optional: what `backendInfo()` adds for this backend (threads, fma, why a float type declines). */
  describe?(): Pick<BackendInfo, 'threads' | 'fma' | 'reason'>;
}

/** One dense layer of `denseChainInto`: y = x . w (w stored k x n) + bias, then relu when asked. */
export interface DenseStep {
  readonly w: FloatArray;
  readonly k: number;
  readonly n: number;
  readonly bias: FloatArray | null;
  readonly relu: boolean;
}

/** What `backendInfo()` reports. */
export interface BackendInfo {
  backend: string;
  mode: string | null;
  threshold: number | null;
  /** CPU backends: threads a large product is split across (1 unless scikeras-ts/threads started a pool). */
  threads?: number;
  /**
   * WASM: whether float32 products multiply-add with relaxed SIMD (fused on most engines, so the last
   * bits may differ from plain SIMD); float64 never fuses.
   */
  fma?: boolean;
  /**
   * Why the preferred CPU backend is not in use, when it is not; or, WASM, why one float type's
   * products run on the TypeScript kernels (float64 where its module neither compiles nor was handed in).
   */
  reason?: string;
}

/**
 * Smallest m * k * n that goes to the blocked kernel. Below it, or with fewer
 * than 4 rows or columns (the blocked kernel pads those to its 4 x 4 tile),
 * the reference loop is as fast or faster (bench/matmul.ts).
 */
export const BLOCKED_MIN_WORK = 256;

/**
 * The pure TypeScript kernels: always available. Products of at least
 * `BLOCKED_MIN_WORK` multiply-adds use the blocked kernel, smaller or skinny
 * ones the reference loop, which stays the oracle every backend is tested against.
 */
export const typescriptBackend: MatmulBackend = {
  name: 'typescript',
  matmul(a, b, c, m, k, n, transA, transB) {
    if (m >= 4 && n >= 4 && m * k * n >= BLOCKED_MIN_WORK) matmulBlocked(a, b, c, m, k, n, transA, transB);
    else matmulReference(a, b, c, m, k, n, transA, transB);
    return true;
  },
};

/** Finds the default CPU backend (see `setCpuProvider`). */
export interface CpuProvider {
  /** Called once, at the first product: returns the backend or the reason it cannot run. */
  detect(): MatmulBackend | string;
}

// WASM SIMD by default; detection (and compilation) waits for the first product.
let cpuProvider: CpuProvider | null = wasmProvider;
let cpu: MatmulBackend | null = null;
let cpuReason: string | undefined;
let accelerated: { backend: MatmulBackend; info: BackendInfo } | null = null;

/**
 * Sets how the default CPU backend is found (the WASM SIMD module registers
 * here). Detection is deferred to the first product, so importing has no side
 * effects and a runtime without WebAssembly never compiles anything.
 */
export function setCpuProvider(provider: CpuProvider | null): void {
  cpuProvider = provider;
  cpu = null;
  cpuReason = undefined;
}

function cpuBackend(): MatmulBackend {
  if (cpu === null) {
    const found = cpuProvider === null ? null : cpuProvider.detect();
    if (found === null || typeof found === 'string') {
      cpu = typescriptBackend;
      cpuReason = found ?? undefined;
    } else {
      cpu = found;
    }
  }
  return cpu;
}

/**
 * Routes products to an accelerated backend (gpu.js) ahead of the CPU one;
 * `null` returns to the CPU. The accelerated backend declines what it does not take.
 */
export function setAcceleratedBackend(backend: MatmulBackend | null, info?: BackendInfo): void {
  accelerated =
    backend === null ? null : { backend, info: info ?? { backend: backend.name, mode: null, threshold: null } };
}

/** Forces the CPU backend (for tests and benchmarks); `null` restores detection. */
export function forceCpuBackend(backend: MatmulBackend | null): void {
  cpu = backend;
  cpuReason = undefined;
}

/** Which backend runs matrix products now. */
export function backendInfo(): BackendInfo {
  if (accelerated !== null) return { ...accelerated.info };
  const b = cpuBackend();
  const info: BackendInfo = { backend: b.name, mode: null, threshold: null, threads: 1, ...b.describe?.() };
  if (cpuReason !== undefined) info.reason = cpuReason;
  return info;
}

/** C = op(A) . op(B) through the active backend chain. Callers check shapes. */
export function matmulInto(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (accelerated !== null && accelerated.backend.matmul(a, b, c, m, k, n, transA, transB)) return;
  if (cpuBackend().matmul(a, b, c, m, k, n, transA, transB)) return;
  typescriptBackend.matmul(a, b, c, m, k, n, transA, transB);
}

/**
 * The dense layers `steps` applied to the m rows of `x`, written to `out` (m x the last n), in the
 * CPU backend's chained form when it has one. Returns false when nothing ran (an accelerated
 * backend is active, or the CPU backend declined): the caller then runs the layers one by one.
 */
export function denseChainInto(x: FloatArray, m: number, steps: readonly DenseStep[], out: FloatArray): boolean {
  const first = steps[0],
    last = steps[steps.length - 1];
  if (first === undefined || last === undefined) throw new ShapeError('denseChainInto: no layers');
  if (!Number.isInteger(m) || m < 0 || x.length < m * first.k)
    throw new ShapeError(`denseChainInto: x has ${x.length} values, fewer than ${m} rows x ${first.k}`);
  steps.forEach((st, i) => {
    if (i > 0 && st.k !== (steps[i - 1] as DenseStep).n)
      throw new ShapeError(
        `denseChainInto: layer ${i} takes ${st.k} inputs but layer ${i - 1} gives ${(steps[i - 1] as DenseStep).n}`,
      );
    if (st.w.length < st.k * st.n || (st.bias !== null && st.bias.length < st.n))
      throw new ShapeError(`denseChainInto: layer ${i} needs a ${st.k} x ${st.n} kernel and ${st.n} biases`);
  });
  if (out.length < m * last.n)
    throw new ShapeError(`denseChainInto: out has ${out.length} values, fewer than ${m} x ${last.n}`);
  if (accelerated !== null) return false;
  const backend = cpuBackend();
  return backend.denseChain !== undefined && backend.denseChain(x, m, steps, out);
}

/**
 * C = op(A) . op(B) + bias, then relu when asked, in the CPU backend's fused
 * form when it has one (a dense layer's forward). Returns false when nothing
 * fused it (an accelerated backend is active, or the CPU backend declined):
 * the caller then runs `matmulInto` and applies bias and activation itself.
 */
export function matmulBiasActInto(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
  bias: FloatArray | null,
  relu: boolean,
): boolean {
  if (accelerated !== null) return false;
  const backend = cpuBackend();
  return backend.matmulBiasAct !== undefined && backend.matmulBiasAct(a, b, c, m, k, n, transA, transB, bias, relu);
}
