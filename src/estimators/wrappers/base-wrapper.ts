// SciKeras's BaseWrapper: what KerasClassifier and KerasRegressor share (parameters, meta, building the
// model, fit / partialFit / initialize, prediction plumbing, JSON). Routing, building and serialisation
// helpers live beside it. Imports src/core, tensor, nn, utils and the wrappers' own modules.
import { ArgumentError, NonFiniteError, ValueError, describe } from '../../core/errors.ts';
import { warn } from '../../core/warnings.ts';
import { optionsOf, pickKeys, isRecord } from '../../core/objects.ts';
import { randomState as randomStateConstraint, validateParams, bool } from '../../core/param-validation.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { Rng, defaultSeed } from '../../tensor/rng.ts';
import { take } from '../../tensor/ops.ts';
import { Sequential } from '../../nn/sequential.ts';
import type { Optimizer } from '../../nn/optimizers.ts';
import type { Loss } from '../../nn/losses.ts';
import type { FitOptions } from '../../nn/train.ts';
import type { FromJSONOptions } from '../../nn/serialization.ts';
import { BaseEstimator, estimatorClassName, readEstimatorJSON, type EstimatorJSON } from '../base.ts';
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
import { FIT_KEYS, ROUTING_PREFIXES, fitArgs, predictArgs, route, type RoutingPrefix } from './routing.ts';
import {
  buildModel,
  compileKwargs,
  type BuildArgs,
  type BuildFn,
  type CompileKwargs,
  type Meta,
  type UserParamsOf,
} from './build.ts';
import { paramsFromJSON, paramsToJSON, readHistory, readMeta } from './serialization.ts';

/** The parameters every Keras wrapper owns (SciKeras's BaseWrapper arguments, camelCase). */
export interface WrapperOwnParams {
  optimizer?: string | Optimizer | null;
  loss?: string | Loss | null;
  metrics?: unknown;
  batchSize?: number | 'auto' | null;
  epochs?: number;
  verbose?: number | boolean;
  validationSplit?: number;
  shuffle?: boolean;
  callbacks?: unknown;
  randomState?: number | null;
  warmStart?: boolean;
  dtype?: 'float32' | 'float64';
}

/** `prefix__name` parameters, routed to the model, fit, compile, the optimizer, ... (SciKeras's routing). */
export type RoutedParams = { [K in `${RoutingPrefix}__${string}`]: unknown };

/** A build function taking A (declared through a method, so a function of a narrower argument is accepted). */
export type BuildFnOf<A> = { build(args: A): Sequential }['build'];

/**
 * A Keras wrapper's constructor parameters for a build function whose argument type is A: the wrapper's own
 * (`Own`), routed `prefix__name` keys, `model`, and the user parameters A declares; when A declares none
 * (`BuildArgs`, an index signature), any other key is a user parameter, as in SciKeras.
 */
export type KerasParams<A, Own = WrapperOwnParams> = Own &
  RoutedParams & { model?: BuildFnOf<A> | Sequential | null } & UserParamsOf<A>;

/** SciKeras' wrapper parameters, untyped user parameters: anything else (not routed) goes to the build function. */
export type WrapperParams = KerasParams<BuildArgs>;

export const WRAPPER_DEFAULTS: Readonly<WrapperParams> = Object.freeze({
  model: null,
  optimizer: 'rmsprop',
  loss: null,
  metrics: null,
  batchSize: 32,
  epochs: 1,
  verbose: 1,
  validationSplit: 0,
  shuffle: true,
  callbacks: null,
  randomState: null,
  warmStart: false,
});

// The wrappers' own parameters: everything else (not routed) goes to the build function.
const WRAPPER_PARAM_NAMES: ReadonlySet<string> = new Set([...Object.keys(WRAPPER_DEFAULTS), 'classWeight', 'dtype']);

/** Options of `fit` / `partialFit`: sample weights and, for the Keras wrappers, Keras fit arguments. */
export type WrapperFitOptions = { sampleWeight?: ArrayLike<number> | null } & FitOptions & Record<string, unknown>;

/**
 * The machinery shared by KerasClassifier and KerasRegressor (SciKeras'
 * BaseWrapper). Not used directly.
 */
export abstract class BaseWrapper extends BaseEstimator {
  static override readonly defaults: Readonly<Record<string, unknown>> = WRAPPER_DEFAULTS;
  /** User parameters for the build function (SciKeras). */
  static override readonly acceptsExtraParams: boolean = true;
  static override readonly routingPrefixes: readonly string[] = ROUTING_PREFIXES;
  /** Keras fit arguments `fit(X, y, { ... })` takes (besides sampleWeight). */
  static readonly fitArguments: readonly string[] = FIT_KEYS;

  declare model: BuildFn | Sequential | null;
  declare optimizer: string | Optimizer | null;
  declare loss: string | Loss | null;
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

  /** Subclass hook: build (and optionally compile) the model; `this.nFeaturesIn_` etc. are set. */
  _kerasBuildFn?(compileKwargs: CompileKwargs, args: BuildArgs): Sequential;

  declare protected _rng: Rng;
  /** Set while a fitAsync runs: a second fit on the same estimator would interleave with it. */
  declare private _fitting: boolean;

  constructor(params: WrapperParams = {}) {
    super(params);
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

  /** Trains from scratch (or from the current weights with `warmStart`). Returns this. */
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
    const allowed = (this.constructor as typeof BaseWrapper).fitArguments;
    for (const k of Object.keys(kwargs)) {
      if (k !== 'classes' && !allowed.includes(k)) {
        throw new ArgumentError(
          `${incremental ? 'partialFit' : 'fit'}() got an unexpected keyword argument ` +
            `'${k}'. Valid arguments: ${['sampleWeight', ...allowed].join(', ')}`,
        );
      }
    }
    let Xt = checkX(X, { estimator: name, dtype: this.floatType() });
    let yc = checkY(y, { estimator: name });
    checkConsistentLength(Xt.shape[0], yc.values.length);
    const classes = this.takeClasses(kwargs, incremental);
    validateParams(name, this, { warmStart: bool });
    const reset = !this.initialized_ || (!incremental && !this.warmStart);
    if (reset) this.initializeFrom(Xt, yc, classes);
    else this.checkIncremental(Xt, yc);
    let sw = checkSampleWeight(sampleWeight, Xt.shape[0]);
    sw = this.adjustSampleWeight(sw, yc);
    if (sw !== null) {
      const keep: number[] = [];
      for (let i = 0; i < sw.length; i++) if (sw[i] !== 0) keep.push(i);
      if (keep.length === 0) {
        throw new ValueError(
          'No training samples had any weight; only zeros were passed in sampleWeight. That ' +
            "means there's nothing to train on by definition, so training can not be completed.",
        );
      }
      if (keep.length < sw.length) {
        const kept = sw;
        Xt = take(Xt, keep);
        yc = { ...yc, values: keep.map((i) => (yc.values as unknown[])[i]) as CheckedY['values'] };
        sw = Float64Array.from(keep, (i) => kept[i] as number);
      }
    }
    if (!incremental) this.history_ = {};
    return this.train(Xt, yc, sw, kwargs, incremental);
  }

  /** partialFit's `classes` (classifiers only), removed from the call's arguments. */
  private takeClasses(kwargs: Record<string, unknown>, incremental: boolean): Label[] | null {
    const c = kwargs.classes;
    delete kwargs.classes;
    if (c === undefined) return null;
    if (!incremental)
      throw new ArgumentError("fit() got an unexpected keyword argument 'classes' (classes is a partialFit argument)");
    if (this.estimatorType !== 'classifier')
      throw new ArgumentError(
        `partialFit() got an unexpected keyword argument 'classes': ${this.constructor.name} is a regressor`,
      );
    if (
      !(Array.isArray(c) || (ArrayBuffer.isView(c) && !(c instanceof DataView))) ||
      (c as ArrayLike<unknown>).length === 0
    ) {
      throw new ValueError(`partialFit: 'classes' must be a non-empty array of labels. Got ${describe(c)} instead.`);
    }
    return Array.from(c as ArrayLike<Label>);
  }

  /** The model's training steps (the MLP estimators override this with scikit-learn's loop). */
  protected *train(
    Xt: Tensor,
    yc: CheckedY,
    sw: Float64Array | null,
    kwargs: Record<string, unknown>,
    incremental: boolean,
  ): TrainSteps {
    const yEnc = this.encodeTargets(yc);
    const args = fitArgs(this.getParams(), kwargs, Xt.shape[0] as number);
    if (incremental) args.epochs = 1;
    const options = { ...args, ...(sw === null ? {} : { sampleWeight: sw }), seed: this._rng.uint32() };
    const h = yield { model: this.model_, x: Xt, y: yEnc, options };
    for (const [k, v] of Object.entries(h.history)) (this.history_[k] ??= []).push(...v);
  }

  /** Sample weights from `classWeight` (classifier); the regressor has none. */
  protected adjustSampleWeight(sw: Float64Array | null, _y: CheckedY): Float64Array | null {
    return sw;
  }

  protected abstract fitEncoders(y: CheckedY, classes: Label[] | null): void;
  protected abstract encodeTargets(y: CheckedY): Tensor;
  protected abstract checkIncrementalTargets(y: CheckedY): void;

  protected initializeFrom(Xt: Tensor, yc: CheckedY, classes: Label[] | null): void {
    this.nFeaturesIn_ = Xt.shape[1] as number;
    this.XShape_ = Xt.shape.slice();
    this.XDtype_ = Xt.dtype;
    this.yNdim_ = yc.ndim;
    this.yDtype_ = yc.kind;
    this.targetType_ = typeOfCheckedTarget(yc);
    this.nOutputsExpected_ = 1;
    this.fitEncoders(yc, classes);
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
      nFeaturesIn: this.nFeaturesIn_,
      lossParam: this.loss,
    });
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

  private checkIncremental(Xt: Tensor, yc: CheckedY): void {
    const name = this.constructor.name;
    if (Xt.shape[1] !== this.nFeaturesIn_)
      throw new ValueError(
        `X has ${Xt.shape[1]} features, but ${name} is expecting ${this.nFeaturesIn_} features as input.`,
      );
    if (yc.ndim !== this.yNdim_)
      throw new ValueError(
        `y has ${yc.ndim} dimensions, but this ${name} is expecting ${this.yNdim_} dimensions in y.`,
      );
    if (yc.kind !== this.yDtype_) {
      throw new ValueError(
        `Got y with dtype ${yc.kind}, but this ${name} expected ${this.yDtype_} and casting from ${yc.kind} to ${this.yDtype_} is not safe!`,
      );
    }
    this.checkIncrementalTargets(yc);
  }

  /** SciKeras' `meta`, from an explicit list of keys. */
  protected meta(): Meta {
    return {
      nFeaturesIn_: this.nFeaturesIn_,
      XShape_: this.XShape_.slice(),
      XDtype_: this.XDtype_,
      yNdim_: this.yNdim_,
      yDtype_: this.yDtype_,
      targetType_: this.targetType_,
      nOutputs_: this.nOutputs_,
      nOutputsExpected_: this.nOutputsExpected_,
    };
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

  /** Raw model outputs for X (batched as `predict__batchSize` or `batchSize`). */
  protected rawPredict(X: XLike): Tensor {
    const Xt = this.checkPredictX(X);
    const given = predictArgs(this.getParams()).batchSize ?? this.batchSize;
    // -1 (SciKeras) or a non-numeric size ('auto', the MLPs) predicts all rows at once, as scikit-learn does.
    const bs = typeof given === 'number' && Number.isInteger(given) && given > 0 ? given : (Xt.shape[0] as number);
    const out = this.model_.predict(Xt, { batchSize: bs });
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

  /** Predictions in the form y had at fit. */
  abstract predict(X: XLike): Label[] | number[] | number[][];

  // ---------------------------------------------------------------- JSON

  /** Parameters, fitted model (weights and optimizer state), encoders, meta, history and rng state. */
  toJSON(): EstimatorJSON {
    const { params, omittedParams } = paramsToJSON(this.getParams());
    const fitted = this.initialized_
      ? {
          model: this.model_.toJSON(),
          meta: this.meta(),
          history: this.history_,
          rng: this._rng.getState(),
          encoder: this.encoderJSON(),
          extra: this.extraState(),
        }
      : null;
    return {
      format: 'scikeras-ts/estimator',
      version: 1,
      className: estimatorClassName(this),
      params,
      omittedParams,
      fitted,
    };
  }

  protected abstract encoderJSON(): Record<string, unknown>;
  protected abstract loadEncoder(j: Record<string, unknown>): void;
  /** Estimator-specific fitted state (the MLPs' loss curve and counters). */
  protected extraState(): Record<string, unknown> {
    return {};
  }
  protected loadExtraState(_j: Record<string, unknown>): void {}

  /**
   * Rebuilds an estimator from `toJSON()` output. Parameters that JSON cannot
   * hold (a build function, callback objects) are listed in `omittedParams`;
   * pass them in `overrides` to train again (prediction works without them). `maxParams` (default 5e7) bounds
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
      const f = pickKeys('fitted state', j.fitted, ['model', 'meta', 'history', 'rng', 'encoder', 'extra']);
      Object.assign(est, readMeta(f.meta));
      est.loadEncoder(pickKeys('encoder', f.encoder, ['classes', 'targetType', 'oneHot', 'yTail']));
      est.model_ = Sequential.fromJSON(f.model, options);
      const inShape = est.model_.getInputShape();
      if (inShape === null || inShape.length !== 1 || inShape[0] !== est.nFeaturesIn_) {
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
