// The tuned pure-TypeScript matrix product: packed, cache-blocked panels and a
// 4x4 register-blocked micro-kernel. Imports only dtype types; never backend or wasm code.

import type { FloatArray } from '../dtype.ts';

// Micro-tile is MR x NR; sixteen accumulators plus eight operands fit V8's
// sixteen double registers on x64 with a few spills at worst.
const MR = 4;
const NR = 4;
// A KC x NR panel of B (8 KiB of doubles) stays in L1 while every A panel of
// the MC x KC block (128 KiB) streams past it from L2.
const KC = 256;
const MC = 64;
// Bounds the packed B block (KC x NC doubles = 4 MiB) for very wide products.
const NC = 2048;

// Reused between calls so a training loop allocates nothing here after its
// first product. Always Float64Array: the hot loop then sees one element
// kind (monomorphic in V8) whatever the input dtype, and sums in double.
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NR);
let acc = new Float64Array(MR * NR);
// The C accumulator scales with m * n; past 4 MiB it is not kept between
// calls, so one huge product does not pin its scratch for the process lifetime.
const RETAIN = 1 << 19;

function grow(buf: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  return buf.length >= need ? buf : new Float64Array(Math.max(need, buf.length * 2));
}

/**
 * C (m x n) = op(A) . op(B), with the same contract as `matmulReference`:
 * row-major, `transA` means A is stored k x m, `transB` means B is stored
 * n x k, transposes are read through strides, and every element of `c` is
 * overwritten. Float32 and float64 arrays of any mix are accepted.
 *
 * Sums run in double and in the same order as the reference (p = 0..k-1 per
 * element), so float64 results match `matmulReference` bit for bit and
 * float32 results are at least as accurate. Zeros are multiplied like any
 * other value, so NaN and Infinity propagate.
 *
 * @example
 * const c = new Float32Array(m * n);
 * matmulBlocked(x, w, c, m, k, n, false, false); // forward x . w
 * matmulBlocked(x, dy, dw, k, m, n, true, false); // dW = x^T . dY
 */
export function matmulBlocked(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    c.fill(0, 0, m * n);
    return;
  }
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  const mp = Math.ceil(m / MR) * MR;
  const np = Math.ceil(n / NR) * NR;
  const cs = (acc = grow(acc, mp * np));
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const ncp = Math.ceil(nc / NR) * NR;
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      const pb = (packB = grow(packB, kc * ncp));
      packPanels(b, pb, jc, nc, pc, kc, bCol, bRow, NR);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        const mcp = Math.ceil(mc / MR) * MR;
        const pa = (packA = grow(packA, kc * mcp));
        packPanels(a, pa, ic, mc, pc, kc, aRow, aCol, MR);
        for (let jr = 0; jr < ncp; jr += NR) {
          for (let ir = 0; ir < mcp; ir += MR) {
            micro4x4(kc, pa, ir * kc, pb, jr * kc, cs, (ic + ir) * np + jc + jr, np, pc === 0);
          }
        }
      }
    }
  }
  for (let i = 0; i < m; i++) {
    const src = i * np;
    const dst = i * n;
    for (let j = 0; j < n; j++) c[dst + j] = cs[src + j] as number;
  }
  if (acc.length > RETAIN) acc = new Float64Array(MR * NR);
}

/**
 * Packs rows [r0, r0+rows) x depth [p0, p0+kc) of a strided operand into
 * panels of `w` rows, each stored depth-major (w values per depth step).
 * Rows past the edge are zero so the micro-kernel never branches; their
 * results land in padding that is never copied out.
 */
function packPanels(
  src: FloatArray,
  dst: Float64Array,
  r0: number,
  rows: number,
  p0: number,
  kc: number,
  rStride: number,
  pStride: number,
  w: number,
): void {
  let o = 0;
  for (let r = 0; r < rows; r += w) {
    const live = Math.min(w, rows - r);
    for (let p = 0; p < kc; p++) {
      const base = (r0 + r) * rStride + (p0 + p) * pStride;
      let q = 0;
      for (; q < live; q++) dst[o + q] = src[base + q * rStride] as number;
      for (; q < w; q++) dst[o + q] = 0;
      o += w;
    }
  }
}

// One 4x4 tile of C over a depth of kc. `first` starts from zero; later
// depth blocks resume from the stored partial sums, which keeps the summation
// order identical to the reference kernel.
function micro4x4(
  kc: number,
  pa: Float64Array,
  ao: number,
  pb: Float64Array,
  bo: number,
  cs: Float64Array,
  co: number,
  ldc: number,
  first: boolean,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  const r1 = co + ldc,
    r2 = r1 + ldc,
    r3 = r2 + ldc;
  if (!first) {
    c00 = cs[co] as number;
    c01 = cs[co + 1] as number;
    c02 = cs[co + 2] as number;
    c03 = cs[co + 3] as number;
    c10 = cs[r1] as number;
    c11 = cs[r1 + 1] as number;
    c12 = cs[r1 + 2] as number;
    c13 = cs[r1 + 3] as number;
    c20 = cs[r2] as number;
    c21 = cs[r2 + 1] as number;
    c22 = cs[r2 + 2] as number;
    c23 = cs[r2 + 3] as number;
    c30 = cs[r3] as number;
    c31 = cs[r3 + 1] as number;
    c32 = cs[r3 + 2] as number;
    c33 = cs[r3 + 3] as number;
  }
  const end = ao + kc * MR;
  for (; ao < end; ao += MR, bo += NR) {
    const a0 = pa[ao] as number,
      a1 = pa[ao + 1] as number,
      a2 = pa[ao + 2] as number,
      a3 = pa[ao + 3] as number;
    const b0 = pb[bo] as number,
      b1 = pb[bo + 1] as number,
      b2 = pb[bo + 2] as number,
      b3 = pb[bo + 3] as number;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  cs[co] = c00;
  cs[co + 1] = c01;
  cs[co + 2] = c02;
  cs[co + 3] = c03;
  cs[r1] = c10;
  cs[r1 + 1] = c11;
  cs[r1 + 2] = c12;
  cs[r1 + 3] = c13;
  cs[r2] = c20;
  cs[r2 + 1] = c21;
  cs[r2 + 2] = c22;
  cs[r2 + 3] = c23;
  cs[r3] = c30;
  cs[r3 + 1] = c31;
  cs[r3 + 2] = c32;
  cs[r3 + 3] = c33;
}
