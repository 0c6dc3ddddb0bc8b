// Public surface of scikeras-ts's SciKeras wrappers: KerasClassifier, KerasRegressor, their BaseWrapper,
// the build-function types, routing, and the target encoders.
export { BaseWrapper, type WrapperParams, type WrapperFitOptions } from './base-wrapper.ts';
export { type BuildArgs, type BuildFn, type CompileKwargs, type Meta } from './build.ts';
export { KerasClassifier } from './keras-classifier.ts';
export { KerasRegressor } from './keras-regressor.ts';
export { ROUTING_PREFIXES, route } from './routing.ts';
export { ClassifierLabelEncoder, RegressorTargetEncoder } from './target-encoders.ts';
export { type AsyncFitOptions } from '../utils/fit-driver.ts';
export { type EstimatorJSON } from '../base.ts';
