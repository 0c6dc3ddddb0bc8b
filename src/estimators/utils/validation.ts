// scikit-learn's utils.validation: X to a 2-D float tensor, y to labels or a numeric matrix, sample
// weights, the sample-count check, and indexing rows of any accepted container. Messages follow
// scikit-learn's wording where it has one. Imports tensor, src/core and utils/multiclass only.

import { ShapeError, ValueError, describe } from '../../core/errors.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { tensor, isNdArrayLike } from '../../tensor/create.ts';
import type { DType } from '../../tensor/dtype.ts';
import { take } from '../../tensor/ops.ts';
import { isRecord, isTypedArray } from '../../core/objects.ts';
import { isColumnsData, takeTableRows } from './tabular.ts';
import { isShaped, takeShapedRows } from './shaped-rows.ts';
import { typeOfTarget as typeOfArray, type Label, type TargetType, type Target } from './multiclass.ts';

/** What estimators accept for X. */
export type XLike =
  | readonly (readonly number[])[]
  | Tensor
  | { data: ArrayLike<number>; shape: readonly number[]; stride?: readonly number[]; offset?: number };
/** What estimators accept for y (a column of labels, `[['a'], ['b']]`, only where it is flattened: the MLPs). */
export type YLike =
  | readonly Label[]
  | readonly (readonly number[])[]
  | readonly (readonly boolean[])[]
  | readonly (readonly [Label])[]
  | ArrayLike<number>
  | Tensor
  | { data: ArrayLike<number>; shape: readonly number[]; stride?: readonly number[]; offset?: number };

/**
 * Validates X and returns a contiguous 2-D tensor of `dtype`. Rejects
 * ragged rows, non-numbers, NaN/infinity, empty data and 1-D input, naming
 * the row and column at fault. Never mutates the input.
 */
export function checkX(X: unknown, options: { estimator: string; dtype: DType; name?: string }): Tensor {
  const name = options.name ?? 'X';
  const est = options.estimator;
  let t: Tensor;
  if (X instanceof Tensor) t = tensor(X, { dtype: options.dtype });
  else if (isNdArrayLike(X)) t = tensor(X, { dtype: options.dtype });
  else if (
    typeof X === 'object' &&
    X !== null &&
    !Array.isArray(X) &&
    'data' in X &&
    'shape' in X &&
    isTypedArray((X as { data: unknown }).data)
  ) {
    const o = X as { data: ArrayLike<number>; shape: number[] };
    t = tensor(o.data as Float64Array, { shape: o.shape, dtype: options.dtype });
  } else if (Array.isArray(X)) {
    const n = X.length;
    if (n === 0)
      throw new ValueError(`Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required by ${est}.`);
    const first = X[0];
    if (isRecord(first) && !isTypedArray(first))
      throw new ValueError(
        `${name} holds records (objects with named columns); ${est} needs numbers. Turn the columns into numbers ` +
          `first: makePipeline(makeColumnTransformer(...), estimator).`,
      );
    if (!Array.isArray(first) && !isTypedArray(first)) {
      throw new ValueError(
        `Expected 2D array, got 1D array instead:\n${name}=${describe(X)}.\nReshape your data either ` +
          `using X.map(v => [v]) if your data has a single feature or [X] if it contains a single sample.`,
      );
    }
    const d = (first as ArrayLike<unknown>).length;
    const data = new (options.dtype === 'float64' ? Float64Array : Float32Array)(n * d);
    for (let i = 0; i < n; i++) {
      const row = X[i] as ArrayLike<unknown>;
      if ((!Array.isArray(row) && !isTypedArray(row)) || row.length !== d) {
        throw new ValueError(
          `${name} has inconsistent row lengths: row 0 has ${d} values but row ${i} ` +
            `${Array.isArray(row) || isTypedArray(row) ? `has ${row.length}` : `is ${describe(row)}`}.`,
        );
      }
      for (let j = 0; j < d; j++) {
        const v = row[j];
        if (typeof v !== 'number') {
          if (Array.isArray(v) || isTypedArray(v))
            throw new ValueError(
              `Found array with dim 3. ${est} expected <= 2: ${name} is read as rows of numbers ` +
                `(samples x features), but ${name}[${i}][${j}] is ${describe(v)}.`,
            );
          if (typeof v === 'boolean') {
            data[i * d + j] = v ? 1 : 0;
            continue;
          }
          throw new ValueError(
            v == null
              ? `Input ${name} contains a missing value (${v}) at row ${i}, column ${j}. ${est} does not accept missing ` +
                  `values; impute them first (SimpleImputer in a Pipeline) or drop those rows.`
              : `${name} must be numeric: found ${describe(v)} at row ${i}, column ${j}. Encode categorical columns ` +
                  `(e.g. one-hot) before fitting.`,
          );
        }
        data[i * d + j] = v;
      }
    }
    t = new Tensor(data, [n, d]);
  } else {
    throw new ValueError(
      `${name} must be an array of rows (number[][]), a Tensor, a typed array with a shape, or an ndarray. Got ${describe(X)} instead.`,
    );
  }
  if (t.ndim === 1)
    throw new ValueError(
      `Expected 2D array, got 1D array instead: ${name} has shape [${t.shape}]. Reshape your data to [samples, features].`,
    );
  if (t.ndim !== 2)
    throw new ValueError(
      `Found array with dim ${t.ndim}. ${est} expected <= 2: ${name} must be samples x features; got shape [${t.shape}].`,
    );
  if (t.shape[0] === 0)
    throw new ValueError(
      `Found array with 0 sample(s) (shape=(0, ${t.shape[1]})) while a minimum of 1 is required by ${est}.`,
    );
  if (t.shape[1] === 0)
    throw new ValueError(
      `Found array with 0 feature(s) (shape=(${t.shape[0]}, 0)) while a minimum of 1 is required by ${est}.`,
    );
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      const row = Math.floor(i / t.shape[1]),
        col = i % t.shape[1];
      throw new ValueError(
        Number.isNaN(v)
          ? `Input ${name} contains NaN (row ${row}, column ${col}). ${est} does not ` +
              `accept missing values encoded as NaN natively; impute them first (SimpleImputer in a Pipeline) or drop those rows.`
          : `Input ${name} contains infinity or a value too large for dtype('${options.dtype}') (row ${row}, column ${col}).`,
      );
    }
  }
  return t;
}

/** A validated target: labels (1-D) or a numeric matrix (2-D). */
export interface CheckedY {
  /** 1-D targets as their original values; 2-D targets as rows of numbers. */
  values: Label[] | number[][];
  ndim: 1 | 2;
  /** What the labels are made of (numbers, strings or booleans); 2-D targets are numbers. */
  kind: 'number' | 'string' | 'boolean';
  /** Number of columns of a 2-D target (1 for 1-D). */
  width: number;
}

/** Validates y: consistent type, no NaN/infinity (numbers), rectangular when 2-D. */
export function checkY(y: unknown, options: { estimator: string; numericOnly?: boolean }): CheckedY {
  let rows: unknown[];
  if (
    y instanceof Tensor ||
    isNdArrayLike(y) ||
    (typeof y === 'object' && y !== null && !Array.isArray(y) && 'shape' in y && 'data' in y)
  ) {
    const t =
      y instanceof Tensor
        ? y
        : isNdArrayLike(y)
          ? tensor(y, { dtype: 'float64' })
          : tensor((y as { data: Float64Array }).data, { shape: (y as { shape: number[] }).shape, dtype: 'float64' });
    rows = t.ndim === 1 ? Array.from(t.data) : (t.toArray() as unknown[]);
    if (t.ndim > 2) throw new ValueError(`y must be 1-D or 2-D, got shape [${t.shape}]`);
  } else if (isTypedArray(y)) rows = Array.from(y);
  else if (Array.isArray(y)) rows = y;
  else
    throw new ValueError(
      `y must be an array of labels, an array of rows, a typed array or a Tensor. Got ${describe(y)} instead.`,
    );
  if (rows.length === 0)
    throw new ValueError(
      `Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required by ${options.estimator}.`,
    );
  if (Array.isArray(rows[0]) || isTypedArray(rows[0])) {
    const width = (rows[0] as ArrayLike<unknown>).length;
    const out: number[][] = rows.map((r, i) => {
      if ((!Array.isArray(r) && !isTypedArray(r)) || (r as ArrayLike<unknown>).length !== width)
        throw new ValueError(
          `y has inconsistent row lengths: row 0 has ${width} values but row ${i} ${Array.isArray(r) ? `has ${r.length}` : `is ${describe(r)}`}.`,
        );
      return Array.from(r as ArrayLike<unknown>, (v, j) => {
        if (typeof v === 'boolean') return v ? 1 : 0;
        if (typeof v !== 'number')
          throw new ValueError(`2-D y must be numeric (or boolean): found ${describe(v)} at row ${i}, column ${j}.`);
        if (!Number.isFinite(v))
          throw new ValueError(`Input y contains ${Number.isNaN(v) ? 'NaN' : 'infinity'} (row ${i}, column ${j}).`);
        return v;
      });
    });
    return { values: out, ndim: 2, kind: 'number', width };
  }
  const kind = typeof rows[0];
  if (kind !== 'number' && kind !== 'string' && kind !== 'boolean')
    throw new ValueError(`y must hold numbers, strings or booleans. Got ${describe(rows[0])} at index 0.`);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i];
    if (typeof v !== kind)
      throw new ValueError(
        `y mixes label types: index 0 is a ${kind} but index ${i} is ${describe(v)}. Use one type for all labels.`,
      );
    if (kind === 'number' && !Number.isFinite(v as number))
      throw new ValueError(`Input y contains ${Number.isNaN(v) ? 'NaN' : 'infinity'} (index ${i}).`);
  }
  if (options.numericOnly && kind === 'string')
    throw new ValueError(`${options.estimator} requires a numeric y; got strings such as ${describe(rows[0])}.`);
  return { values: rows as Label[], ndim: 1, kind: kind as CheckedY['kind'], width: 1 };
}

/** scikit-learn's `type_of_target` of a validated y (a single column [n, 1] counts as 1-D). */
export function typeOfCheckedTarget(y: CheckedY): TargetType {
  return typeOfArray(y.values as Target);
}

/** Validates sample weights against n samples (null when absent). */
export function checkSampleWeight(sw: unknown, n: number): Float64Array | null {
  if (sw === undefined || sw === null) return null;
  let arr: ArrayLike<unknown>;
  if (sw instanceof Tensor) arr = sw.data;
  else if (Array.isArray(sw) || isTypedArray(sw)) arr = sw as ArrayLike<unknown>;
  else if (typeof sw === 'number') return new Float64Array(n).fill(sw);
  else throw new ValueError(`sampleWeight must be an array of numbers or a number. Got ${describe(sw)} instead.`);
  if (arr.length !== n) throw new ShapeError(`sampleWeight has ${arr.length} entries, expected ${n} (one per sample).`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = arr[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ValueError(`sampleWeight[${i}] must be a finite number. Got ${describe(v)} instead.`);
    if (v < 0) throw new ValueError(`Negative values in data passed to sampleWeight (sampleWeight[${i}] = ${v}).`);
    out[i] = v;
  }
  return out;
}

/** scikit-learn's `check_consistent_length`: every given length (undefined ones skipped) is the same. */
export function checkConsistentLength(...lengths: (number | undefined)[]): void {
  const given = lengths.filter((l): l is number => l !== undefined);
  if (given.some((l) => l !== given[0])) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${given.join(', ')}]`);
  }
}

/** The number of samples of X or y as folds and splits index them (a Tensor's first dimension, else its length). */
export function numSamples(a: unknown): number {
  if (isColumnsData(a)) return a.data.length;
  if (a instanceof Tensor || isShaped(a)) return a.shape[0] as number;
  return (a as ArrayLike<unknown>).length;
}

/**
 * Rows `idx` of X or entries of y, in the same kind of container: arrays (rows shared, not copied), typed
 * arrays, Tensors, typed arrays with a shape and scijs ndarrays (both copied contiguous).
 */
export function takeRows<A>(a: A, idx: readonly number[]): A {
  if (a === undefined || a === null) return a;
  if (Array.isArray(a)) return idx.map((i) => a[i]) as A;
  if (a instanceof Tensor) return take(a, idx) as A;
  if (isColumnsData(a)) return takeTableRows(a, idx) as A;
  if (isShaped(a)) return takeShapedRows(a, idx);
  if (!isTypedArray(a))
    throw new ValueError(
      `takeRows: expected an array, a typed array, a Tensor, a typed array with a shape or an ndarray; got ${describe(a)}.`,
    );
  const Ctor = (a as unknown as { constructor: new (n: number) => { [i: number]: number } }).constructor;
  const out = new Ctor(idx.length);
  idx.forEach((i, j) => {
    out[j] = a[i] as number;
  });
  return out as A;
}

/** y as an array (Tensors and `{ data, shape }` become arrays) so folds can index it and metrics read it. */
export function normalizeY(y: unknown): unknown {
  if (y === undefined || y === null || Array.isArray(y) || isTypedArray(y)) return y;
  const t = y instanceof Tensor ? y : isNdArrayLike(y) ? tensor(y, { dtype: 'float64' }) : null;
  if (t !== null) return t.ndim === 1 ? Array.from(t.data) : t.toArray();
  if (typeof y === 'object' && 'data' in y && 'shape' in y) {
    const o = y as { data: ArrayLike<number>; shape: number[] };
    return normalizeY(tensor(Float64Array.from(o.data), { shape: o.shape, dtype: 'float64' }));
  }
  throw new ValueError(`y must be an array of labels or values, a typed array or a Tensor; got ${describe(y)}.`);
}

/**
 * X as something folds can index row by row: arrays (of rows or of records) and `{ columns, data }` kept,
 * ndarrays and `{ data, shape }` as Tensors.
 */
export function normalizeX(X: unknown): unknown {
  if (Array.isArray(X) || X instanceof Tensor || isColumnsData(X)) return X;
  if (isNdArrayLike(X)) return tensor(X, { dtype: 'float64' });
  if (
    typeof X === 'object' &&
    X !== null &&
    'data' in X &&
    'shape' in X &&
    isTypedArray((X as { data: unknown }).data)
  ) {
    const o = X as { data: ArrayLike<number>; shape: number[] };
    return tensor(Float64Array.from(o.data), { shape: o.shape, dtype: 'float64' });
  }
  throw new ValueError(
    `X must be an array of rows, an array of records, { columns, data }, a Tensor, a typed array with a shape ` +
      `or an ndarray; got ${describe(X)}.`,
  );
}
