// Public surface of scikeras-ts's neural-network module: scikit-learn's MLPClassifier and MLPRegressor.
export { MLPClassifier } from './mlp-classifier.ts';
export { MLPRegressor } from './mlp-regressor.ts';
export { MLP_DEFAULTS, type MLPParams } from './params.ts';
export { type SklearnMLPAttributes, type FromSklearnOptions } from './from-sklearn.ts';
