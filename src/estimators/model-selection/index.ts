// Cross-validation and hyper-parameter search with scikit-learn 1.2.1's semantics. Re-exports only
// (see model-selection/): crossValidate, crossValScore, GridSearchCV, RandomizedSearchCV, parameter spaces.
export { type CrossValidateOptions, type CrossValidateResult, type MultiCrossValidateResult, type MultiScoring, type CvSpec, type Scoring, type ScoringFn, type Splitter, crossValScore, crossValidate, isClassifier } from './cross-validation.ts';
export { type Distribution, type ParamDistributionsSpec, type ParamGridSpec, ParameterGrid, ParameterSampler, distributions } from './param-spaces.ts';
export { BaseSearchCV, type CvResults, GridSearchCV, type GridSearchParams, RandomizedSearchCV, type RandomizedSearchParams, type SearchParams, type SearchProgress } from './search.ts';
