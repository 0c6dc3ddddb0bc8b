// Public surface of scikeras-ts/estimators: re-exports only.
export { BaseEstimator, clone, isEstimator, type ParamsLike } from './base.ts';
export { type AsyncFitOptions } from './wrappers/fit-steps.ts';
export { BaseWrapper, KerasClassifier, KerasRegressor, type BuildFn, type BuildArgs, type CompileKwargs, type Meta, type WrapperParams, type EstimatorJSON } from './wrappers/index.ts';
export { MLPClassifier, MLPRegressor } from './neural-network/mlp.ts';
export { MLP_DEFAULTS, type MLPParams } from './neural-network/mlp-core.ts';
export { checkX, checkY, typeOfTarget as typeOfTargetChecked, type XLike, type YLike, type CheckedY } from './utils/validation.ts';
export { ClassifierLabelEncoder, RegressorTargetEncoder } from './wrappers/target-encoders.ts';
export { setWarningHandler, type WarningCategory } from '../core/warnings.ts';
export { ROUTING_PREFIXES, route } from './wrappers/routing.ts';
export * from './metrics/index.ts';
export * from './model-selection/split.ts';
export * from './preprocessing/index.ts';
export * from './pipeline/pipeline.ts';
export * from './model-selection/index.ts';
