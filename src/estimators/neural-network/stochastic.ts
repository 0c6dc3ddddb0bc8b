// scikit-learn's `_fit_stochastic` over the shared training loop: epochs with a loss curve, the
// tol / nIterNoChange stop, invscaling and adaptive learning rates, early stopping on a held-out
// split made by model-selection's trainTestSplit rules. Imports src/core, tensor, nn and model-selection.

import { NonFiniteError, ValueError } from '../../core/errors.ts';
import { warn, print } from '../../core/warnings.ts';
import { take, allFinite } from '../../tensor/ops.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { Rng } from '../../tensor/rng.ts';
import type { Sequential } from '../../nn/sequential.ts';
import type { Callback, Logs } from '../../nn/callbacks.ts';
import type { TrainSteps } from '../wrappers/fit-steps.ts';
import { shuffleSplitIndices } from '../model-selection/split.ts';
import type { MLPConfig } from './params.ts';
import type { MLPState } from './state.ts';

/** What one training run of an MLP works on. */
export interface TrainSpec {
  model: Sequential;
  params: MLPConfig;
  state: MLPState;
  X: Tensor;
  y: Tensor;
  sampleWeight: Float64Array | null;
  incremental: boolean;
  rng: Rng;
  /** Class index of each row for the stratified validation split (null: a plain random split). */
  strata: ArrayLike<number> | null;
  /** Validation score of the model on held-out rows (accuracy or R^2); `rows` index the original y. */
  score: (X: Tensor, rows: readonly number[]) => number;
}

/** scikit-learn's early-stopping split: `validationFraction` of the rows held out, stratified by class when given. */
export function validationSplit(
  n: number,
  fraction: number,
  strata: ArrayLike<number> | null,
  rng: Rng,
): [train: number[], val: number[]] {
  const [train, val] = shuffleSplitIndices(
    n,
    { testSize: fraction, stratify: strata === null ? null : Array.from(strata), randomState: rng },
    'MLP early stopping',
  );
  if (val.length < 2)
    throw new ValueError("The validation set is too small. Increase 'validationFraction' or the size of your dataset.");
  return [train, val];
}

/** scikit-learn's `_fit_stochastic`: one Sequential.fit request driven by a bookkeeping callback. */
export function* trainStochastic(spec: TrainSpec): TrainSteps {
  const { model, params: p, state, incremental, rng } = spec;
  const early = p.earlyStopping && !incremental;
  let X = spec.X,
    y = spec.y,
    sw = spec.sampleWeight;
  let valX: Tensor | null = null;
  let valRows: number[] = [];
  if (early) {
    const [train, val] = validationSplit(X.shape[0] as number, p.validationFraction, spec.strata, rng);
    valRows = val;
    valX = take(X, val);
    X = take(X, train);
    y = take(y, train);
    const all = sw;
    if (all !== null) sw = Float64Array.from(train, (i) => all[i] as number);
  }
  const n = X.shape[0] as number;
  let batch: number;
  if (p.batchSize === 'auto') batch = Math.min(200, n);
  else {
    if (p.batchSize < 1 || p.batchSize > n)
      warn('UserWarning', 'Got `batchSize` less than 1 or larger than sample size. It is going to be clipped');
    batch = Math.min(Math.max(p.batchSize, 1), n);
  }
  const opt = model.optimizer;
  const { tol, nIterNoChange: nNoChange, maxIter } = p;
  const verbose = Boolean(p.verbose);
  const adaptive = p.solver === 'sgd' && p.learningRate === 'adaptive';
  const bookkeeping: Callback = {
    onEpochEnd(_epoch: number, logs: Logs = {}) {
      state.nIter_ += 1;
      state.loss_ = logs.loss as number;
      if (!Number.isFinite(state.loss_)) {
        // scikit-learn's own error when the weights diverged; ours when only the loss overflowed.
        checkFiniteWeights(model);
        throw new NonFiniteError(
          `The loss became ${state.loss_} in iteration ${state.nIter_}: the weights diverged or the data overflow the ` +
            `model's ${p.dtype}. Lower learningRateInit or alpha, scale the inputs and targets, or use dtype 'float64'.`,
        );
      }
      state.t_ += n;
      state.lossCurve_.push(state.loss_);
      if (verbose) print(`Iteration ${state.nIter_}, loss = ${state.loss_.toFixed(8)}`);
      if (valX !== null) {
        const s = spec.score(valX, valRows);
        (state.validationScores_ as number[]).push(s);
        if (verbose) print(`Validation score: ${s.toFixed(6)}`);
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
      if (p.solver === 'sgd' && p.learningRate === 'invscaling')
        opt.learningRate = p.learningRateInit / Math.pow(state.t_ + 1, p.powerT);
      if (state.noImprovementCount > nNoChange) {
        const what = early ? 'Validation score' : 'Training loss';
        const msg = `${what} did not improve more than tol=${tol.toFixed(6)} for ${nNoChange} consecutive epochs.`;
        if (adaptive && opt.learningRate > 1e-6) {
          opt.learningRate /= 5;
          if (verbose) print(`${msg} Setting learning rate to ${opt.learningRate.toFixed(6)}`);
          state.noImprovementCount = 0;
        } else {
          if (verbose) print(`${msg}${adaptive ? ' Learning rate too small.' : ''} Stopping.`);
          model.stopTraining = true;
        }
      }
    },
  };
  const itersBefore = state.nIter_;
  yield {
    model,
    x: X,
    y,
    options: {
      epochs: incremental ? 1 : maxIter,
      batchSize: batch,
      shuffle: p.shuffle,
      verbose: 0,
      callbacks: [bookkeeping],
      allowNonFinite: true,
      seed: rng.uint32(),
      ...(sw === null ? {} : { sampleWeight: sw }),
    },
  };
  if (!incremental && state.nIter_ - itersBefore === maxIter && !model.stopTraining) {
    warn(
      'ConvergenceWarning',
      `Stochastic Optimizer: Maximum iterations (${maxIter}) reached and the optimization hasn't converged yet.`,
    );
  }
  if (early && state.bestWeights !== null) model.setWeights(state.bestWeights);
  checkFiniteWeights(model);
}

/** scikit-learn's check after a solver: non-finite weights are an error, not a model. */
export function checkFiniteWeights(model: Sequential): void {
  if (!model.getWeights().every((w) => allFinite(w.data))) {
    throw new ValueError(
      'Solver produced non-finite parameter weights. The input data may contain large values and need to be preprocessed.',
    );
  }
}
