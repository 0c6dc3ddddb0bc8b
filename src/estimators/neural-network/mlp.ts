// MLPClassifier / MLPRegressor: drop-ins for scikit-learn's, built as
// subclasses of the SciKeras wrappers through `_kerasBuildFn`, so encoders,
// validation, routing-free parameters, JSON and clone are shared.
// The numerics live in mlp-core.ts. Imports nn and tensor.

import { ValueError, describe } from '../../core/errors.ts';
import { pickKeys } from '../../core/objects.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { tensor, isNdArrayLike } from '../../tensor/create.ts';
import { warn } from '../../core/warnings.ts';
import { machineEps } from '../../core/numeric.ts';
import type { Sequential } from '../../nn/sequential.ts';
import { KerasClassifier, KerasRegressor, type CompileKwargs } from '../wrappers/index.ts';
import { type CheckedY, type Label, type XLike, type YLike, uniqueLabels } from '../utils/validation.ts';
import {
  MLP_DEFAULTS, type MLPParams, type MLPState, validateMLPParams, buildMLP, makeOptimizer, freshState, trainStochastic, trainLbfgs, readCoefs, writeWeights,
} from './mlp-core.ts';
import { accuracyScore, r2Score, type LabelArray } from '../metrics/index.ts';
import { splitAsyncOptions, type AsyncFitOptions, type TrainSteps } from '../wrappers/fit-steps.ts';

type FitOpts = { sampleWeight?: ArrayLike<number> | null };

const STATE_KEYS = ['nIter_', 't_', 'loss_', 'lossCurve_', 'bestLoss_', 'validationScores_', 'bestValidationScore_'] as const;

/** scikit-learn's parameters and fitted attributes, declared once for both estimators (interface merging: no runtime fields). */
interface MLPMembers extends Required<Omit<MLPParams, 'randomState' | 'shuffle' | 'verbose' | 'warmStart' | 'batchSize'>>, Pick<MLPState, 'nIter_' | 't_' | 'loss_' | 'lossCurve_' | 'bestLoss_' | 'validationScores_' | 'bestValidationScore_'> {
  nLayers_: number;
  outActivation_: 'logistic' | 'softmax' | 'identity';
}

/**
 * scikit-learn's MLPClassifier: same parameters (camelCase), defaults,
 * fitted attributes and numerics (solver 'adam', 'sgd' or 'lbfgs'; 'rmsprop'
 * beyond scikit-learn).
 *
 * @example
 * const clf = new MLPClassifier({ hiddenLayerSizes: [100], randomState: 0 }).fit(Xtrain, yTrain);
 * clf.score(Xtest, yTest);
 */
export interface MLPClassifier extends MLPMembers {}
export class MLPClassifier extends KerasClassifier {
  static override readonly defaults: Readonly<Record<string, unknown>> = MLP_DEFAULTS;
  static override readonly acceptsExtraParams: boolean = false;
  protected declare _state: MLPState;
  protected declare _pending: { coefs: number[][][] | null; intercepts: number[][] | null };

  constructor(params: MLPParams = {}) {
    super(params as Record<string, unknown>);
  }

  protected override wrapperParamNames(): string[] {
    return Object.keys(MLP_DEFAULTS);
  }

  // scikit-learn's MLPs have no routed parameters: `optimizer__x` would be silently unused, so it is refused.
  protected override acceptsRoutedKey(): boolean {
    return false;
  }

  override fit(X: XLike, y: YLike, options: FitOpts = {}): this {
    this.fitInternal(X, this.checkFit(y), options.sampleWeight ?? null, {}, false);
    return this;
  }

  /** `fit` without blocking (see KerasClassifier.fitAsync); the 'lbfgs' solver still runs in one piece. */
  override async fitAsync(X: XLike, y: YLike, options: FitOpts & AsyncFitOptions = {}): Promise<this> {
    const [async, { sampleWeight }] = splitAsyncOptions(options);
    await this.fitInternalAsync(X, this.checkFit(y), sampleWeight ?? null, {}, async);
    return this;
  }

  private checkFit(y: YLike): YLike {
    validateMLPParams(this);
    y = ravelColumn(y);
    if (this.warmStart && this.initialized_ && this.classes_ !== null && this.targetType_ !== 'multilabel-indicator') {
      const seen = uniqueLabels(Array.isArray(y) ? (y as LabelArray) : []);
      const prev = this.classes_ as Label[];
      if (seen.length > 0 && (seen.length !== prev.length || seen.some((c, i) => c !== prev[i]))) {
        throw new ValueError(`warm_start can only be used where \`y\` has the same classes as in the previous call to fit. Previously got ${describe(prev)}, \`y\` has ${describe(seen)}`);
      }
    }
    return y;
  }

  /** One epoch; the first call needs `classes` (scikit-learn's rule). */
  override partialFit(X: XLike, y: YLike, options: FitOpts & { classes?: Label[] } = {}): this {
    checkPartialFit(this);
    y = ravelColumn(y);
    if (!this.initialized_ && options.classes === undefined && !Array.isArray((y as unknown[])[0])) throw new ValueError('classes must be passed on the first call to partial_fit.');
    if (this.initialized_ && this.classes_ !== null && Array.isArray(y) && !Array.isArray(y[0])) {
      const known = new Set(this.classes_);
      const extra = uniqueLabels(y as LabelArray).filter((l) => !known.has(l));
      if (extra.length > 0) throw new ValueError(`\`y\` has classes not in \`self.classes_\`. \`self.classes_\` has ${describe(this.classes_)}. 'y' has ${describe(uniqueLabels(y as LabelArray))}.`);
    }
    const { sampleWeight, classes } = options;
    this.fitInternal(X, y, sampleWeight ?? null, classes === undefined ? {} : { classes }, true);
    return this;
  }

  protected override fitEncoders(y: CheckedY, classes: Label[] | null): void {
    super.fitEncoders(y, classes);
    if (this.targetType_ === 'multiclass-multioutput' || this.targetType_ === 'continuous' || this.targetType_ === 'continuous-multioutput') {
      throw new ValueError(`Unknown label type: ${this.targetType_}. MLPClassifier supports binary, multiclass and multilabel-indicator targets.`);
    }
    const k = this.nClasses_ as number;
    // scikit-learn has no one-hot target type: rows that happen to sum to 1 are multilabel-indicator,
    // trained with one logistic output per column like any other indicator matrix.
    if (this._encoder.targetType === 'multiclass-onehot') this._encoder.targetType = 'multilabel-indicator';
    const multilabel = this.targetType_ === 'multilabel-indicator';
    this.outActivation_ = this.targetType_ === 'multiclass' ? 'softmax' : 'logistic';
    this.nOutputs_ = multilabel || this.outActivation_ === 'softmax' ? k : 1;
  }

  /** The network scikit-learn would train, from this estimator's parameters. */
  override _kerasBuildFn(_compileKwargs: CompileKwargs): Sequential {
    return buildMLP(this as unknown as MLPParams & { nFeaturesIn_: number }, this.nOutputs_, this.outActivation_, makeOptimizer(this as MLPParams));
  }

  protected override *train(Xt: Tensor, yc: CheckedY, sw: Float64Array | null, _kw: Record<string, unknown>, incremental: boolean): TrainSteps {
    // Early stopping holds out a stratified split for single-label targets (not multilabel), as the issue asks.
    const yEnc = this.encodeTargets(yc);
    yield* mlpTrain(this, Xt, yEnc, sw, incremental, this.targetType_ === 'multilabel-indicator' ? null : yEnc.data, (Xv, rows) => {
      const labels = this._encoder.inverse(this.model_.predict(Xv));
      const truth = Array.from(rows, (i) => (yc.values as unknown[])[i]);
      return accuracyScore(truth as number[], labels as number[]);
    });
  }

  get coefs_(): number[][][] {
    return readCoefs(this.model_, this._pending?.coefs ?? null, 'coefs') as number[][][];
  }
  set coefs_(v: number[][][]) {
    setWeightsAttr(this, v, 'coefs');
  }
  get intercepts_(): number[][] {
    return readCoefs(this.model_, this._pending?.intercepts ?? null, 'intercepts') as number[][];
  }
  set intercepts_(v: number[][]) {
    setWeightsAttr(this, v, 'intercepts');
  }

  /** Natural log of predictProba. */
  predictLogProba(X: XLike): number[][] {
    return this.predictProba(X).map((r) => r.map(Math.log));
  }

  protected override extraState(): Record<string, unknown> {
    return mlpExtraState(this);
  }
  protected override loadExtraState(j: Record<string, unknown>): void {
    mlpLoadExtraState(this, j);
  }
}

/**
 * scikit-learn's MLPRegressor: half squared error with an identity output,
 * same parameters, defaults, fitted attributes and numerics.
 */
export interface MLPRegressor extends MLPMembers {}
export class MLPRegressor extends KerasRegressor {
  static override readonly defaults: Readonly<Record<string, unknown>> = MLP_DEFAULTS;
  static override readonly acceptsExtraParams: boolean = false;
  protected declare _state: MLPState;
  protected declare _pending: { coefs: number[][][] | null; intercepts: number[][] | null };

  constructor(params: MLPParams = {}) {
    super(params as Record<string, unknown>);
  }

  protected override wrapperParamNames(): string[] {
    return Object.keys(MLP_DEFAULTS);
  }

  // scikit-learn's MLPs have no routed parameters: `optimizer__x` would be silently unused, so it is refused.
  protected override acceptsRoutedKey(): boolean {
    return false;
  }

  override fit(X: XLike, y: YLike, options: FitOpts = {}): this {
    validateMLPParams(this);
    this.fitInternal(X, ravelColumn(y), options.sampleWeight ?? null, {}, false);
    return this;
  }

  /** `fit` without blocking (see KerasRegressor.fitAsync); the 'lbfgs' solver still runs in one piece. */
  override async fitAsync(X: XLike, y: YLike, options: FitOpts & AsyncFitOptions = {}): Promise<this> {
    validateMLPParams(this);
    const [async, { sampleWeight }] = splitAsyncOptions(options);
    await this.fitInternalAsync(X, ravelColumn(y), sampleWeight ?? null, {}, async);
    return this;
  }

  override partialFit(X: XLike, y: YLike, options: FitOpts = {}): this {
    checkPartialFit(this);
    this.fitInternal(X, ravelColumn(y), options.sampleWeight ?? null, {}, true);
    return this;
  }

  protected override fitEncoders(y: CheckedY): void {
    super.fitEncoders(y);
    this.outActivation_ = 'identity';
  }

  override _kerasBuildFn(_compileKwargs: CompileKwargs): Sequential {
    return buildMLP(this as unknown as MLPParams & { nFeaturesIn_: number }, this.nOutputs_, 'identity', makeOptimizer(this as MLPParams));
  }

  protected override *train(Xt: Tensor, yc: CheckedY, sw: Float64Array | null, _kw: Record<string, unknown>, incremental: boolean): TrainSteps {
    const yEnc = this.encodeTargets(yc);
    yield* mlpTrain(this, Xt, yEnc, sw, incremental, null, (Xv, rows) => {
      const pred = this._encoder.inverse(this.model_.predict(Xv));
      const truth = Array.from(rows, (i) => (yc.values as unknown[])[i]);
      return r2Score(truth as number[], pred as number[]) as number;
    });
  }

  get coefs_(): number[][][] {
    return readCoefs(this.model_, this._pending?.coefs ?? null, 'coefs') as number[][][];
  }
  set coefs_(v: number[][][]) {
    setWeightsAttr(this, v, 'coefs');
  }
  get intercepts_(): number[][] {
    return readCoefs(this.model_, this._pending?.intercepts ?? null, 'intercepts') as number[][];
  }
  set intercepts_(v: number[][]) {
    setWeightsAttr(this, v, 'intercepts');
  }

  protected override extraState(): Record<string, unknown> {
    return mlpExtraState(this);
  }
  protected override loadExtraState(j: Record<string, unknown>): void {
    mlpLoadExtraState(this, j);
  }
}

type AnyMLP = MLPClassifier | MLPRegressor;

// scikit-learn's preconditions of partial_fit, shared by both estimators.
/**
 * scikit-learn's MLPs flatten a one-column y (column_or_1d with a DataConversionWarning), so a
 * y of shape [n, 1] gives 1-D predictions, as there. (SciKeras's wrappers keep y's shape instead.)
 */
function ravelColumn(y: YLike): YLike {
  let flat: YLike | null = null;
  if (Array.isArray(y)) {
    if (y.length > 0 && y.every((r) => Array.isArray(r) && r.length === 1)) flat = (y as unknown[][]).map((r) => r[0]) as YLike;
  } else if (y instanceof Tensor) {
    if (y.ndim === 2 && y.shape[1] === 1) flat = y.reshape([y.shape[0] as number]);
  } else if (isNdArrayLike(y) && y.shape.length === 2 && y.shape[1] === 1) {
    const t = tensor(y as Parameters<typeof tensor>[0]);
    flat = t.reshape([t.shape[0] as number]);
  }
  if (flat === null) return y;
  warn('DataConversionWarning', 'A column-vector y was passed when a 1d array was expected. Please change the shape of y to (n_samples, ), for example using ravel().');
  return flat;
}

function checkPartialFit(est: AnyMLP): void {
  validateMLPParams(est);
  if (est.solver === 'lbfgs') throw new ValueError('partial_fit is only available for stochastic optimizers. lbfgs is not stochastic.');
  if (est.earlyStopping) throw new ValueError('partial_fit does not support early_stopping=True');
}

// Shared body of both `train` overrides: state reset on a fresh fit, the
// optimizer restarted on a warm-start fit (scikit-learn), pending coefs_.
function* mlpTrain(est: AnyMLP, X: Tensor, y: Tensor, sw: Float64Array | null, incremental: boolean, strata: ArrayLike<number> | null, score: (X: Tensor, rows: Int32Array) => number): TrainSteps {
  const e = est as unknown as { _state?: MLPState; _pending?: { coefs: number[][][] | null; intercepts: number[][] | null }; _rng: import('../../tensor/rng.ts').Rng; _stateModel?: Sequential };
  const p = est as unknown as MLPParams & { nFeaturesIn_: number };
  // The bookkeeping belongs to one model: a new model (a fresh fit) starts it over.
  const fresh = e._state === undefined || e._stateModel !== est.model_;
  if (fresh) {
    e._state = freshState(est.earlyStopping && !incremental);
    // coefs_ / intercepts_ assigned before fitting are the starting point of a warm start or partial fit (scikit-learn keeps them then).
    if (est.warmStart || incremental) {
      if (e._pending?.coefs) writeWeights(est.model_, e._pending.coefs, 'coefs');
      if (e._pending?.intercepts) writeWeights(est.model_, e._pending.intercepts, 'intercepts');
    }
    e._pending = { coefs: null, intercepts: null };
  } else if (!incremental) {
    // A warm-start fit keeps the weights but starts a fresh optimizer, as scikit-learn does.
    est.model_.compile({ loss: est.model_.loss, optimizer: makeOptimizer(p), lossSettings: lossSettingsOf(est) });
  }
  e._stateModel = est.model_;
  est.nLayers_ = (Array.isArray(est.hiddenLayerSizes) ? est.hiddenLayerSizes.length : 1) + 2;
  const spec = { model: est.model_, params: p, state: e._state as MLPState, X, y, sampleWeight: sw, incremental, rng: e._rng, strata, score, estimator: est.constructor.name };
  if (est.solver === 'lbfgs') {
    // scikit-learn's lbfgs keeps no loss curve, best loss or validation scores.
    spec.state.bestLoss_ = null;
    trainLbfgs(spec); // full-batch iterations, synchronous even under fitAsync
  } else yield* trainStochastic(spec);
  const s = e._state as MLPState;
  for (const k of STATE_KEYS) (est as unknown as Record<string, unknown>)[k] = Array.isArray(s[k]) ? (s[k] as number[]).slice() : s[k];
  est.history_ = { loss: s.lossCurve_.slice() };
}

function lossSettingsOf(est: AnyMLP) {
  const eps = machineEps(est.dtype);
  return est.outActivation_ === 'identity' ? { half: true, outputReduction: 'sklearn' as const } : est.outActivation_ === 'logistic' ? { epsilon: eps, outputReduction: 'sum' as const } : { epsilon: eps };
}

function setWeightsAttr(est: AnyMLP, v: unknown, kind: 'coefs' | 'intercepts'): void {
  const e = est as unknown as { _pending?: { coefs: unknown; intercepts: unknown } };
  if (est.initialized_) {
    writeWeights(est.model_, v, kind);
    return;
  }
  e._pending ??= { coefs: null, intercepts: null };
  e._pending[kind] = JSON.parse(JSON.stringify(v));
}

function mlpExtraState(est: AnyMLP): Record<string, unknown> {
  const s = (est as unknown as { _state?: MLPState })._state;
  if (s === undefined) return { outActivation: est.outActivation_ };
  const { bestWeights: _drop, ...rest } = s;
  return { outActivation: est.outActivation_, nLayers: est.nLayers_, state: JSON.parse(JSON.stringify(rest, (_k, v) => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v))) };
}

function mlpLoadExtraState(est: AnyMLP, j: Record<string, unknown>): void {
  if (!['logistic', 'softmax', 'identity'].includes(j.outActivation as string)) throw new ValueError(`fromJSON: bad outActivation ${describe(j.outActivation)}`);
  est.outActivation_ = j.outActivation as MLPMembers['outActivation_'];
  if (j.state === undefined) return;
  const raw = pickKeys('MLP state', j.state, ['nIter_', 't_', 'loss_', 'lossCurve_', 'bestLoss_', 'validationScores_', 'bestValidationScore_', 'noImprovementCount']);
  const num = (key: string, v: unknown): number => {
    const x = v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === null ? NaN : v;
    if (typeof x !== 'number') throw new ValueError(`fromJSON: MLP state '${key}' must be a number, got ${describe(v)}`);
    return x;
  };
  const count = (key: string, v: unknown): number => {
    if (!Number.isInteger(v) || (v as number) < 0) throw new ValueError(`fromJSON: MLP state '${key}' must be a non-negative integer, got ${describe(v)}`);
    return v as number;
  };
  const list = (key: string, v: unknown): number[] => {
    if (!Array.isArray(v)) throw new ValueError(`fromJSON: MLP state '${key}' must be an array of numbers`);
    return v.map((x) => num(key, x));
  };
  const s: MLPState = {
    nIter_: count('nIter_', raw.nIter_), t_: count('t_', raw.t_), loss_: num('loss_', raw.loss_),
    lossCurve_: list('lossCurve_', raw.lossCurve_),
    bestLoss_: raw.bestLoss_ === null ? null : num('bestLoss_', raw.bestLoss_),
    validationScores_: raw.validationScores_ === null ? null : list('validationScores_', raw.validationScores_),
    bestValidationScore_: raw.bestValidationScore_ === null ? null : num('bestValidationScore_', raw.bestValidationScore_),
    noImprovementCount: count('noImprovementCount', raw.noImprovementCount), bestWeights: null,
  };
  const e = est as unknown as { _state: MLPState; _stateModel: Sequential };
  e._state = s;
  // The restored bookkeeping belongs to the restored model: training continues it (a new model would start over).
  e._stateModel = est.model_;
  est.nLayers_ = count('nLayers', j.nLayers);
  for (const k of STATE_KEYS) (est as unknown as Record<string, unknown>)[k] = s[k];
}
