// Tensor creation: from nested arrays, typed arrays, scijs ndarrays, and the
// constant / random fills. Imports tensor-layer modules only.

import { isTypedArray } from '../core/objects.ts';
import { ShapeError, ValueError, describe } from '../core/errors.ts';
import { type DType, type TypedArray, newArray, isDType } from './dtype.ts';
import { type Shape, sizeOf, fmt, checkShape } from './shape.ts';
import { Tensor, type NdArrayLike } from './tensor.ts';
import type { Rng } from './rng.ts';

/** Anything `tensor()` accepts. */
export type TensorLike = Tensor | NdArrayLike | TypedArray | ArrayLike<number> | readonly unknown[] | number;

export interface CreateOptions {
  shape?: Shape;
  dtype?: DType;
}

/** True for a scijs ndarray (or anything shaped like one). */
export function isNdArrayLike(v: unknown): v is NdArrayLike {
  if (typeof v !== 'object' || v === null || v instanceof Tensor) return false;
  const o = v as Record<string, unknown>;
  return (
    Array.isArray(o.shape) &&
    Array.isArray(o.stride) &&
    typeof o.offset === 'number' &&
    typeof o.data === 'object' &&
    o.data !== null
  );
}

/**
 * Makes a tensor. From a Tensor (copied, cast to `dtype`), nested arrays,
 * a typed array with `shape`, or a scijs ndarray (strides and offset honoured).
 *
 * @example
 * tensor([[1, 2], [3, 4]]);
 * tensor(new Float64Array(6), { shape: [2, 3] });
 */
export function tensor(values: TensorLike, options: CreateOptions = {}): Tensor {
  if (options.dtype !== undefined && !isDType(options.dtype))
    throw new ValueError(
      `tensor: dtype must be 'float32', 'float64' or 'int32'. Got ${describe(options.dtype)} instead.`,
    );
  if (values instanceof Tensor) {
    const dtype = options.dtype ?? values.dtype;
    const data = newArray(dtype, values.size);
    data.set(values.data);
    return new Tensor(data, options.shape ?? values.shape);
  }
  if (isNdArrayLike(values)) return fromNdarray(values, options.dtype);
  if (typeof values === 'number') {
    const data = newArray(options.dtype ?? 'float32', 1);
    data[0] = values;
    return new Tensor(data, options.shape ?? []);
  }
  if (isTypedArray(values)) {
    const dtype =
      options.dtype ??
      (values instanceof Float64Array ? 'float64' : values instanceof Int32Array ? 'int32' : 'float32');
    const shape = options.shape ?? [values.length];
    checkShape('tensor', shape);
    if (sizeOf(shape) !== values.length)
      throw new ShapeError(`tensor: ${values.length} values do not fill shape ${fmt(shape)}`);
    const data = newArray(dtype, values.length);
    data.set(values as ArrayLike<number>);
    return new Tensor(data, shape);
  }
  if (Array.isArray(values)) {
    const shape = inferShape(values);
    const data = newArray(options.dtype ?? 'float32', sizeOf(shape));
    let k = 0;
    const fill = (v: unknown, dim: number): void => {
      if (dim === shape.length) {
        if (typeof v !== 'number' && typeof v !== 'boolean')
          throw new ValueError(`tensor: expected numbers, got ${describe(v)} at flat index ${k}`);
        data[k++] = Number(v);
        return;
      }
      if (!Array.isArray(v) && !isTypedArray(v))
        throw new ShapeError(
          `tensor: ragged nested array: expected a sequence of length ${shape[dim]} at depth ${dim}, got ${describe(v)}`,
        );
      const arr = v as ArrayLike<unknown>;
      if (arr.length !== shape[dim])
        throw new ShapeError(
          `tensor: ragged nested array: a row at depth ${dim} has length ${arr.length}, expected ${shape[dim]}`,
        );
      for (let i = 0; i < arr.length; i++) fill(arr[i], dim + 1);
    };
    fill(values, 0);
    const t = new Tensor(data, shape);
    return options.shape ? t.reshape(options.shape) : t;
  }
  throw new ValueError(`tensor: cannot make a tensor from ${describe(values)}`);
}

function inferShape(values: readonly unknown[]): number[] {
  const shape: number[] = [];
  let v: unknown = values;
  while (Array.isArray(v) || isTypedArray(v)) {
    const arr = v as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    v = arr[0];
  }
  return shape;
}

/** Copies a scijs ndarray (any strides and offset) into a contiguous tensor. */
export function fromNdarray(nd: NdArrayLike, dtype?: DType): Tensor {
  const shape = nd.shape.slice();
  checkShape('fromNdarray', shape);
  const src = nd.data;
  checkStrides(nd, shape);
  const out = newArray(
    dtype ??
      (src instanceof Float64Array || Array.isArray(src) ? 'float64' : src instanceof Int32Array ? 'int32' : 'float32'),
    sizeOf(shape),
  );
  const nd_ = shape.length;
  const idx = new Array<number>(nd_).fill(0);
  for (let o = 0; o < out.length; o++) {
    let p = nd.offset;
    for (let d = 0; d < nd_; d++) p += idx[d] * nd.stride[d];
    out[o] = src[p];
    for (let d = nd_ - 1; d >= 0; d--) {
      idx[d]++;
      if (idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return new Tensor(out, shape);
}

/** Every index the shape, strides and offset reach lies inside the data, checked before anything is read or allocated. */
function checkStrides(nd: NdArrayLike, shape: readonly number[]): void {
  const { stride, offset } = nd;
  const length = (nd.data as ArrayLike<unknown>).length;
  if (
    !Array.isArray(stride) ||
    stride.length !== shape.length ||
    !stride.every(Number.isInteger) ||
    !Number.isInteger(offset)
  ) {
    throw new ShapeError(
      `fromNdarray: strides ${describe(stride)} and offset ${describe(offset)} must be integers, one stride per dimension of ${fmt(shape)}`,
    );
  }
  if (sizeOf(shape) === 0) return;
  let lo = offset,
    hi = offset;
  shape.forEach((n, d) => {
    const reach = (n - 1) * (stride[d] as number);
    if (reach > 0) hi += reach;
    else lo += reach;
  });
  if (lo < 0 || hi >= length) {
    throw new ShapeError(
      `fromNdarray: shape ${fmt(shape)} with strides [${stride.join(',')}] and offset ${offset} reaches index ${lo < 0 ? lo : hi}, outside its ${length} values`,
    );
  }
}

export function full(shape: Shape, value: number, options: { dtype?: DType } = {}): Tensor {
  checkShape('full', shape);
  const data = newArray(options.dtype ?? 'float32', sizeOf(shape));
  data.fill(value);
  return new Tensor(data, shape);
}

export function zeros(shape: Shape, options: { dtype?: DType } = {}): Tensor {
  return full(shape, 0, options);
}

export function ones(shape: Shape, options: { dtype?: DType } = {}): Tensor {
  return full(shape, 1, options);
}

/** Values start, start+step, ... below stop (NumPy's arange). */
export function arange(start: number, stop?: number, step = 1, options: { dtype?: DType } = {}): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError(`arange: step must be a finite non-zero number. Got ${step} instead.`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = newArray(options.dtype ?? 'float32', n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

/** Uniform draws in [min, max) from `rng`. */
export function randomUniform(shape: Shape, options: { rng: Rng; min?: number; max?: number; dtype?: DType }): Tensor {
  checkShape('randomUniform', shape);
  const { rng, min = 0, max = 1 } = options;
  const data = newArray(options.dtype ?? 'float32', sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(min, max);
  return new Tensor(data, shape);
}

/** Normal draws with `mean` and `stddev` from `rng`. */
export function randomNormal(
  shape: Shape,
  options: { rng: Rng; mean?: number; stddev?: number; dtype?: DType },
): Tensor {
  checkShape('randomNormal', shape);
  const { rng, mean = 0, stddev = 1 } = options;
  const data = newArray(options.dtype ?? 'float32', sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = mean + stddev * rng.normal();
  return new Tensor(data, shape);
}
