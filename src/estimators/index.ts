// Public surface of scikeras-ts/estimators: scikit-learn's modules (metrics, preprocessing,
// model selection, pipeline, neural networks) and SciKeras's wrappers.
export {
  BaseEstimator,
  clone,
  isEstimator,
  isClassifier,
  isRegressor,
  registerEstimator,
  estimatorFromJSON,
  type ParamsLike,
  type EstimatorType,
  type StepEstimator,
  type EstimatorJSON,
  type RestorableClass,
  type RegisterOptions,
} from './base.ts';
export {
  checkX,
  checkY,
  typeOfCheckedTarget as typeOfTargetChecked,
  type XLike,
  type YLike,
  type CheckedY,
} from './utils/validation.ts';
export { type RandomState, seedRng } from './utils/random.ts';
export type {
  ArrayWithShape,
  ClassesOf,
  ClassesOfEstimator,
  ClassifierOutput,
  ElementOf,
  MLPTargetFor,
  Prediction,
  PredictionOf,
  RegressorOutput,
  TargetFor,
} from './utils/prediction-types.ts';
export { setWarningHandler, type WarningCategory } from '../core/warnings.ts';
export * from './metrics/index.ts';
export * from './preprocessing/index.ts';
export * from './model-selection/index.ts';
export * from './pipeline/index.ts';
export * from './compose/index.ts';
export * from './wrappers/index.ts';
export * from './neural-network/index.ts';
