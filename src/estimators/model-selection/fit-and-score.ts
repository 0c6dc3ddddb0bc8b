// What cross-validation and the searches share (scikit-learn's model_selection._validation): folds from
// `cv`, scorings, fitting a clone on one fold and scoring it, fit-failure reports. It asks estimators
// through their interface and tags only; no concrete estimator is imported. Imports src/core, metrics and utils.
import { ValueError, describe } from '../../core/errors.ts';
import { isTypedArray } from '../../core/objects.ts';
import { clock } from '../../core/async.ts';
import { warn } from '../../core/warnings.ts';
import { clone, isEstimator, type StepEstimator } from '../base.ts';
import { getScorer, type Scorer } from '../metrics/scorers.ts';
import { typeOfTarget, type LabelArray, type Target } from '../utils/multiclass.ts';
import { checkConsistentLength, numSamples, takeRows } from '../utils/validation.ts';
import { runFitCalls, type FitCalls } from '../utils/fit-driver.ts';
import { KFold, StratifiedKFold, type Fold, type SampleSource } from './split.ts';

// ------------------------------------------------------------------ types

/** A scoring function: greater is better. */
export type ScoringFn = (estimator: StepEstimator, X: unknown, y: unknown) => number;
/** A scoring name (see `getScorerNames()`), a function, or null for the estimator's own `score`. */
export type Scoring = string | Scorer | ScoringFn | null;
/** Several scorings at once (crossValidate only): scoring names, or an object from result names to names or functions. */
export type MultiScoring = readonly string[] | Readonly<Record<string, string | ScoringFn>>;
/** Something that splits samples into folds (KFold, StratifiedKFold, or your own). */
export interface Splitter {
  split(X: SampleSource, y?: unknown, groups?: unknown): Iterable<Fold>;
}
/** `cv`: a number of folds (stratified for classifiers, as scikit-learn), a splitter, or explicit [train, test] pairs. */
export type CvSpec = number | Splitter | readonly (readonly [readonly number[], readonly number[]])[] | null;

// ---------------------------------------------------------------- helpers

/** Fit arguments with one entry per sample are split like the data (scikit-learn's `_check_fit_params`). */
export function splitFitParams(
  params: Record<string, unknown>,
  n: number,
  idx: readonly number[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params))
    out[k] = (Array.isArray(v) || isTypedArray(v)) && (v as ArrayLike<unknown>).length === n ? takeRows(v, idx) : v;
  return out;
}

/**
 * The folds of `cv` for X, y (scikit-learn's `check_cv`); `groups` (one label per sample) go to the
 * splitter, for group-aware ones such as GroupKFold.
 */
export function makeFolds(
  cv: CvSpec | undefined,
  X: unknown,
  y: unknown,
  classifier: boolean,
  groups?: unknown,
): Fold[] {
  const spec = cv ?? 5;
  if (groups !== undefined && groups !== null) {
    if (!Array.isArray(groups) && !isTypedArray(groups))
      throw new ValueError(`groups must be an array with one group label per sample; got ${describe(groups)}.`);
    checkConsistentLength(
      numSamples(X),
      y === undefined || y === null ? undefined : numSamples(y),
      (groups as ArrayLike<unknown>).length,
    );
  }
  let folds: Iterable<Fold>;
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec))
      throw new ValueError(
        `cv must be an integer number of folds, a splitter or [train, test] pairs; got ${describe(spec)}.`,
      );
    let stratify = false;
    if (classifier && (Array.isArray(y) || isTypedArray(y))) {
      const t = typeOfTarget(y as Target);
      stratify = t === 'binary' || t === 'multiclass';
    }
    folds = stratify
      ? new StratifiedKFold(spec).split(X as SampleSource, y as LabelArray)
      : new KFold(spec).split(X as SampleSource);
  } else if (Array.isArray(spec)) folds = spec as Fold[];
  else if (typeof spec === 'object' && spec !== null && typeof (spec as Splitter).split === 'function')
    folds = (spec as Splitter).split(X as SampleSource, y, groups ?? undefined);
  else
    throw new ValueError(
      `Expected cv as an integer, a splitter with a split(X, y) method (KFold, ` +
        `StratifiedKFold) or an array of [train, test] index pairs. Got ${describe(spec)}.`,
    );
  const n = numSamples(X);
  const out = Array.from(folds, (f, i): Fold => {
    if (
      !Array.isArray(f) ||
      f.length !== 2 ||
      !Array.isArray(f[0]) ||
      !Array.isArray(f[1]) ||
      ![...f[0], ...f[1]].every((j) => Number.isInteger(j) && j >= 0 && j < n)
    ) {
      throw new ValueError(
        `cv: fold ${i} must be [train indices, test indices] with indices in [0, ${n}); got ${describe(f)}.`,
      );
    }
    return [f[0].slice(), f[1].slice()];
  });
  if (out.length === 0) throw new ValueError('No fits were performed. Was the CV iterator empty?');
  return out;
}

export type ScoreFn = (est: StepEstimator, X: unknown, y: unknown) => number;

/**
 * Several scorings as [name, function] pairs (scikit-learn's `_check_multimetric_scoring`), or null for a
 * single scoring. A list holds unique scoring names; an object maps result names to names or functions.
 */
export function resolveMultiScoring(scoring: unknown): Array<[string, ScoreFn]> | null {
  if (isScorerObject(scoring)) return null;
  if (Array.isArray(scoring)) {
    if (scoring.length === 0) throw new ValueError('scoring: an empty list was given; give at least one scoring name.');
    const bad = scoring.filter((s) => typeof s !== 'string');
    if (bad.length > 0 || new Set(scoring).size !== scoring.length)
      throw new ValueError(
        `scoring: a list must hold unique scoring names (strings); got ${describe(scoring)}. Use an object { name: function } for functions.`,
      );
    return (scoring as string[]).map((name) => [name, resolveScoring(name)]);
  }
  if (typeof scoring === 'object' && scoring !== null) {
    const entries = Object.entries(scoring as Record<string, unknown>);
    if (entries.length === 0)
      throw new ValueError('scoring: an empty object was given; give at least one { name: scoring } entry.');
    return entries.map(([name, s]) => {
      if (typeof s !== 'string' && typeof s !== 'function')
        throw new ValueError(
          `scoring['${name}'] must be a scoring name or a function (estimator, X, y) => number; got ${describe(s)}.`,
        );
      return [name, resolveScoring(s as Scoring)];
    });
  }
  return null;
}

/** The scoring as one function (scikit-learn's `check_scoring`). */
export function resolveScoring(scoring: Scoring | undefined): ScoreFn {
  let fn: ScoreFn;
  if (scoring === null || scoring === undefined) {
    fn = (est, X, y) => {
      if (typeof est.score !== 'function')
        throw new ValueError(
          `If no scoring is specified, the estimator passed should have a 'score' method. The estimator ${String(est)} does not.`,
        );
      return est.score(X, y);
    };
  } else if (typeof scoring === 'string' || isScorerObject(scoring)) {
    const s = typeof scoring === 'string' ? getScorer(scoring) : scoring;
    fn = (est, X, y) => {
      const method = s.needsProba ? 'predictProba' : 'predict';
      const m = est[method];
      if (typeof m !== 'function')
        throw new ValueError(`The scoring '${s.name}' needs ${method}, which ${String(est)} does not have.`);
      return s.score(y as Target, (m as (x: unknown) => unknown).call(est, X) as Target);
    };
  } else if (typeof scoring === 'function') fn = scoring;
  else
    throw new ValueError(
      `scoring must be a scoring name (see getScorerNames()), a scorer from getScorer(), ` +
        `a function (estimator, X, y) => number, or null; got ${describe(scoring)}.`,
    );
  return fn;
}

/** A scorer object as getScorer() returns it. */
function isScorerObject(v: unknown): v is Scorer {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Scorer).score === 'function' &&
    typeof (v as Scorer).needsProba === 'boolean' &&
    typeof (v as Scorer).name === 'string'
  );
}

/** A score that is not a number is a bug in the scoring, never an `errorScore` (scikit-learn checks it outside its try). */
export function checkScoreValue(v: unknown, name?: string): number {
  if (typeof v !== 'number')
    throw new ValueError(
      `scoring${name === undefined ? '' : `['${name}']`} must return a number, got ${describe(v)} instead.`,
    );
  return v;
}

export interface FitResult {
  testScore: number;
  trainScore: number;
  /** One entry per scorer when several were given (the first is testScore / trainScore). */
  testScores: number[];
  trainScores: number[];
  fitTime: number;
  scoreTime: number;
  error: string | null;
  estimator: StepEstimator;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function checkErrorScore(v: unknown): number | 'raise' {
  if (v === 'raise' || typeof v === 'number') return v;
  throw new ValueError(`errorScore must be a number (NaN by default) or 'raise'; got ${describe(v)}.`);
}

/** scikit-learn's `_fit_and_score`: one clone, its parameters set, fitted on train and scored on test. */
export function fitAndScore(
  base: StepEstimator,
  X: unknown,
  y: unknown,
  fold: Fold,
  params: Record<string, unknown> | null,
  scorer: ScoreFn | ReadonlyArray<readonly [string, ScoreFn]>,
  o: FitAndScoreOptions,
): FitResult {
  return runFitCalls(fitAndScoreSteps(base, X, y, fold, params, scorer, o));
}

export interface FitAndScoreOptions {
  returnTrainScore: boolean;
  fitParams: Record<string, unknown>;
  errorScore: number | 'raise';
}

/** fitAndScore as steps: the one fit is asked of the driver (synchronous, or fitAsync for a search's fitAsync). */
export function* fitAndScoreSteps(
  base: StepEstimator,
  X: unknown,
  y: unknown,
  fold: Fold,
  params: Record<string, unknown> | null,
  scorer: ScoreFn | ReadonlyArray<readonly [string, ScoreFn]>,
  o: FitAndScoreOptions,
): FitCalls<FitResult> {
  const scorers: ReadonlyArray<readonly [string | undefined, ScoreFn]> =
    typeof scorer === 'function' ? [[undefined, scorer]] : scorer;
  const est = clone(base);
  if (params !== null) est.setParams(params);
  const [train, test] = fold;
  const Xtr = takeRows(X, train),
    ytr = takeRows(y, train);
  const fitParams = splitFitParams(o.fitParams, numSamples(X), train);
  const t0 = clock();
  try {
    yield { est, X: Xtr, y: ytr, options: fitParams };
  } catch (e) {
    if (o.errorScore === 'raise') throw e;
    const failed = scorers.map(() => o.errorScore as number);
    return {
      testScore: o.errorScore,
      trainScore: o.errorScore,
      testScores: failed,
      trainScores: failed,
      fitTime: (clock() - t0) / 1000,
      scoreTime: 0,
      error: errorText(e),
      estimator: est,
    };
  }
  const fitTime = (clock() - t0) / 1000;
  const score = ([name, fn]: readonly [string | undefined, ScoreFn], Xs: unknown, ys: unknown): number => {
    let v: unknown;
    try {
      v = fn(est, Xs, ys);
    } catch (e) {
      if (o.errorScore === 'raise') throw e;
      warn(
        'UserWarning',
        `Scoring failed. The score on this train-test partition for these parameters will be set to ${o.errorScore}. Details: \n${errorText(e)}`,
      );
      return o.errorScore;
    }
    return checkScoreValue(v, name);
  };
  const t1 = clock();
  const Xte = takeRows(X, test),
    yte = takeRows(y, test);
  const testScores = scorers.map((s) => score(s, Xte, yte));
  const trainScores = scorers.map((s) => (o.returnTrainScore ? score(s, Xtr, ytr) : NaN));
  const scoreTime = (clock() - t1) / 1000; // train scoring included, as scikit-learn's score_time
  return {
    testScore: testScores[0] as number,
    trainScore: trainScores[0] as number,
    testScores,
    trainScores,
    fitTime,
    scoreTime,
    error: null,
    estimator: est,
  };
}

/** scikit-learn's `_warn_or_raise_about_fit_failures`. */
export function reportFitFailures(results: FitResult[], errorScore: number | 'raise'): void {
  const errors = results.map((r) => r.error).filter((e): e is string => e !== null);
  if (errors.length === 0) return;
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1);
  const summary = [...counts]
    .map(([e, k]) => `${'-'.repeat(80)}\n${k} fits failed with the following error:\n${e}`)
    .join('\n');
  if (errors.length === results.length) {
    throw new ValueError(
      `\nAll the ${results.length} fits failed.\nIt is very likely that your model is misconfigured.\nYou can try ` +
        `to debug the error by setting errorScore: 'raise'.\n\nBelow are more details about the failures:\n${summary}`,
    );
  }
  warn(
    'FitFailedWarning',
    `\n${errors.length} fits failed out of a total of ${results.length}.\nThe score on ` +
      `these train-test partitions for these parameters will be set to ${errorScore}.\nIf ` +
      `these failures are not expected, you can try to debug them by setting ` +
      `errorScore: 'raise'.\n\nBelow are more details about the failures:\n${summary}`,
  );
}

export function checkEstimator(est: unknown, owner: string): StepEstimator {
  if (!isEstimator(est) || typeof (est as { fit?: unknown }).fit !== 'function')
    throw new ValueError(
      `${owner}: estimator must have fit, getParams and setParams (an estimator of this package or a Pipeline); got ${describe(est)}.`,
    );
  return est as StepEstimator;
}

export function fmtValue(v: unknown): string {
  if (typeof v === 'function') return v.name || 'function';
  if (isEstimator(v)) return String(v);
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s;
}

export function fmtParams(p: Record<string, unknown>): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${fmtValue(v)}`)
    .join(', ');
}

export const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
export const std = (a: readonly number[]): number => {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) * (v - m), 0) / a.length);
};

/** `nJobs` is accepted for scikit-learn code (null or an integer) and changes nothing. */
export function checkNJobs(nJobs: unknown, owner: string): void {
  if (nJobs !== null && nJobs !== undefined && !Number.isInteger(nJobs))
    throw new ValueError(`${owner}: 'nJobs' must be an integer or null. Got ${describe(nJobs)} instead.`);
}
