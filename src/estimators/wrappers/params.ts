// The SciKeras wrappers' parameters: their types, defaults and the names that are the wrappers' own (the
// rest, not routed, are user parameters for the build function), and the options of fit and predict.
// Imports nn types only.
import type { Sequential, PredictOptions } from '../../nn/sequential.ts';
import type { Optimizer } from '../../nn/optimizers.ts';
import type { Loss, LossFn } from '../../nn/losses.ts';
import type { FitOptions } from '../../nn/train.ts';
import type { BuildArgs, UserParamsOf } from './build.ts';
import type { RoutingPrefix } from './routing.ts';

/** What the `optimizer` parameter takes. */
export type OptimizerParam = string | Optimizer | (new (args?: never) => Optimizer) | null;
/** What the `loss` parameter takes. */
export type LossParam = string | Loss | LossFn | (new (...args: never[]) => Loss) | null;

/** The parameters every Keras wrapper owns (SciKeras's BaseWrapper arguments, camelCase). */
export interface WrapperOwnParams {
  /** A name, an instance (used as given), or a class (instantiated with the `optimizer__*` arguments). */
  optimizer?: OptimizerParam;
  /** A name, a function, a loss object (used as given), or a class (instantiated with the `loss__*` arguments). */
  loss?: LossParam;
  metrics?: unknown;
  batchSize?: number | 'auto' | null;
  validationBatchSize?: number | null;
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
  validationBatchSize: null,
  epochs: 1,
  verbose: 1,
  validationSplit: 0,
  shuffle: true,
  callbacks: null,
  randomState: null,
  warmStart: false,
});

// The wrappers' own parameters: everything else (not routed) goes to the build function.
export const WRAPPER_PARAM_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(WRAPPER_DEFAULTS),
  'classWeight',
  'dtype',
]);

/**
 * Options of `fit` / `partialFit`: sample weights and Keras fit arguments; any other key goes to the model's
 * fit (SciKeras forwards it), which refuses what it cannot take.
 */
export type WrapperFitOptions = { sampleWeight?: ArrayLike<number> | null; verbose?: number | boolean } & Omit<
  FitOptions,
  'verbose' | 'sampleWeight'
> &
  Record<string, unknown>;

/** Options of `predict` / `predictProba`: Keras predict arguments, over `predict__*` and the plain parameters. */
export type WrapperPredictOptions = PredictOptions & Record<string, unknown>;
