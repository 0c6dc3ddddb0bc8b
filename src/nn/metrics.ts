// Training metrics with Keras' names, formulas and state: each built-in metric is a class (Keras' reset_state /
// update_state / result over the batches of an epoch) constructible from one options object, and a string
// resolves to one. A plain `{ name, batchSum }` object still works (a mean of per-sample values).
// The confusion-matrix metrics (precision, recall, AUC) live in confusion-metrics.ts. Imports tensor only.

import { ShapeError, ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { canonicalName, isRecord, pickKeys } from '../core/objects.ts';
import { interval, validateParams } from '../core/param-validation.ts';
import { Precision, Recall, AUC } from './confusion-metrics.ts';

/** A metric as a sum of per-sample values per batch (its epoch value is the mean over the samples). */
export interface Metric {
  readonly name: string;
  /** Sum over the batch of the metric's per-sample values (weighted when `sampleWeight` is given). */
  batchSum(yTrue: Tensor, yPred: Tensor, sampleWeight: ArrayLike<number> | null): number;
}

/** A metric with state across the batches of an epoch, as Keras' Metric: the history key is its `name`. */
export interface StatefulMetric {
  readonly name: string;
  resetState(): void;
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: ArrayLike<number> | null): void;
  result(): number;
}

/** What compile's `metrics` accept besides names. */
export type AnyMetric = Metric | StatefulMetric;

/** Whether `m` keeps Keras-style state (updateState / result) rather than per-batch sums. */
export function isStateful(m: AnyMetric): m is StatefulMetric {
  return typeof (m as StatefulMetric).updateState === 'function';
}

type PerSample = (t: ArrayLike<number>, p: ArrayLike<number>, i: number, k: number) => number;

/** The weighted mean of a per-sample value (Keras' MeanMetricWrapper); `finish` maps the mean (RMSE's root). */
export class MeanMetric implements StatefulMetric {
  private total = 0;
  private count = 0;
  constructor(
    readonly name: string,
    private readonly fn: PerSample,
    private readonly finish: (mean: number) => number = (m) => m,
    private readonly options: Record<string, unknown> = {},
  ) {}
  /** The options that rebuild this metric (Keras' get_config). */
  getConfig(): Record<string, unknown> {
    return { ...this.options, name: this.name };
  }
  resetState(): void {
    this.total = 0;
    this.count = 0;
  }
  updateState(yTrue: Tensor, yPred: Tensor, sw: ArrayLike<number> | null): void {
    const n = yPred.shape[0] as number;
    const k = yPred.size / Math.max(n, 1);
    // Sparse labels (one per row) are compared with a [n, k] output; anything else must match it.
    if (yTrue.size !== yPred.size && yTrue.size !== n)
      throw new ShapeError(`metric '${this.name}': yTrue has ${yTrue.size} values for yPred of shape [${yPred.shape}]`);
    for (let i = 0; i < n; i++) {
      const w = sw === null ? 1 : (sw[i] as number);
      this.total += w * this.fn(yTrue.data, yPred.data, i, k);
      this.count += w;
    }
  }
  /** divide_no_nan: no weight gives 0. */
  result(): number {
    return this.finish(this.count === 0 ? 0 : this.total / this.count);
  }
}

function argmaxRow(p: ArrayLike<number>, o: number, k: number): number {
  let b = 0;
  for (let j = 1; j < k; j++) if ((p[o + j] as number) > (p[o + b] as number)) b = j;
  return b;
}

// tf.math.in_top_k: the target is in the top k unless k classes score strictly higher.
function inTopK(p: ArrayLike<number>, o: number, k: number, target: number, top: number): number {
  const v = p[o + target] as number;
  let above = 0;
  for (let j = 0; j < k; j++) if ((p[o + j] as number) > v) above++;
  return above < top ? 1 : 0;
}

function meanOver(k: number, f: (j: number) => number): number {
  let s = 0;
  for (let j = 0; j < k; j++) s += f(j);
  return s / k;
}

const squared: PerSample = (t, p, i, k) =>
  meanOver(k, (j) => ((p[i * k + j] as number) - (t[i * k + j] as number)) ** 2);

function positiveInt(owner: string, k: unknown): number {
  validateParams(owner, { k }, { k: interval('int', '[1, inf)') });
  return k as number;
}

/** Share of outputs with (p > threshold) equal to the label (Keras' binary_accuracy, threshold 0.5). */
export class BinaryAccuracy extends MeanMetric {
  constructor(args: { threshold?: number; name?: string } = {}) {
    const th = args.threshold ?? 0.5;
    super(
      args.name ?? 'binary_accuracy',
      (t, p, i, k) => meanOver(k, (j) => (((p[i * k + j] as number) > th ? 1 : 0) === t[i * k + j] ? 1 : 0)),
      undefined,
      { threshold: th },
    );
  }
}

/** Whether the argmax of the output is the argmax of the one-hot label. */
export class CategoricalAccuracy extends MeanMetric {
  constructor(args: { name?: string } = {}) {
    super(args.name ?? 'categorical_accuracy', (t, p, i, k) =>
      argmaxRow(p, i * k, k) === argmaxRow(t, i * k, k) ? 1 : 0,
    );
  }
}

/** Whether the argmax of the output is the integer label. */
export class SparseCategoricalAccuracy extends MeanMetric {
  constructor(args: { name?: string } = {}) {
    super(args.name ?? 'sparse_categorical_accuracy', (t, p, i, k) => (argmaxRow(p, i * k, k) === t[i] ? 1 : 0));
  }
}

/** Whether the one-hot label's class is among the k (5) highest outputs (ties count in, as tf.math.in_top_k). */
export class TopKCategoricalAccuracy extends MeanMetric {
  constructor(args: { k?: number; name?: string } = {}) {
    const top = positiveInt('TopKCategoricalAccuracy', args.k ?? 5);
    super(
      args.name ?? 'top_k_categorical_accuracy',
      (t, p, i, k) => inTopK(p, i * k, k, argmaxRow(t, i * k, k), top),
      undefined,
      { k: top },
    );
  }
}

/** Whether the integer label is among the k (5) highest outputs. */
export class SparseTopKCategoricalAccuracy extends MeanMetric {
  constructor(args: { k?: number; name?: string } = {}) {
    const top = positiveInt('SparseTopKCategoricalAccuracy', args.k ?? 5);
    super(
      args.name ?? 'sparse_top_k_categorical_accuracy',
      (t, p, i, k) => inTopK(p, i * k, k, t[i] as number, top),
      undefined,
      { k: top },
    );
  }
}

/** mean((yTrue - yPred)^2) over outputs, averaged over samples. */
export class MeanSquaredError extends MeanMetric {
  constructor(args: { name?: string } = {}) {
    super(args.name ?? 'mean_squared_error', squared);
  }
}

/** mean(|yTrue - yPred|) over outputs, averaged over samples. */
export class MeanAbsoluteError extends MeanMetric {
  constructor(args: { name?: string } = {}) {
    super(args.name ?? 'mean_absolute_error', (t, p, i, k) =>
      meanOver(k, (j) => Math.abs((p[i * k + j] as number) - (t[i * k + j] as number))),
    );
  }
}

/** sqrt of the epoch's mean squared error (not a mean of per-batch roots). */
export class RootMeanSquaredError extends MeanMetric {
  constructor(args: { name?: string } = {}) {
    super(args.name ?? 'root_mean_squared_error', squared, Math.sqrt);
  }
}

// The built-in metric classes by the className model JSON stores them under.
const CLASSES = {
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  MeanSquaredError,
  MeanAbsoluteError,
  RootMeanSquaredError,
  Precision,
  Recall,
  AUC,
};
type ClassName = keyof typeof CLASSES;

/** A built-in metric instance as `{ className, config }` for model JSON; null for any other metric object. */
export function metricToConfig(m: unknown): { className: string; config: Record<string, unknown> } | null {
  const proto = typeof m === 'object' && m !== null ? (Object.getPrototypeOf(m) as unknown) : null;
  for (const k of Object.keys(CLASSES) as ClassName[])
    if (CLASSES[k].prototype === proto) return { className: k, config: (m as BinaryAccuracy).getConfig() };
  return null;
}

/** Rebuilds a built-in metric from `metricToConfig` output. */
export function metricFromConfig(entry: unknown): StatefulMetric {
  const e = pickKeys('metric', entry, ['className', 'config']);
  const name = e.className as string;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(CLASSES, name) || !isRecord(e.config))
    throw new ValueError(
      `Unknown metric className ${describe(e.className)}. Valid: ${Object.keys(CLASSES).join(', ')}`,
    );
  return new CLASSES[name as ClassName]({ ...e.config } as never);
}

export const METRIC_NAMES = [
  'accuracy (acc)',
  'binary_accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'top_k_categorical_accuracy',
  'sparse_top_k_categorical_accuracy',
  'mean_squared_error (mse)',
  'mean_absolute_error (mae)',
  'root_mean_squared_error (rmse)',
  'precision',
  'recall',
  'auc',
];

/**
 * Resolves a metric. 'accuracy' / 'acc' follow Keras: binary accuracy for binary cross-entropy or one output,
 * sparse categorical for the sparse loss, categorical otherwise. A metric named by a string keeps that string as
 * its history key, as tf.keras does (`metrics: ['mae']` logs `mae` and `val_mae`); an object is used as given,
 * under its own `name`.
 */
export function getMetric(id: unknown, lossName: string, outputUnits: number): AnyMetric {
  if (
    typeof id === 'object' &&
    id !== null &&
    typeof (id as Metric).name === 'string' &&
    (typeof (id as Metric).batchSum === 'function' || isStateful(id as AnyMetric))
  )
    return id as AnyMetric;
  if (typeof id !== 'string')
    throw new ValueError(
      `Could not interpret metric identifier: ${describe(id)}. Valid names: ${METRIC_NAMES.join(', ')}`,
    );
  const name = id;
  switch (canonicalName(id)) {
    case 'accuracy':
    case 'acc':
      if (lossName === 'binary_crossentropy' || (outputUnits === 1 && lossName !== 'sparse_categorical_crossentropy'))
        return new BinaryAccuracy({ name });
      if (lossName === 'sparse_categorical_crossentropy') return new SparseCategoricalAccuracy({ name });
      return new CategoricalAccuracy({ name });
    case 'binaryaccuracy':
      return new BinaryAccuracy({ name });
    case 'categoricalaccuracy':
      return new CategoricalAccuracy({ name });
    case 'sparsecategoricalaccuracy':
      return new SparseCategoricalAccuracy({ name });
    case 'topkcategoricalaccuracy':
      return new TopKCategoricalAccuracy({ name });
    case 'sparsetopkcategoricalaccuracy':
      return new SparseTopKCategoricalAccuracy({ name });
    case 'mse':
    case 'meansquarederror':
      return new MeanSquaredError({ name });
    case 'mae':
    case 'meanabsoluteerror':
      return new MeanAbsoluteError({ name });
    case 'rmse':
    case 'rootmeansquarederror':
      return new RootMeanSquaredError({ name });
    case 'precision':
      return new Precision({ name });
    case 'recall':
      return new Recall({ name });
    case 'auc':
      return new AUC({ name });
    default:
      throw new ValueError(
        `Could not interpret metric identifier: ${describe(id)}. Valid names: ${METRIC_NAMES.join(', ')}`,
      );
  }
}

/**
 * Keras' metric classes (one options object each; `name` is the history key) and factories.
 *
 * @example
 * model.compile({ loss: 'binaryCrossentropy', metrics: [new metrics.Precision({ thresholds: 0.3 }), new metrics.AUC({ curve: 'PR' })] });
 */
export const metrics = {
  ...CLASSES,
  binaryAccuracy: (): StatefulMetric => new BinaryAccuracy(),
  categoricalAccuracy: (): StatefulMetric => new CategoricalAccuracy(),
  sparseCategoricalAccuracy: (): StatefulMetric => new SparseCategoricalAccuracy(),
  meanSquaredError: (): StatefulMetric => new MeanSquaredError(),
  meanAbsoluteError: (): StatefulMetric => new MeanAbsoluteError(),
  get: getMetric,
};
