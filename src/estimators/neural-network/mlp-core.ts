// scikit-learn's MLP numerics, shared by MLPClassifier and MLPRegressor:
// the parameter constraints, the network built through `_kerasBuildFn`
// (Glorot-uniform weights AND biases, alpha as a per-batch L2, the output
// activation / loss pairs with delta p - y), and the stochastic training loop
// (loss curve, tol / nIterNoChange, learning-rate schedules, early stopping).
// Imports nn and tensor.

import { InvalidParameterError, ValueError, NotFittedError, describe } from '../../core/errors.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { withArena } from '../../tensor/alloc.ts';
import { backward } from '../../autograd/backward.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { Rng } from '../../tensor/rng.ts';
import { take } from '../../tensor/ops.ts';
import { sequential, type Sequential } from '../../nn/sequential.ts';
import { layers } from '../../nn/layers.ts';
import { regularizers } from '../../nn/regularizers.ts';
import { Adam, SGD, RMSprop, type Optimizer } from '../../nn/optimizers.ts';
import type { Callback, Logs } from '../../nn/callbacks.ts';
import { allFinite } from '../../tensor/ops.ts';
import { warn, print } from '../../core/warnings.ts';
import { machineEps } from '../../core/numeric.ts';
import type { TrainSteps } from '../wrappers/fit-steps.ts';

/** scikit-learn's MLP parameters in camelCase (plus `dtype`: float32 here, float64 for exact parity). */
export interface MLPParams {
  hiddenLayerSizes?: number[] | number;
  activation?: 'identity' | 'logistic' | 'tanh' | 'relu';
  solver?: 'adam' | 'sgd' | 'rmsprop' | 'lbfgs';
  alpha?: number;
  batchSize?: number | 'auto';
  learningRate?: 'constant' | 'invscaling' | 'adaptive';
  learningRateInit?: number;
  powerT?: number;
  maxIter?: number;
  shuffle?: boolean;
  randomState?: number | null;
  tol?: number;
  verbose?: boolean | number;
  warmStart?: boolean;
  momentum?: number;
  nesterovsMomentum?: boolean;
  earlyStopping?: boolean;
  validationFraction?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  nIterNoChange?: number;
  maxFun?: number;
  dtype?: 'float32' | 'float64';
}

/** scikit-learn's defaults: this object is the parameter list. */
export const MLP_DEFAULTS: Readonly<Required<MLPParams>> = Object.freeze({
  hiddenLayerSizes: [100],
  activation: 'relu',
  solver: 'adam',
  alpha: 0.0001,
  batchSize: 'auto',
  learningRate: 'constant',
  learningRateInit: 0.001,
  powerT: 0.5,
  maxIter: 200,
  shuffle: true,
  randomState: null,
  tol: 1e-4,
  verbose: false,
  warmStart: false,
  momentum: 0.9,
  nesterovsMomentum: true,
  earlyStopping: false,
  validationFraction: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  nIterNoChange: 10,
  maxFun: 15000,
  dtype: 'float32',
});

type Constraint = (v: unknown) => string | null; // null when valid, else what was expected

const interval = (kind: 'float' | 'int', lo: number, hi: number, loOpen: boolean, hiOpen: boolean): Constraint => (v) => {
  const ok = typeof v === 'number' && !Number.isNaN(v) && (kind === 'float' || Number.isInteger(v) || v === Infinity) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
  const fmt = (x: number) => (x === Infinity ? 'inf' : kind === 'float' && Number.isInteger(x) ? x.toFixed(1) : String(x));
  return ok ? null : `${kind === 'float' ? 'a float' : 'an int'} in the range ${loOpen ? '(' : '['}${fmt(lo)}, ${fmt(hi)}${hiOpen ? ')' : ']'}`;
};
const among = (...opts: string[]): Constraint => (v) => (typeof v === 'string' && opts.includes(v) ? null : `a str among {${opts.map((o) => `'${o}'`).join(', ')}}`);
const bool: Constraint = (v) => (typeof v === 'boolean' ? null : `an instance of 'bool'`);
const either = (...cs: Constraint[]): Constraint => (v) => {
  const msgs = cs.map((c) => c(v));
  return msgs.includes(null) ? null : msgs.join(' or ');
};

/** Every parameter has a constraint: adding a parameter without one fails to compile. */
const CONSTRAINTS: { [K in keyof Required<MLPParams>]: Constraint } = {
  hiddenLayerSizes: (v) => {
    const list = typeof v === 'number' ? [v] : v;
    return Array.isArray(list) && list.every((d) => Number.isInteger(d) && d > 0) ? null : 'an array of positive ints (or one positive int)';
  },
  activation: among('identity', 'logistic', 'relu', 'tanh'),
  solver: among('lbfgs', 'sgd', 'adam', 'rmsprop'),
  alpha: interval('float', 0, Infinity, false, true),
  batchSize: either(among('auto'), interval('int', 1, Infinity, false, true)),
  learningRate: among('constant', 'invscaling', 'adaptive'),
  learningRateInit: interval('float', 0, Infinity, true, true),
  powerT: interval('float', 0, Infinity, false, true),
  maxIter: interval('int', 1, Infinity, false, true),
  shuffle: bool,
  randomState: (v) => (v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4294967295) ? null : 'an int in the range [0, 4294967295] or None'),
  tol: interval('float', 0, Infinity, false, true),
  verbose: (v) => (typeof v === 'boolean' || Number.isInteger(v) ? null : "an int or an instance of 'bool'"),
  warmStart: bool,
  momentum: interval('float', 0, 1, false, false),
  nesterovsMomentum: bool,
  earlyStopping: bool,
  validationFraction: interval('float', 0, 1, false, true),
  beta1: interval('float', 0, 1, false, true),
  beta2: interval('float', 0, 1, false, true),
  epsilon: interval('float', 0, Infinity, true, true),
  nIterNoChange: either(interval('int', 1, Infinity, false, true), (v) => (v === Infinity ? null : 'Infinity')),
  maxFun: interval('int', 1, Infinity, false, true),
  dtype: among('float32', 'float64'),
};

/** Validates every parameter with scikit-learn's message template. */
export function validateMLPParams(est: object): void {
  const name = est.constructor.name;
  const p = est as Record<string, unknown>;
  for (const [k, check] of Object.entries(CONSTRAINTS)) {
    const expected = check(p[k]);
    if (expected !== null) throw new InvalidParameterError(`The '${k}' parameter of ${name} must be ${expected}. Got ${describe(p[k])} instead.`);
  }
}

/** Hidden layer sizes as a list. */
export function hiddenSizes(v: number[] | number): number[] {
  return typeof v === 'number' ? [v] : v.slice();
}


const ACT = { identity: 'linear', logistic: 'sigmoid', tanh: 'tanh', relu: 'relu' } as const;

/**
 * The network scikit-learn trains: Dense layers with the hidden activation,
 * an output layer with `outActivation`, weights AND biases uniform in
 * +-sqrt(factor / (fanIn + fanOut)) (factor 2 for logistic, else 6), drawn
 * layer by layer (kernel, then bias), alpha as 0.5 alpha sum(W^2) / batch.
 */
export function buildMLP(p: MLPParams & { nFeaturesIn_: number }, nOutputs: number, outActivation: 'logistic' | 'softmax' | 'identity', optimizer: Optimizer): Sequential {
  const dtype = p.dtype ?? 'float32';
  const sizes = [p.nFeaturesIn_, ...hiddenSizes(p.hiddenLayerSizes ?? [100]), nOutputs];
  const factor = p.activation === 'logistic' ? 2 : 6;
  const model = sequential({ dtype, name: 'mlp' });
  model.add(layers.input({ shape: [p.nFeaturesIn_] }));
  for (let i = 0; i < sizes.length - 1; i++) {
    const bound = Math.sqrt(factor / ((sizes[i] as number) + (sizes[i + 1] as number)));
    const init = { className: 'RandomUniform' as const, config: { minval: -bound, maxval: bound } };
    const last = i === sizes.length - 2;
    model.add(layers.dense({
      units: sizes[i + 1] as number,
      activation: last ? (outActivation === 'softmax' ? 'softmax' : ACT[outActivation]) : ACT[p.activation ?? 'relu'],
      kernelInitializer: init,
      biasInitializer: init,
      ...(p.alpha ? { kernelRegularizer: regularizers.l2({ l2: p.alpha / 2, perSample: true }) } : {}),
    }));
  }
  const eps = machineEps(dtype);
  if (outActivation === 'softmax') model.compile({ loss: 'sparse_categorical_crossentropy', optimizer, lossSettings: { epsilon: eps } });
  else if (outActivation === 'logistic') model.compile({ loss: 'binary_crossentropy', optimizer, lossSettings: { epsilon: eps, outputReduction: 'sum' } });
  else model.compile({ loss: 'mean_squared_error', optimizer, lossSettings: { half: true, outputReduction: 'sklearn' } });
  return model;
}

/** The optimizer a solver stands for, with scikit-learn's hyper-parameters. */
export function makeOptimizer(p: MLPParams): Optimizer {
  const lr = p.learningRateInit ?? 0.001;
  switch (p.solver ?? 'adam') {
    case 'adam': return new Adam({ learningRate: lr, beta1: p.beta1 ?? 0.9, beta2: p.beta2 ?? 0.999, epsilon: p.epsilon ?? 1e-8 });
    case 'sgd': return new SGD({ learningRate: lr, momentum: p.momentum ?? 0.9, nesterov: (p.nesterovsMomentum ?? true) && (p.momentum ?? 0.9) > 0 });
    case 'rmsprop': return new RMSprop({ learningRate: lr, epsilon: p.epsilon ?? 1e-8 });
    // L-BFGS updates the weights itself (trainLbfgs); the compiled optimizer is never stepped.
    case 'lbfgs': return new SGD({ learningRate: lr, momentum: 0 });
    default: throw new ValueError(`unknown solver ${describe(p.solver)}`);
  }
}

/** Bookkeeping scikit-learn keeps across epochs, warm starts and partial fits. */
export interface MLPState {
  nIter_: number;
  t_: number;
  loss_: number;
  lossCurve_: number[];
  bestLoss_: number | null;
  validationScores_: number[] | null;
  bestValidationScore_: number | null;
  noImprovementCount: number;
  bestWeights: Tensor[] | null;
}

export function freshState(earlyStopping: boolean): MLPState {
  return {
    nIter_: 0,
    t_: 0,
    loss_: NaN,
    lossCurve_: [],
    bestLoss_: earlyStopping ? null : Infinity,
    validationScores_: earlyStopping ? [] : null,
    bestValidationScore_: earlyStopping ? -Infinity : null,
    noImprovementCount: 0,
    bestWeights: null,
  };
}

export interface TrainSpec {
  model: Sequential;
  params: MLPParams & { nFeaturesIn_: number };
  state: MLPState;
  X: Tensor;
  y: Tensor;
  sampleWeight: Float64Array | null;
  incremental: boolean;
  rng: Rng;
  /** Rows of y per class for the stratified validation split (null: plain random split). */
  strata: ArrayLike<number> | null;
  /** Validation score of the model on held-out rows (accuracy or R^2). */
  score: (X: Tensor, rows: Int32Array) => number;
  estimator: string;
}

/** scikit-learn's `_fit_stochastic` over the shared training loop; returns the (possibly shortened) state. */
export function* trainStochastic(spec: TrainSpec): TrainSteps {
  const { model, params: p, state, incremental, rng } = spec;
  const early = (p.earlyStopping ?? false) && !incremental;
  let X = spec.X, y = spec.y, sw = spec.sampleWeight;
  let valRows: Int32Array | null = null;
  if (early) {
    const split = validationSplit(X.shape[0] as number, p.validationFraction ?? 0.1, spec.strata, rng);
    valRows = split.val;
    const valX = take(X, split.val);
    X = take(X, split.train);
    y = take(y, split.train);
    if (sw !== null) sw = Float64Array.from(split.train, (i) => (spec.sampleWeight as Float64Array)[i] as number);
    spec = { ...spec, X: valX };
  }
  const n = X.shape[0] as number;
  let batch: number;
  if ((p.batchSize ?? 'auto') === 'auto') batch = Math.min(200, n);
  else {
    const b = p.batchSize as number;
    if (b < 1 || b > n) warn('UserWarning', 'Got `batch_size` less than 1 or larger than sample size. It is going to be clipped');
    batch = Math.min(Math.max(b, 1), n);
  }
  const opt = model.optimizer;
  const tol = p.tol ?? 1e-4;
  const nNoChange = p.nIterNoChange ?? 10;
  const maxIter = p.maxIter ?? 200;
  const verbose = Boolean(p.verbose);
  const log = (s: string) => warnFreeLog(s);
  const bookkeeping: Callback = {
    onEpochEnd(_epoch: number, logs: Logs = {}) {
      state.nIter_ += 1;
      state.loss_ = logs.loss as number;
      state.t_ += n;
      state.lossCurve_.push(state.loss_);
      if (verbose) log(`Iteration ${state.nIter_}, loss = ${state.loss_.toFixed(8)}`);
      if (early) {
        const s = spec.score(spec.X, valRows as Int32Array);
        (state.validationScores_ as number[]).push(s);
        if (verbose) log(`Validation score: ${s.toFixed(6)}`);
        if (!(s >= (state.bestValidationScore_ as number) + tol)) state.noImprovementCount++;
        else state.noImprovementCount = 0;
        if (s > (state.bestValidationScore_ as number)) {
          state.bestValidationScore_ = s;
          state.bestWeights = model.getWeights();
        }
      } else {
        if (state.loss_ > (state.bestLoss_ as number) - tol || Number.isNaN(state.loss_)) state.noImprovementCount++;
        else state.noImprovementCount = 0;
        if (state.loss_ < (state.bestLoss_ as number)) state.bestLoss_ = state.loss_;
      }
      if (p.solver === 'sgd' && p.learningRate === 'invscaling') opt.learningRate = (p.learningRateInit ?? 0.001) / Math.pow(state.t_ + 1, p.powerT ?? 0.5);
      if (state.noImprovementCount > nNoChange) {
        const what = early ? 'Validation score' : 'Training loss';
        const msg = `${what} did not improve more than tol=${tol.toFixed(6)} for ${nNoChange} consecutive epochs.`;
        if (p.solver === 'sgd' && p.learningRate === 'adaptive' && opt.learningRate > 1e-6) {
          opt.learningRate /= 5;
          if (verbose) log(`${msg} Setting learning rate to ${opt.learningRate.toFixed(6)}`);
          state.noImprovementCount = 0;
        } else {
          if (verbose) log(`${msg}${p.solver === 'sgd' && p.learningRate === 'adaptive' ? ' Learning rate too small.' : ''} Stopping.`);
          model.stopTraining = true;
        }
      }
    },
  };
  const itersBefore = state.nIter_;
  yield {
    model, x: X, y,
    options: {
      epochs: incremental ? 1 : maxIter,
      batchSize: batch,
      shuffle: p.shuffle ?? true,
      verbose: 0,
      callbacks: [bookkeeping],
      allowNonFinite: true,
      seed: rng.uint32(),
      ...(sw === null ? {} : { sampleWeight: sw }),
    },
  };
  if (!incremental && state.nIter_ - itersBefore === maxIter && !model.stopTraining) {
    warn('ConvergenceWarning', `Stochastic Optimizer: Maximum iterations (${maxIter}) reached and the optimization hasn't converged yet.`);
  }
  if (early && state.bestWeights !== null) model.setWeights(state.bestWeights);
  if (!model.getWeights().every((w) => allFinite(w.data))) {
    throw new ValueError('Solver produced non-finite parameter weights. The input data may contain large values and need to be preprocessed.');
  }
}

function warnFreeLog(s: string): void {
  print(s);
}

/** scikit-learn's early-stopping split: ceil(fraction * n) held out, stratified by class when `strata` is given. */
export function validationSplit(n: number, fraction: number, strata: ArrayLike<number> | null, rng: Rng): { train: Int32Array; val: Int32Array } {
  const nVal = Math.ceil(fraction * n);
  const byClass = new Map<number, number[]>();
  if (strata !== null) {
    for (let i = 0; i < n; i++) {
      const c = strata[i] as number;
      const list = byClass.get(c) ?? [];
      list.push(i);
      byClass.set(c, list);
    }
    const least = Math.min(...Array.from(byClass.values(), (l) => l.length));
    if (least < 2) throw new ValueError('The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.');
  }
  if (nVal < 2 || n - nVal < 1) throw new ValueError("The validation set is too small. Increase 'validation_fraction' or the size of your dataset.");
  let val: number[];
  if (strata === null) val = Array.from(rng.permutation(n).subarray(0, nVal));
  else {
    if (nVal < byClass.size) throw new ValueError(`The test_size = ${nVal} should be greater or equal to the number of classes = ${byClass.size}`);
    // Largest-remainder allocation of nVal over classes, then a seeded pick within each class.
    const classes = Array.from(byClass.keys()).sort((a, b) => a - b);
    const exact = classes.map((c) => ((byClass.get(c) as number[]).length * nVal) / n);
    const counts = exact.map(Math.floor);
    let left = nVal - counts.reduce((a, b) => a + b, 0);
    const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of order) { if (left === 0) break; counts[i] = (counts[i] as number) + 1; left--; }
    val = classes.flatMap((c, i) => {
      const rows = (byClass.get(c) as number[]).slice();
      rng.shuffle(rows);
      return rows.slice(0, counts[i]);
    });
  }
  const isVal = new Uint8Array(n);
  for (const i of val) isVal[i] = 1;
  const train: number[] = [];
  for (let i = 0; i < n; i++) if (!isVal[i]) train.push(i);
  return { train: Int32Array.from(train), val: Int32Array.from(val.sort((a, b) => a - b)) };
}

/** coefs_ as number[][][] (per layer [in][out]) from the model's kernels. */
export function readCoefs(model: Sequential | undefined, pending: number[][][] | number[][] | null, kind: 'coefs' | 'intercepts'): number[][][] | number[][] {
  if (model === undefined) {
    if (pending !== null) return pending as never;
    throw new NotFittedError(`${kind}_ is not available before fit`);
  }
  const w = model.getWeights();
  if (kind === 'intercepts') return w.filter((_, i) => i % 2 === 1).map((b) => Array.from(b.data));
  return w.filter((_, i) => i % 2 === 0).map((k) => k.toArray() as number[][]);
}

/** Writes coefs_ or intercepts_ into the model (shapes checked), so a warm start or partial fit continues from them. */
export function writeWeights(model: Sequential, values: unknown, kind: 'coefs' | 'intercepts'): void {
  const w = model.getWeights();
  const idx = w.map((_, i) => i).filter((i) => (kind === 'coefs' ? i % 2 === 0 : i % 2 === 1));
  if (!Array.isArray(values) || values.length !== idx.length) throw new ValueError(`${kind}_ must be an array of ${idx.length} ${kind === 'coefs' ? 'matrices' : 'vectors'}, got ${describe(values)}`);
  idx.forEach((wi, j) => {
    const target = w[wi] as Tensor;
    const flat = (kind === 'coefs' ? (values[j] as unknown[]).flat() : values[j]) as unknown[];
    if (!Array.isArray(flat) || flat.length !== target.size || flat.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new ValueError(`${kind}_[${j}] must hold ${target.size} finite numbers in shape [${target.shape}]`);
    }
    target.data.set(flat as number[]);
  });
  model.setWeights(w);
}

/**
 * scikit-learn's solver='lbfgs': full-batch loss (data loss + 0.5 alpha sum(W^2) / n) and its gradient
 * through the same model, minimised by L-BFGS over the packed weights; stops at max |g| <= tol,
 * maxIter iterations or maxFun evaluations (a ConvergenceWarning for the last two, as scikit-learn).
 */
export function trainLbfgs(spec: TrainSpec): void {
  const { model, params: p, state } = spec;
  const weights = model.trainableWeights();
  const total = weights.reduce((s, w) => s + w.size, 0);
  const x0 = new Float64Array(total);
  let o = 0;
  for (const w of weights) { x0.set(w.data, o); o += w.size; }
  const y = model.prepareTargets(spec.y);
  const sw = spec.sampleWeight === null ? null : new Tensor(model.dtype === 'float64' ? Float64Array.from(spec.sampleWeight) : Float32Array.from(spec.sampleWeight), [spec.sampleWeight.length]);
  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    let off = 0;
    for (const w of weights) { w.data.set(theta.subarray(off, off + w.size)); off += w.size; }
    return withArena(model.arena('lbfgs'), () => {
      for (const w of weights) w.grad = null;
      const { loss } = model.lossAndOutputs(spec.X, y, sw, true);
      backward(loss);
      let q = 0;
      for (const w of weights) {
        if (w.grad === null) grad.fill(0, q, q + w.size);
        else grad.set(w.grad.data, q);
        q += w.size;
      }
      return loss.data[0] as number;
    });
  };
  const res = minimizeLbfgs(evaluate, x0, { maxIter: p.maxIter ?? 200, maxFun: p.maxFun ?? 15000, gtol: p.tol ?? 1e-4 });
  let off = 0;
  for (const w of weights) { w.data.set(res.x.subarray(off, off + w.size)); off += w.size; }
  state.nIter_ = res.iterations;
  state.loss_ = res.f;
  if (res.status === 'max_iter' || res.status === 'max_fun') {
    const why = res.status === 'max_iter' ? 'TOTAL NO. of ITERATIONS REACHED LIMIT' : 'TOTAL NO. of f AND g EVALUATIONS EXCEEDS LIMIT';
    warn('ConvergenceWarning', `lbfgs failed to converge (status=1):\nSTOP: ${why}.\n\nIncrease the number of iterations (maxIter) or scale the data.`);
  }
  if (!model.getWeights().every((w) => allFinite(w.data))) {
    throw new ValueError('Solver produced non-finite parameter weights. The input data may contain large values and need to be preprocessed.');
  }
}
