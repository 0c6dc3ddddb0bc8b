// The training loop behind Sequential.fit / fitAsync: batching, seeded
// shuffling, validation, metrics, callbacks and the non-finite-loss guard.
// Written as a generator that yields after each batch, so the synchronous and
// asynchronous fits share one loop. Imports tensor and autograd.

import { NonFiniteError, ShapeError, ValueError, describe } from '../core/errors.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Rng } from '../tensor/rng.ts';
import { withArena } from '../tensor/alloc.ts';
import { take } from '../tensor/ops.ts';
import { noGrad, needsGrad } from '../autograd/variable.ts';
import { backward } from '../autograd/backward.ts';
import type { Sequential } from './sequential.ts';
import { checkOptionKeys } from './call-options.ts';
import { toTensor, checkSameLength, type DataLike } from './data.ts';
import { callbackList, type Callback, type Logs } from './callbacks.ts';
import { Progress } from './progress.ts';

export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  /** Fraction of the data, taken from the end before any shuffling (as Keras), held out for validation. */
  validationSplit?: number;
  validationData?: [DataLike, DataLike] | [DataLike, DataLike, DataLike];
  verbose?: 0 | 1 | 2;
  callbacks?: Callback | Callback[];
  /** Weight per class index, multiplied into the sample weights. */
  classWeight?: Record<number, number> | null;
  sampleWeight?: DataLike | null;
  /** Seeds shuffling and dropout for this fit (default: the model's rng). */
  seed?: number;
  /** Epoch to start from: trains epochs initialEpoch..epochs-1 (Keras). */
  initialEpoch?: number;
  /** Keep going when the loss becomes NaN/Infinity instead of throwing. */
  allowNonFinite?: boolean;
  /** Batches per epoch (Keras): at most the number of batches the data makes; default all of them. */
  stepsPerEpoch?: number | null;
  /** Batch size of the validation pass (Keras); default `batchSize`. */
  validationBatchSize?: number | null;
  /** Validate every `validationFreq` epochs (Keras 3: an integer, default 1). */
  validationFreq?: number;
  /** Batches of the validation pass (Keras); default all of them. */
  validationSteps?: number | null;
}

/**
 * Every option `fit` reads (fitAsync adds signal, yieldEvery and yieldMs); any other key is an ArgumentError
 * (Keras's TypeError).
 */
export const FIT_OPTION_KEYS: readonly string[] = [
  'epochs',
  'batchSize',
  'shuffle',
  'validationSplit',
  'validationData',
  'verbose',
  'callbacks',
  'classWeight',
  'sampleWeight',
  'seed',
  'initialEpoch',
  'allowNonFinite',
  'stepsPerEpoch',
  'validationBatchSize',
  'validationFreq',
  'validationSteps',
];

/** Keras' History object. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

/** An optional positive integer option (undefined and null mean the default). */
function optionalPositiveInt(name: string, v: unknown): number | null {
  return v === undefined || v === null ? null : intAtLeast(name, v, 1);
}

/** An integer option of at least `min` (1: a positive integer, 0: non-negative). */
function intAtLeast(name: string, v: unknown, min: 0 | 1): number {
  if (!Number.isInteger(v) || (v as number) < min)
    throw new ValueError(
      `fit: '${name}' must be a ${min ? 'positive' : 'non-negative'} integer. Got ${describe(v)} instead.`,
    );
  return v as number;
}

export function* fitLoop(
  model: Sequential,
  x: DataLike,
  y: DataLike,
  options: FitOptions,
): Generator<void, History, void> {
  checkOptionKeys('fit', options, [...FIT_OPTION_KEYS, 'signal', 'yieldEvery', 'yieldMs']);
  // epochs: 0 is legal in Keras: nothing trains and the history comes back empty.
  const epochs = options.epochs === undefined ? 1 : intAtLeast('epochs', options.epochs, 0);
  const batchSize = options.batchSize === undefined ? 32 : intAtLeast('batchSize', options.batchSize, 1);
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0)
    throw new ValueError(`fit: 'initialEpoch' must be a non-negative integer. Got ${describe(initialEpoch)} instead.`);
  const verbose = options.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2)
    throw new ValueError(`fit: 'verbose' must be 0, 1 or 2. Got ${describe(verbose)} instead.`);
  if (options.shuffle !== undefined && typeof options.shuffle !== 'boolean')
    throw new ValueError(`fit: 'shuffle' must be a boolean. Got ${describe(options.shuffle)} instead.`);
  const stepsPerEpoch = optionalPositiveInt('stepsPerEpoch', options.stepsPerEpoch);
  const valBatchSize = optionalPositiveInt('validationBatchSize', options.validationBatchSize) ?? batchSize;
  const valFreq = options.validationFreq === undefined ? 1 : intAtLeast('validationFreq', options.validationFreq, 1);
  const valSteps = optionalPositiveInt('validationSteps', options.validationSteps);
  const split = options.validationSplit ?? 0;
  if (typeof split !== 'number' || !(split >= 0 && split < 1))
    throw new ValueError(`fit: 'validationSplit' must be a number in [0, 1). Got ${describe(split)} instead.`);

  let xt = model.checkInputShape('fit', 'x', toTensor('x', x, model.dtype));
  let yt = toTensor('y', y, model.dtype);
  checkSameLength(xt, yt);
  yt = model.prepareTargets(yt);
  let sw: Tensor | null =
    options.sampleWeight == null ? null : toTensor('sampleWeight', options.sampleWeight, model.dtype);
  if (sw !== null && sw.size !== xt.shape[0])
    throw new ShapeError(`fit: sampleWeight has ${sw.size} entries for ${xt.shape[0]} samples`);
  if (options.classWeight != null) sw = applyClassWeight(options.classWeight, yt, sw, model.dtype);

  // Validation data: given, or the last fraction of the data (before shuffling, as Keras).
  let val: { x: Tensor; y: Tensor; sw: Tensor | null } | null = null;
  if (options.validationData !== undefined) {
    const [vx, vy, vw] = options.validationData;
    const vxt = model.checkInputShape('fit', 'validationData x', toTensor('validationData x', vx, model.dtype));
    const vyt = toTensor('validationData y', vy, model.dtype);
    checkSameLength(vxt, vyt, 'validationData x', 'validationData y');
    const vsw = vw === undefined ? null : toTensor('validationData sampleWeight', vw, model.dtype);
    if (vsw !== null && vsw.size !== vxt.shape[0])
      throw new ShapeError(`fit: validationData sampleWeight has ${vsw.size} entries for ${vxt.shape[0]} samples`);
    val = { x: vxt, y: model.prepareTargets(vyt), sw: vsw };
  } else if (split > 0) {
    const n = xt.shape[0];
    const cut = Math.floor(n * (1 - split));
    if (cut === 0 || cut === n)
      throw new ValueError(
        `fit: validationSplit ${split} leaves ${cut === 0 ? 'no training' : 'no validation'} samples out of ${n}`,
      );
    const head = range(0, cut),
      tail = range(cut, n);
    val = { x: take(xt, tail), y: take(yt, tail), sw: sw === null ? null : take(sw, tail) };
    xt = take(xt, head);
    yt = take(yt, head);
    if (sw !== null) sw = take(sw, head);
  }

  const n = xt.shape[0];
  if (n === 0) throw new ValueError('fit: x has 0 samples; at least one is required');
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new ValueError(`fit: 'seed' must be an integer. Got ${describe(options.seed)} instead.`);
  const rng = options.seed === undefined ? model.rng : new Rng(options.seed);
  const shuffle = options.shuffle ?? true;
  const cbs: Callback[] = callbackList(options.callbacks);
  const quietOnNaN =
    options.allowNonFinite === true || cbs.some((c) => (c as { handlesNonFinite?: boolean }).handlesNonFinite === true);
  for (const cb of cbs) cb.setModel?.(model);

  const compiled = model.optimizer; // throws a clear error when not compiled
  compiled.validate();
  const metricNames = model.metricsNames;
  const weights = model.optimizerWeights();
  const batches = Math.ceil(n / batchSize);
  if (stepsPerEpoch !== null && stepsPerEpoch > batches)
    throw new ValueError(
      `fit: 'stepsPerEpoch' is ${stepsPerEpoch} but the data makes ${batches} batches of ${batchSize} per epoch.`,
    );
  const steps = stepsPerEpoch ?? batches;
  const order = new Int32Array(n);
  const history: History = { epoch: [], history: {} };
  const progress = new Progress(verbose, epochs, steps);
  model.stopTraining = false;

  for (const cb of cbs) cb.onTrainBegin?.({});
  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    for (const cb of cbs) cb.onEpochBegin?.(epoch, {});
    progress.epochBegin(epoch);
    for (let i = 0; i < n; i++) order[i] = i;
    if (shuffle) rng.shuffle(order);
    let lossSum = 0;
    const sums = new Array<number>(metricNames.length).fill(0);
    let seen = 0;
    let metricWeight = 0;
    model.resetMetrics();
    for (let step = 0; step < steps; step++) {
      const start = step * batchSize;
      const len = Math.min(batchSize, n - start);
      const idx = order.subarray(start, start + len);
      for (const cb of cbs) cb.onBatchBegin?.(step, { batch: step, size: len });
      const batchLoss = withArena(model.arena(`train:${len}`), () => {
        const xb = take(xt, idx);
        const yb = take(yt, idx);
        const swb = sw === null ? null : take(sw, idx);
        for (const w of weights) w.grad = null;
        const { loss, outputs } = model.lossAndOutputs(xb, yb, swb, true, rng);
        // A model whose layers are all frozen has nothing to differentiate.
        if (needsGrad(loss)) backward(loss);
        const value = loss.data[0];
        if (metricNames.length > 0) {
          model.metricSums(yb, outputs(), swb?.data ?? null).forEach((v, i) => (sums[i] += v));
          metricWeight += weightTotal(swb, len);
        }
        noGrad(() => compiled.apply(weights));
        return value;
      });
      lossSum += batchLoss * len;
      seen += len;
      const logs: Logs = { batch: step, size: len, loss: batchLoss };
      for (const cb of cbs) cb.onBatchEnd?.(step, logs);
      progress.batchEnd(step, { loss: lossSum / seen });
      if (!Number.isFinite(batchLoss) && !quietOnNaN) {
        throw new NonFiniteError(
          `fit: the loss became ${batchLoss} in epoch ${epoch + 1}/${epochs} (batch ${step + 1}/${steps}). Lower the learning rate, scale the inputs, or pass allowNonFinite: true (or a terminateOnNaN callback) to stop without an error.`,
        );
      }
      if (model.stopTraining) break;
      yield;
    }
    const logs: Logs = { loss: lossSum / Math.max(seen, 1) };
    const values = model.metricResults(sums, seen, metricWeight);
    metricNames.forEach((name, i) => (logs[name] = values[i] as number));
    if (val !== null && (epoch + 1) % valFreq === 0) {
      // Keras validates through evaluate with fit's callbacks: their test hooks run.
      const v = evaluateTensors(model, val.x, val.y, val.sw, valBatchSize, { callbacks: cbs, steps: valSteps });
      for (const [k, value] of Object.entries(v)) logs[`val_${k}`] = value;
    }
    progress.epochEnd(epoch, logs);
    for (const cb of cbs) cb.onEpochEnd?.(epoch, logs);
    // Recorded after the callbacks, as Keras' History runs last: what they add (learning_rate) is kept.
    history.epoch.push(epoch);
    for (const [k, value] of Object.entries(logs)) (history.history[k] ??= []).push(value);
  }
  for (const cb of cbs) cb.onTrainEnd?.({});
  return history;
}

function range(a: number, b: number): Int32Array {
  const r = new Int32Array(b - a);
  for (let i = 0; i < r.length; i++) r[i] = a + i;
  return r;
}

/** Multiplies `classWeight[class of row i]` into the sample weights (class = index, argmax of one-hot, or the 0/1 value). */
function applyClassWeight(
  classWeight: Record<number, number>,
  y: Tensor,
  sw: Tensor | null,
  dtype: 'float32' | 'float64',
): Tensor {
  const n = y.shape[0];
  const k = y.size / n;
  const out = new (dtype === 'float64' ? Float64Array : Float32Array)(n);
  for (let i = 0; i < n; i++) {
    let c: number;
    if (k === 1) c = Math.round(y.data[i]);
    else {
      c = 0;
      for (let j = 1; j < k; j++) if (y.data[i * k + j] > y.data[i * k + c]) c = j;
    }
    const w = Object.prototype.hasOwnProperty.call(classWeight, c) ? classWeight[c] : 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new ValueError(`fit: classWeight[${c}] must be a finite number >= 0. Got ${describe(w)} instead.`);
    out[i] = w * (sw === null ? 1 : sw.data[i]);
  }
  return new Tensor(out, [n]);
}

/**
 * Loss and metrics over tensors already prepared (used by evaluate and validation); `callbacks` get the
 * test hooks, `steps` limits the number of batches.
 */
export function evaluateTensors(
  model: Sequential,
  x: Tensor,
  y: Tensor,
  sw: Tensor | null,
  batchSize: number,
  options: { callbacks?: readonly Callback[]; steps?: number | null } = {},
): Record<string, number> {
  const cbs = options.callbacks ?? [];
  const n = options.steps == null ? x.shape[0] : Math.min(x.shape[0], options.steps * batchSize);
  const names = model.metricsNames;
  const sums = new Array<number>(names.length).fill(0);
  model.resetMetrics();
  let lossSum = 0;
  let metricWeight = 0;
  for (const cb of cbs) cb.onTestBegin?.({});
  forEachBatch(model, 'eval', n, batchSize, (view, len, start) => {
    const batch = Math.floor(start / batchSize);
    for (const cb of cbs) cb.onTestBatchBegin?.(batch, { batch, size: len });
    const xb = take(x, view);
    const yb = take(y, view);
    const swb = sw === null ? null : take(sw, view);
    const { loss, outputs } = model.lossAndOutputs(xb, yb, swb, false);
    lossSum += loss.data[0] * len;
    const ms = model.metricSums(yb, outputs(), swb?.data ?? null);
    ms.forEach((v, i) => (sums[i] += v));
    metricWeight += weightTotal(swb, len);
    for (const cb of cbs) cb.onTestBatchEnd?.(batch, { batch, size: len, loss: loss.data[0] as number });
  });
  const logs: Record<string, number> = { loss: lossSum / n };
  const values = model.metricResults(sums, n, metricWeight);
  names.forEach((name, i) => (logs[name] = values[i] as number));
  for (const cb of cbs) cb.onTestEnd?.({ ...logs });
  return logs;
}

/**
 * Runs `fn` over consecutive row batches without recording a graph, each
 * batch in the model's arena for its size (so repeated calls reuse buffers).
 */
export function forEachBatch(
  model: Sequential,
  key: string,
  n: number,
  batchSize: number,
  fn: (rows: Int32Array, len: number, start: number) => void,
): void {
  const batch = Math.max(1, Math.min(batchSize, n || 1));
  const idx = new Int32Array(batch);
  noGrad(() => {
    for (let start = 0; start < n; start += batch) {
      const len = Math.min(batch, n - start);
      const view = len === batch ? idx : idx.subarray(0, len);
      for (let i = 0; i < len; i++) view[i] = start + i;
      withArena(model.arena(`${key}:${len}`), () => fn(view, len, start));
    }
  });
}

/** Total sample weight of a batch (its length when unweighted): weightedMetrics are weighted means, as in Keras. */
export function weightTotal(sw: Tensor | null, len: number): number {
  if (sw === null) return len;
  let s = 0;
  for (let i = 0; i < sw.size; i++) s += sw.data[i];
  return s;
}
