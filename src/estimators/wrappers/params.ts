// The SciKeras wrappers' parameters: their types, defaults and the names that are the wrappers' own (the
// rest, not routed, are user parameters for the build function), and the options of fit and predict.
// Imports nn types only.
import type { Sequential, PredictOptions } from '../../nn/sequential.ts';
import type { Optimizer } from '../../nn/optimizers.ts';
import type { Loss, LossFn } from '../../nn/losses.ts';
import type { FitOptions } from '../../nn/train.ts';
import type { BuildFn } from './build.ts';

/** What the `optimizer` parameter takes. */
export type OptimizerParam = string | Optimizer | (new (args?: never) => Optimizer) | null;
/** What the `loss` parameter takes. */
export type LossParam = string | Loss | LossFn | (new (...args: never[]) => Loss) | null;

/** SciKeras' wrapper parameters. Anything else (not routed) is a user parameter passed to the build function. */
export interface WrapperParams {
  model?: BuildFn | Sequential | null;
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
  [userOrRoutedParam: string]: unknown;
}

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
