// Public surface of scikeras-ts/estimators: re-exports only.
export { BaseEstimator, clone, isEstimator, type ParamsLike } from './base.ts';
export { type AsyncFitOptions } from './fit-steps.ts';
export { BaseWrapper, KerasClassifier, KerasRegressor, type BuildFn, type BuildArgs, type CompileKwargs, type Meta, type WrapperParams, type EstimatorJSON } from './wrappers.ts';
export { MLPClassifier, MLPRegressor } from './mlp.ts';
export { MLP_DEFAULTS, type MLPParams } from './mlp-core.ts';
export { checkX, checkY, typeOfTarget as typeOfTargetChecked, type XLike, type YLike, type CheckedY } from './validation.ts';
export { ClassifierLabelEncoder, RegressorTargetEncoder } from './encoders.ts';
export { setWarningHandler, type WarningCategory } from '../core/warnings.ts';
export { ROUTING_PREFIXES, route } from './routing.ts';
export * from './metrics.ts';
export * from './split.ts';
export * from './preprocessing.ts';
export * from './pipeline.ts';
export * from './model-selection.ts';
