// Element types and their typed-array storage. Imports only the error module.

import { ShapeError, ValueError } from '../core/errors.ts';

/** Element type of a tensor. Arithmetic runs in float32 or float64; int32 holds indices (argmax). */
export type DType = 'float32' | 'float64' | 'int32';
/** Storage of a tensor: always a contiguous typed array. */
export type TypedArray = Float32Array | Float64Array | Int32Array;
/** Storage of a floating-point tensor. */
export type FloatArray = Float32Array | Float64Array;

/** The most elements one tensor may hold (2^31 - 1: what typed arrays index everywhere, WASM memory included). */
export const MAX_ELEMENTS = 2147483647;

// Elements the current `withAllocationBudget` call may still allocate (null: no budget in force).
let budget: { left: number; what: string } | null = null;

/**
 * Runs `f` with at most `limit` elements allocated through newArray (nested budgets take the smaller); past it,
 * a ValueError naming `what` is thrown before the allocation. Loading model JSON from outside builds its weights
 * inside one, so a small file cannot make us allocate gigabytes.
 */
export function withAllocationBudget<T>(limit: number, what: string, f: () => T): T {
  const outer = budget;
  budget = { left: Math.min(limit, outer === null ? Infinity : outer.left), what };
  try {
    return f();
  } finally {
    if (outer !== null && budget !== null) outer.left -= Math.min(limit, outer.left) - budget.left;
    budget = outer;
  }
}

/** Allocates zeroed storage of `n` elements; a size no runtime can allocate is a ShapeError, not a RangeError. */
export function newArray(dtype: DType, n: number): TypedArray {
  if (!Number.isInteger(n) || n < 0 || n > MAX_ELEMENTS) {
    throw new ShapeError(`cannot allocate ${n} ${dtype} values: a tensor holds at most ${MAX_ELEMENTS} elements`);
  }
  if (budget !== null) {
    if (n > budget.left) throw new ValueError(`${budget.what} (${n} more values asked for, ${budget.left} left)`);
    budget.left -= n;
  }
  try {
    return allocate(dtype, n);
  } catch (e) {
    throw new ShapeError(
      `cannot allocate ${n} ${dtype} values (${(n * (dtype === 'float64' ? 8 : 4)) / 2 ** 20} MiB): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    default:
      return dtype satisfies never;
  }
}

/** The dtype a typed array stores. */
export function dtypeOf(a: TypedArray): DType {
  return a instanceof Float64Array ? 'float64' : a instanceof Float32Array ? 'float32' : 'int32';
}

/** Result dtype of combining two operands: float64 wins, otherwise float32 (int32 promotes to float32). */
export function promote(a: DType, b: DType): 'float32' | 'float64' {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** Float dtype for the result of a float op on `a` (int32 becomes float32). */
export function floatOf(a: DType): 'float32' | 'float64' {
  return a === 'float64' ? 'float64' : 'float32';
}

export function isDType(v: unknown): v is DType {
  return v === 'float32' || v === 'float64' || v === 'int32';
}
