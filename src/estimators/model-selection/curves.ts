// learningCurve and validationCurve: cross-validated scores against the training set size or against one
// parameter's values, as scikit-learn 1.2.1's learning_curve and validation_curve return them (here as an
// object). With nJobs their fits run on the fit workers of scikeras-ts/threads (parallel-fits.ts).
// Imports src/core, base, utils and the fold machinery of fit-and-score.ts.
import { ValueError, describe } from '../../core/errors.ts';
import { checkOptionNames, optionsOf } from '../../core/objects.ts';
import { linspace } from '../../core/numeric.ts';
import { print, warn } from '../../core/warnings.ts';
import { isClassifier, type StepEstimator } from '../base.ts';
import { seedRng, type RandomState } from '../utils/random.ts';
import { checkConsistentLength, normalizeX, normalizeY, numSamples } from '../utils/validation.ts';
import {
  type CvSpec,
  type FitResult,
  type Scoring,
  checkErrorScore,
  checkEstimator,
  checkNJobs,
  makeFolds,
  reportFitFailures,
  resolveScoring,
} from './fit-and-score.ts';
import { runFitJobs, type FitJob } from './parallel-fits.ts';
import type { Fold } from './split.ts';

/** Options shared by {@link learningCurve} and {@link validationCurve}. */
export interface CurveOptions {
  /** Folds: an integer (default 5; stratified for classifiers), a splitter or [train, test] pairs. */
  cv?: CvSpec;
  /** A scoring name or function, or null (default) for the estimator's own score. */
  scoring?: Scoring;
  /** Group labels, one per sample, for a group-aware `cv`. */
  groups?: ArrayLike<unknown> | null;
  /** The score of a fit that fails (default NaN, with a warning), or 'raise'. */
  errorScore?: number | 'raise';
  /** Fit arguments; arrays with one entry per sample are split with the data. */
  fitParams?: Record<string, unknown>;
  /** > 0: one line per fit. */
  verbose?: number;
  /**
   * Fits run at once on the workers of scikeras-ts/threads (`await useThreads()` first): 2 or more, or -1
   * for all the pool's threads; null or 1 (the default) fits them one after another.
   */
  nJobs?: number | null;
}

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions extends CurveOptions {
  /**
   * Training set sizes: fractions of the largest training fold (any value with a fractional part makes the
   * list fractions, in (0, 1]) or sample counts. Default [0.1, 0.325, 0.55, 0.775, 1] (NumPy's linspace(0.1, 1, 5)).
   */
  trainSizes?: readonly number[];
  /** Shuffle each training fold before taking its first samples. */
  shuffle?: boolean;
  randomState?: RandomState;
  /** Also return fitTimes and scoreTimes (seconds). */
  returnTimes?: boolean;
}

/** What {@link learningCurve} returns: scores are [size][fold]. */
export interface LearningCurveResult {
  trainSizes: number[];
  trainScores: number[][];
  testScores: number[][];
  fitTimes?: number[][];
  scoreTimes?: number[][];
}

/** What {@link validationCurve} returns: scores are [parameter value][fold]. */
export interface ValidationCurveResult {
  trainScores: number[][];
  testScores: number[][];
}

const CURVE_OPTIONS = ['cv', 'scoring', 'groups', 'errorScore', 'fitParams', 'verbose', 'nJobs'] as const;

/** scikit-learn's `_translate_train_sizes`: fractions or counts to distinct sample counts, ascending. */
export function translateTrainSizes(sizes: readonly number[], nMax: number): number[] {
  if (!Array.isArray(sizes) || sizes.length === 0 || sizes.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    throw new ValueError(`trainSizes must be a non-empty array of numbers; got ${describe(sizes)}.`);
  const lo = Math.min(...sizes),
    hi = Math.max(...sizes);
  let abs: number[];
  if (sizes.some((v) => !Number.isInteger(v))) {
    if (lo <= 0 || hi > 1)
      throw new ValueError(
        `trainSizes has been interpreted as fractions of the maximum number of training samples and must be ` +
          `within (0, 1], but is within [${lo.toFixed(6)}, ${hi.toFixed(6)}].`,
      );
    abs = sizes.map((v) => Math.min(Math.max(Math.trunc(v * nMax), 1), nMax));
  } else {
    if (lo <= 0 || hi > nMax)
      throw new ValueError(
        `trainSizes has been interpreted as absolute numbers of training samples and must be within (0, ${nMax}], ` +
          `but is within [${lo}, ${hi}].`,
      );
    abs = sizes.slice();
  }
  const unique = [...new Set(abs)].sort((a, b) => a - b);
  if (unique.length < sizes.length)
    warn(
      'UserWarning',
      `Removed duplicate entries from 'trainSizes'. Number of ticks will be less than the size of ` +
        `'trainSizes': ${unique.length} instead of ${sizes.length}.`,
    );
  return unique;
}

/** A curve's estimator, data and folds, named as a FitJobBatch names them. */
interface CurveData {
  base: StepEstimator;
  X: unknown;
  y: unknown;
  folds: Fold[];
  errorScore: number | 'raise';
}

function prepare(estimator: StepEstimator, X: unknown, y: unknown, options: CurveOptions, owner: string): CurveData {
  checkNJobs(options.nJobs, owner);
  const base = checkEstimator(estimator, owner);
  const Xn = normalizeX(X),
    yn = normalizeY(y);
  if (yn !== undefined && yn !== null) checkConsistentLength(numSamples(Xn), numSamples(yn));
  const folds = makeFolds(options.cv, Xn, yn, isClassifier(base), options.groups);
  return { base, X: Xn, y: yn, folds, errorScore: checkErrorScore(options.errorScore ?? NaN) };
}

/** Fits and scores the jobs (on the fit workers with nJobs); with verbose, `what(job)` names each in its line. */
function runJobs(
  owner: string,
  options: CurveOptions,
  data: CurveData,
  jobs: FitJob[],
  what: (job: number) => string,
): FitResult[] {
  const { errorScore } = data;
  const o = { returnTrainScore: true, fitParams: options.fitParams ?? {}, errorScore, returnEstimator: false };
  const results: FitResult[] = [];
  const batch = { ...data, owner, jobs, scoring: options.scoring, options: o };
  runFitJobs(options.nJobs, batch, resolveScoring(options.scoring), (i, r) => {
    if ((options.verbose ?? 0) > 0) print(`[${owner}] ${what(i)}: test score ${r.testScore.toFixed(3)}`);
    results.push(r);
  });
  reportFitFailures(results, errorScore);
  return results;
}

/** Results laid out [tick][fold] (they were computed fold by fold). */
function byTick(results: FitResult[], nTicks: number, pick: (r: FitResult) => number): number[][] {
  const nFolds = results.length / nTicks;
  return Array.from({ length: nTicks }, (_, t) =>
    Array.from({ length: nFolds }, (_, f) => pick(results[f * nTicks + t] as FitResult)),
  );
}

/**
 * scikit-learn's `learning_curve`: for each training set size, a clone fitted on the first samples of each
 * training fold and scored on that subset and on the test fold.
 *
 * @example
 * const { trainSizes, trainScores, testScores } = learningCurve(model, X, y, { cv: 5, trainSizes: [0.25, 0.5, 1] });
 */
export function learningCurve(
  estimator: StepEstimator,
  X: unknown,
  y?: unknown,
  options: LearningCurveOptions = {},
): LearningCurveResult {
  options = optionsOf('learningCurve', options);
  checkOptionNames('learningCurve', options, [...CURVE_OPTIONS, 'trainSizes', 'shuffle', 'randomState', 'returnTimes']);
  const data = prepare(estimator, X, y, options, 'learningCurve');
  const sizes = translateTrainSizes(
    options.trainSizes ?? linspace(0.1, 1, 5),
    (data.folds[0] as [number[], number[]])[0].length,
  );
  if (options.shuffle) {
    const rng = seedRng(options.randomState, 'learningCurve');
    data.folds = data.folds.map(([train, test]) => {
      const perm = rng.permutation(train.length);
      return [Array.from(perm, (k) => train[k] as number), test];
    });
  }
  const nFolds = data.folds.length;
  const jobs = data.folds.flatMap((_, fold) => sizes.map((trainSize): FitJob => ({ params: null, fold, trainSize })));
  const results = runJobs('learningCurve', options, data, jobs, (i) => {
    const { fold, trainSize } = jobs[i] as FitJob;
    return `fold ${fold + 1}/${nFolds}, ${String(trainSize)} samples`;
  });
  const out: LearningCurveResult = {
    trainSizes: sizes,
    trainScores: byTick(results, sizes.length, (r) => r.trainScore),
    testScores: byTick(results, sizes.length, (r) => r.testScore),
  };
  if (options.returnTimes) {
    out.fitTimes = byTick(results, sizes.length, (r) => r.fitTime);
    out.scoreTimes = byTick(results, sizes.length, (r) => r.scoreTime);
  }
  return out;
}

/**
 * scikit-learn's `validation_curve`: for each value of one parameter, a clone with that value fitted on
 * each training fold and scored on it and on the test fold.
 *
 * @example
 * const { trainScores, testScores } = validationCurve(new MLPClassifier(), X, y, { paramName: 'alpha', paramRange: [1e-4, 1e-2, 1] });
 */
export function validationCurve(
  estimator: StepEstimator,
  X: unknown,
  y: unknown,
  options: CurveOptions & { paramName: string; paramRange: readonly unknown[] },
): ValidationCurveResult {
  options = optionsOf('validationCurve', options);
  checkOptionNames('validationCurve', options, [...CURVE_OPTIONS, 'paramName', 'paramRange']);
  if (typeof options.paramName !== 'string' || options.paramName === '')
    throw new ValueError(`validationCurve: paramName must be a parameter name; got ${describe(options.paramName)}.`);
  if (!Array.isArray(options.paramRange) || options.paramRange.length === 0)
    throw new ValueError(`validationCurve: paramRange must be a non-empty array; got ${describe(options.paramRange)}.`);
  const data = prepare(estimator, X, y, options, 'validationCurve');
  const { paramName, paramRange } = options;
  // One params object per value, shared by its folds: the fit workers send each candidate's estimator once.
  const candidates = paramRange.map((v) => ({ [paramName]: v }));
  const jobs = data.folds.flatMap((_, fold) => candidates.map((params): FitJob => ({ params, fold })));
  const results = runJobs(
    'validationCurve',
    options,
    data,
    jobs,
    (i) =>
      `fold ${(jobs[i] as FitJob).fold + 1}/${data.folds.length}, ${paramName}=${String(paramRange[i % paramRange.length])}`,
  );
  const n = options.paramRange.length;
  return { trainScores: byTick(results, n, (r) => r.trainScore), testScores: byTick(results, n, (r) => r.testScore) };
}
