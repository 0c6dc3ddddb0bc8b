// Keras' loss functions, called as (yTrue, yPred, options): probabilities in, Keras' clipping (1e-7), `fromLogits`
// switching the cross-entropies to the fused stable primitives, per-sample values reduced with sample weights and
// divided by the batch size (sum_over_batch_size). Composed of differentiable ops. Imports autograd and tensor.

import { ShapeError, ValueError } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { fmt } from '../tensor/shape.ts';
import { Tensor as T } from '../tensor/tensor.ts';
import { alloc } from '../tensor/alloc.ts';
import * as A from '../autograd/ops.ts';
import { softplus } from '../autograd/activations.ts';
import { softmaxCrossEntropy, sigmoidCrossEntropy, squaredError } from '../autograd/losses.ts';

/** Keras' backend epsilon: probabilities are clipped to [EPSILON, 1 - EPSILON]. */
export const EPSILON = 1e-7;

export interface LossOptions {
  fromLogits?: boolean;
  sampleWeight?: Tensor | null;
  /** Cross-entropies: labels move towards 1/2 (binary) or 1/K (categorical) by this fraction. */
  labelSmoothing?: number;
  /** Huber: where the loss turns from quadratic to linear (1). */
  delta?: number;
}

/** A loss function in Keras / TensorFlow.js argument order. */
export type LossFn = (yTrue: Tensor, yPred: Tensor, options?: LossOptions) => Tensor;

// Per-sample values reduced with sample weights and divided by the batch size (sum_over_batch_size).
function reduceBatch(perSample: Tensor, sw: Tensor | null | undefined): Tensor {
  const n = perSample.shape[0] as number;
  if (sw == null) return A.mean(perSample);
  if (sw.size !== n) throw new ShapeError(`sampleWeight has ${sw.size} entries for a batch of ${n}`);
  return A.scale(A.sum(A.mul(perSample, sw.reshape([n]))), 1 / n);
}

function as2d(name: string, yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
  const p = yPred.ndim === 1 ? A.reshape(yPred, [yPred.shape[0] as number, 1]) : yPred;
  const t = yTrue.ndim === 1 ? yTrue.reshape([yTrue.shape[0] as number, 1]) : yTrue;
  if (p.ndim !== 2 || t.size !== p.size)
    throw new ShapeError(`${name}: yTrue ${fmt(yTrue.shape)} and yPred ${fmt(yPred.shape)} do not match`);
  return [t.reshape(p.shape), p];
}

/** A constant of `like`'s float type, broadcast against it. */
function c(like: Tensor, v: number): Tensor {
  const d = alloc(like.dtype === 'float64' ? 'float64' : 'float32', 1);
  d[0] = v;
  return new T(d, []);
}

/**
 * Labels smoothed as Keras does: binary y (1 - s) + s / 2, categorical y (1 - s) + s / K. The fused
 * cross-entropy path of compile smooths with this too.
 */
export function smoothLabels(y: Tensor, smoothing: number, classes: number | 'binary'): Tensor {
  if (!smoothing) return y;
  const off = classes === 'binary' ? 0.5 * smoothing : smoothing / classes;
  const o = alloc(y.dtype === 'float64' ? 'float64' : 'float32', y.size);
  for (let i = 0; i < o.length; i++) o[i] = (y.data[i] as number) * (1 - smoothing) + off;
  return new T(o, y.shape);
}

// A per-element loss of (yTrue, yPred) averaged over the outputs, then reduced over the batch.
function elementwise(name: string, f: (t: Tensor, p: Tensor) => Tensor): LossFn {
  return (yTrue, yPred, options = {}) => {
    const [t, p] = as2d(name, yTrue, yPred);
    return reduceBatch(A.mean(f(t, p), -1), options.sampleWeight);
  };
}

/** mean((yTrue - yPred)^2) over outputs, then over the batch. */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t, p] = as2d('meanSquaredError', yTrue, yPred);
  return squaredError(p, t, { sampleWeight: options.sampleWeight ?? null });
}

/** mean(|yTrue - yPred|) over outputs, then over the batch. */
export const meanAbsoluteError: LossFn = elementwise('meanAbsoluteError', (t, p) => A.abs(A.sub(p, t)));

/** 100 mean(|(yTrue - yPred) / max(|yTrue|, 1e-7)|). */
export const meanAbsolutePercentageError: LossFn = elementwise('meanAbsolutePercentageError', (t, p) =>
  A.scale(A.abs(A.div(A.sub(t, p), A.maximum(A.abs(t), c(t, EPSILON)))), 100),
);

/** mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2). */
export const meanSquaredLogarithmicError: LossFn = elementwise('meanSquaredLogarithmicError', (t, p) => {
  const lg = (x: Tensor) => A.log(A.add(A.maximum(x, c(x, EPSILON)), c(x, 1)));
  return A.square(A.sub(lg(p), lg(t)));
});

/** Huber: 1/2 e^2 where |e| <= delta, delta |e| - delta^2 / 2 beyond (written 1/2 q^2 + delta (|e| - q), q = min(|e|, delta)). */
export function huber(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  return elementwise('huber', (t, p) => {
    const a = A.abs(A.sub(p, t));
    const q = A.minimum(a, c(a, delta));
    return A.add(A.scale(A.square(q), 0.5), A.scale(A.sub(a, q), delta));
  })(yTrue, yPred, options);
}

/** log(cosh(yPred - yTrue)) written x + softplus(-2x) - log 2, stable for large |x|. */
export const logCosh: LossFn = elementwise('logCosh', (t, p) => {
  const x = A.sub(p, t);
  return A.sub(A.add(x, softplus(A.scale(x, -2))), c(x, Math.LN2));
});

// Keras turns labels that are all 0 or 1 into -1 / 1 for the hinge losses.
function hingeLabels(t: Tensor): Tensor {
  for (let i = 0; i < t.size; i++) if (t.data[i] !== 0 && t.data[i] !== 1) return t;
  return A.sub(A.scale(t, 2), c(t, 1));
}

/** mean(max(1 - yTrue yPred, 0)), labels in {-1, 1} (0/1 labels are converted). */
export const hinge: LossFn = elementwise('hinge', (t, p) => A.relu(A.sub(c(p, 1), A.mul(hingeLabels(t), p))));

/** mean(max(1 - yTrue yPred, 0)^2). */
export const squaredHinge: LossFn = elementwise('squaredHinge', (t, p) =>
  A.square(A.relu(A.sub(c(p, 1), A.mul(hingeLabels(t), p)))),
);

/** max(max((1 - yTrue) yPred) - sum(yTrue yPred) + 1, 0) per sample. */
export function categoricalHinge(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t, p] = as2d('categoricalHinge', yTrue, yPred);
  const pos = A.sum(A.mul(t, p), -1);
  const neg = A.max(A.mul(A.sub(c(t, 1), t), p), -1);
  return reduceBatch(A.relu(A.add(A.sub(neg, pos), c(p, 1))), options.sampleWeight);
}

/** sum(y log(y / p)) with y and p clipped to [1e-7, 1]. */
export function klDivergence(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t, p] = as2d('klDivergence', yTrue, yPred);
  const tc = A.clip(t, EPSILON, 1),
    pc = A.clip(p, EPSILON, 1);
  return reduceBatch(A.sum(A.mul(tc, A.log(A.div(tc, pc))), -1), options.sampleWeight);
}

/** mean(yPred - yTrue log(yPred + 1e-7)). */
export const poisson: LossFn = elementwise('poisson', (t, p) => A.sub(p, A.mul(t, A.log(A.add(p, c(p, EPSILON))))));

/** -sum(l2normalize(yTrue) l2normalize(yPred)) per sample: -1 when aligned (x / sqrt(max(sum x^2, 1e-14))). */
export function cosineSimilarity(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t, p] = as2d('cosineSimilarity', yTrue, yPred);
  const unit = (x: Tensor) => A.div(x, A.sqrt(A.maximum(A.sum(A.square(x), -1, true), c(x, EPSILON * EPSILON))));
  return reduceBatch(A.neg(A.sum(A.mul(unit(t), unit(p)), -1)), options.sampleWeight);
}

/** -mean(y log p + (1-y) log(1-p)) over outputs, p clipped to [1e-7, 1-1e-7]; from logits it is fused and exact. */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  const [t0, p] = as2d('binaryCrossentropy', yTrue, yPred);
  const t = smoothLabels(t0, options.labelSmoothing ?? 0, 'binary');
  if (options.fromLogits) return sigmoidCrossEntropy(p, t, { sampleWeight: options.sampleWeight ?? null });
  const q = A.clip(p, EPSILON, 1 - EPSILON);
  const ll = A.add(A.mul(t, A.log(q)), A.mul(A.sub(c(t, 1), t), A.log(A.sub(c(q, 1), q))));
  return reduceBatch(A.neg(A.mean(ll, -1)), options.sampleWeight);
}

/** -sum(y log p) with p renormalised and clipped (Keras); from logits it is the fused softmax form. */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  if (yPred.ndim !== 2 || yTrue.ndim !== 2 || yTrue.shape[0] !== yPred.shape[0] || yTrue.shape[1] !== yPred.shape[1]) {
    throw new ShapeError(
      `categoricalCrossentropy: yTrue ${fmt(yTrue.shape)} must be one-hot with the shape of yPred ${fmt(yPred.shape)}`,
    );
  }
  const t = smoothLabels(yTrue, options.labelSmoothing ?? 0, yPred.shape[1] as number);
  if (options.fromLogits) return softmaxCrossEntropy(yPred, t, { sampleWeight: options.sampleWeight ?? null });
  const q = A.clip(A.div(yPred, A.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
  return reduceBatch(A.neg(A.sum(A.mul(t, A.log(q)), -1)), options.sampleWeight);
}

/** Categorical cross-entropy with integer class labels ([N] or [N, 1]). */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  if (yPred.ndim !== 2)
    throw new ShapeError(`sparseCategoricalCrossentropy: yPred must be [batch, classes], got ${fmt(yPred.shape)}`);
  const n = yPred.shape[0] as number;
  const k = yPred.shape[1] as number;
  if (yTrue.size !== n)
    throw new ShapeError(
      `sparseCategoricalCrossentropy: yTrue ${fmt(yTrue.shape)} must hold one class index per row of yPred ${fmt(yPred.shape)}`,
    );
  const labels = yTrue.reshape([n]);
  if (options.fromLogits) return softmaxCrossEntropy(yPred, labels, { sampleWeight: options.sampleWeight ?? null });
  const picks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = labels.data[i] as number;
    if (!(v >= 0 && v < k) || !Number.isInteger(v))
      throw new ValueError(`sparseCategoricalCrossentropy: label ${v} is not a class index in [0, ${k})`);
    picks[i] = i * k + v;
  }
  const q = A.clip(A.div(yPred, A.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
  return reduceBatch(A.neg(A.log(A.take(A.reshape(q, [n * k]), picks))), options.sampleWeight);
}
