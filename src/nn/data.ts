// Converting user data (nested arrays, typed arrays, ndarrays, Tensors) into
// tensors for the model, with the checks Keras users expect. Imports tensor.

import { ShapeError, ValueError, describe } from '../core/errors.ts';
import type { DType } from '../tensor/dtype.ts';
import { Tensor } from '../tensor/tensor.ts';
import { tensor, isNdArrayLike, type TensorLike } from '../tensor/create.ts';
import { allFinite } from '../tensor/ops.ts';
import { fmt } from '../tensor/shape.ts';

/** What `fit`, `predict` and `evaluate` accept for x and y. */
export type DataLike = TensorLike;

/** Converts `value` to a tensor of `dtype` (a Tensor of that dtype is used as is), rejecting NaN/Infinity. */
export function toTensor(
  name: string,
  value: unknown,
  dtype: DType,
  options: { allowNonFinite?: boolean } = {},
): Tensor {
  let t: Tensor;
  if (value instanceof Tensor) t = value.dtype === dtype ? value : tensor(value, { dtype });
  else if (Array.isArray(value) || ArrayBuffer.isView(value) || isNdArrayLike(value)) {
    try {
      t = tensor(value as TensorLike, { dtype });
    } catch (e) {
      throw new ValueError(`${name}: ${(e as Error).message.replace(/^tensor: /, '')}`);
    }
  } else
    throw new ValueError(
      `${name}: expected a Tensor, nested arrays, a typed array or an ndarray, got ${describe(value)}`,
    );
  if (t.ndim === 0) throw new ShapeError(`${name}: expected at least 1 dimension, got a scalar`);
  if (!options.allowNonFinite && !allFinite(t.data)) {
    let bad = 0;
    while (bad < t.size && Number.isFinite(t.data[bad])) bad++;
    throw new ValueError(
      `${name} contains NaN or infinity (first at flat index ${bad}: ${t.data[bad]}). Remove or impute non-finite values before training.`,
    );
  }
  return t;
}

/** Checks that x and y describe the same number of samples. */
export function checkSameLength(x: Tensor, y: Tensor, xName = 'x', yName = 'y'): void {
  if (x.shape[0] !== y.shape[0]) {
    throw new ShapeError(
      `${xName} and ${yName} have different numbers of samples: ${xName} ${fmt(x.shape)} has ${x.shape[0]}, ${yName} ${fmt(y.shape)} has ${y.shape[0]}`,
    );
  }
}
