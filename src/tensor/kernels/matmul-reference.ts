// The plain TypeScript matrix product: short enough to check by eye, used as
// the oracle for every faster kernel. Imports nothing.

import type { FloatArray } from '../dtype.ts';

/**
 * C (m x n) = op(A) . op(B) over row-major arrays, op = transpose when the
 * flag is set (A stored k x m, B stored n x k). Strides replace transposes.
 * Loop order i-p-j keeps the innermost loop contiguous in C.
 */
export function matmulReference(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  const aRow = transA ? 1 : k; // stride between rows i of op(A)
  const aCol = transA ? m : 1; // stride between columns p of op(A)
  const bRow = transB ? 1 : n; // stride between rows p of op(B)
  const bCol = transB ? k : 1; // stride between columns j of op(B)
  c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[i * aRow + p * aCol] as number;
      const bp = p * bRow;
      for (let j = 0; j < n; j++) c[ci + j] = (c[ci + j] as number) + av * (b[bp + j * bCol] as number);
    }
  }
}
