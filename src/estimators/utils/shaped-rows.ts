// Rows of the shaped containers estimators take besides arrays and Tensors: a typed array with its shape
// (`{ data, shape }`) and a scijs ndarray (any strides and offset), each given back as a new contiguous
// container of the same kind. Imports src/core only; never loads the ndarray package.

import { ValueError, describe } from '../../core/errors.ts';
import { isTypedArray } from '../../core/objects.ts';

/** `{ data, shape }` with optional scijs `stride` / `offset`. */
export interface Shaped {
  data: ArrayLike<unknown>;
  shape: readonly number[];
  stride?: readonly number[];
  offset?: number;
}

/** Row-major strides of a shape. */
function rowMajor(shape: readonly number[]): number[] {
  return shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
}

/** Whether `v` is a typed array with a shape or an ndarray (by structure). */
export function isShaped(v: unknown): v is Shaped {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    Array.isArray(o.shape) &&
    o.shape.length > 0 &&
    o.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) &&
    (isTypedArray(o.data) || Array.isArray(o.data))
  );
}

/**
 * Rows `idx` (first-axis entries) of `a`, copied into a new contiguous container of the same kind: the
 * same typed-array type, and for a scijs ndarray an instance of the same class (its constructor takes the
 * data, every size, every stride, then the offset), so what comes back is a real ndarray.
 */
export function takeShapedRows<A extends Shaped>(a: A, idx: readonly number[]): A {
  const shape = a.shape;
  const rest = shape.slice(1);
  const rowSize = rest.reduce((p, d) => p * d, 1);
  const stride = a.stride ?? rowMajor(shape);
  const offset = a.offset ?? 0;
  if (stride.length !== shape.length || stride.some((s) => !Number.isInteger(s)) || !Number.isInteger(offset))
    throw new ValueError(`Expected strides for every axis of shape [${shape}]; got ${describe(stride)}.`);
  // Each element of a row, as an offset from the row's start (row-major order of the remaining axes).
  const within = new Array<number>(rowSize);
  for (let k = 0; k < rowSize; k++) {
    let rem = k,
      o = 0;
    for (let ax = rest.length - 1; ax >= 0; ax--) {
      const d = rest[ax] as number;
      o += (rem % d) * (stride[ax + 1] as number);
      rem = Math.floor(rem / d);
    }
    within[k] = o;
  }
  const src = a.data;
  const out: { [i: number]: unknown; length: number } = isTypedArray(src)
    ? new (src.constructor as new (n: number) => { [i: number]: number; length: number })(idx.length * rowSize)
    : new Array<unknown>(idx.length * rowSize);
  idx.forEach((i, r) => {
    if (!Number.isInteger(i) || i < 0 || i >= (shape[0] as number))
      throw new ValueError(`Row ${describe(i)} is out of range for ${shape[0]} rows.`);
    const base = offset + i * (stride[0] as number);
    for (let k = 0; k < rowSize; k++) out[r * rowSize + k] = src[base + (within[k] as number)];
  });
  const newShape = [idx.length, ...rest];
  const Ctor = (a as { constructor?: unknown }).constructor;
  const dimension = (a as { dimension?: unknown }).dimension;
  // A scijs ndarray's class: View<d>d<dtype>(data, size0..sized-1, stride0..strided-1, offset).
  if (typeof Ctor === 'function' && dimension === shape.length && Ctor.length === 2 * shape.length + 2)
    return new (Ctor as new (...args: unknown[]) => A)(out, ...newShape, ...rowMajor(newShape), 0);
  const copy: Shaped = { data: out as ArrayLike<unknown>, shape: newShape };
  if (a.stride !== undefined) copy.stride = rowMajor(newShape);
  if (a.offset !== undefined) copy.offset = 0;
  return copy as A;
}
