// Public surface of scikeras-ts/nn: re-exports only.
export {
  Sequential,
  sequential,
  PREDICT_OPTION_KEYS,
  type SequentialArgs,
  type PredictOptions,
  type EvaluateOptions,
} from './sequential.ts';
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
  isCallbackHook,
  type Callback,
  type Logs,
  type EarlyStoppingArgs,
} from './callbacks.ts';
export { regularizers, type Regularizer } from './regularizers.ts';
export { setWarningHandler, type WarningCategory } from '../core/warnings.ts';
export { initialize, type InitializerSpec, type InitializerIdentifier } from './initializers.ts';
export { ACTIVATIONS, type ActivationName } from './activations.ts';
export { FIT_OPTION_KEYS, type FitOptions, type History } from './train.ts';
export type { DataLike } from './data.ts';
