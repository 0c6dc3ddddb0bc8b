// The Tensor type: a contiguous typed array plus a shape. It knows nothing of
// gradients (autograd subclasses it). Imports dtype, shape, alloc, errors.

import { ShapeError } from '../core/errors.ts';
import type { DType, TypedArray } from './dtype.ts';
import { dtypeOf } from './dtype.ts';
import { alloc } from './alloc.ts';
import { type Shape, sizeOf, fmt, normAxis } from './shape.ts';

/** Nested JavaScript arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

/** The nested arrays of a tensor of rank R: `number` (0), `number[]` (1), `number[][]` (2), ... up to 4. */
export type ArrayOfRank<R extends 0 | 1 | 2 | 3 | 4> = [number, number[], number[][], number[][][], number[][][][]][R];

/** A scijs ndarray, recognised by shape alone so the core never loads the package. */
export interface NdArrayLike {
  data: ArrayLike<number>;
  shape: readonly number[];
  stride: readonly number[];
  offset: number;
}

/**
 * An n-dimensional array over contiguous row-major storage.
 *
 * @example
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape; // [2, 2]
 */
export class Tensor {
  readonly data: TypedArray;
  readonly shape: readonly number[];
  readonly dtype: DType;

  constructor(data: TypedArray, shape: Shape) {
    const n = sizeOf(shape);
    if (data.length !== n)
      throw new ShapeError(`Tensor: data has ${data.length} elements but shape ${fmt(shape)} needs ${n}`);
    this.data = data;
    this.shape = shape.slice();
    this.dtype = dtypeOf(data);
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Nested arrays of numbers (a plain number for a scalar). With the rank it must have, the result is typed
   * for it (`model.predict(X).toArray(2)` is a `number[][]`) and a tensor of another rank is a ShapeError.
   */
  toArray(): NestedArray;
  toArray<R extends 0 | 1 | 2 | 3 | 4>(rank: R): ArrayOfRank<R>;
  toArray(rank?: number): NestedArray {
    const { data, shape } = this;
    if (rank !== undefined && rank !== shape.length)
      throw new ShapeError(`toArray: expected rank ${rank}, got shape ${fmt(shape)}`);
    if (shape.length === 0) return data[0] as number;
    const build = (dim: number, offset: number): NestedArray[] => {
      const len = shape[dim] as number;
      const stride = sizeOf(shape.slice(dim + 1));
      const out: NestedArray[] = new Array(len);
      for (let i = 0; i < len; i++)
        out[i] = dim === shape.length - 1 ? (data[offset + i] as number) : build(dim + 1, offset + i * stride);
      return out;
    };
    return build(0, 0);
  }

  /**
   * A scijs ndarray sharing this tensor's data. The only call that loads the
   * `ndarray` package (which compiles code with `new Function`), so it is
   * asynchronous and nothing else in the core depends on it.
   */
  async toNdarray(): Promise<NdArrayLike> {
    const mod: unknown = await import('ndarray');
    const factory = (typeof mod === 'function' ? mod : (mod as { default: unknown }).default) as NdFactory;
    return factory(this.data, this.shape.slice());
  }

  /** The same data seen with another shape (one dimension may be -1). */
  reshape(shape: Shape): Tensor {
    return new Tensor(this.data, resolveReshape(this.shape, shape));
  }

  /** A copy with axes permuted (reversed when `axes` is omitted). */
  transpose(axes?: readonly number[]): Tensor {
    return transposeTensor(this, axes);
  }

  /** Element at a multi-index (for tests and debugging, not for loops). */
  get(...index: number[]): number {
    if (index.length !== this.shape.length)
      throw new ShapeError(`Tensor.get: expected ${this.shape.length} indices, got ${index.length}`);
    let flat = 0;
    for (let i = 0; i < index.length; i++) {
      const d = this.shape[i] as number;
      const ix = index[i] as number;
      if (!Number.isInteger(ix) || ix < 0 || ix >= d)
        throw new ShapeError(`Tensor.get: index ${ix} out of range for dimension ${i} of size ${d}`);
      flat = flat * d + ix;
    }
    return this.data[flat] as number;
  }

  toString(): string {
    return `Tensor(${this.dtype}, ${fmt(this.shape)})`;
  }
}

type NdFactory = (data: ArrayLike<number>, shape: number[]) => NdArrayLike;

export function resolveReshape(from: Shape, to: Shape): number[] {
  const n = sizeOf(from);
  const out = to.slice();
  const unknown = out.indexOf(-1);
  if (unknown !== -1) {
    const rest = sizeOf(out.filter((_, i) => i !== unknown));
    if (rest === 0 || n % rest !== 0) throw new ShapeError(`reshape: cannot reshape ${fmt(from)} into ${fmt(to)}`);
    out[unknown] = n / rest;
  }
  if (out.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(out) !== n) {
    throw new ShapeError(`reshape: cannot reshape ${fmt(from)} (${n} elements) into ${fmt(to)}`);
  }
  return out;
}

/** Materialises a permutation of axes (matmul never needs this: it takes flags). */
export function transposeTensor(t: Tensor, axes?: readonly number[]): Tensor {
  const nd = t.ndim;
  const perm = axes ? axes.map((a) => normAxis('transpose', a, nd)) : Array.from({ length: nd }, (_, i) => nd - 1 - i);
  if (perm.length !== nd || new Set(perm).size !== nd)
    throw new ShapeError(`transpose: axes [${axes?.join(',')}] are not a permutation of ${nd} axes`);
  const outShape = perm.map((p) => t.shape[p] as number);
  const out = alloc(t.dtype, t.size);
  const inStrides = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= t.shape[i] as number;
  }
  if (nd === 2) {
    const [r, c] = t.shape as [number, number];
    const src = t.data;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = src[i * c + j] as number;
    return new Tensor(out, outShape);
  }
  const strides = perm.map((p) => inStrides[p] as number);
  const idx = new Array<number>(nd).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < nd; d++) src += (idx[d] as number) * (strides[d] as number);
    out[o] = t.data[src] as number;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      if (idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return new Tensor(out, outShape);
}
