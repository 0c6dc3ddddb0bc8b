// Public surface of scikeras-ts/nn: re-exports only.
export {
  Sequential,
  sequential,
  type CompileArgs,
  type SequentialArgs,
  type SequentialJSON,
  type FusedLossSettings,
} from './sequential.ts';
export type { AbortSignalLike } from '../core/async.ts';
export { Layer, Dense, Activation, Dropout, InputLayer, layers, type DenseArgs, type CallContext } from './layers.ts';
export { losses, getLoss, EPSILON, type Loss, type LossFn, type LossOptions } from './losses.ts';
export {
  optimizers,
  getOptimizer,
  Optimizer,
  SGD,
  RMSprop,
  Adam,
  type SGDArgs,
  type RMSpropArgs,
  type AdamArgs,
  type OptimizerState,
} from './optimizers.ts';
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
