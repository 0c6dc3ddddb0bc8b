// Public surface of scikeras-ts's SciKeras wrappers: KerasClassifier, KerasRegressor, their BaseWrapper,
// the build-function types, routing, and the default encoders.
export {
  BaseWrapper,
  type BuildFnOf,
  type KerasParams,
  type RoutedParams,
  type WrapperFitOptions,
  type WrapperOwnParams,
  type WrapperParams,
  type WrapperPredictOptions,
} from './base-wrapper.ts';
export {
  type BuildArgs,
  type BuildArgsBase,
  type BuildFn,
  type ClassifierBuildArgs,
  type ClassifierMeta,
  type Meta,
  type RegressorBuildArgs,
  type UserParams,
  type UserParamsOf,
} from './build.ts';
export { type CompileKwargs } from './compile-args.ts';
export { KerasClassifier, type ClassifierOwnParams, type KerasClassesOf } from './keras-classifier.ts';
export { KerasRegressor } from './keras-regressor.ts';
export { ROUTING_PREFIXES, route } from './routing.ts';
export {
  ClassifierLabelEncoder,
  RegressorTargetEncoder,
  IdentityEncoder,
  type ClassifierLabelEncoderParams,
  type TargetEncoder,
  type FeatureEncoder,
} from './encoders.ts';
export { type AsyncFitOptions } from '../utils/fit-driver.ts';
export { type EstimatorJSON } from '../base.ts';
