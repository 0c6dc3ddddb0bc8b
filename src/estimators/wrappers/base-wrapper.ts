// SciKeras's BaseWrapper: what KerasClassifier and KerasRegressor share (parameters, meta, the target and
// feature encoders, building the model, fit / partialFit / initialize, prediction plumbing, JSON). Routing,
// building, encoders and serialisation helpers live beside it. Imports src/core, tensor, nn, utils and the
// wrappers' own modules.
import { ArgumentError, NonFiniteError, ValueError, describe } from '../../core/errors.ts';
import { warn } from '../../core/warnings.ts';
import { optionsOf, pickKeys, isRecord } from '../../core/objects.ts';
import { randomState as randomStateConstraint, validateParams, bool } from '../../core/param-validation.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { Rng, defaultSeed } from '../../tensor/rng.ts';
import { Sequential, type PredictOptions } from '../../nn/sequential.ts';
import type { Callback } from '../../nn/callbacks.ts';
import type { DataLike } from '../../nn/data.ts';
import type { FitOptions } from '../../nn/train.ts';
import type { FromJSONOptions } from '../../nn/serialization.ts';
import {
  BaseEstimator,
  estimatorJSON,
  estimatorFromJSON,
  readEstimatorJSON,
  registerEstimator,
  type EstimatorJSON,
} from '../base.ts';
import {
  WRAPPER_DEFAULTS,
  WRAPPER_PARAM_NAMES,
  type LossParam,
  type OptimizerParam,
  type WrapperFitOptions,
  type WrapperParams,
  type WrapperPredictOptions,
} from './params.ts';
import { splitAsyncOptions, type AsyncFitOptions } from '../utils/fit-driver.ts';
import {
  checkConsistentLength,
  checkSampleWeight,
  checkX,
  checkY,
  typeOfCheckedTarget,
  type CheckedY,
  type XLike,
  type YLike,
} from '../utils/validation.ts';
import type { Label, TargetType } from '../utils/multiclass.ts';
import { runSteps, runStepsAsync, type TrainSteps } from './fit-steps.ts';
import { checkFitKeys, checkIncrementalData, dropZeroWeights, takeClasses } from './fit-data.ts';
import {
  FIT_PARAMS,
  PREDICT_PARAMS,
  ROUTING_PREFIXES,
  fitArgs,
  initializeCallbacks,
  predictArgs,
  route,
} from './routing.ts';
import {
  buildModel,
  checkModelCompatibility,
  ensureCompiled,
  type BuildArgs,
  type BuildFn,
  type Meta,
} from './build.ts';
import { compileKwargs, type CompileKwargs } from './compile-args.ts';
import {
  IdentityEncoder,
  encoderMetadata,
  encoderToJSON,
  fitEncoder,
  type FeatureEncoder,
  type TargetEncoder,
} from './encoders.ts';
import { historyKey, paramsFromJSON, paramsToJSON, readHistory, readMeta } from './serialization.ts';

// The parameter types and defaults live in params.ts; modules that took them from here keep doing so.
export {
  WRAPPER_DEFAULTS,
  type BuildFnOf,
  type KerasParams,
  type LossParam,
  type OptimizerParam,
  type RoutedParams,
  type WrapperFitOptions,
  type WrapperOwnParams,
  type WrapperParams,
  type WrapperPredictOptions,
} from './params.ts';

/**
 * The machinery shared by KerasClassifier and KerasRegressor (SciKeras' BaseWrapper). Used directly, it
 * passes y and X through unchanged (its encoders are identities) and `predict` returns the model's outputs.
 */
export class BaseWrapper extends BaseEstimator {
  static override readonly defaults: Readonly<Record<string, unknown>> = WRAPPER_DEFAULTS;
  /** User parameters for the build function (SciKeras). */
  static override readonly acceptsExtraParams: boolean = true;
  static override readonly routingPrefixes: readonly string[] = ROUTING_PREFIXES;
  /** The fit arguments `fit(X, y, { ... })` may take; null: any (the model's fit decides, as in SciKeras). */
  static readonly fitArguments: readonly string[] | null = null;
  /** The plain parameters that are Keras fit arguments (SciKeras's `_fit_kwargs`). */
  static readonly fitParams: readonly string[] = FIT_PARAMS;
  /** The plain parameters that are Keras predict arguments (SciKeras's `_predict_kwargs`). */
  static readonly predictParams: readonly string[] = PREDICT_PARAMS;

  declare model: BuildFn | Sequential | null;
  declare optimizer: OptimizerParam;
  declare loss: LossParam;
  declare metrics: unknown;
  declare batchSize: number | 'auto' | null;
  declare epochs: number;
  declare verbose: number | boolean;
  declare validationSplit: number;
  declare shuffle: boolean;
  declare callbacks: unknown;
  declare randomState: number | null;
  declare warmStart: boolean;

  // Fitted attributes (declared, not defined, so an unfitted estimator has none).
  declare model_: Sequential;
  declare history_: Record<string, number[]>;
  declare nFeaturesIn_: number;
  declare XShape_: number[];
  declare XDtype_: string;
  declare yNdim_: number;
  declare yDtype_: string;
  declare targetType_: TargetType;
  declare nOutputs_: number;
  declare nOutputsExpected_: number;
  /** The fitted target encoder (`targetEncoder.fit(y)`). */
  declare targetEncoder_: TargetEncoder;
  /** The fitted feature encoder (`featureEncoder.fit(X)`). */
  declare featureEncoder_: FeatureEncoder;

  /** Subclass hook: build (and optionally compile) the model; `this.nFeaturesIn_` etc. are set. */
  _kerasBuildFn?(compileKwargs: CompileKwargs, args: BuildArgs): Sequential;

  declare protected _rng: Rng;
  /** Set while a fitAsync runs: a second fit on the same estimator would interleave with it. */
  declare private _fitting: boolean;
  /** The meta attributes the encoders' getMetadata() set. */
  declare private _encoderMeta: string[];
  /** Callbacks compiled from `callbacks` and `fit__callbacks` / `predict__callbacks` (SciKeras's initialisation). */
  declare private _fitCallbacks: Callback[] | undefined;
  declare private _predictCallbacks: Callback[] | undefined;

  constructor(params: WrapperParams = {}) {
    super(params);
  }

  /**
   * The transformer for y (SciKeras's `target_encoder`): a fresh, unfitted one, fitted on each new model's y
   * as `targetEncoder_`. Override to support other targets; `getMetadata()` adds to `meta`. The base wrapper's
   * passes y through.
   */
  get targetEncoder(): TargetEncoder {
    return new IdentityEncoder() as unknown as TargetEncoder;
  }

  /** The transformer for X (SciKeras's `feature_encoder`), fitted as `featureEncoder_`; by default X passes through. */
  get featureEncoder(): FeatureEncoder {
    return new IdentityEncoder();
  }

  /** True once a model has been built (by fit, partialFit or initialize). */
  get initialized_(): boolean {
    return this.model_ !== undefined;
  }

  /** Epochs trained so far (the length of `history_.loss`). */
  get currentEpoch(): number {
    return this.history_?.loss?.length ?? 0;
  }

  /** Floating-point type of the model: the `dtype` parameter when set, else float32. */
  protected floatType(): 'float32' | 'float64' {
    const d = (this as Record<string, unknown>).dtype;
    if (d === undefined || d === 'float32') return 'float32';
    if (d === 'float64') return 'float64';
    throw new ValueError(
      `The 'dtype' parameter of ${this.constructor.name} must be 'float32' or 'float64'. Got ${describe(d)} instead.`,
    );
  }

  /**
   * Trains from scratch (or from the current weights with `warmStart`). `options` are Keras fit arguments
   * (over `fit__*` and the plain parameters); keys the model's fit cannot take are errors. Returns this.
   */
  fit(X: XLike, y: YLike, options: WrapperFitOptions = {}): this {
    const { sampleWeight, ...kwargs } = optionsOf('fit', options);
    this.checkNotFitting('fit');
    runSteps(this.prepareFit(X, y, sampleWeight ?? null, kwargs, false));
    return this;
  }

  /**
   * `fit` without blocking: validation and model building happen at once, training through
   * Sequential.fitAsync (the event loop gets a turn every 16 ms; `signal` aborts with an AbortError).
   * Resolves to this.
   */
  async fitAsync(X: XLike, y: YLike, options: WrapperFitOptions & AsyncFitOptions = {}): Promise<this> {
    const { sampleWeight, ...rest } = optionsOf('fitAsync', options);
    const [async, kwargs] = splitAsyncOptions(rest);
    this.checkNotFitting('fitAsync');
    this._fitting = true;
    try {
      await runStepsAsync(this.prepareFit(X, y, sampleWeight ?? null, kwargs, false), async);
    } finally {
      this._fitting = false;
    }
    return this;
  }

  /** Exactly one epoch from the current state, initialising on the first call; appends to `history_`. */
  partialFit(
    X: XLike,
    y: YLike,
    options: { sampleWeight?: ArrayLike<number> | null } & Record<string, unknown> = {},
  ): this {
    options = optionsOf('partialFit', options);
    if ('epochs' in options)
      throw new ArgumentError('Invalid argument `epochs` to `partialFit`: `partialFit` always trains for 1 epoch');
    if ('initialEpoch' in options)
      throw new ArgumentError(
        'Invalid argument `initialEpoch` to `partialFit`: `partialFit` always trains from the current epoch',
      );
    const { sampleWeight, ...kwargs } = options;
    this.checkNotFitting('partialFit');
    runSteps(this.prepareFit(X, y, sampleWeight ?? null, kwargs, true));
    return this;
  }

  /** Builds (and compiles) the model for data like X, y without training, so predict works with pre-built weights. */
  initialize(X: XLike, y: YLike): this {
    const Xt = checkX(X, { estimator: this.constructor.name, dtype: this.floatType() });
    const yc = checkY(y, { estimator: this.constructor.name });
    checkConsistentLength(Xt.shape[0], yc.values.length);
    this.initializeFrom(Xt, yc, null);
    return this;
  }

  /** Refuses a fit while a fitAsync of this estimator is still running (the two would train one model in turns). */
  private checkNotFitting(method: string): void {
    if (this._fitting === true) {
      throw new ValueError(
        `${this.constructor.name}.${method}: a fitAsync of this estimator is still running; await it (or abort it ` +
          `with its signal) before fitting again, or fit a clone(estimator) in parallel.`,
      );
    }
  }

  /**
   * Subclass hook run first by fit, fitAsync and partialFit: validate parameters, reshape or check y
   * (`options` holds the call's arguments, `classes` included). Returns the y to fit.
   */
  protected checkFitInput(y: YLike, _incremental: boolean, _options: Record<string, unknown>): YLike {
    return y;
  }

  /** Validates and prepares (initialising the model when needed), then returns the training steps. */
  private prepareFit(
    X: XLike,
    y: YLike,
    sampleWeight: ArrayLike<number> | null,
    kwargs: Record<string, unknown>,
    incremental: boolean,
  ): TrainSteps {
    const name = this.constructor.name;
    y = this.checkFitInput(y, incremental, kwargs);
    checkFitKeys(kwargs, (this.constructor as typeof BaseWrapper).fitArguments, incremental);
    const Xt = checkX(X, { estimator: name, dtype: this.floatType() });
    const yc = checkY(y, { estimator: name });
    checkConsistentLength(Xt.shape[0], yc.values.length);
    this.checkTargets(yc);
    const classes = takeClasses(kwargs, incremental, this.estimatorType === 'classifier', name);
    validateParams(name, this, { warmStart: bool });
    // SciKeras: fit(X, y, { epochs }) > fit__epochs > epochs; partialFit: one epoch from the current one.
    const epochs = incremental ? 1 : (kwargs.epochs ?? route(this.getParams(), 'fit').epochs ?? this.epochs);
    const initialEpoch = incremental ? this.currentEpoch : (kwargs.initialEpoch ?? 0);
    delete kwargs.epochs;
    delete kwargs.initialEpoch;
    const reset = !this.initialized_ || (!incremental && !this.warmStart);
    if (reset) this.initializeFrom(Xt, yc, classes);
    else checkIncrementalData(name, this, Xt, yc);
    const sw = this.adjustSampleWeight(checkSampleWeight(sampleWeight, Xt.shape[0]), yc);
    const data = dropZeroWeights(Xt, yc, sw);
    if (!(incremental || this.warmStart) || this.history_ === undefined || initialEpoch === 0) this.history_ = {};
    return this.train(data.Xt, data.yc, data.sw, { ...kwargs, epochs, initialEpoch }, incremental);
  }

  /**
   * The model's training steps (the MLP estimators override this with scikit-learn's loop): y and X through
   * their encoders, SciKeras's model checks, then one Keras fit with SciKeras's arguments (`kwargs` holds the
   * call's arguments and the epochs to train).
   */
  protected *train(
    Xt: Tensor,
    yc: CheckedY,
    sw: Float64Array | null,
    kwargs: Record<string, unknown>,
    _incremental: boolean,
  ): TrainSteps {
    const y = this.targetEncoder_.transform(yc.values);
    const X = this.featureEncoder_.transform(Xt);
    const cls = this.constructor as typeof BaseWrapper;
    if (!this.model_.isCompiled) ensureCompiled(this.model_, this.compileKwargs(), cls.name);
    checkModelCompatibility(this.model_, {
      nOutputsExpected: this.nOutputsExpected_,
      loss: this.loss,
      defaultLoss: cls.defaults.loss,
    });
    const { epochs, initialEpoch, ...rest } = kwargs;
    const call = fitArgs(this.getParams(), rest, {
      plain: cls.fitParams,
      X,
      epochs: epochs as number,
      initialEpoch: initialEpoch as number,
      callbacks: this.fitCallbacks(),
    });
    if (sw !== null) call.sampleWeight = sw;
    call.seed = this._rng.uint32();
    const h = yield { model: this.model_, x: X as DataLike, y: y as DataLike, options: call as FitOptions };
    // SciKeras keeps metrics in history_ by their full names ('mae' -> 'mean_absolute_error').
    for (const [k, v] of Object.entries(h.history)) (this.history_[historyKey(k)] ??= []).push(...v);
  }

  /** Sample weights from `classWeight` (classifier); the regressor has none. */
  protected adjustSampleWeight(sw: Float64Array | null, _y: CheckedY): Float64Array | null {
    return sw;
  }

  /** Subclass hook: checks y after validation, before anything is fitted (the regressor wants numbers). */
  protected checkTargets(_y: CheckedY): void {}

  /** scikit-learn's `type_of_target` of y (the classifier also looks at partialFit's classes). */
  protected typeOfTarget(y: CheckedY): TargetType {
    return typeOfCheckedTarget(y);
  }

  /**
   * Fits fresh encoders (SciKeras's `_initialize`): `targetEncoder_` on y and `featureEncoder_` on X, each
   * encoder's `getMetadata()` set on the estimator. The MLPs adjust what they set.
   */
  protected fitEncoders(Xt: Tensor, yc: CheckedY): void {
    this.setEncoders(
      fitEncoder(this.targetEncoder, yc.values, 'targetEncoder'),
      fitEncoder(this.featureEncoder, Xt, 'featureEncoder'),
    );
  }

  /** Sets the fitted encoders and what their getMetadata() gives. */
  private setEncoders(target: TargetEncoder, feature: FeatureEncoder): void {
    this.targetEncoder_ = target;
    this.featureEncoder_ = feature;
    const meta = { ...encoderMetadata(target, 'targetEncoder'), ...encoderMetadata(feature, 'featureEncoder') };
    Object.assign(this, meta);
    this._encoderMeta = Object.keys(meta);
  }

  /** Whether X reaches the model as it is (a feature encoder may give it another width, or several inputs). */
  private identityFeatures(): boolean {
    return this.featureEncoder_ instanceof IdentityEncoder;
  }

  /** The fit callbacks (`callbacks` + `fit__callbacks`), compiled when the model was built. */
  protected fitCallbacks(): Callback[] {
    if (this._fitCallbacks === undefined) this.initializeCallbacks();
    return this._fitCallbacks as Callback[];
  }

  /** The predict callbacks (`callbacks` + `predict__callbacks`). */
  protected predictCallbacks(): Callback[] {
    if (this._predictCallbacks === undefined) this.initializeCallbacks();
    return this._predictCallbacks as Callback[];
  }

  private initializeCallbacks(): void {
    const params = this.getParams();
    const all = initializeCallbacks(params, 'callbacks');
    this._fitCallbacks = [...all, ...initializeCallbacks(params, 'fit__callbacks')];
    this._predictCallbacks = [...all, ...initializeCallbacks(params, 'predict__callbacks')];
  }

  protected initializeFrom(Xt: Tensor, yc: CheckedY, _classes: Label[] | null): void {
    this.nFeaturesIn_ = Xt.shape[1] as number;
    this.XShape_ = Xt.shape.slice();
    this.XDtype_ = Xt.dtype;
    this.yNdim_ = yc.ndim;
    this.yDtype_ = yc.kind;
    this.targetType_ = this.typeOfTarget(yc);
    this.fitEncoders(Xt, yc);
    validateParams(this.constructor.name, this, { randomState: randomStateConstraint });
    this._rng = new Rng(this.randomState ?? defaultSeed());
    this.history_ = {};
    const params = this.getParams();
    const user: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) if (!WRAPPER_PARAM_NAMES.has(k) && !k.includes('__')) user[k] = v;
    const compile = this.compileKwargs();
    const args: BuildArgs = {
      ...user,
      ...route(params, 'model', { strict: true }),
      meta: this.meta(),
      compileKwargs: compile,
      params,
    };
    const seed = this._rng.uint32();
    const own = this._kerasBuildFn;
    const kerasBuildFn = own === undefined ? null : (kw: CompileKwargs, a: BuildArgs) => own.call(this, kw, a);
    this.model_ = buildModel({
      owner: this.constructor.name,
      model: this.model,
      kerasBuildFn,
      args,
      seed,
      nFeaturesIn: this.identityFeatures() ? this.nFeaturesIn_ : null,
    });
    this.initializeCallbacks();
    const dtype = this.floatType();
    if (this.model_.dtype !== dtype && (this as Record<string, unknown>).dtype !== undefined) {
      warn(
        'UserWarning',
        `${this.constructor.name}: dtype is '${dtype}' but the model was built in ${this.model_.dtype}, so it trains and ` +
          `predicts in ${this.model_.dtype}. Build it with sequential({ dtype: params.dtype }) to follow the parameter.`,
      );
    }
  }

  /** The optimizer from `optimizer` + `optimizer__*`, the loss from `loss` + `loss__*`, metrics and `compile__*`. */
  protected compileKwargs(): CompileKwargs {
    return compileKwargs(this.getParams());
  }

  /** SciKeras's `meta`: an explicit list of keys, what the encoders' getMetadata() set, and the fitted encoders. */
  protected meta(): Meta {
    const meta = this.baseMeta() as Meta;
    for (const k of this._encoderMeta ?? []) meta[k] = (this as Record<string, unknown>)[k];
    meta.targetEncoder_ = this.targetEncoder_;
    meta.featureEncoder_ = this.featureEncoder_;
    return meta;
  }

  /** The meta attributes the wrapper itself sets from X and y (the rest come from the encoders). */
  private baseMeta(): Record<string, unknown> {
    const meta: Record<string, unknown> = {
      nFeaturesIn_: this.nFeaturesIn_,
      XShape_: this.XShape_.slice(),
      XDtype_: this.XDtype_,
      yNdim_: this.yNdim_,
      yDtype_: this.yDtype_,
      targetType_: this.targetType_,
    };
    if (this.nOutputs_ !== undefined) meta.nOutputs_ = this.nOutputs_;
    if (this.nOutputsExpected_ !== undefined) meta.nOutputsExpected_ = this.nOutputsExpected_;
    return meta;
  }

  /** Validated X for prediction, with scikit-learn's feature-count message. */
  protected checkPredictX(X: XLike): Tensor {
    this.checkIsFitted('model_');
    const Xt = checkX(X, { estimator: this.constructor.name, dtype: this.floatType() });
    if (Xt.shape[1] !== this.nFeaturesIn_)
      throw new ValueError(
        `X has ${Xt.shape[1]} features, but ${this.constructor.name} is expecting ${this.nFeaturesIn_} features as input.`,
      );
    return Xt;
  }

  /**
   * Raw model outputs for X (SciKeras's `_predict_raw`): X through the feature encoder, then the model's
   * predict with the call's options over `predict__*` over `batchSize` / `verbose`, and the predict callbacks.
   */
  protected rawPredict(X: XLike, options: WrapperPredictOptions = {}): Tensor {
    const Xt = this.checkPredictX(X);
    const Xe = this.featureEncoder_.transform(Xt);
    const call = predictArgs(this.getParams(), optionsOf('predict', options), {
      plain: (this.constructor as typeof BaseWrapper).predictParams,
      X: Xe,
      callbacks: this.predictCallbacks(),
    });
    const out = this.model_.predict(Xe as DataLike, call as PredictOptions);
    // NaN or Infinity outputs are never returned as predictions: overflowing weights or inputs are an error.
    const d = out.data;
    const k = out.size / Math.max(out.shape[0] as number, 1);
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i] as number)) {
        throw new NonFiniteError(
          `${this.constructor.name}: the model's output for row ${Math.floor(i / k)} of X is ${d[i]}: its weights or ` +
            `the inputs overflow ${this.model_.dtype}. Scale X, or refit with a lower learning rate or alpha.`,
        );
      }
    }
    return out;
  }

  /** Predictions: the model's outputs through the target encoder's inverseTransform. */
  predict(X: XLike, options: WrapperPredictOptions = {}): unknown {
    const raw = this.rawPredict(X, options);
    return this.targetEncoder_.inverseTransform(raw);
  }

  // ---------------------------------------------------------------- JSON

  /** Parameters, fitted model (weights and optimizer state), encoders, meta, history and rng state. */
  toJSON(): EstimatorJSON {
    const { params, omittedParams } = paramsToJSON(this.getParams());
    const fitted = this.initialized_
      ? {
          model: this.model_.toJSON(),
          meta: this.baseMeta(),
          history: this.history_,
          rng: this._rng.getState(),
          targetEncoder: encoderToJSON(this.targetEncoder_, 'targetEncoder'),
          featureEncoder: encoderToJSON(this.featureEncoder_, 'featureEncoder'),
          extra: this.extraState(),
        }
      : null;
    return estimatorJSON(this, params, omittedParams, fitted);
  }

  /** Estimator-specific fitted state (the MLPs' loss curve and counters). */
  protected extraState(): Record<string, unknown> {
    return {};
  }
  protected loadExtraState(_j: Record<string, unknown>): void {}

  /**
   * Rebuilds an estimator from `toJSON()` output. Parameters that JSON cannot
   * hold (a build function, callback objects) are listed in `omittedParams`;
   * pass them in `overrides` to train again (prediction works without them).
   * Custom encoders must be registered (registerEstimator) to be restored. `maxParams` (default 5e7) bounds
   * the model's size before anything is allocated, for JSON from outside.
   */
  static fromJSON<T extends BaseWrapper>(
    this: new (p: never) => T,
    json: unknown,
    overrides: Record<string, unknown> = {},
    options: FromJSONOptions = {},
  ): T {
    const j = readEstimatorJSON(json, this);
    // The class's own constructor types its parameters; JSON gives them untyped (checked at fit).
    const Ctor = this as unknown as new (p: Record<string, unknown>) => T;
    const est = new Ctor({ ...paramsFromJSON(j.params), ...overrides });
    if (j.fitted !== null && j.fitted !== undefined) {
      const f = pickKeys('fitted state', j.fitted, [
        'model',
        'meta',
        'history',
        'rng',
        'targetEncoder',
        'featureEncoder',
        'extra',
      ]);
      est.setEncoders(
        estimatorFromJSON(f.targetEncoder) as unknown as TargetEncoder,
        estimatorFromJSON(f.featureEncoder) as unknown as FeatureEncoder,
      );
      // The saved meta wins over the encoders' (the MLPs set their own nOutputs_).
      Object.assign(est, readMeta(f.meta));
      est.model_ = Sequential.fromJSON(f.model, options);
      const inShape = est.model_.getInputShape();
      if (est.identityFeatures() && (inShape === null || inShape.length !== 1 || inShape[0] !== est.nFeaturesIn_)) {
        throw new ValueError(
          `fromJSON: meta.nFeaturesIn_ is ${est.nFeaturesIn_} but the model takes inputs of shape ${describe(inShape)}`,
        );
      }
      est.history_ = readHistory(f.history);
      est._rng = new Rng(0).setState(f.rng as number[]);
      est.loadExtraState(isRecord(f.extra) ? f.extra : {});
    }
    return est;
  }
}

registerEstimator(BaseWrapper, 'BaseWrapper');
