// Compile resolution for Sequential: the compiled record (loss, optimizer, metrics, fused-loss settings), the
// fused-loss mode chosen from what the loss and the output layer declare (no concrete class is tested), and
// what training and evaluation ask of it per batch: the loss, the targets, the metric sums.
// Imports autograd and tensor; knows the model only as a type.

import { ShapeError, ValueError, describe } from '../core/errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { Rng } from '../tensor/rng.ts';
import { fmt } from '../tensor/shape.ts';
import { noGrad } from '../autograd/variable.ts';
import * as A from '../autograd/ops.ts';
import { softmaxCrossEntropy, sigmoidCrossEntropy, squaredError } from '../autograd/losses.ts';
import { isRecord } from '../core/objects.ts';
import type { Layer } from './layers.ts';
import { type Loss, getLoss, lossKey } from './losses.ts';
import { smoothLabels } from './loss-functions.ts';
import { type Optimizer, getOptimizer } from './optimizers.ts';
import { type AnyMetric, getMetric, isStateful } from './metrics.ts';
import type { Sequential } from './sequential.ts';

/** Options of fused loss evaluation a compiled loss may carry (scikit-learn's conventions use them). */
export interface FusedLossSettings {
  epsilon?: number;
  outputReduction?: 'mean' | 'sum' | 'sklearn';
  half?: boolean;
}

export interface CompileArgs {
  loss: string | Loss | ((yTrue: Tensor, yPred: Tensor) => Tensor);
  optimizer?: string | Optimizer;
  /** Names (the history keys), metric class instances (keyed by their `name`) or `{ name, batchSum }` objects. */
  metrics?: ReadonlyArray<string | AnyMetric> | string | AnyMetric;
  /** Metrics weighted by sampleWeight / classWeight (Keras' weighted_metrics); `metrics` are unweighted, as in Keras. */
  weightedMetrics?: ReadonlyArray<string | AnyMetric> | string | AnyMetric;
  /** Settings for the fused loss path (epsilon for the reported value, output reduction). */
  lossSettings?: FusedLossSettings;
}

/** How the loss meets the output: fused from the logits of a softmax or sigmoid, squared error, or `loss.fn`. */
export type LossMode = 'softmax' | 'sigmoid' | 'squared' | 'generic';

/** @internal What `compile` leaves on a model; metrics and the mode are resolved once the output layer is known. */
export interface Compiled {
  loss: Loss;
  optimizer: Optimizer;
  metricIds: ReadonlyArray<string | AnyMetric>;
  weightedIds: ReadonlyArray<string | AnyMetric>;
  metrics: AnyMetric[];
  /** Per entry of `metrics`: whether sample weights apply (the weightedMetrics come last). */
  weighted: boolean[];
  settings: FusedLossSettings;
  mode: LossMode;
}

/** @internal Validates compile's arguments into a record whose metrics and mode are not resolved yet. */
export function compileRecord(args: CompileArgs): Compiled {
  if (!isRecord(args)) throw new ValueError(`compile: expected { loss, optimizer, metrics }, got ${describe(args)}`);
  if (args.loss === undefined || args.loss === null)
    throw new ValueError('compile: You must provide a loss (e.g. loss: "meanSquaredError")');
  const loss = getLoss(args.loss);
  // Keras compiles without an optimizer when given None, and such a model cannot train: null is refused here.
  if ((args.optimizer as unknown) === null)
    throw new ValueError("compile: You must provide an optimizer; got null (leave it out for the default 'rmsprop')");
  const optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
  if (args.lossSettings !== undefined) checkLossSettings(args.lossSettings);
  const list = (m: CompileArgs['metrics']): ReadonlyArray<string | AnyMetric> =>
    m === undefined || m === null ? [] : Array.isArray(m) ? m : [m as string | AnyMetric];
  const settings = { ...(args.lossSettings ?? {}) };
  return {
    loss,
    optimizer,
    metricIds: list(args.metrics),
    weightedIds: list(args.weightedMetrics),
    metrics: [],
    weighted: [],
    settings,
    mode: 'generic',
  };
}

/** @internal The arguments that compile a fresh copy: same loss, metrics and settings, an optimizer with the same config. */
export function recompileArgs(c: Compiled, optimizer: Optimizer): CompileArgs {
  return {
    loss: c.loss,
    optimizer,
    metrics: c.metricIds,
    weightedMetrics: c.weightedIds,
    lossSettings: { ...c.settings },
  };
}

/** @internal Whether the metrics still wait for the output layer. */
export function isResolved(c: Compiled): boolean {
  return c.metrics.length === c.metricIds.length + c.weightedIds.length;
}

/** @internal Resolves the metrics and the fused-loss mode against the output layer and its number of units. */
export function resolveCompiled(c: Compiled, last: Layer, units: number): Compiled {
  const key = lossKey(c.loss);
  const plain = c.metricIds.map((m) => getMetric(m, key, units));
  const taken = new Set(plain.map((m) => m.name));
  // Keras names a weighted metric 'weighted_<name>' when the same metric is also unweighted.
  const weighted = c.weightedIds.map((id): AnyMetric => {
    const m = getMetric(id, key, units);
    if (!taken.has(m.name)) return m;
    const name = `weighted_${m.name}`;
    if (!isStateful(m)) return { name, batchSum: m.batchSum.bind(m) };
    if (plain.includes(m))
      throw new ValueError(`compile: metric '${m.name}' is in both metrics and weightedMetrics; pass two instances`);
    return { name, resetState: () => m.resetState(), updateState: m.updateState.bind(m), result: () => m.result() };
  });
  c.metrics = [...plain, ...weighted];
  c.weighted = c.metrics.map((_, i) => i >= plain.length);
  c.mode = lossMode(c.loss, last);
  return c;
}

/**
 * The mode a loss takes over an output layer, from what each declares: the loss's `fusion` and the layer's
 * `splitActivation()`.
 */
export function lossMode(loss: Loss, last: Layer): LossMode {
  const f = loss.fusion;
  if (f === undefined) return 'generic';
  if (f.kind === 'squaredError') return loss.fromLogits ? 'generic' : 'squared';
  const act = last.splitActivation();
  // Fused from the pre-activation: probabilities without fromLogits, or fromLogits over a linear output.
  // fromLogits over a softmax/sigmoid output is honoured as Keras does: the probabilities are taken as logits.
  return (loss.fromLogits ? act === 'linear' : act === f.activation) ? f.activation : 'generic';
}

/** @internal Loss of a batch as a differentiable scalar (regularization included), plus the outputs for metrics. */
export function lossAndOutputs(
  model: Sequential,
  c: Compiled,
  x: Tensor,
  y: Tensor,
  sw: Tensor | null,
  training: boolean,
  rng?: Rng,
): { loss: Tensor; outputs: () => Tensor } {
  const s = c.settings;
  const activity: Tensor[] = [];
  const run = rng === undefined ? { training, activity } : { training, rng, activity };
  const logits = { ...run, logits: true };
  const smoothing = c.loss.labelSmoothing ?? 0;
  let loss: Tensor;
  let outputs: () => Tensor;
  switch (c.mode) {
    case 'softmax': {
      const z = model.apply(x, logits);
      const target = c.loss.sparseTargets === true ? y : smoothLabels(y, smoothing, z.shape[1] as number);
      loss = softmaxCrossEntropy(z, target, {
        sampleWeight: sw,
        ...(s.epsilon !== undefined ? { epsilon: s.epsilon } : {}),
      });
      outputs = () => noGrad(() => A.softmax(z));
      break;
    }
    case 'sigmoid': {
      const z = model.apply(x, logits);
      const reduction = s.outputReduction === 'sum' ? 'sum' : 'mean';
      loss = sigmoidCrossEntropy(z, smoothLabels(y, smoothing, 'binary'), {
        sampleWeight: sw,
        outputReduction: reduction,
        ...(s.epsilon !== undefined ? { epsilon: s.epsilon } : {}),
      });
      outputs = () => noGrad(() => A.sigmoid(z));
      break;
    }
    case 'squared': {
      const p = model.apply(x, run);
      loss = squaredError(p, y, {
        sampleWeight: sw,
        half: s.half === true,
        outputReduction: s.outputReduction ?? 'mean',
      });
      outputs = () => p;
      break;
    }
    case 'generic': {
      const p = model.apply(x, run);
      loss = c.loss.fn(y, p, { sampleWeight: sw, fromLogits: c.loss.fromLogits });
      if (loss.size !== 1)
        throw new ShapeError(`loss '${c.loss.name}' must return a scalar, got shape ${fmt(loss.shape)}`);
      outputs = () => p;
      break;
    }
    default:
      c.mode satisfies never;
      throw new Error('unreachable');
  }
  for (const layer of model.layers) {
    const r = layer.regularization(x.shape[0] as number);
    if (r !== null) loss = A.add(loss, r);
  }
  for (const p of activity) loss = A.add(loss, p);
  return { loss, outputs };
}

/** @internal Targets as the compiled loss wants them: class indices [N] for a sparse loss, [N, units] otherwise. */
export function prepareTargets(c: Compiled, y: Tensor, units: number): Tensor {
  const n = y.shape[0];
  const name = c.loss.name;
  if (c.loss.sparseTargets === true) {
    if (y.size !== n)
      throw new ShapeError(
        `${name} expects one integer class index per sample (shape [${n}] or [${n},1]), got y ${fmt(y.shape)}`,
      );
    for (let i = 0; i < n; i++) {
      const v = y.data[i];
      if (!Number.isInteger(v) || v < 0 || v >= units)
        throw new ValueError(`y[${i}] = ${v} is not a class index in [0, ${units}) for a model with ${units} outputs`);
    }
    return y.ndim === 1 ? y : y.reshape([n]);
  }
  const y2 = y.ndim === 1 ? y.reshape([n, 1]) : y;
  if (y2.ndim !== 2 || y2.shape[1] !== units) {
    const hint = units > 1 && y.ndim === 1 ? ' (for integer labels use sparse_categorical_crossentropy)' : '';
    throw new ShapeError(
      `y has shape ${fmt(y.shape)} but the model outputs ${units} value(s) per sample (loss '${name}'); expected [${n},${units}]${hint}`,
    );
  }
  return y2;
}

/**
 * @internal Metrics of a batch: sums over samples for `{ name, batchSum }` metrics (0 for the stateful ones, which
 * update their state instead), sample weights only for the weightedMetrics.
 */
export function metricSums(c: Compiled, y: Tensor, outputs: Tensor, sw: ArrayLike<number> | null): number[] {
  return c.metrics.map((m, i) => {
    const w = c.weighted[i] === true ? sw : null;
    if (!isStateful(m)) return m.batchSum(y, outputs, w);
    m.updateState(y, outputs, w);
    return 0;
  });
}

/** @internal Starts the stateful metrics over (each epoch, each evaluation). */
export function resetMetrics(c: Compiled): void {
  for (const m of c.metrics) if (isStateful(m)) m.resetState();
}

/**
 * @internal The metrics' values: a stateful metric's result, else its sums over the total weight (`weights[i]`:
 * the samples seen, or their total sample weight for a weighted metric; no weight gives 0, as Keras' divide_no_nan).
 */
export function metricResults(c: Compiled, sums: readonly number[], weights: readonly number[]): number[] {
  return c.metrics.map((m, i) => {
    if (isStateful(m)) return m.result();
    const w = weights[i] as number;
    return w === 0 ? 0 : (sums[i] as number) / w;
  });
}

function checkLossSettings(s: unknown): void {
  if (!isRecord(s)) throw new ValueError(`compile: lossSettings must be an object. Got ${describe(s)} instead.`);
  const { epsilon, outputReduction, half } = s as Record<string, unknown>;
  if (epsilon !== undefined && (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon < 0.5))) {
    throw new ValueError(
      `compile: lossSettings.epsilon must be a number in (0, 0.5). Got ${describe(epsilon)} instead.`,
    );
  }
  if (
    outputReduction !== undefined &&
    outputReduction !== 'mean' &&
    outputReduction !== 'sum' &&
    outputReduction !== 'sklearn'
  ) {
    throw new ValueError(
      `compile: lossSettings.outputReduction must be 'mean', 'sum' or 'sklearn'. Got ${describe(outputReduction)} instead.`,
    );
  }
  if (half !== undefined && typeof half !== 'boolean')
    throw new ValueError(`compile: lossSettings.half must be a boolean. Got ${describe(half)} instead.`);
}
