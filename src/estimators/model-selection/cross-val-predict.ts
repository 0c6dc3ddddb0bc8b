// crossValPredict: every sample's prediction from the fold where it was in the test set (scikit-learn
// 1.2.1's cross_val_predict, with its column alignment for folds that miss a class). Imports src/core,
// base, utils and the fold machinery of fit-and-score.ts.
import { ValueError, describe } from '../../core/errors.ts';
import { checkOptionNames, optionsOf } from '../../core/objects.ts';
import { print, warn } from '../../core/warnings.ts';
import { clone, isClassifier, type StepEstimator } from '../base.ts';
import { uniqueLabels, type Label, type LabelArray } from '../utils/multiclass.ts';
import { checkConsistentLength, normalizeX, normalizeY, numSamples, takeRows } from '../utils/validation.ts';
import { type CvSpec, checkEstimator, checkNJobs, makeFolds, splitFitParams } from './fit-and-score.ts';
import type { PredictionOf } from '../utils/prediction-types.ts';

/** Options of {@link crossValPredict}. */
export interface CrossValPredictOptions {
  /** Folds: an integer (default 5; stratified for classifiers), a splitter or [train, test] pairs; the test sets must partition the samples. */
  cv?: CvSpec;
  /** 'predict' (default) or 'predictProba' (one column per class of the whole y). */
  method?: 'predict' | 'predictProba';
  /** Group labels, one per sample, for a group-aware `cv`. */
  groups?: ArrayLike<unknown> | null;
  /** Fit arguments; arrays with one entry per sample are split with the data. */
  fitParams?: Record<string, unknown>;
  /** > 0: one line per fold. */
  verbose?: number;
  /** Accepted for scikit-learn code; the folds run one after another. */
  nJobs?: number | null;
}

const OPTIONS = ['cv', 'method', 'groups', 'fitParams', 'verbose', 'nJobs'] as const;

/**
 * scikit-learn's `cross_val_predict`: fits a clone on each training fold and predicts its test fold, then
 * returns the predictions in the order of X. With `method: 'predictProba'` the columns follow the sorted
 * classes of the whole y (a fold that lacked a class gets 0 in its column, with a warning).
 *
 * @example
 * const yHat = crossValPredict(new MLPClassifier({ maxIter: 200 }), X, y, { cv: 5 });
 * confusionMatrix(y, yHat);
 * const proba = crossValPredict(pipe, X, y, { cv: 5, method: 'predictProba' }); // number[][]
 */
export function crossValPredict(
  estimator: StepEstimator,
  X: unknown,
  y: unknown,
  options: CrossValPredictOptions & { method: 'predictProba' },
): number[][];
export function crossValPredict<E extends StepEstimator>(
  estimator: E,
  X: unknown,
  y?: unknown,
  options?: CrossValPredictOptions & { method?: 'predict' },
): PredictionOf<E>;
export function crossValPredict(
  estimator: StepEstimator,
  X: unknown,
  y?: unknown,
  options: CrossValPredictOptions = {},
): Label[] | number[][] {
  options = optionsOf('crossValPredict', options);
  checkOptionNames('crossValPredict', options, OPTIONS);
  checkNJobs(options.nJobs, 'crossValPredict');
  const method = options.method ?? 'predict';
  if (method !== 'predict' && method !== 'predictProba')
    throw new ValueError(`crossValPredict: method must be 'predict' or 'predictProba'; got ${describe(method)}.`);
  const est = checkEstimator(estimator, 'crossValPredict');
  const Xn = normalizeX(X),
    yn = normalizeY(y);
  const n = numSamples(Xn);
  if (yn !== undefined && yn !== null) checkConsistentLength(n, numSamples(yn));
  const folds = makeFolds(options.cv, Xn, yn, isClassifier(est), options.groups);
  const seen = new Int32Array(n);
  for (const [, test] of folds) for (const i of test) seen[i] = (seen[i] as number) + 1;
  if (!seen.every((c) => c === 1)) throw new ValueError('cross_val_predict only works for partitions');
  const classes =
    method === 'predictProba' && Array.isArray(yn) && !Array.isArray(yn[0]) ? uniqueLabels(yn as LabelArray) : null;
  const out: unknown[] = new Array(n);
  folds.forEach(([train, test], f) => {
    const e = clone(est);
    e.fit(takeRows(Xn, train), takeRows(yn, train), splitFitParams(options.fitParams ?? {}, n, train));
    const fn = e[method];
    if (typeof fn !== 'function')
      throw new ValueError(`crossValPredict: the estimator ${String(e)} has no ${method} method.`);
    let pred = fn.call(e, takeRows(Xn, test)) as unknown;
    if (!Array.isArray(pred) || pred.length !== test.length)
      throw new ValueError(
        `crossValPredict: ${method} returned ${describe(pred)} for ${test.length} test samples (fold ${f}).`,
      );
    if (classes !== null) pred = alignColumns(pred as number[][], (e as { classes_?: unknown }).classes_, classes);
    test.forEach((i, k) => (out[i] = (pred as unknown[])[k]));
    if ((options.verbose ?? 0) > 0) print(`[crossValPredict] fold ${f + 1}/${folds.length} done`);
  });
  return out as Label[] | number[][];
}

/** scikit-learn's `_enforce_prediction_order` for predict_proba: a fold's columns placed under the classes of the whole y. */
function alignColumns(proba: number[][], foldClasses: unknown, classes: Label[]): number[][] {
  if (!Array.isArray(foldClasses) || foldClasses.length === classes.length) return proba;
  warn(
    'UserWarning',
    `Number of classes in training fold (${foldClasses.length}) does not match total number of classes ` +
      `(${classes.length}). Results may not be appropriate for your use case. To fix this, use a ` +
      'cross-validation technique resulting in properly stratified folds',
  );
  const at = (foldClasses as Label[]).map((c) => classes.indexOf(c));
  return proba.map((row) => {
    const full = new Array<number>(classes.length).fill(0);
    at.forEach((j, k) => (full[j] = row[k] as number));
    return full;
  });
}
