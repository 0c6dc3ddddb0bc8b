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
export {
  BatchNormalization,
  LayerNormalization,
  type BatchNormalizationArgs,
  type LayerNormalizationArgs,
  type NormalizationArgs,
} from './normalization.ts';
export { LeakyReLU, ELU, PReLU, type PReLUArgs } from './activation-layers.ts';
export { GaussianNoise } from './noise.ts';
export {
  losses,
  getLoss,
  KerasLoss,
  EPSILON,
  type Loss,
  type LossFn,
  type LossOptions,
  type LossFusion,
  type LossName,
} from './losses.ts';
export {
  optimizers,
  getOptimizer,
  Optimizer,
  SGD,
  RMSprop,
  Adam,
  Adamax,
  Adagrad,
  Adadelta,
  Nadam,
  AdamW,
  registerOptimizer,
} from './optimizers.ts';
export type {
  SGDArgs,
  RMSpropArgs,
  AdamArgs,
  AdamaxArgs,
  AdagradArgs,
  AdadeltaArgs,
  NadamArgs,
  BaseOptimizerArgs,
  LearningRateArgs,
  OptimizerState,
  OptimizerClass,
} from './optimizers.ts';
export { schedules, type LearningRateSchedule } from './schedules.ts';
export { metrics, getMetric, type Metric, type StatefulMetric, type AnyMetric } from './metrics.ts';
export type { ConfusionArgs, AUCArgs } from './confusion-metrics.ts';
export {
  callbacks,
  EarlyStopping,
  TerminateOnNaN,
  isCallbackHook,
  type Callback,
  type CallbackModel,
  type Logs,
  type EarlyStoppingArgs,
} from './callbacks.ts';
export {
  ReduceLROnPlateau,
  LearningRateScheduler,
  type ReduceLROnPlateauArgs,
  type EpochSchedule,
} from './lr-callbacks.ts';
export {
  ModelCheckpoint,
  HistoryLogger,
  LambdaCallback,
  type ModelCheckpointArgs,
  type HistoryLoggerArgs,
} from './logging-callbacks.ts';
export { regularizers, type Regularizer } from './regularizers.ts';
export { constraints, type Constraint } from './constraints.ts';
export { setWarningHandler, type WarningCategory } from '../core/warnings.ts';
export { initialize, type InitializerSpec, type InitializerIdentifier } from './initializers.ts';
export { ACTIVATIONS, type ActivationName } from './activations.ts';
export { FIT_OPTION_KEYS, type FitOptions, type History } from './train.ts';
export type { DataLike } from './data.ts';
