// Element types and their typed-array storage. Imports nothing.

/** Element type of a tensor. Arithmetic runs in float32 or float64; int32 holds indices (argmax). */
export type DType = 'float32' | 'float64' | 'int32';
/** Storage of a tensor: always a contiguous typed array. */
export type TypedArray = Float32Array | Float64Array | Int32Array;
/** Storage of a floating-point tensor. */
export type FloatArray = Float32Array | Float64Array;

/** Allocates zeroed storage of `n` elements. */
export function newArray(dtype: DType, n: number): TypedArray {
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
