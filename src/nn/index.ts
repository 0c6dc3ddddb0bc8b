// Public surface of scikeras-ts/nn: re-exports only.
export { Sequential, sequential, type SequentialArgs } from './sequential.ts';
export type { CompileArgs, FusedLossSettings } from './compile.ts';
export type { SequentialJSON, FromJSONOptions } from './serialization.ts';
export { DEFAULT_MAX_PARAMS } from './serialization.ts';
export type { AbortSignalLike } from '../core/async.ts';
export {
  Layer,
  Dense,
  Activation,
  Dropout,
  InputLayer,
  layers,
  registerLayer,
  type DenseArgs,
  type CallContext,
  type LayerClass,
} from './layers.ts';
export { losses, getLoss, EPSILON, type Loss, type LossFn, type LossOptions, type LossFusion } from './losses.ts';
export { optimizers, getOptimizer, Optimizer, SGD, RMSprop, Adam, registerOptimizer } from './optimizers.ts';
export type { SGDArgs, RMSpropArgs, AdamArgs, OptimizerState, OptimizerClass } from './optimizers.ts';
export { metrics, getMetric, type Metric } from './metrics.ts';
export {
  callbacks,
  EarlyStopping,
  TerminateOnNaN,
  type Callback,
  type Logs,
  type EarlyStoppingArgs,
} from './callbacks.ts';
export { regularizers, type Regularizer } from './regularizers.ts';
export { setWarningHandler, type WarningCategory } from '../core/warnings.ts';
export { initialize, type InitializerSpec, type InitializerIdentifier } from './initializers.ts';
export { ACTIVATIONS, type ActivationName } from './activations.ts';
export type { FitOptions, History } from './train.ts';
export type { DataLike } from './data.ts';
