// Public surface of scikeras-ts/model-selection: splitters, cross-validation and hyper-parameter search
// with scikit-learn 1.2.1's semantics.
export {
  trainTestSplit,
  KFold,
  StratifiedKFold,
  type TrainTestSplitOptions,
  type TrainTest,
  type KFoldOptions,
  type Fold,
  type SplitArray,
  type SplitInput,
  type SampleSource,
} from './split.ts';
export { ShuffleSplit, StratifiedShuffleSplit, type ShuffleSplitOptions } from './shuffle-split.ts';
export { GroupKFold, StratifiedGroupKFold } from './group-split.ts';
export {
  LeaveOneOut,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  TimeSeriesSplit,
  type RepeatedKFoldOptions,
  type TimeSeriesSplitOptions,
} from './repeated-split.ts';
export { crossValPredict, type CrossValPredictOptions } from './cross-val-predict.ts';
export {
  learningCurve,
  validationCurve,
  type CurveOptions,
  type LearningCurveOptions,
  type LearningCurveResult,
  type ValidationCurveResult,
} from './curves.ts';
export { type CvSpec, type MultiScoring, type Scoring, type ScoringFn, type Splitter } from './fit-and-score.ts';
export {
  crossValScore,
  crossValidate,
  type CrossValidateOptions,
  type CrossValidateResult,
  type MultiCrossValidateResult,
} from './cross-validation.ts';
export {
  type Distribution,
  type ParamDistributionsSpec,
  type ParamGridSpec,
  ParameterGrid,
  ParameterSampler,
  distributions,
} from './param-spaces.ts';
export {
  BaseSearchCV,
  GridSearchCV,
  RandomizedSearchCV,
  type GridSearchParams,
  type RandomizedSearchOptions,
  type RandomizedSearchParams,
  type SearchOptions,
  type SearchParams,
  type SearchProgress,
} from './search.ts';
export { type CvResults } from './search-results.ts';
export { isClassifier, isRegressor } from '../base.ts';
export { type RandomState, seedRng } from '../utils/random.ts';
