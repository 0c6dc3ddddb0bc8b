// The logic MLPClassifier and MLPRegressor share, held once (scikit-learn's BaseMultilayerPerceptron,
// by composition: each estimator owns an MLPCore). It keeps the bookkeeping of its model, starts each
// fit (fresh, warm or incremental), runs the solver and publishes scikit-learn's fitted attributes.
// Imports src/core, tensor, nn and the neural-network modules.

import { ValueError, describe } from '../../core/errors.ts';
import { warn } from '../../core/warnings.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { tensor, isNdArrayLike } from '../../tensor/create.ts';
import type { Rng } from '../../tensor/rng.ts';
import type { Sequential } from '../../nn/sequential.ts';
import type { TrainSteps } from '../wrappers/fit-steps.ts';
import type { YLike } from '../utils/validation.ts';
import { hiddenSizes, type MLPConfig } from './params.ts';
import { buildMLP, compileMLP, makeOptimizer, type OutActivation } from './build.ts';
import { freshState, stateFromJSON, stateToJSON, count, type MLPState } from './state.ts';
import { trainStochastic, type TrainSpec } from './stochastic.ts';
import { trainLbfgs } from './lbfgs-solver.ts';
import type { SklearnImport } from './from-sklearn.ts';
import { notFitted, readCoefs, readIntercepts, writeWeights, type WeightKind } from './weights.ts';

/**
 * The MLP parameters as properties of the estimator. `batchSize` and `verbose` keep the wrapper's wider
 * declared types (a subclass property must match its base's); fit reads them validated as MLPConfig.
 */
export type MLPParamMembers = Omit<MLPConfig, 'batchSize' | 'verbose'>;

/** scikit-learn's fitted attributes of an MLP beyond the wrapper's. */
export interface MLPFitted {
  nIter_: number;
  t_: number;
  loss_: number;
  lossCurve_: number[];
  bestLoss_: number | null;
  validationScores_: number[] | null;
  bestValidationScore_: number | null;
  nLayers_: number;
  outActivation_: OutActivation;
}

/** What MLPCore reads and writes on its estimator. */
export interface MLPHost extends MLPFitted {
  readonly model_: Sequential;
  readonly initialized_: boolean;
  history_: Record<string, number[]>;
}

/** One training run: the encoded data and how to score held-out rows. */
export interface MLPRun {
  X: Tensor;
  y: Tensor;
  sampleWeight: Float64Array | null;
  incremental: boolean;
  rng: Rng;
  strata: ArrayLike<number> | null;
  score: TrainSpec['score'];
}

export class MLPCore {
  /** The bookkeeping, and the model it belongs to (a new model starts it over). */
  private state: MLPState | undefined;
  private stateModel: Sequential | undefined;
  /** coefs_ / intercepts_ assigned before the model exists: the start of a warm start or partial fit. */
  private pending: Record<WeightKind, unknown> = { coefs: null, intercepts: null };

  /** The network for the estimator's parameters (its `_kerasBuildFn`). */
  build(p: MLPConfig, nFeaturesIn: number, nOutputs: number, out: OutActivation): Sequential {
    return buildMLP(p, nFeaturesIn, nOutputs, out);
  }

  /** scikit-learn's fit / partial_fit body: state reset on a fresh fit, a fresh optimizer on a warm one. */
  *train(host: MLPHost, p: MLPConfig, run: MLPRun): TrainSteps {
    const model = host.model_;
    let state = this.state;
    if (state === undefined || this.stateModel !== model) {
      state = freshState(p.earlyStopping && !run.incremental);
      // Weights assigned before fitting are where a warm start or a partial fit begins (scikit-learn keeps them).
      if (p.warmStart || run.incremental) {
        if (this.pending.coefs !== null) writeWeights(model, this.pending.coefs, 'coefs');
        if (this.pending.intercepts !== null) writeWeights(model, this.pending.intercepts, 'intercepts');
      }
      this.pending = { coefs: null, intercepts: null };
    } else if (!run.incremental) {
      // A warm-start fit keeps the weights but starts a fresh optimizer, as scikit-learn does.
      compileMLP(model, host.outActivation_, makeOptimizer(p), p.dtype);
    }
    this.state = state;
    this.stateModel = model;
    host.nLayers_ = hiddenSizes(p.hiddenLayerSizes).length + 2;
    const spec: TrainSpec = { model, params: p, state, ...run };
    if (p.solver === 'lbfgs') {
      // scikit-learn's lbfgs keeps no loss curve, best loss or validation scores.
      state.bestLoss_ = null;
      const out = host.outActivation_;
      trainLbfgs(spec, () => buildMLP({ ...p, dtype: 'float64' }, run.X.shape[1] as number, outputUnits(model), out));
    } else yield* trainStochastic(spec);
    this.publish(host);
  }

  private publish(host: MLPHost): void {
    const s = this.state as MLPState;
    host.nIter_ = s.nIter_;
    host.t_ = s.t_;
    host.loss_ = s.loss_;
    host.lossCurve_ = s.lossCurve_.slice();
    host.bestLoss_ = s.bestLoss_;
    host.validationScores_ = s.validationScores_ === null ? null : s.validationScores_.slice();
    host.bestValidationScore_ = s.bestValidationScore_;
    host.history_ = { loss: s.lossCurve_.slice() };
  }

  /** coefs_: the model's kernels, or those assigned before fit. */
  coefs(host: MLPHost): number[][][] {
    if (host.initialized_) return readCoefs(host.model_);
    if (this.pending.coefs !== null) return this.pending.coefs as number[][][];
    throw notFitted('coefs');
  }

  /** intercepts_: the model's biases, or those assigned before fit. */
  intercepts(host: MLPHost): number[][] {
    if (host.initialized_) return readIntercepts(host.model_);
    if (this.pending.intercepts !== null) return this.pending.intercepts as number[][];
    throw notFitted('intercepts');
  }

  /** Writes coefs_ / intercepts_ into the model, or keeps a copy until there is one. */
  setWeights(host: MLPHost, values: unknown, kind: WeightKind): void {
    if (host.initialized_) writeWeights(host.model_, values, kind);
    else this.pending[kind] = JSON.parse(JSON.stringify(values)) as unknown;
  }

  /**
   * Takes over a model fitted elsewhere (scikit-learn's attributes, see from-sklearn.ts): its weights and
   * counters. scikit-learn's loss curve and best loss are not in those attributes, so the curve starts empty
   * and the best loss is the final one (a warm start continues from there).
   */
  adopt(host: MLPHost, s: SklearnImport, solver: MLPConfig['solver']): void {
    if (host.outActivation_ !== s.outActivation) {
      throw new ValueError(
        `fromSklearn: 'out_activation_' is '${s.outActivation}' but the targets it describes need '${host.outActivation_}'.`,
      );
    }
    writeWeights(host.model_, s.coefs, 'coefs');
    writeWeights(host.model_, s.intercepts, 'intercepts');
    const state = freshState(false);
    state.nIter_ = s.nIter;
    state.loss_ = s.loss;
    state.bestLoss_ = solver === 'lbfgs' ? null : s.loss;
    this.state = state;
    this.stateModel = host.model_;
    host.nLayers_ = s.coefs.length + 1;
    this.publish(host);
  }

  /** The fitted state for the estimator's JSON. */
  toJSON(host: MLPHost): Record<string, unknown> {
    if (this.state === undefined) return { outActivation: host.outActivation_ };
    return { outActivation: host.outActivation_, nLayers: host.nLayers_, state: stateToJSON(this.state) };
  }

  /** Restores `toJSON` output; the restored bookkeeping belongs to the restored model (training continues it). */
  loadJSON(host: MLPHost, j: Record<string, unknown>): void {
    const out = j.outActivation;
    if (out !== 'logistic' && out !== 'softmax' && out !== 'identity')
      throw new ValueError(`fromJSON: bad outActivation ${describe(out)}`);
    host.outActivation_ = out;
    if (j.state === undefined) return;
    this.state = stateFromJSON(j.state);
    this.stateModel = host.model_;
    host.nLayers_ = count('nLayers', j.nLayers);
    this.publish(host);
  }
}

/** Units of the model's output layer. */
function outputUnits(model: Sequential): number {
  const w = model.trainableWeights();
  return (w[w.length - 1] as Tensor).size;
}

/**
 * scikit-learn's MLPs flatten a one-column y (column_or_1d with a DataConversionWarning), so a
 * y of shape [n, 1] gives 1-D predictions, as there. (SciKeras's wrappers keep y's shape instead.)
 */
export function ravelColumn(y: YLike): YLike {
  let flat: YLike | null = null;
  if (Array.isArray(y)) {
    if (y.length > 0 && y.every((r) => Array.isArray(r) && r.length === 1))
      flat = (y as readonly (readonly number[])[]).map((r) => r[0] as number);
  } else if (y instanceof Tensor) {
    if (y.ndim === 2 && y.shape[1] === 1) flat = y.reshape([y.shape[0] as number]);
  } else if (isNdArrayLike(y) && y.shape.length === 2 && y.shape[1] === 1) {
    const t = tensor(y);
    flat = t.reshape([t.shape[0] as number]);
  }
  if (flat === null) return y;
  warn(
    'DataConversionWarning',
    'A column-vector y was passed when a 1d array was expected. Please change y to a 1-D array, for example with y.map((row) => row[0]).',
  );
  return flat;
}

/** scikit-learn's preconditions of partial_fit. */
export function checkPartialFit(p: MLPConfig): void {
  if (p.solver === 'lbfgs')
    throw new ValueError('partialFit is only available for stochastic optimizers. lbfgs is not stochastic.');
  if (p.earlyStopping) throw new ValueError('partialFit does not support earlyStopping=true');
}
