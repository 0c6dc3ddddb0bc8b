// Metrics: classification and regression scores, the confusion matrix, the classification report and
// the scorer registry, with scikit-learn 1.2.1's semantics and messages.
export { type Average, type ZeroDivision } from './core.ts';
export {
  type Label,
  type LabelArray,
  type NumberMatrix,
  type NumericArray,
  type NumericTypedArray,
  type Target,
  type TargetType,
  typeOfTarget,
  uniqueLabels,
} from '../utils/multiclass.ts';
export {
  type BalancedAccuracyOptions,
  type ClassificationReportDict,
  type ClassificationReportOptions,
  type ConfusionMatrixOptions,
  type ReportRow,
  balancedAccuracyScore,
  classificationReport,
  confusionMatrix,
} from './confusion-matrix.ts';
export {
  type AccuracyOptions,
  type PrfOptions,
  type PrfResult,
  accuracyScore,
  f1Score,
  fbetaScore,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
} from './classification.ts';
export { type LogLossOptions, type RocAucOptions, logLoss, rocAucScore } from './probabilistic.ts';
export {
  type MultiOutput,
  type RegressionOptions,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
} from './regression.ts';
export { type Scorer, getScorer, getScorerNames } from './scorers.ts';
