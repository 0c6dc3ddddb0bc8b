// SciKeras' KerasClassifier / KerasRegressor and their shared BaseWrapper. Re-exports only:
// base-wrapper.ts, keras-classifier.ts, keras-regressor.ts.
export { BaseWrapper, type BuildArgs, type BuildFn, type CompileKwargs, type EstimatorJSON, type Meta, type WrapperParams } from './base-wrapper.ts';
export { KerasClassifier } from './keras-classifier.ts';
export { KerasRegressor } from './keras-regressor.ts';
