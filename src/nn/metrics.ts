// Training metrics (Keras names), computed from targets and model outputs
// (probabilities) per batch and averaged over the epoch. Imports tensor only.

import { ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { canonicalName } from '../core/objects.ts';

/** A metric: a name (the history key) and a per-batch sum of per-sample values. */
export interface Metric {
  readonly name: string;
  /** Sum over the batch of the metric's per-sample values (weighted when `sampleWeight` is given). */
  batchSum(yTrue: Tensor, yPred: Tensor, sampleWeight: ArrayLike<number> | null): number;
}

function perSample(
  name: string,
  f: (t: ArrayLike<number>, p: ArrayLike<number>, i: number, k: number) => number,
): Metric {
  return {
    name,
    batchSum(yTrue, yPred, sw) {
      const n = yPred.shape[0];
      const k = yPred.size / Math.max(n, 1);
      let s = 0;
      for (let i = 0; i < n; i++) s += (sw === null ? 1 : sw[i]) * f(yTrue.data, yPred.data, i, k);
      return s;
    },
  };
}

const binaryAccuracy = (name: string): Metric =>
  perSample(name, (t, p, i, k) => {
    let ok = 0;
    for (let j = 0; j < k; j++) ok += (p[i * k + j] > 0.5 ? 1 : 0) === t[i * k + j] ? 1 : 0;
    return ok / k;
  });

function argmaxRow(p: ArrayLike<number>, o: number, k: number): number {
  let b = 0;
  for (let j = 1; j < k; j++) if (p[o + j] > p[o + b]) b = j;
  return b;
}

const categoricalAccuracy = (name: string): Metric =>
  perSample(name, (t, p, i, k) => (argmaxRow(p, i * k, k) === argmaxRow(t, i * k, k) ? 1 : 0));
const sparseCategoricalAccuracy = (name: string): Metric =>
  perSample(name, (t, p, i, k) => (argmaxRow(p, i * k, k) === t[i] ? 1 : 0));
const meanSquaredErrorMetric = (name: string): Metric =>
  perSample(name, (t, p, i, k) => {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const d = p[i * k + j] - t[i * k + j];
      s += d * d;
    }
    return s / k;
  });
const meanAbsoluteErrorMetric = (name: string): Metric =>
  perSample(name, (t, p, i, k) => {
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.abs(p[i * k + j] - t[i * k + j]);
    return s / k;
  });

export const METRIC_NAMES = [
  'accuracy (acc)',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'mean_squared_error (mse)',
  'mean_absolute_error (mae)',
];

/**
 * Resolves a metric. 'accuracy' / 'acc' follow Keras: binary accuracy for
 * binary cross-entropy or one output, sparse categorical for the sparse loss,
 * categorical otherwise; the history key stays as written.
 */
export function getMetric(id: unknown, lossName: string, outputUnits: number): Metric {
  if (
    typeof id === 'object' &&
    id !== null &&
    typeof (id as Metric).batchSum === 'function' &&
    typeof (id as Metric).name === 'string'
  )
    return id as Metric;
  if (typeof id !== 'string')
    throw new ValueError(
      `Could not interpret metric identifier: ${describe(id)}. Valid names: ${METRIC_NAMES.join(', ')}`,
    );
  const c = canonicalName(id);
  switch (c) {
    case 'accuracy':
    case 'acc':
      if (lossName === 'binary_crossentropy' || (outputUnits === 1 && lossName !== 'sparse_categorical_crossentropy'))
        return binaryAccuracy(id);
      if (lossName === 'sparse_categorical_crossentropy') return sparseCategoricalAccuracy(id);
      return categoricalAccuracy(id);
    case 'binaryaccuracy':
      return binaryAccuracy('binary_accuracy');
    case 'categoricalaccuracy':
      return categoricalAccuracy('categorical_accuracy');
    case 'sparsecategoricalaccuracy':
      return sparseCategoricalAccuracy('sparse_categorical_accuracy');
    case 'mse':
    case 'meansquarederror':
      return meanSquaredErrorMetric('mean_squared_error');
    case 'mae':
    case 'meanabsoluteerror':
      return meanAbsoluteErrorMetric('mean_absolute_error');
    default:
      throw new ValueError(
        `Could not interpret metric identifier: ${describe(id)}. Valid names: ${METRIC_NAMES.join(', ')}`,
      );
  }
}

/** Metric factories (the name is the history key). */
export const metrics = {
  binaryAccuracy: (): Metric => binaryAccuracy('binary_accuracy'),
  categoricalAccuracy: (): Metric => categoricalAccuracy('categorical_accuracy'),
  sparseCategoricalAccuracy: (): Metric => sparseCategoricalAccuracy('sparse_categorical_accuracy'),
  meanSquaredError: (): Metric => meanSquaredErrorMetric('mean_squared_error'),
  meanAbsoluteError: (): Metric => meanAbsoluteErrorMetric('mean_absolute_error'),
  get: getMetric,
};
