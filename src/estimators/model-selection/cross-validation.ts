// Cross-validation: crossValidate and crossValScore with scikit-learn 1.2.1's semantics, over the
// shared fold-fitting machinery of fit-and-score.ts. Imports src/core, utils and model-selection only.
import { ValueError, describe } from '../../core/errors.ts';
import { print } from '../../core/warnings.ts';
import { checkOptionNames, optionsOf } from '../../core/objects.ts';
import { isClassifier, type StepEstimator } from '../base.ts';
import { checkConsistentLength, normalizeX, normalizeY, numSamples } from '../utils/validation.ts';
import {
  type CvSpec,
  type FitResult,
  type MultiScoring,
  type Scoring,
  checkErrorScore,
  checkEstimator,
  checkNJobs,
  makeFolds,
  reportFitFailures,
  resolveMultiScoring,
  resolveScoring,
} from './fit-and-score.ts';
import { runFitJobs } from './parallel-fits.ts';

/** Options of {@link crossValidate} and {@link crossValScore}. */
export interface CrossValidateOptions {
  /** Folds: an integer (default 5; StratifiedKFold for classifiers on binary/multiclass y, else KFold), a splitter or [train, test] pairs. */
  cv?: CvSpec;
  /**
   * A scoring name ('accuracy', 'f1_macro', 'roc_auc', 'neg_log_loss', 'r2', ...), a function (estimator, X, y) => number,
   * or null for estimator.score. crossValidate also takes several: a list of names or a { name: scoring } object.
   */
  scoring?: Scoring | MultiScoring;
  /** Also score each fitted fold on its training data. */
  returnTrainScore?: boolean;
  /** Also return the fitted estimator of each fold. */
  returnEstimator?: boolean;
  /** Fit arguments; arrays with one entry per sample (sampleWeight, ...) are split with the data. */
  fitParams?: Record<string, unknown>;
  /** The score of a fold whose fit fails (default NaN, with a warning), or 'raise' to rethrow. */
  errorScore?: number | 'raise';
  /** > 0: one line per fold. */
  verbose?: number;
  /**
   * Folds fitted at once on the workers of scikeras-ts/threads (`await useThreads()` first): 2 or more,
   * or -1 for all the pool's threads; null or 1 (the default) fits them one after another.
   */
  nJobs?: number | null;
  /** Group labels, one per sample, for a group-aware `cv` (GroupKFold, StratifiedGroupKFold). */
  groups?: ArrayLike<unknown> | null;
}

/** What {@link crossValidate} returns (times in seconds); `estimator` holds fitted clones of E. */
export interface CrossValidateResult<E extends StepEstimator = StepEstimator> {
  testScore: number[];
  fitTime: number[];
  scoreTime: number[];
  trainScore?: number[];
  estimator?: E[];
}

/** What {@link crossValidate} returns for several scorings (scikit-learn's `test_<name>` / `train_<name>` keys). */
export interface MultiCrossValidateResult<E extends StepEstimator = StepEstimator> {
  testScores: Record<string, number[]>;
  trainScores?: Record<string, number[]>;
  fitTime: number[];
  scoreTime: number[];
  estimator?: E[];
}

// ------------------------------------------------------- cross-validation

export const CV_OPTIONS = [
  'cv',
  'scoring',
  'returnTrainScore',
  'returnEstimator',
  'fitParams',
  'errorScore',
  'verbose',
  'nJobs',
  'groups',
] as const;

/**
 * scikit-learn's `cross_validate`: fits a clone of the estimator on each
 * training fold and scores it on the test fold; times in seconds.
 *
 * @example
 * const r = crossValidate(makePipeline(new StandardScaler(), new MLPClassifier()), X, y, { cv: 5, scoring: 'f1_macro', returnTrainScore: true });
 * r.testScore; r.trainScore; r.fitTime;
 */
export function crossValidate<E extends StepEstimator>(
  estimator: E,
  X: unknown,
  y: unknown,
  options: CrossValidateOptions & { scoring: MultiScoring },
): MultiCrossValidateResult<E>;
export function crossValidate<E extends StepEstimator>(
  estimator: E,
  X: unknown,
  y?: unknown,
  options?: CrossValidateOptions & { scoring?: Scoring },
): CrossValidateResult<E>;
export function crossValidate<E extends StepEstimator>(
  estimator: E,
  X: unknown,
  y?: unknown,
  options?: CrossValidateOptions,
): CrossValidateResult<E> | MultiCrossValidateResult<E>;
export function crossValidate(
  estimator: StepEstimator,
  X: unknown,
  y?: unknown,
  options: CrossValidateOptions = {},
): CrossValidateResult | MultiCrossValidateResult {
  options = optionsOf('crossValidate', options);
  checkOptionNames('crossValidate', options, CV_OPTIONS);
  checkNJobs(options.nJobs, 'crossValidate');
  const est = checkEstimator(estimator, 'crossValidate');
  const Xn = normalizeX(X),
    yn = normalizeY(y);
  if (yn !== undefined && yn !== null) checkConsistentLength(numSamples(Xn), numSamples(yn));
  const folds = makeFolds(options.cv, Xn, yn, isClassifier(est), options.groups);
  const multi = resolveMultiScoring(options.scoring);
  const scorer = multi === null ? resolveScoring(options.scoring as Scoring | undefined) : multi;
  const errorScore = checkErrorScore(options.errorScore ?? NaN);
  const o = { returnTrainScore: options.returnTrainScore ?? false, fitParams: options.fitParams ?? {}, errorScore };
  const returnEstimator = options.returnEstimator ?? false;
  const results: FitResult[] = [];
  const take = (i: number, r: FitResult): void => {
    if ((options.verbose ?? 0) > 0) {
      const scores =
        multi === null
          ? `score=${r.testScore.toFixed(3)}`
          : multi.map(([name], j) => `${name}=${(r.testScores[j] as number).toFixed(3)}`).join(', ');
      print(`[CV] END fold ${i + 1}/${folds.length}; ${scores} total time=${(r.fitTime + r.scoreTime).toFixed(1)}s`);
    }
    results.push(r);
  };
  const jobs = folds.map((_, fold) => ({ params: null, fold }));
  const batch = { owner: 'crossValidate', base: est, X: Xn, y: yn, folds, jobs, scoring: options.scoring };
  runFitJobs(options.nJobs, { ...batch, options: { ...o, returnEstimator } }, scorer, take);
  reportFitFailures(results, errorScore);
  if (multi !== null) {
    const byName = (pick: (r: FitResult) => number[]) =>
      Object.fromEntries(multi.map(([name], j) => [name, results.map((r) => pick(r)[j] as number)]));
    const m: MultiCrossValidateResult = {
      testScores: byName((r) => r.testScores),
      fitTime: results.map((r) => r.fitTime),
      scoreTime: results.map((r) => r.scoreTime),
    };
    if (o.returnTrainScore) m.trainScores = byName((r) => r.trainScores);
    if (returnEstimator) m.estimator = results.map((r) => r.estimator);
    return m;
  }
  const out: CrossValidateResult = {
    testScore: results.map((r) => r.testScore),
    fitTime: results.map((r) => r.fitTime),
    scoreTime: results.map((r) => r.scoreTime),
  };
  if (o.returnTrainScore) out.trainScore = results.map((r) => r.trainScore);
  if (returnEstimator) out.estimator = results.map((r) => r.estimator);
  return out;
}

/**
 * scikit-learn's `cross_val_score`: the test score of each fold.
 *
 * @example
 * crossValScore(new MLPClassifier({ maxIter: 100, randomState: 0 }), X, y, { cv: 3 }); // [0.95, 0.97, 0.96]
 */
export function crossValScore(
  estimator: StepEstimator,
  X: unknown,
  y?: unknown,
  options: Omit<CrossValidateOptions, 'returnTrainScore' | 'returnEstimator'> = {},
): number[] {
  options = optionsOf('crossValScore', options);
  checkOptionNames(
    'crossValScore',
    options,
    CV_OPTIONS.filter((k) => k !== 'returnTrainScore' && k !== 'returnEstimator'),
  );
  if (resolveMultiScoring(options.scoring) !== null)
    throw new ValueError(
      `crossValScore takes one scoring (a name, a function or null); got ${describe(options.scoring)}. Use crossValidate for several.`,
    );
  return (crossValidate(estimator, X, y, options) as CrossValidateResult).testScore;
}
