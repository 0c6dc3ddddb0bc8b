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
export { type MakeScorerOptions, type Scorer, getScorer, getScorerNames, makeScorer } from './scorers.ts';
export { type CohenKappaOptions, cohenKappaScore, matthewsCorrcoef } from './agreement.ts';
export {
  type AveragePrecisionOptions,
  type PrecisionRecallCurveOptions,
  type RocCurveOptions,
  averagePrecisionScore,
  precisionRecallCurve,
  rocCurve,
} from './ranking.ts';
export { type TopKAccuracyOptions, brierScoreLoss, hingeLoss, topKAccuracyScore } from './proba-scores.ts';
export {
  explainedVarianceScore,
  maxError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
} from './regression-errors.ts';
