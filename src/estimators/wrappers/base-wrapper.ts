// SciKeras' BaseWrapper: the machinery KerasClassifier and KerasRegressor share (parameters and routing,
// meta, building and compiling the model, fit / partialFit / initialize, JSON). Imports nn and tensor.
import { InvalidParameterError, ValueError, describe } from '../../core/errors.ts';
import { Tensor } from '../../tensor/tensor.ts';
import { Rng, withSeed, defaultSeed } from '../../tensor/rng.ts';
import { take } from '../../tensor/ops.ts';
import { Sequential } from '../../nn/sequential.ts';
import { Adam, Optimizer, RMSprop, SGD, getOptimizer, optimizerFromJSON } from '../../nn/optimizers.ts';
import { getLoss, type Loss } from '../../nn/losses.ts';
import type { FitOptions } from '../../nn/train.ts';
import type { Callback } from '../../nn/callbacks.ts';
import { assertSafeKey, canonicalName, isRecord, pickKeys } from '../../core/objects.ts';
import { BaseEstimator } from '../base.ts';
import { runSteps, runStepsAsync, splitAsyncOptions, type AsyncFitOptions, type TrainSteps } from './fit-steps.ts';
import { route, isRoutingPrefix } from './routing.ts';
import { checkX, checkY, checkSampleWeight, typeOfTarget, type CheckedY, type Label, type TargetType, type XLike, type YLike } from '../utils/validation.ts';

/** What the build function and `_kerasBuildFn` get to compile with. */
export interface CompileKwargs {
  optimizer: Optimizer;
  loss: Loss | null;
  metrics: unknown[];
  [routed: string]: unknown;
}

/** Metadata about the data seen at fit (SciKeras' `meta`). */
export interface Meta {
  nFeaturesIn_: number;
  XShape_: number[];
  XDtype_: string;
  yNdim_: number;
  yDtype_: string;
  targetType_: TargetType;
  nOutputs_: number;
  nOutputsExpected_: number;
  classes_?: Label[] | null;
  nClasses_?: number | null;
}

/** The one object a build function receives. */
export interface BuildArgs {
  meta: Meta;
  compileKwargs: CompileKwargs;
  params: Record<string, unknown>;
  [userParam: string]: unknown;
}

/**
 * A build function: one object in, a Sequential out. Declared through a
 * method so a function typed for its own user parameters
 * (`BuildArgs & { hiddenLayerSizes: number[] }`) is accepted.
 */
export type BuildFn = { build(args: BuildArgs): Sequential }['build'];

/** Keras fit arguments a `fit__x` key or a `fit(X, y, { x })` argument may set. */
export const FIT_KEYS = ['epochs', 'batchSize', 'verbose', 'validationSplit', 'validationData', 'shuffle', 'callbacks', 'classWeight', 'initialEpoch', 'allowNonFinite'] as const;
// What compile__* may set (the arguments of Sequential.compile).
const COMPILE_KEYS: readonly string[] = ['optimizer', 'loss', 'metrics', 'weightedMetrics', 'lossSettings'];

/** SciKeras' wrapper parameters. Anything else (not routed) is a user parameter passed to the build function. */
export interface WrapperParams {
  model?: BuildFn | Sequential | null;
  optimizer?: string | Optimizer | null;
  loss?: string | Loss | null;
  metrics?: unknown;
  batchSize?: number;
  epochs?: number;
  verbose?: 0 | 1 | 2;
  validationSplit?: number;
  shuffle?: boolean;
  callbacks?: unknown;
  randomState?: number | null;
  warmStart?: boolean;
  [userOrRoutedParam: string]: unknown;
}

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

/**
 * The machinery shared by KerasClassifier and KerasRegressor (SciKeras'
 * BaseWrapper). Not used directly.
 */
export abstract class BaseWrapper extends BaseEstimator {
  static override readonly defaults: Readonly<Record<string, unknown>> = WRAPPER_DEFAULTS;
  /** User parameters for the build function (SciKeras). */
  static override readonly acceptsExtraParams: boolean = true;

  declare model: BuildFn | Sequential | null;
  declare optimizer: string | Optimizer | null;
  declare loss: string | Loss | null;
  declare metrics: unknown;
  declare batchSize: number;
  declare epochs: number;
  declare verbose: 0 | 1 | 2;
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

  protected declare _rng: Rng;

  constructor(params: WrapperParams = {}) {
    super(params);
  }

  protected override acceptsRoutedKey(prefix: string): boolean {
    return isRoutingPrefix(prefix);
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
    throw new ValueError(`The 'dtype' parameter of ${this.constructor.name} must be 'float32' or 'float64'. Got ${describe(d)} instead.`);
  }

  /** Whether partialFit takes `classes` (classifiers). */
  protected takesClasses(): boolean {
    return false;
  }

  /** Names of the wrapper's own parameters; everything else (not routed) goes to the build function. */
  protected wrapperParamNames(): string[] {
    return [...Object.keys(WRAPPER_DEFAULTS), 'classWeight', 'dtype'];
  }

  /** Trains from scratch (or from the current weights with `warmStart`). Returns this. */
  fit(X: XLike, y: YLike, options: { sampleWeight?: ArrayLike<number> | null } & FitOptions & Record<string, unknown> = {}): this {
    const { sampleWeight, ...kwargs } = options;
    this.fitInternal(X, y, sampleWeight ?? null, kwargs, false);
    return this;
  }

  /**
   * `fit` without blocking: validation and model building happen at once, training through
   * Sequential.fitAsync (the event loop gets a turn every 16 ms; `signal` aborts with an AbortError).
   * Resolves to this.
   */
  async fitAsync(X: XLike, y: YLike, options: { sampleWeight?: ArrayLike<number> | null } & AsyncFitOptions & FitOptions & Record<string, unknown> = {}): Promise<this> {
    const { sampleWeight, ...rest } = options;
    const [async, kwargs] = splitAsyncOptions(rest);
    await this.fitInternalAsync(X, y, sampleWeight ?? null, kwargs, async);
    return this;
  }

  /** Exactly one epoch from the current state, initialising on the first call; appends to `history_`. */
  partialFit(X: XLike, y: YLike, options: { sampleWeight?: ArrayLike<number> | null } & Record<string, unknown> = {}): this {
    if ('epochs' in options) throw new TypeError('Invalid argument `epochs` to `partialFit`: `partialFit` always trains for 1 epoch');
    if ('initialEpoch' in options) throw new TypeError('Invalid argument `initialEpoch` to `partialFit`: `partialFit` always trains from the current epoch');
    const { sampleWeight, ...kwargs } = options;
    this.fitInternal(X, y, sampleWeight ?? null, kwargs, true);
    return this;
  }

  /** Builds (and compiles) the model for data like X, y without training, so predict works with pre-built weights. */
  initialize(X: XLike, y: YLike): this {
    const Xt = checkX(X, { estimator: this.constructor.name, dtype: this.floatType() });
    const yc = checkY(y, { estimator: this.constructor.name });
    if (yc.values.length !== Xt.shape[0]) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${Xt.shape[0]}, ${yc.values.length}]`);
    this.initializeFrom(Xt, yc, null);
    return this;
  }

  protected fitInternal(X: XLike, y: YLike, sampleWeight: ArrayLike<number> | null, kwargs: Record<string, unknown>, incremental: boolean): void {
    runSteps(this.prepareFit(X, y, sampleWeight, kwargs, incremental));
  }

  protected async fitInternalAsync(X: XLike, y: YLike, sampleWeight: ArrayLike<number> | null, kwargs: Record<string, unknown>, async: AsyncFitOptions): Promise<void> {
    await runStepsAsync(this.prepareFit(X, y, sampleWeight, kwargs, false), async);
  }

  /** Validates and prepares (initialising the model when needed), then returns the training steps. */
  private prepareFit(X: XLike, y: YLike, sampleWeight: ArrayLike<number> | null, kwargs: Record<string, unknown>, incremental: boolean): TrainSteps {
    const name = this.constructor.name;
    let Xt = checkX(X, { estimator: name, dtype: this.floatType() });
    let yc = checkY(y, { estimator: name });
    if (yc.values.length !== Xt.shape[0]) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${Xt.shape[0]}, ${yc.values.length}]`);
    if (kwargs.classes !== undefined) {
      if (!incremental) throw new TypeError("fit() got an unexpected keyword argument 'classes' (classes is a partialFit argument)");
      if (!this.takesClasses()) throw new TypeError(`partialFit() got an unexpected keyword argument 'classes': ${name} is a regressor`);
      const c = kwargs.classes;
      if (!(Array.isArray(c) || (ArrayBuffer.isView(c) && !(c instanceof DataView))) || (c as ArrayLike<unknown>).length === 0) {
        throw new ValueError(`partialFit: 'classes' must be a non-empty array of labels. Got ${describe(c)} instead.`);
      }
      kwargs.classes = Array.from(c as ArrayLike<unknown>);
    }
    const classes = (kwargs.classes as Label[] | undefined) ?? null;
    delete kwargs.classes;
    if (typeof this.warmStart !== 'boolean') throw new InvalidParameterError(`The 'warmStart' parameter of ${name} must be an instance of 'bool'. Got ${describe(this.warmStart)} instead.`);
    const reset = !this.initialized_ || (!incremental && !this.warmStart);
    if (reset) this.initializeFrom(Xt, yc, classes);
    else this.checkIncremental(Xt, yc);
    let sw = checkSampleWeight(sampleWeight, Xt.shape[0]);
    sw = this.adjustSampleWeight(sw, yc);
    if (sw !== null) {
      const keep: number[] = [];
      for (let i = 0; i < sw.length; i++) if (sw[i] !== 0) keep.push(i);
      if (keep.length === 0) throw new ValueError("No training samples had any weight; only zeros were passed in sample_weight. That means there's nothing to train on by definition, so training can not be completed.");
      if (keep.length < sw.length) {
        Xt = take(Xt, keep);
        yc = subsetY(yc, keep);
        sw = Float64Array.from(keep, (i) => (sw as Float64Array)[i] as number);
      }
    }
    if (!incremental) this.history_ = {};
    return this.train(Xt, yc, sw, kwargs, incremental);
  }

  /** The model's training steps (the MLP estimators override this with scikit-learn's loop). */
  protected *train(Xt: Tensor, yc: CheckedY, sw: Float64Array | null, kwargs: Record<string, unknown>, incremental: boolean): TrainSteps {
    const yEnc = this.encodeTargets(yc);
    const fitArgs = this.fitArgs(kwargs, Xt.shape[0]);
    if (incremental) fitArgs.epochs = 1;
    const h = yield { model: this.model_, x: Xt, y: yEnc, options: { ...fitArgs, ...(sw === null ? {} : { sampleWeight: sw }), seed: this._rng.uint32() } };
    for (const [k, v] of Object.entries(h.history)) (this.history_[k] ??= []).push(...v);
  }

  /** Keras fit arguments with SciKeras' precedence: fit(X, y, {x}) > fit__x > x. */
  protected fitArgs(kwargs: Record<string, unknown>, n: number): FitOptions & Record<string, unknown> {
    const params = this.getParams();
    const args: Record<string, unknown> = {};
    for (const k of FIT_KEYS) if (k in params && k !== 'classWeight') args[k] = params[k];
    for (const [k, v] of Object.entries(route(params, 'fit'))) args[k] = v;
    for (const [k, v] of Object.entries(kwargs)) {
      if (!(FIT_KEYS as readonly string[]).includes(k)) throw new TypeError(`fit() got an unexpected keyword argument '${k}'. Valid arguments: sampleWeight, ${FIT_KEYS.join(', ')}`);
      args[k] = v;
    }
    for (const k of Object.keys(args)) if (!(FIT_KEYS as readonly string[]).includes(k)) throw new TypeError(`fit__${k}: unknown fit argument '${k}'. Valid arguments: ${FIT_KEYS.join(', ')}`);
    if (args.batchSize === -1) args.batchSize = n;
    if (args.callbacks !== undefined) args.callbacks = this.compileCallbacks(args.callbacks, route(params, 'fit').callbacks);
    else delete args.callbacks;
    if (args.batchSize === null || args.batchSize === undefined) args.batchSize = 32;
    return args as FitOptions & Record<string, unknown>;
  }

  // `callbacks` (both phases) plus `fit__callbacks`; classes are instantiated with `callbacks__*` arguments.
  private compileCallbacks(cbs: unknown, fitOnly: unknown): Callback[] {
    const flat = (v: unknown): unknown[] => (v == null ? [] : Array.isArray(v) ? v.flatMap(flat) : isRecord(v) && !('onEpochEnd' in v || 'onBatchEnd' in v || 'onTrainBegin' in v || 'setModel' in v || 'onEpochBegin' in v || 'onBatchBegin' in v || 'onTrainEnd' in v) ? Object.values(v).flatMap(flat) : [v]);
    const args = route(this.getParams(), 'callbacks');
    const list = [...flat(this.callbacks), ...(cbs === this.callbacks ? [] : flat(cbs)), ...(fitOnly === cbs ? [] : flat(fitOnly))];
    return Array.from(new Set(list)).map((c) => {
      if (typeof c === 'function') return new (c as new (a: Record<string, unknown>) => Callback)(args);
      if (typeof c !== 'object' || c === null) {
        throw new TypeError('If specified, `callbacks` must be one of:\n - An object of string keys with callbacks or lists of callbacks as values\n - An array of callbacks or arrays of callbacks\n - A single callback\nWhere each callback is an object with onEpochEnd/onBatchEnd/... hooks or a class to be constructed with the callbacks__ parameters');
      }
      return c as Callback;
    });
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
    this.targetType_ = typeOfTarget(yc);
    this.nOutputsExpected_ = 1;
    this.fitEncoders(yc, classes);
    const rs = this.randomState;
    if (rs !== null && rs !== undefined && !(Number.isInteger(rs) && rs >= 0 && rs <= 4294967295)) {
      throw new InvalidParameterError(`The 'randomState' parameter of ${this.constructor.name} must be an int in the range [0, 4294967295] or None. Got ${describe(rs)} instead.`);
    }
    this._rng = new Rng(rs ?? defaultSeed());
    this.history_ = {};
    this.model_ = this.buildModel();
  }

  private checkIncremental(Xt: Tensor, yc: CheckedY): void {
    const name = this.constructor.name;
    if (Xt.shape[1] !== this.nFeaturesIn_) throw new ValueError(`X has ${Xt.shape[1]} features, but ${name} is expecting ${this.nFeaturesIn_} features as input.`);
    if (yc.ndim !== this.yNdim_) throw new ValueError(`y has ${yc.ndim} dimensions, but this ${name} is expecting ${this.yNdim_} dimensions in y.`);
    if (yc.kind !== this.yDtype_) throw new ValueError(`Got y with dtype ${yc.kind}, but this ${name} expected ${this.yDtype_} and casting from ${yc.kind} to ${this.yDtype_} is not safe!`);
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

  /** The optimizer built from `optimizer` + `optimizer__*`, the loss from `loss` + `loss__*`, metrics, `compile__*`. */
  protected compileKwargs(): CompileKwargs {
    const params = this.getParams();
    const optArgs = route(params, 'optimizer', { strict: true });
    // Only what our losses and metrics take may be routed to them; anything else is an error, not silently dropped.
    const lossArgs = route(params, 'loss');
    for (const k of Object.keys(lossArgs)) if (k !== 'fromLogits') throw new ValueError(`loss__${k}: losses here take only 'fromLogits' (loss__fromLogits / loss__from_logits)`);
    for (const k of Object.keys(route(params, 'metrics'))) throw new ValueError(`metrics__${k}: metrics here take no arguments; pass metric objects ({ name, batchSum }) for custom behaviour`);
    // compile__optimizer / compile__loss / compile__metrics take the place of the plain parameters (SciKeras).
    const compileArgs = route(params, 'compile');
    for (const k of Object.keys(compileArgs)) {
      if (!COMPILE_KEYS.includes(k)) throw new ValueError(`compile__${k}: unknown compile argument '${k}'. Valid arguments: ${COMPILE_KEYS.join(', ')}`);
    }
    const pick = (k: 'optimizer' | 'loss' | 'metrics'): unknown => (k in compileArgs ? compileArgs[k] : this[k]);
    const loss = pick('loss'), metrics = pick('metrics'), optimizer = pick('optimizer');
    const kw: CompileKwargs = {
      ...compileArgs,
      optimizer: undefined as unknown as Optimizer,
      loss: loss == null ? null : getLoss(loss, lossArgs as { fromLogits?: boolean }),
      metrics: metrics == null ? [] : Array.isArray(metrics) ? metrics.slice() : [metrics],
    };
    // An optimizer instance is a template: each new model trains with its own copy, so fit never
    // changes the parameter's state (scikit-learn's rule) and a refit starts from the same point.
    // (Only the built-in classes are copied: a user's subclass may carry behaviour its config cannot rebuild.)
    if (isBuiltInOptimizer(optimizer) && Object.keys(optArgs).length === 0) kw.optimizer = optimizerFromJSON({ className: optimizer.className, config: optimizer.getConfig() });
    else if (optimizer != null) kw.optimizer = getOptimizer(optimizer, optArgs);
    return kw;
  }

  private buildModel(): Sequential {
    const name = this.constructor.name;
    const compileKwargs = this.compileKwargs();
    const params = this.getParams();
    const meta = this.meta();
    const user: Record<string, unknown> = {};
    const wrapper = new Set(this.wrapperParamNames());
    for (const [k, v] of Object.entries(params)) if (!wrapper.has(k) && !k.includes('__')) user[k] = v;
    const args: BuildArgs = { ...user, ...route(params, 'model', { strict: true }), meta, compileKwargs, params };
    const seed = this._rng.uint32();
    let model: unknown;
    if (this.model instanceof Sequential) {
      if (this._kerasBuildFn) throw new ValueError('This class cannot implement ``_kerasBuildFn`` if using the `model` parameter');
      model = this.model;
    } else if (typeof this.model === 'function') {
      if (this._kerasBuildFn) throw new ValueError('This class cannot implement ``_kerasBuildFn`` if using the `model` parameter');
      const fn = this.model;
      model = withSeed(seed, () => fn(args));
    } else if (this.model == null) {
      if (!this._kerasBuildFn) throw new ValueError('If not using the ``model`` param, you must implement ``_kerasBuildFn``');
      model = withSeed(seed, () => (this._kerasBuildFn as NonNullable<BaseWrapper['_kerasBuildFn']>)(compileKwargs, args));
    } else {
      throw new TypeError(`\`\`model\`\` must be a build function, a Sequential model or null. Got ${describe(this.model)} instead.`);
    }
    if (!(model instanceof Sequential)) throw new TypeError(`The build function of ${name} must return a Sequential model. Got ${describe(model)} instead.`);
    if (!model.isCompiled) {
      if (compileKwargs.loss === null) throw new ValueError(`You must provide a loss or a compiled model: set ${name}({ loss: ... }) or compile the model inside the build function.`);
      if (compileKwargs.optimizer === undefined) throw new ValueError(`You must provide an optimizer or a compiled model: set ${name}({ optimizer: ... }).`);
      const { optimizer, loss, metrics, ...rest } = compileKwargs;
      model.compile({
        loss, optimizer, metrics: metrics as string[],
        ...(rest.weightedMetrics !== undefined ? { weightedMetrics: rest.weightedMetrics as string[] } : {}),
        ...(isRecord(rest.lossSettings) ? { lossSettings: rest.lossSettings } : {}),
      });
    } else if (this.loss != null && compileKwargs.loss !== null && canonicalName(compileKwargs.loss.name) !== canonicalName(model.loss.name)) {
      throw new ValueError(`loss=${describe(this.loss)} but model compiled with ${model.loss.name}. Data may not match loss function!`);
    }
    if (!model.built) model.build([this.nFeaturesIn_]);
    const inShape = model.getInputShape();
    if (inShape !== null && (inShape.length !== 1 || inShape[0] !== this.nFeaturesIn_)) {
      throw new ValueError(`The model expects inputs of shape [batch,${inShape.join(',')}] but X has ${this.nFeaturesIn_} features.`);
    }
    return model;
  }

  /** Validated X for prediction, with scikit-learn's feature-count message. */
  protected checkPredictX(X: XLike): Tensor {
    this.checkIsFitted('model_');
    const Xt = checkX(X, { estimator: this.constructor.name, dtype: this.floatType() });
    if (Xt.shape[1] !== this.nFeaturesIn_) throw new ValueError(`X has ${Xt.shape[1]} features, but ${this.constructor.name} is expecting ${this.nFeaturesIn_} features as input.`);
    return Xt;
  }

  /** Raw model outputs for X (batched as `predict__batchSize` or `batchSize`). */
  protected rawPredict(X: XLike): Tensor {
    const Xt = this.checkPredictX(X);
    const routed = route(this.getParams(), 'predict');
    for (const k of Object.keys(routed)) if (k !== 'batchSize' && k !== 'verbose') throw new ValueError(`predict__${k}: unknown predict argument '${k}'. Valid arguments: batchSize, verbose`);
    const asked = routed.batchSize;
    if (asked !== undefined && asked !== null && asked !== -1 && !(Number.isInteger(asked) && (asked as number) > 0)) {
      throw new ValueError(`predict__batchSize must be a positive integer, or -1 for all rows at once. Got ${describe(asked)} instead.`);
    }
    const given = asked ?? this.batchSize;
    // -1 (SciKeras) or a non-numeric size ('auto', the MLPs) predicts all rows at once, as scikit-learn does.
    const bs = typeof given === 'number' && Number.isInteger(given) && given > 0 ? given : (Xt.shape[0] as number);
    return this.model_.predict(Xt, { batchSize: bs });
  }

  /** Predictions in the form y had at fit. */
  abstract predict(X: XLike): Label[] | number[] | number[][];

  // ---------------------------------------------------------------- JSON

  /** Parameters, fitted model (weights and optimizer state), encoders, meta, history and rng state. */
  toJSON(): EstimatorJSON {
    const params: Record<string, unknown> = {};
    const omitted: string[] = [];
    for (const [k, v] of Object.entries(this.getParams())) {
      // JSON has no Infinity (nIterNoChange may be Infinity): it travels as the string 'Infinity'.
      if (isJsonSafe(v)) params[k] = v === Infinity ? 'Infinity' : v;
      else omitted.push(k);
    }
    const fitted = this.initialized_ ? {
      model: this.model_.toJSON(),
      meta: this.meta(),
      history: this.history_,
      rng: this._rng.getState(),
      encoder: this.encoderJSON(),
      extra: this.extraState(),
    } : null;
    return { format: 'scikeras-ts/estimator', version: 1, className: this.constructor.name, params, omittedParams: omitted, fitted };
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
   * pass them in `overrides` to train again (prediction works without them).
   */
  static fromJSON<T extends BaseWrapper>(this: new (p: Record<string, unknown>) => T, json: unknown, overrides: Record<string, unknown> = {}): T {
    const j = pickKeys('estimator JSON', typeof json === 'string' ? JSON.parse(json) : json, ['format', 'version', 'className', 'params', 'omittedParams', 'fitted']);
    if (j.format !== 'scikeras-ts/estimator' || j.version !== 1) throw new ValueError(`fromJSON: unsupported format ${describe(j.format)} version ${describe(j.version)}`);
    if (!isRecord(j.params)) throw new ValueError('fromJSON: params must be an object');
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(j.params)) params[k] = v === 'Infinity' ? Infinity : v;
    const est = new this({ ...params, ...overrides });
    if (j.className !== est.constructor.name) throw new ValueError(`fromJSON: the JSON holds a ${describe(j.className)}, not a ${est.constructor.name}`);
    if (j.fitted !== null && j.fitted !== undefined) {
      const f = pickKeys('fitted state', j.fitted, ['model', 'meta', 'history', 'rng', 'encoder', 'extra']);
      const meta = pickKeys('meta', f.meta, ['nFeaturesIn_', 'XShape_', 'XDtype_', 'yNdim_', 'yDtype_', 'targetType_', 'nOutputs_', 'nOutputsExpected_', 'classes_', 'nClasses_']);
      if (!Number.isInteger(meta.nFeaturesIn_) || (meta.nFeaturesIn_ as number) < 1) throw new ValueError('fromJSON: meta.nFeaturesIn_ must be a positive integer');
      est.nFeaturesIn_ = meta.nFeaturesIn_ as number;
      est.XShape_ = meta.XShape_ as number[];
      est.XDtype_ = String(meta.XDtype_);
      est.yNdim_ = meta.yNdim_ as number;
      est.yDtype_ = String(meta.yDtype_);
      est.targetType_ = meta.targetType_ as TargetType;
      est.nOutputs_ = meta.nOutputs_ as number;
      est.nOutputsExpected_ = meta.nOutputsExpected_ as number;
      est.loadEncoder(pickKeys('encoder', f.encoder, ['classes', 'targetType', 'oneHot', 'yTail']));
      est.model_ = Sequential.fromJSON(f.model);
      const inShape = est.model_.getInputShape();
      if (inShape === null || inShape.length !== 1 || inShape[0] !== est.nFeaturesIn_) throw new ValueError(`fromJSON: meta.nFeaturesIn_ is ${est.nFeaturesIn_} but the model takes inputs of shape ${describe(inShape)}`);
      if (!['binary', 'multiclass', 'multilabel-indicator', 'multiclass-multioutput', 'continuous', 'continuous-multioutput'].includes(est.targetType_)) throw new ValueError(`fromJSON: bad meta.targetType_ ${describe(meta.targetType_)}`);
      if (!Array.isArray(est.XShape_) || est.XShape_.some((d) => !Number.isInteger(d) || d < 0) || (est.yNdim_ !== 1 && est.yNdim_ !== 2)) throw new ValueError('fromJSON: meta.XShape_ must be an array of sizes and meta.yNdim_ 1 or 2');
      if (!isRecord(f.history)) throw new ValueError('fromJSON: history must be an object');
      const history: Record<string, number[]> = {};
      for (const [k, v] of Object.entries(f.history)) {
        assertSafeKey('fromJSON history', k);
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' && x !== null)) throw new ValueError(`fromJSON: history '${k}' must be an array of numbers`);
        history[k] = (v as Array<number | null>).map((x) => (x === null ? NaN : x));
      }
      est.history_ = history;
      est._rng = new Rng(0).setState(f.rng as number[]);
      est.loadExtraState(isRecord(f.extra) ? f.extra : {});
    }
    return est;
  }
}

/** The JSON form of a fitted (or unfitted) estimator. */
export interface EstimatorJSON {
  format: 'scikeras-ts/estimator';
  version: 1;
  className: string;
  params: Record<string, unknown>;
  omittedParams: string[];
  fitted: null | Record<string, unknown>;
}

export function isJsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) || v === Infinity;
  if (Array.isArray(v)) return v.every(isJsonSafe);
  if (isRecord(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) return Object.values(v).every(isJsonSafe);
  return false;
}

/** `score__*` parameters for the scorer (accuracy or R^2), checked against what it takes. */
export function scoreArgs(params: Record<string, unknown>, allowed: readonly string[]): Record<string, unknown> {
  const args = route(params, 'score');
  for (const k of Object.keys(args)) if (!allowed.includes(k)) throw new ValueError(`score__${k}: the scorer takes ${allowed.map((a) => `score__${a}`).join(', ')}`);
  return args;
}

export function subsetY(y: CheckedY, keep: number[]): CheckedY {
  return { ...y, values: keep.map((i) => (y.values as unknown[])[i]) as CheckedY['values'] };
}

export function isCategoricalLoss(loss: unknown): boolean {
  if (typeof loss === 'string') return ['categoricalcrossentropy', 'cce'].includes(canonicalName(loss));
  if (typeof loss === 'object' && loss !== null && 'name' in loss) return (loss as Loss).name === 'categorical_crossentropy';
  return false;
}

function isBuiltInOptimizer(o: unknown): o is Optimizer {
  if (!(o instanceof Optimizer)) return false;
  const proto = Object.getPrototypeOf(o) as unknown;
  return proto === SGD.prototype || proto === RMSprop.prototype || proto === Adam.prototype;
}
