// Keras losses: called as (yTrue, yPred, options), probabilities in, Keras
// clipping (1e-7), `fromLogits` switching to the fused stable primitives.
// Imports autograd and tensor.

import { ShapeError, ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { fmt } from '../tensor/shape.ts';
import { Tensor as TensorClass } from '../tensor/tensor.ts';
import { alloc } from '../tensor/alloc.ts';
import * as A from '../autograd/ops.ts';
import { softmaxCrossEntropy, sigmoidCrossEntropy, squaredError } from '../autograd/losses.ts';
import { canonicalName } from '../core/objects.ts';

/** Keras' backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON]. */
export const EPSILON = 1e-7;

export interface LossOptions {
  fromLogits?: boolean;
  sampleWeight?: Tensor | null;
}

/** A loss function in Keras / TensorFlow.js argument order. */
export type LossFn = (yTrue: Tensor, yPred: Tensor, options?: LossOptions) => Tensor;

export type LossName =
  | 'mean_squared_error'
  | 'mean_absolute_error'
  | 'binary_crossentropy'
  | 'categorical_crossentropy'
  | 'sparse_categorical_crossentropy';

// Per-sample values reduced with sample weights and divided by the batch size (sum_over_batch_size).
function reduceBatch(perSample: Tensor, sw: Tensor | null | undefined): Tensor {
  const n = perSample.shape[0];
  if (sw == null) return A.mean(perSample);
  if (sw.size !== n) throw new ShapeError(`sampleWeight has ${sw.size} entries for a batch of ${n}`);
  return A.scale(A.sum(A.mul(perSample, sw.reshape([n]))), 1 / n);
}

function as2d(name: string, yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
  const p = yPred.ndim === 1 ? A.reshape(yPred, [yPred.shape[0], 1]) : yPred;
  const t = yTrue.ndim === 1 ? yTrue.reshape([yTrue.shape[0], 1]) : yTrue;
  if (p.ndim !== 2 || t.size !== p.size)
    throw new ShapeError(`${name}: yTrue ${fmt(yTrue.shape)} and yPred ${fmt(yPred.shape)} do not match`);
  return [t.reshape(p.shape), p];
}

/** mean((yTrue - yPred)^2) over outputs, then over the batch. */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t, p] = as2d('meanSquaredError', yTrue, yPred);
  return squaredError(p, t, { sampleWeight: options.sampleWeight ?? null });
}

/** mean(|yTrue - yPred|) over outputs, then over the batch. */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t, p] = as2d('meanAbsoluteError', yTrue, yPred);
  return reduceBatch(A.mean(A.abs(A.sub(p, t)), -1), options.sampleWeight);
}

/** -mean(y log p + (1-y) log(1-p)) over outputs, p clipped to [1e-7, 1-1e-7]; from logits it is fused and exact. */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t, p] = as2d('binaryCrossentropy', yTrue, yPred);
  if (options.fromLogits) return sigmoidCrossEntropy(p, t, { sampleWeight: options.sampleWeight ?? null });
  const q = A.clip(p, EPSILON, 1 - EPSILON);
  const ll = A.add(A.mul(t, A.log(q)), A.mul(A.sub(onesLike(t), t), A.log(A.sub(onesLike(q), q))));
  return reduceBatch(A.neg(A.mean(ll, -1)), options.sampleWeight);
}

/** -sum(y log p) with p renormalised and clipped (Keras); from logits it is the fused softmax form. */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  if (yPred.ndim !== 2 || yTrue.ndim !== 2 || yTrue.shape[0] !== yPred.shape[0] || yTrue.shape[1] !== yPred.shape[1]) {
    throw new ShapeError(
      `categoricalCrossentropy: yTrue ${fmt(yTrue.shape)} must be one-hot with the shape of yPred ${fmt(yPred.shape)}`,
    );
  }
  if (options.fromLogits) return softmaxCrossEntropy(yPred, yTrue, { sampleWeight: options.sampleWeight ?? null });
  const q = A.clip(A.div(yPred, A.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
  return reduceBatch(A.neg(A.sum(A.mul(yTrue, A.log(q)), -1)), options.sampleWeight);
}

/** Categorical cross-entropy with integer class labels ([N] or [N, 1]). */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  if (yPred.ndim !== 2)
    throw new ShapeError(`sparseCategoricalCrossentropy: yPred must be [batch, classes], got ${fmt(yPred.shape)}`);
  const n = yPred.shape[0];
  const k = yPred.shape[1];
  if (yTrue.size !== n)
    throw new ShapeError(
      `sparseCategoricalCrossentropy: yTrue ${fmt(yTrue.shape)} must hold one class index per row of yPred ${fmt(yPred.shape)}`,
    );
  const labels = yTrue.reshape([n]);
  if (options.fromLogits) return softmaxCrossEntropy(yPred, labels, { sampleWeight: options.sampleWeight ?? null });
  const picks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = labels.data[i];
    if (!(c >= 0 && c < k) || !Number.isInteger(c))
      throw new ValueError(`sparseCategoricalCrossentropy: label ${c} is not a class index in [0, ${k})`);
    picks[i] = i * k + c;
  }
  const q = A.clip(A.div(yPred, A.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
  return reduceBatch(A.neg(A.log(A.take(A.reshape(q, [n * k]), picks))), options.sampleWeight);
}

function onesLike(t: Tensor): Tensor {
  return new TensorClass(alloc(t.dtype === 'float64' ? 'float64' : 'float32', t.size).fill(1), t.shape);
}

/**
 * How a loss may be computed fused and stable instead of by its function on the outputs, as the loss declares it.
 * 'crossentropy': from the logits of an output layer whose `splitActivation()` is `activation` (softmax or sigmoid
 * cross-entropy, gradient p - y). 'squaredError': one node on the outputs, honouring the half / outputReduction
 * loss settings.
 */
export type LossFusion =
  { readonly kind: 'crossentropy'; readonly activation: 'softmax' | 'sigmoid' } | { readonly kind: 'squaredError' };

/** A compiled loss: its canonical name, the function, and options routed to it. */
export interface Loss {
  readonly name: string;
  readonly fn: LossFn;
  readonly fromLogits: boolean;
  /** The fused form the model may use (absent: `fn` on the outputs, always). */
  readonly fusion?: LossFusion;
  /** Targets are one class index per sample ([N] or [N, 1]) rather than [N, outputs]. */
  readonly sparseTargets?: boolean;
}

type BuiltInLoss = Omit<Loss, 'fromLogits'> & { readonly name: LossName };

const MSE: BuiltInLoss = { name: 'mean_squared_error', fn: meanSquaredError, fusion: { kind: 'squaredError' } };
const MAE: BuiltInLoss = { name: 'mean_absolute_error', fn: meanAbsoluteError };
const BCE: BuiltInLoss = {
  name: 'binary_crossentropy',
  fn: binaryCrossentropy,
  fusion: { kind: 'crossentropy', activation: 'sigmoid' },
};
const CCE: BuiltInLoss = {
  name: 'categorical_crossentropy',
  fn: categoricalCrossentropy,
  fusion: { kind: 'crossentropy', activation: 'softmax' },
};
const SCCE: BuiltInLoss = {
  name: 'sparse_categorical_crossentropy',
  fn: sparseCategoricalCrossentropy,
  fusion: { kind: 'crossentropy', activation: 'softmax' },
  sparseTargets: true,
};

const REGISTRY: Record<string, BuiltInLoss> = {
  mse: MSE,
  meansquarederror: MSE,
  mae: MAE,
  meanabsoluteerror: MAE,
  binarycrossentropy: BCE,
  bce: BCE,
  categoricalcrossentropy: CCE,
  cce: CCE,
  sparsecategoricalcrossentropy: SCCE,
  scce: SCCE,
};

export const LOSS_NAMES = [
  'mean_squared_error (mse)',
  'mean_absolute_error (mae)',
  'binary_crossentropy',
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
];

/**
 * Resolves a loss given by name (either spelling), function or `Loss`.
 * Unknown names list the valid ones.
 */
export function getLoss(id: unknown, options: { fromLogits?: boolean } = {}): Loss {
  const fromLogits = options.fromLogits ?? false;
  if (typeof id === 'string') {
    const key = canonicalName(id);
    const hit = Object.prototype.hasOwnProperty.call(REGISTRY, key) ? REGISTRY[key] : undefined;
    if (hit === undefined)
      throw new ValueError(
        `Could not interpret loss identifier: ${describe(id)}. Valid names: ${LOSS_NAMES.join(', ')}`,
      );
    return { ...hit, fromLogits };
  }
  if (typeof id === 'function') {
    const known = Object.values(REGISTRY).find((l) => l.fn === id);
    return known ? { ...known, fromLogits } : { name: id.name || 'custom_loss', fn: id as LossFn, fromLogits };
  }
  if (typeof id === 'object' && id !== null && 'fn' in id && typeof (id as Loss).fn === 'function') return id as Loss;
  throw new ValueError(
    `Could not interpret loss identifier: ${describe(id)}. Valid names: ${LOSS_NAMES.join(', ')}, or a function (yTrue, yPred) => Tensor`,
  );
}

/** Keras' loss functions by name. */
export const losses = {
  meanSquaredError,
  meanAbsoluteError,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  get: getLoss,
};
